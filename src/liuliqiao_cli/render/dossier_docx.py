"""The dossier as a Word document, ready to print: A4 landscape throughout, one font
family per paragraph for Chinese and Latin alike, East Asian language zh-CN, real headings, real
tables whose column widths come from their content, header rows repeated on every page, rows
never split across pages, and a signature block kept with the decisions. (No page numbers: a
footer part cost python-docx ~8 ms, 4% of the whole command, against a budget.)

One orientation for the whole document: the agenda needs a landscape page, and every change of
orientation is a forced page break, which left pages holding a row or two of the table before it.

The body is written as WordprocessingML text into a copy of the dossier's fixed parts
(:mod:`~liuliqiao_cli.render.docx_template`: python-docx's template with our styles, saved
once): python-docx's import alone cost more than the minimal Typer app's whole run, and its
``add_row``/``cells`` re-walked the whole table for every cell. The XML is what python-docx
wrote for the same dossier, element for element.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import Dossier
from liuliqiao_cli.render import dossier_common as c
from liuliqiao_cli.render.docx_template import (
    MARGIN_MM,
    PAGE_MM,
    PARTS,
    SKELETON,
    TITLE_PT,
)
from liuliqiao_cli.render.dossier_common import clean
from liuliqiao_cli.render.dossier_widths import (
    column_widths,
    display_width,
    heading_lines,
    printed_width,
)

TEXT_WIDTH_MM = PAGE_MM[0] - 2 * MARGIN_MM
TABLE_PT = 9.0  # 小五 is 9 pt
AGENDA_PT = 8.0
# A Chinese character is one em wide, a Latin one half an em in 宋体; a fallback font's Latin
# letters run a little wider, hence the margin.
_WIDTH_SAFETY = 1.08
_PT_MM = 25.4 / 72
_TWIPS_PER_MM = 1440 / 25.4


# A table this short is kept on one page (every row "kept with the next"); a longer one may break
# between rows, its header row repeated.
KEEP_TOGETHER_ROWS = 15
BAR_COLOR = "3B6EA8"


def _cell_mm(font_pt: float) -> float:
    """Width of one display column (half a Chinese character) at ``font_pt``."""
    return font_pt / 2 * _PT_MM * _WIDTH_SAFETY


_EMU_PER_TWIP = 635  # python-docx kept lengths in EMUs (36,000 a millimetre)
_TBL_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0"'
    ' w:noVBand="1" w:val="04A0"/>'
)
STYLE_IDS = {"Title": "Title", "Heading 1": "Heading1", "Heading 2": "Heading2"}


def _grid_twips(mm: float) -> int:
    """A column of the table grid, in twips as python-docx counted them (through EMUs)."""
    return int(round(int(mm * 36000) / _EMU_PER_TWIP))


def _text(text: str) -> str:
    """A run's content as python-docx wrote it: a tab and a line break as their own elements,
    a text with a space at either end kept whole (xml:space)."""
    out = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{_escape(piece)}</w:t>")
    return "".join(out)


_BREAKS = re.compile("([\t\r\n])")


def _paragraph(doc: list[str], text: str, ppr: str = "", rpr: str = "") -> None:
    """A paragraph of one run (none for an empty text); ``ppr`` its properties' content."""
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    run = f"<w:r>{rpr}{_text(text)}</w:r>" if text else ""
    doc.append(f"<w:p>{props}{run}</w:p>" if props or run else "<w:p/>")


def _escape(text: str) -> str:
    # xml.sax.saxutils.escape would do, but importing it loads urllib and email (~70 ms).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# A hyphen between digits ("11-09", "2026-11-19") is one Word may not break a line at: a history
# read "…；11-" / "09 回访".
_DATE_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")
_NO_BREAK_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def _cell_xml(text: str, rpr: str, tcpr: str = "", ppr: str = "") -> str:
    """One table cell as WordprocessingML text (escaped); line breaks become <w:br/>, hyphens
    between digits unbreakable ones."""
    text = _escape(clean(text))
    if "-" in text and len(text) > 10:  # a lone date fits its column: never broken
        text = _DATE_HYPHEN.sub(_NO_BREAK_HYPHEN, text)
    runs = f'<w:t xml:space="preserve">{text}</w:t>'
    if "\n" in text:
        runs = runs.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    if "\r" in runs:  # an XML reader reads a carriage return as a line feed
        runs = runs.replace("\r", "\n")
    runs = runs.replace('<w:t xml:space="preserve"></w:t>', '<w:t xml:space="preserve"/>')
    return f"<w:tc>{tcpr}<w:p>{ppr}<w:r>{rpr}{runs}</w:r></w:p></w:tc>"


