"""The benchmark harness still runs against the commands as they are (no timing asserted).

`benchmarks/run.py --quick --runs 1` on 10,000 complaints, without the peer and the import: every
command the harness knows either ran or is reported missing, none failed; `benchmarks/startup.py`
prints its table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the benchmark scripts (~15 s)

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=600, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_quick_benchmark_runs_every_command():
    text = run("benchmarks/run.py", "--quick", "--runs", "1", "--no-peer", "--no-import")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    names = {line.split("|")[1].strip() for line in rows}
    assert {"python -c pass", "minimal Typer app", "--help"} <= names
    failed = [line for line in rows if "| failed:" in line]
    assert failed == []
    assert "## Query plans of the hot queries" in text


def test_startup_benchmark_prints_ratios():
    text = run("benchmarks/startup.py", "--runs", "1")
    assert "| liuliqiao --help |" in text
    assert "x minimal Typer app" in text


def test_shell_benchmark_runs(sample_db: Path) -> None:
    """benchmarks/shell.py on the sample: every command timed inside the shell, memory, starts."""
    text = run("benchmarks/shell.py", "--ledger", str(sample_db), "--rounds", "12", "--runs", "1")
    assert "## Inside the shell, from a pipe" in text
    assert "| summary | " in text
    assert "memory:" in text and "after 1,000" in text
    assert "| shell on a terminal: spawn to prompt drawn" in text
    assert "least CPU time to the prompt" in text
    assert "nan" not in text  # every figure was measured


def test_shell_benchmark_times_the_start_alone(sample_db: Path) -> None:
    text = run("benchmarks/shell.py", "--ledger", str(sample_db), "--start-only", "--runs", "2")
    assert "| shell on a terminal: spawn to prompt drawn" in text
    assert "least CPU time to the prompt" in text
    assert "## Inside the shell" not in text
    assert "nan" not in text
