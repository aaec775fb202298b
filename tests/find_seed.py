"""Complaints and events for the search/history/undo tests, written straight into the schema
(migrations m002) in the format lifecycle.py writes: events hold {"before", "after"} of the
columns they changed, tag events {"added", "removed"}."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from liuliqiao_cli import status
from liuliqiao_cli.db import transaction
from liuliqiao_cli.history import record_event
from liuliqiao_cli.ids import new_uuid

AT = datetime(2026, 11, 20, 9, 0, 0)


def add(conn: sqlite3.Connection, text: str, *, place: str | None = None, building: int | None = 3,
        item: str = "garbage", company: str = "chengjian", state: str = status.RECEIVED,
        received_at: str = "2026-11-20 09:00:00", at: datetime = AT, actor: str = "张网格员",
        tags: tuple[str, ...] = ()) -> int:
    """A complaint and its create event; returns its id."""
    values: dict[str, Any] = {
        "uuid": new_uuid(), "received_at": received_at, "source": "patrol", "text": text,
        "building": building, "unit": None, "room": None, "place": place, "item": item,
        "scope": "joint", "company": company, "routing": "duty", "routing_note": "",
        "urgency": "normal", "status": state, "respond_by": "2026-11-21 09:00:00",
        "resolve_by": "2026-11-22 09:00:00", "created_at": received_at, "updated_at": received_at,
    }
    with transaction(conn):
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cur = conn.execute(f"INSERT INTO complaints ({names}) VALUES ({marks})", tuple(values.values()))
        cid = int(cur.lastrowid or 0)
        conn.executemany("INSERT INTO complaint_tags (complaint_id, tag) VALUES (?, ?)",
                         [(cid, t) for t in tags])
        record_event(conn, kind=status.EV_CREATE, actor=actor, at=at, complaint_id=cid,
                     data={"after": {**values, "id": cid}, "tags": list(tags)})
    return cid


def change(conn: sqlite3.Connection, cid: int, kind: str, changes: dict[str, Any], *,
           at: datetime = AT, actor: str = "张网格员", **extra: Any) -> int:
    """Update columns of a complaint and record the event, as lifecycle._update does."""
    with transaction(conn):
        row = conn.execute("SELECT * FROM complaints WHERE id = ?", (cid,)).fetchone()
        changed = {k: v for k, v in changes.items() if row[k] != v}
        changed["updated_at"] = at.strftime("%Y-%m-%d %H:%M:%S")
        before = {k: row[k] for k in changed}
        sets = ", ".join(f"{k} = ?" for k in changed)
        conn.execute(f"UPDATE complaints SET {sets} WHERE id = ?", (*changed.values(), cid))
        return record_event(conn, kind=kind, actor=actor, at=at, complaint_id=cid,
                            data={"before": before, "after": changed, **extra})


def tag(conn: sqlite3.Connection, cid: int, *, add: tuple[str, ...] = (), remove: tuple[str, ...] = (),
        at: datetime = AT, actor: str = "张网格员") -> int:
    with transaction(conn):
        conn.executemany("INSERT INTO complaint_tags (complaint_id, tag) VALUES (?, ?)", [(cid, t) for t in add])
        conn.executemany("DELETE FROM complaint_tags WHERE complaint_id = ? AND tag = ?", [(cid, t) for t in remove])
        return record_event(conn, kind=status.EV_TAG, actor=actor, at=at, complaint_id=cid,
                            data={"added": list(add), "removed": list(remove)})


def event(conn: sqlite3.Connection, kind: str, *, cid: int | None = None, subject: str = "complaint",
          subject_id: int | None = None, data: dict[str, Any] | None = None, at: datetime = AT,
          actor: str = "张网格员") -> int:
    with transaction(conn):
        return record_event(conn, kind=kind, actor=actor, at=at, complaint_id=cid, subject=subject,
                            subject_id=subject_id, data=data or {})


def tags_of(conn: sqlite3.Connection, cid: int) -> set[str]:
    return {r[0] for r in conn.execute("SELECT tag FROM complaint_tags WHERE complaint_id = ?", (cid,))}
