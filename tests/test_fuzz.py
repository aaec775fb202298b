"""Fuzzed input: every command, random arguments, never a traceback, a documented exit code, and
nothing written when the command failed.

The commands and their parameters are read from the Typer app itself, so a command added later
is fuzzed too. Values: random text (control characters included), Chinese, numbers, dates in
good and bad forms, SQL metacharacters, very long values, and the values a command expects
(choices, building numbers, company codes). Each example runs against a fresh copy of sample.db
inside a temporary working folder (so that file outputs land there).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE, dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("LIULIQIAO_FUZZ_EXAMPLES", "10"))  # per command
EXIT_CODES = {0, 1, 2, 3}
# Slow by design (rebuilds a whole sample ledger); exercised by its own tests.
SKIP = {("db", "sample")}


def commands() -> list[tuple[tuple[str, ...], Any]]:
    import typer.main

    from liuliqiao_cli.cli import app

    found = []

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in sorted(subs.items()):
                walk(sub, (*path, name))
        elif path not in SKIP:
            found.append((path, cmd))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = commands()
_CHINESE = st.text(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=12
)
_ANY_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
_CONTROL = st.lists(
    st.sampled_from(["\x01", "\x07", "\x1b[31m", "\r", "\n", "\t", "\x7f", "\u202e", "楼", "a"]),
    min_size=1,
    max_size=5,
).map("".join)
_DATES = st.sampled_from(
    [
        "2026-11-27",
        "2026/11/27",
        "2026.11.27",
        "2026年11月27日",
        "今天",
        "昨天",
        "tomorrow",
        "2026-02-30",
        "2026-13-01",
        "0000-00-00",
        "9999-12-31",
        "1900-01-01",
        "2026-W47",
        "2026-W54",
        "2026-11",
        "2026-11-27 25:61",
        "",
        " ",
        "2026-11-27T10:00",
    ]
)
_NUMBERS = st.one_of(
    st.integers(-(10**12), 10**12).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str)
)
_KNOWN = st.sampled_from(
    [
        "1",
        "2",
        "3",
        "4",
        "5",
        "0",
        "#1",
        "shouhua",
        "首华",
        "chengjian",
        "城建物业",
        "garbage",
        "垃圾桶站",
        "北门",
        "patrol",
        "hotline",
        "open",
        "resolved",
        "closed",
        "company",
        "json",
        "csv",
        "md",
        "yes",
        "no",
        "basic",
        "3号楼",
        "2单元",
        "502",
        "急",
    ]
)
_NASTY = st.sampled_from(
    [
        "'; DROP TABLE complaints; --",
        "%",
        "_",
        '"',
        "\\",
        "*",
        "NULL",
        "王阿姨 13800001234",
        "😀",
        "=1+1",
        "-",
        "--",
        "--help",
        "长" * 5000,
        "x" * 20000,
    ]
)
VALUES = st.one_of(_KNOWN, _ANY_TEXT, _CHINESE, _CONTROL, _DATES, _NUMBERS, _NASTY)
# Paths stay relative and inside the example's folder (this runs as whatever user runs tests).
_PATHS = st.one_of(
    st.sampled_from(
        [
            "out.md",
            "out.docx",
            "out.xlsx",
            "out.json",
            "out.ics",
            "out.jsonl",
            "out.csv",
            "out.html",
            "missing/out.md",
            "x.db",
            "in.csv",
            "in.xlsx",
            "in.jsonl",
            ".",
        ]
    ),
    st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12),
)


def _is_path(param: Any) -> bool:
    return type(param.type).__name__ in ("Path", "File")


def value_for(param: Any) -> st.SearchStrategy[str]:
    if _is_path(param):
        return _PATHS
    choices = getattr(param.type, "choices", None)
    if choices:
        return st.one_of(st.sampled_from([str(getattr(c, "value", c)) for c in choices]), VALUES)
    return VALUES


@st.composite
def arguments(draw: Any, cmd: Any) -> list[str]:
    args: list[str] = []
    positional: list[str] = []
    for param in cmd.params:
        if param.param_type_name == "option":
            if param.hidden or "--help" in param.opts or not draw(st.booleans()):
                continue
            if param.is_flag:
                opts = list(param.opts) + list(param.secondary_opts)
                args.append(draw(st.sampled_from(opts)))
                continue
            count = draw(st.integers(1, 2)) if param.multiple else 1
            for _ in range(count):
                args += [draw(st.sampled_from(list(param.opts))), draw(value_for(param))]
        else:
            if not param.required and not draw(st.booleans()):
                continue
            n = param.nargs if param.nargs > 0 else draw(st.integers(0, 3))
            positional += [draw(value_for(param)) for _ in range(n)]
    return args + positional


@dataclass
class Source:
    """The ledger every example starts from: a copy of sample.db, upgraded once (a pending
    migration is not the fuzzed command's doing), with its bytes and dump for comparison."""

    path: Path
    data: bytes
    dump: list[str]

    def unchanged(self, ledger: Path) -> bool:
        """Same bytes and no write-ahead log holding changes: certainly unchanged; otherwise
        compare the dumps."""
        wal = Path(f"{ledger}-wal")
        if (not wal.exists() or wal.stat().st_size == 0) and ledger.read_bytes() == self.data:
            return True
        return dump(ledger) == self.dump


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Source:
    from liuliqiao_cli.store.ledger import open_ledger

    path = tmp_path_factory.mktemp("fuzz-source") / "sample.db"
    shutil.copy(SAMPLE, path)
    conn = open_ledger(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return Source(path, path.read_bytes(), dump(path))


@pytest.mark.slow  # ~50 commands x 10 hypothesis examples (~5 s)
@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_fuzzed_arguments(path, cmd, source, tmp_path_factory):
    from typer.testing import CliRunner

    from liuliqiao_cli.cli import STATE, app

    runner = CliRunner()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(args=arguments(cmd))
    def check(args: list[str]) -> None:
        folder = tmp_path_factory.mktemp("fuzz")
        ledger = folder / "sample.db"
        shutil.copy(source.path, ledger)
        shutil.copy(SAMPLE.with_name("sample.contacts.db"), folder)  # one ledger, two files
        STATE.db = STATE.lang = STATE.actor = None
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            result = runner.invoke(app, ["--db", str(ledger), *path, *args], input="")
        finally:
            os.chdir(cwd)
        shown = f"{' '.join(path)} {args!r}: exit {result.exit_code}\n{result.stderr[-500:]}"
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
        assert "Traceback" not in result.stdout + result.stderr, shown
        assert result.exit_code in EXIT_CODES, shown
        if result.exit_code not in (0, 3):
            assert result.stderr.strip(), shown  # a failure always says why
            assert source.unchanged(ledger), shown

    check()


def test_every_command_is_fuzzed():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"estate", "init"} <= names
    assert len(names) >= 3
