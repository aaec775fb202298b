"""The estate's versions in a merge (issue 20 meets issue 17): the agreement as renegotiated and
recorded on one laptop reaches the others, and a ledger restored from its file keeps its versions.

Versions come early in the file, before the complaints whose codes they define, and are merged
as they arrive, through :mod:`liuliqiao_cli.estate.agreement` (the path of ``estate apply``):

- a version unknown here (by UUID) is added with its UUID and record; the estate tables get every
  code it defines, and open complaints whose company differs under it await a handover
  confirmation (移交待确认) from its first day, as after ``estate apply``: nothing is re-routed;
- the same UUID is the same version, which never changes (but for the first version's JSON: the
  estate tables' while it is alone): a copy that differs is kept as a conflict, ours kept;
- one version a day, as ``estate apply`` says: of two versions of one day (two UUIDs) the one
  recorded first (its creation time, then its UUID) is kept on both ledgers, in place of the other
  where that one was; when their agreements differ the other is kept as a conflict;
- the first version (from the start) is each ledger's own: ledgers that exchange files are of
  one estate (the header refuses another unless ``--force``), set up from one estate file, so
  their first versions are one version under two UUIDs and each ledger keeps its own; when both
  say what their agreement was (JSON, or our tables) and the two differ, ours is kept and theirs
  is a conflict. A ledger that holds nothing yet (no complaint, no version of its own) takes the
  file's first version as its own: a restore is the exported ledger again;
- an undo travels: a version whose event was undone here is not added again; one whose event the
  file undoes is taken out here. A version's ``event_id`` is its event's UUID, resolved once the
  events are in: that is what ties a version to its event (``undo`` and the export read it).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from liuliqiao_cli.errors import EstateError
from liuliqiao_cli.estate import agreement, versions
from liuliqiao_cli.estate.model import FROM_THE_START, load
from liuliqiao_cli.exchange.jsonl import BY_TYPE, ExchangeError
from liuliqiao_cli.exchange.merge_rows import MergeReport, RowWriter
from liuliqiao_cli.exchange.merge_values import as_dict
from liuliqiao_cli.exchange.records import Reader, estate_reason

KIND = "estate_version"
TABLE = "estate_versions"
_SAME = ("from_date", "actor", "reason", "event_id")  # what two copies of a version share


class VersionMerge(RowWriter):
    """The part of a merge that takes the estate's versions (the Merger drives it)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        report: MergeReport,
        reader: Reader,
        *,
        now: datetime,
        source_name: str,
    ) -> None:
        super().__init__(conn, report, reader, now=now, source_name=source_name)
        self.fresh = False  # set by the Merger: this ledger had no complaint
        self.version_events: list[tuple[int, int, str]] = []  # (line, version id, event UUID)
        self.laid_aside: list[tuple[int, Any]] = []  # versions that lost to ours of their day
        self.version_undos: set[str] = set()  # UUIDs of version events the file's undos name

    def estate_versions(self, items: list[tuple[int, bytes]]) -> None:
        """A batch of version lines, merged in the order of their dates."""
        decoded = self.reader.records(items)
        seen: dict[str, int] = {}
        for line, record in decoded:
            if record.uuid in seen:
                raise ExchangeError(
                    "exchange.duplicate_uuid", line=line, uuid=record.uuid, other=seen[record.uuid]
                )
            seen[record.uuid] = line
        changed = False
        for line, record in sorted(decoded, key=lambda item: item[1].from_date):
            changed = self._version(line, record) or changed
        if changed:
            self.reader.refresh(self.conn)  # complaints further on may use the codes it brought

    def _ours(self) -> dict[str, dict[str, Any]]:
        """Our versions as the export writes them, by UUID (a ledger has a handful)."""
        rows = self.conn.execute(self.select[KIND]).fetchall()
        return {uuid: json.loads(line) for uuid, line in rows}

    def _version(self, line: int, record: Any) -> bool:
        """Merge one version; True when the estate tables changed."""
        ours = self._ours()
        theirs = as_dict(record)
        mine = ours.get(record.uuid)
        if mine is not None:
            self._known(line, record.uuid, theirs, mine, alone=len(ours) == 1)
            return False
        same_day = next((v for v in ours.values() if v["from_date"] == record.from_date), None)
        if record.from_date == FROM_THE_START:
            if same_day is None:  # every ledger has one (m014): nothing to match it with
                self.report.bump(self.report.unchanged, KIND)
                return False
            return self._first(line, record, theirs, same_day, alone=len(ours) == 1)
        if record.event_id is not None and self._undone_here(record.event_id):
            self.set_aside.add(record.uuid)
            self._skip(record.uuid, KIND)
            return False
        if same_day is None:
            self._receive(line, record)
            return True
        if (same_day["created_at"], same_day["uuid"]) <= (record.created_at, record.uuid):
            self.set_aside.add(record.uuid)
            self.laid_aside.append((line, record))
            if _agreement(same_day) != _agreement(theirs):
                self._keep(
                    BY_TYPE[KIND],
                    line,
                    same_day["uuid"],
                    kept=same_day,
                    lost=theirs,
                    reason="exchange.conflict_version",
                    date=record.from_date,
                )
            else:
                self.report.bump(self.report.unchanged, KIND)
            return False
        self._receive(line, record, replacing=same_day)
        if _agreement(same_day) != _agreement(theirs):
            self._keep(
                BY_TYPE[KIND],
                line,
                record.uuid,
                kept=theirs,
                lost=same_day,
                reason="exchange.conflict_version",
                date=record.from_date,
            )
        return True

    def _known(
        self, line: int, uuid: str, theirs: dict[str, Any], mine: dict[str, Any], *, alone: bool
    ) -> None:
        if theirs["created_at"] != mine["created_at"]:
            raise ExchangeError(
                "exchange.same_uuid_other_record",
                line=line,
                uuid=uuid,
                ours=mine["created_at"],
                theirs=theirs["created_at"],
            )
        ours_said, theirs_said = self._agreement_here(mine, alone), _agreement(theirs)
        if any(theirs.get(k) != mine.get(k) for k in _SAME) or (
            ours_said is not None and theirs_said is not None and ours_said != theirs_said
        ):
            self._keep(BY_TYPE[KIND], line, uuid, kept=mine, lost=theirs)
        else:
            self.report.bump(self.report.unchanged, KIND)

    def _first(
        self, line: int, record: Any, theirs: dict[str, Any], mine: dict[str, Any], *, alone: bool
    ) -> bool:
        """Their first version and ours (see the module's docstring); True when the tables
        changed."""
        self.aliases.setdefault(TABLE, {})[record.uuid] = mine["id"]
        if self.fresh and alone:
            agreement.adopt_first(self.conn, mine["id"], _received(record))
            self.report.bump(self.report.updated, KIND)
            return record.definition is not None
        ours_said, theirs_said = self._agreement_here(mine, alone), _agreement(theirs)
        if ours_said is not None and theirs_said is not None and ours_said != theirs_said:
            self._keep(
                BY_TYPE[KIND],
                line,
                mine["uuid"],
                kept=mine,
                lost=theirs,
                reason="exchange.conflict_first_version",
            )
        else:
            self.report.bump(self.report.unchanged, KIND)
        return False

    def _agreement_here(self, mine: dict[str, Any], alone: bool) -> dict[str, Any] | None:
        """What our version says, its JSON or, for a first version alone, the estate tables."""
        said = _agreement(mine)
        if said is None and alone:
            return dict(json.loads(versions.estate_json(load(self.conn))))
        return said

    def _undone_here(self, event_uuid: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM events u JOIN events e ON e.id = u.undoes"
                " WHERE e.uuid = ? AND u.kind = 'undo' LIMIT 1",
                (event_uuid,),
            ).fetchone()
            is not None
        )

    def _receive(self, line: int, record: Any, replacing: dict[str, Any] | None = None) -> None:
        from liuliqiao_cli.i18n import t

        try:
            version_id = agreement.receive(
                self.conn,
                _received(record),
                source="definition",
                replacing=replacing["id"] if replacing is not None else None,
            )
        except EstateError as exc:
            raise ExchangeError(
                "exchange.bad_field",
                line=line,
                field="definition",
                problem=t("exchange.problem.estate_here", reason=estate_reason(exc)),
            ) from None
        self.aliases.setdefault(TABLE, {})[record.uuid] = version_id
        if record.event_id is not None:
            self.version_events.append((line, version_id, record.event_id))
        self.report.bump(self.report.added if replacing is None else self.report.updated, KIND)

    # --- events, and the end ---------------------------------------------------------------------

    def note_undos(self, records: list[tuple[int, Any]]) -> None:
        """The file's undos of versions (their events are in every merge's file: decoded)."""
        for _, record in records:
            if record.kind == "undo" and record.subject == versions.SUBJECT and record.undoes:
                self.version_undos.add(record.undoes)

    def finish_versions(self) -> None:
        """Once the events are in: the versions added know their events; those whose events the
        file undoes go; a version of the file laid aside for ours of its day is taken when that
        one went."""
        self._link(self.version_events)
        self.version_events = []
        if self.version_undos:
            undone = [
                row[0]
                for row in self.conn.execute(
                    "SELECT v.id, e.uuid FROM estate_versions v JOIN events e ON e.id = v.event_id"
                )
                if row[1] in self.version_undos
            ]
            if undone:
                agreement.remove(self.conn, undone)
                self.report.bump(self.report.updated, KIND, len(undone))
        taken = {v["from_date"] for v in self._ours().values()}
        for line, record in self.laid_aside:
            if record.from_date not in taken and record.event_id not in self.version_undos:
                self._receive(line, record)
                taken.add(record.from_date)
        self._link(self.version_events)

    def _link(self, found: list[tuple[int, int, str]]) -> None:
        for line, version_id, event_uuid in found:
            event_id = self.ids("events", [event_uuid]).get(event_uuid)
            if event_id is None:
                raise ExchangeError(
                    "exchange.dangling_ref", line=line, field="event_id", uuid=event_uuid
                )
            self.conn.execute(
                "UPDATE estate_versions SET event_id = ? WHERE id = ?", (event_id, version_id)
            )


def _agreement(version: dict[str, Any]) -> dict[str, Any] | None:
    text = version.get("definition")
    return dict(json.loads(text)) if text is not None else None


def _received(record: Any) -> agreement.Received:
    return agreement.Received(
        record.uuid,
        record.from_date,
        record.definition,
        record.created_at,
        record.actor,
        record.reason,
    )
