"""The estate's versions: the three-party agreement as it stood from each date (issue 20).

A version is the whole estate (companies, buildings and their companies, service items with their
scope, limits and words, public places, place cues) stored as JSON in ``estate_versions``, from
the first day it decides. The first version of a ledger keeps ``definition`` NULL while it is
alone: the estate tables are then exactly that version and ``model.load`` reads them as before.
Once a second version exists every version holds its JSON, and the tables hold every code any
version defined, each with the values of the latest version that defines it.

Writing versions (``estate apply``, its undo) is :mod:`liuliqiao_cli.estate.agreement`.
"""

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from liuliqiao_cli.estate.model import FROM_THE_START, LIMIT_STEPS, Estate, estate_from_json, load

EV_VERSION = "estate_version"  # the event of a version recorded (subject "estate")
SUBJECT = "estate"


class Version(NamedTuple):
    """One row of ``estate_versions``; ``number`` counts versions by date, the first is 1."""

    id: int
    number: int
    from_date: date | None  # None: from the start (the ledger's first version)
    created_at: str
    actor: str
    reason: str
    event_id: int | None
    stored: bool  # its definition is JSON (False: the estate tables are this version)

    @property
    def from_text(self) -> str:
        return self.from_date.isoformat() if self.from_date else ""


def _from(text: str) -> date | None:
    return None if text == FROM_THE_START else date.fromisoformat(text)


def all_versions(conn: sqlite3.Connection) -> list[Version]:
    """Every version, oldest first (empty for a ledger older than versions)."""
    try:
        rows = conn.execute(
            "SELECT id, from_date, created_at, actor, reason, event_id,"
            " definition IS NOT NULL FROM estate_versions ORDER BY from_date"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    return [
        Version(r[0], n, _from(r[1]), r[2], r[3], r[4], r[5], bool(r[6]))
        for n, r in enumerate(rows, start=1)
    ]


def in_force(versions: list[Version], day: date) -> Version | None:
    """The version deciding ``day`` (the last one starting on or before it)."""
    found = None
    for v in versions:
        if v.from_date is None or v.from_date <= day:
            found = v
    return found


def starting_within(conn: sqlite3.Connection, since: date, until: date) -> list[Version]:
    """The versions that take effect on a day of ``since``..``until`` (a summary's period, a
    dossier's): a change of the agreement that its readers must be told about."""
    return [
        v for v in all_versions(conn) if v.from_date is not None and since <= v.from_date <= until
    ]


def definition_of(conn: sqlite3.Connection, version_id: int) -> str | None:
    row = conn.execute(
        "SELECT definition FROM estate_versions WHERE id = ?", (version_id,)
    ).fetchone()
    return None if row is None else row[0]


def estate_of(conn: sqlite3.Connection, version: Version) -> Estate:
    """The estate of one version (from its JSON, or the tables for the only version)."""
    text = definition_of(conn, version.id) if version.stored else None
    return estate_from_json(conn, text) if text is not None else load(conn)


class EstatesByDay:
    """The estate in force on each day asked, each version read once: an import or a
    recomputation goes through many days, and most ledgers have one version."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.versions = all_versions(conn)
        self._read: dict[int, Estate] = {}

    def on(self, day: date) -> Estate:
        version = in_force(self.versions, day)
        if version is None:
            if 0 not in self._read:
                self._read[0] = load(self.conn)
            return self._read[0]
        if version.id not in self._read:
            self._read[version.id] = estate_of(self.conn, version)
        return self._read[version.id]


# --- the JSON of a version ----------------------------------------------------------------------


def estate_dict(estate: Estate) -> dict[str, Any]:
    """What a version stores: the estate as plain data (codes, names, scopes, limits, words)."""
    return {
        "info": dict(estate.info),
        "companies": [
            {**c._asdict(), "aliases": list(c.aliases)} for c in estate.companies.values()
        ],
        "buildings": [
            {
                "number": b.number,
                "units": b.units,
                "floors": b.floors,
                "rooms_per_floor": b.rooms_per_floor,
                "company": b.company,
            }
            for b in estate.buildings.values()
        ],
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "name_en": i.name_en,
                "scope": i.scope,
                "limits": {s: [i.limit(s).amount, i.limit(s).unit] for s in LIMIT_STEPS},
                "keywords": list(i.keywords),
                "hints": list(i.hints),
                "excludes": list(i.excludes),
                "where": i.where,
            }
            for i in estate.items.values()
        ],
        "places": [
            {"code": p.code, "name": p.name, "aliases": list(p.aliases)}
            for p in estate.places.values()
        ],
        "cues": {"inside": list(estate.cues.inside), "outside": list(estate.cues.outside)},
    }


def estate_json(estate: Estate) -> str:
    return json.dumps(estate_dict(estate), ensure_ascii=False, sort_keys=True)


def checked_estate(text: str, source: str) -> Estate:
    """A version's JSON read from elsewhere (another ledger's file), checked by the rules of an
    estate file (``definition.definition_from``, the validator of ``init`` and ``estate
    apply``), and required to be exactly what :func:`estate_dict` writes for the estate those
    rules read from it: nothing the rules did not see is stored. Raises EstateError."""
    from liuliqiao_cli.errors import EstateError
    from liuliqiao_cli.estate.definition import as_estate, definition_from

    try:
        raw = json.loads(text)
        estate = as_estate(definition_from(_as_file(raw), "", source))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise EstateError("agreement.version_shape", source=source) from None
    again = json.loads(estate_json(estate))
    # a version recorded before the estate file said its time zone has none: the file's default
    if isinstance(raw["info"], dict):
        raw["info"].setdefault("timezone", again["info"]["timezone"])
    if again != raw:
        part = next(k for k in sorted({*raw, *again}) if raw.get(k) != again.get(k))
        raise EstateError("agreement.version_form", source=source, part=part)
    return estate


def _as_file(raw: dict[str, Any]) -> dict[str, Any]:
    """A version's JSON as the tables of an estate file, as ``definition_from`` reads them (an
    item's limits as ``resolve_workdays = 5`` ...)."""
    items = []
    for item in raw["items"]:
        entry = {k: v for k, v in item.items() if k != "limits"}
        for step, (amount, unit) in item["limits"].items():
            entry[f"{step}_{unit}"] = amount
        items.append(entry)
    return {
        "estate": dict(raw["info"]),
        "companies": list(raw["companies"]),
        "buildings": list(raw["buildings"]),
        "items": items,
        "places": list(raw["places"]),
        "recognition": dict(raw["cues"]),
    }


