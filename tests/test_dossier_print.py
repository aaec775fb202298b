"""Print-ready dossiers: each office file read back by its real reader (openpyxl, python-docx) and
checked for what a printed page needs — page set-up, repeated header rows, rows kept whole, fonts
and language, column widths from the content — and the HTML for its screen and print rules."""

from __future__ import annotations

import pytest

from liuliqiao_cli.render.dossier_common import column_widths, display_width, printed_width

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
