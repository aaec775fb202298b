"""The bulk path (liuliqiao_cli.store.bulk): one transaction, FTS triggers off during the load, the search
index brought up to date once, and nothing half-written when a row is bad."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import dump

from liuliqiao_cli.store.bulk import bulk_insert, bulk_load


def complaint(n: int, **extra):
    record = {
        "received_at": f"2026-11-{1 + n % 27:02d} 09:00:00",
        "source": "patrol",
        "text": f"3号楼2单元楼道灯坏了第{n}次",
        "building": 3,
        "unit": 2,
        "item": "stair_lighting",
        "scope": "separate",
        "company": "chengjian",
        "routing": "separate",
        "status": "received",
        "created_at": "2026-11-27 10:00:00",
        "updated_at": "2026-11-27 10:00:00",
    }
    record.update(extra)
    return record


def schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return sorted(
        tuple(r) for r in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    )


def fts_ids(conn: sqlite3.Connection, term: str) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ? ORDER BY rowid",
            (f'"{term}"',),
        )
    ]


def test_load_with_nested_contact_tags_events(conn):
    before = schema(conn)
    result = bulk_load(
        conn,
        [
            complaint(
                1,
                contact={"name": "王阿姨", "phone": "13800001234"},
                tags=["急", "盼"],
                events=[
                    {
                        "kind": "create",
                        "at": "2026-11-01 09:00:00",
                        "actor": "张网格员",
                        "data": {"text": "灯"},
                    }
                ],
            ),
            complaint(
                2,
                text="北门垃圾站满了没人清",
                building=None,
                unit=None,
                place="北门",
                item="garbage",
                scope="joint",
                routing="duty",
            ),
        ],
    )
    assert (result.complaints, result.contacts, result.tags, result.events) == (2, 1, 2, 1)
    assert result.fts == "rebuild"
    assert not conn.in_transaction
    assert schema(conn) == before  # the FTS triggers are back, exactly as they were
    rows = conn.execute(
        "SELECT id, contact_id, urgency, routing_note FROM complaints ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [(1, 1, "normal", ""), (2, None, "normal", "")]
    ev = conn.execute("SELECT complaint_id, subject, subject_id, data FROM events").fetchone()
    assert tuple(ev) == (1, "complaint", 1, '{"text": "灯"}')
    assert fts_ids(conn, "垃圾站") == [2]
    assert fts_ids(conn, "楼道灯") == [1]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_append_indexes_new_rows_and_triggers_still_work(conn):
    bulk_insert(conn, [complaint(n) for n in range(10)])
    result = bulk_load(conn, [complaint(99, text="南门路灯不亮")])
    assert result.fts == "incremental"
    assert fts_ids(conn, "路灯不") == [11]
    conn.execute("UPDATE complaints SET text = '南门路灯已修好' WHERE id = 11")  # trigger path
    assert fts_ids(conn, "路灯不") == []
    assert fts_ids(conn, "已修好") == [11]
    conn.execute("INSERT INTO complaints_fts(complaints_fts) VALUES('integrity-check')")


def test_top_level_events_by_uuid(conn):
    bulk_insert(
        conn,
        [complaint(1, uuid="c-1"), complaint(2, uuid="c-2")],
        [
            {"kind": "note", "at": "2026-11-02 09:00:00", "actor": "a", "complaint_uuid": "c-2"},
            {"kind": "note", "at": "2026-11-02 09:00:00", "actor": "a", "complaint_id": 1},
        ],
    )
    got = conn.execute(
        "SELECT complaint_id, subject_id FROM events ORDER BY complaint_id"
    ).fetchall()
    assert [tuple(r) for r in got] == [(1, 1), (2, 2)]


@pytest.mark.parametrize(
    "bad",
    [
        {"status": None},  # NOT NULL
        {"item": "no_such_item"},  # foreign key, checked at commit
        {"scope": "both"},  # CHECK
        {"colour": "red"},  # not a column
    ],
)
def test_bad_row_writes_nothing(db, conn, bad):
    before = dump(db)
    with pytest.raises((sqlite3.DatabaseError, ValueError)):
        bulk_insert(
            conn,
            [complaint(1), complaint(2, **bad)],
            [{"kind": "create", "at": "2026-11-01 09:00:00", "actor": "x", "complaint_id": 1}],
        )
    assert not conn.in_transaction
    assert dump(db) == before


def test_joins_callers_transaction(db, conn):
    before = dump(db)
    conn.execute("BEGIN IMMEDIATE")
    bulk_insert(conn, [complaint(1)])
    assert conn.in_transaction
    conn.execute("ROLLBACK")
    assert dump(db) == before
