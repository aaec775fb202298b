"""The Word dossier without python-docx (render/dossier_docx.py, render/docx_template.py): the
stored fixed parts are what python-docx makes of its template with our styles, and each piece
of the body is the XML python-docx wrote for it, whatever the text (tabs, line breaks, carriage
returns, spaces at the ends, markup characters)."""

from __future__ import annotations

import zipfile
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liuliqiao_cli.render import docx_template, dossier_docx

TEXTS = st.text(
    alphabet=st.sampled_from(list("ab 12-<>&\"'号楼\t\r\n\u3000") + ["\u00a0"]), max_size=25
)


def test_stored_parts_are_what_python_docx_makes():
    made = docx_template.parts()
    with zipfile.ZipFile(docx_template.PARTS) as stored:
        names = stored.namelist()
        assert names == [n for n in made if n not in docx_template.WRITTEN_PER_DOSSIER]
        for name in names:
            assert stored.read(name) == made[name], name
    assert docx_template.SKELETON.read_bytes() == made["word/document.xml"]


def _body_xml(doc) -> str:
    """The body of a python-docx document as serialised, without the section."""
    from lxml import etree

    body = doc.element.body
    body.remove(body.sectPr)
    text = etree.tostring(body, encoding="unicode")
    return text[text.index(">") + 1 : text.rindex("</w:body>")]


@pytest.mark.slow  # 300 documents made by python-docx: ~2.5 s, in CI's whole run
@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_a_paragraph_is_what_python_docx_wrote(text):
    from docx import Document

    doc = Document()
    doc.add_paragraph(text).paragraph_format.keep_with_next = True
    ours: list[str] = []
    dossier_docx._paragraph(ours, text, "<w:keepNext/>")
    assert "".join(ours) == _body_xml(doc)


def _cell_before(text: str, rpr: str) -> str:
    """A cell as the dossier built it before: XML text, parsed by python-docx (lxml)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from lxml import etree

    from liuliqiao_cli.render.dossier_common import clean

    text = dossier_docx._escape(clean(text))
    if "-" in text and len(text) > 10:
        text = dossier_docx._DATE_HYPHEN.sub(dossier_docx._NO_BREAK_HYPHEN, text)
    runs = f'<w:t xml:space="preserve">{text}</w:t>'
    if "\n" in text:
        runs = runs.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    fragment = (
        f"<w:tbl {nsdecls('w')}><w:tr><w:tc><w:p><w:r>{rpr}{runs}</w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    serialised = etree.tostring(parse_xml(fragment)[0][0], encoding="unicode")
    return serialised.replace(f" {nsdecls('w')}", "")


@given(st.one_of(TEXTS, st.sampled_from(["2026-11-19 11-02 受理\r\n11-05 办结", "", "-"])))
@settings(max_examples=300, deadline=None)
def test_a_table_cell_is_what_python_docx_wrote(text):
    rpr = "<w:rPr><w:b/></w:rPr>"
    assert dossier_docx._cell_xml(text, rpr) == _cell_before(text, rpr)


def test_core_properties_are_what_python_docx_wrote():
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE

    doc = Document()
    doc.core_properties.title = "A&B <会议> 材料"
    doc.core_properties.author = doc.core_properties.comments = ""
    doc.core_properties.created = doc.core_properties.modified = datetime(2026, 11, 19, 14, 30)
    part = doc.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
    assert dossier_docx._core("A&B <会议> 材料", "2026-11-19 14:30").encode() == part.blob
