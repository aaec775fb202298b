"""Print-ready dossiers: each office file read back by its real reader (openpyxl, python-docx) and
checked for what a printed page needs — page set-up, repeated header rows, rows kept whole, fonts
and language, column widths from the content — and the HTML for its screen and print rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liuliqiao_cli.render.dossier_widths import column_widths, display_width, printed_width

MEETING = "86"  # the sample's joint-management meeting of 2026-11-19: 10 complaints, 5 decisions
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Meeting 86 of a copy of sample.db, in every printable format, written once for the
    module (each test only reads)."""
    import shutil

    from conftest import SAMPLE
    from typer.testing import CliRunner

    from liuliqiao_cli.cli import app

    folder = tmp_path_factory.mktemp("print")
    ledger = folder / "sample.db"
    shutil.copy(SAMPLE, ledger)
    runner = CliRunner()
    paths = {}
    for fmt in ("xlsx", "docx", "html"):
        paths[fmt] = folder / f"d.{fmt}"
        r = runner.invoke(
            app,
            ["--db", str(ledger), "--lang", "zh", "dossier", MEETING, "-o", str(paths[fmt])],
            catch_exceptions=False,
        )
        assert r.exit_code == 0, r.stderr
    return paths


def _codes() -> set[str]:
    """Every code the ledger stores that has a name for people."""
    from liuliqiao_cli.complaints import status
    from liuliqiao_cli.estate import definition as estate_definition
    from liuliqiao_cli.meetings import model

    definition = estate_definition.load_definition(estate_definition.default_definition_text())
    codes = {"normal", "urgent", "joint", "separate", "rotation", "override", "done", "pending"}
    codes |= set(status.STATUSES) | set(status.SOURCES)
    codes |= {model.R_NEW, model.R_OVERDUE, model.R_DISPUTED, model.R_FOLLOWUP}
    codes |= {model.R_MANUAL}
    codes |= {i.code for i in definition.items} | {c.code for c in definition.companies}
    return codes


# --- Excel ---------------------------------------------------------------------------------


def test_excel_ledger_prints_one_page_wide_on_a4_landscape(dossiers):
    from openpyxl import load_workbook

    ws = load_workbook(dossiers["xlsx"])["诉求台账"]
    setup = ws.page_setup
    assert setup.orientation == "landscape"
    assert int(setup.paperSize) == 9  # A4
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows in ("1:1", "$1:$1")  # the header row on every printed page
    assert ws.freeze_panes == "B2"
    assert ws.print_options.gridLines is True
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_excel_columns_are_sized_for_print(dossiers):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from liuliqiao_cli.render.dossier_xlsx import COLUMNS, DETAIL_COLUMNS, MAX_WIDTH, WRAP_WIDTH

    ws = load_workbook(dossiers["xlsx"])["诉求台账"]
    header = [c.value for c in ws[1]]
    widths = {}
    for i, (key, heading) in enumerate(zip(COLUMNS, header, strict=True), start=1):
        dimension = ws.column_dimensions[get_column_letter(i)]
        widths[key] = dimension.width
        assert dimension.width >= display_width(heading) + 2, heading  # a heading never breaks
        assert dimension.width <= WRAP_WIDTH.get(key, MAX_WIDTH)
        assert bool(dimension.hidden) == (key in DETAIL_COLUMNS)  # folded: also in "where"
    # The visible columns fit one landscape page (not 9 pages of slices) at about half size: a
    # column w wide is 7w + 5 pixels (Calibri 11), the page 277 mm less 2 x 0.4 inch margins.
    pixels = sum(7 * w + 5 for k, w in widths.items() if k not in DETAIL_COLUMNS)
    printable = (297 - 2 * 0.4 * 25.4) / 25.4 * 96
    assert printable / pixels > 0.45
    col = {h: i for i, h in enumerate(header)}
    text_cells = [row[col["诉求内容"]] for row in ws.iter_rows(min_row=2)]
    wide = [c for c in text_cells if display_width(c.value) > widths["text"] - 2]
    assert wide and all(c.alignment.wrap_text for c in wide)
    # A row holding several lines (the history) is as tall as they are.
    tall = [row for row in ws.iter_rows(min_row=2) if "\n" in (row[col["办理经过"]].value or "")]
    assert tall
    for row in tall:
        lines = row[col["办理经过"]].value.count("\n") + 1
        assert ws.row_dimensions[row[0].row].height >= 15 * lines
        assert row[col["办理经过"]].alignment.wrap_text


