"""The Word dossier's fixed parts (``data/dossier_docx_parts.zip``): python-docx's default template
with the dossier's fonts, sizes and language, saved once, so that writing a dossier needs no
python-docx (its import alone cost more than the minimal Typer app's whole run). Everything of a
.docx but the body (``word/document.xml``) and the title and dates (``docProps/core.xml``), which
:mod:`~liuliqiao_cli.render.dossier_docx` writes into a copy of it.

Made again (after a change of style here, or of python-docx) with::

    python -m liuliqiao_cli.render.docx_template

``tests/test_docx_template.py`` checks that the stored file is what this makes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
PARTS = DATA / "dossier_docx_parts.zip"
# The template's empty body: its root element (the namespaces) and its section (A4 landscape).
SKELETON = DATA / "dossier_docx_document.xml"
WRITTEN_PER_DOSSIER = ("word/document.xml", "docProps/core.xml")

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
BODY_PT = 10.5  # 五号
TITLE_PT = (18.0, 16.0, 14.0)  # 小二, 三号, 四号: the largest that fits on one line (or two)
PAGE_MM = (297.0, 210.0)  # A4 landscape
MARGIN_MM = 15.0


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


def template() -> Any:
    """python-docx's default document with the dossier's page, styles, fonts and language."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
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
    doc.core_properties.author = ""
    doc.core_properties.comments = ""
    return doc


def parts() -> dict[str, bytes]:
    """Every part of the saved template, by name, in the order python-docx writes them."""
    saved = io.BytesIO()
    template().save(saved)
    with zipfile.ZipFile(saved) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_parts(path: Path = PARTS, skeleton: Path = SKELETON) -> None:
    """The fixed parts into ``path``, dated 1980-01-01 (each dossier dates its own copy), and
    the empty body into ``skeleton``."""
    made = parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in made.items():
            if name not in WRITTEN_PER_DOSSIER:
                z.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    skeleton.write_bytes(made["word/document.xml"])


if __name__ == "__main__":
    write_parts()
    print(f"wrote {PARTS} and {SKELETON}")
