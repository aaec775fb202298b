"""Meetings (居民议事会, 物业共管议事协商会, 联席会, 座谈会, 推进会): what a meeting is, and reading
meetings, agendas, attendance and decisions back.

Data in, named tuples out; no printing, no clock (the CLI passes ``now``). Changes live in :mod:`liuliqiao_cli.meetings.changes`.
"""

import re
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from liuliqiao_cli.complaints import status
from liuliqiao_cli.errors import NotFound, UsageError

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
R_HANDOVER = "handover"  # passed on at a change of duty, nobody has confirmed taking it over
R_FOLLOWUP = "followup"  # a decision of the previous meeting not yet carried out


R_MANUAL = "manual"


# Without a previous meeting of the kind, "new" looks back this far from the meeting date.
FIRST_MEETING_LOOKBACK_DAYS = 30


DONE_STATUSES = (status.RESOLVED, status.CLOSED)


# Named tuples, not dataclasses: making the seven classes cost every command that reads a
# meeting (a dossier among them) ~4 ms of start-up.
class Meeting(NamedTuple):
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


class AgendaEntry(NamedTuple):
    complaint_id: int
    position: int
    reason: str
    complaint_status: str | None = None  # the complaint's status now
    complaint_name: str | None = None  # B17 where the complaint has a name


class Attendee(NamedTuple):
    name: str
    present: bool


class Decision(NamedTuple):
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
    complaint_name: str | None = None  # B17 where the complaint has a name


class MeetingDetail(NamedTuple):
    meeting: Meeting
    agenda: list[AgendaEntry]
    attendance: list[Attendee]
    decisions: list[Decision]


class AgendaChange(NamedTuple):
    meeting_id: int
    added: tuple[int, ...]
    removed: tuple[int, ...]
    unchanged: tuple[int, ...]  # asked to add but already on the agenda
    total: int


class MeetingRow(NamedTuple):
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
        "SELECT d.*, c.status AS complaint_status, c.name AS complaint_name"
        " FROM meeting_decisions d"
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
            r["complaint_name"],
        )
        for r in rows
    ]


def agenda_of(conn: sqlite3.Connection, meeting_id: int) -> list[AgendaEntry]:
    return [
        AgendaEntry(r[0], r[1], r[2], r[3], r[4])
        for r in conn.execute(
            "SELECT a.complaint_id, a.position, a.reason, c.status, c.name FROM meeting_agenda a"
            " LEFT JOIN complaints c ON c.id = a.complaint_id WHERE a.meeting_id = ?"
            " ORDER BY a.position, a.complaint_id",
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
