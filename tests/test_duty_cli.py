"""`liuliqiao duty ...` as a user runs it: answers, listings, changes, bad input, start-up."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import dump


def rows(path: Path, sql: str, *args) -> list[tuple]:
    c = sqlite3.connect(path)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


def add_meeting(path: Path) -> int:
    c = sqlite3.connect(path)
    try:
        cur = c.execute(
            "INSERT INTO meetings (uuid, kind, date, created_at, updated_at) VALUES"
            " ('m-1', 'joint', '2026-06-20', '2026-06-20 19:00:00', '2026-06-20 19:00:00')"
        )
        c.commit()
        return int(cur.lastrowid)
    finally:
        c.close()


def one_error_line(result, code: int) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


# --- who is on duty ------------------------------------------------------------------------------


def test_duty_today_plain_lines(cli, db) -> None:
    r = cli("duty")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "2026-11-27 当值：城建物业",
        "当值年度：2026-03-01 – 2027-02-28",
        "下次交接：2027-03-01（94 天后），交给 首华物业",
        "依据：轮换规则（第 1 版：自 2023-03-01 起，每年 03-01 交接，顺序 首华物业 → 城建物业）",
    ]


def test_duty_in_english(cli, db) -> None:
    r = cli("--lang", "en", "duty", "2025-02-28")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[:3] == [
        "On duty on 2025-02-28: Chengjian Property",
        "Duty year: 2024-03-01 – 2025-02-28",
        "Next handover: 2025-03-01 (in 1 day), to Shouhua Property",
    ]
    assert r.stdout.splitlines()[3].startswith("Source: rotation (version 1")


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("2025年2月28日", "2025-02-28 当值：城建物业"),
        ("2025/03/01", "2025-03-01 当值：首华物业"),
        ("昨天", "2026-11-26 当值：城建物业"),
        ("yesterday", "2026-11-26 当值：城建物业"),
        ("2076-03-01", "2076-03-01 当值：城建物业"),
    ],
)
def test_duty_any_date_form(cli, db, typed: str, expected: str) -> None:
    r = cli("duty", typed)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[0] == expected


def test_date_may_follow_options_or_precede_them(cli, db) -> None:
    a = cli("duty", "--format", "json", "2025-02-28")
    b = cli("duty", "2025-02-28", "--format", "json")
    c = cli("duty", "--date", "2025-02-28", "-f", "json")
    assert a.exit_code == b.exit_code == c.exit_code == 0
    assert json.loads(a.stdout) == json.loads(b.stdout) == json.loads(c.stdout)


def test_duty_json(cli, db) -> None:
    r = cli("duty", "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["date"] == "2026-11-27"
    assert data["company"] == {"code": "chengjian", "name": "城建物业"}
    assert data["period"] == {"start": "2026-03-01", "end": "2027-02-28"}
    assert data["next_handover"] == {
        "date": "2027-03-01",
        "company": {"code": "shouhua", "name": "首华物业"},
        "outgoing": {"code": "chengjian", "name": "城建物业"},
        "days": 94,
        "cause": "rotation",
        "override_id": None,
    }
    assert data["source"]["kind"] == "rotation" and data["source"]["id"] == 1
    assert data["source"]["order"] == ["shouhua", "chengjian"]
    assert data["overlap"] == []


def test_duty_csv(cli, db) -> None:
    r = cli("duty", "2024-03-01", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert (row["date"], row["company"], row["next_handover"], row["days_to_handover"]) == (
        "2024-03-01",
        "chengjian",
        "2025-03-01",
        "365",
    )


def test_duty_names_override_and_overlap(cli, db) -> None:
    meeting = add_meeting(db)
    assert (
        cli(
            "duty",
            "override",
            "2026-07-01",
            "2026-07-31",
            "首华",
            "--reason",
            "城建人员调整期间",
            "--meeting",
            str(meeting),
        ).exit_code
        == 0
    )
    assert (
        cli(
            "duty", "override", "2026-07-10", "2026-07-12", "chengjian", "--reason", "临时"
        ).exit_code
        == 0
    )
    r = cli("duty", "2026-07-05")
    assert r.stdout.splitlines()[0] == "2026-07-05 当值：首华物业"
    assert "调班 #1（2026-07-01 – 2026-07-31）：城建人员调整期间" in r.stdout
    assert f"会议 #{meeting}" in r.stdout and "按轮换本应由 城建物业 当值" in r.stdout
    data = json.loads(cli("duty", "2026-07-11", "--format", "json").stdout)
    assert data["company"]["code"] == "chengjian"
    assert data["source"]["kind"] == "override" and data["source"]["id"] == 2
    assert [o["id"] for o in data["overlap"]] == [1]
    assert "另有有效调班 #1 重叠" in cli("duty", "2026-07-11").stdout


def test_duty_before_any_rotation_is_an_error(cli, db) -> None:
    before = dump(db)
    line = one_error_line(cli("duty", "2020-01-01"), 1)
    assert "2020-01-01" in line and "轮换" in line
    assert dump(db) == before


@pytest.mark.parametrize("typed", ["2026-02-30", "2026-13-01", "garbage", "2026-1-1x"])
def test_duty_bad_date(cli, db, typed: str) -> None:
    before = dump(db)
    line = one_error_line(cli("duty", typed), 2)
    assert typed in line
    assert dump(db) == before


def test_duty_without_ledger_says_where_it_looked(cli, isolated) -> None:
    line = one_error_line(cli("duty"), 1)
    assert str(isolated) in line
    assert not isolated.exists()


def test_bare_duty_loads_no_heavy_module(db) -> None:
    code = (
        "import sys\nfrom liuliqiao_cli.cli import app\n"
        "try:\n    app(['duty'])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
        "heavy = [m for m in ('rich', 'sqlite_utils', 'dateutil', 'icalendar', 'docx', 'openpyxl')"
        " if m in sys.modules]\nprint('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ}, check=True
    ).stdout
    assert "HEAVY []" in out and "城建物业" in out


# --- calendar ---------------------------------------------------------------------------------------


def test_calendar_table_and_json(cli, db) -> None:
    cli("duty", "override", "2026-07-01", "2026-07-31", "shouhua", "--reason", "人员调整")
    r = cli("duty", "calendar", "--from", "2023-01-01", "--to", "2028-12-31")
    assert r.exit_code == 0, r.stderr
    assert "无轮换" in r.stdout and "调班" in r.stdout and "人员调整" in r.stdout
    data = json.loads(
        cli(
            "duty", "calendar", "--from", "2023-01-01", "--to", "2028-12-31", "--format", "json"
        ).stdout
    )
    assert [(d["start"], d["end"], d["company"], d["source"]) for d in data] == [
        ("2023-01-01", "2023-02-28", None, "none"),
        ("2023-03-01", "2024-02-29", "shouhua", "rotation"),
        ("2024-03-01", "2025-02-28", "chengjian", "rotation"),
        ("2025-03-01", "2026-02-28", "shouhua", "rotation"),
        ("2026-03-01", "2026-06-30", "chengjian", "rotation"),
        ("2026-07-01", "2026-07-31", "shouhua", "override"),
        ("2026-08-01", "2027-02-28", "chengjian", "rotation"),
        ("2027-03-01", "2028-02-29", "shouhua", "rotation"),
        ("2028-03-01", "2028-12-31", "chengjian", "rotation"),
    ]
    assert data[5]["source_id"] == 1 and data[5]["reason"] == "人员调整"
    got = list(
        csv.DictReader(
            io.StringIO(
                cli(
                    "duty", "calendar", "--from", "2023-03-01", "--to", "2123-02-28", "-f", "csv"
                ).stdout
            )
        )
    )
    assert len(got) == 102 and set(got[0]) == set(data[0])  # 100 duty years, one split by #1


def test_calendar_bad_range(cli, db) -> None:
    before = dump(db)
    one_error_line(cli("duty", "calendar", "--from", "2027-01-01", "--to", "2026-01-01"), 2)
    one_error_line(cli("duty", "calendar", "--from", "2027-02-29"), 2)
    assert dump(db) == before


# --- overrides and revocation ------------------------------------------------------------------------


def test_override_is_recorded_with_an_event(cli, db) -> None:
    meeting = add_meeting(db)
    r = cli(
        "duty",
        "override",
        "2026-07-01",
        "2026-07-31",
        "shouhua",
        "--reason",
        "城建物业人员调整期间",
        "--meeting",
        str(meeting),
    )
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == "已登记调班 #1：2026-07-01 – 2026-07-31 由 首华物业 当值"
    (row,) = rows(
        db,
        "SELECT start_date, end_date, company, reason, meeting_id, revoked_at FROM duty_overrides",
    )
    assert row == ("2026-07-01", "2026-07-31", "shouhua", "城建物业人员调整期间", meeting, None)
    (ev,) = rows(db, "SELECT kind, subject, subject_id, complaint_id, actor, at, data FROM events")
    assert ev[:6] == ("create", "override", 1, None, "测试员", "2026-11-27 10:00:00")
    assert json.loads(ev[6])["company"] == "shouhua"


def test_override_crossing_a_handover_and_overlapping_is_noted(cli, db) -> None:
    cli("duty", "override", "2027-02-01", "2027-02-20", "shouhua", "--reason", "a")
    r = cli("duty", "override", "2027-02-15", "2027-03-10", "chengjian", "--reason", "过渡")
    assert r.exit_code == 0
    assert "2027-03-01" in r.stderr and "#1" in r.stderr


def test_overrides_list_includes_revoked(cli, db) -> None:
    cli("duty", "override", "2026-07-01", "2026-07-31", "shouhua", "--reason", "一")
    cli("duty", "override", "2026-08-01", "2026-08-05", "shouhua", "--reason", "二")
    r = cli("duty", "revoke", "1", "--reason", "人员已到位")
    assert r.exit_code == 0 and r.stdout.strip() == "已撤销调班 #1（记录保留）"
    data = json.loads(cli("duty", "overrides", "--format", "json").stdout)
    assert [(d["id"], d["status"], d["revoke_reason"]) for d in data] == [
        (1, "revoked", "人员已到位"),
        (2, "active", None),
    ]
    assert data[0]["revoked_at"] == "2026-11-27 10:00:00"
    table = cli("duty", "overrides").stdout
    assert "已撤销" in table and "有效" in table
    # revoked: the day is the rotation's again, and the record stays
    assert (
        json.loads(cli("duty", "2026-07-15", "-f", "json").stdout)["source"]["kind"] == "rotation"
    )
    assert rows(db, "SELECT count(*) FROM duty_overrides") == [(2,)]
    assert rows(db, "SELECT kind, subject, subject_id FROM events ORDER BY id") == [
        ("create", "override", 1),
        ("create", "override", 2),
        ("revoke", "override", 1),
    ]


def test_overrides_empty(cli, db) -> None:
    r = cli("duty", "overrides", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []


@pytest.mark.parametrize(
    "args,code,needle",
    [
        (
            ["2026-07-31", "2026-07-01", "shouhua", "--reason", "x"],
            2,
            "2026-07-01",
        ),  # end before start
        (["2026-07-01", "2026-07-31", "wanke", "--reason", "x"], 2, "wanke"),  # unknown company
        (
            ["2026-07-01", "2026-07-31", "shouhau", "--reason", "x"],
            2,
            "shouhua",
        ),  # typo: suggestion
        (
            ["2026-02-30", "2026-07-31", "shouhua", "--reason", "x"],
            2,
            "2026-02-30",
        ),  # impossible date
        (["2026-07-01", "someday", "shouhua", "--reason", "x"], 2, "someday"),  # malformed date
        (["2026-07-01", "2026-07-31", "shouhua"], 2, "--reason"),  # no reason
        (["2026-07-01", "2026-07-31", "shouhua", "--reason", "  "], 2, "--reason"),  # blank reason
        (["2026-07-01", "2026-07-31", "shouhua", "--reason", "x", "--meeting", "99"], 1, "99"),
        (["2026-07-01", "2026-07-31", "shouhua", "--reason", "x", "--meeting", "abc"], 2, "abc"),
        (
            ["2020-07-01", "2020-07-31", "shouhua", "--reason", "x"],
            1,
            "2020-07-01",
        ),  # before the rotation
        (["2026-07-01"], 2, ""),  # missing arguments
    ],
)
def test_override_bad_input(cli, db, args, code, needle) -> None:
    before = dump(db)
    line = one_error_line(cli("duty", "override", *args), code)
    assert needle in line
    assert dump(db) == before


@pytest.mark.parametrize(
    "args,code,needle",
    [
        (["9", "--reason", "x"], 1, "9"),  # unknown
        (["1", "--reason", "again"], 1, "#1"),  # already revoked
        (["1"], 2, "--reason"),  # no reason
        (["one", "--reason", "x"], 2, "one"),
    ],
)
def test_revoke_bad_input(cli, db, args, code, needle) -> None:
    cli("duty", "override", "2026-07-01", "2026-07-31", "shouhua", "--reason", "x")
    if args[0] == "1" and len(args) > 1:
        assert cli("duty", "revoke", "1", "--reason", "first").exit_code == 0
    before = dump(db)
    line = one_error_line(cli("duty", "revoke", *args), code)
    assert needle in line
    assert dump(db) == before


# --- new rotation versions ---------------------------------------------------------------------------


def test_set_adds_a_version_and_keeps_the_past(cli, db) -> None:
    past = cli(
        "duty", "calendar", "--from", "2023-03-01", "--to", "2027-08-31", "-f", "json"
    ).stdout
    r = cli(
        "duty",
        "set",
        "--handover",
        "09-01",
        "--order",
        "城建,首华物业",
        "--from",
        "2027-09-01",
        "--reason",
        "联席会决定改为9月交接",
    )
    assert r.exit_code == 0, r.stderr
    assert "第 2 版" in r.stdout and "城建物业 → 首华物业" in r.stdout
    assert (
        cli("duty", "calendar", "--from", "2023-03-01", "--to", "2027-08-31", "-f", "json").stdout
        == past
    )
    assert cli("duty", "2027-09-01").stdout.splitlines()[0] == "2027-09-01 当值：城建物业"
    assert rows(
        db,
        "SELECT effective_from, handover_month, handover_day, company_order, reason"
        " FROM rotation_versions ORDER BY id",
    ) == [
        ("2023-03-01", 3, 1, '["shouhua", "chengjian"]', "estate definition"),
        ("2027-09-01", 9, 1, '["chengjian", "shouhua"]', "联席会决定改为9月交接"),
    ]
    (ev,) = rows(db, "SELECT kind, subject, subject_id, complaint_id, data FROM events")
    assert ev[:4] == ("create", "rotation", 2, None)
    assert json.loads(ev[4])["order"] == ["chengjian", "shouhua"]


def test_set_on_a_ledger_without_rotation(cli, db) -> None:
    c = sqlite3.connect(db)
    c.execute("DELETE FROM rotation_versions")
    c.commit()
    c.close()
    assert cli("duty").exit_code == 1
    r = cli(
        "duty", "set", "--handover", "03-01", "--order", "shouhua,chengjian", "--from", "2023-03-01"
    )
    assert r.exit_code == 0, r.stderr
    assert cli("duty").stdout.splitlines()[0] == "2026-11-27 当值：城建物业"


@pytest.mark.parametrize(
    "args,code,needle",
    [
        (
            ["--handover", "03-29", "--order", "shouhua,chengjian", "--from", "2028-01-01"],
            2,
            "03-29",
        ),
        (
            ["--handover", "02-31", "--order", "shouhua,chengjian", "--from", "2028-01-01"],
            2,
            "02-31",
        ),
        (
            ["--handover", "13-01", "--order", "shouhua,chengjian", "--from", "2028-01-01"],
            2,
            "13-01",
        ),
        (
            ["--handover", "3月1日", "--order", "shouhua,chengjian", "--from", "2028-01-01"],
            2,
            "3月1日",
        ),
        (["--handover", "03-01", "--order", "", "--from", "2028-01-01"], 2, "--order"),
        (["--handover", "03-01", "--order", " , ", "--from", "2028-01-01"], 2, ","),
        (["--handover", "03-01", "--order", "shouhua,首华", "--from", "2028-01-01"], 2, "shouhua"),
        (["--handover", "03-01", "--order", "shouhua,wanke", "--from", "2028-01-01"], 2, "wanke"),
        (
            ["--handover", "03-01", "--order", "shouhua,chengjian", "--from", "2022-03-01"],
            1,
            "2023-03-01",
        ),
        (
            ["--handover", "03-01", "--order", "shouhua,chengjian", "--from", "2023-03-01"],
            1,
            "2023-03-01",
        ),
        (
            ["--handover", "03-01", "--order", "shouhua,chengjian", "--from", "2028-02-30"],
            2,
            "2028-02-30",
        ),
        (["--handover", "03-01", "--order", "shouhua,chengjian"], 2, "--from"),
    ],
)
def test_set_bad_input(cli, db, args, code, needle) -> None:
    before = dump(db)
    line = one_error_line(cli("duty", "set", *args), code)
    assert needle in line
    assert dump(db) == before


# --- .ics ---------------------------------------------------------------------------------------------


def parse_ics(data: bytes):
    from icalendar import Calendar

    return Calendar.from_ical(data)


def test_ics_file_parses_back_with_every_period(cli, db, tmp_path) -> None:
    cli("duty", "override", "2027-07-01", "2027-07-31", "chengjian", "--reason", "首华人员调整")
    cli("duty", "override", "2027-08-01", "2027-08-03", "chengjian", "--reason", "取消的")
    cli("duty", "revoke", "2", "--reason", "不需要了")
    out = tmp_path / "duty.ics"
    r = cli("duty", "ics", "-o", str(out), "--years", "5")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and str(out) in r.stderr
    cal = parse_ics(out.read_bytes())
    assert str(cal["PRODID"]).startswith("-//liuliqiao") and str(cal["VERSION"]) == "2.0"
    events = list(cal.walk("VEVENT"))
    duty_events = [e for e in events if str(e["UID"]).startswith("duty-")]
    spans = [
        (e.decoded("DTSTART").isoformat(), e.decoded("DTEND").isoformat(), str(e["SUMMARY"]))
        for e in duty_events
    ]
    # whole duty years from the current one (2026-03-01) to the one containing 2031-11-27;
    # DTEND is exclusive: the next handover day
    assert spans == [
        ("2026-03-01", "2027-03-01", "当值：城建物业"),
        ("2027-03-01", "2028-03-01", "当值：首华物业"),
        ("2028-03-01", "2029-03-01", "当值：城建物业"),
        ("2029-03-01", "2030-03-01", "当值：首华物业"),
        ("2030-03-01", "2031-03-01", "当值：城建物业"),
        ("2031-03-01", "2032-03-01", "当值：首华物业"),
    ]
    handover_days = sorted(
        e.decoded("DTSTART").isoformat() for e in events if str(e["UID"]).startswith("handover-")
    )
    assert handover_days == [
        "2026-03-01",
        "2027-03-01",
        "2028-03-01",
        "2029-03-01",
        "2030-03-01",
        "2031-03-01",
    ]
    for e in events:
        assert e["DTSTART"].params.get("VALUE") == "DATE" and "DTSTAMP" in e
    overrides = {
        str(e["SUMMARY"]): str(e.get("STATUS"))
        for e in events
        if str(e["UID"]).startswith("override-")
    }
    assert overrides == {"调班 #1：城建物业 临时当值": "CONFIRMED", "已撤销：调班 #2": "CANCELLED"}
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_ics_uids_are_stable_and_overwrite_needs_force(cli, db, tmp_path) -> None:
    out = tmp_path / "duty.ics"
    assert cli("duty", "ics", "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    line = one_error_line(cli("duty", "ics", "-o", str(out)), 1)
    assert "--force" in line and out.read_bytes() == first
    cli("duty", "override", "2027-07-01", "2027-07-31", "chengjian", "--reason", "x")
    assert cli("duty", "ics", "-o", str(out), "--force").exit_code == 0
    uids = lambda data: {str(e["UID"]) for e in parse_ics(data).walk("VEVENT")}  # noqa: E731
    assert uids(first) < uids(out.read_bytes())  # the same events keep their UIDs
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_ics_to_stdout_and_english(cli, db) -> None:
    r = cli("--lang", "en", "duty", "ics", "--years", "1")
    assert r.exit_code == 0, r.stderr
    cal = parse_ics(r.stdout.encode())
    assert "On duty: Chengjian Property" in {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


@pytest.mark.parametrize(
    "args,code",
    [
        (["--years", "0"], 2),
        (["--years", "x"], 2),
        (["--from", "2026-02-30"], 2),
        (["--from", "2020-01-01"], 1),
        (["-o", "/nonexistent-folder/x.ics"], 1),
    ],
)
def test_ics_bad_input(cli, db, args, code) -> None:
    before = dump(db)
    one_error_line(cli("duty", "ics", *args), code)
    assert dump(db) == before


# --- handover checklist ------------------------------------------------------------------------------


def add_complaint(
    path: Path, received: str, company: str, scope: str, status: str, item: str = "garbage"
) -> None:
    c = sqlite3.connect(path)
    try:
        n = c.execute("SELECT count(*) FROM complaints").fetchone()[0] + 1
        c.execute(
            "INSERT INTO complaints (uuid, received_at, source, text, place, item, scope, company, routing,"
            " status, created_at, updated_at) VALUES (?, ?, 'patrol', ?, '北门', ?, ?, ?, 'duty', ?, ?, ?)",
            (
                f"c-{n}",
                received,
                f"诉求{n}：垃圾站满溢",
                item,
                scope,
                company,
                status,
                received,
                received,
            ),
        )
        c.commit()
    finally:
        c.close()


def test_handover_lists_open_joint_complaints_of_the_outgoing_company(cli, db) -> None:
    add_complaint(db, "2026-11-01 09:00:00", "chengjian", "joint", "dispatched")  # 1: yes
    add_complaint(db, "2026-11-02 09:00:00", "chengjian", "joint", "closed")  # 2: done
    add_complaint(db, "2026-11-03 09:00:00", "shouhua", "joint", "received")  # 3: not outgoing
    # 4: separate
    add_complaint(db, "2026-11-04 09:00:00", "chengjian", "separate", "received", "roof")
    add_complaint(db, "2026-11-05 09:00:00", "chengjian", "joint", "reopened")  # 5: yes
    # 6: after the handover
    add_complaint(db, "2027-03-01 08:00:00", "chengjian", "joint", "received")
    r = cli("duty", "handover", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert [d["id"] for d in json.loads(r.stdout)] == [1, 5]
    assert "2027-03-01" in r.stderr and "城建物业 → 首华物业" in r.stderr
    table = cli("duty", "handover")
    assert "2027-03-01 交接：城建物业 → 首华物业" in table.stdout and "垃圾桶站" in table.stdout
    past = json.loads(cli("duty", "handover", "--date", "2026-03-05", "-f", "json").stdout)
    assert past == []  # the 2026-03-01 handover: 首华 outgoing, nothing of theirs open before it


def test_handover_bad_date(cli, db) -> None:
    before = dump(db)
    one_error_line(cli("duty", "handover", "--date", "2026-02-30"), 2)
    assert dump(db) == before


# --- catalogue, sample -----------------------------------------------------------------------------


def test_duty_catalogue_has_both_languages_with_the_same_fields() -> None:
    import string

    from liuliqiao_cli.i18n.duty import MESSAGES

    fields = lambda text: {f.split("|")[0] for _, f, _, _ in string.Formatter().parse(text) if f}  # noqa: E731
    for key, (zh, en) in MESSAGES.items():
        assert key.startswith("duty.") and zh.strip() and en.strip(), key
        assert fields(zh) == fields(en), key


def test_help_of_every_duty_command(cli) -> None:
    for sub in (
        [],
        ["calendar"],
        ["override"],
        ["overrides"],
        ["revoke"],
        ["set"],
        ["ics"],
        ["handover"],
    ):
        r = cli("duty", *sub, "--help")
        assert r.exit_code == 0 and "用法：liuliqiao duty" in r.stdout, sub


def test_sample_step_records_overrides_for_the_meetings_step(db) -> None:
    import random

    from liuliqiao_cli.sample import duty
    from liuliqiao_cli.sample.generate import SampleContext
    from liuliqiao_cli.store import ledger

    conn = ledger.open_ledger(db)
    try:
        ctx = SampleContext(rng=random.Random(1))
        with ledger.transaction(conn):
            duty.generate(conn, ctx)
        overrides = conn.execute(
            "SELECT id, meeting_id, revoked_at FROM duty_overrides ORDER BY id"
        ).fetchall()
        events = conn.execute("SELECT kind, subject, subject_id FROM events ORDER BY id").fetchall()
    finally:
        conn.close()
    assert ctx.facts["duty_overrides"] == [1, 3]
    assert [(r[0], r[1], r[2] is not None) for r in overrides] == [
        (1, None, False),
        (2, None, True),
        (3, None, False),
    ]
    assert [tuple(e) for e in events] == [
        ("create", "override", 1),
        ("create", "override", 2),
        ("revoke", "override", 2),
        ("create", "override", 3),
    ]


def test_calendar_table_exact_text(cli, db) -> None:
    cli("duty", "override", "2026-07-01", "2026-07-31", "shouhua", "--reason", "人员调整")
    r = cli("duty", "calendar", "--from", "2026-01-01", "--to", "2027-12-31")
    assert r.stdout.splitlines() == [
        "当值表 2026-01-01 – 2027-12-31",
        "开始        结束        天数  当值公司  依据  编号  重叠调班  原因",
        "2026-01-01  2026-02-28    59  首华物业  轮换  #1",
        "2026-03-01  2026-06-30   122  城建物业  轮换  #1",
        "2026-07-01  2026-07-31    31  首华物业  调班  #1              人员调整",
        "2026-08-01  2027-02-28   212  城建物业  轮换  #1",
        "2027-03-01  2027-12-31   306  首华物业  轮换  #1",
    ]


def test_plain_table_cuts_only_the_last_column(monkeypatch) -> None:
    from liuliqiao_cli.render import plain, text
    from liuliqiao_cli.render.output import Column

    monkeypatch.setenv("COLUMNS", "40")
    out = io.StringIO()
    n = plain.table(
        [Column("a", "名称"), Column("n", "N", justify="right"), Column("t", "text")],
        [
            {"a": "首华", "n": 7, "t": "一二三四五六七八九十一二三四五六七八九十"},
            {"a": "x\ty", "n": None, "t": ""},
        ],
        out=out,
    )
    lines = out.getvalue().splitlines()
    assert n == 2 and lines[0] == "名称  N  text"
    assert lines[1].startswith("首华  7  一二") and lines[1].endswith("...")
    assert max(text.cells(line) for line in lines) <= 40
    assert lines[2] == "x\\ty"


def test_every_command_speaks_english(cli, db, tmp_path) -> None:
    r = cli(
        "--lang",
        "en",
        "duty",
        "override",
        "2026-07-01",
        "2026-07-31",
        "首华物业",
        "--reason",
        "staff change",
    )
    assert (
        r.stdout.strip() == "Recorded override #1: Shouhua Property on duty 2026-07-01 – 2026-07-31"
    )
    assert "Source: override #1" in cli("--lang", "en", "duty", "2026-07-02").stdout
    cal = cli(
        "--lang", "en", "duty", "calendar", "--from", "2026-06-01", "--to", "2026-08-31"
    ).stdout
    assert "Start" in cal and "override" in cal and "Shouhua Property" in cal
    assert " active " in cli("--lang", "en", "duty", "overrides").stdout
    assert cli("--lang", "en", "duty", "revoke", "1", "--reason", "done").stdout.startswith(
        "Revoked override #1"
    )
    assert " revoked " in cli("--lang", "en", "duty", "overrides").stdout
    s = cli(
        "--lang",
        "en",
        "duty",
        "set",
        "--handover",
        "03-01",
        "--order",
        "chengjian,shouhua",
        "--from",
        "2030-03-01",
    )
    assert s.stdout.startswith("Added rotation version 2")
    h = cli("--lang", "en", "duty", "handover")
    assert h.stdout.startswith("Handover on 2027-03-01: Chengjian Property -> Shouhua Property")
    err = cli("--lang", "en", "duty", "revoke", "1", "--reason", "again")
    assert err.stderr.startswith("Error: Override #1 was already revoked")
