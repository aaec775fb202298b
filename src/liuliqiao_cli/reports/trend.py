"""Twelve months at a glance: complaints received and closed per month, and the three rates of
each company per month, read from the running totals (a few thousand rows, whatever the size of
the ledger). A dossier draws them; figures as they stood at a past moment are corrected with
``reports.as_of``.
"""

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from liuliqiao_cli.complaints import status
from liuliqiao_cli.reports import rates
from liuliqiao_cli.reports.as_of import Change

MONTHS = 12


# Named tuples: a dossier's start-up need not make dataclasses for them.
class CompanyTrend(NamedTuple):
    company: str
    # Per month, in the order of Trend.months: (numerator, denominator) of each rate.
    response: list[tuple[int, int]]
    resolution: list[tuple[int, int]]
    satisfaction: list[tuple[int, int]]

    def of(self, kind: str) -> list[tuple[int, int]]:
        values: list[tuple[int, int]] = getattr(self, kind)
        return values


class Trend(NamedTuple):
    months: list[str]  # YYYY-MM, oldest first; the last one may be partial
    until: str  # the last day counted
    received: list[int]
    closed: list[int]
    companies: list[CompanyTrend]


def month_starts(until: date, months: int = MONTHS) -> list[date]:
    """The first day of each of the ``months`` months ending with ``until``'s, oldest first."""
    out = []
    year, month = until.year, until.month
    for _ in range(months):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def trend(
    conn: sqlite3.Connection,
    until: date,
    *,
    now: datetime,
    companies: Sequence[str],
    settings: rates.RateSettings | None = None,
    changes: Sequence[Change] = (),
    steps: dict[tuple[str, str], int] | None = None,
) -> Trend:
    """The ``MONTHS`` months up to ``until`` (inclusive), as known at ``now``. ``changes`` and
    ``steps`` (from ``reports.as_of``) take out what happened after ``now`` when ``now`` is a
    past moment."""
    settings = settings or rates.load_settings(conn)
    starts = month_starts(until)
    labels = [d.isoformat()[:7] for d in starts]
    index = {label: i for i, label in enumerate(labels)}
    lo, hi = rates.bounds(starts[0], until)
    received = [0] * len(labels)
    for month, n in conn.execute(
        "SELECT substr(day, 1, 7), sum(n) FROM complaint_counts WHERE dim = 'scope'"
        " AND day >= ? AND day < ? GROUP BY 1",
        (lo, hi),
    ):
        received[index[month]] += n
    closed = [0] * len(labels)
    for month, n in conn.execute(
        "SELECT substr(day, 1, 7), sum(n) FROM event_counts WHERE kind = ? AND day >= ?"
        " AND day < ? GROUP BY 1",
        (status.EV_CLOSE, lo, hi),
    ):
        closed[index[month]] += n
    for (day, kind), n in (steps or {}).items():
        if kind == status.EV_CLOSE and lo <= day < hi:
            closed[index[day[:7]]] -= n

    from liuliqiao_cli.store import counts

    kept = (
        {counts.RESIDENTS, counts.PROACTIVE} if settings.include_proactive else {counts.RESIDENTS}
    )
    cohorts = ", ".join(str(c) for c in sorted(kept))
    resolved = "fr_yes + fr_partly" if settings.resolved_counts_partly else "fr_yes"
    satisfied = "fs_yes + fs_basic" if settings.satisfied_counts_basic else "fs_yes"
    # (company, month) -> [answered, in_time, fr_n, resolved, fs_n, satisfied, late]
    sums: dict[tuple[str, str], list[int]] = {}
    for company, month, *values in conn.execute(
        f"SELECT key, substr(day, 1, 7), sum(answered), sum(in_time), sum(fr_n), sum({resolved}),"
        f" sum(fs_n), sum({satisfied}) FROM complaint_counts WHERE dim = 'company'"
        f" AND day >= ? AND day < ? AND cohort IN ({cohorts}) GROUP BY 1, 2",
        (lo, hi),
    ):
        sums[(company, month)] = [*values, 0]
    late_sql = (
        "SELECT company, substr(received_at, 1, 7), count(*) FROM complaints"
        " WHERE dispatched_at IS NOT NULL AND responded_at IS NULL AND resolved_at IS NULL"
        f" AND respond_by < :now AND {rates.cohort_sql(settings)} GROUP BY 1, 2"
    )
    for company, month, n in conn.execute(
        late_sql, {"since": lo, "until": hi, "now": now.strftime("%Y-%m-%d %H:%M:%S")}
    ):
        sums.setdefault((company, month), [0] * 7)[6] += n
    for change in changes:
        for sign, counted in ((-1, change.now), (1, change.then)):
            if counted is None or not lo <= counted.day < hi:
                continue
            received[index[counted.day[:7]]] += sign
            if counted.cohort not in kept:
                continue
            s = counted.sums
            delta = (
                s["answered"],
                s["in_time"],
                s["fr_n"],
                s["fr_yes"] + (s["fr_partly"] if settings.resolved_counts_partly else 0),
                s["fs_n"],
                s["fs_yes"] + (s["fs_basic"] if settings.satisfied_counts_basic else 0),
                int(counted.late),
            )
            row = sums.setdefault((counted.keys["company"], counted.day[:7]), [0] * 7)
            for i, value in enumerate(delta):
                row[i] += sign * value
    out = []
    for company in companies:
        ct = CompanyTrend(company, [], [], [])
        for label in labels:
            answered, in_time, fr_n, fr_ok, fs_n, fs_ok, late = sums.get((company, label), [0] * 7)
            ct.response.append((in_time, answered + late))
            ct.resolution.append((fr_ok, fr_n))
            ct.satisfaction.append((fs_ok, fs_n))
        out.append(ct)
    return Trend(labels, until.isoformat(), received, closed, out)
