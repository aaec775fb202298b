"""Open311 GeoReport v2: complaints as service requests (a JSON array, streamed).

Standard fields: service_request_id (the complaint's UUID: stable across merged ledgers),
status (open | closed), status_notes, service_name, service_code (the item), description,
agency_responsible (the company), service_notice, requested_datetime, updated_datetime,
expected_datetime (the resolution deadline), address (most specific first), address_id, zipcode,
lat, long, media_url. Times are ISO 8601 with the ledger's offset (+08:00).

Extension fields (documented in the README): ``local_id`` (the number a worker types), ``ref``
(the 12345 work-order number), ``building``, ``unit``, ``place``, ``scope`` (joint | separate),
``ledger_status`` (the ledger's own status code), ``source``, ``urgency``.

Residents' contacts are never part of this format, whatever the options; the room number is left
out of the address as well (with the text it would point at one household).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from typing import IO, TYPE_CHECKING, Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.dates import with_offset

if TYPE_CHECKING:
    from liuliqiao_cli.exchange.jsonl import ExportScope

DESCRIPTION_MAX = 4000  # the schema's maxLength
OPEN = set(status.OPEN_STATUSES)


def _settings(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def _address(row: sqlite3.Row, settings: dict[str, str]) -> str:
    where = settings.get("estate.name", "")
    if row["building"] is not None:
        where += f"{row['building']}号楼"
        if row["unit"] is not None:
            where += f"{row['unit']}单元"
    if row["place"]:
        where += f" {row['place']}" if row["building"] is not None else str(row["place"])
    parts = [where] + [
        settings[k]
        for k in ("estate.community", "estate.subdistrict", "estate.district", "estate.city")
        if settings.get(k)
    ]
    return ", ".join(p for p in parts if p)


def _status_notes(row: sqlite3.Row, lang: str) -> str:
    from liuliqiao_cli.i18n import t

    note = t(f"open311.status.{row['status']}", lang=lang)
    if row["followup_resolved"] or row["followup_satisfied"]:
        note += t(
            "open311.followup",
            lang=lang,
            resolved=t(f"open311.answer.{row['followup_resolved'] or 'none'}", lang=lang),
            satisfied=t(f"open311.answer.{row['followup_satisfied'] or 'none'}", lang=lang),
        )
    return note


def requests(
    conn: sqlite3.Connection,
    *,
    since: date | None = None,
    until: date | None = None,
    lang: str = "zh",
) -> Iterator[dict[str, Any]]:
    """Every complaint received in [since, until] as a GeoReport v2 service request."""
    settings = _settings(conn)
    tz = settings.get("timezone", "Asia/Shanghai")
    where, params = [], []
    if since:
        where.append("c.received_at >= ?")
        params.append(f"{since.isoformat()} 00:00:00")
    if until:
        where.append("c.received_at < ?")
        params.append(f"{(until + timedelta(days=1)).isoformat()} 00:00:00")
    name_col = "name" if lang == "zh" else "name_en"
    sql = (
        "SELECT c.id, coalesce(c.name, c.id) AS label, c.uuid, c.received_at, c.source, c.text, c.building, c.unit, c.place,"
        " c.item, c.scope, c.urgency, c.ref, c.status, c.resolve_by, c.resolved_at, c.closed_at,"
        " c.followup_resolved, c.followup_satisfied, c.updated_at,"
        f" i.{name_col} AS item_name, i.name AS item_name_zh,"
        f" k.{name_col} AS company_name, k.name AS company_name_zh"
        " FROM complaints c LEFT JOIN items i ON i.code = c.item"
        " LEFT JOIN companies k ON k.code = c.company"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY c.id"
    )
    for row in conn.execute(sql, params):
        is_open = row["status"] in OPEN
        updated = (
            row["updated_at"]
            if is_open
            else (row["closed_at"] or row["resolved_at"] or row["updated_at"])
        )
        yield {
            "service_request_id": row["uuid"],
            "status": "open" if is_open else "closed",
            "status_notes": _status_notes(row, lang),
            "service_name": row["item_name"] or row["item_name_zh"] or row["item"],
            "service_code": row["item"],
            "description": (row["text"] or "")[:DESCRIPTION_MAX],
            "agency_responsible": row["company_name"] or row["company_name_zh"],
            "service_notice": None,
            "requested_datetime": with_offset(row["received_at"], tz),
            "updated_datetime": with_offset(updated, tz),
            "expected_datetime": with_offset(row["resolve_by"], tz) if is_open else None,
            "address": _address(row, settings),
            "address_id": None,
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": None,
            # extensions
            "local_id": row["id"],
            "name": str(row["label"]),  # what a person reads: B17, or the local number
            "ref": row["ref"],
            "building": row["building"],
            "unit": row["unit"],
            "place": row["place"],
            "scope": row["scope"],
            "ledger_status": row["status"],
            "source": row["source"],
            "urgency": row["urgency"],
        }


def write_requests(conn: sqlite3.Connection, out: IO[str], scope: ExportScope) -> int:
    """The ``open311`` export: the period's requests (never contacts)."""
    return write(conn, out, since=scope.since, until=scope.until, lang=scope.lang)


def write(conn: sqlite3.Connection, out: IO[str], **filters: Any) -> int:
    """Stream the JSON array to ``out``; returns the number of requests."""
    count = 0
    out.write("[")
    for request in requests(conn, **filters):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(request, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
