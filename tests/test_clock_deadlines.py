"""Working-day deadlines end to end (issue 15, item 1): the estate file's limits and [workdays],
deadlines across the 2026 National Day and the 2027 Spring Festival with their 调休 Saturdays,
the warning for a year nobody knows, db check, db recompute-deadlines, and bad estate files
refused at init with their line."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import dump
from hypothesis import given, settings
from hypothesis import strategies as st

from liuliqiao_cli.complaints.routing import deadlines
from liuliqiao_cli.estate import definition
from liuliqiao_cli.estate.model import Estate, Item, Limit
from liuliqiao_cli.estate.workdays import WorkCalendar

DEFAULT = definition.default_definition_text()
# An invented notice for 2027, for the test only (the State Council had not published it when
# this was written): Spring Festival off 2027-02-05 to 02-11, Saturday 02-13 worked.
NOTICE_2027 = """
[workdays]
off = ["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"]
worked = ["2027-02-13"]
years = [2027]
"""


def init(cli, tmp_path: Path, text: str = DEFAULT) -> None:
    estate = tmp_path / "estate.toml"
    estate.write_text(text, encoding="utf-8")
    r = cli("init", "--estate", str(estate))
    assert r.exit_code == 0, r.stderr


def add(cli, monkeypatch, when: str, *args: str):
    monkeypatch.setenv("LIULIQIAO_NOW", when)
    r = cli("add", *args, "-f", "json")
    assert r.exit_code == 0, r.stderr
    # Only the clock's own warnings: add's hint about what it recognised (issue 14) is not ours.
    warnings = [line for line in r.stderr.splitlines(True) if not line.startswith("识别有误可更正")]
    return json.loads(r.stdout), "".join(warnings)


def test_national_day_2026_is_skipped_and_its_saturday_counted(cli, tmp_path, monkeypatch):
    init(cli, tmp_path)
    # garbage: 24 hours to respond (round the clock), 2 working days to resolve
    got, warning = add(cli, monkeypatch, "2026-09-30 10:00:00", "北门垃圾站满了", "-i", "garbage")
    assert (got["respond_by"], got["resolve_by"]) == ("2026-10-01 10:00:00", "2026-10-09 10:00:00")
    assert warning == ""
    # public_facilities: 5 working days: 10-08, 10-09, Saturday 10-10 (worked), 10-12, 10-13
    got, _ = add(cli, monkeypatch, "2026-09-30 10:00:00", "北门路灯不亮", "-i", "public_facilities")
    assert got["resolve_by"] == "2026-10-13 10:00:00"
    # received on a holiday: counted from the next working day's start (10-08 00:00)
    got, _ = add(cli, monkeypatch, "2026-10-03 15:00:00", "北门垃圾站满了", "-i", "garbage")
    assert got["resolve_by"] == "2026-10-10 00:00:00"


def test_a_year_nobody_knows_warns_at_add_and_in_db_check(cli, tmp_path, monkeypatch):
    init(cli, tmp_path)
    got, warning = add(cli, monkeypatch, "2027-02-04 10:00:00", "北门垃圾站满了", "-i", "garbage")
    assert got["resolve_by"] == "2027-02-08 10:00:00"  # Monday to Friday: a guess
    assert warning.startswith("提示：2027 年的法定节假日安排尚未知")
    assert "liuliqiao db recompute-deadlines" in warning
    check = cli("db", "check", "-f", "json")
    assert check.exit_code == 0  # a warning, not a fault
    row = next(r for r in json.loads(check.stdout) if r["check"] == "deadlines")
    assert row["ok"] and "2027" in row["detail"] and row["problems"] == "2027: 1"


def test_the_office_types_in_2027_and_the_spring_festival_is_skipped(cli, tmp_path, monkeypatch):
    init(cli, tmp_path, DEFAULT + NOTICE_2027)
    # Thursday 02-04: Friday 02-05 to Thursday 02-11 off, Friday 02-12 (1), Saturday 02-13 (2)
    got, warning = add(cli, monkeypatch, "2027-02-04 10:00:00", "北门垃圾站满了", "-i", "garbage")
    assert got["resolve_by"] == "2027-02-13 10:00:00"
    assert warning == ""
    check = json.loads(cli("db", "check", "-f", "json").stdout)
    assert next(r for r in check if r["check"] == "deadlines")["problems"] == ""


def test_limits_in_the_estate_file_and_the_estate_command(cli, tmp_path, monkeypatch):
    text = DEFAULT.replace(
        'code = "garbage"\nname = "垃圾桶站"\nname_en = "Garbage station"\nscope = "joint"\n'
        "respond_hours = 24\nurgent_respond_hours = 2\nresolve_workdays = 2",
        'code = "garbage"\nname = "垃圾桶站"\nname_en = "Garbage station"\nscope = "joint"\n'
        "respond_workdays = 1\nurgent_respond_hours = 2\nresolve_days = 3\n"
        "urgent_resolve_hours = 12",
    )
    assert text != DEFAULT
    init(cli, tmp_path, text)
    got, _ = add(cli, monkeypatch, "2026-11-27 10:00:00", "北门垃圾站满了", "-i", "garbage")
    # 1 working day from Friday: Monday; 3 calendar days: Monday too
    assert (got["respond_by"], got["resolve_by"]) == ("2026-11-30 10:00:00", "2026-11-30 10:00:00")
    urgent, _ = add(
        cli, monkeypatch, "2026-11-27 10:00:00", "北门垃圾站满了", "-i", "garbage", "--urgent"
    )
    assert (urgent["respond_by"], urgent["resolve_by"]) == (
        "2026-11-27 12:00:00",
        "2026-11-27 22:00:00",
    )
    shown = json.loads(cli("estate", "-f", "json").stdout)
    garbage = next(i for i in shown["items"] if i["code"] == "garbage")
    assert garbage["limits"] == {
        "respond": {"amount": 1, "unit": "workdays"},
        "urgent_respond": {"amount": 2, "unit": "hours"},
        "resolve": {"amount": 3, "unit": "days"},
        "urgent_resolve": {"amount": 12, "unit": "hours"},
    }
    table = cli("estate").stdout
    assert "1 个工作日（紧急 2 小时）" in table and "3 天（紧急 12 小时）" in table


@pytest.mark.parametrize(
    ("appended", "key", "needle"),
    [
        ('[workdays]\noff = ["2027-02-30"]\n', "workdays.bad_date", '"2027-02-30"'),
        (
            '[workdays]\noff = ["2027-02-13"]\nworked = ["2027-02-13"]\n',
            "workdays.off_and_worked",
            'worked = ["2027-02-13"]',
        ),
        ("[workdays]\nyears = [2027]\n", "workdays.year_without_days", "years = [2027]"),
        ('[workdays]\nclosed = ["2027-01-04"]\n', "workdays.unknown_key", "closed"),
    ],
)
def test_a_bad_holiday_list_is_refused_at_init_with_its_line(
    cli, tmp_path, isolated, appended, key, needle
) -> None:
    text = DEFAULT + "\n" + appended
    estate = tmp_path / "estate.toml"
    estate.write_text(text, encoding="utf-8")
    r = cli("init", "--estate", str(estate))
    assert r.exit_code == 1 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    with pytest.raises(Exception) as err:
        definition.load_definition(text, source="estate.toml")
    assert err.value.key == key  # type: ignore[attr-defined]
    line = err.value.params["line"]  # type: ignore[attr-defined]
    assert needle in text.splitlines()[line - 1]
    assert f"第 {line} 行" in lines[0]
    assert not isolated.exists()  # nothing written


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("resolve_workdays = 2", "resolve_workdays = 0", "estate.bad_limit"),
        ("resolve_workdays = 2", "resolve_workdays = 300", "estate.bad_limit"),
        ("resolve_workdays = 2", 'resolve_workdays = "2"', "estate.bad_limit"),
        ("resolve_workdays = 2", "resolve_workdays = 2\nresolve_days = 2", "estate.limit_twice"),
    ],
)
def test_bad_limits_are_refused_at_init(cli, tmp_path, isolated, old, new, key) -> None:
    text = DEFAULT.replace(old, new, 1)
    with pytest.raises(Exception) as err:
        definition.load_definition(text)
    assert err.value.key == key  # type: ignore[attr-defined]
    line = err.value.params["line"]  # type: ignore[attr-defined]
    assert new.splitlines()[-1].split(" =")[0] in text.splitlines()[line - 1]
    estate = tmp_path / "estate.toml"
    estate.write_text(text, encoding="utf-8")
    r = cli("init", "--estate", str(estate))
    assert r.exit_code == 1 and len(r.stderr.strip().splitlines()) == 1
    assert not isolated.exists()


def test_recorded_deadlines_stay_until_recomputed_with_an_event_each(cli, db, monkeypatch):
    got, _ = add(cli, monkeypatch, "2026-11-27 10:00:00", "北门垃圾站满了", "-i", "garbage")
    closed, _ = add(
        cli, monkeypatch, "2026-11-27 10:00:00", "北门路灯不亮", "-i", "public_facilities"
    )
    assert cli("reject", str(closed["id"]), "--reason", "重复").exit_code == 0
    assert got["resolve_by"] == "2026-12-01 10:00:00"  # 2 working days from Friday
    c = sqlite3.connect(db)  # the limits change (6 calendar days)
    c.execute("UPDATE item_limits SET amount = 6, unit = 'days' WHERE step = 'resolve'")
    c.commit()
    c.close()
    shown = json.loads(cli("show", str(got["id"]), "-f", "json").stdout)
    assert shown["resolve_by"] == "2026-12-01 10:00:00"  # as recorded
    before = dump(db)
    dry = cli("db", "recompute-deadlines", "--dry-run", "-f", "json")
    assert dry.exit_code == 0 and dump(db) == before
    assert "试算：1 条" in dry.stderr
    # the rejected complaint is not open: its deadlines stay
    assert json.loads(dry.stdout) == [
        {
            "id": got["id"],
            "respond_by_before": "2026-11-28 10:00:00",
            "respond_by": "2026-11-28 10:00:00",
            "resolve_by_before": "2026-12-01 10:00:00",
            "resolve_by": "2026-12-03 10:00:00",
        }
    ]
    r = cli("db", "recompute-deadlines")
    assert r.exit_code == 0 and "已重算 1 条" in r.stderr
    shown = json.loads(cli("show", str(got["id"]), "-f", "json").stdout)
    assert shown["resolve_by"] == "2026-12-03 10:00:00"
    events = [e for e in shown["events"] if e["kind"] == "deadline"]
    assert len(events) == 1
    assert events[0]["data"]["before"]["resolve_by"] == "2026-12-01 10:00:00"
    assert events[0]["data"]["after"]["resolve_by"] == "2026-12-03 10:00:00"
    assert "已重算 0 条" in cli("db", "recompute-deadlines").stderr  # nothing left to change
    assert cli("undo", "--yes").exit_code == 0  # undo takes a recomputation back
    shown = json.loads(cli("show", str(got["id"]), "-f", "json").stdout)
    assert shown["resolve_by"] == "2026-12-01 10:00:00"
    check = cli("db", "check")
    assert check.exit_code == 0, check.stdout  # the running totals followed every change


# --- property: any receipt, any limit ----------------------------------------------------------

moments = st.datetimes(min_value=datetime(2004, 1, 1), max_value=datetime(2026, 11, 30))


@settings(max_examples=200, deadline=None)
@given(moments, st.integers(1, 30), st.booleans())
def test_a_working_day_deadline_is_a_working_day_never_before_the_calendar_one(
    received: datetime, n: int, urgent: bool
) -> None:
    item = Item(
        "x",
        "x",
        "x",
        "joint",
        24,
        2,
        n,
        limits=(
            ("respond", Limit(24, "hours")),
            ("urgent_respond", Limit(2, "hours")),
            ("resolve", Limit(n, "workdays")),
            ("urgent_resolve", Limit(n, "workdays")),
        ),
    )
    estate = Estate({}, items={"x": item})
    got = deadlines(estate, "x", received, urgent)
    assert WorkCalendar().is_workday(got.resolve_by.date())
    assert got.resolve_by >= received + timedelta(days=n)
    # every year up to 2026 is in the library; a deadline counted into 2027 (received late in
    # November 2026, a long limit) falls in a year nobody has published yet, and says so
    assert got.unknown_years == (() if got.resolve_by.year <= 2026 else (2027,))


def test_db_workdays_types_a_notice_into_an_existing_ledger(cli, db, monkeypatch, tmp_path):
    got, warning = add(cli, monkeypatch, "2027-02-04 10:00:00", "北门垃圾站满了", "-i", "garbage")
    assert got["resolve_by"] == "2027-02-08 10:00:00" and "2027" in warning
    notice = tmp_path / "notice.toml"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    r = cli("db", "workdays", str(notice))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[0] == (
        "办公日历：休息日 6 天，调休上班 1 天，已录入全年安排的年份：2027"
    )
    assert "db recompute-deadlines" in r.stderr
    assert cli("db", "workdays").stdout == r.stdout  # shown as stored
    assert json.loads(cli("show", str(got["id"]), "-f", "json").stdout)["resolve_by"] == (
        "2027-02-08 10:00:00"  # recorded deadlines stay
    )
    assert cli("db", "recompute-deadlines").exit_code == 0
    shown = json.loads(cli("show", str(got["id"]), "-f", "json").stdout)
    assert shown["resolve_by"] == "2027-02-13 10:00:00"
    check = json.loads(cli("db", "check", "-f", "json").stdout)
    assert next(x for x in check if x["check"] == "deadlines")["problems"] == ""


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[workdays]\noff = ["2027-02-30"]\n', "第 2 行"),
        ('[workdays]\noff = ["2027-02-13"]\nworked = ["2027-02-13"]\n', "第 3 行"),
        ("[estate]\nname = 'x'\n", "没有 [workdays] 表"),
        ("[workdays\n", "estate.toml"),
    ],
)
def test_db_workdays_bad_input(cli, db, tmp_path, text, needle):
    bad = tmp_path / "estate.toml"
    bad.write_text(text, encoding="utf-8")
    before = dump(db)
    r = cli("db", "workdays", str(bad))
    assert r.exit_code == 1 and r.stdout == "" and len(r.stderr.strip().splitlines()) == 1
    assert needle in r.stderr
    missing = cli("db", "workdays", str(tmp_path / "none.toml"))
    assert missing.exit_code != 0 and len(missing.stderr.strip().splitlines()) == 1
    assert dump(db) == before
