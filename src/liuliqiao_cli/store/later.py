"""The events recorded after a moment, read once.

A dossier built as of a past moment puts back everything that happened since: the complaints'
columns (``reports.as_of``), the steps and chases counted in its figures, its meeting's agenda
and decisions (``meetings.dossier_history``). Each of these used to read the events since the
moment for itself through ``events_at``, every row of the range each time (~14,000 for the hour
after a meeting in the dossier benchmark at a million complaints, the agenda of a 10,000-item
meeting among them): five passes over the same rows. :class:`Later` reads them once, keeping
only the events any of these parts looks at, and each part takes what it needs from it.
"""

import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

from liuliqiao_cli.complaints import status


class Event(NamedTuple):
    id: int
    at: str
    kind: str
    complaint_id: int | None
    subject: str
    subject_id: int | None
    data: str
    undoes: int | None


class Later:
    """The events with ``at`` after ``since`` (``YYYY-MM-DD HH:MM:SS``, ledger local time),
    ordered by id, that a dossier puts back: every event about a complaint, every step counted
    in the running totals (``status.MOVED_KINDS``) and every event that undoes another,
    whatever their subject, and the events about the meetings ``meetings``."""

    def __init__(self, conn: sqlite3.Connection, since: str, meetings: Sequence[int] = ()) -> None:
        self.since = since
        self.meetings = frozenset(meetings)
        kinds = ", ".join(f"'{k}'" for k in status.MOVED_KINDS)
        marks = ", ".join("?" for _ in self.meetings)
        self.events = list(
            map(
                Event._make,
                conn.execute(
                    "SELECT id, at, kind, complaint_id, subject, subject_id, data, undoes"
                    " FROM events INDEXED BY events_at WHERE at > ? AND (subject = 'complaint'"
                    f" OR kind IN ({kinds}) OR undoes IS NOT NULL"
                    f" OR (subject = 'meeting' AND subject_id IN ({marks}))) ORDER BY id",
                    (since, *sorted(self.meetings)),
                ),
            )
        )
        self._of_complaints: dict[int, list[tuple[str, str]]] | None = None

    def of_complaints(self) -> dict[int, list[tuple[str, str]]]:
        """complaint -> (kind, data) of its events, in the order recorded (made once: not to
        be changed by the caller)."""
        if self._of_complaints is None:
            self._of_complaints = {}
            for e in self.events:
                if e.complaint_id is not None and e.subject == "complaint":
                    self._of_complaints.setdefault(e.complaint_id, []).append((e.kind, e.data))
        return self._of_complaints

    def of_meetings(self, kind: str, meeting_ids: Sequence[int]) -> list[Event]:
        """The events of ``kind`` about the meetings ``meeting_ids`` (among those read)."""
        wanted = set(meeting_ids)
        if not wanted <= self.meetings:
            raise ValueError(f"the events of meetings {sorted(wanted - self.meetings)} not read")
        return [
            e
            for e in self.events
            if e.subject == "meeting" and e.subject_id in wanted and e.kind == kind
        ]


def undone_of(conn: sqlite3.Connection, ids: Sequence[int]) -> set[int]:
    """Which of the events ``ids`` some event undoes, at any time (``events_undoes``)."""
    out: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        out.update(
            r[0]
            for r in conn.execute(
                f"SELECT undoes FROM events WHERE undoes IN ({marks})", tuple(chunk)
            )
        )
    return out
