"""The record of what left the ledger: one event per export, and one per reveal on screen.

Every file or stdout export (``export`` in each format, the dossier, the duty calendar, a backup,
listings of ``list``/``search``/``history`` in JSON or CSV) writes ONE event of kind ``export``:
who, when, the command as typed (residents' data in it masked), what was exported, how many
rows, to where, and whether residents' contacts were in it. ``show --with-contacts`` and a
``list --with-contacts`` table write one event of kind ``contacts`` (a reveal on screen).
``history --exports`` lists both (:func:`exports`), from a small partial index.

Neither kind is a change of the ledger: ``undo`` passes over them.
"""

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from liuliqiao_cli.store.history import record_event
from liuliqiao_cli.store.ledger import joined_transaction

EV_EXPORT = "export"
EV_CONTACTS = "contacts"
KINDS = (EV_EXPORT, EV_CONTACTS)
STDOUT = "-"


class Export(NamedTuple):
    """What one export or reveal took out of the ledger."""

    what: str  # list | search | history | export | dossier | ics | backup | show
    fmt: str  # json | csv | jsonl | open311 | md | docx | ics | db | table ...
    rows: int
    target: str  # a path, "-" for stdout, "" for the screen (a reveal, not an export)
    with_contacts: bool
    command: Sequence[str]  # as typed, residents' data masked
    complaint_id: int | None = None
    complete: bool = True
    about: dict[str, Any] | None = None  # e.g. {"meeting": 12} or a period


def record(conn: sqlite3.Connection, export: Export, *, now: datetime, actor: str) -> int:
    """Write the event of ``export`` (its own transaction, or the caller's)."""
    kind = EV_EXPORT if export.target else EV_CONTACTS  # no target: shown on screen
    data: dict[str, Any] = {
        "command": " ".join(export.command),
        "what": export.what,
        "format": export.fmt,
        "rows": export.rows,
        "target": export.target,
        "contacts": export.with_contacts,
    }
    if not export.complete:
        data["complete"] = False
    data.update(export.about or {})
    with joined_transaction(conn):
        return record_event(
            conn,
            kind=kind,
            actor=actor,
            at=now,
            complaint_id=export.complaint_id,
            subject="complaint" if export.complaint_id is not None else "ledger",
            subject_id=export.complaint_id,
            data=data,
        )


class ExportRecord(NamedTuple):
    id: int
    at: str
    actor: str
    kind: str
    complaint_id: int | None
    data: dict[str, Any]


def exports(
    conn: sqlite3.Connection,
    *,
    since: date | None = None,
    until: date | None = None,
    limit: int = 50,
) -> list[ExportRecord]:
    """Exports and reveals, newest first (``history --exports``)."""
    import json

    from liuliqiao_cli.store.history import window

    at, params = window(since, until, limit)
    where = ["kind IN ('export', 'contacts')", *at]  # the partial index events_exports
    rows = conn.execute(
        "SELECT id, at, actor, kind, complaint_id, data FROM events"
        f" WHERE {' AND '.join(where)} ORDER BY at DESC, id DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    out = []
    for r in rows:
        try:
            data = json.loads(r[5] or "{}")
        except ValueError:
            data = {}
        out.append(
            ExportRecord(r[0], r[1], r[2], r[3], r[4], data if isinstance(data, dict) else {})
        )
    return out
