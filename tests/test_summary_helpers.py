"""Rows for summary and rates tests, inserted with plain SQL and explicit values, so that the
hand-computed cases depend on nothing but the schema (not on the complaint engine)."""

from __future__ import annotations

import itertools
import json
import sqlite3
from typing import Any

_uuids = itertools.count(1)


def add_complaint(
    conn: sqlite3.Connection,
    received_at: str,
    *,
    item: str = "garbage",
    company: str = "shouhua",
    building: int | None = 1,
    place: str | None = None,
    source: str = "hotline",
    status: str = "received",
    **columns: Any,
) -> int:
    """One complaint; any other column (dispatched_at, responded_at, respond_by, resolve_by,
    followup_resolved, followup_satisfied, unit, room ...) as a keyword."""
    scope = conn.execute("SELECT scope FROM items WHERE code = ?", (item,)).fetchone()[0]
    values: dict[str, Any] = {
        "uuid": f"test-{next(_uuids)}",
        "received_at": received_at,
        "source": source,
        "text": "测试诉求",
        "building": building,
        "place": place,
        "item": item,
        "scope": scope,
        "company": company,
        "routing": "separate" if scope == "separate" else "duty",
        "status": status,
        "created_at": received_at,
        "updated_at": received_at,
    }
    values.update(columns)
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f"INSERT INTO complaints ({cols}) VALUES ({marks})", tuple(values.values()))
    return int(cur.lastrowid or 0)


def add_event(
    conn: sqlite3.Connection,
    complaint_id: int,
    kind: str,
    at: str,
    *,
    before: str | None = None,
    after: str | None = None,
) -> int:
    """One event; ``before``/``after`` are statuses recorded as the complaint engine does."""
    data: dict[str, Any] = {}
    if before is not None:
        data["before"] = {"status": before}
    if after is not None:
        data["after"] = {"status": after}
    cur = conn.execute(
        "INSERT INTO events (uuid, at, actor, kind, complaint_id, subject, subject_id, data)"
        " VALUES (?, ?, '测试员', ?, ?, 'complaint', ?, ?)",
        (f"ev-{next(_uuids)}", at, kind, complaint_id, complaint_id, json.dumps(data)),
    )
    return int(cur.lastrowid or 0)


def test_helpers_insert_rows(conn: sqlite3.Connection) -> None:
    cid = add_complaint(conn, "2026-11-17 09:00:00", item="pipes", building=3, company="chengjian")
    add_event(conn, cid, "dispatch", "2026-11-17 10:00:00", before="received", after="dispatched")
    row = conn.execute("SELECT scope, company FROM complaints WHERE id = ?", (cid,)).fetchone()
    assert tuple(row) == ("separate", "chengjian")
    assert (
        conn.execute("SELECT count(*) FROM events WHERE complaint_id = ?", (cid,)).fetchone()[0]
        == 1
    )


