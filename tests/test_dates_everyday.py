"""Everyday dates for every date option (issue 14): days near today, counted days and weeks,
weekdays of this, next and last week, the end of the month, days written without their year
(this year's, or for a received date the latest not after today). Today is fixed: Friday
2026-11-27."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuliqiao_cli.dates import parse_date, parse_datetime
from liuliqiao_cli.errors import UsageError

TODAY = date(2026, 11, 27)  # a Friday
WEEKDAYS_CN = "一二三四五六日"
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("后天", date(2026, 11, 29)),
        ("前天", date(2026, 11, 25)),
        ("大后天", date(2026, 11, 30)),
        ("大前天", date(2026, 11, 24)),
        ("the day after tomorrow", date(2026, 11, 29)),
        ("Tomorrow", date(2026, 11, 28)),
        ("3天后", date(2026, 11, 30)),
        ("3天前", date(2026, 11, 24)),
        ("三天以后", date(2026, 11, 30)),
        ("十天前", date(2026, 11, 17)),
        ("2周前", date(2026, 11, 13)),
        ("两个星期后", date(2026, 12, 11)),
        ("in 3 days", date(2026, 11, 30)),
        ("3 days ago", date(2026, 11, 24)),
        ("in 1 day", date(2026, 11, 28)),
        ("2 weeks ago", date(2026, 11, 13)),
        ("下周一", date(2026, 11, 30)),
        ("下星期一", date(2026, 11, 30)),
        ("上周五", date(2026, 11, 20)),
        ("上个礼拜三", date(2026, 11, 18)),
        ("本周五", date(2026, 11, 27)),
        ("这周一", date(2026, 11, 23)),
        ("周日", date(2026, 11, 29)),  # this week's Sunday
        ("下周日", date(2026, 12, 6)),
        ("next monday", date(2026, 11, 30)),
        ("Next Friday", date(2026, 12, 4)),  # the Friday of next week, as 下周五
        ("this friday", date(2026, 11, 27)),
        ("last friday", date(2026, 11, 20)),
        ("月底", date(2026, 11, 30)),
        ("月末", date(2026, 11, 30)),
        ("12月5日", date(2026, 12, 5)),
        ("12月5号", date(2026, 12, 5)),
        ("12-05", date(2026, 12, 5)),
        ("12/5", date(2026, 12, 5)),
        ("1月3日", date(2026, 1, 3)),
    ],
)
def test_everyday_forms(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12月5日", date(2025, 12, 5)),  # a received date: last year's 5 December
        ("12-05", date(2025, 12, 5)),
        ("11月27日", date(2026, 11, 27)),  # today is not in the future
        ("11月26日", date(2026, 11, 26)),
        ("2月29日", date(2024, 2, 29)),  # the latest 29 February
        ("2026-12-05", date(2026, 12, 5)),  # a full date is what it says
        ("明天", date(2026, 11, 28)),  # so is a relative word: the caller refuses the future
    ],
)
def test_past_resolves_a_day_without_its_year_to_the_latest_not_after_today(text, expected) -> None:
    assert parse_date(text, today=TODAY, past=True) == expected


def test_end_of_month_in_every_month() -> None:
    assert parse_date("月底", today=date(2024, 2, 10)) == date(2024, 2, 29)
    assert parse_date("月底", today=date(2026, 12, 31)) == date(2026, 12, 31)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("下周一 09:00", datetime(2026, 11, 30, 9, 0)),
        ("3天前 14:30", datetime(2026, 11, 24, 14, 30)),
        ("昨天14:30", datetime(2026, 11, 26, 14, 30)),
        ("in 3 days 08:00", datetime(2026, 11, 30, 8, 0)),
        ("12月5日 10:00", datetime(2026, 12, 5, 10, 0)),
        ("后天", datetime(2026, 11, 29)),
    ],
)
def test_datetime_forms(text: str, expected: datetime) -> None:
    assert parse_datetime(text, today=TODAY) == expected


def test_datetime_with_past() -> None:
    assert parse_datetime("12月5日 10:00", today=TODAY, past=True) == datetime(2025, 12, 5, 10)


@pytest.mark.parametrize(
    "text, key",
    [
        ("next week", "dates.malformed"),
        ("last week", "dates.malformed"),
        ("下周", "dates.malformed"),
        ("周八", "dates.malformed"),
        ("3 days", "dates.malformed"),
        ("3天", "dates.malformed"),
        ("next fryday", "dates.malformed"),
        ("99999天后", "dates.impossible"),
        ("2月30日", "dates.impossible"),
        ("13-01", "dates.impossible"),
        ("2月29日", "dates.impossible"),  # this year has none
        ("12-05 24:00", "dates.impossible"),
    ],
)
def test_refused(text: str, key: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_datetime(text, today=TODAY)
    assert err.value.key == key


def test_refusals_list_the_accepted_forms() -> None:
    from liuliqiao_cli.i18n import t

    for key in ("dates.malformed", "dates.impossible"):
        for lang in ("zh", "en"):
            message = t(key, lang, value="x")
            assert "2026-11-27" in message and "下周一" in message and "12-05" in message


TODAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))


@given(TODAYS, st.integers(min_value=0, max_value=3000))
def test_counted_days_are_arithmetic(today: date, n: int) -> None:
    assert parse_date(f"{n}天后", today=today) == today + timedelta(days=n)
    assert parse_date(f"{n}天前", today=today) == today - timedelta(days=n)
    assert parse_date(f"in {n} days", today=today) == today + timedelta(days=n)
    assert parse_date(f"{n} days ago", today=today) == today - timedelta(days=n)


@given(TODAYS, st.sampled_from([("上", -1), ("本", 0), ("下", 1)]), st.integers(0, 6))
def test_weekdays_fall_in_their_week(today: date, shift: tuple[str, int], weekday: int) -> None:
    word, weeks = shift
    got = parse_date(f"{word}周{WEEKDAYS_CN[weekday]}", today=today)
    assert got.weekday() == weekday
    monday = today - timedelta(days=today.weekday())
    assert got - timedelta(days=got.weekday()) == monday + timedelta(weeks=weeks)
    english = {"上": "last", "本": "this", "下": "next"}[word]
    assert parse_date(f"{english} {WEEKDAYS_EN[weekday]}", today=today) == got


@given(TODAYS, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_received_day_without_its_year_is_the_latest_not_after_today(today, day) -> None:
    got = parse_date(f"{day.month}月{day.day}日", today=today, past=True)
    assert (got.month, got.day) == (day.month, day.day) and got <= today
    later_years = range(got.year + 1, today.year + 1)
    for year in later_years:  # no later such day is on or before today
        try:
            assert date(year, day.month, day.day) > today
        except ValueError:  # 29 February in a common year
            pass
