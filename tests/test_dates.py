from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuliqiao_cli.dates import parse_date, parse_datetime
from liuliqiao_cli.errors import UsageError

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-27", date(2026, 11, 27)),
        ("2026/11/27", date(2026, 11, 27)),
        ("2026.11.27", date(2026, 11, 27)),
        ("2026年11月27日", date(2026, 11, 27)),
        ("2026年3月1日", date(2026, 3, 1)),
        ("2026-3-1", date(2026, 3, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("today", TODAY),
        ("今天", TODAY),
        ("TODAY", TODAY),
        ("yesterday", date(2026, 11, 26)),
        ("昨天", date(2026, 11, 26)),
        ("tomorrow", date(2026, 11, 28)),
        ("明天", date(2026, 11, 28)),
        ("  2026-11-27  ", date(2026, 11, 27)),
    ],
)
def test_accepted(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text, key",
    [
        ("", "dates.empty"),
        ("   ", "dates.empty"),
        ("2026-02-30", "dates.impossible"),
        ("2025-02-29", "dates.impossible"),
        ("2026-13-01", "dates.impossible"),
        ("2026-11-27x", "dates.malformed"),
        ("27/11/2026", "dates.malformed"),
        ("2026-11/27", "dates.malformed"),
        ("next week", "dates.malformed"),
        ("Nov 27 2026", "dates.malformed"),
        ("20261127", "dates.malformed"),
        ("not-a-date", "dates.malformed"),
    ],
)
def test_refused(text: str, key: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_date(text, today=TODAY)
    assert err.value.key == key


def test_datetime_forms() -> None:
    assert parse_datetime("2026-11-27 14:30", today=TODAY) == datetime(2026, 11, 27, 14, 30)
    assert parse_datetime("2026/11/27T08:05:09", today=TODAY) == datetime(2026, 11, 27, 8, 5, 9)
    assert parse_datetime("昨天 09:00", today=TODAY) == datetime(2026, 11, 26, 9, 0)
    for bad in ("2026-11-27 25:00", "2026-11-27 1230", "2026-11-27 12:61"):
        with pytest.raises(UsageError):
            parse_datetime(bad, today=TODAY)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_real_date_round_trips_in_every_form(d: date) -> None:
    forms = [
        d.isoformat(),
        d.strftime("%Y/%m/%d"),
        d.strftime("%Y.%m.%d"),
        f"{d.year}年{d.month}月{d.day}日",
    ]
    for form in forms:
        assert parse_date(form, today=TODAY) == d


@given(st.text(max_size=30))
def test_anything_else_is_a_usage_error_never_a_crash(text: str) -> None:
    try:
        result = parse_date(text, today=TODAY)
    except UsageError:
        return
    assert isinstance(result, date)


def _clock(fixed: str) -> datetime | str:
    """What LIULIQIAO_NOW=fixed gives: dates.now() ... or its error's key."""
    import os

    from liuliqiao_cli import dates

    before = os.environ.get("LIULIQIAO_NOW")
    os.environ["LIULIQIAO_NOW"] = fixed
    try:
        return dates.now()
    except UsageError as exc:
        return exc.key
    finally:
        if before is None:
            del os.environ["LIULIQIAO_NOW"]
        else:
            os.environ["LIULIQIAO_NOW"] = before


def _parsed(fixed: str) -> datetime | str:
    try:
        return parse_datetime(fixed, today=date(2000, 1, 1))
    except UsageError as exc:
        return exc.key


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
def test_the_fixed_clock_in_the_ledgers_form_reads_as_parse_datetime(moment: datetime) -> None:
    fixed = moment.strftime("%Y-%m-%d %H:%M:%S").rjust(19, "0")
    assert _clock(fixed) == _parsed(fixed)


@given(st.text(st.sampled_from("0123456789０٣-: T/"), min_size=17, max_size=21))
def test_the_fixed_clock_in_any_near_form_reads_as_parse_datetime(fixed: str) -> None:
    assert _clock(fixed) == _parsed(fixed)
