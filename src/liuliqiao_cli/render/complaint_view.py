"""How complaints look: ``add``'s decision, ``show``'s record and timeline, the row shape shared
with ``list`` (see :mod:`liuliqiao_cli.render.complaint_list`).

Statuses are coloured on a terminal only (rich drops colour when piped or when NO_COLOR is set).
Residents' text is never read as rich markup and its control characters are shown as visible
escapes, so no text can break a table; JSON and CSV carry the text exactly as stored.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from liuliqiao_cli.complaints.location import location_text
from liuliqiao_cli.complaints.read import LIST_COLUMNS, Complaint, as_dict
from liuliqiao_cli.i18n import current_language, has, t
from liuliqiao_cli.render.text import cells, visible

if TYPE_CHECKING:  # output pulls in csv, lifecycle its own types: `add` needs neither
    from liuliqiao_cli.complaints.duplicates import Households
    from liuliqiao_cli.complaints.lifecycle import ActionResult
    from liuliqiao_cli.render import output

STATUS_STYLES = {
    "received": "cyan",
    "dispatched": "blue",
    "in_progress": "yellow",
    "resolved": "green",
    "closed": "dim green",
    "disputed": "magenta",
    "reopened": "bold red",
    "duplicate": "dim",
    "rejected": "dim",
}


# Columns shown in event descriptions (timestamps and bookkeeping are left out).
_QUIET = {
    "updated_at",
    "dispatched_at",
    "responded_at",
    "resolved_at",
    "closed_at",
    "followup_at",
    "uuid",
    "created_at",
    "contact_id",
    "respond_by",
    "resolve_by",
    "routing_note",
}


def _text(value: Any, style: str | None = None):  # -> rich.text.Text
    from rich.text import Text

    return Text(visible(value, newlines=True), style=style or "")


def status_label(code: str) -> str:
    return t(f"status.{code}")


def _status_text(code: str):
    return _text(status_label(code), STATUS_STYLES.get(code))


def _item(values: dict[str, Any], name: str) -> str:
    from liuliqiao_cli.i18n import current_language

    scope = t("scope." + values["scope"])
    return f"{name}（{scope}）" if current_language() == "zh" else f"{name} ({scope})"


def _why(values: dict[str, Any], company: str | None = None) -> str:
    """Why this company: the rule and, in Chinese, the note stored with it; in English the
    note is rebuilt from the fields (the worker's own override reason is shown as typed)."""
    label = t(f"routing.{values['routing']}")
    note = values.get("routing_note") or ""
    if current_language() != "zh" and values["routing"] == "separate" and values.get("building"):
        note = f"building {values['building']} is served by {company or values['company']}"
    elif current_language() != "zh" and values["routing"] == "duty":
        note = f"on duty on {str(values['received_at'])[:10]}, the day it was received"
    if not note:
        return label
    return f"{label}：{note}" if current_language() == "zh" else f"{label}: {note}"


def _deadline(values: dict[str, Any], key: str, met_key: str, now: datetime | None):
    from rich.text import Text

    from liuliqiao_cli.complaints.deadlines import MET
    from liuliqiao_cli.render.deadline_view import outcome_suffix

    outcome = _outcome(values, key, now)
    out = Text(values[key] or "")
    out.append(outcome_suffix(outcome), style="dim" if outcome.state == MET else "bold red")
    return out


def _outcome(values: dict[str, Any], key: str, now: datetime | None):
    from liuliqiao_cli.complaints import deadlines

    when = now or datetime(1970, 1, 1)  # without a clock nothing is overdue
    if key == "respond_by":
        return deadlines.response(values, when)
    return deadlines.resolution(values, when)


def _open() -> tuple[str, ...]:
    from liuliqiao_cli.complaints.status import OPEN_STATUSES

    return OPEN_STATUSES


def _grid(rows: list[tuple[str, Any]]):
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value if not isinstance(value, str) else _text(value))
    return grid


def _plain_grid(rows: list[tuple[str, str]]) -> str:
    width = max(cells(label) for label, _ in rows)
    return "".join(
        f"{label}{' ' * (width - cells(label))}  {visible(value, newlines=True)}\n"
        for label, value in rows
    )


def related_json(households: Households | None, reporter_others: int) -> dict[str, Any]:
    """What ``show --format json`` (and ``add``'s) adds to the record: the households its
    problem affects, and how many other complaints its reporter made."""
    out: dict[str, Any] = {"reporter_others": reporter_others}
    if households is not None:
        out["households"] = {
            "original": households.original,
            "complaints": households.complaints,
            "households": households.households,
            "without_room": households.without_room,
        }
    return out


def households_text(households: Households) -> str:
    if not households.households:
        return t("show.households_unknown", complaints=households.complaints)
    key = "show.households_value_unroomed" if households.without_room else "show.households_value"
    return t(
        key,
        households=households.households,
        complaints=households.complaints,
        without=households.without_room,
    )


