"""Running totals (counts.py): kept in step by the triggers through every real change, equal to the
direct SQL they replaced (rates, the summary's moved/backlog/received), right after the bulk paths,
a failed change and the m006 migration, and ``differences`` really notices drift.

The oracles below are copies of the direct implementations of the commit before m006_counts
(``git show 639041f~1:src/liuliqiao_cli/rates.py`` and ``.../summary.py``), kept here as plain
functions so that the new code is compared with something it does not share.
"""

from __future__ import annotations

import itertools
import math
import shutil
import sqlite3
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liuliqiao_cli import errors
from liuliqiao_cli.complaints import lifecycle, names, status, undo
from liuliqiao_cli.complaints import record as complaints_record
from liuliqiao_cli.estate import definition, model
from liuliqiao_cli.exchange import jsonl_import
from liuliqiao_cli.reports import periods as reports_periods
from liuliqiao_cli.reports import rates, recurring, summary
from liuliqiao_cli.store import counts, ledger
from liuliqiao_cli.store.migrations import migrations

ACTOR = "测试员"
ZERO = dict.fromkeys(counts.TABLES, 0)
SETTINGS = [
    rates.RateSettings(basic, partly, proactive)
    for basic, partly, proactive in itertools.product((True, False), repeat=3)
]
BYS = (None, "company", "building", "item", "month")
ITEMS = ("garbage", "parking", "stair_lighting", "pipes", "roof", "fees", "other", "greenery")
PLACES = (None, "北门", "小广场", "停车场")
COMPANIES = ("shouhua", "chengjian")


# --- the oracles: the direct SQL of the commit before m006_counts ---------------------------------

_Q = ", ".join
_OLD_GROUP_SQL = {
    None: "'all'",
    "company": "company",
    "building": "COALESCE(CAST(building AS TEXT), 'public')",
    "item": "item",
    "month": "substr(received_at, 1, 7)",
}
_OLD_ORDER_SQL = {
    "company": "(SELECT position FROM companies WHERE companies.code = grp)",
    "item": "(SELECT position FROM items WHERE items.code = grp)",
}
_OLD_MOVED_KINDS = ("dispatch", "respond", "resolve", "close", "reopen", "dispute", "remind")
_OLD_STATUS_EVENT_KINDS = (
    "dispatch",
    "respond",
    "resolve",
    "followup",
    "close",
    "reopen",
    "dispute",
    "duplicate",
    "reject",
    "undo",
)
_OPEN = "'received', 'dispatched', 'in_progress', 'disputed', 'reopened'"


def _quoted(values) -> str:
    return _Q(f"'{v}'" for v in values)


def old_cohort_sql(s: rates.RateSettings) -> str:
    clauses = [
        "received_at >= :since",
        "received_at < :until",
        "status NOT IN ('duplicate', 'rejected')",
    ]
    if not s.include_proactive:
        clauses.append("source NOT IN ('patrol', 'visit')")
    return " AND ".join(clauses)


def old_counts_sql(s: rates.RateSettings) -> str:
    resolved = ("yes", "partly") if s.resolved_counts_partly else ("yes",)
    satisfied = ("yes", "basic") if s.satisfied_counts_basic else ("yes",)
    first_response = "COALESCE(responded_at, resolved_at)"
    return (
        f"sum(dispatched_at IS NOT NULL AND ({first_response} IS NOT NULL OR respond_by < :now))"
        " AS response_den, "
        f"sum(dispatched_at IS NOT NULL AND {first_response} IS NOT NULL"
        f" AND (respond_by IS NULL OR {first_response} <= respond_by)) AS response_num, "
        "sum(followup_resolved IS NOT NULL) AS resolution_den, "
        f"sum(followup_resolved IN ({_quoted(resolved)})) AS resolution_num, "
        "sum(followup_satisfied IS NOT NULL) AS satisfaction_den, "
        f"sum(followup_satisfied IN ({_quoted(satisfied)})) AS satisfaction_num"
    )


def old_rates(conn, since: date, until: date, by, *, now: datetime, s: rates.RateSettings):
    lo, hi = since.isoformat(), (until + timedelta(days=1)).isoformat()
    order = _OLD_ORDER_SQL.get(str(by), "grp")
    sql = (
        f"SELECT {_OLD_GROUP_SQL[by]} AS grp, {old_counts_sql(s)} FROM complaints"
        f" WHERE {old_cohort_sql(s)} GROUP BY grp ORDER BY {order}, grp"
    )
    params = {"since": lo, "until": hi, "now": now.strftime("%Y-%m-%d %H:%M:%S")}
    rows = []
    for grp, rden, rnum, sden, snum, tden, tnum in conn.execute(sql, params):
        small = s.small_sample
        rows.append(
            rates.GroupRates(
                str(grp),
                rates.Rate("response", rnum or 0, rden or 0, small),
                rates.Rate("resolution", snum or 0, sden or 0, small),
                rates.Rate("satisfaction", tnum or 0, tden or 0, small),
            )
        )
    if by == "building":
        rows.sort(key=lambda g: (g.group == "public", int(g.group) if g.group.isdigit() else 0))
    return rows


def old_moved(conn, period: reports_periods.Period) -> dict[str, dict[str, int]]:
    lo, hi = period.since.isoformat(), (period.until + timedelta(days=1)).isoformat()
    moved: dict[str, dict[str, int]] = {kind: {} for kind in _OLD_MOVED_KINDS}
    rows = conn.execute(
        "SELECT e.kind, c.company, count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id"
        f" WHERE e.at >= ? AND e.at < ? AND e.kind IN ({_quoted(_OLD_MOVED_KINDS)})"
        " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id)"
        " GROUP BY e.kind, c.company ORDER BY e.kind, c.company",
        (lo, hi),
    )
    for kind, company, n in rows:
        moved[kind][company] = n
    return moved


_CHANGED_CTE = (
    "changed AS ("
    " SELECT complaint_id AS id, min(id) AS first_event FROM events"
    f" WHERE at >= :t AND kind IN ({_quoted(_OLD_STATUS_EVENT_KINDS)})"
    " AND json_extract(data, '$.before.status') IS NOT NULL"
    " GROUP BY +complaint_id HAVING complaint_id IS NOT NULL)"
)
_STATUS_THEN = "json_extract(e.data, '$.before.status')"


