"""How the privacy records read: ``history --exports`` rows, the Change column of an export, a
reveal, the privacy upgrade or a setting in ``history``, and the ``settings`` listing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from liuliqiao_cli.i18n import has, t

KINDS = ("export", "contacts", "privacy", "setting")


def _what_code(data: dict[str, Any]) -> str:
    """What was exported (``list``, ``dossier`` ...); older records name it by their command."""
    what = str(data.get("what") or str(data.get("command") or "").split(" ")[0] or "")
    if what == "liuliqiao":  # a command as typed: the command's name is the next word
        words = str(data.get("command")).split()
        what = next((w for w in words[1:] if not w.startswith("-")), what)
    return what


def _what_label(what: Any) -> str:
    key = f"privacy.what.{what}"
    return t(key) if has(key) else str(what)


def _what(data: dict[str, Any]) -> str:
    return _what_label(_what_code(data))


def _target(data: dict[str, Any]) -> str:
    target = data.get("target")
    if target == "-":
        return t("privacy.target.stdout")
    if not target:
        return t("privacy.target.screen")
    return str(target)


def _rows(data: dict[str, Any]) -> Any:
    rows = data.get("rows", data.get("complaints"))
    return "" if rows is None else rows


def describe(event: Any) -> str:
    """The Change column of ``history`` for the kinds of :data:`KINDS` and the undo of a
    setting."""
    kind, data = event.kind, event.data
    if kind == "undo":
        undone = t("find.desc_undo", event=event.undoes, kind=t("find.kind.setting"))
        return t("find.sep").join([undone, describe_setting(data)])
    if kind == "privacy":
        return t(
            "privacy.desc_upgrade",
            contacts=data.get("contacts", 0),
            complaints=data.get("complaints", 0),
            events=data.get("events", 0),
        )
    if kind == "setting":
        return describe_setting(data)
    if kind == "contacts":  # shown on screen
        return t("privacy.desc_reveal", what=_what(data), rows=_rows(data) or 1)
    contacts = t("privacy.with_contacts") if data.get("contacts", kind == "contacts") else ""
    return t(
        "privacy.desc_export",
        what=_what(data),
        format=data.get("format", "") or "-",
        rows=_rows(data),
        target=_target(data),
        contacts=contacts,
    ).strip()


def describe_setting(data: dict[str, Any]) -> str:
    return t(
        "privacy.desc_setting",
        setting=data.get("key", ""),
        before=data.get("before", ""),
        after=data.get("after", ""),
    )


def export_rows(records: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Rows of ``history --exports`` (records of :func:`store.exports.exports`). A reveal on
    screen has no target; an export that failed part-way has ``complete`` false."""
    for r in records:
        data = r.data
        yield {
            "id": r.id,
            "at": r.at,
            "actor": r.actor,
            "what": _what_code(data),
            "format": data.get("format", ""),
            "rows": _rows(data),
            "target": data.get("target", "" if r.kind == "contacts" else "-"),
            "contacts": bool(data.get("contacts", r.kind == "contacts")),
            "complete": bool(data.get("complete", True)),
            "command": data.get("command", ""),
        }


def export_columns() -> list[Any]:
    from liuliqiao_cli.render.output import Column

    def target(value: Any) -> str:
        return _target({"target": value})

    return [
        Column("id", t("find.col.event"), justify="right", fmt=lambda v: f"#{v}", no_wrap=True),
        Column("at", t("find.col.at"), no_wrap=True, fmt=lambda v: str(v)[:16]),
        Column("actor", t("find.col.actor"), no_wrap=True),
        Column("what", t("privacy.col.what"), fmt=_what_label, no_wrap=True),
        Column("format", t("privacy.col.format"), no_wrap=True),
        Column("rows", t("privacy.col.rows"), justify="right", no_wrap=True),
        Column("target", t("privacy.col.target"), fmt=target),
        Column(
            "contacts",
            t("privacy.col.contacts"),
            fmt=lambda v: t("privacy.yes") if v else t("privacy.no"),
            no_wrap=True,
        ),
        Column(
            "complete",
            t("privacy.col.complete"),
            fmt=lambda v: "" if v else t("privacy.incomplete"),
            no_wrap=True,
        ),
        Column("command", t("privacy.col.command"), fmt=_short_command),
    ]


def _short_command(command: Any) -> str:
    """The table drops the program's name (JSON and CSV keep the command whole)."""
    text = str(command or "")
    return text[len("liuliqiao ") :] if text.startswith("liuliqiao ") else text


def setting_rows(entries: Iterable[Any], lang: str) -> Iterator[dict[str, Any]]:
    """Rows of ``settings`` (entries of :func:`store.settings.listing`)."""
    for e in entries:
        yield {
            "key": e.spec.key,
            "value": e.value,
            "default": e.spec.default,
            "changed": e.value != e.spec.default,
            "allowed": e.spec.allowed(lang),
            "meaning": e.spec.meaning(lang),
        }


def setting_columns() -> list[Any]:
    from liuliqiao_cli.render.output import Column

    return [
        Column("key", t("privacy.col.key"), no_wrap=True),
        Column("value", t("privacy.col.value"), no_wrap=True),
        Column("default", t("privacy.col.default"), no_wrap=True),
        Column("changed", t("privacy.col.changed"), fmt=lambda v: "*" if v else ""),
        Column("allowed", t("privacy.col.allowed")),
        Column("meaning", t("privacy.col.meaning")),
    ]


def setting_undo_preview(plan: Any) -> list[str]:
    """What ``undo`` of ``settings set`` will do."""
    lines = []
    for revert in plan.reverts:
        e = revert.event
        lines.append(t("settings.undo_preview", event=e.id, at=str(e.at)[:16], actor=e.actor))
        for key, (now, restored) in revert.changes.items():
            lines.append(t("find.undo_change", field=key, now=now, restored=restored))
    return lines
