"""The merge by UUID of a ledger file into this ledger (the file format is described in
:mod:`liuliqiao_cli.exchange.jsonl`; reading the file is :mod:`liuliqiao_cli.exchange.jsonl_import`).

All in one transaction (any error: nothing written):
    - an unknown UUID is added; it keeps its number (``id``) when that is above every number in
      use (so a restore into an empty ledger keeps #1024 as #1024), else gets the next one;
    - a known UUID is replaced only when the incoming version is newer (``updated_at``; for
      decisions the time done, else created; for overrides the time revoked, else created).
      Same version but different content: the two ledgers edited it independently; the content
      whose canonical JSON sorts last wins on both sides (so two ledgers that exchange files in
      both directions converge), and it is reported as a conflict. An older incoming version
      that differs is reported too (ours kept);
    - events are append-only: a union by UUID;
    - a new complaint whose 12345 work-order number (``ref``) another complaint already has is
      skipped and reported, with whatever refers to it.

The import itself is recorded as one event of kind ``import`` (subject ``ledger``); such events
are local facts and are not exported, or two ledgers exchanging files would never converge.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from liuliqiao_cli.complaints import contacts
from liuliqiao_cli.exchange.jsonl import (
    BY_TYPE,
    KINDS,
    SUBJECT_TABLES,
    ExchangeError,
    Kind,
    _columns,
    _select,
)

BATCH = 2_000
CONFLICTS_KEPT = 200  # conflicts listed in full; the rest are only counted


@dataclass
class Conflict:
    line: int
    type: str
    uuid: str
    number: int | None  # our record concerned
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
    records: int = 0
    fts: str = ""  # 'rebuild' or 'triggers'
    estate: str = ""

    def bump(self, what: dict[str, int], kind: str) -> None:
        what[kind] = what.get(kind, 0) + 1


@dataclass(frozen=True)
class _Plan:
    """Where the special columns of a kind's table are (computed once per import)."""

    columns: list[str]
    id_index: int
    refs: list[tuple[int, str, str]]  # (index, column, referenced table)
    subject_index: int | None
    data_index: int | None
    checks: Sequence[tuple[int, str]]  # complaint columns that must name something in the estate
    getter: Any  # operator.itemgetter of the columns: one C call per record

    @classmethod
    def of(cls, kind: Kind, columns: list[str]) -> _Plan:
        where = {c: i for i, c in enumerate(columns)}
        refs = [(where[c], c, t) for c, t in kind.refs if c in where]
        event = kind.type == "event"
        checks = [
            (where[c], c)
            for c in ("building", "item", "company")
            if kind.type == "complaint" and c in where
        ]
        from operator import itemgetter

        return cls(
            columns,
            where["id"],
            refs,
            where.get("subject_id") if event else None,
            where.get("data") if event else None,
            checks,
            itemgetter(*columns),
        )


