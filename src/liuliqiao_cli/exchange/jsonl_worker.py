"""A helper process of a big export (see :mod:`liuliqiao_cli.exchange.jsonl_parallel`): it builds
the lines of the chunks it is given on its own read-only connection and sends them, in order, on
its standard output. It imports nothing but the standard library, so it starts in a few
milliseconds.

    python -m liuliqiao_cli.exchange.jsonl_worker < spec

The spec is one JSON line: ``{"uri": <the ledger, read-only>, "sql": [SQL of one chunk, per
kind], "count": <SQL counting the events of a chunk>, "chunks": [[sql index, first id, last id],
...], "events": <the index of the events' SQL>}``. The answer: ``b"R"`` once its read snapshot is
taken; the number of events in its chunks (:data:`COUNT`); then for each chunk a header
(:data:`PIECE`: its lines and bytes) and those bytes, the lines each ended by a newline.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import struct
import sys

READY = b"R"
COUNT = struct.Struct("<Q")
PIECE = struct.Struct("<QQ")  # lines, bytes


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the export is interrupted, and ends us
    spec = json.loads(sys.stdin.readline())
    conn = sqlite3.connect(spec["uri"], uri=True, isolation_level=None, timeout=15)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is taken here
    out = sys.stdout.buffer
    out.write(READY)
    out.flush()
    events = spec["events"]
    counted = sum(
        conn.execute(spec["count"], (first, last)).fetchone()[0]
        for which, first, last in spec["chunks"]
        if which == events
    )
    out.write(COUNT.pack(counted))
    out.flush()
    for which, first, last in spec["chunks"]:
        # a chunk holds at most last - first + 1 records (see exchange.jsonl.chunk_sql)
        lines, _, blob = conn.execute(
            spec["sql"][which], (first, last, last - first + 1)
        ).fetchone()
        out.write(PIECE.pack(lines, len(blob) + 1 if lines else 0))
        if lines:
            out.write(blob)
            out.write(b"\n")
    out.flush()
    conn.close()
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # the export stopped reading (it failed or was interrupted)
        raise SystemExit(1) from None
