"""Ledger exchange: JSON Lines export and merge by UUID (import)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from conftest import dump

NOW = datetime(2026, 11, 27, 10)


def _add(cli, *args: str) -> None:
    result = cli("add", *args)
    assert result.exit_code == 0, result.stderr


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _content(path: Path) -> list[str]:
    """A ledger's exchangeable content, without local numbers, as sorted canonical lines.

    Rotation versions are compared by their rules: two ledgers set up from the same estate file
    have the same version under two UUIDs (the merge treats them as one)."""
    out = []
    for rec in _records(path)[1:-1]:
        rec.pop("id", None)
        if rec["type"] == "rotation":
            for key in ("uuid", "created_at"):
                rec.pop(key)
        if rec["type"] == "event" and rec["subject"] == "rotation":
            rec.pop("subject_id")
        out.append(json.dumps(rec, ensure_ascii=False, sort_keys=True))
    return sorted(out)


def _export(cli, db: Path, out: Path, *extra: str) -> None:
    result = cli("--db", str(db), "export", "-o", str(out), "--force", *extra)
    assert result.exit_code == 0, result.stderr


def _init(cli, path: Path) -> Path:
    result = cli("--db", str(path), "init")
    assert result.exit_code == 0, result.stderr
    return path


def test_export_has_header_records_and_end(cli, db: Path, tmp_path: Path) -> None:
    _add(cli, "3号楼2单元楼道灯坏了好几天", "--source", "patrol")
    _add(cli, "北门垃圾站满了没人清", "--reporter", "王阿姨", "--phone", "13800001234")
    out = tmp_path / "ledger.jsonl"
    _export(cli, db, out)
    records = _records(out)
    head, end = records[0], records[-1]
    assert head["format"] == "liuliqiao-ledger" and head["version"] == 2
    assert head["estate"]["name"] == "望园西里北区"
    assert head["exported_at"].endswith("+08:00")
    assert head["counts"]["complaint"] == 2 and head["contacts"] is False
    assert end == {"type": "end", "records": len(records) - 2}
    assert all(r.get("uuid") for r in records[1:-1])
    complaints = [r for r in records if r["type"] == "complaint"]
    assert [c["text"] for c in complaints] == ["3号楼2单元楼道灯坏了好几天", "北门垃圾站满了没人清"]
    events = [r for r in records if r["type"] == "event"]
    assert {e["complaint_id"] for e in events} == {c["uuid"] for c in complaints}
    # contacts stay home unless asked for
    text = out.read_text(encoding="utf-8")
    assert "王阿姨" not in text and "13800001234" not in text
    assert not [r for r in records if r["type"] == "contact"]


def test_export_with_contacts_is_recorded(cli, db: Path, tmp_path: Path) -> None:
    _add(cli, "北门垃圾站满了没人清", "--reporter", "王阿姨", "--phone", "13800001234")
    out = tmp_path / "ledger.jsonl"
    _export(cli, db, out, "--with-contacts")
    contacts = [r for r in _records(out) if r["type"] == "contact"]
    assert contacts and contacts[0]["name"] == "王阿姨"
    conn = sqlite3.connect(db)
    assert (
        conn.execute(
            "SELECT count(*) FROM events WHERE kind = 'export' AND json_extract(data, '$.contacts')"
        ).fetchone()[0]
        == 1
    )


def test_restore_into_empty_ledger_keeps_numbers_and_is_idempotent(
    cli, db: Path, tmp_path: Path
) -> None:
    for text in ("3号楼2单元楼道灯坏了", "北门垃圾站满了", "1号楼屋顶漏雨602"):
        _add(cli, text, "--source", "patrol")
    cli("tag", "2", "--add", "急")
    out = tmp_path / "a.jsonl"
    _export(cli, db, out)
    other = _init(cli, tmp_path / "b.db")
    result = cli("--db", str(other), "import", str(out))
    assert result.exit_code == 0, result.stderr
    assert "诉求 3" in result.stderr
    copy = tmp_path / "b.jsonl"
    _export(cli, other, copy)
    assert _content(copy) == _content(out)
    conn = sqlite3.connect(other)
    assert conn.execute("SELECT id, text FROM complaints ORDER BY id").fetchall() == [
        (1, "3号楼2单元楼道灯坏了"),
        (2, "北门垃圾站满了"),
        (3, "1号楼屋顶漏雨602"),
    ]
    assert conn.execute("SELECT tag FROM complaint_tags WHERE complaint_id = 2").fetchall() == [
        ("急",)
    ]
    conn.close()
    before = dump(other)
    again = cli("--db", str(other), "import", str(out))
    assert again.exit_code == 0, again.stderr
    assert "新增 0" in again.stderr and "冲突 0" in again.stderr
    # only the local record of the import itself is new
    after = dump(other)
    assert [line for line in after if line not in before and "'import'" not in line] == []
    check = cli("--db", str(other), "db", "check")
    assert check.exit_code == 0, check.stdout


def test_merge_round_trip_two_ledgers_converge(cli, tmp_path: Path, monkeypatch) -> None:
    a = _init(cli, tmp_path / "a.db")
    b = _init(cli, tmp_path / "b.db")
    # a common complaint, made on A and copied to B
    assert cli("--db", str(a), "add", "北门垃圾站满了没人清").exit_code == 0
    _export(cli, a, tmp_path / "seed.jsonl")
    assert cli("--db", str(b), "import", str(tmp_path / "seed.jsonl")).exit_code == 0
    # each laptop works on its own: new complaints, and both touch the common one
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-11-27 11:00:00")
    assert cli("--db", str(a), "add", "3号楼2单元楼道灯坏了", "--source", "patrol").exit_code == 0
    assert cli("--db", str(a), "dispatch", "1").exit_code == 0
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-11-27 12:00:00")
    assert cli("--db", str(b), "add", "2号楼4单元下水管道堵塞", "--source", "visit").exit_code == 0
    assert cli("--db", str(b), "tag", "1", "--add", "盼").exit_code == 0
    # exchange in both directions
    _export(cli, a, tmp_path / "from_a.jsonl")
    merged_b = cli("--db", str(b), "import", str(tmp_path / "from_a.jsonl"))
    assert merged_b.exit_code == 0, merged_b.stderr
    _export(cli, b, tmp_path / "from_b.jsonl")
    merged_a = cli("--db", str(a), "import", str(tmp_path / "from_b.jsonl"))
    assert merged_a.exit_code == 0, merged_a.stderr
    _export(cli, a, tmp_path / "final_a.jsonl")
    _export(cli, b, tmp_path / "final_b.jsonl")
    content_a = _content(tmp_path / "final_a.jsonl")
    assert content_a == _content(tmp_path / "final_b.jsonl")
    complaints = [json.loads(r) for r in content_a if '"type": "complaint"' in r]
    assert len(complaints) == 3
    common = next(c for c in complaints if c["text"] == "北门垃圾站满了没人清")
    # A dispatched it, B tagged it: two parts, both changes kept on both sides, no conflict.
    assert common["tags"] == ["盼"] and common["status"] == "dispatched"
    kinds = sorted(json.loads(r)["kind"] for r in content_a if '"type": "event"' in r)
    assert kinds.count("dispatch") == 1 and kinds.count("tag") == 1 and kinds.count("create") == 3
    assert "冲突 0" in merged_b.stderr and "冲突 0" in merged_a.stderr
    for path in (a, b):
        assert cli("--db", str(path), "db", "check").exit_code == 0


def test_same_work_order_number_on_both_sides_is_a_reported_conflict(cli, tmp_path: Path) -> None:
    a = _init(cli, tmp_path / "a.db")
    b = _init(cli, tmp_path / "b.db")
    for path in (a, b):
        assert (
            cli(
                "--db",
                str(path),
                "add",
                "北门垃圾站满了",
                "--source",
                "hotline",
                "--ref",
                "KF2611200001",
            ).exit_code
            == 0
        )
    _export(cli, a, tmp_path / "a.jsonl")
    result = cli("--db", str(b), "import", str(tmp_path / "a.jsonl"))
    assert result.exit_code == 0, result.stderr
    assert "KF2611200001 在本台账已被另一条诉求使用" in result.stderr and "冲突 1" in result.stderr
    conn = sqlite3.connect(b)
    assert conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM events WHERE kind = 'create'").fetchone()[0] == 1


def _bad_import(cli, db: Path, path: Path, *extra: str):
    before = dump(db)
    result = cli("import", str(path), *extra)
    assert dump(db) == before
    assert result.stderr.count("\n") == 1, result.stderr
    return result


@pytest.fixture
def exported(cli, db: Path, tmp_path: Path) -> Path:
    _add(cli, "3号楼2单元楼道灯坏了好几天", "--source", "patrol")
    _add(cli, "北门垃圾站满了没人清")
    out = tmp_path / "export.jsonl"
    _export(cli, db, out)
    return out


def test_newer_format_version_refused(cli, db: Path, exported: Path) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    head["version"] = 3
    exported.write_text("\n".join([json.dumps(head)] + lines[1:]) + "\n", encoding="utf-8")
    result = _bad_import(cli, db, exported)
    assert result.exit_code == 1
    assert "更新版本" in result.stderr and "3" in result.stderr


def test_newer_schema_refused(cli, db: Path, exported: Path) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    head["schema"].append("m099_future")
    exported.write_text("\n".join([json.dumps(head)] + lines[1:]) + "\n", encoding="utf-8")
    result = _bad_import(cli, db, exported)
    assert result.exit_code == 1 and "m099_future" in result.stderr


def test_corrupted_line_names_its_number(cli, tmp_path: Path, exported: Path) -> None:
    other = _init(cli, tmp_path / "o.db")
    lines = exported.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2][: len(lines[2]) // 2]  # a record cut in half
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = dump(other)
    result = cli("--db", str(other), "import", str(exported))
    assert result.exit_code == 1
    assert "第 3 行" in result.stderr and "未做任何更改" in result.stderr
    assert dump(other) == before


def test_truncated_file_refused(cli, tmp_path: Path, exported: Path) -> None:
    other = _init(cli, tmp_path / "o.db")
    lines = exported.read_text(encoding="utf-8").splitlines()
    exported.write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")  # cut at a line boundary
    before = dump(other)
    result = cli("--db", str(other), "import", str(exported))
    assert result.exit_code == 1
    assert "截断" in result.stderr and f"第 {len(lines) - 2} 行" in result.stderr
    assert dump(other) == before


def test_invalid_utf8_line(cli, tmp_path: Path, exported: Path) -> None:
    other = _init(cli, tmp_path / "o.db")
    data = exported.read_bytes().split(b"\n")
    index = next(i for i, line in enumerate(data) if b'"type":"complaint"' in line)
    data[index] = data[index].replace("楼".encode(), b"\xff\xfe", 1)
    exported.write_bytes(b"\n".join(data))
    before = dump(other)
    result = cli("--db", str(other), "import", str(exported))
    assert result.exit_code == 1 and f"第 {index + 1} 行" in result.stderr
    assert dump(other) == before


def test_not_a_ledger_file(cli, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "random.jsonl"
    path.write_text('{"hello": "world"}\n', encoding="utf-8")
    result = _bad_import(cli, db, path)
    assert result.exit_code == 1 and "文件头" in result.stderr


def test_other_estate_refused_unless_forced(cli, tmp_path: Path, exported: Path) -> None:
    other = _init(cli, tmp_path / "o.db")
    lines = exported.read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    head["estate"]["name"] = "望园东里"
    exported.write_text(
        "\n".join([json.dumps(head, ensure_ascii=False)] + lines[1:]) + "\n", encoding="utf-8"
    )
    before = dump(other)
    refused = cli("--db", str(other), "import", str(exported))
    assert refused.exit_code == 1
    assert "望园东里" in refused.stderr and "--force" in refused.stderr
    assert dump(other) == before
    forced = cli("--db", str(other), "import", str(exported), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert sqlite3.connect(other).execute("SELECT count(*) FROM complaints").fetchone()[0] == 2


def test_unknown_building_in_forced_file_names_line(cli, tmp_path: Path, exported: Path) -> None:
    other = _init(cli, tmp_path / "o.db")
    records = exported.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(records) if '"type":"complaint"' in line)
    rec = json.loads(records[index])
    rec["building"] = 9
    records[index] = json.dumps(rec, ensure_ascii=False)
    exported.write_text("\n".join(records) + "\n", encoding="utf-8")
    before = dump(other)
    result = cli("--db", str(other), "import", str(exported))
    assert result.exit_code == 1 and f"第 {index + 1} 行" in result.stderr and "9" in result.stderr
    assert dump(other) == before


def test_unknown_file_types(cli, db: Path, tmp_path: Path) -> None:
    for name, words in (("notes.txt", "无法识别的文件类型"), ("orders.xls", "另存为 .xlsx")):
        path = tmp_path / name
        path.write_text("x", encoding="utf-8")
        result = _bad_import(cli, db, path)
        assert result.exit_code == 2 and words in result.stderr


def test_crash_in_the_middle_leaves_ledger_unchanged(
    cli, tmp_path: Path, exported: Path, monkeypatch
) -> None:
    from liuliqiao_cli.exchange import merge

    other = _init(cli, tmp_path / "o.db")
    before = dump(other)
    calls = {"n": 0}

    def failing(self, items):  # complaints are already written in the transaction
        calls["n"] += 1
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(merge.Merger, "events", failing)
    result = cli("--db", str(other), "import", str(exported))
    assert result.exit_code == 1 and "内部错误" in result.stderr
    assert calls["n"] == 1
    assert dump(other) == before


def test_dry_run_writes_nothing(cli, tmp_path: Path, exported: Path) -> None:
    other = _init(cli, tmp_path / "o.db")
    before = dump(other)
    result = cli("--db", str(other), "import", str(exported), "--dry-run")
    assert result.exit_code == 0 and "试运行" in result.stderr and "诉求 2" in result.stderr
    assert dump(other) == before


def test_bulk_path_rebuilds_search_index_once(
    cli, tmp_path: Path, exported: Path, monkeypatch
) -> None:
    from liuliqiao_cli.exchange import jsonl_import

    monkeypatch.setattr(jsonl_import, "BULK_MIN", 1)
    other = _init(cli, tmp_path / "o.db")
    triggers = (
        sqlite3.connect(other)
        .execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        .fetchall()
    )
    result = cli("--db", str(other), "import", str(exported))
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(other)
    assert (
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
        == triggers
    )
    hits = conn.execute(
        "SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH '垃圾站'"
    ).fetchall()
    assert hits == [(2,)]
    assert cli("--db", str(other), "db", "check").exit_code == 0


def test_export_refuses_existing_file_and_since_with_jsonl(cli, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    out.write_text("keep", encoding="utf-8")
    result = cli("export", "-o", str(out))
    assert result.exit_code == 1 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep"
    result = cli("export", "--since", "2026-01-01")
    assert result.exit_code == 2 and "open311" in result.stderr
    missing = cli("export", "-o", str(tmp_path / "no" / "x.jsonl"))
    assert missing.exit_code == 1 and "不存在" in missing.stderr


def test_merging_a_ledger_into_itself_is_refused(cli, sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sample.jsonl"
    _export(cli, sample_db, out)
    copy = tmp_path / "copy.db"
    shutil.copy(sample_db, copy)  # a copy of the file is the same ledger until it gets a station
    for target in (sample_db, copy):
        before = dump(target)
        result = cli("--db", str(target), "import", str(out))
        assert result.exit_code == 1 and "第 1 行" in result.stderr and "自己" in result.stderr
        assert result.stderr.count("\n") == 1 and dump(target) == before


def test_nested_value_where_a_column_belongs_names_line(
    cli, tmp_path: Path, exported: Path
) -> None:
    other = _init(cli, tmp_path / "o.db")
    records = exported.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(records) if '"type":"complaint"' in line)
    rec = json.loads(records[index])
    rec["text"] = {"oops": 1}
    records[index] = json.dumps(rec, ensure_ascii=False)
    exported.write_text("\n".join(records) + "\n", encoding="utf-8")
    before = dump(other)
    result = cli("--db", str(other), "import", str(exported))
    assert result.exit_code == 1 and f"第 {index + 1} 行" in result.stderr
    assert dump(other) == before


def test_missing_required_field_names_line(cli, tmp_path: Path, exported: Path) -> None:
    other = _init(cli, tmp_path / "o.db")
    records = exported.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(records) if '"type":"event"' in line)
    rec = json.loads(records[index])
    del rec["actor"]
    records[index] = json.dumps(rec, ensure_ascii=False)
    exported.write_text("\n".join(records) + "\n", encoding="utf-8")
    before = dump(other)
    result = cli("--db", str(other), "import", str(exported))
    assert (
        result.exit_code == 1 and f"第 {index + 1} 行" in result.stderr and "actor" in result.stderr
    )
    assert dump(other) == before


def test_a_version_1_file_still_merges(cli, db: Path, tmp_path: Path, exported: Path) -> None:
    """Files written before format version 2 (no ledger id, names, histories or revs; a
    complaint's changed_at) merge, into a ledger that holds part of them already."""
    other = _init(cli, tmp_path / "o.db")
    assert cli("--db", str(other), "import", str(exported)).exit_code == 0
    _add(cli, "2号楼屋顶漏雨602", "--source", "visit")
    assert cli("tag", "1", "--add", "盼").exit_code == 0
    newer = tmp_path / "newer.jsonl"
    _export(cli, db, newer)
    old = []
    for rec in _records(newer):
        if rec["type"] == "header":
            rec["version"] = 1
            rec.pop("ledger")
            rec["schema"] = [n for n in rec["schema"] if n != "m013_names"]
        elif rec["type"] == "complaint":
            rec.pop("history")
            rec.pop("name")
            rec["changed_at"] = rec["updated_at"]
        elif rec["type"] == "event":
            rec.pop("rev")
        old.append(json.dumps(rec, ensure_ascii=False))
    v1 = tmp_path / "v1.jsonl"
    v1.write_text("\n".join(old) + "\n", encoding="utf-8")
    result = cli("--db", str(other), "import", str(v1))
    assert result.exit_code == 0, result.stderr
    assert "新增 诉求 1, 历史记录 2" in result.stderr
    conn = sqlite3.connect(other)
    assert conn.execute("SELECT tag FROM complaint_tags").fetchall() == [("盼",)]
    assert conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 3


def _repeat_first_complaint(exported: Path, tmp_path: Path, **changes: object) -> tuple[Path, int]:
    """The exported file with its first complaint's line written again (with ``changes``) right
    after the last complaint; the end record counts it. Returns the file and that line's number."""
    lines = exported.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith('{"type":"complaint"'))
    last = max(i for i, line in enumerate(lines) if line.startswith('{"type":"complaint"'))
    again = {**json.loads(lines[first]), **changes}
    lines.insert(last + 1, json.dumps(again, ensure_ascii=False, separators=(",", ":")))
    end = json.loads(lines[-1])
    end["records"] += 1
    lines[-1] = json.dumps(end)
    path = tmp_path / "again.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, last + 2


