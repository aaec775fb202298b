"""The dossier in every format, read back by its real readers (python-docx, openpyxl, json)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import dump
from meetings_seed import seed, seed_meetings

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def ledger(db):
    c = sqlite3.connect(db, isolation_level=None)
    c.row_factory = sqlite3.Row
    seed(c)
    ids = seed_meetings(c)
    c.close()
    return db, ids


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_markdown_golden_meeting(ledger, cli):
    r = cli("dossier", "2")
    assert r.exit_code == 0, r.stderr
    _golden("dossier_meeting.md", r.stdout)


def test_markdown_golden_period(ledger, cli):
    r = cli("dossier", "--since", "2026-11-01", "--until", "2026-11-30", "--format", "md")
    assert r.exit_code == 0, r.stderr
    _golden("dossier_period.md", r.stdout)


def test_markdown_sections_in_order_and_escaped(ledger, cli):
    text = cli("dossier", "2").stdout
    heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert heads == [
        "## 一、会议基本情况",
        "## 二、当值情况",
        "## 三、上次会议决定落实情况",
        "## 四、议题（诉求清单）",
        "## 五、数据统计",
        "## 六、会议决定与签字",
    ]
    assert text.startswith("# 丰台路口社区望园西里北区 2026年第2次物业共管议事协商会 会议材料\n")
    row = [line for line in text.splitlines() if line.startswith("| 1002 |")][-1]  # the agenda row
    assert "楼道灯不亮 \\| 已两周<br>晚上看不见" in row
    assert row.count(" | ") == 11  # the | inside the text did not add a column
    assert "&lt;b&gt;北门&lt;/b&gt;" in text and "<b>" not in text


def test_contacts_masked_everywhere_unless_asked(ledger, cli, tmp_path):
    db, (_, current) = ledger
    for fmt in ("md", "html", "json"):
        out = cli("dossier", str(current), "-f", fmt).stdout
        assert "李建国" not in out and "13912345678" not in out
        assert "李**" in out and "139****5678" in out
    revealing = "SELECT data FROM events WHERE kind = 'export' AND json_extract(data, '$.contacts')"
    before = sqlite3.connect(db).execute(revealing).fetchall()
    r = cli("dossier", str(current), "--with-contacts", "-o", str(tmp_path / "c.md"))
    assert r.exit_code == 0
    text = (tmp_path / "c.md").read_text(encoding="utf-8")
    assert "李建国 13912345678" in text
    rows = sqlite3.connect(db).execute(revealing).fetchall()
    assert before == [] and len(rows) == 1
    data = json.loads(rows[0][0])
    assert (data["what"], data["meeting"], data["format"]) == ("dossier", current, "md")


def test_html_is_self_contained_printable_and_escaped(ledger, cli, tmp_path):
    out = tmp_path / "d.html"
    r = cli("dossier", "2", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert (
        '<html lang="zh-CN">' in html and "@page { size: A4" in html and "Noto Sans CJK SC" in html
    )
    lowered = html.lower()
    assert "<script" not in lowered and "<link" not in lowered and "@import" not in lowered
    # no external requests
    assert "url(" not in lowered and not re.search(r"\b(src|href)\s*=", lowered)
    # By building, by company, the twelve months' columns and a line chart per rate.
    assert html.count("<svg") == 6
    assert "&lt;b&gt;北门&lt;/b&gt;" in html and "<b>北门" not in html
    assert "=HYPERLINK(&quot;" in html
    from html.parser import HTMLParser

    HTMLParser().feed(html)  # parses


def test_word_document_read_back(ledger, cli, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    out = tmp_path / "d.docx"
    r = cli("dossier", "2", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    doc = Document(str(out))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads == [
        "一、会议基本情况",
        "二、当值情况",
        "三、上次会议决定落实情况",
        "四、议题（诉求清单）",
        "五、数据统计",
        "六、会议决定与签字",
    ]
    title = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert title == ["丰台路口社区望园西里北区 2026年第2次物业共管议事协商会 会议材料"]
    # A4 landscape throughout, one section: an orientation change forces a page break
    [first] = doc.sections
    assert abs(first.page_width - Mm(297)) < Mm(1) and abs(first.page_height - Mm(210)) < Mm(1)
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    facts = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert facts["地点"] == "社区会议室" and facts["应到 / 实到"] == "应到 4 人，实到 3 人"
    agenda_rows = [
        [c.text for c in row.cells]
        for t in doc.tables
        for row in t.rows
        if row.cells[0].text in ("1002", "1003", "1004")
    ]
    by_id = {r[0]: r for r in agenda_rows}
    assert set(by_id) == {"1002", "1003", "1004"}
    assert by_id["1002"][1] == "3号楼2单元502" and by_id["1002"][9] == "李** 139****5678"
    assert by_id["1002"][8] == "3号楼2单元楼道灯不亮 | 已两周\n晚上看不见"
    followup = [[c.text for c in row.cells] for row in doc.tables[3].rows]
    assert followup[1][1] == "城建物业一周内修复楼道灯" and followup[1][5] == "逾期未落实"
    assert followup[2][5] == "已落实"
    signatures = [cell.text for row in doc.tables[-1].rows for cell in row.cells]
    assert signatures == [
        f"{who}签字：\n\n日期：" for who in ("主持人", "记录人", "首华物业", "城建物业")
    ]


def test_excel_ledger_read_back(ledger, cli, tmp_path):
    from openpyxl import load_workbook

    db, (_, current) = ledger
    cli(
        "meeting",
        "decide",
        str(current),
        "--complaint",
        "1003",
        "--decision",
        "-先划线再说",
        "--owner",
        "首华",
        "--due",
        "2026-12-20",
        "--votes",
        "15/0/1",
    )
    out = tmp_path / "d.xlsx"
    r = cli("dossier", str(current), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    wb = load_workbook(out)
    ws = wb["诉求台账"]
    assert ws.freeze_panes == "B2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["编号", "楼号", "单元"] and header[-4:] == [
        "会议决定",
        "责任方",
        "完成时限",
        "表决",
    ]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert set(rows) == {1002, 1003, 1004}
    col = {h: i for i, h in enumerate(header)}
    inj = rows[1003][col["诉求内容"]]
    assert inj.data_type == "s" and inj.value.startswith("=HYPERLINK")  # text, not a formula
    assert rows[1003][col["会议决定"]].data_type == "s"
    assert rows[1003][col["会议决定"]].value == "-先划线再说"
    assert rows[1003][col["完成时限"]].value == datetime(2026, 12, 20)
    assert rows[1003][col["表决"]].value == "15/0/1"
    received = rows[1002][col["受理日期"]]
    assert received.is_date and received.value == datetime(2026, 11, 3, 10, 30)
    assert rows[1002][col["电话"]].value == "139****5678"
    # widths fitted to Chinese: the complaint text column is wider than the number column
    assert (
        ws.column_dimensions["A"].width
        < ws.column_dimensions[chr(ord("A") + col["诉求内容"])].width
    )
    # 城建物业 = 8 cells + padding
    assert ws.column_dimensions[chr(ord("A") + col["责任物业"])].width >= 10
    assert "统计" in wb.sheetnames


def test_json_round_trip(ledger, cli):
    r = cli("dossier", "2", "--format", "json")
    data = json.loads(r.stdout)
    assert list(data)[:3] == ["title", "community", "estate"]
    assert data["facts"]["number"] == 2 and data["facts"]["expected"] == 4
    assert [a["id"] for a in data["agenda"]] == [1004, 1003, 1002]
    assert [f["state"] for f in data["followup"]] == ["overdue", "done"]
    assert data["duty"]["company"] == "chengjian"
    assert [r["key"] for r in data["figures"]["rates"]] == [
        "response",
        "resolution",
        "satisfaction",
    ]


def test_display_width_counts_cjk_as_two():
    from liuliqiao_cli.render.dossier_xlsx import display_width

    assert (
        display_width("城建物业") == 8
        and display_width("abc") == 3
        and display_width("3号楼\nab") == 5
    )


@pytest.mark.parametrize(
    "args, code, key",
    [
        (["42"], 1, "没有编号为 42 的会议"),
        (["2", "-o", "{tmp}/missing/d.md"], 1, "不存在"),
        (["2", "-o", "{tmp}/d.pdf"], 2, "未知的材料格式"),
        (["2", "-f", "pdf"], 2, ""),
        (["2", "-f", "docx"], 2, "-o"),
        (["--since", "2026-11-30", "--until", "2026-11-01"], 2, "早于"),
        (["--since", "2026-11-01"], 2, "--since"),
        (["2", "--since", "2026-11-01", "--until", "2026-11-30"], 2, ""),
        (["--since", "2026-11-31", "--until", "2026-12-01"], 2, ""),
    ],
)
def test_dossier_bad_input(ledger, cli, tmp_path, args, code, key):
    db, _ = ledger
    before = dump(db)
    r = cli("dossier", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert r.exit_code == code, r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("错误：") and key in r.stderr
    assert r.stdout == ""
    assert dump(db) == before
    assert (
        sorted(p.name for p in tmp_path.iterdir() if p.suffix not in (".db", ".db-wal", ".db-shm"))
        == []
    )


def test_existing_file_needs_force(ledger, cli, tmp_path):
    out = tmp_path / "d.md"
    out.write_text("old", encoding="utf-8")
    r = cli("dossier", "2", "-o", str(out))
    assert r.exit_code == 1 and "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "old"
    r = cli("dossier", "2", "-o", str(out), "--force")
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx", "json"])
def test_failure_while_writing_leaves_no_file(ledger, cli, tmp_path, monkeypatch, fmt):
    from liuliqiao_cli.render import (
        dossier_docx,
        dossier_html,
        dossier_md,
        dossier_xlsx,
    )

    out = tmp_path / f"d.{fmt}"
    out_old = tmp_path / f"old.{fmt}"
    out_old.write_text("old", encoding="utf-8")

    def half_then_fail(d, target):
        Path(target).write_text("half", encoding="utf-8") if isinstance(
            target, (str, Path)
        ) else target.write("half")
        raise RuntimeError("renderer failed")

    module = {
        "md": dossier_md,
        "html": dossier_html,
        "docx": dossier_docx,
        "xlsx": dossier_xlsx,
    }.get(fmt)
    if module is not None:
        monkeypatch.setattr(module, "write", half_then_fail)
    else:
        import json as json_mod

        monkeypatch.setattr(
            json_mod,
            "dump",
            lambda *a, **k: (a[1].write("{half"), (_ for _ in ()).throw(RuntimeError())),
        )
    for target, extra in ((out, []), (out_old, ["--force"])):
        r = cli("dossier", "2", "-o", str(target), *extra)
        assert r.exit_code == 1 and r.stderr.count("\n") == 1
    assert not out.exists()
    assert out_old.read_text(encoding="utf-8") == "old"
    # no temp file
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_period_dossier_without_meeting(ledger, cli, tmp_path):
    r = cli(
        "dossier",
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-30",
        "-o",
        str(tmp_path / "nov.html"),
    )
    assert r.exit_code == 0, r.stderr
    html = (tmp_path / "nov.html").read_text(encoding="utf-8")
    assert "诉求台账（2026-11-01 至 2026-11-30）" in html
    data = json.loads(
        cli("dossier", "--since", "2026-11-01", "--until", "2026-11-30", "-f", "json").stdout
    )
    assert data["facts"] is None and [a["id"] for a in data["agenda"]] == [1004, 1003, 1005, 1002]


def test_markdown_and_json_load_no_office_library():
    code = (
        "import sys\n"
        "from liuliqiao_cli.cli import app\n"
        "try:\n    app(['dossier', '1'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('docx', 'openpyxl', 'sqlite_utils', 'rich', 'lxml') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    env = {**os.environ}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.stdout.strip() == "", r.stdout + r.stderr


def test_written_file_has_the_usual_mode(ledger, cli, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "d.md"
        assert cli("dossier", "2", "-o", str(out)).exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o600)
        assert cli("dossier", "2", "-o", str(out), "--force").exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o600  # a replaced file keeps its mode
    finally:
        os.umask(old)


def test_attendance_not_recorded_leaves_lines_to_fill_in(ledger, cli):
    r = cli("meeting", "add", "--kind", "council", "--date", "2026-12-01")
    text = cli("dossier", r.stdout.strip()).stdout
    assert "| 应到 / 实到 | 应到____人，实到____人（会上填写） |" in text
    assert "2026年第1次居民议事会" in text and "无上次会议决定" in text


def test_second_meeting_of_a_kind_on_the_same_day(ledger, cli):
    """Two joint meetings on one day (a morning and an afternoon session): the second one's
    figures cover that day, not "from the day after the first" (which ended before it began)."""
    meeting_date = "2026-12-05"  # meeting 2 of meetings_seed, a joint meeting
    add = cli("meeting", "add", "--kind", "joint", "--date", meeting_date, "--place", "社区会议室")
    assert add.exit_code == 0, add.stderr
    second = add.stdout.strip()
    r = cli("dossier", second, "-f", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["figures"]["since"] == data["figures"]["until"] == meeting_date
