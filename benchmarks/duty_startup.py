"""Start-up figures of `liuliqiao duty` and `duty calendar` (100 years) against a minimal Typer app.

Run: .venv/bin/python benchmarks/duty_startup.py [ROUNDS]. Prints the median wall time of each
process over ROUNDS runs (interleaved, so machine noise hits all alike) and the ratios. The issue's
budget: duty <= 1.4x, calendar over 100 years <= 1.9x. A script, not a test: timings are noisy.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL = """
import typer
app = typer.Typer()
@app.command()
def main(name: str = "x") -> None:
    typer.echo(name)
app()
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one process; CPU time (user + system) suffers less than wall time
    when other work shares the machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "sample.db"
        subprocess.run(
            [python, "-m", "liuliqiao_cli", "db", "sample", str(ledger)],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL)
        # Bytecode caching on, as in a real install (this workplace sets PYTHONDONTWRITEBYTECODE,
        # which would make every run recompile the project's modules but not Typer's).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {
            **env,
            "LIULIQIAO_DB": str(ledger),
            "LIULIQIAO_NOW": "2026-11-27 10:00:00",
            "COLUMNS": "160",
        }
        cases = {
            "minimal typer app": [python, str(minimal)],
            # the floor of any liuliqiao command: Typer builds every command group, then stops
            "liuliqiao --version": [python, "-m", "liuliqiao_cli", "--version"],
            "liuliqiao duty": [python, "-m", "liuliqiao_cli", "duty"],
            "duty calendar 100y": [
                python,
                "-m",
                "liuliqiao_cli",
                "duty",
                "calendar",
                "--from",
                "2023-03-01",
                "--to",
                "2123-02-28",
            ],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for cmd in cases.values():  # warm the file cache
            timed(cmd, env)
        for _ in range(rounds):
            for name, cmd in cases.items():
                times[name].append(timed(cmd, env))
    print(f"{rounds} interleaved rounds, load average {os.getloadavg()[0]:.2f}")
    base_wall = statistics.median(w for w, _ in times["minimal typer app"])
    base_cpu = statistics.median(c for _, c in times["minimal typer app"])
    for name, values in times.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(
            f"{name:22s} wall {wall * 1000:6.1f} ms ({wall / base_wall:4.2f}x)"
            f"   cpu {cpu * 1000:6.1f} ms ({cpu / base_cpu:4.2f}x)"
        )


if __name__ == "__main__":
    main()
