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


def _lines(stream: IO[bytes], progress: Progress | None) -> Iterator[tuple[int, bytes]]:
    done = number = 0
    for number, raw in enumerate(stream, start=1):
        if progress is not None:
            done += len(raw)
            if number % 4096 == 0:
                progress(done, number)
        yield number, raw
    if progress is not None:
        progress(done, number)


def _type_of(raw: bytes, reader: Any, number: int) -> str:
    """A line's kind from its first field as our export writes it, else by decoding it."""
    if raw.startswith(b'{"type":"'):
        end = raw.find(b'"', 9)
        if end > 0:
            return raw[9:end].decode("ascii", "replace")
    return reader.kind(reader.record(raw, number)) if raw.strip() else ""


def _batches(
    lines: Iterator[tuple[int, bytes]], report: MergeReport, reader: Any
) -> Iterator[tuple[str, list[tuple[int, bytes]]]]:
    """Runs of lines of one kind, at most BATCH long; checks the end record."""
    current = ""
    batch: list[tuple[int, bytes]] = []
    last_line = 1
    for number, raw in lines:
        last_line = number
        if not raw.strip():
            continue
        kind = _type_of(raw, reader, number)
        if kind == "end":
            if batch:
                yield current, batch
            end = reader.record(raw, number)
            if end.records != report.records:
                raise ExchangeError(
                    "exchange.bad_count", line=number, expected=end.records, found=report.records
                )
            for extra_number, extra in lines:
                if extra.strip():
                    raise ExchangeError("exchange.after_end", line=extra_number)
            return
        if kind not in BY_TYPE:
            reader.record(raw, number)  # says what is wrong with the line (its type)
            raise ExchangeError("exchange.unknown_type", line=number, type=kind)
        report.records += 1
        if kind != current or len(batch) >= BATCH:
            if batch:
                yield current, batch
            current, batch = kind, []
        batch.append((number, raw))
    raise ExchangeError("exchange.truncated", line=last_line)


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
    from liuliqiao_cli.store import history

    report = MergeReport()
    lines = _lines(stream, progress)
    first = next(lines, None)
    if first is None:
        raise ExchangeError("exchange.empty_file")
    estate = load(conn)
    head = read_header(
        first[1],
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
        for type_name, batch in _batches(lines, report, reader):
            if type_name == "contact" and not head.get("contacts"):
                raise ExchangeError("exchange.bad_line", line=batch[0][0])
            if type_name == "complaint":
                merger.complaints(batch)
            elif type_name == "event":
                merger.events(batch)
            else:
                merger.records(BY_TYPE[type_name], batch)
        merger.finish()
        if bulk:
            for sql in indexes:
                conn.execute(sql)
            restore_triggers(
                conn,
                saved,
                rebuild_fts=bool(report.added.get("complaint") or report.updated.get("complaint")),
            )
            report.fts = "rebuild"
        else:
            report.fts = "triggers"
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


# The tables a bulk load fills; their explicit indexes are built once at the end.
BULK_TABLES = ("complaints", "complaint_tags", "events", "contacts")


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the explicit indexes of the tables a bulk load fills, but not the unique ones (a
    repeated work-order number or name must fail on its line, not at the end); returns their SQL
    to build them again once, in the same transaction."""
    saved = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND sql NOT LIKE 'CREATE UNIQUE%'"
        f" AND tbl_name IN ({', '.join('?' * len(BULK_TABLES))}) ORDER BY name",
        BULK_TABLES,
    ).fetchall()
    for name, _ in saved:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in saved]
