"""The estate: companies, buildings, service items, public places.

``install`` writes a validated definition (:mod:`liuliqiao_cli.estate.definition`) into a new
ledger as its first version; ``load`` reads it back as an :class:`Estate`: the estate in force on
a day, or every code the ledger ever defined (see :mod:`liuliqiao_cli.estate.versions`).
"""

import sqlite3
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from liuliqiao_cli import quick_json

if TYPE_CHECKING:  # workdays is imported when a deadline is computed, not by every command
    from liuliqiao_cli.estate.workdays import OfficeDays, WorkCalendar

SCOPES = ("joint", "separate")

# The first day of the first version of a ledger's estate: it decides every day before the next.
FROM_THE_START = "0001-01-01"

# The estate's parts are NamedTuples, not frozen dataclasses: immutable and hashable alike, and
# defining one costs a fifth as much (six frozen dataclasses were ~4 ms of every command's start).

# Where an item's problems happen, for reading a complaint's text: inside a building (stairwell,
# pipes, roof), on the estate's common ground (roads, green, gates), or either.
WHERES = ("building", "grounds", "anywhere")

# Words that place a complaint inside a building or on the common ground, when the estate file
# does not list its own (``[recognition]``): general Beijing usage, not this estate's.
# fmt: off
DEFAULT_INSIDE_CUES = (
    "楼道", "楼道里", "楼梯", "楼梯间", "楼梯口", "楼内", "楼里", "单元里", "家门口", "我家门口",
    "家里", "屋里", "室内", "楼上", "楼层", "拐角", "缓步台", "地下室",
    "stairwell", "staircase", "stairs", "landing", "hallway", "corridor", "indoors",
)
DEFAULT_OUTSIDE_CUES = (
    "小区里", "小区内", "院里", "院子里", "单元门口", "楼门口", "楼前", "楼后", "楼下空地",
    "路边", "路上", "马路", "空地", "北侧", "南侧", "东侧", "西侧", "西头", "东头",
    "附近", "外面", "室外", "露天",
    "outside", "outdoors", "street", "road", "yard", "near", "behind", "in front of",
)
# fmt: on


class Company(NamedTuple):
    code: str
    name: str
    short_name: str
    name_en: str = ""
    aliases: tuple[str, ...] = ()
    phone: str = ""

    def spellings(self) -> tuple[str, ...]:
        return (self.code, self.name, self.short_name, self.name_en, *self.aliases)


class Building(NamedTuple):
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


# A time limit of a service item is a number of hours, calendar days or working days (工作日:
# public holidays off, 调休 weekend days worked; see estate/workdays.py).
LIMIT_UNITS = ("hours", "days", "workdays")
# The four limits of an item: the first response and the resolution, each normal and urgent.
LIMIT_STEPS = ("respond", "urgent_respond", "resolve", "urgent_resolve")
# Bounds a limit must respect (a typo like 2000 days is refused at init, not silently kept).
LIMIT_MAX = {"hours": 24 * 366, "days": 366, "workdays": 250}


class Limit(NamedTuple):
    amount: int
    unit: str  # one of LIMIT_UNITS


class Item(NamedTuple):
    code: str
    name: str
    name_en: str
    scope: str
    respond_hours: int
    urgent_respond_hours: int
    resolve_days: int
    keywords: tuple[str, ...] = ()  # words naming the item's subject: 路灯, 电梯, street light
    hints: tuple[str, ...] = ()  # words that suggest it and yield to any keyword: 不亮, 漏水
    excludes: tuple[str, ...] = ()  # words that rule it out: 路灯 for stairwell lighting
    where: str = "anywhere"  # one of WHERES
    # Limits given in another unit than the three legacy fields' (hours, hours, calendar days),
    # by step (LIMIT_STEPS); :meth:`limit` falls back to the legacy fields.
    limits: tuple[tuple[str, Limit], ...] = ()

    def limit(self, step: str) -> Limit:
        """The limit of ``step`` (one of LIMIT_STEPS)."""
        for name, value in self.limits:
            if name == step:
                return value
        if step == "respond":
            return Limit(self.respond_hours, "hours")
        if step == "urgent_respond":
            return Limit(self.urgent_respond_hours, "hours")
        if step == "urgent_resolve":
            return self.limit("resolve")  # as the normal resolution unless given
        return Limit(self.resolve_days, "days")

    def limits_for(self, urgent: bool) -> tuple[Limit, Limit]:
        """(response limit, resolution limit) for a complaint of this urgency."""
        if urgent:
            return self.limit("urgent_respond"), self.limit("urgent_resolve")
        return self.limit("respond"), self.limit("resolve")


