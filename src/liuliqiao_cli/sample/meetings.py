"""Sample meetings: four years of residents' council meetings, joint-management consultation
meetings, liaison meetings, symposiums and progress meetings, with agendas drawn from the sample
complaints, attendance lists and decisions (some carried out, some overdue), each change with
its event; one joint meeting planned after the sample's end with an empty agenda (for
``meeting agenda N --auto``). Duty overrides named in ``ctx.facts["duty_overrides"]`` are linked
to the liaison meeting that agreed them. Deterministic: ``ctx.rng`` and fixed times only.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from typing import Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.store import history
from liuliqiao_cli.store.ids import new_uuid

# kind -> (first date, days between meetings, place, host, time)
SCHEDULE = {
    "council": (date(2022, 10, 15), 61, "社区居委会议事厅", "李书记", "19:00"),
    "joint": (date(2023, 3, 10), 45, "社区会议室", "李书记", "14:30"),
    "progress": (date(2023, 5, 20), 92, "小区物业服务中心", "陈主任", "09:30"),
    "symposium": (date(2022, 12, 8), 183, "社区党群服务中心", "李书记", "15:00"),
    "liaison": (date(2023, 2, 20), 180, "街道办事处第二会议室", "六里桥街道 周科长", "10:00"),
}
RECORDER = "张网格员"
ATTENDEES = {
    "council": [
        "社区党委 李书记",
        "网格员 张网格员",
        "1号楼楼门长 刘**",
        "2号楼楼门长 陈**",
        "3号楼楼门长 杨**",
        "4号楼楼门长 赵**",
        "居民代表 孙**",
        "居民代表 周**",
        "党员志愿者 吴**",
    ],
    "joint": [
        "社区党委 李书记",
        "网格员 张网格员",
        "首华物业 王经理",
        "城建物业 赵经理",
        "业主代表 刘**",
        "业主代表 黄**",
        "居民代表 孙**",
    ],
    "progress": ["社区居委会 陈主任", "网格员 张网格员", "首华物业 王经理", "城建物业 赵经理"],
    "symposium": [
        "社区党委 李书记",
        "首华物业 王经理",
        "城建物业 赵经理",
        "居民代表 孙**",
        "居民代表 周**",
        "在职党员 郑**",
    ],
    "liaison": [
        "六里桥街道 周科长",
        "社区党委 李书记",
        "首华物业 王经理",
        "城建物业 赵经理",
        "城建物业 钱副经理",
    ],
}
GENERAL_DECISIONS = [
    ("两处垃圾桶站合并为一处，由当值物业统一清运", "shouhua"),
    ("建设公共晾晒区，两家物业分摊材料费", "chengjian"),
    ("共享花园认领制：居民认领、物业提供浇水设施", "shouhua"),
    ("小区北侧增设休闲座椅六组", "chengjian"),
    ("共同管理事项清单修订后报街道备案", "社区居委会"),
    ("非机动车集中停放区划线，物业每周巡查一次", "chengjian"),
]
DECISION_TEMPLATES = [
    "由{company}在{days}日内处理完毕，网格员回访",
    "{company}先行处置，费用按共管协议分担",
    "{company}派专人现场查看并制定整改方案",
    "请{company}每周报告进度，下次会议通报",
]
PLANNED_JOINT = date(2026, 12, 5)  # after the sample's end: a meeting being prepared


def _at(day: date, hhmm: str) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m)


def _insert_meeting(
    conn: sqlite3.Connection,
    kind: str,
    day: date,
    place: str,
    host: str,
    time: str,
    actor: str,
    title: str = "",
) -> int:
    created = _at(day, time) - timedelta(days=3)
    meeting_id = int(
        conn.execute(
            "INSERT INTO meetings (uuid, kind, date, time, place, host, recorder, title, notes, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
            (
                new_uuid(),
                kind,
                day.isoformat(),
                time,
                place,
                host,
                RECORDER,
                title,
                str(created),
                str(created),
            ),
        ).lastrowid
        or 0
    )
    history.record_event(
        conn,
        kind="meeting",
        actor=actor,
        at=created,
        subject="meeting",
        subject_id=meeting_id,
        data={"kind": kind, "date": day.isoformat(), "place": place},
    )
    return meeting_id


def _dates(first: date, every: int, end: date) -> list[date]:
    out, day = [], first
    while day <= end:
        out.append(day)
        day += timedelta(days=every)
    return out


def generate(conn: sqlite3.Connection, ctx: Any) -> None:
    rng = ctx.rng
    end: date = ctx.end
    names = {r[0]: r[1] for r in conn.execute("SELECT code, name FROM companies")}
    plan = sorted(
        (day, kind)
        for kind, (first, every, *_rest) in SCHEDULE.items()
        for day in _dates(first, every, end - timedelta(days=3))
    )
    last_of_kind: dict[str, date] = {}
    for day, kind in plan:
        _, _, place, host, time = SCHEDULE[kind]
        meeting_id = _insert_meeting(conn, kind, day, place, host, time, ctx.actor)
        at = _at(day, time)
        since = last_of_kind.get(kind, day - timedelta(days=30))
        last_of_kind[kind] = day
        _agenda_and_decisions(conn, ctx, rng, meeting_id, kind, since, day, at, names)
        _attendance(conn, rng, meeting_id, kind, at, ctx.actor)
    _link_overrides(conn, ctx, names)
    _insert_meeting(
        conn,
        "joint",
        PLANNED_JOINT,
        "社区会议室",
        "李书记",
        "14:30",
        ctx.actor,
        title="冬季供暖前公共设施检查",
    )


def _agenda_and_decisions(
    conn: sqlite3.Connection,
    ctx: Any,
    rng: Any,
    meeting_id: int,
    kind: str,
    since: date,
    day: date,
    at: datetime,
    names: dict[str, str],
) -> None:
    candidates = conn.execute(
        "SELECT id, company, status FROM complaints WHERE received_at > ? AND received_at < ?"
        " ORDER BY id",
        (since.isoformat() + " 23:59:59", day.isoformat()),
    ).fetchall()
    limit = {"council": 8, "joint": 10, "progress": 6, "symposium": 5, "liaison": 4}[kind]
    chosen = sorted(rng.sample(candidates, min(limit, len(candidates))), key=lambda r: r[0])
    prepared = at - timedelta(days=2)
    for position, (cid, _company, st) in enumerate(chosen, start=1):
        reason = (
            "disputed"
            if st == status.DISPUTED
            else rng.choice(("new", "new", "new", "overdue", "manual"))
        )
        conn.execute(
            "INSERT INTO meeting_agenda (meeting_id, complaint_id, position, reason) VALUES (?, ?, ?, ?)",
            (meeting_id, cid, position, reason),
        )
        history.record_event(
            conn,
            kind="agenda",
            actor=ctx.actor,
            at=prepared,
            complaint_id=cid,
            subject="meeting",
            subject_id=meeting_id,
            data={"action": "add", "reason": reason},
        )
    decided = [row for row in chosen if rng.random() < 0.5]
    for cid, company, _st in decided:
        template = rng.choice(DECISION_TEMPLATES)
        days = rng.choice((7, 10, 14, 30))
        text = template.format(company=names.get(company, company), days=days)
        _decision(
            conn, ctx, rng, meeting_id, cid, text, company, day + timedelta(days=days), at, None
        )
    if kind in ("joint", "liaison", "symposium") and rng.random() < 0.35:
        text, owner = rng.choice(GENERAL_DECISIONS)
        due = day + timedelta(days=rng.choice((30, 60, 90)))
        # General decisions have no complaint to tell whether they were done: most are marked
        # done a little after their deadline; those due near the sample's end stay open (overdue).
        done = (
            due + timedelta(days=rng.randint(-10, 5))
            if due < ctx.end - timedelta(days=40)
            else None
        )
        _decision(conn, ctx, rng, meeting_id, None, text, owner, due, at, done)


def _decision(
    conn: sqlite3.Connection,
    ctx: Any,
    rng: Any,
    meeting_id: int,
    complaint_id: int | None,
    text: str,
    owner: str,
    due: date,
    at: datetime,
    done: date | None,
) -> None:
    present = rng.randint(7, 16)
    against = rng.choice((0, 0, 0, 1))
    abstain = rng.choice((0, 0, 1, 2))
    votes = (present - against - abstain, against, abstain)
    decision_id = int(
        conn.execute(
            "INSERT INTO meeting_decisions (uuid, meeting_id, complaint_id, decision, owner, due, votes_for,"
            " votes_against, votes_abstain, done_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_uuid(),
                meeting_id,
                complaint_id,
                text,
                owner,
                due.isoformat(),
                *votes,
                done.isoformat() if done else None,
                str(at + timedelta(hours=1)),
            ),
        ).lastrowid
        or 0
    )
    history.record_event(
        conn,
        kind="decision",
        actor=ctx.actor,
        at=at + timedelta(hours=1),
        complaint_id=complaint_id,
        subject="meeting",
        subject_id=meeting_id,
        data={
            "decision_id": decision_id,
            "decision": text,
            "owner": owner,
            "due": due.isoformat(),
            "votes": list(votes),
        },
    )


def _attendance(
    conn: sqlite3.Connection, rng: Any, meeting_id: int, kind: str, at: datetime, actor: str
) -> None:
    people = ATTENDEES[kind]
    absent = set(rng.sample(people[2:], rng.choice((0, 0, 1, 1, 2))))
    conn.executemany(
        "INSERT INTO meeting_attendance (meeting_id, name, present) VALUES (?, ?, ?)",
        [(meeting_id, p, 0 if p in absent else 1) for p in people],
    )
    history.record_event(
        conn,
        kind="attendance",
        actor=actor,
        at=at + timedelta(hours=2),
        subject="meeting",
        subject_id=meeting_id,
        data={"present": len(people) - len(absent), "absent": len(absent)},
    )


def _override_ids(facts: Any) -> list[int]:
    out = []
    for entry in facts.get("duty_overrides", []) or []:
        value = entry.get("id") if isinstance(entry, dict) else entry
        if isinstance(value, int):
            out.append(value)
    return out


def _link_overrides(conn: sqlite3.Connection, ctx: Any, names: dict[str, str]) -> None:
    """Each override was agreed at a liaison meeting a few days before it started."""
    for override_id in _override_ids(ctx.facts):
        row = conn.execute(
            "SELECT start_date, end_date, company, reason FROM duty_overrides WHERE id = ?",
            (override_id,),
        ).fetchone()
        if row is None:
            continue
        start = date.fromisoformat(row[0])
        day = start - timedelta(days=4)
        _, _, place, host, time = SCHEDULE["liaison"]
        meeting_id = _insert_meeting(
            conn, "liaison", day, place, host, time, ctx.actor, title="当值调整"
        )
        at = _at(day, time)
        _attendance(conn, ctx.rng, meeting_id, "liaison", at, ctx.actor)
        text = f"{row[0]} 至 {row[1]} 由{names.get(row[2], row[2])}临时当值：{row[3]}"
        _decision(conn, ctx, ctx.rng, meeting_id, None, text, row[2], start, at, start)
        conn.execute(
            "UPDATE duty_overrides SET meeting_id = ? WHERE id = ?", (meeting_id, override_id)
        )
        history.record_event(
            conn,
            kind="link",
            actor=ctx.actor,
            at=at + timedelta(hours=1),
            subject="override",
            subject_id=override_id,
            data={"meeting_id": meeting_id},
        )