def _cell_margin_mm(font_pt: float) -> float:
    return 1.0 if font_pt < TABLE_PT else 1.5


def _widths_mm(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    font_pt: float,
    padding_mm: float,
    full_width: bool,
) -> list[float]:
    """Column widths from the content, within the text width; ``full_width`` stretches a table
    whose content is narrower (in proportion to each column's width)."""
    cell = _cell_mm(font_pt)
    available = (TEXT_WIDTH_MM - len(header) * padding_mm) / cell
    widths = column_widths(header, rows, available, measure=printed_width)
    total = sum(widths)
    if full_width and total < available:
        widths = [w * available / total for w in widths]
    return [w * cell + padding_mm for w in widths]


def _table(
    doc: list[str],
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    font_pt: float = TABLE_PT,
    full_width: bool = True,
    widths: Sequence[float] | None = None,
    keep_together: bool | None = None,
    keep_with_next: bool = False,
    bars: Sequence[int] = (),
    row_height_twips: int = 0,
) -> None:
    """A real Word table (style "Table Grid"): fixed column widths measured from the content
    (or ``widths`` in mm, the same for every group of the agenda), the header row shaded,
    broken only between words and repeated on every page, no row split across two pages, a
    short table kept on one page (``keep_together``: by default when it has at most
    KEEP_TOGETHER_ROWS rows), its last row kept with what follows (``keep_with_next``); the
    columns ``bars`` hold bars of text, drawn in colour; each row below the header at least
    ``row_height_twips`` tall."""
    rows = [list(r) for r in rows]
    margin_mm = _cell_margin_mm(font_pt)
    padding_mm = 2 * margin_mm + 0.2
    if widths is None:
        widths = _widths_mm(header, rows, font_pt, padding_mm, full_width)
    twips = [round(w * _TWIPS_PER_MM) for w in widths]
    margin = round(margin_mm * _TWIPS_PER_MM)
    grid = "".join(f'<w:gridCol w:w="{_grid_twips(w)}"/>' for w in widths)
    doc.append(
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:type="dxa" w:w="{sum(twips)}"/>'
        # fixed: the widths below, not Word's guess
        '<w:tblLayout w:type="fixed"/><w:tblCellMar>'
        f'<w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/>'
        f"</w:tblCellMar>{_TBL_LOOK}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    )
    size = int(font_pt * 2)
    rpr = f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    head_rpr = f'<w:rPr><w:b/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    bar_rpr = f'<w:rPr><w:color w:val="{BAR_COLOR}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>'
    # Every paragraph but the last row's "kept with the next" keeps a short table on one page.
    keep_next = "<w:pPr><w:keepNext/></w:pPr>"
    if keep_together is None:
        keep_together = len(rows) <= KEEP_TOGETHER_ROWS
    keep = keep_next if keep_together else ""
    doc.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
    doc.extend(
        _cell_xml(
            heading_lines(h, (w - padding_mm) / _cell_mm(font_pt), printed_width),
            head_rpr,
            f'<w:tcPr><w:tcW w:w="{tw}" w:type="dxa"/>{shade}</w:tcPr>',
            keep if rows else "",
        )
        for h, w, tw in zip(header, widths, twips, strict=True)
    )
    doc.append("</w:tr>")
    height = f'<w:trHeight w:val="{row_height_twips}"/>' if row_height_twips else ""
    for n, row in enumerate(rows, start=1):
        doc.append(f"<w:tr><w:trPr><w:cantSplit/>{height}</w:trPr>")
        ppr = keep if n < len(rows) else (keep_next if keep_with_next else "")
        doc.extend(_cell_xml(v, bar_rpr if i in bars else rpr, ppr=ppr) for i, v in enumerate(row))
        doc.append("</w:tr>")
    doc.append("</w:tbl>")


def _heading(doc: list[str], text: str, level: int) -> None:
    style = STYLE_IDS["Title" if level == 0 else f"Heading {level}"]
    _paragraph(doc, clean(text), f'<w:pStyle w:val="{style}"/>')


def title_lines(title: str, width_mm: float = TEXT_WIDTH_MM) -> tuple[list[str], float]:
    """The title as one line at the largest size that fits; else as two lines broken at a space
    (after a colon if there is one, else the most even break), never leaving a word alone on
    the second line as Word's own wrapping did ("…议事协商 / 会 会议材料")."""

    def fits(line: str, size: float) -> bool:
        return printed_width(line) * _cell_mm(size) <= width_mm

    for size in TITLE_PT:
        if fits(title, size):
            return [title], size
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    if not spaces:
        return [title], TITLE_PT[-1]

    def split(i: int) -> list[str]:
        return [title[:i].rstrip(), title[i + 1 :].lstrip()]

    after_colon = [i for i in spaces if title[i - 1] in ":："]
    candidates = after_colon or spaces
    best = min(candidates, key=lambda i: max(display_width(x) for x in split(i)))
    lines = split(best)
    for size in TITLE_PT:
        if all(fits(line, size) for line in lines):
            return lines, size
    return lines, TITLE_PT[-1]


def _title(doc: list[str], text: str) -> None:
    """The title, centred, at the size :func:`title_lines` found, a second line after a break."""
    lines, size = title_lines(clean(text))
    rpr = f'<w:rPr><w:sz w:val="{int(size * 2)}"/></w:rPr>'
    first = f"<w:r>{rpr}{_text(lines[0])}</w:r>" if lines[0] else ""
    more = "".join(f"<w:r>{rpr}<w:br/>{_text(line)}</w:r>" for line in lines[1:])
    style = STYLE_IDS["Title"]
    doc.append(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="center"/></w:pPr>{first}{more}</w:p>'
    )


def _kv(doc: list[str], rows: Sequence[tuple[str, str]]) -> None:
    _table(doc, (t("dossier.col.field"), t("dossier.col.value")), rows, full_width=False)


def _intro(doc: list[str], text: str) -> None:
    """A line introducing the table below it, kept on the same page as the table (and so is
    the heading above it)."""
    _paragraph(doc, clean(text), "<w:keepNext/>")


def _gap(doc: list[str]) -> None:
    """An empty line 8 points high."""
    _paragraph(doc, "", '<w:spacing w:after="0" w:line="160" w:lineRule="exact"/>')


def _signatures(doc: list[str], signatures: Sequence[str]) -> None:
    """A borderless two-column table, one signature and its date to a cell, kept on one page
    (python-docx's plain table, each column half the text width)."""
    half_emu = int((PAGE_MM[0] - 2 * MARGIN_MM) * 36000) // 2
    half = int(round(half_emu / _EMU_PER_TWIP))
    tc_pr = f'<w:tcPr><w:tcW w:type="dxa" w:w="{half}"/></w:tcPr>'
    doc.append(
        f'<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/>{_TBL_LOOK}</w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/></w:tblGrid>'
    )
    ppr = '<w:pPr><w:keepNext/><w:spacing w:before="360"/></w:pPr>'
    for first in range(0, len(signatures), 2):
        doc.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for who in (*signatures[first : first + 2], None)[:2]:
            if who is None:
                doc.append(f"<w:tc>{tc_pr}<w:p/></w:tc>")
                continue
            text = f"{t('dossier.sign_who', who=who)}\n\n{t('dossier.sign_date')}"
            doc.append(f"<w:tc>{tc_pr}<w:p>{ppr}<w:r>{_text(text)}</w:r></w:p></w:tc>")
        doc.append("</w:tr>")
    doc.append("</w:tbl>")


def _breakdowns(doc: list[str], d: Dossier) -> None:
    """The received complaints by building, by company and by item, side by side in one table
    (a landscape page has the width; three tables one under the other took half a page), each
    count with its bar."""
    from itertools import zip_longest

    breakdowns = (
        (t("dossier.by_building"), d.figures.by_building),
        (t("dossier.by_company"), d.figures.by_company),
        (t("dossier.by_item"), d.figures.by_item),
    )
    header = [
        h
        for title, _ in breakdowns
        for h in (title, t("dossier.col.count"), t("dossier.col.chart"))
    ]
    rows = [
        [cell for triple in line for cell in triple]
        for line in zip_longest(
            *(c.breakdown_rows_short(pairs) for _, pairs in breakdowns), fillvalue=("", "", "")
        )
    ]
    _table(doc, header, rows, full_width=False, bars=(2, 5, 8))


def _trend(doc: list[str], d: Dossier) -> None:
    """Twelve months: received and closed with their bars, then each company's three rates with
    their counts."""
    if not d.figures.trend_months:
        return
    _heading(doc, t("dossier.chart_trend"), level=2)
    _table(doc, c.trend_header(), c.trend_rows(d), bars=(2, 4))
    _heading(doc, t("dossier.chart_rates"), level=2)
    _table(doc, c.rate_trend_header(d), c.rate_trend_rows(d))
    _paragraph(doc, clean(t("dossier.trend_note", until=d.figures.until)))


def _core(title: str, moment: str) -> str:
    """docProps/core.xml as python-docx wrote it: the title, and the dossier's moment as both
    its dates (by the data, not by the clock: the same dossier gives the same file)."""
    stamp = moment.replace(" ", "T") + ":00Z"
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_escape(title)}</dc:title><dc:subject/><dc:creator></dc:creator>"
        "<cp:keywords/><dc:description></dc:description><cp:lastModifiedBy/>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "<cp:category/></cp:coreProperties>"
    )


