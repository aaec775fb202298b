"""Periods a summary covers: ISO weeks, months, and any range of dates."""

import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from liuliqiao_cli.dates import parse_date
from liuliqiao_cli.errors import UsageError

_WEEK = re.compile(r"(\d{4})-?[Ww](\d{1,2})")


_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})|(\d{4})年(\d{1,2})月")


class Period(NamedTuple):
    kind: str  # week | month | range
    since: date
    until: date  # inclusive
    label: str  # 2026-W47 | 2026-11 | 2026-11-01..2026-11-15

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def end(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        nxt = self.until + timedelta(days=1)
        return datetime(nxt.year, nxt.month, nxt.day)


def week_period(text: str) -> Period:
    m = _WEEK.fullmatch(text.strip())
    if not m:
        raise UsageError("summary.bad_week", value=text)
    year, week = int(m.group(1)), int(m.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise UsageError(
            "summary.no_such_week", value=text, year=year, weeks=date(year, 12, 28).isocalendar()[1]
        ) from None
    return Period("week", monday, monday + timedelta(days=6), f"{year}-W{week:02d}")


def week_of(day: date) -> Period:
    year, week, _ = day.isocalendar()
    return week_period(f"{year}-W{week:02d}")


def month_period(text: str) -> Period:
    m = _MONTH.fullmatch(text.strip())
    if not m:
        raise UsageError("summary.bad_month", value=text)
    year = int(m.group(1) or m.group(3))
    month = int(m.group(2) or m.group(4))
    if not 1 <= month <= 12:
        raise UsageError("summary.no_such_month", value=text)
    from dateutil.relativedelta import relativedelta

    first = date(year, month, 1)
    last = first + relativedelta(day=31)  # the month's last day (day=31 stops there)
    return Period("month", first, last, f"{year}-{month:02d}")


def parse_period(
    *,
    today: date,
    week: str | None = None,
    this_week: bool = False,
    month: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Period:
    """The period the user asked for; the last full ISO week before ``today`` by default."""
    chosen = [
        name
        for name, given in (
            ("--week", week is not None),
            ("--this-week", this_week),
            ("--month", month is not None),
            ("--since/--until", since is not None or until is not None),
        )
        if given
    ]
    if len(chosen) > 1:
        raise UsageError("summary.conflicting_periods", options=", ".join(chosen))
    if week is not None:
        return week_period(week)
    if this_week:
        return week_of(today)
    if month is not None:
        return month_period(month)
    if since is not None or until is not None:
        if since is None:
            raise UsageError("summary.until_without_since")
        start = parse_date(since, today=today)
        end = parse_date(until, today=today) if until is not None else today
        if end < start:
            raise UsageError("dates.range", since=start.isoformat(), until=end.isoformat())
        return Period("range", start, end, f"{start.isoformat()}..{end.isoformat()}")
    return week_of(today - timedelta(days=7))


_FIELD = re.compile(r"\{(\w*)\}")


def fields(period: Period) -> dict[str, str]:
    """What a file name may say about ``period``: always its ``start``, ``end`` and ``period``
    (its label); ``week`` for an ISO week, ``month`` for a month, ``date`` for a single day."""
    values: dict[str, str] = {}
    if period.kind in ("week", "month"):
        values[period.kind] = period.label
    if period.since == period.until:
        values["date"] = period.since.isoformat()
    values.update(start=period.since.isoformat(), end=period.until.isoformat(), period=period.label)
    return values


def output_name(template: str, period: Period) -> str:
    """``template`` with each ``{field}`` replaced by the period it names (:func:`fields`):
    ``周报/{week}.txt`` -> ``周报/2026-W48.txt`` for the week summarised, whatever day it runs.

    A field the period does not have (``{month}`` for a week, which may straddle two months) is
    refused rather than guessed; other text, braces included, is kept as written."""
    known = fields(period)
    for name in _FIELD.findall(template):
        if name not in known:
            raise UsageError(
                "summary.output_field",
                field="{" + name + "}",
                period=period.label,
                fields=" ".join("{" + k + "}" for k in known),
            )
    return _FIELD.sub(lambda m: known[m.group(1)], template)
