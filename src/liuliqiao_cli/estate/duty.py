"""Who is on duty for jointly managed items: a pure function of (date, rotation, overrides).

Semantics (also in the README):

* A rotation version has a handover month and day (day 1-28), an ordered list of companies and
  the date it takes effect. The duty year containing ``effective_from`` belongs to ``order[0]``,
  the next to ``order[1]`` and so on, round-robin. Versions are never edited, only superseded:
  a later version decides from its own ``effective_from``.
* On a date before every version there is no rotation: :class:`NoRotation`, never a guess.
* An active (not revoked) override covering the date wins; if several do, the newest (highest id)
  wins and the answer says there was an overlap. Override periods are inclusive of both ends.
* The handover day belongs to the incoming company. A *handover* is a day on which the rotation's
  company changes (a new version that keeps the same company on duty is not a handover).

Everything is arithmetic on the handover day, never a day-by-day scan, so a question about a date
fifty years ahead or a calendar of a century costs the same as one about today. The handover in a
given year is ``date(year, month, day)``, day 1-28 existing every year, so a range's handover days
are a loop over its years; "the same day N years later" is dateutil's ``relativedelta`` (the .ics
export only). The effective duty (overrides included) as spans, and its changes, are in
:mod:`liuliqiao_cli.estate.duty_spans`.

No I/O here: the callers read versions and overrides from the ledger
(:mod:`liuliqiao_cli.estate.duty_ledger`) and pass "today" in.
"""

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from liuliqiao_cli.errors import LedgerError

# Classes below have a field named ``date``; inside their bodies the annotation must not be it.
Date = date


ONE_DAY = timedelta(days=1)


class NoRotation(LedgerError):
    def __init__(self, on: date) -> None:
        super().__init__("duty.no_rotation", date=on.isoformat())
        self.on = on


# NamedTuples, not frozen dataclasses: an `add` routed by duty defines all five on its start-up,
# and a frozen dataclass costs 3-5 times as much to define. Change one with ``_replace``.


class RotationVersion(NamedTuple):
    id: int
    effective_from: date
    handover_month: int
    handover_day: int
    order: tuple[str, ...]
    uuid: str = ""
    reason: str = ""

    def handover_in(self, year: int) -> date:
        return date(year, self.handover_month, self.handover_day)

    def year_start(self, d: date) -> date:
        """The latest handover day on or before ``d``."""
        h = self.handover_in(d.year)
        return h if h <= d else self.handover_in(d.year - 1)

    def year_end(self, start: date) -> date:
        """The last day of the duty year starting on ``start`` (date.max in the year 9999)."""
        if start.year >= date.max.year:
            return date.max
        return self.handover_in(start.year + 1) - ONE_DAY

    def company_for_year_start(self, start: date) -> str:
        anchor = self.year_start(self.effective_from)
        return self.order[(start.year - anchor.year) % len(self.order)]

    @property
    def handover(self) -> str:
        return f"{self.handover_month:02d}-{self.handover_day:02d}"


class Override(NamedTuple):
    id: int
    start: date
    end: date  # inclusive
    company: str
    reason: str = ""
    meeting_id: int | None = None
    revoked: bool = False
    uuid: str = ""
    created_at: str = ""
    revoked_at: str | None = None
    revoke_reason: str | None = None

    def covers(self, d: date) -> bool:
        return not self.revoked and self.start <= d <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Handover(NamedTuple):
    """A day on which duty passes from one company to the other (by the rotation)."""

    date: Date
    outgoing: str
    incoming: str
    version_id: int  # the version deciding the handover day


class Period(NamedTuple):
    """One row of the duty calendar: ``company`` on duty from ``start`` to ``end`` inclusive.

    ``source`` is "rotation" (``source_id`` = version id), "override" (``source_id`` = override id)
    or "none" (no rotation defined yet: ``company`` is None).
    """

    start: date
    end: date
    company: str | None
    source: str
    source_id: int | None
    version_id: int | None
    overlap: tuple[int, ...] = ()  # other active overrides covering this period
    override: Override | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class DutyAnswer(NamedTuple):
    date: Date
    company: str
    source: str  # "rotation" or "override"
    source_id: int  # rotation version id or override id
    period_start: Date  # of the rotation duty year (clipped to the version's span)
    period_end: Date  # inclusive
    next_handover: Date | None  # the next day the rotation's company changes (None: never)
    next_company: str | None
    override: Override | None = None
    overlapping: tuple[int, ...] = ()  # ids of other active overrides covering the date
    rotation_company: str = ""  # who the rotation alone would name
    version_id: int = 0  # the rotation version deciding the date

    @property
    def days_to_handover(self) -> int | None:
        return (self.next_handover - self.date).days if self.next_handover else None


def _sorted(versions: Sequence[RotationVersion]) -> list[RotationVersion]:
    return sorted(versions, key=lambda v: v.effective_from)


