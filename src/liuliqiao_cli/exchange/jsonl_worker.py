"""A helper process of a big export (see :mod:`liuliqiao_cli.exchange.jsonl_parallel`): it builds
the lines of the chunks it is given on its own read-only connection and writes each chunk into
the export's file where the export tells it to. It imports nothing but the standard library, so
it starts in a few milliseconds.

    python -m liuliqiao_cli.exchange.jsonl_worker

On its standard input: the spec (its length, :data:`NUMBER`, then JSON: ``{"uri": <the ledger,
read-only>, "fd": <the file, inherited>, "sql": [SQL of one chunk, per kind], "count": <SQL
counting the events of a chunk>, "events": <the index of the events' SQL>, "chunks": [[sql
index, first id, last id], ...]}``), then the offset at which to write each of its chunks that has
lines, in order. On its standard output: :data:`READY` once its read snapshot is taken; the
number of events in its chunks; then for each chunk, as soon as it is built, its lines and bytes
(:data:`PIECE`). It goes on building while the offsets are on their way, up to :data:`AHEAD`
chunks.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import struct
import sys
from collections import deque

READY = b"R"
NUMBER = struct.Struct("<Q")
PIECE = struct.Struct("<QQ")  # lines, bytes
AHEAD = 8  # chunks built and not yet written (a chunk is a few hundred KB)


def read_exactly(fd: int, size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = os.read(fd, size - len(data))
        if not more:
            raise EOFError
        data += more
    return data


def _put(fd: int, blob: bytes, offset: int) -> None:
    parts = [memoryview(blob), memoryview(b"\n")]
    while parts:
        done = os.pwritev(fd, parts, offset)
        offset += done
        while parts and done >= len(parts[0]):
            done -= len(parts.pop(0))
        if parts:
            parts[0] = parts[0][done:]


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the export is interrupted, and ends us
    (size,) = NUMBER.unpack(read_exactly(0, NUMBER.size))
    spec = json.loads(read_exactly(0, size))
    conn = sqlite3.connect(spec["uri"], uri=True, isolation_level=None, timeout=15)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is taken here
    out = sys.stdout.buffer
    out.write(READY)
    out.flush()
    events, fd = spec["events"], spec["fd"]
    counted = sum(
        conn.execute(spec["count"], (first, last)).fetchone()[0]
        for which, first, last in spec["chunks"]
        if which == events
    )
    out.write(NUMBER.pack(counted))
    out.flush()
    built: deque[bytes] = deque()
    for which, first, last in spec["chunks"]:
        # a chunk holds at most last - first + 1 records (see exchange.jsonl.chunk_sql)
        lines, _, blob = conn.execute(
            spec["sql"][which], (first, last, last - first + 1)
        ).fetchone()
        out.write(PIECE.pack(lines, len(blob) + 1 if lines else 0))
        out.flush()
        if lines:
            built.append(blob)
        while built and (len(built) > AHEAD or select.select([0], [], [], 0)[0]):
            _put(fd, built.popleft(), NUMBER.unpack(read_exactly(0, NUMBER.size))[0])
    while built:
        _put(fd, built.popleft(), NUMBER.unpack(read_exactly(0, NUMBER.size))[0])
    conn.close()
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except (BrokenPipeError, EOFError):  # the export stopped (it failed or was interrupted)
        raise SystemExit(1) from None
