"""The running totals as they stood at a past moment: the totals now, less what the complaints
changed since added to them, plus what those complaints added then.

The running totals (``store/counts.py``) hold the ledger as it is now: a follow-up made
yesterday counts in the satisfaction rate of the month the complaint came in. A dossier of a
meeting already held must show the figures the meeting saw, so for a moment ``T`` in the past
each complaint with an event after ``T`` is put back as it stood at ``T``
(``complaints.as_of.rewind``) and both rows' contributions are taken (:func:`counted`, the
triggers' ``counts.contribution`` in Python, tested to agree with it). The work is proportional to
the activity since ``T``, not to the ledger's size.
"""

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from liuliqiao_cli.complaints import status
from liuliqiao_cli.complaints.as_of import put_back, rewind
from liuliqiao_cli.store import counts
from liuliqiao_cli.store.later import Later, undone_of

# The complaint columns a contribution (and the "late response" test) reads.
_COLUMNS = (
    "received_at",
    "source",
    "building",
    "item",
    "scope",
    "company",
    "status",
    "dispatched_at",
    "responded_at",
    "resolved_at",
    "respond_by",
    "resolve_by",
    "followup_resolved",
    "followup_satisfied",
)
# What :func:`counted` reads of a row: every column above but the resolution limit, and of the
# status only whether it leaves the complaint out of the rates.
_COUNTED_COLUMNS = frozenset(c for c in _COLUMNS if c not in ("status", "resolve_by"))
_COUNTED = itemgetter(*sorted(_COUNTED_COLUMNS))
_LEFT_OUT = (status.DUPLICATE, status.REJECTED)
_CHUNK = 500


class Counted(NamedTuple):
    """What one complaint row adds to the totals: its keys and its sums (0/1 each). (Named
    tuples, here and below: thousands are made for a week's changes, at a third of a frozen
    dataclass's cost, and they cost start-up less.)"""

    day: str
    cohort: int
    keys: dict[str, str]  # dimension -> key (company, building, item, source, scope)
    sums: dict[str, int]  # counts.SUMS
    late: bool  # dispatched, no response, past its response limit at T (rates' pending part)


class Change(NamedTuple):
    """A complaint changed since T: what it counts for now, and what it counted for at T (None:
    not yet recorded then)."""

    now: Counted
    then: Counted | None


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


class Changes(NamedTuple):
    """What changed after a moment: the complaints received in a window, counted now and then;
    and the complaints recorded after the moment though received before it (a call typed in
    days later), which the summary's backlog at the moment counts as open (``open``) and
    overdue (``overdue``) as if they had been there."""

    changed: list[Change]
    open: int = 0
    overdue: int = 0


def changes_since(conn: sqlite3.Connection, later: Later, since: date, until: date) -> Changes:
    """The complaints received from ``since`` to ``until`` (either now or at ``later.since``, the
    moment) that changed after the moment (ledger local time), each counted now and then."""
    moment = later.since
    lo, hi = since.isoformat(), (until + timedelta(days=1)).isoformat()
    # The events since the moment name the complaints changed and bring what to put back. Tags,
    # notes and contacts shown change no column counted: they are left out. A complaint is only
    # read when what its events put back may count otherwise (_left_out_now).
    ignored = {status.EV_TAG, status.EV_NOTE, status.EV_CONTACTS}
    left_out: set[int] | None = None
    changed: dict[int, list[tuple[str, str]]] = {}
    for cid, events in later.of_complaints().items():
        kept = [e for e in events if e[0] not in ignored]
        if not kept:
            continue
        back = put_back(kept)
        if back is not None and _COUNTED_COLUMNS.isdisjoint(back):
            if "status" not in back:
                continue
            if left_out is None:
                left_out = _left_out_now(conn, lo, hi)
            if (back["status"] in _LEFT_OUT) == (cid in left_out):
                continue
        changed[cid] = kept
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    unseen_open = unseen_overdue = 0
    columns = ", ".join(_COLUMNS)
    for chunk in _chunks(sorted(changed)):
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(
            f"SELECT id, {columns} FROM complaints WHERE id IN ({marks})", tuple(chunk)
        ):
            now = dict(zip(("id", *_COLUMNS), row, strict=True))
            events = changed[now["id"]]
            then = rewind(now, events)
            if then is None and now["received_at"] < moment:
                first = rewind(now, [e for e in events if e[0] != status.EV_CREATE]) or now
                if first["status"] in status.OPEN_STATUSES:
                    unseen_open += 1
                    unseen_overdue += _late_by_summary(now, moment)
            if then is not None and _counted_alike(now, then):
                continue  # what it counted for then, it counts for now: taken and added back alike
            inside = lo <= now["received_at"] < hi
            if inside or (then is not None and lo <= then["received_at"] < hi):
                pairs.append((now, then))
    out = [
        Change(counted(now, moment), counted(then, moment) if then is not None else None)
        for now, then in pairs
    ]
    return Changes(out, unseen_open, unseen_overdue)


