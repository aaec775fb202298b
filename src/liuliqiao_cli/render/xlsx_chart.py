"""Excel's own charts as DrawingML (one chart part each): clustered bars or columns, and lines,
each series drawn from cells of the workbook, for :mod:`~liuliqiao_cli.render.xlsx_writer`.
The XML is what openpyxl wrote for the same charts (categories as a numRef, the series' titles
from their heading cells), so Excel and LibreOffice draw them as before."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMU_PER_CM = 360_000


class Series(NamedTuple):
    title: str  # the heading cell, as a formula: 'sheet'!B16
    values: str  # an absolute range: 'sheet'!$B$17:$B$21
    color: str = ""  # RRGGBB; "" leaves it to the program


class Chart(NamedTuple):
    kind: str  # "bar" (horizontal bars), "col" (columns) or "line"
    title: str
    anchor: str  # the cell of its top-left corner: "F4"
    width_cm: float
    height_cm: float
    categories: str  # an absolute range of the category labels
    series: Sequence[Series] = ()
    legend: bool = True  # at the bottom
    gridlines: bool = True  # the value axis's major grid lines
    top_down: bool = False  # the first category at the top (the axis runs max to min)
    y_min: float | None = None
    y_max: float | None = None
    y_format: str = ""  # the value axis's labels: "0%"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _series(c: Chart, i: int, s: Series) -> str:
    fill = f'<a:solidFill><a:srgbClr val="{s.color}"/></a:solidFill>' if s.color else ""
    if c.kind == "line":
        look = (
            f'<spPr><a:ln>{fill}<a:prstDash val="solid"/></a:ln></spPr><marker>'
            '<symbol val="none"/><spPr><a:ln><a:prstDash val="solid"/></a:ln></spPr></marker>'
        )
    else:
        look = f'<spPr>{fill}<a:ln><a:prstDash val="solid"/></a:ln></spPr>'
    return (
        f'<ser><idx val="{i}"/><order val="{i}"/><tx><strRef><f>{_escape(s.title)}</f></strRef>'
        f"</tx>{look}<cat><numRef><f>{_escape(c.categories)}</f></numRef></cat>"
        f"<val><numRef><f>{_escape(s.values)}</f></numRef></val>"
        + ('<smooth val="0"/>' if c.kind == "line" else "")
        + "</ser>"
    )


def chart_xml(c: Chart) -> str:
    """The chart part."""
    series = "".join(_series(c, i, s) for i, s in enumerate(c.series))
    axes = '<axId val="10"/><axId val="100"/>'
    if c.kind == "line":
        plot = f'<lineChart><grouping val="standard"/>{series}{axes}</lineChart>'
    else:
        plot = (
            f'<barChart><barDir val="{c.kind}"/><grouping val="clustered"/>{series}'
            f'<gapWidth val="150"/>{axes}</barChart>'
        )
    ticks = '<majorTickMark val="none"/><minorTickMark val="none"/>'
    order = "maxMin" if c.top_down else "minMax"
    bounds = (f'<max val="{c.y_max:g}"/>' if c.y_max is not None else "") + (
        f'<min val="{c.y_min:g}"/>' if c.y_min is not None else ""
    )
    return (
        f'<chartSpace xmlns="{CHART}" xmlns:a="{DRAWING}"><chart><title><tx><rich><a:bodyPr/>'
        f"<a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{_escape(c.title)}</a:t></a:r></a:p></rich>"
        f"</tx></title><plotArea>{plot}"
        f'<catAx><axId val="10"/><scaling><orientation val="{order}"/></scaling>'
        f'<axPos val="l"/>{ticks}<crossAx val="100"/><lblOffset val="100"/></catAx>'
        f'<valAx><axId val="100"/><scaling><orientation val="minMax"/>{bounds}</scaling>'
        '<axPos val="l"/>'
        + ("<majorGridlines/>" if c.gridlines else "")
        + (f'<numFmt formatCode="{c.y_format}" sourceLinked="0"/>' if c.y_format else "")
        + f'{ticks}<crossAx val="10"/></valAx></plotArea>'
        + ('<legend><legendPos val="b"/></legend>' if c.legend else "")
        + '<plotVisOnly val="1"/><dispBlanksAs val="gap"/></chart></chartSpace>'
    )


def drawing_xml(charts: list[Chart], anchors: list[tuple[int, int]]) -> str:
    """The drawing part of a sheet: each chart at its anchor (0-based column, row), sized in
    EMUs (``rId<n>`` the n-th chart of the drawing's relationships)."""
    frames = []
    for n, (c, (col, row)) in enumerate(zip(charts, anchors, strict=True), start=1):
        frames.append(
            f"<oneCellAnchor><from><col>{col}</col><colOff>0</colOff><row>{row}</row>"
            f'<rowOff>0</rowOff></from><ext cx="{int(c.width_cm * EMU_PER_CM)}" '
            f'cy="{int(c.height_cm * EMU_PER_CM)}"/><graphicFrame><nvGraphicFramePr>'
            f'<cNvPr id="{n}" name="Chart {n}"/><cNvGraphicFramePr/></nvGraphicFramePr><xfrm/>'
            f'<a:graphic><a:graphicData uri="{CHART}"><c:chart r:id="rId{n}"/></a:graphicData>'
            "</a:graphic></graphicFrame><clientData/></oneCellAnchor>"
        )
    return (
        '<wsDr xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        f'xmlns:a="{DRAWING}" xmlns:c="{CHART}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        + "".join(frames)
        + "</wsDr>"
    )
