"""Complaint numbers as completion offers them: by the start of the number or by words of the
text, only in the statuses a step accepts, newest first; and the tags in use.

Completion runs on every <TAB>, on a ledger of a whole district too: a number's start is read
as ranges of ids (``12`` is 12, 120-129, 1200-1299 ...: index lookups, not a scan of a million
numbers cast to text), words of three characters or more through the trigram index, shorter
ones by scanning newest first until enough are found.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from liuliqiao_cli.complaints import lifecycle, status

_FTS_TERM = 3  # the trigram index finds words of at least three characters


@dataclass(frozen=True)
class Offered:
    """A complaint as completion shows it: its number, text, status and name (B17; None for a
    complaint recorded where no station letter was set: it is typed by its number)."""

    id: int
    text: str
    status: str
    name: str | None = None

    @property
    def typed(self) -> str:
        """What completion puts on the line: the name, or the number."""
        return self.name or str(self.id)


def statuses_for(action: str | None) -> tuple[str, ...]:
    """The statuses a step accepts (``resolve`` -> dispatched, in progress, reopened); every
    status for None (``show``, ``history``)."""
    if action is None:
        return status.STATUSES
    return tuple(s for s in status.STATUSES if action in lifecycle.TRANSITIONS[s])


def _status_filter(statuses: Sequence[str], params: list[object]) -> str:
    if set(statuses) >= set(status.STATUSES):
        return ""
    params.extend(statuses)
    return " AND complaints.status IN (" + ", ".join("?" for _ in statuses) + ")"


def _id_ranges(prefix: str, largest: int) -> list[tuple[int, int]]:
    """The ids that start with ``prefix`` up to ``largest``, as (low, high) ranges."""
    start = int(prefix)
    ranges = []
    width = 1
    while start * width <= largest:
        ranges.append((start * width, min((start + 1) * width - 1, largest)))
        width *= 10
    return ranges


def by_number(
    conn: sqlite3.Connection, prefix: str, statuses: Sequence[str], *, limit: int
) -> list[Offered]:
    """Complaints whose number starts with ``prefix`` (any number when empty), newest first."""
    params: list[object] = []
    where = _status_filter(statuses, params)
    if not prefix:
        sql = (
            f"SELECT id, text, status, name FROM complaints WHERE 1{where} ORDER BY id DESC LIMIT ?"
        )
        return [Offered(*r) for r in conn.execute(sql, (*params, limit))]
    if not prefix.isdigit() or prefix.startswith("0") or len(prefix) > 18:
        return []
    # A named complaint is typed by its name (B17), never by its number here (complaints/names.py).
    where = " AND name IS NULL" + where
    largest = conn.execute("SELECT max(id) FROM complaints").fetchone()[0] or 0
    found: list[Offered] = []
    for low, high in reversed(_id_ranges(prefix, largest)):
        sql = (
            "SELECT id, text, status, name FROM complaints WHERE id BETWEEN ? AND ?"
            f"{where} ORDER BY id DESC LIMIT ?"
        )
        found += [Offered(*r) for r in conn.execute(sql, (low, high, *params, limit))]
        if len(found) >= limit:
            break
    return found[:limit]


def by_name(
    conn: sqlite3.Connection, prefix: str, statuses: Sequence[str], *, limit: int
) -> list[Offered]:
    """Complaints whose name starts with ``prefix`` (``B``, ``B1``: names given on a laptop with
    a station letter, complaints/names.py), newest first; a range of the names' index."""
    prefix = prefix.upper()
    params: list[object] = [prefix, prefix + "\U0010ffff"]
    where = _status_filter(statuses, params)
    sql = (
        "SELECT id, text, status, name FROM complaints WHERE name >= ? AND name < ?"
        f"{where} ORDER BY id DESC LIMIT ?"
    )
    return [Offered(*r) for r in conn.execute(sql, (*params, limit))]


def by_text(
    conn: sqlite3.Connection, words: Sequence[str], statuses: Sequence[str], *, limit: int
) -> list[Offered]:
    """Complaints whose text or place holds every word, newest first."""
    words = [w for w in words if w]
    if not words:
        return []
    params: list[object] = []
    long_words = [w for w in words if len(w) >= _FTS_TERM]
    conditions = []
    for word in words:
        if word not in long_words:
            conditions.append("(instr(complaints.text, ?) > 0 OR instr(complaints.place, ?) > 0)")
            params += [word, word]
    where = "".join(f" AND {c}" for c in conditions) + _status_filter(statuses, params)
    if long_words:
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        sql = (
            "SELECT complaints.id, complaints.text, complaints.status, complaints.name"
            " FROM complaints_fts JOIN complaints ON complaints.id = complaints_fts.rowid"
            f" WHERE complaints_fts MATCH ?{where}"
            " ORDER BY complaints_fts.rowid DESC LIMIT ?"
        )
        rows = conn.execute(sql, (match, *params, limit))
    else:
        sql = (
            f"SELECT id, text, status, name FROM complaints WHERE 1{where} ORDER BY id DESC LIMIT ?"
        )
        rows = conn.execute(sql, (*params, limit))
    return [Offered(*r) for r in rows]


def tags(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """(tag, how many complaints carry it), most used first."""
    sql = "SELECT tag, count(*) FROM complaint_tags GROUP BY tag ORDER BY count(*) DESC, tag"
    return [(r[0], r[1]) for r in conn.execute(sql)]
