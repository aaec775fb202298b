"""Ledger exchange: the JSON Lines file format, its export, and the export command.

The file
    Line 1 is a header: ``{"type": "header", "format": "liuliqiao-ledger", "version": 2,
    "schema": [migration names], "estate": {...}, "ledger": {"id": ..., "station": "B" | null},
    "exported_at": ..., "counts": {...}, "contacts": bool}``. Then one record per line,
    ``{"type": ..., "id": <its number there>, "uuid": ..., <every column of its table>}``, in an
    order where references point backwards: rotation, estate_version, contact (only with
    ``--with-contacts``), complaint (with its ``tags`` and ``history``), meeting (with ``agenda``
    and ``attendance``), decision, override, event. References to other records
    (``duplicate_of``, ``contact_id``, ``meeting_id``, ``complaint_id``, ``undoes``, an event's
    ``subject_id``, a version's ``event_id``) carry the UUID of the record, never a local number;
    two point forwards and are resolved at the end: a complaint's ``duplicate_of`` (to a later
    complaint) and an estate version's ``event_id`` (its event: versions come before the
    complaints their codes serve, events last). An event's ``data`` is its JSON text exactly as
    stored (so a merged history is byte-identical). A complaint's ``history`` tells its events
    apart from another copy's without reading them: their count and the first 8 characters of
    each UUID, in order (a merge skips the events of a complaint whose line and history it
    already has). The
    last line is ``{"type": "end", "records": N}``: a file cut at a line boundary is recognised as
    truncated. Columns are read from the schema, so a column added by a later migration travels
    without touching this module. Each line is built by SQLite's ``json_object`` (export is
    streamed, memory flat).

    Version 1 (before migration m013) had no ``ledger``, ``history``, ``name`` or ``rev`` and a
    complaint's ``changed_at``; it is still read. Estate versions (``estate_version``, issue 20)
    came within version 2: a file without them still merges, and a program that predates them
    refuses such a file at its first version line (an unknown type) rather than misreading it.

Import (the merge by UUID) lives in :mod:`liuliqiao_cli.exchange.jsonl_import` and
:mod:`liuliqiao_cli.exchange.merge`; every record read is checked by
:mod:`liuliqiao_cli.exchange.records`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from liuliqiao_cli.complaints.reveal import reveal_jsonl
from liuliqiao_cli.errors import LedgerError, UsageError

if TYPE_CHECKING:
    from liuliqiao_cli.exchange.jsonl_parallel import Helpers

FORMAT = "liuliqiao-ledger"
VERSION = 2
EV_IMPORT = "import"
# Local facts, never exported: imports, what left this ledger (exports, reveals, the privacy
# upgrade of this file), and its station letter (the file's header names it; merged, the event
# said in the other ledger's history that its letter had been set); else two ledgers exchanging
# files would never converge.
LOCAL_KINDS = f"'{EV_IMPORT}', 'export', 'contacts', 'privacy', 'station'"
# This ledger's settings (`settings set` and its undo) are its own too: a threshold chosen on
# one laptop is not another's, and a file carrying them was refused whole by the reader.
LOCAL_SUBJECTS = "'setting'"
EXPORTED_EVENTS = f"t.kind NOT IN ({LOCAL_KINDS}) AND t.subject NOT IN ({LOCAL_SUBJECTS})"


class ExchangeError(LedgerError):
    """A ledger file that cannot be merged (nothing was written)."""


@dataclass(frozen=True)
class Kind:
    type: str
    table: str
    refs: tuple[tuple[str, str], ...] = ()  # (column, referenced table), exported as UUIDs
    version: tuple[str, ...] = ()  # first non-empty of these columns; () = never changes


KINDS: tuple[Kind, ...] = (
    Kind("rotation", "rotation_versions"),
    # merged by exchange/merge_versions.py; its event is a reference forwards (see above)
    Kind("estate_version", "estate_versions", (("event_id", "events"),)),
    Kind("contact", "contacts"),
    Kind(
        "complaint",
        "complaints",
        (("duplicate_of", "complaints"), ("contact_id", "contacts")),
        ("updated_at",),  # unused: complaints merge by their history (merge_fields.py)
    ),
    Kind("meeting", "meetings", (), ("updated_at",)),
    Kind(
        "decision",
        "meeting_decisions",
        (("meeting_id", "meetings"), ("complaint_id", "complaints")),
        ("done_at", "created_at"),
    ),
    Kind("override", "duty_overrides", (("meeting_id", "meetings"),), ("revoked_at", "created_at")),
    Kind("event", "events", (("complaint_id", "complaints"), ("undoes", "events"))),
)
BY_TYPE = {k.type: k for k in KINDS}
# An event's subject_id names a row of the table of its subject.
SUBJECT_TABLES = {
    "complaint": "complaints",
    "override": "duty_overrides",
    "rotation": "rotation_versions",
    "meeting": "meetings",
    "decision": "meeting_decisions",
    "contact": "contacts",
    "estate": "estate_versions",  # only a version's own event names it (see _select)
}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _select(
    conn: sqlite3.Connection, kind: Kind, *, with_uuid: bool = False, with_id: bool = False
) -> str:
    """SQL that yields each row of ``kind`` as one finished JSON line (alias ``t``; with
    ``with_uuid`` the record's UUID first, then the line; with ``with_id`` its number, ``id``)."""
    refs = dict(kind.refs)
    parts = ["'type'", f"'{kind.type}'"]
    for col in _columns(conn, kind.table):
        parts.append(f"'{col}'")
        if kind.type == "event" and col == "complaint_id":
            parts.append("ec.uuid")  # joined below: most events name a complaint
        elif col in refs:
            parts.append(
                f"CASE WHEN t.{col} IS NULL THEN NULL ELSE"
                f" (SELECT r.uuid FROM {refs[col]} r WHERE r.id = t.{col}) END"
            )
        elif kind.type == "event" and col == "subject_id":
            # An estate version is named by the event that recorded it, its event_id: its
            # number is taken again once an undo deletes it, and a merge may bring the version
            # after its event (the undo's event, or that of a version replaced, names none).
            own = {"estate": "r.event_id = t.id"}
            cases = " ".join(
                f"WHEN '{s}' THEN (SELECT r.uuid FROM {tbl} r WHERE"
                f" {own.get(s, 'r.id = t.subject_id')})"
                for s, tbl in SUBJECT_TABLES.items()
            )
            parts.append(
                "CASE WHEN t.subject_id IS NULL THEN NULL WHEN t.subject = 'complaint'"
                f" AND t.subject_id = t.complaint_id THEN ec.uuid ELSE CASE t.subject"
                f" {cases} END END"
            )
        else:
            parts.append(f"t.{col}")
    if kind.type == "complaint":
        parts += ["'history'", HISTORY_SQL]
        parts += [
            "'tags'",
            "json((SELECT json_group_array(tag) FROM (SELECT tag FROM"
            " complaint_tags g WHERE g.complaint_id = t.id ORDER BY tag)))",
        ]
    if kind.type == "meeting":
        parts += [
            "'agenda'",
            "json((SELECT json_group_array(json_object('complaint', x.cuuid,"
            " 'position', x.position, 'reason', x.reason)) FROM (SELECT"
            " c.uuid AS cuuid, a.position, a.reason FROM meeting_agenda a"
            " JOIN complaints c ON c.id = a.complaint_id WHERE a.meeting_id ="
            " t.id ORDER BY a.position, c.uuid) x))",
        ]
        parts += [
            "'attendance'",
            "json((SELECT json_group_array(json_object('name', name,"
            " 'present', present)) FROM (SELECT name, present FROM"
            " meeting_attendance WHERE meeting_id = t.id ORDER BY id)))",
        ]
    first = "t.uuid, " if with_uuid else "t.id, " if with_id else ""
    if kind.type == "event":
        return (
            f"SELECT {first}json_object({', '.join(parts)}) AS line FROM events t"
            " LEFT JOIN complaints ec"
            f" ON ec.id = t.complaint_id WHERE {EXPORTED_EVENTS}"
        )
    return f"SELECT {first}json_object({', '.join(parts)}) AS line FROM {kind.table} t"


# What tells a complaint's events apart from another copy's (see the module docstring).
# (Imports are events of the ledger, not of a complaint; the index events_complaint holds the
# UUIDs: no event row is read.)
HISTORY_SQL = (
    "(SELECT count(*) || ':' || coalesce(group_concat(k, ''), '') FROM (SELECT substr(e.uuid, 1, 8)"
    " AS k FROM events e WHERE e.complaint_id = t.id ORDER BY k))"
)


# Lines a chunk, by kind (complaints ~1 KB each, events ~330 bytes): ~300 KB at a time.
CHUNK_LINES = {"event": 1_000}
CHUNK_DEFAULT = 250
FIRST_ID, LAST_ID = -(1 << 63), (1 << 63) - 1


def chunk_sql(conn: sqlite3.Connection, kind: Kind) -> str:
    """The lines of at most ``?3`` records numbered ``?1`` to ``?2``, in order, as (how many,
    the last one's number, the lines joined by newlines as bytes): SQLite joins them, and no
    Python object is made for a line (the export's Python work was a tenth of it)."""
    where = "AND" if kind.type == "event" else "WHERE"
    return (
        "SELECT count(*), max(id), CAST(group_concat(line, char(10)) AS BLOB) FROM"
        f" ({_select(conn, kind, with_id=True)} {where} t.id BETWEEN ?1 AND ?2"
        " ORDER BY t.id LIMIT ?3)"
    )


def pieces(conn: sqlite3.Connection, kind: Kind) -> Iterator[tuple[int, bytes]]:
    """Every line of ``kind`` in order, a chunk at a time: (lines, the lines joined by
    newlines)."""
    sql, limit, first = chunk_sql(conn, kind), CHUNK_LINES.get(kind.type, CHUNK_DEFAULT), FIRST_ID
    while first <= LAST_ID:
        lines, last, blob = conn.execute(sql, (first, LAST_ID, limit)).fetchone()
        if lines:
            yield lines, blob
        if lines < limit:
            return
        first = last + 1


# --- export -------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    counts: dict[str, int]


def header(
    conn: sqlite3.Connection, *, now: datetime, with_contacts: bool, counts: dict[str, int]
) -> dict[str, Any]:
    from liuliqiao_cli.dates import with_offset
    from liuliqiao_cli.store.migrations import MIGRATION_SET

    schema = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            (MIGRATION_SET,),
        )
    ]
    estate = {
        row[0][len("estate.") :]: row[1]
        for row in conn.execute(
            "SELECT key, value FROM settings WHERE key IN ('estate.name', 'estate.name_en')"
        )
    }
    tz = conn.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
    from liuliqiao_cli.complaints import names

    return {
        "type": "header",
        "format": FORMAT,
        "version": VERSION,
        "schema": schema,
        "estate": estate,
        "ledger": {"id": names.ledger_id(conn), "station": names.station(conn)},
        "exported_at": with_offset(now, tz[0] if tz else "Asia/Shanghai"),
        "contacts": with_contacts,
        "counts": counts,
    }


