"""What each kind of record in a ledger file may hold: the documented fields of every kind, each
with its type and its rule (the rules a worker's typed input follows), for
:mod:`liuliqiao_cli.exchange.records`, which builds one msgspec type per kind from them and the
table the kind goes into."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec

from liuliqiao_cli.complaints import status
from liuliqiao_cli.complaints.names import NAME
from liuliqiao_cli.complaints.record import (
    FOLLOWUP_RESOLVED,
    FOLLOWUP_SATISFIED,
    NOTE_MAX,
    PLACE_MAX,
    REF_MAX,
    TEXT_MAX,
    URGENCIES,
)
from liuliqiao_cli.complaints.routing import ROUTINGS
from liuliqiao_cli.complaints.typed_input import TAG_MAX, TAGS_MAX
from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.exchange.jsonl import SUBJECT_TABLES

# \Z, not $ (which also takes a value ending in a line break), and [0-9], not \d (which takes
# the digits of every script): msgspec searches a value with the pattern.
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z"
STAMP_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\Z"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"
CLOCK_PATTERN = r"^([0-9]{2}:[0-9]{2})?\Z"
NAME_PATTERN = f"^{NAME.pattern}\\Z"
# What each pattern looks like, for the message that refuses a value.
EXAMPLES = {
    UUID_PATTERN: "UUID",
    STAMP_PATTERN: "2026-11-27 10:00:00",
    DAY_PATTERN: "2026-11-27",
    CLOCK_PATTERN: "19:30",
    NAME_PATTERN: "B17",
}

Uuid = Annotated[str, msgspec.Meta(pattern=UUID_PATTERN)]
Stamp = Annotated[str, msgspec.Meta(pattern=STAMP_PATTERN)]
Day = Annotated[str, msgspec.Meta(pattern=DAY_PATTERN)]


def _table(keep: str, mark: str, marked: str) -> bytes:
    """A bytes.translate table: the ``marked`` characters become ``mark``, those of ``keep``
    stay, every other byte becomes NUL (which no shape has)."""
    return bytes(ord(mark) if chr(i) in marked else i if chr(i) in keep else 0 for i in range(256))


@dataclass(frozen=True)
class Shape:
    """A pattern whose values all have one length and one shape, checked for a whole batch of
    values at once: joined, each character translated to its class, compared with the shape
    repeated. A regex per value (msgspec's ``pattern``) was half the time of decoding a line."""

    pattern: str
    table: bytes
    shape: bytes
    loose: Any  # the type without the pattern: only its length (then a batch check)


SHAPES = {
    Uuid: Shape(
        UUID_PATTERN,
        _table("-", "x", "0123456789abcdef"),
        b"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
        Annotated[str, msgspec.Meta(min_length=36, max_length=36)],
    ),
    Stamp: Shape(
        STAMP_PATTERN,
        _table("- :", "9", "0123456789"),
        b"9999-99-99 99:99:99",
        Annotated[str, msgspec.Meta(min_length=19, max_length=19)],
    ),
    Day: Shape(
        DAY_PATTERN,
        _table("-", "9", "0123456789"),
        b"9999-99-99",
        Annotated[str, msgspec.Meta(min_length=10, max_length=10)],
    ),
}


def loosened(kind: Any) -> tuple[Any, Shape | None]:
    """A field's type without a fixed-shape pattern (``Uuid``, ``Uuid | None``, ``Stamp`` ...),
    and that shape; other types as they are."""
    if kind in SHAPES:
        return SHAPES[kind].loose, SHAPES[kind]
    args = get_args(kind)
    if get_origin(kind) is Union and len(args) == 2 and args[1] is type(None) and args[0] in SHAPES:
        return SHAPES[args[0]].loose | None, SHAPES[args[0]]
    return kind, None


Count = Annotated[int, msgspec.Meta(ge=0)]
Number = Annotated[int, msgspec.Meta(ge=1)]
ActorText = Annotated[str, msgspec.Meta(max_length=200)]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=TAG_MAX)]
# A version of the estate's definition as JSON: the sample estate's is 16,000 characters; an
# estate of a hundred buildings and items with many words stays well under this.
DEFINITION_MAX = 1_000_000


def _text(limit: int, *, required: bool = True) -> Any:
    return Annotated[str, msgspec.Meta(min_length=1 if required else 0, max_length=limit)]


def _one_of(values: Any) -> Any:
    return Literal[tuple(values)]


class AgendaEntry(msgspec.Struct, forbid_unknown_fields=True):
    complaint: Uuid
    position: Count = 0
    reason: _text(NOTE_MAX, required=False) = ""  # type: ignore[valid-type]


class Attendee(msgspec.Struct, forbid_unknown_fields=True):
    name: _text(NOTE_MAX)  # type: ignore[valid-type]
    present: Literal[0, 1]


def event_kinds() -> frozenset[str]:
    """Every kind of event this program writes: the constants of the modules that write them,
    and every kind the catalogue names for the history (``event.*``, ``find.kind.*``)."""
    from liuliqiao_cli.complaints.names import EV_STATION
    from liuliqiao_cli.estate import duty_changes
    from liuliqiao_cli.exchange.jsonl import EV_IMPORT
    from liuliqiao_cli.i18n import keys
    from liuliqiao_cli.meetings import model as meetings

    named = {
        key.split(".")[-1]
        for key in keys()
        if key.startswith("event.") or key.startswith("find.kind.")
    }
    constants = {
        value
        for module in (status, meetings)
        for name, value in vars(module).items()
        if name.startswith("EV_") and isinstance(value, str)
    }
    return frozenset(named | constants | {duty_changes.EV_REVOKE, EV_IMPORT, EV_STATION})