def version_for(
    d: date, versions: Sequence[RotationVersion]
) -> tuple[RotationVersion, date | None]:
    """The version deciding ``d`` and the start of the next version (or None)."""
    chosen: RotationVersion | None = None
    following: date | None = None
    for v in _sorted(versions):
        if v.effective_from <= d:
            chosen = v
            following = None
        elif chosen is not None and following is None:
            following = v.effective_from
    if chosen is None:
        raise NoRotation(d)
    return chosen, following


def _period_of(
    d: date, versions: Sequence[RotationVersion]
) -> tuple[Period, RotationVersion, date | None]:
    """The rotation period containing ``d`` (a duty year clipped to its version's span)."""
    v, next_version = version_for(d, versions)
    year = v.year_start(d)
    start = max(year, v.effective_from)
    end = v.year_end(year)
    if next_version is not None and next_version <= end:
        end = next_version - ONE_DAY
    return (
        Period(start, end, v.company_for_year_start(year), "rotation", v.id, v.id),
        v,
        next_version,
    )


def next_handover(d: date, versions: Sequence[RotationVersion]) -> Handover | None:
    """The first day after ``d`` on which the rotation's company changes, or None if it never does.

    Bounded: inside one version with two or more companies the company changes every duty year,
    so the walk crosses at most the remaining versions plus one year.
    """
    period, _, _ = _period_of(d, versions)
    while period.end < date.max:
        following, fv, fnext = _period_of(period.end + ONE_DAY, versions)
        if following.company != period.company:
            return Handover(following.start, period.company or "", following.company or "", fv.id)
        if fnext is None and len(fv.order) == 1:
            return None  # the last version has one company: nobody ever takes over
        period = following
    return None


def rotation_on(d: date, versions: Sequence[RotationVersion]) -> DutyAnswer:
    """The rotation's answer for ``d``, ignoring overrides."""
    period, v, _ = _period_of(d, versions)
    company = period.company or ""
    nxt = next_handover(d, versions)
    return DutyAnswer(
        d,
        company,
        "rotation",
        v.id,
        period.start,
        period.end,
        nxt.date if nxt else None,
        nxt.incoming if nxt else None,
        rotation_company=company,
        version_id=v.id,
    )


def duty_on(
    d: date, versions: Sequence[RotationVersion], overrides: Sequence[Override] = ()
) -> DutyAnswer:
    """Who is on duty on ``d``: an active override covering it, else the rotation."""
    base = rotation_on(d, versions)
    active = sorted((o for o in overrides if o.covers(d)), key=lambda o: o.id)
    if not active:
        return base
    winner = active[-1]
    return DutyAnswer(
        d,
        winner.company,
        "override",
        winner.id,
        base.period_start,
        base.period_end,
        base.next_handover,
        base.next_company,
        override=winner,
        overlapping=tuple(o.id for o in active[:-1]),
        rotation_company=base.company,
        version_id=base.version_id,
    )


def _duty_year_starts(v: RotationVersion, first: date, last: date) -> Iterator[date]:
    """The version's handover days from the one on or before ``first`` up to ``last``.

    A plain loop over the years, not dateutil's rrule: the handover day (1-28) exists every
    year, and ``duty``'s answer (budgeted at start-up) now walks the calendar to find the next
    change of effective duty, so it must not import dateutil."""
    for year in range(v.year_start(first).year, last.year + 1):
        start = v.handover_in(year)
        if start <= last:
            yield start


def rotation_periods(versions: Sequence[RotationVersion], start: date, end: date) -> list[Period]:
    """The rotation's periods tiling ``[start, end]`` (clipped to it), one per duty year and
    version; days before the first version form one period with source "none"."""
    if end < start:
        return []
    vs = _sorted(versions)
    out: list[Period] = []
    if not vs or start < vs[0].effective_from:
        none_end = end if not vs else min(end, vs[0].effective_from - ONE_DAY)
        out.append(Period(start, none_end, None, "none", None, None))
    for i, v in enumerate(vs):
        span_end = vs[i + 1].effective_from - ONE_DAY if i + 1 < len(vs) else date.max
        lo, hi = max(v.effective_from, start), min(span_end, end)
        if lo > hi:
            continue
        for year in _duty_year_starts(v, lo, hi):
            out.append(
                Period(
                    max(year, lo),
                    min(v.year_end(year), hi),
                    v.company_for_year_start(year),
                    "rotation",
                    v.id,
                    v.id,
                )
            )
    return out


