"""Complaints (诉求): record one, read one, list many.

The public API other modules rely on:

* :func:`recognise` and :func:`route` (from :mod:`liuliqiao_cli.recognise`);
* :class:`NewComplaint` and :func:`record` — validates, recognises, routes, computes deadlines and
  inserts the complaint, its contact, its tags and a ``create`` event. :func:`record` joins the
  caller's transaction when one is open (the sample generator, imports) and otherwise opens its
  own; :func:`prepare` + :func:`insert_prepared` are the two halves for callers that want to show
  the decision before writing;
* :func:`get` (NotFound for unknown ids), :func:`as_dict` (the JSON of ``show``/``add``);
* :data:`LIST_COLUMNS` and :func:`list_complaints` (streams rows, filters in SQL);
* :func:`apply_action` and the transition table (from :mod:`liuliqiao_cli.lifecycle`).

Deadlines: ``respond_by`` = received + the item's respond hours (urgent: its urgent hours);
``resolve_by`` = received + its resolve days, in calendar days.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from liuliqiao_cli import status
from liuliqiao_cli.dates import iso, parse_date
from liuliqiao_cli.errors import NotFound, UsageError
from liuliqiao_cli.estate import (
    Estate,
    resolve_building,
    resolve_company,
    resolve_item,
    resolve_place,
)
from liuliqiao_cli.history import record_event
from liuliqiao_cli.ids import new_uuid
from liuliqiao_cli.privacy import mask_name, mask_phone, normalise_name, normalise_phone
from liuliqiao_cli.recognise import (  # noqa: F401  (re-exported: the API other modules use)
    ROUTE_DUTY,
    ROUTE_OVERRIDE,
    ROUTE_SEPARATE,
    SOURCE_ALIASES,
    TAG_MAX,
    TAGS_MAX,
    Recognised,
    Routing,
    check_place,
    clean_tags,
    clean_text,
    deadlines,
    recognise,
    resolve_choice,
    resolve_source,
    resolve_status,
    route,
)

TEXT_MAX = 2000  # a complaint's text
NOTE_MAX = 1000  # notes and reasons
PLACE_MAX = 40
REF_MAX = 40  # 12345 work-order numbers
DEFAULT_SOURCE = "walkin"  # a resident talking to the worker
FALLBACK_ITEM = "other"  # used when no item is named or recognised (if the estate has it)
URGENCIES = ("normal", "urgent")
FOLLOWUP_RESOLVED = ("yes", "partly", "no")
FOLLOWUP_SATISFIED = ("yes", "basic", "no")

# The complaint columns, in table order (events' before/after use these names).
COLUMNS = (
    "id",
    "uuid",
    "received_at",
    "source",
    "text",
    "building",
    "unit",
    "room",
    "place",
    "item",
    "scope",
    "company",
    "routing",
    "routing_note",
    "urgency",
    "ref",
    "status",
    "respond_by",
    "resolve_by",
    "dispatched_at",
    "responded_at",
    "resolved_at",
    "closed_at",
    "followup_at",
    "followup_resolved",
    "followup_satisfied",
    "duplicate_of",
    "contact_id",
    "created_at",
    "updated_at",
)

# Stable keys of ``list --format json|csv`` (and of the exchange CSV export).
LIST_COLUMNS = (
    "id",
    "received_at",
    "status",
    "source",
    "building",
    "unit",
    "room",
    "place",
    "item",
    "item_name",
    "scope",
    "company",
    "company_name",
    "routing",
    "urgency",
    "text",
    "tags",
    "ref",
    "respond_by",
    "resolve_by",
    "overdue",
    "duplicate_of",
    "reporter",
    "phone",
    "uuid",
)


@contextmanager
def joined_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The caller's transaction when one is open, else a new IMMEDIATE one (db.transaction)."""
    if conn.in_transaction:
        yield conn
        return
    from liuliqiao_cli.db import transaction

    with transaction(conn):
        yield conn


# --- recording ---------------------------------------------------------------------------------


