"""What a dossier needs as it stood at a moment, read back from the event history: a meeting's
agenda, decisions and the state they were in, complaints' statuses, duty overrides.

A dossier of a meeting already held is built as of the meeting (its date and time), so that it
stays the record of what the meeting saw: exporting it again later gives the same file,
whatever happened since. Each function here takes that moment as ``YYYY-MM-DD HH:MM:SS`` text
(ledger local time, as the ledger stores times).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime

from liuliqiao_cli.complaints import as_of, names
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.meetings import model
from liuliqiao_cli.store.later import Later

_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def meeting_moment(meeting: model.Meeting) -> datetime:
    """When a meeting sat: its date at its time, or the end of its day when no time is known."""
    day = date.fromisoformat(meeting.date)
    m = _TIME.fullmatch(meeting.time.strip())
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        return datetime(day.year, day.month, day.day, int(m.group(1)), int(m.group(2)))
    return datetime(day.year, day.month, day.day, 23, 59, 59)


def check_moment(conn: sqlite3.Connection, moment: datetime, now: datetime) -> None:
    """A moment asked for with ``--as-of``: not in the future, not before the first complaint."""
    if moment > now:
        raise UsageError("dossier.as_of_future", value=_minutes(moment), now=_minutes(now))
    first = conn.execute("SELECT min(received_at) FROM complaints").fetchone()[0]
    if first is None or moment.strftime("%Y-%m-%d %H:%M:%S") < first:
        raise UsageError(
            "dossier.as_of_too_early", value=_minutes(moment), first=(first or "")[:10] or "-"
        )


def _minutes(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def agenda_at(conn: sqlite3.Connection, meeting_id: int, later: Later) -> list[tuple[int, str]]:
    """(complaint, reason) of the agenda as it stood at the moment ``later.since``: today's
    agenda with every later addition taken off and every later removal put back, in agenda
    order."""
    rows = [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT complaint_id, position, reason FROM meeting_agenda WHERE meeting_id = ?",
            (meeting_id,),
        )
    ]
    entries = {cid: (position, reason) for cid, position, reason in rows}
    for event in reversed(later.of_meetings(model.EV_AGENDA, [meeting_id])):
        cid = event.complaint_id
        change = json.loads(event.data or "{}")
        if change.get("action") == "add":
            entries.pop(cid, None)
        elif change.get("action") == "remove" and cid not in entries:
            entries[cid] = (10**9, str(change.get("reason") or model.R_MANUAL))
    ordered = sorted(entries.items(), key=lambda kv: (kv[1][0], kv[0]))
    return [(cid, reason) for cid, (_, reason) in ordered]


def statuses_at(conn: sqlite3.Connection, ids: Sequence[int], later: Later) -> dict[int, str]:
    """The status of each complaint ``ids`` at the moment ``later.since`` (left out: not yet
    recorded then)."""
    out: dict[int, str] = {}
    wanted = sorted(set(ids))
    changed = later.of_complaints() if wanted else {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for cid, current in conn.execute(
            f"SELECT id, status FROM complaints WHERE id IN ({marks})", tuple(chunk)
        ):
            row = as_of.rewind({"status": current}, changed.get(cid, ()))
            if row is not None:
                out[cid] = row["status"]
    return out


def decisions_at(
    conn: sqlite3.Connection, meeting_ids: Sequence[int], later: Later
) -> list[model.Decision]:
    """The decisions of ``meeting_ids`` recorded by the moment ``later.since`` and the state each
    was in then:
    marked done only if that was recorded by then, the linked complaint's status then. (A
    meeting's own decisions, typed in after it sat, are in its dossier ``--as-of now``: the
    dossier of a meeting held is the paper it had on the table.)"""
    if not meeting_ids:
        return []
    marks = ", ".join("?" for _ in meeting_ids)
    rows = conn.execute(
        f"SELECT * FROM meeting_decisions WHERE meeting_id IN ({marks}) ORDER BY meeting_id, id",
        tuple(meeting_ids),
    ).fetchall()
    moment = later.since
    rows = [r for r in rows if r["created_at"] <= moment]
    done_later = {
        json.loads(event.data or "{}").get("decision_id")
        for event in later.of_meetings(model.EV_DECISION_DONE, meeting_ids)
    }
    linked = statuses_at(conn, [r["complaint_id"] for r in rows if r["complaint_id"]], later)
    # a name is given once and never changes: today's is the one it had then
    named = names.labels_of(conn, [r["complaint_id"] for r in rows if r["complaint_id"]])
    day = date.fromisoformat(moment[:10])
    out = []
    for r in rows:
        done_at = r["done_at"]
        if done_at and (r["id"] in done_later or done_at > moment[:10]):
            done_at = None
        complaint_status = linked.get(r["complaint_id"]) if r["complaint_id"] else None
        out.append(
            model.Decision(
                r["id"],
                r["meeting_id"],
                r["complaint_id"],
                r["decision"],
                r["owner"],
                r["due"],
                r["votes_for"],
                r["votes_against"],
                r["votes_abstain"],
                done_at,
                r["created_at"],
                complaint_status,
                model.decision_state(done_at, complaint_status, r["due"], day),
                named.get(r["complaint_id"]),
            )
        )
    return out


def overrides_at(overrides: Sequence, moment: str) -> list:
    """Duty overrides as they stood at ``moment``: those agreed later left out, a revocation
    made later not yet made."""
    out = []
    for o in overrides:
        if o.created_at and o.created_at > moment:
            continue
        if o.revoked and o.revoked_at and o.revoked_at > moment:
            o = o._replace(revoked=False, revoked_at=None, revoke_reason=None)
        out.append(o)
    return out
