"""Handovers as they happen: open jointly managed complaints that a change of effective duty
left with a company no longer on duty are *awaiting confirmation* (移交待确认) until the worker
records who takes them over (``duty handover --confirm``).

Which complaints: open, jointly managed, routed by duty (or by an earlier handover), held by a
company other than the one on duty today, and received before today's duty began (the last
change of effective duty, from ``estate/duty_spans.py``). A complaint routed by the worker's own
choice (``routing`` = override, with a reason) stays where she put it. When duty comes back to
the company holding it (an override ends), it is no longer awaiting anything.

A new version of the estate (``estate apply``, issue 20) passes complaints on the same way: once
a version other than the first is in force, an open complaint routed by rule (separate, duty or
an earlier handover) whose company is not the one that version gives it today awaits a
confirmation too: a building that changed company, an item that became jointly managed (the
company on duty) or separately managed (the building's). For an item jointly managed under that
version and recorded as such, the change of duty decides, as above.

Confirming moves each complaint to the incoming company (``routing`` = handover, the change in
the routing note; the scope the version gives the item) with a ``handover`` event holding
before/after, so ``undo`` takes it back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, NamedTuple

from liuliqiao_cli.complaints import status
from liuliqiao_cli.complaints.routing import ROUTE_DUTY, ROUTE_HANDOVER, ROUTE_SEPARATE
from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import LedgerError, NotFound
from liuliqiao_cli.estate import duty_ledger, duty_spans, versions
from liuliqiao_cli.estate.duty import NoRotation, duty_on

EV_HANDOVER = "handover"


class DutyNow(NamedTuple):  # not a dataclass: `list` imports this module on every run
    """Who is on duty on ``day`` and since when (the last change of effective duty), and the
    version of the estate in force that day when it is not the first."""

    day: date
    company: str | None  # None: no rotation covers the day
    since: date | None
    change: duty_spans.Change | None
    estate: versions.Routing | None = None


def duty_now(conn: sqlite3.Connection, day: date) -> DutyNow:
    estate = versions.routing_on(conn, day)
    rotation, overrides = duty_ledger.load_rotation(conn)
    try:
        company = duty_on(day, rotation, overrides).company
    except NoRotation:
        return DutyNow(day, None, None, None, estate)
    change = duty_spans.last_change(day, rotation, overrides)
    since = change.date if change is not None else min(v.effective_from for v in rotation)
    return DutyNow(day, company, since, change, estate)


# Routings a handover may move: the worker's own choice (override) stays where she put it.
BY_RULE = (ROUTE_SEPARATE, ROUTE_DUTY, ROUTE_HANDOVER)


def _quoted(codes: Iterable[object]) -> str:
    """Codes as SQL literals (validated identifiers; quotes doubled all the same)."""
    return ", ".join("'" + str(c).replace("'", "''") + "'" for c in sorted(map(str, codes)))


def pending_sql(now: DutyNow, table: str = "complaints") -> str:
    """SQL: the complaint row ``table`` awaits a handover confirmation (parameters from
    :func:`pending_params`). While the first version of the estate is in force, it matches
    migration m011's partial index ``complaints_open_joint``."""
    statuses = ", ".join(f"'{s}'" for s in status.OPEN_STATUSES)
    t = table
    by_duty = (
        f"{t}.scope = 'joint' AND {t}.routing IN ('{ROUTE_DUTY}', '{ROUTE_HANDOVER}')"
        f" AND {t}.status IN ({statuses}) AND {t}.company != :ho_company"
        f" AND {t}.received_at < :ho_since"
    )
    r = now.estate
    if r is None:
        return f"({by_duty})"
    joint, separate = _quoted(r.joint) or "''", _quoted(r.separate) or "''"
    whens = " ".join(f"WHEN {n} THEN {_quoted([c])}" for n, c in sorted(r.buildings.items()))
    return (
        f"({t}.status IN ({statuses}) AND {t}.routing IN ({_quoted(BY_RULE)}) AND ("
        f"({t}.item IN ({joint}) AND {by_duty})"
        f" OR ({t}.item IN ({joint}) AND {t}.scope = 'separate' AND :ho_company != ''"
        f" AND {t}.company != :ho_company)"
        f" OR ({t}.item IN ({separate}) AND {t}.company != CASE {t}.building {whens} END)))"
    )