def export_ledger(
    conn: sqlite3.Connection,
    out: IO[str],
    *,
    now: datetime,
    with_contacts: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write the whole ledger as JSON Lines to ``out`` from one consistent snapshot
    (``progress(records written, records in all)`` now and then). A big ledger's lines are
    built by helper processes (:mod:`liuliqiao_cli.exchange.jsonl_parallel`)."""
    kinds = [k for k in KINDS if with_contacts or k.type != "contact"]
    own = not conn.in_transaction
    # The lines go out as SQLite made them, as bytes: decoding each to a str and encoding it
    # again took a fifth of the export. With contacts, each line's masked values are revealed
    # from the companion file (issue 16): those lines are rewritten as text.
    raw = None if with_contacts else getattr(out, "buffer", None)
    helpers = _helpers(conn, kinds, raw) if own and raw is not None else None
    source = conn if helpers is None else helpers.reader  # the helpers' snapshot
    if own and helpers is None:
        conn.execute("BEGIN")  # one read snapshot: counts and records agree
    try:
        counts = {}
        for k in kinds:
            if k.type == "event" and helpers is not None:
                counts[k.type] = helpers.events()
                continue
            where = f" t WHERE {EXPORTED_EVENTS}" if k.type == "event" else ""
            counts[k.type] = source.execute(f"SELECT count(*) FROM {k.table}{where}").fetchone()[0]
        out.write(
            json.dumps(
                header(source, now=now, with_contacts=with_contacts, counts=counts),
                ensure_ascii=False,
            )
            + "\n"
        )
        written = 0
        total = sum(counts.values())
        out.flush()
        for lines in (
            _text_lines(conn, kinds, out, with_contacts)
            if raw is None
            else _lines(conn, kinds, raw)
            if helpers is None
            else helpers.write(raw)
        ):
            written += lines
            if progress is not None:
                progress(written, total)
        if raw is not None:
            raw.flush()
        out.write(json.dumps({"type": "end", "records": written}) + "\n")
    finally:
        if helpers is not None:
            helpers.close()
        if own and conn.in_transaction:
            conn.execute("COMMIT")
    return ExportResult(counts)


def _lines(conn: sqlite3.Connection, kinds: list[Kind], raw: IO[bytes]) -> Iterator[int]:
    for k in kinds:
        for lines, blob in pieces(conn, k):
            raw.write(blob)
            raw.write(b"\n")
            yield lines


def _text_lines(
    conn: sqlite3.Connection, kinds: list[Kind], out: IO[str], with_contacts: bool
) -> Iterator[int]:
    for k in kinds:
        cursor = conn.execute(_select(conn, k) + " ORDER BY t.id")
        while rows := cursor.fetchmany(2000):
            lines = (r[0] for r in rows)
            out.write("\n".join(reveal_jsonl(conn, lines) if with_contacts else lines))
            out.write("\n")
            yield len(rows)


def _plain_if_file(out: IO[str]) -> IO[str]:
    """Standard output redirected to a file (``export > ledger.jsonl``) gets what ``-o`` writes:
    the stream behind the CLI's output guard, so that the helpers write into the file and the
    lines go out as SQLite made them. The guard (escapes of control and format characters, for a
    terminal or a program reading a pipe) read and re-encoded every character: at 1,000,000
    complaints 56 s against 12.5-16 s so."""
    import codecs
    import os
    import stat

    plain = getattr(out, "guarded", None)
    if plain is None:
        return out
    try:
        regular = stat.S_ISREG(os.fstat(plain.fileno()).st_mode)
        utf8 = codecs.lookup(plain.encoding).name == "utf-8"  # else the guard's one-line error
    except (AttributeError, LookupError, OSError, TypeError, ValueError):
        return out
    return plain if regular and utf8 else out


def _helpers(conn: sqlite3.Connection, kinds: list[Kind], out: IO[bytes]) -> Helpers | None:
    """Helper processes for a big ledger exported to a file, or None."""
    from liuliqiao_cli.exchange.jsonl_parallel import Helpers, Part
    from liuliqiao_cli.store.ledger import path_of

    path = path_of(conn)
    if path is None:
        return None
    parts = [
        Part(k.table, chunk_sql(conn, k), CHUNK_LINES.get(k.type, CHUNK_DEFAULT)) for k in kinds
    ]
    count = f"SELECT count(*) FROM events t WHERE {EXPORTED_EVENTS} AND t.id BETWEEN ? AND ?"
    events = [k.type for k in kinds].index("event")
    return Helpers.start(conn, path, out, parts, count, events)


def check_suffix(name: str) -> str:
    """'ledger' for .jsonl/.ndjson, 'workorders' for .xlsx/.csv; anything else is refused."""
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        return "ledger"
    if lower.endswith((".xlsx", ".csv")):
        return "workorders"
    if lower.endswith((".xls", ".et", ".wps")):
        raise UsageError("exchange.old_excel", name=name)
    raise UsageError("exchange.unknown_type_file", name=name)


# --- the export command: one entry point for every format --------------------------------------


@dataclass
class ExportSummary:
    count: int


@dataclass(frozen=True)
class ExportScope:
    """What every export writer is given besides the connection and the stream (each format's
    writer is a line of :data:`~liuliqiao_cli.render.formats.EXPORT_FORMATS`)."""

    now: datetime
    actor: str
    since: date | None
    until: date | None
    with_contacts: bool
    lang: str
    progress: Callable[[int, int], None] | None = None  # (records written, in all)


def write(conn: sqlite3.Connection, out: IO[str], scope: ExportScope) -> int:
    """The ``jsonl`` export: the whole ledger (no period); returns the records written."""
    counts = export_ledger(
        conn, out, now=scope.now, with_contacts=scope.with_contacts, progress=scope.progress
    ).counts
    return sum(counts.values())


def export(
    conn: sqlite3.Connection,
    fmt: str,
    target: Path | None,
    *,
    now: datetime,
    actor: str,
    since: str | None = None,
    until: str | None = None,
    with_contacts: bool = False,
    force: bool = False,
    lang: str = "zh",
    stdout: IO[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportSummary:
    """Write ``fmt`` (jsonl | open311 | csv) to ``target`` (atomically: a temporary file renamed
    at the end) or to ``stdout``. The caller records the export (``store/exports.py``); Open311
    never carries contacts."""
    import sys

    from liuliqiao_cli.dates import parse_date
    from liuliqiao_cli.errors import LedgerFileError
    from liuliqiao_cli.store import files, ledger

    if fmt == "jsonl" and (since or until):
        raise UsageError("exchange.since_jsonl")
    if fmt == "open311" and with_contacts:
        raise UsageError("exchange.open311_contacts")
    today = now.date()
    since_d = parse_date(since, today=today) if since else None
    until_d = parse_date(until, today=today) if until else None
    if since_d and until_d and until_d < since_d:
        raise UsageError("dates.range", since=since_d.isoformat(), until=until_d.isoformat())
    if target is not None:
        files.check_target(target, force=force, ledger=ledger.path_of(conn))
    from liuliqiao_cli.render.formats import EXPORT_FORMATS, load

    writer = load(EXPORT_FORMATS[fmt])
    scope = ExportScope(now, actor, since_d, until_d, with_contacts, lang, progress)

    def body(out: IO[str]) -> int:
        return int(writer(conn, out, scope))

    if target is None:
        out = stdout or sys.stdout
        return ExportSummary(body(_plain_if_file(out) if fmt == "jsonl" else out))
    try:
        with (
            files.replacing(target, private=with_contacts) as tmp,
            open(tmp, "w", encoding="utf-8", newline="") as out,
        ):
            count = body(out)
    except OSError as exc:
        raise LedgerFileError(
            "exchange.unwritable", path=str(target), reason=exc.strerror or str(exc)
        ) from None
    return ExportSummary(count)
