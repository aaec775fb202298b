"""The table of complaints that ``list`` and ``search`` print, laid out for the terminal's width.

At any width the table keeps the number, the date, the status, the place, the item and the
company, and gives the rest to the text. When the text would get fewer than
:data:`TEXT_COMFORT` cells, the table turns compact one step at a time: the deadline goes
(``show`` has it), the date loses its time of day, the company is written as the worker types it
(首华, or the code in English), the address is written 3-2-502 as on an envelope; when even then the text would get fewer than
:data:`TEXT_FLOOR` cells, the place, item and company give up cells, widest first, cut with
"...". A pipe or a file has no width (200 columns): scripts and cron get the whole table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from liuliqiao_cli.render.plain import cut, fit
from liuliqiao_cli.render.text import cells

TEXT_COMFORT = 24  # below this many cells for the text, the table turns compact
TEXT_FLOOR = 16  # the text never gets fewer (other columns shrink first)
# How narrow a shrinking column may get (never narrower than its header): a place keeps
# "3号楼2单元" whole.
_FLOORS = {"location": 10, "item": 8, "company": 4}
KEYS = ("id", "received_at", "status", "location", "item", "company", "resolve_by", "text")


@dataclass(frozen=True)
class Row:
    """One complaint as the table writes it, in every form it may take."""

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


@dataclass
class Layout:
    """Which columns show, in which form, and how wide each is."""

    keys: list[str]
    widths: dict[str, int] = field(default_factory=dict)
    date_only: bool = False
    short_company: bool = False
    short_location: bool = False

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


def _natural(layout: Layout, rows: Sequence[Row], headers: dict[str, str]) -> list[int]:
    return [
        max([cells(headers[k])] + [cells(layout.value(r, k)) for r in rows]) for k in layout.keys
    ]


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
    for candidate in steps:
        natural = _natural(candidate, rows, headers)
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
