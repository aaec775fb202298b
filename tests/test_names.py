"""One name for a complaint on every laptop (issue 17): station letters, names given at add, every
command taking a name as well as a number, every output a person reads showing the name, names
travelling through a merge; and the merge command's conflicts, settled with --keep / --take."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import dump

from liuliqiao_cli.complaints import names
from liuliqiao_cli.errors import NotFound, UsageError


@pytest.mark.parametrize(
    ("typed", "number", "name"),
    [
        ("421", 421, None),
        ("#421", 421, None),
        (" ＃421 ", 421, None),
        ("B17", None, "B17"),
        ("#b17", None, "B17"),
        ("Ｂ１７", None, "B17"),
        ("GW3", None, "GW3"),
    ],
)
def test_parse_reads_numbers_and_names(typed: str, number, name) -> None:
    parsed = names.parse(typed)
    assert (parsed.number, parsed.name) == (number, name)


@pytest.mark.parametrize("typed", ["", "0", "B0", "B", "17B", "I7", "O7", "ABCD1", "B-1", "B1.5"])
def test_parse_refuses_the_rest(typed: str) -> None:
    with pytest.raises(UsageError) as caught:
        names.parse(typed)
    assert caught.value.key == "complaints.bad_id"


def _add(cli, *args: str, db: Path | None = None) -> None:
    where = ("--db", str(db)) if db else ()
    result = cli(*where, "add", *args)
    assert result.exit_code == 0, result.stderr


def test_station_names_new_complaints_and_every_command_takes_them(cli, db: Path) -> None:
    _add(cli, "3号楼2单元楼道灯坏了")  # before the station: a number
    result = cli("db", "station", "b")
    assert result.exit_code == 0 and "B1、B2" in result.stderr
    assert cli("db", "station").stdout.strip() == "本台账的站点字母：B（下一条诉求：#B1）"
    result = cli("add", "北门垃圾站满了没人清")
    assert "已登记 #B1" in result.stdout + result.stderr
    _add(cli, "北门垃圾站又满了")
    assert sqlite3.connect(db).execute(
        "SELECT id, name FROM complaints ORDER BY id"
    ).fetchall() == [
        (1, None),
        (2, "B1"),
        (3, "B2"),
    ]
    assert cli("show", "b1").stdout.startswith("#B1  ")
    assert cli("show", "1").stdout.startswith("#1  ")
    missing = cli("show", "2")  # B1's number here was never printed: not a name
    assert missing.exit_code == 1 and missing.stderr == "错误：没有编号为 #2 的诉求\n"
    assert cli("dispatch", "B1").stdout.startswith("#B1 已受理 → 已派单")
    assert cli("tag", "#B1", "--add", "急").exit_code == 0
    assert cli("duplicate", "B2", "--of", "B1").exit_code == 0
    shown = cli("show", "B2").stdout
    assert "重复于    #B1" in shown and "标为重复  无 → #B1；" in shown  # the timeline too
    assert "重复于 （空） -> #B1" in cli("history", "-c", "B2").stdout
    rows = json.loads(cli("list", "--format", "json").stdout)
    assert [(r["id"], r["name"]) for r in rows] == [(3, "B2"), (2, "B1"), (1, "1")]
    table = cli("list").stdout.splitlines()
    assert table[1].lstrip().startswith("#B2 ") and table[3].lstrip().startswith("#1 ")
    history = cli("history", "-c", "B1", "--format", "json")
    assert {row["complaint"] for row in json.loads(history.stdout)} == {"B1"}
    found = cli("search", "垃圾站", "--format", "json")
    assert {row["name"] for row in json.loads(found.stdout)} == {"B1", "B2"}
    assert "#B1" in cli("search", "垃圾站").stdout
    assert cli("meeting", "add", "--kind", "council", "--date", "2026-11-28").exit_code == 0
    assert cli("meeting", "agenda", "1", "--add", "B2", "1").exit_code == 0
    decided = cli(
        "meeting", "decide", "1", "--decision", "清运", "--complaint", "B1", "--add-to-agenda"
    )
    assert decided.exit_code == 0, decided.stderr
    dossier = cli("dossier", "1", "--format", "md").stdout
    assert "| B2 |" in dossier and "| 1 |" in dossier and "| 1 | B1 | 清运 |" in dossier
    meeting = cli("meeting", "show", "1").stdout
    assert "B2" in meeting and "B1  清运" in meeting


def test_summary_names_overdue_complaints(cli, db: Path, monkeypatch) -> None:
    assert cli("db", "station", "C").exit_code == 0
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-11-18 10:00:00")
    _add(cli, "2号楼屋顶漏雨")
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-12-01 10:00:00")
    text = cli("summary", "--since", "2026-11-16", "--until", "2026-11-22").stdout
    assert "#C1" in text


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("db", "station", "I"), 2, "不用 I 和 O"),
        (("db", "station", "B7"), 2, "站点字母"),
        (("db", "station", "ABCD"), 2, "站点字母"),
        (("show", "B-1"), 2, "不是诉求编号"),
        (("tag", "Z9", "--add", "x"), 1, "没有编号为 #Z9 的诉求"),
        (("duplicate", "1", "--of", "Q"), 2, "不是诉求编号"),
        (("history", "-c", "B99"), 1, "#B99"),
        (("merge",), 2, "一次做一件事"),
        (("merge", "--conflicts", "--keep", "1"), 2, "一次做一件事"),
        (("merge", "--all"), 2, "--all"),
        (("merge", "--keep", "7"), 1, "没有第 7 处冲突"),
        (("merge", "--conflicts", "--dry-run"), 2, "--dry-run"),
    ],
)
def test_bad_input_changes_nothing(cli, db: Path, args, code, words) -> None:
    _add(cli, "3号楼2单元楼道灯坏了")
    before = dump(db)
    result = cli(*args)
    assert result.exit_code == code, result.stderr
    assert words in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert dump(db) == before


def test_a_letter_used_before_is_refused(cli, db: Path) -> None:
    assert cli("db", "station", "B").exit_code == 0
    _add(cli, "北门垃圾站满了")
    assert cli("db", "station", "C").exit_code == 0
    before = dump(db)
    for letter, words in (("B", "已用过"), ("C", "已经是 C")):
        result = cli("db", "station", letter)
        assert result.exit_code == 1 and words in result.stderr
    assert dump(db) == before


# --- names through a merge, and the bad files of issue 17 ---------------------------------------


def _ledger(cli, template: Path, path: Path, station: str) -> Path:
    shutil.copy(template, path)
    assert cli("--db", str(path), "db", "station", station).exit_code == 0
    return path


def _export(cli, db: Path, out: Path) -> list[str]:
    assert cli("--db", str(db), "export", "-o", str(out), "--force").exit_code == 0
    return out.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def pair(cli, ledger_template: Path, tmp_path: Path) -> tuple[Path, Path]:
    a = _ledger(cli, ledger_template, tmp_path / "a.db", "A")
    b = _ledger(cli, ledger_template, tmp_path / "b.db", "B")
    _add(cli, "3号楼2单元楼道灯坏了", db=a)
    _add(cli, "北门垃圾站满了", db=b)
    return a, b


def test_a_name_travels_and_numbers_stay_local(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    _export(cli, a, tmp_path / "a.jsonl")
    merged = cli("--db", str(b), "merge", str(tmp_path / "a.jsonl"))
    assert merged.exit_code == 0, merged.stderr
    assert cli("--db", str(b), "show", "A1").stdout.startswith("#A1  ")
    assert sqlite3.connect(b).execute("SELECT name FROM complaints ORDER BY id").fetchall() == [
        ("B1",),
        ("A1",),
    ]


def test_same_station_on_two_ledgers_is_refused(cli, ledger_template, tmp_path: Path) -> None:
    a = _ledger(cli, ledger_template, tmp_path / "a.db", "A")
    other = _ledger(cli, ledger_template, tmp_path / "o.db", "A")
    _add(cli, "3号楼楼道灯坏了", db=a)
    _export(cli, a, tmp_path / "a.jsonl")
    before = dump(other)
    result = cli("--db", str(other), "merge", str(tmp_path / "a.jsonl"))
    assert result.exit_code == 1 and "第 1 行" in result.stderr and "站点字母 A" in result.stderr
    assert dump(other) == before


def _bad(cli, db: Path, path: Path, lines: list[str]):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = dump(db)
    result = cli("--db", str(db), "merge", str(path))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
    assert dump(db) == before
    return result


def test_same_uuid_with_another_creation_time(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    _export(cli, a, tmp_path / "seed.jsonl")
    assert cli("--db", str(b), "merge", str(tmp_path / "seed.jsonl")).exit_code == 0
    lines = _export(cli, a, tmp_path / "a.jsonl")
    index = next(i for i, line in enumerate(lines) if '"type":"complaint"' in line)
    record = json.loads(lines[index])
    record["created_at"] = "2020-01-01 00:00:00"
    lines[index] = json.dumps(record, ensure_ascii=False)
    result = _bad(cli, b, tmp_path / "bad.jsonl", lines)
    assert f"第 {index + 1} 行" in result.stderr and "另一条记录" in result.stderr


def test_event_of_a_complaint_in_neither_ledger(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    lines = _export(cli, a, tmp_path / "a.jsonl")
    index = next(i for i, line in enumerate(lines) if '"type":"event"' in line)
    record = json.loads(lines[index])
    record["complaint_id"] = record["subject_id"] = "0b8e2d3c-5a4f-4c1e-9d7a-1234567890ab"
    lines[index] = json.dumps(record, ensure_ascii=False)
    result = _bad(cli, b, tmp_path / "bad.jsonl", lines)
    assert f"第 {index + 1} 行" in result.stderr and "0b8e2d3c" in result.stderr


def test_a_file_cut_in_the_middle_of_a_line(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    lines = _export(cli, a, tmp_path / "a.jsonl")
    path = tmp_path / "cut.jsonl"
    text = "\n".join(lines)
    path.write_text(text[: len(text) - 60], encoding="utf-8")  # the last event, cut
    before = dump(b)
    result = cli("--db", str(b), "merge", str(path))
    assert result.exit_code == 1 and f"第 {len(lines) - 1} 行" in result.stderr
    assert dump(b) == before


# --- conflicts: listed, settled with --keep / --take, and the settling travels ----------------


def _conflicting(cli, pair, tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A1 rejected on A and dispatched on B in the same second; the files cross."""
    a, b = pair
    _export(cli, a, tmp_path / "seed.jsonl")
    assert cli("--db", str(b), "merge", str(tmp_path / "seed.jsonl")).exit_code == 0
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-11-27 11:00:00")
    assert cli("--db", str(a), "reject", "A1", "--reason", "不属于物业").exit_code == 0
    assert cli("--db", str(b), "dispatch", "A1").exit_code == 0
    assert cli("--db", str(b), "tag", "A1", "--add", "急").exit_code == 0
    _export(cli, a, tmp_path / "from_a.jsonl")
    _export(cli, b, tmp_path / "from_b.jsonl")
    for db, file in ((a, "from_b.jsonl"), (b, "from_a.jsonl")):
        result = cli("--db", str(db), "merge", str(tmp_path / file))
        assert result.exit_code == 0, result.stderr
        assert "1 处冲突待处理" in result.stderr and "两边都改了状态" in result.stderr
    return a, b


