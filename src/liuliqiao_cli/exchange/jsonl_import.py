"""Import of a ledger file (JSON Lines): read its header, then merge its records by UUID, all or
nothing, in one transaction.

Into a ledger that the file outweighs (a restore, a first copy), the load drops the search index's
and running totals' triggers and the secondary indexes of the tables it fills, and builds them once
at the end, as ``store/bulk.py`` does: what benchmarks/import_floor.py measures as the floor. Into
a big ledger (a merge of two copies), triggers and indexes stay: only the records that differ are
written, and a record we already hold byte for byte is not even decoded.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import repeat
from typing import IO, Any

from liuliqiao_cli.exchange.jsonl import BY_TYPE, EV_IMPORT, FORMAT, VERSION, ExchangeError
from liuliqiao_cli.exchange.merge import BATCH, Merger
from liuliqiao_cli.exchange.merge_rows import MergeReport
from liuliqiao_cli.store.triggers import drop_bulk_triggers, restore_triggers

BULK_MIN = 10_000  # complaints in the file from which the load may take the bulk path
Progress = Callable[[int, int], None]  # told the bytes and the lines read so far


def read_header(
    first: bytes, *, local_estate: str, local_ledger: str, local_station: str | None, force: bool
) -> dict[str, Any]:
    """The header (line 1), refused when it is not ours to merge: another format, a newer
    version or schema, another estate (unless ``force``), this very ledger, or another ledger with
    our station letter."""
    from liuliqiao_cli.store.migrations import migrations

    try:
        head = json.loads(first.decode("utf-8-sig"))  # tolerate a BOM added by an editor
    except ValueError:
        raise ExchangeError("exchange.not_ledger_file") from None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise ExchangeError("exchange.not_ledger_file")
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise ExchangeError("exchange.newer_version", version=version, ours=VERSION)
    schema = head.get("schema", [])
    if not isinstance(schema, list):
        raise ExchangeError("exchange.not_ledger_file")
    unknown = [n for n in schema if n not in migrations.names]
    if unknown:
        raise ExchangeError("exchange.newer_schema", names=", ".join(map(str, unknown)))
    estate: dict[str, Any] = head["estate"] if isinstance(head.get("estate"), dict) else {}
    theirs = str(estate.get("name", ""))
    if theirs != local_estate and not force:
        raise ExchangeError("exchange.other_estate", theirs=theirs or "?", ours=local_estate)
    ledger: dict[str, Any] = head["ledger"] if isinstance(head.get("ledger"), dict) else {}
    if ledger.get("id") and ledger.get("id") == local_ledger:
        raise ExchangeError("exchange.same_ledger")
    station = ledger.get("station")
    if station and station == local_station:
        raise ExchangeError("exchange.same_station", station=station)
    return head


CHUNK_BYTES = 1 << 20  # lines are read about a megabyte at a time


def _type_of(raw: bytes, reader: Any, number: int) -> str:
    """A line's kind from its first field as our export writes it, else by decoding it."""
    if raw.startswith(b'{"type":"'):
        end = raw.find(b'"', 9)
        if end > 0:
            return raw[9:end].decode("ascii", "replace")
    return reader.kind(reader.record(raw, number)) if raw.strip() else ""


def _batches(
    stream: IO[bytes], report: MergeReport, reader: Any, progress: Progress | None
) -> Iterator[tuple[str, list[tuple[int, bytes]]]]:
    """Runs of lines of one kind (line 1, the header, already read), at most about BATCH long;
    checks the end record. A megabyte of lines of one kind, the common case, is taken whole
    without looking at each line in Python."""
    number = 1  # the last line read
    current = ""
    batch: list[tuple[int, bytes]] = []
    while chunk := stream.readlines(CHUNK_BYTES):
        base, number = number + 1, number + len(chunk)
        if progress is not None:
            progress(stream.tell(), number)
        kind = _type_of(chunk[0], reader, base)
        tag = b'{"type":"' + kind.encode() + b'",'
        if kind in BY_TYPE and all(map(bytes.startswith, chunk, repeat(tag))):
            if batch and (current != kind or len(batch) >= BATCH):
                yield current, batch
                batch = []
            current = kind
            report.records += len(chunk)
            batch.extend(zip(range(base, number + 1), chunk, strict=True))
            if len(batch) >= BATCH:
                yield current, batch
                batch = []
            continue
        for offset, raw in enumerate(chunk):
            line = base + offset
            if not raw.strip():
                continue
            kind = _type_of(raw, reader, line)
            if kind == "end":
                if batch:
                    yield current, batch
                end = reader.record(raw, line)
                if end.records != report.records:
                    raise ExchangeError(
                        "exchange.bad_count", line=line, expected=end.records, found=report.records
                    )
                for after, extra in enumerate(chunk[offset + 1 :], start=line + 1):
                    if extra.strip():
                        raise ExchangeError("exchange.after_end", line=after)
                extra_line = number
                for extra in stream:
                    extra_line += 1
                    if extra.strip():
                        raise ExchangeError("exchange.after_end", line=extra_line)
                return
            if kind not in BY_TYPE:
                reader.record(raw, line)  # says what is wrong with the line (its type)
                raise ExchangeError("exchange.unknown_type", line=line, type=kind)
            report.records += 1
            if kind != current or len(batch) >= BATCH:
                if batch:
                    yield current, batch
                current, batch = kind, []
            batch.append((line, raw))
    raise ExchangeError("exchange.truncated", line=number)


