"""The Excel ledger's pictures, as Excel's own charts (openpyxl.chart): the period's complaints
by building and by company beside their tables on the figures sheet, and a sheet of twelve
months (received and closed as columns, each rate as a line per company) above the numbers
they draw. openpyxl is imported inside the functions only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import Dossier
from liuliqiao_cli.render.charts import COLORS

CHART_CM = (12.0, 6.5)  # width, height of one chart


def _sized(chart: Any, title: str, height: float = CHART_CM[1]) -> Any:
    chart.title = title
    chart.width, chart.height = CHART_CM[0], height
    chart.legend.position = "b"
    return chart


def breakdown_charts(ws: Any, d: Dossier, ranges: dict[str, tuple[int, int]]) -> None:
    """Bars of the period's complaints by building and by company, beside the figures."""
    from openpyxl.chart import BarChart, Reference

    anchor = 4
    for key, title in (
        ("building", "dossier.chart_building"),
        ("company", "dossier.chart_company"),
    ):
        head, last = ranges[key]
        if last <= head:
            continue
        chart = _sized(BarChart(), t(title), height=max(4.0, 1.0 + 0.7 * (last - head)))
        chart.type = "bar"  # horizontal, as in the HTML dossier
        chart.y_axis.majorGridlines = None
        chart.legend = None
        chart.add_data(Reference(ws, min_col=2, min_row=head, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=last))
        chart.series[0].graphicalProperties.solidFill = COLORS[0 if key == "building" else 1][1:]
        chart.x_axis.scaling.orientation = "maxMin"  # first label on top, as in the table
        ws.add_chart(chart, f"F{anchor}")
        anchor += 16


def trend_sheet(wb: Any, d: Dossier, cell: Callable[..., Any], print_setup: Callable) -> None:
    """A sheet of twelve months: the numbers (each rate as a percent, and as numerator/
    denominator in a second table so that every rate shows its counts), and the charts of them
    above, ready to print on one landscape page."""
    from openpyxl.chart import BarChart, LineChart, Reference

    f = d.figures
    ws = wb.create_sheet(t("dossier.sheet_trend"))
    print_setup(ws, d.title, landscape=True)
    ws.page_setup.fitToHeight = 1  # the charts and their numbers on one page
    ws.column_dimensions["A"].width = 10
    from openpyxl.utils import get_column_letter

    rate_heads = [t("dossier.rate_of", company=s.company_name, rate=s.name) for s in f.trend_rates]
    for i in range(2, 4 + len(rate_heads)):
        ws.column_dimensions[get_column_letter(i)].width = 13
    charts_rows = 36  # the charts take the top of the sheet; the numbers start below them
    for _ in range(charts_rows - 1):
        ws.append([])
    head = [t("dossier.col.month"), t("dossier.n.received"), t("dossier.n.closed"), *rate_heads]
    ws.append([cell(ws, h, head=True) for h in head])
    first = charts_rows + 1
    for i, month in enumerate(f.trend_months):
        shares = [(num / den if den else None) for num, den in (s.values[i] for s in f.trend_rates)]
        ws.append(
            [month, f.trend_received[i], f.trend_closed[i]]
            + [cell(ws, v, fmt="0%") if v is not None else None for v in shares]
        )
    last = first + len(f.trend_months) - 1
    ws.append([])
    counts_head = [
        t("dossier.col.month"),
        "",
        "",
        *(f"{h}\n{t('dossier.counts')}" for h in rate_heads),
    ]
    ws.row_dimensions[last + 2].height = 32  # two lines: the rate, "numerator/denominator"
    ws.append([cell(ws, h, head=True) for h in counts_head])
    for i, month in enumerate(f.trend_months):
        ws.append(
            [month, "", ""] + [f"{num}/{den}" for num, den in (s.values[i] for s in f.trend_rates)]
        )
    ws.append([])
    ws.append([t("dossier.trend_note", until=f.until)])

    months = Reference(ws, min_col=1, min_row=first, max_row=last)
    columns = _sized(BarChart(), t("dossier.chart_trend"))
    columns.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=first - 1, max_row=last), titles_from_data=True
    )
    columns.set_categories(months)
    for series, color in zip(columns.series, COLORS, strict=False):
        series.graphicalProperties.solidFill = color[1:]
    ws.add_chart(columns, "A1")
    kinds = list(dict.fromkeys(s.key for s in f.trend_rates))
    for n, kind in enumerate(kinds):
        chart = _sized(LineChart(), next(s.name for s in f.trend_rates if s.key == kind))
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        chart.y_axis.number_format = "0%"
        chart.display_blanks = "gap"
        for j, s in enumerate(f.trend_rates):
            if s.key != kind:
                continue
            chart.add_data(
                Reference(ws, min_col=4 + j, min_row=first - 1, max_row=last), titles_from_data=True
            )
        for series, color in zip(chart.series, COLORS, strict=False):
            series.graphicalProperties.line.solidFill = color[1:]
            series.smooth = False
        chart.set_categories(months)
        ws.add_chart(chart, _anchor(n))


def _anchor(n: int) -> str:
    """Where the n-th rate chart goes: the trend columns at A1, then a 2 x 2 grid."""
    return ("H1", "A18", "H18")[n] if n < 3 else f"A{18 + 17 * (n - 1)}"
