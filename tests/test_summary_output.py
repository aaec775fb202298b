"""summary -o: the file is named by the period it summarises, written whole or not at all."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import dump

from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.reports import periods

MONDAY = "2026-11-30 07:30:00"  # the README's cron run: the summary of W48, on the first day of W49


@pytest.fixture
def monday(sample_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("LIULIQIAO_NOW", MONDAY)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "周报").mkdir()
    return sample_db


# --- naming ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "period", "name"),
    [
        ("周报/{week}.txt", periods.week_period("2026-W48"), "周报/2026-W48.txt"),
        ("{week}-{start}-{end}", periods.week_period("2026-W48"), "2026-W48-2026-11-23-2026-11-29"),
        ("{period}.md", periods.week_period("2026-W01"), "2026-W01.md"),
        ("月报/{month}.txt", periods.month_period("2026-02"), "月报/2026-02.txt"),
        ("{start}..{end}", periods.month_period("2026-02"), "2026-02-01..2026-02-28"),
        (
            "日报/{date}.txt",
            periods.Period("range", date(2026, 11, 30), date(2026, 11, 30), "x"),
            "日报/2026-11-30.txt",
        ),
        ("fixed.txt", periods.week_period("2026-W48"), "fixed.txt"),
        ("{ a }{week", periods.week_period("2026-W48"), "{ a }{week"),  # no field: kept
    ],
)
def test_output_name(template: str, period: periods.Period, name: str) -> None:
    assert periods.output_name(template, period) == name


@pytest.mark.parametrize(
    ("template", "period"),
    [
        ("{month}.txt", periods.week_period("2026-W48")),  # a week may straddle two months
        ("{week}.txt", periods.month_period("2026-11")),
        ("{date}.txt", periods.week_period("2026-W48")),
        ("{weeks}.txt", periods.week_period("2026-W48")),
        ("{Week}.txt", periods.week_period("2026-W48")),
        ("{}.txt", periods.week_period("2026-W48")),
    ],
)
def test_output_name_refuses_a_field_the_period_lacks(template: str, period) -> None:
    with pytest.raises(UsageError) as caught:
        periods.output_name(template, period)
    assert caught.value.key == "summary.output_field"


# --- the command -------------------------------------------------------------------------------


def test_monday_cron_writes_last_weeks_summary_under_its_week(cli, monday: Path) -> None:
    on_screen = cli("summary").stdout
    before = dump(monday)
    result = cli("summary", "-o", "周报/{week}.txt")
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")  # cron mails nothing
    assert os.listdir("周报") == ["2026-W48.txt"]
    assert Path("周报/2026-W48.txt").read_text(encoding="utf-8") == on_screen
    assert on_screen.startswith(
        "丰台路口社区望园西里北区 诉求周报 2026-W48（2026-11-23 至 2026-11-29）"
    )
    assert dump(monday) == before


def test_this_week_and_month_and_range(cli, monday: Path) -> None:
    assert cli("summary", "--this-week", "-o", "周报/{week}.txt").exit_code == 0
    assert cli("summary", "--month", "2026-11", "-o", "周报/{month}.txt").exit_code == 0
    assert cli("summary", "--since", "2026-11-01", "-o", "周报/{start}_{end}.txt").exit_code == 0
    assert sorted(os.listdir("周报")) == [
        "2026-11-01_2026-11-30.txt",
        "2026-11.txt",
        "2026-W49.txt",
    ]
    assert Path("周报/2026-11.txt").read_text(encoding="utf-8") == (
        cli("summary", "--month", "2026-11").stdout
    )


def test_format_follows_the_extension_unless_given(cli, monday: Path) -> None:
    assert cli("summary", "-o", "周报/{week}.md").exit_code == 0
    assert cli("summary", "-o", "周报/{week}.json").exit_code == 0
    assert cli("summary", "-o", "周报/{week}.TXT", "--format", "json").exit_code == 0
    assert Path("周报/2026-W48.md").read_text(encoding="utf-8") == (
        cli("summary", "--format", "md").stdout
    )
    assert json.loads(Path("周报/2026-W48.json").read_text(encoding="utf-8"))["period"][
        "label"
    ] == ("2026-W48")
    assert json.loads(Path("周报/2026-W48.TXT").read_text(encoding="utf-8"))["period"]["kind"] == (
        "week"
    )


def test_fail_on_overdue_still_writes_the_file(cli, monday: Path) -> None:
    result = cli("summary", "-o", "周报/{week}.txt", "--fail-on-overdue")
    assert result.exit_code == 3
    assert Path("周报/2026-W48.txt").exists()


def test_existing_file_needs_force(cli, monday: Path) -> None:
    target = Path("周报/2026-W48.txt")
    target.write_text("last run\n", encoding="utf-8")
    before = dump(monday)
    result = cli("summary", "-o", "周报/{week}.txt")
    assert result.exit_code == 1
    assert result.stderr == "错误：周报/2026-W48.txt 已存在；如要覆盖请加 --force\n"
    assert target.read_text(encoding="utf-8") == "last run\n"
    assert cli("summary", "-o", "周报/{week}.txt", "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("丰台路口社区")
    assert dump(monday) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--month", "2026-11", "-o", "周报/{week}.txt"],
            2,
            "错误：输出文件名中的 {week} 不适用于时段 2026-11；可用：{month} {start} {end} {period}\n",
        ),
        (
            ["-o", "周报/{weekly}.txt"],
            2,
            "错误：输出文件名中的 {weekly} 不适用于时段 2026-W48；可用：{week} {start} {end} {period}\n",
        ),
        (["-o", "nowhere/{week}.txt"], 1, "错误：文件夹 nowhere 不存在\n"),
        (["-o", "周报"], 2, None),  # a folder
        (["--week", "2026-W60", "-o", "周报/{week}.txt"], 2, None),
    ],
)
def test_bad_output_writes_nothing(
    cli, monday: Path, args: list[str], code: int, message: str | None
) -> None:
    before = dump(monday)
    result = cli("summary", *args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    if message is not None:
        assert result.stderr == message
    assert os.listdir("周报") == []
    assert dump(monday) == before


def test_never_writes_over_the_ledger(cli, monday: Path) -> None:
    before = dump(monday)
    result = cli("summary", "-o", str(monday), "--force")
    assert result.exit_code == 1
    assert "就是台账本身" in result.stderr
    assert dump(monday) == before


def test_a_failed_write_leaves_no_file(cli, monday: Path, monkeypatch) -> None:
    from liuliqiao_cli.store import files

    def disk_full(path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_fsync", disk_full)
    before = dump(monday)
    result = cli("summary", "-o", "周报/{week}.txt")
    assert result.exit_code == 1
    assert result.stderr == (
        "错误：无法写入 周报/2026-W48.txt：No space left on device（未留下不完整的文件）\n"
    )
    assert os.listdir("周报") == []  # neither the file nor its temporary
    assert dump(monday) == before


def test_says_where_it_wrote_on_a_terminal_only(cli, monday: Path, monkeypatch) -> None:
    from liuliqiao_cli.cli import reports

    monkeypatch.setattr(reports, "_stderr_on_terminal", lambda: True)
    result = cli("summary", "-o", "周报/{week}.txt")
    assert (result.stdout, result.stderr) == ("", "已写出 周报/2026-W48.txt\n")


def test_the_readme_cron_line_files_last_week_under_its_week(cli, monday: Path) -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    crontab = readme.split("```crontab\n", 1)[1].split("```", 1)[0]
    (line,) = [x for x in crontab.splitlines() if " -o " in x]
    args = line.split("/.venv/bin/liuliqiao ", 1)[1].split()
    args = [a.replace("/home/wangge/周报/", "周报/") for a in args]
    assert cli(*args).exit_code == 0
    assert os.listdir("周报") == ["2026-W48.txt"]
