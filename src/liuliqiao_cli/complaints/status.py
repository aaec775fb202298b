"""The shared vocabulary of a complaint's life: statuses, sources, event kinds, "overdue".

Several modules (complaints, summary, dossier, exchange) depend on these names, so they live in
one small module with no imports. The transition table itself belongs to ``complaints``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
    from datetime import datetime

# Statuses, in the order of a complaint's life.
RECEIVED = "received"  # 已受理
DISPATCHED = "dispatched"  # 已派单
IN_PROGRESS = "in_progress"  # 处理中
RESOLVED = "resolved"  # 已办结 (awaiting the follow-up call)
CLOSED = "closed"  # 已结案 (after the follow-up call)
DISPUTED = "disputed"  # 责任有争议
REOPENED = "reopened"  # 回访未解决，重新办理
DUPLICATE = "duplicate"  # 重复诉求 (terminal)
REJECTED = "rejected"  # 不予受理 (terminal)

STATUSES = (
    RECEIVED,
    DISPATCHED,
    IN_PROGRESS,
    RESOLVED,
    CLOSED,
    DISPUTED,
    REOPENED,
    DUPLICATE,
    REJECTED,
)
# Still needing work by a company: counted in the backlog, can become overdue.
OPEN_STATUSES = (RECEIVED, DISPATCHED, IN_PROGRESS, DISPUTED, REOPENED)
TERMINAL_STATUSES = (CLOSED, DUPLICATE, REJECTED)

# Sources (来源). meeting 议事会, hotline 12345, patrol 巡查, visit 走访, phone 电话,
# walkin 来访, company 物业报告. patrol and visit are the worker's own findings (未诉先办):
# summaries count them apart from residents' complaints.
SOURCES = ("meeting", "hotline", "patrol", "visit", "phone", "walkin", "company")
PROACTIVE_SOURCES = ("patrol", "visit")

# Event kinds written to ``events.kind``. Status changes use the verb of the step, so that
# "how many were dispatched this week" is a count of kind = 'dispatch' events in the week.
EV_CREATE = "create"
EV_DISPATCH = "dispatch"
EV_RESPOND = "respond"
EV_RESOLVE = "resolve"
EV_FOLLOWUP = "followup"  # data: resolved, satisfied; followed by close or reopen
EV_CLOSE = "close"
EV_REOPEN = "reopen"
EV_DISPUTE = "dispute"
EV_DUPLICATE = "duplicate"
EV_REJECT = "reject"
EV_ROUTE = "route"  # responsible company overridden (reason required)
EV_EDIT = "edit"  # place/item/urgency corrected
EV_TAG = "tag"
EV_NOTE = "note"
EV_CONTACTS = "contacts"  # contacts shown or exported unmasked (privacy record)
EV_REMIND = "remind"  # 催办: a chase to the company; data: company, note
EV_UNDO = "undo"

# The steps whose event records a status change (its "before" status) as a rule, so the first one
# after a moment tells the status then. A follow-up records its answers, never a status (a close
# or reopen step follows it); an undo records one only when it undoes a status change. Migration
# m006's partial index events_steps holds exactly these kinds (a test compares them).
STEP_KINDS = (
    EV_DISPATCH,
    EV_RESPOND,
    EV_RESOLVE,
    EV_CLOSE,
    EV_REOPEN,
    EV_DISPUTE,
    EV_DUPLICATE,
    EV_REJECT,
)
# Events that may change a complaint's status: the steps, a follow-up and an undo.
STATUS_EVENT_KINDS = (
    EV_DISPATCH,
    EV_RESPOND,
    EV_RESOLVE,
    EV_FOLLOWUP,
    EV_CLOSE,
    EV_REOPEN,
    EV_DISPUTE,
    EV_DUPLICATE,
    EV_REJECT,
    EV_UNDO,
)
# The steps a summary counts per company ("dispatched this week" ...), kept as running totals;
# a chase (催办) is counted with them (migration m011 recreated the triggers for it).
MOVED_KINDS = (EV_DISPATCH, EV_RESPOND, EV_RESOLVE, EV_CLOSE, EV_REOPEN, EV_DISPUTE, EV_REMIND)
# A complaint's life in brief (a dossier's agenda shows its latest few): its creation, routing and
# every status change; notes, tags, corrections and undos are left out.
LIFE_KINDS = (
    EV_CREATE,
    EV_DISPATCH,
    EV_RESPOND,
    EV_RESOLVE,
    EV_FOLLOWUP,
    EV_CLOSE,
    EV_REOPEN,
    EV_DISPUTE,
    EV_DUPLICATE,
    EV_REJECT,
    EV_ROUTE,
    EV_REMIND,
)

# Data of an event that changes complaint columns: {"before": {col: old}, "after": {col: new},
# ...extra such as "reason" or "note"}. Tag events: {"added": [...], "removed": [...]}.
# Undo restores "before" (and inverts tag changes) and records an EV_UNDO event with
# ``undoes`` = the reverted event's id.


def overdue_sql(now_param: str = ":now") -> str:
    """SQL predicate (on table ``complaints``) for "overdue at :now": open and past a deadline
    that has not been met. Uses the (status, received_at) index through the status IN list."""
    statuses = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    return (
        f"(complaints.status IN ({statuses}) AND ("
        f"(complaints.responded_at IS NULL AND complaints.respond_by < {now_param})"
        f" OR complaints.resolve_by < {now_param}))"
    )


def overdue_count(conn: sqlite3.Connection, now: datetime) -> int:
    """How many complaints are overdue at ``now`` (:func:`overdue_sql`): the shell's bottom line
    reads it after each command."""
    from liuliqiao_cli.dates import iso

    sql = f"SELECT count(*) FROM complaints WHERE {overdue_sql(':now')}"
    return int(conn.execute(sql, {"now": iso(now)}).fetchone()[0])
