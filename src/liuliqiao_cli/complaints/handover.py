"""Handovers as they happen: open jointly managed complaints that a change of effective duty
left with a company no longer on duty are *awaiting confirmation* (移交待确认) until the worker
records who takes them over (``duty handover --confirm``).

Which complaints: open, jointly managed, routed by duty (or by an earlier handover), held by a
company other than the one on duty today, and received before today's duty began (the last
change of effective duty, from ``estate/duty_spans.py``). A complaint routed by the worker's own
choice (``routing`` = override, with a reason) stays where she put it. When duty comes back to
the company holding it (an override ends), it is no longer awaiting anything.

Confirming moves each complaint to the incoming company (``routing`` = handover, the change in
the routing note) with a ``handover`` event holding before/after, so ``undo`` takes it back.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.complaints.routing import ROUTE_DUTY, ROUTE_HANDOVER
from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import LedgerError, NotFound
from liuliqiao_cli.estate import duty_ledger, duty_spans
from liuliqiao_cli.estate.duty import NoRotation, duty_on

EV_HANDOVER = "handover"


@dataclass(frozen=True)
class DutyNow:
    """Who is on duty on ``day`` and since when (the last change of effective duty)."""

    day: date
    company: str | None  # None: no rotation covers the day
    since: date | None
    change: duty_spans.Change | None


def duty_now(conn: sqlite3.Connection, day: date) -> DutyNow:
    versions, overrides = duty_ledger.load_rotation(conn)
    try:
        company = duty_on(day, versions, overrides).company
    except NoRotation:
        return DutyNow(day, None, None, None)
    change = duty_spans.last_change(day, versions, overrides)
    since = change.date if change is not None else min(v.effective_from for v in versions)
    return DutyNow(day, company, since, change)


def pending_sql(table: str = "complaints") -> str:
    """SQL: the complaint row ``table`` awaits a handover confirmation (parameters from
    :func:`pending_params`). Matches migration m011's partial index ``complaints_open_joint``."""
    statuses = ", ".join(f"'{s}'" for s in status.OPEN_STATUSES)
    return (
        f"({table}.scope = 'joint' AND {table}.routing IN ('{ROUTE_DUTY}', '{ROUTE_HANDOVER}')"
        f" AND {table}.status IN ({statuses}) AND {table}.company != :ho_company"
        f" AND {table}.received_at < :ho_since)"
    )


def pending_params(now: DutyNow) -> dict[str, str]:
    if now.company is None or now.since is None:
        return {"ho_company": "", "ho_since": ""}  # nothing is received before ''
    return {"ho_company": now.company, "ho_since": f"{now.since.isoformat()} 00:00:00"}


# The planner would rather walk every open complaint by status (company != ? is no range): the
# partial index holds only the open joint complaints routed by duty, and covers the query.
_PENDING_FROM = "FROM complaints INDEXED BY complaints_open_joint"


def pending_ids(conn: sqlite3.Connection, day: date) -> list[int]:
    """The complaints awaiting a handover confirmation on ``day`` (the meeting agenda's rule)."""
    params = pending_params(duty_now(conn, day))
    sql = f"SELECT id {_PENDING_FROM} WHERE {pending_sql()} ORDER BY id"
    return [r[0] for r in conn.execute(sql, params)]


def pending_count(conn: sqlite3.Connection, day: date) -> int:
    params = pending_params(duty_now(conn, day))
    sql = f"SELECT count(*) {_PENDING_FROM} WHERE {pending_sql()}"
    return int(conn.execute(sql, params).fetchone()[0])


def is_pending(values: dict[str, Any], now: DutyNow) -> bool:
    """:func:`pending_sql` for one complaint in Python (``show``)."""
    if now.company is None or now.since is None:
        return False
    return (
        values["scope"] == "joint"
        and values["routing"] in (ROUTE_DUTY, ROUTE_HANDOVER)
        and values["status"] in status.OPEN_STATUSES
        and values["company"] != now.company
        and values["received_at"] < f"{now.since.isoformat()} 00:00:00"
    )


@dataclass(frozen=True)
class Confirmed:
    id: int
    outgoing: str
    incoming: str
    on: date  # the change of duty


def confirm(
    conn: sqlite3.Connection,
    *,
    today: date,
    now: datetime,
    actor: str,
    on: date | None = None,
    complaint_id: int | None = None,
) -> list[Confirmed]:
    """Record who takes over: every complaint passed on at the change of duty on ``on`` (default:
    the last change up to ``today``), or the one complaint ``complaint_id`` (awaiting today).
    One transaction; raises when there is no such change or the complaint is not awaiting."""
    from liuliqiao_cli.store.history import record_event
    from liuliqiao_cli.store.ledger import joined_transaction

    with joined_transaction(conn):
        if complaint_id is not None:
            chosen = _one(conn, complaint_id, today)
        else:
            chosen = _at_change(conn, on, today)
        names = duty_ledger.company_names(conn, "zh")  # the ledger's notes are in Chinese
        for c in chosen:
            row = conn.execute(
                "SELECT company, routing, routing_note, updated_at FROM complaints WHERE id = ?",
                (c.id,),
            ).fetchone()
            outgoing, incoming = (
                names.get(c.outgoing, c.outgoing),
                names.get(c.incoming, c.incoming),
            )
            note = f"{c.on.isoformat()} 交接：{outgoing} → {incoming}，已确认接手"
            after = {
                "company": c.incoming,
                "routing": ROUTE_HANDOVER,
                "routing_note": note,
                "updated_at": iso(now),
            }
            before = {k: row[k] for k in after}
            conn.execute(
                "UPDATE complaints SET company = ?, routing = ?, routing_note = ?, updated_at = ?"
                " WHERE id = ?",
                (*after.values(), c.id),
            )
            record_event(
                conn,
                kind=EV_HANDOVER,
                actor=actor,
                at=now,
                complaint_id=c.id,
                data={"before": before, "after": after, "on": c.on.isoformat()},
            )
    return chosen


def _one(conn: sqlite3.Connection, complaint_id: int, today: date) -> list[Confirmed]:
    row = conn.execute(
        "SELECT id, scope, routing, status, company, received_at FROM complaints WHERE id = ?",
        (complaint_id,),
    ).fetchone()
    if row is None:
        raise NotFound("complaints.not_found", id=complaint_id)
    now = duty_now(conn, today)
    if not is_pending(dict(row), now) or now.company is None or now.since is None:
        raise LedgerError("handover.not_pending", id=complaint_id)
    return [Confirmed(complaint_id, row["company"], now.company, now.since)]


def _at_change(conn: sqlite3.Connection, on: date | None, today: date) -> list[Confirmed]:
    versions, overrides = duty_ledger.load_rotation(conn)
    if on is not None:
        change = duty_spans.change_on(on, versions, overrides)
        if change is None:
            raise LedgerError("handover.no_change", date=on.isoformat())
    else:
        change = duty_spans.last_change(today, versions, overrides)
        if change is None:
            raise LedgerError("handover.no_change_yet", date=today.isoformat())
    statuses = ", ".join("?" for _ in status.OPEN_STATUSES)
    rows = conn.execute(
        "SELECT id FROM complaints WHERE scope = 'joint' AND routing IN (?, ?)"
        f" AND status IN ({statuses}) AND company = ? AND received_at < ? ORDER BY id",
        (
            ROUTE_DUTY,
            ROUTE_HANDOVER,
            *status.OPEN_STATUSES,
            change.outgoing,
            f"{change.date.isoformat()} 00:00:00",
        ),
    ).fetchall()
    return [Confirmed(r[0], change.outgoing, change.incoming, change.date) for r in rows]
