"""One session per command: the ledger connection, its clock, who acts and in which language,
opened and closed in one place (as sqlite-utils' ``ctx.call_on_close``).

    with session() as s:
        added = record.add(s.conn, new, now=s.now, actor=s.actor)

Opening never creates a missing ledger: it says where it looked and what to run. ``init``, the
one command that creates the file, uses :func:`ledger_path` and :func:`clock` itself.

In ``liuliqiao shell`` the everyday commands share one connection (:func:`keep_open`): a new
connection parses the ledger's schema (its triggers are long) on its first statement, ~1-2 ms of
every command. Sharing it is safe because no command leaves anything open on it: the
connection is in autocommit mode, a transaction still open at a command's end is rolled back,
and the everyday commands read their cursors to the end or drop them inside the command — so
every command begins a new read snapshot in WAL and sees what other processes committed, and no
lock is held between commands. A command that fails, a file replaced on disk (a restored
backup) or a schema changed by another process gets a fresh connection.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path

from liuliqiao_cli import dates
from liuliqiao_cli.cli import STATE
from liuliqiao_cli.i18n import current_language
from liuliqiao_cli.store import companion, ledger


def ledger_path() -> Path:
    """``--db``, else ``LIULIQIAO_DB``, else the app folder."""
    return ledger.resolve_path(STATE.db)


def init_command() -> str:
    """The command that creates the ledger this run would open: ``--db`` repeated as the user
    typed it (quoted for the shell), so that following the hint creates *that* file and not the
    default one. ``LIULIQIAO_DB`` needs nothing: it holds in the shell that set it."""
    if not STATE.db:
        return "liuliqiao init"
    import shlex

    return f"liuliqiao --db {shlex.quote(STATE.db)} init"


def current_actor() -> str:
    """``--actor``, else ``LIULIQIAO_ACTOR``, else the OS user."""
    if STATE.actor:
        return STATE.actor
    env = os.environ.get("LIULIQIAO_ACTOR")
    if env:
        return env
    # As getpass.getuser(), without importing getpass (and termios) on every command.
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except Exception:
        return "unknown"


def clock(conn: sqlite3.Connection) -> datetime:
    """Now in the ledger's time zone (``LIULIQIAO_NOW`` fixes it for tests and reports)."""
    return dates.now(ledger.zone_name(conn))


class Session:
    """What every command needs, read once. ``now`` is read on first use: a command that asks
    before it writes (``undo``) records the moment of the answer, not of the question."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.lang = current_language()

    @cached_property
    def now(self) -> datetime:
        return clock(self.conn)

    @cached_property
    def actor(self) -> str:
        return current_actor()

    @property
    def command(self) -> list[str]:
        """The command as typed, residents' data masked: what the record of an export keeps."""
        from liuliqiao_cli.complaints.privacy_command import mask_command

        return ["liuliqiao", *mask_command(STATE.argv)]


class _Kept:
    """The shell's connection to its ledger, between commands."""

    def __init__(self) -> None:
        self.conn: sqlite3.Connection | None = None
        self.identity: tuple[str, int, int, int] | None = None
        self.wanted = False  # whether the command now running may use it

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = self.identity = None

    def connection(self, path: Path) -> sqlite3.Connection | None:
        """The kept connection to ``path`` (opened now if needed), or None: not wanted, or the
        file cannot be looked at (the ordinary open says why)."""
        if not self.wanted:
            return None
        try:
            stat = path.resolve().stat()
        except OSError:
            self.close()
            return None
        identity = (str(path.resolve()), stat.st_dev, stat.st_ino, 0)
        if self.conn is not None and self.identity is not None:
            schema = self.conn.execute("PRAGMA schema_version").fetchone()[0]
            if identity[:3] != self.identity[:3] or schema != self.identity[3]:
                self.close()
        if self.conn is None:
            self.conn = ledger.open_ledger(path, init_command=init_command())
        self.identity = (*identity[:3], self.conn.execute("PRAGMA schema_version").fetchone()[0])
        return self.conn

    def done(self, failed: bool) -> None:
        if self.conn is None:
            return
        if self.conn.in_transaction:
            self.conn.rollback()
        if failed:
            self.close()


_kept: _Kept | None = None


def keep_open(wanted: bool) -> None:
    """In the shell: whether the next command shares the shell's connection (the everyday
    commands) or opens its own (the rest: imports, backups, maintenance)."""
    global _kept
    if _kept is None:
        _kept = _Kept()
    _kept.wanted = wanted
    if not wanted:
        _kept.close()


def close_kept() -> None:
    """The shell is leaving: its connection is closed."""
    global _kept
    if _kept is not None:
        _kept.close()
    _kept = None


@contextmanager
def session() -> Iterator[Session]:
    """The ledger opened (upgraded if its schema is older), closed however the command ends;
    in the shell, the shell's connection (see :func:`keep_open`)."""
    path = ledger_path()
    conn = _kept.connection(path) if _kept is not None else None
    kept = conn is not None
    if conn is None:
        conn = ledger.open_ledger(path, init_command=init_command())
    failed = True
    try:
        yield Session(conn, path)
        # A reveal the companion file could not give: the output was masked; say so, exit 1.
        opened = companion.peek(conn)
        if opened is not None and (opened.reveal_missing or opened.lost):
            from liuliqiao_cli.errors import LedgerFileError

            key = opened.reveal_missing or "privacy.contacts_lost"
            raise LedgerFileError(key, path=str(opened.path), count=opened.lost)
        failed = False
    finally:
        # The companion's state (what was revealed, what was missing) is one command's, also
        # on the shell's kept connection: closed with every command.
        companion.close(conn)
        if kept and _kept is not None:
            _kept.done(failed)
        else:
            conn.close()