def old_backlog(conn, as_of: datetime, limit: int):
    params = {"t": as_of.strftime("%Y-%m-%d %H:%M:%S")}
    parts = (
        (
            1,
            f"SELECT status, company, count(*) FROM complaints WHERE status IN ({_OPEN})"
            " GROUP BY status, company",
        ),
        (
            -1,
            "SELECT status, company, count(*) FROM complaints"
            f" WHERE status IN ({_OPEN}) AND received_at >= :t GROUP BY status, company",
        ),
        (
            -1,
            f"WITH {_CHANGED_CTE} SELECT c.status, c.company, count(*) FROM changed ch"
            f" JOIN complaints c ON c.id = ch.id WHERE c.status IN ({_OPEN}) AND c.received_at < :t"
            " GROUP BY c.status, c.company",
        ),
        (
            1,
            f"WITH {_CHANGED_CTE} SELECT {_STATUS_THEN} AS st, c.company, count(*) FROM changed ch"
            " JOIN events e ON e.id = ch.first_event JOIN complaints c ON c.id = ch.id"
            f" WHERE c.received_at < :t AND st IN ({_OPEN}) GROUP BY st, c.company",
        ),
    )
    totals: dict[tuple[str, str], int] = {}
    for sign, sql in parts:
        for st_, company, n in conn.execute(sql, params):
            totals[(st_, company)] = totals.get((st_, company), 0) + sign * n
    rows = [(st_, company, n) for (st_, company), n in totals.items() if n > 0]
    order = {s: i for i, s in enumerate(status.OPEN_STATUSES)}
    backlog: dict[str, dict[str, int]] = {}
    for st_, company, n in sorted(rows, key=lambda r: (order[r[0]], r[1])):
        backlog.setdefault(st_, {})[company] = n
    if not backlog:
        return backlog, 0, []
    missed = "CASE WHEN c.resolve_by < :t THEN c.resolve_by ELSE c.respond_by END"
    columns = (
        "c.id, c.building, c.unit, c.room, c.place, c.item, c.company, c.received_at,"
        f" {missed}, julianday(:t) - julianday({missed})"
    )
    late = (
        "c.received_at < :t AND (((c.responded_at IS NULL OR c.responded_at >= :t)"
        " AND c.respond_by < :t) OR c.resolve_by < :t)"
    )
    unchanged = (
        f"WITH {_CHANGED_CTE} SELECT {{what}} FROM complaints c WHERE c.status IN ({_OPEN})"
        f" AND {late} AND c.id NOT IN (SELECT id FROM changed)"
    )
    total = conn.execute(unchanged.format(what="count(*)"), params).fetchone()[0]
    found = conn.execute(
        unchanged.format(what=columns) + " ORDER BY c.received_at, c.id LIMIT :limit",
        {**params, "limit": limit},
    ).fetchall()
    changed = conn.execute(
        f"WITH {_CHANGED_CTE} SELECT {columns} FROM changed ch JOIN events e"
        f" ON e.id = ch.first_event JOIN complaints c ON c.id = ch.id"
        f" WHERE {_STATUS_THEN} IN ({_OPEN}) AND {late}",
        params,
    ).fetchall()
    total += len(changed)
    oldest = sorted([*found, *changed], key=lambda r: (r[7], r[0]))[:limit]
    listed = [
        summary.OverdueComplaint(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], math.ceil(r[9])
        )
        for r in oldest
    ]
    return backlog, total, listed


def old_received(conn, period: reports_periods.Period) -> dict[str, object]:
    """The old ``_received`` sums (order left aside: compared as dicts)."""
    lo, hi = period.since.isoformat(), (period.until + timedelta(days=1)).isoformat()
    out = {"total": 0, "proactive": 0, "residents": 0, "joint": 0, "separate": 0}
    by: dict[str, dict[str, int]] = {"source": {}, "building": {}, "company": {}, "item": {}}
    for source, building, company, item, scope, n in conn.execute(
        "SELECT source, building, company, item, scope, count(*) FROM complaints"
        " WHERE received_at >= ? AND received_at < ?"
        " GROUP BY source, building, company, item, scope",
        (lo, hi),
    ):
        out["total"] += n
        out["proactive" if source in ("patrol", "visit") else "residents"] += n
        out["joint" if scope == "joint" else "separate"] += n
        for dim, key in (
            ("source", source),
            ("building", "public" if building is None else str(building)),
            ("company", company),
            ("item", item),
        ):
            by[dim][key] = by[dim].get(key, 0) + n
    return {**out, **{f"by_{k}": v for k, v in by.items()}}


def new_received(conn, period: reports_periods.Period, companies) -> dict[str, object]:
    r = summary._received(conn, period, companies)
    return {
        "total": r.total,
        "proactive": r.proactive,
        "residents": r.residents,
        "joint": r.joint,
        "separate": r.separate,
        "by_source": dict(r.by_source),
        "by_building": dict(r.by_building),
        "by_company": dict(r.by_company),
        "by_item": dict(r.by_item),
    }


def old_recurring(conn, period: reports_periods.Period) -> list[recurring.Recurring]:
    """recurring() before complaints_spot: one GROUP BY over the 30-day window."""
    end = period.until + timedelta(days=1)
    window = end - timedelta(days=recurring.RECURRING_DAYS)
    rows = conn.execute(
        "SELECT item, building, CASE WHEN building IS NULL THEN COALESCE(place, '') END AS where_,"
        " count(*) AS n, group_concat(id), max(received_at) AS last FROM complaints"
        " WHERE received_at >= :lo AND received_at < :hi"
        " AND status NOT IN ('duplicate', 'rejected')"
        " GROUP BY item, building, where_ HAVING n >= :min AND last >= :since"
        " ORDER BY n DESC, item, building, where_",
        {
            "lo": window.isoformat(),
            "hi": end.isoformat(),
            "min": recurring.RECURRING_MIN,
            "since": period.since.isoformat(),
        },
    )
    return [
        recurring.Recurring(
            r[0],
            r[1],
            r[2] if r[1] is None else None,
            r[3],
            tuple(sorted(int(x) for x in r[4].split(","))),
        )
        for r in rows
    ]


