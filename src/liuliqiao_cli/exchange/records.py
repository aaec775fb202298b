"""The one validation layer for records read from a ledger file (JSON Lines).

A line is decoded and checked in one step, in C, by msgspec, against a type built for its kind
from the table it goes into (so a column a later migration adds travels without touching this
module) and from the rules every value typed by a worker follows: statuses, sources, urgencies and
follow-up answers of ``complaints/status.py`` and ``complaints/record.py``; buildings, units,
rooms, items and companies of this ledger's estate (``complaints/typed_input.check_place``); the
length limits of typed text; dates and times in the ledger's form (``dates.iso``), real ones (no
30 February); an event's kind one this program writes and its data a JSON object. What msgspec
cannot say (a real date, a unit of the building, an override ending before it starts) is checked
right after, in :meth:`Reader.check`, by the same rules.

Any field of the documented format with a wrong type or an impossible value is refused with its
line number and the field's name (:class:`~liuliqiao_cli.exchange.jsonl.ExchangeError`
``exchange.bad_field``), in the user's language, before anything is written: the import runs in
one transaction, so nothing of the file is applied.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

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
from liuliqiao_cli.complaints.typed_input import TAG_MAX, TAGS_MAX, check_place
from liuliqiao_cli.errors import LedgerError
from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.exchange.jsonl import KINDS, SUBJECT_TABLES, ExchangeError, Kind

UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
STAMP_PATTERN = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
CLOCK_PATTERN = r"^(\d{2}:\d{2})?$"
NAME_PATTERN = f"^{NAME.pattern}$"
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
Count = Annotated[int, msgspec.Meta(ge=0)]
Number = Annotated[int, msgspec.Meta(ge=1)]
ActorText = Annotated[str, msgspec.Meta(max_length=200)]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=TAG_MAX)]


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


class End(msgspec.Struct, tag_field="type", tag="end", forbid_unknown_fields=True):
    records: Count


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


def _rules(estate: Estate) -> dict[str, dict[str, Any]]:
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
        "contact": {
            "name": (_text(NOTE_MAX, required=False), ""),
            "phone": (_text(NOTE_MAX, required=False), ""),
        },
    }


def _meeting_kinds() -> tuple[str, ...]:
    from liuliqiao_cli.meetings.model import KINDS as MEETING_KINDS

    return MEETING_KINDS


_SQL_TYPES = {"INTEGER": int, "TEXT": str, "REAL": float}


def _undocumented(info: tuple[Any, ...]) -> tuple[Any, ...]:
    """A column this module does not describe (added by a later migration): its declared type,
    optional when it may be NULL or has a default."""
    _, _, declared, notnull, default, _ = info
    kind = _SQL_TYPES.get(str(declared).upper(), Any)
    if notnull and default is None:
        return (kind,)
    return (kind | None, None)


def struct_for(kind: Kind, columns: list[tuple[Any, ...]], rules: dict[str, Any]) -> type:
    """The msgspec type of one kind's line: its table's columns in table order (so that
    ``astuple`` gives the row), then the fields that are not columns."""
    names = [c[1] for c in columns]
    fields: list[tuple[Any, ...]] = [("id", Number | None, None), ("uuid", Uuid)]
    for info in columns:
        if info[1] in ("id", "uuid"):
            continue
        fields.append((info[1], *rules.get(info[1], _undocumented(info))))
    fields += [(name, *rule) for name, rule in rules.items() if name not in names]
    return msgspec.defstruct(
        f"{kind.type.title()}Line",
        fields,
        tag_field="type",
        tag=kind.type,
        kw_only=True,
        forbid_unknown_fields=True,
    )


class Reader:
    """Decodes and checks the lines of a ledger file against this ledger's estate and schema."""

    def __init__(self, conn: sqlite3.Connection, estate: Estate) -> None:
        self.estate = estate
        rules = _rules(estate)
        self.types: dict[str, type] = {}
        self.widths: dict[str, int] = {}
        for kind in KINDS:
            columns = list(conn.execute(f"PRAGMA table_info({kind.table})"))
            self.types[kind.type] = struct_for(kind, columns, rules[kind.type])
            self.widths[kind.type] = len(columns)
        self.decoder = msgspec.json.Decoder(Any)
        self.typed = msgspec.json.Decoder(_union([*self.types.values(), End]))
        self.data = msgspec.json.Decoder(dict[str, Any])
        self.kinds: dict[type, str] = {t: name for name, t in self.types.items()}
        self.kinds[End] = "end"
        self.after: dict[type, Callable[[Any, int], None]] = {
            self.types["complaint"]: self._complaint,
            self.types["event"]: self._event,
            self.types["meeting"]: self._meeting,
            self.types["decision"]: self._decision,
            self.types["override"]: self._override,
            self.types["rotation"]: self._rotation,
        }

    def record(self, raw: bytes, line: int) -> Any:
        """One line as a checked record (a msgspec Struct: ``.type`` is its kind; ``End`` for
        the end record)."""
        try:
            record = self.typed.decode(raw)
        except msgspec.ValidationError as exc:
            raise refusal(str(exc), line) from None
        except (msgspec.DecodeError, UnicodeDecodeError):
            raise ExchangeError("exchange.bad_line", line=line) from None
        check = self.after.get(type(record))
        if check is not None:
            check(record, line)
        return record

    def kind(self, record: Any) -> str:
        """A record's kind (``complaint``, ``event`` ... ``end``)."""
        return self.kinds[type(record)]

    def row(self, record: Any) -> list[Any]:
        """The row of the record's table, in column order (references still UUIDs)."""
        return list(msgspec.structs.astuple(record)[: self.widths[self.kind(record)]])

    # --- what msgspec cannot say ----------------------------------------------------------------

    def _complaint(self, r: Any, line: int) -> None:
        for name in (
            "received_at",
            "respond_by",
            "resolve_by",
            "dispatched_at",
            "responded_at",
            "resolved_at",
            "closed_at",
            "followup_at",
            "created_at",
            "updated_at",
        ):
            _real_stamp(getattr(r, name), name, line)
        if r.unit is not None or r.room is not None:
            try:
                check_place(self.estate, r.building, r.unit, r.room)
            except LedgerError as exc:
                field = "unit" if exc.key == "complaints.bad_unit" else "room"
                raise ExchangeError(
                    "exchange.bad_field",
                    line=line,
                    field=field,
                    problem=_problem("exchange.problem.place", value=getattr(r, field)),
                ) from None

    def _event(self, r: Any, line: int) -> None:
        _real_stamp(r.at, "at", line)
        try:
            self.data.decode(r.data)
        except (msgspec.ValidationError, msgspec.DecodeError, UnicodeEncodeError):
            raise ExchangeError(
                "exchange.bad_field",
                line=line,
                field="data",
                problem=_problem("exchange.problem.data"),
            ) from None

    def _meeting(self, r: Any, line: int) -> None:
        _real_day(r.date, "date", line)
        _real_stamp(r.created_at, "created_at", line)
        _real_stamp(r.updated_at, "updated_at", line)

    def _decision(self, r: Any, line: int) -> None:
        _real_day(r.due, "due", line)
        _real_day(r.done_at, "done_at", line)
        _real_stamp(r.created_at, "created_at", line)

    def _override(self, r: Any, line: int) -> None:
        _real_day(r.start_date, "start_date", line)
        _real_day(r.end_date, "end_date", line)
        _real_stamp(r.created_at, "created_at", line)
        _real_stamp(r.revoked_at, "revoked_at", line)
        if r.end_date < r.start_date:
            raise ExchangeError(
                "exchange.bad_field",
                line=line,
                field="end_date",
                problem=_problem("exchange.problem.before_start", start=r.start_date),
            )

    def _rotation(self, r: Any, line: int) -> None:
        _real_day(r.effective_from, "effective_from", line)
        _real_stamp(r.created_at, "created_at", line)
        try:
            order = self.decoder.decode(r.company_order)
        except (msgspec.DecodeError, UnicodeEncodeError):
            order = None
        if (
            not isinstance(order, list)
            or not order
            or len(set(order)) != len(order)
            or any(code not in self.estate.companies for code in order)
        ):
            raise ExchangeError(
                "exchange.bad_field",
                line=line,
                field="company_order",
                problem=_problem("exchange.problem.companies"),
            )