def test_excel_shows_names_never_codes(dossiers):
    from openpyxl import load_workbook

    wb = load_workbook(dossiers["xlsx"])
    ws = wb["诉求台账"]
    header = [c.value for c in ws[1]]
    urgency = header.index("紧急程度")
    assert {row[urgency].value for row in ws.iter_rows(min_row=2)} <= {"一般", "紧急"}
    codes = _codes()
    leaked = [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in wb.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.strip() in codes
    ]
    assert leaked == []


def test_excel_figures_sheet_heads_every_column(dossiers):
    from openpyxl import load_workbook

    fs = load_workbook(dossiers["xlsx"])["统计"]
    assert fs.page_setup.orientation == "portrait" and int(fs.page_setup.paperSize) == 9
    assert int(fs.page_setup.fitToWidth) == 1
    rows = [[c.value for c in row] for row in fs.iter_rows()]
    at = rows.index(["指标", "分子", "分母", "比率"])
    rates = rows[at + 1 : at + 4]
    assert [r[0] for r in rates] == ["响应率", "解决率", "满意率"]
    for _, numerator, denominator, share in rates:
        assert isinstance(numerator, int) and isinstance(denominator, int)
        assert share == pytest.approx(numerator / denominator)
    # every row of numbers sits under a heading row naming each of its columns
    heading: list = []
    for row in rows[3:]:  # after the title, the period and a blank line
        filled = [v for v in row if v is not None]
        if filled and all(isinstance(v, str) for v in filled):
            heading = filled
        elif filled:
            assert len(heading) >= len(filled), (row, heading)


def test_excel_header_and_footer_escape_ampersands():
    from liuliqiao_cli.render.dossier_xlsx import _header_footer_text

    assert _header_footer_text("A&B 会议") == "A&&B 会议"


# --- Word ----------------------------------------------------------------------------------


def test_word_tables_repeat_their_header_and_keep_rows_whole(dossiers):
    from docx import Document

    doc = Document(str(dossiers["docx"]))
    bordered = [t for t in doc.tables if t._tbl.tblPr.find(f"{W}tblStyle") is not None]
    assert len(bordered) >= 8  # facts, duty, buildings, follow-up, 5 agenda groups, ...
    for table in bordered:
        rows = table._tbl.findall(f"{W}tr")
        first = rows[0].find(f"{W}trPr")
        assert first is not None and first.find(f"{W}tblHeader") is not None
        for tr in rows:
            assert tr.find(f"{W}trPr/{W}cantSplit") is not None
        assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        # the header cells are at least as wide as their heading's widest unbreakable part
        for tc in rows[0].findall(f"{W}tc"):
            text = "".join(t.text for t in tc.iter(f"{W}t"))
            width_mm = int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) / 1440 * 25.4
            size = int(tc.find(f".//{W}sz").get(f"{W}val")) / 2
            part = max(re.split(r"\s+|(?=[（(])", text), key=display_width)
            assert width_mm >= display_width(part) * size / 2 * 25.4 / 72, text


