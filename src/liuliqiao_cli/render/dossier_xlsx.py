"""The dossier as an Excel ledger (台账, openpyxl): one row per agenda complaint with all its fields
and the decision columns; header frozen, widths fitted to Chinese text (a CJK character counts
as two), long texts wrapped, dates and times as real Excel dates, every code (urgency, status,
source ...) shown by its name in the reader's language. A second sheet holds the figures, each
column headed (the rates with their numerator and denominator).

Both sheets are set up to print: A4, one page wide (as many pages down as it takes), the header
row repeated on every page, grid lines printed, the title at the top and "page / pages" at the
foot of each page.

Text that a spreadsheet would read as a formula (``render.output.safe_cell``: = + - @ ...) is
written as a text cell with Excel's quote prefix, so it shows exactly as typed and never runs.
openpyxl is imported inside :func:`write` only; the workbook is write-only (streamed), so 10,000
rows need little memory.
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
PAPER_A4 = 9  # ECMA-376's paperSize code


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


_STYLES: dict[str, Any] = {}


def _style(name: str) -> Any:
    """Style objects are made once: building one per cell costs more than writing the cell."""
    if not _STYLES:
        from openpyxl.styles import Alignment, Font, PatternFill

        # Wrapped text keeps Excel's bottom alignment, like every other cell of its row: aligning
        # a whole tall row at the top takes a styled cell for each value (twice the time of a
        # 10,000-row ledger), and a row half at the top, half at the bottom reads worse.
        _STYLES["wrap"] = Alignment(wrap_text=True)
        _STYLES["bold"] = Font(bold=True)
        _STYLES["head"] = Alignment(wrap_text=True, vertical="center")
        _STYLES["shade"] = PatternFill("solid", fgColor="E7E6E6")
    return _STYLES[name]


def _cell(
    ws: Any,
    value: Any,
    fmt: str | None = None,
    bold: bool = False,
    wrap: bool = False,
    head: bool = False,
) -> Any:
    """A value as written: plain values go as they are (cheap), the others as styled cells. A
    text with a line break, or ``wrap`` (wider than its column), wraps; ``head`` is a shaded,
    bold column heading."""
    from openpyxl.cell import WriteOnlyCell

    bold = bold or head
    if isinstance(value, str):
        text = clean(value)
        formula_like = safe_cell(text) != text
        wrap = wrap or "\n" in text
        if not (formula_like or wrap or fmt or bold):
            return text
        cell = WriteOnlyCell(ws, value=text)
        if formula_like:  # would be read as a formula: keep it text
            cell.data_type = "s"
            cell.quotePrefix = True
        if head:
            cell.alignment = _style("head")
            cell.fill = _style("shade")
        elif wrap:
            cell.alignment = _style("wrap")
    elif isinstance(value, (datetime, date)) or fmt or bold:
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
    else:
        return value
    if fmt:
        cell.number_format = fmt
    if bold:
        cell.font = _style("bold")
    return cell


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


def _print_setup(ws: Any, title: str, landscape: bool) -> None:
    """A4, one page wide and as many pages down as it takes, grid lines printed, the title at
    the top of each page and "page / pages" at the foot. Set before the first row is written:
    a write-only sheet streams its properties first."""
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4  # inches
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.oddHeader.center.text = _header_footer_text(clean(title))
    ws.oddHeader.center.size = 9
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.center.size = 9


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


def _ledger(wb: Any, d: Dossier) -> None:
    from openpyxl.utils import get_column_letter

    by_complaint: dict[int, list[Any]] = {}
    for x in d.decisions:
        if x.complaint_id is not None:
            by_complaint.setdefault(x.complaint_id, []).append(x)
    head = header()
    rows = [row(a, by_complaint.get(a.id, ())) for a in d.agenda]
    measured = [[_width(v) for v in values] for values in rows]
    widths = _column_widths(head, measured)

    ws = wb.create_sheet(t("dossier.sheet_ledger"))
    _print_setup(ws, d.title, landscape=True)
    ws.freeze_panes = "B2"  # header row and the complaint number stay in view
    ws.print_title_rows = "1:1"  # and the header row is printed on every page
    for i, (key, w) in enumerate(zip(COLUMNS, widths, strict=True), start=1):
        dimension = ws.column_dimensions[get_column_letter(i)]
        dimension.width = w
        if key in DETAIL_COLUMNS:
            dimension.outlineLevel = 1
            dimension.hidden = True
    ws.sheet_format.outlineLevelCol = 1
    # A row holding wrapped text is given the height of its tallest cell: LibreOffice keeps
    # the default height of a row written without one, showing the first line only.
    head_lines = max(_lines(h, display_width(h), w) for h, w in zip(head, widths, strict=True))
    ws.row_dimensions[1].height = LINE_HEIGHT * head_lines
    ws.append([_cell(ws, h, head=True) for h in head])
    for n, (values, row_widths) in enumerate(zip(rows, measured, strict=True), start=2):
        lines = [_lines(*cell) for cell in zip(values, row_widths, widths, strict=True)]
        if max(lines) > 1:
            ws.row_dimensions[n].height = LINE_HEIGHT * max(lines)
        ws.append([_cell(ws, v, wrap=k > 1) for v, k in zip(values, lines, strict=True)])
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(head))}{len(rows) + 1}"


def _figures(wb: Any, d: Dossier) -> None:
    fs = wb.create_sheet(t("dossier.sheet_figures"))
    _print_setup(fs, d.title, landscape=False)
    for letter, width in zip("ABCD", (30, 12, 12, 12), strict=True):
        fs.column_dimensions[letter].width = width
    fs.append([_cell(fs, clean(d.title), bold=True)])
    fs.append([_cell(fs, t("dossier.period", since=d.figures.since, until=d.figures.until))])
    fs.append([])
    f = d.figures
    fs.append(
        [
            _cell(fs, t("dossier.col.figure"), head=True),
            _cell(fs, t("dossier.col.count"), head=True),
        ]
    )
    for key in ("received", "resolved", "closed", "open", "overdue"):
        fs.append([_cell(fs, t(f"dossier.n.{key}")), getattr(f, key)])
    fs.append([])
    # Each rate with its counts, every column headed: a bare "7  11" reads as nothing.
    fs.append(
        [
            _cell(fs, t(key), head=True)
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
        fs.append([_cell(fs, r.name), r.numerator, r.denominator, _cell(fs, share, fmt="0.0%")])
    row = 11 + len(f.rates)  # the rows written so far (a write-only sheet cannot tell)
    ranges = {}
    for key, title, pairs in (
        ("building", t("dossier.by_building"), f.by_building),
        ("company", t("dossier.by_company"), f.by_company),
        ("item", t("dossier.by_item"), f.by_item),
        ("reminders", t("dossier.n.reminders"), f.reminders),
    ):
        fs.append([])
        fs.append([_cell(fs, title, head=True), _cell(fs, t("dossier.col.count"), head=True)])
        for label, n in pairs:
            fs.append([_cell(fs, label), n])
        ranges[key] = (row + 2, row + 2 + len(pairs))  # heading row, last data row
        row += 2 + len(pairs)
    xlsx_charts.breakdown_charts(fs, d, ranges)


def write(d: Dossier, path: Path) -> None:
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    _ledger(wb, d)
    _figures(wb, d)
    if d.figures.trend_months:
        xlsx_charts.trend_sheet(wb, d, _cell, _print_setup)
    # Dated by the data, not by the clock (Workbook.save stamps "modified" with now): the same
    # dossier gives the same file.
    moment = datetime.strptime(d.as_of, "%Y-%m-%d %H:%M")
    wb.properties.created = wb.properties.modified = moment
    with ZipFile(str(path), "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
