"""The meeting commands as a worker types them; every bad input: exit code, one line, no change."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from conftest import dump
from meetings_seed import seed, seed_meetings


@pytest.fixture
def ledger(db):
    c = sqlite3.connect(db, isolation_level=None)
    c.row_factory = sqlite3.Row
    seed(c)
    ids = seed_meetings(c)
    c.close()
    return db, ids


def test_add_prints_the_number(db, cli):
    r = cli(
        "meeting",
        "add",
        "--kind",
        "joint",
        "--date",
        "2026年12月5日",
        "--place",
        "社区会议室",
        "--host",
        "李书记",
        "--recorder",
        "张网格员",
        "--time",
        "14:30",
    )
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == "1"
    assert "2026年第1次" in r.stderr and "物业共管议事协商会" in r.stderr


@pytest.mark.parametrize(
    "args, code",
    [
        (["--kind", "party", "--date", "2026-12-05"], 2),
        (["--kind", "joint", "--date", "2026-13-05"], 2),
        (["--kind", "joint", "--date", "下周"], 2),
        (["--kind", "joint", "--date", "2026-12-05", "--time", "2pm"], 2),
        (["--kind", "joint"], 2),
    ],
)
def test_add_bad_input(db, cli, args, code):
    before = dump(db)
    r = cli("meeting", "add", *args)
    assert r.exit_code == code
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("错误：")
    assert r.stdout == ""
    assert dump(db) == before


def test_agenda_add_and_remove_several(ledger, cli):
    db, (_, current) = ledger
    r = cli("meeting", "agenda", str(current), "--add", "1005", "1001", "--remove", "1004")
    assert r.exit_code == 0, r.stderr
    assert "新增 2 件，移除 1 件" in r.stderr and "共 4 件" in r.stderr
    r = cli("meeting", "show", str(current), "--format", "json")
    agenda = [row["complaint"] for row in json.loads(r.stdout) if row["section"] == "agenda"]
    assert agenda == [1002, 1003, 1005, 1001]


def test_agenda_auto_on_an_empty_meeting(ledger, cli):
    db, _ = ledger
    r = cli("meeting", "add", "--kind", "council", "--date", "2026-12-01")
    mid = r.stdout.strip()
    r = cli("meeting", "agenda", mid, "--auto")
    assert r.exit_code == 0, r.stderr
    assert "新增 3 件" in r.stderr


@pytest.mark.parametrize(
    "args, code",
    [
        (["42", "--auto"], 1),  # unknown meeting
        (["2", "--add", "9999"], 1),  # unknown complaint
        (["2", "--remove", "1005"], 1),  # not on the agenda
        (["2", "--add", "abc"], 2),
        (["2", "--add", "1005", "--remove", "1005"], 2),
        (["2"], 2),
        (["2", "--bogus", "1"], 2),
        (["2", "1005"], 2),  # a number without --add/--remove
    ],
)
def test_agenda_bad_input(ledger, cli, args, code):
    db, _ = ledger
    before = dump(db)
    r = cli("meeting", "agenda", *args)
    assert r.exit_code == code, r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("错误：")
    assert dump(db) == before


def test_decide_with_votes(ledger, cli):
    db, (_, current) = ledger
    r = cli(
        "meeting",
        "decide",
        str(current),
        "--complaint",
        "1003",
        "--decision",
        "北门划线停车",
        "--owner",
        "shouhua",
        "--due",
        "2026-12-20",
        "--votes",
        "15/0/1",
    )
    assert r.exit_code == 0, r.stderr
    r = cli("meeting", "show", str(current), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    decision = [row for row in rows if row["section"] == "decision"]
    assert decision[0]["complaint"] == "1003" and decision[0]["text"] == "北门划线停车"
    assert "15/0/1" in decision[0]["detail"] and "2026-12-20" in decision[0]["detail"]
    c = sqlite3.connect(db)
    ev = c.execute(
        "SELECT kind, complaint_id, subject, subject_id FROM events ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert ev == ("decision", 1003, "meeting", current)


def test_decide_refused_when_not_on_agenda_then_allowed(ledger, cli):
    db, (_, current) = ledger
    before = dump(db)
    r = cli(
        "meeting", "decide", str(current), "--complaint", "1005", "--decision", "每月检查晾衣绳"
    )
    assert r.exit_code == 2
    assert "--add-to-agenda" in r.stderr and r.stderr.count("\n") == 1
    assert dump(db) == before
    r = cli(
        "meeting",
        "decide",
        str(current),
        "--complaint",
        "1005",
        "--decision",
        "每月检查晾衣绳",
        "--add-to-agenda",
    )
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize(
    "args, code",
    [
        (["2", "--complaint", "1003", "--decision", "x", "--votes", "15-0-1"], 2),
        (["2", "--complaint", "1003", "--decision", "x", "--votes", "15/0"], 2),
        (["2", "--complaint", "1003", "--decision", "x", "--due", "2026-02-30"], 2),
        (["2", "--complaint", "9999", "--decision", "x"], 1),
        (["42", "--complaint", "1003", "--decision", "x"], 1),
        (["2", "--complaint", "1003", "--decision", "  "], 2),
        (["2", "--complaint", "1003"], 2),
    ],
)
def test_decide_bad_input(ledger, cli, args, code):
    db, _ = ledger
    before = dump(db)
    r = cli("meeting", "decide", *args)
    assert r.exit_code == code, r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("错误：")
    assert dump(db) == before


def test_attend_lists(ledger, cli):
    db, (_, current) = ledger
    r = cli(
        "meeting",
        "attend",
        str(current),
        "--present",
        "首华物业 王经理",
        "城建物业 赵经理",
        "3号楼楼门长 刘**",
        "--absent",
        "居民代表 孙**",
        "居民代表 周**",
    )
    assert r.exit_code == 0, r.stderr
    assert "出席 3 人，缺席 2 人" in r.stderr
    r = cli("meeting", "list", "-f", "json")
    row = [m for m in json.loads(r.stdout) if m["id"] == current][0]
    assert (row["present"], row["absent"], row["number"], row["kind"]) == (3, 2, 2, "joint")


@pytest.mark.parametrize(
    "args", [["2"], ["2", "王经理"], ["2", "--present", "a", "a"], ["42", "--present", "a"]]
)
def test_attend_bad_input(ledger, cli, args):
    db, _ = ledger
    before = dump(db)
    r = cli("meeting", "attend", *args)
    assert r.exit_code != 0
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("错误：")
    assert dump(db) == before


def test_list_formats_have_the_same_keys(ledger, cli):
    r_json = cli("meeting", "list", "--format", "json")
    r_csv = cli("meeting", "list", "--format", "csv")
    r_table = cli("meeting", "list")
    assert r_json.exit_code == r_csv.exit_code == r_table.exit_code == 0
    rows = json.loads(r_json.stdout)
    header = next(csv.reader(io.StringIO(r_csv.stdout)))
    assert list(rows[0]) == header
    assert "物业共管议事协商会" in r_table.stdout and "年内次序" in r_table.stdout
    assert cli("meeting", "list", "--kind", "居民议事会", "-f", "json").stdout.strip() == "[]"


def test_show_unknown_meeting(ledger, cli):
    r = cli("meeting", "show", "42")
    assert r.exit_code == 1 and "没有编号为 42 的会议" in r.stderr


def test_english(ledger, cli):
    r = cli("--lang", "en", "meeting", "show", "1")
    assert r.exit_code == 0
    assert "overdue" in r.stdout and "Section" in r.stdout


def test_mark_a_decision_done(cli, sample_db) -> None:
    """A decision no complaint settles is marked done by hand; twice, unknown ids and impossible
    dates are refused with the ledger unchanged."""
    from conftest import dump

    result = cli("meeting", "decide", "88", "--decision", "增设两把长椅", "--owner", "首华")
    assert result.exit_code == 0, result.stderr
    decision = result.stdout.strip()
    assert cli("meeting", "done", decision).exit_code == 0
    shown = cli("meeting", "show", "88", "--format", "json")
    assert "增设两把长椅" in shown.stdout
    before = dump(sample_db)
    for args, code in (
        (["meeting", "done", decision], 1),
        (["meeting", "done", "99999"], 1),
        (["meeting", "done", "1", "--date", "2099-01-01"], 2),
        (["meeting", "done", "1", "--date", "2026-02-30"], 2),
    ):
        result = cli(*args)
        assert result.exit_code == code, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
        assert dump(sample_db) == before
