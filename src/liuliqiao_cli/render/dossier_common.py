"""What every dossier format shows, as plain rows of text: section headings, the facts table,
the agenda columns ... Each renderer (Markdown, HTML, Word, Excel) only lays these out, so the
four formats cannot drift apart. No escaping here: that is each format's business.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from liuliqiao_cli.estate.version_diff import Change
from liuliqiao_cli.i18n import current_language, t
from liuliqiao_cli.meetings.dossier_model import AgendaItem, Dossier
from liuliqiao_cli.render.agreement_view import changes_text
from liuliqiao_cli.render.charts import BAR_WIDTH, percent_text, text_bar
from liuliqiao_cli.render.text import cells

BLANK_DECISION_ROWS = 5
# Characters XML 1.0 cannot hold (Word and Excel files are XML): dropped from complaint text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: object) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def display_width(text: str) -> int:
    """Columns a text needs (its widest line): East Asian wide and full-width characters count
    as two."""
    return max(cells(line) for line in text.split("\n"))


# Chinese, kana, Korean and full-width forms: one character class for the patterns below.
_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)

# Word and LibreOffice put a quarter of an em between Chinese and a Latin letter or digit ("1号楼5单元"
# prints as "1 号楼 5 单元"): half a display column per such boundary. Latin letters of a fallback
# font run wider than half an em (digits do not): a tenth more for each.
_LETTER = re.compile("[A-Za-z]")
_SPACED = re.compile(f"(?<=[{_WIDE}])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[{_WIDE}])")


# Block elements (the bars of render/charts.py) are "ambiguous" width: a CJK font prints them an
# em wide, two display columns.
_BLOCK = re.compile("[\u2580-\u259f]")


def printed_width(text: str) -> float:
    """Display width of ``text``'s widest line as it prints, boundaries spaced."""
    widest = 0.0
    for line in text.split("\n"):
        width = display_width(line) + 0.1 * len(_LETTER.findall(line))
        if not line.isascii():
            width += len(_BLOCK.findall(line))
        if not line.isascii():
            width += 0.5 * len(_SPACED.findall(line))
        widest = max(widest, width)
    return widest


# A line may break between two Chinese characters, never inside a run of Latin letters and digits
# ("2026-11-19", "139****5678", "15/0/1"): the widest such run is as narrow as a column can get.
# A short line (a place, a status, an item: up to six Chinese characters) stays whole: "1号楼5单 /
# 元" and "已回访结 / 案" read badly.
_LATIN_RUN = re.compile(f"[^\\s{_WIDE}]+")
_SHORT_LINE = 12
# Headings are set in bold, a little wider than the same text in regular weight.
_BOLD = 1.1
# A heading stays whole (a column headed "诉求编 / 号" reads as two words); it may only break at a
# space or before a parenthesis: "服务项目 / （管理方式）".
_HEADING_BREAK = re.compile(r"\s+|(?=[（(])")


def _measured(text: str, measure: Callable[[str], float]) -> tuple[float, float]:
    """(widest line, the narrowest a column holding ``text`` can be without breaking a word or a
    short line), each line measured once."""
    widest: float = 0
    least: float = 0
    for line in text.split("\n"):
        width = measure(line)
        widest = max(widest, width)
        if width > _SHORT_LINE:
            width = max((len(run) for run in _LATIN_RUN.findall(line)), default=0)
            width = max(width, 2 if not line.isascii() else 0)
        least = max(least, width)
    return widest, least


def heading_narrowest(text: str) -> int:
    """The narrowest a column headed ``text`` can be: its widest part between breaks."""
    return max((display_width(part) for part in _HEADING_BREAK.split(text) if part), default=0)


def heading_lines(text: str, width: float, measure: Callable[[str], float] = display_width) -> str:
    """A heading broken into lines ("\\n") that fit ``width``, only where a heading may break:
    left to Word, "服务项目（管理方式）" in a narrow column came out as "服务项目（管理方 / 式）"."""
    if measure(text) <= width:
        return text
    # Pieces that each start at a break: "Votes", " (for/against/abstain)".
    pieces = [p for p in re.findall(r"\s*[（(]?[^\s（(]*", text) if p]
    lines = [pieces[0]]
    for piece in pieces[1:]:
        if measure(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece.lstrip())
    return "\n".join(lines)


