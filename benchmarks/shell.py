"""``liuliqiao shell`` on a big ledger: each command timed inside the shell, its start, its memory,
and cold processes next to it (issue 18).

    .venv/bin/python benchmarks/generate.py -n 1000000 --out /tmp/bench/1m.db   # once
    .venv/bin/python benchmarks/shell.py --ledger /tmp/bench/1m.db [--rounds 50]

Inside the shell: a child process runs ``liuliqiao --db COPY shell`` exactly as a user does,
reading commands from a pipe (the shell's non-terminal mode). The pipe is a timed iterator: a
command's time runs from the moment the shell takes its line to the moment it asks for the
next one (parse, run, output written to /dev/null, flushed). The commands are interleaved
round by round (add, show, list, search, summary, ...) so that a slow moment of the machine
hits all of them. On a terminal the prompt also reads its bottom line (today's duty, the overdue
count) after each command: timed separately. Memory: the shell's resident set after 10 and after
1,000 commands.

Start and cold processes: interleaved whole-process runs, medians, as ratios to the minimal Typer
app measured in the same run; the shell's start on a pseudo-terminal is the time until the
prompt is drawn (prompt_toolkit included); Taskwarrior's ``task add`` when it is installed.

    .venv/bin/python benchmarks/shell.py --ledger L.db --start-only [--runs 15]

times only the start on a pseudo-terminal, each run beside a run of the minimal Typer app: the
wall time to the prompt drawn, and the CPU time the shell had used by then (all its threads,
from /proc; the minimal app's from its rusage), whose least is steadier than the wall time on
a machine that other work keeps busy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import PYTHON, REPO, Case, clean_env, liuliqiao, load_average, measure  # noqa: E402

NOW = "2026-11-27 10:00:00"
TARGETS_MS = {"add": 10.0, "show": 15.0, "list": 15.0, "search": 15.0, "summary": 50.0}

CHILD = r"""
import json, os, sys, time

lines, out_path = json.loads(sys.argv[1]), sys.argv[2]
marks = []
rss = {}


def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


class Timed:
    # The shell's standard input: one command per line, the moment each is taken recorded.
    def __iter__(self):
        for i, line in enumerate(lines):
            marks.append(time.perf_counter())
            if i in (10, 1000):
                rss[i] = rss_kb()
            yield (line + "\n").encode()
        marks.append(time.perf_counter())


class Stdin:
    buffer = Timed()

    def isatty(self):
        return False


sys.stdin = Stdin()
sys.argv = ["liuliqiao", "--db", os.environ["BENCH_LEDGER"], "shell"]
import liuliqiao_cli.cli as cli
from liuliqiao_cli.cli import shell

status_times = []
if os.environ.get("BENCH_STATUS"):
    run = shell.Shell.run

    def run_and_status(self, line):
        code = run(self, line)
        t = time.perf_counter()
        self.status_line()
        status_times.append(time.perf_counter() - t)
        return code

    shell.Shell.run = run_and_status
try:
    cli.main()
except SystemExit:
    pass
took = [b - a for a, b in zip(marks, marks[1:])]
if status_times:  # the bottom line is timed on its own, not as part of the command
    took = [t - s for t, s in zip(took, status_times)]
with open(out_path, "w") as f:
    json.dump({"took": took, "rss": rss, "status": status_times}, f)
