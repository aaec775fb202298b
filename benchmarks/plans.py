"""The query plans the hot commands rely on.

    .venv/bin/python benchmarks/plans.py LEDGER.db

Each hot command is run once against LEDGER (benchmarks/trace_sql.py records the SQL it really
executed, values included); every SELECT that reads ``complaints`` (or ``events``) is shown with
its EXPLAIN QUERY PLAN. For the commands whose queries must use an index, a full scan of
``complaints`` is flagged (tests/test_query_plans.py asserts on it, before and after ANALYZE).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOW = "2026-11-27 10:00:00"
YEAR_BACK = "2025-11-27"


@dataclass(frozen=True)
class Hot:
    name: str
    args: tuple[str, ...]
    # 'index': every query on complaints must avoid a full scan; 'fts': must use the FTS index;
    # 'scan': a scan is the design (1-2 character search), shown for information.
    expect: str


HOT = (
    Hot(
        "list --open --building 3 --limit 50",
        ("list", "--open", "--building", "3", "--limit", "50"),
        "index",
    ),
    Hot("list --overdue", ("list", "--overdue", "--format", "json"), "index"),
    Hot("search (3+ characters)", ("search", "楼道灯坏"), "fts"),
    Hot("search (1-2 characters)", ("search", "灯"), "scan"),
    Hot("summary", ("summary",), "index"),
    Hot("rates --by company (a year)", ("rates", "--by", "company", "--since", YEAR_BACK), "index"),
    # issue 15: the deadline, call and handover ranges (migration m011's partial indexes)
    Hot("list --due-within 24h", ("list", "--due-within", "24h", "--format", "json"), "index"),
    Hot("today", ("today",), "index"),
    Hot("calls", ("calls", "--format", "json"), "index"),
    Hot("show (households, the reporter's others)", ("show", "1"), "index"),
    Hot("list --phone", ("list", "--phone", "13800001234", "--format", "json"), "index"),
    Hot("list --reporter", ("list", "--reporter", "王阿姨", "--limit", "50"), "index"),
    # last: it writes (the possible-duplicate lookup must be one index range)
    Hot("add", ("add", "3号楼2单元楼道灯坏了好几天", "--source", "patrol"), "index"),
)


@dataclass
class Query:
    sql: str
    plan: list[str]
    full_scans: list[str] = field(default_factory=list)
    uses_fts: bool = False
    repeats: int = 0  # further statements of the same shape (not explained again)


@dataclass
class HotPlan:
    hot: Hot
    exit: object
    queries: list[Query]
    missing: bool = False

    @property
    def problems(self) -> list[str]:
        """What breaks the expectation (empty when the plans are as they should be)."""
        if self.missing:
            return []
        out: list[str] = []
        if self.hot.expect in ("index", "fts"):
            for q in self.queries:
                out += [f"full scan ({line}) in: {_short(q.sql)}" for line in q.full_scans]
        if self.hot.expect == "fts" and not any(q.uses_fts for q in self.queries):
            out.append("no query used complaints_fts")
        return out


def _short(sql: str, width: int = 160) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _aliases(sql: str) -> set[str]:
    names = {"complaints"}
    for m in re.finditer(r"\bcomplaints\s+(?:AS\s+)?([A-Za-z_]\w*)", sql, re.IGNORECASE):
        if m.group(1).upper() not in {
            "ON",
            "WHERE",
            "JOIN",
            "LEFT",
            "INNER",
            "GROUP",
            "ORDER",
            "LIMIT",
            "USING",
            "INDEXED",
            "NOT",
            "CROSS",
            "SET",
            "UNION",
            "WINDOW",
            "HAVING",
            "NATURAL",
        }:
            names.add(m.group(1))
    return names


def explain(conn: sqlite3.Connection, sql: str) -> Query:
    rows = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    depth: dict[int, int] = {0: -1}
    plan = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        plan.append("  " * depth[node] + detail)
    names = _aliases(sql)
    scans = [
        d.strip()
        for d in plan
        if (m := re.fullmatch(r"SCAN (\w+)", d.strip())) and m.group(1) in names
    ]
    return Query(sql, plan, scans, any("complaints_fts VIRTUAL TABLE" in d for d in plan))


def reads_complaints(sql: str) -> bool:
    head = sql.lstrip().upper()
    return (
        head.startswith(("SELECT", "WITH")) and "COMPLAINTS" in head and "_FTS_CONFIG" not in head
    )


def trace(
    ledger: Path, args: tuple[str, ...], env: dict[str, str] | None = None
) -> tuple[object, list[str]]:
    """Run ``liuliqiao --db LEDGER ARGS`` under the tracer; (exit code, statements)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "trace.json"
        run_env = {
            **os.environ,
            "LIULIQIAO_NOW": NOW,
            "LIULIQIAO_LANG": "zh",
            "NO_COLOR": "1",
            **(env or {}),
        }
        subprocess.run(
            [sys.executable, str(HERE / "trace_sql.py"), str(out), "--db", str(ledger), *args],
            env=run_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=600,
        )
        data = json.loads(out.read_text(encoding="utf-8"))
    return data["exit"], data["statements"]


def hot_plans(ledger: Path, hots: tuple[Hot, ...] = HOT) -> list[HotPlan]:
    conn = sqlite3.connect(f"{ledger.resolve().as_uri()}?mode=ro", uri=True)
    try:
        out = []
        for hot in hots:
            code, statements = trace(ledger, hot.args)
            if code == 2:  # usage error: the command (or an option) does not exist yet
                out.append(HotPlan(hot, code, [], missing=True))
                continue
            # One plan per statement shape (literals blanked): recurring problems run one small
            # query per group, 100+ of the same shape at 1M complaints.
            seen: dict[str, Query] = {}
            queries = []
            for sql in statements:
                if not reads_complaints(sql):
                    continue
                shape = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
                if shape in seen:
                    seen[shape].repeats += 1
                    continue
                seen[shape] = explain(conn, sql)
                queries.append(seen[shape])
            out.append(HotPlan(hot, code, queries))
        return out
    finally:
        conn.close()


def render(plans: list[HotPlan]) -> str:
    lines = []
    for hp in plans:
        if hp.missing:
            lines.append(f"## {hp.hot.name}: skipped (the command does not exist yet)")
            continue
        verdict = "ok" if not hp.problems else "PROBLEM: " + "; ".join(hp.problems)
        lines.append(f"## {hp.hot.name}  (expect: {hp.hot.expect}; {verdict})")
        for q in hp.queries:
            more = f"  (and {q.repeats} more of this shape)" if q.repeats else ""
            lines.append(f"   {_short(q.sql, 200)}{more}")
            lines += [f"      {p}" for p in q.plan]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    plans = hot_plans(Path(args[0]))
    print(render(plans))
    return 1 if any(p.problems for p in plans) else 0


if __name__ == "__main__":
    raise SystemExit(main())
