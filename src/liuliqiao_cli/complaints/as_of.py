"""A complaint as it stood at a past moment, from its append-only history.

Every event that changes a complaint's columns records their values before and after
(``{"before": {...}, "after": {...}}``, see ``status.py``), so the row at a moment is the row
now with the ``before`` values of every later event put back, latest first. A complaint whose
creation came after the moment did not exist then. A dossier of a meeting already held is built
from these rows, so that it shows what the meeting saw, whatever happened since.

Pure functions over rows and event data: no queries here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from liuliqiao_cli.complaints import status

# The C scanner json.loads ends in, called directly: half the cost of json.loads for an event's
# data (thousands are read for a week's changes), the same value (json.loads only adds the
# checks for surrounding whitespace and text, left to it whenever the scanner stops short).
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _decoded(data: str) -> Any:
    """``json.loads(data)``."""
    try:
        value, end = _SCAN(data, 0)
    except StopIteration:
        return json.loads(data)  # leading whitespace, or no JSON: json.loads reads it or says why
    return value if end == len(data) else json.loads(data)


def put_back(later: Iterable[tuple[str, str | None]]) -> dict[str, Any] | None:
    """What the events ``later`` ((kind, data JSON) in the order they were recorded) put back:
    each column a ``before`` names, at the value of the earliest event naming it; None when one
    of them created the complaint."""
    values: dict[str, Any] = {}
    for kind, data in reversed(list(later)):
        if kind == status.EV_CREATE:
            return None
        before = _decoded(data or "{}").get("before")
        if isinstance(before, dict):
            values.update(before)
    return values


def rewind(
    row: Mapping[str, Any], later: Iterable[tuple[str, str | None]]
) -> dict[str, Any] | None:
    """The row as it was before the events ``later`` ((kind, data JSON) in the order they were
    recorded), or None when one of them created it."""
    back = put_back(later)
    if back is None:
        return None
    values = dict(row)
    for column, value in back.items():
        if column in values:
            values[column] = value
    return values


def overdue_at(row: Mapping[str, Any], moment: str) -> bool:
    """``status.overdue_sql`` at ``moment`` (ledger local time, ``YYYY-MM-DD HH:MM:SS``) for a
    row as it stood then: open, and past a response limit with no response yet or past the
    resolution limit."""
    if row["status"] not in status.OPEN_STATUSES:
        return False
    respond_by, resolve_by = row["respond_by"], row["resolve_by"]
    if row["responded_at"] is None and respond_by is not None and respond_by < moment:
        return True
    return resolve_by is not None and resolve_by < moment