@dataclass
class NewComplaint:
    """A complaint as the worker gives it. ``None`` fields are recognised from the text (place,
    item) or take defaults (source: walk-in, received: now). ``company`` forces the responsible
    company and needs ``company_reason``."""

    text: str
    source: str | None = None
    received_at: datetime | None = None
    building: int | str | None = None
    unit: int | str | None = None
    room: str | None = None
    place: str | None = None
    item: str | None = None
    urgent: bool = False
    ref: str | None = None
    tags: list[str] = field(default_factory=list)
    company: str | None = None
    company_reason: str | None = None
    reporter: str | None = None
    phone: str | None = None
    recognise: bool = True  # fill missing building/unit/room/place/item from the text


@dataclass
class Prepared:
    """A validated complaint ready to insert, with what was decided and why."""

    values: dict[str, Any]  # complaint columns (without id, contact_id)
    tags: list[str]
    reporter: str
    phone: str
    recognised: Recognised
    routing: Routing
    from_text: tuple[str, ...]  # the fields taken from the text (not typed as options)


def prepare(
    conn: sqlite3.Connection, estate: Estate, new: NewComplaint, *, now: datetime
) -> Prepared:
    """Validate and decide everything; writes nothing."""
    text = clean_text(new.text, what="text", limit=TEXT_MAX)
    source = resolve_source(new.source) if new.source else DEFAULT_SOURCE
    received = new.received_at or now
    if received > now:
        raise UsageError("complaints.future", received=iso(received), now=iso(now))
    rec = recognise(estate, text) if new.recognise else Recognised()
    from_text: list[str] = []

    def given(value: Any) -> bool:
        return value is not None and str(value).strip() != ""

    if given(new.building):
        building: int | None = resolve_building(estate, new.building)  # type: ignore[arg-type]
    else:
        building = rec.building
        if building is not None:
            from_text.append("building")
    unit_in: Any = new.unit if given(new.unit) else rec.unit
    room_in: Any = new.room if given(new.room) else rec.room
    if building is not None:  # a unit or room read from the text that the typed building lacks
        b = estate.buildings[building]
        if not given(new.unit) and unit_in is not None and unit_in > b.units:
            unit_in = None
        if not given(new.room) and room_in is not None and not b.valid_room(room_in):
            room_in = None
    unit, room = check_place(estate, building, unit_in, room_in)
    if unit is not None and not given(new.unit):
        from_text.append("unit")
    if room is not None and not given(new.room):
        from_text.append("room")
    if given(new.place):
        place: str | None = resolve_place(
            estate, clean_text(new.place, what="place", limit=PLACE_MAX)
        )
    else:
        place = rec.place
        if place is not None:
            from_text.append("place")
    if given(new.item):
        item_code = resolve_item(estate, str(new.item))
    elif rec.item is not None:
        item_code = rec.item
        from_text.append("item")
    elif FALLBACK_ITEM in estate.items:
        item_code = FALLBACK_ITEM
    else:
        raise UsageError("complaints.item_required")
    item = estate.items[item_code]
    ref = clean_text(new.ref, what="ref", limit=REF_MAX, required=False) or None
    if ref is not None:
        row = conn.execute("SELECT id FROM complaints WHERE ref = ?", (ref,)).fetchone()
        if row:
            raise UsageError("complaints.ref_exists", ref=ref, id=row[0])
    tags = clean_tags(new.tags)
    reporter = normalise_name(new.reporter)
    phone = normalise_phone(new.phone)

    if given(new.company):
        company = resolve_company(estate, str(new.company))
        reason = clean_text(new.company_reason, what="reason", limit=NOTE_MAX, required=False)
        if not reason:
            raise UsageError("complaints.override_needs_reason")
        routing = Routing(company, ROUTE_OVERRIDE, reason)
    else:
        from liuliqiao_cli.duty import load_rotation

        versions, overrides = load_rotation(conn)
        routing = route(estate, item_code, building, received.date(), versions, overrides)

    urgency = "urgent" if new.urgent else "normal"
    respond_by, resolve_by = deadlines(
        received, item.urgent_respond_hours if new.urgent else item.respond_hours, item.resolve_days
    )
    values = {
        "uuid": new_uuid(),
        "received_at": iso(received),
        "source": source,
        "text": text,
        "building": building,
        "unit": unit,
        "room": room,
        "place": place,
        "item": item_code,
        "scope": item.scope,
        "company": routing.company,
        "routing": routing.rule,
        "routing_note": routing.note,
        "urgency": urgency,
        "ref": ref,
        "status": status.RECEIVED,
        "respond_by": iso(respond_by),
        "resolve_by": iso(resolve_by),
        "created_at": iso(now),
        "updated_at": iso(now),
    }
    return Prepared(values, tags, reporter, phone, rec, routing, tuple(from_text))


