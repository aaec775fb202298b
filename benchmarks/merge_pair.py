"""Two copies of one big ledger that differ in a given number of complaints: the merge benchmark.

    python benchmarks/merge_pair.py MASTER.db FOLDER [--differ 10000]

Copies MASTER to FOLDER/a.db and FOLDER/b.db, gives them stations A and B (two ledgers now), and
changes ``--differ`` complaints between them, as two grid workers' laptops would: on A a tag on
some complaints, on B a dispatch or a note on others, and a tenth of them changed on both sides
(the merge settles those part by part; a same-part change on both becomes a conflict). Prints the
paths. benchmarks/run.py then times `liuliqiao --db a.db merge b.jsonl` (the export of b.db).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

WHEN = datetime(2026, 11, 27, 9, 0, 0)


def diverge(master: Path, folder: Path, differ: int, seed: int = 17) -> tuple[Path, Path]:
    from liuliqiao_cli.complaints import lifecycle, names
    from liuliqiao_cli.errors import LedgerError
    from liuliqiao_cli.store import ledger

    rng = random.Random(seed)
    paths = []
    for letter in ("A", "B"):
        path = folder / f"{letter.lower()}.db"
        shutil.copy(master, path)
        conn = ledger.open_ledger(path)
        names.set_station(conn, letter, now=WHEN, actor="基准")
        conn.close()
        paths.append(path)
    conn_a, conn_b = (ledger.open_ledger(p) for p in paths)
    top = conn_a.execute("SELECT max(id) FROM complaints").fetchone()[0]
    chosen = rng.sample(range(1, top + 1), differ)
    both = set(chosen[: differ // 10])
    half = differ // 2
    for conn, mine, actor in (
        (conn_a, chosen[:half], "李网格"),
        (conn_b, chosen[half:] + sorted(both), "王网格"),
    ):
        conn.execute("BEGIN IMMEDIATE")
        for n, cid in enumerate(mine):
            when = WHEN + timedelta(seconds=n % 3600)
            try:
                if conn is conn_a:
                    lifecycle.apply_action(conn, cid, "tag", now=when, actor=actor, add=["盼"])
                elif n % 2:
                    lifecycle.apply_action(conn, cid, "dispatch", now=when, actor=actor)
                else:
                    lifecycle.apply_action(conn, cid, "note", now=when, actor=actor, note="回访")
            except LedgerError:  # a step this complaint's status does not allow: a note then
                lifecycle.apply_action(conn, cid, "note", now=when, actor=actor, note="回访")
        conn.execute("COMMIT")
        conn.close()
    return paths[0], paths[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("master", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--differ", type=int, default=10_000)
    args = parser.parse_args(argv)
    a, b = diverge(args.master, args.folder, args.differ)
    print(a)
    print(b)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
