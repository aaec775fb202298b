"""Timing whole processes: interleaved runs, medians, spread and peak memory (shared by
startup.py and run.py)."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PYTHON = sys.executable


def liuliqiao() -> str:
    """The installed entry point next to this interpreter (as a user runs it)."""
    exe = VENV_BIN / "liuliqiao"
    return str(exe) if exe.exists() else "liuliqiao"


@dataclass
class Case:
    name: str
    argv: Sequence[str] | Callable[[], Sequence[str]]  # a callable gives each run its own
    env: dict[str, str] | None = None
    setup: Callable[[], object] | None = None  # run before each run (copy a ledger); not timed
    stdin: bytes | None = None
    expect: tuple[int, ...] = (0,)
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of each run
    rss_kb: list[int] = field(default_factory=list)
    error: str = ""

    def args(self) -> list[str]:
        return list(self.argv() if callable(self.argv) else self.argv)

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def cpu_min(self) -> float:
        """The least CPU time of a run: what the process itself costs, which other processes
        on a loaded machine disturb far less than its wall time."""
        return min(self.cpu) if self.cpu else float("nan")

    @property
    def spread(self) -> float:
        """Half the inter-quartile range, as a fraction of the median (robust to one hiccup)."""
        if len(self.times) < 4:
            return (max(self.times) - min(self.times)) / 2 / self.median if self.times else 0.0
        q = statistics.quantiles(self.times, n=4)
        return (q[2] - q[0]) / 2 / self.median

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb) / 1024 if self.rss_kb else float("nan")


def run_once(case: Case, base_env: dict[str, str]) -> None:
    """Run one process; record wall time and the child's peak RSS (wait4's rusage)."""
    if case.setup is not None:
        case.setup()
    env = {**base_env, **(case.env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        case.args(),
        env=env,
        stdin=subprocess.PIPE if case.stdin else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, stderr = proc.communicate(case.stdin)
    # os.wait4 is not reachable after communicate(); RUSAGE_CHILDREN's ru_maxrss is the max over
    # all children so far, so each process is also measured alone below when memory matters.
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in case.expect:
        case.error = f"exit {proc.returncode}: {stderr.decode(errors='replace').strip()[:200]}"
        return
    case.times.append(elapsed)
    case.cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def peak_rss_kb(
    argv: Sequence[str], env: dict[str, str], setup: Callable[[], object] | None = None
) -> int:
    """Peak resident memory of one run, from a fresh grandchild so that earlier runs don't mask
    it (ru_maxrss of RUSAGE_CHILDREN is a running maximum)."""
    if setup is not None:
        setup()
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,"
        " stdin=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PYTHON, "-c", code, *argv], env=env, capture_output=True, text=True)
    try:
        return int(out.stdout.strip())
    except ValueError:
        return 0


def measure(
    cases: list[Case], runs: int, base_env: dict[str, str], *, memory: bool = True, warmup: int = 1
) -> None:
    """Interleave the cases (a round runs each once) so that a slow moment hits all of them."""
    for _ in range(warmup):
        for case in cases:
            run_once(case, base_env)
            case.times.clear()
    for _ in range(runs):
        for case in cases:
            if not case.error:
                run_once(case, base_env)
    if memory:
        for case in cases:
            if not case.error:
                case.rss_kb.append(
                    peak_rss_kb(case.args(), {**base_env, **(case.env or {})}, case.setup)
                )


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIULIQIAO_")}
    env.update(
        {
            "LIULIQIAO_LANG": "zh",
            "NO_COLOR": "1",
            "COLUMNS": "160",
            "PYTHONDONTWRITEBYTECODE": "",
            "LIULIQIAO_ACTOR": "bench",
        }
    )
    env.update(extra)
    return {k: v for k, v in env.items() if v != ""}


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def has_command(*words: str) -> bool:
    """Whether ``liuliqiao WORDS --help`` exists yet (commands land while the harness is used)."""
    out = subprocess.run([liuliqiao(), *words, "--help"], env=clean_env(), capture_output=True)
    return out.returncode == 0


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds == seconds else "-"
