"""The benchmark: every user-facing command as a whole process, at a district's scale.

    .venv/bin/python benchmarks/run.py                  # 1,000,000 complaints (a few minutes)
    .venv/bin/python benchmarks/run.py --quick          # 10,000 complaints, fewer runs
    .venv/bin/python benchmarks/run.py --ledger L.db    # reuse a ledger from generate.py

It generates the ledger in a temp folder through the bulk path (benchmarks/generate.py), adds a
meeting with 200 agenda complaints, then times each command several times, interleaved with the
floors measured in the same run: the bare interpreter (`python -c pass`) and the minimal
one-command Typer app (benchmarks/minimal_typer_app.py), and with the peer, Taskwarrior (`task`,
10,000 tasks in a temp TASKDATA; skipped with a note when it is not installed). Commands that
write run against a copy of the ledger so that the read commands always see the same data.
Commands that do not exist yet are skipped with a note.

It prints one Markdown table (command, median, spread, ratio to each floor and to the peer, peak
memory, the target from issue 8 and the verdict), the peak memory of read commands at 10,000 vs
N rows, the JSONL export, the import against its floor (benchmarks/import_floor.py) and the merge
of two copies differing in 10,000 complaints (benchmarks/merge_pair.py), with their peak memory
at 100,000 vs N, and the query plans of the hot queries (benchmarks/plans.py). Where a command misses, profile it:
`python -X importtime -m liuliqiao_cli ARGS 2> imp.txt` (start-up) or
`pyinstrument -m liuliqiao_cli ARGS` (run time).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
import plans  # noqa: E402
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
    peak_rss_kb,
)

NOW = plans.NOW
YEAR_BACK = plans.YEAR_BACK
PEER_TASKS = 10_000
SMALL = 10_000
FLAT_N = 100_000  # export, import and merge are also run at this size: is their memory flat?


@dataclass(frozen=True)
class Target:
    of: str  # 'typer' (ratio to the minimal app), 'peer' (to a Taskwarrior case), 'floor'
    limit: float
    peer: str = ""


# From issue 8 ("Figures to reach"), as ratios measured in the same run; add's from issue 14
# (with the recogniser, the questions and the possible-duplicate lookup).
TARGETS: dict[str, list[Target]] = {
    "add": [Target("typer", 1.4), Target("peer", 2.0, "task add")],
    "tag": [Target("typer", 1.3)],
    "resolve": [Target("typer", 1.3)],
    "duty": [Target("typer", 1.4)],
    "show": [Target("typer", 1.9)],
    "estate": [Target("typer", 1.9)],
    "list --open --building 3 --limit 50": [
        Target("typer", 1.9),
        Target("peer", 1.25, "task list (filtered, 50 rows)"),
    ],
    "search (3+ characters)": [Target("typer", 1.9)],
    "--help": [Target("typer", 2.3)],
    "summary": [Target("typer", 2.5)],
    "rates --by company (a year)": [Target("typer", 2.5)],
    "search (1-2 characters)": [Target("typer", 6.0)],
    "dossier, 200 items, md": [Target("typer", 2.5)],  # as of the meeting day (issue 19)
    "dossier, 200 items, docx": [Target("typer", 4.0)],
    # issue 15
    "today": [Target("typer", 2.0)],
    "list --due-within 24h": [Target("typer", 1.6)],
    "calls": [Target("typer", 1.6)],
}
# Read commands whose peak memory must be flat in N (<= 1.2x from 10k to N rows).
FLAT_MEMORY = (
    "list --overdue --format json",
    "list --open --building 3 --limit 50",
    "summary",
    "rates --by company (a year)",
    "search (3+ characters)",
    "search (1-2 characters)",
    "show",
    "dossier, 200 items, md",
    "today",
    "list --due-within 24h",
    "calls",
)


def ids(ledger: Path, sql: str, n: int) -> list[int]:
    conn = sqlite3.connect(f"{ledger.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute(sql + " LIMIT ?", (n,))]
    finally:
        conn.close()


def cycling(values: list[int]) -> Callable[[], str]:
    it: Iterator[int] = iter(values)

    def next_value() -> str:
        return str(next(it))

    return next_value


def run_cli(ledger: Path, *args: str, now: str = NOW) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [liuliqiao(), "--db", str(ledger), *args],
        env=clean_env(LIULIQIAO_NOW=now),
        capture_output=True,
        text=True,
    )


def prepare_meeting(ledger: Path, items: int = 200) -> int | None:
    """A meeting held this morning, an hour before the benchmark's "now", with ``items`` agenda
    complaints put on it before it sat, after one a month earlier (so the dossier's figures cover
    the month between them, as in real use): its dossier is built as of the meeting (issue 19).
    None if meetings don't exist yet."""
    if not has_command("meeting", "add") or not has_command("dossier"):
        return None
    for day, sat in (("2026-10-27", "14:30"), (NOW[:10], "09:00")):
        out = run_cli(ledger, "meeting", "add", "--kind", "joint", "--date", day, "--time", sat,
                      "--place", "社区会议室", "--host", "李书记", "--recorder", "张网格员",
                      now=f"{day} 08:00:00")  # fmt: skip
        if out.returncode != 0:
            return None
    (mid,) = ids(ledger, "SELECT max(id) FROM meetings", 1)
    agenda = ids(
        ledger,
        "SELECT id FROM complaints WHERE status IN ('received','dispatched',"
        "'in_progress','disputed','reopened') ORDER BY id DESC",
        items,
    )
    out = run_cli(
        ledger,
        "meeting",
        "agenda",
        str(mid),
        "--add",
        *map(str, agenda),
        now=f"{NOW[:10]} 08:00:00",
    )
    return mid if out.returncode == 0 else None


