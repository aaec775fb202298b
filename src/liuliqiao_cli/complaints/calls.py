"""The follow-up call queue (回访): complaints resolved and waiting for the call, oldest first.

A complaint enters the queue when it is resolved. A call answered "partly resolved" keeps it
resolved (``lifecycle.py``) and it comes back into the queue after ``CALL_AGAIN_WORKDAYS``
working days, counted from that call with the estate's working days. Residents' names and phones
stay masked unless asked for: the ledger holds masked forms only, and ``with_contacts`` reads the
originals from the companion contacts file (``complaints/reveal.py``); the command records the
reveal (``cli/recorded.py``), as ``list --with-contacts`` does.
"""

from __future__ import annotations

import sqlite3
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


@dataclass(frozen=True)
class Queue:
    """The calls waiting: how many, and the first of them (all, without a limit)."""

    total: int
    calls: list[Call]


def queue(
    conn: sqlite3.Connection,
    *,
    now: datetime,
    with_contacts: bool = False,
    actor: str = "",
    limit: int | None = None,
) -> Queue:
    """The calls waiting at ``now``, oldest first (``limit`` of them). With ``with_contacts`` the
    reporters, phones and texts are revealed from the companion file (as far as it holds them;
    the caller records the reveal)."""
    if limit is not None and limit <= 0:
        raise UsageError("complaints.bad_limit", value=limit)
    total, chosen = _waiting(conn, now, limit)
    calls = _calls(conn, chosen)
    if with_contacts and calls:  # nothing to call: nothing revealed, nothing to record
        calls = _revealed(conn, calls)
    else:
        calls = [_masked(c) for c in calls]
    return Queue(total, calls)


def _revealed(conn: sqlite3.Connection, calls: list[Call]) -> list[Call]:
    from dataclasses import replace

    from liuliqiao_cli.complaints.reveal import reveal_rows

    shown = reveal_rows(
        conn,
        (
            {"uuid": c.values["uuid"], "text": c.text, "reporter": c.reporter, "phone": c.phone}
            for c in calls
        ),
    )
    return [
        replace(c, text=r["text"], reporter=r["reporter"], phone=r["phone"])
        for c, r in zip(calls, shown, strict=True)
    ]


def count(conn: sqlite3.Connection, now: datetime) -> tuple[int, str | None]:
    """How many calls are waiting and since when the oldest (``today``): the same rule,
    nothing revealed or recorded."""
    total, first = _waiting(conn, now, 1)
    return total, first[0][0] if first else None


def _masked(call: Call) -> Call:
    from dataclasses import replace

    return replace(call, reporter=mask_name(call.reporter), phone=mask_phone(call.phone))


# Read from migration m011's covering index alone (at 1M complaints some 8,000 are resolved);
# a literal status, since a bound one cannot prove the partial index's condition.
_FROM = f"FROM complaints INDEXED BY complaints_awaiting_call WHERE status = '{status.RESOLVED}'"


def _waiting(
    conn: sqlite3.Connection, now: datetime, limit: int | None
) -> tuple[int, list[tuple[str, int, str | None]]]:
    """How many calls wait, and (waiting since, complaint id, the last "partly" call) of the
    first ``limit`` of them, oldest first. The complaints never called (or not called "partly")
    wait since their resolution, in the index's order; the few answered "partly" wait from a
    working-day count, worked out here and merged in."""
    at = iso(now) or ""
    calendar = None
    again: list[tuple[str, int, str | None]] = []
    for number, resolved_at, called in conn.execute(
        f"SELECT id, resolved_at, followup_at {_FROM} AND resolved_at <= ?"
        " AND followup_resolved = 'partly'",
        (at,),
    ):
        if not called or called < resolved_at:
            again.append((resolved_at, number, None))  # a "partly" of an earlier resolution
            continue
        if calendar is None:
            from liuliqiao_cli.estate import model

            calendar = model.load(conn).calendar()
        first = from_iso(called)
        assert first is not None
        since = iso(calendar.add_workdays(first, CALL_AGAIN_WORKDAYS)) or ""
        if since <= at:
            again.append((since, number, called))
    plain = f"{_FROM} AND resolved_at <= ? AND followup_resolved IS NOT 'partly'"
    total = int(conn.execute(f"SELECT count(*) {plain}", (at,)).fetchone()[0]) + len(again)
    shown = conn.execute(
        f"SELECT resolved_at, id {plain} ORDER BY resolved_at, id"
        + (" LIMIT ?" if limit is not None else ""),
        (at, limit) if limit is not None else (at,),
    ).fetchall()
    merged = sorted([(r[0], r[1], None) for r in shown] + again)
    return total, merged if limit is None else merged[:limit]


def _calls(conn: sqlite3.Connection, chosen: list[tuple[str, int, str | None]]) -> list[Call]:
    """The rows of the chosen calls, contacts joined (a few hundred at most on a table)."""
    rows: dict[int, sqlite3.Row] = {}
    numbers = [number for _, number, _ in chosen]
    for start in range(0, len(numbers), 500):
        part = numbers[start : start + 500]
        marks = ", ".join("?" for _ in part)
        for r in conn.execute(
            "SELECT c.id, c.uuid, c.received_at, c.resolved_at, c.company, c.item, c.building,"
            " c.unit, c.room, c.place, c.text, k.name AS reporter, k.phone AS phone"
            " FROM complaints c LEFT JOIN contacts k ON k.id = c.contact_id"
            f" WHERE c.id IN ({marks})",
            part,
        ):
            rows[r["id"]] = r
    out = []
    for since, number, called in chosen:
        r = rows[number]
        values = dict(r)
        out.append(
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
            )
        )
    return out
