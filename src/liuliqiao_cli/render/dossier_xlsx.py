"""The dossier as an Excel ledger (台账): one row per agenda complaint with all its fields
and the decision columns; header frozen, widths fitted to Chinese text (a CJK character counts
as two), long texts wrapped, dates and times as real Excel dates, every code (urgency, status,
source ...) shown by its name in the reader's language. A second sheet holds the figures, each
column headed (the rates with their numerator and denominator).

Both sheets are set up to print: A4, one page wide (as many pages down as it takes), the header
row repeated on every page, grid lines printed, the title at the top and "page / pages" at the
foot of each page.

Text that a spreadsheet would read as a formula (``render.output.safe_cell``: = + - @ ...) is
written as a text cell with Excel's quote prefix, so it shows exactly as typed and never runs.
The file is written by :mod:`~liuliqiao_cli.render.xlsx_writer` (openpyxl's import alone cost
more than the minimal Typer app's whole run); its rows are kept as XML text, so 10,000 rows need
little memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import AgendaItem, Dossier
from liuliqiao_cli.render import dossier_xlsx_charts as xlsx_charts
from liuliqiao_cli.render.dossier_common import clean
from liuliqiao_cli.render.dossier_widths import display_width
from liuliqiao_cli.render.output import safe_cell
from liuliqiao_cli.render.xlsx_writer import Cell, Column, PageSetup, Style, Workbook, column_letter

MAX_WIDTH = 20  # a longer text wraps: the sheet must fit one A4 page wide when printed
MIN_WIDTH = 6
# Columns whose text is long by nature wrap at this width rather than at MAX_WIDTH.
WRAP_WIDTH = {"text": 30, "decision": 20, "history": 14, "item": 16}
# Building, unit, room and public place are all in the "where" column too: kept for sorting and
# filtering, grouped and folded (the [+] above them unfolds them), so that they do not take a
# fifth of the printed page's width.
DETAIL_COLUMNS = ("building", "unit", "room", "place")
LINE_HEIGHT = 16  # points: a line of 11-point Chinese text, with room to spare
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
SHADE = "E7E6E6"  # the column headings' fill


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


COLUMNS = (
    "id",
    "building",
    "unit",
    "room",
    "place",
    "where",
    "item",
    "scope",
    "company",
    "source",
    "urgency",
    "ref",
    "received",
    "status",
    "days",
    "respond_by",
    "deadline",
    "overdue",
    "text",
    "name",
    "phone",
    "history",
    "reason",
    "decision",
    "owner",
    "due",
    "votes",
)
_HEADER_KEYS = {
    "id": "dossier.a.id",
    "where": "dossier.a.where",
    "source": "dossier.a.source",
    "received": "dossier.a.received",
    "status": "dossier.a.status",
    "days": "dossier.a.days",
    "deadline": "dossier.a.deadline",
    "text": "dossier.a.text",
    "history": "dossier.a.history",
    "reason": "dossier.a.reason",
}


def header() -> list[str]:
    return [t(_HEADER_KEYS.get(k, f"dossier.x.{k}")) for k in COLUMNS]


def row(a: AgendaItem, decisions: Sequence[Any]) -> list[Any]:
    yes, no = t("dossier.yes"), t("dossier.no")
    return [
        a.name or a.id,
        a.building,
        a.unit,
        a.room or "",
        a.place or "",
        a.where,
        a.item_name,
        a.scope_name,
        a.company_name,
        a.source_name,
        a.urgency_name,
        a.ref or "",
        _datetime(a.received_at),
        a.status_name + (t("dossier.late_mark") if a.late else ""),
        a.days_open,
        _datetime(a.respond_by),
        _datetime(a.resolve_by),
        yes if a.overdue else no,
        a.text,
        a.contact_name,
        a.contact_phone,
        "\n".join(a.history),
        a.reason_name,
        "\n".join(x.decision for x in decisions),
        "\n".join(x.owner_name for x in decisions),
        _date(next((x.due for x in decisions if x.due), None)),
        "\n".join(x.votes for x in decisions),
    ]


def _cell(
    value: Any, fmt: str = "", bold: bool = False, wrap: bool = False, head: bool = False
) -> Any:
    """A value as written: plain values go as they are (cheap), the others as styled cells. A
    text with a line break, or ``wrap`` (wider than its column), wraps; ``head`` is a shaded,
    bold column heading, centred down its row. Text that would read as a formula is kept text.

    Wrapped text keeps Excel's bottom alignment, like every other cell of its row: aligning a
    whole tall row at the top takes a styled cell for each value, and a row half at the top,
    half at the bottom reads worse."""
    if isinstance(value, str):
        text = clean(value)
        formula_like = safe_cell(text) != text
        wrap = wrap or "\n" in text
        if not (formula_like or wrap or fmt or bold or head):
            return text
        style = Style(
            number_format=fmt,
            bold=bold or head,
            fill=SHADE if head else "",
            wrap=wrap or head,
            vertical="center" if head else "",
            quote_prefix=formula_like,
        )
        return Cell(text, style)
    if isinstance(value, datetime):
        fmt = fmt or DATETIME_FORMAT
    elif isinstance(value, date):
        fmt = fmt or DATE_FORMAT
    return Cell(value, Style(number_format=fmt, bold=bold)) if fmt or bold else value


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return display_width(str(value))


def _header_footer_text(text: str) -> str:
    # "&" starts a code in a header or footer ("&P" is the page number): a literal one is "&&".
    return text.replace("&", "&&")


def _page(title: str, landscape: bool) -> PageSetup:
    """A4, one page wide and as many pages down as it takes, grid lines printed, the title at
    the top of each page and "page / pages" at the foot."""
    return PageSetup(header=_header_footer_text(clean(title)), landscape=landscape)


def _heading_width(text: str) -> int:
    """The width a column heading needs: a Chinese heading whole on one line (Excel would break
    "紧急程度" as "紧急程 / 度"), an English one may break between words."""
    return max(display_width(word) for word in text.split()) if text.strip() else 0


def _column_widths(head: Sequence[str], measured: Sequence[Sequence[int]]) -> list[int]:
    """Each column as wide as its longest line and its heading, plus padding, up to MAX_WIDTH
    (a long-text column: its WRAP_WIDTH); longer texts wrap. ``measured``: each row's widths."""
    widths = [_heading_width(h) for h in head]
    for row_widths in measured:
        widths = [max(w, v) for w, v in zip(widths, row_widths, strict=True)]
    caps = [WRAP_WIDTH.get(k, MAX_WIDTH) for k in COLUMNS]
    return [min(max(w + 2, MIN_WIDTH), cap) for w, cap in zip(widths, caps, strict=True)]