def _show_rows(
    c: Complaint,
    d: dict[str, Any],
    lang: str,
    now: datetime,
    deadline: Any,
    households: Households | None = None,
    reporter_others: int = 0,
) -> list[tuple[str, Any]]:
    """The label/value lines of ``show`` (``deadline`` renders a deadline, rich or plain)."""
    item_name = c.item_name if lang == "zh" else c.item_name_en
    company = c.company_name if lang == "zh" else c.company_name_en
    rows: list[tuple[str, Any]] = [
        (t("show.received"), f"{c.received_at}  {t('source.' + c.source)}"),
        (t("show.location"), c.location or t("show.public_place")),
        (t("show.item"), _item(c.values, item_name)),
        (t("show.company"), company),
        (t("show.why"), _why(c.values, company)),
        (t("show.urgency"), t(f"urgency.{c.urgency}")),
        (t("show.respond_by"), deadline(c.values, "respond_by", "responded_at", now)),
        (t("show.resolve_by"), deadline(c.values, "resolve_by", "resolved_at", now)),
    ]
    if c.ref:
        rows.append((t("show.ref"), c.ref))
    if c.tags:
        rows.append((t("show.tags"), "、".join(c.tags) if lang == "zh" else ", ".join(c.tags)))
    if d["contact"]["reporter"] or d["contact"]["phone"]:
        who = f"{d['contact']['reporter']} {d['contact']['phone']}".strip()
        if reporter_others:
            who += "（" if lang == "zh" else " ("
            who += t("show.reporter_others", n=reporter_others) + ("）" if lang == "zh" else ")")
        rows.append((t("show.reporter"), who))
    if c.followup_at:
        rows.append(
            (
                t("show.followup"),
                t(
                    "show.followup_value",
                    at=c.followup_at,
                    resolved=_answer(c.followup_resolved),
                    satisfied=_answer(c.followup_satisfied),
                ),
            )
        )
    if c.duplicate_of:
        rows.append((t("show.duplicate_of"), f"#{c.duplicate_label or c.duplicate_of}"))
    if households is not None and households.complaints > 1:
        rows.append((t("show.households"), households_text(households)))
    if c.handover_pending and c.handover is not None and c.handover.cause == "estate":
        company = _value("company", c.handover.company, c.names)
        on = c.handover.on.isoformat()
        rows.append(
            (
                t("show.handover"),
                t("show.handover_pending_estate", id=c.id, date=on, company=company),
            )
        )
    elif c.handover_pending:
        rows.append((t("show.handover"), t("show.handover_pending", id=c.id)))
    return rows


def render_show(
    c: Complaint,
    fmt: str,
    lang: str,
    now: datetime,
    with_contacts: bool,
    households: Households | None = None,
    reporter_others: int = 0,
) -> None:
    from liuliqiao_cli.render import output

    if fmt == "json":
        import json  # here: the table, what show prints most, never needs it

        d = as_dict(c, with_contacts=with_contacts, now=now)
        d.update(related_json(households, reporter_others))
        sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        output.emit(_list_columns(), [_list_row(c, now, with_contacts)], "csv")
        return
    if not _on_terminal():
        _render_show_plain(c, lang, now, with_contacts, households, reporter_others)
        return
    from rich.text import Text

    d = as_dict(c, with_contacts=with_contacts, now=now)
    con = output.console()
    title = Text(f"#{c.number}  ", style="bold")
    title.append_text(_status_text(c.status))
    if d["overdue"]:
        title.append("  " + t("show.overdue"), style="bold red")
    con.print(title)
    con.print(_text(c.text))
    rows = _show_rows(c, d, lang, now, _deadline, households, reporter_others)
    con.print(_grid(rows))
    con.print(Text(t("show.timeline"), style="bold"))
    from rich.table import Table

    timeline = Table.grid(padding=(0, 2))
    for _ in range(4):
        timeline.add_column()
    for e in c.events:
        label = t(f"event.{e.kind}") if has(f"event.{e.kind}") else e.kind
        timeline.add_row(
            _text(e.at[:16]),
            _text(e.actor),
            _text(label, "bold"),
            _text(describe_event(e.kind, e.data, lang, c.names)),
        )
    con.print(timeline)
    if with_contacts:
        output.console(stderr=True).print(t("contacts.recorded"))


def _deadline_plain(values: dict[str, Any], key: str, met_key: str, now: datetime | None) -> str:
    from liuliqiao_cli.render.deadline_view import outcome_suffix

    return (values[key] or "") + outcome_suffix(_outcome(values, key, now))


