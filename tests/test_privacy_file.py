"""The ledger and its companion contacts file: upgrading a ledger that held contacts and numbers
in its texts (m012_privacy), a crash between the two commits, backup of both, db check of both,
and a companion that is not this ledger's."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXED_NOW, dump

from liuliqiao_cli.store import ledger as ledger_mod

PHONE = "13912345678"
NAME = "王秀兰"


def _old_ledger(path: Path) -> Path:
    """A ledger as the version before m012 left it (m010 included): contacts in the clear, a number and a name
    in a complaint's text, in its create event and in a note."""
    from datetime import date

    from liuliqiao_cli.dates import parse_datetime
    from liuliqiao_cli.estate import definition, model

    conn, _ = ledger_mod.create_ledger(path)
    ledger_mod.migrate(conn, stop_before="m012_privacy")
    with ledger_mod.transaction(conn):
        model.install(
            conn,
            definition.load_definition(definition.default_definition_text()),
            now=parse_datetime(FIXED_NOW, today=date(2026, 11, 27)),
        )
        conn.execute(
            "INSERT INTO contacts (id, uuid, name, phone) VALUES (1, 'k-1', ?, '13600002222')",
            ("赵桂芳",),
        )
        text = f"3号楼2单元下水道堵了，联系人{NAME}，电话{PHONE}"
        conn.execute(
            "INSERT INTO complaints (id, uuid, received_at, source, text, building, unit, item,"
            " scope, company, routing, status, contact_id, created_at, updated_at) VALUES"
            " (1, 'c-1', '2026-11-20 09:00:00', 'phone', ?, 3, 2, 'pipes', 'separate',"
            " 'chengjian', 'separate', 'received', 1, '2026-11-20 09:00:00',"
            " '2026-11-20 09:00:00')",
            (text,),
        )
        events = [
            ("e-1", "create", json.dumps({"after": {"text": text, "uuid": "c-1"}})),
            ("e-2", "note", json.dumps({"note": f"{NAME}又打电话 {PHONE}"}, ensure_ascii=False)),
            ("e-3", "contacts", json.dumps({"command": "list", "filters": {"q": PHONE}})),
        ]
        for uuid, kind, data in events:
            conn.execute(
                "INSERT INTO events (uuid, at, actor, kind, complaint_id, data)"
                " VALUES (?, '2026-11-20 09:00:00', '张网格员', ?, 1, ?)",
                (uuid, kind, data),
            )
    conn.close()
    return path


def test_upgrade_moves_personal_data_and_keeps_every_record(cli, tmp_path: Path) -> None:
    db = _old_ledger(tmp_path / "old.db")
    before = sqlite3.connect(db)
    counts = [
        before.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("complaints", "events", "contacts")
    ]
    before.close()
    conn = ledger_mod.open_ledger(db)  # opening upgrades
    conn.close()
    after = sqlite3.connect(db)
    assert [
        after.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("complaints", "events", "contacts")
    ] == [
        counts[0],
        counts[1] + 1,  # the rewrite itself, recorded
        counts[2],
    ]
    assert after.execute("SELECT name, phone FROM contacts").fetchall() == [("赵**", "136****2222")]
    text = after.execute("SELECT text FROM complaints").fetchone()[0]
    assert text == "3号楼2单元下水道堵了，联系人王**，电话139****5678"
    data = " ".join(r[0] for r in after.execute("SELECT data FROM events"))
    assert PHONE not in data and NAME not in data
    kind, payload = after.execute(
        "SELECT kind, data FROM events ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert kind == "privacy" and json.loads(payload) == {
        "complaints": 1,
        "contacts": 1,
        "events": 3,
        "found": 7,
    }
    # history is append-only again, and the search index holds no number
    with pytest.raises(sqlite3.IntegrityError):
        after.execute("UPDATE events SET actor = 'x'")
    assert (
        after.execute(
            "SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH '12345678'"
        ).fetchone()[0]
        == 0
    )
    after.close()
    shown = cli("--db", str(db), "show", "1", "--with-contacts")
    assert shown.exit_code == 0, shown.stderr
    assert PHONE in shown.stdout and NAME in shown.stdout and "赵桂芳 13600002222" in shown.stdout
    checked = cli("--db", str(db), "db", "check")
    assert checked.exit_code == 0, checked.stdout