def old_spikes(
    conn, period: reports_periods.Period, first_received: str | None
) -> list[recurring.Spike]:
    """spikes() before the running totals: bucket counts from complaints directly."""
    if first_received is None or period.days > recurring.SPIKE_MAX_DAYS:
        return []
    days, usual_periods = period.days, recurring.USUAL_PERIODS
    start0 = period.since - timedelta(days=days * usual_periods)
    first_day = date.fromisoformat(first_received[:10])
    counted = [
        k for k in range(usual_periods) if start0 + timedelta(days=days * (k + 1)) > first_day
    ]
    if not counted:
        return []
    hi = (period.until + timedelta(days=1)).isoformat()
    per_item: dict[str, list[int]] = {}
    for item, bucket, n in conn.execute(
        "SELECT item, CAST((julianday(substr(received_at, 1, 10)) - julianday(:start0)) / :days"
        " AS INTEGER) AS bucket, count(*) FROM complaints"
        " WHERE received_at >= :lo AND received_at < :hi"
        " AND status NOT IN ('duplicate', 'rejected') GROUP BY item, bucket",
        {"start0": start0.isoformat(), "days": days, "lo": start0.isoformat(), "hi": hi},
    ):
        per_item.setdefault(item, [0] * (usual_periods + 1))[min(int(bucket), usual_periods)] += n
    found = []
    for item, per in per_item.items():
        usual = sum(per[k] for k in counted) / len(counted)
        if per[usual_periods] >= usual + max(recurring.SPIKE_MIN_EXCESS, usual):
            found.append((item, per[usual_periods], usual))
    found.sort(key=lambda x: (-(x[1] - x[2]), x[0]))
    result = []
    for item, current, usual in found:
        ids = conn.execute(
            "SELECT group_concat(id) FROM complaints WHERE item = ? AND received_at >= ?"
            " AND received_at < ? AND status NOT IN ('duplicate', 'rejected')",
            (item, period.since.isoformat(), hi),
        ).fetchone()[0]
        numbers = tuple(sorted(int(x) for x in (ids or "").split(",") if x))
        result.append(recurring.Spike(item, current, round(usual, 1), len(counted), numbers))
    return result


def _period(since: date, until: date) -> reports_periods.Period:
    return reports_periods.Period("range", since, until, f"{since}..{until}")


def assert_same_as_oracle(
    conn, periods: list[tuple[date, date]], nows: list[datetime], moments: list[datetime]
) -> None:
    """New rates, moved, received and backlog equal the old direct SQL."""
    companies = COMPANIES
    for (since, until), now, by, s in itertools.product(periods, nows, BYS, SETTINGS):
        want = old_rates(conn, since, until, by, now=now, s=s)
        got = rates.rates(conn, since, until, by, now=now, settings=s)
        assert got == want, (since, until, now, by, s)
    for since, until in periods:
        p = _period(since, until)
        assert summary._moved(conn, p) == old_moved(conn, p), p
        assert new_received(conn, p, companies) == old_received(conn, p), p
        assert recurring.recurring(conn, p) == old_recurring(conn, p), p
        first = conn.execute("SELECT min(received_at) FROM complaints").fetchone()[0]
        assert recurring.spikes(conn, p, first) == old_spikes(conn, p, first), p
    for moment in moments:
        assert_backlog_as_oracle(conn, moment, (1, 2, 100))


def assert_backlog_as_oracle(conn, moment: datetime, limits: tuple[int, ...]) -> None:
    """The backlog at ``moment``, the overdue total and the listed overdue equal the old SQL."""
    for limit in limits:
        got = summary._backlog(conn, moment, limit)
        want = old_backlog(conn, moment, limit)
        assert got[0] == want[0], (moment, "backlog")
        assert got[1] == want[1], (moment, "overdue total")
        assert [tuple(o) for o in got[2]] == [tuple(o) for o in want[2]], (
            moment,
            limit,
            "overdue listed",
        )


# --- helpers --------------------------------------------------------------------------------------


def counts_triggers(conn) -> set[str]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'counts\\_%'"
            " ESCAPE '\\'"
        )
    }


EXPECTED_TRIGGERS = {
    "counts_complaint_insert",
    "counts_complaint_update",
    "counts_complaint_status",
    "counts_complaint_company",
    "counts_complaint_delete",
    "counts_event_step",
    "counts_event_undo",
}


def snapshot(conn) -> dict[str, list[tuple]]:
    return {t: counts.stored(conn, t) for t in counts.TABLES}


def add(conn, when: datetime, *, received: datetime | None = None, **fields) -> int:
    new = complaints_record.NewComplaint(
        text=fields.pop("text", "测试诉求"), received_at=received, **fields
    )
    return complaints_record.record(conn, model.load(conn), new, now=when, actor=ACTOR)


def act(conn, cid: int, action: str, when: datetime, **details):
    return lifecycle.apply_action(conn, cid, action, now=when, actor=ACTOR, **details)


def undo_last(conn, when: datetime) -> list[int]:
    plan = undo.plan_undo(conn)
    return undo.undo(conn, event_ids=plan.event_ids, now=when, actor=ACTOR)


def open_copy(src: Path, target: Path) -> sqlite3.Connection:
    shutil.copy(src, target)
    return ledger.open_ledger(target)


def some_history(conn, start: datetime) -> list[int]:
    """A handful of complaints taken through most steps (a few hours apart)."""
    t = iter(start + timedelta(hours=5 * i) for i in range(200))
    a = add(conn, next(t), building=3, item="stair_lighting", source="phone")
    b = add(conn, next(t), place="北门", item="garbage", source="hotline", urgent=True)
    c = add(conn, next(t), building=1, item="roof", source="patrol")
    d = add(conn, next(t), building=2, item="pipes", source="walkin")
    e = add(conn, next(t), building=4, item="fees", source="visit")
    act(conn, a, "dispatch", next(t))
    act(conn, a, "respond", next(t))
    act(conn, a, "resolve", next(t))
    act(conn, a, "followup", next(t), resolved="partly", satisfied="basic")  # stays resolved
    act(conn, a, "followup", next(t), resolved="yes", satisfied="basic")  # called again: closed
    act(conn, b, "dispatch", next(t))
    act(conn, b, "dispute", next(t), reason="不归我们")
    act(conn, b, "route", next(t), company="shouhua", reason="协商")
    act(conn, b, "resolve", next(t))
    act(conn, b, "followup", next(t), resolved="no", satisfied="no")
    act(conn, c, "dispatch", next(t))
    act(conn, d, "duplicate", next(t), of=a)
    act(conn, e, "reject", next(t), reason="不属于物业")
    act(conn, c, "respond", next(t))
    undo_last(conn, next(t))
    return [a, b, c, d, e]


# --- 1. property: random real operations keep the totals equal to a recomputation ---------------


def _fresh_ledger(template: Path, folder: str) -> sqlite3.Connection:
    return open_copy(template, Path(folder) / "ledger.db")


