"""Complaints, contacts and events inserted with plain SQL for the meeting and dossier tests
(independent of the complaint domain's own functions)."""

from __future__ import annotations

import json
import sqlite3
import uuid

from liuliqiao_cli.complaints.contacts import store_contact

# (id, received_at, source, text, building, unit, room, place, item, scope, company, status,
#  respond_by, resolve_by, responded_at, resolved_at, closed_at, followup_at, resolved?, satisfied?, contact)
COMPLAINTS = [
    (
        1001,
        "2026-10-20 09:00:00",
        "meeting",
        "垃圾站周边堆放杂物，气味大",
        None,
        None,
        None,
        "垃圾站",
        "garbage",
        "joint",
        "shouhua",
        "closed",
        "2026-10-21 09:00:00",
        "2026-10-27 09:00:00",
        "2026-10-20 15:00:00",
        "2026-10-25 10:00:00",
        "2026-10-28 10:00:00",
        "2026-10-28 10:00:00",
        "yes",
        "yes",
        ("王秀英", "13800001234"),
    ),
    (
        1002,
        "2026-11-03 10:30:00",
        "hotline",
        "3号楼2单元楼道灯不亮 | 已两周\n晚上看不见",
        3,
        2,
        "502",
        None,
        "stair_lighting",
        "separate",
        "chengjian",
        "in_progress",
        "2026-11-04 10:30:00",
        "2026-11-10 10:30:00",
        "2026-11-03 16:00:00",
        None,
        None,
        None,
        None,
        None,
        ("李建国", "13912345678"),
    ),
    (
        1003,
        "2026-11-10 08:15:00",
        "patrol",
        '=HYPERLINK("http://x") 非机动车乱停 <b>北门</b>',
        None,
        None,
        None,
        "北门",
        "parking",
        "joint",
        "shouhua",
        "disputed",
        "2026-11-11 08:15:00",
        "2026-11-17 08:15:00",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ),
    (
        1004,
        "2026-11-20 14:00:00",
        "visit",
        "1号楼屋顶漏水，顶层住户墙面发霉",
        1,
        3,
        "601",
        None,
        "roof",
        "separate",
        "shouhua",
        "received",
        "2026-11-21 14:00:00",
        "2026-12-20 14:00:00",
        None,
        None,
        None,
        None,
        None,
        None,
        ("赵敏", "010-63001234"),
    ),
    (
        1005,
        "2026-11-25 19:00:00",
        "phone",
        "晾晒区晾衣绳断了",
        None,
        None,
        None,
        "晾晒区",
        "drying",
        "joint",
        "shouhua",
        "resolved",
        "2026-11-26 19:00:00",
        "2026-12-02 19:00:00",
        "2026-11-26 09:00:00",
        "2026-11-26 17:00:00",
        None,
        None,
        None,
        None,
        None,
    ),
]


def seed(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN")
    for row in COMPLAINTS:
        (
            cid,
            received,
            source,
            text,
            building,
            unit,
            room,
            place,
            item,
            scope,
            company,
            status,
            respond_by,
            resolve_by,
            responded,
            resolved,
            closed,
            followup,
            f_res,
            f_sat,
            contact,
        ) = row
        contact_id = None
        dispatched = None if status == "received" else received
        if contact:
            contact_id = store_contact(conn, *contact)  # the companion file keeps the originals
        conn.execute(
            "INSERT INTO complaints (id, uuid, received_at, source, text, building, unit, room, place, item,"
            " scope, company, routing, status, respond_by, resolve_by, dispatched_at, responded_at, resolved_at,"
            " closed_at, followup_at, followup_resolved, followup_satisfied, contact_id, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'duty', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cid,
                str(uuid.uuid4()),
                received,
                source,
                text,
                building,
                unit,
                room,
                place,
                item,
                scope,
                company,
                status,
                respond_by,
                resolve_by,
                dispatched,
                responded,
                resolved,
                closed,
                followup,
                f_res,
                f_sat,
                contact_id,
                received,
                received,
            ),
        )
        events = [("create", received)] + ([("dispatch", dispatched)] if dispatched else [])
        if responded:
            events.append(("respond", responded))
        if resolved:
            events.append(("resolve", resolved))
        if closed:
            events.append(("close", closed))
        if status == "disputed":
            events.append(("dispute", "2026-11-12 09:00:00"))
        for kind, at in events:
            conn.execute(
                "INSERT INTO events (uuid, at, actor, kind, complaint_id, subject, subject_id, data)"
                " VALUES (?, ?, '测试员', ?, ?, 'complaint', ?, ?)",
                (str(uuid.uuid4()), at, kind, cid, cid, json.dumps({})),
            )
    conn.execute("COMMIT")


def seed_meetings(conn: sqlite3.Connection) -> tuple[int, int]:
    """A past joint meeting with two decisions (one done, one overdue) and the next joint
    meeting, auto-proposed agenda and attendance. Returns (previous id, next id)."""
    from datetime import date, datetime

    from liuliqiao_cli.meetings import changes

    now = datetime(2026, 11, 27, 10, 0, 0)
    first = changes.add(
        conn,
        kind="joint",
        day=date(2026, 10, 30),
        time="14:30",
        place="社区会议室",
        host="李书记",
        recorder="张网格员",
        actor="测试员",
        now=now,
    )
    changes.change_agenda(conn, first.id, add=[1001, 1002], actor="测试员", now=now)
    changes.decide(
        conn,
        first.id,
        complaint_id=1002,
        decision="城建物业一周内修复楼道灯",
        owner="城建",
        due=date(2026, 11, 10),
        votes=(15, 0, 1),
        actor="测试员",
        now=now,
    )
    changes.decide(
        conn,
        first.id,
        complaint_id=1001,
        decision="垃圾站每日清运两次",
        owner="shouhua",
        due=date(2026, 11, 5),
        actor="测试员",
        now=now,
    )
    second = changes.add(
        conn,
        kind="物业共管议事协商会",
        day=date(2026, 12, 5),
        time="14:30",
        place="社区会议室",
        host="李书记",
        recorder="张网格员",
        actor="测试员",
        now=now,
    )
    changes.change_agenda(conn, second.id, auto=True, actor="测试员", now=now)
    changes.attend(
        conn,
        second.id,
        present=["首华物业 王经理", "城建物业 赵经理", "3号楼楼门长 刘**"],
        absent=["居民代表 孙**"],
        actor="测试员",
        now=now,
    )
    return first.id, second.id
