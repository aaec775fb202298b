"""The weekly (or any period's) summary: data in, a :class:`Summary` out.

Every figure is aggregated in SQL; Python only handles one row per group, so memory does not grow
with the number of complaints. Received, moved, the open counts and the rates read the running
totals of :mod:`liuliqiao_cli.store.counts` (a few rows per day, whatever the number of
complaints); what they cannot hold (the status at the end of the period, overdue at that moment,
recurring problems) reads index ranges whose size is the activity since the period's end, or in
the last 30 days. Periods are :mod:`liuliqiao_cli.reports.periods`.

"At the end of the period" means ``as_of`` = the earlier of the period's end and ``now``. The
status a complaint had then is its current status, unless a status-changing event came later:
then it is the ``before`` status recorded in the first such event (see ``status.py``).
"""

import json
import math
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from liuliqiao_cli.complaints import names, status
from liuliqiao_cli.reports import rates

if TYPE_CHECKING:
    from liuliqiao_cli.estate.model import Estate
    from liuliqiao_cli.reports.households import Affected
    from liuliqiao_cli.reports.recurring import Recurring, Spike
from liuliqiao_cli.reports.periods import Period

HANDOVER_LOOKAHEAD_DAYS = 30


OVERDUE_LIMIT = 100  # overdue complaints listed (all are counted)


class Handover(NamedTuple):
    on: date
    company: str


class DutyOverride(NamedTuple):
    start: date
    end: date
    company: str
    reason: str


class EstateVersion(NamedTuple):
    """A version of the estate taking effect in the period or the 30 days after it."""

    on: date
    number: int
    changes: tuple[Any, ...]  # estate.version_diff.Change


class DutyInfo:
    """Who was on duty at the period's start and end, and around it. (A plain class, as Received
    is, and Summary a NamedTuple: as dataclasses they cost a dossier's start-up ~2 ms.)"""

    def __init__(
        self,
        at_start: str | None,  # company on duty on the first day (None: no rotation configured)
        at_end: str | None,
        handovers: list[Handover] | None = None,  # in the period or the next 30 days
        overrides: list[DutyOverride] | None = None,  # active during the period
        handover_pending: int = 0,  # complaints awaiting a handover confirmation (now)
        estate_versions: list[EstateVersion] | None = None,
    ) -> None:
        self.at_start = at_start
        self.at_end = at_end
        self.handovers: list[Handover] = [] if handovers is None else handovers
        self.overrides: list[DutyOverride] = [] if overrides is None else overrides
        self.handover_pending = handover_pending
        self.estate_versions: list[EstateVersion] = (
            [] if estate_versions is None else estate_versions
        )


class Received:
    """The complaints received in the period: totals and breakdowns (filled by _received)."""

    def __init__(self) -> None:
        self.total = 0
        self.residents = 0  # every source but patrol and visit
        self.proactive = 0  # patrol and visit: the worker's own findings
        self.joint = 0
        self.separate = 0
        self.by_source: dict[str, int] = {}  # in status.SOURCES order
        self.by_building: dict[str, int] = {}  # "1".."4", then "public"
        self.by_company: dict[str, int] = {}
        self.by_item: dict[str, int] = {}  # most frequent first


class OverdueComplaint(NamedTuple):
    number: int
    building: int | None
    unit: int | None
    room: str | None
    place: str | None
    item: str
    company: str
    received_at: str
    deadline: str  # the limit missed (resolution if passed, else response)
    days_overdue: int


