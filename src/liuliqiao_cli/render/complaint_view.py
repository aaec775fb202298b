"""How complaints look: ``add``'s decision, ``show``'s record and timeline, ``list``'s table.

Statuses are coloured on a terminal only (rich drops colour when piped or when NO_COLOR is set).
Residents' text is never read as rich markup and its control characters are shown as visible
escapes, so no text can break a table; JSON and CSV carry the text exactly as stored.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from liuliqiao_cli.complaints import LIST_COLUMNS, Added, Complaint, as_dict, location_text
from liuliqiao_cli.i18n import current_language, has, t
from liuliqiao_cli.lifecycle import ActionResult

if TYPE_CHECKING:  # output pulls in csv; the one-line commands do not need it
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


def _visible(text: Any) -> str:
    """Control characters (other than newline) as visible escapes: \\x07, \\t ..."""
    s = "" if text is None else str(text)
    return "".join(ch if ch.isprintable() or ch == "\n" else repr(ch)[1:-1] for ch in s)


def _text(value: Any, style: str | None = None):  # -> rich.text.Text
    from rich.text import Text

    return Text(_visible(value), style=style or "")


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

    out = Text(values[key] or "")
    met = values.get(met_key)
    if met:
        out.append(" " + t("show.met", at=met), style="dim")
    elif (
        now is not None
        and values["status"] in _open()
        and values[key]
        and values[key] < now.strftime("%Y-%m-%d %H:%M:%S")
    ):
        out.append(" " + t("show.overdue"), style="bold red")
    return out


def _open() -> tuple[str, ...]:
    from liuliqiao_cli.status import OPEN_STATUSES

    return OPEN_STATUSES


def _grid(rows: list[tuple[str, Any]]):
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value if not isinstance(value, str) else _text(value))
    return grid


def _cells(text: str) -> int:
    """Terminal cells of ``text`` (wide East Asian characters take two), without rich."""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def _plain_grid(rows: list[tuple[str, str]]) -> str:
    width = max(_cells(label) for label, _ in rows)
    return "".join(
        f"{label}{' ' * (width - _cells(label))}  {_visible(value)}\n" for label, value in rows
    )


# add and the one-line steps print plain text (no rich): they must start as fast as a bare Typer
# app; colour is for listings and show.


def render_added(added: Added, fmt: str, lang: str, now: datetime) -> None:
    c = added.complaint
    if fmt == "json":
        sys.stdout.write(json.dumps(as_dict(c, now=now), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        from liuliqiao_cli.render import output

        output.emit(_list_columns(), [_list_row(c, now)], "csv")
        return
    from_text = set(added.prepared.from_text)
    mark = t("add.recognised")
    place = c.location or t("show.public_place")
    place_mark = mark if from_text & {"building", "unit", "room", "place"} else ""
    item_name = c.item_name if lang == "zh" else c.item_name_en
    company = c.company_name if lang == "zh" else c.company_name_en
    sys.stdout.write(
        t("add.recorded", id=c.id)
        + "\n"
        + _plain_grid(
            [
                (t("show.location"), place + place_mark),
                (
                    t("show.item"),
                    _item(c.values, item_name) + (mark if "item" in from_text else ""),
                ),
                (t("show.company"), company),
                (t("show.why"), _why(c.values, company)),
                (t("show.respond_by"), c.respond_by or ""),
                (t("show.resolve_by"), c.resolve_by or ""),
            ]
        )
    )
    sys.stdout.flush()
    if from_text:
        sys.stderr.write(t("add.correct_hint", id=c.id) + "\n")


def _show_rows(
    c: Complaint, d: dict[str, Any], lang: str, now: datetime, deadline: Any
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
        rows.append(
            (t("show.reporter"), f"{d['contact']['reporter']} {d['contact']['phone']}".strip())
        )
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
        rows.append((t("show.duplicate_of"), f"#{c.duplicate_of}"))
    return rows


def render_show(c: Complaint, fmt: str, lang: str, now: datetime, with_contacts: bool) -> None:
    from liuliqiao_cli.render import output

    if fmt == "json":
        sys.stdout.write(
            json.dumps(
                as_dict(c, with_contacts=with_contacts, now=now), ensure_ascii=False, indent=2
            )
            + "\n"
        )
        return
    if fmt == "csv":
        output.emit(_list_columns(), [_list_row(c, now, with_contacts)], "csv")
        return
    if not _on_terminal():
        _render_show_plain(c, lang, now, with_contacts)
        return
    from rich.text import Text

    d = as_dict(c, with_contacts=with_contacts, now=now)
    con = output.console()
    title = Text(f"#{c.id}  ", style="bold")
    title.append_text(_status_text(c.status))
    if d["overdue"]:
        title.append("  " + t("show.overdue"), style="bold red")
    con.print(title)
    con.print(_text(c.text))
    rows = _show_rows(c, d, lang, now, _deadline)
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
    out = values[key] or ""
    met = values.get(met_key)
    if met:
        return f"{out} {t('show.met', at=met)}"
    if (
        now is not None
        and values["status"] in _open()
        and values[key]
        and values[key] < now.strftime("%Y-%m-%d %H:%M:%S")
    ):
        return f"{out} {t('show.overdue')}"
    return out


def _render_show_plain(c: Complaint, lang: str, now: datetime, with_contacts: bool) -> None:
    """``show`` into a pipe or a file: the same lines as on a terminal, without rich."""
    d = as_dict(c, with_contacts=with_contacts, now=now)
    title = f"#{c.id}  {status_label(c.status)}"
    if d["overdue"]:
        title += "  " + t("show.overdue")
    out = [title, _visible(c.text)]
    rows = _show_rows(c, d, lang, now, _deadline_plain)
    sys.stdout.write("\n".join(out) + "\n" + _plain_grid(rows) + t("show.timeline") + "\n")
    lines = []
    for e in c.events:
        label = t(f"event.{e.kind}") if has(f"event.{e.kind}") else e.kind
        lines.append([e.at[:16], e.actor, label, describe_event(e.kind, e.data, lang, c.names)])
    if lines:
        widths = [max(_cells(_visible(line[i])) for line in lines) for i in range(3)]
        for line in lines:
            cells = [
                _visible(v) + " " * (widths[i] - _cells(_visible(v)))
                for i, v in enumerate(line[:3])
            ]
            sys.stdout.write("  ".join([*cells, _visible(line[3])]).rstrip() + "\n")
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


def _list_columns() -> list[output.Column]:
    from liuliqiao_cli.render import output

    return [output.Column(key, key) for key in LIST_COLUMNS]


def _list_row(c: Complaint, now: datetime, with_contacts: bool = False) -> dict[str, Any]:
    d = as_dict(c, with_contacts=with_contacts, now=now)
    d["reporter"], d["phone"] = d["contact"]["reporter"], d["contact"]["phone"]
    return {k: d.get(k) for k in LIST_COLUMNS}


TEXT_MIN_CELLS = 16  # the text column never gets narrower than this
_DROP_WHEN_NARROW = (6, 1, 4)  # resolve_by, received_at, item: the columns a narrow terminal loses


def render_list(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    lang: str,
    *,
    cap: int | None = None,
    names_en: dict[str, str] | None = None,
) -> int:
    """A table on a terminal (coloured statuses), or JSON/CSV with the LIST_COLUMNS keys.

    Every column but the text keeps its full width; the text gets what is left of the
    terminal's width and is cut with "..." (a table is built in memory anyway). With ``cap``,
    at most that many rows are shown and a note says when there were more."""
    from liuliqiao_cli.render import output

    if fmt in ("json", "csv"):
        return output.emit(_list_columns(), rows, fmt)
    if not _on_terminal():
        return _render_list_plain(rows, lang, cap, names_en)
    from rich.cells import cell_len
    from rich.table import Table

    from liuliqiao_cli.render.plain import cut

    headers = [
        t(k)
        for k in (
            "col.id",
            "col.received_at",
            "col.status",
            "col.location",
            "col.item",
            "col.company",
            "col.resolve_by",
            "col.text",
        )
    ]
    cells: list[list[Any]] = []
    texts: list[str] = []
    more = False
    for row in rows:
        if cap is not None and len(cells) >= cap:
            more = True
            break
        status = _status_text(row["status"])
        if row["overdue"]:
            status.append(" !", style="bold red")
        item, company = _item_company(row, lang, names_en)
        cells.append(
            [
                _text(row["id"]),
                _text((row["received_at"] or "")[:16]),
                status,
                _text(location_text(row)),
                _text(item),
                _text(company),
                _text((row["resolve_by"] or "")[:16]),
            ]
        )
        texts.append(" ".join(_visible(row["text"]).split()))
    con = output.console()
    if cells:
        widths = [max([cell_len(headers[i])] + [c[i].cell_len for c in cells]) for i in range(7)]
        shown = list(range(7))
        for drop in _DROP_WHEN_NARROW:  # a narrow terminal loses deadline, then date, then item
            if sum(widths[i] + 2 for i in shown) + TEXT_MIN_CELLS <= con.width:
                break
            shown.remove(drop)
        budget = max(TEXT_MIN_CELLS, con.width - sum(widths[i] + 2 for i in shown))
        table = Table(box=None, header_style="bold", pad_edge=False)
        for i in shown:
            table.add_column(
                headers[i], justify="right" if i == 0 else "left", no_wrap=True, overflow="crop"
            )
        table.add_column(headers[7], no_wrap=True, overflow="crop")
        for row_cells, text in zip(cells, texts, strict=False):
            table.add_row(*(row_cells[i] for i in shown), _text(cut(text, budget)))
        con.print(table)
    count = len(cells)
    if more:
        output.console(stderr=True).print(t("list.capped", n=count))
    else:
        output.console(stderr=True).print(t("list.count", n=count) if count else t("list.empty"))
    return count


def _on_terminal() -> bool:
    """Colour and rich layout only for a person at a terminal (FORCE_COLOR asks for them too)."""
    import os

    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _item_company(
    row: dict[str, Any], lang: str, names_en: dict[str, str] | None
) -> tuple[str, str]:
    """The item and company as the table shows them: Chinese names, or English ones (codes
    when no English names were given)."""
    if lang == "zh":
        return row["item_name"], row["company_name"]
    names = names_en or {}
    return names.get(row["item"], row["item"]), names.get(row["company"], row["company"])


def _render_list_plain(
    rows: Iterable[dict[str, Any]], lang: str, cap: int | None, names_en: dict[str, str] | None
) -> int:
    """The listing for a pipe or a file: the same columns, aligned without rich (which costs
    more start-up than the query itself, and colours nothing there anyway)."""
    from liuliqiao_cli.render.output import Column
    from liuliqiao_cli.render.plain import table

    keys = ("id", "received_at", "status", "location", "item", "company", "resolve_by", "text")
    columns = [Column(k, t(f"col.{k}"), justify="right" if k == "id" else "left") for k in keys]
    shown: list[dict[str, Any]] = []
    more = False
    for row in rows:
        if cap is not None and len(shown) >= cap:
            more = True
            break
        item, company = _item_company(row, lang, names_en)
        shown.append(
            {
                "id": str(row["id"]),
                "received_at": (row["received_at"] or "")[:16],
                "status": status_label(row["status"]) + (" !" if row["overdue"] else ""),
                "location": location_text(row),
                "item": item,
                "company": company,
                "resolve_by": (row["resolve_by"] or "")[:16],
                "text": " ".join(_visible(row["text"]).split()),
            }
        )
    if shown:
        table(columns, shown)
    count = len(shown)
    if more:
        message = t("list.capped", n=count)
    else:
        message = t("list.count", n=count) if count else t("list.empty")
    sys.stderr.write(message + "\n")
    return count


def render_tagged(result: ActionResult) -> None:
    """``tag``'s answer: the status, the company (and why), the tags."""
    c = result.complaint
    tags = ("、" if current_language() == "zh" else ", ").join(c.tags) or t("show.none")
    company = c.company_name if current_language() == "zh" else c.company_name_en
    sys.stdout.write(
        _visible(
            f"#{c.id}  {status_label(c.status)}  {company}  {_why(c.values, company)}  "
            f"{t('show.tags')}：{tags}"
        )
        + "\n"
    )


def render_action(result: ActionResult, action: str) -> None:
    c = result.complaint
    if result.before_status != result.after_status:
        line = f"#{c.id} {status_label(result.before_status)} → {status_label(result.after_status)}"
    else:
        line = t("done.same", id=c.id, action=t(f"action.{action}"), status=status_label(c.status))
    sys.stdout.write(line + "\n")
