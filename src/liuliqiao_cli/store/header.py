"""What a file that SQLite cannot open as a database is: not SQLite at all, an SQLite file cut
short (a copy or a download that did not finish), or one damaged inside. Read from the first 100
bytes, the database header (https://www.sqlite.org/fileformat.html#the_database_header)."""

from __future__ import annotations

from pathlib import Path

from liuliqiao_cli.errors import LedgerFileError

MAGIC = b"SQLite format 3\x00"


def expected_size(header: bytes) -> int | None:
    """The size the header records (page size x page count), or None when it records none
    (the in-header page count is valid only when written by the same change as the header)."""
    if len(header) < 100 or not header.startswith(MAGIC):
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages == 0 or header[24:28] != header[92:96]:
        return None
    return page_size * pages


def unreadable(path: Path) -> LedgerFileError:
    """The error for a ``path`` that SQLite refused to read as a database."""
    try:
        with open(path, "rb") as file:
            header = file.read(100)
        size = path.stat().st_size
    except OSError:
        header, size = b"", 0
    if not header.startswith(MAGIC):
        return LedgerFileError("file.not_sqlite", path=str(path))
    expected = expected_size(header)
    if expected is not None and size < expected:
        return LedgerFileError("file.truncated", path=str(path), size=size, expected=expected)
    return LedgerFileError("file.damaged", path=str(path))
