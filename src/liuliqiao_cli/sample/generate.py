"""The deterministic sample estate behind ``sample.db``.

Everything here is fixed: the seed, the clock (``SAMPLE_NOW``), and the UUIDs (seeded), so that
``liuliqiao db sample OUT`` always writes the same content (tests/test_sample.py compares the
committed file with a fresh one). The content is built in steps, each a module of
the modules of ``liuliqiao_cli.sample`` with ``generate(conn, ctx)``: the estate first, then duty overrides, complaints
and meetings. Invented residents only.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

SAMPLE_SEED = 19930301
SAMPLE_START = date(2022, 10, 1)  # the first council meetings, late 2022
SAMPLE_END = date(2026, 11, 30)  # a fixed end, never the real "today"
SAMPLE_NOW = datetime(2026, 11, 30, 18, 0, 0)
SAMPLE_ACTOR = "张网格员"
# Steps run in this order; a step module that does not exist yet is skipped.
STEPS = ("duty", "complaints", "meetings")


@dataclass
class SampleContext:
    rng: random.Random
    start: date = SAMPLE_START
    end: date = SAMPLE_END
    now: datetime = SAMPLE_NOW
    actor: str = SAMPLE_ACTOR
    facts: dict[str, Any] = field(default_factory=dict)  # what steps tell each other


def write_sample(path: Path, *, force: bool = False, ledger: Path | None = None) -> dict[str, int]:
    """``db sample OUT``: refuse a folder, a missing folder, the open ``ledger`` itself, or an
    existing file unless ``force``; then :func:`build`."""
    from liuliqiao_cli.store import companion, files

    files.check_target(path, force=force, ledger=ledger)
    files.check_target(companion.path_for(path), force=force, ledger=ledger)
    return build(path)


def build(path: Path) -> dict[str, int]:
    """Write the sample ledger to ``path`` (which must not exist). Returns row counts."""
    import importlib

    from liuliqiao_cli.estate import definition, model
    from liuliqiao_cli.store import companion, files, ids, ledger

    with files.replacing(path, private=True) as tmp, ids.seeded(SAMPLE_SEED):
        conn, _ = ledger.create_ledger(tmp)
        ledger.migrate(conn)
        with ledger.transaction(conn):
            model.install(
                conn,
                definition.load_definition(definition.default_definition_text()),
                now=SAMPLE_NOW,
            )
        ctx = SampleContext(rng=random.Random(SAMPLE_SEED))
        for step in STEPS:
            try:
                module = importlib.import_module(f"liuliqiao_cli.sample.{step}")
            except ModuleNotFoundError as exc:
                if exc.name != f"liuliqiao_cli.sample.{step}":
                    raise
                continue
            with ledger.transaction(conn):
                module.generate(conn, ctx)
        # Migration timestamps are the only wall-clock values: pin them for reproducibility.
        conn.execute("UPDATE _sqlite_migrations SET applied_at = ?", (str(SAMPLE_NOW),))
        conn.execute("ANALYZE")
        counts = table_counts(conn)
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to commit
        conn.execute("VACUUM")
        companion.close(conn)
        conn.close()
        _settle_companion(companion.path_for(tmp), companion.path_for(path))
    return counts


def _settle_companion(built: Path, target: Path) -> None:
    """The sample's companion contacts file (built beside the temporary ledger) as one
    self-contained file beside ``target``, before the ledger itself is renamed into place."""
    import os

    conn = sqlite3.connect(built, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
    finally:
        conn.close()
    os.replace(built, target)


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%_fts_%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def content_dump(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table, ordered: what "the same content" means for sample.db."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        out = []
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%_fts_%' ORDER BY name"
        ):
            rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY 1, 2').fetchall()
            out.append((name, rows))
        return out
    finally:
        conn.close()
