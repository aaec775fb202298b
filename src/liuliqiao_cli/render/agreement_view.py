"""How the estate's versions read: the changes of a version one a line, ``estate apply``'s
preview, the table of ``estate --versions``, a version's event in the history and its undo."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from liuliqiao_cli.complaints.location import location_text
from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.estate.version_diff import Change, words_moved
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.text import visible


def _pick(pair: Any, lang: str) -> str:
    """(Chinese, English) -> the one for ``lang`` (the Chinese when there is no English)."""
    if isinstance(pair, (list, tuple)) and pair:
        return str(pair[1] if lang == "en" and len(pair) > 1 and pair[1] else pair[0])
    return "" if pair is None else str(pair)


def _limit(value: Any, lang: str) -> str:
    return t(f"limit.{value[1]}", lang, n=int(value[0]))


def _words(before: Any, after: Any, lang: str) -> str:
    added, removed = words_moved(before, after)
    sep = t("find.list_sep", lang)
    parts = []
    if added:
        parts.append(t("change.words_added", lang, words=sep.join(added)))
    if removed:
        parts.append(t("change.words_removed", lang, words=sep.join(removed)))
    if isinstance(before, dict) and before.get("phone") != after.get("phone"):
        none = t("change.none", lang)
        parts.append(
            t(
                "change.phone",
                lang,
                before=before.get("phone") or none,
                after=after.get("phone") or none,
            )
        )
    if isinstance(before, dict) and before.get("where") != after.get("where"):
        parts.append(
            t(
                "change.where",
                lang,
                before=t(f"change.where.{before.get('where')}", lang),
                after=t(f"change.where.{after.get('where')}", lang),
            )
        )
    return t("find.sep", lang).join(parts)


def change_text(change: Change, lang: str) -> str:
    """One change in the user's language, with names (never codes)."""
    kind, name = change.kind, _pick(change.label, lang)
    before, after = change.before, change.after
    if kind in ("building_company", "building_added"):
        return t(
            f"change.{kind}", lang, name=name, before=_pick(before, lang), after=_pick(after, lang)
        )
    if kind == "building_size":
        b, a = (
            t("change.size", lang, units=v[0], floors=v[1], rooms=v[2]) for v in (before, after)
        )
        return t("change.building_size", lang, name=name, before=b, after=a)
    if kind == "item_scope":
        before, after = t(f"scope.{before}", lang), t(f"scope.{after}", lang)
        return t("change.item_scope", lang, name=name, before=before, after=after)
    if kind == "item_added":
        return t("change.item_added", lang, name=name, after=t(f"scope.{after}", lang))
    if kind == "item_limits":
        steps = [
            t(
                "change.limit",
                lang,
                step=t(f"change.step.{step}", lang),
                before=_limit(before[step], lang),
                after=_limit(after[step], lang),
            )
            for step in before
            if before[step] != after.get(step)
        ]
        return t("change.item_limits", lang, name=name, limits=t("find.sep", lang).join(steps))
    if kind in ("estate_renamed", "company_renamed", "item_renamed"):
        shown = lang  # the names of the user's language, unless only the other's changed
        if _pick(before, lang) == _pick(after, lang):
            shown = "zh" if lang == "en" else "en"
        return t(f"change.{kind}", lang, before=_pick(before, shown), after=_pick(after, shown))
    if kind == "place_renamed":
        return t("change.place_renamed", lang, before=before, after=after)
    if kind in ("company_words", "item_words", "place_words", "cues"):
        return t(f"change.{kind}", lang, name=name, parts=_words(before, after, lang))
    return t(f"change.{kind}", lang, name=name)


def changes_text(changes: Sequence[Change], lang: str, most: int | None = None) -> str:
    """The changes on one line, the first ``most`` of them and how many more."""
    shown = [change_text(c, lang) for c in changes[:most] if c]
    if most is not None and len(changes) > most:
        shown.append(t("versions.more", lang, count=len(changes) - most))
    return t("find.sep", lang).join(shown) if shown else t("change.none", lang)


