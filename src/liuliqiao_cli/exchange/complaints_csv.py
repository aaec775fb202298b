"""The ``csv`` export: the period's complaints as the listing's CSV, for a spreadsheet."""

from __future__ import annotations

import sqlite3
from typing import IO, TYPE_CHECKING

from liuliqiao_cli.complaints import read
from liuliqiao_cli.render.exchange_view import csv_columns
from liuliqiao_cli.render.output import emit

if TYPE_CHECKING:
    from liuliqiao_cli.exchange.jsonl import ExportScope


def write(conn: sqlite3.Connection, out: IO[str], scope: ExportScope) -> int:
    """Every complaint received in the period (contacts unmasked, and recorded, if asked)."""
    rows = read.list_complaints(
        conn,
        read.ListFilters(since=scope.since, until=scope.until, with_contacts=scope.with_contacts),
        now=scope.now,
        actor=scope.actor,
    )
    out.write("\ufeff")  # UTF-8 with BOM: Excel then reads the Chinese correctly
    return emit(csv_columns(), rows, "csv", out=out)
