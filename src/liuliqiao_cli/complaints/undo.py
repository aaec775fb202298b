"""Undo: taking the last change back, by appending events that revert it (history stays append-only)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.complaints.events import EVENT_COLUMNS, Event, event_from_row
from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import LedgerError, NotFound
from liuliqiao_cli.store import settings

# Events that record no change of the ledger (what left it, and the privacy upgrade of the
# file) are never "the last change".
NOT_CHANGES = (status.EV_CONTACTS, "export", "privacy")


# Columns undo never writes: identity, and the stamps it sets itself.
_FIXED = ("id", "uuid", "created_at", "updated_at")


# How far back to look for the last change; a ledger with more undo/undone pairs than this in a
# row at its end is refused rather than scanned without bound.
_SCAN = 10_000


@dataclass
class Revert:
    """What undoing one event does to its complaint."""

    event: Event
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # column: (now, restored)
    tags_removed: list[str] = field(default_factory=list)  # added by the event, taken off
    tags_restored: list[str] = field(default_factory=list)  # removed by the event, put back
    withdraws_note: bool = False


@dataclass
class UndoPlan:
    """The last change (one command: one or two events) and what undoing it will do."""

    reverts: list[Revert]  # newest first: the order they are applied in
    version: Any = None  # an estate.agreement.VersionUndo: the change is a version of the estate

    @property
    def event_ids(self) -> list[int]:
        return [r.event.id for r in self.reverts]

    @property
    def complaint_id(self) -> int | None:
        return self.reverts[0].event.complaint_id


def _last_changes(conn: sqlite3.Connection) -> list[Event]:
    """The newest events that are changes, not undos and not undone, newest first (two at most:
    enough to see the pairs one command writes)."""
    undone: set[int] = set()
    found: list[Event] = []
    for row in conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id DESC LIMIT ?", (_SCAN,)
    ):
        event = event_from_row(row)
        if event.kind == status.EV_UNDO:
            if event.undoes is not None:
                undone.add(event.undoes)
            continue
        if event.kind in NOT_CHANGES or event.id in undone:
            continue
        found.append(event)
        if len(found) == 2:
            break
    return found


def _same_command(first: Event, second: Event) -> bool:
    """``followup`` writes followup then close/reopen; re-routing a disputed complaint writes
    route then dispatch (lifecycle.py). Both halves are one change for the worker."""
    if (first.complaint_id, first.at, first.actor) != (
        second.complaint_id,
        second.at,
        second.actor,
    ):
        return False
    if second.kind in (status.EV_CLOSE, status.EV_REOPEN):
        return first.kind == status.EV_FOLLOWUP
    return first.kind == status.EV_ROUTE and second.kind == status.EV_DISPATCH


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b or str(a) == str(b)


def _complaint_columns(conn: sqlite3.Connection) -> set[str]:
    return {r[1] for r in conn.execute("PRAGMA table_info(complaints)")}


def _label(prefix: str, code: str) -> str:
    """A code's name in the user's language for an error message (the code when unnamed)."""
    from liuliqiao_cli.i18n import has, t

    key = f"{prefix}.{code}"
    if prefix == "event" and not has(key):
        key = f"find.kind.{code}"  # kinds of meetings, overrides, imports
    return t(key) if has(key) else code


def _refuse_changed(event: Event, column: str) -> LedgerError:
    return LedgerError(
        "find.undo_changed_since",
        event=event.id,
        id=event.complaint_id,
        column=_label("find.field", column),
    )


def _revert(event: Event, row: dict[str, Any], tags: set[str], columns: set[str]) -> Revert:
    """What undoing ``event`` does, checked against the complaint as it is (``row``, ``tags``),
    which is updated as if the revert were applied (so that a pair can be planned)."""
    data = event.data
    plan = Revert(event)
    if event.kind == status.EV_CREATE:
        # Events are append-only and point at the complaint, so a recorded complaint is never
        # deleted: undoing its creation rejects it (reason "undo"), as `reject` would.
        for column, value in (data.get("after") or {}).items():
            if column in columns and column not in _FIXED and not _same(row.get(column), value):
                raise _refuse_changed(event, column)
        plan.changes["status"] = (row["status"], status.REJECTED)
        row["status"] = status.REJECTED
        return plan
    before = data.get("before")
    after = data.get("after")
    added, removed = data.get("added"), data.get("removed")
    has_columns = isinstance(before, dict) and isinstance(after, dict)
    has_tags = isinstance(added, list) or isinstance(removed, list)
    if not has_columns and not has_tags:
        if event.kind in (status.EV_NOTE, status.EV_REMIND):  # taken back by a record of it
            plan.withdraws_note = True
            return plan
        raise LedgerError("find.undo_unsupported", event=event.id, kind=_label("event", event.kind))
    if has_columns:
        assert isinstance(before, dict) and isinstance(after, dict)
        for column in (*before, *after):
            if column not in columns:
                raise LedgerError(
                    "find.undo_unsupported", event=event.id, kind=_label("event", event.kind)
                )
        for column, value in after.items():
            if column not in _FIXED and not _same(row.get(column), value):
                raise _refuse_changed(event, column)
        for column, value in before.items():
            if column in _FIXED or _same(row.get(column), value):
                continue
            plan.changes[column] = (row.get(column), value)
            row[column] = value
    if has_tags:
        for tag in added or []:
            if tag not in tags:
                raise _refuse_changed(event, "tags")
        for tag in removed or []:
            if tag in tags:
                raise _refuse_changed(event, "tags")
        plan.tags_removed = [str(t) for t in added or []]
        plan.tags_restored = [str(t) for t in removed or []]
        tags.difference_update(plan.tags_removed)
        tags.update(plan.tags_restored)
    return plan


def plan_undo(conn: sqlite3.Connection) -> UndoPlan:
    """The last change and how it will be reverted; raises when there is none or it cannot be.

    Rules: only complaint changes and versions of the estate are reverted (duty overrides,
    rotations and meetings have their own commands to revoke or correct; undo refuses and names
    the change). Column changes go back
    to their "before" values, tag changes are inverted, a note is marked withdrawn (events are
    never deleted), and the creation of a complaint is undone by rejecting it (status
    ``rejected``; ``reopen`` brings it back). The complaint must still hold the values the event
    wrote, else undo refuses and says which value changed. The two events of one command
    (follow-up + close/reopen, route + dispatch) are undone together.
    """
    events = _last_changes(conn)
    if not events:
        raise LedgerError("find.undo_nothing")
    last = events[0]
    if last.subject == "estate" and last.kind == "estate_version":  # issue 20
        from liuliqiao_cli.estate import agreement

        return UndoPlan([Revert(last)], agreement.plan_undo(conn, last.id))
    if last.subject == settings.SUBJECT:  # `settings set`: the setting goes back
        key, value_now, restored = settings.undo_check(conn, last.data, last.id)
        return UndoPlan([Revert(last, {key: (value_now, restored)})])
    if last.kind == "import":  # an import or merge of a ledger file is not undone event by event
        raise LedgerError("find.undo_import", event=last.id, file=str(last.data.get("file", "")))
    if last.subject != "complaint" or last.complaint_id is None:
        if last.subject_id is None:  # the ledger itself (its station letter ...): no number
            raise LedgerError(
                "find.undo_not_complaint_ledger", event=last.id, kind=_label("event", last.kind)
            )
        raise LedgerError(
            "find.undo_not_complaint",
            event=last.id,
            subject=_label("find.subject", last.subject),
            kind=_label("event", last.kind),
            subject_id=last.subject_id,
        )
    group = [last]
    if len(events) > 1 and _same_command(events[1], last):
        group.append(events[1])
    r = conn.execute("SELECT * FROM complaints WHERE id = ?", (last.complaint_id,)).fetchone()
    if r is None:
        raise NotFound("find.complaint_unknown", id=last.complaint_id)
    row = dict(r)
    tags = {
        t[0]
        for t in conn.execute(
            "SELECT tag FROM complaint_tags WHERE complaint_id = ?", (last.complaint_id,)
        )
    }
    columns = _complaint_columns(conn)
    return UndoPlan([_revert(e, row, tags, columns) for e in group])


def undo(
    conn: sqlite3.Connection, *, event_ids: Sequence[int], now: datetime, actor: str
) -> list[int]:
    """Revert the last change, which must still be the events ``event_ids`` (the ones the user
    saw in the preview), in one transaction. Returns the ids of the undo events written."""
    from liuliqiao_cli.store.history import record_event
    from liuliqiao_cli.store.ledger import transaction

    with transaction(conn):
        plan = plan_undo(conn)
        if plan.event_ids != list(event_ids):
            raise LedgerError("find.undo_moved", event=event_ids[0] if event_ids else 0)
        if plan.version is not None:
            from liuliqiao_cli.estate import agreement

            return [agreement.undo(conn, plan.version, now=now, actor=actor)]
        complaint_id = plan.complaint_id
        written: list[int] = []
        for revert in plan.reverts:
            if revert.event.subject == settings.SUBJECT:
                for key, (_, restored) in revert.changes.items():
                    written.append(
                        settings.undo_apply(
                            conn, key, restored, now=now, actor=actor, undoes=revert.event.id
                        )
                    )
                continue
            changes = {c: restored for c, (_, restored) in revert.changes.items()}
            data: dict[str, Any] = {"undone_kind": revert.event.kind}
            if changes:
                changes["updated_at"] = iso(now)
                sets = ", ".join(f"{c} = ?" for c in changes)  # names checked against the table
                old = conn.execute(
                    f"SELECT {', '.join(changes)} FROM complaints WHERE id = ?", (complaint_id,)
                ).fetchone()
                conn.execute(
                    f"UPDATE complaints SET {sets} WHERE id = ?", (*changes.values(), complaint_id)
                )
                data["before"] = dict(zip(changes, old, strict=False))
                data["after"] = changes
            if revert.tags_removed or revert.tags_restored:
                conn.executemany(
                    "DELETE FROM complaint_tags WHERE complaint_id = ? AND tag = ?",
                    [(complaint_id, t) for t in revert.tags_removed],
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO complaint_tags (complaint_id, tag) VALUES (?, ?)",
                    [(complaint_id, t) for t in revert.tags_restored],
                )
                data["added"] = revert.tags_restored
                data["removed"] = revert.tags_removed
            if revert.event.kind == status.EV_CREATE:
                data["reason"] = "undo"
            written.append(
                record_event(
                    conn,
                    kind=status.EV_UNDO,
                    actor=actor,
                    at=now,
                    complaint_id=complaint_id,
                    data=data,
                    undoes=revert.event.id,
                )
            )
        return written
