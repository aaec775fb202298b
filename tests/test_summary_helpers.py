"""Rows for summary and rates tests, inserted with plain SQL and explicit values, so that the
hand-computed cases depend on nothing but the schema (not on the complaint engine)."""

from __future__ import annotations

import itertools
import json
import sqlite3
from typing import Any

_uuids = itertools.count(1)


def add_complaint(conn: sqlite3.Connection, received_at: str, *, item: str = "garbage",
                  company: str = "shouhua", building: int | None = 1, place: str | None = None,
                  source: str = "hotline", status: str = "received", **columns: Any) -> int:
    """One complaint; any other column (dispatched_at, responded_at, respond_by, resolve_by,
    followup_resolved, followup_satisfied, unit, room ...) as a keyword."""
    scope = conn.execute("SELECT scope FROM items WHERE code = ?", (item,)).fetchone()[0]
    values: dict[str, Any] = {
        "uuid": f"test-{next(_uuids)}", "received_at": received_at, "source": source,
        "text": "测试诉求", "building": building, "place": place, "item": item, "scope": scope,
        "company": company, "routing": "separate" if scope == "separate" else "duty",
        "status": status, "created_at": received_at, "updated_at": received_at,
    }
    values.update(columns)
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f"INSERT INTO complaints ({cols}) VALUES ({marks})", tuple(values.values()))
    return int(cur.lastrowid or 0)


def add_event(conn: sqlite3.Connection, complaint_id: int, kind: str, at: str, *,
              before: str | None = None, after: str | None = None) -> int:
    """One event; ``before``/``after`` are statuses recorded as the complaint engine does."""
    data: dict[str, Any] = {}
    if before is not None:
        data["before"] = {"status": before}
    if after is not None:
        data["after"] = {"status": after}
    cur = conn.execute(
        "INSERT INTO events (uuid, at, actor, kind, complaint_id, subject, subject_id, data)"
        " VALUES (?, ?, '测试员', ?, ?, 'complaint', ?, ?)",
        (f"ev-{next(_uuids)}", at, kind, complaint_id, complaint_id, json.dumps(data)),
    )
    return int(cur.lastrowid or 0)


def test_helpers_insert_rows(conn: sqlite3.Connection) -> None:
    cid = add_complaint(conn, "2026-11-17 09:00:00", item="pipes", building=3, company="chengjian")
    add_event(conn, cid, "dispatch", "2026-11-17 10:00:00", before="received", after="dispatched")
    row = conn.execute("SELECT scope, company FROM complaints WHERE id = ?", (cid,)).fetchone()
    assert tuple(row) == ("separate", "chengjian")
    assert conn.execute("SELECT count(*) FROM events WHERE complaint_id = ?", (cid,)).fetchone()[0] == 1
