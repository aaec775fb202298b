"""Reading an address out of a complaint's text: building, unit and room in every form residents
write (3号楼2单元502, 3#2-502, 3-2-502, 3栋2门, 三号楼二单元, building 3 unit 2), dates blanked
first so that 11月3号 names no building.
"""

from __future__ import annotations

from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.estate.resolve import parse_number
from liuliqiao_cli.lazy_re import LazyPattern

_CN = "一二两三四五六七八九十"


_NUM = rf"(\d{{1,2}}|[{_CN}]{{1,3}})"


DATES = LazyPattern(
    r"\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*[日号]?"
    rf"|(?:\d{{1,2}}|[{_CN}]{{1,3}}|上个?|下个?|这个?|本)\s*月\s*(?:\d{{1,2}}|[{_CN}]{{1,3}})\s*[日号]"
    r"|(?<!\d)\d{1,2}\s*[日号](?=\s*(?:上午|下午|晚上|早上|早晨|中午|凌晨|夜里|半夜|傍晚|白天|那天|当天))"
)


_TRIPLE = LazyPattern(r"(?<![\d.:/-])(\d{1,2})\s*[-#]\s*(\d{1,2})\s*-\s*(\d{3,4})(?![\d.:/-])")


# 3号楼 / 3栋 / 3幢 / 3#楼 / 3#; "3楼" alone is a floor and "3号" alone a date: not buildings.
_BUILDING = LazyPattern(_NUM + r"\s*(?:号楼|号院楼|栋|幢|#\s*楼?)")
_BUILDING_MARKS = ("号楼", "号院楼", "栋", "幢", "#")  # one of them is in every match


_BUILDING_EN = LazyPattern(r"\b(?:building|bldg|blk|block)\s*\.?\s*(?:no\.?\s*|#\s*)?(\d{1,2})\b")


_UNIT = LazyPattern(_NUM + r"\s*单元")


_UNIT_EN = LazyPattern(r"\bunit\s*#?\s*(\d{1,2})\b")


# "3栋2门", "3号楼2门502": 门 is a unit only right after a building.
_UNIT_DOOR = LazyPattern(_NUM + r"\s*门(?![口卫锁禁前外里内把])")


_ROOM_NEXT = LazyPattern(r"\s*(\d{3,4})(?:\s*(?:室|户|号))?(?!\d)")


_ROOM_SUFFIX = LazyPattern(r"(?<!\d)(\d{3,4})\s*(?:室|户)")


_ROOM_EN = LazyPattern(r"\b(?:room|rm|flat|apt|apartment)\s*\.?\s*#?\s*(\d{3,4})\b")


FLOOR = LazyPattern(
    rf"(?:\d{{1,2}}|[{_CN}]{{1,2}}|顶)\s*(?:楼|层)(?![道梯门房顶号灰土冰油皮泥水膜霜漆])"
    r"|\b(?:\d{1,2}(?:st|nd|rd|th)|top|ground)\s+floor\b"
)


_COUNTERS = "多余来个米元块斤平年天"


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
PAIR = LazyPattern(r"\s*(?:和|与|跟|及|、|到|至|,|，|and|&)\s*")


class Address:
    """Building, unit and room read from a text, and where they were written."""

    def __init__(self) -> None:
        self.building: int | None = None
        self.unit: int | None = None
        self.room: str | None = None
        self.matched: dict[str, str] = {}
        self.buildings: list[int] = []  # every building of the estate named, in order
        self.unknown: list[int] = []  # buildings named that the estate does not have
        # A unit or room written plainly (2单元 / 6单元903 / 903室) that the building lacks: the
        # fragment as written, so that the worker is told instead of the value silently dropped.
        self.bad_unit: str | None = None
        self.bad_room: str | None = None
        self.spans: list[tuple[int, int]] = []  # blanked before reading the item
        self.at_door = False  # "502门口": the landing outside a flat, inside the building
        self.at_unit_door = False  # "2单元门口": outside the unit's entrance, on the grounds


