"""The dossier as a Word document (python-docx), ready to print: A4 landscape throughout, one font
family per paragraph for Chinese and Latin alike, East Asian language zh-CN, real headings, real
tables whose column widths come from their content, header rows repeated on every page, rows
never split across pages, and a signature block kept with the decisions. (No page numbers: a
footer part costs python-docx ~8 ms, 4% of the whole command, against a budget.)

One orientation for the whole document: the agenda needs a landscape page, and every change of
orientation is a forced page break, which left pages holding a row or two of the table before it.

python-docx is imported inside :func:`write` only. Table rows are appended as raw
WordprocessingML: python-docx's ``add_row``/``cells`` re-walks the whole table for every cell,
which makes a 10,000-row agenda take minutes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import Dossier
from liuliqiao_cli.render import dossier_common as c
from liuliqiao_cli.render.dossier_common import clean
from liuliqiao_cli.render.dossier_widths import (
    column_widths,
    display_width,
    heading_lines,
    printed_width,
)

# Fonts found on every office PC in China, for Chinese and Latin text alike: a run in 宋体 with
# its digits in Times New Roman (or, where neither is installed, Chinese in one fallback and
# Latin in another) reads as two typefaces. fontTable.xml gives each its English name, panose
# and GB2312 charset, so that Word on a machine without it picks the nearest font.
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
_FONT_TABLE = {
    "宋体": (
        "SimSun",
        '<w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/>'
        '<w:family w:val="auto"/><w:pitch w:val="variable"/>'
        '<w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" w:usb3="00000000"'
        ' w:csb0="00040001" w:csb1="00000000"/>',
    ),
    "黑体": (
        "SimHei",
        '<w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/>'
        '<w:family w:val="modern"/><w:pitch w:val="fixed"/>'
        '<w:sig w:usb0="800002BF" w:usb1="38CF7CFA" w:usb2="00000016" w:usb3="00000000"'
        ' w:csb0="00040001" w:csb1="00000000"/>',
    ),
}
# The template's fontTable lists the Japanese theme fonts (MS Mincho, MS Gothic): not ours.
_NOT_OUR_FONTS = ("ＭＳ 明朝", "ＭＳ ゴシック")

PAGE_MM = (297.0, 210.0)  # A4 landscape
MARGIN_MM = 15.0
TEXT_WIDTH_MM = PAGE_MM[0] - 2 * MARGIN_MM
BODY_PT = 10.5  # 五号
TABLE_PT = 9.0  # 小五 is 9 pt
AGENDA_PT = 8.0
TITLE_PT = (18.0, 16.0, 14.0)  # 小二, 三号, 四号: the largest that fits on one line (or two)
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


def _set_rfonts(rpr: Any, family: str) -> None:
    """One family for every script of the run properties ``rpr``, replacing any theme font."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), family)
    rpr.insert(0, fonts)  # rFonts leads rPr (only an rStyle may precede it; styles have none)


def _set_style(
    style: Any, family: str, size_pt: float | None = None, bold: bool | None = None
) -> None:
    from docx.shared import Pt

    if size_pt is not None:
        style.font.size = Pt(size_pt)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = None
    _set_rfonts(style.element.get_or_add_rPr(), family)


def _set_language_and_fonts(doc: Any) -> None:
    """The document defaults: 宋体 for every script and East Asian text in Chinese (zh-CN). The
    template says ja-JP, so LibreOffice chose a Japanese font for the Chinese text."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from lxml import etree

    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")

    table = doc.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    fonts = parse_xml(table.blob)
    for font in list(fonts):
        if font.get(qn("w:name")) in (*_NOT_OUR_FONTS, *_FONT_TABLE):
            fonts.remove(font)
    for name, (alt, props) in _FONT_TABLE.items():
        fonts.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>{props}</w:font>'
            )
        )
    # A plain part of the package (python-docx keeps no object model for the font table).
    table._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _a4_landscape(section: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_MM)


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
    doc: Any,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    font_pt: float = TABLE_PT,
    full_width: bool = True,
    widths: Sequence[float] | None = None,
    keep_together: bool | None = None,
    keep_with_next: bool = False,
    bars: Sequence[int] = (),
) -> Any:
    """A real Word table (style "Table Grid"): fixed column widths measured from the content
    (or ``widths`` in mm, the same for every group of the agenda), the header row shaded,
    broken only between words and repeated on every page, no row split across two pages, a
    short table kept on one page (``keep_together``: by default when it has at most
    KEEP_TOGETHER_ROWS rows), its last row kept with what follows (``keep_with_next``); the
    columns ``bars`` hold bars of text, drawn in colour.

    The rows are written as one XML fragment parsed once: building them element by element
    through python-docx costs a parse per element (seconds for a 10,000-row agenda)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm

    rows = [list(r) for r in rows]
    margin_mm = _cell_margin_mm(font_pt)
    padding_mm = 2 * margin_mm + 0.2
    if widths is None:
        widths = _widths_mm(header, rows, font_pt, padding_mm, full_width)
    twips = [round(w * _TWIPS_PER_MM) for w in widths]
    margin = round(margin_mm * _TWIPS_PER_MM)

    table = doc.add_table(rows=0, cols=len(header))
    table.autofit = False  # <w:tblLayout w:type="fixed"/>: the widths below, not Word's guess
    tbl = table._tbl
    tbl.tblPr.style = _style_id(doc, "Table Grid")
    _table_width_and_margins(tbl.tblPr, sum(twips), margin)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(w)
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
    parts = ["<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"]
    parts.extend(
        _cell_xml(
            heading_lines(h, (w - padding_mm) / _cell_mm(font_pt), printed_width),
            head_rpr,
            f'<w:tcPr><w:tcW w:w="{tw}" w:type="dxa"/>{shade}</w:tcPr>',
            keep if rows else "",
        )
        for h, w, tw in zip(header, widths, twips, strict=True)
    )
    parts.append("</w:tr>")
    for n, row in enumerate(rows, start=1):
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        ppr = keep if n < len(rows) else (keep_next if keep_with_next else "")
        parts.extend(
            _cell_xml(v, bar_rpr if i in bars else rpr, ppr=ppr) for i, v in enumerate(row)
        )
        parts.append("</w:tr>")
    fragment = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(parts)}</w:tbl>")
    for tr in list(fragment):
        tbl.append(tr)
    return table