STARTS = (
    datetime(2026, 2, 26, 8, 0),  # across the 03-01 handover of the duty rotation
    datetime(2025, 12, 29, 21, 0),  # across a year end
    datetime(2026, 10, 30, 9, 30),  # across a month end, up to the fixed clock
)


def _step(conn, data, when: datetime, ids: list[int], est) -> str:
    """Draw and apply one real operation; returns what was tried (for the failure report)."""
    choice = data.draw(
        st.sampled_from(("add", "act", "act", "act", "act", "act", "tag", "edit", "undo", "undo"))
        if ids
        else st.just("add")
    )
    try:
        if choice == "add":
            received = when - timedelta(hours=data.draw(st.integers(0, 80)))
            override = data.draw(st.booleans()) and data.draw(st.booleans())
            ids.append(
                complaints_record.record(
                    conn,
                    est,
                    complaints_record.NewComplaint(
                        text=f"诉求{len(ids) + 1}",
                        received_at=received,
                        building=data.draw(st.sampled_from((None, 1, 2, 3, 4))),
                        place=data.draw(st.sampled_from(PLACES)),
                        item=data.draw(st.sampled_from(ITEMS)),
                        source=data.draw(st.sampled_from(status.SOURCES)),
                        urgent=data.draw(st.booleans()),
                        company=data.draw(st.sampled_from(COMPANIES)) if override else None,
                        company_reason="测试" if override else None,
                    ),
                    now=when,
                    actor=ACTOR,
                )
            )
            return "add"
        # mostly the newest complaints, so that they get far in their life
        cid = data.draw(
            st.sampled_from(ids[-2:]) if data.draw(st.integers(0, 3)) else st.sampled_from(ids)
        )
        if choice == "undo":
            undo_last(conn, when)
            return "undo"
        current = conn.execute("SELECT status, company FROM complaints WHERE id = ?", (cid,))
        now_status, company = current.fetchone()
        other = COMPANIES[1 - COMPANIES.index(company)]
        if choice == "tag":  # re-route through `tag --company` (edit, route, tag in one go)
            lifecycle.tag_complaint(
                conn,
                cid,
                now=when,
                actor=ACTOR,
                company=other,
                reason="换公司",
                add=data.draw(st.sampled_from(([], ["急"]))),
            )
            return f"tag #{cid} -> {other}"
        if choice == "edit":
            fix = data.draw(
                st.sampled_from(
                    (
                        {"item": data.draw(st.sampled_from(ITEMS))},
                        {"place": data.draw(st.sampled_from(("北门", "小广场", "-")))},
                        {"building": data.draw(st.sampled_from(("1", "3", "-")))},
                        {"urgent": data.draw(st.booleans())},
                    )
                )
            )
            act(conn, cid, "edit", when, **fix)
            return f"edit #{cid} {fix}"
        allowed = [
            a for a in lifecycle.allowed_actions(now_status) if a not in ("tag", "edit", "note")
        ] or ["note"]
        forward = [a for a in ("dispatch", "respond", "resolve", "followup") if a in allowed]
        if forward and data.draw(st.booleans()):  # half the time, on with its life
            allowed = forward
        action = data.draw(st.sampled_from(allowed))
        details: dict[str, object] = {}
        if action in lifecycle.NEEDS_REASON:
            details["reason"] = "测试"
        if action == "note":
            details["note"] = "记一笔"
        if action == "followup":
            details["resolved"] = data.draw(st.sampled_from(complaints_record.FOLLOWUP_RESOLVED))
            details["satisfied"] = data.draw(
                st.sampled_from((*complaints_record.FOLLOWUP_SATISFIED, None))
            )
        if action == "duplicate":
            details["of"] = data.draw(st.sampled_from(ids))
        if action == "route":
            details["company"] = other
        act(conn, cid, action, when, **details)
        return f"{action} #{cid} {details}"
    except errors.LedgerError as exc:  # refused: must change nothing, totals included
        return f"{choice} refused ({exc.key})"


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_operations_keep_totals_and_match_the_old_sql(ledger_template: Path, data) -> None:
    start = data.draw(st.sampled_from(STARTS))
    steps = data.draw(st.integers(1, 24))
    with tempfile.TemporaryDirectory() as folder:
        conn = _fresh_ledger(ledger_template, folder)
        try:
            est = model.load(conn)
            ids: list[int] = []
            when = start
            times = [when]
            done = []
            for _ in range(steps):
                when += timedelta(minutes=data.draw(st.sampled_from((0, 1, 50, 600, 1500, 4000))))
                done.append(_step(conn, data, when, ids, est))
                times.append(when)
                assert counts.differences(conn) == ZERO, done
            # the same ledger, read the new way and the old way
            first, last = times[0].date() - timedelta(days=4), times[-1].date()
            periods = [(first, last), (first, first + timedelta(days=6)), (last, last)]
            nows = [times[len(times) // 2], times[-1] + timedelta(days=3)]
            moments = [times[0], times[len(times) // 2], times[-2], times[-1] + timedelta(hours=1)]
            assert_same_as_oracle(conn, periods, nows, moments)
        finally:
            conn.close()


def test_differences_detects_drift(conn) -> None:
    """The check is not blind: with one trigger gone, a change leaves the totals behind."""
    when = datetime(2026, 11, 20, 9, 0)
    cid = add(conn, when, building=3, item="stair_lighting", source="phone")
    assert counts.differences(conn) == ZERO
    conn.execute("DROP TRIGGER counts_complaint_update")
    act(conn, cid, "dispatch", when + timedelta(hours=1))
    act(conn, cid, "respond", when + timedelta(hours=2))
    drift = counts.differences(conn)
    assert drift["complaint_counts"] > 0
    # and the rates read from the stale totals are no longer the direct computation's
    since = until = when.date()
    got = rates.rates(conn, since, until, now=when + timedelta(days=1), settings=SETTINGS[0])
    assert got != old_rates(conn, since, until, None, now=when + timedelta(days=1), s=SETTINGS[0])
    with ledger.transaction(conn):
        counts.rebuild(conn)
    assert counts.differences(conn) == ZERO


def test_differences_detects_a_lost_step(conn) -> None:
    """event_counts drift (a step recorded while its trigger is missing) is seen too."""
    when = datetime(2026, 11, 20, 9, 0)
    cid = add(conn, when, place="北门", item="garbage", source="hotline")
    conn.execute("DROP TRIGGER counts_event_step")
    act(conn, cid, "dispatch", when + timedelta(hours=1))
    assert counts.differences(conn)["event_counts"] > 0
    p = _period(when.date(), when.date())
    assert summary._moved(conn, p) != old_moved(conn, p)


# --- 2. oracle on the sample ledger ---------------------------------------------------------------


@pytest.fixture
def sample_conn(sample_db: Path):
    c = ledger.open_ledger(sample_db)
    yield c
    c.close()


def test_sample_ledger_totals_are_consistent(sample_conn) -> None:
    assert counts.differences(sample_conn) == ZERO
    assert counts_triggers(sample_conn) == EXPECTED_TRIGGERS


def test_sample_ledger_rates_equal_the_old_sql(sample_conn) -> None:
    conn = sample_conn
    first, last = conn.execute(
        "SELECT min(received_at), max(received_at) FROM complaints"
    ).fetchone()
    assert first and last
    periods = [
        (date.fromisoformat(first[:10]), date.fromisoformat(last[:10])),  # everything
        (date(2026, 1, 1), date(2026, 11, 27)),  # the year to date
        (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 11, 16), date(2026, 11, 22)),  # a week
        (date(2025, 3, 1), date(2026, 2, 28)),  # a duty year
        (date(2026, 11, 27), date(2026, 11, 27)),  # one day
        (date(2019, 1, 1), date(2019, 12, 31)),  # before anything
    ]
    nows = [
        datetime(2026, 11, 27, 10, 0),
        datetime(2026, 11, 20, 0, 0),  # some responses still pending then
        datetime(2027, 1, 1, 0, 0),
    ]
    found_any = False
    for (since, until), now, by, s in itertools.product(periods, nows, BYS, SETTINGS):
        want = old_rates(conn, since, until, by, now=now, s=s)
        found_any = found_any or bool(want)
        assert rates.rates(conn, since, until, by, now=now, settings=s) == want, (
            since,
            until,
            now,
            by,
            s,
        )
    assert found_any


def test_sample_ledger_moved_received_backlog_equal_the_old_sql(sample_conn) -> None:
    conn = sample_conn
    periods = [
        (date(2022, 1, 1), date(2026, 12, 31)),
        (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 11, 23), date(2026, 11, 29)),
        (date(2026, 12, 1), date(2026, 12, 7)),
        (date(2025, 6, 1), date(2025, 6, 30)),
    ]
    first = conn.execute("SELECT min(received_at) FROM complaints").fetchone()[0]
    found = {"recurring": 0, "spikes": 0}
    weeks = [reports_periods.week_period(f"2026-W{w}") for w in range(30, 49)]
    for p in [_period(since, until) for since, until in periods] + weeks:
        assert summary._moved(conn, p) == old_moved(conn, p), p
        assert new_received(conn, p, COMPANIES) == old_received(conn, p), p
        assert recurring.recurring(conn, p) == (rec := old_recurring(conn, p)), p
        assert recurring.spikes(conn, p, first) == (spk := old_spikes(conn, p, first)), p
        found["recurring"] += len(rec)
        found["spikes"] += len(spk)
    assert found["recurring"] and found["spikes"], found  # the comparisons compared something
    assert any(n for per in old_moved(conn, _period(*periods[0])).values() for n in per.values())
    # as_of moments before recent changes, so that the "changed since" correction has work
    moments = [
        datetime(2026, 11, 27, 10, 0),
        datetime(2026, 11, 25, 12, 0),
        datetime(2026, 11, 20, 0, 0),
        datetime(2026, 11, 1, 0, 0),
        datetime(2026, 6, 15, 8, 30),
        datetime(2025, 12, 31, 23, 59, 59),
        datetime(2024, 3, 1, 0, 0),
        datetime(2022, 10, 18, 0, 0),
        datetime(2026, 12, 3, 0, 0),  # after the last event
    ]
    exercised = 0
    for moment in moments:
        t = moment.strftime("%Y-%m-%d %H:%M:%S")
        exercised += len(summary._changed(conn, t))
        assert_backlog_as_oracle(conn, moment, (1, 5, 100))
    assert exercised > 10  # the correction for complaints changed since as_of was really used


def test_backlog_lists_the_oldest_overdue_when_an_older_one_reopened_since(conn) -> None:
    """An overdue-now complaint that was resolved at as_of (reopened since) is left out of the
    listing at as_of, and the listing still holds ``limit`` complaints (the window read from
    complaints_open must make room for the ones it skips)."""
    c1 = add(conn, datetime(2026, 11, 1, 8, 0), building=2, item="pipes", source="phone")
    c2 = add(conn, datetime(2026, 11, 1, 10, 0), building=2, item="pipes", source="phone")
    c3 = add(conn, datetime(2026, 11, 3, 8, 0), building=1, item="pipes", source="phone")
    act(conn, c1, "dispatch", datetime(2026, 11, 1, 9, 0))
    act(conn, c1, "resolve", datetime(2026, 11, 2, 9, 0))
    act(conn, c2, "dispatch", datetime(2026, 11, 1, 11, 0))
    act(conn, c3, "dispatch", datetime(2026, 11, 3, 9, 0))
    act(conn, c1, "followup", datetime(2026, 11, 12, 9, 0), resolved="no", satisfied="no")
    as_of = datetime(2026, 11, 10, 0, 0)
    for limit in (1, 2, 100):
        backlog, total, listed = summary._backlog(conn, as_of, limit)
        assert backlog == {"dispatched": {"shouhua": 2}}  # buildings 1 and 2
        assert total == 2
        assert [o.number for o in listed] == [c2, c3][:limit]
        want = old_backlog(conn, as_of, limit)
        assert (backlog, total, [tuple(o) for o in listed]) == (
            want[0],
            want[1],
            [tuple(o) for o in want[2]],
        )


def test_backlog_when_a_step_records_no_status(conn) -> None:
    """The first step since as_of is found from the events_steps index without reading its data;
    a step that recorded no status (not written by this program, but possible in an imported
    ledger) sends that complaint down the exact path, event by event: same answer as the old
    SQL, which skipped such events."""
    c1 = add(conn, datetime(2026, 11, 1, 8, 0), building=2, item="pipes", source="phone")
    c2 = add(conn, datetime(2026, 11, 1, 10, 0), building=3, item="pipes", source="phone")
    act(conn, c1, "dispatch", datetime(2026, 11, 1, 9, 0))
    act(conn, c2, "dispatch", datetime(2026, 11, 1, 11, 0))
    # A 'respond' event without before/after, then a real step: for c1 the status at as_of is
    # the real step's "before"; for c2 nothing changed its status since as_of.
    for cid, at in ((c1, "2026-11-12 08:00:00"), (c2, "2026-11-12 08:30:00")):
        conn.execute(
            "INSERT INTO events (uuid, at, actor, kind, complaint_id, subject, subject_id, data)"
            " VALUES (?, ?, ?, 'respond', ?, 'complaint', ?, '{}')",
            (f"bare-{cid}", at, ACTOR, cid, cid),
        )
    act(conn, c1, "respond", datetime(2026, 11, 12, 9, 0))
    as_of = datetime(2026, 11, 10, 0, 0)
    t = as_of.strftime("%Y-%m-%d %H:%M:%S")
    changed = {now_.id: then.status for now_, then in summary._changed(conn, t)}
    assert changed == {c1: "dispatched"}
    assert_backlog_as_oracle(conn, as_of, (1, 2, 100))


# --- 3. bulk paths --------------------------------------------------------------------------------


def bulk_complaint(n: int, **extra):
    """A record for bulk.bulk_load (the shape of tests/test_bulk.py), in varied states."""
    day = 1 + n % 27
    received = f"2026-10-{day:02d} 09:00:00"
    kind = n % 5
    record = {
        "received_at": received,
        "source": ("patrol", "phone", "hotline", "visit", "walkin")[n % 5],
        "text": f"{1 + n % 4}号楼2单元楼道灯坏了第{n}次",
        "building": 1 + n % 4,
        "unit": 2,
        "item": "stair_lighting",
        "scope": "separate",
        "company": "shouhua" if n % 4 < 2 else "chengjian",
        "routing": "separate",
        "status": ("received", "dispatched", "closed", "duplicate", "resolved")[kind],
        "respond_by": f"2026-10-{day + 1:02d} 09:00:00",
        "resolve_by": f"2026-10-{day + 3:02d} 09:00:00",
        "created_at": "2026-11-27 10:00:00",
        "updated_at": "2026-11-27 10:00:00",
    }
    events = [{"kind": "create", "at": received, "actor": ACTOR}]
    if kind in (1, 2, 4):
        record["dispatched_at"] = f"2026-10-{day:02d} 10:00:00"
        events.append({"kind": "dispatch", "at": record["dispatched_at"], "actor": ACTOR})
    if kind in (2, 4):
        record["responded_at"] = f"2026-10-{day + 2:02d} 10:00:00"  # late for some
        record["resolved_at"] = record["responded_at"]
        events.append({"kind": "resolve", "at": record["resolved_at"], "actor": ACTOR})
    if kind == 2:
        record["followup_resolved"] = ("yes", "partly", "no")[n % 3]
        record["followup_satisfied"] = ("yes", "basic", "no")[n % 3]
        events.append({"kind": "close", "at": f"2026-10-{day + 2:02d} 12:00:00", "actor": ACTOR})
    if kind == 4:
        record["building"] = None
        record["unit"] = None
        record["place"] = "北门"
    record["events"] = events
    record.update(extra)
    return record


def _top_level_events(conn, complaint_id: int) -> list[dict]:
    """Top-level events for an existing complaint: a step, and the undo of one of its steps."""
    uuid = conn.execute("SELECT uuid FROM complaints WHERE id = ?", (complaint_id,)).fetchone()[0]
    step = conn.execute(
        "SELECT id FROM events WHERE complaint_id = ? AND kind = 'dispatch'", (complaint_id,)
    ).fetchone()[0]
    return [
        {"kind": "dispute", "at": "2026-11-02 09:00:00", "actor": ACTOR, "complaint_uuid": uuid},
        {
            "kind": "undo",
            "at": "2026-11-02 10:00:00",
            "actor": ACTOR,
            "complaint_id": complaint_id,
            "undoes": step,
        },
    ]


def totals_triggers_dropped(monkeypatch) -> list[bool]:
    """Spy on store.triggers: per call, whether the running totals' triggers were dropped."""
    from liuliqiao_cli.store import triggers

    calls: list[bool] = []
    real = triggers.drop_bulk_triggers

    def spy(c, **kw):
        saved = real(c, **kw)
        calls.append(any(counts.TRIGGER_PREFIX in sql for sql in saved))
        return saved

    monkeypatch.setattr(triggers, "drop_bulk_triggers", spy)
    return calls


def test_bulk_load_into_empty_ledger_rebuilds_totals(conn, monkeypatch) -> None:
    from liuliqiao_cli.store import bulk

    calls = totals_triggers_dropped(monkeypatch)
    result = bulk.bulk_load(conn, [bulk_complaint(n) for n in range(40)])
    assert result.complaints == 40 and calls == [True]  # the path with the triggers off
    assert counts.differences(conn) == ZERO
    assert counts_triggers(conn) == EXPECTED_TRIGGERS
    assert sum(r[4] for r in counts.stored(conn, "complaint_counts") if r[0] == "company") == 40
    assert_same_as_oracle(
        conn,
        [(date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 10, 5), date(2026, 10, 11))],
        [datetime(2026, 10, 15, 0, 0), datetime(2026, 11, 27, 10, 0)],
        [datetime(2026, 10, 10, 0, 0), datetime(2026, 11, 27, 10, 0)],
    )
    # the triggers work again afterwards
    act(conn, 1, "dispatch", datetime(2026, 11, 27, 9, 0))
    assert counts.differences(conn) == ZERO


def test_bulk_load_with_triggers_on_keeps_totals(conn, monkeypatch) -> None:
    """Into a big ledger (here: SMALL_TABLE lowered) the triggers stay on during the load."""
    from liuliqiao_cli.store import bulk

    ids = some_history(conn, datetime(2026, 10, 1, 8, 0))
    monkeypatch.setattr(bulk, "SMALL_TABLE", 3)
    calls = totals_triggers_dropped(monkeypatch)
    before = counts.stored(conn, "complaint_counts")
    result = bulk.bulk_load(
        conn, [bulk_complaint(n) for n in range(12)], _top_level_events(conn, ids[2])
    )
    assert calls == [False]  # the totals' triggers stayed on
    assert result.complaints == 12
    assert counts.stored(conn, "complaint_counts") != before
    assert counts.differences(conn) == ZERO
    assert counts_triggers(conn) == EXPECTED_TRIGGERS


def test_bulk_load_into_ledger_with_some_complaints(conn, monkeypatch) -> None:
    """Nearly empty (under SMALL_TABLE): triggers off, one rebuild that keeps what was there."""
    from liuliqiao_cli.store import bulk

    some_history(conn, datetime(2026, 9, 1, 8, 0))
    before = counts.stored(conn, "event_counts")
    calls = totals_triggers_dropped(monkeypatch)
    bulk.bulk_load(conn, [bulk_complaint(n) for n in range(10)])
    assert calls == [True]
    assert counts.differences(conn) == ZERO
    assert counts_triggers(conn) == EXPECTED_TRIGGERS
    assert set(before) <= set(counts.stored(conn, "event_counts"))


def test_bulk_load_undo_before_its_step_with_triggers_on(conn, monkeypatch) -> None:
    """bulk_load inserts events in the caller's order (foreign keys deferred): an undo may come
    before the step it undoes. The step's trigger then sees the undo and does not count it."""
    from liuliqiao_cli.store import bulk

    ids = some_history(conn, datetime(2026, 10, 1, 8, 0))
    monkeypatch.setattr(bulk, "SMALL_TABLE", 3)  # as if the ledger held 10,000+ complaints
    step = conn.execute("SELECT max(id) FROM events").fetchone()[0] + 5
    bulk.bulk_load(
        conn,
        [],
        [
            {
                "id": step - 1,
                "kind": "undo",
                "at": "2026-11-02 10:00:00",
                "actor": ACTOR,
                "complaint_id": ids[2],
                "undoes": step,
            },
            {
                "id": step,
                "kind": "respond",
                "at": "2026-11-02 09:00:00",
                "actor": ACTOR,
                "complaint_id": ids[2],
            },
        ],
    )
    assert counts.differences(conn) == ZERO


def test_bulk_load_that_fails_keeps_triggers_and_totals(conn) -> None:
    from liuliqiao_cli.store import bulk

    some_history(conn, datetime(2026, 9, 1, 8, 0))
    before = snapshot(conn)
    records = [bulk_complaint(n) for n in range(6)] + [bulk_complaint(7, company=None)]
    with pytest.raises(sqlite3.IntegrityError):
        bulk.bulk_load(conn, records)
    assert counts_triggers(conn) == EXPECTED_TRIGGERS
    assert snapshot(conn) == before
    assert counts.differences(conn) == ZERO


@pytest.mark.parametrize("bulk_path", [False, True], ids=["triggers", "rebuild"])
def test_jsonl_merge_keeps_totals(
    cli, tmp_path: Path, ledger_template: Path, monkeypatch, bulk_path
):

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    conn_a = open_copy(ledger_template, a)
    conn_b = open_copy(ledger_template, b)
    # a copy of a ledger is the same ledger until it gets a station letter of its own
    names.set_station(conn_b, "B", now=datetime(2026, 9, 1, 8, 0), actor=ACTOR)
    try:
        ids = some_history(conn_a, datetime(2026, 10, 1, 8, 0))
        # B knows one of A's complaints already (merged earlier), then A moves it on
        out = tmp_path / "seed.jsonl"
        assert cli("--db", str(a), "export", "-o", str(out), "--force").exit_code == 0
        assert cli("--db", str(b), "import", str(out)).exit_code == 0
        assert counts.differences(conn_b) == ZERO
        add(conn_b, datetime(2026, 11, 1, 8, 0), building=2, item="unit_door", source="phone")
        act(conn_a, ids[2], "route", datetime(2026, 11, 20, 8, 0), company="shouhua", reason="换")
        act(conn_a, ids[2], "resolve", datetime(2026, 11, 21, 8, 0))
        add(conn_a, datetime(2026, 11, 22, 8, 0), place="小广场", item="benches", source="visit")
        if bulk_path:
            monkeypatch.setattr(jsonl_import, "BULK_MIN", 1)
        out = tmp_path / "a.jsonl"
        assert cli("--db", str(a), "export", "-o", str(out), "--force").exit_code == 0
        result = cli("--db", str(b), "import", str(out))
        assert result.exit_code == 0, result.stderr
        assert counts.differences(conn_b) == ZERO
        assert counts_triggers(conn_b) == EXPECTED_TRIGGERS
        # B now holds A's complaints and steps, and one complaint of its own (no step)
        assert counts.stored(conn_b, "event_counts") == counts.stored(conn_a, "event_counts")
        n_a = conn_a.execute("SELECT count(*) FROM complaints").fetchone()[0]
        n_b = sum(r[4] for r in counts.stored(conn_b, "complaint_counts") if r[0] == "company")
        assert n_b == n_a + 1
        act(conn_b, ids[0], "reopen", datetime(2026, 11, 26, 8, 0), reason="又坏了")
        assert counts.differences(conn_b) == ZERO
    finally:
        conn_a.close()
        conn_b.close()


@pytest.mark.parametrize("bulk_rows", [5, 1000], ids=["rebuild", "triggers"])
def test_workorders_import_keeps_totals(cli, db: Path, conn, monkeypatch, bulk_rows) -> None:
    from liuliqiao_cli.exchange import workorders
    from liuliqiao_cli.store import triggers

    some_history(conn, datetime(2026, 8, 1, 8, 0))
    monkeypatch.setattr(workorders, "BULK_ROWS", bulk_rows)
    restored = []
    real = triggers.restore_triggers

    def spy(c, saved, **kw):
        restored.append(len(saved))
        return real(c, saved, **kw)

    monkeypatch.setattr(triggers, "restore_triggers", spy)
    result = cli("import", str(ROOT / "tests" / "data" / "workorders.xlsx"))
    assert "新增诉求 19 条" in result.stderr, result.stderr  # one row needs a choice
    assert bool(restored) == (bulk_rows == 5)  # which path was taken
    assert conn.execute("SELECT count(*) FROM complaints WHERE source = 'hotline'").fetchone()[0]
    assert counts.differences(conn) == ZERO
    assert counts_triggers(conn) == EXPECTED_TRIGGERS
    new = conn.execute("SELECT max(id) FROM complaints").fetchone()[0]
    act(conn, new, "dispatch", datetime(2026, 11, 27, 9, 30))
    assert counts.differences(conn) == ZERO


# --- 4. a change that fails half-way --------------------------------------------------------------


def test_failed_change_leaves_totals_as_they_were(conn) -> None:
    ids = some_history(conn, datetime(2026, 10, 1, 8, 0))
    before = snapshot(conn)
    with pytest.raises(RuntimeError), ledger.transaction(conn):
        conn.execute(
            "UPDATE complaints SET status = 'closed', company = 'shouhua',"
            " followup_resolved = 'yes', item = 'fees' WHERE id = ?",
            (ids[2],),
        )
        act(conn, ids[0], "reopen", datetime(2026, 11, 26, 8, 0), reason="又坏了")
        assert counts.differences(conn) == ZERO  # in step inside the transaction too
        assert snapshot(conn) != before
        raise RuntimeError("power cut")
    assert snapshot(conn) == before
    assert counts.differences(conn) == ZERO


def test_refused_action_changes_no_totals(conn) -> None:
    ids = some_history(conn, datetime(2026, 10, 1, 8, 0))
    before = snapshot(conn)
    with pytest.raises(errors.LedgerError):
        act(conn, ids[3], "dispatch", datetime(2026, 11, 26, 8, 0))  # a duplicate
    with pytest.raises(errors.LedgerError):
        act(conn, ids[0], "followup", datetime(2026, 11, 26, 8, 0), resolved="perhaps")
    assert snapshot(conn) == before
    assert counts.differences(conn) == ZERO


def test_crash_inside_a_jsonl_import_keeps_triggers(
    cli, conn, tmp_path: Path, ledger_template: Path, monkeypatch
) -> None:
    """A merge on the path that drops the triggers fails on a bad line after writing rows: the
    triggers and the totals are as before (the drop was rolled back with the rest)."""

    some_history(conn, datetime(2026, 10, 1, 8, 0))
    out = tmp_path / "a.jsonl"
    assert cli("export", "-o", str(out), "--force").exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    out.write_text("\n".join([*lines[:-3], "{not json", *lines[-3:]]) + "\n", encoding="utf-8")
    other = open_copy(ledger_template, tmp_path / "b.db")
    try:
        some_history(other, datetime(2026, 6, 1, 8, 0))
        before = snapshot(other)
        monkeypatch.setattr(jsonl_import, "BULK_MIN", 1)
        result = cli("--db", str(tmp_path / "b.db"), "import", str(out))
        assert result.exit_code == 1, result.stderr
        assert counts_triggers(other) == EXPECTED_TRIGGERS
        assert snapshot(other) == before
        assert counts.differences(other) == ZERO
    finally:
        other.close()


# --- 5. the migration -----------------------------------------------------------------------------

M006_INDEXES = {"complaints_received", "complaints_open", "complaints_awaiting_response"}


def _indexes(conn) -> dict[str, str]:
    return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))


