"""Write tests/data/ledger_v1.db: a ledger as the first schema version made it.

    .venv/bin/python tests/data/make_ledger_v1.py

Only the first migration (m001_estate) is applied, then the default estate is written (companies,
buildings, items, places, rotation, settings). tests/test_migrations.py upgrades a copy with the
current code and checks every row survived. The file is committed; run this again only if it is
lost (the content is deterministic: fixed clock, seeded UUIDs, pinned migration timestamps).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "ledger_v1.db"
FIRST = "m001_estate"
SECOND = "m002_complaints"
MADE_AT = datetime(2026, 11, 27, 9, 0, 0)


def make(path: Path) -> None:
    from liuliqiao_cli.estate import definition, model
    from liuliqiao_cli.store import ids, ledger

    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    with ids.seeded(1):
        conn, _ = ledger.create_ledger(path)
        applied = ledger.migrate(conn, stop_before=SECOND)
        assert applied == [FIRST], applied
        with ledger.transaction(conn):
            model.install(
                conn, definition.load_definition(definition.default_definition_text()), now=MADE_AT
            )
        conn.execute("UPDATE _sqlite_migrations SET applied_at = ?", (str(MADE_AT),))
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to commit
        conn.execute("VACUUM")
        conn.close()


if __name__ == "__main__":
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(OUT if len(sys.argv) == 1 else sys.argv[1])
