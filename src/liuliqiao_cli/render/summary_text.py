"""The summary as plain text (cron mail) and Markdown, and the terminal bars.

Text and Markdown come from one list of blocks (headings, lines, tables), so both say the same
thing. Plain text aligns tables by display width (a Chinese character is two cells) and uses no
ambiguous-width symbols, so a mail client with a monospaced font shows straight columns. Nothing
here queries the database or reads the clock: the output is a pure function of the Summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from liuliqiao_cli.complaints.status import MOVED_KINDS
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render import agreement_view
from liuliqiao_cli.render.summary_households import household_lines
from liuliqiao_cli.render.text import cells, markdown_line, one_line
from liuliqiao_cli.reports import rates
from liuliqiao_cli.reports.recurring import (
    RECURRING_DAYS,
    RECURRING_MIN,
    SPIKE_MAX_DAYS,
    SPIKE_MIN_EXCESS,
    USUAL_PERIODS,
)
from liuliqiao_cli.reports.summary import Summary

SMALL_MARK = "*"


class Names:
    """Display names of codes in one language (the estate is passed in, never queried)."""

    def __init__(self, estate: Any, lang: str) -> None:
        self.estate = estate
        self.lang = lang

    def company(self, code: str | None) -> str:
        if code is None:
            return t("summary.none", self.lang)
        if code == rates.ALL:
            return t("summary.all", self.lang)
        return self.estate.company_name(code, self.lang)

    def item(self, code: str) -> str:
        if code == rates.ALL:
            return t("summary.all", self.lang)
        return self.estate.item_name(code, self.lang)

    def building(self, key: str | int | None) -> str:
        if key is None or key == rates.PUBLIC:
            return t("summary.public", self.lang)
        if key == rates.ALL:
            return t("summary.all", self.lang)
        return t("summary.building", self.lang, number=key)

    def group(self, by: str | None, key: str) -> str:
        if key == rates.ALL:
            return t("summary.all", self.lang)
        if by == "company":
            return self.company(key)
        if by == "building":
            return self.building(key)
        if by == "item":
            return self.item(key)
        return key

    def source(self, code: str) -> str:
        return t(f"source.{code}", self.lang)

    def status(self, code: str) -> str:
        return t(f"status.{code}", self.lang)

    def place(
        self, building: int | None, unit: int | None, room: str | None, place: str | None
    ) -> str:
        if building is None:
            return place or t("summary.public", self.lang)
        text = t("summary.building", self.lang, number=building)
        if unit is not None:
            text += t("summary.unit", self.lang, number=unit)
        if room:
            text += t("summary.room", self.lang, room=room)
        return text


def rate_text(rate: rates.Rate, lang: str) -> str:
    """``85.0% 17/20``, ``n/a 0/0`` (无 0/0), with a ``*`` when the denominator is under the
    small-sample threshold."""
    value = rate.rate
    shown = t("summary.na", lang) if value is None else f"{value * 100:.1f}%"
    mark = SMALL_MARK if rate.small and rate.denominator else ""  # "n/a 0/0" says it already
    return f"{shown} {rate.numerator}/{rate.denominator}{mark}"


@dataclass
class Block:
    kind: str  # title | heading | line (top level) | para (in a section) | item | table
    text: str = ""
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    right: tuple[bool, ...] = ()  # right-aligned columns


def _counts_line(label: str, counts: dict[str, int], name: Any, sep: str, lang: str) -> str:
    return label + sep.join(
        t("summary.count", lang, name=name(k), count=n) for k, n in counts.items()
    )


def blocks(s: Summary, estate: Any, lang: str) -> list[Block]:
    names = Names(estate, lang)
    p = s.period

    def tr(key: str, **kw: Any) -> str:
        return t(key, lang, **kw)

    sep = tr("summary.sep")
    info = getattr(estate, "info", {})
    # Chinese: "丰台路口社区望园西里北区", as on the meeting dossiers; English: the estate's English name.
    estate_name = (
        info.get("name_en") if lang != "zh" else info.get("community", "") + s.estate
    ) or s.estate
    out: list[Block] = [
        Block(
            "title",
            tr(
                f"summary.title.{p.kind}",
                estate=estate_name,
                label=p.label,
                since=p.since.isoformat(),
                until=p.until.isoformat(),
            ),
        ),
        Block(
            "line",
            tr(
                "summary.as_of" if s.as_of >= p.end else "summary.as_of_open",
                as_of=s.as_of.strftime("%Y-%m-%d %H:%M"),
                now=s.now.strftime("%Y-%m-%d %H:%M"),
            ),
        ),
    ]
    if s.before_first_complaint:
        first = s.first_complaint.isoformat() if s.first_complaint else None
        out.append(
            Block(
                "line",
                tr("summary.before_first", first=first) if first else tr("summary.ledger_empty"),
            )
        )
    elif s.nothing_happened:
        out.append(Block("line", tr("summary.nothing")))

    # Duty
    d = s.duty
    out.append(Block("heading", tr("summary.h.duty")))
    if d.at_start is None:
        out.append(Block("item", tr("summary.duty.none")))
    elif d.at_start == d.at_end:
        out.append(Block("item", tr("summary.duty.one", company=names.company(d.at_start))))
    else:
        out.append(
            Block(
                "item",
                tr(
                    "summary.duty.two", start=names.company(d.at_start), end=names.company(d.at_end)
                ),
            )
        )
    for h in d.handovers:
        key = "summary.duty.handover_in" if h.on <= p.until else "summary.duty.handover_next"
        out.append(Block("item", tr(key, date=h.on.isoformat(), company=names.company(h.company))))
    for o in d.overrides:
        out.append(
            Block(
                "item",
                tr(
                    "summary.duty.override",
                    start=o.start.isoformat(),
                    end=o.end.isoformat(),
                    company=names.company(o.company),
                    reason=o.reason,
                ),
            )
        )
    for v in d.estate_versions:
        key = "summary.estate_version" if v.on <= p.until else "summary.estate_version_next"
        changes = agreement_view.changes_text(list(v.changes), lang, most=3)
        out.append(Block("item", tr(key, date=v.on.isoformat(), number=v.number, changes=changes)))
    if d.handover_pending:
        out.append(Block("item", tr("summary.handover_pending", count=d.handover_pending)))

    # Received
    r = s.received
    out.append(
        Block(
            "heading",
            tr("summary.h.received", total=r.total, residents=r.residents, proactive=r.proactive),
        )
    )
    if r.total:
        out.append(
            Block(
                "item", _counts_line(tr("summary.by_source"), r.by_source, names.source, sep, lang)
            )
        )
        out.append(
            Block(
                "item",
                _counts_line(tr("summary.by_building"), r.by_building, names.building, sep, lang),
            )
        )
        out.append(
            Block(
                "item",
                _counts_line(tr("summary.by_company"), r.by_company, names.company, sep, lang),
            )
        )
        out.append(Block("item", tr("summary.scope", joint=r.joint, separate=r.separate)))
        out.append(
            Block("item", _counts_line(tr("summary.by_item"), r.by_item, names.item, sep, lang))
        )

    # Moved
    out.append(Block("heading", tr("summary.h.moved")))
    companies = list(s.companies) or sorted({c for per in s.moved.values() for c in per})
    out.append(
        Block(
            "table",
            headers=(
                tr("summary.col.step"),
                *(names.company(c) for c in companies),
                tr("summary.col.total"),
            ),
            rows=tuple(
                (
                    tr(f"summary.moved.{k}"),
                    *(str(s.moved[k].get(c, 0)) for c in companies),
                    str(sum(s.moved[k].values())),
                )
                for k in MOVED_KINDS
            ),
            right=(False, *(True for _ in companies), True),
        )
    )

    # Backlog and overdue
    as_of = s.as_of.strftime("%Y-%m-%d %H:%M")
    out.append(Block("heading", tr("summary.h.backlog", as_of=as_of, total=s.backlog_total)))
    if s.backlog_total:
        out.append(
            Block(
                "table",
                headers=(
                    tr("summary.col.status"),
                    *(names.company(c) for c in companies),
                    tr("summary.col.total"),
                ),
                rows=tuple(
                    (
                        names.status(st),
                        *(str(per.get(c, 0)) for c in companies),
                        str(sum(per.values())),
                    )
                    for st, per in s.backlog.items()
                ),
                right=(False, *(True for _ in companies), True),
            )
        )
    if s.overdue_total:
        out.append(Block("para", tr("summary.overdue", total=s.overdue_total)))
        out.append(
            Block(
                "table",
                headers=(
                    tr("summary.col.number"),
                    tr("summary.col.place"),
                    tr("summary.col.item"),
                    tr("summary.col.company"),
                    tr("summary.col.received"),
                    tr("summary.col.days"),
                ),
                rows=tuple(
                    (
                        f"#{s.labels.get(o.number, o.number)}",
                        names.place(o.building, o.unit, o.room, o.place),
                        names.item(o.item),
                        names.company(o.company),
                        o.received_at[:10],
                        str(o.days_overdue),
                    )
                    for o in s.overdue
                ),
                right=(True, False, False, False, False, True),
            )
        )
        if s.overdue_total > len(s.overdue):
            out.append(
                Block("para", tr("summary.overdue_more", more=s.overdue_total - len(s.overdue)))
            )
    else:
        out.append(Block("para", tr("summary.overdue_none")))

    # Rates
    out.append(Block("heading", tr("summary.h.rates")))
    rate_headers = (
        tr("summary.col.scope"),
        tr("summary.col.company"),
        tr("summary.rate.response"),
        tr("summary.rate.resolution"),
        tr("summary.rate.satisfaction"),
    )
    rows = []
    for label, group_rows in (
        (tr("summary.rates.period"), s.rates_period),
        (tr("summary.rates.ytd", since=s.ytd_since.isoformat()), s.rates_ytd),
    ):
        for g in group_rows:
            rows.append((label, names.company(g.group), *(rate_text(x, lang) for x in g.each())))
    out.append(
        Block(
            "table", headers=rate_headers, rows=tuple(rows), right=(False, False, True, True, True)
        )
    )
    small = s.rates_period[-1].response.small_sample if s.rates_period else 5
    out.append(Block("para", tr("summary.rates.note", small=small)))

    # Recurring problems and spikes
    out.append(Block("heading", tr("summary.h.recurring")))
    out.append(
        Block("para", tr("summary.recurring.rule", days=RECURRING_DAYS, times=RECURRING_MIN))
    )
    if s.recurring:
        for rec in s.recurring:
            where = (
                names.building(rec.building)
                if rec.building is not None
                else (rec.place or names.building(None))
            )
            out.append(
                Block(
                    "item",
                    tr(
                        "summary.recurring",
                        where=where,
                        item=names.item(rec.item),
                        count=rec.count,
                        numbers=_numbers(rec.numbers, tr, s.labels),
                    ),
                )
            )
    else:
        out.append(Block("item", tr("summary.none_found")))
    out.extend(
        Block(kind, text) for kind, text in household_lines(s.households, names, tr, s.labels)
    )
    out.append(Block("heading", tr("summary.h.spikes")))
    if p.days > SPIKE_MAX_DAYS:
        out.append(Block("para", tr("summary.spikes.long", days=p.days)))
        return out
    out.append(
        Block(
            "para",
            tr("summary.spikes.rule", periods=USUAL_PERIODS, days=p.days, excess=SPIKE_MIN_EXCESS),
        )
    )
    if s.spikes:
        for sp in s.spikes:
            out.append(
                Block(
                    "item",
                    tr(
                        "summary.spike",
                        item=names.item(sp.item),
                        count=sp.count,
                        usual=f"{sp.usual:.1f}",
                        periods=sp.periods,
                        numbers=_numbers(sp.numbers, tr, s.labels),
                    ),
                )
            )
    else:
        out.append(Block("item", tr("summary.none_found")))
    return out


NUMBERS_SHOWN = 20  # complaint numbers printed per line; JSON always has them all


def _numbers(numbers: tuple[int, ...], tr: Any, labels: dict[int, str] | None = None) -> str:
    """``#1 #2 #B3`` (a named complaint by its name); past NUMBERS_SHOWN, the latest ones and how
    many more (a mail line with 160 numbers is read by nobody; ``--format json`` lists every one)."""
    labels = labels or {}
    if len(numbers) <= NUMBERS_SHOWN:
        return " ".join(f"#{labels.get(n, n)}" for n in numbers)
    latest = " ".join(f"#{labels.get(n, n)}" for n in numbers[-NUMBERS_SHOWN:])
    return tr(
        "summary.numbers_more",
        shown=NUMBERS_SHOWN,
        numbers=latest,
        more=len(numbers) - NUMBERS_SHOWN,
    )


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - cells(text))
    return gap + text if right else text + gap


def _text_table(b: Block, indent: str = "  ") -> list[str]:
    widths = [max(cells(c) for c in col) for col in zip(b.headers, *b.rows, strict=True)]
    lines = []
    for row in (b.headers, *b.rows):
        parts = [
            _pad(c, w, b.right[i] if i < len(b.right) else False)
            for i, (c, w) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append((indent + "  ".join(parts)).rstrip())
    return lines


def _plain(b: Block) -> Block:
    """The block's texts on one line each, nothing in them a terminal would obey (a place, an
    item or an override's reason is typed text)."""
    rows = tuple(tuple(one_line(c) for c in row) for row in b.rows)
    return Block(b.kind, one_line(b.text), tuple(map(one_line, b.headers)), rows, b.right)


