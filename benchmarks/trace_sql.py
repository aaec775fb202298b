"""Run one liuliqiao command in-process and record every SQL statement it executed.

    python benchmarks/trace_sql.py OUT.json [liuliqiao arguments...]

sqlite3.connect is wrapped so that each connection reports its statements (with the bound values
expanded, as SQLite's trace gives them); OUT.json receives {"exit": code, "statements": [...]}.
benchmarks/plans.py turns the SELECTs into EXPLAIN QUERY PLAN output.
"""

from __future__ import annotations

import json
import sqlite3
import sys


def main() -> None:
    out, args = sys.argv[1], sys.argv[2:]
    statements: list[str] = []
    real_connect = sqlite3.connect

    def connect(*a, **kw):  # type: ignore[no-untyped-def]
        conn = real_connect(*a, **kw)
        conn.set_trace_callback(statements.append)
        return conn

    sqlite3.connect = connect  # type: ignore[assignment]
    sys.argv = ["liuliqiao", *args]
    from liuliqiao_cli.cli import main as cli_main

    code: object = 0
    try:
        cli_main()
    except SystemExit as exc:
        code = exc.code
    finally:
        sqlite3.connect = real_connect  # type: ignore[assignment]
        with open(out, "w", encoding="utf-8") as fh:
            json.dump({"exit": code, "statements": statements}, fh, ensure_ascii=False)


if __name__ == "__main__":
    main()
