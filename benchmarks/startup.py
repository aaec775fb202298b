"""Start-up as a user feels it: whole processes, several interleaved runs, medians and spread.

    .venv/bin/python benchmarks/startup.py [--runs 15]

Times `python -c pass`, the minimal one-command Typer app on the pinned Typer
(benchmarks/minimal_typer_app.py, the least any Typer CLI costs), `liuliqiao --help`,
`liuliqiao --db sample.db add ...` (a write: each run adds a complaint to the copy; a stairwell
light, routed to its building's company, and the north gate's garbage station, routed by duty
with a limit in working days),
`liuliqiao --db sample.db estate` and `liuliqiao duty` (skipped with a note until it exists),
and prints each median as a ratio to the minimal app measured in the same run, next to its target.
To see where a command's start-up goes: `python -X importtime -m liuliqiao_cli duty 2> imp.txt`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import (  # noqa: E402
    PYTHON,
    REPO,
    Case,
    clean_env,
    fmt_ms,
    has_command,
    liuliqiao,
    load_average,
    measure,
)

# Issue 12: --help is answered from the table of commands, and a one-line write such as `add`
# should cost little more than Typer itself.
TARGETS = {
    "liuliqiao --help": 1.4,
    "liuliqiao --db sample.db add": 1.4,
    "liuliqiao --db sample.db add (duty, working days)": 1.4,
    "liuliqiao --db sample.db estate": 1.9,
    "liuliqiao duty": 1.4,
}
MINIMAL = "minimal Typer app"


def cases(sample: Path) -> tuple[list[Case], list[str]]:
    exe = liuliqiao()
    out = [
        Case("python -c pass", [PYTHON, "-c", "pass"]),
        Case(MINIMAL, [PYTHON, str(REPO / "benchmarks" / "minimal_typer_app.py"), "--name", "x"]),
        # Typer's own rich help, for reference: what any Typer CLI pays for --help.
        Case(
            "minimal Typer app --help",
            [PYTHON, str(REPO / "benchmarks" / "minimal_typer_app.py"), "--help"],
        ),
        Case("liuliqiao --help", [exe, "--help"]),
        Case(
            "liuliqiao --db sample.db add",
            [exe, "--db", str(sample), "add", "3号楼2单元楼道灯坏了好几天", "--source", "patrol"],
        ),
        # A jointly managed item at a public place: the duty rotation decides the company, and
        # its resolution limit is in working days (the holiday calendar is read).
        Case(
            "liuliqiao --db sample.db add (duty, working days)",
            [exe, "--db", str(sample), "add", "北门垃圾站满了没人清"],
        ),
        Case("liuliqiao --db sample.db estate", [exe, "--db", str(sample), "estate"]),
    ]
    notes = []
    if has_command("duty"):
        out.append(Case("liuliqiao duty", [exe, "--db", str(sample), "duty"]))
    else:
        notes.append("liuliqiao duty: skipped, the command does not exist yet")
    return out, notes


def report(measured: list[Case], notes: list[str], runs: int) -> str:
    minimal = next(c for c in measured if c.name == MINIMAL)
    floor = minimal.median
    lines = [
        f"start-up, {runs} interleaved runs each, load average {load_average()}",
        "",
        "| command | median | spread | x minimal Typer app | least CPU | x minimal (CPU) | target |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for c in measured:
        if c.error:
            notes.append(f"{c.name}: failed ({c.error})")
            continue
        ratio = c.median / floor
        target = TARGETS.get(c.name)
        verdict = (
            "" if target is None else f"<= {target}x " + ("ok" if ratio <= target else "MISSED")
        )
        # The least CPU time of the runs: on a loaded machine the wall-time ratio swings with
        # the other processes, the CPU-time ratio much less (it still pays cache misses).
        cpu = c.cpu_min / minimal.cpu_min
        lines.append(
            f"| {c.name} | {fmt_ms(c.median)} | ±{c.spread:.0%} | {ratio:.2f}x"
            f" | {fmt_ms(c.cpu_min)} | {cpu:.2f}x | {verdict} |"
        )
    lines += [f"note: {n}" for n in notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="liuliqiao-startup-") as tmp:
        sample = Path(tmp) / "sample.db"
        shutil.copy(REPO / "sample.db", sample)
        measured, notes = cases(sample)
        measure(measured, args.runs, clean_env(LIULIQIAO_DB=str(sample)), memory=False)
        print(report(measured, notes, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
