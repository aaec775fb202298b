"""What working-day deadlines cost `add`, measured in-process (issue 15: at most 1 ms).

Three figures, each the median of many runs:

1. the deadline arithmetic alone, ``routing.deadlines`` for an item resolving in working days
   against the same item in calendar days, at random receipt times from 2023-03 (the rotation) to 2026;
2. ``record.prepare`` (what `add` does before writing: recognise, route, deadlines) on the
   default estate, whose resolutions are in working days, against the same estate with every
   limit in calendar days;
3. the one-off cost paid by the first working-day deadline of a process: importing
   chinese-calendar and indexing its tables (a fresh interpreter per run).

    .venv/bin/python benchmarks/workdays.py
"""

from __future__ import annotations

import copy
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

RUNS = 2000


def _per_call(fn, args_list) -> float:  # type: ignore[no-untyped-def]
    times = []
    for args in args_list:
        started = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _moments(n: int) -> list[datetime]:
    rng = random.Random(15)
    start = datetime(2023, 3, 1, 8, 0)
    return [
        start + timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60 + 200 * 24 * 60))
        for _ in range(n)
    ]


def _calendar_days(estate):  # type: ignore[no-untyped-def]
    """The same estate with every working-day limit in calendar days."""
    from liuliqiao_cli.estate.model import Limit

    out = copy.copy(estate)
    out.items = dict(estate.items)
    for code, item in out.items.items():
        limits = tuple(
            (step, Limit(lim.amount, "days") if lim.unit == "workdays" else lim)
            for step, lim in item.limits
        )
        out.items[code] = item._replace(limits=limits)
    return out


def main() -> int:
    from liuliqiao_cli.complaints import record
    from liuliqiao_cli.complaints.routing import deadlines
    from liuliqiao_cli.estate import definition, model
    from liuliqiao_cli.store import ledger

    folder = Path(tempfile.mkdtemp(prefix="liuliqiao-workdays-"))
    conn, _ = ledger.create_ledger(folder / "ledger.db")
    ledger.migrate(conn)
    now = datetime(2026, 11, 27, 10, 0)
    with ledger.transaction(conn):
        model.install(
            conn, definition.load_definition(definition.default_definition_text()), now=now
        )
    workdays = model.load(conn)
    days = _calendar_days(workdays)
    assert workdays.items["garbage"].limit("resolve").unit == "workdays"
    assert days.items["garbage"].limit("resolve").unit == "days"
    moments = _moments(RUNS)
    deadlines(workdays, "garbage", moments[0], False)  # the library's one-off cost, paid here
    arith_w = _per_call(deadlines, [(workdays, "garbage", t, False) for t in moments])
    arith_d = _per_call(deadlines, [(days, "garbage", t, False) for t in moments])
    texts = ["北门垃圾站满了没人清", "3号楼2单元楼道灯坏了好几天", "小区主路有井盖松动"]

    def prepare(estate, text, received):  # type: ignore[no-untyped-def]
        record.prepare(conn, estate, record.NewComplaint(text, received_at=received), now=now)

    calls = [(texts[i % 3], moments[i] if moments[i] < now else now) for i in range(RUNS // 4)]
    prep_w = _per_call(prepare, [(workdays, text, t) for text, t in calls])
    prep_d = _per_call(prepare, [(days, text, t) for text, t in calls])
    first = []
    code = (
        "import time; from datetime import datetime; "
        "from liuliqiao_cli.estate.workdays import WorkCalendar; c = WorkCalendar(); "
        "t = time.perf_counter(); c.add_workdays(datetime(2026, 9, 30, 10), 2); "
        "print((time.perf_counter() - t) * 1000)"
    )
    for _ in range(15):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        first.append(float(out.stdout))
    print(f"deadline arithmetic, working days: {arith_w:.4f} ms; calendar days: {arith_d:.4f} ms")
    print(
        f"record.prepare (what add does before writing), working days: {prep_w:.3f} ms;"
        f" calendar days: {prep_d:.3f} ms; difference {prep_w - prep_d:+.3f} ms"
    )
    print(
        f"first working-day deadline of a process (chinese-calendar imported and indexed):"
        f" median {statistics.median(first):.2f} ms over {len(first)} fresh interpreters"
    )
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
