"""README examples marked ``<!-- example: NAME -->`` are the real output: each block's first line
is the command (``$ liuliqiao ...``), the rest what it prints on stdout, run on a copy of
sample.db at the moment the README's story takes place."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from conftest import ROOT

# name -> the clock of the README's story at that point
EXAMPLES = {
    "overdue": "2026-12-01 08:30:00",  # "A day of a grid worker", 8:30
    "search": "2026-12-01 17:05:00",
}


def _block(name: str) -> tuple[list[str], str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = f"<!-- example: {name} -->\n```console\n"
    assert readme.count(marker) == 1, name
    block = readme.split(marker, 1)[1].split("```", 1)[0]
    command, _, shown = block.partition("\n")
    assert command.startswith("$ liuliqiao "), command
    return shlex.split(command)[2:], shown


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_readme_example_is_real(cli, sample_db: Path, monkeypatch, name: str) -> None:
    monkeypatch.setenv("LIULIQIAO_NOW", EXAMPLES[name])
    args, shown = _block(name)
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == shown
