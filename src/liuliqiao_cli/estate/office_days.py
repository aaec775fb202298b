"""The office's own working days in a ledger that exists: a year's notice typed in once the
State Council publishes it (or before the library has it), a local closure. Read from the
``[workdays]`` table of a TOML file (the estate file, or a file with only that table), validated
as ``init`` validates it, and stored in place of the ledger's (setting ``office.workdays``) with
an event. Deadlines already recorded stay: ``db recompute-deadlines`` recomputes the open ones.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from liuliqiao_cli.errors import EstateError
from liuliqiao_cli.estate import model
from liuliqiao_cli.estate.definition import toml_error
from liuliqiao_cli.estate.workdays import OfficeDays, load_office_days
from liuliqiao_cli.store import history, ledger

EV_WORKDAYS = "workdays"


def read(path: Path) -> OfficeDays:
    """The ``[workdays]`` table of ``path``; errors name the file and the line."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EstateError("estate.file_missing", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EstateError("estate.file_unreadable", source=str(path), reason=str(exc)) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, text, str(path)) from None
    if "workdays" not in raw:
        raise EstateError("workdays.no_table", source=str(path))
    return load_office_days(raw["workdays"], text=text, source=str(path))


def current(conn: sqlite3.Connection) -> OfficeDays:
    return model.load(conn).workdays


def replace(conn: sqlite3.Connection, days: OfficeDays, *, now: datetime, actor: str) -> OfficeDays:
    """Store ``days`` as the office's days (one transaction, one event); returns the old ones."""
    before = current(conn)
    with ledger.transaction(conn):
        ledger.set_setting(conn, model.WORKDAYS_SETTING, model.office_days_json(days))
        history.record_event(
            conn,
            kind=EV_WORKDAYS,
            actor=actor,
            at=now,
            subject="ledger",
            # not before/after: those name complaint columns (history, undo)
            data={
                "office_days": json.loads(model.office_days_json(days)),
                "replaced": json.loads(model.office_days_json(before)),
            },
        )
    return before
