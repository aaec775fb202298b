"""Tables that fit the terminal: ``list``, ``search``, ``estate`` and ``duty calendar`` at 80 and
120 columns, on a terminal (rich) and into a pipe told its width (plain), in both languages.
No line passes the width; the number, date, status, place, item and company stay whole (the
text gives way); one ellipsis, ASCII "...", everywhere. The exact text is in
tests/golden/tables/ (UPDATE_GOLDEN=1 rewrites it; read the diff before committing)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liuliqiao_cli.render import complaint_table
from liuliqiao_cli.render.text import cells

GOLDEN = Path(__file__).parent / "golden" / "tables"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

COMMANDS = {
    "list": ["list", "--limit", "6"],
    "list-overdue": ["list", "--overdue", "--limit", "4"],
    "search": ["search", "楼道", "--limit", "4"],
    "estate": ["estate"],
    "calendar": ["duty", "calendar", "--to", "2026-12-31"],
}


def _run(cli, monkeypatch, args: list[str], width: int, lang: str, terminal: bool) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    if terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")  # rich, as on a terminal
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    result = cli("--lang", lang, *args)
    assert result.exit_code == 0, result.stderr
    return "\n".join(line.rstrip() for line in _ANSI.sub("", result.stdout).splitlines()) + "\n"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), name


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("terminal", [True, False], ids=["rich", "plain"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_tables_fit(cli, sample_db, monkeypatch, name, terminal, width, lang) -> None:
    text = _run(cli, monkeypatch, COMMANDS[name], width, lang, terminal)
    lines = text.splitlines()
    if name == "estate":  # its first lines are sentences (a pipe keeps them whole), not a table
        lines = lines[lines.index("") :]
    too_wide = [line for line in lines if cells(line) > width]
    assert too_wide == []
    assert "…" not in text  # the one ellipsis is ASCII
    _golden(f"{name}-{lang}-{width}-{'rich' if terminal else 'plain'}.txt", text)


def _columns(text: str) -> list[str]:
    return text.splitlines()[0].split()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_list_keeps_its_columns_at_80(cli, sample_db, monkeypatch, lang) -> None:
    text = _run(cli, monkeypatch, COMMANDS["list"], 80, lang, terminal=True)
    expected = {
        "zh": ["编号", "受理时间", "状态", "地点", "服务项目", "物业公司", "内容"],
        "en": ["No.", "Received", "Status", "Place", "Item", "Company", "Text"],
    }[lang]
    assert _columns(text) == expected
    first = text.splitlines()[1]
    assert "2026-11-30" in first and "1-5-201" in first  # date, and the address as 1-5-201
    wide = _run(cli, monkeypatch, COMMANDS["list"], 120, lang, terminal=True)
    assert "1号楼5单元201" in wide.splitlines()[1] and "2026-11-30 17:00" in wide


def test_a_pipe_without_width_gets_the_whole_table(cli, sample_db, monkeypatch) -> None:
    """Scripts and cron: no COLUMNS and no terminal, 200 columns, nothing cut."""
    monkeypatch.delenv("COLUMNS")
    result = cli("list", "--limit", "3")
    assert "办结时限" in result.stdout and "..." not in result.stdout


def test_fit() -> None:
    from liuliqiao_cli.render.plain import fit

    assert fit([4, 10, 30], [4, 10, 8], 80) == [4, 10, 30]  # everything fits
    assert fit([4, 10, 80], [4, 10, 8], 40) == [4, 10, 22]  # the last gives way
    assert fit([4, 30, 40], [4, 10, 16], 40) == [4, 16, 16]  # then others, down to floors
    assert fit([4, 30, 40], [4, 30, 16], 40) == [4, 30, 16]  # a floor is kept: wider than room
    assert fit([10, 30, 5], [10, 8, 5], 30, flex=1) == [10, 11, 5]  # a named flexible column


def test_colours_on_a_terminal(cli, sample_db, monkeypatch) -> None:
    """Statuses in their colour, ' !' in bold red, search matches reversed; NO_COLOR: none."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    listed = cli("list", "--overdue", "--status", "in_progress", "--limit", "1").stdout
    assert "\x1b[33m处理中\x1b[0m\x1b[1;31m !\x1b[0m" in listed  # in progress: yellow
    assert listed.startswith("\x1b[1m编号\x1b[0m")
    found = cli("search", "北门", "--limit", "1").stdout
    assert "\x1b[1;7m北门\x1b[0m自行车" in found
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("list", "--overdue", "--limit", "1").stdout


# --- the listing's layout measures a text no wider than the table: the same layout -------------

_WORDS = st.sampled_from(
    [
        "楼道灯坏了",
        "垃圾站满了没人清",
        "3号楼2单元",
        "漏水",
        "abc",
        "Leak in the basement",
        "，",
        " ",
        "🔥",
        "ｶﾅ",
    ]
)
_SHORT = st.text(st.sampled_from("首华城建物业单元门楼道照明0123456789-号楼abc "), max_size=14)


@st.composite
def _rows(draw: st.DrawFn) -> list[complaint_table.Row]:
    rows = []
    for n in range(draw(st.integers(1, 12))):
        text = "".join(draw(st.lists(_WORDS, max_size=draw(st.sampled_from([5, 60, 200])))))
        rows.append(
            complaint_table.Row(
                id=f"#{n + 1}",
                received_at="2026-11-27 10:00",
                status=draw(st.sampled_from(["已受理", "处理中 !", "已派单 ! 移交待确认"])),
                location=draw(_SHORT),
                location_short=draw(_SHORT),
                item=draw(_SHORT),
                company=draw(_SHORT),
                company_short=draw(_SHORT),
                text=complaint_table.one_line(text),
                resolve_by=draw(st.sampled_from(["", "2026-11-30 10:00"])),
            )
        )
    return rows


@settings(max_examples=300, deadline=None)
@given(_rows(), st.integers(1, 260), st.booleans())
def test_the_text_measured_to_the_table_width_lays_out_the_same(rows, width, deadline) -> None:
    headers = {k: k.upper() for k in complaint_table.KEYS}
    measured = complaint_table.layout(rows, width, headers, deadline=deadline)
    whole = complaint_table._natural
    try:  # the reference: every text measured whole, as before
        complaint_table._natural = lambda *a: whole(*a[:4])  # type: ignore[assignment]
        reference = complaint_table.layout(rows, width, headers, deadline=deadline)
    finally:
        complaint_table._natural = whole  # type: ignore[assignment]
    assert vars(measured) == vars(reference)
