"""Recognition of place and item in a complaint's text, and the routing rule.

``recognise`` reads what a resident said ("3号楼2单元502楼道灯坏了") and proposes building, unit,
room, public place and service item; the worker sees the proposal and can correct any field.
Only values that exist in the estate are proposed: "9号楼" in an estate of 4 buildings is left
unrecognised (it may be the neighbouring estate), while ``--building 9`` typed explicitly is
refused by validation.

The ``resolve_*``, ``clean_*`` and ``check_place`` helpers validate what the worker types
(sources, statuses, follow-up answers, units and rooms, free text and tags).

``route`` is the rule that makes this estate special: a separately managed item in a building
goes to the building's company; a jointly managed item (or a public place) goes to the company on
duty on the day the complaint was received; a separately managed item without a building cannot
be routed and is refused with a hint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from liuliqiao_cli import status
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.estate import Estate, _number

if TYPE_CHECKING:  # duty is imported when a complaint is routed, not by every command
    from liuliqiao_cli import duty

ROUTE_SEPARATE = "separate"  # the building's company
ROUTE_DUTY = "duty"  # the company on duty on the received date
ROUTE_OVERRIDE = "override"  # chosen by the worker, with a reason
ROUTINGS = (ROUTE_SEPARATE, ROUTE_DUTY, ROUTE_OVERRIDE)

_NUM = r"(\d{1,2}|[一二两三四五六七八九十]{1,3})"
# 3号楼 / 3栋 / 3幢 / 3#楼; "3楼" alone is a floor, "3号" alone is usually a date: not buildings.
_BUILDING = re.compile(_NUM + r"\s*(?:号楼|栋|幢|#楼|＃楼)")
_UNIT = re.compile(_NUM + r"\s*单元")
_ROOM_AFTER_UNIT = re.compile(r"单元\s*(\d{3,4})(?!\d)")
_ROOM_AFTER_BUILDING = re.compile(r"(?:号楼|栋|幢)\s*(\d{3,4})(?!\d)")
_ROOM_SUFFIX = re.compile(r"(?<!\d)(\d{3,4})\s*(?:室|户)")
_TRIPLE = re.compile(r"(?<![\d.:/-])(\d{1,2})-(\d{1,2})-(\d{3,4})(?![\d.:/-])")


@dataclass(frozen=True)
class Recognised:
    """What the text suggests. ``found`` names the fields read from the text; ``matched`` holds
    the fragment of text behind each, so the worker sees why."""

    building: int | None = None
    unit: int | None = None
    room: str | None = None
    place: str | None = None
    item: str | None = None
    found: frozenset[str] = frozenset()
    matched: dict[str, str] = field(default_factory=dict)


def _valid_unit(estate: Estate, building: int | None, unit: int) -> bool:
    if building is not None:
        return 1 <= unit <= estate.buildings[building].units
    return any(1 <= unit <= b.units for b in estate.buildings.values())


def _valid_room(estate: Estate, building: int | None, room: str) -> bool:
    if building is not None:
        return estate.buildings[building].valid_room(room)
    return any(b.valid_room(room) for b in estate.buildings.values())


def recognise(estate: Estate, text: str) -> Recognised:
    """Building, unit, room, public place and item proposed by ``text`` (see module doc)."""
    found: dict[str, object] = {}
    matched: dict[str, str] = {}

    triple = _TRIPLE.search(text)  # 3-2-502
    if triple:
        b, u, r = int(triple.group(1)), int(triple.group(2)), triple.group(3)
        if (
            b in estate.buildings
            and _valid_unit(estate, b, u)
            and estate.buildings[b].valid_room(r)
        ):
            found.update(building=b, unit=u, room=r)
            matched.update(building=triple.group(0), unit=triple.group(0), room=triple.group(0))

    if "building" not in found:
        for m in _BUILDING.finditer(text):
            number = _number(m.group(1))
            if number in estate.buildings:
                found["building"], matched["building"] = number, m.group(0)
                break
    building = found.get("building")
    assert building is None or isinstance(building, int)

    if "unit" not in found:
        for m in _UNIT.finditer(text):
            number = _number(m.group(1))
            if number is not None and _valid_unit(estate, building, number):
                found["unit"], matched["unit"] = number, m.group(0)
                break

    if "room" not in found:
        for pattern in (_ROOM_AFTER_UNIT, _ROOM_AFTER_BUILDING, _ROOM_SUFFIX):
            room = pattern.search(text)
            if room and _valid_room(estate, building, room.group(1)):
                found["room"], matched["room"] = room.group(1), room.group(0)
                break

    place = _find_place(estate, text)
    if place:
        found["place"], matched["place"] = place
    item = _find_item(estate, text)
    if item:
        found["item"], matched["item"] = item

    return Recognised(
        building=building,
        unit=found.get("unit"),  # type: ignore[arg-type]
        room=found.get("room"),  # type: ignore[arg-type]
        place=found["place"] if "place" in found else None,  # type: ignore[arg-type]
        item=found["item"] if "item" in found else None,  # type: ignore[arg-type]
        found=frozenset(found),
        matched=matched,
    )


def _find_place(estate: Estate, text: str) -> tuple[str, str] | None:
    """(place name, matched spelling): the spelling appearing first in the text ("北门垃圾站":
    the station at the north gate is at 北门), the longest of those starting there."""
    best: tuple[int, int, str, str] | None = None
    for place in estate.places.values():
        for spelling in (place.name, *place.aliases):
            pos = text.find(spelling) if spelling else -1
            if pos < 0:
                continue
            key = (pos, -len(spelling), place.name, spelling)
            if best is None or key < best:
                best = key
    return (best[2], best[3]) if best else None


def _find_item(estate: Estate, text: str) -> tuple[str, str] | None:
    """(item code, matched keyword): the longest keyword wins ("楼道灯" over "灯坏"), then the
    one appearing first in the text, then the item listed first in the estate. A keyword that is
    also a public place's name ("小广场") says where rather than what: it counts only when no
    other keyword matches ("小广场的长椅坏了" is about benches)."""
    best: tuple[int, int, int, int, str, str] | None = None
    lowered = text.lower()
    place_words = {s for p in estate.places.values() for s in (p.name, *p.aliases)}
    for order, item in enumerate(estate.items.values()):
        for keyword in (item.name, *item.keywords):
            pos = lowered.find(keyword.lower()) if keyword else -1
            if pos < 0:
                continue
            key = (keyword in place_words, -len(keyword), pos, order, item.code, keyword)
            if best is None or key < best:
                best = key
    return (best[4], best[5]) if best else None


@dataclass(frozen=True)
class Routing:
    """Who must handle a complaint and why. ``rule`` is one of ROUTINGS; ``note`` is the short
    reason stored with the complaint (Chinese, as the ledger's records are)."""

    company: str
    rule: str
    note: str
    duty: duty.DutyAnswer | None = None


def route(
    estate: Estate,
    item_code: str,
    building: int | None,
    received: date,
    versions: Sequence[duty.RotationVersion],
    overrides: Sequence[duty.Override] = (),
) -> Routing:
    """The responsible company for ``item_code`` (in ``building``, or a public place when None)
    received on ``received``. Raises UsageError when it cannot be decided."""
    item = estate.items[item_code]
    if item.scope == "separate":
        if building is None:
            from liuliqiao_cli.i18n import current_language

            raise UsageError(
                "route.separate_needs_building",
                item=estate.item_name(item_code, current_language()),
            )
        company = estate.buildings[building].company
        return Routing(
            company, ROUTE_SEPARATE, f"{building}号楼由{estate.company_name(company)}负责"
        )
    from liuliqiao_cli.duty import NoRotation, duty_on

    try:
        answer = duty_on(received, versions, overrides)
    except NoRotation:
        raise UsageError("route.no_duty", date=received.isoformat()) from None
    if answer.override is not None:
        note = f"{received.isoformat()} 调班当值（#{answer.override.id} {answer.override.reason}）".strip()
    else:
        note = f"{answer.period_start.isoformat()} 至 {answer.period_end.isoformat()} 当值"
    return Routing(answer.company, ROUTE_DUTY, note, answer)


# --- what the worker types: validated against the estate, turned into codes -----------------

TAG_MAX = 20
TAGS_MAX = 20
# Accepted spellings of each source besides its code (input in either language).
SOURCE_ALIASES: dict[str, tuple[str, ...]] = {
    "meeting": ("议事会", "居民议事会", "council"),
    "hotline": ("12345", "12345热线", "热线", "工单", "接诉即办"),
    "patrol": ("巡查", "巡视", "网格巡查"),
    "visit": ("走访", "入户走访", "入户"),
    "phone": ("电话", "来电"),
    "walkin": ("来访", "walk-in", "walk_in", "上门"),
    "company": ("物业报告", "物业", "物业上报"),
}


def _what(key: str) -> str:
    from liuliqiao_cli.i18n import t

    return t(f"what.{key}")


def clean_text(value: str | None, *, what: str, limit: int, required: bool = True) -> str:
    """Strip surrounding whitespace; refuse empty (when required) and over-long text. Everything
    else — quotes, SQL metacharacters, emoji, control characters — is kept as typed."""
    text = (value or "").strip()
    if required and not text:
        raise UsageError("complaints.empty", what=_what(what))
    if len(text) > limit:
        raise UsageError("complaints.too_long", what=_what(what), limit=limit, length=len(text))
    return text


def clean_tags(values: list[str] | tuple[str, ...] | None) -> list[str]:
    tags: list[str] = []
    for value in values or ():
        tag = " ".join(str(value).split())
        if not tag:
            raise UsageError("complaints.empty_tag")
        if len(tag) > TAG_MAX:
            raise UsageError("complaints.tag_too_long", limit=TAG_MAX)
        if tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise UsageError("complaints.too_many_tags", limit=TAGS_MAX)
    return tags


def _choices_error(what: str, value: str, choices: list[str]) -> UsageError:
    import difflib

    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.4)
    listing = ", ".join(choices)
    if close:
        return UsageError(
            "value.unknown_suggest",
            what=_what(what),
            value=value,
            suggestion=close[0],
            choices=listing,
        )
    return UsageError("value.unknown", what=_what(what), value=value, choices=listing)


