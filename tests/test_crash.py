"""Crash safety: `liuliqiao add` killed with SIGKILL at random moments loses nothing it acknowledged.

Hundreds of `add` processes (a few at a time) are killed at random moments around the time an
`add` takes, most of them during the write; the rest finish. Bounded in time. Afterwards:
integrity_check passes (and `db check` when it exists), every complaint whose number was printed
exists with its 'create' event, no complaint exists without its 'create' event, and the search
index agrees with the table.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # SIGKILLs a writer again and again (~20 s)

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = float(os.environ.get("LIULIQIAO_CRASH_BUDGET", "25"))
MAX_PROCESSES = 400
PARALLEL = 3
NUMBER = re.compile(r"#(\d+)")


def cli_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "liuliqiao_cli", *args]


def has_add(env: dict[str, str]) -> bool:
    out = subprocess.run(cli_argv("add", "--help"), env=env, capture_output=True, timeout=60)
    return out.returncode == 0


def add_argv(n: int) -> list[str]:
    # A unique token per complaint, found again through the search index afterwards.
    return cli_argv("add", f"3号楼2单元楼道灯坏了 崩溃测试XQ{n}Z", "--source", "patrol")


def test_sigkill_during_add_loses_nothing_acknowledged(db):
    env = {**os.environ}
    if not has_add(env):
        pytest.skip("`add` does not exist yet")
    rng = random.Random(20261127)
    # How long an add takes here, finished normally (the kills aim around it).
    durations, acknowledged = [], {}
    for n in range(3):
        t0 = time.perf_counter()
        out = subprocess.run(add_argv(n), env=env, capture_output=True, text=True, timeout=60)
        durations.append(time.perf_counter() - t0)
        assert out.returncode == 0, out.stderr
        acknowledged[int(NUMBER.search(out.stdout).group(1))] = n
    typical = statistics.median(durations)

    deadline = time.monotonic() + BUDGET_S
    started = killed = 0
    running: list[tuple[subprocess.Popen[str], int, float]] = []
    while (time.monotonic() < deadline and started < MAX_PROCESSES) or running:
        while len(running) < PARALLEL and time.monotonic() < deadline and started < MAX_PROCESSES:
            n = 1000 + started
            proc = subprocess.Popen(
                add_argv(n), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            # Mostly late in the process's life (after the imports, while writing); some finish.
            kill_at = time.monotonic() + typical * rng.uniform(0.5, 1.5)
            running.append((proc, n, kill_at))
            started += 1
        time.sleep(0.005)
        still = []
        for proc, n, kill_at in running:
            if proc.poll() is None and time.monotonic() < kill_at:
                still.append((proc, n, kill_at))
                continue
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
                typical *= 1.08  # a simple controller: about half the processes get killed
            stdout, stderr = proc.communicate()
            if proc.returncode == 0:
                typical *= 0.93
                match = NUMBER.search(stdout)
                assert match, stdout
                acknowledged[int(match.group(1))] = n
            elif proc.returncode != -signal.SIGKILL:
                pytest.fail(f"add failed without being killed: {proc.returncode} {stderr}")
            elif (match := NUMBER.search(stdout)) is not None:
                acknowledged[int(match.group(1))] = n  # printed, then killed: still promised
        running = still
    print(
        f"crash: {started} started, {killed} killed, {len(acknowledged)} acknowledged,"
        f" typical add {typical:.2f} s"
    )
    # Hundreds on a quiet machine; fewer when the machine is loaded (the budget is in seconds).
    assert started >= 30, f"only {started} processes in the time budget"
    assert killed >= 10, f"only {killed} kills: the timing missed the processes"

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        texts = dict(conn.execute("SELECT id, text FROM complaints").fetchall())
        created = {
            r[0] for r in conn.execute("SELECT complaint_id FROM events WHERE kind = 'create'")
        }
        print(f"crash: {len(texts) - len(acknowledged)} complaints committed by killed processes")
        for number, n in acknowledged.items():
            assert number in texts, f"#{number} was acknowledged but is missing"
            assert f"XQ{n}Z" in texts[number]
        assert set(texts) <= created, "a complaint without its creation event"
        # The search index agrees with the table: same rows, and each token found at its row.
        conn.execute(
            "INSERT INTO complaints_fts(complaints_fts, rank) VALUES('integrity-check', 1)"
        )
        assert conn.execute("SELECT count(*) FROM complaints_fts").fetchone()[0] == len(texts)
        for number, text in texts.items():
            token = re.search(r"XQ\d+Z", text).group(0)
            hits = [
                r[0]
                for r in conn.execute(
                    "SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?", (f'"{token}"',)
                )
            ]
            assert hits == [number]
    finally:
        conn.close()
    check = subprocess.run(
        cli_argv("db", "check"), env=env, capture_output=True, text=True, timeout=120
    )
    if "No such command" not in check.stderr and check.returncode != 2:
        assert check.returncode == 0, check.stdout + check.stderr
