"""db backup (online backup API) and db check, including while another process writes."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import dump

WRITER = r"""
import sys, time
from datetime import datetime, timedelta
from liuliqiao_cli.complaints import record
from liuliqiao_cli.estate import model
from liuliqiao_cli.store import ledger
conn = ledger.open_ledger(__import__("pathlib").Path(sys.argv[1]))
est = model.load(conn)
now = datetime(2026, 11, 27, 10, 0, 0)
texts = ["北门垃圾站满了没人清", "3号楼2单元楼道灯坏了", "小区主路僵尸车占道", "2号楼4单元下水管道堵塞"]
for n in range(int(sys.argv[2])):
    record.record(conn, est, record.NewComplaint(text=f"{texts[n % 4]}（第{n}次）",
                      source="patrol", received_at=now - timedelta(minutes=n)), now=now, actor="writer")
    if n == 5:
        print("started", flush=True)
print("done", flush=True)
"""


def _start_writer(path: Path, count: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "started", proc.stderr.read() if proc.stderr else ""
    return proc


def test_backup_is_a_sound_copy(cli, db: Path, tmp_path: Path) -> None:
    assert cli("add", "北门垃圾站满了没人清").exit_code == 0
    target = tmp_path / "backups" / "2026-11-27.db"
    target.parent.mkdir()
    result = cli("db", "backup", str(target))
    assert result.exit_code == 0, result.stderr
    assert "已备份到" in result.stderr and result.stdout == ""
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file to carry
    assert copy.execute("SELECT text FROM complaints").fetchall() == [("北门垃圾站满了没人清",)]
    copy.close()
    assert not list(target.parent.glob(".*tmp*"))
    checked = cli("--db", str(target), "db", "check")
    assert checked.exit_code == 0 and "台账完好" in checked.stderr


def test_backup_refuses_existing_target_unless_forced(cli, db: Path, tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    target.write_bytes(b"an older backup")
    before = dump(db)
    result = cli("db", "backup", str(target))
    assert result.exit_code == 1 and "--force" in result.stderr
    assert result.stderr.count("\n") == 1
    assert target.read_bytes() == b"an older backup" and dump(db) == before
    forced = cli("db", "backup", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert sqlite3.connect(target).execute("SELECT count(*) FROM buildings").fetchone()[0] == 4


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_backup_unwritable_folder(cli, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = cli("db", "backup", str(folder / "b.db"))
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 1 and "无法写入备份" in result.stderr
    assert not list(folder.iterdir())


def test_backup_into_missing_folder_or_onto_itself(cli, db: Path, tmp_path: Path) -> None:
    result = cli("db", "backup", str(tmp_path / "nowhere" / "b.db"))
    assert result.exit_code == 1 and "不存在" in result.stderr
    same = cli("db", "backup", str(db), "--force")
    assert same.exit_code == 1 and "台账本身" in same.stderr
    folder = cli("db", "backup", str(tmp_path))
    assert folder.exit_code != 0


def test_backup_unwritable_target_file(cli, db: Path, tmp_path: Path, monkeypatch) -> None:
    """A target the OS refuses (simulated: the temporary file cannot be created)."""
    real_open = os.open

    def refusing(path, flags, mode=0o777, *a, **k):  # type: ignore[no-untyped-def]
        if ".tmp-" in str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode, *a, **k)

    monkeypatch.setattr(os, "open", refusing)
    result = cli("db", "backup", str(tmp_path / "b.db"))
    assert result.exit_code == 1 and "Permission denied" in result.stderr
    assert not (tmp_path / "b.db").exists()


@pytest.mark.slow
def test_backup_while_another_process_writes(cli, db: Path, tmp_path: Path) -> None:
    writer = _start_writer(db, 400)
    try:
        targets = []
        for n in range(3):
            target = tmp_path / f"b{n}.db"
            result = cli("db", "backup", str(target))
            assert result.exit_code == 0, result.stderr
            targets.append(target)
    finally:
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert "done" in out
    counts = []
    for target in targets:
        checked = cli("--db", str(target), "db", "check", "--format", "json")
        assert checked.exit_code == 0, checked.stdout
        assert all(row["ok"] for row in json.loads(checked.stdout))
        conn = sqlite3.connect(target)
        n = conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
        # a consistent snapshot: every complaint with its creation event, nothing half-written
        assert conn.execute("SELECT count(*) FROM events WHERE kind = 'create'").fetchone()[0] == n
        counts.append(n)
        conn.close()
    assert counts == sorted(counts) and 6 <= counts[0] <= 400
    live = cli("db", "check")
    assert live.exit_code == 0


@pytest.mark.slow
def test_check_while_another_process_writes(cli, db: Path) -> None:
    writer = _start_writer(db, 200)
    try:
        result = cli("db", "check")
    finally:
        writer.communicate(timeout=120)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_check_reports_each_problem(cli, db: Path) -> None:
    assert cli("add", "北门垃圾站满了没人清").exit_code == 0
    ok = cli("db", "check", "--format", "json")
    assert ok.exit_code == 0
    rows = json.loads(ok.stdout)
    assert [r["check"] for r in rows] == [
        "integrity",
        "foreign_keys",
        "search",
        "totals",
        "history",
        "schema",
        "deadlines",
        "companion",
        "contacts",
        "personal",
    ]
    # the search index out of step with the table, a complaint without its history
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER complaints_ai")
    conn.execute(
        "INSERT INTO complaints (uuid, received_at, source, text, item, scope, company, routing,"
        " status, created_at, updated_at) VALUES ('x', '2026-11-27 09:00:00', 'patrol',"
        " '南门路灯不亮', 'public_facilities', 'joint', 'chengjian', 'duty', 'received',"
        " '2026-11-27 09:00:00', '2026-11-27 09:00:00')"
    )
    conn.commit()
    conn.close()
    bad = cli("db", "check", "--format", "json")
    assert bad.exit_code == 1
    verdict = {r["check"]: r["ok"] for r in json.loads(bad.stdout)}
    assert verdict == {
        "integrity": True,
        "foreign_keys": True,
        "search": False,
        "totals": True,
        "history": False,
        "schema": True,
        "deadlines": True,
        "companion": True,
        "contacts": True,
        "personal": True,
    }
    assert "发现 2 项问题" in bad.stderr


def test_check_finds_totals_out_of_step_and_repair_rebuilds_them(cli, db: Path) -> None:
    """The running totals (counts.py) are derived: check compares them with a recomputation,
    --repair rebuilds them (and their triggers) without touching a record."""
    assert cli("add", "北门垃圾站满了没人清").exit_code == 0
    assert cli("add", "3号楼2单元楼道灯坏了").exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE complaint_counts SET n = n + 5 WHERE dim = 'company'")
    conn.execute("DROP TRIGGER counts_complaint_update")
    conn.commit()
    conn.close()
    records = "SELECT * FROM complaints ORDER BY id; SELECT * FROM events ORDER BY id"
    before = [sqlite3.connect(db).execute(q).fetchall() for q in records.split(";")]
    bad = cli("--lang", "en", "db", "check", "--format", "json")
    assert bad.exit_code == 1
    totals = next(r for r in json.loads(bad.stdout) if r["check"] == "totals")
    assert totals["ok"] is False
    assert "trigger counts_complaint_update" in totals["problems"]
    assert "--repair" in bad.stderr
    fixed = cli("--lang", "en", "db", "check", "--repair")
    assert fixed.exit_code == 0, fixed.stdout + fixed.stderr
    assert "Rebuilt" in fixed.stderr and "sound" in fixed.stderr
    after = [sqlite3.connect(db).execute(q).fetchall() for q in records.split(";")]
    assert after == before
    # the trigger is back: a later change keeps the totals in step again
    assert cli("dispatch", "1").exit_code == 0
    assert cli("db", "check").exit_code == 0


def test_check_reports_dangling_reference(cli, db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO complaint_tags (complaint_id, tag) VALUES (999, '急')")
    conn.commit()
    conn.close()
    result = cli("--lang", "en", "db", "check")
    assert result.exit_code == 1
    assert "complaint_tags" in result.stdout and "1 check found problems" in result.stderr


def test_check_on_sample(cli, sample_db: Path) -> None:
    result = cli("db", "check")
    assert result.exit_code == 0, result.stdout
    assert "台账完好" in result.stderr


def test_restore_as_documented(cli, db: Path, tmp_path: Path) -> None:
    """README: restore = copy the backup over the ledger while no command runs, then check."""
    import shutil

    assert cli("add", "北门垃圾站满了没人清").exit_code == 0
    backup = tmp_path / "b.db"
    assert cli("db", "backup", str(backup)).exit_code == 0
    assert cli("add", "3号楼2单元楼道灯坏了").exit_code == 0
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, db)
    assert cli("db", "check").exit_code == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM complaints").fetchone()[0] == 1


def test_check_takes_the_schema_steps_in_any_order(cli, db: Path) -> None:
    """A step written later can reach a ledger after one numbered above it (m012 after m013 on
    a ledger that had m013 first): the same steps are the same schema, not a fault. (A step
    missing is applied when the ledger opens: tests/test_migrations.py.)"""
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM _sqlite_migrations ORDER BY id")]
    with conn:  # the last two steps recorded in the other order
        conn.execute("UPDATE _sqlite_migrations SET id = -1 WHERE id = ?", (ids[-1],))
        conn.execute("UPDATE _sqlite_migrations SET id = ? WHERE id = ?", (ids[-1], ids[-2]))
        conn.execute("UPDATE _sqlite_migrations SET id = ? WHERE id = -1", (ids[-2],))
    conn.close()
    result = cli("db", "check", "-f", "json")
    rows = {r["check"]: r for r in json.loads(result.stdout)}
    assert rows["schema"]["ok"] is True and result.exit_code == 0, result.stdout