def test_conflicts_are_listed_alike_on_both_sides(cli, pair, tmp_path: Path, monkeypatch) -> None:
    a, b = _conflicting(cli, pair, tmp_path, monkeypatch)
    listed = [
        json.loads(cli("--db", str(x), "merge", "--conflicts", "-f", "json").stdout) for x in (a, b)
    ]
    assert listed[0] == listed[1] and len(listed[0]) == 1
    row = listed[0][0]
    assert row["record"] == "诉求 #A1" and row["part"] == "状态" and row["state"] == "待处理"
    assert {row["kept"], row["other"]} == {"已派单", "不予受理"}
    shown = [json.loads(cli("--db", str(x), "show", "A1", "-f", "json").stdout) for x in (a, b)]
    assert shown[0]["status"] == shown[1]["status"] and shown[0]["tags"] == ["急"]


def test_keep_settles_everywhere_after_the_next_exchange(
    cli, pair, tmp_path: Path, monkeypatch
) -> None:
    a, b = _conflicting(cli, pair, tmp_path, monkeypatch)
    result = cli("--db", str(a), "merge", "--keep", "1")
    assert result.exit_code == 0 and "第 1 处冲突已处理" in result.stderr
    assert cli("--db", str(a), "merge", "--conflicts").stderr == "没有待处理的合并冲突\n"
    again = cli("--db", str(a), "merge", "--keep", "1")
    assert again.exit_code == 1 and "已经处理过了" in again.stderr
    _export(cli, a, tmp_path / "settled.jsonl")
    assert cli("--db", str(b), "merge", str(tmp_path / "settled.jsonl")).exit_code == 0
    state = json.loads(cli("--db", str(b), "merge", "--conflicts", "--all", "-f", "json").stdout)
    assert [row["state"] for row in state] == ["已处理"]


