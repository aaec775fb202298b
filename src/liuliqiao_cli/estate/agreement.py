"""A renegotiated agreement recorded: a new version of the estate from a date (``estate apply``),
and its undo.

:func:`plan` checks a new definition against the ledger and says what it changes and which open
complaints it would pass to another company; it writes nothing. :func:`apply` writes it in one
transaction: the version (its JSON), an event with who and why, and the estate tables rebuilt
(every code any version defines, each with its latest values). Complaints are never re-routed
here: those whose company differs under the version in force are awaiting a handover
confirmation from its first day (``complaints/handover.py``; ``duty handover --confirm``).

Refused, with nothing written: a second version on the same day, a version dated before the
ledger's first complaint, a time zone that changes, a building left out or made smaller, an item
or company left out while open complaints still hold it (or the rotation names the company), a
name another code already holds, a definition that changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import EstateError, LedgerError
from liuliqiao_cli.estate import duty, duty_ledger, version_diff, version_tables, versions
from liuliqiao_cli.estate.definition import as_estate
from liuliqiao_cli.estate.model import (
    WORKDAYS_SETTING,
    Estate,
    EstateDefinition,
    load,
    office_days_json,
)
from liuliqiao_cli.store.history import record_event
from liuliqiao_cli.store.ids import new_uuid
from liuliqiao_cli.store.ledger import get_setting, joined_transaction, zone_name

# Routings a version may change (the worker's own choice, ``override``, stays where she put it).
_BY_RULE = ("separate", "duty", "handover")


@dataclass(frozen=True)
class Affected:
    """An open complaint whose company differs under the new version: listed before it is
    recorded, awaiting a handover confirmation from its first day."""

    id: int
    building: int | None
    unit: int | None
    room: str | None
    place: str | None
    item: str
    company: str  # its company now
    incoming: str  # the company the new version gives it


@dataclass
class VersionPlan:
    """What a new version would do; nothing written yet."""

    from_date: date
    number: int  # its number among the versions by date, once recorded
    follows: int  # the number of the version in force before it
    estate: Estate  # the new version
    previous: Estate  # the version it follows (names of what it removes)
    changes: list[version_diff.Change]
    affected: list[Affected]
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # what is not applied


@dataclass(frozen=True)
class Applied:
    version_id: int
    event_id: int
    number: int


def _refuse(key: str, source: str, **params: Any) -> EstateError:
    return EstateError(key, source=source, **params)


def plan(
    conn: sqlite3.Connection,
    definition: EstateDefinition,
    from_date: date,
    *,
    source: str,
    today: date,
) -> VersionPlan:
    """Check ``definition`` as the estate from ``from_date`` on, against the ledger."""
    found = versions.all_versions(conn)
    for v in found:
        if v.from_date == from_date:
            raise _refuse("agreement.same_day", source, date=from_date.isoformat(), number=v.number)
    first = conn.execute("SELECT min(received_at) FROM complaints").fetchone()[0]
    if first and from_date.isoformat() < first[:10]:
        raise _refuse(
            "agreement.before_first", source, date=from_date.isoformat(), first=first[:10]
        )
    previous_version = versions.in_force(found, from_date)
    previous = (
        versions.estate_of(conn, previous_version) if previous_version is not None else load(conn)
    )
    new = as_estate(definition)
    zone = definition.info.get("timezone", "Asia/Shanghai")
    if zone != zone_name(conn):
        raise _refuse("agreement.timezone", source, value=zone, ledger=zone_name(conn))
    _check_buildings(previous, new, source)
    _check_removed(conn, previous, new, source, from_date)
    changes = version_diff.compare(previous, new)
    if not changes:
        number = previous_version.number if previous_version else 1
        raise _refuse("agreement.no_change", source, number=number)
    _check_names(conn, new, from_date, source)
    later = [v for v in found if v.from_date is not None and v.from_date > from_date]
    day = max(from_date, today)
    governs_day = not later or later[0].from_date is None or later[0].from_date > day
    affected = _affected(conn, previous, new, day) if governs_day else []
    return VersionPlan(
        from_date,
        len(found) - len(later) + 1,
        previous_version.number if previous_version else 1,
        new,
        previous,
        changes,
        affected,
        _notes(conn, definition, from_date),
    )


def _check_buildings(previous: Estate, new: Estate, source: str) -> None:
    for n, b in previous.buildings.items():
        now = new.buildings.get(n)
        if now is None:
            raise _refuse(
                "agreement.building_removed",
                source,
                number=n,
                before=len(previous.buildings),
                after=len(new.buildings),
            )
        if now.units < b.units or now.floors < b.floors or now.rooms_per_floor < b.rooms_per_floor:
            raise _refuse("agreement.building_smaller", source, number=n)


def _open_count(conn: sqlite3.Connection, column: str, code: str) -> tuple[int, int | None]:
    marks = ", ".join("?" for _ in status.OPEN_STATUSES)
    row = conn.execute(
        f"SELECT count(*), min(id) FROM complaints WHERE {column} = ? AND status IN ({marks})",
        (code, *status.OPEN_STATUSES),
    ).fetchone()
    return int(row[0]), row[1]


def _check_removed(
    conn: sqlite3.Connection, previous: Estate, new: Estate, source: str, from_date: date
) -> None:
    """An item or company left out must hold no open complaint (it could not be routed again),
    and a company left out must not be in the duty rotation from that day."""
    for code, item in previous.items.items():
        if code not in new.items:
            count, first = _open_count(conn, "item", code)
            if count:
                raise _refuse(
                    "agreement.item_in_use", source, item=item.name, count=count, id=first
                )
    rotation, _ = duty_ledger.load_rotation(conn)
    for code, company in previous.companies.items():
        if code in new.companies:
            continue
        count, first = _open_count(conn, "company", code)
        if count:
            raise _refuse(
                "agreement.company_in_use", source, company=company.name, count=count, id=first
            )
        if any(code in v.order for v in rotation if v.effective_from >= from_date) or any(
            code in v.order for v in _rotation_in_force(rotation, from_date)
        ):
            raise _refuse("agreement.company_on_duty", source, company=company.name)


def _rotation_in_force(
    rotation: Sequence[duty.RotationVersion], day: date
) -> list[duty.RotationVersion]:
    before = [v for v in rotation if v.effective_from <= day]
    return before[-1:]


def _check_names(conn: sqlite3.Connection, new: Estate, from_date: date, source: str) -> None:
    """The estate tables keep every code with one name each (names are unique there), the name
    the latest version defining it gives: with the new version among the others, no two codes
    may end up with one name (a code an earlier version dropped keeps its last name)."""
    dated = [(v.from_date or date.min, e) for v, e in versions.iter_estates(conn)]
    dated = sorted([*dated, (from_date, new)], key=lambda pair: pair[0])
    for part in ("items", "companies", "places"):
        names: dict[str, str] = {}
        for _, estate in reversed(dated):
            for code, value in getattr(estate, part).items():
                names.setdefault(code, value.name)
        seen: dict[str, str] = {}
        for code, name in names.items():
            if name in seen:
                other = code if seen[name] in getattr(new, part) else seen[name]
                raise _refuse("agreement.name_taken", source, name=name, code=other)
            seen[name] = code


def _notes(
    conn: sqlite3.Connection, definition: EstateDefinition, from_date: date
) -> list[tuple[str, dict[str, Any]]]:
    """What the file says that a version does not change: the duty rotation has versions of
    its own (``duty set``), the office's working days are the ledger's (``db workdays``)."""
    out: list[tuple[str, dict[str, Any]]] = []
    rotation, _ = duty_ledger.load_rotation(conn)
    in_force = _rotation_in_force(rotation, from_date)
    r = definition.rotation
    if r is not None and in_force:
        v = in_force[0]
        if (r.handover_month, r.handover_day, tuple(r.order)) != (
            v.handover_month,
            v.handover_day,
            tuple(v.order),
        ):
            out.append(("agreement.note_rotation", {}))
    days = definition.workdays
    stored = get_setting(conn, WORKDAYS_SETTING)
    if (days.off or days.worked or days.years) and office_days_json(days) != stored:
        out.append(("agreement.note_workdays", {}))
    return out


def expected_company(
    estate: Estate, item: str, building: int | None, on_duty: str | None
) -> str | None:
    """The company ``estate`` gives a complaint about ``item`` in ``building`` (None: a public
    place) when ``on_duty`` is on duty; None when it cannot say (an item it lacks, a separately
    managed item without a building)."""
    found = estate.items.get(item)
    if found is None:
        return None
    if found.scope == "joint":
        return on_duty
    b = estate.buildings.get(building) if building is not None else None
    return b.company if b is not None else None


def _affected(conn: sqlite3.Connection, previous: Estate, new: Estate, day: date) -> list[Affected]:
    """Open complaints routed by rule whose company is the one ``previous`` gives them on
    ``day`` and not the one ``new`` gives: the ones this version passes on (those a change of
    duty passes on are the duty handover's)."""
    rotation, overrides = duty_ledger.load_rotation(conn)
    try:
        on_duty: str | None = duty.duty_on(day, rotation, overrides).company
    except duty.NoRotation:
        on_duty = None
    marks = ", ".join("?" for _ in status.OPEN_STATUSES)
    rules = ", ".join("?" for _ in _BY_RULE)
    out = []
    for r in conn.execute(
        "SELECT id, building, unit, room, place, item, company FROM complaints"
        f" WHERE status IN ({marks}) AND routing IN ({rules}) ORDER BY id",
        (*status.OPEN_STATUSES, *_BY_RULE),
    ):
        before = expected_company(previous, r[5], r[1], on_duty)
        after = expected_company(new, r[5], r[1], on_duty)
        if after is not None and before == r[6] and after != r[6]:
            out.append(Affected(r[0], r[1], r[2], r[3], r[4], r[5], r[6], after))
    return out


# --- writing --------------------------------------------------------------------------------


def apply(
    conn: sqlite3.Connection,
    definition: EstateDefinition,
    from_date: date,
    *,
    source: str,
    reason: str,
    actor: str,
    now: datetime,
    shown: Sequence[int],
) -> Applied:
    """Record ``definition`` as the estate from ``from_date`` (one transaction). ``shown`` are
    the complaints the worker saw listed: if the ledger changed since, nothing is written."""
    with joined_transaction(conn):
        p = plan(conn, definition, from_date, source=source, today=now.date())
        if [a.id for a in p.affected] != list(shown):
            raise LedgerError("agreement.moved")
        version_tables.store_definitions(conn)
        version_id = _insert(
            conn,
            Received(
                new_uuid(),
                from_date.isoformat(),
                versions.estate_json(p.estate),
                iso(now) or "",
                actor,
                reason,
            ),
        )
        event_id = record_event(
            conn,
            kind=versions.EV_VERSION,
            actor=actor,
            at=now,
            subject=versions.SUBJECT,
            subject_id=version_id,
            data={
                "from": from_date.isoformat(),
                "reason": reason,
                "file": source,
                "changes": [c.as_data() for c in p.changes],
                # by UUID: the event travels to ledgers where these numbers name others
                "affected": _uuids(conn, [a.id for a in p.affected]),
            },
        )
        conn.execute("UPDATE estate_versions SET event_id = ? WHERE id = ?", (event_id, version_id))
        version_tables.rebuild(conn)
    return Applied(version_id, event_id, p.number)


def _uuids(conn: sqlite3.Connection, numbers: list[int]) -> list[str]:
    """The complaints' UUIDs, in the order of ``numbers``."""
    from liuliqiao_cli.store.lookups import chunks

    found: dict[int, str] = {}
    for marks, values in chunks(numbers):
        sql = f"SELECT id, uuid FROM complaints WHERE id IN ({marks})"
        found.update(conn.execute(sql, values).fetchall())
    return [found[n] for n in numbers]


@dataclass(frozen=True)
class Received:
    """A version as stored: recorded here by :func:`apply`, or on another ledger and brought by
    a merge (issue 17), keeping its UUID and its record."""

    uuid: str
    from_date: str  # ISO; versions.FROM_THE_START for the first
    definition: str | None  # versions.estate_json; None: the estate tables (a first version)
    created_at: str
    actor: str
    reason: str


def _insert(conn: sqlite3.Connection, version: Received) -> int:
    return int(
        conn.execute(
            "INSERT INTO estate_versions (uuid, from_date, definition, created_at, actor,"
            " reason) VALUES (?, ?, ?, ?, ?, ?)",
            (
                version.uuid,
                version.from_date,
                version.definition,
                version.created_at,
                version.actor,
                version.reason,
            ),
        ).lastrowid
        or 0
    )


def receive(
    conn: sqlite3.Connection, version: Received, *, source: str, replacing: int | None = None
) -> int:
    """Record a version another ledger recorded (a merge; the caller holds the transaction),
    in place of ours of ``replacing`` when the merge's rule of one version a day keeps theirs.
    As :func:`apply` does, the estate tables are then rebuilt, and open complaints whose company
    differs await a handover confirmation from its first day; nothing is re-routed. Checked
    against this ledger: its time zone, and one name per code across every version. Not
    checked: what :func:`plan` checks against the complaints of the ledger recording a version
    (the agreement was decided; refusing it here would keep this laptop on the old one)."""
    assert version.definition is not None
    estate = versions.estate_from_json(conn, version.definition)
    zone = estate.info.get("timezone", "Asia/Shanghai")
    if zone != zone_name(conn):
        raise _refuse("agreement.timezone", source, value=zone, ledger=zone_name(conn))
    version_tables.store_definitions(conn)
    if replacing is not None:
        conn.execute("DELETE FROM estate_versions WHERE id = ?", (replacing,))
    _check_names(conn, estate, date.fromisoformat(version.from_date), source)
    version_id = _insert(conn, version)
    version_tables.rebuild(conn)
    return version_id


def adopt_first(conn: sqlite3.Connection, version_id: int, first: Received) -> None:
    """A ledger that holds nothing yet (no complaint, no version of its own) takes another
    ledger's first version as its own: a restore from that ledger's file is that ledger again
    (its UUID, its record, and its estate from the start when the file says it)."""
    conn.execute(
        "UPDATE estate_versions SET uuid = ?, created_at = ?, actor = ?, reason = ?,"
        " definition = coalesce(?, definition) WHERE id = ?",
        (first.uuid, first.created_at, first.actor, first.reason, first.definition, version_id),
    )
    if first.definition is not None:
        version_tables.rebuild(conn)


def remove(conn: sqlite3.Connection, version_ids: Sequence[int]) -> None:
    """Take versions out (an undo here, or one made on another ledger and brought by a merge):
    the rows go and the tables are rebuilt from the versions left."""
    conn.executemany("DELETE FROM estate_versions WHERE id = ?", [(v,) for v in version_ids])
    version_tables.rebuild(conn)


# --- undo -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionUndo:
    """The version the last change recorded, as ``undo`` shows it before taking it back."""

    event_id: int
    version_id: int
    number: int
    from_date: date
    reason: str


def plan_undo(conn: sqlite3.Connection, event_id: int) -> VersionUndo:
    """The version the event ``event_id`` recorded: the version's event_id ties the two (not the
    event's subject_id: a version brought by a merge may arrive after its event)."""
    for v in versions.all_versions(conn):
        if v.event_id == event_id and v.from_date is not None:
            return VersionUndo(event_id, v.id, v.number, v.from_date, v.reason)
    raise LedgerError("agreement.undo_gone", event=event_id)


def undo(conn: sqlite3.Connection, plan_: VersionUndo, *, now: datetime, actor: str) -> int:
    """Take the version back (the caller holds the transaction): its row goes, the tables are
    rebuilt from the versions left, and an undo event names the version's event."""
    remove(conn, [plan_.version_id])
    return record_event(
        conn,
        kind="undo",
        actor=actor,
        at=now,
        subject=versions.SUBJECT,
        subject_id=plan_.version_id,
        data={"undone_kind": versions.EV_VERSION, "from": plan_.from_date.isoformat()},
        undoes=plan_.event_id,
    )
