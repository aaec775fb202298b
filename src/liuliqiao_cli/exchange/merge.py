"""The merge by UUID of a ledger file's records into this ledger (the file format is described in
:mod:`liuliqiao_cli.exchange.jsonl`; reading the file is :mod:`liuliqiao_cli.exchange.jsonl_import`;
every record is checked by :mod:`liuliqiao_cli.exchange.records` first).

All in one transaction (any error: nothing written):
    - an unknown UUID is added. A named complaint (``B17``) keeps its name; an unnamed one keeps
      its number when that is above every number in use (a restore into an empty ledger keeps
      #1024 as #1024), else gets the next one;
    - events are append-only: a union by UUID. An event or record whose UUID is known here with
      another creation time is refused: it is not the same record;
    - a complaint both copies changed is merged part by part by its history
      (:mod:`liuliqiao_cli.exchange.merge_fields`): every change is applied or kept as a conflict,
      and both directions give the same result. When only one copy has changes the other lacks,
      that copy is taken whole;
    - meetings, decisions, overrides: the newer version of the record wins (``updated_at``; for
      decisions the day done, else the creation; for overrides the time revoked, else the
      creation); the other is kept as a conflict (same rule on both sides: at the same version,
      the content whose canonical JSON sorts last);
    - a new complaint whose 12345 work-order number (``ref``) another complaint already has is
      skipped and reported, with whatever refers to it;
    - the estate's versions: :mod:`liuliqiao_cli.exchange.merge_versions`.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime
from typing import Any

from liuliqiao_cli.exchange.jsonl import BY_TYPE, ExchangeError, Kind
from liuliqiao_cli.exchange.merge_rows import MergeReport, Pending, field_uuid, without_local
from liuliqiao_cli.exchange.merge_settle import Settler
from liuliqiao_cli.exchange.merge_values import as_dict, content, record_label
from liuliqiao_cli.exchange.merge_versions import VersionMerge
from liuliqiao_cli.exchange.records import Reader
from liuliqiao_cli.store import lookups

BATCH = 2_000


class Merger(Settler, VersionMerge):
    """One merge of a ledger file, a batch of lines at a time (``jsonl_import`` drives it)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        report: MergeReport,
        reader: Reader,
        *,
        fresh: bool,
        digests: bool,
        now: datetime,
        source_name: str,
    ) -> None:
        super().__init__(conn, report, reader, now=now, source_name=source_name)
        self.fresh = fresh  # the ledger had no complaint: every complaint and its events is new
        self.digests = digests  # the file's complaints carry their history (format version 2)
        self.pending: dict[str, Pending] = {}  # complaint UUID -> a copy that differs
        self.pending_records: dict[str, Pending] = {}  # the same for meetings, decisions ...
        # complaints whose events are decoded: added, or differing (not tracked when fresh)
        self.watched: set[bytes] = set()

    # --- complaints ------------------------------------------------------------------------------

    def complaints(self, items: list[tuple[int, bytes]]) -> None:
        """A batch of complaint lines: the ones we hold byte for byte are skipped undecoded."""
        kind = BY_TYPE["complaint"]
        local: dict[str, str] = {}
        uuids: list[str | None] = []
        if not self.fresh:
            uuids = [field_uuid(raw, b'"uuid":"') for _, raw in items]
            local = self._around(kind, items)
            local.update(self.local_lines(kind, [u for u in uuids if u and u not in local]))
        differing: list[tuple[int, bytes]] = []
        for n, (line, raw) in enumerate(items):
            mine = local.get(uuids[n] or "") if uuids else None
            if mine is not None and without_local(mine) == without_local(raw):
                self.report.bump(self.report.unchanged, "complaint")
                continue
            differing.append((line, raw))
        decoded = self.reader.records(differing)
        _once(decoded)
        _scrub(self.conn, "complaint", decoded)
        if not self.fresh:  # lines written another way than our export's: asked for by UUID
            unread = [r.uuid for _, r in decoded if r.uuid not in local]
            local.update(self.local_lines(kind, unread))
        new: list[tuple[int, Any]] = []
        for line, record in decoded:
            mine = local.get(record.uuid)
            if mine is None:
                new.append((line, record))
            else:
                self._known_complaint(line, record, json.loads(mine))
        if new:
            self._new_complaints(new)

    def _around(self, kind: Kind, items: list[tuple[int, bytes]]) -> dict[str, str]:
        """Our records with the numbers the file's lines have, when those are close together
        (the file's numbers are the exporter's: a copy's are mostly ours)."""
        numbers = [n for n in (_number(raw) for _, raw in items) if n is not None]
        if not numbers:
            return {}
        first, last = min(numbers), max(numbers)
        if last - first > 4 * len(items):
            return {}
        return self.local_range(kind, first, last)

    def _known_complaint(self, line: int, record: Any, mine: dict[str, Any]) -> None:
        theirs = as_dict(record)
        if theirs["created_at"] != mine["created_at"]:
            raise ExchangeError(
                "exchange.same_uuid_other_record",
                line=line,
                uuid=record.uuid,
                ours=mine["created_at"],
                theirs=theirs["created_at"],
            )
        if (theirs.get("name") or None) != (mine.get("name") or None):
            raise ExchangeError(
                "exchange.other_name",
                line=line,
                uuid=record.uuid,
                ours=record_label(mine),
                theirs=record_label(theirs),
            )
        if mine.get("contact_id") is None and theirs.get("contact_id"):
            self._fill_contact(theirs["contact_id"], mine["id"])
        self.pending[record.uuid] = Pending(line, theirs)
        self.watched.add(record.uuid.encode("ascii"))

    def _fill_contact(self, contact_uuid: str, complaint_id: int) -> None:
        """A contact that arrived with --with-contacts links a complaint that had none here."""
        contact = self.ids("contacts", [contact_uuid]).get(contact_uuid)
        if contact is not None:
            self.conn.execute(
                "UPDATE complaints SET contact_id = ? WHERE id = ?", (contact, complaint_id)
            )

    def _new_complaints(self, items: list[tuple[int, Any]]) -> None:
        refs = [r.ref for _, r in items if r.ref]
        clash: dict[str, int] = {}
        names = [r.name for _, r in items if r.name]
        named: dict[str, tuple[int, str]] = {}
        if not self.fresh:
            for marks, chunk in lookups.chunks(refs):
                clash.update(
                    self.conn.execute(
                        f"SELECT ref, id FROM complaints WHERE ref IN ({marks})", chunk
                    ).fetchall()
                )
            for marks, chunk in lookups.chunks(names):
                for name, number, uuid in self.conn.execute(
                    f"SELECT name, id, uuid FROM complaints WHERE name IN ({marks})", chunk
                ):
                    named[name] = (number, uuid)
        if self.fresh and not self.skipped:  # a restore: nothing in the way (a 12345 number
            self._insert("complaint", items)  # given twice in the file: the index says)
            return
        keep: list[tuple[int, Any]] = []
        for line, record in items:
            if self.skipped and (record.duplicate_of in self.skipped):
                self._skip(record.uuid, "complaint")
                continue
            if record.name and record.name in named:
                raise ExchangeError(
                    "exchange.name_taken", line=line, name=record.name, uuid=record.uuid
                )
            if record.ref and record.ref in clash:
                number = clash[record.ref]
                self._conflict(
                    line,
                    "complaint",
                    record.uuid,
                    self._name_of(number),
                    "exchange.conflict_ref",
                    ref=record.ref,
                )
                self._skip(record.uuid, "complaint")
                continue
            if record.ref and not self.fresh:
                clash[record.ref] = 0  # a second one in the same file (fresh: the index says)
            keep.append((line, record))
        self._insert("complaint", keep)
        if not self.fresh:
            self.watched.update(r.uuid.encode("ascii") for _, r in keep)

    def _name_of(self, number: int) -> str | None:
        if not number:
            return None
        row = self.conn.execute("SELECT name FROM complaints WHERE id = ?", (number,)).fetchone()
        return (row[0] if row and row[0] else None) or str(number)

    def finish(self) -> None:
        self.finish_versions()
        super().finish()

    # --- events -----------------------------------------------------------------------------------

    def events(self, items: list[tuple[int, bytes]]) -> None:
        """A batch of event lines. Events are never changed: a known UUID needs no decoding. The
        events of a complaint whose line and history we hold are known without asking."""
        decode: list[tuple[int, bytes]] = []
        if self.fresh:
            decode = items
        else:
            # whose event each line is, read without decoding (a list comprehension: C speed)
            key = b'"complaint_id":"'
            raws = [raw for _, raw in items]
            places = [raw.find(key) for raw in raws]
            owners = [
                raw[p + 16 : p + 52] if p >= 0 and raw[p + 52 : p + 53] == b'"' else None
                for raw, p in zip(raws, places, strict=True)
            ]
            watched = self.watched
            decode = [
                item
                for item, owner in zip(items, owners, strict=True)
                if owner is None or owner in watched
            ]
            others = Counter(o for o in owners if o is not None and o not in watched)
            if others:
                known = self.ids("complaints", [o.decode("ascii", "replace") for o in others])
                for owner, count in others.items():
                    name = owner.decode("ascii", "replace")
                    if name in self.skipped:
                        self.report.bump(self.report.skipped, "event", count)
                    elif name not in known:
                        line = next(i[0] for i, o in zip(items, owners, strict=True) if o == owner)
                        raise ExchangeError(
                            "exchange.dangling_ref", line=line, field="complaint_id", uuid=name
                        )
                    elif self.digests:
                        self.report.bump(self.report.unchanged, "event", count)
                    else:  # a file without histories: ask for each event
                        decode.extend(i for i, o in zip(items, owners, strict=True) if o == owner)
                decode.sort(key=lambda item: item[0])  # in the file's order: undos after
        if not decode:
            return
        records = self.reader.records(decode)
        self.note_undos(records)
        _once(records)
        _scrub(self.conn, "event", records)
        existing: dict[str, str] = {}
        if not self.fresh or any(r.complaint_id is None for _, r in records):
            existing = self._existing_events([r.uuid for _, r in records])
        if not (existing or self.pending or self.pending_records or self.skipped):
            self._insert("event", records)  # a restore: every event is new
            return
        new: list[tuple[int, Any]] = []
        for line, record in records:
            differing = self.pending.get(record.complaint_id or "") or self.pending_records.get(
                record.subject_id or ""
            )
            if differing is not None:
                differing.seen.add(record.uuid)
            if record.uuid in existing:
                if existing[record.uuid] != record.at:
                    raise ExchangeError(
                        "exchange.same_uuid_other_record",
                        line=line,
                        uuid=record.uuid,
                        ours=existing[record.uuid],
                        theirs=record.at,
                    )
                self.report.bump(self.report.unchanged, "event")
                continue
            if self.skipped and (
                record.complaint_id in self.skipped or record.undoes in self.skipped
            ):
                self._skip(record.uuid, "event")
                continue
            new.append((line, record))
            if differing is not None:
                differing.added.add(record.uuid)
        self._insert("event", new)

    def _existing_events(self, uuids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for marks, chunk in lookups.chunks(uuids):
            found.update(
                self.conn.execute(
                    f"SELECT uuid, at FROM events WHERE uuid IN ({marks})", chunk
                ).fetchall()
            )
        return found

    # --- rotations, contacts, meetings, decisions, overrides: record by record ------------------

    def records(self, kind: Kind, items: list[tuple[int, bytes]]) -> None:
        decoded = self.reader.records(items)
        seen = _once(decoded)
        if kind.type == "contact":
            _scrub(self.conn, "contact", decoded)
        local = {u: json.loads(v) for u, v in self.local_lines(kind, list(seen)).items()}
        refs = dict(kind.refs)
        inserts: list[tuple[int, Any]] = []
        for line, record in decoded:
            if self.skipped and any(getattr(record, c, None) in self.skipped for c in refs):
                self._skip(record.uuid, kind.type)
                continue
            mine = local.get(record.uuid)
            if mine is None and kind.type == "rotation" and self._same_rotation(line, record):
                self.report.bump(self.report.unchanged, kind.type)
                continue
            if mine is None:
                inserts.append((line, record))
                continue
            theirs = as_dict(record)
            if mine.get("created_at") != theirs.get("created_at"):
                raise ExchangeError(
                    "exchange.same_uuid_other_record",
                    line=line,
                    uuid=record.uuid,
                    ours=mine.get("created_at"),
                    theirs=theirs.get("created_at"),
                )
            if content(theirs) == content(mine):
                self.report.bump(self.report.unchanged, kind.type)
            elif not kind.version:  # rotation versions and contacts never change
                self._conflict(line, kind.type, record.uuid, None, "exchange.conflict_record")
                self.report.bump(self.report.unchanged, kind.type)
            else:  # decided at the end, when the histories of both copies are known
                self.pending_records[record.uuid] = Pending(line, theirs, record=record, mine=mine)
        self._insert(kind.type, inserts)

    def _same_rotation(self, line: int, record: Any) -> bool:
        """Two ledgers set up from the same estate file each have their own rotation version
        (own UUID) from the same date: the same version when the rules agree, else a conflict."""
        row = self.conn.execute(
            "SELECT id, handover_month, handover_day, company_order FROM rotation_versions"
            " WHERE effective_from = ?",
            (record.effective_from,),
        ).fetchone()
        if row is None:
            return False
        self.aliases.setdefault("rotation_versions", {})[record.uuid] = row[0]
        same = (row[1], row[2]) == (record.handover_month, record.handover_day) and json.loads(
            row[3]
        ) == json.loads(record.company_order)
        if not same:
            self._conflict(line, "rotation", record.uuid, None, "exchange.conflict_record")
        return True


def _once(records: list[tuple[int, Any]]) -> dict[str, int]:
    """Each UUID once in a batch of ``(line, record)``, else the second line is refused;
    returns UUID -> line."""
    seen = {r.uuid: line for line, r in reversed(records)}  # the first line of each UUID
    if len(seen) < len(records):
        for line, record in records:
            if seen[record.uuid] != line:
                raise ExchangeError(
                    "exchange.duplicate_uuid", line=line, uuid=record.uuid, other=seen[record.uuid]
                )
    return seen


def _scrub(conn: sqlite3.Connection, kind: str, decoded: list[tuple[int, Any]]) -> None:
    """Residents' personal data in the file's records masked in place, the originals kept in
    the companion contacts file (issue 16): a file exported --with-contacts, or by a laptop that
    kept them in the clear, never puts a name or a phone into this ledger file."""
    from liuliqiao_cli.complaints import contacts

    if decoded:
        contacts.scrub_incoming(conn, kind, [r for _, r in decoded])


def _number(raw: bytes) -> int | None:
    """The exporter's number of a record (``"id":123,`` right after the type), undecoded."""
    at = raw.find(b'"id":', 0, 40)
    if at < 0:
        return None
    end = raw.find(b",", at)
    digits = raw[at + 5 : end]
    return int(digits) if digits.isdigit() else None
