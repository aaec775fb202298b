"""Working days for 12345 deadlines: the 2026 notice, 调休, the office's days, unknown years."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuliqiao_cli.errors import EstateError
from liuliqiao_cli.estate.workdays import OfficeDays, WorkCalendar, load_office_days

D = date
CALENDAR = WorkCalendar()


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# The State Council's notice on the 2026 holidays (国办发明电〔2025〕7号, 2025-11-04): days off
# including the weekends inside them, and the weekend days worked in exchange (调休).
NOTICE_2026_OFF = [
    *_span(D(2026, 1, 1), D(2026, 1, 3)),  # 元旦
    *_span(D(2026, 2, 15), D(2026, 2, 23)),  # 春节
    *_span(D(2026, 4, 4), D(2026, 4, 6)),  # 清明节
    *_span(D(2026, 5, 1), D(2026, 5, 5)),  # 劳动节
    *_span(D(2026, 6, 19), D(2026, 6, 21)),  # 端午节
    *_span(D(2026, 9, 25), D(2026, 9, 27)),  # 中秋节
    *_span(D(2026, 10, 1), D(2026, 10, 7)),  # 国庆节
]
NOTICE_2026_WORKED = [
    D(2026, 1, 4),  # Sunday
    D(2026, 2, 14),  # Saturday
    D(2026, 2, 28),  # Saturday
    D(2026, 5, 9),  # Saturday
    D(2026, 9, 20),  # Sunday
    D(2026, 10, 10),  # Saturday
]


@pytest.mark.parametrize("day", NOTICE_2026_OFF, ids=str)
def test_2026_notice_days_off(day: date) -> None:
    assert not CALENDAR.is_workday(day)


@pytest.mark.parametrize("day", NOTICE_2026_WORKED, ids=str)
def test_2026_notice_weekend_days_worked(day: date) -> None:
    assert day.weekday() >= 5
    assert CALENDAR.is_workday(day)


def test_2026_has_no_other_exception_to_monday_to_friday() -> None:
    exceptions = {
        day
        for day in _span(D(2026, 1, 1), D(2026, 12, 31))
        if CALENDAR.is_workday(day) != (day.weekday() < 5)
    }
    weekdays_off = {day for day in NOTICE_2026_OFF if day.weekday() < 5}
    assert exceptions == weekdays_off | set(NOTICE_2026_WORKED)


def test_national_day_2026_is_seven_days_and_2025_was_eight() -> None:
    """2026's Mid-Autumn Festival is on its own (09-25 to 27), so 10-08 is a working Thursday;
    in 2025 it joined National Day: 10-01 to 10-08 off, 09-28 and 10-11 worked."""
    assert [CALENDAR.is_workday(d) for d in _span(D(2026, 9, 30), D(2026, 10, 10))] == [
        True,  # 09-30 Wed
        *[False] * 7,  # 10-01 to 10-07
        True,  # 10-08 Thu
        True,  # 10-09 Fri
        True,  # 10-10 Sat, worked
    ]
    assert not any(CALENDAR.is_workday(d) for d in _span(D(2025, 10, 1), D(2025, 10, 8)))
    assert CALENDAR.is_workday(D(2025, 9, 28)) and CALENDAR.is_workday(D(2025, 10, 11))


@pytest.mark.parametrize(
    ("received", "limit", "due"),
    [
        # the case: not due in the holiday, and not on 10-02 as 2 calendar days would be
        ("2026-09-30 10:00", 2, "2026-10-09 10:00"),
        ("2026-09-30 10:00", 1, "2026-10-08 10:00"),
        ("2026-09-30 23:59", 3, "2026-10-10 23:59"),  # the worked Saturday counts
        ("2026-10-09 11:00", 1, "2026-10-10 11:00"),
        ("2026-09-18 17:30", 1, "2026-09-20 17:30"),  # Friday -> the worked Sunday
        # received on a day off: from 00:00 of the next working day
        ("2026-10-03 15:00", 2, "2026-10-10 00:00"),
        ("2026-10-01 08:00", 0, "2026-10-08 00:00"),
        ("2026-09-19 09:00", 1, "2026-09-21 00:00"),  # Saturday; Sunday 09-20 is worked
        ("2026-02-14 09:00", 1, "2026-02-24 09:00"),  # worked Saturday before the Spring Festival
        ("2026-09-30 10:00", 0, "2026-09-30 10:00"),
        ("2026-11-27 10:00", 5, "2026-12-04 10:00"),
    ],
)
def test_add_workdays(received: str, limit: int, due: str) -> None:
    start = datetime.fromisoformat(received)
    assert CALENDAR.add_workdays(start, limit) == datetime.fromisoformat(due)


def test_add_workdays_keeps_the_time_zone() -> None:
    from datetime import timezone

    beijing = timezone(timedelta(hours=8))
    due = CALENDAR.add_workdays(datetime(2026, 10, 3, 15, 0, tzinfo=beijing), 1)
    assert due == datetime(2026, 10, 9, 0, 0, tzinfo=beijing)


def test_a_negative_limit_is_refused() -> None:
    with pytest.raises(ValueError):
        CALENDAR.add_workdays(datetime(2026, 9, 30, 10, 0), -1)


def test_known_years() -> None:
    assert CALENDAR.known(2025) and CALENDAR.known(2026)
    assert not CALENDAR.known(2027)
    assert not CALENDAR.known(2003)  # the library starts in 2004


def test_a_deadline_into_2027_reports_2027_unknown() -> None:
    result = CALENDAR.deadline(datetime(2026, 12, 30, 10, 0), 5)
    # New Year's Day 2027 counted as a working day: a guess, hence reported
    assert result.due == datetime(2027, 1, 6, 10, 0)
    assert result.unknown_years == (2027,)
    inside = CALENDAR.deadline(datetime(2026, 9, 30, 10, 0), 2)
    assert inside.unknown_years == ()
    assert CALENDAR.unknown_years(D(2028, 3, 1), D(2026, 1, 1)) == (2027, 2028)


# The office types in a notice the library lacks. Illustrative days, not the 2027 notice.
OFFICE_2027 = OfficeDays(
    off=frozenset(_span(D(2027, 2, 5), D(2027, 2, 11)) + [D(2027, 1, 1)]),
    worked=frozenset({D(2027, 2, 20)}),
    years=frozenset({2027}),
)


def test_the_office_typing_in_2027_makes_it_known() -> None:
    office = WorkCalendar.from_office_days(OFFICE_2027)
    assert office.known(2027)
    result = office.deadline(datetime(2027, 2, 4, 9, 0), 3)
    # 02-04 Thu; 02-05 to 02-11 off; 02-12 Fri (1), 02-15 Mon (2), 02-16 Tue (3)
    assert result.due == datetime(2027, 2, 16, 9, 0)
    assert result.unknown_years == ()
    assert office.is_workday(D(2027, 2, 20))  # Saturday, worked by the office's list
    assert office.add_workdays(datetime(2026, 12, 30, 10, 0), 5) == datetime(2027, 1, 7, 10, 0)


def test_an_extra_day_off_alone_does_not_make_a_year_known() -> None:
    closure = WorkCalendar(extra_off={D(2027, 3, 8)})
    assert not closure.is_workday(D(2027, 3, 8))
    assert not closure.known(2027)
    assert closure.deadline(datetime(2027, 3, 5, 9, 0), 1).unknown_years == (2027,)


def test_the_office_overrides_the_library() -> None:
    office = WorkCalendar(extra_off={D(2026, 10, 9)}, extra_worked={D(2026, 10, 5)})
    assert not office.is_workday(D(2026, 10, 9))
    assert office.is_workday(D(2026, 10, 5))
    assert office.add_workdays(datetime(2026, 9, 30, 10, 0), 2) == datetime(2026, 10, 8, 10, 0)


def test_a_day_both_off_and_worked_is_refused_by_the_constructor() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(extra_off={D(2026, 10, 9)}, extra_worked={D(2026, 10, 9)})


_ASK = (
    "import sys\n"
    "from datetime import date\n"
    "import liuliqiao_cli.estate.workdays as w\n"
    "before = 'chinese_calendar' in sys.modules\n"
    "c = w.WorkCalendar()\n"
    "days = [c.is_workday(date(2026, 10, d)) for d in range(1, 13)]\n"
    "print(before, 'chinese_calendar' in sys.modules, days, c.known(2026), c.known(2099))\n"
)


def _ask(cache: Path) -> list[str]:
    env = {**os.environ, "LIULIQIAO_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", _ASK], capture_output=True, text=True, check=True, env=env
    )
    return out.stdout.split(" ", 2)


# National Day 2026: 10-01..10-07 off, Saturday 10-10 worked, Sunday 10-11 off, Monday 10-12 worked.
_OCTOBER = (
    "[False, False, False, False, False, False, False, True, True, True, False, True] True False"
)


def test_the_library_is_imported_only_when_a_day_is_asked_and_then_cached(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _ask(cache) == ["False", "True", _OCTOBER + "\n"]  # no cache yet: the library
    assert len(list(cache.glob("chinese-calendar-*.marshal"))) == 1
    assert _ask(cache) == ["False", "False", _OCTOBER + "\n"]  # the cache, the same answers


def test_a_corrupt_or_unwritable_cache_changes_no_answer(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _ask(cache)
    (written,) = cache.glob("chinese-calendar-*.marshal")
    written.write_bytes(b"\x00garbage")
    assert _ask(cache) == ["False", "True", _OCTOBER + "\n"]
    assert _ask(cache) == ["False", "False", _OCTOBER + "\n"]  # rewritten whole
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert _ask(blocked / "cache") == ["False", "True", _OCTOBER + "\n"]
    assert _ask(blocked / "cache") == ["False", "True", _OCTOBER + "\n"]


def test_the_cache_holds_exactly_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liuliqiao_cli.estate import holiday_library

    monkeypatch.setenv("LIULIQIAO_CACHE_DIR", str(tmp_path))
    fresh = holiday_library.load()  # from the library, written
    again = holiday_library.load()  # from the file
    assert fresh == again == holiday_library.from_library()
    import chinese_calendar

    assert {D.fromordinal(n) for n in again.holidays} == set(chinese_calendar.holidays)
    assert {D.fromordinal(n) for n in again.workdays} == set(chinese_calendar.workdays)


# --- properties ----------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2003, 6, 1), max_value=datetime(2028, 6, 30)).map(
    lambda m: m.replace(microsecond=0)
)
limits = st.integers(min_value=0, max_value=40)
days = st.dates(min_value=D(2003, 1, 1), max_value=D(2028, 12, 31))


@given(moments, limits)
def test_a_working_day_deadline_is_a_working_day_never_before_the_calendar_one(
    start: datetime, limit: int
) -> None:
    due = CALENDAR.add_workdays(start, limit)
    assert CALENDAR.is_workday(due.date())
    assert due >= start + timedelta(days=limit)
    # exactly `limit` working days after the first working day counted from
    first = start.date() if CALENDAR.is_workday(start.date()) else None
    if first is None:
        assert due.time() == time(0)
        first = next(d for d in _span(start.date(), due.date()) if CALENDAR.is_workday(d))
    else:
        assert due.time() == start.time()
    counted = [d for d in _span(first + timedelta(days=1), due.date()) if CALENDAR.is_workday(d)]
    assert len(counted) == limit


@given(days, st.sets(days, max_size=8), st.sets(days, max_size=8))
def test_the_office_lists_override_the_library(
    day: date, extra_off: set[date], extra_worked: set[date]
) -> None:
    extra_worked -= extra_off
    office = WorkCalendar(extra_off | {day}, extra_worked - {day})
    assert not office.is_workday(day)
    office = WorkCalendar(extra_off - {day}, extra_worked | {day})
    assert office.is_workday(day)
    others = WorkCalendar(extra_off - {day}, extra_worked - {day})
    assert others.is_workday(day) == CALENDAR.is_workday(day)


@given(moments, limits, st.sets(days, max_size=10))
def test_with_office_days_off_the_deadline_still_lands_on_a_working_day(
    start: datetime, limit: int, extra_off: set[date]
) -> None:
    office = WorkCalendar(extra_off=extra_off)
    due = office.add_workdays(start, limit)
    assert office.is_workday(due.date())
    assert due >= CALENDAR.add_workdays(start, limit)  # fewer working days, never earlier


# --- the office's days from TOML ------------------------------------------------------------

TOML = """\
[estate]
name = "望园西里北区"

