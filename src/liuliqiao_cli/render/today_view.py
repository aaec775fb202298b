"""How the morning digest reads: plain text (cron mail, a terminal), Markdown, JSON.

Text and Markdown come from one list of parts (a heading, lines, a table), so both say the same
thing; plain text aligns columns by display width and uses no colour and no ambiguous-width
symbol. Deterministic: the same ledger and clock give the same bytes. Residents' names and
phones never appear (the call queue with phones is ``liuliqiao calls --with-contacts``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO, Any

from liuliqiao_cli.i18n import current_language, t
from liuliqiao_cli.render.agreement_view import changes_text
from liuliqiao_cli.render.duty_view import change_text
from liuliqiao_cli.render.text import cells, markdown_line, visible
from liuliqiao_cli.reports.today import Digest, Due

TEXT_CELLS = 30  # the complaint text is cut to this many terminal cells in a table


@dataclass
class Part:
    heading: str
    lines: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _cut(text: str, room: int = TEXT_CELLS) -> str:
    text = " ".join(visible(text, newlines=False).split())
    if cells(text) <= room:
        return text
    out, used = [], 0
    for ch in text:
        if used + cells(ch) > room - 3:
            break
        out.append(ch)
        used += cells(ch)
    return "".join(out) + "..."


def _names(d: Digest) -> tuple[dict[str, str], dict[str, str]]:
    lang = current_language()
    companies = {code: d.estate.company_name(code, lang) for code in d.estate.companies}
    items = {code: d.estate.item_name(code, lang) for code in d.estate.items}
    return companies, items


def _due_part(heading: str, total: int, due: list[Due], d: Digest) -> Part:
    companies, items = _names(d)
    part = Part(heading)
    if not total:
        part.lines.append(t("today.none"))
        return part
    part.headers = [
        t(f"today.col.{k}") for k in ("id", "step", "due", "company", "item", "where", "text")
    ]
    part.rows = [
        [
            f"#{x.id}",
            t(f"today.step.{x.step}"),
            x.due[:16],
            companies.get(x.company, x.company),
            items.get(x.item, x.item),
            x.where,
            _cut(x.text),
        ]
        for x in due
    ]
    if total > len(due):
        part.lines.append(t("today.more", more=total - len(due)))
    return part


def parts(d: Digest) -> list[Part]:
    companies, _ = _names(d)
    out = [
        _due_part(
            t("today.h.due_today", count=d.due_today_total), d.due_today_total, d.due_today, d
        ),
        _due_part(
            t("today.h.due_tomorrow", count=d.due_tomorrow_total),
            d.due_tomorrow_total,
            d.due_tomorrow,
            d,
        ),
        _due_part(t("today.h.overdue", count=d.overdue_total), d.overdue_total, d.overdue, d),
    ]
    follow = Part(t("today.h.calls", count=d.calls_total))
    if d.calls_total:
        follow.lines.append(t("today.calls_oldest", since=(d.calls_oldest or "")[:16]))
    else:
        follow.lines.append(t("today.none"))
    out.append(follow)
    if d.handovers_pending:
        out.append(
            Part(
                t("today.h.handovers", count=d.handovers_pending),
                [t("today.handovers_hint")],
            )
        )
    duty_part = Part(t("today.h.duty"))
    if d.on_duty is None:
        duty_part.lines.append(t("today.no_rotation"))
    else:
        name = companies.get(d.on_duty.company, d.on_duty.company)
        source = (
            t("today.duty_override", company=name, id=d.on_duty.source_id)
            if d.on_duty.source == "override"
            else t("today.duty_rotation", company=name)
        )
        duty_part.lines.append(source)
    for c in d.changes:
        duty_part.lines.append(
            t("today.change", date=c.date.isoformat(), change=change_text(c, companies))
        )
    for o in d.overrides:
        duty_part.lines.append(
            t(
                "today.override",
                id=o.id,
                start=o.start.isoformat(),
                end=o.end.isoformat(),
                company=companies.get(o.company, o.company),
                reason=_cut(o.reason, 40),
            )
        )
    for version, changes in d.estate_versions:  # the agreement changes within the week
        text = changes_text(changes, current_language(), most=3)
        duty_part.lines.append(
            t("today.estate_version", date=version.from_text, number=version.number, changes=text)
        )
    if not d.changes and not d.overrides and d.on_duty is not None and not d.estate_versions:
        duty_part.lines.append(t("today.no_change"))
    out.append(duty_part)
    meetings = Part(t("today.h.meetings", count=len(d.meetings)))
    for m in d.meetings:
        kind = t(f"meeting.kind.{m.kind}")
        when = f"{m.date} {m.time}".strip()
        meetings.lines.append(
            t("today.meeting", id=m.id, when=when, kind=kind, title=_cut(m.title or "", 40))
        )
    if not d.meetings:
        meetings.lines.append(t("today.none"))
    out.append(meetings)
    return out


def _title(d: Digest) -> str:
    name = d.estate.name
    if current_language() != "zh":
        name = d.estate.info.get("name_en") or name
    return t("today.title", estate=name, now=d.now.strftime("%Y-%m-%d %H:%M"))


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cells(text))


def to_text(d: Digest) -> str:
    title = _title(d)
    lines = [title, "=" * cells(title)]
    for p in parts(d):
        lines += ["", p.heading]
        if p.rows:
            widths = [max(cells(r[i]) for r in (p.headers, *p.rows)) for i in range(len(p.headers))]
            for row in (p.headers, *p.rows):
                lines.append(
                    (
                        "  " + "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True))
                    ).rstrip()
                )
        lines += [f"  {line}" for line in p.lines]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    # One line, pipes and markup escaped (a place with "|" or a line break keeps the table whole).
    return markdown_line(text).replace("*", "\\*").replace("_", "\\_")


def to_markdown(d: Digest) -> str:
    lines = [f"# {_md(_title(d))}"]
    for p in parts(d):
        lines += ["", f"## {_md(p.heading)}", ""]
        if p.rows:
            lines.append("| " + " | ".join(_md(h) for h in p.headers) + " |")
            lines.append("|" + "|".join("---" for _ in p.headers) + "|")
            lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in p.rows]
            if p.lines:
                lines.append("")
        lines += [_md(line) for line in p.lines]
    return "\n".join(lines) + "\n"


def _due_json(due: list[Due]) -> list[dict[str, Any]]:
    return [
        {
            "id": x.id,
            "step": x.step,
            "due": x.due,
            "company": x.company,
            "item": x.item,
            "where": x.where,
            "status": x.status,
            "text": x.text,
        }
        for x in due
    ]


def write_json(d: Digest, out: IO[str]) -> None:
    doc = {
        "estate": d.estate.name,
        "now": d.now.strftime("%Y-%m-%d %H:%M:%S"),
        "due_today": {"total": d.due_today_total, "listed": _due_json(d.due_today)},
        "due_tomorrow": {"total": d.due_tomorrow_total, "listed": _due_json(d.due_tomorrow)},
        "overdue": {"total": d.overdue_total, "listed": _due_json(d.overdue)},
        "calls": {"total": d.calls_total, "oldest_since": d.calls_oldest},
        "handovers_pending": d.handovers_pending,
        "duty": None
        if d.on_duty is None
        else {
            "company": d.on_duty.company,
            "source": d.on_duty.source,
            "source_id": d.on_duty.source_id,
        },
        "changes": [
            {
                "date": c.date.isoformat(),
                "outgoing": c.outgoing,
                "incoming": c.incoming,
                "cause": c.cause,
                "override_id": c.override.id if c.override is not None else None,
            }
            for c in d.changes
        ],
        "overrides": [
            {
                "id": o.id,
                "start": o.start.isoformat(),
                "end": o.end.isoformat(),
                "company": o.company,
                "reason": o.reason,
            }
            for o in d.overrides
        ],
        "estate_versions": [
            {"date": v.from_text, "number": v.number, "changes": [c.as_data() for c in changes]}
            for v, changes in d.estate_versions
        ],
        "meetings": [
            {
                "id": m.id,
                "date": m.date,
                "time": m.time,
                "kind": m.kind,
                "title": m.title,
                "place": m.place,
            }
            for m in d.meetings
        ],
    }
    out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
