"""The effective duty as spans of dates: who really is on duty, and when that really changes.

:func:`liuliqiao_cli.estate.duty.calendar` tiles a range with rotation periods and the active
overrides carved out of them. A *span* is a run of those pieces with the same company: an
override that keeps the outgoing company on duty past a handover (override #3 of the sample keeps
首华物业 until 2026-03-08) makes one span of 首华's duty year and the override, and the *change*
of duty is on 2026-03-09, not on the rotation's 03-01. A rotation version that keeps the same
company is no change either; a revoked override is simply not there.

Every reader of "the next handover" reads this module: ``duty``'s answer and its JSON, the .ics
handover events, ``duty handover``, ``today`` and the dossier's duty section, so they cannot
disagree. A change names its cause: ``rotation`` (a handover of the rotation or a new version),
``override`` (an override starts) or ``override_end`` (duty goes back when an override ends).

Pure: the callers read versions and overrides from the ledger and pass "today" in.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from liuliqiao_cli.estate.duty import (
    DutyAnswer,
    NoRotation,
    Override,
    Period,
    RotationVersion,
    calendar,
    duty_on,
)

Date = date  # a field below is named ``date``
ONE_DAY = timedelta(days=1)
# How far a search for the next (or last) change looks at first; it doubles until the calendar
# ends. With two companies a change comes within a year of the last override, so one step does.
FIRST_WINDOW = timedelta(days=800)

# The types below are NamedTuples, not dataclasses: `list` reads the last change of duty on every
# run (complaints/handover.py), and defining a dataclass costs ~0.3 ms of start-up each.


class Change(NamedTuple):
    """A day on which the effective duty passes from ``outgoing`` to ``incoming``."""

    date: Date
    outgoing: str
    incoming: str
    cause: str  # "rotation" | "override" | "override_end"
    override: Override | None  # the override starting ("override") or ending ("override_end")
    version_id: int  # the rotation version deciding the day


class Span(NamedTuple):
    """``company`` on duty from ``start`` to ``end`` (inclusive), whatever the pieces say."""

    start: Date
    end: Date
    company: str | None  # None: before the first rotation version
    pieces: tuple[Period, ...]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def spans(
    versions: Sequence[RotationVersion], overrides: Sequence[Override], start: date, end: date
) -> list[Span]:
    """The effective duty over ``[start, end]``: consecutive spans of different companies."""
    out: list[Span] = []
    for piece in calendar(versions, overrides, start, end):
        last = out[-1] if out else None
        if last is not None and last.company == piece.company:
            out[-1] = Span(last.start, piece.end, last.company, (*last.pieces, piece))
        else:
            out.append(Span(piece.start, piece.end, piece.company, (piece,)))
    return out


def _change(before: Span, after: Span) -> Change:
    last, first = before.pieces[-1], after.pieces[0]
    if first.source == "override":
        cause, override = "override", first.override
    elif last.source == "override":
        cause, override = "override_end", last.override
    else:
        cause, override = "rotation", None
    return Change(
        after.start,
        before.company or "",
        after.company or "",
        cause,
        override,
        first.version_id or 0,
    )


def changes(
    versions: Sequence[RotationVersion], overrides: Sequence[Override], start: date, end: date
) -> list[Change]:
    """Every change of effective duty on a day in ``[start, end]``."""
    if end < start:
        return []
    begin = start - ONE_DAY if start > date.min else start
    found = spans(versions, overrides, begin, end)
    return [
        _change(before, after)
        for before, after in zip(found, found[1:], strict=False)
        if before.company is not None and after.start >= start
    ]


def _plus(d: date, delta: timedelta) -> date:
    return d + delta if date.max - d > delta else date.max


def _minus(d: date, delta: timedelta) -> date:
    return d - delta if d - date.min > delta else date.min


def next_change(
    d: date, versions: Sequence[RotationVersion], overrides: Sequence[Override]
) -> Change | None:
    """The first change of effective duty after ``d``; None when none comes before the calendar
    ends (9999-12-31) or the rotation never changes hands."""
    window = FIRST_WINDOW
    while d < date.max:
        last = _plus(d, window)
        found = changes(versions, overrides, d + ONE_DAY, last)
        if found:
            return found[0]
        if last == date.max or not _may_change_after(last, versions, overrides):
            return None
        window *= 2
    return None


def _may_change_after(
    d: date, versions: Sequence[RotationVersion], overrides: Sequence[Override]
) -> bool:
    """Whether anything could still change duty after ``d``: a later version, a later override,
    or a version of two companies or more."""
    if any(v.effective_from > d for v in versions) or any(
        not o.revoked and o.end >= d for o in overrides
    ):
        return True
    current = [v for v in versions if v.effective_from <= d]
    return bool(current) and len(max(current, key=lambda v: v.effective_from).order) > 1


def last_change(
    d: date, versions: Sequence[RotationVersion], overrides: Sequence[Override]
) -> Change | None:
    """The latest change of effective duty on or before ``d`` (None: none since the first
    rotation version)."""
    if not versions:
        return None
    first = min(v.effective_from for v in versions)
    window = FIRST_WINDOW
    while True:
        since = max(_minus(d, window), first)
        found = changes(versions, overrides, since, d)
        if found:
            return found[-1]
        if since == first:
            return None
        window *= 2


def change_near(
    d: date, versions: Sequence[RotationVersion], overrides: Sequence[Override]
) -> Change:
    """The change nearest to ``d``: on it, the last before or the next after (the next wins a
    tie). Raises NoRotation when duty never changes hands."""
    before = last_change(d, versions, overrides)
    if before is not None and before.date == d:
        return before
    after = next_change(d, versions, overrides)
    if before is None and after is None:
        raise NoRotation(d)
    if after is None or (before is not None and (d - before.date) < (after.date - d)):
        assert before is not None
        return before
    return after


def change_on(
    d: date, versions: Sequence[RotationVersion], overrides: Sequence[Override]
) -> Change | None:
    """The change of effective duty on exactly ``d``, if there is one."""
    found = changes(versions, overrides, d, d)
    return found[0] if found else None


def span_on(d: date, versions: Sequence[RotationVersion], overrides: Sequence[Override]) -> Span:
    """The span holding ``d``: from the last change (or the first version) to the day before
    the next change (or the end of the calendar)."""
    answer = duty_on(d, versions, overrides)  # raises NoRotation before the first version
    before = last_change(d, versions, overrides)
    after = next_change(d, versions, overrides)
    start = before.date if before is not None else min(v.effective_from for v in versions)
    end = after.date - ONE_DAY if after is not None else date.max
    return Span(start, end, answer.company, ())


class EffectiveAnswer(NamedTuple):
    """``duty DATE``: the day's answer, and the next change of effective duty (None: none)."""

    answer: DutyAnswer
    next: Change | None
    calendar_ends: bool  # no change because the calendar ends, not because one company remains


def answer(
    d: date, versions: Sequence[RotationVersion], overrides: Sequence[Override]
) -> EffectiveAnswer:
    """Who is on duty on ``d`` and when that changes (not the rotation's next handover)."""
    base = duty_on(d, versions, overrides)
    following = next_change(d, versions, overrides)
    base = base._replace(
        next_handover=following.date if following else None,
        next_company=following.incoming if following else None,
    )
    ends = following is None and _may_change_after(d, versions, overrides)
    return EffectiveAnswer(base, following, ends)
