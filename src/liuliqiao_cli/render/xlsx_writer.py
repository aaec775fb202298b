"""A small write-only .xlsx writer: the parts of an Office Open XML workbook that the Excel
dossier uses (text, numbers, dates, a few cell styles, column widths and outline, row heights,
a frozen pane, an auto-filter, print set-up, header and footer, and charts from
:mod:`~liuliqiao_cli.render.xlsx_chart`), written as text into a zip file.

Why not openpyxl: importing it costs more than the minimal Typer app's whole run (~80 ms), for
a file of a few fixed parts; the XML written here is what openpyxl's write-only workbook wrote
for the same dossier, so Excel, LibreOffice and openpyxl (the tests read the file back with it)
read it alike. Cells are kept as XML text, row by row, so that 10,000 rows need little memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from liuliqiao_cli.render.xlsx_chart import Chart, chart_xml, drawing_xml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_TYPE = "application/vnd.openxmlformats-officedocument"
PAPER_A4 = 9  # ECMA-376's paperSize code
EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's (Windows) serial dates
THEME_REL = ("theme", "theme/theme1.xml")
# Excel's built-in number formats that are used here; any other gets an id from 164 up.
BUILTIN_FORMATS = {"": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10}


class Style(NamedTuple):
    """How a cell looks; the default style is ``Style()``."""

    number_format: str = ""  # "" is General
    bold: bool = False
    fill: str = ""  # a solid fill, RRGGBB
    wrap: bool = False
    vertical: str = ""  # "" is Excel's bottom
    quote_prefix: bool = False  # text that would read as a formula: shown as typed


class Cell(NamedTuple):
    value: Any
    style: Style


class Column(NamedTuple):
    width: float
    hidden: bool = False
    outline_level: int = 0


class PageSetup(NamedTuple):
    """A4, one page wide, grid lines printed, centred, ``header`` at the top of each page and
    "page / pages" at the foot; ``fit_to_height`` 0 is as many pages down as it takes."""

    header: str  # in Excel's header code: a literal "&" is "&&"
    landscape: bool
    fit_to_height: int = 0


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LETTERS: list[str] = []


def _letters(n: int) -> list[str]:
    """The letters of the first ``n`` columns (the ledger's row has 27 cells: worked out once)."""
    while len(_LETTERS) < n:
        _LETTERS.append(column_letter(len(_LETTERS) + 1))
    return _LETTERS


def escape(text: str) -> str:
    """Text as XML character data (and attribute values in double quotes)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
    )


def quoted(sheet: str) -> str:
    """A sheet's name as a formula names it: 'name', an apostrophe doubled."""
    return "'" + sheet.replace("'", "''") + "'"


def cell_range(sheet: str, col: int, first: int, last: int, last_col: int = 0) -> str:
    """An absolute reference: 'sheet'!$B$17:$B$21 (columns ``col`` to ``last_col``)."""
    a, b = column_letter(col), column_letter(last_col or col)
    return f"{quoted(sheet)}!${a}${first}:${b}${last}"


def _number(value: float) -> str:
    return f"{value:.16g}"


def excel_serial(value: date) -> float:
    """A date or a date and time as Excel's serial day number (as openpyxl computes it)."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, datetime.min.time())
    days = (moment - EPOCH).days
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return days + (seconds + moment.microsecond / 10**6) / 86400


class _Styles:
    """The workbook's cell formats (``cellXfs``), numbered in the order first used."""

    def __init__(self) -> None:
        self.xfs: dict[Style, int] = {Style(): 0}
        self.formats: dict[str, int] = {}
        self.fills: dict[str, int] = {}

    def index(self, style: Style) -> int:
        found = self.xfs.get(style)
        if found is None:
            found = self.xfs[style] = len(self.xfs)
            fmt = style.number_format
            if fmt and fmt not in BUILTIN_FORMATS and fmt not in self.formats:
                self.formats[fmt] = 164 + len(self.formats)
            if style.fill and style.fill not in self.fills:
                self.fills[style.fill] = 2 + len(self.fills)  # 0 and 1 are Excel's own
        return found

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>'
            for code, i in self.formats.items()
        )
        fills = "".join(
            f'<fill><patternFill patternType="solid"><fgColor rgb="00{rgb}"/></patternFill></fill>'
            for rgb in self.fills
        )
        xfs = "".join(self._xf(style) for style in self.xfs)
        return (
            f'<styleSheet xmlns="{MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if formats else "")
            + '<fonts count="2"><font><name val="Calibri"/><family val="2"/><sz val="11"/></font>'
            '<font><b val="1"/></font></fonts>'
            f'<fills count="{2 + len(self.fills)}"><fill><patternFill/></fill>'
            f'<fill><patternFill patternType="gray125"/></fill>{fills}</fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            f'borderId="0"/></cellStyleXfs><cellXfs count="{len(self.xfs)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )

    def _xf(self, style: Style) -> str:
        fmt = BUILTIN_FORMATS.get(style.number_format) or self.formats.get(style.number_format, 0)
        fill = self.fills.get(style.fill, 0)
        attrs = f'numFmtId="{fmt}" fontId="{int(style.bold)}" fillId="{fill}" borderId="0"'
        attrs += ' applyNumberFormat="1"' if fmt else ""
        attrs += ' applyFont="1"' if style.bold else ""
        attrs += ' applyFill="1"' if fill else ""
        align = ' wrapText="1"' if style.wrap else ""
        align = (f' vertical="{style.vertical}"' if style.vertical else "") + align
        attrs += ' applyAlignment="1"' if align else ""
        attrs += ' quotePrefix="1"' if style.quote_prefix else ""
        inner = f"<alignment{align}/>" if align else ""
        return f'<xf {attrs} xfId="0">{inner}</xf>' if inner else f'<xf {attrs} xfId="0"/>'


class Sheet:
    """One worksheet, its rows appended in order (as XML) and its set-up given before saving.
    (A plain class: defining a dataclass costs the command ~1 ms.)"""

    def __init__(self, name: str, page: PageSetup, styles: _Styles) -> None:
        self.name, self.page, self.styles = name, page, styles
        self.columns: dict[int, Column] = {}  # 1-based column -> set-up
        self.freeze = ""  # the top-left cell that scrolls: "B2" keeps row 1 and column A in view
        self.print_title_rows = ""  # "1:1": row 1 printed on every page
        self.auto_filter = ""  # "A1:AA11"
        self.charts: list[Chart] = []
        self.rows: list[str] = []

    def append(self, values: Sequence[Any], height: float | None = None) -> None:
        """The next row: None is no cell; a :class:`Cell` carries its style; a date is a
        number (give it a date format)."""
        r = len(self.rows) + 1
        out = [
            f'<row r="{r}" ht="{_number(height)}" customHeight="1">' if height else f'<row r="{r}">'
        ]
        letters = _letters(len(values))
        for i, value in enumerate(values):
            if value is None:
                continue
            s = ""
            ref = f"{letters[i]}{r}"
            if type(value) is Cell:
                value, style = value
                index = self.styles.index(style)
                s = f' s="{index}"' if index else ""
            if value is None:  # a styled cell with no value
                out.append(f'<c r="{ref}"{s}/>')
            elif isinstance(value, str):
                if not value:
                    out.append(f'<c r="{ref}"{s} t="inlineStr"/>')
                else:
                    space = ' xml:space="preserve"' if value != value.strip() else ""
                    text = f"<is><t{space}>{escape(value)}</t></is>"
                    out.append(f'<c r="{ref}"{s} t="inlineStr">{text}</c>')
            elif isinstance(value, bool):
                out.append(f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, date):
                out.append(f'<c r="{ref}"{s} t="n"><v>{_number(excel_serial(value))}</v></c>')
            else:
                out.append(f'<c r="{ref}"{s} t="n"><v>{_number(value)}</v></c>')
        out.append("</row>")
        self.rows.append("".join(out))

    def head(self) -> str:
        """The sheet's XML before its rows."""
        view = '<selection activeCell="A1" sqref="A1"/>'
        if self.freeze:
            col, row = _split_cell(self.freeze)
            view = (
                f'<pane xSplit="{col - 1}" ySplit="{row - 1}" topLeftCell="{self.freeze}" '
                'activePane="bottomRight" state="frozen"/><selection pane="topRight"/>'
                '<selection pane="bottomLeft"/>'
                '<selection pane="bottomRight" activeCell="A1" sqref="A1"/>'
            )
        outline = max((c.outline_level for c in self.columns.values()), default=0)
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{_number(c.width)}" customWidth="1"'
            + (' hidden="1"' if c.hidden else "")
            + (f' outlineLevel="{c.outline_level}"' if c.outline_level else "")
            + "/>"
            for i, c in sorted(self.columns.items())
        )
        return (
            f'<worksheet xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheetPr>'
            '<outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
            '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"'
            + (f' outlineLevelCol="{outline}"/>' if outline else "/>")
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )

    def tail(self) -> str:
        """The sheet's XML after its rows."""
        p = self.page
        title = escape("&C&9 " + p.header)  # centred, 9 points
        return (
            "</sheetData>"
            + (f'<autoFilter ref="{self.auto_filter}"/>' if self.auto_filter else "")
            + '<printOptions horizontalCentered="1" gridLines="1"/>'
            '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.25" '
            'footer="0.25"/>'
            f'<pageSetup orientation="{"landscape" if p.landscape else "portrait"}" '
            f'paperSize="{PAPER_A4}" fitToHeight="{p.fit_to_height}" fitToWidth="1"/>'
            f"<headerFooter><oddHeader>{title}</oddHeader>"
            "<oddFooter>&amp;C&amp;9 &amp;P / &amp;N</oddFooter></headerFooter>"
            + ('<drawing r:id="rId1"/>' if self.charts else "")
            + "</worksheet>"
        )


