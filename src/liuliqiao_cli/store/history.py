"""The append-only history: every change to the ledger is one row in ``events``, written in the
same transaction as the change itself."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

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
    cur = conn.execute(
        "INSERT INTO events (uuid, at, actor, kind, complaint_id, subject, subject_id, data, undoes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_uuid(),
            iso(at),
            actor,
            kind,
            complaint_id,
            subject,
            subject_id if subject_id is not None else complaint_id,
            json.dumps(data or {}, ensure_ascii=False, sort_keys=True),
            undoes,
        ),
    )
    return int(cur.lastrowid or 0)