def calendar(
    versions: Sequence[RotationVersion], overrides: Sequence[Override], start: date, end: date
) -> list[Period]:
    """Who is on duty over ``[start, end]``: rotation periods with active overrides carved out.

    The periods tile the range with no gap and no overlap; each day's company is the one
    :func:`duty_on` gives for that day.
    """
    active = [o for o in overrides if not o.revoked and o.end >= start and o.start <= end]
    out: list[Period] = []
    for p in rotation_periods(versions, start, end):
        if p.company is None:
            out.append(p)  # no rotation: overrides cannot decide a day without one
            continue
        inside = [o for o in active if o.end >= p.start and o.start <= p.end]
        if not inside:
            out.append(p)
            continue
        starts = {p.start}
        for o in inside:
            if p.start < o.start <= p.end:
                starts.add(o.start)
            if o.end < p.end:
                starts.add(o.end + ONE_DAY)
        points = sorted(starts)
        bounds = zip(points, [x - ONE_DAY for x in points[1:]] + [p.end], strict=False)
        for a, b in bounds:
            cover = sorted((o for o in inside if o.start <= a <= o.end), key=lambda o: o.id)
            if cover:
                w = cover[-1]
                piece = Period(
                    a,
                    b,
                    w.company,
                    "override",
                    w.id,
                    p.version_id,
                    tuple(o.id for o in cover[:-1]),
                    w,
                )
            else:
                piece = Period(a, b, p.company, "rotation", p.source_id, p.version_id)
            last = out[-1] if out else None
            # An override crossing a handover stays one row (rotation rows never merge).
            if (
                last is not None
                and last.end + ONE_DAY == a
                and piece.source == "override"
                and last.source == "override"
                and last.source_id == piece.source_id
                and last.overlap == piece.overlap
                and last.version_id == piece.version_id
            ):
                out[-1] = Period(
                    last.start,
                    b,
                    last.company,
                    last.source,
                    last.source_id,
                    last.version_id,
                    last.overlap,
                    last.override,
                )
            else:
                out.append(piece)
    return out


def handovers(versions: Sequence[RotationVersion], start: date, end: date) -> list[Handover]:
    """Every handover day in ``[start, end]``."""
    if end < start:
        return []
    begin = start - ONE_DAY if start > date.min else start
    periods = rotation_periods(versions, begin, end)
    out = []
    for before, after in zip(periods, periods[1:], strict=False):
        if (
            before.company is not None
            and after.company is not None
            and before.company != after.company
        ):
            if after.start >= start:
                out.append(
                    Handover(after.start, before.company, after.company, after.version_id or 0)
                )
    return out


def handover_near(d: date, versions: Sequence[RotationVersion]) -> Handover:
    """The handover nearest to ``d``: on it, the last one before or the next one after (the
    next one wins a tie). Raises NoRotation when the rotation has no handover at all."""
    vs = _sorted(versions)
    if not vs:
        raise NoRotation(d)
    first = vs[0].effective_from
    after = next_handover(max(d - ONE_DAY, first), versions)
    before_all = handovers(versions, first, d - ONE_DAY) if d > first else []
    before = before_all[-1] if before_all else None
    if before is None and after is None:
        raise NoRotation(d)
    if after is None or (before is not None and (d - before.date) < (after.date - d)):
        return before  # type: ignore[return-value]
    return after


def duty_years(d: date, versions: Sequence[RotationVersion], years: int) -> tuple[date, date]:
    """From the start of the duty period containing ``d`` to the end of the one containing the
    same day ``years`` later: whole periods, so that exported events are never cut short."""
    from dateutil.relativedelta import relativedelta

    start = rotation_on(d, versions).period_start
    later = d + relativedelta(years=min(years, date.max.year - d.year))  # 29 Feb -> 28 Feb
    return start, rotation_on(later, versions).period_end


def override_context(
    o: Override, versions: Sequence[RotationVersion], overrides: Sequence[Override]
) -> tuple[list[Handover], list[int]]:
    """What to tell the user about an override: the handovers it crosses (strictly inside it)
    and the other active overrides it overlaps."""
    crossed = handovers(versions, o.start + ONE_DAY, o.end) if o.end > o.start else []
    others = [
        x.id
        for x in overrides
        if x.id != o.id and not x.revoked and x.start <= o.end and x.end >= o.start
    ]
    return crossed, others


def check_new_version(
    versions: Sequence[RotationVersion], effective_from: date, order: Sequence[str]
) -> None:
    """A new version must start after every existing one and list each company once."""
    from liuliqiao_cli.errors import UsageError

    if not order:
        raise UsageError("duty.order_empty")
    seen: set[str] = set()
    for code in order:
        if code in seen:
            raise UsageError("duty.order_duplicate", company=code)
        seen.add(code)
    latest = max((v.effective_from for v in versions), default=None)
    if latest is not None and effective_from <= latest:
        raise LedgerError(
            "duty.set_not_after", date=effective_from.isoformat(), latest=latest.isoformat()
        )


def check_override(versions: Sequence[RotationVersion], start: date, end: date) -> None:
    """An override needs a rotation on its first day and an end on or after its start."""
    from liuliqiao_cli.errors import UsageError

    if end < start:
        raise UsageError("duty.override_range", start=start.isoformat(), end=end.isoformat())
    version_for(start, versions)  # raises NoRotation before the first version
