"""The dossier as a Word document (python-docx): A4, Chinese fonts set for East Asian text
(``w:eastAsia``: ``font.name`` alone leaves Chinese in the theme font), real headings, real
tables with a repeating header row, the agenda on landscape pages, a signature block.

python-docx is imported inside :func:`write` only. Agenda rows are appended as raw WordprocessingML
elements: python-docx's ``add_row``/``cells`` re-walks the whole table for every cell, which makes
a 10,000-row agenda take minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import Dossier
from liuliqiao_cli.render import dossier_common as c
from liuliqiao_cli.render.dossier_common import clean

EAST_ASIAN_FONT = "宋体"  # SimSun: present on every office PC in China
HEADING_EAST_ASIAN_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"


def _set_fonts(
    style: Any, east_asian: str, size_pt: float | None = None, bold: bool | None = None
) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = LATIN_FONT
    if size_pt is not None:
        style.font.size = Pt(size_pt)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = None
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), east_asian if attr == "w:eastAsia" else LATIN_FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _a4(section: Any, landscape: bool = False) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    )
    section.left_margin = section.right_margin = Mm(18 if not landscape else 14)
    section.top_margin = section.bottom_margin = Mm(18 if not landscape else 14)


def _escape(text: str) -> str:
    # xml.sax.saxutils.escape would do, but importing it loads urllib and email (~70 ms).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_xml(text: str, bold: bool = False, half_points: int | None = None) -> str:
    """One table cell as WordprocessingML text (escaped); line breaks become <w:br/>."""
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{half_points}"/>' if half_points else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    runs = "<w:br/>".join(
        f'<w:t xml:space="preserve">{_escape(part)}</w:t>' for part in clean(text).split("\n")
    )
    return f"<w:tc><w:p><w:r>{rpr}{runs}</w:r></w:p></w:tc>"


def _table(
    doc: Any,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths_mm: Sequence[float] | None = None,
    font_pt: float | None = None,
) -> Any:
    """A real Word table (style "Table Grid", header row repeated on every page). The rows are
    written as one XML fragment parsed once: building them element by element through
    python-docx costs a parse per element (seconds for a 10,000-row agenda)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm

    table = doc.add_table(rows=0, cols=len(header))
    table._tbl.tblPr.style = _style_id(doc, "Table Grid")
    if widths_mm:
        for col, w in zip(table.columns, widths_mm, strict=False):
            col.width = Mm(w)
    size = int(font_pt * 2) if font_pt else None
    parts = ["<w:tr><w:trPr><w:tblHeader/></w:trPr>"]
    parts.extend(_cell_xml(h, bold=True, half_points=size) for h in header)
    parts.append("</w:tr>")
    for row in rows:
        parts.append("<w:tr>")
        parts.extend(_cell_xml(v, half_points=size) for v in row)
        parts.append("</w:tr>")
    fragment = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(parts)}</w:tbl>")
    tbl = table._tbl
    for tr in list(fragment):
        tbl.append(tr)
    return table


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


def _kv(doc: Any, rows: Sequence[tuple[str, str]]) -> None:
    _table(doc, (t("dossier.col.field"), t("dossier.col.value")), rows, widths_mm=(45, 129))


def write(d: Dossier, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    doc = Document()
    _a4(doc.sections[0])
    _set_fonts(doc.styles["Normal"], EAST_ASIAN_FONT, 10.5)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        _set_fonts(doc.styles[name], HEADING_EAST_ASIAN_FONT, size, bold=True)
    doc.core_properties.title = clean(d.title)
    doc.core_properties.author = ""
    doc.core_properties.comments = ""

    h = c.headings()
    title = _heading(doc, clean(d.title), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
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
    _table(doc, c.building_header(), c.building_rows(d), widths_mm=(25, 35, 114))
    _heading(doc, h[2], level=1)
    if d.followup_of:
        doc.add_paragraph(clean(d.followup_of))
    if d.followup:
        _table(doc, c.followup_header(), c.followup_rows(d), widths_mm=(18, 62, 24, 22, 22, 26))
    else:
        doc.add_paragraph(t("dossier.no_followup"))

    _a4(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    _heading(doc, h[3], level=1)
    doc.add_paragraph(t("dossier.agenda_count", count=len(d.agenda)))
    header = c.agenda_header()
    widths = (12, 26, 26, 14, 18, 18, 10, 18, 60, 22, 32, 16)
    for company, building, items in d.groups():
        _heading(doc, clean(c.group_title(company, building, len(items))), level=2)
        _table(doc, header, (c.agenda_cells(a) for a in items), widths_mm=widths, font_pt=8)

    _a4(doc.add_section(WD_SECTION.NEW_PAGE))
    _heading(doc, h[4], level=1)
    doc.add_paragraph(t("dossier.period", since=d.figures.since, until=d.figures.until))
    _kv(doc, c.figure_rows(d))
    for title_text, pairs in (
        (t("dossier.by_building"), d.figures.by_building),
        (t("dossier.by_company"), d.figures.by_company),
        (t("dossier.by_item"), d.figures.by_item),
    ):
        _heading(doc, title_text, level=2)
        _table(
            doc,
            (title_text, t("dossier.col.count")),
            [(k, str(v)) for k, v in pairs],
            widths_mm=(60, 30),
        )
    _heading(doc, h[5], level=1)
    decisions = _table(
        doc, c.decision_header(), c.decision_rows(d), widths_mm=(12, 20, 70, 25, 22, 25)
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
    for row in block.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    doc.save(str(path))
