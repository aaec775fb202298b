"""Open the ledger file: where it lives, pragmas, migrations, transactions.

Reads and writes use the standard ``sqlite3`` module directly (importing sqlite-utils costs
~150 ms of start-up); sqlite-utils is imported only to create or upgrade a ledger.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liuliqiao_cli.dates import DEFAULT_TZ
from liuliqiao_cli.errors import LedgerFileError
from liuliqiao_cli.store.header import unreadable
from liuliqiao_cli.store.migrations import MIGRATION_SET, migrations

APP_NAME = "liuliqiao"
BUSY_TIMEOUT_MS = 15_000


def default_path() -> Path:
    from typer import get_app_dir

    return Path(get_app_dir(APP_NAME)) / "ledger.db"


def resolve_path(option: str | os.PathLike[str] | None) -> Path:
    """``--db``, else ``LIULIQIAO_DB``, else ``ledger.db`` in the user's app directory."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get("LIULIQIAO_DB")
    if env:
        return Path(env).expanduser()
    return default_path()


def path_of(conn: sqlite3.Connection) -> Path | None:
    """The file behind ``conn`` (None for an in-memory database)."""
    name = conn.execute("PRAGMA database_list").fetchone()[2]
    return Path(name) if name else None


def _connect(path: Path, *, mode: str) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves (see transaction()).
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _applied(conn: sqlite3.Connection, path: Path) -> list[str] | None:
    """Applied migration names, or None when the file is SQLite but has no ledger record."""
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError:
        raise unreadable(path) from None  # not SQLite, cut short, or damaged
    if not has_table:
        return None
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
        (MIGRATION_SET,),
    ).fetchall()
    return [r[0] for r in rows] if rows else None


def _is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def _check_known(applied: list[str], path: Path) -> list[str]:
    unknown = [name for name in applied if name not in migrations.names]
    if unknown:
        raise LedgerFileError("file.too_new", path=str(path), names=", ".join(unknown))
    return [name for name in migrations.names if name not in applied]


def _finish(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def migrate(conn: sqlite3.Connection, *, stop_before: str | None = None) -> list[str]:
    """Apply pending migrations in one IMMEDIATE transaction; returns the names applied.

    The transaction is taken before looking at what is pending, so two processes opening an old
    ledger at once upgrade it exactly once.
    """
    from sqlite_utils import Database

    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        database = Database(conn, execute_plugins=False)
        registered = migrations.sqlite_utils()
        before = {m.name for m in registered.applied(database)}
        registered.apply(database, stop_before=stop_before)
        after = [m.name for m in registered.applied(database) if m.name not in before]
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return after


def open_ledger(path: Path, *, init_command: str = "liuliqiao init") -> sqlite3.Connection:
    """Open an existing ledger for reading and writing, upgrading its schema if needed.

    Never creates a file: a missing one is an error that says where we looked and what to run
    (``init_command``: the CLI passes the command that creates *this* file, ``--db`` included).
    """
    if not path.exists():
        raise LedgerFileError("file.missing", path=str(path), command=init_command)
    if path.is_dir():
        raise LedgerFileError("file.is_dir", path=str(path))
    try:
        conn = _connect(path, mode="rw")
    except sqlite3.OperationalError as exc:
        raise LedgerFileError("file.unwritable", path=str(path), reason=str(exc)) from None
    applied = _applied(conn, path)
    if applied is None:
        raise _not_ledger(conn, path)
    if _check_known(applied, path):
        migrate(conn)
    return _finish(conn)


def _not_ledger(conn: sqlite3.Connection, path: Path) -> LedgerFileError:
    """The error for an SQLite file that is no ledger (``conn`` is closed): a ledger's
    companion contacts file (store/companion.py) is named as such, with the ledger to open."""
    try:
        row = conn.execute("SELECT value FROM companion WHERE key = 'ledger'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    conn.close()
    if row is not None and path.stem.endswith(".contacts"):
        ledger = path.with_name(path.stem.removesuffix(".contacts") + path.suffix)
        return LedgerFileError("file.is_companion", path=str(path), ledger=str(ledger))
    return LedgerFileError("file.not_ledger", path=str(path))


def open_read_only(path: Path, *, timeout: float = 0.5) -> sqlite3.Connection:
    """Open an existing ledger read-only, as it is (no upgrade), waiting at most ``timeout``
    seconds for a writer: for shell completion, which must never create, change or hang."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def create_ledger(path: Path) -> tuple[sqlite3.Connection, bool]:
    """Open ``path`` for ``init``: (connection, created). Refuses files that are not ledgers.

    A new file is created with mode 0600 (it holds residents' contacts) and parent folders as
    needed. An existing ledger is returned as it is (upgraded if its schema is older).
    """
    if path.is_dir():
        raise LedgerFileError("file.is_dir", path=str(path))
    created = False
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
        except OSError as exc:
            raise LedgerFileError(
                "file.unwritable", path=str(path), reason=exc.strerror or str(exc)
            ) from None
        created = True
    try:
        conn = _connect(path, mode="rw")
    except sqlite3.OperationalError as exc:
        raise LedgerFileError("file.unwritable", path=str(path), reason=str(exc)) from None
    try:
        applied = _applied(conn, path)
        if applied is None:
            if not _is_empty(conn):
                raise _not_ledger(conn, path)
            return _finish(conn), True
        _check_known(applied, path)
        return _finish(conn), created
    except BaseException:
        conn.close()
        if created:
            path.unlink(missing_ok=True)
        raise


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One change, one transaction. IMMEDIATE takes the write lock up front, so a concurrent
    writer waits (busy timeout) instead of failing half-way with "database is locked"."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


@contextmanager
def joined_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The caller's transaction when one is open (the sample generator, imports), else a new
    IMMEDIATE one."""
    if conn.in_transaction:
        yield conn
        return
    with transaction(conn):
        yield conn


def get_setting(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def zone_name(conn: sqlite3.Connection) -> str:
    """The ledger's time zone (the estate's, Asia/Shanghai unless its definition says otherwise):
    "now", deadlines and exported times are in it."""
    return get_setting(conn, "timezone", DEFAULT_TZ) or DEFAULT_TZ


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