def resolve_source(value: str) -> str:
    """``hotline``, ``12345``, ``热线`` -> ``hotline``; unknown values get a suggestion."""
    key = str(value).strip().lower()
    for code in status.SOURCES:
        if key == code or key in (a.lower() for a in SOURCE_ALIASES.get(code, ())):
            return code
    from liuliqiao_cli.i18n import t

    choices = [f"{c}/{t('source.' + c, 'zh')}" for c in status.SOURCES]
    raise _choices_error("source", str(value).strip(), choices)


def resolve_status(value: str) -> str:
    """``resolved``, ``已办结``, ``in-progress`` -> the status code."""
    from liuliqiao_cli.i18n import t

    key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    for code in status.STATUSES:
        if key in (
            code,
            t(f"status.{code}", "zh"),
            t(f"status.{code}", "en").lower().replace(" ", "_"),
        ):
            return code
    choices = [f"{c}/{t('status.' + c, 'zh')}" for c in status.STATUSES]
    raise _choices_error("status", str(value).strip(), choices)


def resolve_choice(value: str, choices: tuple[str, ...], what: str, aliases: dict[str, str]) -> str:
    key = str(value).strip().lower()
    key = aliases.get(key, key)
    if key in choices:
        return key
    raise _choices_error(what, str(value).strip(), list(choices))


