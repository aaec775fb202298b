"""Rendering of search results (highlighted), history lines and the undo preview.

Renderers never query the ledger: names (``find.Names``) are passed in. User text is never read
as rich markup: cells are ``rich.text.Text`` objects and matches are styled by offset.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from liuliqiao_cli.complaints.location import location_text
from liuliqiao_cli.i18n import has, t
from liuliqiao_cli.render import complaint_table, privacy_view
from liuliqiao_cli.render.text import visible

HIGHLIGHT = "bold reverse"
_TEXT_MAX = 60  # values quoted inside a history line are cut to this many characters
# Columns a history line leaves out: stamps that follow from the step itself, and values derived
# from another change (scope and deadlines follow the item, routing follows the company).
_DERIVED = (
    "dispatched_at",
    "responded_at",
    "resolved_at",
    "closed_at",
    "followup_at",
    "updated_at",
    "created_at",
    "scope",
    "respond_by",
    "resolve_by",
    "routing",
    "routing_note",
)


def label(prefix: str, code: Any) -> str:
    """The catalogue label ``prefix.code`` when there is one, else the code itself."""
    key = f"{prefix}.{code}"
    return t(key) if has(key) else str(code)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _TEXT_MAX else text[: _TEXT_MAX - 3] + "..."


def value_text(field: str, value: Any, names: Any, lang: str) -> str:
    """A stored value as a worker reads it: names for codes, 3号楼 for 3, (none) for NULL."""
    if value is None or value == "":
        return t("find.none")
    if field == "status":
        return label("status", value)
    if field in ("company", "owner") and names is not None:  # an owner may be a person
        return names.company_name(str(value), lang)
    if field == "votes" and isinstance(value, (list, tuple)):
        return "/".join(str(v) for v in value)
    if field == "item" and names is not None:
        return names.item_name(str(value), lang)
    if field == "building":
        return t("find.building", number=value)
    if field in ("followup_resolved", "followup_satisfied"):
        return label("answer", value)
    if field == "urgency":
        return label("urgency", value)
    if field == "routing":
        return label("routing", value)
    if field == "source":
        return label("source", value)
    if field == "kind" and has(f"meeting.kind.{value}"):
        return label("meeting.kind", value)
    if field == "action":
        return label("find.action", value)
    if field == "reason" and has(f"dossier.reason.{value}"):
        return label("dossier.reason", value)
    if field == "duplicate_of":
        return f"#{getattr(names, 'complaints', {}).get(value, value)}"
    if isinstance(value, (list, tuple)):
        return t("find.list_sep").join(str(v) for v in value)
    return _short(str(value))


def field_label(field: str) -> str:
    return label("find.field", field)


def _kind(kind: str) -> str:
    """Complaint event kinds are named in the complaints catalogue; the few kinds of meetings,
    overrides and imports in this one."""
    return label("event", kind) if has(f"event.{kind}") else label("find.kind", kind)


def _where(values: dict[str, Any], lang: str) -> str:
    building = values.get("building")
    if building is not None:
        where = t("find.building", number=building)
        if values.get("unit") is not None:
            where += f"{values['unit']}单元" if lang == "zh" else f" unit {values['unit']}"
        if values.get("room"):
            where += str(values["room"]) if lang == "zh" else f" room {values['room']}"
        return where
    return str(values.get("place") or t("find.public"))


def _changes(
    before: dict[str, Any], after: dict[str, Any], names: Any, lang: str, skip: Sequence[str] = ()
) -> list[str]:
    parts = []
    for field in after:
        if field in _DERIVED or field in skip:
            continue
        parts.append(
            t(
                "find.desc_change",
                field=field_label(field),
                before=value_text(field, before.get(field), names, lang),
                after=value_text(field, after.get(field), names, lang),
            )
        )
    return parts


# Events are stored with sorted keys; facts of overrides, rotations and meetings read better in
# this order (others follow, reason and note come last).
_FACT_ORDER = (
    "kind",
    "date",
    "start",
    "end",
    "effective_from",
    "handover",
    "order",
    "company",
    "action",
    "decision",
    "owner",
    "due",
    "present",
    "absent",
    "file",
    "added",
    "updated",
    "conflicts",
)


def _fact_rank(key: str) -> int:
    if key in _FACT_ORDER:
        return _FACT_ORDER.index(key)
    return len(_FACT_ORDER) + (1 if key in ("reason", "note") else 0)


def describe(event: Any, names: Any, lang: str) -> str:
    """What an event changed, as one readable line in the current language (the kind of change
    is a separate column: see :func:`history_columns`)."""
    data: dict[str, Any] = event.data
    sep = t("find.sep")
    if event.subject == "estate":  # a version of the estate (issue 20), or its undo
        from liuliqiao_cli.render.agreement_view import describe_event

        return describe_event(event, lang)
    if event.kind in privacy_view.KINDS or event.subject == "setting":  # exports, settings
        return privacy_view.describe(event)
    if event.subject != "complaint":
        keys = sorted(data, key=_fact_rank)
        facts = [
            f"{field_label(k)} {value_text(k, data[k], names, lang)}"
            for k in keys
            if k not in ("uuid", "before", "after")
            and data[k] not in (None, "", [], {})
            and not isinstance(data[k], dict)
        ]
        facts += _changes(data.get("before") or {}, data.get("after") or {}, names, lang)
        return sep.join(facts)
    if event.kind == "create":
        after = data.get("after") or {}
        return t(
            "find.desc_create",
            where=_where(after, lang),
            item=value_text("item", after.get("item"), names, lang),
            company=value_text("company", after.get("company"), names, lang),
        )
    parts: list[str] = []
    if event.kind == "undo":
        parts.append(
            t("find.desc_undo", event=event.undoes, kind=_kind(data.get("undone_kind", "")))
        )
    skip: Sequence[str] = ()
    if event.kind == "followup" and "resolved" in data:
        parts.append(
            t(
                "find.desc_followup",
                resolved=value_text("followup_resolved", data.get("resolved"), names, lang),
                satisfied=value_text("followup_satisfied", data.get("satisfied"), names, lang),
            )
        )
        skip = ("followup_resolved", "followup_satisfied")
    before, after = data.get("before"), data.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        parts += _changes(before, after, names, lang, skip)
    added, removed = data.get("added"), data.get("removed")
    if isinstance(added, list) and added:
        parts.append(t("find.desc_tags_added", tags=t("find.list_sep").join(map(str, added))))
    if isinstance(removed, list) and removed:
        parts.append(t("find.desc_tags_removed", tags=t("find.list_sep").join(map(str, removed))))
    if data.get("reason") and data.get("reason") not in ("followup", "undo"):
        parts.append(t("find.desc_reason", text=_short(data["reason"])))
    if data.get("note"):
        parts.append(
            _short(data["note"])
            if event.kind == "note"
            else t("find.desc_note", text=_short(data["note"]))
        )
    return sep.join(parts)


def history_rows(events: Iterable[Any], names: Any, lang: str) -> Iterator[dict[str, Any]]:
    """Rows of ``history``. ``subject_id`` names the override, rotation or meeting; for a
    complaint's own events it is empty (the number is in ``complaint``)."""
    for e in events:
        yield {
            "id": e.id,
            "at": e.at,
            "actor": e.actor,
            "complaint": e.complaint_name or e.complaint_id,
            "subject": e.subject,
            "subject_id": None if e.subject == "complaint" else e.subject_id,
            "kind": e.kind,
            "change": describe(e, names, lang),
            "undoes": e.undoes,
        }


