"""Resolving what the worker types into the estate's codes: 3 / 3号楼, 首华 / shouhua, item and place names."""

from __future__ import annotations

import re

from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.store.ids import whole_number

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


def parse_number(text: str) -> int | None:
    """``3``, ``３``, ``三``, ``十二`` -> the number; None when ``text`` is not one."""
    number = whole_number(text)
    if number is not None:
        return number
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
    number = parse_number(m.group(1)) if m else None
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
