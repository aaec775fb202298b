"""A complaint's deadlines: met or late (one rule for ``show``, the dossier and the rates), what
falls due within a window (``list --due-within``, ``today``), and recomputing the deadlines of
open complaints after the limits or the working days changed (``db recompute-deadlines``).

The rule the rates use (``store/counts.py``, ``in_time``) is the rule here: a response is in
time when the first response (``responded_at``, else ``resolved_at``: resolving at once is also
the first response) is at or before ``respond_by``; a resolution when ``resolved_at`` is at or
before ``resolve_by``. Times are the ledger's ``YYYY-MM-DD HH:MM:SS`` text, compared as text, as
SQL compares them.
"""

import re
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from liuliqiao_cli.complaints import status
from liuliqiao_cli.dates import from_iso, iso
from liuliqiao_cli.errors import UsageError

MET, LATE, PENDING, OVERDUE, NONE = "met", "late", "pending", "overdue", "none"
EV_DEADLINE = "deadline"  # the deadlines of a complaint recomputed (db recompute-deadlines)


# NamedTuples, not frozen dataclasses: `add` defines them on its start-up, where a frozen
# dataclass costs 3-5 times as much to define.


class Outcome(NamedTuple):
    """One deadline of one complaint: ``state`` is met, late (done after it), pending (not done,
    not yet due), overdue (not done, past it) or none (no deadline, or the complaint was closed
    without the step: a duplicate, a rejection)."""

    state: str
    by: str | None
    done: str | None
    late_by: timedelta | None = None  # how late (late) or how long past (overdue)


def _late(by: str, at: str) -> timedelta:
    a, b = from_iso(at), from_iso(by)
    assert a is not None and b is not None
    return a - b


def _outcome(by: str | None, done: str | None, still_open: bool, now: datetime) -> Outcome:
    if not by:
        return Outcome(NONE, by, done)
    if done:
        return Outcome(MET, by, done) if done <= by else Outcome(LATE, by, done, _late(by, done))
    at = iso(now) or ""
    if not still_open:
        return Outcome(NONE, by, None)
    if by < at:
        return Outcome(OVERDUE, by, None, _late(by, at))
    return Outcome(PENDING, by, None)


def response(values: dict[str, Any], now: datetime) -> Outcome:
    """The response deadline of a complaint row (``values``: the complaint's columns)."""
    done = values.get("responded_at") or values.get("resolved_at")
    return _outcome(values.get("respond_by"), done, values["status"] in status.OPEN_STATUSES, now)


def resolution(values: dict[str, Any], now: datetime) -> Outcome:
    """The resolution deadline of a complaint row."""
    return _outcome(
        values.get("resolve_by"),
        values.get("resolved_at"),
        values["status"] in status.OPEN_STATUSES,
        now,
    )


def is_late(values: dict[str, Any]) -> bool:
    """Whether either deadline was missed by a step taken after it (the dossier's mark)."""
    epoch = datetime(1970, 1, 1)
    return LATE in (response(values, epoch).state, resolution(values, epoch).state)


# --- what falls due ----------------------------------------------------------------------------

_WINDOW = r"(\d+)\s*(h|d|小时|天)"  # text: re compiles it on first use (--due-within)
WINDOW_MAX = timedelta(days=366)  # a year ahead: anything longer is a typo


class Window(NamedTuple):
    """``--due-within``: deadlines after ``start`` (now: those before are overdue) and before
    ``end``."""

    start: datetime
    end: datetime
    text: str


def parse_window(value: str, now: datetime) -> Window:
    """``24h``, ``2d``, ``today``/``今天`` (to the end of today), ``tomorrow``/``明天`` (to the
    end of tomorrow). Zero, negative, unknown units and windows beyond a year are refused."""
    text = " ".join(str(value).split()).lower()
    midnight = datetime.combine(now.date(), datetime.min.time())
    if text in ("today", "今天"):
        return Window(now, midnight + timedelta(days=1), text)
    if text in ("tomorrow", "明天"):
        return Window(now, midnight + timedelta(days=2), text)
    match = re.fullmatch(_WINDOW, text)
    if match is None:
        raise UsageError("clock.bad_window", value=value)
    amount = int(match.group(1))
    span = timedelta(hours=amount) if match.group(2) in ("h", "小时") else timedelta(days=amount)
    if amount == 0 or span > WINDOW_MAX:
        raise UsageError("clock.window_range", value=value)
    return Window(now, now + span, text)


def due_sql(kind: str) -> str:
    """The SQL predicate (on ``complaints``, parameters ``:due_start``, ``:due_end``) of the
    open complaints whose response (``kind`` = respond) or resolution (resolve) falls due in the
    window; each matches one partial index of migration m011 exactly."""
    statuses = ", ".join(f"'{s}'" for s in status.OPEN_STATUSES)
    if kind == "respond":
        return (
            f"(complaints.status IN ({statuses}) AND complaints.responded_at IS NULL"
            " AND complaints.respond_by > :due_start AND complaints.respond_by < :due_end)"
        )
    return (
        f"(complaints.status IN ({statuses})"
        " AND complaints.resolve_by > :due_start AND complaints.resolve_by < :due_end)"
    )