def _union(types: list[type]) -> Any:
    union: Any = types[0]
    for more in types[1:]:
        union = union | more
    return union


def _real_stamp(value: str | None, field: str, line: int) -> None:
    if value is None:
        return
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ExchangeError(
            "exchange.bad_field",
            line=line,
            field=field,
            problem=_problem("exchange.problem.no_such_day", value=value),
        ) from None


def _real_day(value: str | None, field: str, line: int) -> None:
    if value is None:
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ExchangeError(
            "exchange.bad_field",
            line=line,
            field=field,
            problem=_problem("exchange.problem.no_such_day", value=value),
        ) from None


def _problem(key: str, **params: Any) -> str:
    from liuliqiao_cli.i18n import t

    return t(key, **params)


# msgspec's own words -> ours, in both languages (the message names the field and the line).
_MSGSPEC = (
    (re.compile(r"Object missing required field `([^`]+)`"), "exchange.problem.missing"),
    (re.compile(r"Object contains unknown field `([^`]+)`"), "exchange.problem.unknown_field"),
    (re.compile(r"Invalid enum value (.+)"), "exchange.problem.choice"),
    (re.compile(r"Expected `str` matching regex '(.+)'"), "exchange.problem.format"),
    (re.compile(r"Expected `(?:str|array)` of length <= (\d+)"), "exchange.problem.too_long"),
    (re.compile(r"Expected `str` of length >= 1"), "exchange.problem.empty"),
    (re.compile(r"Expected `int` >= (-?\d+)"), "exchange.problem.at_least"),
    (re.compile(r"Expected `int` <= (-?\d+)"), "exchange.problem.at_most"),
    (re.compile(r"Expected `([^`]+)`, got `([^`]+)`"), "exchange.problem.type"),
)
_WHERE = re.compile(r" - at `\$\.?(.*)`$")


