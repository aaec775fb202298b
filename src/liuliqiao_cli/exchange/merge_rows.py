"""The writing half of a merge (:mod:`liuliqiao_cli.exchange.merge`): lookups by UUID a batch
at a time, rows made local (references to numbers), inserts and updates that name the line of the
file a constraint refused, the conflicts kept, and the report."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from operator import attrgetter, itemgetter
from typing import Any

from liuliqiao_cli.dates import iso
from liuliqiao_cli.exchange.jsonl import (
    BY_TYPE,
    KINDS,
    SUBJECT_TABLES,
    ExchangeError,
    Kind,
    _columns,
    _select,
)
from liuliqiao_cli.exchange.merge_values import digest, version_of
from liuliqiao_cli.exchange.records import Reader
from liuliqiao_cli.store import lookups

CONFLICTS_KEPT = 200  # conflicts listed in full; the rest are only counted
_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError)
_UNIQUE = re.compile(r"UNIQUE constraint failed: \w+\.(\w+)$")


@dataclass
class Conflict:
    line: int
    type: str
    uuid: str
    number: str | None  # the name of our record concerned (#B17, #421)
    reason: str  # catalogue key: exchange.conflict_*
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class MergeReport:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    conflict_count: int = 0
    kept: int = 0  # conflicts kept in merge_conflicts for a person to settle
    records: int = 0
    fts: str = ""  # 'rebuild' or 'triggers'
    estate: str = ""
    station: str | None = None  # the file's ledger's station letter

    def bump(self, what: dict[str, int], kind: str, n: int = 1) -> None:
        what[kind] = what.get(kind, 0) + n


@dataclass
class Pending:
    """A known record whose line differs from ours: decided once both histories are in."""

    line: int
    theirs: dict[str, Any]
    seen: set[str] = field(default_factory=set)  # UUIDs of its events in the file
    added: set[str] = field(default_factory=set)  # ... of which this merge added
    record: Any = None  # meetings, decisions, overrides: the decoded record
    mine: dict[str, Any] = field(default_factory=dict)


def without_local(line: bytes | str) -> bytes:
    """A record line without what is local to the ledger that wrote it: its number, and the
    contact it links (contacts travel only with --with-contacts). Two copies of one record give
    the same bytes."""
    raw = line.encode("utf-8") if isinstance(line, str) else line.rstrip(b"\r\n")
    start = raw.find(b',"uuid":"')
    if start < 0:
        return raw
    raw = raw[start:]
    contact = raw.find(b',"contact_id":"')
    if contact >= 0:
        end = raw.find(b'"', contact + 15)
        raw = raw[:contact] + b',"contact_id":null' + raw[end + 1 :]
    return raw


def field_uuid(raw: bytes, key: bytes) -> str | None:
    """The UUID after ``key`` (``b'"uuid":"'``) in a line written by our export, read without
    decoding the line; None when it is not there as expected (then the line is decoded)."""
    at = raw.find(key)
    if at < 0:
        return None
    start = at + len(key)
    if raw[start + 36 : start + 37] != b'"':
        return None
    return raw[start : start + 36].decode("ascii", "replace")


class RowWriter:
    """What every part of a merge shares: the connection, the report, the file's reader."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        report: MergeReport,
        reader: Reader,
        *,
        now: datetime,
        source_name: str,
    ) -> None:
        self.conn = conn
        self.report = report
        self.reader = reader
        self.now = now
        self.source_name = source_name
        self.columns = {k.type: _columns(conn, k.table) for k in KINDS}
        self.select = {k.type: _select(conn, k, with_uuid=True) for k in KINDS}
        self.next_id = {
            k.type: conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {k.table}").fetchone()[0]
            for k in KINDS
        }
        self.skipped: set[str] = set()  # UUIDs not merged: whatever refers to them is skipped too
        # UUIDs of records a merge keeps out though their events are merged (an estate version
        # that lost to another of its day): an event naming one names nothing here
        self.set_aside: set[str] = set()
        self.aliases: dict[str, dict[str, int]] = {}  # their UUID -> our row, same natural key
        self.forward: list[tuple[int, int, str]] = []  # (line, complaint id, duplicate_of UUID)
        # where each kind's references are in its row (computed once, used for every row)
        self.ref_places = {
            k.type: [(self.columns[k.type].index(c), c, t) for c, t in k.refs] for k in KINDS
        }
        self.subject_place = self.columns["event"].index("subject_id")

    def ids(self, table: str, uuids: Iterable[str | None]) -> dict[str, int]:
        wanted = list({u for u in uuids if u})
        aliases = self.aliases.get(table, {})
        found: dict[str, int] = {u: aliases[u] for u in wanted if u in aliases}
        for marks, chunk in lookups.chunks(wanted):
            found.update(
                self.conn.execute(
                    f"SELECT uuid, id FROM {table} WHERE uuid IN ({marks})", chunk
                ).fetchall()
            )
        return found

    def local_lines(self, kind: Kind, uuids: Sequence[str]) -> dict[str, str]:
        """Our records of these UUIDs, as the export writes them."""
        found: dict[str, str] = {}
        where = "AND" if kind.type == "event" else "WHERE"
        for marks, chunk in lookups.chunks(uuids):
            sql = f"{self.select[kind.type]} {where} t.uuid IN ({marks})"
            found.update(self.conn.execute(sql, chunk).fetchall())
        return found

    def local_range(self, kind: Kind, first: int, last: int) -> dict[str, str]:
        """Our records numbered ``first`` to ``last``, as the export writes them: a copy of this
        ledger numbers most records as we do, and reading a range in order is many times faster
        than looking each UUID up (the UUIDs' index is in random order)."""
        where = "AND" if kind.type == "event" else "WHERE"
        sql = f"{self.select[kind.type]} {where} t.id BETWEEN ? AND ?"
        return dict(self.conn.execute(sql, (first, last)).fetchall())

    # --- complaints ------------------------------------------------------------------------------

    def _skip(self, uuid: str, kind: str) -> None:
        self.skipped.add(uuid)
        self.report.bump(self.report.skipped, kind)

    def _conflict(
        self, line: int, kind: str, uuid: str, number: str | None, reason: str, **params: Any
    ) -> None:
        self.report.conflict_count += 1
        if len(self.report.conflicts) < CONFLICTS_KEPT:
            self.report.conflicts.append(Conflict(line, kind, uuid, number, reason, params))

    def store_conflict(
        self,
        subject: str,
        uuid: str,
        part: str,
        kept: dict[str, Any],
        lost: dict[str, Any],
        kept_change: str,
        lost_change: str,
    ) -> None:
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO merge_conflicts (subject, subject_uuid, part, kept, lost,"
            " kept_change, lost_change, found_at, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                subject,
                uuid,
                part,
                json.dumps(kept, ensure_ascii=False, sort_keys=True),
                json.dumps(lost, ensure_ascii=False, sort_keys=True),
                kept_change,
                lost_change,
                iso(self.now),
                self.source_name,
            ),
        )
        self.report.kept += cur.rowcount

    def _keep(
        self,
        kind: Kind,
        line: int,
        uuid: str,
        *,
        kept: dict[str, Any],
        lost: dict[str, Any],
        reason: str = "exchange.conflict_record",
        **params: Any,
    ) -> None:
        """Two versions of a record: the kept one (``uuid``) is the same on both sides; the other
        is kept in merge_conflicts (rotations and contacts never change: only reported)."""
        self._conflict(line, kind.type, uuid, None, reason, **params)
        version = version_of(kind, kept) + "|" + digest(kept)
        self.store_conflict(
            kind.type,
            uuid,
            "*",
            {k: v for k, v in kept.items() if k not in ("id", "type")},
            {k: v for k, v in lost.items() if k not in ("id", "type")},
            version,
            version_of(kind, lost) + "|" + digest(lost),
        )

    def _row(
        self,
        type_name: str,
        line: int,
        record: Any,
        row_id: int,
        resolved: dict[str, dict[str, int]],
    ) -> list[Any]:
        """The row for the kind's table, in column order, references made local."""
        row = self.reader.row(record)
        row[0] = row_id
        for index, col, table in self.ref_places[type_name]:
            value = row[index]
            if value is None:
                continue
            target = resolved.get(table, {}).get(value)
            if target is None and self._late_ref(type_name, line, col, value, row_id):
                raise ExchangeError("exchange.dangling_ref", line=line, field=col, uuid=value)
            row[index] = target
        if type_name == "event" and record.subject_id is not None:
            index = self.subject_place
            table = SUBJECT_TABLES.get(record.subject, "")
            target = resolved.get(table, {}).get(record.subject_id)
            if target is None and record.subject_id not in self.set_aside:
                raise ExchangeError(
                    "exchange.dangling_ref", line=line, field="subject_id", uuid=record.subject_id
                )
            row[index] = target
        return row

    def _late_ref(self, type_name: str, line: int, col: str, value: str, row_id: int) -> bool:
        """A reference that names nothing written yet: whether it is refused (else it is left
        empty, and a duplicate's is kept to be resolved at the end)."""
        if type_name == "complaint" and col == "contact_id":
            return False  # contacts travel only with --with-contacts
        if type_name == "complaint" and col == "duplicate_of":
            self.forward.append((line, row_id, value))  # may point forwards
            return False
        return True

    def _lookups(self, type_name: str, records: Iterable[Any]) -> dict[str, dict[str, int]]:
        kind = BY_TYPE[type_name]
        records = list(records)
        wanted: dict[str, set[str]] = {}
        for col, table in kind.refs:
            values = set(map(attrgetter(col), records))
            values.discard(None)
            wanted.setdefault(table, set()).update(values)
        if type_name == "event":  # a subject other than the event's complaint
            subjects = {
                (subject, sid)
                for subject, sid, cid in zip(
                    map(attrgetter("subject"), records),
                    map(attrgetter("subject_id"), records),
                    map(attrgetter("complaint_id"), records),
                    strict=True,
                )
                if sid is not None and sid != cid
            }
            for subject, sid in subjects:
                subject_table = SUBJECT_TABLES.get(subject)
                if subject_table:
                    wanted.setdefault(subject_table, set()).add(sid)
        if type_name == "meeting":
            for record in records:
                for entry in record.agenda:
                    wanted.setdefault("complaints", set()).add(entry.complaint)
        out: dict[str, dict[str, int]] = {}
        for table, uuids in wanted.items():
            if table == "complaints" and type_name == "event":
                ends = (records[0].complaint_id, records[-1].complaint_id)
                out[table] = self.ids_between(table, uuids, ends)
            else:
                out[table] = self.ids(table, uuids)
        return out

    def ids_between(
        self, table: str, uuids: set[str], ends: tuple[str | None, str | None]
    ) -> dict[str, int]:
        """``ids`` of many UUIDs whose rows are likely numbered in a row between those of
        ``ends`` (a file lists each complaint's events together, complaint after complaint):
        the two ends looked up, the rows between them read in order, the rest looked up. At
        1,000,000 complaints, looking each one up in the UUIDs' index (random order: most
        pages not in SQLite's cache) cost ~6 us a complaint."""
        first, last = ends
        near = self.ids(table, [e for e in ends if e is not None]) if first and last else {}
        if first not in near or last not in near:
            return self.ids(table, uuids)
        low, high = sorted((near[first], near[last]))
        if high - low >= 4 * len(uuids):
            return self.ids(table, uuids)
        found = {
            uuid: number
            for uuid, number in self.conn.execute(
                f"SELECT uuid, id FROM {table} WHERE id BETWEEN ? AND ?", (low, high)
            )
            if uuid in uuids
        }
        if len(found) < len(uuids):
            found.update(self.ids(table, uuids - found.keys()))
        return found

    def _insert(self, type_name: str, items: list[tuple[int, Any]]) -> None:
        """New records written, a column at a time (:mod:`merge_columns`)."""
        if not items:
            return
        from liuliqiao_cli.exchange import merge_columns as mc

        kind = BY_TYPE[type_name]
        lines = [line for line, _ in items]
        records = [record for _, record in items]
        resolved = self._lookups(type_name, records)
        ids = mc.new_ids(records, self.next_id[type_name], named=type_name == "complaint")
        self.next_id[type_name] = ids[-1] + 1
        resolved.setdefault(kind.table, {}).update(zip([r.uuid for r in records], ids, strict=True))
        cols = self.columns[type_name]
        columns, late = mc.local_columns(
            records, cols, ids, self.ref_places[type_name], resolved, kind.table
        )
        refused = None
        for i, col, value in late:  # in row order
            if self._late_ref(type_name, lines[i], col, value, ids[i]):
                refused = (i, col, value)
                break
        if type_name == "event":
            place = self.subject_place
            named = columns[place]
            columns[place], first = mc.subjects(
                columns[cols.index("subject")], named, resolved, self.set_aside
            )
            if first is not None and (refused is None or first < refused[0]):
                refused = (first, "subject_id", named[first])
        if refused is not None:
            i, col, value = refused
            raise ExchangeError("exchange.dangling_ref", line=lines[i], field=col, uuid=value)
        self._run_rows(
            f"INSERT INTO {kind.table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            lines,
            zip(*columns, strict=True),
        )
        self._children(
            type_name, list(zip(lines, records, ids, strict=True)), resolved, replace=False
        )
        self.report.bump(self.report.added, type_name, len(items))

    def _update(self, kind: Kind, items: list[tuple[int, Any, dict[str, Any]]]) -> None:
        resolved = self._lookups(kind.type, (r for _, r, _ in items))
        cols = self.columns[kind.type]
        keep = [i for i, c in enumerate(cols) if c not in ("id", "uuid")]
        changed = []
        for line, record, mine in items:
            values = self._row(kind.type, line, record, mine["id"], resolved)
            changed.append((line, [values[i] for i in keep] + [mine["id"]]))
        self._run(
            f"UPDATE {kind.table} SET {', '.join(f'{cols[i]} = ?' for i in keep)} WHERE id = ?",
            changed,
        )
        self._children(
            kind.type, [(line, r, mine["id"]) for line, r, mine in items], resolved, replace=True
        )
        self.report.bump(self.report.updated, kind.type, len(items))

    def _children(
        self,
        type_name: str,
        rows: list[tuple[int, Any, int]],
        resolved: dict[str, dict[str, int]],
        *,
        replace: bool,
    ) -> None:
        if type_name == "complaint":
            if replace:
                self.conn.executemany(
                    "DELETE FROM complaint_tags WHERE complaint_id = ?", [(i,) for _, _, i in rows]
                )
            self._run(
                "INSERT OR IGNORE INTO complaint_tags (complaint_id, tag) VALUES (?, ?)",
                [(line, (i, tag)) for line, r, i in rows for tag in r.tags],
            )
        elif type_name == "meeting":
            if replace:
                for table in ("meeting_agenda", "meeting_attendance"):
                    self.conn.executemany(
                        f"DELETE FROM {table} WHERE meeting_id = ?", [(i,) for _, _, i in rows]
                    )
            agenda = []
            for line, record, i in rows:
                for entry in record.agenda:
                    cid = resolved.get("complaints", {}).get(entry.complaint)
                    if cid is None:
                        if entry.complaint in self.skipped:
                            continue
                        raise ExchangeError(
                            "exchange.dangling_ref", line=line, field="agenda", uuid=entry.complaint
                        )
                    agenda.append((line, (i, cid, entry.position, entry.reason)))
            self._run(
                "INSERT OR IGNORE INTO meeting_agenda (meeting_id, complaint_id, position,"
                " reason) VALUES (?, ?, ?, ?)",
                agenda,
            )
            self._run(
                "INSERT INTO meeting_attendance (meeting_id, name, present) VALUES (?, ?, ?)",
                [(line, (i, a.name, a.present)) for line, r, i in rows for a in r.attendance],
            )

    def _run(self, sql: str, rows: list[tuple[int, Any]]) -> None:
        """executemany of ``(line, row)`` pairs (see ``_run_rows``)."""
        if rows:
            self._run_rows(sql, [line for line, _ in rows], [row for _, row in rows])

    def _run_rows(self, sql: str, lines: list[int], rows: Iterable[Any]) -> None:
        """executemany; on a constraint failure, the line to blame (nothing is kept: the import
        rolls its whole transaction back).

        executemany takes its rows one at a time from the iterator and stops at the first that
        fails, so the row last handed over is the culprit: a counter zipped in front of the
        rows says how many were taken (all in C: no Python call per row). No savepoint: one per
        batch made SQLite copy every page a batch touched into a temporary sub-journal (1.9 GB
        of writes for a 100,000-complaint import) only to find that line."""
        taken = count()
        try:
            self.conn.executemany(sql, map(itemgetter(1), zip(taken, rows, strict=False)))
        except _ERRORS as exc:
            blamed = lines[next(taken) - 1]
            unique = _UNIQUE.match(str(exc))
            if unique:  # a UUID, a 12345 number or a name an earlier line or this ledger has
                raise ExchangeError("exchange.value_taken", line=blamed, field=unique[1]) from None
            raise ExchangeError("exchange.bad_record", line=blamed, reason=str(exc)) from None
