"""Sample step: duty overrides (调班) agreed at joint meetings, and one revoked before it began.

The rotation itself (from 2023-03-01, 首华 first, handover on 1 March) comes with the estate.
The meetings are created later by the meetings step, so overrides are stored with meeting_id
NULL; ``ctx.facts["duty_overrides"]`` lists the ones that step should link to a meeting.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

from liuliqiao_cli.estate import duty_changes

# (start, end, company, reason, recorded at, agreed at a meeting, revoked at, revoke reason)
OVERRIDES: tuple[tuple[Any, ...], ...] = (
    (
        date(2024, 7, 1),
        date(2024, 7, 31),
        "shouhua",
        "城建物业保洁人员调整期间，经联席会商定由首华物业临时负责共同管理事项",
        datetime(2024, 6, 25, 19, 30),
        True,
        None,
        None,
    ),
    (
        date(2025, 1, 20),
        date(2025, 2, 10),
        "shouhua",
        "春节期间城建物业值守人员不足，拟由首华物业代为当值",
        datetime(2025, 1, 10, 16, 0),
        False,
        datetime(2025, 1, 16, 9, 15),
        "城建物业春节值守人员已落实，仍按原轮换执行",
    ),
    (
        date(2026, 2, 23),
        date(2026, 3, 8),
        "shouhua",
        "交接过渡：首华物业延续当值至3月8日，城建物业完成垃圾站交接准备后接手",
        datetime(2026, 2, 12, 19, 0),
        True,
        None,
        None,
    ),
)


def generate(conn: sqlite3.Connection, ctx: Any) -> None:
    agreed: list[int] = []
    for start, end, company, reason, at, at_meeting, revoked_at, revoke_reason in OVERRIDES:
        made = duty_changes.insert_override(
            conn,
            start=start,
            end=end,
            company=company,
            reason=reason,
            meeting_id=None,
            actor=ctx.actor,
            now=at,
        )
        if at_meeting:
            agreed.append(made.id)
        if revoked_at is not None:
            duty_changes.mark_revoked(
                conn, made.id, reason=revoke_reason, actor=ctx.actor, now=revoked_at
            )
    ctx.facts["duty_overrides"] = agreed
