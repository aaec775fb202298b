"""The effective duty as spans (estate/duty_spans.py): the issue's cases by hand, and a property
over three years of days with random overrides and revocations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liuliqiao_cli.estate.duty import NoRotation, Override, RotationVersion, duty_on
from liuliqiao_cli.estate.duty_spans import (
    answer,
    change_near,
    change_on,
    changes,
    last_change,
    next_change,
    span_on,
    spans,
)

D = date
SH, CJ = "shouhua", "chengjian"
V1 = RotationVersion(1, D(2023, 3, 1), 3, 1, (SH, CJ), "uuid-v1")
# The sample's override #3: 首华 stays on duty across the 2026-03-01 handover until 03-08.
O3 = Override(3, D(2026, 2, 23), D(2026, 3, 8), SH, "交接过渡")
# The issue's override: 首华 on duty 2026-12-10 to 12-20, in 城建's year.
O4 = Override(4, D(2026, 12, 10), D(2026, 12, 20), SH, "调班")


def test_an_override_keeping_the_outgoing_company_moves_the_change() -> None:
    found = changes([V1], [O3], D(2026, 1, 1), D(2026, 12, 31))
    assert [(c.date, c.outgoing, c.incoming, c.cause) for c in found] == [
        (D(2026, 3, 9), SH, CJ, "override_end")
    ]
    assert next_change(D(2026, 2, 28), [V1], [O3]).date == D(2026, 3, 9)
    # without the override the change is the rotation's own handover
    assert next_change(D(2026, 2, 28), [V1], []).date == D(2026, 3, 1)


def test_an_override_in_the_other_companys_year_is_two_changes() -> None:
    first = next_change(D(2026, 12, 3), [V1], [O4])
    assert (first.date, first.incoming, first.cause, first.override) == (
        D(2026, 12, 10),
        SH,
        "override",
        O4,
    )
    back = next_change(D(2026, 12, 15), [V1], [O4])
    assert (back.date, back.outgoing, back.incoming, back.cause) == (
        D(2026, 12, 21),
        SH,
        CJ,
        "override_end",
    )
    assert answer(D(2026, 12, 15), [V1], [O4]).answer.next_company == CJ


def test_a_revoked_override_changes_nothing() -> None:
    revoked = Override(5, D(2026, 12, 10), D(2026, 12, 20), SH, "x", revoked=True)
    assert next_change(D(2026, 12, 3), [V1], [revoked]).date == D(2027, 3, 1)


def test_the_end_of_the_calendar_is_not_a_one_company_rotation() -> None:
    at_end = answer(D(9999, 12, 31), [V1], [])
    assert at_end.next is None and at_end.calendar_ends
    alone = RotationVersion(2, D(2030, 3, 1), 3, 1, (SH,), "uuid-v2")
    one = answer(D(2031, 6, 1), [V1, alone], [])
    assert one.next is None and not one.calendar_ends


def test_a_version_keeping_the_same_company_is_no_change() -> None:
    same = RotationVersion(2, D(2027, 9, 1), 9, 1, (SH, CJ), "uuid-v2s")
    # 首华 from 2027-03-01 (v1), still 首华 from 2027-09-01 (v2's first year): one span
    found = spans([V1, same], [], D(2027, 3, 1), D(2028, 9, 30))
    assert [(s.start, s.end, s.company) for s in found] == [
        (D(2027, 3, 1), D(2028, 8, 31), SH),
        (D(2028, 9, 1), D(2028, 9, 30), CJ),
    ]


def test_near_last_on_and_span() -> None:
    assert change_near(D(2026, 3, 9), [V1], [O3]).date == D(2026, 3, 9)
    assert change_near(D(2026, 3, 1), [V1], [O3]).date == D(2026, 3, 9)
    assert change_on(D(2026, 3, 1), [V1], [O3]) is None
    assert last_change(D(2026, 11, 27), [V1], [O3]).date == D(2026, 3, 9)
    assert last_change(D(2023, 5, 1), [V1], []) is None
    span = span_on(D(2026, 2, 28), [V1], [O3])
    assert (span.start, span.end, span.company) == (D(2025, 3, 1), D(2026, 3, 8), SH)
    with pytest.raises(NoRotation):
        change_near(D(2026, 1, 1), [], [])


START = D(2025, 1, 1)
DAYS = 3 * 365 + 1
VERSIONS = [V1, RotationVersion(2, D(2026, 9, 1), 9, 1, (CJ, SH), "uuid-v2")]


@st.composite
def override_sets(draw: st.DrawFn) -> list[Override]:
    out = []
    for number in range(1, draw(st.integers(0, 6)) + 1):
        first = START + timedelta(days=draw(st.integers(0, DAYS)))
        last = first + timedelta(days=draw(st.integers(0, 120)))
        out.append(
            Override(
                number,
                first,
                last,
                draw(st.sampled_from((SH, CJ))),
                "r",
                revoked=draw(st.booleans()),
            )
        )
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=override_sets())
def test_spans_agree_with_the_answer_for_every_day_of_three_years(
    overrides: list[Override],
) -> None:
    end = START + timedelta(days=DAYS - 1)
    found = spans(VERSIONS, overrides, START, end)
    assert found[0].start == START and found[-1].end == end
    for before, after in zip(found, found[1:], strict=False):
        assert before.end + timedelta(days=1) == after.start
        assert before.company != after.company
    by_day = {}
    for span in found:
        day = span.start
        while day <= span.end:
            by_day[day] = span
            day += timedelta(days=1)
    for offset in range(DAYS):
        day = START + timedelta(days=offset)
        assert by_day[day].company == duty_on(day, VERSIONS, overrides).company
    # the next change named for a day is the start of the following span, whoever caused it
    for span, following in zip(found, found[1:], strict=False):
        for day in (span.start, span.end):
            got = answer(day, VERSIONS, overrides)
            assert got.next is not None
            assert (got.next.date, got.next.incoming) == (following.start, following.company)
            assert got.next.outgoing == got.answer.company != got.next.incoming
