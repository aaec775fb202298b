"""The rotation and overrides as pure functions: hand-worked boundary table and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from liuliqiao_cli.estate.duty import (
    NoRotation,
    Override,
    RotationVersion,
    calendar,
    duty_on,
    duty_years,
    handover_near,
    handovers,
    next_handover,
    rotation_on,
    rotation_periods,
)

D = date
SH, CJ = "shouhua", "chengjian"
# The estate's rotation: handover on 1 March, 首华 on duty from 2023-03-01.
V1 = RotationVersion(1, D(2023, 3, 1), 3, 1, (SH, CJ), "uuid-v1")
ESTATE = [V1]
# A second version from 2027-09-01 moving the handover to 1 September, 城建 first.
V2 = RotationVersion(2, D(2027, 9, 1), 9, 1, (CJ, SH), "uuid-v2")
# A second version that keeps 首华 on duty across its start (no handover on 2027-09-01).
V2_SAME = RotationVersion(2, D(2027, 9, 1), 9, 1, (SH, CJ), "uuid-v2s")
# A handover mid-October, version starting mid-year.
OCT = RotationVersion(7, D(2023, 6, 1), 10, 15, (CJ, SH))


# (versions, date, company, period start, period end, next handover, next company)
BOUNDARIES = [
    # the first day of the first version, and the day before it (no rotation)
    (ESTATE, D(2023, 3, 1), SH, D(2023, 3, 1), D(2024, 2, 29), D(2024, 3, 1), CJ),
    (ESTATE, D(2023, 3, 2), SH, D(2023, 3, 1), D(2024, 2, 29), D(2024, 3, 1), CJ),
    # 29 Feb 2024 (leap year) is the last day of 首华's year; 1 March belongs to the incoming 城建
    (ESTATE, D(2024, 2, 28), SH, D(2023, 3, 1), D(2024, 2, 29), D(2024, 3, 1), CJ),
    (ESTATE, D(2024, 2, 29), SH, D(2023, 3, 1), D(2024, 2, 29), D(2024, 3, 1), CJ),
    (ESTATE, D(2024, 3, 1), CJ, D(2024, 3, 1), D(2025, 2, 28), D(2025, 3, 1), SH),
    (ESTATE, D(2024, 3, 2), CJ, D(2024, 3, 1), D(2025, 2, 28), D(2025, 3, 1), SH),
    (ESTATE, D(2025, 2, 28), CJ, D(2024, 3, 1), D(2025, 2, 28), D(2025, 3, 1), SH),
    (ESTATE, D(2025, 3, 1), SH, D(2025, 3, 1), D(2026, 2, 28), D(2026, 3, 1), CJ),
    (ESTATE, D(2025, 3, 2), SH, D(2025, 3, 1), D(2026, 2, 28), D(2026, 3, 1), CJ),
    (ESTATE, D(2026, 2, 28), SH, D(2025, 3, 1), D(2026, 2, 28), D(2026, 3, 1), CJ),
    (ESTATE, D(2026, 3, 1), CJ, D(2026, 3, 1), D(2027, 2, 28), D(2027, 3, 1), SH),
    (ESTATE, D(2026, 11, 27), CJ, D(2026, 3, 1), D(2027, 2, 28), D(2027, 3, 1), SH),
    (ESTATE, D(2027, 2, 28), CJ, D(2026, 3, 1), D(2027, 2, 28), D(2027, 3, 1), SH),
    (ESTATE, D(2027, 3, 1), SH, D(2027, 3, 1), D(2028, 2, 29), D(2028, 3, 1), CJ),
    (ESTATE, D(2028, 2, 29), SH, D(2027, 3, 1), D(2028, 2, 29), D(2028, 3, 1), CJ),
    (ESTATE, D(2028, 3, 1), CJ, D(2028, 3, 1), D(2029, 2, 28), D(2029, 3, 1), SH),
    # fifty years ahead: the duty year from 2076-03-01 is the 54th (index 53, odd): 城建
    (ESTATE, D(2076, 2, 29), SH, D(2075, 3, 1), D(2076, 2, 29), D(2076, 3, 1), CJ),
    (ESTATE, D(2076, 3, 1), CJ, D(2076, 3, 1), D(2077, 2, 28), D(2077, 3, 1), SH),
    (ESTATE, D(2076, 11, 27), CJ, D(2076, 3, 1), D(2077, 2, 28), D(2077, 3, 1), SH),
    (ESTATE, D(2077, 3, 1), SH, D(2077, 3, 1), D(2078, 2, 28), D(2078, 3, 1), CJ),
    # a second version from 2027-09-01 (handover 09-01, 城建 first): 首华's year is cut short
    (ESTATE + [V2], D(2027, 8, 31), SH, D(2027, 3, 1), D(2027, 8, 31), D(2027, 9, 1), CJ),
    (ESTATE + [V2], D(2027, 9, 1), CJ, D(2027, 9, 1), D(2028, 8, 31), D(2028, 9, 1), SH),
    (ESTATE + [V2], D(2027, 2, 28), CJ, D(2026, 3, 1), D(2027, 2, 28), D(2027, 3, 1), SH),
    (ESTATE + [V2], D(2028, 3, 1), CJ, D(2027, 9, 1), D(2028, 8, 31), D(2028, 9, 1), SH),
    (ESTATE + [V2], D(2028, 9, 1), SH, D(2028, 9, 1), D(2029, 8, 31), D(2029, 9, 1), CJ),
    # a version keeping the same company: its start is no handover; the next one is a year on
    (ESTATE + [V2_SAME], D(2027, 6, 1), SH, D(2027, 3, 1), D(2027, 8, 31), D(2028, 9, 1), CJ),
    (ESTATE + [V2_SAME], D(2027, 9, 1), SH, D(2027, 9, 1), D(2028, 8, 31), D(2028, 9, 1), CJ),
    # a mid-October handover, version starting mid-year: its first (partial) year is order[0]'s
    ([OCT], D(2023, 6, 1), CJ, D(2023, 6, 1), D(2023, 10, 14), D(2023, 10, 15), SH),
    ([OCT], D(2023, 10, 14), CJ, D(2023, 6, 1), D(2023, 10, 14), D(2023, 10, 15), SH),
    ([OCT], D(2023, 10, 15), SH, D(2023, 10, 15), D(2024, 10, 14), D(2024, 10, 15), CJ),
    ([OCT], D(2024, 10, 15), CJ, D(2024, 10, 15), D(2025, 10, 14), D(2025, 10, 15), SH),
]


@pytest.mark.parametrize(
    "versions,on,company,start,end,nxt,nxt_company",
    BOUNDARIES,
    ids=[f"{b[1]}-{len(b[0])}v" for b in BOUNDARIES],
)
def test_boundary_table(versions, on, company, start, end, nxt, nxt_company) -> None:
    a = duty_on(on, versions)
    assert (a.company, a.period_start, a.period_end, a.next_handover, a.next_company) == (
        company,
        start,
        end,
        nxt,
        nxt_company,
    )
    assert a.source == "rotation" and a.days_to_handover == (nxt - on).days


@pytest.mark.parametrize("on", [D(2023, 2, 28), D(2000, 1, 1), D(1, 1, 1)])
def test_before_any_version_is_no_rotation(on: date) -> None:
    with pytest.raises(NoRotation) as exc:
        duty_on(on, ESTATE)
    assert exc.value.key == "duty.no_rotation" and exc.value.exit_status == 1


def test_no_versions_at_all_is_no_rotation() -> None:
    with pytest.raises(NoRotation):
        duty_on(D(2026, 11, 27), [])


def test_single_company_rotation_has_no_next_handover() -> None:
    only = [RotationVersion(1, D(2023, 3, 1), 3, 1, (SH,))]
    a = duty_on(D(2030, 5, 5), only)
    assert a.company == SH and a.next_handover is None and a.days_to_handover is None


def test_far_future_does_not_overflow() -> None:
    a = duty_on(D(9999, 12, 31), ESTATE)
    assert a.company in (SH, CJ) and a.next_handover is None
    assert rotation_periods(ESTATE, D(9998, 1, 1), D(9999, 12, 31))[-1].end == D(9999, 12, 31)


# --- overrides --------------------------------------------------------------------------------


def ov(i: int, start: date, end: date, company: str, revoked: bool = False) -> Override:
    return Override(i, start, end, company, f"reason {i}", None, revoked, f"uuid-o{i}")


def test_override_wins_inside_and_not_outside() -> None:
    o = [ov(1, D(2026, 7, 1), D(2026, 7, 31), SH)]
    assert duty_on(D(2026, 6, 30), ESTATE, o).company == CJ
    inside = duty_on(D(2026, 7, 1), ESTATE, o)
    assert (inside.company, inside.source, inside.source_id, inside.rotation_company) == (
        SH,
        "override",
        1,
        CJ,
    )
    assert inside.period_start == D(2026, 3, 1) and inside.next_handover == D(2027, 3, 1)
    assert duty_on(D(2026, 7, 31), ESTATE, o).company == SH
    assert duty_on(D(2026, 8, 1), ESTATE, o).source == "rotation"


def test_nested_overrides_newest_wins_and_overlap_is_reported() -> None:
    outer_old = ov(1, D(2026, 7, 1), D(2026, 7, 31), SH)
    inner_new = ov(2, D(2026, 7, 10), D(2026, 7, 20), CJ)
    a = duty_on(D(2026, 7, 15), ESTATE, [outer_old, inner_new])
    assert (a.company, a.source_id, a.overlapping) == (CJ, 2, (1,))
    assert duty_on(D(2026, 7, 21), ESTATE, [outer_old, inner_new]).source_id == 1
    # the other way round: a newer outer override hides an older inner one completely
    inner_old = ov(1, D(2026, 7, 10), D(2026, 7, 20), CJ)
    outer_new = ov(2, D(2026, 7, 1), D(2026, 7, 31), SH)
    b = duty_on(D(2026, 7, 15), ESTATE, [inner_old, outer_new])
    assert (b.company, b.source_id, b.overlapping) == (SH, 2, (1,))


def test_partly_overlapping_overrides() -> None:
    first = ov(1, D(2026, 7, 1), D(2026, 7, 20), SH)
    second = ov(2, D(2026, 7, 15), D(2026, 8, 10), CJ)
    both = [first, second]
    assert duty_on(D(2026, 7, 14), ESTATE, both).source_id == 1
    assert duty_on(D(2026, 7, 14), ESTATE, both).overlapping == ()
    assert (
        duty_on(D(2026, 7, 15), ESTATE, both).source_id,
        duty_on(D(2026, 7, 15), ESTATE, both).overlapping,
    ) == (2, (1,))
    assert duty_on(D(2026, 7, 21), ESTATE, both).overlapping == ()
    rows = calendar(ESTATE, both, D(2026, 7, 1), D(2026, 8, 31))
    assert [(r.start, r.end, r.source, r.source_id, r.overlap) for r in rows] == [
        (D(2026, 7, 1), D(2026, 7, 14), "override", 1, ()),
        (D(2026, 7, 15), D(2026, 7, 20), "override", 2, (1,)),
        (D(2026, 7, 21), D(2026, 8, 10), "override", 2, ()),
        (D(2026, 8, 11), D(2026, 8, 31), "rotation", 1, ()),
    ]


def test_override_crossing_a_handover() -> None:
    o = [ov(3, D(2026, 2, 23), D(2026, 3, 8), SH)]
    before, on, after = (
        duty_on(D(2026, 2, 28), ESTATE, o),
        duty_on(D(2026, 3, 1), ESTATE, o),
        duty_on(D(2026, 3, 9), ESTATE, o),
    )
    assert (before.company, before.rotation_company, before.period_end) == (SH, SH, D(2026, 2, 28))
    assert (on.company, on.rotation_company, on.period_start) == (SH, CJ, D(2026, 3, 1))
    assert (after.company, after.source) == (CJ, "rotation")
    rows = calendar(ESTATE, o, D(2026, 1, 1), D(2026, 12, 31))
    assert [(r.start, r.end, r.company, r.source) for r in rows] == [
        (D(2026, 1, 1), D(2026, 2, 22), SH, "rotation"),
        (D(2026, 2, 23), D(2026, 3, 8), SH, "override"),  # one row across the handover
        (D(2026, 3, 9), D(2026, 12, 31), CJ, "rotation"),
    ]
    # the handover itself is still the rotation's
    assert [h.date for h in handovers(ESTATE, D(2026, 1, 1), D(2026, 12, 31))] == [D(2026, 3, 1)]


def test_revoked_override_is_ignored() -> None:
    o = [ov(1, D(2026, 7, 1), D(2026, 7, 31), SH, revoked=True)]
    assert duty_on(D(2026, 7, 15), ESTATE, o).source == "rotation"
    live = ov(2, D(2026, 7, 10), D(2026, 7, 12), SH)
    a = duty_on(D(2026, 7, 11), ESTATE, [*o, live])
    assert a.source_id == 2 and a.overlapping == ()  # a revoked one is no overlap
    assert [r.source for r in calendar(ESTATE, o, D(2026, 7, 1), D(2026, 7, 31))] == ["rotation"]


# --- calendar, handovers ------------------------------------------------------------------------


def test_calendar_before_first_version_and_clipping() -> None:
    rows = calendar(ESTATE, [], D(2023, 1, 1), D(2024, 12, 31))
    assert [(r.start, r.end, r.company, r.source) for r in rows] == [
        (D(2023, 1, 1), D(2023, 2, 28), None, "none"),
        (D(2023, 3, 1), D(2024, 2, 29), SH, "rotation"),
        (D(2024, 3, 1), D(2024, 12, 31), CJ, "rotation"),
    ]


def test_hundred_years_is_one_row_per_duty_year() -> None:
    rows = calendar(ESTATE, [], D(2023, 3, 1), D(2123, 2, 28))
    assert len(rows) == 100
    assert [r.company for r in rows[:4]] == [SH, CJ, SH, CJ]


def test_handover_near() -> None:
    assert handover_near(D(2026, 11, 27), ESTATE).date == D(2027, 3, 1)
    assert handover_near(D(2026, 5, 1), ESTATE).date == D(2026, 3, 1)
    h = handover_near(D(2026, 3, 1), ESTATE)
    assert (h.date, h.outgoing, h.incoming) == (D(2026, 3, 1), SH, CJ)
    # before the rotation: the first one
    assert handover_near(D(2020, 1, 1), ESTATE).date == D(2024, 3, 1)
    with pytest.raises(NoRotation):
        handover_near(D(2026, 1, 1), [RotationVersion(1, D(2023, 3, 1), 3, 1, (SH,))])


def test_duty_years_covers_whole_periods() -> None:
    assert duty_years(D(2026, 11, 27), ESTATE, 5) == (D(2026, 3, 1), D(2032, 2, 29))
    assert duty_years(D(2024, 2, 29), ESTATE, 1) == (D(2023, 3, 1), D(2025, 2, 28))
    # four years on from 29 February is 29 February again (it used to be taken as the 28th): with
    # a version starting that day, the export reaches into it
    leap = [*ESTATE, RotationVersion(9, D(2028, 2, 29), 3, 1, (CJ, SH))]
    assert duty_years(D(2024, 2, 29), leap, 4) == (D(2023, 3, 1), D(2028, 2, 29))
    assert duty_years(D(9990, 6, 1), ESTATE, 50)[1] == D(9999, 12, 31)  # clipped, no overflow


# --- properties ----------------------------------------------------------------------------------

COMPANIES = (SH, CJ, "third")


@st.composite
def rotations(draw) -> list[RotationVersion]:
    count = draw(st.integers(1, 3))
    starts = sorted(
        draw(
            st.lists(
                st.dates(D(2000, 1, 1), D(2060, 12, 31)),
                min_size=count,
                max_size=count,
                unique=True,
            )
        )
    )
    out = []
    for i, start in enumerate(starts, start=1):
        order = tuple(draw(st.permutations(COMPANIES))[: draw(st.integers(1, 3))])
        out.append(
            RotationVersion(i, start, draw(st.integers(1, 12)), draw(st.integers(1, 28)), order)
        )
    return out


@st.composite
def override_sets(draw) -> list[Override]:
    out = []
    for i in range(1, draw(st.integers(0, 4)) + 1):
        start = draw(st.dates(D(1999, 1, 1), D(2070, 12, 31)))
        out.append(
            ov(
                i,
                start,
                start + timedelta(days=draw(st.integers(0, 800))),
                draw(st.sampled_from(COMPANIES)),
                revoked=draw(st.booleans()),
            )
        )
    return out


DATES = st.dates(D(1995, 1, 1), D(2090, 12, 31))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(versions=rotations(), overrides=override_sets(), on=DATES)
def test_exactly_one_company_or_no_rotation(versions, overrides, on) -> None:
    first = versions[0].effective_from
    if on < first:
        with pytest.raises(NoRotation):
            duty_on(on, versions, overrides)
        return
    a = duty_on(on, versions, overrides)
    deciding = max((v for v in versions if v.effective_from <= on), key=lambda v: v.effective_from)
    assert a.rotation_company in deciding.order
    active = [o for o in overrides if o.covers(on)]
    assert a.company == (max(active, key=lambda o: o.id).company if active else a.rotation_company)
    assert a.period_start <= on <= a.period_end


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    versions=rotations(),
    overrides=override_sets(),
    start=DATES,
    length=st.integers(0, 3000),
    probes=st.lists(st.integers(0, 3000), max_size=8),
)
def test_calendar_tiles_time_and_agrees_with_duty_on(
    versions, overrides, start, length, probes
) -> None:
    end = start + timedelta(days=length)
    rows = calendar(versions, overrides, start, end)
    assert rows[0].start == start and rows[-1].end == end
    for before, after in zip(rows, rows[1:], strict=False):
        assert before.start <= before.end
        assert after.start == before.end + timedelta(days=1)  # no gap, no overlap
    for offset in [0, length, *[p for p in probes if p <= length]]:
        day = start + timedelta(days=offset)
        row = next(r for r in rows if r.start <= day <= r.end)
        if day < versions[0].effective_from:
            assert row.company is None and row.source == "none"
        else:
            assert row.company == duty_on(day, versions, overrides).company


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(versions=rotations(), on=DATES)
def test_company_changes_exactly_at_handovers(versions, on) -> None:
    assume(on >= versions[0].effective_from)
    today, tomorrow = rotation_on(on, versions), rotation_on(on + timedelta(days=1), versions)
    crossing = handovers(versions, on + timedelta(days=1), on + timedelta(days=1))
    assert (today.company != tomorrow.company) == bool(crossing)
    v = max(
        (x for x in versions if x.effective_from <= on + timedelta(days=1)),
        key=lambda x: x.effective_from,
    )
    if crossing and v.effective_from != on + timedelta(days=1):
        # inside one version the company passes to the next one in the order, on its handover day
        assert (on + timedelta(days=1)).strftime("%m-%d") == v.handover
        assert tomorrow.company == v.order[(v.order.index(today.company) + 1) % len(v.order)]
    nxt = next_handover(on, versions)
    if nxt is not None:
        assert nxt.date == today.next_handover and nxt.incoming == today.next_company
        assert rotation_on(nxt.date - timedelta(days=1), versions).company == today.company
        assert rotation_on(nxt.date, versions).company == nxt.incoming != today.company
        assert handovers(versions, on + timedelta(days=1), nxt.date - timedelta(days=1)) == []