def insert_prepared(
    conn: sqlite3.Connection, prepared: Prepared, *, now: datetime, actor: str
) -> int:
    """Insert a prepared complaint, its contact, tags and ``create`` event (joins or opens a
    transaction). Returns the new complaint id."""
    with joined_transaction(conn):
        values = dict(prepared.values)
        if values["ref"] is not None:  # again under the write lock: another process may have won
            row = conn.execute(
                "SELECT id FROM complaints WHERE ref = ?", (values["ref"],)
            ).fetchone()
            if row:
                raise UsageError("complaints.ref_exists", ref=values["ref"], id=row[0])
        contact_id = None
        if prepared.reporter or prepared.phone:
            cur = conn.execute(
                "INSERT INTO contacts (uuid, name, phone) VALUES (?, ?, ?)",
                (new_uuid(), prepared.reporter, prepared.phone),
            )
            contact_id = cur.lastrowid
        values["contact_id"] = contact_id
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cur = conn.execute(
            f"INSERT INTO complaints ({names}) VALUES ({marks})", tuple(values.values())
        )
        complaint_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO complaint_tags (complaint_id, tag) VALUES (?, ?)",
            [(complaint_id, tag) for tag in prepared.tags],
        )
        # Contacts are referred to by id only: events never hold a name or a phone.
        record_event(
            conn,
            kind=status.EV_CREATE,
            actor=actor,
            at=now,
            complaint_id=complaint_id,
            data={"after": values, "tags": prepared.tags, "recognised": sorted(prepared.from_text)},
        )
    return complaint_id


def record(
    conn: sqlite3.Connection, estate: Estate, new: NewComplaint, *, now: datetime, actor: str
) -> int:
    """Validate, route and insert ``new`` in one transaction (joins the caller's if open)."""
    prepared = prepare(conn, estate, new, now=now)
    return insert_prepared(conn, prepared, now=now, actor=actor)


@dataclass
class Added:
    complaint: Complaint
    prepared: Prepared


def add(conn: sqlite3.Connection, new: NewComplaint, *, now: datetime, actor: str) -> Added:
    """What ``liuliqiao add`` does: record, then read back the stored complaint."""
    from liuliqiao_cli import estate as estate_mod

    prepared = prepare(conn, estate_mod.load(conn), new, now=now)
    complaint_id = insert_prepared(conn, prepared, now=now, actor=actor)
    return Added(get(conn, complaint_id), prepared)


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    id: int
    at: str
    actor: str
    kind: str
    data: dict[str, Any]
    undoes: int | None = None


