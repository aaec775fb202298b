"""The bulk path: many complaints, with their contacts, tags and events, in ONE transaction.

Used by ``benchmarks/generate.py``; meant for any bulk import (issue 7's JSONL/CSV). Row-at-a-time
inserts pay the full-text triggers once per row and, with sqlite-utils' ``insert_all``, a commit
every ~83 rows of a wide table; this path instead:

- takes one ``BEGIN IMMEDIATE`` (or joins the caller's transaction),
- defers foreign-key checks to the commit (``PRAGMA defer_foreign_keys``), so rows can arrive in
  any order and ids are assigned here, without a round trip per row,
- into a (nearly) empty table, drops its secondary indexes and builds them once at the end,
- drops the ``complaints_fts`` triggers for the duration of the load and recreates them with
  exactly the SQL they had (the schema is unchanged afterwards; other connections never see the
  gap, since they read the last committed snapshot and cannot write meanwhile),
- into a (nearly) empty ledger, drops the triggers of the running totals (``counts.py``) and
  rebuilds them once at the end,
- brings the search index up to date once at the end: ``INSERT INTO complaints_fts(complaints_fts)
  VALUES('rebuild')`` when the load dominates the table, else indexes only the new rows.

The triggers go off and back on through :mod:`liuliqiao_cli.store.triggers`, as for the imports.

Memory is flat in the number of rows: records are consumed in chunks.

Records are plain dicts whose keys are column names. The caller validates them (this module
only lets SQLite's constraints fail loudly: any error rolls the whole load back, nothing is
half-written).

Complaint dict
    Any column of ``complaints``. ``id`` is assigned (after the current maximum) when absent;
    ``uuid`` is generated when absent; columns with a declared default may be omitted
    (``routing_note``, ``urgency``). Three extra keys:
    ``contact``: ``{"name": ..., "phone": ..., "uuid": ...?}``, the originals stored in the
    companion file (first, committed per chunk), the masked forms in ``contacts``, linked through
    ``contact_id``; personal data in ``text`` and ``routing_note`` is masked the same way;
    ``tags``: a list of tag strings;
    ``events``: a list of event dicts for this complaint (their ``complaint_id`` is filled in).

Event dict
    Any column of ``events``. ``uuid`` is generated when absent; ``data`` may be a dict (stored as
    JSON the way :func:`history.record_event` does) or an already-serialised JSON string;
    ``subject`` defaults to ``'complaint'`` and ``subject_id`` to the complaint's id; a complaint's
    nested events get ``rev`` 1, 2 ... in their order unless they carry one.
    A top-level event (the ``events`` argument of :func:`bulk_insert`) names its complaint by
    ``complaint_id`` or by ``complaint_uuid``.

Example::

    from liuliqiao_cli.store.bulk import bulk_insert
    n = bulk_insert(conn, ({"received_at": ..., "text": ..., ...,
                            "events": [{"kind": "create", "at": ..., "actor": ...}]}
                           for row in rows))
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any

from liuliqiao_cli.complaints.privacy import mask_name, mask_phone, scrub
from liuliqiao_cli.store import companion, triggers
from liuliqiao_cli.store.ids import new_uuid
from liuliqiao_cli.store.triggers import FTS_TABLE

CHUNK = 5_000
# Below this many rows, a table's secondary indexes are dropped for the load and built once at
# the end (a sorted build beats millions of B-tree insertions); above it, rebuilding them would
# cost more than it saves for a typical import.
SMALL_TABLE = 10_000


@dataclass
class BulkResult:
    """What a load wrote (``bulk_insert`` returns only ``complaints``)."""

    complaints: int = 0
    contacts: int = 0
    tags: int = 0
    events: int = 0
    fts: str = ""  # 'rebuild', 'incremental' or '' (nothing new to index)
    first_id: int | None = None
    last_id: int | None = None


@dataclass
class _Table:
    name: str
    columns: list[str]
    known: frozenset[str]  # the keys a record may have
    template: dict[str, Any]  # every column, with its declared default (or None)
    getter: Any  # operator.itemgetter over ``columns``: record -> row tuple, in C

    @property
    def insert_sql(self) -> str:
        cols = ", ".join(self.columns)
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO {self.name} ({cols}) VALUES ({marks})"


def _literal(text: str | None) -> Any:
    """A column's declared default (PRAGMA table_info's ``dflt_value``) as a Python value."""
    if text is None or text.upper() == "NULL":
        return None
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None


def _table(conn: sqlite3.Connection, name: str, extra: tuple[str, ...] = ()) -> _Table:
    info = conn.execute(f"PRAGMA table_info({name})").fetchall()
    columns = [row[1] for row in info]
    return _Table(
        name,
        columns,
        known=frozenset(columns) | frozenset(extra),
        template={row[1]: _literal(row[4]) for row in info},
        getter=itemgetter(*columns),
    )


def _row(table: _Table, record: Mapping[str, Any]) -> tuple[Any, ...]:
    unknown = record.keys() - table.known
    if unknown:
        raise ValueError(f"unknown {table.name} field(s): {', '.join(sorted(unknown))}")
    return table.getter({**table.template, **record})  # type: ignore[no-any-return]


def _chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@contextmanager
def _indexes_deferred(conn: sqlite3.Connection, tables: list[str]) -> Iterator[None]:
    """Drop the explicit indexes of ``tables`` (not the UNIQUE constraints' own); recreate them
    with the same SQL after the load, in the same transaction (a unique index that the new rows
    violate fails there and the whole load rolls back)."""
    saved: list[tuple[str, str]] = []
    for table in tables:
        saved += conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL ORDER BY name",
            (table,),
        ).fetchall()
    for name, _ in saved:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in saved:
        conn.execute(sql)


def _has_fts(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
        ).fetchone()
        is not None
    )


def _event_row(
    events: _Table, event: Mapping[str, Any], complaint_id: int | None
) -> tuple[Any, ...]:
    unknown = event.keys() - events.known
    if unknown:
        raise ValueError(f"unknown events field(s): {', '.join(sorted(unknown))}")
    record = {**events.template, **event}
    if complaint_id is not None:
        record["complaint_id"] = complaint_id
    if not record["uuid"]:
        record["uuid"] = new_uuid()
    data = record["data"]
    if data is None:
        record["data"] = "{}"
    elif not isinstance(data, str):
        record["data"] = json.dumps(data, ensure_ascii=False, sort_keys=True)
    if record["subject_id"] is None:
        record["subject_id"] = record["complaint_id"]
    return events.getter(record)  # type: ignore[no-any-return]


def bulk_load(
    conn: sqlite3.Connection,
    complaints: Iterable[Mapping[str, Any]],
    events: Iterable[Mapping[str, Any]] = (),
    *,
    fts: str = "auto",
) -> BulkResult:
    """Insert complaints (with nested contact, tags, events) and then ``events``, in one
    transaction, and bring the search index up to date once. See the module docstring for the
    record shapes.

    ``fts``: ``'auto'`` rebuilds the whole index when the new complaints outnumber the ones
    already there (or an explicit id falls below the previous maximum), and otherwise indexes
    just the new rows; ``'rebuild'`` always rebuilds.

    If the caller already holds a transaction (``conn.in_transaction``), the load joins it and the
    caller commits; otherwise the load is its own ``BEGIN IMMEDIATE`` ... ``COMMIT``.
    """
    if fts not in ("auto", "rebuild"):
        raise ValueError("fts must be 'auto' or 'rebuild'")
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        result = _load(conn, complaints, events, fts)
        if own:
            conn.execute("COMMIT")  # deferred foreign keys are checked here and may refuse it
    except BaseException:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def bulk_insert(
    conn: sqlite3.Connection,
    complaints: Iterable[Mapping[str, Any]],
    events: Iterable[Mapping[str, Any]] = (),
) -> int:
    """Insert complaints and events in one transaction (see :func:`bulk_load`); returns the
    number of complaints inserted."""
    return bulk_load(conn, complaints, events).complaints


def _load(
    conn: sqlite3.Connection,
    complaints: Iterable[Mapping[str, Any]],
    events: Iterable[Mapping[str, Any]],
    fts: str,
) -> BulkResult:
    conn.execute("PRAGMA defer_foreign_keys = ON")  # reset by SQLite at the end of the transaction
    ctab = _table(conn, "complaints", extra=("contact", "tags", "events"))
    etab = _table(conn, "events", extra=("complaint_uuid",))
    ktab = _table(conn, "contacts")
    existing, max_before = conn.execute(
        "SELECT count(*), coalesce(max(id), 0) FROM complaints"
    ).fetchone()
    next_id = max_before + 1
    next_contact = conn.execute("SELECT coalesce(max(id), 0) FROM contacts").fetchone()[0] + 1
    keep = companion.service_phones(conn)
    result = BulkResult()
    below_max = False
    first_id: int | None = None
    last_id = 0
    with_fts = _has_fts(conn)
    small = [
        t
        for t in ("complaints", "events")
        if conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {t} LIMIT ?)", (SMALL_TABLE,)
        ).fetchone()[0]
        < SMALL_TABLE
    ]
    # Into a (nearly) empty ledger the running totals are rebuilt once at the end; into a big
    # one their triggers stay on, so a small load costs in proportion to itself.
    with (
        # exits after the indexes are back: the totals' rebuild needs events_undoes
        triggers.bulk_triggers_off(conn, fts=with_fts, totals="complaints" in small),
        _indexes_deferred(conn, small),
    ):
        for chunk in _chunks(complaints):
            rows: list[tuple[Any, ...]] = []
            contact_rows: list[tuple[Any, ...]] = []
            private: list[tuple[str, str, str]] = []  # to the companion file, first
            found: list[tuple[str, str, str, str]] = []
            tag_rows: list[tuple[int, str]] = []
            event_rows: list[tuple[Any, ...]] = []
            for record in chunk:
                c = {**record}
                contact = c.get("contact")
                cid = c.get("id")
                if cid is None:
                    cid = c["id"] = next_id
                    next_id += 1
                else:
                    if cid <= max_before:
                        below_max = True
                    next_id = max(next_id, cid + 1)
                if not c.get("uuid"):
                    c["uuid"] = new_uuid()
                found += _scrubbed(c, keep)
                if contact:
                    k = {**contact}
                    if k.get("id") is None:
                        k["id"] = next_contact
                    next_contact = max(next_contact, k["id"]) + 1
                    if not k.get("uuid"):
                        k["uuid"] = new_uuid()
                    private.append((k["uuid"], k.get("name") or "", k.get("phone") or ""))
                    k["name"], k["phone"] = mask_name(k.get("name")), mask_phone(k.get("phone"))
                    contact_rows.append(_row(ktab, k))
                    c["contact_id"] = k["id"]
                rows.append(_row(ctab, c))
                tags = c.get("tags")
                if tags:
                    tag_rows.extend((cid, tag) for tag in tags)
                nested = c.get("events")
                if nested:
                    # a complaint's history in order: rev 1, 2 ... (see store/history.py)
                    event_rows.extend(
                        _event_row(etab, e if "rev" in e else {**e, "rev": n}, cid)
                        for n, e in enumerate(nested, start=1)
                    )
                if first_id is None:
                    first_id = cid
                last_id = max(last_id, cid)
            if private or found:
                companion.of(conn).stash(contacts=private, found=found)
            if contact_rows:
                conn.executemany(ktab.insert_sql, contact_rows)
            conn.executemany(ctab.insert_sql, rows)
            if tag_rows:
                conn.executemany(
                    "INSERT OR IGNORE INTO complaint_tags (complaint_id, tag) VALUES (?, ?)",
                    tag_rows,
                )
            if event_rows:
                conn.executemany(etab.insert_sql, event_rows)
            result.complaints += len(rows)
            result.contacts += len(contact_rows)
            result.tags += len(tag_rows)
            result.events += len(event_rows)
        result.events += _insert_events(conn, etab, events)
        result.first_id, result.last_id = first_id, (last_id or None)
        if with_fts and result.complaints:
            if fts == "rebuild" or below_max or result.complaints >= existing:
                triggers.rebuild_search_index(conn)
                result.fts = "rebuild"
            else:
                columns = _fts_columns(conn)
                cols = ", ".join(columns)
                conn.execute(
                    f"INSERT INTO {FTS_TABLE} (rowid, {cols}) SELECT id, {cols} FROM complaints"
                    " WHERE id > ?",
                    (max_before,),
                )
                result.fts = "incremental"
    return result


def _scrubbed(c: dict[str, Any], keep: frozenset[str]) -> list[tuple[str, str, str, str]]:
    """Mask personal data in the record's text and routing note (in place); what was found."""
    found: list[tuple[str, str, str, str]] = []
    for key in ("text", "routing_note"):
        value = c.get(key)
        if isinstance(value, str) and value:
            result = scrub(value, keep)
            if result.found:
                c[key] = result.text
                found += [(c["uuid"], f.kind, f.masked, f.original) for f in result.found]
    return found


def _fts_columns(conn: sqlite3.Connection) -> list[str]:
    # An external-content FTS5 table lists its indexed columns like a table does.
    return [r[1] for r in conn.execute(f"PRAGMA table_info({FTS_TABLE})")]


def _insert_events(
    conn: sqlite3.Connection, etab: _Table, events: Iterable[Mapping[str, Any]]
) -> int:
    """Top-level events; ``complaint_uuid`` is resolved in SQL (unique index), not in memory."""
    count = 0
    for chunk in _chunks(events):
        by_id, by_uuid = [], []
        for event in chunk:
            ref = event.get("complaint_uuid")
            if ref is not None and event.get("complaint_id") is None:
                by_uuid.append((ref, _event_row(etab, {**event, "complaint_id": None}, None)))
            else:
                by_id.append(_event_row(etab, event, None))
        if by_id:
            conn.executemany(etab.insert_sql, by_id)
        for ref, row in by_uuid:
            found = conn.execute("SELECT id FROM complaints WHERE uuid = ?", (ref,)).fetchone()
            if found is None:
                raise ValueError(f"event for unknown complaint uuid {ref}")
            values = dict(zip(etab.columns, row, strict=True))
            values["complaint_id"] = found[0]
            if values.get("subject_id") is None:
                values["subject_id"] = found[0]
            conn.execute(etab.insert_sql, tuple(values[c] for c in etab.columns))
        count += len(chunk)
    return count