class Place(NamedTuple):
    code: str
    name: str
    aliases: tuple[str, ...] = ()


class Cues(NamedTuple):
    """Words that say where a complaint happens: inside a building or on the common ground."""

    inside: tuple[str, ...] = DEFAULT_INSIDE_CUES
    outside: tuple[str, ...] = DEFAULT_OUTSIDE_CUES


class Rotation(NamedTuple):
    handover_month: int
    handover_day: int
    order: tuple[str, ...]
    effective_from: date


class EstateDefinition(NamedTuple):  # not a dataclass: defined on every add's start-up
    """An estate as written in TOML, validated."""

    info: dict[str, str]
    companies: list[Company]
    buildings: list[Building]
    items: list[Item]
    places: list[Place]
    rotation: Rotation | None
    cues: Cues
    workdays: "OfficeDays"


def _office_days() -> "OfficeDays":
    from liuliqiao_cli.estate.workdays import OfficeDays

    return OfficeDays()


class Estate:
    """The estate as stored in a ledger.

    A plain class, not a dataclass: every command that reads the estate defines it, and defining
    a dataclass costs ~0.5 ms (with read.Complaint it was the last one on `add`'s path)."""

    def __init__(
        self,
        info: dict[str, str],
        companies: dict[str, Company] | None = None,
        buildings: dict[int, Building] | None = None,
        items: dict[str, Item] | None = None,
        places: dict[str, Place] | None = None,
        cues: Cues | None = None,
        workdays: "OfficeDays | None" = None,
    ) -> None:
        self.info = info
        self.companies: dict[str, Company] = {} if companies is None else companies
        self.buildings: dict[int, Building] = {} if buildings is None else buildings
        self.items: dict[str, Item] = {} if items is None else items
        self.places: dict[str, Place] = {} if places is None else places
        self.cues = Cues() if cues is None else cues
        self.workdays = _office_days() if workdays is None else workdays

    def __eq__(self, other: object) -> bool:  # compared by value, as the dataclass was
        return isinstance(other, Estate) and vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        return f"Estate({self.name!r}, {len(self.buildings)} buildings, {len(self.items)} items)"

    def calendar(self) -> "WorkCalendar":
        """The working-day calendar: China's (library) corrected by the office's own days."""
        from liuliqiao_cli.estate.workdays import WorkCalendar

        return WorkCalendar.from_office_days(self.workdays)

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


def install(conn: sqlite3.Connection, definition: EstateDefinition, *, now: datetime) -> None:
    """Write a validated estate into an empty, migrated ledger (the caller holds the transaction)."""
    from liuliqiao_cli.dates import iso
    from liuliqiao_cli.store.ids import new_uuid
    from liuliqiao_cli.store.ledger import set_setting

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
                quick_json.dumps(list(c.aliases), ensure_ascii=False),
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
        respond_hours, urgent_respond_hours, resolve_days = legacy_limits(i)
        conn.execute(
            "INSERT INTO items (code, name, name_en, scope, respond_hours, urgent_respond_hours,"
            " resolve_days, keywords, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                i.code,
                i.name,
                i.name_en,
                i.scope,
                respond_hours,
                urgent_respond_hours,
                resolve_days,
                quick_json.dumps(list(i.keywords), ensure_ascii=False),
                pos,
            ),
        )
    write_limits(conn, definition.items)
    if definition.workdays.off or definition.workdays.worked or definition.workdays.years:
        set_setting(conn, WORKDAYS_SETTING, office_days_json(definition.workdays))
    for pos, p in enumerate(definition.places):
        conn.execute(
            "INSERT INTO places (code, name, aliases, position) VALUES (?, ?, ?, ?)",
            (p.code, p.name, quick_json.dumps(list(p.aliases), ensure_ascii=False), pos),
        )
    set_setting(conn, RECOGNITION_SETTING, recognition_json(definition.items, definition.cues))
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
                quick_json.dumps(list(r.order)),
                iso(now),
                "estate definition",
            ),
        )
    # The first version: its definition is the tables themselves (NULL) until a second comes.
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'estate_versions'").fetchone():
        conn.execute(
            "INSERT INTO estate_versions (uuid, from_date, created_at, reason)"
            " VALUES (?, ?, ?, 'estate definition')",
            (new_uuid(), FROM_THE_START, iso(now)),
        )


