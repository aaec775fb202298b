"""One session per command: the ledger connection, its clock, who acts and in which language,
opened and closed in one place (as sqlite-utils' ``ctx.call_on_close``).

    with session() as s:
        added = record.add(s.conn, new, now=s.now, actor=s.actor)

Opening never creates a missing ledger: it says where it looked and what to run. ``init``, the
one command that creates the file, uses :func:`ledger_path` and :func:`clock` itself.
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
        from liuliqiao_cli.complaints.privacy import mask_command

        return ["liuliqiao", *mask_command(STATE.argv)]


@contextmanager
def session() -> Iterator[Session]:
    """The ledger opened (upgraded if its schema is older), closed however the command ends."""
    path = ledger_path()
    conn = ledger.open_ledger(path, init_command=init_command())
    try:
        yield Session(conn, path)
        # A reveal the companion file could not give: the output was masked; say so, exit 1.
        opened = companion.peek(conn)
        if opened is not None and (opened.reveal_missing or opened.lost):
            from liuliqiao_cli.errors import LedgerFileError

            key = opened.reveal_missing or "privacy.contacts_lost"
            raise LedgerFileError(key, path=str(opened.path), count=opened.lost)
    finally:
        companion.close(conn)
        conn.close()
