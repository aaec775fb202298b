"""`show` on a terminal (rich) and into a pipe (plain) say the same things."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def _lines(text: str) -> list[str]:
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return [" ".join(line.split()) for line in plain.splitlines() if line.strip()]


def test_piped_and_terminal_show_carry_the_same_content(
    cli, sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    piped = cli("show", "5")
    assert piped.exit_code == 0, piped.stderr
    assert "\x1b[" not in piped.stdout
    assert "列入会议议题" in piped.stdout  # meeting events are named, not shown as codes
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = cli("show", "5")
    assert terminal.exit_code == 0, terminal.stderr
    assert "\x1b[" in terminal.stdout
    assert _lines(piped.stdout) == _lines(terminal.stdout)


def test_english_list_names_items_and_companies_in_english(cli, db: Path) -> None:
    assert cli("add", "3号楼2单元楼道灯坏了", "--source", "patrol").exit_code == 0
    result = cli("--lang", "en", "list")
    assert result.exit_code == 0, result.stderr
    assert "Stairwell lighting" in result.stdout and "Chengjian Property" in result.stdout
    assert "stair_lighting" not in result.stdout
