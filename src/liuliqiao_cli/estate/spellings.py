"""The codes and names a user types for companies and service items, straight from their
tables: shell completion runs on every <TAB> and must not load the whole estate."""

from __future__ import annotations

import sqlite3


def companies(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    """(code, name, short name) of every company, in the estate's order."""
    return [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT code, name, short_name FROM companies ORDER BY position, code"
        )
    ]


def items(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    """(code, name, English name) of every service item, in the estate's order."""
    return [
        (r[0], r[1], r[2])
        for r in conn.execute("SELECT code, name, name_en FROM items ORDER BY position, code")
    ]
