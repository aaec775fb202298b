"""meetings.py called directly: kinds, votes, numbering, the auto agenda, decisions, attendance."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from meetings_seed import seed, seed_meetings

from liuliqiao_cli.errors import NotFound, UsageError
from liuliqiao_cli.meetings import changes, model

NOW = datetime(2026, 11, 27, 10, 0, 0)


@pytest.fixture
def ledger(conn):
    seed(conn)
    return conn


@pytest.mark.parametrize(
    "text, kind",
    [
        ("council", "council"),
        ("居民议事会", "council"),
        ("议事会", "council"),
        ("JOINT", "joint"),
        ("物业共管议事协商会", "joint"),
        ("协商会", "joint"),
        ("联席会", "liaison"),
        ("座谈会", "symposium"),
        ("推进会", "progress"),
        (" progress ", "progress"),
    ],
)
def test_resolve_kind(text, kind):
    assert model.resolve_kind(text) == kind


@pytest.mark.parametrize("text", ["", "party", "议事", "会"])
def test_resolve_kind_refuses(text):
    with pytest.raises(UsageError) as exc:
        model.resolve_kind(text)
    assert exc.value.key == "meeting.bad_kind"


@pytest.mark.parametrize(
    "text, votes", [("15/0/1", (15, 0, 1)), (" 7 / 2 / 0 ", (7, 2, 0)), ("0/0/0", (0, 0, 0))]
)
def test_parse_votes(text, votes):
    assert model.parse_votes(text) == votes


@pytest.mark.parametrize("text", ["15/0", "15-0-1", "a/b/c", "15/0/1/2", "", "-1/0/0", "15/0/1x"])
def test_parse_votes_refuses(text):
    with pytest.raises(UsageError):
        model.parse_votes(text)


def test_number_of_the_meeting_of_its_kind_in_the_year(ledger):
    a = changes.add(ledger, kind="council", day=date(2026, 3, 1), actor="x", now=NOW)
    b = changes.add(ledger, kind="joint", day=date(2026, 4, 1), actor="x", now=NOW)
    c = changes.add(ledger, kind="council", day=date(2026, 5, 1), actor="x", now=NOW)
    d = changes.add(ledger, kind="council", day=date(2025, 12, 1), actor="x", now=NOW)
    # recorded late but held earlier: numbering follows the meeting dates
    e = changes.add(ledger, kind="council", day=date(2026, 2, 1), actor="x", now=NOW)
    assert [model.get(ledger, m.id).number for m in (a, b, c, d, e)] == [2, 1, 3, 1, 1]
    assert model.previous_of_kind(ledger, model.get(ledger, c.id)).id == a.id
    assert model.previous_of_kind(ledger, model.get(ledger, d.id)) is None


def test_add_records_an_event(ledger):
    m = changes.add(
        ledger, kind="座谈会", day=date(2026, 12, 1), time="9:30", place="社区", actor="x", now=NOW
    )
    ev = ledger.execute("SELECT * FROM events WHERE subject = 'meeting'").fetchall()
    assert [(e["kind"], e["subject_id"], e["complaint_id"]) for e in ev] == [
        ("meeting", m.id, None)
    ]
    assert m.kind == "symposium" and m.time == "9:30"


def test_add_refuses_a_bad_time(ledger):
    with pytest.raises(UsageError):
        changes.add(ledger, kind="council", day=date(2026, 12, 1), time="25:00", actor="x", now=NOW)
    assert ledger.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_auto_agenda_reasons(ledger):
    previous, current = seed_meetings(ledger)
    entries = {e.complaint_id: e.reason for e in model.agenda_of(ledger, current)}
    # 1001 closed, 1005 resolved: not proposed; 1002 is open, overdue and last meeting's undone decision
    assert entries == {
        1002: "new,overdue,followup",
        1003: "new,overdue,disputed",
        1004: "new,overdue",
    }
    events = ledger.execute(
        "SELECT complaint_id, data FROM events WHERE kind = 'agenda' AND subject_id = ? ORDER BY id",
        (current,),
    ).fetchall()
    assert [e[0] for e in events] == [1002, 1003, 1004]
    assert json.loads(events[0][1]) == {"action": "add", "reason": "new,overdue,followup"}


def test_agenda_add_remove_and_idempotent_add(ledger):
    _, current = seed_meetings(ledger)
    change = changes.change_agenda(
        ledger, current, add=[1005, 1002], remove=[1004], actor="x", now=NOW
    )
    assert change.added == (1005,) and change.removed == (1004,) and change.unchanged == (1002,)
    assert change.total == 3
    last = ledger.execute(
        "SELECT complaint_id, data FROM events WHERE kind = 'agenda' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert last[0] == 1004 and json.loads(last[1])["action"] == "remove"


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"add": [9999]}, NotFound),
        ({"remove": [1005]}, NotFound),  # not on the agenda
        ({"add": [1005], "remove": [1005]}, UsageError),
        ({}, UsageError),
    ],
)
def test_agenda_refusals_change_nothing(ledger, kwargs, error):
    _, current = seed_meetings(ledger)
    before = ledger.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(error):
        changes.change_agenda(ledger, current, actor="x", now=NOW, **kwargs)
    assert ledger.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_unknown_meeting(ledger):
    with pytest.raises(NotFound):
        changes.change_agenda(ledger, 42, auto=True, actor="x", now=NOW)
    with pytest.raises(NotFound):
        changes.decide(ledger, 42, decision="x", actor="x", now=NOW)
    with pytest.raises(NotFound):
        changes.attend(ledger, 42, present=["a"], absent=[], actor="x", now=NOW)


def test_decision_for_a_complaint_not_on_the_agenda(ledger):
    _, current = seed_meetings(ledger)
    with pytest.raises(UsageError) as exc:
        changes.decide(ledger, current, complaint_id=1005, decision="每月检查", actor="x", now=NOW)
    assert exc.value.key == "meeting.decision_not_on_agenda"
    d = changes.decide(
        ledger,
        current,
        complaint_id=1005,
        decision="每月检查",
        owner="首华物业",
        due=date(2026, 12, 20),
        votes=(15, 0, 1),
        add_to_agenda=True,
        actor="x",
        now=NOW,
    )
    assert (d.owner, d.due, d.votes_for, d.votes_against, d.votes_abstain) == (
        "shouhua",
        "2026-12-20",
        15,
        0,
        1,
    )
    assert d.state == "done"  # 1005 is already resolved
    kinds = ledger.execute(
        "SELECT kind, complaint_id, subject, subject_id FROM events ORDER BY id DESC LIMIT 2"
    ).fetchall()
    assert [tuple(k) for k in kinds] == [
        ("decision", 1005, "meeting", current),
        ("agenda", 1005, "meeting", current),
    ]


def test_decision_owner_kept_as_a_person(ledger):
    m = changes.add(ledger, kind="council", day=date(2026, 12, 1), actor="x", now=NOW)
    d = changes.decide(
        ledger, m.id, decision="成立志愿者小组", owner="3号楼楼门长 刘**", actor="x", now=NOW
    )
    assert d.owner == "3号楼楼门长 刘**" and d.complaint_id is None and d.state == "pending"


@pytest.mark.parametrize(
    "done_at, complaint_status, due, state",
    [
        ("2026-11-01", None, "2026-10-01", "done"),
        (None, "closed", "2026-10-01", "done"),
        (None, "resolved", None, "done"),
        (None, "in_progress", "2026-11-26", "overdue"),
        (None, "in_progress", "2026-11-27", "pending"),
        (None, None, None, "pending"),
    ],
)
def test_decision_state(done_at, complaint_status, due, state):
    assert model.decision_state(done_at, complaint_status, due, date(2026, 11, 27)) == state


def test_attendance_replaces_the_list(ledger):
    _, current = seed_meetings(ledger)
    people = changes.attend(
        ledger, current, present=["首华物业 王经理"], absent=["城建物业 赵经理"], actor="x", now=NOW
    )
    assert [(p.name, p.present) for p in people] == [
        ("首华物业 王经理", True),
        ("城建物业 赵经理", False),
    ]
    with pytest.raises(UsageError):
        changes.attend(ledger, current, present=["a", "a"], absent=[], actor="x", now=NOW)
    with pytest.raises(UsageError):
        changes.attend(ledger, current, present=[" "], absent=[], actor="x", now=NOW)


def test_list_and_show(ledger):
    previous, current = seed_meetings(ledger)
    rows = model.list_meetings(ledger, as_of=date(2026, 11, 27))
    assert [
        (r.id, r.number, r.agenda, r.decisions, r.decisions_done, r.present, r.absent) for r in rows
    ] == [(previous, 1, 2, 2, 1, 0, 0), (current, 2, 3, 0, 0, 3, 1)]
    assert model.list_meetings(ledger, kind="council", as_of=date(2026, 11, 27)) == []
    assert len(model.list_meetings(ledger, year=2026, as_of=date(2026, 11, 27))) == 2
    detail = model.show(ledger, previous, as_of=date(2026, 11, 27))
    assert [d.state for d in detail.decisions] == ["overdue", "done"]
