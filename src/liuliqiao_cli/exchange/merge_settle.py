"""The end of a merge (:mod:`liuliqiao_cli.exchange.merge`): records whose two copies differ are
decided once both histories are in: the copy with changes the other lacks wins; a complaint
changed on both sides is merged part by part (:mod:`liuliqiao_cli.exchange.merge_fields`); a
meeting, decision or override changed on both sides keeps the newer version and the other as a
conflict."""

from __future__ import annotations

import json
from typing import Any

from liuliqiao_cli.exchange.jsonl import BY_TYPE, ExchangeError
from liuliqiao_cli.exchange.merge_fields import change_of, merge_complaint
from liuliqiao_cli.exchange.merge_rows import Pending, RowWriter
from liuliqiao_cli.exchange.merge_values import compare, content, record_label


class Settler(RowWriter):
    """Deciding the records that differ (``pending``, ``pending_records``: set by the Merger)."""

    pending: dict[str, Pending]
    pending_records: dict[str, Pending]

    def _settle_record(self, uuid: str, pending: Pending) -> None:
        """A meeting, decision or override that differs: the copy with changes the other lacks
        wins; when both have some (or neither history tells), the newer version wins on both
        sides and the other is kept as a conflict."""
        kind = BY_TYPE[self.reader.kind(pending.record)]
        mine, theirs = pending.mine, pending.theirs
        subject = kind.type if kind.type != "decision" else "decision"
        ours_events = {
            row[0]
            for row in self.conn.execute(
                "SELECT uuid FROM events WHERE subject = ? AND subject_id = ?",
                (subject, mine["id"]),
            )
        }
        ours_only = ours_events - pending.seen
        theirs_only = pending.added
        if theirs_only and not ours_only:
            self._update(kind, [(pending.line, pending.record, mine)])
            return
        if ours_only and not theirs_only:
            self.report.bump(self.report.unchanged, kind.type)
            return
        if compare(kind, theirs, mine) == "theirs":
            self._keep(kind, pending.line, uuid, kept=theirs, lost=mine)
            self._update(kind, [(pending.line, pending.record, mine)])
        else:
            self._keep(kind, pending.line, uuid, kept=mine, lost=theirs)
            self.report.bump(self.report.unchanged, kind.type)

    # --- the end: forward references, and the complaints changed on both sides ----------------

    def finish(self) -> None:
        for line, row_id, value in self.forward:
            target = self.ids("complaints", [value]).get(value)
            if target is None and value not in self.skipped:
                raise ExchangeError(
                    "exchange.dangling_ref", line=line, field="duplicate_of", uuid=value
                )
            self.conn.execute(
                "UPDATE complaints SET duplicate_of = ? WHERE id = ?", (target, row_id)
            )
        for uuid, pending in self.pending_records.items():
            self._settle_record(uuid, pending)
        uuids = list(self.pending)
        for i in range(0, len(uuids), 500):
            chunk = uuids[i : i + 500]
            local = self.local_lines(BY_TYPE["complaint"], chunk)
            for uuid in chunk:
                self._settle(uuid, self.pending[uuid], json.loads(local[uuid]))

    def _settle(self, uuid: str, pending: Pending, mine: dict[str, Any]) -> None:
        """Merge a complaint whose copies differ: the side with changes the other lacks wins; when
        both have some, part by part (merge_fields)."""
        added = pending.added
        events = self.conn.execute(
            "SELECT uuid, rev, at, actor, kind, data FROM events WHERE complaint_id = ?",
            (mine["id"],),
        ).fetchall()
        ours_only = [change_of(*e) for e in events if e[0] not in pending.seen]
        theirs_only = [change_of(*e) for e in events if e[0] in added]
        theirs = pending.theirs
        if not theirs_only and not ours_only:
            if content(theirs) != content(mine):
                self._conflict(
                    pending.line, "complaint", uuid, record_label(mine), "exchange.conflict_ours"
                )
            else:
                self.report.bump(self.report.unchanged, "complaint")
            return
        if not ours_only:  # theirs has everything we have, and more
            columns = {
                k: v
                for k, v in theirs.items()
                if k in self.columns["complaint"] and k not in ("id", "uuid", "contact_id")
            }
            self._apply(pending.line, mine, columns, set(theirs.get("tags") or []))
            return
        if not theirs_only:  # ours has everything the file has, and more
            self.report.bump(self.report.unchanged, "complaint")
            return
        outcome = merge_complaint(mine, theirs, ours_only, theirs_only)
        for c in outcome.conflicts:
            self._conflict(
                pending.line,
                "complaint",
                uuid,
                record_label(mine),
                "exchange.conflict_part",
                part=c.part,
            )
            self.store_conflict(
                "complaint",
                uuid,
                c.part,
                c.kept,
                c.lost,
                c.kept_change.uuid,
                c.lost_change.uuid,
            )
        self._apply(pending.line, mine, outcome.columns, outcome.tags)

    def _apply(
        self, line: int, mine: dict[str, Any], columns: dict[str, Any], tags: set[str] | None
    ) -> None:
        changed = {k: v for k, v in columns.items() if mine.get(k) != v}
        if "duplicate_of" in changed and changed["duplicate_of"] is not None:
            target = self.ids("complaints", [changed["duplicate_of"]]).get(changed["duplicate_of"])
            if target is None:
                raise ExchangeError(
                    "exchange.dangling_ref",
                    line=line,
                    field="duplicate_of",
                    uuid=changed["duplicate_of"],
                )
            changed["duplicate_of"] = target
        if changed:
            sets = ", ".join(f"{k} = ?" for k in changed)
            self.conn.execute(
                f"UPDATE complaints SET {sets} WHERE id = ?", (*changed.values(), mine["id"])
            )
        retag = tags is not None and tags != set(mine.get("tags") or [])
        if retag:
            self.conn.execute("DELETE FROM complaint_tags WHERE complaint_id = ?", (mine["id"],))
            self.conn.executemany(
                "INSERT INTO complaint_tags (complaint_id, tag) VALUES (?, ?)",
                [(mine["id"], tag) for tag in sorted(tags or ())],
            )
        if changed or retag:
            self.report.bump(self.report.updated, "complaint")
        else:
            self.report.bump(self.report.unchanged, "complaint")
