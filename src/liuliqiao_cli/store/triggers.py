"""Triggers off for a bulk load, and back on with what they maintain rebuilt once.

Two sets of triggers keep derived data in step with every change: the ones sqlite-utils made on
``complaints`` to feed the search index (``complaints_fts``) and the running totals'
(:mod:`liuliqiao_cli.store.counts`). A load of many rows would pay them once per row; instead they
are dropped, recreated afterwards with exactly the SQL they had (the schema is unchanged), and
what they maintain is rebuilt once. All of it happens inside the caller's transaction: a load that
fails rolls the triggers back too, and other connections, reading the last committed snapshot,
never see the gap.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from liuliqiao_cli.store.counts import TRIGGER_PREFIX

FTS_TABLE = "complaints_fts"  # sqlite-utils' name for the search index of ``complaints``


def rebuild_search_index(conn: sqlite3.Connection) -> None:
    """Rebuild the search index from the complaints table (FTS5's 'rebuild' command)."""
    conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")


def drop_bulk_triggers(
    conn: sqlite3.Connection, *, fts: bool = True, totals: bool = True
) -> list[str]:
    """Drop the search index's triggers (``fts``) and the running totals' (``totals``); returns
    their SQL for :func:`restore_triggers`."""
    clauses, params = [], []
    if fts:
        clauses.append("(tbl_name = 'complaints' AND sql LIKE ?)")
        params.append(f"%{FTS_TABLE}%")
    if totals:
        clauses.append("name LIKE ?")
        params.append(f"{TRIGGER_PREFIX}%")
    if not clauses:
        return []
    saved = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND ({' OR '.join(clauses)})",
        params,
    ).fetchall()
    for name, _ in saved:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in saved]


def restore_triggers(conn: sqlite3.Connection, saved: list[str], *, rebuild_fts: bool) -> None:
    """Recreate the triggers dropped by :func:`drop_bulk_triggers`; rebuild the search index (when
    asked: rows were added or changed) and the running totals (when theirs were dropped)."""
    from liuliqiao_cli.store import counts

    for sql in saved:
        conn.execute(sql)
    if rebuild_fts:
        rebuild_search_index(conn)
    if any(TRIGGER_PREFIX in sql for sql in saved):
        counts.rebuild(conn)


@contextmanager
def bulk_triggers_off(conn: sqlite3.Connection, *, fts: bool, totals: bool) -> Iterator[None]:
    """:func:`drop_bulk_triggers` for the block, :func:`restore_triggers` after it. The search
    index is left to the caller, who may index only the new rows."""
    saved = drop_bulk_triggers(conn, fts=fts, totals=totals)
    yield
    restore_triggers(conn, saved, rebuild_fts=False)