def history_columns() -> list[Any]:
    from liuliqiao_cli.render.output import Column

    return [
        Column("id", t("find.col.event"), justify="right", fmt=lambda v: f"#{v}", no_wrap=True),
        Column("at", t("find.col.at"), no_wrap=True, fmt=lambda v: str(v)[:16]),
        Column("actor", t("find.col.actor")),
        Column(
            "complaint",
            t("find.col.complaint"),
            justify="right",
            no_wrap=True,
            fmt=lambda v: "" if v is None else f"#{v}",
        ),
        # Most events are about complaints: the table names the subject only when it is another.
        Column(
            "subject",
            t("find.col.subject"),
            fmt=lambda v: "" if v == "complaint" else label("find.subject", v),
        ),
        Column(
            "subject_id",
            t("find.col.subject_id"),
            justify="right",
            fmt=lambda v: "" if v is None else f"#{v}",
        ),
        Column("kind", t("find.col.kind"), fmt=_kind),
        Column("change", t("find.col.change")),
        Column(
            "undoes",
            t("find.col.undoes"),
            justify="right",
            fmt=lambda v: "" if v is None else f"#{v}",
        ),
    ]


def undo_preview(plan: Any, names: Any, lang: str) -> list[str]:
    """What ``undo`` will do, one line per restored value: "field: now -> restored"."""
    lines: list[str] = []
    for revert in plan.reverts:
        e = revert.event
        lines.append(
            t(
                "find.undo_preview",
                id=e.complaint_id,
                kind=_kind(e.kind),
                event=e.id,
                at=str(e.at)[:16],
                actor=e.actor,
            )
        )
        if e.kind == "create":
            lines.append(t("find.undo_create"))
        # The status first: it is what the worker thinks of; stamps and derived values follow.
        for field, (now, restored) in sorted(
            revert.changes.items(), key=lambda kv: kv[0] != "status"
        ):
            lines.append(
                t(
                    "find.undo_change",
                    field=field_label(field),
                    now=value_text(field, now, names, lang),
                    restored=value_text(field, restored, names, lang),
                )
            )
        if revert.tags_removed:
            lines.append(
                t("find.undo_tags_removed", tags=t("find.list_sep").join(revert.tags_removed))
            )
        if revert.tags_restored:
            lines.append(
                t("find.undo_tags_restored", tags=t("find.list_sep").join(revert.tags_restored))
            )
        if revert.withdraws_note:
            lines.append(t("find.undo_note"))
        if not (
            revert.changes or revert.tags_removed or revert.tags_restored or revert.withdraws_note
        ):
            lines.append(t("find.undo_nothing_to_restore"))
    return lines


