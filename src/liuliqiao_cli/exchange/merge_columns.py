"""New rows of a merge built a column at a time (:meth:`RowWriter._insert
<liuliqiao_cli.exchange.merge_rows.RowWriter._insert>`): each column read from the batch's
records, each reference column mapped from UUIDs to our numbers by one ``map`` over a dict, the
rows zipped. An import of 1,000,000 complaints writes 7 million rows; building each row in a
Python loop (its references one by one) cost about 2 µs a row, a fifth of the import.

The outcome is the one the row-by-row loop had: a reference to a record of the same batch holds
only when that record comes first (a row could only name what was written before it); the first
row whose reference names nothing is refused, or, where the merge allows it (a complaint's
contact that did not travel, a duplicate pointing forwards), left empty and reported.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from liuliqiao_cli.exchange.jsonl import SUBJECT_TABLES

_EMPTY: dict[str, int] = {}
_UUID = attrgetter("uuid")
_ID = attrgetter("id")
_NAME = attrgetter("name")

# Late: (row index, column, the UUID it names), for refs that name nothing written yet.
Late = tuple[int, str, str]


def new_ids(records: list[Any], start: int, *, named: bool) -> list[int]:
    """Each new record's number: the one the file gives when it is above every number in use
    (and, for complaints, the record has no name), else the next one. ``start``: the next free
    number. The common case (a restore: numbers in a row, above ours) without a loop."""
    n = len(records)
    wanted = list(map(_ID, records))
    first = wanted[0]
    if (
        isinstance(first, int)
        and first >= start
        and wanted == list(range(first, first + n))
        and (not named or list(map(_NAME, records)).count(None) == n)
    ):
        return wanted
    out: list[int] = []
    next_id = start
    for record, number in zip(records, wanted, strict=True):
        if isinstance(number, int) and number >= next_id and (not named or record.name is None):
            row_id = number
        else:
            row_id = next_id
        next_id = row_id + 1
        out.append(row_id)
    return out


def local_columns(
    records: list[Any],
    names: list[str],
    ids: list[int],
    refs: list[tuple[int, str, str]],
    resolved: dict[str, dict[str, int]],
    own_table: str,
) -> tuple[list[list[Any]], list[Late]]:
    """The table's columns for ``records`` (``names`` in table order; the first, the number, is
    ``ids``), references (``refs``: index, column, table) made local through ``resolved``
    (table -> UUID -> number, ``own_table`` holding the batch's own records too); and the
    references that name nothing written before their row, in row order."""
    columns: list[list[Any]] = [ids, *(list(map(attrgetter(n), records)) for n in names[1:])]
    late: list[Late] = []
    for index, col, table in refs:
        values = columns[index]
        target = resolved.get(table, _EMPTY)
        local = list(map(target.get, values))
        if table == own_table:  # a record of the batch named before it is written: not yet
            _hide_forwards(values, local, records)
        if local.count(None) != values.count(None):
            late += [
                (i, col, value)
                for i, (value, number) in enumerate(zip(values, local, strict=True))
                if value is not None and number is None
            ]
        columns[index] = local
    late.sort(key=lambda item: item[0])
    return columns, late


def _hide_forwards(values: list[Any], local: list[Any], records: list[Any]) -> None:
    """References to a record of the same batch after their own row: None in ``local`` (a row
    may name itself, as the loop wrote each number down before its row)."""
    if values.count(None) == len(values):
        return
    place = {uuid: i for i, uuid in enumerate(map(_UUID, records))}
    for i, value in enumerate(values):
        if value is not None and place.get(value, -1) > i:
            local[i] = None


def subjects(
    kinds: list[str], named: list[str | None], resolved: dict[str, dict[str, int]], aside: set[str]
) -> tuple[list[int | None], int | None]:
    """Events' subjects (``kinds``: complaint, meeting ...; ``named``: their UUIDs) made local:
    the number of the row of the subject's table, None where it names nothing here; and the
    index of the first that names nothing and is not set ``aside`` (None: there is none)."""
    tables = SUBJECT_TABLES.get
    local = [
        None if sid is None else resolved.get(tables(kind, ""), _EMPTY).get(sid)
        for kind, sid in zip(kinds, named, strict=True)
    ]
    if local.count(None) == named.count(None):
        return local, None
    missing = (
        i
        for i, (sid, number) in enumerate(zip(named, local, strict=True))
        if number is None and sid is not None and sid not in aside
    )
    return local, next(missing, None)
