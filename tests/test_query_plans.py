"""The hot queries keep using their indexes (issue 8, benchmarks --quick in CI).

A 10,000-complaint ledger is generated through the bulk path (benchmarks/generate.py); each hot
command runs once under the SQL tracer and every query it sends to ``complaints`` is explained
(benchmarks/plans.py). Asserts on the plans, never on time: the filtered listings, overdue and
the summary/rates aggregates must not scan the whole complaints table, search of 3+ characters
must go through the FTS index. Checked twice: on a fresh ledger (no statistics) and after
ANALYZE, which once switched the overdue query to the received-date index and made it 9x slower.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402
import plans  # noqa: E402

pytestmark = pytest.mark.slow  # generates a ledger first (~1.5 s)

N = 10_000


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("plans")
    fresh = folder / "fresh.db"
    generate.generate(fresh, N, analyze=False)
    analyzed = folder / "analyzed.db"
    analyzed.write_bytes(fresh.read_bytes())
    # its companion contacts file too (list --phone/--reporter look residents up there)
    (folder / "analyzed.contacts.db").write_bytes((folder / "fresh.contacts.db").read_bytes())
    conn = sqlite3.connect(analyzed)
    conn.execute("ANALYZE")
    conn.close()
    return {"fresh": fresh, "analyzed": analyzed}


def test_generated_ledger_is_sound(ledgers):
    conn = sqlite3.connect(ledgers["fresh"])
    try:
        assert conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == N
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO complaints_fts(complaints_fts) VALUES('integrity-check')")
        no_create = conn.execute(
            "SELECT count(*) FROM complaints c WHERE NOT EXISTS"
            " (SELECT 1 FROM events e WHERE e.complaint_id = c.id AND e.kind = 'create')"
        ).fetchone()[0]
        assert no_create == 0
    finally:
        conn.close()


@pytest.mark.parametrize("state", ["fresh", "analyzed"])
@pytest.mark.parametrize("hot", plans.HOT, ids=[h.name for h in plans.HOT])
def test_hot_query_plan(ledgers, state, hot):
    (result,) = plans.hot_plans(ledgers[state], (hot,))
    if result.missing:
        pytest.skip(f"`{' '.join(hot.args)}` does not exist yet")
    assert result.exit == 0
    assert result.queries, "the command sent no query to complaints"
    assert result.problems == [], plans.render([result])


def test_full_scan_is_detected():
    """The detector itself: a bare scan of complaints (or its alias) is flagged, index use is not."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE complaints (id INTEGER PRIMARY KEY, status TEXT, building INT)")
    conn.execute("CREATE INDEX b ON complaints(building, status)")
    assert plans.explain(conn, "SELECT * FROM complaints c WHERE status = 'x'").full_scans
    assert not plans.explain(conn, "SELECT * FROM complaints WHERE building = 3").full_scans