def _int_value(value: Any, what: str) -> int:
    """``2``, ``2单元``, ``二单元`` -> 2."""
    number = _number(str(value).strip().removesuffix("单元").strip())
    if number is None:
        raise UsageError("complaints.bad_number", what=_what(what), value=str(value))
    return number


def check_place(
    estate: Estate, building: int | None, unit: Any, room: Any
) -> tuple[int | None, str | None]:
    """Unit and room validated against the estate (and the building when known)."""
    unit_n: int | None = None
    room_s: str | None = None
    b = estate.buildings.get(building) if building is not None else None
    if unit is not None and str(unit).strip() != "":
        unit_n = _int_value(unit, "unit")
        max_units = b.units if b else max(x.units for x in estate.buildings.values())
        if not 1 <= unit_n <= max_units:
            raise UsageError(
                "complaints.bad_unit",
                value=str(unit).strip(),
                building=f"{building}号楼" if b else "",
                units=max_units,
            )
    if room is not None and str(room).strip() != "":
        room_s = str(room).strip().removesuffix("室").removesuffix("户")
        valid = (
            b.valid_room(room_s)
            if b
            else any(x.valid_room(room_s) for x in estate.buildings.values())
        )
        if not valid:
            sample = b or next(iter(estate.buildings.values()))
            last = f"{sample.floors}{sample.rooms_per_floor:02d}"
            raise UsageError("complaints.bad_room", value=str(room).strip(), first="101", last=last)
    return unit_n, room_s


def deadlines(
    received: datetime, respond_hours: int, resolve_days: int
) -> tuple[datetime, datetime]:
    return received + timedelta(hours=respond_hours), received + timedelta(days=resolve_days)