@pytest.mark.parametrize("batch", [2_000, 1])
@pytest.mark.parametrize("bulk", [False, True])
def test_a_uuid_twice_in_one_file_names_its_line(
    cli, tmp_path: Path, exported: Path, monkeypatch, batch: int, bulk: bool
) -> None:
    """In one batch the reader sees the repeat; across batches (here, a batch a line) SQLite's
    UNIQUE does, and the line blamed is still the repeat: the row executemany stopped at."""
    from liuliqiao_cli.exchange import jsonl_import

    monkeypatch.setattr(jsonl_import, "BATCH", batch)
    if bulk:
        monkeypatch.setattr(jsonl_import, "BULK_MIN", 1)
    other = _init(cli, tmp_path / "o.db")
    path, line = _repeat_first_complaint(exported, tmp_path, id=99)
    before = dump(other)
    result = cli("--db", str(other), "import", str(path))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.count("\n") == 1 and f"第 {line} 行：uuid " in result.stderr, result.stderr
    assert dump(other) == before


@pytest.mark.parametrize("bulk", [False, True])
def test_a_work_order_number_twice_in_one_file_names_its_line(
    cli, db: Path, tmp_path: Path, monkeypatch, bulk: bool
) -> None:
    """Two new complaints with one 12345 number in a file restored into an empty ledger: the
    UNIQUE index on ``ref`` (kept on the bulk path) refuses the second. It is the middle row of
    its batch: the line named is the row SQLite stopped at, not the batch's last."""
    from liuliqiao_cli.exchange import jsonl_import

    if bulk:
        monkeypatch.setattr(jsonl_import, "BULK_MIN", 1)
    for text in ("3号楼2单元楼道灯坏了", "北门垃圾站满了没人清", "2号楼楼道灯不亮"):
        _add(cli, text)
    out = tmp_path / "refs.jsonl"
    _export(cli, db, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    numbers = [i for i, line in enumerate(lines) if line.startswith('{"type":"complaint"')]
    assert len(numbers) == 3
    for i in numbers[:2]:
        record = json.loads(lines[i])
        record["ref"] = "2612060001"
        lines[i] = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = _init(cli, tmp_path / "o.db")
    before = dump(other)
    result = cli("--db", str(other), "import", str(out))
    assert result.exit_code == 1, result.stderr
    assert f"第 {numbers[1] + 1} 行：ref 与文件前面" in result.stderr, result.stderr
    assert dump(other) == before


@pytest.mark.slow  # the sample ledger exported and restored (CI runs it)
def test_restore_into_an_empty_ledger_checks_references_once(
    cli, sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    """A whole ledger restored into an empty one is loaded without SQLite checking each row's
    references; they are checked before the commit, and the connection checks them again after."""
    from liuliqiao_cli.exchange import jsonl_import
    from liuliqiao_cli.exchange.merge import Merger

    monkeypatch.setattr(jsonl_import, "BULK_MIN", 1)
    exported = tmp_path / "sample.jsonl"
    _export(cli, sample_db, exported)
    seen: list[int] = []
    real_finish = Merger.finish

    def finish(self) -> None:
        seen.append(self.conn.execute("PRAGMA foreign_keys").fetchone()[0])
        real_finish(self)

    monkeypatch.setattr(Merger, "finish", finish)
    other = _init(cli, tmp_path / "o.db")
    result = cli("--db", str(other), "import", str(exported))
    assert result.exit_code == 0, result.stderr
    assert seen == [0]
    conn = sqlite3.connect(other)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT count(*) FROM complaints").fetchone()[0] > 100
    assert cli("--db", str(other), "db", "check").exit_code == 0


@pytest.mark.slow  # the sample ledger exported and restored three times (CI runs it)
def test_a_reference_broken_during_an_unchecked_restore_refuses_it(
    cli, sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    from liuliqiao_cli.exchange import jsonl_import
    from liuliqiao_cli.exchange.jsonl import ExchangeError
    from liuliqiao_cli.exchange.merge import Merger
    from liuliqiao_cli.store.ledger import open_ledger

    monkeypatch.setattr(jsonl_import, "BULK_MIN", 1)
    exported = tmp_path / "sample.jsonl"
    _export(cli, sample_db, exported)
    real_finish = Merger.finish

    def finish(self) -> None:  # a building the complaints name goes (no check stops it)
        real_finish(self)
        self.conn.execute("DELETE FROM buildings WHERE number = 3")

    monkeypatch.setattr(Merger, "finish", finish)
    other = _init(cli, tmp_path / "o.db")
    before = dump(other)
    result = cli("--db", str(other), "import", str(exported))
    assert result.exit_code == 1, result.stderr
    assert "表 complaints" in result.stderr and "buildings 中不存在" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert dump(other) == before
    conn = open_ledger(other)  # the connection checks references again, either way (the shell
    try:  # keeps its connection after an import)
        with pytest.raises(ExchangeError), open(exported, "rb") as stream:
            jsonl_import.import_ledger(conn, stream, now=NOW, actor="t", source_name="s")
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        monkeypatch.setattr(Merger, "finish", real_finish)
        with open(exported, "rb") as stream:
            jsonl_import.import_ledger(conn, stream, now=NOW, actor="t", source_name="s")
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        conn.close()