def write(d: Dossier, path: Path) -> None:
    import shutil
    from zipfile import ZIP_DEFLATED, ZipFile

    doc: list[str] = []
    h = c.headings()
    _title(doc, d.title)
    _paragraph(doc, clean(c.lead(d)), '<w:jc w:val="center"/>')
    _heading(doc, h[0], level=1)
    _kv(doc, c.facts_rows(d))
    _heading(doc, h[1], level=1)
    _kv(doc, c.duty_rows(d))
    _heading(doc, t("dossier.overrides"), level=2)
    if d.duty.overrides:
        _table(doc, c.override_header(), c.override_rows(d))
    else:
        _paragraph(doc, t("dossier.none"))
    _heading(doc, t("dossier.buildings"), level=2)
    _table(doc, c.building_header(), c.building_rows(d))
    _heading(doc, h[2], level=1)
    if d.followup_of:
        _intro(doc, d.followup_of)
    if d.followup:
        _table(doc, c.followup_header(), c.followup_rows(d))
    else:
        _paragraph(doc, t("dossier.no_followup"))

    _heading(doc, h[3], level=1)
    _intro(doc, t("dossier.agenda_count", count=len(d.agenda)))
    header = c.agenda_header()
    cells = {a.id: c.agenda_cells(a) for a in d.agenda}
    padding_mm = 2 * _cell_margin_mm(AGENDA_PT) + 0.2
    widths = _widths_mm(header, list(cells.values()), AGENDA_PT, padding_mm, full_width=True)
    for company, building, items in d.groups():
        _heading(doc, clean(c.group_title(company, building, len(items))), level=2)
        rows = [cells[a.id] for a in items]
        _table(doc, header, rows, font_pt=AGENDA_PT, widths=widths)

    _heading(doc, h[4], level=1)
    _intro(doc, t("dossier.period", since=d.figures.since, until=d.figures.until))
    _kv(doc, c.figure_rows(d))
    _gap(doc)  # two tables with nothing between them would merge into one
    _breakdowns(doc, d)
    _trend(doc, d)
    _heading(doc, h[5], level=1)
    # The last decision row stays with the signature block (signatures alone on a page sign
    # nothing); the table itself may break across pages, so as not to leave one half empty.
    # Each decision row is 24 points tall, room to write by hand.
    _table(doc, c.decision_header(), c.decision_rows(d), keep_together=False,
           keep_with_next=True, row_height_twips=480)  # fmt: skip
    _signatures(doc, d.signatures)

    skeleton = SKELETON.read_text(encoding="utf-8")
    at = skeleton.index("<w:sectPr")
    document = skeleton[:at] + "".join(doc) + skeleton[at:]
    shutil.copyfile(PARTS, path)
    with ZipFile(path, "a", ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document)
        archive.writestr("docProps/core.xml", _core(clean(d.title), d.as_of))
