"""Triggers off for a bulk load, and back on with the derived parts rebuilt once."""

from __future__ import annotations

import sqlite3

from liuliqiao_cli.exchange.jsonl import (
    FTS_TABLE,
)
from liuliqiao_cli.store.counts import TRIGGER_PREFIX


def drop_bulk_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop the triggers that keep complaints_fts and the running totals (counts.py) in step,
    for a big load; :func:`restore_triggers` recreates them with the same SQL and rebuilds
    what they maintain, once."""
    saved = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND ((tbl_name = 'complaints'"
        " AND sql LIKE ?) OR name LIKE ?)",
        (f"%{FTS_TABLE}%", f"{TRIGGER_PREFIX}%"),
    ).fetchall()
    for name, _ in saved:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in saved]


def restore_triggers(conn: sqlite3.Connection, saved: list[str], *, rebuild_fts: bool) -> None:
    """Recreate the triggers dropped by :func:`drop_bulk_triggers`; rebuild the search index (when
    asked: rows were added or changed) and the running totals, inside the caller's transaction."""
    from liuliqiao_cli.store import counts

    for sql in saved:
        conn.execute(sql)
    if rebuild_fts:
        conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")
    if any(TRIGGER_PREFIX in sql for sql in saved):
        counts.rebuild(conn)