class Summary(NamedTuple):
    estate: str
    period: Period
    now: datetime
    as_of: datetime  # the backlog is counted at this moment (rates use what is known at now)
    first_complaint: date | None
    duty: DutyInfo
    received: Received
    moved: dict[str, dict[str, int]]  # kind -> company -> count (every kind of MOVED_KINDS)
    backlog: dict[str, dict[str, int]]  # open status -> company -> count
    overdue_total: int
    overdue: list[OverdueComplaint]
    rates_period: list[rates.GroupRates]  # per company, then the "all" row
    rates_ytd: list[rates.GroupRates]
    ytd_since: date
    recurring: "list[Recurring]"
    spikes: "list[Spike]"
    companies: tuple[str, ...]
    households: "list[Affected]"  # problems raised by several
    labels: dict[int, str]  # numbers -> names (B17), where named

    @property
    def nothing_happened(self) -> bool:
        return self.received.total == 0 and not any(
            n for per in self.moved.values() for n in per.values()
        )

    @property
    def before_first_complaint(self) -> bool:
        return self.first_complaint is None or self.period.until < self.first_complaint

    @property
    def backlog_total(self) -> int:
        return sum(n for per in self.backlog.values() for n in per.values())


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def build_summary(
    conn: sqlite3.Connection,
    estate: "Estate",
    period: Period,
    *,
    now: datetime,
    overdue_limit: int = OVERDUE_LIMIT,
    counts_only: bool = False,
) -> Summary:
    """Every figure of the summary of ``period``, as known at ``now``. ``counts_only`` (for a
    dossier's figures section) leaves out what it does not print: the year-to-date rates,
    recurring problems and spikes (empty), and the duty (unknown)."""
    companies = tuple(estate.companies)
    as_of = min(period.end, now)
    first = conn.execute("SELECT min(received_at) FROM complaints").fetchone()[0]
    repeated: tuple[list[Recurring], list[Spike], list[Affected]] = ([], [], [])
    if not counts_only:
        # Imported here: a dossier's figures need none of them, and households' imports reach
        # as far as recording a complaint (duplicates, recognition).
        from liuliqiao_cli.reports.households import affected
        from liuliqiao_cli.reports.recurring import recurring, spikes

        repeated = (recurring(conn, period), spikes(conn, period, first), affected(conn, period))
    settings = rates.load_settings(conn)
    ytd_since = date(period.until.year, 1, 1)
    backlog, overdue_total, overdue = _backlog(conn, as_of, overdue_limit)
    recurring_, spikes_, households = repeated
    labels = names.labels_of(
        conn,
        [o.number for o in overdue]
        + [n for rec in recurring_ for n in rec.numbers]
        + [n for spike in spikes_ for n in spike.numbers]
        + [h.original for h in households],
    )
    return Summary(
        estate=estate.name,
        period=period,
        now=now,
        as_of=as_of,
        first_complaint=date.fromisoformat(first[:10]) if first else None,
        duty=DutyInfo(None, None) if counts_only else _duty(conn, period, as_of.date()),
        received=_received(conn, period, companies),
        moved=_moved(conn, period),
        backlog=backlog,
        overdue_total=overdue_total,
        overdue=overdue,
        rates_period=_company_rates(conn, period.since, period.until, now, settings, companies),
        rates_ytd=[]
        if counts_only
        else _company_rates(conn, ytd_since, period.until, now, settings, companies),
        ytd_since=ytd_since,
        recurring=recurring_,
        spikes=spikes_,
        companies=companies,
        households=households,
        labels=labels,
    )


def _company_rates(
    conn: sqlite3.Connection,
    since: date,
    until: date,
    now: datetime,
    settings: rates.RateSettings,
    companies: Sequence[str],
) -> list[rates.GroupRates]:
    """One row per company of the estate (zeros included), then the total. The cohort is the
    complaints received in the period; their outcomes are those known ``now`` (a follow-up made
    after the period still counts for the complaint it answers)."""
    found = {
        g.group: g for g in rates.rates(conn, since, until, "company", now=now, settings=settings)
    }
    zero = rates.combine([], settings.small_sample)
    rows = [found.pop(c) if c in found else rates.GroupRates(c, *zero.each()) for c in companies]
    rows += found.values()  # a company code the estate no longer lists
    return [*rows, rates.combine(rows, settings.small_sample)]


