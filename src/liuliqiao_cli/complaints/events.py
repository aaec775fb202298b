"""Reading the history of changes: events of one complaint or of the whole ledger, and the one
``Event`` every reader of the history gets (``show``'s timeline, ``history``, ``undo``)."""

import sqlite3
from datetime import date
from typing import Any, NamedTuple

from liuliqiao_cli import quick_json
from liuliqiao_cli.errors import NotFound


class Event(NamedTuple):  # not a frozen dataclass: cheaper to define at start-up
    id: int
    at: str
    actor: str
    kind: str
    complaint_id: int | None
    subject: str
    subject_id: int | None
    data: dict[str, Any]
    undoes: int | None
    complaint_name: str | None = None  # the complaint's name (B17), when it has one


EVENT_COLUMNS = "id, at, actor, kind, complaint_id, subject, subject_id, data, undoes"


def event_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Event:
    """An event from a row of :data:`EVENT_COLUMNS`; ``data`` that is not a JSON object reads as
    empty (a history is shown even where one event's data cannot be)."""
    try:
        data = quick_json.loads(row[7] or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    return Event(row[0], row[1], row[2], row[3], row[4], row[5], row[6], data, row[8])


def complaint_exists(conn: sqlite3.Connection, complaint_id: int) -> bool:
    return (
        conn.execute("SELECT 1 FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        is not None
    )


def history(
    conn: sqlite3.Connection,
    *,
    since: date | None = None,
    until: date | None = None,
    complaint_id: int | None = None,
    limit: int = 50,
) -> list[Event]:
    """Events across the ledger, newest first; ``until`` is inclusive (the whole day)."""
    from liuliqiao_cli.store.history import window

    where, params = window(since, until, limit)
    if complaint_id is not None and not complaint_exists(conn, complaint_id):
        raise NotFound("find.complaint_unknown", id=complaint_id)
    if complaint_id is not None:
        where.append("complaint_id = ?")
        params.append(complaint_id)
    sql = f"SELECT {EVENT_COLUMNS} FROM events"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY at DESC, id DESC LIMIT ?"
    events = [event_from_row(r) for r in conn.execute(sql, [*params, limit])]
    numbers = sorted({e.complaint_id for e in events if e.complaint_id is not None})
    named: dict[int, str] = {}
    for i in range(0, len(numbers), 900):
        chunk = numbers[i : i + 900]
        named.update(
            conn.execute(
                f"SELECT id, name FROM complaints WHERE name IS NOT NULL AND id IN"
                f" ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        )
    if not named:
        return events
    return [e._replace(complaint_name=named.get(e.complaint_id or 0)) for e in events]