def _split_cell(ref: str) -> tuple[int, int]:
    """ "B2" -> (2, 2): column and row, 1-based."""
    letters = ref.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col, int(ref[len(letters) :])


class Workbook:
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.styles = _Styles()

    def add_sheet(self, name: str, page: PageSetup) -> Sheet:
        sheet = Sheet(name, page, self.styles)
        self.sheets.append(sheet)
        return sheet

    def save(self, path: Path, moment: datetime) -> None:
        """Write the .xlsx file, every part (and the document's dates) stamped ``moment``."""
        from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

        def part(name: str) -> ZipInfo:
            info = ZipInfo(name, moment.timetuple()[:6])
            info.compress_type = ZIP_DEFLATED
            return info

        with ZipFile(str(path), "w", ZIP_DEFLATED) as archive:
            for name, text in self._package_parts(moment):
                archive.writestr(part(name), text.encode("utf-8"))
            drawing = chart = 0
            for n, sheet in enumerate(self.sheets, start=1):
                with archive.open(part(f"xl/worksheets/sheet{n}.xml"), "w") as out:
                    out.write(sheet.head().encode("utf-8"))
                    for start in range(0, len(sheet.rows), 500):  # fewer, larger writes
                        out.write("".join(sheet.rows[start : start + 500]).encode("utf-8"))
                    out.write(sheet.tail().encode("utf-8"))
                if not sheet.charts:
                    continue
                drawing += 1
                archive.writestr(
                    part(f"xl/worksheets/_rels/sheet{n}.xml.rels"),
                    _rels([("drawing", f"/xl/drawings/drawing{drawing}.xml")]),
                )
                anchors = [_split_cell(c.anchor) for c in sheet.charts]
                archive.writestr(
                    part(f"xl/drawings/drawing{drawing}.xml"),
                    drawing_xml(sheet.charts, [(col - 1, row - 1) for col, row in anchors]),
                )
                targets = [
                    ("chart", f"/xl/charts/chart{chart + i}.xml")
                    for i in range(1, len(sheet.charts) + 1)
                ]
                archive.writestr(
                    part(f"xl/drawings/_rels/drawing{drawing}.xml.rels"), _rels(targets)
                )
                for c in sheet.charts:
                    chart += 1
                    archive.writestr(part(f"xl/charts/chart{chart}.xml"), chart_xml(c))

    def _package_parts(self, moment: datetime) -> list[tuple[str, str]]:
        """Every part but the sheets, drawings and charts."""
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        core = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>"
        )
        # LibreOffice lays out the rows of a file made by "Microsoft..." as Excel does (openpyxl
        # says so of its files too): without it, the printed pages come out taller.
        app = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>Microsoft Excel Compatible / liuliqiao'
            "</Application></Properties>"
        )
        package = _rels(
            [
                ("officeDocument", "xl/workbook.xml"),
                (f"{PKG_RELS}/metadata/core-properties", "docProps/core.xml"),
                ("extended-properties", "docProps/app.xml"),
            ]
        )
        sheets = [
            ("worksheet", f"/xl/worksheets/sheet{n}.xml") for n in range(1, len(self.sheets) + 1)
        ]
        return [
            ("[Content_Types].xml", self._content_types()),
            ("_rels/.rels", package),
            ("docProps/app.xml", app),
            ("docProps/core.xml", core),
            ("xl/workbook.xml", self._workbook_xml()),
            ("xl/_rels/workbook.xml.rels", _rels([*sheets, ("styles", "styles.xml"), THEME_REL])),
            ("xl/styles.xml", self.styles.xml()),
            # Office's theme, cut down: LibreOffice draws the charts' axes in its first line style.
            (
                "xl/theme/theme1.xml",
                (Path(__file__).parent.parent / "data" / "xlsx_theme.xml").read_text("utf-8"),
            ),
        ]

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet name="{escape(s.name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(self.sheets, start=1)
        )
        names = []
        for n, s in enumerate(self.sheets):
            if s.auto_filter:
                first, last = (
                    f"${c}${r}" for c, r in map(_split_letters, s.auto_filter.split(":"))
                )
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                    f"{escape(quoted(s.name))}!{first}:{last}</definedName>"
                )
            if s.print_title_rows:
                first, last = s.print_title_rows.split(":")
                names.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                    f"{escape(quoted(s.name))}!${first}:${last}</definedName>"
                )
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><workbookPr/><bookViews>'
            '<workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>{defined}"
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        )

    def _content_types(self) -> str:
        sheet = f"{OFFICE_TYPE}.spreadsheetml.worksheet+xml"
        overrides = [
            ("/xl/workbook.xml", f"{OFFICE_TYPE}.spreadsheetml.sheet.main+xml"),
            ("/xl/styles.xml", f"{OFFICE_TYPE}.spreadsheetml.styles+xml"),
            ("/xl/theme/theme1.xml", f"{OFFICE_TYPE}.theme+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", f"{OFFICE_TYPE}.extended-properties+xml"),
        ]
        overrides += [
            (f"/xl/worksheets/sheet{n}.xml", sheet) for n in range(1, len(self.sheets) + 1)
        ]
        with_charts = [s for s in self.sheets if s.charts]
        overrides += [
            (f"/xl/drawings/drawing{n}.xml", f"{OFFICE_TYPE}.drawing+xml")
            for n in range(1, len(with_charts) + 1)
        ]
        charts = sum(len(s.charts) for s in with_charts)
        overrides += [
            (f"/xl/charts/chart{n}.xml", f"{OFFICE_TYPE}.drawingml.chart+xml")
            for n in range(1, charts + 1)
        ]
        return (
            f'<Types xmlns="{TYPES}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
            + "</Types>"
        )


def _split_letters(ref: str) -> tuple[str, str]:
    """ "AA11" -> ("AA", "11")."""
    letters = ref.rstrip("0123456789")
    return letters, ref[len(letters) :]


def _rels(targets: list[tuple[str, str]]) -> str:
    """A relationships part; a type without a scheme is one of officeDocument's."""
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{kind if "://" in kind else f"{DOC_RELS}/{kind}"}" '
        f'Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    return f'<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'