def _table_width_and_margins(tbl_pr: Any, width_twips: int, margin_twips: int) -> None:
    """The table's width and its cells' left and right margins, each element where the schema
    puts it (Word refuses a file whose elements are out of order)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    width = tbl_pr.find(qn("w:tblW"))  # python-docx's new table has one ("auto")
    width.set(qn("w:w"), str(width_twips))
    width.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        edge = OxmlElement(side)
        edge.set(qn("w:w"), str(margin_twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    look = tbl_pr.find(qn("w:tblLook"))  # tblCellMar comes right before it
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _style_id(doc: Any, name: str) -> str:
    """A style's id, looked up once per document: python-docx scans every latent style by name
    on each lookup (most of the time of a small dossier went there)."""
    cache = doc.__dict__.setdefault("_liuliqiao_style_ids", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    return cache[name]


def _heading(doc: Any, text: str, level: int) -> Any:
    paragraph = doc.add_paragraph(clean(text))
    paragraph._p.style = _style_id(doc, "Title" if level == 0 else f"Heading {level}")
    return paragraph


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


def _title(doc: Any, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lines, size = title_lines(clean(text))
    paragraph = _heading(doc, lines[0], level=0)
    for line in lines[1:]:
        run = paragraph.add_run()
        run.add_break()
        run.add_text(line)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.font.size = Pt(size)


def _kv(doc: Any, rows: Sequence[tuple[str, str]]) -> None:
    _table(doc, (t("dossier.col.field"), t("dossier.col.value")), rows, full_width=False)


def _intro(doc: Any, text: str) -> None:
    """A line introducing the table below it, kept on the same page as the table (and so is
    the heading above it)."""
    doc.add_paragraph(clean(text)).paragraph_format.keep_with_next = True


def _gap(doc: Any) -> None:
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(8)


def _breakdowns(doc: Any, d: Dossier) -> None:
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


def _trend(doc: Any, d: Dossier) -> None:
    """Twelve months: received and closed with their bars, then each company's three rates with
    their counts."""
    if not d.figures.trend_months:
        return
    _heading(doc, t("dossier.chart_trend"), level=2)
    _table(doc, c.trend_header(), c.trend_rows(d), bars=(2, 4))
    _heading(doc, t("dossier.chart_rates"), level=2)
    _table(doc, c.rate_trend_header(d), c.rate_trend_rows(d))
    doc.add_paragraph(clean(t("dossier.trend_note", until=d.figures.until)))


def write(d: Dossier, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    doc = Document()
    section = doc.sections[0]
    _a4_landscape(section)
    _set_language_and_fonts(doc)
    _set_style(doc.styles["Normal"], BODY_FONT, BODY_PT)
    for name, size, before in (
        ("Title", TITLE_PT[0], 0),
        ("Heading 1", 14, 12),
        ("Heading 2", 12, 8),
    ):
        style = doc.styles[name]
        _set_style(style, HEADING_FONT, size, bold=True)
        if before:  # the template's 24 pt before a heading pushed tables onto the next page
            style.paragraph_format.space_before = Pt(before)
            style.paragraph_format.space_after = Pt(before / 2)
    doc.core_properties.title = clean(d.title)
    doc.core_properties.author = ""
    doc.core_properties.comments = ""
    # Dated by the data, not by the clock: the same dossier gives the same file.
    doc.core_properties.created = doc.core_properties.modified = datetime.strptime(
        d.as_of, "%Y-%m-%d %H:%M"
    )

    h = c.headings()
    _title(doc, d.title)
    lead = doc.add_paragraph(clean(c.lead(d)))
    lead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _heading(doc, h[0], level=1)
    _kv(doc, c.facts_rows(d))
    _heading(doc, h[1], level=1)
    _kv(doc, c.duty_rows(d))
    _heading(doc, t("dossier.overrides"), level=2)
    if d.duty.overrides:
        _table(doc, c.override_header(), c.override_rows(d))
    else:
        doc.add_paragraph(t("dossier.none"))
    _heading(doc, t("dossier.buildings"), level=2)
    _table(doc, c.building_header(), c.building_rows(d))
    _heading(doc, h[2], level=1)
    if d.followup_of:
        _intro(doc, d.followup_of)
    if d.followup:
        _table(doc, c.followup_header(), c.followup_rows(d))
    else:
        doc.add_paragraph(t("dossier.no_followup"))

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
    decisions = _table(
        doc, c.decision_header(), c.decision_rows(d), keep_together=False, keep_with_next=True
    )
    for row in decisions.rows[1:]:
        row.height = Pt(24)
    # The signature block: a borderless two-column table, kept on one page.
    signatures = d.signatures
    block = doc.add_table(rows=(len(signatures) + 1) // 2, cols=2)
    for i, who in enumerate(signatures):
        cell = block.cell(i // 2, i % 2)
        cell.text = f"{t('dossier.sign_who', who=who)}\n\n{t('dossier.sign_date')}"
        cell.paragraphs[0].paragraph_format.space_before = Pt(18)
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    for row in block.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    doc.save(str(path))
