"""Full-text search of complaints.

Search has two routes, chosen per term:

* a term of 3+ characters is a phrase on the FTS5 trigram table ``complaints_fts`` (text and
  place);
* a term of 1-2 characters (垃圾, 灯) cannot be served by a trigram index: SQLite 3.40 even returns
  *no rows* for ``LIKE '%垃圾%'`` on a trigram table. Such terms are matched on ``complaints``
  itself (``instr`` when the term has no ASCII letter, else ``LIKE`` with ``%``/``_`` escaped).

Several terms must all match. Both routes fold ASCII case only in the same way (trigram folds
other scripts too; ``LIKE`` does not: a 1-2 character term in Cyrillic capitals is case-sensitive).

Two orders (:data:`SORTS`). ``recent``, the default, is what a worker looking for "that
complaint" wants: open complaints first, then the rest, each newest first (by number, as
``list``). It reads the matches newest first and stops after ``limit`` of each kind, so it costs
what a listing costs. ``relevance`` ranks by bm25; ranking a frequent term over a million
complaints costs ~0.3 s (FTS5 computes bm25 for every match before sorting), so it ranks the
newest ``RANK_WINDOW`` matches (~5 ms; all of them for a term that matches fewer). Short terms
alone have no rank: they list the newest first.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
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
    "unit",
    "room",
    "place",
    "item",
    "company",
    "text",
    "name",  # what a person reads: B17, or the number (complaints/names.py)
)
RANK_WINDOW = 2000
RECENT_ROWS = 20_000  # the newest complaints walked for open matches (see _plain_open)
SORTS = ("recent", "relevance")


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


def _conditions(
    short_terms: Sequence[str], statuses: str | None, *, status_index: bool = True
) -> tuple[list[str], list[Any]]:
    """The WHERE conditions and their parameters, in order: the status (``open``: open
    complaints only, ``rest``: all others, None: any), then each short term. Without
    ``status_index`` the status test is written ``+status`` so that the planner keeps the
    rowid order instead of the status index."""
    where: list[str] = []
    params: list[Any] = []
    if statuses is not None:
        marks = ", ".join("?" for _ in status.OPEN_STATUSES)
        plus = "" if status_index else "+"
        where.append(
            f"{plus}complaints.status {'IN' if statuses == 'open' else 'NOT IN'} ({marks})"
        )
        params.extend(status.OPEN_STATUSES)
    for term in short_terms:
        where.append(_plain_condition(term, params))
    return where, params


_COLUMNS = ", ".join(
    f"CAST({LABEL_SQL} AS TEXT) AS name" if c == "name" else f"complaints.{c}"
    for c in SEARCH_COLUMNS
)

# A step of a search: one query whose rows come in the final order, and its parameters; the
# caller binds one more, the LIMIT (how many rows are still wanted).
Step = tuple[str, list[Any]]


def _fts_newest(
    long_terms: Sequence[str], short_terms: Sequence[str], statuses: str | None, extra: str = ""
) -> Step:
    """Matches of the long terms, newest first: the FTS doclist is in rowid order, so the walk
    stops as soon as it has enough."""
    where, params = _conditions(short_terms, statuses)
    match = " AND ".join(_phrase(t) for t in long_terms)
    filters = "".join(f" AND {w}" for w in where)
    sql = (
        f"SELECT {_COLUMNS}{extra} FROM complaints_fts"
        " JOIN complaints ON complaints.id = complaints_fts.rowid"
        f" WHERE complaints_fts MATCH ?{filters}"
        " ORDER BY complaints_fts.rowid DESC LIMIT ?"
    )
    return sql, [match, *params]


def _plain_newest(short_terms: Sequence[str], statuses: str | None) -> Step:
    """Matches of the short terms, walking the complaints table backwards (it stops as soon as
    it has enough; a rare term reads the whole table)."""
    where, params = _conditions(short_terms, statuses, status_index=False)
    sql = f"SELECT {_COLUMNS} FROM complaints"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY complaints.id DESC LIMIT ?", params


def _plain_open(short_terms: Sequence[str], boundary: int) -> list[Step]:
    """Open matches of the short terms, newest first, in two steps. Open complaints are few but
    spread over the whole ledger (some stay in progress for years): walking the table backwards
    for them reads all of it when fewer than the limit match. So the newest complaints (above
    ``boundary``) are walked, where most open ones are; older ones are read through the status
    index and sorted, which costs the number of old open complaints, not of the ledger."""
    walk_where, walk_params = _conditions(short_terms, "open", status_index=False)
    old_where, old_params = _conditions(short_terms, "open")
    walk = (
        f"SELECT {_COLUMNS} FROM complaints WHERE complaints.id > ? AND "
        + " AND ".join(walk_where)
        + " ORDER BY complaints.id DESC LIMIT ?"
    )
    old = (
        f"SELECT {_COLUMNS} FROM complaints WHERE complaints.id <= ? AND "
        + " AND ".join(old_where)
        + " ORDER BY +complaints.id DESC LIMIT ?"  # + : the status index, then a sort
    )
    return [(walk, [boundary, *walk_params]), (old, [boundary, *old_params])]


def search_steps(
    long_terms: Sequence[str],
    short_terms: Sequence[str],
    *,
    limit: int,
    open_only: bool,
    sort: str = "recent",
    newest_id: int = 0,
) -> list[Step]:
    """The queries of a search, run in turn until ``limit`` rows are found. ``long_terms``
    use the trigram table (each at least 3 characters), ``short_terms`` the plain table;
    ``newest_id`` is the highest complaint number (where the walk for open ones starts). See
    the module docstring for the two orders."""
    if sort == "relevance" and long_terms:
        # The inner query walks the matches newest first (cheap: doclist order) and stops after
        # the window; bm25 is computed for those rows only.
        inner, params = _fts_newest(
            long_terms,
            short_terms,
            "open" if open_only else None,
            ", bm25(complaints_fts) AS score",
        )
        outer = ", ".join(SEARCH_COLUMNS)
        sql = f"SELECT {outer} FROM ({inner}) ORDER BY score, id DESC LIMIT ?"
        return [(sql, [*params, max(RANK_WINDOW, limit)])]
    if sort == "relevance" and not open_only:  # short terms alone have no rank: newest first
        return [_plain_newest(short_terms, None)]
    if long_terms:
        steps = [_fts_newest(long_terms, short_terms, "open")]
        rest = _fts_newest(long_terms, short_terms, "rest")
    else:
        steps = _plain_open(short_terms, newest_id - RECENT_ROWS)
        rest = _plain_newest(short_terms, "rest")
    return steps if open_only else [*steps, rest]


@dataclass(frozen=True)
class Names:
    """Names of items and companies for display: what ``estate.load`` gives, read with two small
    queries (importing the estate module costs start-up time that search cannot spare)."""

    items: dict[str, tuple[str, str]]
    companies: dict[str, tuple[str, str]]
    complaints: dict[int, str] = field(default_factory=dict)  # numbers -> names, where named

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
    conn: sqlite3.Connection,
    terms: Sequence[str],
    *,
    limit: int = 50,
    open_only: bool = False,
    sort: str = "recent",
) -> Iterator[dict[str, Any]]:
    """Complaints matching every term in the order ``sort`` names (see the module docstring),
    at most ``limit``.

    Rows are dicts with :data:`SEARCH_COLUMNS`; they are read lazily from the cursor."""
    if limit < 1:
        raise UsageError("find.bad_limit", value=limit)
    if sort not in SORTS:
        raise UsageError("find.bad_sort", value=sort, choices=", ".join(SORTS))
    long_terms, short_terms = split_terms(terms)
    return search_rows(conn, long_terms, short_terms, limit=limit, open_only=open_only, sort=sort)


def search_rows(
    conn: sqlite3.Connection,
    long_terms: Sequence[str],
    short_terms: Sequence[str],
    *,
    limit: int,
    open_only: bool,
    sort: str,
) -> Iterator[dict[str, Any]]:
    """The rows of :func:`search_steps`, step after step until ``limit`` (terms already split:
    tests force a route with it)."""
    newest_id = 0
    if not long_terms and (sort == "recent" or open_only):
        newest_id = conn.execute("SELECT max(id) FROM complaints").fetchone()[0] or 0
    steps = search_steps(
        long_terms, short_terms, limit=limit, open_only=open_only, sort=sort, newest_id=newest_id
    )
    wanted = limit
    for sql, params in steps:
        for row in conn.execute(sql, [*params, wanted]):
            yield dict(zip(SEARCH_COLUMNS, row, strict=False))
            wanted -= 1
        if wanted == 0:
            return


def numbers_starting(
    conn: sqlite3.Connection, prefix: str, *, open_only: bool, limit: int
) -> list[tuple[str, str]]:
    """(name, text) of the newest complaints whose name starts with ``prefix`` (any when
    empty), open ones only if asked: what shell completion offers for a complaint. The name is
    what a person types: B17, or the number of a complaint without one (complaints/names.py)."""
    where = []
    params: list[Any] = []
    if open_only:
        where.append("status IN (" + ", ".join("?" for _ in status.OPEN_STATUSES) + ")")
        params.extend(status.OPEN_STATUSES)
    if prefix:
        where.append(f"CAST({LABEL_SQL} AS TEXT) LIKE ?")
        params.append(prefix + "%")
    sql = f"SELECT CAST({LABEL_SQL} AS TEXT), text FROM complaints"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = conn.execute(sql + " ORDER BY id DESC LIMIT ?", (*params, limit)).fetchall()
    return [(r[0], r[1]) for r in rows]