# --- what a version decides for routing ---------------------------------------------------------


class Routing(NamedTuple):
    """What routing needs of the version in force on a day, when it is not the first version:
    the items each scope holds and each building's company (the handover rule of
    ``complaints/handover.py`` compares open complaints with them)."""

    number: int
    from_date: date
    joint: frozenset[str]
    separate: frozenset[str]
    buildings: dict[int, str]


def routing_on(conn: sqlite3.Connection, day: date) -> Routing | None:
    """The routing of the version in force on ``day``; None while the first version decides
    (nothing was routed under another)."""
    versions = all_versions(conn)
    version = in_force(versions, day)
    if version is None or version.from_date is None:
        return None
    estate = estate_of(conn, version)
    return routing_of(estate, version)


def routing_of(estate: Estate, version: Version) -> Routing:
    assert version.from_date is not None
    return Routing(
        version.number,
        version.from_date,
        frozenset(c for c, i in estate.items.items() if i.scope == "joint"),
        frozenset(c for c, i in estate.items.items() if i.scope == "separate"),
        {n: b.company for n, b in estate.buildings.items()},
    )


def iter_estates(conn: sqlite3.Connection) -> Iterator[tuple[Version, Estate]]:
    """Every version with its estate, oldest first."""
    for v in all_versions(conn):
        yield v, estate_of(conn, v)


def history(conn: sqlite3.Connection) -> list[tuple[Version, list[Any]]]:
    """Every version with what it changes against the one before it (``estate --versions``)."""
    from liuliqiao_cli.estate.version_diff import compare

    out: list[tuple[Version, list[Any]]] = []
    previous: Estate | None = None
    for version, estate in iter_estates(conn):
        out.append((version, compare(previous, estate) if previous is not None else []))
        previous = estate
    return out


class InForce(NamedTuple):
    """Which version decides a day, among how many, and the next one to take effect."""

    version: Version
    total: int
    next: Version | None


def in_force_on(conn: sqlite3.Connection, day: date) -> InForce | None:
    found = all_versions(conn)
    version = in_force(found, day)
    if version is None:
        return None
    later = [v for v in found if v.from_date is not None and v.from_date > day]
    return InForce(version, len(found), later[0] if later else None)


def changes_within(
    conn: sqlite3.Connection, since: date, until: date
) -> list[tuple[Version, list[Any]]]:
    """The versions taking effect from ``since`` to ``until`` with what each changes (a
    summary's or a dossier's period; nothing is read beyond the versions' dates otherwise)."""
    if not starting_within(conn, since, until):
        return []
    return [
        (v, changes)
        for v, changes in history(conn)
        if v.from_date is not None and since <= v.from_date <= until
    ]