def test_take_applies_the_other_value(cli, pair, tmp_path: Path, monkeypatch) -> None:
    a, b = _conflicting(cli, pair, tmp_path, monkeypatch)
    row = json.loads(cli("--db", str(b), "merge", "--conflicts", "-f", "json").stdout)[0]
    assert cli("--db", str(b), "merge", "--take", "1").exit_code == 0
    now = json.loads(cli("--db", str(b), "show", "A1", "-f", "json").stdout)["status"]
    assert {"dispatched": "已派单", "rejected": "不予受理"}[now] == row["other"]
    assert cli("--db", str(b), "db", "check").exit_code == 0


def test_a_later_change_settles_a_conflict(cli, pair, tmp_path: Path, monkeypatch) -> None:
    a, _ = _conflicting(cli, pair, tmp_path, monkeypatch)
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-11-27 12:00:00")
    status = json.loads(cli("--db", str(a), "show", "A1", "-f", "json").stdout)["status"]
    step = ("respond", "A1") if status == "dispatched" else ("reopen", "A1", "--reason", "再查")
    assert cli("--db", str(a), *step).exit_code == 0
    state = json.loads(cli("--db", str(a), "merge", "--conflicts", "--all", "-f", "json").stdout)
    assert [row["state"] for row in state] == ["已再次修改"]


