"""The dossier's figures (section 6): the period's counts and breakdowns, the three rates with
their counts, and twelve months of trend, as the ledger stood at the dossier's moment."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

from liuliqiao_cli.complaints import status
from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import Figures, Rate, RateSeries
from liuliqiao_cli.store.later import Later


def figures(
    conn: sqlite3.Connection,
    since: date,
    until: date,
    moment: datetime,
    now: datetime,
    estate,
    lang: str,
    later: Later,
) -> Figures:
    """The period's figures, from the weekly summary's own code (``summary.build_summary``) so
    that a dossier and a summary of the same period agree: received by building, company and
    item; resolved and closed = resolve / close steps in the period; open and overdue at the end
    of the period (or at ``moment``, if earlier); the three rates of ``rates.py`` with their
    counts. When ``moment`` is before ``now``, what changed since is taken out
    (``reports.as_of``, from ``later``: the events since ``moment``): the figures a meeting saw
    stay the figures of its dossier."""
    from liuliqiao_cli.reports import as_of, periods, summary, trend
    from liuliqiao_cli.reports import rates as rates_mod

    period = periods.Period("range", since, until, f"{since.isoformat()}..{until.isoformat()}")
    # overdue_limit=1: the total is counted over all rows; only one is listed (we list none).
    s = summary.build_summary(conn, estate, period, now=moment, overdue_limit=1, counts_only=True)
    settings = rates_mod.load_settings(conn)
    months = trend.month_starts(until)
    changed = as_of.Changes([])
    steps: dict[tuple[str, str], int] = {}
    if moment < now:
        changed = as_of.changes_since(conn, later, min(since, months[0]), until)
        steps = as_of.steps_since(conn, later, until, (status.EV_RESOLVE, status.EV_CLOSE))
    lo, hi = since.isoformat(), until.isoformat()
    received = {
        dim: dict(getattr(s.received, f"by_{dim}")) for dim in ("building", "company", "item")
    }
    total_received = s.received.total
    total = next((g for g in s.rates_period if g.group == rates_mod.ALL), None) or rates_mod.total(
        conn, since, until, now=s.as_of
    )
    rate_sums = {r.kind: [r.numerator, r.denominator] for r in total.each()}
    kept = _kept_cohorts(settings)
    for change in changed.changed:
        for sign, counted in ((-1, change.now), (1, change.then)):
            if counted is None or not lo <= counted.day <= hi:
                continue
            total_received += sign
            for dim, per in received.items():
                key = counted.keys[dim]
                per[key] = per.get(key, 0) + sign
            if counted.cohort in kept:
                for kind, (num, den) in _rate_parts(counted, settings).items():
                    rate_sums[kind][0] += sign * num
                    rate_sums[kind][1] += sign * den
    moved = {
        kind: sum(s.moved.get(kind, {}).values())
        - sum(n for (day, k), n in steps.items() if k == kind and lo <= day <= hi)
        for kind in (status.EV_RESOLVE, status.EV_CLOSE)
    }
    by_building = [(f"{n}号楼", received["building"].get(str(n), 0)) for n in estate.buildings]
    if received["building"].get(rates_mod.PUBLIC):
        by_building.append((t("dossier.public_place"), received["building"][rates_mod.PUBLIC]))
    by_company = [
        (estate.company_name(code, lang), received["company"].get(code, 0))
        for code in estate.companies
    ]
    by_item = [
        (estate.item_name(code, lang), n)
        for code, n in sorted(received["item"].items(), key=lambda kv: (-kv[1], kv[0]))
        if n > 0
    ]
    rates = [
        Rate(kind, t(f"dossier.rate.{kind}"), num, den) for kind, (num, den) in rate_sums.items()
    ]
    months_trend = trend.trend(
        conn,
        until,
        now=moment,
        companies=tuple(estate.companies),
        settings=settings,
        changes=changed.changed,
        steps=steps,
    )
    series = [
        RateSeries(
            ct.company,
            estate.company_name(ct.company, lang),
            kind,
            t(f"dossier.rate.{kind}"),
            ct.of(kind),
        )
        for ct in months_trend.companies
        for kind in rates_mod.RATE_KINDS
    ]
    return Figures(
        since.isoformat(),
        until.isoformat(),
        total_received,
        moved[status.EV_RESOLVE],
        moved[status.EV_CLOSE],
        s.backlog_total - changed.open,
        s.overdue_total - changed.overdue,
        by_building,
        by_company,
        by_item,
        rates,
        months_trend.months,
        months_trend.received,
        months_trend.closed,
        series,
        _reminders(conn, lo, hi, s.moved.get(status.EV_REMIND, {}), later, estate, lang),
    )


def _reminders(
    conn: sqlite3.Connection, lo: str, hi: str, moved: dict[str, int], later: Later, estate, lang
):
    """催办 in the period by the company of the complaint chased, as recorded by the moment
    ``later.since`` (or the end of the period, if earlier): those not undone by then.

    ``moved`` holds the period's chases not undone now, per company (the running totals,
    ``event_counts``); those recorded after the moment are taken out, and those undone only
    after it put back, from the events since it. A moment after the period's end would need
    the events since that end: the chases are then counted from the events themselves."""
    end = f"{hi} 23:59:59"
    if later.since > end:
        return _reminders_counted(conn, lo, end, estate, lang)
    last = later.since
    chases: dict[str, int] = dict(moved)
    after = [r for r in later.events if r.kind == status.EV_REMIND]
    recorded_later = [r.id for r in after if lo <= r.at[:10] <= hi and r.undoes is None]
    undone_later = sorted({r.undoes for r in later.events if r.undoes is not None})
    for ids, sign, sql in (
        (
            recorded_later,
            -1,
            " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id)",
        ),
        (
            undone_later,
            1,
            " AND e.kind = :kind AND e.at >= :lo AND e.at <= :last AND e.undoes IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id AND u.at <= :last)",
        ),
    ):
        if not ids:
            continue
        for code, n in conn.execute(
            "SELECT c.company, count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id"
            f" WHERE e.id IN (SELECT value FROM json_each(:ids)){sql} GROUP BY c.company",
            {"ids": json.dumps(ids), "kind": status.EV_REMIND, "lo": lo, "last": last},
        ):
            chases[code] = chases.get(code, 0) + sign * n
    return [(estate.company_name(code, lang), chases.get(code, 0)) for code in estate.companies]


def _reminders_counted(conn: sqlite3.Connection, lo: str, last: str, estate, lang: str):
    """催办 from ``lo`` to ``last`` not undone by ``last``, counted from the events."""
    rows = dict(
        conn.execute(
            "SELECT c.company, count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id"
            " WHERE e.kind = ? AND e.at >= ? AND e.at <= ? AND e.undoes IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id AND u.at <= ?)"
            " GROUP BY c.company",
            (status.EV_REMIND, lo, last, last),
        ).fetchall()
    )
    return [(estate.company_name(code, lang), rows.get(code, 0)) for code in estate.companies]


def _kept_cohorts(settings) -> set[int]:
    from liuliqiao_cli.store import counts

    if settings.include_proactive:
        return {counts.RESIDENTS, counts.PROACTIVE}
    return {counts.RESIDENTS}


def _rate_parts(counted, settings) -> dict[str, tuple[int, int]]:
    """What one complaint adds to each rate's numerator and denominator (``rates.py``)."""
    s = counted.sums
    resolved = s["fr_yes"] + (s["fr_partly"] if settings.resolved_counts_partly else 0)
    satisfied = s["fs_yes"] + (s["fs_basic"] if settings.satisfied_counts_basic else 0)
    return {
        "response": (s["in_time"], s["answered"] + int(counted.late)),
        "resolution": (resolved, s["fr_n"]),
        "satisfaction": (satisfied, s["fs_n"]),
    }
