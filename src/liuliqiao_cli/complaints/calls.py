"""The follow-up call queue (回访): complaints resolved and waiting for the call, oldest first.

A complaint enters the queue when it is resolved. A call answered "partly resolved" keeps it
resolved (``lifecycle.py``) and it comes back into the queue after ``CALL_AGAIN_WORKDAYS``
working days, counted from that call with the estate's working days. Residents' names and phones
stay masked unless asked for; asking is recorded (an event, as ``list --with-contacts`` does).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.complaints.privacy import mask_name, mask_phone
from liuliqiao_cli.complaints.read import location_text
from liuliqiao_cli.dates import from_iso, iso
from liuliqiao_cli.errors import UsageError

CALL_AGAIN_WORKDAYS = 3


@dataclass(frozen=True)
class Call:
    """One resident to call back: the complaint, when it became due for the call, and how."""

    id: int
    received_at: str
    resolved_at: str
    waiting_since: str  # resolved_at, or the day a "partly" answer comes back
    company: str
    item: str
    where: str
    text: str
    reporter: str
    phone: str
    called_before: str | None  # the last call (answered "partly"), if any
    values: dict[str, Any]  # the columns the call script needs


def queue(
    conn: sqlite3.Connection,
    *,
    now: datetime,
    with_contacts: bool = False,
    actor: str = "",
    limit: int | None = None,
) -> list[Call]:
    """The calls waiting at ``now``, oldest first. With ``with_contacts`` the reveal is recorded
    before anything is read."""
    if limit is not None and limit <= 0:
        raise UsageError("complaints.bad_limit", value=limit)
    if with_contacts:
        from liuliqiao_cli.store.history import record_event
        from liuliqiao_cli.store.ledger import joined_transaction

        with joined_transaction(conn):
            record_event(
                conn,
                kind=status.EV_CONTACTS,
                actor=actor or "unknown",
                at=now,
                subject="complaint",
                data={"command": "calls"},
            )
    out: list[Call] = []
    for call in _waiting(conn, now):
        if not with_contacts:
            call = _masked(call)
        out.append(call)
        if limit is not None and len(out) >= limit:
            break
    return out


def count(conn: sqlite3.Connection, now: datetime) -> int:
    """How many calls are waiting (``today``): the same rule, nothing revealed or recorded."""
    return sum(1 for _ in _waiting(conn, now))


def _masked(call: Call) -> Call:
    from dataclasses import replace

    return replace(call, reporter=mask_name(call.reporter), phone=mask_phone(call.phone))


def _waiting(conn: sqlite3.Connection, now: datetime) -> Iterator[Call]:
    at = iso(now) or ""
    calendar = None
    rows = conn.execute(
        "SELECT c.id, c.received_at, c.resolved_at, c.company, c.item, c.building, c.unit,"
        " c.room, c.place, c.text, c.followup_at, c.followup_resolved,"
        " k.name AS reporter, k.phone AS phone"
        " FROM complaints c LEFT JOIN contacts k ON k.id = c.contact_id"
        " WHERE c.status = ? AND c.resolved_at <= ? ORDER BY c.resolved_at, c.id",
        (status.RESOLVED, at),
    ).fetchall()
    waiting: list[tuple[str, Call]] = []
    for r in rows:
        since = r["resolved_at"]
        called = None
        if r["followup_resolved"] == "partly" and r["followup_at"] and r["followup_at"] >= since:
            if calendar is None:  # only a "partly" answer needs the working days
                from liuliqiao_cli.estate import model

                calendar = model.load(conn).calendar()
            called = r["followup_at"]
            first = from_iso(called)
            assert first is not None
            since = iso(calendar.add_workdays(first, CALL_AGAIN_WORKDAYS)) or ""
            if since > at:
                continue
        values = dict(r)
        waiting.append(
            (
                since,
                Call(
                    r["id"],
                    r["received_at"],
                    r["resolved_at"],
                    since,
                    r["company"],
                    r["item"],
                    location_text(values),
                    r["text"],
                    r["reporter"] or "",
                    r["phone"] or "",
                    called,
                    values,
                ),
            )
        )
    waiting.sort(key=lambda pair: (pair[0], pair[1].id))
    for _, call in waiting:
        yield call