"""


def commands(ledger: Path, rounds: int) -> tuple[list[str], list[str]]:
    """(kinds, lines): ``rounds`` rounds of add, show, list, search, summary."""
    import sqlite3

    conn = sqlite3.connect(ledger)
    top = conn.execute("SELECT max(id) FROM complaints").fetchone()[0]
    conn.close()
    kinds, lines = [], []
    words = ["楼道灯坏", "垃圾站满", "漏雨", "停车乱", "噪音扰民"]
    for r in range(rounds):
        for kind, line in (
            ("add", f"add '3号楼2单元楼道灯坏了好几天（第{r}次）' --source patrol"),
            ("show", f"show {1 + (top // 2 + r * 997) % top}"),
            ("list", "list --open --building 3 --limit 50"),
            ("search", f"search {words[r % len(words)]}"),
            ("summary", "summary"),
        ):
            kinds.append(kind)
            lines.append(line)
    return kinds, lines


def inside(
    ledger: Path, lines: list[str], env: dict[str, str], status: bool, rich: bool = False
) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="liuliqiao-shell-"))
    try:
        copy = folder / "ledger.db"
        shutil.copy(ledger, copy)
        out = folder / "times.json"
        child_env = {**env, "BENCH_LEDGER": str(copy)}
        if status:
            child_env["BENCH_STATUS"] = "1"
        if rich:  # the tables and views a terminal gets (rich), written to /dev/null
            child_env["FORCE_COLOR"] = "1"
        with open(os.devnull, "w") as devnull:
            subprocess.run(
                [PYTHON, "-c", CHILD, json.dumps(lines), str(out)],
                env=child_env,
                stdout=devnull,
                stderr=devnull,
                check=True,
            )
        return json.loads(out.read_text())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def pty_start(env: dict[str, str], ledger: Path) -> tuple[float, float]:
    """Seconds from spawning ``liuliqiao shell`` on a pseudo-terminal to its prompt drawn, and
    the CPU seconds the shell had used by then (nan where /proc does not say)."""
    import pty
    import select

    master, slave = pty.openpty()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [liuliqiao(), "--db", str(ledger), "shell", "--no-history"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm"},
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    took = cpu = float("nan")
    while time.perf_counter() - t0 < 30:
        ready, _, _ = select.select([master], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        seen += chunk
        if b"\x1b[6n" in chunk:
            os.write(master, b"\x1b[24;1R")  # the cursor position a terminal would report
        if b"liuliqiao>" in seen:
            took = time.perf_counter() - t0
            cpu = _cpu_seconds(proc.pid)
            break
    os.write(master, b"\x04")
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    os.close(master)
    return took, cpu


def _cpu_seconds(pid: int) -> float:
    """CPU time of every thread of ``pid`` so far (/proc/PID/task/*/schedstat, nanoseconds)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")
    return total / 1e9


def start_rows(env: dict[str, str], ledger: Path, runs: int) -> list[str]:
    """The start on a terminal, each run beside a run of the minimal Typer app: table rows."""
    import resource

    minimal = [PYTHON, str(REPO / "benchmarks" / "minimal_typer_app.py"), "--name", "x"]
    starts, floors, start_cpu, floor_cpu = [], [], [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(minimal, env=env, capture_output=True, check=True)
        floors.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        floor_cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        took, cpu = pty_start(env, ledger)
        starts.append(took)
        start_cpu.append(cpu)
    start, floor_here = statistics.median(starts), statistics.median(floors)
    least, least_floor = min(start_cpu), min(floor_cpu)
    return [
        f"| shell on a terminal: spawn to prompt drawn ({len(starts)} runs, each beside a "
        f"run of the minimal app: {1000 * floor_here:.0f} ms) | {1000 * start:.0f} ms "
        f"| {start / floor_here:.2f}x |",
        f"| the same, least CPU time to the prompt (the minimal app's least: "
        f"{1000 * least_floor:.0f} ms) | {1000 * least:.0f} ms | {least / least_floor:.2f}x |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ledger", type=Path, required=True, help="from benchmarks/generate.py")
    parser.add_argument("--rounds", type=int, default=50, help="rounds of commands (default 50)")
    parser.add_argument("--runs", type=int, default=15, help="whole-process runs (default 15)")
    parser.add_argument(
        "--start-only", action="store_true", help="only the start on a pseudo-terminal"
    )
    args = parser.parse_args(argv)
    env = clean_env(LIULIQIAO_NOW=NOW)
    out: list[str] = []
    if args.start_only:
        out += ["| process | median | x minimal Typer app |", "|---|---:|---:|"]
        out += start_rows(env, args.ledger, args.runs)
        out += ["", f"load average at the end: {load_average()}"]
        print("\n".join(out))
        return 0

    kinds, lines = commands(args.ledger, args.rounds)
    minimal = [PYTHON, str(REPO / "benchmarks" / "minimal_typer_app.py"), "--name", "x"]

    def floor_now() -> list[float]:
        """The minimal Typer app as a process, a few times: the machine's speed right now."""
        runs = []
        for _ in range(7):
            t0 = time.perf_counter()
            subprocess.run(minimal, env=env, capture_output=True, check=True)
            runs.append(1000 * (time.perf_counter() - t0))
        return runs

    status: list[float] = []
    for rich in (False, True):
        before = floor_now()
        result = inside(args.ledger, lines, env, status=not rich, rich=rich)
        floor = statistics.median(before + floor_now())
        took = result["took"]
        status = status or sorted(1000 * t for t in result["status"])
        where = "as on a terminal" if rich else "from a pipe (plain text)"
        out += [
            f"## Inside the shell, {where}: {args.rounds} rounds, median / p90 "
            f"(the minimal Typer app as a process, just before and after: {floor:.0f} ms)",
            "",
        ]
        out += [
            "| command | median | p90 | x minimal Typer app | target |",
            "|---|---:|---:|---:|---|",
        ]
        for kind in ("add", "show", "list", "search", "summary"):
            times = sorted(1000 * t for k, t in zip(kinds, took, strict=False) if k == kind)
            median = statistics.median(times)
            p90 = times[int(0.9 * (len(times) - 1))]
            verdict = "ok" if median <= TARGETS_MS[kind] else "MISSED"
            out.append(
                f"| {lines[kinds.index(kind)][:44]} | {median:.1f} ms | {p90:.1f} ms "
                f"| {median / floor:.3f}x | ≤ {TARGETS_MS[kind]:.0f} ms: {verdict} |"
            )
        out.append("")
    out += [
        "bottom line (duty and overdue count), read after each command on a terminal: median "
        f"{statistics.median(status):.1f} ms, p90 {status[int(0.9 * (len(status) - 1))]:.1f} ms"
    ]

    many = ["duty", "show 1", "list --limit 5", "search 漏雨 --limit 5", "estate"] * 220
    memory = inside(args.ledger, many[:1010], env, status=False)["rss"]
    after_10, after_1000 = memory["10"], memory["1000"]
    out += [
        "",
        f"memory: {after_10 / 1024:.1f} MB after 10 commands, {after_1000 / 1024:.1f} MB after "
        f"1,000 ({after_1000 / after_10:.2f}x; target ≤ 1.2x: "
        f"{'ok' if after_1000 <= 1.2 * after_10 else 'MISSED'})",
    ]

    folder = Path(tempfile.mkdtemp(prefix="liuliqiao-shell-cold-"))
    try:
        writable = folder / "writable.db"
        shutil.copy(args.ledger, writable)
        exe = liuliqiao()
        cases = [
            Case(
                "minimal Typer app",
                [PYTHON, str(REPO / "benchmarks" / "minimal_typer_app.py"), "--name", "x"],
            ),
            Case(
                "add (a process)",
                [
                    exe,
                    "--db",
                    str(writable),
                    "add",
                    "3号楼2单元楼道灯坏了好几天",
                    "--source",
                    "patrol",
                ],
            ),
            Case("duty (a process)", [exe, "--db", str(args.ledger), "duty"]),
            Case(
                "shell, piped: start and exit",
                [exe, "--db", str(args.ledger), "shell"],
                stdin=b"exit\n",
            ),
        ]
        task = shutil.which("task")
        if task:
            cases.append(
                Case(
                    "task add",
                    [task, "add", "北门垃圾站满了没人清"],
                    env={"TASKDATA": str(folder / "task"), "TASKRC": "/dev/null"},
                )
            )
        measure(cases, args.runs, env, memory=False)
        floor = cases[0].median
        out += ["", f"## Whole processes ({args.runs} interleaved runs, medians)", ""]
        out += ["| process | median | x minimal Typer app |", "|---|---:|---:|"]
        for case in cases:
            note = f" ({case.error})" if case.error else ""
            out.append(
                f"| {case.name}{note} | {1000 * case.median:.0f} ms | {case.median / floor:.2f}x |"
            )
        # The start on a terminal, interleaved with the floor measured again beside it.
        out += start_rows(env, args.ledger, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out += ["", f"load average at the end: {load_average()}"]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
