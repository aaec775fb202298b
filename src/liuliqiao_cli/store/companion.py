"""The companion contacts file: residents' names and phones kept beside the ledger, never in it.

``ledger.db`` holds complaints, their history and only the *masked* forms of personal data
(``王**``, ``139****5678``); ``ledger.contacts.db`` (same folder, same name plus ``.contacts``)
holds the originals:

* ``contacts``: the name and phone given with ``--reporter``/``--phone`` (or an imported
  work order's caller), by the UUID of the ledger's ``contacts`` row, which holds the masked forms;
* ``found``: personal data found in free text (:func:`~liuliqiao_cli.complaints.privacy.scrub`):
  for each complaint (its UUID; ``''`` for text that belongs to none), the masked form the stored
  text holds and the original it stands for;
* ``companion``: which ledger it belongs to (the ledger's own table ``companion`` holds its
  ``ledger_id``) and its format.

So ``sqlite3 ledger.db``, sqlite-utils and ``datasette ledger.db`` show no resident's name or
phone, whatever page or table; the grid worker's own ``--with-contacts`` reads the companion on
the same laptop, with no extra step.

Writes go to the companion FIRST, in a transaction of their own on a connection of their own,
committed before the ledger's transaction commits: a crash in between leaves a contact that no
complaint refers to, which is harmless, never a complaint whose contact is lost. (SQLite's ATTACH
cannot give that order: in WAL mode a transaction over two files commits the main file first, and
ATTACH is refused inside an open transaction, where imports and migrations write.) Readers open it
read-only, and only when something is to be revealed or checked.

One :class:`Companion` per ledger connection (:func:`of`), closed with it (:func:`close`).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from liuliqiao_cli.errors import LedgerFileError
from liuliqiao_cli.store import lookups

FORMAT = "1"
BUSY_TIMEOUT_MS = 15_000
AMBIGUOUS = None  # a masked form that stands for two different originals in one complaint

SCHEMA = (
    "CREATE TABLE companion (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE contacts (
        uuid  TEXT PRIMARY KEY,          -- the ledger's contacts.uuid
        name  TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID""",
    # The key's columns first: SQLite 3.40's integrity_check reports a false "NULL value" in a
    # WITHOUT ROWID table whose other NOT NULL columns come before them.
    """CREATE TABLE found (
        owner    TEXT NOT NULL,          -- the complaint's uuid ('' for text of no complaint)
        masked   TEXT NOT NULL,          -- what the ledger's text holds in its place
        original TEXT NOT NULL,          -- as it was typed
        kind     TEXT NOT NULL,          -- phone | id_number | name
        PRIMARY KEY (owner, masked, original)
    ) WITHOUT ROWID""",
)


# Residents looked up by what they were called or dialled from (``list --reporter/--phone``,
# "other complaints from the same resident", "the same resident" at ``add``): the ledger's
# ``contacts`` holds only masked forms, so these lookups start here.
INDEXES = (
    "CREATE INDEX IF NOT EXISTS contacts_phone ON contacts(phone)",
    "CREATE INDEX IF NOT EXISTS contacts_name ON contacts(name)",
)


def ensure_indexes(conn: sqlite3.Connection) -> None:
    """The lookup indexes on a companion file made before they existed (no-op otherwise)."""
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    if {"contacts_phone", "contacts_name"} <= have:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sql in INDEXES:
            conn.execute(sql)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def path_for(ledger: Path) -> Path:
    """``ledger.db`` -> ``ledger.contacts.db``; ``backups/2026-11-27.db`` ->
    ``backups/2026-11-27.contacts.db``; a name without suffix gets ``.contacts``."""
    if ledger.suffix:
        return ledger.with_name(f"{ledger.stem}.contacts{ledger.suffix}")
    return ledger.with_name(f"{ledger.name}.contacts")