def test_lookups_by_name_and_number(db: Path) -> None:
    from liuliqiao_cli.store.ledger import open_ledger

    conn = open_ledger(db)
    try:
        with pytest.raises(NotFound):
            names.resolve(conn, "B1")
        assert names.labels_of(conn, [1, 2]) == {}
    finally:
        conn.close()


def test_conflicts_name_companies_and_items(cli, pair, tmp_path: Path, monkeypatch) -> None:
    """A conflict over the service item (and so the company) reads in names, never codes."""
    a, b = pair
    _export(cli, a, tmp_path / "seed.jsonl")
    assert cli("--db", str(b), "merge", str(tmp_path / "seed.jsonl")).exit_code == 0
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-11-27 11:00:00")
    assert cli("--db", str(a), "tag", "A1", "--item", "roof").exit_code == 0
    assert cli("--db", str(b), "tag", "A1", "--item", "greenery").exit_code == 0
    _export(cli, a, tmp_path / "from_a.jsonl")
    _export(cli, b, tmp_path / "from_b.jsonl")
    assert cli("--db", str(a), "merge", str(tmp_path / "from_b.jsonl")).exit_code == 0
    listed = cli("--db", str(a), "merge", "--conflicts")
    assert listed.exit_code == 0 and "服务项目" in listed.stdout, listed.stdout
    assert "屋顶漏雨" in listed.stdout and "公共绿化" in listed.stdout
    assert not {"roof", "greenery", "shouhua", "chengjian"} & set(listed.stdout.split())
    rows = json.loads(cli("--db", str(a), "merge", "--conflicts", "-f", "json").stdout)
    assert {r["kept"] for r in rows} | {r["other"] for r in rows} >= {"屋顶漏雨", "公共绿化"}


