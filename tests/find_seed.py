"""Complaints and events for the search/history/undo tests: complaints are recorded by
``complaints.record``; changes are written in the format lifecycle.py writes (events hold
{"before", "after"} of the columns they changed, tag events {"added", "removed"}) so that each
test controls exactly which events exist and when."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.store.history import record_event
from liuliqiao_cli.store.ledger import transaction

AT = datetime(2026, 11, 20, 9, 0, 0)


def add(
    conn: sqlite3.Connection,
    text: str,
    *,
    place: str | None = None,
    building: int | None = 3,
    item: str = "garbage",
    state: str = status.RECEIVED,
    at: datetime = AT,
    actor: str = "张网格员",
    tags: tuple[str, ...] = (),
) -> int:
    """A complaint recorded by the complaints domain (routing, create event), received at ``at``.
    ``state`` other than received is set without an event, as an import or a direct edit would."""
    from liuliqiao_cli.complaints import record
    from liuliqiao_cli.estate import model

    new = record.NewComplaint(
        text=text,
        source="patrol",
        received_at=at,
        building=building,
        place=place,
        item=item,
        tags=list(tags),
        recognise=False,
    )
    cid = record.record(conn, model.load(conn), new, now=at, actor=actor)
    if state != status.RECEIVED:
        with transaction(conn):
            conn.execute("UPDATE complaints SET status = ? WHERE id = ?", (state, cid))
    return cid


def change(
    conn: sqlite3.Connection,
    cid: int,
    kind: str,
    changes: dict[str, Any],
    *,
    at: datetime = AT,
    actor: str = "张网格员",
    **extra: Any,
) -> int:
    """Update columns of a complaint and record the event, as lifecycle._update does."""
    with transaction(conn):
        row = conn.execute("SELECT * FROM complaints WHERE id = ?", (cid,)).fetchone()
        changed = {k: v for k, v in changes.items() if row[k] != v}
        changed["updated_at"] = at.strftime("%Y-%m-%d %H:%M:%S")
        before = {k: row[k] for k in changed}
        sets = ", ".join(f"{k} = ?" for k in changed)
        conn.execute(f"UPDATE complaints SET {sets} WHERE id = ?", (*changed.values(), cid))
        return record_event(
            conn,
            kind=kind,
            actor=actor,
            at=at,
            complaint_id=cid,
            data={"before": before, "after": changed, **extra},
        )


def tag(
    conn: sqlite3.Connection,
    cid: int,
    *,
    add: tuple[str, ...] = (),
    remove: tuple[str, ...] = (),
    at: datetime = AT,
    actor: str = "张网格员",
) -> int:
    with transaction(conn):
        conn.executemany(
            "INSERT INTO complaint_tags (complaint_id, tag) VALUES (?, ?)", [(cid, t) for t in add]
        )
        conn.executemany(
            "DELETE FROM complaint_tags WHERE complaint_id = ? AND tag = ?",
            [(cid, t) for t in remove],
        )
        return record_event(
            conn,
            kind=status.EV_TAG,
            actor=actor,
            at=at,
            complaint_id=cid,
            data={"added": list(add), "removed": list(remove)},
        )


def event(
    conn: sqlite3.Connection,
    kind: str,
    *,
    cid: int | None = None,
    subject: str = "complaint",
    subject_id: int | None = None,
    data: dict[str, Any] | None = None,
    at: datetime = AT,
    actor: str = "张网格员",
) -> int:
    with transaction(conn):
        return record_event(
            conn,
            kind=kind,
            actor=actor,
            at=at,
            complaint_id=cid,
            subject=subject,
            subject_id=subject_id,
            data=data or {},
        )


def tags_of(conn: sqlite3.Connection, cid: int) -> set[str]:
    return {
        r[0] for r in conn.execute("SELECT tag FROM complaint_tags WHERE complaint_id = ?", (cid,))
    }
