"""build_summary on the hand-made week 2026-W47 (see test_summary_helpers.fill_week_47)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from test_summary_helpers import add_complaint, add_event, fill_week_47

from liuliqiao_cli.estate import model
from liuliqiao_cli.reports import periods, summary

NOW = datetime(2026, 11, 27, 10, 0, 0)


@pytest.fixture
def week(conn: sqlite3.Connection) -> summary.Summary:
    fill_week_47(conn)
    return summary.build_summary(conn, model.load(conn), periods.week_period("2026-W47"), now=NOW)


def test_received(week: summary.Summary) -> None:
    r = week.received
    assert (r.total, r.residents, r.proactive, r.joint, r.separate) == (10, 8, 2, 4, 6)
    assert r.by_source == {"hotline": 6, "patrol": 1, "visit": 1, "phone": 1, "walkin": 1}
    assert r.by_building == {"1": 3, "2": 2, "3": 1, "4": 1, "public": 3}
    assert list(r.by_company) == ["shouhua", "chengjian"]
    assert r.by_item["stair_lighting"] == 3 and list(r.by_item)[0] == "stair_lighting"


def test_moved_counts_events_in_the_period(week: summary.Summary) -> None:
    totals = {k: sum(v.values()) for k, v in week.moved.items()}
    assert totals == {
        "dispatch": 7,
        "respond": 7,
        "resolve": 4,
        "close": 3,
        "reopen": 0,
        "dispute": 0,
        "remind": 0,
    }
    assert week.moved["dispatch"] == {"shouhua": 4, "chengjian": 3}


def test_backlog_at_the_end_of_the_period(week: summary.Summary) -> None:
    assert week.as_of == datetime(2026, 11, 23)
    # #10 was resolved on 11-25, after the period: it was still in progress at its end.
    assert week.backlog == {
        "received": {"chengjian": 1},
        "dispatched": {"shouhua": 1},
        "in_progress": {"shouhua": 1, "chengjian": 2},
    }
    assert week.backlog_total == 5
    assert week.overdue_total == 4
    assert [(o.number, o.days_overdue) for o in week.overdue] == [(4, 3), (5, 2), (6, 1), (10, 1)]
    assert week.overdue[0].deadline == "2026-11-20 10:00:00"


def test_backlog_now_for_this_week(conn: sqlite3.Connection) -> None:
    fill_week_47(conn)
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2026-W48"), now=NOW)
    assert s.as_of == NOW  # the period has not ended: counted now
    assert s.received.total == 1  # #11
    # now: #10 is resolved (not open); #11 received; #8 overdue since 11-23 09:00
    assert {st: sum(v.values()) for st, v in s.backlog.items()} == {
        "received": 2,
        "dispatched": 1,
        "in_progress": 2,
    }
    assert [o.number for o in s.overdue] == [4, 5, 6, 8, 11]


def test_rates_period_and_year_to_date(week: summary.Summary) -> None:
    assert [g.group for g in week.rates_period] == ["shouhua", "chengjian", "all"]
    period_all, ytd_all = week.rates_period[-1], week.rates_ytd[-1]
    assert [(x.numerator, x.denominator) for x in period_all.each()] == [(5, 7), (1, 3), (1, 3)]
    assert [(x.numerator, x.denominator) for x in ytd_all.each()] == [(7, 9), (3, 5), (3, 5)]
    assert week.ytd_since == date(2026, 1, 1)


def test_recurring_and_spikes(week: summary.Summary) -> None:
    assert [(r.item, r.building, r.place, r.count, r.numbers) for r in week.recurring] == [
        ("garbage", None, "垃圾站", 4, (1, 2, 3, 8)),
        ("stair_lighting", 1, None, 3, (5, 12, 13)),
    ]
    assert [(s.item, s.count, s.usual, s.periods, s.numbers) for s in week.spikes] == [
        ("stair_lighting", 3, 0.0, 2, (5, 12, 13))
    ]


def test_recurring_needs_one_in_the_period(conn: sqlite3.Connection) -> None:
    for day in ("01", "05", "09"):
        add_complaint(conn, f"2026-11-{day} 10:00:00", item="roof", building=2)
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2026-W47"), now=NOW)
    assert s.recurring == []
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2026-W46"), now=NOW)
    assert [r.numbers for r in s.recurring] == [(1, 2, 3)]


def test_spike_uses_the_mean_of_previous_periods(conn: sqlite3.Connection) -> None:
    # 8 previous weeks with 2 parking complaints each (usual 2.0); this week 5: 5 >= 2 + 3 -> flagged
    # and 4 would not be (4 < 2 + max(3, 2)).
    for week_no in range(39, 47):
        monday = date.fromisocalendar(2026, week_no, 1)
        for hour in ("09", "15"):
            add_complaint(
                conn,
                f"{monday.isoformat()} {hour}:00:00",
                item="parking",
                building=None,
                place="停车场",
            )
    for day in range(16, 21):
        add_complaint(conn, f"2026-11-{day} 09:00:00", item="parking", building=None, place="北门")
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2026-W47"), now=NOW)
    assert [(x.item, x.count, x.usual, x.periods) for x in s.spikes] == [("parking", 5, 2.0, 8)]
    conn.execute("DELETE FROM complaints WHERE id = (SELECT max(id) FROM complaints)")
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2026-W47"), now=NOW)
    assert s.spikes == []


def test_duty_and_handover(conn: sqlite3.Connection) -> None:
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2027-W07"), now=NOW)
    assert s.duty.at_start == "chengjian"
    assert [(h.on, h.company) for h in s.duty.handovers] == [(date(2027, 3, 1), "shouhua")]
    s = summary.build_summary(conn, model.load(conn), periods.month_period("2027-03"), now=NOW)
    assert (s.duty.at_start, s.duty.at_end) == ("shouhua", "shouhua")
    s = summary.build_summary(conn, model.load(conn), periods.month_period("2027-02"), now=NOW)
    assert (s.duty.at_start, s.duty.at_end) == ("chengjian", "chengjian")
    assert [h.on for h in s.duty.handovers] == [date(2027, 3, 1)]


def test_empty_and_before_first_complaint(conn: sqlite3.Connection) -> None:
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2026-W47"), now=NOW)
    assert s.nothing_happened and s.before_first_complaint and s.first_complaint is None
    fill_week_47(conn)
    s = summary.build_summary(conn, model.load(conn), periods.month_period("2022-10"), now=NOW)
    assert s.before_first_complaint and s.first_complaint == date(2026, 11, 2)
    assert s.backlog_total == 0 and s.rates_period[-1].response.denominator == 0


def test_reopened_after_the_period_counts_as_closed_then(conn: sqlite3.Connection) -> None:
    cid = add_complaint(
        conn,
        "2026-11-16 09:00:00",
        status="reopened",
        closed_at="2026-11-20 10:00:00",
        respond_by="2026-11-17 09:00:00",
        resolve_by="2026-11-18 09:00:00",
        responded_at="2026-11-16 10:00:00",
    )
    add_event(conn, cid, "reopen", "2026-11-25 09:00:00", before="closed", after="reopened")
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2026-W47"), now=NOW)
    assert s.backlog_total == 0 and s.overdue_total == 0
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2026-W48"), now=NOW)
    assert s.backlog == {"reopened": {"shouhua": 1}} and s.overdue_total == 1


def test_rates_use_outcomes_known_now(conn: sqlite3.Connection) -> None:
    # Received on the last day of W47, limit passed after the period's end but before now: a miss.
    add_complaint(
        conn,
        "2026-11-22 10:00:00",
        status="dispatched",
        dispatched_at="2026-11-22 10:05:00",
        respond_by="2026-11-24 10:00:00",
    )
    s = summary.build_summary(conn, model.load(conn), periods.week_period("2026-W47"), now=NOW)
    assert (s.rates_period[-1].response.numerator, s.rates_period[-1].response.denominator) == (
        0,
        1,
    )
    s = summary.build_summary(
        conn, model.load(conn), periods.week_period("2026-W47"), now=datetime(2026, 11, 23, 7, 30)
    )
    assert s.rates_period[-1].response.denominator == 0  # still within its limit on Monday morning


def test_overdue_list_is_limited_but_all_are_counted(conn: sqlite3.Connection) -> None:
    from liuliqiao_cli.render.summary_text import blocks, to_text

    fill_week_47(conn)
    data = model.load(conn)
    s = summary.build_summary(conn, data, periods.week_period("2026-W47"), now=NOW, overdue_limit=2)
    assert s.overdue_total == 4 and [o.number for o in s.overdue] == [4, 5]
    assert "另有 2 件逾期未列出" in to_text(blocks(s, data, "zh"))
