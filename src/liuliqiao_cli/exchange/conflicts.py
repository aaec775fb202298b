"""Conflicts a merge kept (``merge_conflicts``): which are still open, and settling them.

A merge that finds a part of a record changed differently on two laptops keeps the same value on
both (the later change, see ``merge_fields.py``) and records the other here. A conflict is open
until someone settles it:

- by changing that part again (``tag 421 --company ...``, ``resolve 421`` ...): a change made after
  both sides' changes, on any laptop, settles it everywhere once the files are exchanged;
- with ``merge --keep N`` (what the merge kept is right) or ``merge --take N`` (the other laptop's
  value is): for a complaint both write a ``settle`` event that changes that part, so they travel
  like any change; for a meeting, decision or override ``--keep`` only marks it here (change the
  record with its own command to take the other version).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from liuliqiao_cli.errors import LedgerError, NotFound
from liuliqiao_cli.exchange.merge_fields import EV_SETTLE, TAG_PART, Change, change_of, columns_of

SUBJECT_TABLES = {
    "complaint": "complaints",
    "meeting": "meetings",
    "decision": "meeting_decisions",
    "override": "duty_overrides",
}


@dataclass
class Side:
    values: dict[str, Any]
    actor: str
    at: str


@dataclass
class KeptConflict:
    id: int
    subject: str
    uuid: str
    number: str  # the record's name or number here (#B17, #421; meeting #3)
    part: str
    kept: Side
    lost: Side
    found_at: str
    file: str
    settled: str | None  # None: open; 'changed' (a later change), 'settled' (merge --keep or
    # --take, maybe on another laptop), 'kept' / 'taken' (here)


def _changes(conn: sqlite3.Connection, complaint_id: int) -> dict[str, Change]:
    return {
        row[0]: change_of(*row)
        for row in conn.execute(
            "SELECT uuid, rev, at, actor, kind, data FROM events WHERE complaint_id = ?",
            (complaint_id,),
        )
    }


def _writes(change: Change, part: str) -> bool:
    if part.startswith(TAG_PART):
        return any(tag == part[len(TAG_PART) :] for tag, _ in change.tags)
    return part in change.parts


def _record(conn: sqlite3.Connection, subject: str, uuid: str) -> dict[str, Any] | None:
    from liuliqiao_cli.exchange.jsonl import BY_TYPE, _select

    kind = BY_TYPE[subject]
    row = conn.execute(f"{_select(conn, kind)} WHERE t.uuid = ?", (uuid,)).fetchone()
    return json.loads(row[0]) if row else None


def list_conflicts(conn: sqlite3.Connection, *, everything: bool = False) -> list[KeptConflict]:
    """The conflicts kept here, oldest first; only the open ones unless ``everything``."""
    out: list[KeptConflict] = []
    rows = conn.execute(
        "SELECT id, subject, subject_uuid, part, kept, lost, kept_change, lost_change, found_at,"
        " file, settled_at, settled_by FROM merge_conflicts ORDER BY id"
    ).fetchall()
    for row in rows:
        conflict = _describe(conn, row)
        if conflict is not None and (everything or conflict.settled is None):
            out.append(conflict)
    return out


def _describe(conn: sqlite3.Connection, row: Any) -> KeptConflict | None:
    from liuliqiao_cli.complaints.names import label

    (cid, subject, uuid, part, kept, lost, kept_change, lost_change, found_at, file) = row[:10]
    settled = row[10] and ("taken" if str(row[11] or "").startswith("take:") else "kept")
    kept_side = Side(json.loads(kept), "", "")
    lost_side = Side(json.loads(lost), "", "")
    if subject == "complaint":
        found = conn.execute("SELECT id, name FROM complaints WHERE uuid = ?", (uuid,)).fetchone()
        if found is None:
            return None
        number = label(found[0], found[1])
        changes = _changes(conn, found[0])
        won, beaten = changes.get(kept_change), changes.get(lost_change)
        for side, change in ((kept_side, won), (lost_side, beaten)):
            if change is not None:
                side.actor, side.at = change.actor, change.at
        last = max((c.key for c in (won, beaten) if c is not None), default=(0, "", ""))
        if not settled and any(
            c.key > last and _writes(c, part) and c.kind != EV_SETTLE for c in changes.values()
        ):
            settled = "changed"
        if not settled and any(
            c.key > last and _writes(c, part) and c.kind == EV_SETTLE for c in changes.values()
        ):
            settled = "settled"
    else:
        from liuliqiao_cli.exchange.jsonl import BY_TYPE
        from liuliqiao_cli.exchange.merge_values import digest, version_of

        record = _record(conn, subject, uuid)
        if record is None:
            return None
        number = str(record.get("id"))
        if subject == "estate_version":  # known by its first day, recorded by someone, when
            number = str(record.get("from_date"))
            for side in (kept_side, lost_side):
                side.actor = str(side.values.get("actor", ""))
                side.at = str(side.values.get("created_at", ""))
        now = version_of(BY_TYPE[subject], record) + "|" + digest(record)
        if not settled and now != kept_change:
            settled = "changed"
    return KeptConflict(
        cid, subject, uuid, number, part, kept_side, lost_side, found_at, file, settled or None
    )


def settle(
    conn: sqlite3.Connection, conflict_id: int, *, take: bool, now: datetime, actor: str
) -> KeptConflict:
    """``merge --keep N`` / ``merge --take N``, in one transaction."""
    from liuliqiao_cli.dates import iso
    from liuliqiao_cli.store.history import record_event
    from liuliqiao_cli.store.ledger import joined_transaction

    with joined_transaction(conn):
        row = conn.execute(
            "SELECT id, subject, subject_uuid, part, kept, lost, kept_change, lost_change,"
            " found_at, file, settled_at, settled_by FROM merge_conflicts WHERE id = ?",
            (conflict_id,),
        ).fetchone()
        conflict = _describe(conn, row) if row else None
        if conflict is None:
            raise NotFound("conflicts.not_found", id=conflict_id)
        if conflict.settled is not None:
            raise LedgerError("conflicts.already_settled", id=conflict_id)
        if conflict.subject != "complaint":
            if take:
                key = "conflicts.take_" + (
                    "version" if conflict.subject == "estate_version" else "record"
                )
                raise LedgerError(key, id=conflict_id, subject=conflict.subject)
        else:
            complaint_id = int(
                conn.execute(
                    "SELECT id FROM complaints WHERE uuid = ?", (conflict.uuid,)
                ).fetchone()[0]
            )
            data = _write_part(conn, complaint_id, conflict, take=take, now=iso(now) or "")
            record_event(
                conn, kind=EV_SETTLE, actor=actor, at=now, complaint_id=complaint_id, data=data
            )
        conn.execute(
            "UPDATE merge_conflicts SET settled_at = ?, settled_by = ? WHERE id = ?",
            (iso(now), ("take:" if take else "keep:") + actor, conflict_id),
        )
        conflict.settled = "taken" if take else "kept"
        return conflict


def _write_part(
    conn: sqlite3.Connection, complaint_id: int, conflict: KeptConflict, *, take: bool, now: str
) -> dict[str, Any]:
    """Set the part to the kept (``take`` False: as it is) or the other value; the data of the
    ``settle`` event that records it."""
    part = conflict.part
    if part.startswith(TAG_PART):
        tag = part[len(TAG_PART) :]
        present = bool((conflict.lost if take else conflict.kept).values.get("present"))
        has = conn.execute(
            "SELECT 1 FROM complaint_tags WHERE complaint_id = ? AND tag = ?", (complaint_id, tag)
        ).fetchone()
        data: dict[str, Any] = {"part": part, "present": present}
        if present and not has:
            conn.execute(
                "INSERT INTO complaint_tags (complaint_id, tag) VALUES (?, ?)", (complaint_id, tag)
            )
            data["added"] = [tag]
        elif has and not present:
            conn.execute(
                "DELETE FROM complaint_tags WHERE complaint_id = ? AND tag = ?", (complaint_id, tag)
            )
            data["removed"] = [tag]
        return data
    if not take:  # the part as it is: the settle event makes it the last change of the part
        return {"part": part}
    columns = list(columns_of(part))
    current = conn.execute(
        f"SELECT {', '.join(columns)} FROM complaints WHERE id = ?", (complaint_id,)
    ).fetchone()
    wanted = {c: conflict.lost.values.get(c) for c in columns if c in conflict.lost.values}
    if wanted.get("duplicate_of") is not None:
        found = conn.execute(
            "SELECT id FROM complaints WHERE uuid = ?", (wanted["duplicate_of"],)
        ).fetchone()
        wanted["duplicate_of"] = found[0] if found else None
    before = {c: v for c, v in zip(columns, current, strict=True) if wanted.get(c, v) != v}
    after = {c: wanted[c] for c in before}
    if after:
        after["updated_at"] = now
        conn.execute(
            f"UPDATE complaints SET {', '.join(f'{c} = ?' for c in after)} WHERE id = ?",
            (*after.values(), complaint_id),
        )
        before["updated_at"] = conn.execute(
            "SELECT updated_at FROM complaints WHERE id = ?", (complaint_id,)
        ).fetchone()[0]
    return {"part": part, "before": before, "after": after}
