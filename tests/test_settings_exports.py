"""`settings` (list, set with validation, recorded, undoable; the rates follow) and the record of
every export (`history --exports`)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import dump


def _ok(result):
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def test_settings_lists_every_setting_with_value_default_and_meaning(cli, db: Path) -> None:
    rows = json.loads(_ok(cli("settings", "--format", "json")).stdout)
    assert [r["key"] for r in rows] == [
        "rates.satisfied_counts_basic",
        "rates.resolved_counts_partly",
        "rates.include_proactive",
        "rates.small_sample",
    ]
    small = rows[-1]
    assert (small["value"], small["default"], small["changed"]) == ("5", "5", False)
    assert small["allowed"] == "1–1000 的整数" and "分母少于此数" in small["meaning"]
    table = _ok(cli("--lang", "en", "settings")).stdout
    assert "rates.small_sample" in table and "small sample" in table


def test_set_is_recorded_followed_by_the_rates_and_undone(cli, db: Path) -> None:
    _ok(cli("add", "3号楼楼道灯坏了"))
    assert "（<5）" in _ok(cli("rates")).stdout
    done = _ok(cli("settings", "set", "rates.small_sample", "30"))
    assert done.stderr == "已修改设置 rates.small_sample：5 -> 30\n" and done.stdout == ""
    assert "（<30）" in _ok(cli("rates")).stdout and "（<5）" not in _ok(cli("rates")).stdout
    assert "分母不足 30 件时标 *" in _ok(cli("rates", "--explain")).stdout
    row = (
        sqlite3.connect(db)
        .execute("SELECT kind, subject, data FROM events ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    assert row[:2] == ("setting", "setting")
    assert json.loads(row[2]) == {"key": "rates.small_sample", "before": "5", "after": "30"}
    history = _ok(cli("history", "-n", "1")).stdout
    assert "设置 rates.small_sample：5 -> 30" in history
    # a listing exported in between is no change: undo takes the setting back
    _ok(cli("list", "--format", "json"))
    undone = _ok(cli("undo", "--yes"))
    assert "rates.small_sample: 30 -> 5" in undone.stderr.replace("：", ": ")
    assert json.loads(_ok(cli("settings", "--format", "json")).stdout)[-1]["value"] == "5"
    assert "（<5）" in _ok(cli("rates")).stdout
    _ok(cli("settings", "set", "rates.include_proactive", "是"))
    refused = cli("undo")  # not on a terminal
    assert (
        refused.exit_code == 1
        and "--yes" in refused.stderr
        and "rates.include_proactive" in refused.stderr
    )


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["rates.small_sampel", "3"], 2, "是不是 rates.small_sample"),
        (["nothing.like.it", "3"], 2, "没有名为“nothing.like.it”的设置"),
        (["rates.small_sample", "many"], 2, "而不是“many”"),
        (["rates.small_sample", "0"], 2, "超出范围"),
        (["rates.small_sample", "1001"], 2, "超出范围"),
        (["rates.small_sample", "99999999999999999999999"], 2, "超出范围"),
        (["rates.include_proactive", "maybe"], 2, "只能是 1（是）或 0（否）"),
        (["rates.small_sample", "5"], 1, "已经是 5"),
    ],
)
def test_bad_settings_change_nothing(cli, db: Path, args, code, words) -> None:
    before = dump(db)
    result = cli("settings", "set", *args)
    assert result.exit_code == code
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert dump(db) == before


def test_a_phone_option_that_is_not_a_phone_changes_nothing(cli, db: Path) -> None:
    before = dump(db)
    result = cli("add", "3号楼楼道灯坏了", "--phone", "12345")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "12345" not in result.stderr  # the value is never repeated
    assert dump(db) == before


def _exports(db: Path) -> list[dict]:
    return [
        {"kind": k, "actor": a, **json.loads(d)}
        for k, a, d in sqlite3.connect(db).execute(
            "SELECT kind, actor, data FROM events WHERE kind IN ('export', 'contacts') ORDER BY id"
        )
    ]


def test_every_export_writes_one_event(cli, db: Path, tmp_path: Path) -> None:
    _ok(cli("add", "3号楼楼道灯坏了", "--reporter", "赵桂芳", "--phone", "13600002222"))
    _ok(cli("add", "北门垃圾站满了"))
    _ok(cli("meeting", "add", "--kind", "council", "--date", "2026-11-27"))
    _ok(cli("list"))  # a table on screen: not an export
    _ok(cli("show", "1"))
    runs = [
        (["list", "--format", "json"], ("list", "json", 2, "-", False)),
        (["list", "--phone", "13600002222", "--format", "csv"], None),
        (["search", "楼道", "--format", "csv"], ("search", "csv", 1, "-", False)),
        (["history", "--format", "json", "-n", "3"], ("history", "json", 3, "-", False)),
        (["export", "-o", str(tmp_path / "a.jsonl")], ("export", "jsonl", None, "a.jsonl", False)),
        (["export", "-f", "csv", "--with-contacts"], ("export", "csv", 2, "-", True)),
        (["export", "-f", "open311"], ("export", "open311", 2, "-", False)),
        (["dossier", "1", "-o", str(tmp_path / "d.docx")], ("dossier", "docx", 0, "d.docx", False)),
        (
            ["duty", "ics", "-o", str(tmp_path / "duty.ics")],
            ("ics", "ics", None, "duty.ics", False),
        ),
        (["db", "backup", str(tmp_path / "b.db")], ("backup", "db", 2, "b.db", True)),
        (["show", "1", "--with-contacts"], ("show", "table", 1, "", True)),
    ]
    for args, expected in runs:
        before = len(_exports(db))
        result = cli(*args)
        if expected is None:  # an option this ledger may not have: the run is not the point
            continue
        assert result.exit_code == 0, (args, result.stderr)
        records = _exports(db)
        assert len(records) == before + 1, args
        last = records[-1]
        what, fmt, rows, target, contacts = expected
        assert (last["what"], last["format"], last["contacts"]) == (what, fmt, contacts), args
        if rows is not None:
            assert last["rows"] == rows, args
        assert last["target"] == target or last["target"].endswith("/" + target), args
        assert last["command"].startswith("liuliqiao " + args[0]), args
        assert last["actor"] == "测试员"
    listed = json.loads(_ok(cli("history", "--exports", "--format", "json")).stdout)
    assert [r["what"] for r in listed][:3] == ["show", "backup", "ics"]
    assert listed[0]["target"] == "" and listed[0]["command"] == "liuliqiao show 1 --with-contacts"
    # history's Change column says what left (it was empty for these events)
    described = [
        r["change"] for r in json.loads(_ok(cli("history", "-n", "4", "-f", "json")).stdout)
    ]
    assert described[0] == "在屏幕上显示了居民联系方式：诉求详情，1 条"
    assert described[1].startswith("备份，db，2 条，到 ") and described[1].endswith(
        "（含居民联系方式）"
    )
    table = _ok(cli("history", "--exports")).stdout
    assert "屏幕或管道" in table and "屏幕" in table
    assert "13600002222" not in table and "赵桂芳" not in table


def test_command_as_typed_is_recorded_masked(cli, db: Path) -> None:
    _ok(cli("add", "3号楼楼道灯坏了", "--reporter", "赵桂芳", "--phone", "13600002222"))
    _ok(cli("search", "13600002222", "--format", "json"))
    last = _exports(db)[-1]
    assert last["command"] == "liuliqiao search 136****2222 --format json"


def test_a_failed_export_writes_nothing(cli, db: Path, tmp_path: Path) -> None:
    _ok(cli("add", "3号楼楼道灯坏了"))
    before = dump(db)
    for args in (
        ["list", "--building", "9", "--format", "json"],
        ["export", "-o", str(tmp_path / "missing" / "a.jsonl")],
        ["export", "-f", "open311", "--with-contacts"],
        ["history", "--exports", "--complaint", "1"],
        ["dossier", "99", "-f", "md"],
    ):
        result = cli(*args)
        assert result.exit_code != 0, args
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
    assert dump(db) == before


def test_undo_passes_over_exports_and_reveals(cli, db: Path) -> None:
    _ok(cli("add", "3号楼楼道灯坏了", "--reporter", "赵桂芳"))
    _ok(cli("note", "1", "灯还是不亮"))
    _ok(cli("show", "1", "--with-contacts"))
    _ok(cli("list", "--format", "csv"))
    undone = _ok(cli("undo", "--yes"))
    assert "备注" in undone.stderr


def test_a_ledger_with_settings_changed_still_merges(cli, db: Path, tmp_path: Path) -> None:
    """Settings are this ledger's own: `settings set` and its undo stay out of the ledger file
    (the reader refused a whole file that carried them), and the other ledger keeps its own."""
    assert cli("add", "3号楼2单元楼道灯坏了").exit_code == 0
    assert cli("settings", "set", "rates.small_sample", "10").exit_code == 0
    assert cli("settings", "set", "rates.small_sample", "12").exit_code == 0
    assert cli("undo", "--yes").exit_code == 0
    out = tmp_path / "office.jsonl"
    assert cli("export", "-o", str(out)).exit_code == 0
    assert '"subject":"setting"' not in out.read_text(encoding="utf-8")
    other = tmp_path / "laptop" / "ledger.db"
    other.parent.mkdir()
    assert cli("--db", str(other), "init").exit_code == 0
    merged = cli("--db", str(other), "merge", str(out))
    assert merged.exit_code == 0, merged.stderr
    shown = cli("--db", str(other), "settings", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    row = next(r for r in json.loads(shown.stdout) if r["key"] == "rates.small_sample")
    assert row["changed"] is False and row["value"] == row["default"]
