"""Backup (SQLite's online backup API) and ``db check`` (is this ledger sound?).

Backup copies the ledger page by page in ONE step of the backup API, inside one read
transaction: in WAL mode a writer in another process keeps writing meanwhile, and the copy is the
snapshot of the moment the step started (a multi-step backup would restart whenever the source
changes, and might never finish on a busy ledger). The copy is written to a temporary file in the
target folder, switched to rollback-journal mode (one self-contained file to carry away), checked
with ``PRAGMA quick_check`` and only then renamed over the target, so a failed backup never
leaves a half-written file under the name the user asked for.

``check`` never changes the ledger (and runs on one the user may only read): integrity_check, foreign_key_check, the search index against
the complaints table (FTS5 ``integrity-check`` with rank 1 compares the index with its content
table; and the number of indexed documents with the number of complaints), the running totals
of summaries and rates against a recomputation (``counts.py``), every complaint has its creation
event, and the schema version. ``repair`` rebuilds the two derived parts (search index, totals).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from liuliqiao_cli.errors import LedgerFileError
from liuliqiao_cli.store.triggers import FTS_TABLE

PROBLEM_LIMIT = 20  # lines of detail kept per check (integrity_check can report thousands)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    complaints: int
    events: int


def backup(
    conn: sqlite3.Connection,
    target: Path,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BackupResult:
    """Copy the open ledger to ``target`` (refuses an existing file unless ``force``). With
    ``progress(pages copied, pages in all)`` the copy goes a few hundred pages a step, inside one
    read transaction held on the ledger for the whole copy: every step reads the same snapshot,
    so the copy is as consistent as a one-step copy, writers in other processes go on, and there
    is something to show while it runs."""
    from liuliqiao_cli.store import files, ledger

    target = Path(target)
    files.check_target(
        target, force=force, ledger=ledger.path_of(conn), same_key="backup.same_file"
    )
    try:
        with files.replacing(target, private=True) as tmp:  # it holds contacts
            dest = sqlite3.connect(tmp, isolation_level=None)
            try:
                if progress is None:  # one step: a consistent snapshot, writers not blocked
                    conn.backup(dest, pages=-1)
                else:
                    _stepwise(conn, dest, progress)
                dest.execute("PRAGMA journal_mode = DELETE")
                verdict = dest.execute("PRAGMA quick_check").fetchone()[0]
                if verdict != "ok":
                    raise LedgerFileError("backup.bad_copy", path=str(target), reason=verdict)
                complaints = dest.execute("SELECT count(*) FROM complaints").fetchone()[0]
                events = dest.execute("SELECT count(*) FROM events").fetchone()[0]
            finally:
                dest.close()
    except sqlite3.Error as exc:
        raise LedgerFileError("backup.unwritable", path=str(target), reason=str(exc)) from None
    except OSError as exc:
        raise LedgerFileError(
            "backup.unwritable", path=str(target), reason=exc.strerror or str(exc)
        ) from None
    return BackupResult(target, target.stat().st_size, complaints, events)


BACKUP_PAGES = 512  # pages per step of a backup shown with a progress bar


def _stepwise(
    conn: sqlite3.Connection, dest: sqlite3.Connection, progress: Callable[[int, int], None]
) -> None:
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
    try:
        conn.backup(
            dest,
            pages=BACKUP_PAGES,
            progress=lambda _status, remaining, total: progress(total - remaining, total),
        )
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")


@dataclass
class CheckResult:
    """One check: ``name`` (a catalogue key suffix), ok or not, and details to show."""

    name: str
    ok: bool
    detail_key: str
    params: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def check(
    conn: sqlite3.Connection, *, progress: Callable[[int, int], None] | None = None
) -> list[CheckResult]:
    """Run every check (read-only) and return their results in a fixed order
    (``progress(checks done, checks in all)`` after each). A check that SQLite cannot even run
    (a damaged page) is a problem found, not an error of ``db check``."""
    checks = (
        ("integrity", _integrity),
        ("foreign_keys", _foreign_keys),
        ("search", _search_index),
        ("totals", _totals),
        ("history", _history),
        ("schema", _schema),
        ("deadlines", _deadlines),
    )
    results = []
    for done, (name, run) in enumerate(checks, start=1):
        try:
            results.append(run(conn))
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):  # a busy ledger, say: not a finding about the file
                raise
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            results.append(CheckResult(name, False, "check.unreadable", {}, [str(exc)]))
        if progress is not None:
            progress(done, len(checks))
    return results


def _damaged(exc: sqlite3.Error) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB: what SQLite says of a damaged page."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _read_only(exc: sqlite3.Error) -> bool:
    """SQLITE_READONLY (and its extended codes): the user may not write the ledger."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_READONLY


def _deadlines(conn: sqlite3.Connection) -> CheckResult:
    """A warning, not a failure: working-day deadlines counted through years whose public
    holidays nobody knows (complaints/deadlines.py)."""
    from liuliqiao_cli.complaints.deadlines import unknown_year_deadlines

    guessed = unknown_year_deadlines(conn)
    if not guessed:
        return CheckResult("deadlines", True, "check.deadlines_ok")
    problems = [f"{year}: {count}" for year, count in guessed]
    count = sum(n for _, n in guessed)
    years = ", ".join(str(year) for year, _ in guessed)
    return CheckResult(
        "deadlines", True, "check.deadlines_guessed", {"count": count, "years": years}, problems
    )