def test_word_is_one_landscape_section_with_no_forced_breaks(dossiers):
    from docx import Document
    from docx.shared import Mm

    doc = Document(str(dossiers["docx"]))
    [section] = doc.sections
    assert abs(section.page_width - Mm(297)) < Mm(1) and abs(section.page_height - Mm(210)) < Mm(1)
    body = doc.element.body
    assert not body.findall(f".//{W}pPr/{W}sectPr")  # no section break inside the body
    assert not [b for b in body.iter(f"{W}br") if b.get(f"{W}type") == "page"]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in doc.tables[:-1]:  # the last is the borderless signature block
        grid = table._tbl.find(f"{W}tblGrid")
        total = sum(int(g.get(f"{W}w")) for g in grid.findall(f"{W}gridCol"))
        assert total * 635 <= text_width + Mm(0.5)  # twips to EMU


def test_word_fonts_and_east_asian_language(dossiers):
    from docx import Document

    doc = Document(str(dossiers["docx"]))
    styles = doc.styles.element
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"

    def families(rpr) -> set[str]:
        fonts = rpr.find(f"{W}rFonts")
        assert fonts is not None
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]
        return {fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")}

    assert families(defaults) == {"宋体"}
    assert families(doc.styles["Normal"].element.rPr) == {"宋体"}
    for name in ("Title", "Heading 1", "Heading 2"):
        assert families(doc.styles[name].element.rPr) == {"黑体"}
    # a run naming a font names one family for every script
    for fonts in doc.element.body.iter(f"{W}rFonts"):
        assert len({v for k, v in fonts.attrib.items() if not k.endswith("hint")}) == 1
    theme_lang = doc.settings.element.find(f"{W}themeFontLang")
    assert theme_lang.get(f"{W}eastAsia") == "zh-CN"
    from docx.opc.constants import RELATIONSHIP_TYPE

    font_table = doc.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE).blob.decode("utf-8")
    assert 'w:name="宋体"><w:altName w:val="SimSun"/>' in font_table
    assert 'w:name="黑体"><w:altName w:val="SimHei"/>' in font_table
    assert "ＭＳ 明朝" not in font_table


def test_word_title_on_one_line(dossiers):
    from docx import Document

    doc = Document(str(dossiers["docx"]))
    [title] = [p for p in doc.paragraphs if p.style.name == "Title"]
    assert "\n" not in title.text and title.text.endswith("物业共管议事协商会 会议材料")
    assert all(r.font.size.pt <= 18 for r in title.runs)


@pytest.mark.parametrize(
    "title, lines",
    [
        ("丰台路口社区望园西里北区 2026年第8次物业共管议事协商会 会议材料", 1),
        (
            "丰台路口社区 望园西里北区: joint-management consultation meeting no. 8 of 2026, dossier",
            1,
        ),
        (
            "Fengtai Road Intersection Community Wangyuan Xili North: joint-management "
            "consultation meeting no. 12 of 2026, dossier",
            2,
        ),
    ],
)
def test_title_lines_fit_the_page(title, lines):
    from liuliqiao_cli.render.dossier_docx import TEXT_WIDTH_MM, TITLE_PT, _cell_mm, title_lines

    got, size = title_lines(title)
    assert len(got) == lines and size in TITLE_PT
    assert " ".join(got) == title
    assert all(display_width(line) * _cell_mm(size) <= TEXT_WIDTH_MM for line in got)
    if lines == 2:
        assert got[0].endswith("North:")  # broken after the colon, never "…会 / 会议材料"


def test_title_that_cannot_fit_on_two_lines_still_breaks_at_a_space():
    from liuliqiao_cli.render.dossier_docx import TITLE_PT, title_lines

    got, size = title_lines("议事" * 60 + " 会议材料")
    assert got == ["议事" * 60, "会议材料"] and size == TITLE_PT[-1]


# --- widths from content ----------------------------------------------------------------------


def test_column_widths_keep_short_columns_and_share_the_rest():
    header = ["编号", "位置", "诉求内容", "办理经过"]
    rows = [["395", "1号楼5单元", "楼道灯坏了" * 10, "11-02 响应；11-05 办结；11-09 回访"]]
    widths = column_widths(header, rows, available=60)
    assert sum(widths) == pytest.approx(60, abs=0.01)
    assert widths[:2] == [pytest.approx(4.4), 10]  # whole: "编号" (in bold), "1号楼5单元"
    # the long ones share what is left in proportion to their length
    assert widths[2] / widths[3] == pytest.approx(
        display_width(rows[0][2]) / display_width(rows[0][3])
    )


