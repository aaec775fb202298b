"""Text as a terminal shows it: how many cells it takes, and its control characters made visible.

Every text renderer (rich tables, the plain tables, the summary's mail text, the Excel column
widths) measures and cleans text with these two functions, so that their columns line up alike.
"""

from __future__ import annotations

import unicodedata


def cells(text: str) -> int:
    """Terminal cells of ``text``: East Asian wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def visible(text: object, *, newlines: bool) -> str:
    """``text`` (None: empty) with control and other non-printable characters as escapes
    (``\\x07``, ``\\t``, ``\\x1b``, ``\\u202e`` ...): a resident's text can neither drive the terminal
    nor break a table's alignment. ``newlines=True`` keeps line breaks, for output that wraps on
    them (a rich table cell, the lines of ``show``); ``False`` escapes them too, for a row that
    must stay one line."""
    s = "" if text is None else str(text)
    if s.isprintable():
        return s
    return "".join(
        ch if ch.isprintable() or (newlines and ch == "\n") else repr(ch)[1:-1] for ch in s
    )