def _lines(value: Any, measured: int, width: int) -> int:
    """Lines a value ``measured`` wide (its widest line) takes in a column ``width`` wide,
    wrapped as Excel wraps, near enough."""
    room = width - 2
    if measured <= room:
        return value.count("\n") + 1 if isinstance(value, str) else 1
    return sum(max(1, -(-display_width(line) // room)) for line in value.split("\n"))


def _ledger(wb: Workbook, d: Dossier) -> None:
    by_complaint: dict[int, list[Any]] = {}
    for x in d.decisions:
        if x.complaint_id is not None:
            by_complaint.setdefault(x.complaint_id, []).append(x)
    head = header()
    rows = [row(a, by_complaint.get(a.id, ())) for a in d.agenda]
    measured = [[_width(v) for v in values] for values in rows]
    widths = _column_widths(head, measured)

    ws = wb.add_sheet(t("dossier.sheet_ledger"), _page(d.title, landscape=True))
    ws.freeze = "B2"  # header row and the complaint number stay in view
    ws.print_title_rows = "1:1"  # and the header row is printed on every page
    for i, (key, w) in enumerate(zip(COLUMNS, widths, strict=True), start=1):
        detail = key in DETAIL_COLUMNS
        ws.columns[i] = Column(w, hidden=detail, outline_level=1 if detail else 0)
    # A row holding wrapped text is given the height of its tallest cell: LibreOffice keeps
    # the default height of a row written without one, showing the first line only.
    head_lines = max(_lines(h, display_width(h), w) for h, w in zip(head, widths, strict=True))
    ws.append([_cell(h, head=True) for h in head], height=LINE_HEIGHT * head_lines)
    for values, row_widths in zip(rows, measured, strict=True):
        lines = [_lines(*cell) for cell in zip(values, row_widths, widths, strict=True)]
        tallest = max(lines)
        ws.append(
            [_cell(v, wrap=k > 1) for v, k in zip(values, lines, strict=True)],
            height=LINE_HEIGHT * tallest if tallest > 1 else None,
        )
    if rows:
        ws.auto_filter = f"A1:{column_letter(len(head))}{len(rows) + 1}"


def _figures(wb: Workbook, d: Dossier) -> None:
    fs = wb.add_sheet(t("dossier.sheet_figures"), _page(d.title, landscape=False))
    for i, width in enumerate((30, 12, 12, 12), start=1):
        fs.columns[i] = Column(width)
    fs.append([_cell(clean(d.title), bold=True)])
    fs.append([_cell(t("dossier.period", since=d.figures.since, until=d.figures.until))])
    fs.append([])
    f = d.figures
    fs.append([_cell(t("dossier.col.figure"), head=True), _cell(t("dossier.col.count"), head=True)])
    for key in ("received", "resolved", "closed", "open", "overdue"):
        fs.append([_cell(t(f"dossier.n.{key}")), getattr(f, key)])
    fs.append([])
    # Each rate with its counts, every column headed: a bare "7  11" reads as nothing.
    fs.append(
        [
            _cell(t(key), head=True)
            for key in (
                "dossier.col.figure",
                "rates.col.numerator",
                "rates.col.denominator",
                "rates.col.rate",
            )
        ]
    )
    for r in f.rates:
        share = (r.numerator / r.denominator) if r.denominator else None
        fs.append([_cell(r.name), r.numerator, r.denominator, _cell(share, fmt="0.0%")])
    ranges = {}
    for key, title, pairs in (
        ("building", t("dossier.by_building"), f.by_building),
        ("company", t("dossier.by_company"), f.by_company),
        ("item", t("dossier.by_item"), f.by_item),
        ("reminders", t("dossier.n.reminders"), f.reminders),
    ):
        fs.append([])
        fs.append([_cell(title, head=True), _cell(t("dossier.col.count"), head=True)])
        heading = len(fs.rows)
        for label, n in pairs:
            fs.append([_cell(label), n])
        ranges[key] = (heading, len(fs.rows))  # heading row, last data row
    xlsx_charts.breakdown_charts(fs, ranges)


def write(d: Dossier, path: Path) -> None:
    wb = Workbook()
    _ledger(wb, d)
    _figures(wb, d)
    if d.figures.trend_months:
        xlsx_charts.trend_sheet(wb, d, _cell, _page(d.title, landscape=True))
    # Dated by the data, not by the clock: the same dossier gives the same file.
    wb.save(path, datetime.fromisoformat(d.as_of))