def pending_params(now: DutyNow) -> dict[str, str]:
    if now.company is None or now.since is None:
        return {"ho_company": "", "ho_since": ""}  # nothing is received before ''
    return {"ho_company": now.company, "ho_since": f"{now.since.isoformat()} 00:00:00"}


# The planner would rather walk every open complaint by status (company != ? is no range): the
# partial index holds only the open joint complaints routed by duty, and covers the query. Once
# a later version of the estate is in force, complaints of any scope may await a confirmation:
# a ledger with versions has an index of its open complaints for that (estate/version_tables.py).
def _pending_from(conn: sqlite3.Connection, now: DutyNow) -> str:
    if now.estate is None:
        return "FROM complaints INDEXED BY complaints_open_joint"
    if conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'complaints_open_routing'"
    ).fetchone():
        return "FROM complaints INDEXED BY complaints_open_routing"
    return "FROM complaints"


def pending_ids(conn: sqlite3.Connection, day: date) -> list[int]:
    """The complaints awaiting a handover confirmation on ``day`` (the meeting agenda's rule)."""
    now = duty_now(conn, day)
    sql = f"SELECT id {_pending_from(conn, now)} WHERE {pending_sql(now)} ORDER BY id"
    return [r[0] for r in conn.execute(sql, pending_params(now))]


def pending_count(conn: sqlite3.Connection, day: date) -> int:
    now = duty_now(conn, day)
    sql = f"SELECT count(*) {_pending_from(conn, now)} WHERE {pending_sql(now)}"
    return int(conn.execute(sql, pending_params(now)).fetchone()[0])


class Passing(NamedTuple):
    """Where a complaint awaiting a confirmation passes to, since when and why."""

    company: str
    on: date  # the change of duty, or the first day of the estate's version
    cause: str  # "duty" or "estate"
    scope: str  # the scope the item has now (a version may have changed it)


def passing(values: dict[str, Any], now: DutyNow) -> Passing | None:
    """:func:`pending_sql` for one complaint, in Python (``show``, confirming one): where it
    passes to, or None when it awaits no confirmation."""
    if values["status"] not in status.OPEN_STATUSES:
        return None
    by_duty = (
        now.company is not None
        and now.since is not None
        and values["scope"] == "joint"
        and values["routing"] in (ROUTE_DUTY, ROUTE_HANDOVER)
        and values["company"] != now.company
        and values["received_at"] < f"{now.since.isoformat()} 00:00:00"
    )
    r = now.estate
    if r is None or (by_duty and values["item"] in r.joint):
        if by_duty and now.company is not None and now.since is not None:
            return Passing(now.company, now.since, "duty", "joint")
        return None
    if values["routing"] not in BY_RULE:
        return None
    if values["item"] in r.joint:
        if values["scope"] == "separate" and now.company and values["company"] != now.company:
            return Passing(now.company, r.from_date, "estate", "joint")
        return None
    if values["item"] in r.separate and values["building"] is not None:
        company = r.buildings.get(values["building"])
        if company is not None and company != values["company"]:
            return Passing(company, r.from_date, "estate", "separate")
    return None


def is_pending(values: dict[str, Any], now: DutyNow) -> bool:
    return passing(values, now) is not None


class Confirmed(NamedTuple):
    id: int
    outgoing: str
    incoming: str
    on: date  # the change of duty, or the first day of the estate's version
    cause: str = "duty"  # or "estate": a new version of the estate passed it on
    scope: str = "joint"