def _left_out_now(conn: sqlite3.Connection, lo: str, hi: str) -> set[int]:
    """The complaints received from ``lo`` to ``hi`` (exclusive) that are now a duplicate or
    rejected, from an index alone (``complaints_status_received``).

    A complaint whose events since the moment put back no column :func:`counted` reads but its
    status counts alike then and now when both statuses leave it in the rates or both leave it
    out: that needs its status now, which this tells for every complaint the window holds
    without reading one row (one received outside the window, its date unchanged, counts in
    none of the figures anyway)."""
    return {
        r[0]
        for r in conn.execute(
            "SELECT id FROM complaints INDEXED BY complaints_status_received"
            f" WHERE status IN ({', '.join('?' for _ in _LEFT_OUT)})"
            " AND received_at >= ? AND received_at < ?",
            (*_LEFT_OUT, lo, hi),
        )
    }


def _counted_alike(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether :func:`counted` gives the same for both rows (a step between two open statuses, a
    note: most changes since a recent moment)."""
    return _COUNTED(a) == _COUNTED(b) and ((a["status"] in _LEFT_OUT) == (b["status"] in _LEFT_OUT))


def _late_by_summary(row: dict[str, Any], t: str) -> bool:
    """The overdue test of the summary's backlog (``summary._Open.late_at``) on today's row."""
    not_responded = row["responded_at"] is None or row["responded_at"] >= t
    return bool(
        (not_responded and row["respond_by"] is not None and row["respond_by"] < t)
        or (row["resolve_by"] is not None and row["resolve_by"] < t)
    )


def counted(row: dict[str, Any], moment: str) -> Counted:
    """What one complaint row adds to the running totals: ``counts.contribution`` (the SQL the
    triggers run) in Python, for the few thousand rows a correction needs (evaluating that SQL
    on a VALUES list of them cost more than the rest of the dossier). tests/test_dossier_as_of.py
    checks the two agree on every row of the sample and on random rows."""
    first_response = row["responded_at"] if row["responded_at"] is not None else row["resolved_at"]
    answered = row["dispatched_at"] is not None and first_response is not None
    in_time = answered and (row["respond_by"] is None or first_response <= row["respond_by"])
    if row["status"] in _LEFT_OUT:
        cohort = counts.EXCLUDED
    elif row["source"] in status.PROACTIVE_SOURCES:
        cohort = counts.PROACTIVE
    else:
        cohort = counts.RESIDENTS
    building = row["building"]
    resolved, satisfied = row["followup_resolved"], row["followup_satisfied"]
    late = (
        row["dispatched_at"] is not None
        and row["responded_at"] is None
        and row["resolved_at"] is None
        and row["respond_by"] is not None
        and row["respond_by"] < moment
    )
    return Counted(
        row["received_at"][:10],
        cohort,
        {
            "company": row["company"],
            "building": counts.PUBLIC if building is None else str(building),
            "item": row["item"],
            "source": row["source"],
            "scope": row["scope"],
        },
        {
            "n": 1,
            "answered": int(answered),
            "in_time": int(in_time),
            "fr_n": int(resolved is not None),
            "fr_yes": int(resolved == "yes"),
            "fr_partly": int(resolved == "partly"),
            "fs_n": int(satisfied is not None),
            "fs_yes": int(satisfied == "yes"),
            "fs_basic": int(satisfied == "basic"),
        },
        late,
    )


def steps_since(
    conn: sqlite3.Connection, later: Later, until: date, kinds: Sequence[str]
) -> dict[tuple[str, str], int]:
    """(day, kind) -> how much the steps' running totals (``event_counts``) grew after the
    moment ``later.since``, up to the end of ``until``: steps taken after it, less the steps
    taken before it and undone after it."""
    moment = later.since
    hi = (until + timedelta(days=1)).isoformat()
    rows = later.events
    taken = [r for r in rows if r.kind in kinds and r.at < hi and r.undoes is None]
    undone = undone_of(conn, [r.id for r in taken])
    out: dict[tuple[str, str], int] = {}
    for r in taken:
        if r.id not in undone:
            out[(r.at[:10], r.kind)] = out.get((r.at[:10], r.kind), 0) + 1
    # Each undo since the moment of a step taken by then puts one back.
    undos = [r.undoes for r in rows if r.kind == status.EV_UNDO and r.undoes is not None]
    steps = _events_by_id(conn, sorted(set(undos)))
    for target in undos:
        step = steps.get(target)
        if step is None or step[0] > moment or step[1] not in kinds:
            continue
        day, kind = step[0][:10], step[1]
        if day < hi:
            out[(day, kind)] = out.get((day, kind), 0) - 1
    return out


def _events_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """id -> (at, kind) of the events ``ids``."""
    out: dict[int, tuple[str, str]] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for eid, at, kind in conn.execute(
            f"SELECT id, at, kind FROM events WHERE id IN ({marks})", tuple(chunk)
        ):
            out[eid] = (at, kind)
    return out