def kind_rules(estate: Estate) -> dict[str, dict[str, Any]]:
    """Each kind's documented fields: (type) or (type, default) for the optional ones."""
    maybe_uuid = (Uuid | None, None)
    maybe_stamp = (Stamp | None, None)
    companies = _one_of(estate.companies)
    return {
        "complaint": {
            "received_at": (Stamp,),
            "source": (_one_of(status.SOURCES),),
            "text": (_text(TEXT_MAX),),
            "building": (_one_of(estate.buildings) | None, None),
            "unit": (Number | None, None),
            "room": (_text(10) | None, None),
            "place": (_text(PLACE_MAX) | None, None),
            "item": (_one_of(estate.items),),
            "scope": (Literal["joint", "separate"],),
            "company": (companies,),
            "routing": (_one_of(ROUTINGS),),
            # "2026-02-26 调班当值（#3 <the override's reason>）": a date, a number and a reason
            "routing_note": (_text(2 * NOTE_MAX, required=False), ""),
            "urgency": (_one_of(URGENCIES), "normal"),
            "ref": (_text(REF_MAX) | None, None),
            "status": (_one_of(status.STATUSES),),
            "respond_by": maybe_stamp,
            "resolve_by": maybe_stamp,
            "dispatched_at": maybe_stamp,
            "responded_at": maybe_stamp,
            "resolved_at": maybe_stamp,
            "closed_at": maybe_stamp,
            "followup_at": maybe_stamp,
            "followup_resolved": (_one_of(FOLLOWUP_RESOLVED) | None, None),
            "followup_satisfied": (_one_of(FOLLOWUP_SATISFIED) | None, None),
            "duplicate_of": maybe_uuid,
            "contact_id": maybe_uuid,
            "created_at": (Stamp,),
            "updated_at": (Stamp,),
            "name": (Annotated[str, msgspec.Meta(pattern=NAME_PATTERN)] | None, None),
            # not columns: the tags, and what tells two copies' histories apart
            "tags": (Annotated[list[Tag], msgspec.Meta(max_length=TAGS_MAX)], []),
            "history": (str | None, None),
            "changed_at": (str | None, None),  # written by format version 1 before m013; unused
        },
        "event": {
            "at": (Stamp,),
            "actor": (ActorText,),
            "kind": (_one_of(sorted(event_kinds())),),
            "complaint_id": maybe_uuid,
            "subject": (_one_of([*SUBJECT_TABLES, "ledger"]), "complaint"),
            "subject_id": maybe_uuid,
            "data": (str, "{}"),
            "undoes": maybe_uuid,
            "rev": (Number | None, None),
        },
        "meeting": {
            "kind": (_one_of(_meeting_kinds()),),
            "date": (Day,),
            "time": (Annotated[str, msgspec.Meta(pattern=CLOCK_PATTERN)], ""),
            "place": (_text(NOTE_MAX, required=False), ""),
            "host": (_text(NOTE_MAX, required=False), ""),
            "recorder": (_text(NOTE_MAX, required=False), ""),
            "title": (_text(NOTE_MAX, required=False), ""),
            "notes": (_text(TEXT_MAX * 5, required=False), ""),
            "created_at": (Stamp,),
            "updated_at": (Stamp,),
            "agenda": (list[AgendaEntry], []),
            "attendance": (list[Attendee], []),
        },
        "decision": {
            "meeting_id": (Uuid,),
            "complaint_id": maybe_uuid,
            "decision": (_text(TEXT_MAX),),
            "owner": (_text(NOTE_MAX, required=False), ""),
            "due": (Day | None, None),
            "votes_for": (Count | None, None),
            "votes_against": (Count | None, None),
            "votes_abstain": (Count | None, None),
            "done_at": (Day | None, None),  # the day it was carried out
            "created_at": (Stamp,),
        },
        "override": {
            "start_date": (Day,),
            "end_date": (Day,),
            "company": (companies,),
            "reason": (_text(NOTE_MAX),),
            "meeting_id": maybe_uuid,
            "created_at": (Stamp,),
            "revoked_at": maybe_stamp,
            "revoke_reason": (_text(NOTE_MAX) | None, None),
        },
        "rotation": {
            "effective_from": (Day,),
            "handover_month": (Annotated[int, msgspec.Meta(ge=1, le=12)],),
            "handover_day": (Annotated[int, msgspec.Meta(ge=1, le=28)],),
            "company_order": (str,),
            "created_at": (Stamp,),
            "reason": (_text(NOTE_MAX, required=False), ""),
        },
        "estate_version": {
            "from_date": (Day,),
            # the estate as estate/versions.py writes it (checked by the estate file's rules
            # after decoding); NULL: the first version, while the estate tables are it
            "definition": (_text(DEFINITION_MAX) | None, None),
            "created_at": (Stamp,),
            "actor": (ActorText, ""),
            "reason": (_text(NOTE_MAX, required=False), ""),  # estate apply --reason's limit
            "event_id": maybe_uuid,  # its event, a reference forwards (resolved at the end)
        },
        "contact": {
            "name": (_text(NOTE_MAX, required=False), ""),
            "phone": (_text(NOTE_MAX, required=False), ""),
        },
    }


def _meeting_kinds() -> tuple[str, ...]:
    from liuliqiao_cli.meetings.model import KINDS as MEETING_KINDS

    return MEETING_KINDS