def column_widths(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    available: float,
    measure: Callable[[str], float] = display_width,
) -> list[float]:
    """Widths (in display columns, a Chinese character being two) for a table to fit in
    ``available`` columns, from its content: a column as wide as its longest line when they all
    fit; otherwise the short columns keep their width and the long ones (complaint text,
    history) share what is left in proportion to their length, each wrapping at its width. No
    column gets narrower than its heading or its longest unbreakable word unless even those
    cannot fit, and then all shrink alike. ``measure`` gives a text's width (its widest line)."""
    natural: list[float] = [_BOLD * measure(h) for h in header]
    floor: list[float] = [_BOLD * heading_narrowest(h) for h in header]
    seen: dict[str, tuple[float, float]] = {}  # most cells repeat: a status, a date, an item
    for row in rows:
        for i, value in enumerate(row):
            if value:
                got = seen.get(value)
                if got is None:
                    got = seen[value] = _measured(value, measure)
                if got[0] > natural[i]:
                    natural[i] = got[0]
                if got[1] > floor[i]:
                    floor[i] = got[1]
    natural = [max(n, f, 1) for n, f in zip(natural, floor, strict=True)]
    if sum(natural) <= available:
        return [float(n) for n in natural]
    if sum(floor) >= available:
        return [available * f / sum(floor) for f in floor]
    # Which columns are long: those above the water level, the largest cap with
    # sum(min(natural, max(cap, floor))) still within the available width (a binary search on a
    # monotone function) ...
    low, high = 0.0, float(max(natural))
    for _ in range(40):
        cap = (low + high) / 2
        if sum(min(n, max(cap, f)) for n, f in zip(natural, floor, strict=True)) <= available:
            low = cap
        else:
            high = cap
    widths = [float(n) for n in natural]
    long = {i for i, (n, f) in enumerate(zip(natural, floor, strict=True)) if n > max(low, f)}
    # ... then what the short ones leave goes to the long ones in proportion to their length,
    # a column that would fall under its floor held there (and the rest shared again).
    while long:
        budget = available - sum(w for i, w in enumerate(widths) if i not in long)
        share = budget / sum(natural[i] for i in long)
        held = {i for i in long if natural[i] * share < floor[i]}
        for i in long:
            widths[i] = floor[i] if i in held else natural[i] * share
        if not held:
            break
        long -= held
    return widths


def headings() -> list[str]:
    """Headings of sections 2-7 (section 1 is the title)."""
    return [t(f"dossier.h{n}") for n in range(2, 8)]


def lead(d: Dossier) -> str:
    privacy = t("dossier.contacts_shown") if d.with_contacts else t("dossier.contacts_masked")
    which = t(f"dossier.as_of.{d.as_of_kind}")
    return t("dossier.lead", as_of=d.as_of, which=which, privacy=privacy)


def facts_rows(d: Dossier) -> list[tuple[str, str]]:
    if d.facts is None:
        return [(t("dossier.f.period"), f"{d.period_since} ~ {d.period_until}")]
    f = d.facts
    if f.expected == 0:  # attendance not recorded yet: lines to fill in on paper
        counts, present, absent = t("dossier.fill_in"), "", ""
    else:
        counts = t("dossier.expected_present", expected=f.expected, present=len(f.present))
        present, absent = t("find.list_sep").join(f.present), t("find.list_sep").join(f.absent)
    return [
        (t("dossier.f.kind"), f.kind_name),
        (t("dossier.f.number"), t("dossier.number", year=f.date[:4], number=f.number)),
        (t("dossier.f.date"), f.date),
        (t("dossier.f.time"), f.time),
        (t("dossier.f.place"), f.place),
        (t("dossier.f.host"), f.host),
        (t("dossier.f.recorder"), f.recorder),
        (t("dossier.f.expected"), counts),
        (t("dossier.f.present"), present),
        (t("dossier.f.absent"), absent),
        (t("dossier.f.period"), f"{d.period_since} ~ {d.period_until}"),
    ]


def duty_rows(d: Dossier) -> list[tuple[str, str]]:
    u = d.duty
    rows = [(t("dossier.d.date"), u.date), (t("dossier.d.company"), u.company_name)]
    if u.source != "none":
        rows += [
            (t("dossier.d.source"), t(f"dossier.d.source.{u.source}")),
            (t("dossier.d.period"), f"{u.period_start} ~ {u.period_end}"),
            (t("dossier.d.next"), f"{u.next_handover or ''} {u.next_company_name}".strip()),
        ]
    for on, number, changes in u.estate_versions:  # the agreement changed in the period
        text = changes_text([Change.from_data(c) for c in changes], current_language(), most=3)
        rows.append(
            (
                t("dossier.d.estate_version"),
                t("dossier.estate_version", date=on, number=number, changes=text),
            )
        )
    return rows


def override_header() -> list[str]:
    return [
        t("dossier.o.period"),
        t("dossier.o.company"),
        t("dossier.o.reason"),
        t("dossier.o.meeting"),
    ]


def override_rows(d: Dossier) -> list[list[str]]:
    return [
        [f"{o.start} ~ {o.end}", o.company_name, o.reason, str(o.meeting_id or "")]
        for o in d.duty.overrides
    ]


def building_header() -> list[str]:
    return [t("dossier.b.building"), t("dossier.b.company"), t("dossier.b.items")]


def building_rows(d: Dossier) -> list[list[str]]:
    items = t("find.list_sep").join(d.duty.separate_items)
    return [[b, c, items] for b, c in d.duty.buildings]