def load(
    conn: sqlite3.Connection, on: date | None = None, *, tables: Estate | None = None
) -> Estate:
    """The estate in force on ``on`` (the version of that day: routing, recognition, limits);
    without ``on``, the estate tables: every code the ledger ever defined, each with the values
    of the latest version defining it (names of what complaints hold, filters). A ledger with
    one version reads its tables either way (``tables``: as ``load(conn)`` already read them)."""
    if on is not None:
        definition = _definition_on(conn, on)
        if definition is not None:
            return estate_from_json(conn, definition)
    if tables is not None:
        return tables
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
            tuple(quick_json.loads(r["aliases"])),
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
            tuple(quick_json.loads(r["keywords"])),
        )
    _load_limits(conn, estate)
    for r in conn.execute("SELECT * FROM places ORDER BY position, code"):
        estate.places[r["code"]] = Place(
            r["code"], r["name"], tuple(quick_json.loads(r["aliases"]))
        )
    row = conn.execute(
        "SELECT value FROM settings WHERE key = ?", (RECOGNITION_SETTING,)
    ).fetchone()
    if row is not None:  # ledgers made before the item words were added have none
        _apply_recognition(estate, quick_json.loads(row[0]))
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (WORKDAYS_SETTING,)).fetchone()
    if row is not None:
        estate.workdays = office_days_from_json(row[0])
    return estate


def _definition_on(conn: sqlite3.Connection, on: date) -> str | None:
    """The JSON of the version in force on ``on``; None when the tables are that version (the
    only one) or the ledger predates versions (upgrade tests read it at an older schema)."""
    try:
        row = conn.execute(
            "SELECT definition FROM estate_versions WHERE from_date <= ?"
            " ORDER BY from_date DESC LIMIT 1",
            (on.isoformat(),),
        ).fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else row[0]


def estate_from_json(conn: sqlite3.Connection, text: str) -> Estate:
    """A version stored as JSON (``versions.estate_dict`` writes it), with the office's working
    days (a setting of the ledger, not of the agreement)."""
    raw = quick_json.loads(text)
    estate = Estate({str(k): str(v) for k, v in raw["info"].items()})
    for c in raw["companies"]:
        estate.companies[c["code"]] = Company(**{**c, "aliases": tuple(c["aliases"])})
    for b in raw["buildings"]:
        estate.buildings[b["number"]] = Building(**b)
    for i in raw["items"]:
        limits = tuple(sorted((s, Limit(v[0], v[1])) for s, v in i.pop("limits").items()))
        words = {k: tuple(i[k]) for k in ("keywords", "hints", "excludes")}
        item = Item(**{**i, **words}, respond_hours=0, urgent_respond_hours=0, resolve_days=0)
        respond, urgent_respond, resolve = legacy_limits(item._replace(limits=limits))
        estate.items[item.code] = item._replace(
            limits=limits,
            respond_hours=respond,
            urgent_respond_hours=urgent_respond,
            resolve_days=resolve,
        )
    for p in raw["places"]:
        estate.places[p["code"]] = Place(p["code"], p["name"], tuple(p["aliases"]))
    estate.cues = Cues(tuple(raw["cues"]["inside"]), tuple(raw["cues"]["outside"]))
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (WORKDAYS_SETTING,)).fetchone()
    if row is not None:
        estate.workdays = office_days_from_json(row[0])
    return estate


