"""Recurring problems (same item, same place, again and again) and spikes over the usual count."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from liuliqiao_cli import quick_json
from liuliqiao_cli.complaints import status
from liuliqiao_cli.reports import rates
from liuliqiao_cli.reports.periods import Period
from liuliqiao_cli.store import counts

RECURRING_DAYS = 30  # same item, same building or public place, within this many days ...
RECURRING_MIN = 3  # ... this many times or more


USUAL_PERIODS = 8  # "usual" = the mean over this many previous periods of the same length


SPIKE_MIN_EXCESS = 3  # flagged when count >= usual + max(SPIKE_MIN_EXCESS, usual)
SPIKE_MAX_DAYS = 31  # spikes are looked for in weeks and months, not in longer periods


@dataclass(frozen=True)
class Recurring:
    item: str
    building: int | None
    place: str | None
    count: int
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Spike:
    item: str
    count: int
    usual: float  # mean count over the previous periods of the same length
    periods: int  # how many previous periods the mean is over (at most USUAL_PERIODS)
    numbers: tuple[int, ...]


def _numbers(text: str | None) -> tuple[int, ...]:
    """Complaint numbers from ``json_group_array(id)`` (reading JSON is twice as fast as splitting
    a group_concat for the 20,000 numbers of a month at 1M complaints), sorted."""
    return tuple(sorted(quick_json.loads(text))) if text else ()


def recurring(conn: sqlite3.Connection, period: Period) -> list[Recurring]:
    """The same item in the same building (or public place) raised RECURRING_MIN+ times in the
    RECURRING_DAYS days up to the period's end, at least once within the period. Duplicates and
    rejected complaints do not count; the worker's own findings do (a problem is a problem).

    Two steps, each on an index alone: the groups raised within the period (and the window), from
    ``complaints_received``; then each group's complaints in the window, a range of
    ``complaints_spot``. One GROUP BY over the whole window sorted every complaint of the last 30
    days (22 ms at 1M complaints; these steps take ~8)."""
    end = period.until + timedelta(days=1)
    window = end - timedelta(days=RECURRING_DAYS)
    kept = f"status NOT IN ('{status.DUPLICATE}', '{status.REJECTED}')"
    lo, hi = window.isoformat(), end.isoformat()
    groups = conn.execute(
        "SELECT DISTINCT item, building, CASE WHEN building IS NULL THEN COALESCE(place, '') END"
        f" FROM complaints INDEXED BY complaints_received WHERE received_at >= ? AND received_at < ?"
        f" AND {kept}",
        (max(window, period.since).isoformat(), hi),
    ).fetchall()
    found = []
    for item, building, where in groups:
        if building is not None:
            n, ids = conn.execute(
                "SELECT count(*), json_group_array(id) FROM complaints INDEXED BY complaints_spot"
                f" WHERE item = ? AND building = ? AND received_at >= ? AND received_at < ? AND {kept}",
                (item, building, lo, hi),
            ).fetchone()
        else:
            n, ids = conn.execute(
                "SELECT count(*), json_group_array(id) FROM complaints INDEXED BY complaints_spot"
                " WHERE item = ? AND building IS NULL AND received_at >= ? AND received_at < ?"
                f" AND COALESCE(place, '') = ? AND {kept}",
                (item, lo, hi, where),
            ).fetchone()
        if n >= RECURRING_MIN:
            found.append(Recurring(item, building, where, n, _numbers(ids)))
    # Most often first; then item, building (public places first), place.
    found.sort(
        key=lambda r: (-r.count, r.item, r.building is not None, r.building or 0, r.place or "")
    )
    return found


def spikes(conn: sqlite3.Connection, period: Period, first_received: str | None) -> list[Spike]:
    """Items whose count this period is well above their usual level: usual = the mean count
    over the USUAL_PERIODS previous periods of the same length (only those after the ledger's
    first complaint); flagged when count >= usual + max(SPIKE_MIN_EXCESS, usual), that is at
    least double the usual and at least 3 more."""
    if first_received is None or period.days > SPIKE_MAX_DAYS:
        return []
    days = period.days
    start0 = period.since - timedelta(days=days * USUAL_PERIODS)
    first_day = date.fromisoformat(first_received[:10])
    counted = [
        k for k in range(USUAL_PERIODS) if start0 + timedelta(days=days * (k + 1)) > first_day
    ]
    if not counted:
        return []
    lo, hi = rates.bounds(start0, period.until)
    per_item: dict[str, list[int]] = {}
    # Per item and day from the running totals (duplicates and rejected ones left out).
    for item, bucket, n in conn.execute(
        "SELECT key, CAST((julianday(day) - julianday(:start0)) / :days AS INTEGER) AS bucket,"
        f" sum(n) FROM complaint_counts WHERE dim = 'item' AND day >= :lo AND day < :hi"
        f" AND cohort != {counts.EXCLUDED} GROUP BY key, bucket",
        {"start0": start0.isoformat(), "days": days, "lo": lo, "hi": hi},
    ):
        per_item.setdefault(item, [0] * (USUAL_PERIODS + 1))[min(int(bucket), USUAL_PERIODS)] += n
    found = []
    for item, per in per_item.items():
        usual = sum(per[k] for k in counted) / len(counted)
        current = per[USUAL_PERIODS]
        if current >= usual + max(SPIKE_MIN_EXCESS, usual):
            found.append((item, current, usual))
    found.sort(key=lambda x: (-(x[1] - x[2]), x[0]))
    lo_p, hi_p = rates.bounds(period.since, period.until)
    result = []
    for item, current, usual in found:
        ids = conn.execute(
            "SELECT json_group_array(id) FROM complaints WHERE item = ? AND received_at >= ?"
            f" AND received_at < ? AND status NOT IN ('{status.DUPLICATE}', '{status.REJECTED}')",
            (item, lo_p, hi_p),
        ).fetchone()[0]
        result.append(Spike(item, current, round(usual, 1), len(counted), _numbers(ids)))
    return result