def _integrity(conn: sqlite3.Connection) -> CheckResult:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if rows == ["ok"]:
        return CheckResult("integrity", True, "check.integrity_ok")
    return CheckResult(
        "integrity", False, "check.integrity_bad", {"count": len(rows)}, rows[:PROBLEM_LIMIT]
    )


def _foreign_keys(conn: sqlite3.Connection) -> CheckResult:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    if not rows:
        return CheckResult("foreign_keys", True, "check.fk_ok")
    problems = [f"{r[0]} rowid {r[1]} -> {r[2]}" for r in rows[:PROBLEM_LIMIT]]
    return CheckResult("foreign_keys", False, "check.fk_bad", {"count": len(rows)}, problems)


def _search_index(conn: sqlite3.Connection) -> CheckResult:
    has_fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone()
    if not has_fts:
        return CheckResult("search", False, "check.fts_missing")
    problems: list[str] = []
    # The FTS5 integrity-check is an INSERT into the virtual table (it changes nothing, and is
    # rolled back all the same): it needs the write lock, taken up front (IMMEDIATE) so that a
    # concurrent writer makes us wait instead of failing; the counts are read in the same
    # transaction, so they agree with each other. rank = 1 compares the index with its
    # content table, not only its own structure.
    own = not conn.in_transaction
    read_only = False
    if own:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not _read_only(exc):
                raise
            read_only = True
    try:
        complaints = conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
        indexed = conn.execute(f"SELECT count(*) FROM {FTS_TABLE}_docsize").fetchone()[0]
        if indexed != complaints:
            problems.append(f"complaints {complaints}, {FTS_TABLE} {indexed}")
        try:
            if not read_only:
                conn.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES('integrity-check', 1)"
                )
        except sqlite3.DatabaseError as exc:
            # A ledger the user may not write is not a damaged index: the comparison entry by
            # entry needs the write lock, and is left out (the counts above are compared).
            if not _read_only(exc):
                problems.append(f"integrity-check: {exc}")
            read_only = True
    finally:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
    if problems:
        return CheckResult(
            "search",
            False,
            "check.fts_bad",
            {"complaints": complaints, "indexed": indexed},
            problems,
        )
    detail = "check.fts_ok_read_only" if read_only else "check.fts_ok"
    return CheckResult("search", True, detail, {"complaints": complaints})


def _totals(conn: sqlite3.Connection) -> CheckResult:
    """The running totals of summaries and rates (counts.py) against a recomputation."""
    from liuliqiao_cli.store import counts

    have = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (f"{counts.TRIGGER_PREFIX}%",),
        )
    }
    missing = sorted(set(counts.trigger_names()) - have)
    # The stored totals and their recomputation read in one snapshot: a writer committing
    # between the two reads would otherwise show as a difference that is not there.
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        diffs = {table: n for table, n in counts.differences(conn).items() if n}
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")
    if not missing and not diffs:
        return CheckResult("totals", True, "check.totals_ok")
    problems = [f"{table}: {n}" for table, n in diffs.items()] + [
        f"trigger {name}" for name in missing
    ]
    return CheckResult(
        "totals", False, "check.totals_bad", {"count": sum(diffs.values())}, problems
    )


REPAIRABLE = ("search", "totals")  # derived from the records: rebuilt, never restored


def repair(conn: sqlite3.Connection) -> None:
    """Rebuild what is derived from the records (the search index, the running totals and
    their triggers), in one transaction; the records themselves are not touched."""
    from liuliqiao_cli.store import counts
    from liuliqiao_cli.store.ledger import transaction
    from liuliqiao_cli.store.triggers import rebuild_search_index

    try:
        with transaction(conn):
            counts.drop_triggers(conn)
            counts.create_triggers(conn)
            counts.rebuild(conn)
            rebuild_search_index(conn)
    except sqlite3.OperationalError as exc:
        if not _read_only(exc):
            raise
        from liuliqiao_cli.store.ledger import path_of

        raise LedgerFileError("check.repair_read_only", path=str(path_of(conn))) from None


def _history(conn: sqlite3.Connection) -> CheckResult:
    from liuliqiao_cli.complaints.status import EV_CREATE

    rows = conn.execute(
        "SELECT id FROM complaints c WHERE NOT EXISTS"
        " (SELECT 1 FROM events e WHERE e.complaint_id = c.id AND e.kind = ?) ORDER BY id",
        (EV_CREATE,),
    ).fetchall()
    if not rows:
        return CheckResult("history", True, "check.history_ok")
    return CheckResult(
        "history",
        False,
        "check.history_bad",
        {"count": len(rows)},
        [f"#{r[0]}" for r in rows[:PROBLEM_LIMIT]],
    )


def _schema(conn: sqlite3.Connection) -> CheckResult:
    from liuliqiao_cli.store.migrations import MIGRATION_SET, migrations

    applied = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            (MIGRATION_SET,),
        )
    ]
    # The same steps, whatever order they ran in (a step written later can reach a ledger after
    # one numbered above it; each is written to work on either): order is not a fault.
    if sorted(applied) == sorted(migrations.names) and len(set(applied)) == len(applied):
        return CheckResult(
            "schema",
            True,
            "check.schema_ok",
            {"count": len(applied), "last": applied[-1] if applied else ""},
        )
    missing = [n for n in migrations.names if n not in applied]
    unknown = [n for n in applied if n not in migrations.names]
    return CheckResult(
        "schema",
        False,
        "check.schema_bad",
        {"missing": ", ".join(missing) or "-", "unknown": ", ".join(unknown) or "-"},
    )