# --- time limits and the office's working days -------------------------------------------------


def legacy_limits(item: Item) -> tuple[int, int, int]:
    """What the first schema's columns (respond_hours, urgent_respond_hours, resolve_days) hold
    for an item: its limits where they are in those units, else the nearest calendar figure
    (a working day counted as a day), for tools that read those columns. Deadlines are computed
    from ``item_limits`` (migration m011), never from these."""

    def hours(limit: Limit) -> int:
        return limit.amount if limit.unit == "hours" else limit.amount * 24

    resolve = item.limit("resolve")
    days = -(-resolve.amount // 24) if resolve.unit == "hours" else resolve.amount
    return hours(item.limit("respond")), hours(item.limit("urgent_respond")), days


def write_limits(conn: sqlite3.Connection, items: list[Item]) -> None:
    """Every item's four limits into ``item_limits`` (the caller holds the transaction). A ledger
    built at an older schema (tests of upgrades do) has no such table: migration m011 copies the
    legacy columns into it."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'item_limits'").fetchone():
        return
    conn.executemany(
        "INSERT INTO item_limits (item, step, amount, unit) VALUES (?, ?, ?, ?)",
        [
            (i.code, step, i.limit(step).amount, i.limit(step).unit)
            for i in items
            for step in LIMIT_STEPS
        ],
    )


def _load_limits(conn: sqlite3.Connection, estate: Estate) -> None:
    found: dict[str, list[tuple[str, Limit]]] = {}
    try:
        rows = conn.execute("SELECT item, step, amount, unit FROM item_limits").fetchall()
    except sqlite3.OperationalError:  # a ledger at an older schema, in upgrade tests: opening
        return  # a ledger upgrades it, and until then the legacy columns stand
    for r in rows:
        found.setdefault(r[0], []).append((r[1], Limit(r[2], r[3])))
    for code, limits in found.items():
        if code in estate.items:
            estate.items[code] = estate.items[code]._replace(limits=tuple(sorted(limits)))


# The office's own working days (a year's notice the library lacks, a local closure): one JSON
# setting, read with the estate; the estate file's [workdays] table at init.
WORKDAYS_SETTING = "office.workdays"


def office_days_json(days: "OfficeDays") -> str:
    return quick_json.dumps(
        {
            "off": sorted(d.isoformat() for d in days.off),
            "worked": sorted(d.isoformat() for d in days.worked),
            "years": sorted(days.years),
        }
    )


def office_days_from_json(text: str) -> "OfficeDays":
    from liuliqiao_cli.estate.workdays import OfficeDays

    raw = quick_json.loads(text)
    return OfficeDays(
        frozenset(date.fromisoformat(d) for d in raw.get("off", ())),
        frozenset(date.fromisoformat(d) for d in raw.get("worked", ())),
        frozenset(int(y) for y in raw.get("years", ())),
    )


# The recogniser's words beyond each item's keywords (hints, excludes, where, the place cues):
# one JSON setting, not new columns of ``items``, read together; a ledger without it still works.
RECOGNITION_SETTING = "recognition.words"


def recognition_json(items: list[Item], cues: Cues) -> str:
    words: dict[str, object] = {"inside": list(cues.inside), "outside": list(cues.outside)}
    words["items"] = {
        i.code: {"hints": list(i.hints), "excludes": list(i.excludes), "where": i.where}
        for i in items
        if i.hints or i.excludes or i.where != "anywhere"
    }
    return quick_json.dumps(words, ensure_ascii=False, sort_keys=True)


def _apply_recognition(estate: Estate, words: dict[str, Any]) -> None:
    estate.cues = Cues(tuple(words.get("inside", ())), tuple(words.get("outside", ())))
    for code, extra in words.get("items", {}).items():
        if code in estate.items:
            estate.items[code] = estate.items[code]._replace(
                hints=tuple(extra.get("hints", ())),
                excludes=tuple(extra.get("excludes", ())),
                where=str(extra.get("where", "anywhere")),
            )
