"""The three rates of 12345 assessment, defined in ONE place.

* response rate (响应率) = complaints first responded within their response limit
  / complaints dispatched;
* resolution rate (解决率) = follow-ups answered "resolved" / follow-ups with an answer;
* satisfaction rate (满意率) = follow-ups answered "satisfied" / follow-ups with an answer.

Cohort: residents' complaints *received* in the period, excluding duplicates and rejected ones,
and excluding the worker's own findings (``status.PROACTIVE_SOURCES``: patrol, visit) so that proactive work does
not distort the rates. "First responded" is ``responded_at``, or ``resolved_at`` when a complaint
was resolved without a separate response step. A dispatched complaint not yet responded whose
limit has not passed at ``now`` is still pending: it counts in neither side.

Official weightings vary, so the choices live in the ``settings`` table:

* ``rates.satisfied_counts_basic`` ``1`` (default) / ``0``: does "basic" (基本满意) count as satisfied;
* ``rates.resolved_counts_partly`` ``0`` (default) / ``1``: does "partly" (部分解决) count as resolved;
* ``rates.include_proactive`` ``0`` (default) / ``1``: count patrol and visit findings too;
* ``rates.small_sample`` ``5`` (default): a denominator under this is marked as a small sample.

What each complaint adds to the sums is written once, in ``counts.contribution`` (SQL kept up to
date by triggers, per day); only the late pending responses are counted at ``now``. Python only
sees one row per group.
"""

import sqlite3
from datetime import date, datetime, timedelta
from typing import NamedTuple

from liuliqiao_cli.complaints import status
from liuliqiao_cli.errors import UsageError

BY_CHOICES = ("company", "building", "item", "month")
RATE_KINDS = ("response", "resolution", "satisfaction")
ALL = "all"  # the group of the total row
PUBLIC = "public"  # the building group of complaints about a public place

_GROUP_SQL = {
    None: f"'{ALL}'",
    "company": "company",
    "building": f"COALESCE(CAST(building AS TEXT), '{PUBLIC}')",
    "item": "item",
    "month": "substr(received_at, 1, 7)",
}
# Companies and items in the estate's own order (the order of the service item list).
_ORDER_SQL = {
    "company": "(SELECT position FROM companies WHERE companies.code = grp)",
    "item": "(SELECT position FROM items WHERE items.code = grp)",
}


class RateSettings(NamedTuple):
    satisfied_counts_basic: bool = True
    resolved_counts_partly: bool = False
    include_proactive: bool = False
    small_sample: int = 5


