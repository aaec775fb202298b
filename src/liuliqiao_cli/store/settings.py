"""The ledger's settings that a worker may change (``liuliqiao settings``), declared in ONE table.

Each setting has a type, a default, what values it takes and what it means (the meaning is in the
message catalogue, ``settings.meaning.<key>``, in both languages). ``set_value`` validates, writes
the ``settings`` row and records an event (kind ``setting``, subject ``setting``, data ``{"key",
"before", "after"}``) in one transaction; ``undo`` takes it back like any change. Readers (the
rates, for example) keep reading the ``settings`` table, with the same defaults.

The estate's own facts (``estate.*``, ``timezone``, recognition words) are settings too, but come
from the estate file (``liuliqiao init --estate``) and are not changed here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from liuliqiao_cli.errors import LedgerError, UsageError
from liuliqiao_cli.store.history import record_event
from liuliqiao_cli.store.ledger import joined_transaction

EV_SETTING = "setting"
SUBJECT = "setting"
BOOL = "bool"
INT = "int"
_TRUE = ("1", "yes", "true", "on", "是", "y")
_FALSE = ("0", "no", "false", "off", "否", "n")


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str  # bool | int
    default: str  # as stored
    minimum: int | None = None
    maximum: int | None = None

    def allowed(self, lang: str | None = None) -> str:
        from liuliqiao_cli.i18n import t

        if self.kind == BOOL:
            return t("settings.allowed_bool", lang)
        return t("settings.allowed_int", lang, minimum=self.minimum, maximum=self.maximum)

    def meaning(self, lang: str | None = None) -> str:
        from liuliqiao_cli.i18n import t

        return t(f"settings.meaning.{self.key}", lang)

    def parse(self, value: str) -> str:
        """The value as stored, or a UsageError saying what this setting takes."""
        text = str(value).strip().lower()
        if self.kind == BOOL:
            if text in _TRUE:
                return "1"
            if text in _FALSE:
                return "0"
            raise UsageError("settings.bad_bool", setting=self.key, value=value)
        try:
            number = int(text)
        except ValueError:
            raise UsageError(
                "settings.bad_int", setting=self.key, value=value, allowed=self.allowed()
            ) from None
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise UsageError(
                "settings.out_of_range", setting=self.key, value=number, allowed=self.allowed()
            )
        return str(number)


# The one table. A new setting is one line here, its meaning in the catalogue (settings.meaning.*)
# and its reader; the defaults are the ones the readers fall back to.
SETTINGS: tuple[Setting, ...] = (
    Setting("rates.satisfied_counts_basic", BOOL, "1"),
    Setting("rates.resolved_counts_partly", BOOL, "0"),
    Setting("rates.include_proactive", BOOL, "0"),
    Setting("rates.small_sample", INT, "5", minimum=1, maximum=1000),
)
BY_KEY = {s.key: s for s in SETTINGS}


def spec(key: str) -> Setting:
    found = BY_KEY.get(str(key).strip())
    if found is None:
        from difflib import get_close_matches

        close = get_close_matches(str(key).strip(), list(BY_KEY), n=1)
        raise UsageError(
            "settings.unknown_suggest" if close else "settings.unknown",
            setting=key,
            suggestion=close[0] if close else "",
            keys=", ".join(BY_KEY),
        )
    return found


@dataclass(frozen=True)
class Entry:
    spec: Setting
    value: str  # as stored (the default when the ledger has no row)


def current(conn: sqlite3.Connection, key: str) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else BY_KEY[key].default


def listing(conn: sqlite3.Connection) -> list[Entry]:
    stored = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    return [Entry(s, stored.get(s.key, s.default)) for s in SETTINGS]


def _write(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def set_value(
    conn: sqlite3.Connection, key: str, value: str, *, now: datetime, actor: str
) -> tuple[str, str]:
    """Validate and change one setting (one transaction, one event); returns (before, after).
    Setting the value it already has is refused (nothing to record)."""
    setting = spec(key)
    after = setting.parse(value)
    with joined_transaction(conn):
        before = current(conn, setting.key)
        if before == after:
            raise LedgerError("settings.unchanged", setting=setting.key, value=after)
        _write(conn, setting.key, after)
        record_event(
            conn,
            kind=EV_SETTING,
            actor=actor,
            at=now,
            subject=SUBJECT,
            data={"key": setting.key, "before": before, "after": after},
        )
    return before, after


def undo_check(
    conn: sqlite3.Connection, data: dict[str, object], event_id: int
) -> tuple[str, str, str]:
    """(key, value now, value to restore) for undoing a setting event; refused when the setting
    changed since (another way than this event)."""
    key = str(data.get("key", ""))
    if key not in BY_KEY:
        raise LedgerError("find.undo_unsupported", event=event_id, kind=EV_SETTING)
    now_value = current(conn, key)
    if now_value != str(data.get("after")):
        raise LedgerError("settings.undo_changed_since", event=event_id, setting=key)
    return key, now_value, str(data.get("before"))


def undo_apply(
    conn: sqlite3.Connection, key: str, restored: str, *, now: datetime, actor: str, undoes: int
) -> int:
    """Put a setting back (inside the caller's transaction); the undo event's id."""
    before = current(conn, key)
    _write(conn, key, restored)
    return record_event(
        conn,
        kind="undo",
        actor=actor,
        at=now,
        subject=SUBJECT,
        data={"undone_kind": EV_SETTING, "key": key, "before": before, "after": restored},
        undoes=undoes,
    )