def _company(code: str, *estates: Estate, lang: str) -> str:
    for estate in estates:
        if code in estate.companies:
            return estate.company_name(code, lang)
    return code


def _item(code: str, *estates: Estate, lang: str) -> str:
    for estate in estates:
        if code in estate.items:
            return estate.item_name(code, lang)
    return code


def preview_lines(plan: Any, lang: str) -> list[str]:
    """What ``estate apply`` will record (``plan``: an ``agreement.VersionPlan``)."""
    when = plan.from_date.isoformat()
    lines = [
        t("agreement.title", number=plan.number, date=when, follows=plan.follows),
        t("agreement.h.changes", count=len(plan.changes)),
    ]
    lines += [t("agreement.line", text=change_text(c, lang)) for c in plan.changes]
    if plan.affected:
        lines.append(t("agreement.affected", count=len(plan.affected), date=when))
        for a in plan.affected:
            where = location_text(vars(a)) or t("find.public")
            lines.append(
                t(
                    "agreement.affected_line",
                    id=a.id,
                    where=visible(where, newlines=False),
                    item=_item(a.item, plan.previous, plan.estate, lang=lang),
                    company=_company(a.company, plan.previous, plan.estate, lang=lang),
                    incoming=_company(a.incoming, plan.estate, plan.previous, lang=lang),
                )
            )
    else:
        lines.append(t("agreement.affected_none"))
    lines += [t(key, **params) for key, params in plan.notes]
    return lines


# --- estate --versions ----------------------------------------------------------------------


def versions_columns() -> list[Any]:
    from liuliqiao_cli.render.output import Column

    return [
        Column("number", t("versions.col.number"), justify="right", no_wrap=True),
        Column("from", t("versions.col.from"), no_wrap=True),
        Column("recorded", t("versions.col.recorded"), no_wrap=True),
        Column("actor", t("versions.col.actor")),
        Column("reason", t("versions.col.reason")),
        Column("changes", t("versions.col.changes")),
    ]


def versions_rows(
    history: Iterable[tuple[Any, Sequence[Change]]], lang: str, *, machine: bool
) -> Iterator[dict[str, Any]]:
    """One row per version; ``machine`` (JSON, CSV) keeps the dates empty for the first version
    and the changes as their kinds' count, a table says it in words."""
    for version, changes in history:
        first = version.from_date is None
        row: dict[str, Any] = {
            "number": version.number,
            "from": version.from_text if machine or not first else t("versions.from_start"),
            "recorded": str(version.created_at)[:16],
            "actor": version.actor,
            "reason": version.reason if not first or machine else t("versions.first"),
        }
        if machine:
            row["changes"] = [change_text(c, lang) for c in changes]
        else:
            row["changes"] = "" if first else changes_text(changes, lang, most=3)
        yield row


# --- the history and undo ---------------------------------------------------------------------


def describe_event(event: Any, lang: str) -> str:
    """A version's event (kind ``estate_version``), or its undo, in ``history``."""
    data = event.data
    if event.kind != "estate_version":
        return t("find.desc_undo", event=event.undoes, kind=t("event.estate_version"))
    changes = [Change.from_data(c) for c in data.get("changes") or []]
    text = changes_text(changes, lang, most=3)
    return t("find.desc_estate_version", date=data.get("from", ""), changes=text)


def undo_lines(event: Any, plan: Any) -> list[str]:
    reason = t("find.undo_estate_reason", reason=plan.reason) if plan.reason else ""
    return [
        t(
            "find.undo_estate_preview",
            event=event.id,
            at=str(event.at)[:16],
            actor=event.actor,
            number=plan.number,
            date=plan.from_date.isoformat(),
            reason=reason,
        ),
        t("find.undo_estate_after"),
    ]