class _Merger:
    def __init__(self, conn: sqlite3.Connection, report: MergeReport) -> None:
        self.conn = conn
        self.report = report
        self.columns = {k.type: _columns(conn, k.table) for k in KINDS}
        self.plans = {k.type: _Plan.of(k, self.columns[k.type]) for k in KINDS}
        self.select = {k.type: _select(conn, k) for k in KINDS}
        self.next_id = {
            k.type: conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {k.table}").fetchone()[0]
            for k in KINDS
        }
        self.skipped: set[str] = set()  # UUIDs not merged: whatever refers to them is skipped too
        self.aliases: dict[str, dict[str, int]] = {}  # their UUID -> our row, same natural key
        self.pending: list[tuple[int, str, int, str]] = []  # (line, column, complaint id, uuid)
        from liuliqiao_cli.estate import model

        est = model.load(conn)
        self.valid: dict[str, set[Any]] = {
            "building": set(est.buildings),
            "item": set(est.items),
            "company": set(est.companies),
        }

    # lookups by UUID, a batch at a time (unique indexes), never a map of the whole ledger
    def ids(self, table: str, uuids: Iterable[str]) -> dict[str, int]:
        wanted = list({u for u in uuids if u})
        aliases = self.aliases.get(table, {})
        found: dict[str, int] = {u: aliases[u] for u in wanted if u in aliases}
        for i in range(0, len(wanted), 900):
            chunk = wanted[i : i + 900]
            marks = ",".join("?" * len(chunk))
            found.update(
                self.conn.execute(
                    f"SELECT uuid, id FROM {table} WHERE uuid IN ({marks})", chunk
                ).fetchall()
            )
        return found

    def existing(self, kind: Kind, uuids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for i in range(0, len(uuids), 900):
            chunk = uuids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            for (line,) in self.conn.execute(
                f"{self.select[kind.type]} {'AND' if kind.type == 'event' else 'WHERE'}"
                f" t.uuid IN ({marks})",
                chunk,
            ):
                rec = json.loads(line)
                found[rec["uuid"]] = rec
        return found

    def batch(self, kind: Kind, items: list[tuple[int, dict[str, Any]]]) -> None:
        items = contacts.scrub_incoming(self.conn, kind.type, items)  # issue 16: privacy
        seen: dict[str, int] = {}
        for line, rec in items:
            if rec["uuid"] in seen:
                raise ExchangeError(
                    "exchange.duplicate_uuid", line=line, uuid=rec["uuid"], other=seen[rec["uuid"]]
                )
            seen[rec["uuid"]] = line
        local = self.existing(kind, list(seen))
        refs = dict(kind.refs)
        lookups: dict[str, set[str]] = {}
        for col, table in refs.items():
            lookups.setdefault(table, set()).update(
                v for _, rec in items if (v := rec.get(col)).__class__ is str
            )
        for _, rec in items:
            if (
                kind.type == "event"
                and rec.get("subject_id").__class__ is str
                and rec.get("subject_id") != rec.get("complaint_id")
            ):
                subject_table = SUBJECT_TABLES.get(str(rec.get("subject")))
                if subject_table:
                    lookups.setdefault(subject_table, set()).add(rec["subject_id"])
            if kind.type == "meeting":
                for a in rec.get("agenda") or []:
                    lookups.setdefault("complaints", set()).add(str(a.get("complaint")))
        resolved = {table: self.ids(table, uuids) for table, uuids in lookups.items()}
        refs_clash: dict[str, int | None] = {}  # work-order number -> our complaint holding it
        if kind.type == "complaint":
            new_refs = [r["ref"] for _, r in items if r.get("ref") and r["uuid"] not in local]
            for i in range(0, len(new_refs), 900):
                chunk = new_refs[i : i + 900]
                refs_clash.update(
                    self.conn.execute(
                        f"SELECT ref, id FROM complaints WHERE ref IN ({','.join('?' * len(chunk))})",
                        chunk,
                    ).fetchall()
                )
        inserts: list[tuple[int, dict[str, Any]]] = []
        updates: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
        for line, rec in items:
            if self.skipped and any(rec.get(col) in self.skipped for col in refs):
                self.skipped.add(rec["uuid"])
                self.report.bump(self.report.skipped, kind.type)
                continue
            mine = local.get(rec["uuid"])
            if mine is None and kind.type == "rotation" and self._same_rotation(line, rec):
                self.report.bump(self.report.unchanged, kind.type)
                continue
            if mine is None:
                if kind.type == "complaint" and rec.get("ref") in refs_clash:
                    self._conflict(
                        line,
                        kind,
                        rec,
                        refs_clash[rec["ref"]],
                        "exchange.conflict_ref",
                        ref=rec["ref"],
                    )
                    self.skipped.add(rec["uuid"])
                    self.report.bump(self.report.skipped, kind.type)
                    continue
                if kind.type == "complaint" and rec.get("ref"):
                    refs_clash[rec["ref"]] = None  # a second one in the same file
                inserts.append((line, rec))
                continue
            decision = self._compare(kind, rec, mine)
            if kind.type == "complaint" and decision != "theirs" and not mine.get("contact_id"):
                self._fill_contact(rec, mine)
            if decision == "same":
                self.report.bump(self.report.unchanged, kind.type)
            elif decision == "ours":
                self._conflict(line, kind, rec, mine["id"], "exchange.conflict_ours")
                self.report.bump(self.report.unchanged, kind.type)
            else:
                if decision == "tie":
                    self._conflict(line, kind, rec, mine["id"], "exchange.conflict_tie")
                updates.append((line, rec, mine))
        self._write(kind, inserts, updates, resolved)

    def _fill_contact(self, rec: dict[str, Any], mine: dict[str, Any]) -> None:
        """A contact that arrived with --with-contacts links a complaint that had none here."""
        contact = self.ids("contacts", [rec["contact_id"]]).get(rec.get("contact_id") or "")
        if contact is not None:
            self.conn.execute(
                "UPDATE complaints SET contact_id = ? WHERE id = ?", (contact, mine["id"])
            )

    def _same_rotation(self, line: int, rec: dict[str, Any]) -> bool:
        """Two ledgers set up from the same estate file each have their own rotation version
        (own UUID) from the same date: the same version when the rules agree, else a conflict."""
        row = self.conn.execute(
            "SELECT id, handover_month, handover_day, company_order FROM rotation_versions"
            " WHERE effective_from = ?",
            (rec.get("effective_from"),),
        ).fetchone()
        if row is None:
            return False
        self.aliases.setdefault("rotation_versions", {})[rec["uuid"]] = row[0]
        same = (row[1], row[2]) == (
            rec.get("handover_month"),
            rec.get("handover_day"),
        ) and json.loads(row[3]) == json.loads(str(rec.get("company_order") or "null"))
        if not same:
            self._conflict(line, BY_TYPE["rotation"], rec, row[0], "exchange.conflict_ours")
        return True

    def _compare(self, kind: Kind, theirs: dict[str, Any], mine: dict[str, Any]) -> str:
        # Numbers are local; a complaint's contact travels only with --with-contacts.
        local_only = ("id", "contact_id", "changed_at")
        a = {k: v for k, v in theirs.items() if k not in local_only}
        b = {k: v for k, v in mine.items() if k not in local_only}
        if a == b:
            return "same"
        if not kind.version:  # events, rotation versions and contacts never change
            return "ours"
        va = next((theirs.get(c) for c in kind.version if theirs.get(c)), "") or ""
        vb = next((mine.get(c) for c in kind.version if mine.get(c)), "") or ""
        if str(va) > str(vb):
            return "theirs"
        if str(va) < str(vb):
            return "ours"
        canon = (
            json.dumps(a, sort_keys=True, ensure_ascii=False),
            json.dumps(b, sort_keys=True, ensure_ascii=False),
        )
        return "tie" if canon[0] > canon[1] else "ours"

    def _conflict(
        self,
        line: int,
        kind: Kind,
        rec: dict[str, Any],
        number: int | None,
        reason: str,
        **params: Any,
    ) -> None:
        self.report.conflict_count += 1
        if len(self.report.conflicts) < CONFLICTS_KEPT:
            self.report.conflicts.append(
                Conflict(line, kind.type, rec["uuid"], number, reason, params)
            )

    def _values(
        self,
        kind: Kind,
        line: int,
        rec: dict[str, Any],
        row_id: int,
        resolved: dict[str, dict[str, int]],
        mine: dict[str, Any] | None,
    ) -> list[Any]:
        """The row for ``kind``'s table, in column order, references made local. Hot path:
        one list built by a comprehension, then only the few reference columns fixed up."""
        plan = self.plans[kind.type]
        try:
            row = list(plan.getter(rec))
        except KeyError:  # a hand-made file may leave out columns that have defaults
            row = [rec.get(c) for c in plan.columns]
        # A nested value where a column is expected fails in executemany (binding error):
        # _run then finds the line; no per-value check on the hot path.
        row[plan.id_index] = row_id
        for index, col, table in plan.refs:
            value = row[index]
            if value is not None:
                target = resolved.get(table, {}).get(value)
                row[index] = (
                    target
                    if target is not None
                    else self._late_ref(kind, line, col, value, row_id, mine)
                )
        if plan.subject_index is not None and row[plan.subject_index] is not None:
            subject_table = SUBJECT_TABLES.get(str(rec.get("subject")))
            row[plan.subject_index] = resolved.get(subject_table or "", {}).get(
                row[plan.subject_index]
            )
        if plan.data_index is not None and row[plan.data_index] is None:
            row[plan.data_index] = "{}"
        for index, what in plan.checks:
            if row[index] is not None and row[index] not in self.valid[what]:
                raise ExchangeError(f"exchange.unknown_{what}", line=line, value=row[index])
        return row

    def _late_ref(
        self, kind: Kind, line: int, col: str, value: str, row_id: int, mine: dict[str, Any] | None
    ) -> int | None:
        if kind.type == "complaint" and col == "contact_id":
            # Contacts travel only with --with-contacts: keep ours, never erase it.
            if mine is not None and mine.get("contact_id"):
                return self.ids("contacts", [mine["contact_id"]]).get(mine["contact_id"])
            return None
        if kind.type == "complaint" and col == "duplicate_of":
            self.pending.append((line, col, row_id, value))  # may point forwards
            return None
        raise ExchangeError("exchange.dangling_ref", line=line, field=col, uuid=value)

    def _write(
        self,
        kind: Kind,
        inserts: list[tuple[int, dict[str, Any]]],
        updates: list[tuple[int, dict[str, Any], dict[str, Any]]],
        resolved: dict[str, dict[str, int]],
    ) -> None:
        cols = self.columns[kind.type]
        rows: list[tuple[int, list[Any]]] = []
        own: list[tuple[int, dict[str, Any], int]] = []
        mapped = resolved.setdefault(kind.table, {})
        for line, rec in inserts:
            wanted = rec.get("id")
            if isinstance(wanted, int) and wanted >= self.next_id[kind.type]:
                row_id = wanted
            else:
                row_id = self.next_id[kind.type]
            self.next_id[kind.type] = row_id + 1
            rows.append((line, self._values(kind, line, rec, row_id, resolved, None)))
            own.append((line, rec, row_id))
            mapped[rec["uuid"]] = row_id
        if rows:
            self._run(
                f"INSERT INTO {kind.table} ({', '.join(cols)}) VALUES"
                f" ({', '.join('?' * len(cols))})",
                rows,
            )
            self._children(kind, own, resolved, replace=False)
            self.report.added[kind.type] = self.report.added.get(kind.type, 0) + len(rows)
        if updates:
            keep = [i for i, c in enumerate(cols) if c not in ("id", "uuid")]
            settable = [cols[i] for i in keep]
            changed = []
            for line, rec, mine in updates:
                values = self._values(kind, line, rec, mine["id"], resolved, mine)
                changed.append((line, [values[i] for i in keep] + [mine["id"]]))
            self._run(
                f"UPDATE {kind.table} SET {', '.join(f'{c} = ?' for c in settable)} WHERE id = ?",
                changed,
            )
            self._children(
                kind,
                [(line, rec, mine["id"]) for line, rec, mine in updates],
                resolved,
                replace=True,
            )
            self.report.updated[kind.type] = self.report.updated.get(kind.type, 0) + len(updates)

    def _children(
        self,
        kind: Kind,
        rows: list[tuple[int, dict[str, Any], int]],
        resolved: dict[str, dict[str, int]],
        *,
        replace: bool,
    ) -> None:
        if kind.type == "complaint":
            if replace:
                self.conn.executemany(
                    "DELETE FROM complaint_tags WHERE complaint_id = ?", [(i,) for _, _, i in rows]
                )
            self._run(
                "INSERT OR IGNORE INTO complaint_tags (complaint_id, tag) VALUES (?, ?)",
                [(line, (i, str(tag))) for line, rec, i in rows for tag in rec.get("tags") or []],
            )
        elif kind.type == "meeting":
            if replace:
                for table in ("meeting_agenda", "meeting_attendance"):
                    self.conn.executemany(
                        f"DELETE FROM {table} WHERE meeting_id = ?", [(i,) for _, _, i in rows]
                    )
            agenda = []
            for line, rec, i in rows:
                for a in rec.get("agenda") or []:
                    cid = resolved.get("complaints", {}).get(str(a.get("complaint")))
                    if cid is None:
                        if a.get("complaint") in self.skipped:
                            continue
                        raise ExchangeError(
                            "exchange.dangling_ref",
                            line=line,
                            field="agenda",
                            uuid=a.get("complaint"),
                        )
                    agenda.append((line, (i, cid, a.get("position") or 0, a.get("reason") or "")))
            self._run(
                "INSERT OR IGNORE INTO meeting_agenda (meeting_id, complaint_id, position,"
                " reason) VALUES (?, ?, ?, ?)",
                agenda,
            )
            self._run(
                "INSERT INTO meeting_attendance (meeting_id, name, present) VALUES (?, ?, ?)",
                [
                    (line, (i, a.get("name"), a.get("present")))
                    for line, rec, i in rows
                    for a in rec.get("attendance") or []
                ],
            )

    def _run(self, sql: str, rows: list[tuple[int, Any]]) -> None:
        """executemany; on a constraint failure find the line to blame (nothing is kept)."""
        if not rows:
            return
        self.conn.execute("SAVEPOINT batch")
        try:
            self.conn.executemany(sql, [r for _, r in rows])
        except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError):
            self.conn.execute("ROLLBACK TO batch")
            for line, row in rows:
                try:
                    self.conn.execute(sql, row)
                except (
                    sqlite3.IntegrityError,
                    sqlite3.InterfaceError,
                    sqlite3.ProgrammingError,
                ) as exc:
                    raise ExchangeError("exchange.bad_record", line=line, reason=str(exc)) from None
            raise
        finally:
            self.conn.execute("RELEASE batch")

    def finish(self) -> None:
        for line, col, row_id, value in self.pending:
            target = self.ids("complaints", [value]).get(value)
            if target is None and value not in self.skipped:
                raise ExchangeError("exchange.dangling_ref", line=line, field=col, uuid=value)
            self.conn.execute(f"UPDATE complaints SET {col} = ? WHERE id = ?", (target, row_id))