def test_column_widths_when_everything_fits_and_when_nothing_does():
    assert column_widths(["编号", "状态"], [["1", "已办结"]], available=100) == [
        pytest.approx(4.4),
        6,
    ]
    squeezed = column_widths(["诉求编号", "状态"], [["1", "已办结"]], available=7)
    assert sum(squeezed) == pytest.approx(7)


def test_printed_width_spaces_chinese_from_digits():
    assert printed_width("1号楼5单元") == display_width("1号楼5单元") + 1.5  # 3 boundaries
    assert printed_width("2026-11-19") == 10
    assert printed_width("a\n城建物业") == 8


# --- HTML ----------------------------------------------------------------------------------


def test_html_prints_like_the_word_file(dossiers):
    html = dossiers["html"].read_text(encoding="utf-8")
    css = html[html.index("<style>") : html.index("</style>")]
    assert "@page { size: A4 landscape" in css
    assert "thead { display: table-header-group; }" in css
    assert "tr { break-inside: avoid; }" in css
    assert "@media print" in css and "counter(pages)" in css
    print_rules = css[css.index("@media print") :]
    assert ".scroll { overflow: visible" in print_rules  # nothing cut off on paper
    # every table but the field/value ones has its header row in a <thead> (repeated on each
    # printed page)
    assert html.count("<table") - html.count('<table class="kv') == html.count("<thead>") >= 8


def test_html_reads_on_any_screen(dossiers):
    html = dossiers["html"].read_text(encoding="utf-8")
    css = html[html.index("<style>") : html.index("</style>")]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert re.search(r"body \{[^}]*max-width: \d+px", css)  # a measure on wide screens
    assert ".scroll { overflow-x: auto;" in css and "@media (max-width" in css
    # each table sits in its own sideways-scrolling box on a narrow screen
    assert html.count('<div class="scroll"><table') == html.count("<table") - html.count(
        '<table class="kv'
    )
    lowered = html.lower()
    assert "<script" not in lowered and "<link" not in lowered and "url(" not in lowered


def test_html_agenda_columns_sized_from_content_alike_in_every_group(dossiers):
    html = dossiers["html"].read_text(encoding="utf-8")
    groups = re.findall(r'<table class="agenda[^"]*">\s*<colgroup>(.*?)</colgroup>', html)
    assert len(groups) == 5 and len(set(groups)) == 1
    widths = [float(w) for w in re.findall(r"width:([\d.]+)%", groups[0])]
    assert len(widths) == 12 and sum(widths) == pytest.approx(100, abs=0.1)
    assert widths.index(max(widths)) in (8, 10)  # the complaint text or the history


_W = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
_TEXTS = st.text(
    alphabet=st.sampled_from(
        list("aZ09-/*# ,.（）") + ["\t", "\u3000", "\u00a0", "\x1c", "\u2028", "号", "楼", "ア", "한"]
        + ["１", "Ａ", "\uffe0", "\u2588", "\u1100", "\u115f", "\u303f", "é"]
    ),
    max_size=30,
)  # fmt: skip


@given(_TEXTS)
@settings(max_examples=400, deadline=None)
def test_widths_read_the_boundaries_and_latin_runs_the_patterns_did(line):
    """dossier_widths counts the Chinese-Latin boundaries and finds the runs a line may not break
    from one class of the wide ranges: the same as the two patterns it replaced."""
    from liuliqiao_cli.render import dossier_widths as w

    spaced = re.compile(f"(?<=[{_W}])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[{_W}])")
    latin = re.compile(f"[^\\s{_W}]+")
    assert w._spaced(line) == len(spaced.findall(line))
    assert w._WIDE_CHAR.sub(" ", line).split() == latin.findall(line)