class Rate(NamedTuple):
    kind: str  # response | resolution | satisfaction
    numerator: int
    denominator: int
    small_sample: int = 5

    @property
    def rate(self) -> float | None:
        """None when the denominator is 0: there is nothing to rate."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def small(self) -> bool:
        """True when the denominator is under the small-sample threshold (including 0)."""
        return self.denominator < self.small_sample

    def as_dict(self) -> dict[str, object]:
        rate = self.rate
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": None if rate is None else round(rate, 4),
            "small_sample": self.small,
        }


class GroupRates(NamedTuple):
    group: str  # company code, building number (or "public"), item code, YYYY-MM, or "all"
    response: Rate
    resolution: Rate
    satisfaction: Rate

    def each(self) -> tuple[Rate, Rate, Rate]:
        return (self.response, self.resolution, self.satisfaction)


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("1", "yes", "true", "on", "是")


def load_settings(conn: sqlite3.Connection) -> RateSettings:
    values = dict(
        conn.execute("SELECT key, value FROM settings WHERE key LIKE 'rates.%'").fetchall()
    )
    try:
        small = int(values.get("rates.small_sample", "5"))
    except ValueError:
        small = 5
    return RateSettings(
        satisfied_counts_basic=_flag(values.get("rates.satisfied_counts_basic"), True),
        resolved_counts_partly=_flag(values.get("rates.resolved_counts_partly"), False),
        include_proactive=_flag(values.get("rates.include_proactive"), False),
        small_sample=max(1, small),
    )


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def cohort_sql(settings: RateSettings) -> str:
    """WHERE clause (on ``complaints``) of the rates' cohort; params ``:since``, ``:until``
    (local-time text bounds, until exclusive)."""
    clauses = [
        "received_at >= :since",
        "received_at < :until",
        f"status NOT IN ('{status.DUPLICATE}', '{status.REJECTED}')",
    ]
    if not settings.include_proactive:
        clauses.append(f"source NOT IN ({_quoted(status.PROACTIVE_SOURCES)})")
    return " AND ".join(clauses)


def bounds(since: date, until: date) -> tuple[str, str]:
    """Text bounds for ``received_at``: from ``since`` 00:00 to the day after ``until`` (exclusive)."""
    if until < since:
        raise UsageError("dates.range", since=since.isoformat(), until=until.isoformat())
    return since.isoformat(), (until + timedelta(days=1)).isoformat()


def _cohorts(settings: RateSettings) -> str:
    from liuliqiao_cli.store import counts

    kept = (
        [counts.RESIDENTS, counts.PROACTIVE] if settings.include_proactive else [counts.RESIDENTS]
    )
    return ", ".join(str(c) for c in kept)


# The group of a complaint_counts row, per --by (the dimension read, and the key's expression).
_COUNTS_GROUP = {
    None: ("scope", f"'{ALL}'"),
    "company": ("company", "key"),
    "building": ("building", "key"),
    "item": ("item", "key"),
    "month": ("scope", "substr(day, 1, 7)"),
}


def rates(
    conn: sqlite3.Connection,
    since: date,
    until: date,
    by: str | None = None,
    *,
    now: datetime,
    settings: RateSettings | None = None,
) -> list[GroupRates]:
    """The three rates of residents' complaints received from ``since`` to ``until`` (inclusive),
    one row per group of ``by`` (company | building | item | month; None: one total row) in
    the group's natural order, groups without complaints left out. ``now`` decides which
    responses are still pending.

    Read from the running totals of ``counts.py`` (a few thousand rows for a year, whatever the
    number of complaints), plus the one part that depends on ``now``: dispatched complaints
    whose response is late, read from the small ``complaints_awaiting_response`` index."""
    if by not in _GROUP_SQL:
        raise UsageError("rates.bad_by", value=by, choices=", ".join(BY_CHOICES))
    settings = settings or load_settings(conn)
    lo, hi = bounds(since, until)
    dim, group = _COUNTS_GROUP[by]
    order = _ORDER_SQL.get(str(by), "grp")
    resolved = "fr_yes + fr_partly" if settings.resolved_counts_partly else "fr_yes"
    satisfied = "fs_yes + fs_basic" if settings.satisfied_counts_basic else "fs_yes"
    cohorts = _cohorts(settings)
    sql = (
        f"SELECT {group} AS grp, sum(n), sum(answered), sum(in_time), sum(fr_n), sum({resolved}),"
        f" sum(fs_n), sum({satisfied}) FROM complaint_counts"
        f" WHERE dim = '{dim}' AND day >= :since AND day < :until AND cohort IN ({cohorts})"
        f" GROUP BY grp HAVING sum(n) > 0 ORDER BY {order}, grp"
    )
    params = {"since": lo, "until": hi, "now": now.strftime("%Y-%m-%d %H:%M:%S")}
    found = conn.execute(sql, params).fetchall()
    late = dict(conn.execute(_late_sql(settings, _GROUP_SQL[by]), params).fetchall())
    small = settings.small_sample
    rows = [
        GroupRates(
            str(grp),
            Rate("response", in_time, answered + late.get(grp, 0), small),
            Rate("resolution", fr_ok, fr_n, small),
            Rate("satisfaction", fs_ok, fs_n, small),
        )
        for grp, _n, answered, in_time, fr_n, fr_ok, fs_n, fs_ok in found
    ]
    if by == "building":  # numeric order, public places last
        rows.sort(key=lambda g: (g.group == PUBLIC, int(g.group) if g.group.isdigit() else 0))
    return rows


def _late_sql(settings: RateSettings, group: str) -> str:
    """Dispatched complaints of the cohort with no response yet and their limit passed at
    :now, per group. The three IS NULL / IS NOT NULL terms repeat the partial index's WHERE,
    which is how SQLite knows it may use it."""
    return (
        f"SELECT {group} AS grp, count(*) FROM complaints"
        " WHERE dispatched_at IS NOT NULL AND responded_at IS NULL AND resolved_at IS NULL"
        f" AND respond_by < :now AND {cohort_sql(settings)} GROUP BY grp"
    )


def total(
    conn: sqlite3.Connection,
    since: date,
    until: date,
    *,
    now: datetime,
    settings: RateSettings | None = None,
) -> GroupRates:
    """The three rates over the whole estate (a row with group ``all``, zeros when empty)."""
    found = rates(conn, since, until, None, now=now, settings=settings)
    if found:
        return found[0]
    small = (settings or load_settings(conn)).small_sample
    return GroupRates(ALL, *(Rate(k, 0, 0, small) for k in RATE_KINDS))


def report(
    conn: sqlite3.Connection,
    *,
    by: str | None,
    since: date | None,
    until: date | None,
    now: datetime,
    settings: RateSettings,
) -> list[GroupRates]:
    """What ``rates`` shows: a row per group of ``by`` and their combined row last, or the whole
    estate in one row. The period defaults to 1 January of this year up to today."""
    today = now.date()
    start = since if since is not None else date(today.year, 1, 1)
    end = until if until is not None else today
    if by:
        rows = rates(conn, start, end, by, now=now, settings=settings)
        rows.append(combine(rows, settings.small_sample))
        return rows
    return [total(conn, start, end, now=now, settings=settings)]


def combine(rows: list[GroupRates], small_sample: int = 5, group: str = ALL) -> GroupRates:
    """The rates of several disjoint groups taken together (sums of numerators and
    denominators, never an average of rates): the total row without a second query."""

    def summed(kind: str) -> Rate:
        parts = [getattr(g, kind) for g in rows]
        return Rate(
            kind, sum(p.numerator for p in parts), sum(p.denominator for p in parts), small_sample
        )

    return GroupRates(group, *(summed(k) for k in RATE_KINDS))


def explain(lang: str, settings: RateSettings | None = None) -> str:
    """The definitions as printed by ``rates --explain``, reflecting the current settings."""
    from liuliqiao_cli.i18n import t

    s = settings or RateSettings()
    yes_no = {True: t("rates.setting_on", lang), False: t("rates.setting_off", lang)}
    return t(
        "rates.explain",
        lang,
        basic=yes_no[s.satisfied_counts_basic],
        partly=yes_no[s.resolved_counts_partly],
        proactive=yes_no[s.include_proactive],
        small=s.small_sample,
    )
