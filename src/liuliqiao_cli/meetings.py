"""Meetings (居民议事会, 物业共管议事协商会, 联席会, 座谈会, 推进会): agenda, attendance, decisions.

Data in, dataclasses out; no printing, no clock (the CLI passes ``now``). Every change — a new
meeting, an agenda change, a decision, the attendance list — is written in one transaction
together with its event (``subject = 'meeting'``, ``subject_id`` = the meeting; ``complaint_id``
set when a complaint is concerned).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from liuliqiao_cli import db, history, status
from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import InvalidTransition, NotFound, UsageError
from liuliqiao_cli.ids import new_uuid

KINDS = ("council", "joint", "liaison", "symposium", "progress")
_KIND_SPELLINGS = {
    "council": ("居民议事会", "议事会", "residents' council"),
    "joint": ("物业共管议事协商会", "共管议事协商会", "协商会", "共管会"),
    "liaison": ("联席会", "联席会议"),
    "symposium": ("座谈会",),
    "progress": ("推进会",),
}

# Event kinds of the meeting subject.
EV_MEETING = "meeting"  # a meeting recorded
EV_AGENDA = "agenda"  # data: action add|remove, reason
EV_DECISION = "decision"
EV_ATTENDANCE = "attendance"
EV_DECISION_DONE = "decision_done"

# Reasons for which ``agenda --auto`` proposes a complaint (several may apply).
R_NEW = "new"  # received since the previous meeting of the kind, still open
R_OVERDUE = "overdue"
R_DISPUTED = "disputed"
R_FOLLOWUP = "followup"  # a decision of the previous meeting not yet carried out
R_MANUAL = "manual"
# Without a previous meeting of the kind, "new" looks back this far from the meeting date.
FIRST_MEETING_LOOKBACK_DAYS = 30

DONE_STATUSES = (status.RESOLVED, status.CLOSED)


@dataclass(frozen=True)
class Meeting:
    id: int
    uuid: str
    kind: str
    date: str
    time: str
    place: str
    host: str
    recorder: str
    title: str
    notes: str
    number: int  # the number of the meeting of this kind in its year (1, 2, ...)


@dataclass(frozen=True)
class AgendaEntry:
    complaint_id: int
    position: int
    reason: str


@dataclass(frozen=True)
class Attendee:
    name: str
    present: bool


@dataclass(frozen=True)
class Decision:
    id: int
    meeting_id: int
    complaint_id: int | None
    decision: str
    owner: str
    due: str | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    done_at: str | None
    created_at: str
    complaint_status: str | None = None
    state: str = "pending"  # done | overdue | pending (see decision_state)


@dataclass
class MeetingDetail:
    meeting: Meeting
    agenda: list[AgendaEntry] = field(default_factory=list)
    attendance: list[Attendee] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


@dataclass(frozen=True)
class AgendaChange:
    meeting_id: int
    added: tuple[int, ...]
    removed: tuple[int, ...]
    unchanged: tuple[int, ...]  # asked to add but already on the agenda
    total: int


@dataclass(frozen=True)
class MeetingRow:
    id: int
    kind: str
    date: str
    number: int
    place: str
    host: str
    agenda: int
    decisions: int
    decisions_done: int
    present: int
    absent: int


# --- parsing what the worker types ---------------------------------------------------------


def resolve_kind(value: str) -> str:
    text = str(value).strip()
    if text.lower() in KINDS:
        return text.lower()
    for kind, spellings in _KIND_SPELLINGS.items():
        if text in spellings or text.lower() in spellings:
            return kind
    choices = ", ".join(f"{k}/{v[0]}" for k, v in _KIND_SPELLINGS.items())
    raise UsageError("meeting.bad_kind", value=text, choices=choices)


_VOTES = re.compile(r"\s*(\d{1,4})\s*/\s*(\d{1,4})\s*/\s*(\d{1,4})\s*")


def parse_votes(value: str) -> tuple[int, int, int]:
    """``15/0/1`` -> (for, against, abstain)."""
    m = _VOTES.fullmatch(value or "")
    if not m:
        raise UsageError("meeting.bad_votes", value=value)
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


# --- reading ------------------------------------------------------------------------------


def _number_in_year(conn: sqlite3.Connection, kind: str, day: str, meeting_id: int) -> int:
    row = conn.execute(
        "SELECT count(*) FROM meetings WHERE kind = ? AND substr(date, 1, 4) = ?"
        " AND (date < ? OR (date = ? AND id <= ?))",
        (kind, day[:4], day, day, meeting_id),
    ).fetchone()
    return int(row[0])


def _meeting(conn: sqlite3.Connection, r: sqlite3.Row) -> Meeting:
    return Meeting(
        r["id"],
        r["uuid"],
        r["kind"],
        r["date"],
        r["time"],
        r["place"],
        r["host"],
        r["recorder"],
        r["title"],
        r["notes"],
        _number_in_year(conn, r["kind"], r["date"], r["id"]),
    )


def get(conn: sqlite3.Connection, meeting_id: int) -> Meeting:
    r = conn.execute("SELECT * FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
    if r is None:
        raise NotFound("meeting.not_found", id=meeting_id)
    return _meeting(conn, r)


def previous_of_kind(conn: sqlite3.Connection, meeting: Meeting) -> Meeting | None:
    """The meeting of the same kind held just before this one (by date, then id)."""
    r = conn.execute(
        "SELECT * FROM meetings WHERE kind = ? AND (date < ? OR (date = ? AND id < ?))"
        " ORDER BY date DESC, id DESC LIMIT 1",
        (meeting.kind, meeting.date, meeting.date, meeting.id),
    ).fetchone()
    return _meeting(conn, r) if r else None


def decision_state(
    done_at: str | None, complaint_status: str | None, due: str | None, as_of: date
) -> str:
    """done when marked done or when the linked complaint is resolved or closed; overdue when
    past its deadline without that; pending otherwise."""
    if done_at or complaint_status in DONE_STATUSES:
        return "done"
    if due and due < as_of.isoformat():
        return "overdue"
    return "pending"


def decisions_of(
    conn: sqlite3.Connection, meeting_ids: Sequence[int], as_of: date
) -> list[Decision]:
    if not meeting_ids:
        return []
    marks = ", ".join("?" for _ in meeting_ids)
    rows = conn.execute(
        "SELECT d.*, c.status AS complaint_status FROM meeting_decisions d"
        " LEFT JOIN complaints c ON c.id = d.complaint_id"
        f" WHERE d.meeting_id IN ({marks}) ORDER BY d.meeting_id, d.id",
        tuple(meeting_ids),
    )
    return [
        Decision(
            r["id"],
            r["meeting_id"],
            r["complaint_id"],
            r["decision"],
            r["owner"],
            r["due"],
            r["votes_for"],
            r["votes_against"],
            r["votes_abstain"],
            r["done_at"],
            r["created_at"],
            r["complaint_status"],
            decision_state(r["done_at"], r["complaint_status"], r["due"], as_of),
        )
        for r in rows
    ]


def agenda_of(conn: sqlite3.Connection, meeting_id: int) -> list[AgendaEntry]:
    return [
        AgendaEntry(r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT complaint_id, position, reason FROM meeting_agenda WHERE meeting_id = ?"
            " ORDER BY position, complaint_id",
            (meeting_id,),
        )
    ]


def attendance_of(conn: sqlite3.Connection, meeting_id: int) -> list[Attendee]:
    return [
        Attendee(r[0], bool(r[1]))
        for r in conn.execute(
            "SELECT name, present FROM meeting_attendance WHERE meeting_id = ? ORDER BY present DESC, id",
            (meeting_id,),
        )
    ]


def show(conn: sqlite3.Connection, meeting_id: int, *, as_of: date) -> MeetingDetail:
    meeting = get(conn, meeting_id)
    return MeetingDetail(
        meeting,
        agenda_of(conn, meeting_id),
        attendance_of(conn, meeting_id),
        decisions_of(conn, [meeting_id], as_of),
    )


def list_meetings(
    conn: sqlite3.Connection, *, kind: str | None = None, year: int | None = None, as_of: date
) -> list[MeetingRow]:
    where, params = [], []
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if year:
        where.append("substr(date, 1, 4) = ?")
        params.append(f"{year:04d}")
    sql = "SELECT * FROM meetings" + (" WHERE " + " AND ".join(where) if where else "")
    rows = conn.execute(sql + " ORDER BY date, id", params).fetchall()
    out = []
    for r in rows:
        m = _meeting(conn, r)
        agenda = conn.execute(
            "SELECT count(*) FROM meeting_agenda WHERE meeting_id = ?", (m.id,)
        ).fetchone()[0]
        present, absent = conn.execute(
            "SELECT coalesce(sum(present), 0), coalesce(sum(1 - present), 0) FROM meeting_attendance"
            " WHERE meeting_id = ?",
            (m.id,),
        ).fetchone()
        decisions = decisions_of(conn, [m.id], as_of)
        out.append(
            MeetingRow(
                m.id,
                m.kind,
                m.date,
                m.number,
                m.place,
                m.host,
                agenda,
                len(decisions),
                sum(1 for d in decisions if d.state == "done"),
                present,
                absent,
            )
        )
    return out


def _complaint_exists(conn: sqlite3.Connection, complaint_id: int) -> None:
    if conn.execute("SELECT 1 FROM complaints WHERE id = ?", (complaint_id,)).fetchone() is None:
        raise NotFound("meeting.complaint_not_found", id=complaint_id)


# --- changes ------------------------------------------------------------------------------


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
    with db.transaction(conn):
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
    with db.transaction(conn):
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
    text = decision.strip()
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
    with db.transaction(conn):
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
    with db.transaction(conn):
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
    text = owner.strip()
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
    people = [(n.strip(), 1) for n in present if n.strip()] + [
        (n.strip(), 0) for n in absent if n.strip()
    ]
    if not people:
        raise UsageError("meeting.attend_nothing")
    names = [n for n, _ in people]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError("meeting.attend_twice", name=twice[0])
    with db.transaction(conn):
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
