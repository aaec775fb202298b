"""A plain aligned text table, without rich: for listings that are budgeted at start-up.

Importing rich.table and laying out a hundred rows with it costs more than the whole of
``liuliqiao duty calendar`` may (≤ 1.9x a minimal Typer app, issue 4). This writes the same
columns as :func:`render.output.emit` would in a table — header, two spaces between columns,
Chinese characters counted as two cells — and cuts only the last column to fit the terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from liuliqiao_cli.render.output import Column
from liuliqiao_cli.render.text import cells, visible


def cut(text: str, room: int) -> str:
    """Cut to ``room`` terminal cells with an ASCII "..." (an ellipsis character has an
    ambiguous width and can break the alignment of Chinese tables)."""
    if cells(text) <= room:
        return text
    out, used = [], 0
    for ch in text:
        w = cells(ch)
        if used + w > room - 3:
            break
        out.append(ch)
        used += w
    return "".join(out) + "..."


def _pad(text: str, width: int, justify: str) -> str:
    gap = " " * (width - cells(text))
    return gap + text if justify == "right" else text + gap


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


def table(
    columns: list[Column],
    rows: Iterable[dict[str, Any]],
    *,
    title: str | None = None,
    out: TextIO | None = None,
) -> int:
    """Write the rows as an aligned table; returns the number of rows."""
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
    widths = [max([cells(h)] + [cells(r[i]) for r in body]) for i, h in enumerate(headers)]
    room = _width(stream) - sum(widths[:-1]) - 2 * (len(widths) - 1)
    if room < widths[-1]:
        widths[-1] = max(room, cells(headers[-1]), 8)
    lines = []
    if title:
        lines.append(title)
    for cells_ in [headers, *body]:
        parts = [
            _pad(cut(text, widths[i]), widths[i], columns[i].justify)
            for i, text in enumerate(cells_)
        ]
        lines.append("  ".join(parts).rstrip())
    stream.write("\n".join(lines) + "\n")
    return len(body)
