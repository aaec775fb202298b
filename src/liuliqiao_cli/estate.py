"""The estate: companies, buildings, service items, public places, and the routing rule.

``load_definition`` reads and validates an estate TOML (the default is the packaged
``data/wangyuan_xili_north.toml``); ``install`` writes it into a new ledger; ``load`` reads it
back as an :class:`Estate`; the ``resolve_*`` functions turn what a worker types (``3``,
``3号楼``, ``三号楼``; ``shouhua``, ``首华``, ``首华物业``) into codes, suggesting valid values.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from liuliqiao_cli.errors import EstateError, UsageError

SCOPES = ("joint", "separate")


@dataclass(frozen=True)
class Company:
    code: str
    name: str
    short_name: str
    name_en: str = ""
    aliases: tuple[str, ...] = ()
    phone: str = ""

    def spellings(self) -> tuple[str, ...]:
        return (self.code, self.name, self.short_name, self.name_en, *self.aliases)


@dataclass(frozen=True)
class Building:
    number: int
    units: int
    floors: int
    rooms_per_floor: int
    company: str

    @property
    def name(self) -> str:
        return f"{self.number}号楼"

    @property
    def households(self) -> int:
        return self.units * self.floors * self.rooms_per_floor

    def valid_room(self, room: str) -> bool:
        """Rooms are floor then landing position: 101, 102 ... 602 for 6 floors of 2."""
        if not room.isdigit() or len(room) < 3:
            return False
        floor, pos = int(room[:-2]), int(room[-2:])
        return 1 <= floor <= self.floors and 1 <= pos <= self.rooms_per_floor


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    name_en: str
    scope: str
    respond_hours: int
    urgent_respond_hours: int
    resolve_days: int
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rotation:
    handover_month: int
    handover_day: int
    order: tuple[str, ...]
    effective_from: date


@dataclass
class EstateDefinition:
    """An estate as written in TOML, validated."""

    info: dict[str, str]
    companies: list[Company]
    buildings: list[Building]
    items: list[Item]
    places: list[Place]
    rotation: Rotation | None


@dataclass
class Estate:
    """The estate as stored in a ledger."""

    info: dict[str, str]
    companies: dict[str, Company] = field(default_factory=dict)
    buildings: dict[int, Building] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.info.get("name", "")

    def company_name(self, code: str, lang: str = "zh") -> str:
        c = self.companies.get(code)
        if c is None:
            return code
        return c.name if lang == "zh" or not c.name_en else c.name_en

    def item_name(self, code: str, lang: str = "zh") -> str:
        i = self.items.get(code)
        if i is None:
            return code
        return i.name if lang == "zh" else i.name_en


# --- reading a definition ------------------------------------------------------------------


def default_definition_text() -> str:
    from importlib import resources  # only init and the sample need it: keep it off start-up

    return (
        resources.files("liuliqiao_cli")
        .joinpath("data/wangyuan_xili_north.toml")
        .read_text(encoding="utf-8")
    )


def _line_of(text: str, *needles: str) -> int:
    """The first line containing every needle (1-based), 0 when not found: for error messages."""
    for number, line in enumerate(text.splitlines(), start=1):
        if all(n in line for n in needles):
            return number
    return 0


def _fail(text: str, reason_key: str, *needles: str, **params: Any) -> EstateError:
    return EstateError(reason_key, line=_line_of(text, *needles) if needles else 0, **params)


def _str_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError
    return tuple(value)


def load_definition(text: str, source: str = "estate.toml") -> EstateDefinition:
    """Parse and validate an estate TOML. Errors name the line and the reason."""
    import tomllib

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EstateError("estate.toml_syntax", source=source, reason=str(exc)) from None
    info_raw = raw.get("estate", {})
    if not isinstance(info_raw, dict) or not info_raw.get("name"):
        raise _fail(text, "estate.missing", "[estate]", source=source, what="[estate] name")
    info = {k: str(v) for k, v in info_raw.items()}
    info.setdefault("timezone", "Asia/Shanghai")

    companies: list[Company] = []
    seen: dict[str, str] = {}
    for entry in raw.get("companies", []):
        try:
            company = Company(
                code=str(entry["code"]).strip().lower(),
                name=str(entry["name"]),
                short_name=str(entry.get("short_name", entry["name"])),
                name_en=str(entry.get("name_en", "")),
                aliases=_str_list(entry.get("aliases", [])),
                phone=str(entry.get("phone", "")),
            )
        except (KeyError, TypeError):
            raise _fail(
                text, "estate.bad_entry", "[[companies]]", source=source, what="companies"
            ) from None
        if not re.fullmatch(r"[a-z][a-z0-9_]*", company.code):
            raise _fail(text, "estate.bad_code", company.code, source=source, value=company.code)
        for spelling in company.spellings():
            key = spelling.strip().lower()
            if key and key in seen and seen[key] != company.code:
                raise _fail(
                    text,
                    "estate.duplicate",
                    spelling,
                    source=source,
                    what="company",
                    value=spelling,
                )
            if key:
                seen[key] = company.code
        if any(c.code == company.code for c in companies):
            raise _fail(
                text,
                "estate.duplicate",
                company.code,
                source=source,
                what="company",
                value=company.code,
            )
        companies.append(company)
    if not companies:
        raise _fail(text, "estate.missing", source=source, what="[[companies]]")
    codes = {c.code for c in companies}

    buildings: list[Building] = []
    for entry in raw.get("buildings", []):
        try:
            b = Building(
                number=int(entry["number"]),
                units=int(entry["units"]),
                floors=int(entry.get("floors", 6)),
                rooms_per_floor=int(entry.get("rooms_per_floor", 2)),
                company=str(entry["company"]).strip().lower(),
            )
        except (KeyError, TypeError, ValueError):
            raise _fail(
                text, "estate.bad_entry", "[[buildings]]", source=source, what="buildings"
            ) from None
        if b.number <= 0 or b.units <= 0 or b.floors <= 0 or not 0 < b.rooms_per_floor < 100:
            raise _fail(
                text, "estate.bad_building", f"number = {b.number}", source=source, number=b.number
            )
        if b.company not in codes:
            raise _fail(
                text,
                "estate.unknown_company",
                f'"{entry["company"]}"',
                source=source,
                value=entry["company"],
                where=f"{b.number}号楼",
                choices=", ".join(sorted(codes)),
            )
        if any(x.number == b.number for x in buildings):
            raise _fail(
                text,
                "estate.duplicate",
                f"number = {b.number}",
                source=source,
                what="building",
                value=b.number,
            )
        buildings.append(b)
    if not buildings:
        raise _fail(text, "estate.missing", source=source, what="[[buildings]]")

    items: list[Item] = []
    for entry in raw.get("items", []):
        code = str(entry.get("code", "")).strip().lower()
        scope = entry.get("scope")
        if scope not in SCOPES:
            raise _fail(
                text,
                "estate.bad_scope",
                f'"{code}"' if code else "[[items]]",
                source=source,
                item=code or "?",
                value=scope if scope is not None else "",
            )
        try:
            item = Item(
                code=code,
                name=str(entry["name"]),
                name_en=str(entry.get("name_en", entry["name"])),
                scope=scope,
                respond_hours=int(entry.get("respond_hours", 24)),
                urgent_respond_hours=int(entry.get("urgent_respond_hours", 2)),
                resolve_days=int(entry.get("resolve_days", 7)),
                keywords=_str_list(entry.get("keywords", [])),
            )
        except (KeyError, TypeError, ValueError):
            raise _fail(
                text, "estate.bad_entry", "[[items]]", source=source, what="items"
            ) from None
        if not re.fullmatch(r"[a-z][a-z0-9_]*", item.code):
            raise _fail(text, "estate.bad_code", "[[items]]", source=source, value=item.code)
        if min(item.respond_hours, item.urgent_respond_hours, item.resolve_days) <= 0:
            raise _fail(text, "estate.bad_limits", f'"{code}"', source=source, item=code)
        if any(i.code == item.code or i.name == item.name for i in items):
            raise _fail(
                text, "estate.duplicate", f'"{code}"', source=source, what="item", value=item.code
            )
        items.append(item)
    if not items:
        raise _fail(text, "estate.missing", source=source, what="[[items]]")

    places: list[Place] = []
    for entry in raw.get("places", []):
        try:
            place = Place(
                code=str(entry["code"]).strip().lower(),
                name=str(entry["name"]),
                aliases=_str_list(entry.get("aliases", [])),
            )
        except (KeyError, TypeError):
            raise _fail(
                text, "estate.bad_entry", "[[places]]", source=source, what="places"
            ) from None
        if any(p.code == place.code or p.name == place.name for p in places):
            raise _fail(
                text,
                "estate.duplicate",
                f'"{place.code}"',
                source=source,
                what="place",
                value=place.code,
            )
        places.append(place)

    rotation = None
    if "rotation" in raw:
        rotation = _rotation(text, raw["rotation"], codes, source)
    return EstateDefinition(info, companies, buildings, items, places, rotation)


def parse_handover(value: str) -> tuple[int, int]:
    """``MM-DD`` with a day of 1-28, so every year has the handover day."""
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", str(value).strip())
    if not m:
        raise UsageError("rotation.bad_handover", value=value)
    month, day = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or not 1 <= day <= 28:
        raise UsageError("rotation.bad_handover", value=value)
    return month, day


def _rotation(text: str, raw: Any, codes: set[str], source: str) -> Rotation:
    try:
        month, day = parse_handover(str(raw["handover"]))
    except (UsageError, KeyError, TypeError):
        raise _fail(
            text,
            "estate.bad_rotation",
            "handover",
            source=source,
            reason='handover = "MM-DD" (day 1-28)',
        ) from None
    try:
        order = tuple(str(c).strip().lower() for c in raw["order"])
    except (KeyError, TypeError):
        raise _fail(
            text, "estate.bad_rotation", "order", source=source, reason="order = [...]"
        ) from None
    if not order or len(set(order)) != len(order):
        raise _fail(
            text,
            "estate.bad_rotation",
            "order",
            source=source,
            reason="order must list each company once",
        )
    unknown = [c for c in order if c not in codes]
    if unknown:
        raise _fail(
            text,
            "estate.unknown_company",
            unknown[0],
            source=source,
            value=unknown[0],
            where="[rotation] order",
            choices=", ".join(sorted(codes)),
        )
    start = raw.get("from")
    if isinstance(start, datetime):
        start = start.date()
    if not isinstance(start, date):
        raise _fail(text, "estate.bad_rotation", "from", source=source, reason="from = YYYY-MM-DD")
    return Rotation(month, day, order, start)


def install(conn: sqlite3.Connection, definition: EstateDefinition, *, now: datetime) -> None:
    """Write a validated estate into an empty, migrated ledger (the caller holds the transaction)."""
    from liuliqiao_cli.dates import iso
    from liuliqiao_cli.db import set_setting
    from liuliqiao_cli.ids import new_uuid

    for key, value in definition.info.items():
        set_setting(conn, f"estate.{key}", value)
    set_setting(conn, "timezone", definition.info.get("timezone", "Asia/Shanghai"))
    for pos, c in enumerate(definition.companies):
        conn.execute(
            "INSERT INTO companies (code, name, short_name, name_en, aliases, phone, position)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                c.code,
                c.name,
                c.short_name,
                c.name_en,
                json.dumps(list(c.aliases), ensure_ascii=False),
                c.phone,
                pos,
            ),
        )
    for b in definition.buildings:
        conn.execute(
            "INSERT INTO buildings (number, name, units, floors, rooms_per_floor, company)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (b.number, b.name, b.units, b.floors, b.rooms_per_floor, b.company),
        )
    for pos, i in enumerate(definition.items):
        conn.execute(
            "INSERT INTO items (code, name, name_en, scope, respond_hours, urgent_respond_hours,"
            " resolve_days, keywords, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                i.code,
                i.name,
                i.name_en,
                i.scope,
                i.respond_hours,
                i.urgent_respond_hours,
                i.resolve_days,
                json.dumps(list(i.keywords), ensure_ascii=False),
                pos,
            ),
        )
    for pos, p in enumerate(definition.places):
        conn.execute(
            "INSERT INTO places (code, name, aliases, position) VALUES (?, ?, ?, ?)",
            (p.code, p.name, json.dumps(list(p.aliases), ensure_ascii=False), pos),
        )
    if definition.rotation is not None:
        r = definition.rotation
        conn.execute(
            "INSERT INTO rotation_versions (uuid, effective_from, handover_month, handover_day,"
            " company_order, created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                new_uuid(),
                r.effective_from.isoformat(),
                r.handover_month,
                r.handover_day,
                json.dumps(list(r.order)),
                iso(now),
                "estate definition",
            ),
        )


def load(conn: sqlite3.Connection) -> Estate:
    """The estate stored in a ledger (a handful of small tables: cheap to read every time)."""
    info = {
        row[0][len("estate.") :]: row[1]
        for row in conn.execute("SELECT key, value FROM settings WHERE key LIKE 'estate.%'")
    }
    estate = Estate(info)
    for r in conn.execute("SELECT * FROM companies ORDER BY position, code"):
        estate.companies[r["code"]] = Company(
            r["code"],
            r["name"],
            r["short_name"],
            r["name_en"],
            tuple(json.loads(r["aliases"])),
            r["phone"],
        )
    for r in conn.execute("SELECT * FROM buildings ORDER BY number"):
        estate.buildings[r["number"]] = Building(
            r["number"], r["units"], r["floors"], r["rooms_per_floor"], r["company"]
        )
    for r in conn.execute("SELECT * FROM items ORDER BY position, code"):
        estate.items[r["code"]] = Item(
            r["code"],
            r["name"],
            r["name_en"],
            r["scope"],
            r["respond_hours"],
            r["urgent_respond_hours"],
            r["resolve_days"],
            tuple(json.loads(r["keywords"])),
        )
    for r in conn.execute("SELECT * FROM places ORDER BY position, code"):
        estate.places[r["code"]] = Place(r["code"], r["name"], tuple(json.loads(r["aliases"])))
    return estate


# --- what a worker types -> codes ------------------------------------------------------------

_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text and all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        if len(text) == 2 and text[0] == "十":
            return 10 + _CN_DIGITS[text[1]]
        if len(text) == 2 and text[1] == "十":
            return _CN_DIGITS[text[0]] * 10
        if len(text) == 3 and text[1] == "十":
            return _CN_DIGITS[text[0]] * 10 + _CN_DIGITS[text[2]]
    return None


def _unknown(what: str, value: str, choices: list[str]) -> UsageError:
    import difflib

    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.4)
    listing = ", ".join(choices)
    if close:
        return UsageError(
            "value.unknown_suggest",
            what_key=what,
            what=_what(what),
            value=value,
            suggestion=close[0],
            choices=listing,
        )
    return UsageError(
        "value.unknown", what_key=what, what=_what(what), value=value, choices=listing
    )


def _what(key: str) -> str:
    from liuliqiao_cli.i18n import t

    return t(f"what.{key}")


def resolve_building(estate: Estate, value: str | int) -> int:
    """``3``, ``3号楼``, ``3号``, ``3栋``, ``三号楼`` -> 3, validated against the estate."""
    text = str(value).strip()
    m = re.fullmatch(r"(\d+|[一二两三四五六七八九十]+)\s*(号楼|号|栋|幢|楼)?", text)
    number = _number(m.group(1)) if m else None
    if number is None or number not in estate.buildings:
        raise _unknown("building", text, [f"{n}号楼" for n in estate.buildings])
    return number


def resolve_company(estate: Estate, value: str) -> str:
    """``shouhua``, ``首华``, ``首华物业``, ``Shouhua Property`` -> ``shouhua``."""
    key = str(value).strip().lower()
    for company in estate.companies.values():
        if key in (s.strip().lower() for s in company.spellings() if s):
            return company.code
    choices = [f"{c.code}/{c.short_name}" for c in estate.companies.values()]
    return_error = _unknown("company", str(value).strip(), choices)
    raise return_error


def resolve_item(estate: Estate, value: str) -> str:
    """An item code, its Chinese or English name (case-insensitive)."""
    key = str(value).strip().lower()
    for item in estate.items.values():
        if key in (item.code, item.name.lower(), item.name_en.lower()):
            return item.code
    raise _unknown(
        "item", str(value).strip(), [f"{i.code}/{i.name}" for i in estate.items.values()]
    )


def resolve_place(estate: Estate, value: str) -> str:
    """A public place by code, name or alias; free text that names no known place is kept as is."""
    key = str(value).strip()
    for place in estate.places.values():
        if key.lower() == place.code or key == place.name or key in place.aliases:
            return place.name
    return key


def read_definition_file(path: Path) -> EstateDefinition:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EstateError("estate.file_missing", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EstateError("estate.file_unreadable", source=str(path), reason=str(exc)) from None
    return load_definition(text, source=str(path))