def refusal(message: str, line: int) -> ExchangeError:
    """A msgspec ValidationError's text as one of our messages, naming the line and the field."""
    where = _WHERE.search(message)
    field = where.group(1) if where else ""
    text = message[: where.start()] if where else message
    if field == "type":
        value = text.removeprefix("Invalid value ").strip("'")
        return ExchangeError("exchange.unknown_type", line=line, type=value)
    for rule, key in _MSGSPEC:
        found = rule.match(text)
        if not found:
            continue
        if key in ("exchange.problem.missing", "exchange.problem.unknown_field"):
            inner = found.group(1)
            return ExchangeError(
                "exchange.bad_field",
                line=line,
                field=f"{field}.{inner}" if field else inner,
                problem=_problem(key),
            )
        params: dict[str, Any] = {}
        if key == "exchange.problem.format":
            pattern = found.group(1).replace("\\\\", "\\")  # msgspec doubles backslashes
            params["example"] = EXAMPLES.get(pattern, pattern)
        elif key == "exchange.problem.type":
            params = {"expected": found.group(1), "got": found.group(2)}
        elif found.groups():
            params["value"] = found.group(1)
        return ExchangeError(
            "exchange.bad_field", line=line, field=field or "-", problem=_problem(key, **params)
        )
    return ExchangeError(
        "exchange.bad_field",
        line=line,
        field=field or "-",
        problem=_problem("exchange.problem.other", text=text),
    )
