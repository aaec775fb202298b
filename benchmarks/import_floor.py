"""The floor for importing a ledger: raw ``executemany`` of the same rows plus one FTS rebuild.

    python benchmarks/import_floor.py SOURCE.db TARGET.db

TARGET is a ledger made by `liuliqiao init` (the schema with its indexes, the estate). Every
contact, complaint, tag and event row of SOURCE is inserted as it is, streamed, in one
transaction, with the search-index triggers dropped, then the index is rebuilt once and the
triggers restored. No parsing, no validation, no merging: what any import has to pay at least.
benchmarks/run.py times `liuliqiao import ledger.jsonl` against this, as whole processes.
"""

from __future__ import annotations

import sqlite3
import sys

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
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path, isolation_level=None)
    target.execute("BEGIN IMMEDIATE")
    target.execute("PRAGMA defer_foreign_keys = ON")
    triggers = target.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'complaints'"
        " AND sql LIKE '%complaints_fts%'"
    ).fetchall()
    for name, _ in triggers:
        target.execute(f'DROP TRIGGER "{name}"')
    rows = copy_rows(source, target)
    target.execute("INSERT INTO complaints_fts(complaints_fts) VALUES('rebuild')")
    for _, sql in triggers:
        target.execute(sql)
    target.execute("COMMIT")
    print(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
