"""summary and rates on the command line: golden files, JSON shape, exit codes, bad input, and a
summary while another process writes the ledger."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXED_NOW, dump
from test_summary_helpers import add_complaint, fill_week_47

GOLDEN = Path(__file__).parent / "golden"


def _golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def week47(db: Path) -> Path:
    conn = sqlite3.connect(db)
    fill_week_47(conn)
    conn.close()
    return db


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["summary"], "summary_w47_zh.txt"),
        (["--lang", "en", "summary", "--week", "2026-W47"], "summary_w47_en.txt"),
        (["summary", "--week", "2026-W47", "--format", "md"], "summary_w47_zh.md"),
        (["summary", "--month", "2026-11"], "summary_2026-11_zh.txt"),
    ],
)
def test_golden(cli, week47: Path, args: list[str], name: str) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b" not in result.stdout
    _golden(name, result.stdout)


def test_same_data_same_text(cli, week47: Path) -> None:
    assert cli("summary").stdout == cli("summary").stdout


def test_json_validates_against_the_documented_shape(cli, week47: Path) -> None:
    import jsonschema

    from liuliqiao_cli.render.summary_json import SUMMARY_JSON_SCHEMA

    result = cli("summary", "--week", "2026-W47", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    jsonschema.validate(data, SUMMARY_JSON_SCHEMA)
    assert data["period"] == {
        "kind": "week",
        "label": "2026-W47",
        "since": "2026-11-16",
        "until": "2026-11-22",
        "days": 7,
    }
    assert data["received"]["total"] == 10 and data["received"]["proactive"] == 2
    assert data["moved"]["dispatch"] == {"total": 7, "by_company": {"chengjian": 3, "shouhua": 4}}
    assert [o["number"] for o in data["overdue"]] == [4, 5, 6, 10]
    assert data["overdue"][0]["place"] == "3号楼2单元502"
    total = data["rates"]["period"][-1]
    assert total["group"] == "all"
    assert total["response"] == {
        "numerator": 5,
        "denominator": 7,
        "rate": 0.7143,
        "small_sample": False,
    }
    assert data["rates"]["year_to_date"]["rows"][-1]["satisfaction"]["denominator"] == 5
    assert data["recurring"][0]["numbers"] == [1, 2, 3, 8]


def test_json_of_an_empty_ledger_validates(cli, db: Path) -> None:
    import jsonschema

    from liuliqiao_cli.render.summary_json import SUMMARY_JSON_SCHEMA

    data = json.loads(cli("summary", "--format", "json").stdout)
    jsonschema.validate(data, SUMMARY_JSON_SCHEMA)
    assert data["empty"] is True and data["first_complaint"] is None
    assert data["rates"]["period"][-1]["response"]["rate"] is None


def test_fail_on_overdue(cli, week47: Path) -> None:
    assert cli("summary", "--fail-on-overdue").exit_code == 3
    result = cli("summary")
    assert result.exit_code == 0


def test_fail_on_overdue_with_nothing_overdue(cli, db: Path) -> None:
    result = cli("summary", "--fail-on-overdue")
    assert result.exit_code == 0 and result.stderr == ""


def test_empty_ledger_says_so(cli, db: Path) -> None:
    result = cli("summary")
    assert result.exit_code == 0 and result.stderr == ""
    assert "台账中还没有任何诉求" in result.stdout
    _golden("summary_empty_zh.txt", result.stdout)


def test_period_before_the_first_complaint(cli, week47: Path) -> None:
    before = dump(week47)
    result = cli("summary", "--month", "2022-10")
    assert result.exit_code == 0 and result.stderr == ""
    assert "早于台账中的第一条诉求（2026-11-02）" in result.stdout
    assert dump(week47) == before


def test_quiet_week_says_nothing_happened(cli, db: Path) -> None:
    conn = sqlite3.connect(db)
    add_complaint(conn, "2026-10-01 09:00:00", status="closed")
    conn.commit()
    conn.close()
    result = cli("summary")
    assert result.exit_code == 0
    assert "本期没有新受理的诉求，也没有办理记录。" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["summary", "--week", "2026-W54"], "2026 年只有第 1 至 53 周"),
        (["summary", "--week", "2026-W00"], "不存在的周"),
        (["summary", "--week", "last"], "无法识别的周"),
        (["summary", "--since", "2026-11-20", "--until", "2026-11-01"], "早于开始日期"),
        (["summary", "--month", "2026-13"], "不存在的月份"),
        (["summary", "--until", "2026-11-01"], "--until"),
        (["summary", "--week", "2026-W47", "--this-week"], "只能指定一种时段"),
        (["summary", "--format", "pdf"], "用法错误"),
        (["rates", "--by", "resident"], "用法错误"),
        (["rates", "--since", "2026-11-30", "--until", "2026-11-01"], "早于开始日期"),
        (["rates", "--since", "2026-02-30"], "不存在的日期"),
    ],
)
def test_bad_input(cli, week47: Path, args: list[str], needle: str) -> None:
    before = dump(week47)
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(week47) == before


@pytest.mark.parametrize("args", [["summary"], ["rates", "--by", "company"]])
def test_missing_ledger_creates_nothing(cli, isolated: Path, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert "liuliqiao init" in result.stderr
    assert not isolated.exists()


def test_rates_json_and_csv(cli, week47: Path) -> None:
    args = ("rates", "--by", "company", "--since", "2026-11-16", "--until", "2026-11-22")
    rows = json.loads(cli(*args, "--format", "json").stdout)
    keys = {"group", "name", "rate_kind", "rate", "numerator", "denominator", "small_sample"}
    assert all(set(r) == keys for r in rows)
    assert [(r["group"], r["rate_kind"], r["numerator"], r["denominator"]) for r in rows[:3]] == [
        ("shouhua", "response", 3, 4),
        ("shouhua", "resolution", 1, 2),
        ("shouhua", "satisfaction", 0, 2),
    ]
    assert rows[-3]["group"] == "all" and rows[-3]["rate"] == 0.7143
    table = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").stdout)))
    assert [r["numerator"] for r in table] == [str(r["numerator"]) for r in rows]
    text = cli(*args).stdout
    assert "首华物业" in text and "71.4%" in text and "是（<5）" in text


def test_rates_default_is_the_year_to_date_total(cli, week47: Path) -> None:
    rows = json.loads(cli("rates", "--format", "json").stdout)
    assert [(r["group"], r["numerator"], r["denominator"]) for r in rows] == [
        ("all", 7, 9),
        ("all", 3, 5),
        ("all", 3, 5),
    ]


def test_rates_by_month_and_empty_denominators(cli, week47: Path) -> None:
    rows = json.loads(
        cli("rates", "--by", "month", "--since", "2026-10-01", "--format", "json").stdout
    )
    assert {r["group"] for r in rows} == {"2026-11", "all"}
    rows = json.loads(
        cli("rates", "--since", "2025-01-01", "--until", "2025-12-31", "--format", "json").stdout
    )
    assert all(r["rate"] is None and r["denominator"] == 0 for r in rows)
    assert "无" in cli("rates", "--since", "2025-01-01", "--until", "2025-12-31").stdout


@pytest.mark.parametrize(("lang", "needle"), [("zh", "响应率 = "), ("en", "Response rate = ")])
def test_rates_explain(cli, db: Path, lang: str, needle: str) -> None:
    result = cli("--lang", lang, "rates", "--explain")
    assert result.exit_code == 0 and needle in result.stdout


def test_bars_only_on_a_terminal(cli, week47: Path) -> None:
    from datetime import datetime

    from rich.console import Console

    from liuliqiao_cli.estate import model
    from liuliqiao_cli.render.summary_bars import draw_bars
    from liuliqiao_cli.reports import periods, summary
    from liuliqiao_cli.store.ledger import open_ledger

    assert "本期诉求：按楼栋" not in cli("summary").stdout
    conn = open_ledger(week47)
    data = model.load(conn)
    s = summary.build_summary(
        conn, data, periods.week_period("2026-W47"), now=datetime(2026, 11, 27, 10)
    )
    conn.close()
    out = io.StringIO()
    # NO_COLOR=1 (conftest)
    draw_bars(s, data, "zh", Console(file=out, width=100, force_terminal=True))
    drawn = out.getvalue()
    assert "本期诉求：按楼栋" in drawn and "本期诉求：按物业公司" in drawn and "公共区域" in drawn
    assert "\x1b" not in drawn


@pytest.mark.slow
def test_summary_while_another_process_writes(week47: Path) -> None:
    """A cron job reading while the grid worker writes must not fail."""
    stop = threading.Event()
    written = []

    def writer() -> None:
        conn = sqlite3.connect(week47, timeout=30, isolation_level=None)
        n = 0
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            add_complaint(
                conn,
                f"2026-11-18 10:{n % 60:02d}:00",
                item="parking",
                building=None,
                place="北门",
                source="patrol",
            )
            time.sleep(0.01)  # hold the write lock a little, as a real change does
            conn.execute("COMMIT")
            n += 1
            written.append(n)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while not written:
            time.sleep(0.01)
        env = {
            **os.environ,
            "LIULIQIAO_DB": str(week47),
            "LIULIQIAO_NOW": FIXED_NOW,
            "LIULIQIAO_LANG": "zh",
        }
        runs = [
            subprocess.run(
                [sys.executable, "-m", "liuliqiao_cli", "summary", "--week", "2026-W47"],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            )
            for _ in range(3)
        ]
    finally:
        stop.set()
        thread.join()
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert run.stderr == ""
        assert "诉求周报 2026-W47" in run.stdout
    assert len(written) > 1