def test_upgrade_from_m010_moves_the_resident_lookups_to_the_contacts_file(
    cli, tmp_path: Path
) -> None:
    """m010 indexed the ledger's contacts by phone and name (list --phone/--reporter, "other
    complaints from the same resident"); m012 leaves only masked forms there, so the indexes
    go with the originals to the companion file, and the lookups still answer."""
    db = _old_ledger(tmp_path / "old.db")
    raw = sqlite3.connect(db)
    with raw:
        raw.execute(
            "INSERT INTO contacts (id, uuid, name, phone) VALUES (2, 'k-2', '赵桂芳', '13600002222')"
        )
        raw.execute(
            "INSERT INTO complaints (id, uuid, received_at, source, text, building, unit, item,"
            " scope, company, routing, status, contact_id, created_at, updated_at) VALUES"
            " (2, 'c-2', '2026-11-21 09:00:00', 'phone', '3号楼楼道灯坏了', 3, 2, 'pipes',"
            " 'separate', 'chengjian', 'separate', 'received', 2, '2026-11-21 09:00:00',"
            " '2026-11-21 09:00:00')"
        )
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'contacts_%'"
    assert {r[0] for r in raw.execute(indexes)} == {"contacts_phone", "contacts_name"}
    raw.close()
    ledger_mod.open_ledger(db).close()  # opening upgrades
    after = sqlite3.connect(db)
    assert {r[0] for r in after.execute(indexes)} == set()
    after.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = db.read_bytes()  # the dropped indexes' pages too (secure_delete)
    assert b"13600002222" not in raw and "赵桂芳".encode() not in raw
    assert (
        after.execute("SELECT count(*) FROM contacts WHERE phone = '13600002222'").fetchone()[0]
        == 0
    )
    after.close()
    kept = sqlite3.connect(tmp_path / "old.contacts.db")
    assert {r[0] for r in kept.execute(indexes)} == {"contacts_phone", "contacts_name"}
    plan = " ".join(
        str(r[-1])
        for r in kept.execute("EXPLAIN QUERY PLAN SELECT uuid FROM contacts WHERE phone = 'x'")
    )
    assert "contacts_phone" in plan
    kept.close()
    for args in (("--phone", "136 0000 2222"), ("--reporter", "赵桂芳")):
        listed = cli("--db", str(db), "list", *args, "--format", "json")
        assert listed.exit_code == 0, listed.stderr
        assert [r["id"] for r in json.loads(listed.stdout)] == [2, 1]
        assert "13600002222" not in listed.stdout and "赵桂芳" not in listed.stdout
    shown = cli("--db", str(db), "show", "2", "--format", "json")
    assert json.loads(shown.stdout)["reporter_others"] == 1
    assert "（另有 1 件诉求）" in cli("--db", str(db), "show", "1").stdout


def test_a_resident_filter_without_the_contacts_file_is_refused(cli, tmp_path: Path) -> None:
    db = _old_ledger(tmp_path / "old.db")
    ledger_mod.open_ledger(db).close()
    (tmp_path / "old.contacts.db").rename(tmp_path / "elsewhere.db")
    before = dump(db)
    result = cli("--db", str(db), "list", "--phone", "13600002222")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"错误：--phone 要在居民联系方式文件 {tmp_path / 'old.contacts.db'} 中查找，"
        "但它缺失、无法读取或属于另一本台账（未列出任何诉求）\n"
    )
    assert dump(db) == before
    shown = cli("--db", str(db), "show", "1")  # the rest works, masked; no other complaint named
    assert shown.exit_code == 0 and "赵** 136****2222\n" in shown.stdout


def test_committed_sample_keeps_its_residents_in_its_contacts_file() -> None:
    from conftest import SAMPLE

    conn = sqlite3.connect(SAMPLE)
    clear = conn.execute(
        "SELECT count(*) FROM contacts WHERE instr(name, '*') = 0 AND name != ''"
    ).fetchone()[0]
    assert clear == 0 and conn.execute("SELECT count(*) FROM contacts").fetchone()[0] > 100
    masked_texts = conn.execute(
        "SELECT count(*) FROM complaints WHERE text GLOB '*1[3-9][0-9][*][*][*][*][0-9]*'"
    ).fetchone()[0]
    assert masked_texts > 10  # 12345 work orders carry the caller in the text, masked
    conn.close()
    kept = sqlite3.connect(SAMPLE.with_name("sample.contacts.db"))
    assert (
        kept.execute("SELECT count(*) FROM contacts WHERE instr(name, '*') > 0").fetchone()[0] == 0
    )
    assert kept.execute("SELECT count(*) FROM found").fetchone()[0] > 10
    kept.close()


