"""Schema migrations: the exact schema of a new ledger, the list of names, upgrading a ledger made
by the first migration alone with every row intact, and refusing a ledger from a newer version."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import dump

from liuliqiao_cli.errors import LedgerFileError
from liuliqiao_cli.store import ledger as dbmod
from liuliqiao_cli.store.migrations import migrations

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden" / "schema.sql"
V1 = DATA / "ledger_v1.db"
V1_TABLES = ("settings", "companies", "buildings", "items", "places", "rotation_versions")


def schema_text(path: Path) -> str:
    """sqlite_master's SQL, in a stable order (names sort; sqlite_master's order is history)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()
    return "".join(f"-- {kind} {name}\n{sql};\n\n" for kind, name, sql in rows)


def rows_of(path: Path, tables: tuple[str, ...]) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()


def applied(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()


def blank_ledger(path: Path) -> Path:
    conn, created = dbmod.create_ledger(path)
    assert created
    dbmod.migrate(conn)
    conn.close()
    return path


def test_blank_ledger_schema_is_exactly_the_golden_one(tmp_path):
    """Any schema change must show up here (UPDATE_GOLDEN=1 rewrites tests/golden/schema.sql)."""
    text = schema_text(blank_ledger(tmp_path / "blank.db"))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_migration_names_are_the_registered_ones_in_order():
    from sqlite_utils import Database

    registered = [m.name for m in migrations.sqlite_utils().pending(Database(memory=True))]
    assert tuple(registered) == migrations.names
    assert migrations.names == tuple(sorted(migrations.names))  # m001, m002 ... in order
    assert applied(blank_ledger(Path(os.environ["LIULIQIAO_DB"]))) == registered


def test_committed_v1_ledger_is_the_first_migration_alone():
    assert applied(V1) == [migrations.names[0]]
    counts = {t: len(r) for t, r in rows_of(V1, V1_TABLES).items()}
    assert all(counts.values()), counts  # the estate is really there


def test_upgrade_keeps_every_row_and_gives_the_current_schema(tmp_path, cli):
    ledger = tmp_path / "v1.db"
    shutil.copy(V1, ledger)
    before = rows_of(ledger, V1_TABLES)
    conn = dbmod.open_ledger(ledger)  # opening upgrades
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    assert applied(ledger) == list(migrations.names)
    after = rows_of(ledger, V1_TABLES)
    # A later migration may add a setting of its own (m013: the ledger's id), never change or
    # drop one.
    added = {"ledger.id"}
    assert [row for row in after.pop("settings") if row[0] not in added] == before.pop("settings")
    assert after == before
    assert schema_text(ledger) == schema_text(blank_ledger(tmp_path / "blank.db"))
    result = cli("--db", str(ledger), "estate", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "首华物业" in result.stdout


def test_upgrade_is_done_once_by_concurrent_openers(tmp_path):
    ledger = tmp_path / "v1.db"
    shutil.copy(V1, ledger)
    first, second = dbmod.open_ledger(ledger), dbmod.open_ledger(ledger)
    first.close()
    second.close()
    assert applied(ledger) == list(migrations.names)


@pytest.mark.parametrize("source", ["v1", "current"])
def test_ledger_with_an_unknown_migration_is_refused(tmp_path, cli, source):
    ledger = tmp_path / "newer.db"
    if source == "v1":
        shutil.copy(V1, ledger)
    else:
        blank_ledger(ledger)
    conn = sqlite3.connect(ledger)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('liuliqiao', 'm999_from_the_future', '2030-01-01 00:00:00')"
    )
    conn.commit()
    conn.close()
    before = dump(ledger)
    with pytest.raises(LedgerFileError) as raised:
        dbmod.open_ledger(ledger)
    assert raised.value.key == "file.too_new"
    result = cli("--db", str(ledger), "estate")
    assert result.exit_code == 1
    assert "m999_from_the_future" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(ledger) == before


def test_events_steps_index_holds_the_step_kinds(tmp_path):
    """m006 spells the step kinds out (a shipped migration never changes); the summary reads that
    index with complaints.status.STEP_KINDS, so the two must name the same kinds."""
    import re

    from liuliqiao_cli.complaints import status

    conn = sqlite3.connect(blank_ledger(tmp_path / "blank.db"))
    try:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_steps'").fetchone()[
            0
        ]
    finally:
        conn.close()
    kinds = re.search(r"kind IN \(([^)]*)\)", sql).group(1)
    assert tuple(re.findall(r"'(\w+)'", kinds)) == status.STEP_KINDS


