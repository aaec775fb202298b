"""Validation of what the worker types: sources, statuses, follow-up answers, units and rooms,
free text and tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.estate.resolve import parse_number

if TYPE_CHECKING:
    from liuliqiao_cli.complaints.routing import Question


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


def answer_question(question: Question, typed: str) -> str:
    """The value the worker picked for a :class:`~liuliqiao_cli.complaints.routing.Question`:
    the number of a choice as listed (``2``), its value (``fire_lane``, ``3``) or its label
    (``消防通道``, ``3号楼``). Anything else is refused with the choices."""
    key = str(typed).strip()
    choices = question.choices
    if key.isdigit() and 1 <= int(key) <= len(choices) and key not in {c.value for c in choices}:
        return choices[int(key) - 1].value
    for choice in choices:
        if key.lower() in (choice.value.lower(), choice.label.lower()):
            return choice.value
    listing = [f"{n}. {c.value} {c.label}" for n, c in enumerate(choices, 1)]
    raise _choices_error(question.what, key, listing)


def _int_value(value: Any, what: str) -> int:
    """``2``, ``2单元``, ``二单元``, ``2门`` -> 2."""
    text = str(value).strip()
    number = parse_number(text.removesuffix("单元").removesuffix("门").strip())
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
