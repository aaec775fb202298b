"""Meeting, decision and duty-override numbers as completion offers them, newest first, each with
the few words that say which one it is (one small query each: completion runs on every <TAB>)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Numbered:
    """Something a command names by its number, and what it is."""

    id: int
    date: str
    kind: str  # a meeting's kind, a decision's state (done/open), an override's company
    text: str  # a meeting's title, a decision, an override's reason
    revoked: bool = False


def meetings(conn: sqlite3.Connection, *, limit: int) -> list[Numbered]:
    sql = "SELECT id, date, kind, title FROM meetings ORDER BY date DESC, id DESC LIMIT ?"
    return [Numbered(*r) for r in conn.execute(sql, (limit,))]


def decisions(conn: sqlite3.Connection, *, limit: int) -> list[Numbered]:
    """Decisions not yet carried out first, then the latest carried out."""
    sql = (
        "SELECT d.id, m.date, CASE WHEN d.done_at IS NULL THEN 'open' ELSE 'done' END,"
        " d.decision FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id"
        " ORDER BY d.done_at IS NOT NULL, m.date DESC, d.id DESC LIMIT ?"
    )
    return [Numbered(*r) for r in conn.execute(sql, (limit,))]


def overrides(conn: sqlite3.Connection, *, limit: int) -> list[Numbered]:
    """Duty overrides still in force first (a revoked one cannot be revoked again)."""
    sql = (
        "SELECT id, start_date || '~' || end_date, company, reason, revoked_at IS NOT NULL"
        " FROM duty_overrides ORDER BY revoked_at IS NOT NULL, start_date DESC, id DESC LIMIT ?"
    )
    return [Numbered(r[0], r[1], r[2], r[3], bool(r[4])) for r in conn.execute(sql, (limit,))]
