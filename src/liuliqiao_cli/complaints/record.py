"""Recording a complaint: validate, recognise, route, compute deadlines, insert with its contact,
tags and a create event, in one transaction (``record`` joins the caller's transaction when one
is open). ``prepare`` + ``insert_prepared`` are the two halves for callers that show the decision
before writing.
"""

import sqlite3
from datetime import datetime
from typing import Any, NamedTuple

from liuliqiao_cli.complaints import contacts, status
from liuliqiao_cli.complaints.names import allot as allot_name
from liuliqiao_cli.complaints.privacy import Found, mask_known, normalise_name, normalise_phone
from liuliqiao_cli.complaints.recognise import Recognised, recognise
from liuliqiao_cli.complaints.routing import (
    ROUTE_OVERRIDE,
    NeedsChoice,
    Routing,
    deadlines,
    questions,
    route,
)
from liuliqiao_cli.complaints.typed_input import (
    check_place,
    clean_tags,
    clean_text,
    resolve_source,
)
from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.estate.resolve import (
    resolve_building,
    resolve_company,
    resolve_item,
    resolve_place,
)
from liuliqiao_cli.store.history import record_event
from liuliqiao_cli.store.ids import new_uuid
from liuliqiao_cli.store.ledger import joined_transaction

TEXT_MAX = 2000  # a complaint's text
NOTE_MAX = 1000  # notes and reasons


PLACE_MAX = 40
REF_MAX = 40  # 12345 work-order numbers


DEFAULT_SOURCE = "walkin"  # a resident talking to the worker


FALLBACK_ITEM = "other"  # used when no item is named or recognised (if the estate has it)


URGENCIES = ("normal", "urgent")


FOLLOWUP_RESOLVED = ("yes", "partly", "no")


FOLLOWUP_SATISFIED = ("yes", "basic", "no")


class NewComplaint:
    """A complaint as the worker gives it. ``None`` fields are recognised from the text (place,
    item) or take defaults (source: walk-in, received: now). ``company`` forces the responsible
    company and needs ``company_reason``. ``recognise=False`` leaves missing building, unit,
    room, place and item empty instead of reading them from the text; ``recognised`` is what was
    read from a text other than ``text`` (a work order's address and text), used instead of
    reading ``text``, with the same questions and refusals.

    A plain class, not a dataclass: `add` defines it on every start-up, and a dataclass of 17
    fields costs ~1 ms to define. The questions of a terminal fill it in (cli/asking.py)."""

    def __init__(
        self,
        text: str,
        source: str | None = None,
        received_at: datetime | None = None,
        building: int | str | None = None,
        unit: int | str | None = None,
        room: str | None = None,
        place: str | None = None,
        item: str | None = None,
        urgent: bool = False,
        ref: str | None = None,
        tags: list[str] | None = None,
        company: str | None = None,
        company_reason: str | None = None,
        reporter: str | None = None,
        phone: str | None = None,
        recognise: bool = True,
        recognised: Recognised | None = None,
    ) -> None:
        self.text = text
        self.source = source
        self.received_at = received_at
        self.building = building
        self.unit = unit
        self.room = room
        self.place = place
        self.item = item
        self.urgent = urgent
        self.ref = ref
        self.tags: list[str] = [] if tags is None else tags
        self.company = company
        self.company_reason = company_reason
        self.reporter = reporter
        self.phone = phone
        self.recognise = recognise
        self.recognised = recognised


class Prepared(NamedTuple):
    """A validated complaint ready to insert, with what was decided and why."""

    values: dict[str, Any]  # complaint columns (without id, contact_id)
    tags: list[str]
    reporter: str
    phone: str
    recognised: Recognised
    routing: Routing
    from_text: tuple[str, ...]  # the fields taken from the text (not typed as options)
    unknown_years: tuple[int, ...] = ()  # a deadline counted through years of unknown holidays
    found: tuple[Found, ...] = ()  # personal data taken out of the text and the reason