def _duty(conn: sqlite3.Connection, period: Period, as_of: date) -> DutyInfo:
    """Who was on duty, the changes of effective duty (overrides included: estate/duty_spans.py)
    in the period and the 30 days after it, and the handovers awaiting a confirmation."""
    from liuliqiao_cli.complaints import handover
    from liuliqiao_cli.estate import duty, duty_ledger, duty_spans
    from liuliqiao_cli.estate.versions import changes_within

    horizon = period.until + timedelta(days=HANDOVER_LOOKAHEAD_DAYS)
    agreed = [
        EstateVersion(v.from_date, v.number, tuple(changes))
        for v, changes in changes_within(conn, period.since, horizon)
        if v.from_date is not None
    ]
    versions, overrides = duty_ledger.load_rotation(conn)
    try:
        at_start = duty.duty_on(period.since, versions, overrides).company
        at_end = duty.duty_on(period.until, versions, overrides).company
    except duty.NoRotation:
        return DutyInfo(None, None, estate_versions=agreed)
    handovers = [
        Handover(c.date, c.incoming)
        for c in duty_spans.changes(versions, overrides, period.since + timedelta(days=1), horizon)
    ]
    active = [
        DutyOverride(o.start, o.end, o.company, o.reason)
        for o in overrides
        if not o.revoked and o.start <= period.until and o.end >= period.since
    ]
    pending = handover.pending_count(conn, as_of)
    return DutyInfo(at_start, at_end, handovers, active, pending, agreed)


def _received(conn: sqlite3.Connection, period: Period, companies: Sequence[str]) -> Received:
    out = Received()
    by_source: dict[str, int] = {}
    by_building: dict[str, int] = {}
    by_item: dict[str, int] = {}
    lo, hi = rates.bounds(period.since, period.until)
    # Each breakdown is one dimension of the running totals (counts.py): all cohorts, since
    # "received" counts everything that came in, duplicates and the worker's findings included.
    rows = conn.execute(
        "SELECT dim, key, sum(n) FROM complaint_counts WHERE dim IN"
        " ('source', 'building', 'company', 'item', 'scope') AND day >= ? AND day < ?"
        " GROUP BY dim, key HAVING sum(n) > 0",
        (lo, hi),
    )
    for dim, key, n in rows:
        if dim == "source":
            out.total += n
            if key in status.PROACTIVE_SOURCES:
                out.proactive += n
            else:
                out.residents += n
            by_source[key] = n
        elif dim == "scope":
            if key == "joint":
                out.joint += n
            else:
                out.separate += n
        elif dim == "building":
            by_building[key] = n
        elif dim == "company":
            out.by_company[key] = n
        else:
            by_item[key] = n
    order = {s: i for i, s in enumerate(status.SOURCES)}
    out.by_source = dict(sorted(by_source.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))
    out.by_building = dict(
        sorted(
            by_building.items(),
            key=lambda kv: (not kv[0].isdigit(), int(kv[0]) if kv[0].isdigit() else 0),
        )
    )
    out.by_item = dict(sorted(by_item.items(), key=lambda kv: (-kv[1], kv[0])))
    rank = {c: i for i, c in enumerate(companies)}
    out.by_company = dict(
        sorted(out.by_company.items(), key=lambda kv: (rank.get(kv[0], 99), kv[0]))
    )
    return out


def _moved(conn: sqlite3.Connection, period: Period) -> dict[str, dict[str, int]]:
    """Steps taken in the period per kind and company (undone steps left out), from the running
    totals of counts.py."""
    lo, hi = rates.bounds(period.since, period.until)
    moved: dict[str, dict[str, int]] = {kind: {} for kind in status.MOVED_KINDS}
    rows = conn.execute(
        "SELECT kind, company, sum(n) FROM event_counts WHERE day >= ? AND day < ?"
        f" AND kind IN ({_quoted(status.MOVED_KINDS)}) GROUP BY kind, company HAVING sum(n) != 0"
        " ORDER BY kind, company",
        (lo, hi),
    )
    for kind, company, n in rows:
        moved[kind][company] = n
    return moved


