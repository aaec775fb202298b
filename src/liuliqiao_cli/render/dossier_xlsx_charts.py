"""The Excel ledger's pictures, as Excel's own charts (:mod:`~liuliqiao_cli.render.xlsx_chart`):
the period's complaints by building and by company beside their tables on the figures sheet,
and a sheet of twelve months (received and closed as columns, each rate as a line per company)
above the numbers they draw."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import Dossier
from liuliqiao_cli.render.charts import COLORS
from liuliqiao_cli.render.xlsx_chart import Chart, Series
from liuliqiao_cli.render.xlsx_writer import (
    Column,
    PageSetup,
    Sheet,
    Workbook,
    cell_range,
    column_letter,
    quoted,
)

CHART_CM = (12.0, 6.5)  # width, height of one chart


def _series(ws: Sheet, col: int, head: int, last: int, color: str) -> Series:
    """The numbers of column ``col`` below its heading in row ``head``, down to row ``last``."""
    title = f"{quoted(ws.name)}!{column_letter(col)}{head}"
    return Series(title, cell_range(ws.name, col, head + 1, last), color[1:])


def breakdown_charts(ws: Sheet, ranges: dict[str, tuple[int, int]]) -> None:
    """Bars of the period's complaints by building and by company, beside the figures."""
    anchor = 4
    for key, title in (
        ("building", "dossier.chart_building"),
        ("company", "dossier.chart_company"),
    ):
        head, last = ranges[key]
        if last <= head:
            continue
        color = COLORS[0 if key == "building" else 1]
        ws.charts.append(
            Chart(
                "bar",  # horizontal, as in the HTML dossier
                t(title),
                f"F{anchor}",
                CHART_CM[0],
                max(4.0, 1.0 + 0.7 * (last - head)),
                categories=cell_range(ws.name, 1, head + 1, last),
                series=[_series(ws, 2, head, last, color)],
                legend=False,
                gridlines=False,
                top_down=True,  # first label on top, as in the table
            )
        )
        anchor += 16


def trend_sheet(wb: Workbook, d: Dossier, cell: Callable[..., Any], page: PageSetup) -> None:
    """A sheet of twelve months: the numbers (each rate as a percent, and as numerator/
    denominator in a second table so that every rate shows its counts), and the charts of them
    above, ready to print on one landscape page."""
    f = d.figures
    # the charts and their numbers on one page
    ws = wb.add_sheet(t("dossier.sheet_trend"), page._replace(fit_to_height=1))
    ws.columns[1] = Column(10)
    rate_heads = [t("dossier.rate_of", company=s.company_name, rate=s.name) for s in f.trend_rates]
    for i in range(2, 4 + len(rate_heads)):
        ws.columns[i] = Column(13)
    charts_rows = 36  # the charts take the top of the sheet; the numbers start below them
    for _ in range(charts_rows - 1):
        ws.append([])
    head = [t("dossier.col.month"), t("dossier.n.received"), t("dossier.n.closed"), *rate_heads]
    ws.append([cell(h, head=True) for h in head])
    first = charts_rows + 1
    for i, month in enumerate(f.trend_months):
        shares = [(num / den if den else None) for num, den in (s.values[i] for s in f.trend_rates)]
        ws.append(
            [month, f.trend_received[i], f.trend_closed[i]]
            + [cell(v, fmt="0%") if v is not None else None for v in shares]
        )
    last = first + len(f.trend_months) - 1
    ws.append([])
    counts_head = [
        t("dossier.col.month"),
        "",
        "",
        *(f"{h}\n{t('dossier.counts')}" for h in rate_heads),
    ]
    # two lines: the rate, "numerator/denominator"
    ws.append([cell(h, head=True) for h in counts_head], height=32)
    for i, month in enumerate(f.trend_months):
        ws.append(
            [month, "", ""] + [f"{num}/{den}" for num, den in (s.values[i] for s in f.trend_rates)]
        )
    ws.append([])
    ws.append([t("dossier.trend_note", until=f.until)])

    months = cell_range(ws.name, 1, first, last)
    columns = [
        _series(ws, col, first - 1, last, color)
        for col, color in zip((2, 3), COLORS[:2], strict=True)
    ]
    ws.charts.append(
        Chart("col", t("dossier.chart_trend"), "A1", *CHART_CM, months, series=columns)
    )
    kinds = list(dict.fromkeys(s.key for s in f.trend_rates))
    for n, kind in enumerate(kinds):
        columns_of_kind = [4 + j for j, s in enumerate(f.trend_rates) if s.key == kind]
        lines = [  # beyond the palette, a line is coloured by the program
            _series(ws, col, first - 1, last, COLORS[k] if k < len(COLORS) else "")
            for k, col in enumerate(columns_of_kind)
        ]
        title = next(s.name for s in f.trend_rates if s.key == kind)
        ws.charts.append(
            Chart(
                "line",
                title,
                _anchor(n),
                *CHART_CM,
                months,
                series=lines,
                y_min=0,
                y_max=1,
                y_format="0%",
            )  # fmt: skip
        )


def _anchor(n: int) -> str:
    """Where the n-th rate chart goes: the trend columns at A1, then a 2 x 2 grid."""
    return ("H1", "A18", "H18")[n] if n < 3 else f"A{18 + 17 * (n - 1)}"