def prepare(
    conn: sqlite3.Connection, estate: Estate, new: NewComplaint, *, now: datetime
) -> Prepared:
    """Validate and decide everything; writes nothing.

    Every typed value is checked first; then, when what the text suggests cannot be routed
    without a guess (:func:`~liuliqiao_cli.complaints.routing.questions`), :class:`NeedsChoice`
    is raised: a terminal asks and sets ``new.item`` / ``new.building`` to the answer, a script
    is refused with the choices. A unit or room written in the text that the building does not
    have is refused, not dropped."""
    # Personal data in the text is masked before anything reads it (recognition included).
    scrubbed = contacts.scrub_text(conn, clean_text(new.text, what="text", limit=TEXT_MAX))
    text = scrubbed.text
    source = resolve_source(new.source) if new.source else DEFAULT_SOURCE
    received = new.received_at or now
    if received > now:
        raise UsageError("complaints.future", received=iso(received), now=iso(now))
    if new.recognised is not None:
        rec = new.recognised
    else:
        rec = recognise(estate, text) if new.recognise else Recognised()
    from_text: list[str] = []

    def given(value: Any) -> bool:
        return value is not None and str(value).strip() != ""

    typed_building: int | None = None
    building: int | None
    if given(new.building):
        typed_building = resolve_building(estate, new.building)  # type: ignore[arg-type]
        building = typed_building
    else:
        building = rec.building
        if building is not None:
            from_text.append("building")
    _refuse_text_address(
        estate, rec, building, unit_typed=given(new.unit), room_typed=given(new.room)
    )
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
    typed_item = resolve_item(estate, str(new.item)) if given(new.item) else None
    ref = clean_text(new.ref, what="ref", limit=REF_MAX, required=False) or None
    if ref is not None:
        row = conn.execute("SELECT id FROM complaints WHERE ref = ?", (ref,)).fetchone()
        if row:
            raise UsageError("complaints.ref_exists", ref=ref, id=row[0])
    tags = clean_tags(new.tags)
    reporter = normalise_name(new.reporter)
    phone = normalise_phone(new.phone)
    if reporter or phone:  # the reporter named in the text (赵桂芳反映…) is masked there too
        scrubbed = mask_known(scrubbed, contacts.reporter_values(reporter, phone))
        text = scrubbed.text

    override: Routing | None = None
    if given(new.company):
        company = resolve_company(estate, str(new.company))
        reason = clean_text(new.company_reason, what="reason", limit=NOTE_MAX, required=False)
        if not reason:
            raise UsageError("complaints.override_needs_reason")
        masked_reason = contacts.scrub_text(conn, reason)
        scrubbed = type(scrubbed)(scrubbed.text, scrubbed.found + masked_reason.found)
        override = Routing(company, ROUTE_OVERRIDE, masked_reason.text)

    fallback = FALLBACK_ITEM if FALLBACK_ITEM in estate.items else None
    asked = questions(estate, rec, item=typed_item, building=typed_building, fallback=fallback)
    for question in asked:
        if override is None or question.what != "building":  # a chosen company needs none
            raise NeedsChoice(question)
    if typed_item is not None:
        item_code = typed_item
    elif rec.item is not None:
        item_code = rec.item
        from_text.append("item")
    elif fallback is not None:
        item_code = fallback
    else:
        raise UsageError("complaints.item_required")
    item = estate.items[item_code]
    if override is not None:
        routing = override
    elif item.scope == "separate" and building is not None:
        # The building's company: the duty rotation (and its module) is not needed.
        routing = route(estate, item_code, building, received.date(), ())
    else:
        from liuliqiao_cli.estate.duty_ledger import load_rotation

        versions, overrides = load_rotation(conn)
        routing = route(estate, item_code, building, received.date(), versions, overrides)

    urgency = "urgent" if new.urgent else "normal"
    limits = deadlines(estate, item_code, received, new.urgent)
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
        "respond_by": iso(limits.respond_by),
        "resolve_by": iso(limits.resolve_by),
        "created_at": iso(now),
        "updated_at": iso(now),
    }
    return Prepared(
        values,
        tags,
        reporter,
        phone,
        rec,
        routing,
        tuple(from_text),
        limits.unknown_years,
        scrubbed.found,
    )


def _refuse_text_address(
    estate: Estate, rec: Recognised, building: int | None, *, unit_typed: bool, room_typed: bool
) -> None:
    """A unit or room written in the text that the building (or the estate) does not have:
    said, not silently dropped. A typed ``--unit`` / ``--room`` settles it."""
    from liuliqiao_cli.i18n import t

    b = estate.buildings.get(building) if building is not None else None
    where = t("ask.building_label", number=building) if b else t("complaints.the_estate")
    if rec.unknown_unit and not unit_typed:
        units = b.units if b else max(x.units for x in estate.buildings.values())
        raise UsageError(
            "complaints.text_bad_unit", value=rec.unknown_unit, where=where, units=units
        )
    if rec.unknown_room and not room_typed:
        sample = b or next(iter(estate.buildings.values()))
        last = f"{sample.floors}{sample.rooms_per_floor:02d}"
        raise UsageError("complaints.text_bad_room", value=rec.unknown_room, where=where, last=last)


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
        # The companion file is written (and committed) first: see store/companion.py.
        contacts.store_found(conn, values["uuid"], prepared.found)
        contact_id = None
        if prepared.reporter or prepared.phone:
            contact_id = contacts.store_contact(conn, prepared.reporter, prepared.phone)
        values["contact_id"] = contact_id
        name = allot_name(conn)  # B17 where a station is set (complaints/names.py)
        if name is not None:
            values["name"] = name
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
