"""Many values looked up at once (``WHERE x IN (?, ?, ...)``) in a few statement texts.

sqlite3 keeps the last 128 statements it prepared, by their text. A list of placeholders as long
as each batch's values gave a new text almost every batch, and a statement with hundreds of
parameters holds ~100 KB compiled: over a long import the cache filled with 128 of them and the
process's memory grew with the ledger (issue 17: 54 MB at 100,000 complaints, 69 MB at
1,000,000). Each list is padded with NULLs, which match nothing, to one of a few lengths.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

LIMIT = 900  # values per statement (SQLite allowed 999 parameters before 3.32)
LENGTHS = (4, 16, 64, 256, LIMIT)

T = TypeVar("T")


def chunks(values: Sequence[T]) -> Iterator[tuple[str, list[T | None]]]:
    """``values`` at most :data:`LIMIT` at a time, as (placeholders, parameters) of one of
    :data:`LENGTHS`."""
    for start in range(0, len(values), LIMIT):
        chunk: list[T | None] = list(values[start : start + LIMIT])
        length = next(n for n in LENGTHS if n >= len(chunk))
        chunk += [None] * (length - len(chunk))
        yield ",".join("?" * length), chunk
