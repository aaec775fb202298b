"""The small .xlsx writer (render/xlsx_writer.py) read back by openpyxl: what a cell holds and how
it looks, whatever the text (markup characters, spaces at the ends, a carriage return, a
formula-like start), and the sheet's set-up."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from liuliqiao_cli.render.xlsx_writer import (
    Cell,
    Column,
    PageSetup,
    Style,
    Workbook,
    column_letter,
    excel_serial,
)


@pytest.mark.parametrize("n, letters", [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters(n, letters):
    from openpyxl.utils import get_column_letter

    assert column_letter(n) == letters == get_column_letter(n)


@pytest.mark.parametrize(
    "value",
    [date(2026, 12, 20), datetime(2026, 11, 3, 10, 30), datetime(1900, 3, 1, 23, 59, 59)],
)
def test_serial_dates_as_openpyxl_computes_them(value):
    from openpyxl.utils.datetime import to_excel

    assert excel_serial(value) == to_excel(value)


def test_cells_read_back(tmp_path):
    from openpyxl import load_workbook

    wb = Workbook()
    ws = wb.add_sheet("O'Brien & 统计", PageSetup(header="A&&B", landscape=False))
    ws.columns[1] = Column(12)
    ws.columns[2] = Column(8, hidden=True, outline_level=1)
    ws.freeze = "B2"
    ws.print_title_rows = "1:1"
    texts = ["<b>&amp;</b>", " 前后有空格 ", "a\r\nb", "=1+1", ""]
    ws.append([Cell("标题", Style(bold=True, fill="E7E6E6", wrap=True, vertical="center"))])
    ws.append(texts, height=32)
    ws.append([Cell("=SUM(A1)", Style(quote_prefix=True)), 7, 0.25, True, None, 12345678901])
    ws.append(
        [Cell(datetime(2026, 11, 3, 10, 30), Style("yyyy-mm-dd hh:mm")), Cell(None, Style("0%"))]
    )
    ws.auto_filter = "A1:E3"
    path = tmp_path / "w.xlsx"
    wb.save(path, datetime(2026, 11, 19, 14, 30))

    book = load_workbook(path)
    [sheet] = book.worksheets
    assert sheet.title == "O'Brien & 统计"
    head = sheet["A1"]
    assert head.font.b and head.fill.fgColor.rgb == "00E7E6E6" and head.alignment.wrap_text
    assert head.alignment.vertical == "center"
    assert [sheet.cell(2, i).value for i in range(1, 5)] == [
        "<b>&amp;</b>",
        " 前后有空格 ",
        "a\r\nb",
        "=1+1",
    ]
    assert sheet.cell(2, 4).data_type == "s" and sheet.cell(2, 5).value is None
    formula_like = sheet["A3"]
    assert (
        formula_like.value == "=SUM(A1)"
        and formula_like.data_type == "s"
        and formula_like.quotePrefix
    )
    assert [sheet.cell(3, i).value for i in range(2, 7)] == [7, 0.25, True, None, 12345678901]
    assert sheet["A4"].value == datetime(2026, 11, 3, 10, 30) and sheet["A4"].is_date
    assert sheet["B4"].number_format == "0%"
    assert sheet.row_dimensions[2].height == 32
    assert sheet.column_dimensions["A"].width == 12
    assert sheet.column_dimensions["B"].hidden and sheet.column_dimensions["B"].outlineLevel == 1
    assert sheet.freeze_panes == "B2" and sheet.print_title_rows == "$1:$1"
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet.oddHeader.center.text == "A&&B" and sheet.page_setup.orientation == "portrait"
    assert book.properties.created == datetime(2026, 11, 19, 14, 30)


def test_same_workbook_same_bytes(tmp_path):
    def build(path):
        wb = Workbook()
        ws = wb.add_sheet("表", PageSetup(header="t", landscape=True))
        ws.append(["一", 1, date(2026, 1, 2)])
        wb.save(path, datetime(2026, 11, 19, 14, 30))
        return path.read_bytes()

    assert build(tmp_path / "a.xlsx") == build(tmp_path / "b.xlsx")
