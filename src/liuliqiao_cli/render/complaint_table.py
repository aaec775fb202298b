"""The table of complaints that ``list`` and ``search`` print, laid out for the terminal's width.

At any width the table keeps the number, the date, the status, the place, the item and the
company, and gives the rest to the text. When the text would get fewer than
:data:`TEXT_COMFORT` cells, the table turns compact one step at a time: the deadline goes
(``show`` has it), the date loses its time of day, the company is written short (首华; in English
the first word of its English name, Shouhua: never its code), the address is written 3-2-502 as
on an envelope; when even then the text would get fewer than :data:`TEXT_FLOOR` cells, the
place, item and company give up cells, widest first, cut with "...". A pipe or a file has no
width (200 columns): scripts and cron get the whole table.

On a terminal the same lines are written with colours (the status, a match of a search), as
plain text with SGR codes: laying out fifty rows with rich's Table took longer than the query
(~20 ms a listing), which the shell, answering in milliseconds, cannot spare. NO_COLOR is
honoured.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import NamedTuple

from liuliqiao_cli.render.plain import cut, fit
from liuliqiao_cli.render.text import cells

TEXT_COMFORT = 24  # below this many cells for the text, the table turns compact
# A row's text is kept to this many characters: no terminal is wider, and measuring a long
# paragraph cell by cell, five layouts over, cost more than the query.
TEXT_KEPT = 400
TEXT_FLOOR = 16  # the text never gets fewer (other columns shrink first)
# How narrow a shrinking column may get (never narrower than its header): a place keeps
# "3号楼2单元" whole.
_FLOORS = {"location": 10, "item": 8, "company": 4}
KEYS = ("id", "received_at", "status", "location", "item", "company", "resolve_by", "text")


class Row(NamedTuple):
    """One complaint as the table writes it, in every form it may take. (A tuple, not a
    dataclass: 200 of them are made for a listing, and the type is defined on its start-up.)"""

    id: str
    received_at: str  # "2026-11-30 17:00"
    status: str  # the label, with " !" when overdue
    location: str
    location_short: str
    item: str
    company: str
    company_short: str
    text: str  # one line
    resolve_by: str = ""
    status_code: str = ""  # for the status's colour on a terminal


class Layout:
    """Which columns show, in which form, and how wide each is."""

    def __init__(
        self,
        keys: list[str],
        *,
        date_only: bool = False,
        short_company: bool = False,
        short_location: bool = False,
    ) -> None:
        self.keys = keys
        self.widths: dict[str, int] = {}
        self.date_only = date_only
        self.short_company = short_company
        self.short_location = short_location

    def value(self, row: Row, key: str) -> str:
        """The cell of ``row`` in column ``key``, in this layout's form (not yet cut)."""
        if key == "received_at":
            return row.received_at[:10] if self.date_only else row.received_at
        if key == "company":
            return row.company_short if self.short_company else row.company
        if key == "location":
            return row.location_short if self.short_location else row.location
        return str(getattr(row, key))

    def cell(self, row: Row, key: str) -> str:
        """The cell cut to its column's width."""
        return cut(self.value(row, key), self.widths[key])


def short_location(
    building: int | None, unit: int | None, room: str | None, place: str | None
) -> str:
    """3号楼2单元502 as 3-2-502, 3号楼2单元 as 3-2; a building alone, and a public place, as
    they are."""
    parts = ""
    if building is not None:
        parts = f"{building}号楼" if unit is None else f"{building}-{unit}"
        if unit is not None and room:
            parts += f"-{room}"
    return f"{parts} {place}".strip() if place else parts


def short_english(name: str) -> str:
    """A company's English name as a compact table writes it: its first word (Shouhua for
    Shouhua Property), as 首华 stands for 首华物业. Never the code: no code reaches a person."""
    words = name.split()
    return words[0] if words else name


def one_line(text: str) -> str:
    """A complaint's text as one line of a table (whitespace runs as one space), at most
    :data:`TEXT_KEPT` characters."""
    return " ".join(text[: 2 * TEXT_KEPT].split())[:TEXT_KEPT]


