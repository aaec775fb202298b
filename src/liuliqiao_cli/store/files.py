"""Writing a file the user names: the checks on the target, and the atomic write.

Every command that writes such a file (a dossier, an export, a backup, the duty calendar, the
sample ledger) goes through here, so that none of them leaves half a file under the user's name,
replaces a file without ``--force``, or writes over the ledger it reads (or its ``-wal``/``-shm``,
which belong to it).

The write goes to a temporary file beside the target (the same file system, so the rename is
atomic), is flushed to disk, given its mode and only then renamed over the target: a failure or a
kill leaves either the old file or the new one, never part of one. A temporary file is created
0600 from the start; the finished file is 0600 when it holds residents' contacts, else it keeps
the mode of the file it replaces, else it gets what the umask gives any new file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liuliqiao_cli.errors import LedgerFileError

# Files SQLite keeps beside a database while it is open (WAL mode) or writing (rollback journal).
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def is_ledger_file(target: Path, ledger: Path) -> bool:
    """Whether ``target`` is ``ledger``, its companion contacts file, or a side file of either
    (by name, link or hard link)."""
    from liuliqiao_cli.store.companion import path_for

    for base in (ledger.resolve(), path_for(ledger.resolve())):
        if target.resolve() in {base, *(Path(f"{base}{s}") for s in SIDE_SUFFIXES)}:
            return True
        if target.exists() and base.exists() and os.path.samefile(target, base):
            return True
    return False


def check_target(
    target: Path,
    *,
    force: bool,
    ledger: Path | None = None,
    same_key: str = "file.is_ledger",
) -> None:
    """Refuse a target that is a folder, lies in no folder, is the ledger (``same_key`` says so)
    or already exists (unless ``force``)."""
    if target.is_dir():
        raise LedgerFileError("file.is_dir", path=str(target))
    if not target.parent.is_dir():
        raise LedgerFileError("file.no_folder", path=str(target.parent))
    # Before "exists": the answer to "this is the ledger" must not be "add --force".
    if ledger is not None and is_ledger_file(target, ledger):
        raise LedgerFileError(same_key, path=str(target))
    if target.exists() and not force:
        raise LedgerFileError("file.exists", path=str(target))


def _mode(target: Path, private: bool) -> int:
    if private:
        return 0o600
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def replacing(target: Path, *, private: bool = False) -> Iterator[Path]:
    """A temporary path beside ``target`` for the caller to write (it exists, empty, so SQLite
    can open it as a new database). When the block ends normally the file is synced, given its
    mode and renamed over ``target``; when it raises, the file (and any SQLite side file of it)
    is removed and ``target`` is as it was. ``OSError`` reaches the caller, who words it."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.tmp-", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _fsync(tmp)
        os.chmod(tmp, _mode(target, private))
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in SIDE_SUFFIXES)):
            leftover.unlink(missing_ok=True)


def write_bytes(
    target: Path, data: bytes, *, force: bool, ledger: Path | None, private: bool = False
) -> None:
    """Check ``target`` (:func:`check_target`), then write ``data`` to it atomically."""
    check_target(target, force=force, ledger=ledger)
    with replacing(target, private=private) as tmp:
        tmp.write_bytes(data)
