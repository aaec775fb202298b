"""The codes and names a user types for companies, service items, places and buildings, straight
from their tables: shell completion runs on every <TAB> and must not load the whole estate."""

from __future__ import annotations

import json
import sqlite3

from liuliqiao_cli.estate.model import Building


def companies(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """(code, name, short name, English name) of every company, in the estate's order."""
    return [
        (r[0], r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT code, name, short_name, name_en FROM companies ORDER BY position, code"
        )
    ]


def items(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    """(code, name, English name) of every service item, in the estate's order."""
    return [
        (r[0], r[1], r[2])
        for r in conn.execute("SELECT code, name, name_en FROM items ORDER BY position, code")
    ]


def places(conn: sqlite3.Connection) -> list[tuple[str, str, tuple[str, ...]]]:
    """(code, name, aliases) of every public place, in the estate's order."""
    return [
        (r[0], r[1], tuple(json.loads(r[2] or "[]")))
        for r in conn.execute("SELECT code, name, aliases FROM places ORDER BY position, code")
    ]


def item_keywords(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Item code -> the words that recognise it (垃圾站 for 垃圾桶站): other ways to find it."""
    return {
        r[0]: tuple(w for w in json.loads(r[1] or "[]") if "*" not in w)
        for r in conn.execute("SELECT code, keywords FROM items")
    }


def buildings(conn: sqlite3.Connection) -> list[Building]:
    """Every building, by number."""
    sql = "SELECT number, units, floors, rooms_per_floor, company FROM buildings ORDER BY number"
    return [Building(*r) for r in conn.execute(sql)]
