"""Full-text search of complaints.

Search has two routes, chosen per term:

* a term of 3+ characters is a phrase on the FTS5 trigram table ``complaints_fts`` (text and
  place), ranked by bm25;
* a term of 1-2 characters (垃圾, 灯) cannot be served by a trigram index: SQLite 3.40 even returns
  *no rows* for ``LIKE '%垃圾%'`` on a trigram table. Such terms are matched on ``complaints``
  itself (``instr`` when the term has no ASCII letter, else ``LIKE`` with ``%``/``_`` escaped).

Several terms must all match. Both routes fold ASCII case only in the same way (trigram folds
other scripts too; ``LIKE`` does not: a 1-2 character term in Cyrillic capitals is case-sensitive).

Ranking a frequent term over a million complaints costs ~0.3 s (FTS5 computes bm25 for every
match before sorting), so the FTS route ranks the newest ``RANK_WINDOW`` matches (~5 ms; all of
them for a term that matches fewer). Searches with short terms only list the newest first.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.complaints.names import LABEL_SQL
from liuliqiao_cli.errors import UsageError

# The columns of a search result: the same keys as the complaint listings.
SEARCH_COLUMNS = (
    "id",
    "received_at",
    "status",
    "building",
    "place",
    "item",
    "company",
    "text",
    "name",  # what a person reads: B17, or the number (complaints/names.py)
)
RANK_WINDOW = 2000


TERM_MAX = 100
TERMS_MAX = 10


SHORT_TERM = 3  # terms shorter than this go to the plain-table route


def parse_terms(words: Sequence[str]) -> list[str]:
    """Split what the user typed into terms (whitespace, full-width space included)."""
    terms: list[str] = []
    for word in words:
        for term in word.split():
            if term not in terms:
                terms.append(term)
    if not terms:
        raise UsageError("find.search_empty")
    if len(terms) > TERMS_MAX:
        raise UsageError("find.search_too_many", count=len(terms), limit=TERMS_MAX)
    for term in terms:
        if len(term) > TERM_MAX:
            raise UsageError("find.search_too_long", limit=TERM_MAX)
    return terms


def _phrase(term: str) -> str:
    """An FTS5 phrase: the term in double quotes, inner quotes doubled (no operator survives)."""
    return '"' + term.replace('"', '""') + '"'


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _plain_condition(term: str, params: list[Any]) -> str:
    """One short term on complaints.text or complaints.place (NULL place never matches)."""
    if _ASCII_LETTER.search(term):
        # LIKE folds ASCII case, as the trigram tokenizer does.
        params.extend([_like_pattern(term)] * 2)
        return "(complaints.text LIKE ? ESCAPE '\\' OR complaints.place LIKE ? ESCAPE '\\')"
    # instr() is exact and ~30% cheaper than LIKE on a full scan; same answer without letters.
    params.extend([term] * 2)
    return "(instr(complaints.text, ?) > 0 OR instr(complaints.place, ?) > 0)"


def search_query(
    long_terms: Sequence[str], short_terms: Sequence[str], *, limit: int, open_only: bool
) -> tuple[str, list[Any]]:
    """The SQL of a search. ``long_terms`` use the trigram table (each at least 3 characters);
    ``short_terms`` the plain table. Long terms are ranked by bm25 within their newest
    ``max(RANK_WINDOW, limit)`` matches (see the module docstring)."""
    columns = ", ".join(
        f"CAST({LABEL_SQL} AS TEXT) AS name" if c == "name" else f"complaints.{c}"
        for c in SEARCH_COLUMNS
    )
    where: list[str] = []
    params: list[Any] = []
    if open_only:
        where.append("complaints.status IN (" + ", ".join("?" for _ in status.OPEN_STATUSES) + ")")
        params.extend(status.OPEN_STATUSES)
    for term in short_terms:
        where.append(_plain_condition(term, params))
    if not long_terms:
        sql = f"SELECT {columns} FROM complaints"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql + " ORDER BY complaints.id DESC LIMIT ?", [*params, limit]
    match = " AND ".join(_phrase(t) for t in long_terms)
    filters = "".join(f" AND {w}" for w in where)
    # The inner query walks the matches newest first (cheap: doclist order) and stops after the
    # window; bm25 is computed for those rows only.
    inner = (
        f"SELECT {columns}, bm25(complaints_fts) AS score"
        " FROM complaints_fts JOIN complaints ON complaints.id = complaints_fts.rowid"
        f" WHERE complaints_fts MATCH ?{filters}"
        " ORDER BY complaints_fts.rowid DESC LIMIT ?"
    )
    outer = ", ".join(SEARCH_COLUMNS)
    sql = f"SELECT {outer} FROM ({inner}) ORDER BY score, id DESC LIMIT ?"
    return sql, [match, *params, max(RANK_WINDOW, limit), limit]


@dataclass(frozen=True)
class Names:
    """Names of items and companies for display: what ``estate.load`` gives, read with two small
    queries (importing the estate module costs start-up time that search cannot spare)."""

    items: dict[str, tuple[str, str]]
    companies: dict[str, tuple[str, str]]

    def item_name(self, code: str, lang: str = "zh") -> str:
        zh, en = self.items.get(code, (code, code))
        return zh if lang == "zh" or not en else en

    def company_name(self, code: str, lang: str = "zh") -> str:
        zh, en = self.companies.get(code, (code, code))
        return zh if lang == "zh" or not en else en


def names(conn: sqlite3.Connection) -> Names:
    return Names(
        {r[0]: (r[1], r[2]) for r in conn.execute("SELECT code, name, name_en FROM items")},
        {r[0]: (r[1], r[2]) for r in conn.execute("SELECT code, name, name_en FROM companies")},
    )


def split_terms(terms: Sequence[str]) -> tuple[list[str], list[str]]:
    """(terms for the trigram table, terms for the plain table)."""
    long_terms = [t for t in terms if len(t) >= SHORT_TERM]
    short_terms = [t for t in terms if len(t) < SHORT_TERM]
    return long_terms, short_terms


def search(
    conn: sqlite3.Connection, terms: Sequence[str], *, limit: int = 50, open_only: bool = False
) -> Iterator[dict[str, Any]]:
    """Complaints matching every term, best first (see the module docstring), at most ``limit``.

    Rows are dicts with :data:`SEARCH_COLUMNS`; they are read lazily from the cursor."""
    if limit < 1:
        raise UsageError("find.bad_limit", value=limit)
    long_terms, short_terms = split_terms(terms)
    sql, params = search_query(long_terms, short_terms, limit=limit, open_only=open_only)
    cursor = conn.execute(sql, params)
    return (dict(zip(SEARCH_COLUMNS, row, strict=False)) for row in cursor)


def numbers_starting(
    conn: sqlite3.Connection, prefix: str, *, open_only: bool, limit: int
) -> list[tuple[int, str]]:
    """(number, text) of the newest complaints whose number starts with ``prefix`` (any number
    when empty), open ones only if asked: what shell completion offers for a complaint."""
    where = []
    params: list[Any] = []
    if open_only:
        where.append("status IN (" + ", ".join("?" for _ in status.OPEN_STATUSES) + ")")
        params.extend(status.OPEN_STATUSES)
    if prefix:
        where.append("CAST(id AS TEXT) LIKE ?")
        params.append(prefix + "%")
    sql = "SELECT id, text FROM complaints"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = conn.execute(sql + " ORDER BY id DESC LIMIT ?", (*params, limit)).fetchall()
    return [(r[0], r[1]) for r in rows]