def _render_show_plain(
    c: Complaint,
    lang: str,
    now: datetime,
    with_contacts: bool,
    households: Households | None,
    reporter_others: int,
) -> None:
    """``show`` into a pipe or a file: the same lines as on a terminal, without rich."""
    d = as_dict(c, with_contacts=with_contacts, now=now)
    title = f"#{c.number}  {status_label(c.status)}"
    if d["overdue"]:
        title += "  " + t("show.overdue")
    out = [title, visible(c.text, newlines=True)]
    rows = _show_rows(c, d, lang, now, _deadline_plain, households, reporter_others)
    sys.stdout.write("\n".join(out) + "\n" + _plain_grid(rows) + t("show.timeline") + "\n")
    lines = []
    for e in c.events:
        label = t(f"event.{e.kind}") if has(f"event.{e.kind}") else e.kind
        lines.append([e.at[:16], e.actor, label, describe_event(e.kind, e.data, lang, c.names)])
    if lines:
        widths = [max(cells(visible(line[i], newlines=True)) for line in lines) for i in range(3)]
        for line in lines:
            parts = [
                visible(v, newlines=True) + " " * (widths[i] - cells(visible(v, newlines=True)))
                for i, v in enumerate(line[:3])
            ]
            sys.stdout.write("  ".join([*parts, visible(line[3], newlines=True)]).rstrip() + "\n")
    if with_contacts:
        sys.stderr.write(t("contacts.recorded") + "\n")


def _answer(code: str | None) -> str:
    return t(f"answer.{code}") if code else t("show.none")


def _value(
    column: str, value: Any, names: dict[str, dict[str, tuple[str, str]]] | None = None
) -> str:
    if value is None or value == "":
        return t("show.none")
    if names and column in names and value in names[column]:
        zh, en = names[column][value]
        return zh if current_language() == "zh" else en
    if column == "status":
        return status_label(value)
    if column == "urgency":
        return t(f"urgency.{value}")
    if column == "scope":
        return t(f"scope.{value}")
    if column == "routing":
        return t(f"routing.{value}")
    if column == "source":
        return t(f"source.{value}")
    if column in ("followup_resolved", "followup_satisfied"):
        return _answer(value)
    if column == "building":
        return f"{value}号楼"
    if column == "duplicate_of":
        return f"#{value}"
    return str(value)


def describe_event(
    kind: str,
    data: dict[str, Any],
    lang: str,
    names: dict[str, dict[str, tuple[str, str]]] | None = None,
) -> str:
    """One line in the user's language: what changed (before -> after), reason, note."""
    parts: list[str] = []
    sep = "；" if lang == "zh" else "; "
    if kind == "create":
        after = data.get("after", {})
        parts.append(location_text(after) or t("show.public_place"))
    elif kind == "followup":
        parts.append(f"{t('show.resolved')}{_answer(data.get('resolved'))}")
        parts.append(f"{t('show.satisfied')}{_answer(data.get('satisfied'))}")
    elif kind == "agenda":  # written by meetings: data {"action", "reason" (an agenda rule)}
        action = data.get("action")
        return t(f"show.agenda.{action}") if has(f"show.agenda.{action}") else str(action)
    elif kind == "remind":  # 催办: the company chased (note below)
        parts.append(_value("company", data.get("company"), names))
    elif kind == "decision":
        return " ".join(str(data[k]) for k in ("decision", "due") if data.get(k))
    elif kind == "tag":
        if data.get("added"):
            parts.append("+" + " +".join(data["added"]))
        if data.get("removed"):
            parts.append("-" + " -".join(data["removed"]))
    else:
        before, after = data.get("before", {}), data.get("after", {})
        for column, new in after.items():
            if column in _QUIET:
                continue
            parts.append(
                f"{_value(column, before.get(column), names)} → {_value(column, new, names)}"
            )
    for key in ("reason", "note"):
        if data.get(key) and data[key] != "followup":
            parts.append(str(data[key]))
    if kind == "contacts" and data.get("command"):
        parts.append(str(data["command"]))
    return sep.join(parts)


def render_tagged(result: ActionResult) -> None:
    """``tag``'s answer: the status, the company (and why), the tags."""
    c = result.complaint
    tags = t("find.list_sep").join(c.tags) or t("show.none")
    company = c.company_name if current_language() == "zh" else c.company_name_en
    sys.stdout.write(
        visible(
            f"#{c.number}  {status_label(c.status)}  {company}  {_why(c.values, company)}  "
            + t("tag.tags_line", tags=tags),
            newlines=True,
        )
        + "\n"
    )


def render_action(result: ActionResult, action: str) -> None:
    c = result.complaint
    if result.before_status != result.after_status:
        line = f"#{c.number} {status_label(result.before_status)} → {status_label(result.after_status)}"
    else:
        line = t(
            "done.same", id=c.number, action=t(f"action.{action}"), status=status_label(c.status)
        )
    sys.stdout.write(line + "\n")


def _list_columns() -> list[output.Column]:
    from liuliqiao_cli.render import output

    return [output.Column(key, key) for key in LIST_COLUMNS]


def _list_row(c: Complaint, now: datetime, with_contacts: bool = False) -> dict[str, Any]:
    d = as_dict(c, with_contacts=with_contacts, now=now)
    d["reporter"], d["phone"] = d["contact"]["reporter"], d["contact"]["phone"]
    return {k: d.get(k) for k in LIST_COLUMNS}


def _on_terminal() -> bool:
    """Colour and rich layout only for a person at a terminal (FORCE_COLOR asks for them too)."""
    import os

    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()
