"""Finding things in the ledger: full-text search, the history of changes, and undo.

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

Undo reverts the last change that is neither an undo nor undone already. What it can revert and
how is documented on :func:`plan_undo`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from liuliqiao_cli import status
from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import LedgerError, NotFound, UsageError

# The columns of a search result: the same keys as the complaint listings.
SEARCH_COLUMNS = ("id", "received_at", "status", "building", "place", "item", "company", "text")
RANK_WINDOW = 2000
TERM_MAX = 100
TERMS_MAX = 10
SHORT_TERM = 3  # terms shorter than this go to the plain-table route


# --- search ----------------------------------------------------------------------------------


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
    columns = ", ".join(f"complaints.{c}" for c in SEARCH_COLUMNS)
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


# --- history ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    id: int
    at: str
    actor: str
    kind: str
    complaint_id: int | None
    subject: str
    subject_id: int | None
    data: dict[str, Any]
    undoes: int | None


EVENT_COLUMNS = "id, at, actor, kind, complaint_id, subject, subject_id, data, undoes"


def _event(row: sqlite3.Row | tuple[Any, ...]) -> Event:
    try:
        data = json.loads(row[7] or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    return Event(row[0], row[1], row[2], row[3], row[4], row[5], row[6], data, row[8])


def complaint_exists(conn: sqlite3.Connection, complaint_id: int) -> bool:
    return (
        conn.execute("SELECT 1 FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        is not None
    )


def history(
    conn: sqlite3.Connection,
    *,
    since: date | None = None,
    until: date | None = None,
    complaint_id: int | None = None,
    limit: int = 50,
) -> list[Event]:
    """Events across the ledger, newest first; ``until`` is inclusive (the whole day)."""
    if limit < 1:
        raise UsageError("find.bad_limit", value=limit)
    if since is not None and until is not None and until < since:
        raise UsageError("dates.range", since=since.isoformat(), until=until.isoformat())
    if complaint_id is not None and not complaint_exists(conn, complaint_id):
        raise NotFound("find.complaint_unknown", id=complaint_id)
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("at >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("at < ?")
        params.append((until + timedelta(days=1)).isoformat())
    if complaint_id is not None:
        where.append("complaint_id = ?")
        params.append(complaint_id)
    sql = f"SELECT {EVENT_COLUMNS} FROM events"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY at DESC, id DESC LIMIT ?"
    return [_event(r) for r in conn.execute(sql, [*params, limit])]


# --- undo ------------------------------------------------------------------------------------

# Events that record no change of the ledger (a privacy record) are never "the last change".
NOT_CHANGES = (status.EV_CONTACTS,)
# Columns undo never writes: identity, and the stamps it sets itself.
_FIXED = ("id", "uuid", "created_at", "updated_at")
# How far back to look for the last change; a ledger with more undo/undone pairs than this in a
# row at its end is refused rather than scanned without bound.
_SCAN = 10_000


@dataclass
class Revert:
    """What undoing one event does to its complaint."""

    event: Event
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # column: (now, restored)
    tags_removed: list[str] = field(default_factory=list)  # added by the event, taken off
    tags_restored: list[str] = field(default_factory=list)  # removed by the event, put back
    withdraws_note: bool = False


@dataclass
class UndoPlan:
    """The last change (one command: one or two events) and what undoing it will do."""

    reverts: list[Revert]  # newest first: the order they are applied in

    @property
    def event_ids(self) -> list[int]:
        return [r.event.id for r in self.reverts]

    @property
    def complaint_id(self) -> int | None:
        return self.reverts[0].event.complaint_id


def _last_changes(conn: sqlite3.Connection) -> list[Event]:
    """The newest events that are changes, not undos and not undone, newest first (two at most:
    enough to see the pairs one command writes)."""
    undone: set[int] = set()
    found: list[Event] = []
    for row in conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id DESC LIMIT ?", (_SCAN,)
    ):
        event = _event(row)
        if event.kind == status.EV_UNDO:
            if event.undoes is not None:
                undone.add(event.undoes)
            continue
        if event.kind in NOT_CHANGES or event.id in undone:
            continue
        found.append(event)
        if len(found) == 2:
            break
    return found


def _same_command(first: Event, second: Event) -> bool:
    """``followup`` writes followup then close/reopen; re-routing a disputed complaint writes
    route then dispatch (lifecycle.py). Both halves are one change for the worker."""
    if (first.complaint_id, first.at, first.actor) != (
        second.complaint_id,
        second.at,
        second.actor,
    ):
        return False
    if second.kind in (status.EV_CLOSE, status.EV_REOPEN):
        return first.kind == status.EV_FOLLOWUP
    return first.kind == status.EV_ROUTE and second.kind == status.EV_DISPATCH


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b or str(a) == str(b)


def _complaint_columns(conn: sqlite3.Connection) -> set[str]:
    return {r[1] for r in conn.execute("PRAGMA table_info(complaints)")}


def _label(prefix: str, code: str) -> str:
    """A code's name in the user's language for an error message (the code when unnamed)."""
    from liuliqiao_cli.i18n import has, t

    key = f"{prefix}.{code}"
    if prefix == "event" and not has(key):
        key = f"find.kind.{code}"  # kinds of meetings, overrides, imports
    return t(key) if has(key) else code


def _refuse_changed(event: Event, column: str) -> LedgerError:
    return LedgerError(
        "find.undo_changed_since",
        event=event.id,
        id=event.complaint_id,
        column=_label("find.field", column),
    )


def _revert(event: Event, row: dict[str, Any], tags: set[str], columns: set[str]) -> Revert:
    """What undoing ``event`` does, checked against the complaint as it is (``row``, ``tags``),
    which is updated as if the revert were applied (so that a pair can be planned)."""
    data = event.data
    plan = Revert(event)
    if event.kind == status.EV_CREATE:
        # Events are append-only and point at the complaint, so a recorded complaint is never
        # deleted: undoing its creation rejects it (reason "undo"), as `reject` would.
        for column, value in (data.get("after") or {}).items():
            if column in columns and column not in _FIXED and not _same(row.get(column), value):
                raise _refuse_changed(event, column)
        plan.changes["status"] = (row["status"], status.REJECTED)
        row["status"] = status.REJECTED
        return plan
    before = data.get("before")
    after = data.get("after")
    added, removed = data.get("added"), data.get("removed")
    has_columns = isinstance(before, dict) and isinstance(after, dict)
    has_tags = isinstance(added, list) or isinstance(removed, list)
    if not has_columns and not has_tags:
        if event.kind == status.EV_NOTE:
            plan.withdraws_note = True
            return plan
        raise LedgerError("find.undo_unsupported", event=event.id, kind=_label("event", event.kind))
    if has_columns:
        assert isinstance(before, dict) and isinstance(after, dict)
        for column in (*before, *after):
            if column not in columns:
                raise LedgerError(
                    "find.undo_unsupported", event=event.id, kind=_label("event", event.kind)
                )
        for column, value in after.items():
            if column not in _FIXED and not _same(row.get(column), value):
                raise _refuse_changed(event, column)
        for column, value in before.items():
            if column in _FIXED or _same(row.get(column), value):
                continue
            plan.changes[column] = (row.get(column), value)
            row[column] = value
    if has_tags:
        for tag in added or []:
            if tag not in tags:
                raise _refuse_changed(event, "tags")
        for tag in removed or []:
            if tag in tags:
                raise _refuse_changed(event, "tags")
        plan.tags_removed = [str(t) for t in added or []]
        plan.tags_restored = [str(t) for t in removed or []]
        tags.difference_update(plan.tags_removed)
        tags.update(plan.tags_restored)
    return plan


def plan_undo(conn: sqlite3.Connection) -> UndoPlan:
    """The last change and how it will be reverted; raises when there is none or it cannot be.

    Rules: only complaint changes are reverted (duty overrides, rotations and meetings have their
    own commands to revoke or correct; undo refuses and names the change). Column changes go back
    to their "before" values, tag changes are inverted, a note is marked withdrawn (events are
    never deleted), and the creation of a complaint is undone by rejecting it (status
    ``rejected``; ``reopen`` brings it back). The complaint must still hold the values the event
    wrote, else undo refuses and says which value changed. The two events of one command
    (follow-up + close/reopen, route + dispatch) are undone together.
    """
    events = _last_changes(conn)
    if not events:
        raise LedgerError("find.undo_nothing")
    last = events[0]
    if last.subject != "complaint" or last.complaint_id is None:
        raise LedgerError(
            "find.undo_not_complaint",
            event=last.id,
            subject=_label("find.subject", last.subject),
            kind=_label("event", last.kind),
            subject_id=last.subject_id if last.subject_id is not None else "",
        )
    group = [last]
    if len(events) > 1 and _same_command(events[1], last):
        group.append(events[1])
    r = conn.execute("SELECT * FROM complaints WHERE id = ?", (last.complaint_id,)).fetchone()
    if r is None:
        raise NotFound("find.complaint_unknown", id=last.complaint_id)
    row = dict(r)
    tags = {
        t[0]
        for t in conn.execute(
            "SELECT tag FROM complaint_tags WHERE complaint_id = ?", (last.complaint_id,)
        )
    }
    columns = _complaint_columns(conn)
    return UndoPlan([_revert(e, row, tags, columns) for e in group])


def undo(
    conn: sqlite3.Connection, *, event_ids: Sequence[int], now: datetime, actor: str
) -> list[int]:
    """Revert the last change, which must still be the events ``event_ids`` (the ones the user
    saw in the preview), in one transaction. Returns the ids of the undo events written."""
    from liuliqiao_cli.db import transaction
    from liuliqiao_cli.history import record_event

    with transaction(conn):
        plan = plan_undo(conn)
        if plan.event_ids != list(event_ids):
            raise LedgerError("find.undo_moved", event=event_ids[0] if event_ids else 0)
        complaint_id = plan.complaint_id
        written: list[int] = []
        for revert in plan.reverts:
            changes = {c: restored for c, (_, restored) in revert.changes.items()}
            data: dict[str, Any] = {"undone_kind": revert.event.kind}
            if changes:
                changes["updated_at"] = iso(now)
                sets = ", ".join(f"{c} = ?" for c in changes)  # names checked against the table
                old = conn.execute(
                    f"SELECT {', '.join(changes)} FROM complaints WHERE id = ?", (complaint_id,)
                ).fetchone()
                conn.execute(
                    f"UPDATE complaints SET {sets} WHERE id = ?", (*changes.values(), complaint_id)
                )
                data["before"] = dict(zip(changes, old, strict=False))
                data["after"] = changes
            if revert.tags_removed or revert.tags_restored:
                conn.executemany(
                    "DELETE FROM complaint_tags WHERE complaint_id = ? AND tag = ?",
                    [(complaint_id, t) for t in revert.tags_removed],
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO complaint_tags (complaint_id, tag) VALUES (?, ?)",
                    [(complaint_id, t) for t in revert.tags_restored],
                )
                data["added"] = revert.tags_restored
                data["removed"] = revert.tags_removed
            if revert.event.kind == status.EV_CREATE:
                data["reason"] = "undo"
            written.append(
                record_event(
                    conn,
                    kind=status.EV_UNDO,
                    actor=actor,
                    at=now,
                    complaint_id=complaint_id,
                    data=data,
                    undoes=revert.event.id,
                )
            )
        return written
