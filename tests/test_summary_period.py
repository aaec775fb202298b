"""Periods of the summary: ISO weeks, months, ranges, the default, and every malformed one."""

from __future__ import annotations

from datetime import date

import pytest

from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.reports.periods import parse_period

TODAY = date(2026, 11, 27)  # a Friday, as the test clock


@pytest.mark.parametrize(
    ("kwargs", "since", "until", "label"),
    [
        ({}, date(2026, 11, 16), date(2026, 11, 22), "2026-W47"),  # last full week
        ({"week": "2026-W47"}, date(2026, 11, 16), date(2026, 11, 22), "2026-W47"),
        ({"week": "2026w47"}, date(2026, 11, 16), date(2026, 11, 22), "2026-W47"),
        ({"week": "2026-W1"}, date(2025, 12, 29), date(2026, 1, 4), "2026-W01"),
        ({"week": "2026-W53"}, date(2026, 12, 28), date(2027, 1, 3), "2026-W53"),
        ({"this_week": True}, date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),
        ({"month": "2026-11"}, date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
        ({"month": "2024-2"}, date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ({"month": "2026年12月"}, date(2026, 12, 1), date(2026, 12, 31), "2026-12"),
        (
            {"since": "2026-11-01", "until": "2026/11/15"},
            date(2026, 11, 1),
            date(2026, 11, 15),
            "2026-11-01..2026-11-15",
        ),
        ({"since": "2026-11-20"}, date(2026, 11, 20), TODAY, "2026-11-20..2026-11-27"),
        ({"since": "昨天", "until": "今天"}, date(2026, 11, 26), TODAY, "2026-11-26..2026-11-27"),
        ({"month": "2026-02"}, date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        ({"month": "2026-04"}, date(2026, 4, 1), date(2026, 4, 30), "2026-04"),
        ({"month": "9999-12"}, date(9999, 12, 1), date(9999, 12, 31), "9999-12"),
    ],
)
def test_periods(kwargs: dict, since: date, until: date, label: str) -> None:
    period = parse_period(today=TODAY, **kwargs)
    assert (period.since, period.until, period.label) == (since, until, label)


def test_default_on_a_monday_is_the_week_just_ended() -> None:
    period = parse_period(today=date(2026, 11, 23))
    assert (period.since, period.until) == (date(2026, 11, 16), date(2026, 11, 22))
    assert period.since.weekday() == 0 and period.until.weekday() == 6


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"week": "2026-W54"}, "summary.no_such_week"),
        ({"week": "2026-W00"}, "summary.no_such_week"),
        ({"week": "2025-W53"}, "summary.no_such_week"),  # 2025 has 52 ISO weeks
        ({"week": "W47"}, "summary.bad_week"),
        ({"week": "2026-47"}, "summary.bad_week"),
        ({"month": "2026-13"}, "summary.no_such_month"),
        ({"month": "2026-00"}, "summary.no_such_month"),
        ({"month": "November"}, "summary.bad_month"),
        ({"since": "2026-11-20", "until": "2026-11-19"}, "dates.range"),
        ({"until": "2026-11-19"}, "summary.until_without_since"),
        ({"since": "2026-02-30"}, "dates.impossible"),
        ({"week": "2026-W47", "month": "2026-11"}, "summary.conflicting_periods"),
        ({"this_week": True, "since": "2026-11-01"}, "summary.conflicting_periods"),
    ],
)
def test_bad_periods(kwargs: dict, key: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_period(today=TODAY, **kwargs)
    assert caught.value.key == key
