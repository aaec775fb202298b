"""The append-only history: every change to the ledger is one row in ``events``, written in the
same transaction as the change itself.

A complaint's events carry ``rev``, one more than the highest of its events this ledger holds (a
Lamport clock, migration m013): ordered by (rev, at, uuid), two laptops' changes sort the same way
on every ledger, each after the changes it was made on top of (``exchange/merge_fields.py``)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

from liuliqiao_cli import quick_json
from liuliqiao_cli.dates import iso
from liuliqiao_cli.store.ids import new_uuid


def record_event(
    conn: sqlite3.Connection,
    *,
    kind: str,
    actor: str,
    at: datetime,
    complaint_id: int | None = None,
    subject: str = "complaint",
    subject_id: int | None = None,
    data: dict[str, Any] | None = None,
    undoes: int | None = None,
) -> int:
    """Insert one event; the caller holds the transaction. Returns the event id."""
    # Only a complaint's history is ordered by rev; other subjects' events have none.
    rev = "NULL" if complaint_id is None else _NEXT_REV
    cur = conn.execute(
        "INSERT INTO events (uuid, at, actor, kind, complaint_id, subject, subject_id, data, undoes,"
        f" rev) VALUES (:uuid, :at, :actor, :kind, :complaint, :subject, :subject_id, :data, :undoes,"
        f" {rev})",
        {
            "uuid": new_uuid(),
            "at": iso(at),
            "actor": actor,
            "kind": kind,
            "complaint": complaint_id,
            "subject": subject,
            "subject_id": subject_id if subject_id is not None else complaint_id,
            "data": quick_json.dumps(data or {}, ensure_ascii=False, sort_keys=True),
            "undoes": undoes,
        },
    )
    return int(cur.lastrowid or 0)


_NEXT_REV = "(SELECT coalesce(max(rev), 0) + 1 FROM events WHERE complaint_id = :complaint)"


def window(since: date | None, until: date | None, limit: int) -> tuple[list[str], list[Any]]:
    """The conditions on ``events.at`` for a listing of changes from ``since`` to ``until``
    (inclusive: the whole day) and their parameters; a limit below 1 or a range that ends before
    it starts is a usage error. Shared by ``history`` and ``history --exports``."""
    from datetime import timedelta

    from liuliqiao_cli.errors import UsageError

    if limit < 1:
        raise UsageError("find.bad_limit", value=limit)
    if since is not None and until is not None and until < since:
        raise UsageError("dates.range", since=since.isoformat(), until=until.isoformat())
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("at >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("at < ?")
        params.append((until + timedelta(days=1)).isoformat())
    return where, params
