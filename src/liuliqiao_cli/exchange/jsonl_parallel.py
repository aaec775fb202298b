"""A big export's lines built by helper processes (:mod:`liuliqiao_cli.exchange.jsonl_worker`).

Building the lines is SQLite's ``json_object``: nearly all of an export's time, and one core's
work (1,000,000 complaints took ~30 s). Here the records are cut in chunks of consecutive
numbers, the helpers (one per core, at most :data:`HELPERS_MAX`) take the chunks in turn, and each
writes its chunks into the export's file itself (``pwrite``) at the offset this process gives it
once the chunks before are measured: nothing is copied between processes, and a helper goes on
building while it waits. Each helper is a separate process with its own connection: threads of
one process share one lock on every allocation SQLite makes and on Python's objects, and two
ran no faster than one.

One snapshot: the helpers and this process's own reader begin to read while the exporting
connection holds the write lock (``BEGIN IMMEDIATE``, for the ~0.1 s the helpers take to start),
so no commit can fall between their snapshots. Where the lock cannot be had at once (another
process is writing), a helper cannot start, or the export does not go to a file, it builds its
lines alone, as before.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from liuliqiao_cli.errors import LedgerError
from liuliqiao_cli.exchange.jsonl_worker import NUMBER, PIECE, READY, read_exactly

HELPERS_MIN = 200_000  # records (by their numbers) from which helpers pay for their start
HELPERS_MAX = 4
MAX_CHUNKS = 1_000_000  # numbers too sparse to cut in chunks: the export stays alone
LOCK_WAIT_MS = 200  # how long the export waits for the write lock before doing without helpers


class Part(NamedTuple):
    """One kind of record in the file: its table, the SQL of one chunk's lines (as
    ``exchange.jsonl.chunk_sql`` writes it) and the records in a chunk."""

    table: str
    sql: str
    chunk: int


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Helpers:
    """Helper processes reading one snapshot with :attr:`reader`, each with its share of the
    chunks (chunk i is helper i mod n's), writing into the file ``out``."""

    def __init__(
        self, reader: sqlite3.Connection, procs: list[subprocess.Popen[bytes]], chunks: int
    ) -> None:
        self.reader = reader
        self.procs = procs
        self.chunks = chunks

    @classmethod
    def start(
        cls,
        conn: sqlite3.Connection,
        path: Path,
        out: IO[bytes],
        parts: Sequence[Part],
        count: str,
        events: int,
    ) -> Helpers | None:
        """Helpers for the ``parts`` of the ledger at ``path`` (``conn`` not in a transaction)
        writing into ``out``, or None where the export is better off alone. ``count`` counts the
        records of ``parts[events]`` (the events) in a chunk: each helper counts its own as it
        starts."""
        procs = min(cores(), HELPERS_MAX)
        fd = _file(out)
        if procs < 2 or fd is None or _records(conn, parts) < HELPERS_MIN:
            return None
        waited = conn.execute("PRAGMA busy_timeout").fetchone()[0]
        conn.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # another process is writing, or the file is read-only
            return None
        finally:
            conn.execute(f"PRAGMA busy_timeout = {waited}")
        reader = None
        started: list[subprocess.Popen[bytes]] = []
        try:
            reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
            reader.execute("BEGIN")
            chunks = _chunks(reader, parts)
            if chunks is None:
                raise _Alone
            # a copy of the descriptor above 2: standard output itself (``export > file``)
            # would be the helper's pipe to us under its own number
            import fcntl  # there: _file found it

            shared = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
            spec = {"uri": f"{path.as_uri()}?mode=ro", "fd": shared, "count": count}
            spec.update(events=events, sql=[p.sql for p in parts])
            try:
                for i in range(procs):
                    started.append(_spawn(shared))
                    _send(started[-1], json.dumps({**spec, "chunks": chunks[i::procs]}).encode())
            finally:
                os.close(shared)
            for proc in started:
                if _read(proc, len(READY)) != READY:
                    raise _Alone
        except BaseException as exc:
            _end(started)
            if reader is not None:
                reader.close()
            if isinstance(exc, (_Alone, OSError, sqlite3.Error, LedgerError)):
                return None  # a helper could not start: alone
            raise
        finally:
            conn.execute("ROLLBACK")  # nothing was written: the lock is let go (COMMIT would
            # want the exclusive lock of a ledger not in WAL mode, which the readers now keep)
        return cls(reader, started, len(chunks))

    def events(self) -> int:
        """The events in the file, as the helpers counted them."""
        return sum(NUMBER.unpack(_read(p, NUMBER.size))[0] for p in self.procs)

    def write(self, out: IO[bytes]) -> Iterator[int]:
        """Have every chunk written into ``out`` after what it holds, in order; yields the lines
        of each as it is built (its bytes are written soon after)."""
        out.flush()
        at = out.tell()
        for i in range(self.chunks):
            proc = self.procs[i % len(self.procs)]
            lines, size = PIECE.unpack(_read(proc, PIECE.size))
            if size:
                assert proc.stdin is not None
                os.write(proc.stdin.fileno(), NUMBER.pack(at))
                at += size
            yield lines
        for proc in self.procs:  # each has written its last chunk when it ends
            if proc.wait() != 0:
                raise _failed(proc)
        out.seek(at)

    def close(self) -> None:
        _end(self.procs)
        self.reader.close()


class _Alone(Exception):
    """The export does without helpers."""


def _file(out: IO[bytes]) -> int | None:
    """The descriptor of ``out`` when it is a file the helpers can write into, else None."""
    if not hasattr(os, "pwritev"):
        return None
    try:
        fd = out.fileno()
        import fcntl

        appends = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND  # pwrite would append
    except (ImportError, AttributeError, OSError, ValueError):
        return None
    return fd if stat.S_ISREG(os.fstat(fd).st_mode) and not appends else None


def _span(conn: sqlite3.Connection, table: str) -> tuple[int | None, int | None]:
    """The first and last record number (two lookups: ``min(id), max(id)`` in one query is a
    scan of the table)."""
    row = conn.execute(f"SELECT (SELECT min(id) FROM {table}), (SELECT max(id) FROM {table})")
    return tuple(row.fetchone())  # type: ignore[return-value]


def _records(conn: sqlite3.Connection, parts: Sequence[Part]) -> int:
    """About how many records the file will hold (by their numbers)."""
    spans = [_span(conn, p.table) for p in parts]
    return sum(hi - lo + 1 for lo, hi in spans if lo is not None and hi is not None)


def _chunks(reader: sqlite3.Connection, parts: Sequence[Part]) -> list[list[int]] | None:
    """[part, first number, last number] of every chunk in the file's order, read in the
    snapshot; None when the numbers are too sparse to cut."""
    chunks = []
    for which, part in enumerate(parts):
        lo, hi = _span(reader, part.table)
        if lo is None or hi is None:
            continue
        if (hi - lo) // part.chunk > MAX_CHUNKS:
            return None
        chunks += [[which, a, min(a + part.chunk - 1, hi)] for a in range(lo, hi + 1, part.chunk)]
    return chunks


def _spawn(fd: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "liuliqiao_cli.exchange.jsonl_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        bufsize=0,
        pass_fds=(fd,),
    )


def _send(proc: subprocess.Popen[bytes], spec: bytes) -> None:
    assert proc.stdin is not None
    data = memoryview(NUMBER.pack(len(spec)) + spec)
    while data:
        data = data[os.write(proc.stdin.fileno(), data) :]


def _read(proc: subprocess.Popen[bytes], size: int) -> bytes:
    """Exactly ``size`` bytes from a helper (it has died when they do not come)."""
    assert proc.stdout is not None
    try:
        return read_exactly(proc.stdout.fileno(), size)
    except EOFError:
        raise _failed(proc) from None


def _failed(proc: subprocess.Popen[bytes]) -> LedgerError:
    """The error of a helper that stopped before its last chunk (it is ended first)."""
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:  # its output closed, and still running: ended below
        pass
    _end([proc])
    return LedgerError("exchange.helper_failed", code=proc.returncode)


def _end(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()
