"""Issue 15, item 5 as a user sees it on the sample: ``duty``'s next change, its JSON, the .ics and
``duty handover`` all read the effective duty (overrides included), and say it in words that are
true."""

from __future__ import annotations

import json

from conftest import dump


def lines(cli, *args: str) -> list[str]:
    r = cli(*args)
    assert r.exit_code == 0, r.stderr
    return r.stdout.splitlines()


def test_an_override_is_the_next_change_and_so_is_its_end(cli, sample_db) -> None:
    r = cli("duty", "override", "2026-12-10", "2026-12-20", "首华", "--reason", "调班")
    assert r.exit_code == 0, r.stderr
    assert lines(cli, "duty", "2026-12-03")[2] == (
        "下次交接：2026-12-10（7 天后），调班 #4 开始，由 首华物业 当值"
    )
    during = lines(cli, "duty", "2026-12-15")
    assert during[2] == "下次交接：2026-12-21（6 天后），调班 #4 结束，交回 城建物业"
    assert during[-1] == "按轮换本应由 城建物业 当值"
    data = json.loads(cli("duty", "2026-12-15", "-f", "json").stdout)
    assert data["next_handover"] == {
        "date": "2026-12-21",
        "company": {"code": "chengjian", "name": "城建物业"},
        "outgoing": {"code": "shouhua", "name": "首华物业"},
        "days": 6,
        "cause": "override_end",
        "override_id": 4,
    }


def test_an_override_keeping_the_same_company_says_so(cli, sample_db) -> None:
    assert lines(cli, "duty", "2026-02-28") == [
        "2026-02-28 当值：首华物业",
        "当值年度：2025-03-01 – 2026-02-28",
        "下次交接：2026-03-09（9 天后），调班 #3 结束，交回 城建物业",
        "依据：调班 #3（2026-02-23 – 2026-03-08）：交接过渡：首华物业延续当值至3月8日，"
        "城建物业完成垃圾站交接准备后接手",
        "调班由会议 #88 商定",
        "按轮换规则当天同样由 首华物业 当值",
    ]


def test_the_last_day_of_the_calendar_is_not_a_one_company_rotation(cli, sample_db) -> None:
    assert lines(cli, "duty", "9999-12-31")[2] == "下次交接：无从得知（日期只算到 9999-12-31）"
    assert lines(cli, "--lang", "en", "duty", "9999-12-31")[2] == (
        "Next handover: not known (dates end on 9999-12-31)"
    )


def test_ics_has_the_real_change_and_cancels_the_moved_handover(cli, sample_db) -> None:
    from icalendar import Calendar

    r = cli("duty", "ics", "--from", "2025-06-01", "--years", "1")
    assert r.exit_code == 0, r.stderr
    events = [
        (e.decoded("DTSTART").isoformat(), str(e["SUMMARY"]), str(e.get("STATUS", "")))
        for e in Calendar.from_ical(r.stdout.encode()).walk("VEVENT")
        if str(e["UID"]).startswith(("handover-", "change-"))
    ]
    assert sorted(events) == [
        ("2025-03-01", "交接日：城建物业 → 首华物业", ""),
        ("2026-03-01", "已取消：交接日 首华物业 → 城建物业（调班改变了交接日）", "CANCELLED"),
        ("2026-03-09", "交接日：首华物业 → 城建物业", ""),
    ]


def test_handover_names_the_change_on_or_near_the_date(cli, sample_db) -> None:
    assert cli("duty").exit_code == 0  # any command brings the ledger's schema up to date
    before = dump(sample_db)
    r = cli("duty", "handover", "--date", "2026-03-09", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.startswith("2026-03-09 交接：首华物业 → 城建物业")
    r = cli("duty", "handover", "--date", "2024-07-20", "-f", "json")
    assert r.stderr.startswith("2024-08-01 交接：首华物业 → 城建物业")
    assert dump(sample_db) == before
