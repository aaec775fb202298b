"""Working days (工作日) for 12345 deadlines: public holidays, 调休 and the office's own days.

12345 counts resolution limits in working days: the State Council's public holidays are off, and
the weekend days worked in exchange (调休) are working days. A complaint received on Wednesday
2026-09-30 with a 2-working-day limit falls due on Friday 2026-10-09, not in the National Day
holiday (10-01 to 10-07; Sunday 09-20 and Saturday 10-10 are worked).

Which library. The holidays come from ``chinese-calendar`` (1.11, data 2004-2026), compared with
``holidays`` 0.109 on this machine. Both know 2025 and 2026 with every 调休 day (chinese-calendar
as its ``workdays`` table; ``holidays`` as ``weekend_workdays`` and ``is_working_day``, its
``financial`` calendars being stock exchanges, which close on 调休 Saturdays). For 2027, whose
notice neither has, chinese-calendar refuses (``NotImplementedError``) while ``holidays`` answers
anyway from its rules (Spring Festival 02-05 to 02-10, no worked weekend) without marking the year
as a guess, which is exactly the silent guessing a deadline must not rest on. chinese-calendar is
an 11 kB wheel (96 kB installed, 220 kB with bytecode) and imports in ~7 ms alone (``-X
importtime``; +5 ms median over 20 fresh interpreters), ~2 ms inside the CLI, where enum and
datetime are already loaded; ``holidays`` is a 1.7 MB wheel (8.7 MB installed, 14 MB with
bytecode, most of it translations) that imports in ~53 ms (+60 ms median) and then spends ~85 ms
building one year of China. Even so it is read lazily, on the first working-day question, so
that commands which never compute a deadline do not pay for it, and from a small cache file once
one process has read it (``estate/holiday_library.py``: ~0.3 ms instead of ~2 ms on `add`).
Its weakness is that it needs a release after every November notice; until then (and for any year
it lacks) the office types the notice into the estate file, see :func:`load_office_days`.

The rules, precisely:

* A day is a working day unless the office lists it off; else a working day if the office lists it
  worked; else as the library says for the years it knows; else Monday to Friday. The office's
  lists always win, so a local closure or a notice the library has not caught up with is one line.
* A year is *known* when the library has its notice, or when the office declares it typed in
  (``years``). A single extra day off does not make a year known: it is not the notice.
* ``add_workdays(T, N)``: when T's date is a working day, the deadline is the same time of day on
  the Nth working day after that date (N = 0 gives T). A receipt on a day off is taken as received
  at 00:00 of the next working day, then the same rule applies: received Saturday 2026-10-03 with
  2 working days, it counts from Thursday 10-08 00:00 and falls due Saturday 10-10 00:00 (a 调休
  working Saturday), which is the end of Friday 10-09 in working time. The deadline's date is
  therefore always a working day and never earlier than T + N calendar days.
* Hour limits (the estate file's 2 h to 48 h response limits) stay calendar hours, so there is no
  ``add_working_hours``: an urgent 12345 work order (a burst pipe on 10-02) must be answered within
  its hours whatever the day, which is how 12345 counts them.
* Years outside the library and the office's list are computed as Monday to Friday plus the
  office's days, and :meth:`WorkCalendar.deadline` reports them in ``unknown_years`` so that the
  caller warns; :meth:`WorkCalendar.unknown_years` answers the same for any span. A notice may
  also move days of the December before its year (2001-12-29 and 30 were worked for 2002's New
  Year): the office adds such days when it types the notice in.

Used by ``complaints/routing.deadlines`` for every limit the estate file gives in working days
(``resolve_workdays`` ...), by the follow-up queue (a "partly resolved" answer is called again 3
working days later) and by ``db check``; the office's days are the estate file's ``[workdays]``
(at ``init``) or ``db workdays FILE`` later.

Pure: no clock, no printing.
"""

import functools
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from liuliqiao_cli.errors import EstateError