@dataclass
class Complaint:
    """One complaint as stored, with its tags, contact and timeline."""

    values: dict[str, Any]
    tags: list[str]
    reporter: str
    phone: str
    item_name: str
    item_name_en: str
    company_name: str
    company_name_en: str
    events: list[Event]
    # code -> (Chinese name, English name) of every company and item, to describe past events
    names: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:  # complaint.status, complaint.building ...
        values = self.__dict__.get("values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(name)

    @property
    def location(self) -> str:
        return location_text(self.values)


def location_text(row: dict[str, Any]) -> str:
    """3号楼2单元502, or the public place, or both ("3号楼 · 停车场")."""
    parts = ""
    if row.get("building") is not None:
        parts = f"{row['building']}号楼"
        if row.get("unit") is not None:
            parts += f"{row['unit']}单元"
        if row.get("room"):
            parts += str(row["room"])
    elif row.get("unit") is not None:
        parts = f"{row['unit']}单元" + (str(row["room"]) if row.get("room") else "")
    place = row.get("place")
    if place and parts:
        return f"{parts} {place}"
    return parts or (place or "")


def exists(conn: sqlite3.Connection, complaint_id: int) -> bool:
    return (
        conn.execute("SELECT 1 FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        is not None
    )


def get(conn: sqlite3.Connection, complaint_id: int) -> Complaint:
    row = conn.execute(
        "SELECT complaints.*, contacts.name AS contact_name, contacts.phone AS contact_phone,"
        " items.name AS item_name, items.name_en AS item_name_en,"
        " companies.name AS company_name, companies.name_en AS company_name_en"
        " FROM complaints"
        " LEFT JOIN contacts ON contacts.id = complaints.contact_id"
        " LEFT JOIN items ON items.code = complaints.item"
        " LEFT JOIN companies ON companies.code = complaints.company"
        " WHERE complaints.id = ?",
        (complaint_id,),
    ).fetchone()
    if row is None:
        raise NotFound("complaints.not_found", id=complaint_id)
    values = {name: row[name] for name in COLUMNS}
    tags = [
        r[0]
        for r in conn.execute(
            "SELECT tag FROM complaint_tags WHERE complaint_id = ? ORDER BY tag", (complaint_id,)
        )
    ]
    events = [
        Event(r["id"], r["at"], r["actor"], r["kind"], json.loads(r["data"] or "{}"), r["undoes"])
        for r in conn.execute(
            "SELECT id, at, actor, kind, data, undoes FROM events WHERE complaint_id = ? ORDER BY id",
            (complaint_id,),
        )
    ]
    names = {
        "company": {
            r[0]: (r[1], r[2] or r[0])
            for r in conn.execute("SELECT code, name, name_en FROM companies")
        },
        "item": {
            r[0]: (r[1], r[2] or r[0])
            for r in conn.execute("SELECT code, name, name_en FROM items")
        },
    }
    return Complaint(
        values,
        tags,
        row["contact_name"] or "",
        row["contact_phone"] or "",
        row["item_name"] or values["item"],
        row["item_name_en"] or values["item"],
        row["company_name"] or values["company"],
        row["company_name_en"] or values["company"],
        events,
        names,
    )


def is_overdue(values: dict[str, Any], now: datetime) -> bool:
    """The same predicate as status.overdue_sql(), for one complaint in Python."""
    if values["status"] not in status.OPEN_STATUSES:
        return False
    at = iso(now)
    if values["responded_at"] is None and values["respond_by"] and values["respond_by"] < at:
        return True
    return bool(values["resolve_by"] and values["resolve_by"] < at)


def as_dict(
    complaint: Complaint, *, with_contacts: bool = False, now: datetime | None = None
) -> dict[str, Any]:
    """The JSON shape of ``show --format json`` (and ``add --format json``). Contacts are masked
    unless ``with_contacts`` (the caller records that as an event). ``overdue`` is included when
    ``now`` is given."""
    out: dict[str, Any] = {name: complaint.values[name] for name in COLUMNS if name != "contact_id"}
    out["location"] = complaint.location
    out["item_name"] = complaint.item_name
    out["item_name_en"] = complaint.item_name_en
    out["company_name"] = complaint.company_name
    out["company_name_en"] = complaint.company_name_en
    out["tags"] = list(complaint.tags)
    if now is not None:
        out["overdue"] = is_overdue(complaint.values, now)
    name, phone = complaint.reporter, complaint.phone
    out["contact"] = {
        "reporter": name if with_contacts else mask_name(name),
        "phone": phone if with_contacts else mask_phone(phone),
        "masked": not with_contacts,
    }
    out["events"] = [
        {
            "id": e.id,
            "at": e.at,
            "actor": e.actor,
            "kind": e.kind,
            "data": e.data,
            "undoes": e.undoes,
        }
        for e in complaint.events
    ]
    return out


def show(
    conn: sqlite3.Connection, complaint_id: int, *, with_contacts: bool, now: datetime, actor: str
) -> Complaint:
    """One complaint for ``show``; asking for unmasked contacts is recorded as an event."""
    if with_contacts:
        if not exists(conn, complaint_id):
            raise NotFound("complaints.not_found", id=complaint_id)
        with joined_transaction(conn):
            record_event(
                conn,
                kind=status.EV_CONTACTS,
                actor=actor,
                at=now,
                complaint_id=complaint_id,
                data={"command": "show"},
            )
    return get(conn, complaint_id)


# --- listing -----------------------------------------------------------------------------------


@dataclass
class ListFilters:
    """Filters as the worker types them (resolved and validated by :func:`list_complaints`)."""

    open: bool = False
    overdue: bool = False
    building: str | int | None = None
    company: str | None = None
    item: str | None = None
    statuses: list[str] = field(default_factory=list)
    source: str | None = None
    since: str | date | None = None
    until: str | date | None = None
    tag: str | None = None
    limit: int | None = None
    with_contacts: bool = False


def _as_date(value: str | date, today: date) -> date:
    return value if isinstance(value, date) else parse_date(value, today=today)


def list_query(
    conn: sqlite3.Connection, estate: Estate, filters: ListFilters, *, now: datetime
) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of a listing (validated); the benchmarks print its plan."""
    where: list[str] = []
    params: dict[str, Any] = {"now": iso(now)}
    if filters.building is not None and str(filters.building).strip():
        params["building"] = resolve_building(estate, filters.building)
        where.append("complaints.building = :building")
    if filters.company:
        params["company"] = resolve_company(estate, filters.company)
        where.append("complaints.company = :company")
    if filters.item:
        params["item"] = resolve_item(estate, filters.item)
        where.append("complaints.item = :item")
    if filters.source:
        params["source"] = resolve_source(filters.source)
        where.append("complaints.source = :source")
    wanted = [resolve_status(s) for s in filters.statuses]
    if filters.open:
        wanted = (
            [s for s in wanted if s in status.OPEN_STATUSES]
            if wanted
            else list(status.OPEN_STATUSES)
        )
        if not wanted:
            wanted = ["-"]  # --open with only closed statuses: nothing can match
    if wanted:
        marks = []
        for n, s in enumerate(dict.fromkeys(wanted)):
            params[f"s{n}"] = s
            marks.append(f":s{n}")
        where.append(f"complaints.status IN ({', '.join(marks)})")
    if filters.overdue:
        where.append(status.overdue_sql(":now"))
    today = now.date()
    since = _as_date(filters.since, today) if filters.since else None
    until = _as_date(filters.until, today) if filters.until else None
    if since and until and until < since:
        raise UsageError("dates.range", since=since.isoformat(), until=until.isoformat())
    if since:
        params["since"] = f"{since.isoformat()} 00:00:00"
        where.append("complaints.received_at >= :since")
    if until:
        params["until"] = f"{(until + timedelta(days=1)).isoformat()} 00:00:00"
        where.append("complaints.received_at < :until")
    if filters.tag:
        params["tag"] = " ".join(filters.tag.split())
        where.append(
            "EXISTS (SELECT 1 FROM complaint_tags t WHERE t.complaint_id = complaints.id"
            " AND t.tag = :tag)"
        )
    if filters.limit is not None:
        if filters.limit <= 0:
            raise UsageError("complaints.bad_limit", value=filters.limit)
        params["limit"] = filters.limit
    sql = (
        "SELECT complaints.id, complaints.uuid, complaints.received_at, complaints.status,"
        " complaints.source, complaints.building, complaints.unit, complaints.room,"
        " complaints.place, complaints.item, complaints.scope, complaints.company,"
        " complaints.routing, complaints.urgency, complaints.text, complaints.ref,"
        " complaints.respond_by, complaints.resolve_by, complaints.duplicate_of,"
        f" {status.overdue_sql(':now')} AS overdue,"
        " (SELECT group_concat(tag, char(31)) FROM complaint_tags t"
        "   WHERE t.complaint_id = complaints.id) AS tags,"
        " contacts.name AS reporter, contacts.phone AS phone"
        " FROM complaints LEFT JOIN contacts ON contacts.id = complaints.contact_id"
    )
    filtered = " WHERE " + " AND ".join(where) if where else ""
    # With a status filter (open, overdue, --status) the (status, ...) and (building, status)
    # indexes find the few rows of a mature ledger; "+" stops SQLite from scanning the whole
    # table backwards for the ORDER BY instead (it did after ANALYZE).
    order = (
        " ORDER BY +complaints.id DESC"
        if wanted or filters.overdue
        else " ORDER BY complaints.id DESC"
    )
    if filters.limit is None:
        return sql + filtered + order, params
    # With a limit, choose the numbers first (from the index alone where the filters allow),
    # then build only those rows: sorting whole rows (tags, contact) of every match cost 16 ms
    # for the ~9,000 open complaints of a building at 1M.
    chosen = f"SELECT complaints.id FROM complaints{filtered}{order} LIMIT :limit"
    return f"{sql} WHERE complaints.id IN ({chosen}) ORDER BY complaints.id DESC", params


def list_complaints(
    conn: sqlite3.Connection,
    filters: ListFilters,
    *,
    now: datetime,
    actor: str | None = None,
    estate: Estate | None = None,
) -> Iterator[dict[str, Any]]:
    """Validate the filters now, then stream rows (dicts keyed by LIST_COLUMNS) lazily.

    With ``filters.with_contacts`` the unmasked listing is recorded (event kind ``contacts``,
    ``actor`` required) before the first row is read.
    """
    from liuliqiao_cli import estate as estate_mod

    est = estate or estate_mod.load(conn)
    sql, params = list_query(conn, est, filters, now=now)
    if filters.with_contacts:
        shown = {k: v for k, v in params.items() if k != "now"}
        with joined_transaction(conn):
            record_event(
                conn,
                kind=status.EV_CONTACTS,
                actor=actor or "unknown",
                at=now,
                subject="complaint",
                data={"command": "list", "filters": shown},
            )
    items = {code: i.name for code, i in est.items.items()}
    companies = {code: c.name for code, c in est.companies.items()}
    cursor = conn.execute(sql, params)
    return _rows(cursor, items, companies, filters.with_contacts)


def _rows(
    cursor: sqlite3.Cursor, items: dict[str, str], companies: dict[str, str], with_contacts: bool
) -> Iterator[dict[str, Any]]:
    for r in cursor:
        row = dict(r)
        row["overdue"] = bool(row["overdue"])
        row["tags"] = sorted(row["tags"].split("\x1f")) if row["tags"] else []
        row["item_name"] = items.get(row["item"], row["item"])
        row["company_name"] = companies.get(row["company"], row["company"])
        if not with_contacts:
            row["reporter"] = mask_name(row["reporter"])
            row["phone"] = mask_phone(row["phone"])
        else:
            row["reporter"] = row["reporter"] or ""
            row["phone"] = row["phone"] or ""
        yield {key: row.get(key) for key in LIST_COLUMNS}


_LIFECYCLE_NAMES = ("ACTIONS", "TRANSITIONS", "ActionResult", "allowed_actions", "apply_action")


def __getattr__(name: str) -> Any:
    """The lifecycle API, re-exported lazily (lifecycle imports this module)."""
    if name in _LIFECYCLE_NAMES:
        from liuliqiao_cli import lifecycle

        return getattr(lifecycle, name)
    raise AttributeError(name)