# --- search ----------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """ASCII-only lower case: the folding both search routes apply (length-preserving)."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def highlighted(text: str, terms: Sequence[str]):  # -> rich.text.Text
    """``text`` as a Text with every occurrence of every term styled; control characters shown
    as escapes (as in every table), never interpreted."""
    from rich.text import Text

    cleaned = visible(text, newlines=True)
    out = Text(cleaned)
    folded = _fold(cleaned)
    for term in terms:
        needle = _fold(term)
        if not needle:
            continue
        start = folded.find(needle)
        while start != -1:
            out.stylize(HIGHLIGHT, start, start + len(needle))
            start = folded.find(needle, start + len(needle))
    return out


def search_table(
    rows: Iterable[dict[str, Any]], terms: Sequence[str], names: Any, lang: str
) -> int:
    """Print search results as a table with the matched text highlighted; returns the count.

    The table fits the terminal as ``list``'s does (render/complaint_table.py). Highlighting
    needs a terminal: into a pipe or a file the same columns are written as plain aligned text,
    without importing rich (its import and layout cost more than the query)."""
    import os
    import sys

    shown = [_search_row(row, names, lang) for row in rows]
    headers = {
        k: t(f"find.col.{_SEARCH_HEADERS.get(k, k)}")
        for k in complaint_table.KEYS
        if k != "resolve_by"  # search shows no deadline
    }
    if not (os.environ.get("FORCE_COLOR") or sys.stdout.isatty()):
        from liuliqiao_cli.render.output import Column
        from liuliqiao_cli.render.plain import table, terminal_width

        if shown:
            layout = complaint_table.layout(shown, terminal_width(), headers, deadline=False)
            columns = [
                Column(k, headers[k], justify="right" if k == "id" else "left") for k in layout.keys
            ]
            rows_out = ({k: layout.value(r, k) for k in layout.keys} for r in shown)
            table(columns, rows_out, widths=layout.widths)
        return len(shown)
    from liuliqiao_cli.render.plain import terminal_width

    if shown:
        layout = complaint_table.layout(shown, terminal_width(), headers, deadline=False)
        lines = complaint_table.terminal_lines(
            layout, shown, headers, status_style=lambda r: None, terms=terms, highlight=HIGHLIGHT
        )
        sys.stdout.write("\n".join(lines) + "\n")
    return len(shown)


# The search table's headers that differ from list's (search says "where" for the place).
_SEARCH_HEADERS = {"location": "where"}


def _search_row(row: dict[str, Any], names: Any, lang: str) -> complaint_table.Row:
    company = value_text("company", row["company"], names, lang)
    return complaint_table.Row(
        id=f"#{row.get('name') or row['id']}",
        received_at=str(row["received_at"])[:16],
        status=label("status", row["status"]),
        location=location_text(row),  # the whole place, as `list` shows it
        location_short=complaint_table.short_location(
            row.get("building"), row.get("unit"), row.get("room"), row.get("place")
        ),
        item=value_text("item", row["item"], names, lang),
        company=company,
        company_short=company if lang == "zh" else complaint_table.short_english(company),
        text=complaint_table.one_line(visible(row["text"], newlines=False)),
    )