def peer_setup(folder: Path) -> tuple[dict[str, str], str] | None:
    """A TASKDATA with 10,000 tasks; (environment, note) or None when `task` is missing."""
    task = shutil.which("task")
    if task is None:
        return None
    import json

    data = folder / "taskdata"
    data.mkdir()
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nnews.version=99\n")
    env = {"TASKRC": str(rc), "TASKDATA": str(data)}
    tasks = [
        {
            "description": f"{i % 4 + 1}号楼{i % 5 + 1}单元 楼道灯坏了 第{i}条",
            "project": f"b{i % 4 + 1}",
            "status": "pending",
            "entry": "20260101T000000Z",
            "uuid": f"{i:08x}-0000-4000-8000-{i:012x}",
        }
        for i in range(PEER_TASKS)
    ]
    (folder / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    subprocess.run(
        [task, "import", str(folder / "tasks.json")],
        env={**clean_env(), **env},
        capture_output=True,
        check=True,
    )
    subprocess.run([task, "list"], env={**clean_env(), **env}, capture_output=True)  # settle
    version = subprocess.run([task, "--version"], capture_output=True, text=True).stdout.strip()
    return env, f"Taskwarrior {version}, {PEER_TASKS:,} tasks"


def build_cases(
    master: Path,
    writable: Path,
    folder: Path,
    mid: int | None,
    peer: tuple[dict[str, str], str] | None,
    runs: int,
) -> tuple[list[Case], list[str]]:
    exe = liuliqiao()
    notes: list[str] = []
    need = runs + 4  # warm-up and the memory run take ids too
    cases = [
        Case("python -c pass", [PYTHON, "-c", "pass"]),
        Case(
            "minimal Typer app",
            [PYTHON, str(REPO / "benchmarks" / "minimal_typer_app.py"), "--name", "x"],
        ),
    ]
    if peer is None:
        notes.append("peer: Taskwarrior is not installed (apt-get install taskwarrior); skipped")
    else:
        env, _ = peer
        task = shutil.which("task") or "task"
        cases += [
            Case("task add", [task, "add", "北门垃圾站满了没人清", "project:b1"], env=env),
            Case(
                "task list (filtered, 50 rows)", [task, "project:b3", "limit:50", "list"], env=env
            ),
        ]

    def ours(
        name: str,
        words: tuple[str, ...],
        argv: list[str] | Callable[[], list[str]],
        ledger: Path = master,
    ) -> None:
        if not has_command(*words):
            notes.append(f"{name}: skipped, `liuliqiao {' '.join(words)}` does not exist yet")
            return
        if callable(argv):
            make = argv
            cases.append(Case(name, lambda: [exe, "--db", str(ledger), *make()]))
        else:
            cases.append(Case(name, [exe, "--db", str(ledger), *argv]))

    open_sql = "SELECT id FROM complaints WHERE status = '{}' ORDER BY id DESC"
    in_progress = cycling(ids(master, open_sql.format("in_progress"), need))
    taggable = cycling(ids(master, "SELECT id FROM complaints ORDER BY id DESC", need))
    show_id = str(ids(master, "SELECT id FROM complaints ORDER BY id", 1_000_000)[-1] // 2 or 1)
    ours("add", ("add",), ["add", "3号楼2单元楼道灯坏了好几天", "--source", "patrol"], writable)
    ours("tag", ("tag",), lambda: ["tag", taggable(), "--add", "盼"], writable)
    ours("resolve", ("resolve",), lambda: ["resolve", in_progress(), "--note", "已修好"], writable)
    ours("duty", ("duty",), ["duty"])
    ours("show", ("show",), ["show", show_id])
    ours("estate", ("estate",), ["estate"])
    ours(
        "list --open --building 3 --limit 50",
        ("list",),
        ["list", "--open", "--building", "3", "--limit", "50"],
    )
    ours("list --overdue --format json", ("list",), ["list", "--overdue", "--format", "json"])
    ours("list --due-within 24h", ("list",), ["list", "--due-within", "24h"])
    ours("today", ("today",), ["today"])
    ours("calls", ("calls",), ["calls"])
    ours("search (3+ characters)", ("search",), ["search", "楼道灯坏"])
    ours("search (1-2 characters)", ("search",), ["search", "垃圾"])
    ours("summary", ("summary",), ["summary"])
    ours(
        "rates --by company (a year)",
        ("rates",),
        ["rates", "--by", "company", "--since", YEAR_BACK],
    )
    if mid is None:
        notes.append("dossier: skipped, `meeting`/`dossier` do not exist yet")
    else:
        for fmt in ("md", "docx"):
            ours(
                f"dossier, 200 items, {fmt}",
                ("dossier",),
                ["dossier", str(mid), "-o", str(folder / f"dossier.{fmt}"), "--force"],
            )
    cases.append(Case("--help", [exe, "--help"]))
    return cases, notes


def time_once(argv: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """One heavy run (import, export): wall time, peak RSS (KiB), error text."""
    seconds, _, rss, err = timed(argv, env)
    return seconds, rss, err


@dataclass(frozen=True)
class Cpu:
    """The CPU time of a run, its helpers included. It is what the run itself costs: on a shared
    two-core machine the wall time also holds the other processes' turns, which change from one
    run to the next (and the system time grows when the kernel must find memory for the page
    cache while it writes back other processes' files)."""

    user: float
    system: float

    @property
    def total(self) -> float:
        return self.user + self.system

    def __str__(self) -> str:
        return f"CPU {self.total:,.1f} s: {self.user:,.1f} user + {self.system:,.1f} sys"


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, Cpu, int, str]:
    """One heavy run: wall time, CPU time, peak RSS (KiB), error text."""
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter();"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE);"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(time.perf_counter() - t, u.ru_utime, u.ru_stime, u.ru_maxrss,"
        " p.returncode); sys.stderr.write(p.stderr.decode(errors='replace')[-300:])"
    )
    out = subprocess.run([PYTHON, "-c", code, *argv], env=env, capture_output=True, text=True)
    seconds, user, system, rss, rc = out.stdout.split()
    error = "" if rc == "0" else f"exit {rc}: {out.stderr.strip()}"
    return float(seconds), Cpu(float(user), float(system)), int(rss), error


def import_rows(
    master: Path, folder: Path, env: dict[str, str], *, differ: int = 10_000
) -> tuple[list[str], list[str], dict[str, int]]:
    """Export N complaints to JSONL, import them into a fresh ledger, the raw floor, and the merge
    of two copies that differ in ``differ`` complaints (benchmarks/merge_pair.py). Returns table
    rows, notes, and the peak RSS (KiB) of each step (for the memory comparison)."""
    notes: list[str] = []
    if not (has_command("export") and has_command("import")):
        return [], ["import/export: skipped, the commands do not exist yet"], {}
    exe = liuliqiao()
    jsonl = folder / "ledger.jsonl"
    t_exp, rss_exp, err = time_once([exe, "--db", str(master), "export", "-o", str(jsonl)], env)
    if err:
        return [], [f"export failed: {err}"], {}

    def fresh(name: str) -> Path:
        path = folder / name
        subprocess.run([exe, "--db", str(path), "init"], env=env, capture_output=True, check=True)
        return path

    def drop(name: str) -> None:
        for extra in ("", "-wal", "-shm"):
            (folder / f"{name}{extra}").unlink(missing_ok=True)

    t_imp, cpu_imp, rss_imp, err = timed(
        [exe, "--db", str(fresh("imported.db")), "import", str(jsonl)], env
    )
    if err:
        notes.append(f"import failed: {err}")
    # gone before the floor runs: at 1,000,000 complaints the file and the imported ledger are
    # ~3 GB each, and a shared disk may not hold them beside the floor's ledger
    drop("imported.db")
    jsonl.unlink(missing_ok=True)
    t_floor, cpu_floor, rss_floor, err2 = timed(
        [PYTHON, str(REPO / "benchmarks" / "import_floor.py"), str(master), str(fresh("floor.db"))],
        env,
    )
    if err2:
        notes.append(f"import floor failed: {err2}")
    drop("floor.db")
    n = ids(master, "SELECT count(*) FROM complaints", 1)[0]
    pair = folder / "pair"
    pair.mkdir()
    import merge_pair

    a, b = merge_pair.diverge(master, pair, min(differ, n // 2))
    b_file = pair / "b.jsonl"
    t_exp_b, _, err3 = time_once([exe, "--db", str(b), "export", "-o", str(b_file)], env)
    t_merge, rss_merge, err4 = time_once([exe, "--db", str(a), "merge", str(b_file)], env)
    if err3 or err4:
        notes.append(f"merge failed: {err3 or err4}")
    shutil.rmtree(pair, ignore_errors=True)
    rows = [
        f"| export to JSONL ({n:,} complaints) | {t_exp:,.1f} s | {n / t_exp:,.0f}/s | "
        f"{rss_exp / 1024:,.0f} MB | <= 20 s {'ok' if t_exp <= 20 else 'MISSED'} |",
        f"| floor: raw executemany into bare tables, then indexes, search index, totals |"
        f" {t_floor:,.1f} s ({cpu_floor}) | {n / t_floor:,.0f}/s |"
        f" {rss_floor / 1024:,.0f} MB | |",
    ]
    if not err:
        ratio = t_imp / t_floor
        rows.append(
            f"| import JSONL ({n:,} complaints) | {t_imp:,.1f} s ({cpu_imp}) |"
            f" {n / t_imp:,.0f}/s | {rss_imp / 1024:,.0f} MB | {ratio:.2f}x floor"
            f" (CPU {cpu_imp.total / cpu_floor.total:.2f}x), <= 1.5x"
            f" {'ok' if ratio <= 1.5 else 'MISSED'} |"
        )
    if not (err3 or err4):
        rows.append(
            f"| merge two copies differing in {min(differ, n // 2):,} complaints"
            f" (export {t_exp_b:,.1f} s not counted) | {t_merge:,.1f} s | {n / t_merge:,.0f}/s |"
            f" {rss_merge / 1024:,.0f} MB | <= 60 s {'ok' if t_merge <= 60 else 'MISSED'} |"
        )
    peaks = {"export": rss_exp, "import": rss_imp, "merge": rss_merge}
    return rows, notes, peaks


def verdicts(case: Case, by_name: dict[str, Case], typer_ms: float) -> str:
    out = []
    for target in TARGETS.get(case.name, []):
        if target.of == "typer":
            ratio = case.median / typer_ms
        else:
            peer = by_name.get(target.peer)
            if peer is None or not peer.times:
                continue
            ratio = case.median / peer.median
        what = "Typer" if target.of == "typer" else target.peer.split(" (")[0]
        out.append(
            f"<= {target.limit}x {what}: "
            + ("ok" if ratio <= target.limit else f"MISSED ({ratio:.2f}x)")
        )
    return "; ".join(out)


def table(cases: list[Case]) -> str:
    by_name = {c.name: c for c in cases}
    py = by_name["python -c pass"].median
    typer_ms = by_name["minimal Typer app"].median
    typer_cpu = by_name["minimal Typer app"].cpu_min
    peers = {
        "add": "task add",
        "list --open --building 3 --limit 50": "task list (filtered, 50 rows)",
    }
    lines = [
        "| command | median | spread | x python | x Typer app | x Typer app (least CPU)"
        " | x peer | peak RSS | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for c in cases:
        if c.error:
            lines.append(f"| {c.name} | failed: {c.error} | | | | | | | |")
            continue
        peer = by_name.get(peers.get(c.name, ""))
        x_peer = f"{c.median / peer.median:.2f}x" if peer and peer.times else ""
        lines.append(
            f"| {c.name} | {fmt_ms(c.median)} | ±{c.spread:.0%} | {c.median / py:.1f}x | "
            # least CPU time: what the process costs, steadier than wall time on a busy machine
            f"{c.median / typer_ms:.2f}x | {c.cpu_min / typer_cpu:.2f}x | {x_peer} |"
            f" {c.peak_mb:,.0f} MB | "
            f"{verdicts(c, by_name, typer_ms)} |"
        )
    return "\n".join(lines)


def memory_rows(
    cases: list[Case],
    small: Path,
    master: Path,
    env: dict[str, str],
    meetings: tuple[int | None, int | None] = (None, None),
) -> list[str]:
    """Each read command again on the 10k ledger (its own meeting number for the dossier, its
    own middle complaint for show: the big ledger's numbers need not exist in the small one)."""
    rows = ["| read command | peak RSS at 10k | at N | ratio (<= 1.2x) |", "|---|---:|---:|---|"]
    for c in cases:
        if c.name not in FLAT_MEMORY or c.error or not c.rss_kb:
            continue
        argv = [str(small) if a == str(master) else a for a in c.args()]
        if "dossier" in argv and None not in meetings:
            at = argv.index("dossier") + 1
            argv[at] = str(meetings[1]) if argv[at] == str(meetings[0]) else argv[at]
        if "show" in argv:  # the middle complaint, as on the big ledger
            argv[argv.index("show") + 1] = str(
                ids(small, "SELECT max(id) / 2 FROM complaints", 1)[0]
            )
        check = subprocess.run(argv, env={**env, **(c.env or {})}, capture_output=True)
        if check.returncode != 0:
            rows.append(f"| {c.name} | failed at 10k: exit {check.returncode} | | |")
            continue
        small_kb = peak_rss_kb(argv, {**env, **(c.env or {})})
        ratio = max(c.rss_kb) / small_kb if small_kb else float("nan")
        rows.append(
            f"| {c.name} | {small_kb / 1024:,.0f} MB | {c.peak_mb:,.0f} MB | {ratio:.2f}x "
            f"{'ok' if ratio <= 1.2 else 'MISSED'} |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 complaints, 3 runs")
    parser.add_argument("-n", type=int, help="complaints to generate (default 1,000,000)")
    parser.add_argument("--runs", type=int, help="timed runs per command (default 7; quick: 3)")
    parser.add_argument(
        "--ledger", type=Path, help="a ledger from generate.py (copied, not changed)"
    )
    parser.add_argument("--no-import", action="store_true", help="skip the JSONL import")
    parser.add_argument("--no-peer", action="store_true", help="skip Taskwarrior")
    parser.add_argument("--import-only", action="store_true", help="only the JSONL import")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="time only the commands whose name starts with NAME (repeatable); the floors stay",
    )
    args = parser.parse_args(argv)
    n = args.n or (SMALL if args.quick else 1_000_000)
    runs = args.runs or (3 if args.quick else 7)
    folder = Path(tempfile.mkdtemp(prefix="liuliqiao-run-"))
    env = clean_env(LIULIQIAO_NOW=NOW)
    out: list[str] = []
    try:
        master = folder / "master.db"
        started = time.perf_counter()
        if args.ledger:
            shutil.copy(args.ledger, master)
            gen_line = f"ledger: {args.ledger} (copied)"
        else:
            info = generate.generate(master, n)
            gen_line = (
                f"generated {info['complaints']:,} complaints, {info['events']:,} events "
                f"through liuliqiao_cli.store.bulk in {info['seconds']} s "
                f"({info['complaints'] / info['seconds_load']:,.0f} complaints/s), "
                f"{info['mb']:,} MB"
            )
        print(gen_line, file=sys.stderr)
        if args.ledger:
            n = ids(master, "SELECT count(*) FROM complaints", 1)[0]
        notes: list[str] = []
        out += [f"# liuliqiao benchmark: {n:,} complaints", ""]
        if not args.import_only:
            mid = prepare_meeting(master)
            writable = folder / "writable.db"
            shutil.copy(master, writable)
            small = folder / "small.db"
            small_mid = None
            if n > SMALL:
                generate.generate(small, SMALL)
                small_mid = prepare_meeting(small)
            peer = None if args.no_peer else peer_setup(folder)
            cases, notes = build_cases(master, writable, folder, mid, peer, runs)
            if args.only:
                floors = ("python -c pass", "minimal Typer app")
                cases = [
                    c for c in cases if c.name in floors or c.name.startswith(tuple(args.only))
                ]
            print(f"timing {len(cases)} commands x {runs} runs ...", file=sys.stderr)
            measure(cases, runs, env)
            out += [
                f"{gen_line}; {runs} interleaved runs per command; LIULIQIAO_NOW={NOW}; "
                f"load average at the end {load_average()}; "
                f"peer: {peer[1] if peer else 'none'}",
                "",
                table(cases),
                "",
            ]
            if n > SMALL:
                out += [
                    "## Peak memory of read commands, 10k vs N",
                    "",
                    *memory_rows(cases, small, master, env, (mid, small_mid)),
                    "",
                ]
        if not args.no_import:
            print("export, import, the floor and a merge ...", file=sys.stderr)
            rows, import_notes, peaks = import_rows(master, folder, env)
            notes += import_notes
            if n > FLAT_N and rows:
                print(f"... and the same at {FLAT_N:,} for memory", file=sys.stderr)
                smaller = folder / "flat" / "master.db"
                smaller.parent.mkdir()
                generate.generate(smaller, FLAT_N)
                # The same 10,000 differing complaints: memory is compared across ledger
                # sizes, not across amounts of change (1,000 here made the merge look 2x).
                _, _, small_peaks = import_rows(smaller, smaller.parent, env)
                shutil.rmtree(smaller.parent, ignore_errors=True)
                rows += [
                    f"| peak RSS of {step}, {FLAT_N:,} -> {n:,} complaints |"
                    f" {small_peaks[step] / 1024:,.0f} -> {peaks[step] / 1024:,.0f} MB |"
                    f" {peaks[step] / small_peaks[step]:.2f}x | | <= 1.2x"
                    f" {'ok' if peaks[step] <= 1.2 * small_peaks[step] else 'MISSED'} |"
                    for step in ("export", "import", "merge")
                    if small_peaks.get(step)
                ]
            if rows:
                out += [
                    "## JSONL export, import against its floor, merge",
                    "",
                    f"load average at the end {load_average()}",
                    "",
                    "| step | time | rows/s | peak RSS | target |",
                    "|---|---:|---:|---:|---|",
                    *rows,
                    "",
                ]
        if not args.import_only:
            out += [
                "## Query plans of the hot queries",
                "",
                "```",
                plans.render(plans.hot_plans(master)),
                "```",
                "",
            ]
        out += [f"note: {x}" for x in notes]
        out.append(f"\n(total {time.perf_counter() - started:,.0f} s)")
        print("\n".join(out))
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