def test_completion_offers_names(cli, db: Path) -> None:
    """Completion offers what a command takes: B1 for a named complaint, 1 for one without."""
    from liuliqiao_cli.cli import completion

    _add(cli, "3号楼2单元楼道灯坏了")
    assert cli("db", "station", "B").exit_code == 0
    _add(cli, "北门垃圾站满了没人清")
    assert [v for v, _ in completion.complete_complaint(None, "")] == ["B1", "1"]
    assert completion.complete_open_complaint(None, "#b") == [
        ("B1", "北门垃圾站满了没人清 [已受理]")
    ]
    assert [v for v, _ in completion.complete_complaint(None, "2")] == []  # B1's number here
    assert completion.complete_complaint(None, "B-") == []


def test_a_work_order_import_names_what_it_made(cli, db: Path, tmp_path: Path) -> None:
    """Where a station is set, the 12345 import's new complaints, the originals its rows repeat
    and its summary read by name (the plan's JSON keeps the numbers for scripts)."""
    import csv

    assert cli("db", "station", "B").exit_code == 0
    assert cli("add", "3号楼2单元楼道灯坏了", "--received", "2026-11-19 08:00").exit_code == 0
    path = tmp_path / "o.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["工单编号", "来电时间", "来电人", "联系电话", "诉求地址", "诉求内容"])
        writer.writerow(
            ["KF1", "2026-11-20 09:00:00", "", "", "望园西里北区3号楼2单元", "楼道灯不亮"]
        )
        writer.writerow(["KF2", "2026-11-20 09:00:00", "", "", "", "北门垃圾站满了"])
        writer.writerow(["KF3", "2026-11-20 09:00:00", "", "", "", "北门垃圾站又满了"])
    result = cli("import", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert [(r["ref"], r["id"], r["duplicate_of"]) for r in plan] == [
        ("KF1", 2, "#B1"),
        ("KF2", 3, ""),
        ("KF3", 4, "#B3"),
    ]
    assert "  #B1 ← 第 2 行（1 行）" in result.stderr
    assert "  #B3（本次导入） ← 第 4 行（1 行）" in result.stderr
    assert "#B2-#B4" in result.stderr


def test_a_station_letter_stays_with_its_ledger(cli, pair, tmp_path: Path) -> None:
    """B's letter is in its file's header, not in A's history after a merge."""
    a, b = pair
    lines = _export(cli, b, tmp_path / "b.jsonl")
    assert not any('"kind":"station"' in line for line in lines)
    assert cli("--db", str(a), "merge", str(tmp_path / "b.jsonl")).exit_code == 0
    kinds = sqlite3.connect(a).execute("SELECT kind, data FROM events WHERE kind = 'station'")
    assert [data for _, data in kinds] == ['{"after": "A", "before": null}']


def test_undo_after_a_merge_names_the_merge(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    _export(cli, b, tmp_path / "b.jsonl")
    assert cli("--db", str(a), "merge", str(tmp_path / "b.jsonl")).exit_code == 0
    before = dump(a)
    result = cli("--db", str(a), "undo", "--yes")
    assert result.exit_code != 0
    assert "合并台账文件" in result.stderr and "b.jsonl" in result.stderr
    assert "#" + " " not in result.stderr and "台账 #" not in result.stderr
    assert dump(a) == before
