"""The three rates on hand-computed cases, including empty denominators and the settings."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from test_summary_helpers import add_complaint, fill_week_47

from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.reports import rates
from liuliqiao_cli.store.ledger import set_setting

NOW = datetime(2026, 11, 27, 10, 0, 0)
DAY = date(2026, 11, 16)


def _dispatched(conn: sqlite3.Connection, responded: str | None, respond_by: str, **kw) -> int:
    return add_complaint(
        conn,
        "2026-11-16 09:00:00",
        dispatched_at="2026-11-16 09:05:00",
        responded_at=responded,
        respond_by=respond_by,
        status="dispatched",
        **kw,
    )


def test_response_rate_hand_computed(conn: sqlite3.Connection) -> None:
    _dispatched(conn, "2026-11-16 10:00:00", "2026-11-17 09:00:00")  # in time: 1/1
    _dispatched(conn, "2026-11-17 09:00:00", "2026-11-17 09:00:00")  # exactly at the limit: in time
    _dispatched(conn, "2026-11-18 09:00:00", "2026-11-17 09:00:00")  # late: denominator only
    # never responded, limit passed: denominator only
    _dispatched(conn, None, "2026-11-17 09:00:00")
    # not responded, limit still ahead: pending, left out
    _dispatched(conn, None, "2026-11-28 09:00:00")
    # resolved without a separate response: counts as responded
    add_complaint(
        conn,
        "2026-11-16 09:00:00",
        dispatched_at="2026-11-16 09:05:00",
        resolved_at="2026-11-16 12:00:00",
        respond_by="2026-11-17 09:00:00",
        status="resolved",
    )
    add_complaint(conn, "2026-11-16 09:00:00", respond_by="2026-11-17 09:00:00")  # never dispatched
    _dispatched(conn, "2026-11-16 10:00:00", "2026-11-17 09:00:00", source="patrol")  # proactive
    _dispatched(conn, "2026-11-16 10:00:00", "2026-11-17 09:00:00", source="visit")  # proactive
    # duplicate: left out
    add_complaint(
        conn,
        "2026-11-16 09:00:00",
        status="duplicate",
        dispatched_at="2026-11-16 09:05:00",
        respond_by="2026-11-17 09:00:00",
    )
    # received after the period
    add_complaint(
        conn,
        "2026-11-23 09:00:00",
        dispatched_at="2026-11-23 09:05:00",
        respond_by="2026-11-24 09:00:00",
    )
    got = rates.total(conn, DAY, date(2026, 11, 22), now=NOW).response
    assert (got.numerator, got.denominator) == (3, 5)
    assert got.rate == pytest.approx(0.6)
    assert got.small is False  # 5 is enough


def test_pending_depends_on_now(conn: sqlite3.Connection) -> None:
    _dispatched(conn, None, "2026-11-17 09:00:00")
    before = rates.total(conn, DAY, DAY, now=datetime(2026, 11, 16, 20, 0)).response
    after = rates.total(conn, DAY, DAY, now=datetime(2026, 11, 17, 9, 0, 1)).response
    assert (before.numerator, before.denominator) == (0, 0)
    assert (after.numerator, after.denominator) == (0, 1)


def _followed_up(
    conn: sqlite3.Connection, resolved: str | None, satisfied: str | None, **kw
) -> None:
    add_complaint(
        conn,
        "2026-11-18 09:00:00",
        status="closed",
        followup_resolved=resolved,
        followup_satisfied=satisfied,
        **kw,
    )


@pytest.fixture
def followups(conn: sqlite3.Connection) -> sqlite3.Connection:
    _followed_up(conn, "yes", "yes")
    _followed_up(conn, "yes", "basic")
    _followed_up(conn, "partly", "basic")
    _followed_up(conn, "no", "no")
    _followed_up(conn, "yes", None)  # satisfaction not answered
    _followed_up(conn, None, None)  # no follow-up yet: on neither side
    _followed_up(conn, "no", "no", source="patrol")  # proactive: left out
    return conn


def test_resolution_and_satisfaction_default(followups: sqlite3.Connection) -> None:
    got = rates.total(followups, DAY, date(2026, 11, 22), now=NOW)
    assert (got.resolution.numerator, got.resolution.denominator) == (3, 5)
    assert (got.satisfaction.numerator, got.satisfaction.denominator) == (3, 4)  # basic counts
    assert got.satisfaction.small is True


def test_settings_change_the_definitions(followups: sqlite3.Connection) -> None:
    set_setting(followups, "rates.satisfied_counts_basic", "0")
    set_setting(followups, "rates.resolved_counts_partly", "1")
    set_setting(followups, "rates.include_proactive", "1")
    set_setting(followups, "rates.small_sample", "3")
    got = rates.total(followups, DAY, date(2026, 11, 22), now=NOW)
    assert (got.resolution.numerator, got.resolution.denominator) == (4, 6)
    assert (got.satisfaction.numerator, got.satisfaction.denominator) == (1, 5)
    assert got.satisfaction.small is False
    assert "否" in rates.explain("zh", rates.load_settings(followups))


def test_empty_denominators(conn: sqlite3.Connection) -> None:
    got = rates.total(conn, DAY, date(2026, 11, 22), now=NOW)
    for rate in got.each():
        assert (rate.numerator, rate.denominator, rate.rate, rate.small) == (0, 0, None, True)
        assert rate.as_dict() == {
            "numerator": 0,
            "denominator": 0,
            "rate": None,
            "small_sample": True,
        }
    assert rates.rates(conn, DAY, date(2026, 11, 22), "company", now=NOW) == []


def test_small_sample_threshold() -> None:
    assert rates.Rate("response", 4, 4).small is True
    assert rates.Rate("response", 0, 5).small is False
    assert rates.Rate("response", 0, 5).rate == 0.0


def test_groups_on_the_week_47_ledger(conn: sqlite3.Connection) -> None:
    fill_week_47(conn)
    until = date(2026, 11, 22)
    by_company = rates.rates(conn, DAY, until, "company", now=NOW)
    assert [g.group for g in by_company] == ["shouhua", "chengjian"]  # the estate's order
    assert [(g.response.numerator, g.response.denominator) for g in by_company] == [(3, 4), (2, 3)]
    total = rates.combine(by_company)
    assert (total.response.numerator, total.response.denominator) == (5, 7)
    assert total == rates.total(conn, DAY, until, now=NOW)
    by_building = rates.rates(conn, DAY, until, "building", now=NOW)
    assert [g.group for g in by_building] == ["1", "2", "3", "4", "public"]
    by_month = rates.rates(conn, date(2026, 1, 1), until, "month", now=NOW)
    assert [g.group for g in by_month] == ["2026-11"]
    assert (by_month[0].satisfaction.numerator, by_month[0].satisfaction.denominator) == (3, 5)
    by_item = rates.rates(conn, DAY, until, "item", now=NOW)
    assert [g.group for g in by_item][:2] == ["garbage", "stair_lighting"]


def test_unknown_grouping(conn: sqlite3.Connection) -> None:
    with pytest.raises(UsageError) as caught:
        rates.rates(conn, DAY, DAY, "resident", now=NOW)
    assert caught.value.key == "rates.bad_by"


def test_until_before_since(conn: sqlite3.Connection) -> None:
    with pytest.raises(UsageError) as caught:
        rates.rates(conn, DAY, date(2026, 11, 1), "company", now=NOW)
    assert caught.value.key == "dates.range"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_names_every_setting(lang: str) -> None:
    text = rates.explain(lang)
    for key in (
        "rates.satisfied_counts_basic",
        "rates.resolved_counts_partly",
        "rates.include_proactive",
        "rates.small_sample",
    ):
        assert key in text