class _Open(NamedTuple):
    """A complaint as the backlog sees it (the columns of the overdue predicate and listing).
    A NamedTuple: thousands are made at 1M complaints, at a third of a dataclass's cost."""

    id: int
    status: str  # its status now, or at the moment asked about (see _changed)
    company: str
    received_at: str
    respond_by: str | None
    resolve_by: str | None
    responded_at: str | None

    def late_at(self, t: str) -> bool:
        """The overdue predicate of status.overdue_sql at ``t``, with a response made after
        ``t`` not yet made (its status is checked by the caller)."""
        if self.received_at >= t:
            return False
        not_responded = self.responded_at is None or self.responded_at >= t
        return bool(
            (not_responded and self.respond_by is not None and self.respond_by < t)
            or (self.resolve_by is not None and self.resolve_by < t)
        )


_OPEN_COLUMNS = (
    "c.id, {status}, c.company, c.received_at, c.respond_by, c.resolve_by, c.responded_at"
)


def _changed(conn: sqlite3.Connection, t: str) -> list[tuple[_Open, _Open]]:
    """Complaints received before ``t`` whose status changed at or after ``t``: each as it is
    now and as it was at ``t`` (the status then is the ``before`` of the first status-changing
    event since; the other columns are today's, which the overdue predicate allows for).

    The first step since ``t`` per complaint comes from the partial indexes ``events_steps``
    and ``events_undo_at`` alone (no event row is read but the one found per complaint): reading
    every event since ``t`` for its kind and data took 16 ms for a week at 1M complaints. Should
    that first step not record a status (a kind that, against the rule, changed none), the
    complaint is looked at again the exact way, event by event (:func:`_first_status_change`)."""
    rows = conn.execute(
        "WITH firsts AS ("
        " SELECT complaint_id AS id, min(id) AS first_event FROM events INDEXED BY events_steps"
        f" WHERE at >= :t AND kind IN ({_quoted(status.STEP_KINDS)}) GROUP BY complaint_id"
        " UNION ALL"
        " SELECT complaint_id, min(id) FROM events INDEXED BY events_undo_at"
        f" WHERE at >= :t AND kind = '{status.EV_UNDO}'"
        " AND json_extract(data, '$.before.status') IS NOT NULL GROUP BY complaint_id),"
        # Complaints received since :t are not in the backlog at :t (complaints_received).
        " changed AS (SELECT id, min(first_event) AS first_event FROM firsts WHERE id IS NOT NULL"
        " AND id NOT IN (SELECT id FROM complaints WHERE received_at >= :t) GROUP BY id)"
        f" SELECT {_OPEN_COLUMNS.format(status='c.status')},"
        " json_extract(e.data, '$.before.status') FROM changed ch"
        " JOIN events e ON e.id = ch.first_event JOIN complaints c ON c.id = ch.id"
        " WHERE c.received_at < :t",
        {"t": t},
    ).fetchall()
    out = []
    for r in rows:
        then = r[7] if r[7] is not None else _first_status_change(conn, r[0], t)
        if then is None:
            continue  # its steps since t changed no status after all
        out.append((_Open(*r[:7]), _Open(r[0], then, *r[2:7])))
    return out


def _first_status_change(conn: sqlite3.Connection, complaint_id: int, t: str) -> str | None:
    """The status before the first event since ``t`` that recorded one, for one complaint."""
    row = conn.execute(
        "SELECT json_extract(data, '$.before.status') FROM events"
        f" WHERE complaint_id = ? AND at >= ? AND kind IN ({_quoted(status.STATUS_EVENT_KINDS)})"
        " AND json_extract(data, '$.before.status') IS NOT NULL ORDER BY id LIMIT 1",
        (complaint_id, t),
    ).fetchone()
    return row[0] if row else None