[workdays]
off = [
  "2027-01-01",
  2027-02-05,
]
worked = ["2027-02-20"]
years = [2027]
"""


def _load(text: str) -> OfficeDays:
    return load_office_days(tomllib.loads(text).get("workdays"), text=text, source="estate.toml")


def test_office_days_from_toml() -> None:
    office = _load(TOML)
    assert office.off == {D(2027, 1, 1), D(2027, 2, 5)}
    assert office.worked == {D(2027, 2, 20)}
    assert office.years == {2027}
    assert _load('[estate]\nname = "x"\n') == OfficeDays()


@pytest.mark.parametrize(
    ("replace", "by", "key", "value", "line"),
    [
        ('"2027-01-01"', '"2027-02-30"', "workdays.bad_date", "2027-02-30", 6),
        ('"2027-01-01"', '"2027/01/01"', "workdays.bad_date", "2027/01/01", 6),
        ('"2027-01-01"', '"27-1-1"', "workdays.bad_date", "27-1-1", 6),
        ('"2027-01-01"', "2027-01-01T08:00:00", "workdays.bad_date", "2027-01-01T08:00:00", 6),
        ('"2027-01-01"', "20270101", "workdays.bad_date", "20270101", 6),
        ('"2027-02-20"', '"2027-02-05"', "workdays.off_and_worked", "2027-02-05", 9),
        ('"2027-02-20"', "2027-01-01", "workdays.off_and_worked", "2027-01-01", 9),
        ("years = [2027]", "years = [2028]", "workdays.year_without_days", "2028", 10),
        ("years = [2027]", 'years = ["2027"]', "workdays.bad_year", "2027", 10),
        ("years = [2027]", "years = [true]", "workdays.bad_year", "true", 10),
        ("years = [2027]", "yaers = [2027]", "workdays.unknown_key", "yaers", 10),
    ],
)
def test_office_days_errors_name_the_value_and_the_line(
    replace: str, by: str, key: str, value: str, line: int
) -> None:
    text = TOML.replace(replace, by)
    with pytest.raises(EstateError) as caught:
        _load(text)
    assert caught.value.key == key
    assert caught.value.params["value"] == value
    assert caught.value.params["line"] == line
    assert caught.value.params["source"] == "estate.toml"


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        ('workdays = "none"\n', "workdays", 1),
        ('[workdays]\noff = "2027-01-01"\n', "workdays.off", 2),
        ("[workdays]\nworked = 2027-02-20\n", "workdays.worked", 2),
        ("[workdays]\nyears = 2027\n", "workdays.years", 2),
    ],
)
def test_office_days_of_the_wrong_type(text: str, field: str, line: int) -> None:
    with pytest.raises(EstateError) as caught:
        _load(text)
    assert caught.value.key == "workdays.bad_entry"
    assert caught.value.params["field"] == field
    assert caught.value.params["line"] == line