def next_due_sql() -> str:
    """SQL: the next deadline still to meet after ``:due_start`` (soonest-first ordering)."""
    return (
        "(CASE WHEN complaints.responded_at IS NULL AND complaints.respond_by > :due_start"
        " AND complaints.respond_by < complaints.resolve_by THEN complaints.respond_by"
        " ELSE complaints.resolve_by END)"
    )


def window_params(window: Window) -> dict[str, str]:
    return {"due_start": iso(window.start) or "", "due_end": iso(window.end) or ""}


# --- recomputing the deadlines of open complaints -----------------------------------------------


class Recomputed(NamedTuple):
    """One complaint whose deadlines change (or would, with ``--dry-run``)."""

    id: int
    respond_by: tuple[str | None, str | None]  # before, after
    resolve_by: tuple[str | None, str | None]
    unknown_years: tuple[int, ...]


def recompute(
    conn: sqlite3.Connection, *, now: datetime, actor: str, dry_run: bool = False
) -> list[Recomputed]:
    """Recompute the deadlines of every open complaint from its receipt, item and urgency with
    the limits the estate had on the day it was received (its version) and the working days
    the ledger has now; write each change with an event
    (``deadline``, before/after: undo takes it back) in one transaction. A response deadline is
    recomputed only while the response is pending: a response given is judged by the deadline
    it was given under."""
    from liuliqiao_cli.complaints.routing import deadlines
    from liuliqiao_cli.estate.versions import EstatesByDay
    from liuliqiao_cli.store.history import record_event
    from liuliqiao_cli.store.ledger import joined_transaction

    found = list(_changes(conn, EstatesByDay(conn), deadlines))
    if dry_run or not found:
        return found
    with joined_transaction(conn):
        for change in found:
            after: dict[str, Any] = {}
            before: dict[str, Any] = {}
            for column in ("respond_by", "resolve_by"):
                old, new = getattr(change, column)
                if old != new:
                    before[column], after[column] = old, new
            after["updated_at"] = iso(now)
            before["updated_at"] = conn.execute(
                "SELECT updated_at FROM complaints WHERE id = ?", (change.id,)
            ).fetchone()[0]
            sets = ", ".join(f"{k} = ?" for k in after)
            conn.execute(f"UPDATE complaints SET {sets} WHERE id = ?", (*after.values(), change.id))
            record_event(
                conn,
                kind=EV_DEADLINE,
                actor=actor,
                at=now,
                complaint_id=change.id,
                data={"before": before, "after": after, "reason": "recompute-deadlines"},
            )
    return found


def _changes(conn: sqlite3.Connection, by_day: Any, deadlines: Any) -> Iterator[Recomputed]:
    """Each open complaint's deadlines under the limits of the version of the estate in force
    on the day it was received (the one that routed it)."""
    marks = ", ".join("?" for _ in status.OPEN_STATUSES)
    for r in conn.execute(
        "SELECT id, received_at, item, urgency, respond_by, resolve_by, responded_at,"
        f" resolved_at FROM complaints WHERE status IN ({marks}) ORDER BY id",
        status.OPEN_STATUSES,
    ):
        received = from_iso(r["received_at"])
        estate = by_day.on(received.date()) if received is not None else None
        if received is None or estate is None or r["item"] not in estate.items:
            continue
        computed = deadlines(estate, r["item"], received, r["urgency"] == "urgent")
        respond = r["respond_by"]
        if r["responded_at"] is None and r["resolved_at"] is None:
            respond = iso(computed.respond_by)
        resolve = iso(computed.resolve_by)
        if (respond, resolve) != (r["respond_by"], r["resolve_by"]):
            yield Recomputed(
                r["id"],
                (r["respond_by"], respond),
                (r["resolve_by"], resolve),
                computed.unknown_years,
            )


def unknown_year_deadlines(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """``db check``: (year, open complaints) for the years of unknown public holidays that
    working-day deadlines of open complaints fall in (they were counted as Monday to Friday)."""
    from liuliqiao_cli.estate import model

    estate = model.load(conn)
    calendar = estate.calendar()
    workday_items = [
        code
        for code, item in estate.items.items()
        if any(item.limit(step).unit == "workdays" for step in model.LIMIT_STEPS)
    ]
    if not workday_items:
        return []
    items = ", ".join("?" for _ in workday_items)
    marks = ", ".join("?" for _ in status.OPEN_STATUSES)
    out = []
    for row in conn.execute(
        "SELECT substr(resolve_by, 1, 4) AS year, count(*) FROM complaints"
        f" WHERE status IN ({marks}) AND item IN ({items}) AND resolve_by IS NOT NULL"
        " GROUP BY year ORDER BY year",
        (*status.OPEN_STATUSES, *workday_items),
    ):
        if not calendar.known(int(row[0])):
            out.append((int(row[0]), int(row[1])))
    return out
