"""Fuzzed input: every command, random arguments, never a traceback or an internal error, a
documented exit code, one line saying why when it fails, and then nothing written (the ledger's
dump and the folder compared).

The commands and their parameters are read from the Typer app itself, so a command added later
is fuzzed too. Values: random text, Chinese, numbers, dates in good and bad forms, SQL
metacharacters, very long values, the values a command expects (choices, building numbers,
company codes) and the classes that reached users before (issue 13): integers beyond 64 bits,
arguments with bytes that are not UTF-8, empty values, terminal control and escape sequences,
Markdown/CSV/HTML metacharacters, and paths naming the ledger or its -wal/-shm.

Each example runs against a fresh copy of the hostile ledger (sample.db with every free text
hostile, tests/hostile.py) inside a temporary working folder (so that file outputs land there),
as if into a pipe or, half of the time, onto a terminal (FORCE_COLOR): no output, and no Markdown,
CSV or HTML file written, carries a control character raw or a broken table.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from fuzz_support import (
    BIG_NUMBERS,
    COMMANDS,
    EMPTY,
    ESCAPE_TEXTS,
    LEDGER_PATHS,
    METACHARACTERS,
    Line,
    Source,
    is_int,
    is_path,
    names_ledger,
    run_and_check,
    undecodable,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("LIULIQIAO_FUZZ_EXAMPLES", "10"))  # per command
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
# The classes issue 13 found missing.
_BIG = st.sampled_from(BIG_NUMBERS)
_UNDECODABLE = st.binary(min_size=1, max_size=6).map(
    lambda b: (b"\xff" + b).decode("utf-8", "surrogateescape")  # as Python reads such argv
)
_EMPTY = st.sampled_from(EMPTY)
_ESCAPES = st.sampled_from(ESCAPE_TEXTS)
_METACHARACTERS = st.sampled_from(METACHARACTERS)
VALUES = st.one_of(
    _KNOWN,
    _ANY_TEXT,
    _CHINESE,
    _CONTROL,
    _DATES,
    _NUMBERS,
    _NASTY,
    _BIG,
    _UNDECODABLE,
    _EMPTY,
    _ESCAPES,
    _METACHARACTERS,
)
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
            "",
            *LEDGER_PATHS,  # the ledger itself, by another name, and its side files
        ]
    ),
    st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12),
)


def value_for(param: Any) -> st.SearchStrategy[str]:
    if is_path(param):
        return _PATHS
    choices = getattr(param.type, "choices", None)
    if choices:
        return st.one_of(st.sampled_from([str(getattr(c, "value", c)) for c in choices]), VALUES)
    if is_int(param):
        return st.one_of(_BIG, st.integers(-3, 500).map(str), VALUES)
    return VALUES


@st.composite
def arguments(draw: Any, cmd: Any) -> Line:
    line = Line([])
    positional: list[str] = []
    for param in cmd.params:
        if param.param_type_name == "option":
            if param.hidden or "--help" in param.opts or not draw(st.booleans()):
                continue
            if param.is_flag:
                opts = list(param.opts) + list(param.secondary_opts)
                line.args.append(draw(st.sampled_from(opts)))
                continue
            count = draw(st.integers(1, 2)) if param.multiple else 1
            for _ in range(count):
                value = draw(value_for(param))
                line.args += [draw(st.sampled_from(list(param.opts))), value]
                line.blank_option |= not value.strip()
                line.csv_out |= param.name == "fmt" and value == "csv"
                line.names_ledger |= is_path(param) and names_ledger(value)
        else:
            if not param.required and not draw(st.booleans()):
                continue
            n = param.nargs if param.nargs > 0 else draw(st.integers(0, 3))
            values = [draw(value_for(param)) for _ in range(n)]
            line.names_ledger |= is_path(param) and any(map(names_ledger, values))
            positional += values
    line.args += positional
    line.undecodable = any(map(undecodable, line.args))
    return line


@pytest.fixture(scope="module")
def source(hostile_template, tmp_path_factory) -> Source:
    return Source.of(*hostile_template, tmp_path_factory.mktemp("fuzz-source"))


@pytest.mark.slow  # ~50 commands x 10 hypothesis examples
@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_fuzzed_arguments(path, cmd, source, tmp_path_factory):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(line=arguments(cmd), terminal=st.booleans())
    def check(line: Line, terminal: bool) -> None:
        run_and_check(path, line, source, tmp_path_factory.mktemp("fuzz"), terminal=terminal)

    check()


def test_every_command_is_fuzzed():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"estate", "init"} <= names
    assert len(names) >= 3
