"""The dossier as an Excel ledger (台账, openpyxl): one row per agenda complaint with all its fields
and the decision columns; header frozen, widths fitted to Chinese text (a CJK character counts
as two), dates and times as real Excel dates. A second sheet holds the figures.

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
from liuliqiao_cli.render.dossier_common import clean
from liuliqiao_cli.render.output import safe_cell
from liuliqiao_cli.render.text import cells

MAX_WIDTH = 60
MIN_WIDTH = 6
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def display_width(text: str, cap: int | None = None) -> int:
    """Columns a text needs: East Asian wide and full-width characters count as two. With
    ``cap``, only the first ``cap`` characters of each line are measured (widths are capped)."""
    widest = 0
    for line in text.split("\n"):
        part = line[:cap] if cap else line
        widest = max(widest, cells(part))
    return widest


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
        a.id,
        a.building,
        a.unit,
        a.room or "",
        a.place or "",
        a.where,
        a.item_name,
        a.scope_name,
        a.company_name,
        a.source_name,
        a.urgency,
        a.ref or "",
        _datetime(a.received_at),
        a.status_name,
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
        from openpyxl.styles import Alignment, Font

        _STYLES["wrap"] = Alignment(wrap_text=True, vertical="top")
        _STYLES["bold"] = Font(bold=True)
    return _STYLES[name]


def _cell(ws: Any, value: Any, fmt: str | None = None, bold: bool = False) -> Any:
    """A value as written: plain values go as they are (cheap), the others as styled cells."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        text = clean(value)
        formula_like = safe_cell(text) != text
        if not (formula_like or "\n" in text or fmt or bold):
            return text
        cell = WriteOnlyCell(ws, value=text)
        if formula_like:  # would be read as a formula: keep it text
            cell.data_type = "s"
            cell.quotePrefix = True
        if "\n" in text:
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
    return display_width(str(value), cap=MAX_WIDTH)


def write(d: Dossier, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    by_complaint: dict[int, list[Any]] = {}
    for x in d.decisions:
        if x.complaint_id is not None:
            by_complaint.setdefault(x.complaint_id, []).append(x)
    head = header()
    widths = [display_width(h) for h in head]
    rows = []
    for a in d.agenda:
        values = row(a, by_complaint.get(a.id, ()))
        widths = [max(w, _width(v)) for w, v in zip(widths, values, strict=False)]
        rows.append(values)

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(t("dossier.sheet_ledger"))
    ws.freeze_panes = "B2"  # header row and the complaint number stay in view
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(w + 2, MIN_WIDTH), MAX_WIDTH)
    ws.append([_cell(ws, h, bold=True) for h in head])
    for values in rows:
        ws.append([_cell(ws, v) for v in values])
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(head))}{len(rows) + 1}"

    fs = wb.create_sheet(t("dossier.sheet_figures"))
    fs.column_dimensions["A"].width = 30
    fs.column_dimensions["B"].width = 30
    fs.append([_cell(fs, clean(d.title), bold=True)])
    fs.append([_cell(fs, t("dossier.period", since=d.figures.since, until=d.figures.until))])
    fs.append([])
    f = d.figures
    for key in ("received", "resolved", "closed", "open", "overdue"):
        fs.append([_cell(fs, t(f"dossier.n.{key}")), getattr(f, key)])
    for r in f.rates:
        share = (r.numerator / r.denominator) if r.denominator else None
        fs.append([_cell(fs, r.name), r.numerator, r.denominator, _cell(fs, share, fmt="0.0%")])
    for title, pairs in (
        (t("dossier.by_building"), f.by_building),
        (t("dossier.by_company"), f.by_company),
        (t("dossier.by_item"), f.by_item),
    ):
        fs.append([])
        fs.append([_cell(fs, title, bold=True), _cell(fs, t("dossier.col.count"), bold=True)])
        for label, n in pairs:
            fs.append([_cell(fs, label), n])
    wb.save(str(path))
