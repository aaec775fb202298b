"""Problems raised by several households: the problems (an original and its duplicates) that got
a duplicate within the period, with the households they affect (distinct rooms, as ``show``
counts them, see :mod:`liuliqiao_cli.complaints.duplicates`).

Duplicates are found as they stand now (a link made after the period counts), from the
``(status, received_at)`` index; each problem's rooms from the ``complaints_duplicate_of``
index: a few rows per problem at a district's scale.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from liuliqiao_cli.complaints.duplicates import households
from liuliqiao_cli.complaints.status import DUPLICATE
from liuliqiao_cli.dates import iso
from liuliqiao_cli.reports.periods import Period


@dataclass(frozen=True)
class Affected:
    original: int
    item: str
    building: int | None
    unit: int | None
    room: str | None
    place: str | None
    status: str
    complaints: int  # the original and every duplicate of it
    households: int  # distinct rooms among them
    without_room: int
    in_period: int  # duplicates received within the period


def _midnight(period: Period) -> datetime:
    return datetime(period.since.year, period.since.month, period.since.day)


def affected(conn: sqlite3.Connection, period: Period) -> list[Affected]:
    """Most households first, then most complaints, then the oldest problem."""
    found = conn.execute(
        "SELECT duplicate_of, count(*) FROM complaints"
        " WHERE status = :duplicate AND received_at >= :since AND received_at < :end"
        " AND duplicate_of IS NOT NULL GROUP BY duplicate_of",
        {"duplicate": DUPLICATE, "since": iso(_midnight(period)), "end": iso(period.end)},
    ).fetchall()
    out = []
    for original, in_period in found:
        row = conn.execute(
            "SELECT item, building, unit, room, place, status FROM complaints WHERE id = ?",
            (original,),
        ).fetchone()
        if row is None:
            continue
        h = households(conn, original)
        item, building, unit, room, place, state = row
        out.append(
            Affected(
                original,
                item,
                building,
                unit,
                room,
                place,
                state,
                h.complaints,
                h.households,
                h.without_room,
                in_period,
            )
        )
    out.sort(key=lambda a: (-a.households, -a.complaints, a.original))
    return out
