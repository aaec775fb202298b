"""Changes to meetings: a meeting recorded, its agenda, decisions, decisions carried out, attendance."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from liuliqiao_cli.complaints import handover, status
from liuliqiao_cli.complaints.typed_input import clean_text
from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import InvalidTransition, NotFound, UsageError
from liuliqiao_cli.meetings.model import (
    EV_AGENDA,
    EV_ATTENDANCE,
    EV_DECISION,
    EV_DECISION_DONE,
    EV_MEETING,
    FIRST_MEETING_LOOKBACK_DAYS,
    R_DISPUTED,
    R_FOLLOWUP,
    R_HANDOVER,
    R_MANUAL,
    R_NEW,
    R_OVERDUE,
    AgendaChange,
    Attendee,
    Decision,
    Meeting,
    agenda_of,
    attendance_of,
    decisions_of,
    get,
    previous_of_kind,
    resolve_kind,
)
from liuliqiao_cli.store import history, ledger
from liuliqiao_cli.store.ids import new_uuid

# Limits of what is typed about a meeting (a complaint's place and notes have the same).
PLACE_MAX = 40
PERSON_MAX = 40  # a host, a recorder, an attendee, a decision's owner
TITLE_MAX = 100
TEXT_MAX = 1000  # a decision, the meeting's notes


def _text(value: str, what: str, limit: int) -> str:
    return clean_text(value, what=what, limit=limit, required=False)


def _complaint_exists(conn: sqlite3.Connection, complaint_id: int) -> None:
    if conn.execute("SELECT 1 FROM complaints WHERE id = ?", (complaint_id,)).fetchone() is None:
        raise NotFound("meeting.complaint_not_found", id=complaint_id)


def add(
    conn: sqlite3.Connection,
    *,
    kind: str,
    day: date,
    time: str = "",
    place: str = "",
    host: str = "",
    recorder: str = "",
    title: str = "",
    notes: str = "",
    actor: str,
    now: datetime,
) -> Meeting:
    kind = resolve_kind(kind)
    if time and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", time.strip()):
        raise UsageError("meeting.bad_time", value=time)
    place = _text(place, "meeting_place", PLACE_MAX)
    host = _text(host, "host", PERSON_MAX)
    recorder = _text(recorder, "recorder", PERSON_MAX)
    title = _text(title, "title", TITLE_MAX)
    notes = _text(notes, "meeting_notes", TEXT_MAX)
    with ledger.transaction(conn):
        cur = conn.execute(
            "INSERT INTO meetings (uuid, kind, date, time, place, host, recorder, title, notes,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_uuid(),
                kind,
                day.isoformat(),
                time.strip(),
                place.strip(),
                host.strip(),
                recorder.strip(),
                title.strip(),
                notes,
                iso(now),
                iso(now),
            ),
        )
        meeting_id = int(cur.lastrowid or 0)
        history.record_event(
            conn,
            kind=EV_MEETING,
            actor=actor,
            at=now,
            subject="meeting",
            subject_id=meeting_id,
            data={"kind": kind, "date": day.isoformat(), "place": place.strip()},
        )
    return get(conn, meeting_id)


def propose_agenda(
    conn: sqlite3.Connection, meeting: Meeting, *, now: datetime
) -> list[tuple[int, str]]:
    """(complaint id, reasons) that ``agenda --auto`` would put on the agenda, in id order."""
    previous = previous_of_kind(conn, meeting)
    since = (
        previous.date
        if previous
        else (
            date.fromisoformat(meeting.date) - timedelta(days=FIRST_MEETING_LOOKBACK_DAYS)
        ).isoformat()
    )
    # A meeting prepared ahead looks at today; a meeting recorded afterwards at its own day.
    until = min(meeting.date, now.date().isoformat())
    until_end = until + " 23:59:59"
    reasons: dict[int, list[str]] = {}
    open_list = ", ".join(f"'{s}'" for s in status.OPEN_STATUSES)

    def mark(ids: Iterable[int], reason: str) -> None:
        for cid in ids:
            reasons.setdefault(cid, []).append(reason)

    mark(
        (
            r[0]
            for r in conn.execute(
                f"SELECT id FROM complaints WHERE status IN ({open_list})"
                " AND received_at > ? AND received_at <= ?",
                (since + " 23:59:59", until_end),
            )
        ),
        R_NEW,
    )
    mark(
        (
            r[0]
            for r in conn.execute(
                f"SELECT id FROM complaints WHERE {status.overdue_sql(':now')}", {"now": iso(now)}
            )
        ),
        R_OVERDUE,
    )
    mark(
        (
            r[0]
            for r in conn.execute("SELECT id FROM complaints WHERE status = ?", (status.DISPUTED,))
        ),
        R_DISPUTED,
    )
    mark(handover.pending_ids(conn, date.fromisoformat(until)), R_HANDOVER)
    if previous is not None:
        as_of = now.date()
        mark(
            (
                d.complaint_id
                for d in decisions_of(conn, [previous.id], as_of)
                if d.complaint_id is not None and d.state != "done"
            ),
            R_FOLLOWUP,
        )
    return sorted((cid, ",".join(rs)) for cid, rs in reasons.items())


def _put_on_agenda(
    conn: sqlite3.Connection,
    meeting_id: int,
    complaint_id: int,
    position: int,
    reason: str,
    *,
    actor: str,
    now: datetime,
) -> None:
    """One agenda entry and its event; the caller holds the transaction."""
    conn.execute(
        "INSERT INTO meeting_agenda (meeting_id, complaint_id, position, reason) VALUES (?, ?, ?, ?)",
        (meeting_id, complaint_id, position, reason),
    )
    history.record_event(
        conn,
        kind=EV_AGENDA,
        actor=actor,
        at=now,
        complaint_id=complaint_id,
        subject="meeting",
        subject_id=meeting_id,
        data={"action": "add", "reason": reason},
    )


def change_agenda(
    conn: sqlite3.Connection,
    meeting_id: int,
    *,
    auto: bool = False,
    add: Sequence[int] = (),
    remove: Sequence[int] = (),
    actor: str,
    now: datetime,
) -> AgendaChange:
    """Auto-propose, then add, then remove; one transaction, one event per complaint changed."""
    meeting = get(conn, meeting_id)
    if not auto and not add and not remove:
        raise UsageError("meeting.agenda_nothing")
    clash = sorted(set(add) & set(remove))
    if clash:
        raise UsageError("meeting.agenda_clash", id=clash[0])
    for cid in (*add, *remove):
        _complaint_exists(conn, cid)
    current = {e.complaint_id: e for e in agenda_of(conn, meeting_id)}
    missing = [cid for cid in remove if cid not in current]
    if missing:
        raise NotFound("meeting.not_on_agenda", id=missing[0], meeting=meeting_id)
    wanted: list[tuple[int, str]] = []
    if auto:
        wanted.extend(propose_agenda(conn, meeting, now=now))
    wanted.extend((cid, R_MANUAL) for cid in add)
    added: list[int] = []
    unchanged: list[int] = []
    with ledger.transaction(conn):
        position = max((e.position for e in current.values()), default=0)
        seen: set[int] = set()
        for cid, reason in wanted:
            if cid in seen:
                continue
            seen.add(cid)
            if cid in current:
                unchanged.append(cid)
                continue
            position += 1
            _put_on_agenda(conn, meeting_id, cid, position, reason, actor=actor, now=now)
            added.append(cid)
        for cid in dict.fromkeys(remove):
            conn.execute(
                "DELETE FROM meeting_agenda WHERE meeting_id = ? AND complaint_id = ?",
                (meeting_id, cid),
            )
            history.record_event(
                conn,
                kind=EV_AGENDA,
                actor=actor,
                at=now,
                complaint_id=cid,
                subject="meeting",
                subject_id=meeting_id,
                data={"action": "remove", "reason": current[cid].reason},
            )
        total = conn.execute(
            "SELECT count(*) FROM meeting_agenda WHERE meeting_id = ?", (meeting_id,)
        ).fetchone()[0]
    return AgendaChange(
        meeting_id, tuple(added), tuple(dict.fromkeys(remove)), tuple(unchanged), total
    )


def decide(
    conn: sqlite3.Connection,
    meeting_id: int,
    *,
    decision: str,
    complaint_id: int | None = None,
    owner: str = "",
    due: date | None = None,
    votes: tuple[int, int, int] | None = None,
    add_to_agenda: bool = False,
    actor: str,
    now: datetime,
) -> Decision:
    """Record a decision; a complaint must be on the agenda unless ``add_to_agenda``."""
    get(conn, meeting_id)
    text = _text(decision, "decision", TEXT_MAX)
    if not text:
        raise UsageError("meeting.decision_empty")
    on_agenda = False
    if complaint_id is not None:
        _complaint_exists(conn, complaint_id)
        on_agenda = (
            conn.execute(
                "SELECT 1 FROM meeting_agenda WHERE meeting_id = ? AND complaint_id = ?",
                (meeting_id, complaint_id),
            ).fetchone()
            is not None
        )
        if not on_agenda and not add_to_agenda:
            raise UsageError("meeting.decision_not_on_agenda", id=complaint_id, meeting=meeting_id)
    owner_code = _owner(conn, owner)
    v = votes or (None, None, None)
    with ledger.transaction(conn):
        if complaint_id is not None and not on_agenda:
            position = conn.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM meeting_agenda WHERE meeting_id = ?",
                (meeting_id,),
            ).fetchone()[0]
            _put_on_agenda(conn, meeting_id, complaint_id, position, R_MANUAL, actor=actor, now=now)
        cur = conn.execute(
            "INSERT INTO meeting_decisions (uuid, meeting_id, complaint_id, decision, owner, due,"
            " votes_for, votes_against, votes_abstain, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_uuid(),
                meeting_id,
                complaint_id,
                text,
                owner_code,
                iso(due),
                v[0],
                v[1],
                v[2],
                iso(now),
            ),
        )
        decision_id = int(cur.lastrowid or 0)
        history.record_event(
            conn,
            kind=EV_DECISION,
            actor=actor,
            at=now,
            complaint_id=complaint_id,
            subject="meeting",
            subject_id=meeting_id,
            data={
                "decision_id": decision_id,
                "decision": text,
                "owner": owner_code,
                "due": iso(due),
                "votes": list(votes) if votes else None,
            },
        )
    return next(d for d in decisions_of(conn, [meeting_id], now.date()) if d.id == decision_id)


def mark_done(
    conn: sqlite3.Connection, decision_id: int, *, on: date, actor: str, now: datetime
) -> Decision:
    """Record that a decision was carried out on ``on`` (for decisions that no complaint's status
    can settle, such as "install two more benches"). Refused for an unknown decision, one
    already marked done, or a date before the meeting or in the future."""
    row = conn.execute(
        "SELECT d.meeting_id, d.complaint_id, d.done_at, m.date FROM meeting_decisions d"
        " JOIN meetings m ON m.id = d.meeting_id WHERE d.id = ?",
        (decision_id,),
    ).fetchone()
    if row is None:
        raise NotFound("meeting.no_decision", id=decision_id)
    if row["done_at"]:
        raise InvalidTransition("meeting.decision_already_done", id=decision_id, on=row["done_at"])
    if on.isoformat() < row["date"] or on > now.date():
        raise UsageError("meeting.done_date", date=on.isoformat(), meeting=row["date"])
    with ledger.transaction(conn):
        conn.execute(
            "UPDATE meeting_decisions SET done_at = ? WHERE id = ?", (on.isoformat(), decision_id)
        )
        history.record_event(
            conn,
            kind=EV_DECISION_DONE,
            actor=actor,
            at=now,
            complaint_id=row["complaint_id"],
            subject="meeting",
            subject_id=row["meeting_id"],
            data={
                "decision_id": decision_id,
                "before": {"done_at": None},
                "after": {"done_at": on.isoformat()},
            },
        )
    return next(
        d for d in decisions_of(conn, [row["meeting_id"]], now.date()) if d.id == decision_id
    )


def _owner(conn: sqlite3.Connection, owner: str) -> str:
    """A company (any spelling) becomes its code; anything else is kept as a person's name."""
    text = _text(owner, "owner", PERSON_MAX)
    if not text:
        return ""
    low = text.lower()
    for r in conn.execute("SELECT code, name, short_name, name_en, aliases FROM companies"):
        spellings = [r["code"], r["name"], r["short_name"], r["name_en"], *json.loads(r["aliases"])]
        if low in (s.lower() for s in spellings if s):
            return str(r["code"])
    return text


def attend(
    conn: sqlite3.Connection,
    meeting_id: int,
    *,
    present: Sequence[str],
    absent: Sequence[str],
    actor: str,
    now: datetime,
) -> list[Attendee]:
    """Replace the attendance list of a meeting."""
    get(conn, meeting_id)
    people = [(_text(n, "attendee", PERSON_MAX), 1) for n in present if n.strip()] + [
        (_text(n, "attendee", PERSON_MAX), 0) for n in absent if n.strip()
    ]
    if not people:
        raise UsageError("meeting.attend_nothing")
    names = [n for n, _ in people]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError("meeting.attend_twice", name=twice[0])
    with ledger.transaction(conn):
        conn.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?", (meeting_id,))
        conn.executemany(
            "INSERT INTO meeting_attendance (meeting_id, name, present) VALUES (?, ?, ?)",
            [(meeting_id, n, p) for n, p in people],
        )
        history.record_event(
            conn,
            kind=EV_ATTENDANCE,
            actor=actor,
            at=now,
            subject="meeting",
            subject_id=meeting_id,
            data={"present": sum(p for _, p in people), "absent": sum(1 - p for _, p in people)},
        )
    return attendance_of(conn, meeting_id)
