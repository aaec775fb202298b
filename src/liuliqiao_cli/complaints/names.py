"""One name for a complaint on every laptop: station letters, the names they give, and reading a
number or a name typed by a worker.

Every ledger that exchanges files is given a station letter once (``liuliqiao db station B``):
the community office A, the two grid workers B and C. A complaint recorded on station B is named
B1, B2 ... B17 by B's own count, and that name travels with it in every ledger file: #B17 on the
dossier, on the phone and at the meeting is the same complaint on every laptop. A merge never
renames anything, because two stations never give the same name.

A complaint recorded where no station is set (every complaint recorded before migration m013,
and every one on a laptop that never exchanges files) has no name: it is called by its number on
this ledger (#421), as before, so numbers already printed on paper keep finding what they found.
Such numbers are local: the same complaint may be #422 on a laptop it was merged into.

A typed number ``421``, ``#421`` finds the unnamed complaint numbered 421 here; ``B17``, ``#b17``,
``Ｂ17`` find the complaint named B17. One function parses what a worker types
(:func:`parse`), one finds the complaint (:func:`resolve`).
"""

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from liuliqiao_cli.errors import LedgerError, NotFound, UsageError
from liuliqiao_cli.lazy_re import LazyPattern
from liuliqiao_cli.store.ids import ROW_ID_MAX, whole_number

STATION_KEY = "ledger.station"
NEXT_KEY = "ledger.next_name"  # the number the next complaint named here gets
LEDGER_ID_KEY = "ledger.id"
EV_STATION = "station"  # event kind: the station letter set (subject 'ledger')

# One to three Latin letters; I and O are left out, they read as 1 and 0 on paper.
STATION = LazyPattern(r"[A-HJ-NP-Z]{1,3}")
NAME = LazyPattern(r"([A-HJ-NP-Z]{1,3})([1-9][0-9]{0,17})")
# A name as typed: its count may be longer than any station gives (a name not found, not a
# malformed one, as a number beyond 64 bits is a complaint that does not exist).
TYPED_NAME = LazyPattern(r"[A-HJ-NP-Z]{1,3}[1-9][0-9]*")
# Full-width forms as a Chinese input method types them (＃, Ｂ, １７) -> ASCII. Only these: NFKC
# would also read ² as 2.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# The name a person reads, in SQL: the complaint's name, else its number here.
LABEL_SQL = "coalesce(complaints.name, complaints.id)"


def label(number: int, name: str | None) -> str:
    """What a person reads: ``B17``, or ``421`` for an unnamed complaint (print it as #B17, #421)."""
    return name or str(number)


class Typed(NamedTuple):  # not a frozen dataclass: defined on every add's start-up
    """A complaint as typed: a local number (``number``) or a name (``name``)."""

    text: str
    number: int | None = None
    name: str | None = None


def _normal(value: str) -> str:
    text = str(value).translate(_FULL_WIDTH).strip()
    return text.removeprefix("#").strip().upper()


def parse(value: str | int) -> Typed:
    """``421``, ``#421``, ``B17``, ``#b17``, ``Ｂ１７`` -> what to look for; anything else is a
    usage error that shows the two forms. A number beyond what SQLite can hold is a complaint
    that does not exist (not found, exit 1)."""
    text = _normal(str(value))
    number = whole_number(text)
    if number is not None and number > 0:
        if number > ROW_ID_MAX:
            raise NotFound("complaints.not_found", id=text)
        return Typed(text, number=number)
    if TYPED_NAME.fullmatch(text):
        return Typed(text, name=text)
    raise UsageError("complaints.bad_id", value=str(value))


def resolve(conn: sqlite3.Connection, value: str | int) -> int:
    """The complaint typed as ``value``: its number on this ledger (the key every domain function
    takes). Not found: one line naming what was typed."""
    typed = parse(value)
    if typed.name is not None:
        row = conn.execute("SELECT id FROM complaints WHERE name = ?", (typed.name,)).fetchone()
    else:
        row = conn.execute(
            "SELECT id FROM complaints WHERE id = ? AND name IS NULL", (typed.number,)
        ).fetchone()
    if row is None:
        raise NotFound("complaints.not_found", id=typed.text)
    return int(row[0])


def label_of(conn: sqlite3.Connection, complaint_id: int) -> str:
    """The name of one complaint, for messages that only have its number."""
    row = conn.execute("SELECT name FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
    return label(complaint_id, row[0] if row else None)


def labels_of(conn: sqlite3.Connection, numbers: Iterable[int]) -> dict[int, str]:
    """The names of those of these complaints that have one (the others are read by their
    number). Free on a ledger where no complaint has a name (one look at a partial index)."""
    if conn.execute("SELECT 1 FROM complaints WHERE name IS NOT NULL LIMIT 1").fetchone() is None:
        return {}
    wanted = sorted(set(numbers))
    found: dict[int, str] = {}
    for i in range(0, len(wanted), 900):
        chunk = wanted[i : i + 900]
        found.update(
            conn.execute(
                "SELECT id, name FROM complaints WHERE name IS NOT NULL"
                f" AND id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        )
    return found


def referenced(events: Iterable[Any]) -> set[int]:
    """The complaints that events' changes point at (``duplicate_of`` before and after), whose
    names a timeline shows."""
    found: set[int] = set()
    for event in events:
        for side in ("before", "after"):
            values = event.data.get(side)
            if isinstance(values, dict) and isinstance(values.get("duplicate_of"), int):
                found.add(values["duplicate_of"])
    return found


def station(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (STATION_KEY,)).fetchone()
    return str(row[0]) if row else None


def ledger_id(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (LEDGER_ID_KEY,)).fetchone()
    return str(row[0]) if row else ""


def allot(conn: sqlite3.Connection) -> str | None:
    """The name of a complaint being recorded here (the caller holds the transaction): the
    station's next, or None where no station is set."""
    letters = station(conn)
    if letters is None:
        return None
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (NEXT_KEY,)).fetchone()
    number = int(row[0]) if row else 1
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (NEXT_KEY, str(number + 1)),
    )
    return f"{letters}{number}"


class StationChange(NamedTuple):
    station: str
    previous: str | None
    next_name: str


def set_station(
    conn: sqlite3.Connection, letters: str, *, now: datetime, actor: str
) -> StationChange:
    """Give this ledger its station letter (one transaction, recorded as an event). Names already
    given stay; the station's count goes on after the highest name it ever gave (a letter used
    before, or one this ledger merged from another laptop, is refused: two laptops with one letter
    would give two complaints the same name)."""
    from liuliqiao_cli.store import history
    from liuliqiao_cli.store.ids import new_uuid
    from liuliqiao_cli.store.ledger import joined_transaction

    wanted = _normal(letters)
    if not STATION.fullmatch(wanted):
        raise UsageError("names.bad_station", value=letters)
    with joined_transaction(conn):
        previous = station(conn)
        if previous == wanted:
            raise LedgerError("names.same_station", station=wanted)
        used = conn.execute(
            "SELECT name FROM complaints WHERE name > ? AND name < ? LIMIT 1",
            (wanted + "0", wanted + ":"),  # the letters, then a digit (":" follows "9")
        ).fetchone()
        if used is not None:
            raise LedgerError("names.station_used", station=wanted, name=used[0])
        for key, value in ((STATION_KEY, wanted), (NEXT_KEY, "1"), (LEDGER_ID_KEY, new_uuid())):
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        history.record_event(
            conn,
            kind=EV_STATION,
            actor=actor,
            at=now,
            subject="ledger",
            data={"before": previous, "after": wanted},
        )
    return StationChange(wanted, previous, f"{wanted}1")
