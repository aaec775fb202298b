"""The three rates of 12345 assessment, defined in ONE place.

* response rate (响应率) = complaints first responded within their response limit
  / complaints dispatched;
* resolution rate (解决率) = follow-ups answered "resolved" / follow-ups with an answer;
* satisfaction rate (满意率) = follow-ups answered "satisfied" / follow-ups with an answer.

Cohort: residents' complaints *received* in the period (``received_at`` uses the
``complaints_received`` index), excluding duplicates and rejected ones, and excluding the
worker's own findings (``status.PROACTIVE_SOURCES``: patrol, visit) so that proactive work does
not distort the rates. "First responded" is ``responded_at``, or ``resolved_at`` when a complaint
was resolved without a separate response step. A dispatched complaint not yet responded whose
limit has not passed at ``now`` is still pending: it counts in neither side.

Official weightings vary, so the choices live in the ``settings`` table:

* ``rates.satisfied_counts_basic`` ``1`` (default) / ``0``: does "basic" (基本满意) count as satisfied;
* ``rates.resolved_counts_partly`` ``0`` (default) / ``1``: does "partly" (部分解决) count as resolved;
* ``rates.include_proactive`` ``0`` (default) / ``1``: count patrol and visit findings too;
* ``rates.small_sample`` ``5`` (default): a denominator under this is marked as a small sample.

Everything is aggregated in SQL (one GROUP BY); Python only sees one row per group.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from liuliqiao_cli import status
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


@dataclass(frozen=True)
class RateSettings:
    satisfied_counts_basic: bool = True
    resolved_counts_partly: bool = False
    include_proactive: bool = False
    small_sample: int = 5


@dataclass(frozen=True)
class Rate:
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


@dataclass(frozen=True)
class GroupRates:
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


def counts_sql(settings: RateSettings) -> str:
    """The five sums behind the three rates, as SQL select expressions (param ``:now``)."""
    resolved = ("yes", "partly") if settings.resolved_counts_partly else ("yes",)
    satisfied = ("yes", "basic") if settings.satisfied_counts_basic else ("yes",)
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


def bounds(since: date, until: date) -> tuple[str, str]:
    """Text bounds for ``received_at``: from ``since`` 00:00 to the day after ``until`` (exclusive)."""
    if until < since:
        raise UsageError("dates.range", since=since.isoformat(), until=until.isoformat())
    return since.isoformat(), (until + timedelta(days=1)).isoformat()


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
    responses are still pending."""
    if by not in _GROUP_SQL:
        raise UsageError("rates.bad_by", value=by, choices=", ".join(BY_CHOICES))
    settings = settings or load_settings(conn)
    lo, hi = bounds(since, until)
    group = _GROUP_SQL[by]
    order = _ORDER_SQL.get(str(by), "grp")
    sql = (
        f"SELECT {group} AS grp, {counts_sql(settings)} FROM complaints"
        f" WHERE {cohort_sql(settings)} GROUP BY grp ORDER BY {order}, grp"
    )
    params = {"since": lo, "until": hi, "now": now.strftime("%Y-%m-%d %H:%M:%S")}
    rows = [_group_rates(r, settings) for r in conn.execute(sql, params)]
    if by == "building":  # numeric order, public places last
        rows.sort(key=lambda g: (g.group == PUBLIC, int(g.group) if g.group.isdigit() else 0))
    return rows


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


def combine(rows: list[GroupRates], small_sample: int = 5, group: str = ALL) -> GroupRates:
    """The rates of several disjoint groups taken together (sums of numerators and
    denominators, never an average of rates): the total row without a second query."""

    def summed(kind: str) -> Rate:
        parts = [getattr(g, kind) for g in rows]
        return Rate(
            kind, sum(p.numerator for p in parts), sum(p.denominator for p in parts), small_sample
        )

    return GroupRates(group, *(summed(k) for k in RATE_KINDS))


def _group_rates(row: sqlite3.Row | tuple, settings: RateSettings) -> GroupRates:
    grp, rden, rnum, sden, snum, tden, tnum = (row[i] for i in range(7))
    small = settings.small_sample
    return GroupRates(
        str(grp),
        Rate("response", rnum or 0, rden or 0, small),
        Rate("resolution", snum or 0, sden or 0, small),
        Rate("satisfaction", tnum or 0, tden or 0, small),
    )


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
