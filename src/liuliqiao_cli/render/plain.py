"""A plain aligned text table, without rich: for listings that are budgeted at start-up; and
how any table fits the terminal (:func:`fit`), for the rich tables too.

Importing rich.table and laying out a hundred rows with it costs more than the whole of
``liuliqiao duty calendar`` may (≤ 1.9x a minimal Typer app, issue 4). This writes the same
columns as :func:`render.output.emit` would in a table — header, two spaces between columns,
Chinese characters counted as two cells. The last column (a text, a reason) takes what is left
of the terminal; when that is too little, columns given a floor give up cells, widest first.
Every cut ends in the one ellipsis of every table, an ASCII "..." (:func:`cut`).
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Any, TextIO

from liuliqiao_cli.render.output import Column
from liuliqiao_cli.render.text import CharCells, cells, visible

# As render.text.cells counts, except that a character below U+1100 is one cell unlooked, as
# cut has always measured (the few that differ are unassigned code points, which
# unicodedata calls full-width).
_CUT_CELLS = CharCells(narrow_below="\u1100")


def cut(text: str, room: int) -> str:
    """Cut to ``room`` terminal cells with an ASCII "..." (an ellipsis character has an
    ambiguous width and can break the alignment of Chinese tables). Measures no further than
    ``room`` cells: a row's text may be a long paragraph."""
    if not text or 2 * len(text) <= room or (len(text) <= room and text.isascii()):
        return text  # fits whatever its characters
    # Every character takes a cell or two, so no more than room + 1 of them decide the cut:
    # the running widths of those, and the longest start that leaves room for "...".
    ends = list(accumulate(map(_CUT_CELLS.__getitem__, text[: max(room, 0) + 1])))
    if len(text) <= room and ends[-1] <= room:
        return text
    return text[: bisect_right(ends, room - 3)] + "..."


def _pad(text: str, width: int, justify: str) -> str:
    gap = " " * (width - cells(text))
    return gap + text if justify == "right" else text + gap


def fit(
    natural: Sequence[int], floors: Sequence[int], room: int, *, gap: int = 2, flex: int = -1
) -> list[int]:
    """Column widths within ``room`` cells (``gap`` between columns): each column its natural
    width when all fit; else the ``flex`` column (the last: a text, a reason) gets what is left,
    down to its floor; below that, the other columns give up cells, widest first, down to their
    floors. A column whose floor is its natural width never shrinks. The result may pass
    ``room`` when the floors do."""
    widths = list(natural)
    if not widths:
        return widths
    flex = flex % len(widths)
    others = [i for i in range(len(widths)) if i != flex]
    used = sum(widths[i] for i in others) + gap * (len(widths) - 1)
    if used + widths[flex] <= room:
        return widths
    need = floors[flex] - (room - used)
    while need > 0:
        most, index = max((widths[i] - floors[i], i) for i in others) if others else (0, flex)
        if most <= 0:
            break
        widths[index] -= 1
        need -= 1
    left = room - sum(widths[i] for i in others) - gap * (len(widths) - 1)
    widths[flex] = max(floors[flex], min(natural[flex], left))
    return widths


def terminal_width(stream: TextIO | None = None) -> int:
    """The width tables are laid out for: COLUMNS, else the terminal's, else 200 (a file or a
    pipe has no width)."""
    return _width(stream or sys.stdout)


def _width(stream: TextIO) -> int:
    if "COLUMNS" in os.environ:
        try:
            return max(int(os.environ["COLUMNS"]), 40)
        except ValueError:
            pass
    if hasattr(stream, "isatty") and stream.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return 200  # a file or a pipe has no width


def _without_empty_columns(
    columns: list[Column], body: list[list[str]], room: int
) -> tuple[list[Column], list[list[str]]]:
    """When the last column would be cut, the columns with nothing in them (but a header) go
    first: they tell nothing and take a header's width."""
    natural = [max([cells(c.header)] + [cells(r[i]) for r in body]) for i, c in enumerate(columns)]
    if sum(natural) + 2 * (len(natural) - 1) <= room or not body:
        return columns, body
    keep = [i for i in range(len(columns) - 1) if any(r[i] for r in body)] + [len(columns) - 1]
    return [columns[i] for i in keep], [[r[i] for i in keep] for r in body]


def table(
    columns: list[Column],
    rows: Iterable[dict[str, Any]],
    *,
    title: str | None = None,
    out: TextIO | None = None,
    floors: dict[str, int] | None = None,
    widths: dict[str, int] | None = None,
) -> int:
    """Write the rows as an aligned table; returns the number of rows.

    When the last column would get less than its floor (8 cells) the other columns give up
    cells, down to ``floors`` (key -> narrowest width) or, by default, to their header or 8
    cells; a ``no_wrap`` column (a date) keeps its width. ``widths`` lays the table out as
    given instead."""
    stream = out or sys.stdout
    body = []
    for row in rows:
        body.append(
            [
                # One line per row: line breaks are escaped too.
                visible(c.fmt(row.get(c.key)) if c.fmt else row.get(c.key), newlines=False)
                for c in columns
            ]
        )
    headers = [c.header for c in columns]
    if widths is not None:
        laid = [widths[c.key] for c in columns]
    else:
        if len(columns) > 1:
            columns, body = _without_empty_columns(columns, body, _width(stream))
            headers = [c.header for c in columns]
        natural = [max([cells(h)] + [cells(r[i]) for r in body]) for i, h in enumerate(headers)]
        given = floors or {}
        least = [
            min(natural[i], given.get(c.key, natural[i] if c.no_wrap else max(cells(c.header), 8)))
            for i, c in enumerate(columns)
        ]
        least[-1] = min(natural[-1], given.get(columns[-1].key, max(cells(headers[-1]), 8)))
        laid = fit(natural, least, _width(stream))
    lines = []
    if title:
        lines.append(title)
    for cells_ in [headers, *body]:
        parts = [
            _pad(cut(text, laid[i]), laid[i], columns[i].justify) for i, text in enumerate(cells_)
        ]
        lines.append("  ".join(parts).rstrip())
    stream.write("\n".join(lines) + "\n")
    return len(body)
