"""Each edge value of issue 13 in each parameter of each command, deterministically.

Random command lines (tests/test_fuzz.py) seldom reach deep: with a dozen options drawn at random,
one of them is nearly always wrong, and the command stops there. Here every command runs with
good values for what it needs (the table GOOD, by parameter name) and ONE parameter set to an
edge value: an integer beyond 64 bits, a number ``int`` refuses, bytes that are not UTF-8, an
empty value, escape sequences, Markdown/CSV/HTML metacharacters, a path naming the ledger or its
side files. Each command also runs as it is and with each of its choices (every output format),
into a pipe and onto a terminal, on the hostile ledger (tests/hostile.py). Every outcome is held
to what tests/fuzz_support.py's ``run_and_check`` asserts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fuzz_support import (
    BIG_NUMBERS,
    COMMANDS,
    EMPTY,
    ESCAPE_TEXTS,
    LEDGER_PATHS,
    METACHARACTERS,
    UNDECODABLE,
    Line,
    Source,
    is_int,
    is_path,
    names_ledger,
    run_and_check,
    undecodable,
)

# Good values, by parameter name ({complaint} and {meeting}: the hostile ledger's own).
GOOD = {
    "complaint_id": "{complaint}",
    "meeting_id": "{meeting}",
    "decision_id": "1",
    "override_id": "1",
    "text": "北门垃圾桶满了",
    "terms": "垃圾",
    "target": "out.db",
    "file": "in.jsonl",
    "start": "2026-12-01",
    "end": "2026-12-02",
    "company": "首华",
    "reason": "理由",
    "kind": "council",
    "day": "2026-11-28",
    "decision": "决定",
    "changes": "--add",
    "people": "张三",
    "of": "1",
    "resolved": "yes",
    "handover": "03-01",
    "order": "shouhua,chengjian",
    "since": "2027-03-01",
    "estate_file": str(Path(__file__).parent / "data" / "agreement-2027.toml"),
    "key": "rates.small_sample",
    "value": "10",
}
# Given even where optional: without them the command stops before the value under test is read.
ALWAYS = {"text", "reason", "decision", "resolved", "meeting_id"}

STRING_EDGES = [
    BIG_NUMBERS[0],
    BIG_NUMBERS[3],
    BIG_NUMBERS[5],
    *UNDECODABLE[:2],
    *EMPTY[:2],
    *(ESCAPE_TEXTS[i] for i in (0, 2, 4, 8)),
    "|".join(METACHARACTERS[:4]),
]
INT_EDGES = [BIG_NUMBERS[0], BIG_NUMBERS[1], BIG_NUMBERS[2], BIG_NUMBERS[5]]
PATH_EDGES = [*LEDGER_PATHS, "", "out.md", "out.html", "out.csv"]


def _given(param: Any) -> bool:
    return bool(param.required) or param.name in ALWAYS


def line(cmd: Any, numbers: dict[str, int], under_test: Any = None, value: str = "") -> Line:
    """Good values for what ``cmd`` needs, and ``value`` for ``under_test``."""
    result = Line([])
    positional: list[str] = []
    for param in cmd.params:
        if param is under_test:
            given = value
        elif _given(param) and not getattr(param, "is_flag", False):
            given = GOOD[param.name].format(**numbers)
        else:
            continue
        if param.param_type_name == "option":
            result.args += [param.opts[0], given]
            if param is under_test:
                result.blank_option = not value.strip()
        else:
            positional.append(given)
        if param is under_test:
            result.names_ledger = is_path(param) and names_ledger(value)
            result.csv_out = param.name == "fmt" and value == "csv"
    result.args += positional
    result.undecodable = undecodable(value)
    return result


def edges(param: Any) -> list[str]:
    if getattr(param, "is_flag", False) or "--help" in getattr(param, "opts", ()):
        return []
    if is_path(param):
        return PATH_EDGES
    choices = getattr(param.type, "choices", None)
    if choices:
        return [str(getattr(c, "value", c)) for c in choices] + [""]
    return INT_EDGES if is_int(param) else STRING_EDGES


CASES = [
    pytest.param(path, cmd, param, id=f"{' '.join(path)} {param.name}")
    for path, cmd in COMMANDS
    for param in cmd.params
    if edges(param)
]


@pytest.fixture(scope="module")
def source(hostile_template, tmp_path_factory) -> Source:
    return Source.of(*hostile_template, tmp_path_factory.mktemp("edges-source"))


def test_every_needed_parameter_has_a_good_value() -> None:
    missing = [
        f"{' '.join(path)} {p.name}"
        for path, cmd in COMMANDS
        for p in cmd.params
        if p.required and p.name not in GOOD
    ]
    assert missing == [], "add a good value to GOOD for these parameters"


@pytest.mark.slow
@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_as_it_is(path, cmd, source, tmp_path_factory) -> None:
    for terminal in (False, True):
        scratch = tmp_path_factory.mktemp("edge")
        run_and_check(path, line(cmd, source.numbers), source, scratch, terminal=terminal)


@pytest.mark.slow
@pytest.mark.parametrize("path, cmd, param", CASES)
def test_each_edge_value(path, cmd, param, source, tmp_path_factory) -> None:
    choices = bool(getattr(param.type, "choices", None))
    for value in edges(param):
        for terminal in (False, True) if choices else (False,):
            drawn = line(cmd, source.numbers, param, value)
            scratch = tmp_path_factory.mktemp("edge")
            run_and_check(path, drawn, source, scratch, terminal=terminal)
