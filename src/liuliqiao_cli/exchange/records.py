"""The one validation layer for records read from a ledger file (JSON Lines).

A line is decoded and checked in one step, in C, by msgspec, against a type built for its kind
from the table it goes into (so a column a later migration adds travels without touching this
module) and from the rules of :mod:`liuliqiao_cli.exchange.record_rules`, those every value typed
by a worker follows: statuses, sources, urgencies and
follow-up answers of ``complaints/status.py`` and ``complaints/record.py``; buildings, units,
rooms, items and companies of this ledger's estate (``complaints/typed_input.check_place``); the
length limits of typed text; dates and times in the ledger's form (``dates.iso``), real ones (no
30 February); an event's kind one this program writes and its data a JSON object; a version of
the estate's definition valid by the rules of an estate file. What msgspec cannot say (a real
date, a unit of the building, an override ending before it starts, an estate definition) is
checked right after each line is decoded, by the same rules.

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
from operator import attrgetter
from typing import Any

import msgspec

from liuliqiao_cli.complaints.typed_input import check_place
from liuliqiao_cli.errors import LedgerError
from liuliqiao_cli.estate.model import FROM_THE_START, Estate
from liuliqiao_cli.estate.versions import checked_estate
from liuliqiao_cli.exchange.jsonl import KINDS, ExchangeError, Kind
from liuliqiao_cli.exchange.record_rules import (
    EXAMPLES,
    Count,
    Number,
    Shape,
    Uuid,
    kind_rules,
    loosened,
)


class End(msgspec.Struct, tag_field="type", tag="end", forbid_unknown_fields=True):
    records: Count


_SQL_TYPES = {"INTEGER": int, "TEXT": str, "REAL": float}


def _undocumented(info: tuple[Any, ...]) -> tuple[Any, ...]:
    """A column this module does not describe (added by a later migration): its declared type,
    optional when it may be NULL or has a default."""
    _, _, declared, notnull, default, _ = info
    kind = _SQL_TYPES.get(str(declared).upper(), Any)
    if notnull and default is None:
        return (kind,)
    return (kind | None, None)


def struct_for(
    kind: Kind, columns: list[tuple[Any, ...]], rules: dict[str, Any], *, loose: bool = False
) -> type:
    """The msgspec type of one kind's line: its table's columns in table order (so that
    ``astuple`` gives the row), then the fields that are not columns. ``loose``: without the
    fixed-shape patterns (``Reader.records`` checks those a batch at a time)."""
    fields = _fields(columns, rules)
    if loose:
        fields = [(name, loosened(tp)[0], *default) for name, tp, *default in fields]
    return msgspec.defstruct(
        f"{kind.type.title()}Line",
        fields,
        tag_field="type",
        tag=kind.type,
        kw_only=True,
        forbid_unknown_fields=True,
    )


def _fields(columns: list[tuple[Any, ...]], rules: dict[str, Any]) -> list[tuple[Any, ...]]:
    names = [c[1] for c in columns]
    fields: list[tuple[Any, ...]] = [("id", Number | None, None), ("uuid", Uuid)]
    for info in columns:
        if info[1] in ("id", "uuid"):
            continue
        fields.append((info[1], *rules.get(info[1], _undocumented(info))))
    fields += [(name, *rule) for name, rule in rules.items() if name not in names]
    return fields


Shaped = tuple[Shape, list[Callable[[Any], Any]]]  # a shape, a getter of each of its fields


def _shaped(columns: list[tuple[Any, ...]], rules: dict[str, Any]) -> list[Shaped]:
    """The fields of a kind whose pattern is a fixed shape, by shape: the shape, a getter of
    each field."""
    by_shape: dict[str, tuple[Shape, list[str]]] = {}
    for name, tp, *_ in _fields(columns, rules):
        shape = loosened(tp)[1]
        if shape is not None:
            by_shape.setdefault(shape.pattern, (shape, []))[1].append(name)
    return [(shape, [attrgetter(n) for n in names]) for shape, names in by_shape.values()]


class Reader:
    """Decodes and checks the lines of a ledger file against this ledger's estate and schema."""

    estate: Estate
    types: dict[str, type]  # kind -> the msgspec type of its lines
    shaped: dict[type, list[Shaped]]  # loose type -> its fixed-shape fields
    widths: dict[str, int]  # kind -> the columns of its table
    kinds: dict[type, str]
    after: dict[type, Callable[[Any, int], None]]  # what msgspec cannot say, by type

    def __init__(self, conn: sqlite3.Connection, estate: Estate) -> None:
        self._build(conn, estate)

    def refresh(self, conn: sqlite3.Connection) -> None:
        """Read the estate again once a merge has added versions of it: a complaint further in
        the file may name an item, a building or a company that a version brought. Records
        already decoded keep their kind."""
        from liuliqiao_cli.estate.model import load

        known = dict(self.kinds)
        self._build(conn, load(conn))
        self.kinds = {**known, **self.kinds}

    def _build(self, conn: sqlite3.Connection, estate: Estate) -> None:
        self.estate = estate
        rules = kind_rules(estate)
        self.types = {}
        self.widths = {}
        loose: dict[str, type] = {}
        self.shaped = {}
        for kind in KINDS:
            columns = list(conn.execute(f"PRAGMA table_info({kind.table})"))
            self.types[kind.type] = struct_for(kind, columns, rules[kind.type])
            loose[kind.type] = struct_for(kind, columns, rules[kind.type], loose=True)
            self.shaped[loose[kind.type]] = _shaped(columns, rules[kind.type])
            self.widths[kind.type] = len(columns)
        self.decoder = msgspec.json.Decoder(Any)
        self.typed = msgspec.json.Decoder(_union([*self.types.values(), End]))
        self.loose = msgspec.json.Decoder(_union([*loose.values(), End]))
        self.data = msgspec.json.Decoder(dict[str, Any])
        self.kinds = {t: name for name, t in self.types.items()}
        self.kinds.update({t: name for name, t in loose.items()})
        self.kinds[End] = "end"
        checks = {
            "complaint": self._complaint,
            "event": self._event,
            "meeting": self._meeting,
            "decision": self._decision,
            "override": self._override,
            "rotation": self._rotation,
            "estate_version": self._estate_version,
        }
        self.after = {t[name]: check for name, check in checks.items() for t in (self.types, loose)}

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

    def records(self, items: list[tuple[int, bytes]]) -> list[tuple[int, Any]]:
        """Lines (``(line, raw)``) as checked records, as ``record`` gives them one by one, but
        decoded without the fixed-shape patterns, whose values are then checked for the whole
        batch at once. At any doubt (a line refused, a value of another shape), the batch is
        read again line by line by ``record``: the same records, or the same refusal of the
        first bad line."""
        try:
            decoded = list(map(self.loose.decode, [raw for _, raw in items]))
        except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
            decoded = None
        if decoded is None or not self._shapes_hold(decoded):
            return [(line, self.record(raw, line)) for line, raw in items]
        after = self.after
        for (line, _), record in zip(items, decoded, strict=True):
            check = after.get(type(record))
            if check is not None:
                check(record, line)
        return [(line, record) for (line, _), record in zip(items, decoded, strict=True)]

    def _shapes_hold(self, records: list[Any]) -> bool:
        """Every fixed-shape value of the records (all of one type) has its shape: the values
        (each of the shape's length: the loose type says so) joined, each character turned
        into its class, equal to the shape repeated."""
        if not records:
            return True
        first = type(records[0])
        if any(type(r) is not first for r in records):
            return False
        for shape, getters in self.shaped.get(first, []):
            for get in getters:  # a field at a time: one list, one join (C loops)
                values = list(map(get, records))
                if values.count(None):
                    values = [v for v in values if v is not None]
                try:
                    raw = "".join(values).encode("ascii")
                except UnicodeEncodeError:
                    return False
                if raw.translate(shape.table) != shape.shape * (len(raw) // len(shape.shape)):
                    return False
        return True

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

    def _estate_version(self, r: Any, line: int) -> None:
        """A real day, the creation time, and the definition: an estate by the rules of an
        estate file; only the first version (from the start) may have none (the estate tables of
        the ledger that wrote it are that version)."""
        _real_day(r.from_date, "from_date", line)
        _real_stamp(r.created_at, "created_at", line)
        if r.definition is None:
            if r.from_date != FROM_THE_START:
                raise ExchangeError(
                    "exchange.bad_field",
                    line=line,
                    field="definition",
                    problem=_problem("exchange.problem.missing"),
                )
            return
        try:
            checked_estate(r.definition, "definition")
        except LedgerError as exc:
            raise ExchangeError(
                "exchange.bad_field",
                line=line,
                field="definition",
                problem=_problem("exchange.problem.estate", reason=estate_reason(exc)),
            ) from None


def estate_reason(exc: LedgerError) -> str:
    """An estate file's error in words without the file and the line it names (the ledger file's
    line is named instead): ``estate.duplicate`` says "重复的公司“x”" alone."""
    from liuliqiao_cli.i18n import t

    text = t(exc.key, **{**exc.params, "source": _MARK, "line": _MARK})
    return _NO_CHANGE.sub("", _WHERE_IN_FILE.sub("", text))


_MARK = "\x00"
_WHERE_IN_FILE = re.compile("^\x00(?: 第 \x00 行| line \x00)?(?:：|: )")
_NO_CHANGE = re.compile(r"\s*(?:（未做任何更改）|\(nothing was changed\))$")


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
