"""Pictures where people would rather look than read (issue 19): twelve months of trend from the
running totals, bars of text for Markdown and Word, SVG in HTML, Excel's own charts."""

from __future__ import annotations

import sqlite3
import zipfile
from calendar import monthrange
from datetime import date, datetime

import pytest

from liuliqiao_cli.render.charts import percent_text, svg_columns, svg_lines, text_bar
from liuliqiao_cli.reports import rates, trend

NOW = datetime(2026, 11, 27, 10, 0, 0)


def test_text_bar_is_proportional():
    assert text_bar(0, 10) == "" and text_bar(3, 0) == ""
    assert text_bar(10, 10) == "█" * 20
    assert text_bar(5, 10) == "█" * 10
    assert text_bar(1, 160) == "▏"  # never nothing for something
    eighths = " ▏▎▍▌▋▊▉"
    sizes = [
        8 * bar.count("█") + (eighths.index(bar[-1]) if bar and bar[-1] != "█" else 0)
        for bar in (text_bar(n, 37) for n in range(38))
    ]
    assert sizes == sorted(sizes) and sizes[-1] == 160
    assert percent_text(19, 30) == "63% (19/30)" and percent_text(0, 0) == "-"


def test_svg_charts_escape_and_break_lines():
    svg = svg_lines("<率>", ["2026-01", "2026-02", "2026-03"], [("A&B", [50.0, None, 75.0])])
    assert "&lt;率&gt;" in svg and "A&amp;B" in svg and "<率>" not in svg
    assert "<polyline" not in svg  # a month with nothing to rate breaks the line: no run of 2
    columns = svg_columns("t", ["2026-01", "2026-02"], [("收", [3, 0]), ("结", [1, 2])])
    assert columns.count("<rect") == 2 + 4  # the legend's two, then four columns


def test_trend_agrees_with_the_ledger(sample_db):
    conn = sqlite3.connect(sample_db)
    conn.row_factory = sqlite3.Row
    until = date(2026, 11, 19)
    got = trend.trend(conn, until, now=NOW, companies=("shouhua", "chengjian"))
    assert got.months[0] == "2025-12" and got.months[-1] == "2026-11" and len(got.months) == 12
    for i, month in enumerate(got.months):
        y, m = int(month[:4]), int(month[5:])
        last = min(date(y, m, monthrange(y, m)[1]), until)
        received = conn.execute(
            "SELECT count(*) FROM complaints WHERE received_at >= ? AND received_at < ?",
            (f"{month}-01", f"{last.isoformat()} 99"),
        ).fetchone()[0]
        closed = conn.execute(
            "SELECT count(*) FROM events e WHERE kind = 'close' AND at >= ? AND at < ?"
            " AND undoes IS NULL AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id)",
            (f"{month}-01", f"{last.isoformat()} 99"),
        ).fetchone()[0]
        assert (got.received[i], got.closed[i]) == (received, closed), month
        by_company = {
            g.group: g for g in rates.rates(conn, date(y, m, 1), last, "company", now=NOW)
        }
        for ct in got.companies:
            g = by_company.get(ct.company)
            for kind in rates.RATE_KINDS:
                want = (
                    (0, 0)
                    if g is None
                    else (getattr(g, kind).numerator, getattr(g, kind).denominator)
                )
                assert ct.of(kind)[i] == want, (month, ct.company, kind)
    assert sum(got.received) > 50


@pytest.fixture
def sample(sample_db, monkeypatch):
    monkeypatch.setenv("LIULIQIAO_DB", str(sample_db))
    monkeypatch.setenv("LIULIQIAO_LANG", "zh")
    return sample_db


def test_markdown_and_word_draw_bars(sample, cli, tmp_path):
    text = cli("dossier", "86").stdout
    assert "**近12个月受理与结案**" in text and "**近12个月三率（按物业公司）**" in text
    assert "| 城建物业 | 10 | ████████████████████ |" in text
    assert "| 首华物业响应率 |" in text.replace("| 月份 ", "|")
    path = tmp_path / "d.docx"
    assert cli("dossier", "86", "-o", str(path)).exit_code == 0
    from docx import Document

    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs]
    assert "近12个月受理与结案" in headings and "近12个月三率（按物业公司）" in headings
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    assert any(c.startswith("████") for c in cells)
    assert any(c.endswith(")") and "% (" in c for c in cells)


def test_excel_draws_native_charts(sample, cli, tmp_path):
    path = tmp_path / "d.xlsx"
    assert cli("dossier", "86", "-o", str(path)).exit_code == 0
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = {n: z.read(n).decode() for n in charts}
    assert len(charts) == 6  # by building, by company; the months' columns; three rates
    kinds = sorted("barChart" if "<barChart>" in x else "lineChart" for x in xml.values())
    assert kinds == ["barChart"] * 3 + ["lineChart"] * 3
    assert any("'统计'!$B$" in x for x in xml.values())
    assert sum("'近12个月'!$" in x for x in xml.values()) == 4
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["诉求台账", "统计", "近12个月"]
    rows = list(wb["近12个月"].iter_rows(values_only=True))
    head = next(r for r in rows if r and r[0] == "月份")
    assert head[1:4] == ("新受理", "已结案", "首华物业响应率")
    counts = [r for r in rows if r and r[0] == "月份"][1]
    assert counts[3] == "首华物业响应率\n分子/分母"


def test_summary_markdown_draws_small_tables_of_bars(sample, cli):
    md = cli("summary", "--format", "md").stdout
    assert "## 图表" in md and "| 物业公司 | 件数 | 图示 |" in md and "| 楼栋 | 件数 | 图示 |" in md
    assert "| 城建物业 | 1 | ████████████████████ |" in md
    assert "**近12个月受理与结案**" in md and "| 2026-11 | 5 | ███▊ | 4 | ███ |" in md
    assert "| 2026-11 | 100% (1/1) | - | - | 33% (1/3) | 50% (1/2) | 50% (1/2) |" in md
    text = cli("summary").stdout  # the cron text draws nothing
    assert "█" not in text and "图表" not in text