def _natural(
    layout: Layout,
    rows: Sequence[Row],
    headers: dict[str, str],
    seen: dict[str, int],
    cap: int | None = None,
) -> list[int]:
    """Each column's natural width: its widest cell. The text (the last column) is measured no
    further than ``cap`` cells: a text wider than the table is cut anyway (see :func:`layout`)."""

    def width(text: str) -> int:
        if text not in seen:
            seen[text] = cells(text)
        return seen[text]

    def text_width(text: str) -> int:
        # Every character takes a cell or more, so cap characters hold at least cap cells.
        return width(text) if cap is None else min(width(text[:cap]), cap)

    natural = [
        max([width(headers[k])] + [width(layout.value(r, k)) for r in rows])
        for k in layout.keys[:-1]
    ]
    text = layout.keys[-1]
    natural.append(
        max([text_width(headers[text])] + [text_width(layout.value(r, text)) for r in rows])
    )
    return natural


def layout(
    rows: Sequence[Row], width: int, headers: dict[str, str], *, deadline: bool = True
) -> Layout:
    """The layout of ``rows`` for a terminal ``width`` cells wide."""
    keys = [k for k in KEYS if k != "resolve_by" or deadline]
    steps = [Layout(keys)]
    if deadline:
        steps.append(Layout([k for k in keys if k != "resolve_by"]))
    last = steps[-1].keys
    steps += [
        Layout(last, date_only=True),
        Layout(last, date_only=True, short_company=True),
        Layout(last, date_only=True, short_company=True, short_location=True),
    ]
    seen: dict[str, int] = {}
    # The text's natural width only ever meets the room left on the terminal and the comfort and
    # floor below it, so a text wider than both is as wide as them for the layout: measuring a
    # 400-character paragraph cell by cell, for 200 rows, is what laying out a listing cost.
    cap = max(width, TEXT_COMFORT)
    for candidate in steps:
        natural = _natural(candidate, rows, headers, seen, cap)
        room = width - sum(natural[:-1]) - 2 * (len(natural) - 1)
        if room >= min(TEXT_COMFORT, natural[-1]) or candidate is steps[-1]:
            floors = [
                natural[i] if k not in _FLOORS else min(natural[i], _FLOORS[k])
                for i, k in enumerate(candidate.keys)
            ]
            floors[-1] = min(natural[-1], TEXT_FLOOR)
            candidate.widths = dict(zip(candidate.keys, fit(natural, floors, width), strict=True))
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


# The few styles the tables use (rich's names), as SGR codes.
_SGR = {
    "bold": "1",
    "dim": "2",
    "reverse": "7",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}


def sgr(text: str, style: str | None) -> str:
    """``text`` in ``style`` ("bold red", "dim green" ...) for a terminal."""
    codes = [_SGR[word] for word in (style or "").split() if word in _SGR]
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes and text else text


def colour_wanted() -> bool:
    return not os.environ.get("NO_COLOR")


def _marked(text: str, terms: Sequence[str], style: str) -> str:
    """``text`` with every occurrence of every term (ASCII case folded) in ``style``."""
    folded = (
        text.lower() if text.isascii() else "".join(c.lower() if c.isascii() else c for c in text)
    )
    spans: list[tuple[int, int]] = []
    for term in terms:
        needle = term.lower()
        start = folded.find(needle) if needle else -1
        while start != -1:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    if not spans:
        return text
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out += [text[at:start], sgr(text[start:end], style)]
        at = end
    return "".join(out) + text[at:]


def terminal_lines(
    layout: Layout,
    rows: Sequence[Row],
    headers: dict[str, str],
    *,
    status_style: Callable[[Row], str | None],
    terms: Sequence[str] = (),
    highlight: str = "bold reverse",
) -> list[str]:
    """The table as a terminal shows it: the plain layout, with the header in bold, the status
    in its colour (" !" in bold red) and the search terms marked in the place and the text."""
    colour = colour_wanted()

    def line(values: list[tuple[str, str, str]]) -> str:
        parts = []
        for key, text, shown in values:
            gap = " " * (layout.widths[key] - cells(text))
            parts.append(gap + shown if key == "id" else shown + gap)
        return "  ".join(parts).rstrip()

    def header(key: str) -> tuple[str, str, str]:
        text = cut(headers[key], layout.widths[key])
        return key, text, sgr(text, "bold") if colour else text

    out = [line([header(k) for k in layout.keys])]
    for row in rows:
        values = []
        for key in layout.keys:
            text = layout.cell(row, key)
            shown = text
            if colour and key == "status":
                label, late = (text[:-2], " !") if text.endswith(" !") else (text, "")
                shown = sgr(label, status_style(row)) + sgr(late, "bold red")
            elif colour and key in ("location", "text") and terms:
                shown = _marked(text, terms, highlight)
            values.append((key, text, shown))
        out.append(line(values))
    return out