def confirm(
    conn: sqlite3.Connection,
    *,
    today: date,
    now: datetime,
    actor: str,
    on: date | None = None,
    complaint_id: int | None = None,
) -> list[Confirmed]:
    """Record who takes over: every complaint passed on at the change of duty on ``on`` (default:
    the last change up to ``today``) and those the version of the estate in force passed on
    (when ``on`` is its first day, or not given), or the one complaint ``complaint_id`` (awaiting
    today). One transaction; raises when there is no such change or the complaint is not
    awaiting."""
    from liuliqiao_cli.store.history import record_event
    from liuliqiao_cli.store.ledger import joined_transaction

    with joined_transaction(conn):
        if complaint_id is not None:
            chosen = _one(conn, complaint_id, today)
        else:
            chosen = _at_change(conn, on, today)
        names = duty_ledger.company_names(conn, "zh")  # the ledger's notes are in Chinese
        for c in chosen:
            row = conn.execute(
                "SELECT company, routing, routing_note, scope, updated_at FROM complaints"
                " WHERE id = ?",
                (c.id,),
            ).fetchone()
            outgoing, incoming = (
                names.get(c.outgoing, c.outgoing),
                names.get(c.incoming, c.incoming),
            )
            what = "小区定义变更" if c.cause == "estate" else "交接"
            after: dict[str, Any] = {
                "company": c.incoming,
                "routing": ROUTE_HANDOVER,
                "routing_note": f"{c.on.isoformat()} {what}：{outgoing} → {incoming}，已确认接手",
            }
            if row["scope"] != c.scope:
                after["scope"] = c.scope
            after["updated_at"] = iso(now)
            before = {k: row[k] for k in after}
            sets = ", ".join(f"{k} = ?" for k in after)
            conn.execute(f"UPDATE complaints SET {sets} WHERE id = ?", (*after.values(), c.id))
            data = {"before": before, "after": after, "on": c.on.isoformat()}
            if c.cause == "estate":
                data["cause"] = c.cause
            record_event(conn, kind=EV_HANDOVER, actor=actor, at=now, complaint_id=c.id, data=data)
    return chosen


_COLUMNS = "id, scope, routing, status, company, received_at, item, building"


def _one(conn: sqlite3.Connection, complaint_id: int, today: date) -> list[Confirmed]:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM complaints WHERE id = ?", (complaint_id,)
    ).fetchone()
    if row is None:
        raise NotFound("complaints.not_found", id=complaint_id)
    found = passing(dict(row), duty_now(conn, today))
    if found is None:
        raise LedgerError("handover.not_pending", id=complaint_id)
    return [Confirmed(complaint_id, row["company"], *found)]


def _at_change(conn: sqlite3.Connection, on: date | None, today: date) -> list[Confirmed]:
    rotation, overrides = duty_ledger.load_rotation(conn)
    now = duty_now(conn, today)
    estate = now.estate if now.estate is not None and on in (None, now.estate.from_date) else None
    if on is not None:
        change = duty_spans.change_on(on, rotation, overrides)
        if change is None and estate is None:
            raise LedgerError("handover.no_change", date=on.isoformat())
    else:
        change = duty_spans.last_change(today, rotation, overrides)
        if change is None and estate is None:
            raise LedgerError("handover.no_change_yet", date=today.isoformat())
    out: dict[int, Confirmed] = {}
    if change is not None:
        statuses = ", ".join("?" for _ in status.OPEN_STATUSES)
        rows = conn.execute(
            "SELECT id, item FROM complaints WHERE scope = 'joint' AND routing IN (?, ?)"
            f" AND status IN ({statuses}) AND company = ? AND received_at < ? ORDER BY id",
            (
                ROUTE_DUTY,
                ROUTE_HANDOVER,
                *status.OPEN_STATUSES,
                change.outgoing,
                f"{change.date.isoformat()} 00:00:00",
            ),
        ).fetchall()
        for r in rows:  # an item the estate's version made separately managed is its own
            if now.estate is None or r[1] in now.estate.joint:
                out[r[0]] = Confirmed(r[0], change.outgoing, change.incoming, change.date)
    if estate is not None:
        sql = f"SELECT {_COLUMNS} FROM complaints WHERE {pending_sql(now)} ORDER BY id"
        for r in conn.execute(sql, pending_params(now)):
            found = passing(dict(r), now)
            if found is not None and found.cause == "estate" and r["id"] not in out:
                out[r["id"]] = Confirmed(r["id"], r["company"], *found)
    return [out[k] for k in sorted(out)]
