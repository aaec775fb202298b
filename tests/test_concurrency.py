"""Concurrency: several writers (add, tag, resolve) and readers (list, summary, search, dossier)
at once, as separate processes on one ledger, for a bounded number of operations. Zero errors
reach the user, never "database is locked", and every acknowledged change is in the ledger.

Each worker is its own process running its commands one after the other through Typer's
CliRunner (the whole CLI, error boundary included, without paying start-up for every command).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # processes writing and reading at once (~3-9 s)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

OPS = int(os.environ.get("LIULIQIAO_CONCURRENCY_OPS", "25"))  # per worker

WORKER = r"""
import json, sys
from typer.testing import CliRunner
from liuliqiao_cli.cli import app
runner = CliRunner()
results = []
for args in json.loads(open(sys.argv[1], encoding="utf-8").read()):
    r = runner.invoke(app, args)
    results.append({"args": args, "code": r.exit_code, "stdout": r.stdout,
                    "stderr": r.stderr, "exception": repr(r.exception) if r.exception and
                    not isinstance(r.exception, SystemExit) else None})
print(json.dumps(results, ensure_ascii=False))
"""


def has(env: dict[str, str], *words: str) -> bool:
    out = subprocess.run(
        [sys.executable, "-m", "liuliqiao_cli", *words, "--help"],
        env=env,
        capture_output=True,
        timeout=60,
    )
    return out.returncode == 0


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "busy.db"
    generate.generate(path, 4_000, seed=5)
    monkeypatch.setenv("LIULIQIAO_DB", str(path))
    return path


def ids(ledger: Path, sql: str) -> list[int]:
    conn = sqlite3.connect(ledger)
    try:
        return [r[0] for r in conn.execute(sql)]
    finally:
        conn.close()


def test_writers_and_readers_at_once(ledger: Path, tmp_path: Path):
    env = {**os.environ}
    if not all(has(env, cmd) for cmd in ("add", "tag", "resolve", "list")):
        pytest.skip("add, tag, resolve and list are not all there yet")
    in_progress = ids(ledger, "SELECT id FROM complaints WHERE status = 'in_progress' ORDER BY id")
    taggable = ids(ledger, "SELECT id FROM complaints ORDER BY id DESC LIMIT 200")
    n_resolve = min(OPS, len(in_progress))
    assert n_resolve >= 5, "the generated ledger has too few complaints in progress"
    jobs: dict[str, list[list[str]]] = {
        "add": [
            ["add", f"3号楼2单元楼道灯坏了 并发XQ{i}Z", "--source", "patrol"] for i in range(OPS)
        ],
        "add2": [
            ["add", f"北门垃圾站满了没人清 并发YQ{i}Z", "--source", "phone"] for i in range(OPS)
        ],
        "tag": [["tag", str(cid), "--add", f"并发{i % 3}"] for i, cid in enumerate(taggable[:OPS])],
        "resolve": [["resolve", str(cid), "--note", "已修好"] for cid in in_progress[:n_resolve]],
        "list": [["list", "--open", "--limit", "20", "--format", "json"] for _ in range(OPS)],
    }
    if has(env, "summary"):
        jobs["summary"] = [
            ["summary"] if i % 2 else ["summary", "--format", "json"] for i in range(OPS // 2)
        ]
    if has(env, "search"):
        jobs["search"] = [
            ["search", "楼道灯"] if i % 2 else ["search", "灯"] for i in range(OPS // 2)
        ]
    if has(env, "dossier"):
        jobs["dossier"] = [
            ["dossier", "--since", "2026-11-01", "--until", "2026-11-27", "--format", "md"]
            for _ in range(max(2, OPS // 5))
        ]

    for name, job in jobs.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(job, ensure_ascii=False), "utf-8")
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path / f"{name}.json")],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in jobs
    }
    results: dict[str, list[dict]] = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        results[name] = json.loads(out.strip().splitlines()[-1])

    failures = [
        (name, r["args"], r["code"], r["stderr"], r["exception"])
        for name, rs in results.items()
        for r in rs
        if r["code"] != 0
        or r["exception"]
        or "locked" in r["stderr"].lower()
        or "busy" in r["stderr"].lower()
        or "繁忙" in r["stderr"]
        or "占用" in r["stderr"]
    ]
    assert failures == []

    conn = sqlite3.connect(ledger)
    try:
        texts = dict(conn.execute("SELECT id, text FROM complaints"))
        for name, token in (("add", "XQ"), ("add2", "YQ")):
            for i, r in enumerate(results[name]):
                number = int(re.search(r"#(\d+)", r["stdout"]).group(1))
                assert f"{token}{i}Z" in texts[number]
                assert (
                    conn.execute(
                        "SELECT count(*) FROM events WHERE complaint_id = ? AND kind = 'create'",
                        (number,),
                    ).fetchone()[0]
                    == 1
                )
        for args in jobs["tag"]:
            assert conn.execute(
                "SELECT 1 FROM complaint_tags WHERE complaint_id = ? AND tag = ?",
                (int(args[1]), args[3]),
            ).fetchone(), args
        for args in jobs["resolve"]:
            status = conn.execute(
                "SELECT status FROM complaints WHERE id = ?", (int(args[1]),)
            ).fetchone()[0]
            assert status == "resolved", args
        for r in results["list"]:
            json.loads(r["stdout"])  # every read got a whole, parseable answer
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # the running totals behind summary and rates stayed in step with every writer
        from liuliqiao_cli.store import counts

        assert counts.differences(conn) == dict.fromkeys(counts.TABLES, 0)
    finally:
        conn.close()