def fill_week_47(conn: sqlite3.Connection) -> None:
    """The ledger behind the golden files and the hand-computed figures of ISO week 2026-W47
    (Monday 16 to Sunday 22 November 2026). Companies: joint items -> chengjian (on duty since
    2026-03-01), separate items -> the building's company (1-2 shouhua, 3-4 chengjian).

    Period figures (residents only; as of 2026-11-23 00:00):
      response 5/7 (shouhua 3/4, chengjian 2/3); resolution 1/3; satisfaction 1/3.
    Year to date: response 7/9, resolution 3/5, satisfaction 3/5.
    Open at the period's end: #4 in_progress, #5 dispatched, #6 received, #8 in_progress,
    #10 in_progress (resolved after the period); overdue #4 (3 days), #5 (2), #6 (1), #10 (1).
    Recurring: garbage at 垃圾站 #1 #2 #3 #8; stair lighting in building 1 #5 #12 #13.
    Spike: stair lighting, 3 this week against a usual 0.0.
    """

    def life(cid: int, *steps: tuple[str, str, str, str]) -> None:
        for kind, at, before, after in steps:
            add_event(conn, cid, kind, at, before=before, after=after)

    # Before the period
    c1 = add_complaint(
        conn,
        "2026-11-02 08:30:00",
        item="garbage",
        company="chengjian",
        building=None,
        place="垃圾站",
        status="closed",
        dispatched_at="2026-11-02 09:00:00",
        responded_at="2026-11-02 10:00:00",
        respond_by="2026-11-03 08:30:00",
        resolve_by="2026-11-04 08:30:00",
        resolved_at="2026-11-03 10:00:00",
        closed_at="2026-11-05 10:00:00",
        followup_resolved="yes",
        followup_satisfied="yes",
    )
    life(
        c1,
        ("dispatch", "2026-11-02 09:00:00", "received", "dispatched"),
        ("resolve", "2026-11-03 10:00:00", "in_progress", "resolved"),
    )
    c2 = add_complaint(
        conn,
        "2026-11-10 19:00:00",
        item="garbage",
        company="chengjian",
        building=None,
        place="垃圾站",
        source="meeting",
        status="closed",
        dispatched_at="2026-11-11 09:00:00",
        responded_at="2026-11-11 10:00:00",
        respond_by="2026-11-11 19:00:00",
        resolve_by="2026-11-12 19:00:00",
        resolved_at="2026-11-12 10:00:00",
        closed_at="2026-11-13 10:00:00",
        followup_resolved="yes",
        followup_satisfied="basic",
    )
    life(c2, ("close", "2026-11-13 10:00:00", "resolved", "closed"))
    # In the period
    c3 = add_complaint(
        conn,
        "2026-11-16 09:15:00",
        item="garbage",
        company="chengjian",
        building=None,
        place="垃圾站",
        status="resolved",
        dispatched_at="2026-11-16 09:30:00",
        responded_at="2026-11-16 11:00:00",
        respond_by="2026-11-17 09:15:00",
        resolve_by="2026-11-18 09:15:00",
        resolved_at="2026-11-17 15:00:00",
    )
    life(
        c3,
        ("dispatch", "2026-11-16 09:30:00", "received", "dispatched"),
        ("respond", "2026-11-16 11:00:00", "dispatched", "in_progress"),
        ("resolve", "2026-11-17 15:00:00", "in_progress", "resolved"),
    )
    c4 = add_complaint(
        conn,
        "2026-11-17 10:00:00",
        item="pipes",
        company="chengjian",
        building=3,
        unit=2,
        room="502",
        source="phone",
        status="in_progress",
        dispatched_at="2026-11-17 10:05:00",
        responded_at="2026-11-18 09:00:00",
        respond_by="2026-11-17 22:00:00",
        resolve_by="2026-11-20 10:00:00",
    )
    life(
        c4,
        ("dispatch", "2026-11-17 10:05:00", "received", "dispatched"),
        ("respond", "2026-11-18 09:00:00", "dispatched", "in_progress"),
    )
    c5 = add_complaint(
        conn,
        "2026-11-18 14:00:00",
        item="stair_lighting",
        company="shouhua",
        building=1,
        unit=3,
        source="walkin",
        status="dispatched",
        dispatched_at="2026-11-18 14:10:00",
        respond_by="2026-11-19 14:00:00",
        resolve_by="2026-11-21 14:00:00",
    )
    life(c5, ("dispatch", "2026-11-18 14:10:00", "received", "dispatched"))
    add_complaint(
        conn,
        "2026-11-19 08:00:00",
        item="parking",
        company="chengjian",
        building=None,
        place="停车场",
        source="patrol",
        respond_by="2026-11-20 08:00:00",
        resolve_by="2026-11-22 08:00:00",
    )
    c7 = add_complaint(
        conn,
        "2026-11-20 16:00:00",
        item="roof",
        company="chengjian",
        building=4,
        unit=1,
        room="601",
        ref="12345-20261120-001",
        status="closed",
        dispatched_at="2026-11-20 16:30:00",
        responded_at="2026-11-20 18:00:00",
        respond_by="2026-11-21 16:00:00",
        resolve_by="2026-11-30 16:00:00",
        resolved_at="2026-11-21 10:00:00",
        closed_at="2026-11-22 10:00:00",
        followup_resolved="partly",
        followup_satisfied="basic",
    )
    life(
        c7,
        ("dispatch", "2026-11-20 16:30:00", "received", "dispatched"),
        ("respond", "2026-11-20 18:00:00", "dispatched", "in_progress"),
        ("resolve", "2026-11-21 10:00:00", "in_progress", "resolved"),
        ("followup", "2026-11-22 10:00:00", None, None),
        ("close", "2026-11-22 10:00:00", "resolved", "closed"),
    )
    c8 = add_complaint(
        conn,
        "2026-11-21 09:00:00",
        item="garbage",
        company="chengjian",
        building=None,
        place="垃圾站",
        source="visit",
        status="in_progress",
        responded_at="2026-11-21 10:00:00",
        respond_by="2026-11-22 09:00:00",
        resolve_by="2026-11-23 09:00:00",
    )
    life(c8, ("respond", "2026-11-21 10:00:00", "received", "in_progress"))
    add_complaint(
        conn,
        "2026-11-22 20:00:00",
        item="greenery",
        company="chengjian",
        building=2,
        status="duplicate",
        duplicate_of=3,
    )
    c10 = add_complaint(
        conn,
        "2026-11-19 10:00:00",
        item="unit_door",
        company="shouhua",
        building=2,
        unit=4,
        status="resolved",
        dispatched_at="2026-11-19 11:00:00",
        responded_at="2026-11-19 15:00:00",
        respond_by="2026-11-20 10:00:00",
        resolve_by="2026-11-22 10:00:00",
        resolved_at="2026-11-25 10:00:00",
    )
    life(
        c10,
        ("dispatch", "2026-11-19 11:00:00", "received", "dispatched"),
        ("respond", "2026-11-19 15:00:00", "dispatched", "in_progress"),
        ("resolve", "2026-11-25 10:00:00", "in_progress", "resolved"),
    )
    # After the period
    add_complaint(
        conn,
        "2026-11-24 09:00:00",
        item="fees",
        company="shouhua",
        building=1,
        respond_by="2026-11-27 09:00:00",
        resolve_by="2026-12-09 09:00:00",
    )
    for day, answer in (("19", ("yes", "no")), ("20", ("no", "no"))):
        cid = add_complaint(
            conn,
            f"2026-11-{day} 07:30:00",
            item="stair_lighting",
            company="shouhua",
            building=1,
            unit=1,
            status="closed",
            dispatched_at=f"2026-11-{day} 08:00:00",
            responded_at=f"2026-11-{day} 09:00:00",
            respond_by=f"2026-11-{int(day) + 1} 07:30:00",
            resolve_by=f"2026-11-{int(day) + 3} 07:30:00",
            resolved_at=f"2026-11-{day} 17:00:00",
            closed_at=f"2026-11-{int(day) + 1} 10:00:00",
            followup_resolved=answer[0],
            followup_satisfied=answer[1],
        )
        life(
            cid,
            ("dispatch", f"2026-11-{day} 08:00:00", "received", "dispatched"),
            ("respond", f"2026-11-{day} 09:00:00", "dispatched", "in_progress"),
            ("resolve", f"2026-11-{day} 17:00:00", "in_progress", "resolved"),
            ("close", f"2026-11-{int(day) + 1} 10:00:00", "resolved", "closed"),
        )
    conn.commit()


def test_long_number_lists_show_the_latest_twenty_and_how_many_more() -> None:
    """A recurring group of a busy month: the mail line keeps the latest 20 numbers and says how
    many more there are (JSON keeps them all; see the JSON shape tests)."""
    from liuliqiao_cli.i18n import t
    from liuliqiao_cli.render.summary_text import NUMBERS_SHOWN, _numbers

    def tr(key: str, **kw: Any) -> str:
        return t(key, "zh", **kw)

    assert _numbers(tuple(range(1, NUMBERS_SHOWN + 1)), tr) == " ".join(
        f"#{n}" for n in range(1, NUMBERS_SHOWN + 1)
    )
    many = _numbers(tuple(range(1, 26)), tr)
    assert many.startswith("最近 20 件：#6 #7 ")
    assert many.endswith("#25；另 5 件见 --format json")
    assert "#5 " not in many
