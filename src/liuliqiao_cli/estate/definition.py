"""The estate definition file (TOML): reading and validating it, with line numbers."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from liuliqiao_cli.errors import EstateError, UsageError
from liuliqiao_cli.estate.model import (
    LIMIT_MAX,
    LIMIT_STEPS,
    LIMIT_UNITS,
    SCOPES,
    WHERES,
    Building,
    Company,
    Cues,
    Estate,
    EstateDefinition,
    Item,
    Limit,
    Place,
    Rotation,
    legacy_limits,
)


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


def toml_error(exc: ValueError, text: str, source: str) -> EstateError:
    """A TOML syntax error with its line: tomllib puts it in its message ("(at line 3, column
    5)", or "(at end of document)")."""
    reason = str(exc)
    m = re.search(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$", reason)
    line = (int(m.group(1)) if m.group(1) else max(len(text.splitlines()), 1)) if m else 0
    return EstateError(
        "estate.toml_syntax", source=source, line=line, reason=reason[: m.start()] if m else reason
    )


def load_definition(text: str, source: str = "estate.toml") -> EstateDefinition:
    """Parse and validate an estate TOML. Errors name the line and the reason."""
    import tomllib

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, text, source) from None
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
        item = _item_words(text, entry, item, source)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", item.code):
            raise _fail(text, "estate.bad_code", "[[items]]", source=source, value=item.code)
        if min(item.respond_hours, item.urgent_respond_hours, item.resolve_days) <= 0:
            raise _fail(text, "estate.bad_limits", f'"{code}"', source=source, item=code)
        item = _item_limits(text, entry, item, source)
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
    cues = _cues(text, raw.get("recognition"), source)
    from liuliqiao_cli.estate.workdays import load_office_days

    workdays = load_office_days(raw.get("workdays"), text=text, source=source)
    return EstateDefinition(info, companies, buildings, items, places, rotation, cues, workdays)


def _item_limits(text: str, entry: dict[str, Any], item: Item, source: str) -> Item:
    """An item's limits in any unit: ``respond_hours``, ``resolve_workdays``,
    ``urgent_resolve_days`` ... (step and unit; see model.LIMIT_STEPS and LIMIT_UNITS). One unit
    per limit; the three fields of the first estate files keep their meaning."""

    anchor = f'code = "{item.code}"'
    found: list[tuple[str, Limit]] = []
    for step in LIMIT_STEPS:
        spelled = [(f"{step}_{unit}", unit) for unit in LIMIT_UNITS if f"{step}_{unit}" in entry]
        if len(spelled) > 1:
            raise EstateError(
                "estate.limit_twice",
                source=source,
                line=max(_line_after(text, anchor, name) for name, _ in spelled),
                item=item.code,
                fields=", ".join(name for name, _ in spelled),
            )
        if not spelled:
            continue
        name, unit = spelled[0]
        amount = entry[name]
        if isinstance(amount, bool) or not isinstance(amount, int):
            amount = 0
        if not 0 < amount <= LIMIT_MAX[unit]:
            raise EstateError(
                "estate.bad_limit",
                source=source,
                line=_line_after(text, anchor, name),
                item=item.code,
                field=name,
                value=str(entry[name]),
                most=LIMIT_MAX[unit],
            )
        found.append((step, Limit(amount, unit)))
    given = item._replace(limits=tuple(found))
    # All four, as the ledger stores them (item_limits), and the legacy fields as its columns
    # hold them, so that an item loaded from a ledger equals its definition.
    respond_hours, urgent_respond_hours, resolve_days = legacy_limits(given)
    return given._replace(
        limits=tuple(sorted((step, given.limit(step)) for step in LIMIT_STEPS)),
        respond_hours=respond_hours,
        urgent_respond_hours=urgent_respond_hours,
        resolve_days=resolve_days,
    )


def _line_after(text: str, anchor: str, needle: str) -> int:
    """The first line containing ``needle`` at or after the first line containing ``anchor``:
    a word listed in one item is found in that item's entry, not in an earlier one."""
    start = _line_of(text, anchor) or 1
    for number, line in enumerate(text.splitlines()[start - 1 :], start=start):
        if needle in line:
            return number
    return start


def _words(
    text: str, value: Any, field: str, anchor: str, source: str, where: str, gaps: bool = True
) -> tuple[str, ...]:
    """A list of recognition words: strings, not blank; ``A*B`` (A, then B a few characters
    later in the same clause) only where ``gaps`` allows it."""
    try:
        words = _str_list(value)
    except TypeError:
        raise EstateError(
            "estate.bad_words",
            source=source,
            line=_line_after(text, anchor, field),
            field=field,
            where=where,
        ) from None
    for word in words:
        parts = word.split("*")
        if any(not part.strip() for part in parts) or len(parts) > (2 if gaps else 1):
            raise EstateError(
                "estate.bad_word",
                source=source,
                line=_line_after(text, anchor, f'"{word}"'),
                value=word,
                field=field,
                where=where,
            )
    return tuple(w.strip() for w in words)


def _item_words(text: str, entry: dict[str, Any], item: Item, source: str) -> Item:
    """The words that recognise an item besides its keywords (all optional: estate files written
    before they existed keep working)."""

    anchor = f'code = "{item.code}"'
    where = f"[[items]] {item.code}"
    keywords = _words(text, entry.get("keywords", []), "keywords", anchor, source, where)
    hints = _words(text, entry.get("hints", []), "hints", anchor, source, where)
    excludes = _words(text, entry.get("excludes", []), "excludes", anchor, source, where)
    place = entry.get("where", "anywhere")
    if place not in WHERES:
        raise EstateError(
            "estate.bad_where",
            source=source,
            line=_line_after(text, anchor, "where"),
            item=item.code,
            value=str(place),
            choices=", ".join(WHERES),
        )
    both = [w for w in excludes if w in keywords or w in hints]
    if both:
        raise EstateError(
            "estate.word_excludes_itself",
            source=source,
            line=_line_after(text, anchor, "excludes"),
            item=item.code,
            value=both[0],
        )
    return item._replace(keywords=keywords, hints=hints, excludes=excludes, where=place)


def _cues(text: str, raw: Any, source: str) -> Cues:
    """``[recognition] inside = [...]``, ``outside = [...]``; the general defaults when absent."""
    if raw is None:
        return Cues()
    if not isinstance(raw, dict):
        raise _fail(text, "estate.bad_entry", "recognition", source=source, what="[recognition]")
    defaults = Cues()
    inside, outside = (
        _words(
            text,
            raw.get(name, list(getattr(defaults, name))),
            name,
            "[recognition]",
            source,
            "[recognition]",
            gaps=False,
        )
        for name in ("inside", "outside")
    )
    both = sorted(set(inside) & set(outside))
    if both:
        raise EstateError(
            "estate.cue_twice",
            source=source,
            line=_line_after(text, "[recognition]", f'"{both[0]}"'),
            value=both[0],
        )
    return Cues(inside, outside)


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


def read_definition_file(path: Path) -> EstateDefinition:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EstateError("estate.file_missing", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EstateError("estate.file_unreadable", source=str(path), reason=str(exc)) from None
    return load_definition(text, source=str(path))


def as_estate(d: EstateDefinition) -> Estate:
    """The estate a ledger made from ``d`` holds, without a ledger (tests, the recognition
    benchmark): one place for what three copies built by hand, one of which had dropped the cues."""
    return Estate(
        dict(d.info),
        {c.code: c for c in d.companies},
        {b.number: b for b in d.buildings},
        {i.code: i for i in d.items},
        {p.code: p for p in d.places},
        d.cues,
    )
