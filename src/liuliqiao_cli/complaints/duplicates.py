"""Possible duplicates, and the households one problem affects.

A complaint is a *possible duplicate* of an open complaint about the same service item at the same
place, received within :data:`WINDOW_DAYS` of it (either way): the same building and unit (a
unit left out on either side matches any unit of the building), or — outside the buildings — the
same public place, or neither naming one. For the fallback item ("其他事项", nothing recognised)
the item says nothing, so the text must be the same too. Complaints already marked duplicate
are never offered: a duplicate points at its original (``lifecycle``'s ``duplicate`` action).

The lookup is one range of the ``complaints_open_spot`` index (open complaints only: item,
building, received_at, place, unit): a few rows at a district's scale, however many duplicates
the window holds.

*Households affected* by a problem: the original and its duplicates, counted by distinct room
(building, unit and room). Complaints that name no room cannot be told apart; they are counted
as such (``without_room``) and left out of the households.

Callers: ``add`` names the possible duplicates (and on a terminal links one at once, in the same
transaction as the new complaint: :func:`record_linked`); the 12345 work-order import links
rows to what they repeat; a merge of another ledger can call :func:`possible` on each incoming
record to report them.
"""

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from liuliqiao_cli.complaints import record, status
from liuliqiao_cli.complaints.location import location_text
from liuliqiao_cli.dates import iso
from liuliqiao_cli.store.ledger import joined_transaction

WINDOW_DAYS = 7


SHOWN = 3  # possible duplicates named at most


class Possible(NamedTuple):  # a NamedTuple: cheaper to define than a dataclass, at start-up
    """An open complaint the new one may repeat."""

    id: int
    received_at: str
    status: str
    item: str
    building: int | None
    unit: int | None
    room: str | None
    place: str | None
    text: str
    name: str | None = None  # B17 where it has one (complaints/names.py)

    @property
    def label(self) -> str:
        """What a person reads: B17, or the number here (print it as #B17, #415)."""
        return self.name or str(self.id)

    @property
    def location(self) -> str:
        return location_text(self._asdict())

    def days_before(self, moment: datetime) -> int:
        """Whole days from this complaint's receipt to ``moment`` (negative: received after)."""
        return (moment.date() - datetime.fromisoformat(self.received_at).date()).days


_COLUMNS = "id, received_at, status, item, building, unit, room, place, text, name"


def possible(
    conn: sqlite3.Connection,
    values: Mapping[str, Any],
    *,
    exclude: int | None = None,
    limit: int = SHOWN,
) -> list[Possible]:
    """Open complaints that ``values`` (complaint columns: item, building, unit, place,
    received_at, text) may repeat, oldest first (the first is the likeliest original)."""
    received = values["received_at"]
    moment = datetime.fromisoformat(received) if isinstance(received, str) else received
    window = timedelta(days=WINDOW_DAYS)
    params: dict[str, Any] = {
        "item": values["item"],
        "since": iso(moment - window),
        "until": iso(moment + window),
        "exclude": exclude if exclude is not None else -1,
        "limit": limit,
        "text": values.get("text"),
    }
    # Written as the partial index's own condition, so that SQLite can use it.
    opened = ", ".join(f"'{s}'" for s in status.OPEN_STATUSES)
    where = [
        "item = :item",
        "received_at BETWEEN :since AND :until",
        f"status IN ({opened})",
        "id != :exclude",
    ]
    if values.get("building") is not None:
        params["building"] = values["building"]
        where.append("building = :building")
        if values.get("unit") is not None:
            params["unit"] = values["unit"]
            where.append("(unit IS NULL OR unit = :unit)")
    else:
        params["place"] = values.get("place")
        where.append("building IS NULL AND place IS :place")
    if values["item"] == record.FALLBACK_ITEM:
        where.append("text = :text")
    rows = conn.execute(
        # INDEXED BY: after ANALYZE, or with few rows, SQLite may prefer complaints_spot, which
        # walks the duplicates of the window too.
        f"SELECT {_COLUMNS} FROM complaints INDEXED BY complaints_open_spot"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY received_at, id LIMIT :limit",
        params,
    ).fetchall()
    return [Possible(*r) for r in rows]


def likely(
    conn: sqlite3.Connection, complaint_ids: Iterable[int]
) -> Iterator[tuple[int, Possible]]:
    """For complaints just written (a merge of another ledger's file): each one that looks like
    a duplicate of another open complaint, with the likeliest original. Reports only; links
    nothing. Complaints already marked duplicate are skipped."""
    for complaint_id in complaint_ids:
        row = conn.execute(
            "SELECT item, building, unit, place, received_at, text, status FROM complaints"
            " WHERE id = ?",
            (complaint_id,),
        ).fetchone()
        if row is None or row[6] not in status.OPEN_STATUSES:
            continue
        keys = ("item", "building", "unit", "place", "received_at", "text")
        values = {key: row[key] for key in keys}
        found = possible(conn, values, exclude=complaint_id, limit=1)
        if found:
            yield complaint_id, found[0]


def record_linked(
    conn: sqlite3.Connection,
    prepared: record.Prepared,
    original: int,
    *,
    now: datetime,
    actor: str,
    note: str | None = None,
) -> int:
    """Insert ``prepared`` and mark it a duplicate of ``original`` in one transaction (two
    events: ``create``, then ``duplicate``). Returns the new complaint's id."""
    from liuliqiao_cli.complaints import lifecycle  # only when linking: add stays light

    with joined_transaction(conn):
        complaint_id = record.insert_prepared(conn, prepared, now=now, actor=actor)
        lifecycle.apply_action(
            conn, complaint_id, "duplicate", now=now, actor=actor, of=original, note=note
        )
    return complaint_id


class Households(NamedTuple):
    """One problem (``original`` and its duplicates): how many complaints, how many distinct
    rooms among them, and how many complaints name no room."""

    original: int
    complaints: int
    households: int
    without_room: int


def households(conn: sqlite3.Connection, complaint_id: int) -> Households:
    """The households affected by the problem ``complaint_id`` belongs to (its original's)."""
    row = conn.execute(
        "SELECT coalesce(duplicate_of, id) FROM complaints WHERE id = ?", (complaint_id,)
    ).fetchone()
    original = int(row[0]) if row else complaint_id
    rows = conn.execute(
        "SELECT building, unit, room FROM complaints WHERE id = :id"
        " UNION ALL SELECT building, unit, room FROM complaints WHERE duplicate_of = :id",
        {"id": original},
    ).fetchall()
    rooms = {(r[0], r[1], r[2]) for r in rows if r[2]}
    return Households(original, len(rows), len(rooms), sum(1 for r in rows if not r[2]))
