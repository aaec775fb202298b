"""The morning digest (``liuliqiao today``): what falls due today and tomorrow, what is overdue,
the follow-up calls waiting, the handovers to confirm, who is on duty and any change of duty or
override in the next week, and the meetings of the next week.

Every part is one index range (migration m011's partial indexes on deadlines and calls; the
open complaints for overdue), so the digest of a district's million complaints is as quick as
the estate's. Lists are cut at ``LIST_LIMIT`` rows each (the totals are always complete).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from liuliqiao_cli.complaints import calls, deadlines, handover, status
from liuliqiao_cli.complaints.read import location_text
from liuliqiao_cli.dates import iso
from liuliqiao_cli.estate import duty, duty_ledger, duty_spans, model
from liuliqiao_cli.estate.versions import changes_within

LIST_LIMIT = 30  # rows listed per part
LOOKAHEAD_DAYS = 7  # changes of duty, overrides and meetings this far ahead


@dataclass(frozen=True)
class Due:
    """One deadline of one open complaint (a complaint may have two)."""

    id: int
    step: str  # respond | resolve
    due: str
    company: str
    item: str
    where: str
    text: str
    status: str


@dataclass(frozen=True)
class Meeting:
    id: int
    date: str
    time: str
    kind: str
    title: str
    place: str


@dataclass
class Digest:
    now: datetime
    estate: model.Estate
    due_today: list[Due] = field(default_factory=list)
    due_today_total: int = 0
    due_tomorrow: list[Due] = field(default_factory=list)
    due_tomorrow_total: int = 0
    overdue: list[Due] = field(default_factory=list)  # oldest received first
    overdue_total: int = 0
    calls_total: int = 0
    calls_oldest: str | None = None  # since when the oldest call has waited
    handovers_pending: int = 0
    on_duty: duty.DutyAnswer | None = None  # None: no rotation covers today
    changes: list[duty_spans.Change] = field(default_factory=list)  # the next 7 days
    overrides: list[duty.Override] = field(default_factory=list)  # starting or ending then
    meetings: list[Meeting] = field(default_factory=list)
    # versions of the estate taking effect in the next 7 days: (version, its changes)
    estate_versions: list[tuple[Any, list[Any]]] = field(default_factory=list)


_DUE_COLUMNS = "id, company, item, building, unit, room, place, text, status"


def build(conn: sqlite3.Connection, *, now: datetime) -> Digest:
    """The digest at ``now`` (read only; nothing is revealed: no names, no phones)."""
    estate = model.load(conn)
    today = now.date()
    d = Digest(now, estate)
    midnight = datetime.combine(today, datetime.min.time())
    tomorrow = midnight + timedelta(days=1)
    d.due_today_total, d.due_today = _due(conn, now, tomorrow)
    d.due_tomorrow_total, d.due_tomorrow = _due(conn, tomorrow, tomorrow + timedelta(days=1))
    d.overdue_total, d.overdue = _overdue(conn, now)
    d.calls_total, d.calls_oldest = calls.count(conn, now)
    d.handovers_pending = handover.pending_count(conn, today)
    versions, overrides = duty_ledger.load_rotation(conn)
    try:
        d.on_duty = duty.duty_on(today, versions, overrides)
    except duty.NoRotation:
        d.on_duty = None
    horizon = today + timedelta(days=LOOKAHEAD_DAYS)
    d.changes = duty_spans.changes(versions, overrides, today + timedelta(days=1), horizon)
    d.overrides = [
        o
        for o in overrides
        if not o.revoked and (today <= o.start <= horizon or today <= o.end <= horizon)
    ]
    d.meetings = _meetings(conn, today, horizon)
    d.estate_versions = changes_within(conn, today + timedelta(days=1), horizon)
    return d


def _due(conn: sqlite3.Connection, start: datetime, end: datetime) -> tuple[int, list[Due]]:
    """Deadlines after ``start`` and before ``end``: how many, and the soonest LIST_LIMIT."""
    params = {**deadlines.window_params(deadlines.Window(start, end, "")), "limit": LIST_LIMIT}
    respond, resolve = deadlines.due_sql("respond"), deadlines.due_sql("resolve")
    total = conn.execute(
        f"SELECT (SELECT count(*) FROM complaints WHERE {respond})"
        f" + (SELECT count(*) FROM complaints WHERE {resolve})",
        params,
    ).fetchone()[0]
    rows = conn.execute(
        f"SELECT * FROM (SELECT 'respond' AS step, respond_by AS due, {_DUE_COLUMNS}"
        f" FROM complaints WHERE {respond} ORDER BY respond_by LIMIT :limit)"
        f" UNION ALL SELECT * FROM (SELECT 'resolve', resolve_by, {_DUE_COLUMNS}"
        f" FROM complaints WHERE {resolve} ORDER BY resolve_by LIMIT :limit)"
        " ORDER BY 2, 3, 1 LIMIT :limit",
        params,
    ).fetchall()
    return int(total), [_row(r) for r in rows]


def _row(r: sqlite3.Row) -> Due:
    values = dict(r)
    return Due(
        r["id"],
        r["step"],
        r["due"],
        r["company"],
        r["item"],
        location_text(values),
        r["text"],
        r["status"],
    )


def _overdue(conn: sqlite3.Connection, now: datetime) -> tuple[int, list[Due]]:
    at = {"now": iso(now)}
    total = conn.execute(
        f"SELECT count(*) FROM complaints WHERE {status.overdue_sql(':now')}", at
    ).fetchone()[0]
    rows = conn.execute(
        "SELECT CASE WHEN resolve_by < :now THEN 'resolve' ELSE 'respond' END AS step,"
        " CASE WHEN resolve_by < :now THEN resolve_by ELSE respond_by END AS due,"
        f" {_DUE_COLUMNS} FROM complaints WHERE {status.overdue_sql(':now')}"
        " ORDER BY received_at, id LIMIT :limit",
        {**at, "limit": LIST_LIMIT},
    ).fetchall()
    return int(total), [_row(r) for r in rows]


def _meetings(conn: sqlite3.Connection, today: date, horizon: date) -> list[Meeting]:
    return [
        Meeting(r["id"], r["date"], r["time"], r["kind"], r["title"], r["place"])
        for r in conn.execute(
            "SELECT id, date, time, kind, title, place FROM meetings"
            " WHERE date >= ? AND date <= ? ORDER BY date, time, id",
            (today.isoformat(), horizon.isoformat()),
        )
    ]