def _backlog(
    conn: sqlite3.Connection, as_of: datetime, limit: int
) -> tuple[dict[str, dict[str, int]], int, list[OverdueComplaint]]:
    """Open complaints at ``as_of`` by status and company, and the overdue ones then.

    The counts are the open complaints now (the running totals of counts.py), minus those
    received after ``as_of`` (the small ``complaints_open`` index), with the complaints changed
    since ``as_of`` put back at the status they had then; only the corrections read rows, and
    they are few for a recent ``as_of``. The overdue ones are counted and listed oldest first
    from ``complaints_open`` alone, with the changed ones corrected the same way.
    """
    t = _ts(as_of)
    open_ = _quoted(status.OPEN_STATUSES)
    is_open = set(status.OPEN_STATUSES)
    counts_: dict[tuple[str, str], int] = {}

    def add(st: str, company: str, n: int) -> None:
        counts_[(st, company)] = counts_.get((st, company), 0) + n

    for st, company, n in conn.execute(
        f"SELECT status, company, n FROM status_counts WHERE status IN ({open_})"
    ):
        add(st, company, n)
    for st, company, n in conn.execute(
        "SELECT status, company, count(*) FROM complaints INDEXED BY complaints_open"
        f" WHERE status IN ({open_}) AND received_at >= ? GROUP BY status, company",
        (t,),
    ):
        add(st, company, -n)
    changed = _changed(conn, t)
    for now_, then in changed:
        if now_.status in is_open:
            add(now_.status, now_.company, -1)
        if then.status in is_open:
            add(then.status, then.company, 1)
    order = {s: i for i, s in enumerate(status.OPEN_STATUSES)}
    backlog: dict[str, dict[str, int]] = {}
    for (st, company), n in sorted(counts_.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        if n > 0:
            backlog.setdefault(st, {})[company] = n
    if not backlog:
        return backlog, 0, []
    # Overdue at t: unchanged since t (almost all) from the index; changed ones corrected here.
    late = (
        "received_at < :t AND (((responded_at IS NULL OR responded_at >= :t)"
        " AND respond_by < :t) OR resolve_by < :t)"
    )
    where = f"FROM complaints INDEXED BY complaints_open WHERE status IN ({open_}) AND {late}"
    changed_ids = {now_.id for now_, _ in changed}
    stale = sum(1 for now_, _ in changed if now_.status in is_open and now_.late_at(t))
    total = conn.execute(f"SELECT count(*) {where}", {"t": t}).fetchone()[0] - stale
    found = [
        r
        for r in conn.execute(
            f"SELECT id, received_at {where} ORDER BY received_at, id LIMIT :limit",
            {"t": t, "limit": limit + stale},
        )
        if r[0] not in changed_ids
    ][:limit]
    then_late = [then for _, then in changed if then.status in is_open and then.late_at(t)]
    total += len(then_late)
    oldest = sorted([(r[1], r[0]) for r in found] + [(o.received_at, o.id) for o in then_late])[
        :limit
    ]
    return backlog, total, _overdue_rows(conn, [i for _, i in oldest], t)


def _overdue_rows(conn: sqlite3.Connection, ids: list[int], t: str) -> list[OverdueComplaint]:
    """The listed overdue complaints, oldest first, with the limit each missed at ``t``."""
    if not ids:
        return []
    missed = "CASE WHEN resolve_by < :t THEN resolve_by ELSE respond_by END"
    rows = {
        r[0]: r
        for r in conn.execute(
            "SELECT id, building, unit, room, place, item, company, received_at,"
            f" {missed}, julianday(:t) - julianday({missed}) FROM complaints"
            " WHERE id IN (SELECT value FROM json_each(:ids))",
            {"t": t, "ids": json.dumps(ids)},
        )
    }
    listed = [rows[i] for i in ids if i in rows]
    return [
        OverdueComplaint(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], math.ceil(r[9]))
        for r in listed
    ]