@pytest.mark.slow  # builds the whole sample ledger
def test_committed_sample_contacts_file_matches_generator(tmp_path: Path) -> None:
    from conftest import SAMPLE

    from liuliqiao_cli.sample import generate

    fresh = tmp_path / "fresh.db"
    generate.build(fresh)
    assert generate.content_dump(SAMPLE.with_name("sample.contacts.db")) == generate.content_dump(
        fresh.with_name("fresh.contacts.db")
    ), "regenerate with `liuliqiao db sample sample.db --force`"


KILL_AFTER_COMPANION = """
import os, signal, sys
from liuliqiao_cli.store import companion
real = companion.Companion.stash
def stash(self, *args, **kwargs):
    real(self, *args, **kwargs)
    if os.environ.get("KILL_NOW") == "after":
        os.kill(os.getpid(), signal.SIGKILL)  # the companion committed, the ledger not yet
companion.Companion.stash = stash
from liuliqiao_cli.cli import main
sys.argv = ["liuliqiao", *sys.argv[1:]]
main()
"""


@pytest.mark.slow
def test_kill_between_the_two_commits_loses_nothing_acknowledged(db: Path) -> None:
    env = {**os.environ, "KILL_NOW": "after"}
    args = [sys.executable, "-c", KILL_AFTER_COMPANION, "add", "3号楼楼道灯坏了"]
    args += ["--reporter", "赵桂芳", "--phone", "13600002222"]
    died = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert died.returncode == -signal.SIGKILL
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    conn.close()
    kept = sqlite3.connect(db.with_name("ledger.contacts.db"))
    assert kept.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1  # harmless orphan
    kept.close()
    env.pop("KILL_NOW")
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    shown = subprocess.run(
        [sys.executable, "-m", "liuliqiao_cli", "show", "1", "--with-contacts"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "赵桂芳 13600002222" in shown.stdout
    checked = subprocess.run(
        [sys.executable, "-m", "liuliqiao_cli", "db", "check"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout


def test_backup_copies_both_files(cli, db: Path, tmp_path: Path) -> None:
    assert (
        cli("add", "3号楼楼道灯坏了", "--reporter", "赵桂芳", "--phone", "13600002222").exit_code
        == 0
    )
    target = tmp_path / "backups" / "b.db"
    target.parent.mkdir()
    result = cli("db", "backup", str(target))
    assert result.exit_code == 0, result.stderr
    pair = target.with_name("b.contacts.db")
    assert pair.exists() and oct(pair.stat().st_mode & 0o777) == "0o600"
    assert "b.contacts.db" in result.stderr
    shown = cli("--db", str(target), "show", "1", "--with-contacts")
    assert "赵桂芳" in shown.stdout
    # the record of it
    row = (
        sqlite3.connect(db)
        .execute("SELECT data FROM events WHERE kind = 'export' ORDER BY id DESC")
        .fetchone()
    )
    data = json.loads(row[0])
    assert (data["what"], data["rows"], data["contacts"], data["target"]) == (
        "backup",
        1,
        True,
        str(target),
    )
    # an existing companion backup is refused without --force, before anything is written
    target.unlink()
    again = cli("db", "backup", str(target))
    assert again.exit_code == 1 and not target.exists()


def test_check_reports_lost_contacts_and_personal_data_left(cli, db: Path) -> None:
    assert (
        cli("add", "3号楼楼道灯坏了", "--reporter", "赵桂芳", "--phone", "13600002222").exit_code
        == 0
    )
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER complaints_au")  # keep the search index out of this
    conn.execute(f"UPDATE complaints SET text = '楼道灯坏了，电话{PHONE}'")
    conn.execute("INSERT INTO contacts (uuid, name, phone) VALUES ('x', '李四', '13700001111')")
    conn.commit()
    conn.close()
    kept = sqlite3.connect(db.with_name("ledger.contacts.db"))
    kept.execute("DELETE FROM contacts")
    kept.commit()
    kept.close()
    result = cli("db", "check", "--format", "json")
    assert result.exit_code == 1
    rows = {r["check"]: r for r in json.loads(result.stdout)}
    assert rows["companion"]["ok"] is True
    assert rows["contacts"]["ok"] is False and rows["contacts"]["problems"] == "#1"
    assert rows["personal"]["ok"] is False
    assert rows["personal"]["problems"] == "contacts: 1; #1"
    assert PHONE not in result.stdout + result.stderr and "李四" not in result.stdout


def test_a_companion_of_another_ledger_is_never_used(cli, db: Path, tmp_path: Path) -> None:
    assert (
        cli("add", "3号楼楼道灯坏了", "--reporter", "赵桂芳", "--phone", "13600002222").exit_code
        == 0
    )
    other = tmp_path / "other" / "ledger.db"
    other.parent.mkdir()
    assert cli("--db", str(other), "init").exit_code == 0
    shutil.copy(db.with_name("ledger.contacts.db"), other.with_name("ledger.contacts.db"))
    before = dump(other)
    shown = cli("--db", str(other), "add", "1号楼楼道灯坏了", "--reporter", "李四")
    assert shown.exit_code == 1 and "另一本台账" in shown.stderr
    assert dump(other) == before
    checked = cli("--db", str(other), "db", "check")
    assert checked.exit_code == 1 and "另一本台账" in checked.stdout


def test_exports_never_overwrite_the_companion(cli, db: Path) -> None:
    assert cli("add", "3号楼楼道灯坏了", "--reporter", "赵桂芳").exit_code == 0
    pair = db.with_name("ledger.contacts.db")
    before = pair.read_bytes()
    result = cli("export", "-o", str(pair), "--force")
    assert result.exit_code == 1
    assert pair.read_bytes() == before


def test_a_ledger_file_with_contacts_restores_them_into_an_empty_ledger(cli, db, tmp_path) -> None:
    """export --with-contacts carries the originals; the importing ledger masks them on the way in
    and keeps them in its own contacts file; a masked export brings no original anywhere."""
    text = f"3号楼2单元下水道堵了，联系人{NAME}，电话{PHONE}"
    assert cli("add", text, "--reporter", "赵桂芳", "--phone", "13600002222").exit_code == 0
    assert cli("note", "1", f"{NAME}又打电话").exit_code == 0
    full, masked = tmp_path / "full.jsonl", tmp_path / "masked.jsonl"
    assert cli("export", "-o", str(full), "--with-contacts").exit_code == 0
    assert cli("export", "-o", str(masked)).exit_code == 0
    assert NAME in full.read_text(encoding="utf-8") and PHONE in full.read_text(encoding="utf-8")
    assert NAME not in masked.read_text(encoding="utf-8")
    restored = tmp_path / "restored" / "ledger.db"
    restored.parent.mkdir()
    assert cli("--db", str(restored), "init").exit_code == 0
    merged = cli("--db", str(restored), "import", str(full))
    assert merged.exit_code == 0, merged.stderr
    conn = sqlite3.connect(restored)
    stored = " ".join(str(v) for r in conn.execute("SELECT * FROM complaints") for v in r)
    stored += " ".join(r[0] for r in conn.execute("SELECT data FROM events"))
    stored += " ".join(r[0] + r[1] for r in conn.execute("SELECT name, phone FROM contacts"))
    conn.close()
    assert PHONE not in stored and NAME not in stored and "赵桂芳" not in stored
    shown = cli("--db", str(restored), "show", "1", "--with-contacts")
    assert f"联系人{NAME}，电话{PHONE}" in shown.stdout and "赵桂芳 13600002222" in shown.stdout
    assert f"{NAME}又打电话" in shown.stdout
    # the masked file into a third ledger: nothing to reveal there, nothing leaks
    third = tmp_path / "third" / "ledger.db"
    third.parent.mkdir()
    assert cli("--db", str(third), "init").exit_code == 0
    assert cli("--db", str(third), "import", str(masked)).exit_code == 0
    again = cli("--db", str(third), "show", "1", "--with-contacts")
    assert NAME not in again.stdout and "王**" in again.stdout
    # the full file back into the ledger it came from: refused (issue 17), nothing written
    before = dump(db)
    assert cli("import", str(full)).exit_code == 1
    assert dump(db) == before


@pytest.mark.parametrize(
    "planted",
    [f"电话{PHONE}", "139 1234 5678", "139-1234-5678", "身份证110101199003071233", f"联系人{NAME}"],
)
def test_check_finds_each_kind_left_in_a_text(cli, db: Path, planted: str) -> None:
    assert cli("add", "3号楼楼道灯坏了").exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER complaints_au")
    conn.execute("UPDATE complaints SET text = ?", (f"楼道灯坏了 {planted}",))
    conn.commit()
    conn.close()
    result = cli("db", "check", "--format", "json")
    rows = {r["check"]: r for r in json.loads(result.stdout)}
    assert rows["personal"]["ok"] is False and rows["personal"]["problems"] == "#1"
