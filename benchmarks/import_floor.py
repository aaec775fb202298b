"""The floor for importing a ledger: what any import of the same rows has to pay at least.

    python benchmarks/import_floor.py SOURCE.db TARGET.db

TARGET is a ledger made by `liuliqiao init` (the schema, the estate). In one transaction:

1. every trigger and every explicit index of the tables filled is dropped (the tables keep their
   own UNIQUE constraints: the UUIDs, which any import must check);
2. every contact, complaint, tag and event row of SOURCE is inserted as it is, streamed, with raw
   ``executemany`` (no parsing, no validation, no references to resolve, no merging);
3. the indexes are built again once, the search index once (FTS5 'rebuild'), the running totals
   once (counts.rebuild), and the triggers are recreated with the SQL they had.

benchmarks/run.py times `liuliqiao import ledger.jsonl` of the same ledger against it, as whole
processes. (Until issue 17 the floor kept the running totals' triggers and every index while it
inserted, so it was slower than the import it judged: it was not a floor.)
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

TABLES = ("contacts", "complaints", "complaint_tags", "events")


def copy_rows(source: sqlite3.Connection, target: sqlite3.Connection) -> int:
    total = 0
    for table in TABLES:
        cols = [r[1] for r in target.execute(f"PRAGMA table_info({table})")]
        if table == "events":
            cols.remove("id")  # the target may already hold events of its own
        names = ", ".join(cols)
        marks = ", ".join("?" for _ in cols)
        cursor = source.execute(f"SELECT {names} FROM {table}")
        cursor.arraysize = 5_000
        before = target.total_changes
        target.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", iter(cursor))
        total += target.total_changes - before
    return total


def main(source_path: str, target_path: str) -> int:
    from liuliqiao_cli.store import counts, triggers

    started = time.perf_counter()
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path, isolation_level=None)
    target.execute("BEGIN IMMEDIATE")
    target.execute("PRAGMA defer_foreign_keys = ON")
    marks = ", ".join("?" * len(TABLES))
    saved_triggers = target.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
        TABLES,
    ).fetchall()
    saved_indexes = target.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks})",
        TABLES,
    ).fetchall()
    for name, _ in saved_triggers:
        target.execute(f'DROP TRIGGER "{name}"')
    for name, _ in saved_indexes:
        target.execute(f'DROP INDEX "{name}"')
    rows = copy_rows(source, target)
    inserted = time.perf_counter()
    for _, sql in saved_indexes:
        target.execute(sql)
    triggers.rebuild_search_index(target)
    counts.rebuild(target)
    for _, sql in saved_triggers:
        target.execute(sql)
    target.execute("COMMIT")
    done = time.perf_counter()
    print(rows)
    print(
        f"inserts {inserted - started:.1f} s, indexes + search index + totals"
        f" {done - inserted:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
