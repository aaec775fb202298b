"""The values a worker types, as completion offers them: the estate's vocabulary (companies,
items, places, buildings, units, rooms) and the ledger's words (statuses, sources, meeting kinds,
follow-up answers, tags), each found by its code, its name, its English name, a word that
recognises it or the pinyin initials of any of those; and the read-only ledger they come from.

See :mod:`liuliqiao_cli.cli.completion` for which parameter completes what. Nothing here raises:
every failure completes nothing.
"""

from __future__ import annotations

import sqlite3  # loaded by every command that opens the ledger anyway
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from liuliqiao_cli.i18n import current_language, t

MAX = 50  # candidates offered at most
Pairs = list[tuple[str, str]]  # (value put on the line, help shown beside it)


# --- reading the ledger ----------------------------------------------------------------------


def _ledger_path(ctx: Any) -> Path | None:
    from liuliqiao_cli.store import ledger

    option = None
    try:
        option = ctx.find_root().params.get("db") if ctx is not None else None
    except Exception:
        option = None
    path = ledger.resolve_path(option)
    return path if path.is_file() else None


def read(ctx: Any, query: Callable[[sqlite3.Connection], Any], empty: Any = None) -> Any:
    """What ``query`` reads from the ledger opened read-only, or ``empty`` on any problem."""
    empty = [] if empty is None else empty
    try:
        from liuliqiao_cli.store import ledger

        path = _ledger_path(ctx)
        if path is None:
            return empty
        conn = ledger.open_read_only(path)
        try:
            return query(conn)
        finally:
            conn.close()
    except Exception:
        return empty


# --- matching what was typed -----------------------------------------------------------------


class Choice:
    """One value of a vocabulary: its code, the spellings a command accepts for it, and other
    words that find it (but are not accepted: an item's recognition words). A plain class: a
    dataclass costs a millisecond of start-up to every command."""

    __slots__ = ("code", "name", "accepted", "finds", "help")

    def __init__(
        self,
        code: str,
        name: str,
        accepted: tuple[str, ...] = (),
        finds: tuple[str, ...] = (),
        help: str = "",
    ) -> None:
        self.code, self.name, self.accepted, self.finds, self.help = (
            code,
            name,
            accepted,
            finds,
            help,
        )


def _initials(text: str) -> str | None:
    from liuliqiao_cli.estate.pinyin import initials

    return initials(text)


def _fold(text: Any) -> str:
    return str(text or "").strip().lower()


def _found_by(choice: Choice, typed: str) -> str | None:
    """The value to put on the line when ``typed`` finds ``choice``, else None."""
    if not typed or choice.code.lower().startswith(typed):
        return choice.code
    for spelling in (choice.name, *choice.accepted):
        if spelling and spelling.lower().startswith(typed):
            return spelling
    for spelling in choice.finds:
        if spelling and spelling.lower().startswith(typed):
            # English or a recognition word: put on the line what the command accepts.
            return choice.code if typed.isascii() else choice.name
    if typed.isascii() and typed.isalnum():
        for spelling in (choice.name, *choice.accepted, *choice.finds):
            spelled = _initials(spelling) if spelling else None
            if spelled and spelled.startswith(typed):
                return spelling if spelling in choice.accepted else choice.name
    return None


def _offer(choice: Choice, typed: str) -> tuple[str, str] | None:
    """(value, help) when ``typed`` finds ``choice``, else None. The help says what the value
    is: the name beside a code, the code beside a name (unless the choice brings its own)."""
    value = _found_by(choice, typed)
    if value is None:
        return None
    if value == choice.code:
        return value, choice.help or choice.name
    return value, choice.code


def match(choices: Iterable[Choice], incomplete: Any) -> Pairs:
    """Every choice that what was typed finds, in the vocabulary's order, each once."""
    typed = _fold(incomplete)
    out: Pairs = []
    seen: set[str] = set()
    for choice in choices:
        offered = _offer(choice, typed)
        if offered is not None and offered[0] not in seen:
            seen.add(offered[0])
            out.append(offered)
    return out[:MAX]


# --- the estate's vocabulary ------------------------------------------------------------------


def _company_choices(conn: sqlite3.Connection) -> list[Choice]:
    from liuliqiao_cli.estate import spellings

    zh = current_language() == "zh"
    return [
        Choice(code, name, tuple(s for s in (short, en) if s), help=name if zh or not en else en)
        for code, name, short, en in spellings.companies(conn)
    ]


def company_names(ctx: Any) -> dict[str, str]:
    """Company code -> its name in the current language."""
    return {c.code: c.help for c in read(ctx, _company_choices)}


def _item_choices(conn: sqlite3.Connection) -> list[Choice]:
    from liuliqiao_cli.estate import spellings

    zh = current_language() == "zh"
    words = spellings.item_keywords(conn)
    return [
        Choice(code, name, (), (en or "", *words.get(code, ())), help=name if zh else en or name)
        for code, name, en in spellings.items(conn)
    ]


def complete_company(ctx: Any, incomplete: str) -> Pairs:
    """Company codes (shouhua), or names (首华物业, 首华, Shouhua Property) as they were typed."""
    return match(read(ctx, _company_choices), incomplete)


