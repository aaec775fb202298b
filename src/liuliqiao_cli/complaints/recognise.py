"""Recognition of place and item in a complaint's text.

``recognise`` reads what a resident said ("3号楼2单元502楼道灯坏了") and proposes building, unit,
room, public place and service item; the worker sees the proposal and can correct any field.
Only values that exist in the estate are proposed: "9号楼" in an estate of 4 buildings is left
unrecognised (it may be the neighbouring estate), while ``--building 9`` typed explicitly is
refused by validation. The routing rule is :mod:`liuliqiao_cli.complaints.routing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.estate.resolve import _number

if TYPE_CHECKING:  # duty is imported when a complaint is routed, not by every command
    pass


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