# The words that must stand right after a day for :data:`DATES` to read "3号" as a date.
_DAY_TIMES = (
    "上午",
    "下午",
    "晚上",
    "早上",
    "早晨",
    "中午",
    "凌晨",
    "夜里",
    "半夜",
    "傍晚",
    "白天",
    "那天",
    "当天",
)


def _decimal(text: str) -> bool:
    return any(ch.isdecimal() for ch in text)  # isdecimal is what \d takes


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where :data:`DATES` finds a date. Each of its forms holds 月, a digit with 年 . / or -, or a
    day followed by a time of day; most texts (3号楼2单元楼道灯坏了) hold none, and are answered
    without compiling the pattern (~0.6 ms of an `add`)."""
    if "月" in text or (
        _decimal(text)
        and (
            any(sep in text for sep in "年./-")
            or (("日" in text or "号" in text) and any(w in text for w in _DAY_TIMES))
        )
    ):
        return [m.span() for m in DATES.finditer(text)]
    return []


def _floor_possible(text: str) -> bool:
    """Whether :data:`FLOOR` can match: 楼 or 层 right after a digit, a Chinese numeral or 顶
    (white space between), or the English "floor". 3号楼 and 楼道 are not floors."""
    for mark in "楼层":
        at = text.find(mark, 1)  # at 0 nothing stands before it
        while at > 0:
            before = at - 1
            while before > 0 and text[before].isspace():  # str.isspace is what \s takes
                before -= 1
            ch = text[before]
            if ch.isdecimal() or ch in _CN or ch == "顶":
                return True
            at = text.find(mark, at + 1)
    return "floor" in text


def floors(text: str) -> int:
    """How many floors :data:`FLOOR` finds (3楼, 顶层, 2nd floor)."""
    return len(FLOOR.findall(text)) if _floor_possible(text) else 0


def normalise(text: str) -> str:
    """Full-width to ASCII, lower case, runs of white space to one space."""
    return " ".join(text.translate(_FULL_WIDTH).lower().split())


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _valid_unit(estate: Estate, building: int | None, unit: int) -> bool:
    if building is not None:
        return 1 <= unit <= estate.buildings[building].units
    return any(1 <= unit <= b.units for b in estate.buildings.values())


def _valid_room(estate: Estate, building: int | None, room: str) -> bool:
    if building is not None:
        return estate.buildings[building].valid_room(room)
    return any(b.valid_room(room) for b in estate.buildings.values())


def _english(text: str) -> bool:
    """Whether the English patterns (building 3, unit 2, room 502) can match at all: most texts
    have no Latin letter, and then those patterns are never compiled (see lazy_re)."""
    return any("a" <= ch <= "z" for ch in text)


def _tried(*patterns: tuple[LazyPattern, bool]) -> list[LazyPattern]:
    """The patterns whose marks the text holds: the others are never compiled (lazy_re)."""
    return [pattern for pattern, possible in patterns if possible]


def _counted(text: str, end: int) -> bool:
    """A number that counts something ("100多户", "200米"), not a room number."""
    following = text[end : end + 1]
    return following != "" and following in _COUNTERS


def read_address(estate: Estate, text: str) -> Address:
    address = Address()
    mentions: list[tuple[int, int, int]] = []  # (start, end, number) of every building named
    # Each pattern is tried only where its own marks are (- for 3-2-502, 号楼 栋 幢 # for a
    # building, 单元, 室 户): one that is never tried is never compiled (lazy_re).
    for m in _TRIPLE.finditer(text) if "-" in text else ():  # 3-2-502, 3#2-502
        b, u, r = int(m.group(1)), int(m.group(2)), m.group(3)
        if b in estate.buildings and _valid_unit(estate, b, u) and _valid_room(estate, b, r):
            if address.building is None:
                address.building, address.unit, address.room = b, u, r
                for key in ("building", "unit", "room"):
                    address.matched[key] = m.group(0)
                mentions.append((m.start(), m.end(), b))
        elif b in estate.buildings:  # 3-6-502, 3-2-903: a building of ours, but no such flat
            if not _valid_unit(estate, b, u):
                address.bad_unit = address.bad_unit or m.group(0)
            else:
                address.bad_room = address.bad_room or m.group(0)
        address.spans.append(m.span())
    chinese = any(mark in text for mark in _BUILDING_MARKS)
    for pattern in _tried((_BUILDING, chinese), (_BUILDING_EN, _english(text))):
        for m in pattern.finditer(text):
            number = parse_number(m.group(1))
            if number is None:
                continue
            address.spans.append(m.span())
            if number not in estate.buildings:
                address.unknown.append(number)
                continue
            mentions.append((m.start(), m.end(), number))
    mentions.sort()
    for _, _, number in mentions:
        if number not in address.buildings:
            address.buildings.append(number)
    if address.building is None and mentions:
        first = mentions[0]
        between = text[first[1] : mentions[1][0]] if len(address.buildings) > 1 else ""
        if len(address.buildings) > 1 and PAIR.fullmatch(between):
            pass  # "2号楼和3号楼中间": between two buildings, neither
        else:
            address.building = first[2]
            address.matched["building"] = text[first[0] : first[1]]
            _read_unit_and_room(estate, text, address, first[1])
    if address.unit is None:
        _read_unit(estate, text, address)
    if address.room is None:
        _read_room(estate, text, address)
    return address


def _read_unit_and_room(estate: Estate, text: str, address: Address, end: int) -> None:
    """The unit and room written right after the building: 3号楼2单元502, 3栋2门, 3号楼502."""
    for pattern in (_UNIT, _UNIT_DOOR, _UNIT_EN) if _english(text) else (_UNIT, _UNIT_DOOR):
        m = pattern.match(text, end) or pattern.match(text, end + (text[end : end + 1] == " "))
        if m is None:
            continue
        number = parse_number(m.group(1))
        if number is not None and _valid_unit(estate, address.building, number):
            address.unit, address.matched["unit"] = number, m.group(0).strip()
            address.spans.append(m.span())
            end = m.end()
            address.at_unit_door = text.startswith("门口", end)
        elif number is not None:
            address.bad_unit = m.group(0).strip()
            return
        break
    m = _ROOM_NEXT.match(text, end)
    if m and _valid_room(estate, address.building, m.group(1)):
        address.room, address.matched["room"] = m.group(1), m.group(0).strip()
        address.spans.append(m.span())
        address.at_door = text.startswith("门口", m.end())
    elif m and address.unit is not None and not _counted(text, m.end()):
        address.bad_room = m.group(0).strip()  # "3号楼2单元903"; "3号楼200米外" names no room


def _read_unit(estate: Estate, text: str, address: Address) -> None:
    for pattern in _tried((_UNIT, "单元" in text), (_UNIT_EN, _english(text))):
        for m in pattern.finditer(text):
            number = parse_number(m.group(1))
            if number is not None and _valid_unit(estate, address.building, number):
                address.unit, address.matched["unit"] = number, m.group(0).strip()
                address.spans.append(m.span())
                address.at_unit_door = text.startswith("门口", m.end())
                m_room = _ROOM_NEXT.match(text, m.end())
                if (
                    address.room is None
                    and m_room
                    and _valid_room(estate, address.building, m_room.group(1))
                ):
                    address.room, address.matched["room"] = m_room.group(1), m_room.group(0)
                    address.spans.append(m_room.span())
                    address.at_door = text.startswith("门口", m_room.end())
                elif address.room is None and m_room and not _counted(text, m_room.end()):
                    address.bad_room = address.bad_room or m_room.group(0).strip()
                return
            if number is not None:
                address.bad_unit = address.bad_unit or m.group(0).strip()


def _read_room(estate: Estate, text: str, address: Address) -> None:
    suffix = "室" in text or "户" in text
    for pattern in _tried((_ROOM_SUFFIX, suffix), (_ROOM_EN, _english(text))):
        for m in pattern.finditer(text):
            if _valid_room(estate, address.building, m.group(1)):
                address.room, address.matched["room"] = m.group(1), m.group(0).strip()
                address.spans.append(m.span())
                return
            if not m.group(0).endswith("户"):  # "小区240户" counts households, names no room
                address.bad_room = address.bad_room or m.group(0).strip()
