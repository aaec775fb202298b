"""Import of a ledger file (JSON Lines): read its header, then merge its records by UUID, all or nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from itertools import groupby
from typing import IO, Any

from liuliqiao_cli.exchange.jsonl import (
    BY_TYPE,
    EV_IMPORT,
    FORMAT,
    VERSION,
    ExchangeError,
)
from liuliqiao_cli.exchange.merge import BATCH, MergeReport, _Merger
from liuliqiao_cli.store.triggers import drop_bulk_triggers, restore_triggers

BULK_MIN = 10_000


def read_header(first: bytes, *, local_estate: str, force: bool) -> dict[str, Any]:
    from liuliqiao_cli.store.migrations import migrations

    try:
        head = json.loads(first.decode("utf-8-sig"))  # tolerate a BOM added by an editor
    except ValueError:
        raise ExchangeError("exchange.not_ledger_file") from None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise ExchangeError("exchange.not_ledger_file")
    version = head.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ExchangeError("exchange.newer_version", version=version, ours=VERSION)
    unknown = [n for n in head.get("schema", []) if n not in migrations.names]
    if unknown:
        raise ExchangeError("exchange.newer_schema", names=", ".join(map(str, unknown)))
    theirs = str((head.get("estate") or {}).get("name", ""))
    if theirs != local_estate and not force:
        raise ExchangeError("exchange.other_estate", theirs=theirs or "?", ours=local_estate)
    return head


def _records(
    lines: Iterator[tuple[int, bytes]], report: MergeReport
) -> Iterator[tuple[int, dict[str, Any]]]:
    last_line = 1
    for number, raw in lines:
        last_line = number
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError is one too
            raise ExchangeError("exchange.bad_line", line=number) from None
        if not isinstance(rec, dict) or not isinstance(rec.get("type"), str):
            raise ExchangeError("exchange.bad_line", line=number)
        if rec["type"] == "end":
            if rec.get("records") != report.records:
                raise ExchangeError(
                    "exchange.bad_count",
                    line=number,
                    expected=rec.get("records"),
                    found=report.records,
                )
            for extra_number, extra in lines:
                if extra.strip():
                    raise ExchangeError("exchange.after_end", line=extra_number)
            return
        if rec["type"] not in BY_TYPE:
            raise ExchangeError("exchange.unknown_type", line=number, type=rec["type"])
        if not isinstance(rec.get("uuid"), str) or not rec["uuid"]:
            raise ExchangeError("exchange.no_uuid", line=number)
        report.records += 1
        yield number, rec
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
) -> MergeReport:
    """Merge a ledger file into ``conn`` in one transaction (rolled back on error or dry run)."""
    from liuliqiao_cli.estate.model import load
    from liuliqiao_cli.store import history

    report = MergeReport()
    lines: Iterator[tuple[int, bytes]] = enumerate(stream, start=1)
    first = next(lines, None)
    if first is None:
        raise ExchangeError("exchange.empty_file")
    local_estate = load(conn).name
    head = read_header(first[1], local_estate=local_estate, force=force)
    report.estate = str((head.get("estate") or {}).get("name", ""))
    incoming = int((head.get("counts") or {}).get("complaint", 0) or 0)
    conn.execute("BEGIN IMMEDIATE")
    try:
        existing = conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
        bulk = incoming >= BULK_MIN and incoming * 2 >= existing
        saved = drop_bulk_triggers(conn) if bulk else []
        merger = _Merger(conn, report)
        records = _records(lines, report)
        for type_name, group in groupby(records, key=lambda item: item[1]["type"]):
            kind = BY_TYPE[type_name]
            if kind.type == "contact" and not head.get("contacts"):
                raise ExchangeError("exchange.bad_line", line=next(group)[0])
            while chunk := _take(group, BATCH):
                merger.batch(kind, chunk)
        merger.finish()
        if bulk:
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
            },
        )
        if dry_run:
            conn.execute("ROLLBACK")
        else:
            conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return report


def _take(group: Iterator[Any], size: int) -> list[Any]:
    out = []
    for item in group:
        out.append(item)
        if len(out) >= size:
            break
    return out
