"""Who is on duty for jointly managed items: a pure function of (date, rotation, overrides).

Semantics (also in the README):

* A rotation version has a handover month and day (day 1-28), an ordered list of companies and
  the date it takes effect. The duty year containing ``effective_from`` belongs to ``order[0]``,
  the next to ``order[1]`` and so on, round-robin. Versions are never edited, only superseded:
  a later version decides from its own ``effective_from``.
* On a date before every version there is no rotation: :class:`NoRotation`, never a guess.
* An active (not revoked) override covering the date wins; if several do, the newest (highest id)
  wins and the answer says there was an overlap. Override periods are inclusive of both ends.
* The handover day belongs to the incoming company.

No I/O here: the callers read versions and overrides from the ledger (``load_rotation``) and pass
"today" in.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from liuliqiao_cli.errors import LedgerError


class NoRotation(LedgerError):
    def __init__(self, on: date) -> None:
        super().__init__("duty.no_rotation", date=on.isoformat())
        self.on = on


@dataclass(frozen=True)
class RotationVersion:
    id: int
    effective_from: date
    handover_month: int
    handover_day: int
    order: tuple[str, ...]

    def handover_in(self, year: int) -> date:
        return date(year, self.handover_month, self.handover_day)

    def year_start(self, d: date) -> date:
        """The latest handover day on or before ``d``."""
        h = self.handover_in(d.year)
        return h if h <= d else self.handover_in(d.year - 1)

    def company_for_year_start(self, start: date) -> str:
        anchor = self.year_start(self.effective_from)
        return self.order[(start.year - anchor.year) % len(self.order)]


@dataclass(frozen=True)
class Override:
    id: int
    start: date
    end: date  # inclusive
    company: str
    reason: str = ""
    meeting_id: int | None = None
    revoked: bool = False

    def covers(self, d: date) -> bool:
        return not self.revoked and self.start <= d <= self.end


@dataclass(frozen=True)
class DutyAnswer:
    date: date
    company: str
    source: str  # "rotation" or "override"
    source_id: int  # rotation version id or override id
    period_start: date  # of the rotation duty year (clipped to the version's span)
    period_end: date  # inclusive
    next_handover: date | None  # None when a later version starts before the next handover
    next_company: str | None
    override: Override | None = None
    overlapping: tuple[int, ...] = ()  # ids of other active overrides covering the date
    rotation_company: str = ""  # who the rotation alone would name

    @property
    def days_to_handover(self) -> int | None:
        return (self.next_handover - self.date).days if self.next_handover else None


def version_for(d: date, versions: Sequence[RotationVersion]) -> tuple[RotationVersion, date | None]:
    """The version deciding ``d`` and the start of the next version (or None)."""
    chosen: RotationVersion | None = None
    following: date | None = None
    for v in sorted(versions, key=lambda v: v.effective_from):
        if v.effective_from <= d:
            chosen = v
            following = None
        elif chosen is not None and following is None:
            following = v.effective_from
    if chosen is None:
        raise NoRotation(d)
    return chosen, following


def rotation_on(d: date, versions: Sequence[RotationVersion]) -> DutyAnswer:
    """The rotation's answer for ``d``, ignoring overrides."""
    v, next_version = version_for(d, versions)
    start = max(v.year_start(d), v.effective_from)
    next_handover = v.handover_in(v.year_start(d).year + 1)
    company = v.company_for_year_start(v.year_start(d))
    if next_version is not None and next_version <= next_handover:
        end = next_version - timedelta(days=1)
        nxt = rotation_on(next_version, versions)
        return DutyAnswer(d, company, "rotation", v.id, start, end, next_version, nxt.company,
                          rotation_company=company)
    next_company = v.company_for_year_start(next_handover)
    return DutyAnswer(d, company, "rotation", v.id, start, next_handover - timedelta(days=1),
                      next_handover, next_company, rotation_company=company)


def duty_on(d: date, versions: Sequence[RotationVersion], overrides: Sequence[Override] = ()) -> DutyAnswer:
    """Who is on duty on ``d``: an active override covering it, else the rotation."""
    base = rotation_on(d, versions)
    active = sorted((o for o in overrides if o.covers(d)), key=lambda o: o.id)
    if not active:
        return base
    winner = active[-1]
    return DutyAnswer(
        d, winner.company, "override", winner.id, base.period_start, base.period_end,
        base.next_handover, base.next_company, override=winner,
        overlapping=tuple(o.id for o in active[:-1]), rotation_company=base.company,
    )


def load_rotation(conn: sqlite3.Connection) -> tuple[list[RotationVersion], list[Override]]:
    versions = [
        RotationVersion(
            r["id"], date.fromisoformat(r["effective_from"]), r["handover_month"],
            r["handover_day"], tuple(json.loads(r["company_order"])),
        )
        for r in conn.execute("SELECT * FROM rotation_versions ORDER BY effective_from")
    ]
    overrides = [
        Override(
            r["id"], date.fromisoformat(r["start_date"]), date.fromisoformat(r["end_date"]),
            r["company"], r["reason"], r["meeting_id"], r["revoked_at"] is not None,
        )
        for r in conn.execute("SELECT * FROM duty_overrides ORDER BY id")
    ]
    return versions, overrides
