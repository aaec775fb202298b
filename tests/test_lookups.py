"""Lookups of many values at once keep to a few statement texts (store/lookups.py): one text per
list length filled sqlite3's cache of prepared statements and made a long import grow."""

from __future__ import annotations

import sqlite3

from liuliqiao_cli.store import lookups


def test_every_list_has_one_of_a_few_lengths_and_nothing_is_lost() -> None:
    texts = set()
    for n in range(0, 2 * lookups.LIMIT + 3):
        values = [f"v{i}" for i in range(n)]
        got = []
        for marks, params in lookups.chunks(values):
            assert len(params) in lookups.LENGTHS and marks.count("?") == len(params)
            texts.add(marks)
            got += [p for p in params if p is not None]
        assert got == values
    assert len(texts) == len(lookups.LENGTHS)


def test_the_padding_matches_nothing() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (uuid TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("a",), ("b",), (None,)])
    found = [
        row[0]
        for marks, params in lookups.chunks(["a", "x"])
        for row in conn.execute(f"SELECT uuid FROM t WHERE uuid IN ({marks})", params)
    ]
    assert found == ["a"]