def followup_header() -> list[str]:
    return [
        t("dossier.u.complaint"),
        t("dossier.u.decision"),
        t("dossier.u.owner"),
        t("dossier.u.due"),
        t("dossier.u.status"),
        t("dossier.u.state"),
    ]


def followup_rows(d: Dossier) -> list[list[str]]:
    return [
        [
            str(f.complaint_name or f.complaint_id or ""),
            f.decision,
            f.owner_name,
            f.due or "",
            f.complaint_status_name,
            f.state_name,
        ]
        for f in d.followup
    ]


def agenda_header() -> list[str]:
    return [
        t(f"dossier.a.{k}")
        for k in (
            "id",
            "where",
            "item",
            "source",
            "received",
            "status",
            "days",
            "deadline",
            "text",
            "contact",
            "history",
            "reason",
        )
    ]


def agenda_cells(a: AgendaItem) -> list[str]:
    contact = " ".join(x for x in (a.contact_name, a.contact_phone) if x)
    status = a.status_name + (t("dossier.overdue_mark") if a.overdue else "")
    status += t("dossier.late_mark") if a.late else ""
    return [
        a.number,
        a.where,
        t("dossier.item_scope", item=a.item_name, scope=a.scope_name),
        a.source_name,
        a.received_at[:10],
        status,
        str(a.days_open),
        (a.resolve_by or "")[:10],
        a.text,
        contact,
        "；".join(a.history),
        a.reason_name,
    ]


def group_title(company: str, building: str, count: int) -> str:
    return t("dossier.group", company=company, building=building, count=count)


def figure_rows(d: Dossier) -> list[tuple[str, str]]:
    f = d.figures
    rows = [
        (t(f"dossier.n.{k}"), str(getattr(f, k)))
        for k in ("received", "resolved", "closed", "open", "overdue")
    ]
    for r in f.rates:
        value = (
            t(
                "dossier.rate_value",
                percent=f"{r.percent:.1f}",
                numerator=r.numerator,
                denominator=r.denominator,
            )
            if r.percent is not None
            else t("dossier.rate_none")
        )
        rows.append((r.name, value))
    if f.reminders:
        sep = "，" if current_language() == "zh" else ", "
        rows.append((t("dossier.n.reminders"), sep.join(f"{k} {n}" for k, n in f.reminders)))
    return rows


def breakdown_rows(pairs: Sequence[tuple[str, int]]) -> list[list[str]]:
    """(label, count, bar) rows of a breakdown: the bars drawn in text (render/charts.py)."""
    peak = max((n for _, n in pairs), default=0)
    return [[label, str(n), text_bar(n, peak)] for label, n in pairs]


def breakdown_rows_short(pairs: Sequence[tuple[str, int]]) -> list[tuple[str, str, str]]:
    """As :func:`breakdown_rows`, with bars half as long (three breakdowns side by side)."""
    peak = max((n for _, n in pairs), default=0)
    return [(label, str(n), text_bar(n, peak, BAR_WIDTH // 2)) for label, n in pairs]


def trend_header() -> list[str]:
    chart = t("dossier.col.chart")
    return [t("dossier.col.month"), t("dossier.n.received"), chart, t("dossier.n.closed"), chart]


def trend_rows(d: Dossier) -> list[list[str]]:
    """The twelve months: received and closed, each with its bar (one scale for both)."""
    f = d.figures
    peak = max([*f.trend_received, *f.trend_closed, 0])
    return [
        [month, str(r), text_bar(r, peak, 12), str(c), text_bar(c, peak, 12)]
        for month, r, c in zip(f.trend_months, f.trend_received, f.trend_closed, strict=True)
    ]


def rate_trend_header(d: Dossier) -> list[str]:
    return [t("dossier.col.month")] + [
        t("dossier.rate_of", company=s.company_name, rate=s.name) for s in d.figures.trend_rates
    ]


def rate_trend_rows(d: Dossier) -> list[list[str]]:
    """Each month's three rates per company, with their counts ("63% (19/30)", "-" for none)."""
    f = d.figures
    return [
        [month] + [percent_text(*s.values[i]) for s in f.trend_rates]
        for i, month in enumerate(f.trend_months)
    ]


def decision_header() -> list[str]:
    return [
        t("dossier.k.no"),
        t("dossier.k.complaint"),
        t("dossier.k.decision"),
        t("dossier.k.owner"),
        t("dossier.k.due"),
        t("dossier.k.votes"),
    ]


def decision_rows(d: Dossier) -> list[list[str]]:
    """Decisions already recorded for this meeting, then blank rows to fill in on paper."""
    rows = [
        [
            str(i + 1),
            str(x.complaint_name or x.complaint_id or ""),
            x.decision,
            x.owner_name,
            x.due or "",
            x.votes,
        ]
        for i, x in enumerate(d.decisions)
    ]
    rows += [[str(len(rows) + i + 1), "", "", "", "", ""] for i in range(BLANK_DECISION_ROWS)]
    return rows


def signature_lines(d: Dossier) -> list[str]:
    return [t("dossier.sign_line", who=who) for who in d.signatures]