def ledger_path(conn: sqlite3.Connection) -> Path | None:
    """The file behind ``conn`` (as ``store.ledger.path_of``, which imports the migrations,
    which import this module)."""
    name = conn.execute("PRAGMA database_list").fetchone()[2]
    return Path(name) if name else None


def ledger_id(conn: sqlite3.Connection) -> str | None:
    """The ledger's identity, which its companion file names as its owner (table ``companion``
    of the ledger, made by m012; None before it)."""
    try:
        row = conn.execute("SELECT value FROM companion WHERE key = 'ledger_id'").fetchone()
    except sqlite3.OperationalError:  # no such table: a ledger not yet upgraded
        return None
    return row[0] if row else None


def service_phones(conn: sqlite3.Connection) -> frozenset[str]:
    """The companies' service phones (the ledger's ``companies``): numbers that are not a
    resident's, left in texts as typed."""
    out: set[str] = set()
    for (phone,) in conn.execute("SELECT phone FROM companies WHERE phone != ''"):
        compact = "".join(phone.split())
        out.add(compact)
        if "-" in compact:
            out.add(compact.split("-")[1])
    return frozenset(out)


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode={mode}",
        uri=True,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def create(path: Path, owner_id: str) -> None:
    """A new, empty companion file for the ledger ``owner_id`` (mode 0600 from the start).

    Made complete under a temporary name, then linked into place: another process sees either
    no file or a whole one, and when two make it at once the second gets FileExistsError."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.new-", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        conn = _connect(tmp, "rw")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            for sql in (*SCHEMA, *INDEXES):
                conn.execute(sql)
            conn.executemany(
                "INSERT INTO companion (key, value) VALUES (?, ?)",
                [("format", FORMAT), ("ledger", owner_id)],
            )
            conn.execute("COMMIT")
        finally:
            conn.close()  # the last connection: the WAL is folded in and removed
        # A -wal or -shm without its database is left from a file deleted while in use: SQLite
        # would replay that WAL into the new file of the same name.
        if not path.exists():
            for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
                side.unlink(missing_ok=True)
        os.link(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


class Companion:
    """The companion file of one open ledger. ``reveal_missing`` is set when a reveal was asked
    for and the file could not give it (the command then says so, once, at its end). A plain
    class: `add`'s path defines no dataclass (start-up)."""

    def __init__(self, path: Path, owner_id: str | None) -> None:
        self.path = path
        self.owner_id = owner_id
        self._write: sqlite3.Connection | None = None
        self._read: sqlite3.Connection | None = None
        self.reveal_missing: str | None = None  # catalogue key of why the reveal failed
        self.revealed = False
        self.lost = 0  # contacts asked for in a reveal that the file does not hold
        self._checked = False

    # --- writing ---------------------------------------------------------------------------

    def writer(self) -> sqlite3.Connection:
        """The write connection, creating the file when it does not exist (a ledger whose
        companion was lost keeps recording; ``db check`` reports the contacts it lost)."""
        if self._write is None and self._read is not None and self.path.exists():
            self._write = self._read
        if self._write is None:
            if self.owner_id is None:
                raise LedgerFileError("privacy.no_ledger_id", path=str(self.path))
            if not self.path.exists():
                try:
                    create(self.path, self.owner_id)
                except FileExistsError:
                    pass  # another process made it first
                except OSError as exc:
                    raise LedgerFileError(
                        "privacy.companion_unwritable",
                        path=str(self.path),
                        reason=exc.strerror or str(exc),
                    ) from None
            self._write = _connect(self.path, "rw")
            self._check_owner(self._write)
        return self._write

    def stash(
        self,
        contacts: Iterable[tuple[str, str, str]] = (),
        found: Iterable[tuple[str, str, str, str]] = (),
    ) -> None:
        """Write contacts ``(uuid, name, phone)`` and found values ``(owner, kind, masked,
        original)`` in one transaction of the companion, committed now (before the ledger's)."""
        contacts, found = list(contacts), list(found)
        if not contacts and not found:
            return
        conn = self.writer()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT OR REPLACE INTO contacts (uuid, name, phone) VALUES (?, ?, ?)", contacts
            )
            conn.executemany(
                "INSERT OR IGNORE INTO found (owner, kind, masked, original) VALUES (?, ?, ?, ?)",
                found,
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # --- reading ---------------------------------------------------------------------------

    def reader(self, *, quiet: bool = False) -> sqlite3.Connection | None:
        """The connection to read with (only ever read with here), or None (and, unless
        ``quiet``, ``reveal_missing`` set) when the file is missing, unreadable or another
        ledger's. A reveal (not ``quiet``) marks the companion ``revealed``.

        One connection reads and writes, opened read-write without creating the file: the last
        connection to close folds the WAL in and removes it, which a read-only one cannot do;
        a ``-wal`` left behind would be replayed into a new file of the same name."""
        if self._read is None and self._write is not None:
            self._read = self._write
        if self._read is None and self.reveal_missing is None:
            problem = None
            if not self.path.exists():
                problem = "privacy.companion_missing"
            else:
                try:
                    conn = _connect(self.path, "rw")
                    owner = conn.execute(
                        "SELECT value FROM companion WHERE key = 'ledger'"
                    ).fetchone()
                except sqlite3.DatabaseError:
                    problem = "privacy.companion_unreadable"
                else:
                    if owner is None or owner[0] != self.owner_id:
                        conn.close()
                        problem = "privacy.companion_other_ledger"
                    else:
                        self._read = self._write = conn
                        self._checked = True
            if problem is not None:
                if quiet:
                    return None
                self.reveal_missing = problem
        if self._read is not None and not quiet:
            self.revealed = True
        return self._read

    def contacts(self, uuids: Iterable[str], *, quiet: bool = False) -> dict[str, tuple[str, str]]:
        """uuid -> (name, phone) for the contacts the companion holds."""
        conn = self.reader(quiet=quiet)
        wanted = [u for u in dict.fromkeys(uuids) if u]
        out: dict[str, tuple[str, str]] = {}
        if conn is None:
            return out
        for marks, chunk in lookups.chunks(wanted):
            for uuid, name, phone in conn.execute(
                f"SELECT uuid, name, phone FROM contacts WHERE uuid IN ({marks})", chunk
            ):
                out[uuid] = (name, phone)
        if not quiet:
            self.lost += len(wanted) - len(out)
        return out

    def pairs(
        self, owners: Iterable[str], *, quiet: bool = False
    ) -> dict[str, dict[str, str | None]]:
        """owner -> {masked form: original}; a masked form that stands for two different
        originals in one complaint maps to :data:`AMBIGUOUS` (it stays masked). ``quiet``: a
        lookup for masking, not a reveal (a missing file is not reported)."""
        conn = self.reader(quiet=quiet)
        wanted = [o for o in dict.fromkeys(owners) if o is not None]
        out: dict[str, dict[str, str | None]] = {}
        if conn is None:
            return out
        for marks, chunk in lookups.chunks(wanted):
            for owner, masked, original in conn.execute(
                f"SELECT owner, masked, original FROM found WHERE owner IN ({marks})", chunk
            ):
                known = out.setdefault(owner, {})
                if masked not in known:
                    known[masked] = original
                elif known[masked] is not None and _plain(known[masked]) != _plain(original):
                    known[masked] = AMBIGUOUS  # two different values behind one mask
        return out

    def known(self, owners: Iterable[str]) -> dict[str, list[tuple[str, str, str]]]:
        """owner -> (kind, masked, original) of every value found in its texts (a lookup to
        mask later texts with, not a reveal)."""
        conn = self.reader(quiet=True)
        out: dict[str, list[tuple[str, str, str]]] = {}
        if conn is None:
            return out
        for marks, chunk in lookups.chunks([o for o in dict.fromkeys(owners) if o]):
            for owner, kind, masked, original in conn.execute(
                f"SELECT owner, kind, masked, original FROM found WHERE owner IN ({marks})", chunk
            ):
                out.setdefault(owner, []).append((kind, masked, original))
        return out

    # --- housekeeping ----------------------------------------------------------------------

    def _check_owner(self, conn: sqlite3.Connection) -> None:
        if self._checked:
            return
        row = conn.execute("SELECT value FROM companion WHERE key = 'ledger'").fetchone()
        if row is None or row[0] != self.owner_id:
            raise LedgerFileError("privacy.companion_other_ledger_write", path=str(self.path))
        self._checked = True

    def close(self) -> None:
        for conn in {id(c): c for c in (self._read, self._write) if c is not None}.values():
            conn.close()
        self._write = self._read = None


def _plain(value: str | None) -> str:
    """A value without its formatting: 139 1234 5678, 139-1234-5678 and +86 13912345678 are
    one number."""
    digits = re.sub(r"[\s()（）+\-]", "", value or "")
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits.upper()


_open: dict[int, tuple[sqlite3.Connection, Companion]] = {}


def of(conn: sqlite3.Connection) -> Companion:
    """The companion of the ledger open on ``conn`` (one per connection, opened lazily)."""
    entry = _open.get(id(conn))
    if entry is not None and entry[0] is conn:
        return entry[1]
    ledger = ledger_path(conn)
    if ledger is None:
        raise LedgerFileError("privacy.in_memory", path=":memory:")
    companion = Companion(path_for(ledger), ledger_id(conn))
    _open[id(conn)] = (conn, companion)
    return companion


def peek(conn: sqlite3.Connection) -> Companion | None:
    """The companion already opened for ``conn``, if any (never opens one)."""
    entry = _open.get(id(conn))
    return entry[1] if entry is not None and entry[0] is conn else None


def close(conn: sqlite3.Connection) -> None:
    """Close the companion of ``conn`` (the session does, when the ledger closes)."""
    entry = _open.pop(id(conn), None)
    if entry is not None:
        entry[1].close()


class Status:
    """What ``db check`` reports about the companion file."""

    def __init__(self, path: Path, exists: bool) -> None:
        self.path = path
        self.exists = exists
        self.owner_ok = False
        self.integrity: list[str] = []
        self.contacts = 0
        self.found = 0


def status(conn: sqlite3.Connection) -> Status:
    companion = of(conn)
    st = Status(companion.path, companion.path.exists())
    if not st.exists:
        return st
    try:
        c = _connect(companion.path, "rw")  # read only; see Companion.reader
    except sqlite3.DatabaseError as exc:
        st.integrity = [str(exc)]
        return st
    try:
        st.integrity = [r[0] for r in c.execute("PRAGMA integrity_check")]
        owner = c.execute("SELECT value FROM companion WHERE key = 'ledger'").fetchone()
        st.owner_ok = owner is not None and owner[0] == companion.owner_id
        st.contacts = c.execute("SELECT count(*) FROM contacts").fetchone()[0]
        st.found = c.execute("SELECT count(*) FROM found").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        st.integrity = [str(exc)]
    finally:
        c.close()
    return st


def reporter_links(conn: sqlite3.Connection, complaint_uuids: Iterable[str]) -> dict[str, str]:
    """Complaint UUID -> its reporter's contact UUID (the key of the originals kept here), for
    the complaints that have a reporter: a query per 900, not per complaint."""
    links: dict[str, str] = {}
    if conn.execute("SELECT 1 FROM contacts LIMIT 1").fetchone() is None:
        return links  # no reporter at all (an import's ledger, mostly): no lookup of each UUID
    wanted = sorted(set(complaint_uuids))
    for marks, chunk in lookups.chunks(wanted):
        links.update(
            conn.execute(
                "SELECT c.uuid, k.uuid FROM complaints c JOIN contacts k ON k.id = c.contact_id"
                f" WHERE c.uuid IN ({marks})",
                chunk,
            )
        )
    return links