def _all_rows(path: Path, tables: list[str]) -> dict[str, list[tuple]]:
    c = sqlite3.connect(path)
    try:
        return {t: sorted(c.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        c.close()


def _check_migrated(conn) -> None:
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == list(migrations.names)
    indexes = _indexes(conn)
    assert M006_INDEXES <= set(indexes)
    assert "item" in indexes["complaints_received"]  # the covering version, not the old one
    assert counts_triggers(conn) == EXPECTED_TRIGGERS
    assert counts.differences(conn) == ZERO


def test_migrating_ledger_v1(tmp_path: Path) -> None:
    target = tmp_path / "v1.db"
    shutil.copy(ROOT / "tests" / "data" / "ledger_v1.db", target)
    c = sqlite3.connect(target)
    tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    c.close()
    kept = [t for t in tables if not t.startswith("_sqlite")]
    before = _all_rows(target, kept)
    conn = ledger.open_ledger(target)
    try:
        _check_migrated(conn)
        after = _all_rows(target, kept)
        # m013 adds the ledger's id to the settings; no row is changed or dropped
        after["settings"] = [r for r in after["settings"] if r[0] != "ledger.id"]
        assert after == before
        assert conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0
        when = datetime(2026, 11, 27, 9, 0)
        cid = add(conn, when, building=1, item="roof", source="phone")
        act(conn, cid, "dispatch", when)
        assert counts.differences(conn) == ZERO
    finally:
        conn.close()


def test_migrating_a_ledger_with_complaints(tmp_path: Path) -> None:
    """A ledger at m005 (complaints, steps, an undo) gets m006: totals filled from the rows."""
    path = tmp_path / "v5.db"
    conn, _ = ledger.create_ledger(path)
    ledger.migrate(conn, stop_before="m006_counts")
    with ledger.transaction(conn):
        model.install(
            conn,
            definition.load_definition(definition.default_definition_text()),
            now=datetime(2026, 1, 1, 9, 0),
        )
    # The history is written by today's code on a ledger of today's schema, then copied over
    # column by column (the code writes columns of later migrations: names, rev).
    today = tmp_path / "today.db"
    source, _ = ledger.create_ledger(today)
    ledger.migrate(source)
    with ledger.transaction(source):
        model.install(
            source,
            definition.load_definition(definition.default_definition_text()),
            now=datetime(2026, 1, 1, 9, 0),
        )
    some_history(source, datetime(2026, 10, 1, 8, 0))
    some_history(source, datetime(2026, 2, 20, 8, 0))
    source.close()
    conn.execute("ATTACH DATABASE ? AS today", (str(today),))
    with ledger.transaction(conn):
        for table in ("contacts", "complaints", "complaint_tags", "events"):
            cols = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})"))
            conn.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM today.{table}")
    conn.execute("DETACH DATABASE today")
    assert not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'complaint_counts'"
    ).fetchone()
    conn.close()
    before = _all_rows(path, ["complaints", "events", "contacts", "complaint_tags"])
    assert len(before["complaints"]) == 10
    conn = ledger.open_ledger(path)
    try:
        _check_migrated(conn)
        after = _all_rows(path, ["complaints", "events", "contacts", "complaint_tags"])
        # m013 adds columns (name, rev): every row keeps what it had
        width = {t: len(rows[0]) if rows else 0 for t, rows in before.items()}
        assert {t: [r[: width[t]] for r in rows] for t, rows in after.items()} == before
        assert sum(r[4] for r in counts.stored(conn, "complaint_counts") if r[0] == "item") == 10
        assert_same_as_oracle(
            conn,
            [(date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 2, 20), date(2026, 3, 5))],
            [datetime(2026, 11, 27, 10, 0), datetime(2026, 10, 2, 0, 0)],
            [datetime(2026, 10, 2, 0, 0), datetime(2026, 3, 1, 0, 0), datetime(2026, 11, 27)],
        )
    finally:
        conn.close()