if TYPE_CHECKING:
    from liuliqiao_cli.estate.holiday_library import Library

_ISO_DATE = r"(\d{4})-(\d{2})-(\d{2})"  # text: re compiles it on first use (an estate file read)
_OFFICE_KEYS = ("off", "worked", "years")


@functools.cache
def _library() -> "Library":
    # ~0.3 ms from the cache file, ~2 ms importing chinese-calendar: only when a day is asked
    from liuliqiao_cli.estate.holiday_library import load

    return load()


# NamedTuples, not frozen dataclasses: a working-day deadline defines them on `add`'s start-up,
# where a frozen dataclass costs 3-5 times as much to define.


class WorkdayDeadline(NamedTuple):
    """A working-day deadline and the years it went through whose holidays nobody knows."""

    due: datetime
    unknown_years: tuple[int, ...]


class OfficeDays(NamedTuple):
    """The office's own calendar entries, validated: see :func:`load_office_days`."""

    off: frozenset[date] = frozenset()
    worked: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()  # years whose whole notice the office typed in


class WorkCalendar:
    """China's working days (library data) corrected by the office's extra days."""

    def __init__(
        self,
        extra_off: Iterable[date] = (),
        extra_worked: Iterable[date] = (),
        office_years: Iterable[int] = (),
    ) -> None:
        self.extra_off = frozenset(extra_off)
        self.extra_worked = frozenset(extra_worked)
        self.office_years = frozenset(office_years)
        both = self.extra_off & self.extra_worked
        if both:  # load_office_days reports this to the user; reaching here is a programming error
            raise ValueError(f"days both off and worked: {sorted(both)}")

    @classmethod
    def from_office_days(cls, office: OfficeDays) -> "WorkCalendar":
        return cls(office.off, office.worked, office.years)

    def is_workday(self, day: date) -> bool:
        if day in self.extra_off:
            return False
        if day in self.extra_worked:
            return True
        library = _library()
        if day.year in library.years:
            ordinal = day.toordinal()
            if ordinal in library.workdays:
                return True
            if ordinal in library.holidays:
                return False
        return day.weekday() < 5

    def known(self, year: int) -> bool:
        """Whether this year's public holidays are known (library or office), not guessed."""
        return year in self.office_years or year in _library().years

    def unknown_years(self, start: date, end: date) -> tuple[int, ...]:
        """The years from ``start`` to ``end`` (inclusive, either order) that are not known."""
        first, last = sorted((start.year, end.year))
        return tuple(y for y in range(first, last + 1) if not self.known(y))

    def add_workdays(self, start: datetime, n: int) -> datetime:
        """The deadline of an ``n``-working-day limit for a receipt at ``start`` (module rules)."""
        if n < 0:
            raise ValueError(f"a limit of working days cannot be negative: {n}")
        day = start.date()
        moment = start.timetz()
        if not self.is_workday(day):
            day = self._next_workday(day)
            moment = time(0, tzinfo=start.tzinfo)
        for _ in range(n):
            day = self._next_workday(day)
        return datetime.combine(day, moment)

    def deadline(self, start: datetime, n: int) -> WorkdayDeadline:
        """:meth:`add_workdays` with the unknown years it went through, for the caller to warn."""
        due = self.add_workdays(start, n)
        return WorkdayDeadline(due, self.unknown_years(start.date(), due.date()))

    def _next_workday(self, day: date) -> date:
        # Terminates: outside the finite library and office lists, every Monday is a working day.
        day += timedelta(days=1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day


# --- the office's days from a TOML table -------------------------------------------------------


def load_office_days(
    table: Any, *, text: str = "", source: str = "estate.toml", section: str = "workdays"
) -> OfficeDays:
    """Validate the office's working-day table, e.g. ``[workdays]`` of the estate file::

        [workdays]
        off = ["2027-02-05", 2027-02-08]   # strings or TOML dates
        worked = ["2027-02-14"]
        years = [2027]                     # the notices typed in in full

    ``table`` is the parsed table (``None`` or absent: no office days); ``text`` is the file's
    text, only to name the line of an error. Every error is an :class:`EstateError` naming the
    offending value: ``workdays.bad_entry`` (the table or a list has the wrong type),
    ``workdays.unknown_key``, ``workdays.bad_date`` (not YYYY-MM-DD or no such day),
    ``workdays.off_and_worked``, ``workdays.bad_year`` and ``workdays.year_without_days`` (a year
    declared typed in with not one day off listed in it: a typo, or the notice is missing).
    """
    if table is None:
        return OfficeDays()
    if not isinstance(table, dict):
        raise _error(text, "workdays.bad_entry", [f"{section}"], source=source, field=section)
    for key in table:
        if key not in _OFFICE_KEYS:
            raise _error(
                text,
                "workdays.unknown_key",
                [str(key)],
                source=source,
                field=section,
                value=str(key),
            )
    off = _dates(table, "off", text=text, source=source, section=section)
    worked = _dates(table, "worked", text=text, source=source, section=section)
    for day in sorted(off & worked):
        value = day.isoformat()
        raise EstateError(
            "workdays.off_and_worked",
            line=_last_line_of(text, value),
            source=source,
            value=value,
        )
    years = _years(table, text=text, source=source, section=section)
    for year in sorted(years):
        if not any(day.year == year for day in off):
            raise _error(
                text,
                "workdays.year_without_days",
                ["years", str(year)],
                source=source,
                value=str(year),
            )
    return OfficeDays(frozenset(off), frozenset(worked), frozenset(years))


def _dates(table: dict[str, Any], key: str, *, text: str, source: str, section: str) -> set[date]:
    field = f"{section}.{key}"
    entries = table.get(key, [])
    if not isinstance(entries, list):
        raise _error(text, "workdays.bad_entry", [key], source=source, field=field)
    days: set[date] = set()
    for entry in entries:
        day = _as_date(entry)
        if day is None:
            value = entry.isoformat() if isinstance(entry, date) else str(entry)
            needle = value[:10] if isinstance(entry, date) else value  # TOML spells times its way
            raise _error(
                text, "workdays.bad_date", [needle], source=source, field=field, value=value
            )
        days.add(day)
    return days


def _as_date(entry: Any) -> date | None:
    if isinstance(entry, datetime):  # a TOML date-time: a day off has no time
        return None
    if isinstance(entry, date):
        return entry
    if not isinstance(entry, str):
        return None
    match = re.fullmatch(_ISO_DATE, entry.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _years(table: dict[str, Any], *, text: str, source: str, section: str) -> set[int]:
    entries = table.get("years", [])
    if not isinstance(entries, list):
        raise _error(text, "workdays.bad_entry", ["years"], source=source, field=f"{section}.years")
    years: set[int] = set()
    for entry in entries:
        # bool is an int in Python; a year is not. date's range keeps date(year, ...) possible.
        if isinstance(entry, bool) or not isinstance(entry, int) or not 1 <= entry <= 9999:
            value = str(entry).lower() if isinstance(entry, bool) else str(entry)  # as TOML has it
            raise _error(text, "workdays.bad_year", ["years", value], source=source, value=value)
        years.add(entry)
    return years


def _error(text: str, key: str, needles: list[str], **params: Any) -> EstateError:
    line = _first_line_of(text, *needles) or _first_line_of(text, needles[-1])
    return EstateError(key, line=line, **params)


def _first_line_of(text: str, *needles: str) -> int:
    """The first line (1-based) containing every needle, 0 when none does."""
    for number, line in enumerate(text.splitlines(), start=1):
        if all(n in line for n in needles):
            return number
    return 0


def _last_line_of(text: str, needle: str) -> int:
    """The last line containing ``needle``: a day's second listing is where it contradicts."""
    found = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            found = number
    return found
