"""One option set for every command that lists rows: a table (default), JSON or CSV (the
writers below, each a line of :data:`~liuliqiao_cli.render.formats.LISTING_FORMATS`).

The same columns in every format; JSON and CSV use the stable ``key`` of each column, the table
its translated header. JSON is written as a stream (one row at a time) so that a listing of a
million rows needs no more memory than one of ten thousand.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import IO, Any, NamedTuple


class Column(NamedTuple):  # not a dataclass: ~0.3 ms less for every listing's start-up
    key: str  # stable field name in JSON/CSV
    header: str  # translated table header
    justify: str = "left"
    style: str | None = None
    fmt: Callable[[Any], str] | None = None  # table cell text (JSON keeps the raw value)
    no_wrap: bool = False


def _cell(col: Column, value: Any) -> str:
    if col.fmt is not None:
        return col.fmt(value)
    if value is None:
        return ""
    return str(value)


def safe_cell(value: Any) -> Any:
    """Spreadsheet formula-injection guard for CSV/XLSX: a text starting with = + - @ (or a tab
    or carriage return) gets a leading apostrophe so the office program shows it as text."""
    if isinstance(value, str) and value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def console(stderr: bool = False):  # -> rich.console.Console
    """A rich console; piped output is not wrapped at 80 columns (a file has no width)."""
    import os

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    stream = getattr(stream, "drawing", stream)  # the CLI's guard: rich draws on a terminal
    width = None
    if "COLUMNS" not in os.environ and not (hasattr(stream, "isatty") and stream.isatty()):
        width = 200
    return Console(file=stream, highlight=False, soft_wrap=False, width=width)


def emit(
    columns: list[Column],
    rows: Iterable[dict[str, Any]],
    fmt: str = "table",
    *,
    out: IO[str] | None = None,
    title: str | None = None,
    row_style: Callable[[dict[str, Any]], str | None] | None = None,
    con: Any = None,
) -> int:
    """Write rows in ``fmt`` (a line of :data:`~liuliqiao_cli.render.formats.LISTING_FORMATS`);
    returns the number of rows written."""
    from liuliqiao_cli.render.formats import LISTING_FORMATS, load

    writer = load(LISTING_FORMATS[fmt])
    return int(writer(columns, rows, out=out, title=title, row_style=row_style, con=con))


def write_json(
    columns: list[Column], rows: Iterable[dict[str, Any]], *, out: IO[str] | None, **_: Any
) -> int:
    """A JSON array streamed one row at a time, keyed by the columns' stable keys."""
    stream = out or sys.stdout
    count = 0
    stream.write("[")
    for row in rows:
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps({c.key: row.get(c.key) for c in columns}, ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def write_csv(
    columns: list[Column], rows: Iterable[dict[str, Any]], *, out: IO[str] | None, **_: Any
) -> int:
    """CSV with a header of the columns' stable keys; cells guarded against formulas."""
    import csv  # here: the tables that import this module for Column need none of it

    stream = out or sys.stdout
    count = 0
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([safe_cell(_csv_value(row.get(c.key))) for c in columns])
        count += 1
    return count


def write_table(
    columns: list[Column],
    rows: Iterable[dict[str, Any]],
    *,
    out: IO[str] | None,
    title: str | None = None,
    row_style: Callable[[dict[str, Any]], str | None] | None = None,
    con: Any = None,
) -> int:
    """A rich table with the columns' translated headers (to ``out`` at 200 columns, else to
    ``con`` or the terminal)."""
    from rich.table import Table

    count = 0
    table = Table(title=title, show_lines=False, header_style="bold", box=None, pad_edge=False)
    for c in columns:
        table.add_column(c.header, justify=c.justify, style=c.style, no_wrap=c.no_wrap)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            *(_plain(_cell(c, row.get(c.key))) for c in columns),
            style=row_style(row) if row_style else None,
        )
        count += 1
    if out is not None:
        from rich.console import Console

        con = Console(file=out, highlight=False, width=200)
    elif con is None:
        con = console()
    con.print(table)
    return count


def _csv_value(value: Any) -> Any:
    """A cell's text: lists joined, and control characters escaped (a line break is kept: CSV
    quotes it) so that a spreadsheet or a terminal showing the file sees them, not obeys them."""
    from liuliqiao_cli.render.text import json_safe, visible

    if isinstance(value, (list, tuple)):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, dict):
        return json_safe(json.dumps(value, ensure_ascii=False))
    return visible(value, newlines=True) if isinstance(value, str) else value


def _plain(text: str):  # -> rich.text.Text: user text is never read as rich markup
    from rich.text import Text

    from liuliqiao_cli.render.text import visible

    return Text(visible(text, newlines=True))  # a control character would break the alignment