def to_text(bs: list[Block]) -> str:
    lines: list[str] = []
    for b in map(_plain, bs):
        if b.kind == "title":
            lines += [b.text, "=" * cells(b.text)]
        elif b.kind == "heading":
            lines += ["", b.text]
        elif b.kind == "item":
            lines.append("  " + b.text)
        elif b.kind == "line":
            lines.append(b.text)
        elif b.kind == "para":
            lines.append("  " + b.text)
        elif b.kind == "table":
            lines += _text_table(b)
    return "\n".join(lines) + "\n"


def to_markdown(bs: list[Block]) -> str:
    lines: list[str] = []
    for b in bs:
        if b.kind == "title":
            lines += [f"# {markdown_line(b.text)}", ""]
        elif b.kind == "heading":
            if lines and lines[-1] != "":
                lines.append("")
            lines += [f"## {markdown_line(b.text)}", ""]
        elif b.kind == "item":
            lines.append(f"- {markdown_line(b.text)}")
        elif b.kind in ("line", "para"):
            if lines and lines[-1] != "":
                lines.append("")
            lines += [markdown_line(b.text), ""]
        elif b.kind == "table":
            if lines and lines[-1] != "":
                lines.append("")
            lines.append("| " + " | ".join(markdown_line(h) for h in b.headers) + " |")
            lines.append("|" + "|".join("---:" if r else "---" for r in b.right) + "|")
            lines += ["| " + " | ".join(markdown_line(c) for c in row) + " |" for row in b.rows]
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