def complete_item(ctx: Any, incomplete: str) -> Pairs:
    """Service-item codes (garbage), or names (垃圾桶站), also found by recognition words
    (垃圾站) and pinyin initials (ljz)."""
    return match(read(ctx, _item_choices), incomplete)


def complete_place(ctx: Any, incomplete: str) -> Pairs:
    """Public places by name (北门), alias (小区北门) or initials (bm); the name goes on the line."""
    from liuliqiao_cli.estate import spellings

    def choices(conn: sqlite3.Connection) -> list[Choice]:
        return [
            Choice(code, name, tuple(a for a in aliases if not a.isascii()), aliases)
            for code, name, aliases in spellings.places(conn)
        ]

    return match(read(ctx, choices), incomplete)


def _buildings(ctx: Any) -> list[Any]:
    from liuliqiao_cli.estate import spellings

    return list(read(ctx, spellings.buildings))


def complete_building(ctx: Any, incomplete: str) -> Pairs:
    """Buildings that exist: 3, or 3号楼 when that was being typed; their company as help."""
    names = company_names(ctx)
    choices = [
        Choice(str(b.number), b.name, help=f"{b.name} {names.get(b.company, b.company)}")
        for b in _buildings(ctx)
    ]
    return match(choices, incomplete)


def _chosen_building(ctx: Any, everything: list[Any]) -> list[Any]:
    """The building already typed on the line (``--building 3``), else every building."""
    try:
        from liuliqiao_cli.estate.resolve import parse_number

        typed = str((ctx.params or {}).get("building") or "").strip()
        number = parse_number(typed.rstrip("号楼栋幢").strip()) if typed else None
    except Exception:
        number = None
    chosen = [b for b in everything if b.number == number]
    return chosen or everything


def complete_unit(ctx: Any, incomplete: str) -> Pairs:
    """Units of the building on the line (or of the largest building)."""
    buildings = _chosen_building(ctx, _buildings(ctx))
    if not buildings:
        return []
    one = buildings[0] if len(buildings) == 1 else None
    most = max(b.units for b in buildings)
    return match(
        [
            Choice(
                str(u),
                f"{u}单元",
                help=(f"{one.name}{u}单元" if one else t("completion.unit", unit=u)),
            )
            for u in range(1, most + 1)
        ],
        incomplete,
    )


def complete_room(ctx: Any, incomplete: str) -> Pairs:
    """Rooms of the building on the line: 101, 102 ... 602."""
    buildings = _chosen_building(ctx, _buildings(ctx))
    rooms: dict[str, str] = {}
    for b in buildings:
        for floor in range(1, b.floors + 1):
            for position in range(1, b.rooms_per_floor + 1):
                room = f"{floor}{position:02d}"
                rooms.setdefault(room, t("completion.floor", floor=floor))
    return match([Choice(room, room, help=floor) for room, floor in rooms.items()], incomplete)


# --- the ledger's words -----------------------------------------------------------------------


def _labelled(
    codes: Sequence[str], prefix: str, accepted: dict[str, tuple[str, ...]]
) -> list[Choice]:
    out = []
    for code in codes:
        zh, en = t(f"{prefix}.{code}", "zh"), t(f"{prefix}.{code}", "en")
        help_ = zh if current_language() == "zh" else en
        out.append(Choice(code, zh, accepted.get(code, ()), (en,), help=help_))
    return out


def complete_source(incomplete: str) -> Pairs:
    """Sources (patrol, hotline ... or 巡查, 12345, xc ...)."""
    from liuliqiao_cli.complaints import status
    from liuliqiao_cli.complaints.typed_input import SOURCE_ALIASES

    try:
        return match(_labelled(status.SOURCES, "source", SOURCE_ALIASES), incomplete)
    except Exception:
        return []


def complete_status(incomplete: str) -> Pairs:
    """Statuses (dispatched ... or 已派单, ypd ...)."""
    from liuliqiao_cli.complaints import status

    try:
        return match(_labelled(status.STATUSES, "status", {}), incomplete)
    except Exception:
        return []


def complete_meeting_kind(incomplete: str) -> Pairs:
    """Meeting kinds (council ... or 居民议事会, jmysh ...)."""
    from liuliqiao_cli.meetings.model import KINDS

    return match(_labelled(KINDS, "meeting.kind", {}), incomplete)


def complete_resolved(incomplete: str) -> Pairs:
    """Follow-up: was it resolved? yes / partly / no (是 / 部分 / 否)."""
    from liuliqiao_cli.complaints.record import FOLLOWUP_RESOLVED

    return match(_labelled(FOLLOWUP_RESOLVED, "answer", {}), incomplete)


def complete_satisfied(incomplete: str) -> Pairs:
    """Follow-up: was the resident satisfied? yes / basic / no (是 / 基本满意 / 否)."""
    from liuliqiao_cli.complaints.record import FOLLOWUP_SATISFIED

    return match(_labelled(FOLLOWUP_SATISFIED, "answer", {}), incomplete)


def complete_tag(ctx: Any, incomplete: str) -> Pairs:
    """Tags in use, most used first."""
    from liuliqiao_cli.complaints import numbers

    rows = read(ctx, numbers.tags)
    return match(
        [Choice(tag, tag, help=t("completion.tag_count", n=n)) for tag, n in rows], incomplete
    )