def import_ledger(
    conn: sqlite3.Connection,
    stream: IO[bytes],
    *,
    now: datetime,
    actor: str,
    source_name: str,
    force: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> MergeReport:
    """Merge a ledger file into ``conn`` in one transaction (rolled back on error or dry run)."""
    from liuliqiao_cli.complaints import names
    from liuliqiao_cli.estate.model import load
    from liuliqiao_cli.exchange.records import Reader

    report = MergeReport()
    first = stream.readline()
    if not first:
        raise ExchangeError("exchange.empty_file")
    estate = load(conn)
    head = read_header(
        first,
        local_estate=estate.name,
        local_ledger=names.ledger_id(conn),
        local_station=names.station(conn),
        force=force,
    )
    report.estate = str((head.get("estate") or {}).get("name", ""))
    report.station = (head.get("ledger") or {}).get("station")
    counts: dict[str, Any] = head["counts"] if isinstance(head.get("counts"), dict) else {}
    incoming = counts.get("complaint", 0)
    incoming = incoming if isinstance(incoming, int) and not isinstance(incoming, bool) else 0
    reader = Reader(conn, estate)
    # A file that restores a whole ledger into an empty one is loaded without SQLite's check of
    # each row's references (~7% of such an import); they are checked once before the commit
    # (_check_references). PRAGMA foreign_keys is a no-op inside a transaction: set before it.
    unchecked = incoming >= BULK_MIN and not _holds_complaints(conn)
    if unchecked:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        return _import(
            conn,
            stream,
            report,
            reader,
            head,
            incoming,
            unchecked,
            now=now,
            actor=actor,
            source_name=source_name,
            dry_run=dry_run,
            progress=progress,
        )
    finally:
        if unchecked:
            conn.execute("PRAGMA foreign_keys = ON")


def _holds_complaints(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM complaints)").fetchone()[0] == 1


def _import(
    conn: sqlite3.Connection,
    stream: IO[bytes],
    report: MergeReport,
    reader: Any,
    head: dict[str, Any],
    incoming: int,
    unchecked: bool,
    *,
    now: datetime,
    actor: str,
    source_name: str,
    dry_run: bool,
    progress: Progress | None,
) -> MergeReport:
    from liuliqiao_cli.store import history

    conn.execute("BEGIN IMMEDIATE")
    try:
        existing = conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
        bulk = incoming >= BULK_MIN and incoming > 2 * existing
        saved = drop_bulk_triggers(conn) if bulk else []
        indexes = _drop_indexes(conn) if bulk else []
        if bulk:
            conn.execute("PRAGMA defer_foreign_keys = ON")
        merger = Merger(
            conn,
            report,
            reader,
            fresh=existing == 0,
            digests=head.get("version", 1) >= 2,
            now=now,
            source_name=source_name,
        )
        for type_name, batch in _batches(stream, report, reader, progress):
            if type_name == "contact" and not head.get("contacts"):
                raise ExchangeError("exchange.bad_line", line=batch[0][0])
            if type_name == "complaint":
                merger.complaints(batch)
            elif type_name == "event":
                merger.events(batch)
            elif type_name == "estate_version":
                merger.estate_versions(batch)
            else:
                merger.records(BY_TYPE[type_name], batch)
        phase = getattr(progress, "phase", None)  # a bar says what the last step is
        if phase is not None:
            phase("progress.finishing")
        merger.finish()
        if bulk:
            for name, sql in indexes:
                # a version of the estate merged meanwhile may have made its routing index
                if not conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = ?", (name,)
                ).fetchone():
                    conn.execute(sql)
            restore_triggers(
                conn,
                saved,
                rebuild_fts=bool(report.added.get("complaint") or report.updated.get("complaint")),
            )
            report.fts = "rebuild"
        else:
            report.fts = "triggers"
        if unchecked:
            _check_references(conn, events=existing > 0)
        history.record_event(
            conn,
            kind=EV_IMPORT,
            actor=actor,
            at=now,
            subject="ledger",
            data={
                "file": source_name,
                "estate": report.estate,
                "added": report.added,
                "updated": report.updated,
                "conflicts": report.conflict_count,
                "kept": report.kept,
            },
        )
        if dry_run:
            conn.execute("ROLLBACK")
        else:
            conn.execute("COMMIT")  # deferred foreign keys are checked here
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return report


def _check_references(conn: sqlite3.Connection, *, events: bool) -> None:
    """Every reference of the ledger holds, checked once, when the load ran without SQLite
    checking each row's (the same check as ``db check``). The events of an import into an empty
    ledger are left out (at 1,000,000 complaints, 5.9 M rows): each reference of theirs is a
    number this import looked up by UUID among the rows it wrote, and it deletes no complaint
    and no event."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%REFERENCES%'"
            " ORDER BY name"
        )
    ]
    for table in tables:
        if table == "events" and not events:
            continue
        broken = conn.execute(f'PRAGMA foreign_key_check("{table}")').fetchone()
        if broken is not None:
            raise ExchangeError("exchange.broken_reference", table=table, parent=broken[2])


# The tables a bulk load fills; their explicit indexes are built once at the end.
BULK_TABLES = ("complaints", "complaint_tags", "events", "contacts")


def _drop_indexes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Drop the explicit indexes of the tables a bulk load fills, but not the unique ones (a
    repeated work-order number or name must fail on its line, not at the end); returns their
    names and SQL to build them again once, in the same transaction."""
    saved = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND sql NOT LIKE 'CREATE UNIQUE%'"
        f" AND tbl_name IN ({', '.join('?' * len(BULK_TABLES))}) ORDER BY name",
        BULK_TABLES,
    ).fetchall()
    for name, _ in saved:
        conn.execute(f'DROP INDEX "{name}"')
    return [(name, sql) for name, sql in saved]