# Tables a ledger at m010_duplicates holds rows in, in the order their references allow; the
# search index and the running totals follow from the triggers.
M010_TABLES = (
    "settings",
    "companies",
    "buildings",
    "items",
    "places",
    "rotation_versions",
    "contacts",
    "complaints",
    "complaint_tags",
    "events",
    "duty_overrides",
    "meetings",
    "meeting_agenda",
    "meeting_attendance",
    "meeting_decisions",
)


def _indexes(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql NOT NULL"
            )
        )
    finally:
        conn.close()


@pytest.mark.slow
def test_upgrade_from_a_ledger_at_m010_keeps_its_indexes_and_numbers(tmp_path, cli, monkeypatch):
    """A ledger in the wild at m010_duplicates (the sample of that version: complaints, contacts,
    meetings, the history) gets m011_clock and m013_names: every row kept, m010's indexes on complaints and
    contacts as they were, the schema of a new ledger, numbers still resolving, no name given."""
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-11-27 10:00:00")
    today = tmp_path / "today.db"
    assert cli("db", "sample", str(today)).exit_code == 0
    old = tmp_path / "m010.db"
    conn, _ = dbmod.create_ledger(old)
    dbmod.migrate(conn, stop_before="m011_clock")
    assert applied(old)[-1] == "m010_duplicates"
    conn.execute("ATTACH DATABASE ? AS today", (str(today),))
    conn.execute("BEGIN")
    for table in M010_TABLES:  # the columns a ledger of that version has
        cols = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(
            f"INSERT OR REPLACE INTO main.{table} ({cols}) SELECT {cols} FROM today.{table}"
        )
    # A ledger of that version held its residents in the clear: today's sample keeps them in its
    # companion file (issue 16), so they are put back, for m012_privacy to move out again.
    conn.execute("COMMIT")
    conn.execute("ATTACH DATABASE ? AS kept", (str(today.with_suffix(".contacts.db")),))
    conn.execute(
        "UPDATE main.contacts SET (name, phone) = (SELECT name, phone FROM kept.contacts k"
        " WHERE k.uuid = main.contacts.uuid) WHERE uuid IN (SELECT uuid FROM kept.contacts)"
    )
    conn.execute("DETACH DATABASE kept")
    conn.execute("DETACH DATABASE today")
    conn.close()
    m010_indexes = _indexes(old)
    for name in ("complaints_open_spot", "complaints_duplicate_of", "complaints_contact"):
        assert name in m010_indexes
    # contacts: m012 masks them (tests/test_privacy_file.py follows them to the companion file)
    before = rows_of(old, ("complaints", "events", "meeting_agenda"))
    assert len(before["complaints"]) == 420

    checked = cli("--db", str(old), "db", "check")  # opening upgrades
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert applied(old) == list(migrations.names)
    after = rows_of(old, ("complaints", "events", "meeting_agenda"))
    after["events"] = [e for e in after["events"] if e[4] != "privacy"]  # m012's own record
    width = {t: len(rows[0]) for t, rows in before.items()}
    assert {t: [r[: width[t]] for r in rows] for t, rows in after.items()} == before
    upgraded = _indexes(old)
    # m013 rebuilt events_complaint; m012 moved the contacts' indexes to the contacts file with
    # the originals they indexed (tests/test_privacy_file.py); every other index as it was.
    moved = {"events_complaint", "contacts_phone", "contacts_name"}
    assert {n: s for n, s in upgraded.items() if n in m010_indexes and n not in moved} == {
        n: s for n, s in m010_indexes.items() if n not in moved
    }
    assert not moved - {"events_complaint"} & set(upgraded)
    assert schema_text(old) == schema_text(blank_ledger(tmp_path / "blank.db"))
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT count(*) FROM complaints WHERE name IS NOT NULL").fetchone() == (0,)
    conn.close()
    shown = cli("--db", str(old), "show", "401")
    assert shown.exit_code == 0 and shown.stdout.startswith("#401  "), shown.stderr
    assert cli("--db", str(old), "list", "--limit", "1").stdout.splitlines()[1].startswith("#420")
    assert cli("--db", str(old), "db", "station", "B").exit_code == 0
    added = cli("--db", str(old), "add", "3号楼2单元楼道灯坏了")
    assert added.exit_code == 0 and added.stdout.startswith("已登记 #B1"), added.stdout
    assert cli("--db", str(old), "show", "B1").stdout.startswith("#B1  ")
