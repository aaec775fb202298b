"""Merging one complaint changed on two laptops: part by part, by its history, the same on both.

When both copies of a complaint have changes the other lacks (``ours``: events only this ledger
has; ``theirs``: events only the file has), neither copy is newer. Each change writes some parts
of the complaint (``data.after``): its status (with the times of its steps and the follow-up
answers, which move together), the responsible company (with the routing rule and note), the
place, the service item (with scope, urgency and deadlines), each tag on its own, and any other
column on its own. For each part written on one side only, that side's value is taken. For a part
written on both sides, the side whose last change of it comes later wins, in the order every
ledger agrees on: (``rev``, time, UUID) (``store/history.py``: ``rev`` is a Lamport clock, so a
change made after seeing another always sorts after it, whatever the laptops' clocks say). When
the two values differ, the other is kept as a conflict (``merge_conflicts``) for a person to
settle: nothing is lost, and merging A into B or B into A gives the same complaint.

Notes are events only: both sides' notes are kept by the union of the histories.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from liuliqiao_cli.complaints import status

# Parts of a complaint that change together (one command writes them together).
GROUPS: dict[str, tuple[str, ...]] = {
    "status": (
        "status",
        "dispatched_at",
        "responded_at",
        "resolved_at",
        "closed_at",
        "duplicate_of",
        "followup_at",
        "followup_resolved",
        "followup_satisfied",
    ),
    "company": ("company", "routing", "routing_note"),
    "place": ("building", "unit", "room", "place"),
    "item": ("item", "scope", "urgency", "respond_by", "resolve_by"),
}
GROUP_OF = {column: part for part, columns in GROUPS.items() for column in columns}
# Not parts: identity, local numbers, contacts (they travel only with --with-contacts), the name
# (given once where the complaint was recorded), and the time of the last change (the later one).
NOT_PARTS = ("id", "uuid", "created_at", "updated_at", "contact_id", "name")
TAG_PART = "tag:"
EV_SETTLE = "settle"  # a conflict settled (exchange/conflicts.py): data {"part", ...}


def columns_of(part: str) -> tuple[str, ...]:
    return GROUPS.get(part, (part,))


@dataclass(frozen=True)
class Change:
    """One event of a complaint, as the merge sees it."""

    uuid: str
    rev: int
    at: str
    actor: str
    kind: str
    parts: frozenset[str]
    tags: tuple[tuple[str, bool], ...] = ()  # (tag, True: added / False: removed), in order

    @property
    def key(self) -> tuple[int, str, str]:
        """Its place in the order every ledger agrees on."""
        return (self.rev, self.at, self.uuid)


def change_of(uuid: str, rev: int | None, at: str, actor: str, kind: str, data: str) -> Change:
    """What an event writes, read from its data (``{"before", "after"}``, ``{"added", "removed"}``)."""
    try:
        values = json.loads(data)
    except ValueError:
        values = {}
    if not isinstance(values, dict):
        values = {}
    part = values.get("part")
    if kind == EV_SETTLE and isinstance(part, str):  # it writes its part, even unchanged
        if part.startswith(TAG_PART):
            present = bool(values.get("present"))
            return Change(uuid, rev or 0, at, actor, kind, frozenset(), ((part[4:], present),))
        return Change(uuid, rev or 0, at, actor, kind, frozenset([str(part)]))
    after = values.get("after")
    parts: frozenset[str] = (
        frozenset(GROUP_OF.get(str(c), str(c)) for c in after if c not in NOT_PARTS)
        if isinstance(after, dict)
        else frozenset()
    )
    tags: list[tuple[str, bool]] = []
    if kind != status.EV_CREATE:  # a creation's tags are the start of both copies
        for key, added in (("added", True), ("removed", False)):
            listed = values.get(key)
            if isinstance(listed, list):
                tags += [(str(tag), added) for tag in listed]
    return Change(uuid, rev or 0, at, actor, kind, parts, tuple(tags))


@dataclass
class PartConflict:
    part: str  # a group, a column, or "tag:<tag>"
    kept: dict[str, Any]
    lost: dict[str, Any]
    kept_change: Change
    lost_change: Change


@dataclass
class Outcome:
    """What the merge of one complaint changes here: columns (values as in the file: references
    are UUIDs), the tags, and the conflicts to keep."""

    columns: dict[str, Any] = field(default_factory=dict)
    tags: set[str] | None = None  # None: unchanged
    conflicts: list[PartConflict] = field(default_factory=list)


def _last(changes: Iterable[Change], wanted: str) -> Change | None:
    found = [c for c in changes if wanted in c.parts]
    return max(found, key=lambda c: c.key) if found else None


def _last_tag(changes: Iterable[Change], tag: str) -> tuple[Change, bool] | None:
    last: tuple[Change, bool] | None = None
    for change in sorted(changes, key=lambda c: c.key):
        for name, added in change.tags:
            if name == tag:
                last = (change, added)
    return last


def merge_complaint(
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    ours_only: list[Change],
    theirs_only: list[Change],
) -> Outcome:
    """Decide every part of a complaint both copies changed (``ours``/``theirs``: the records in
    the file's form, with ``tags``; the changes each side has and the other lacks)."""
    out = Outcome()
    parts = {p for c in (*ours_only, *theirs_only) for p in c.parts}
    for part in sorted(parts):
        mine, other = _last(ours_only, part), _last(theirs_only, part)
        columns = [c for c in columns_of(part) if c in ours or c in theirs]
        ours_values = {c: ours.get(c) for c in columns}
        theirs_values = {c: theirs.get(c) for c in columns}
        theirs_win = other is not None and (mine is None or other.key > mine.key)
        if theirs_win:
            out.columns.update({c: v for c, v in theirs_values.items() if ours.get(c) != v})
        if mine is not None and other is not None and ours_values != theirs_values:
            kept, lost = (
                (theirs_values, ours_values) if theirs_win else (ours_values, theirs_values)
            )
            won, beaten = (other, mine) if theirs_win else (mine, other)
            out.conflicts.append(PartConflict(part, kept, lost, won, beaten))
    ours_tags, theirs_tags = set(ours.get("tags") or ()), set(theirs.get("tags") or ())
    touched = {t for c in (*ours_only, *theirs_only) for t, _ in c.tags}
    tags = set(ours_tags)
    for tag in sorted(touched):
        mine_tag, other_tag = _last_tag(ours_only, tag), _last_tag(theirs_only, tag)
        theirs_win = other_tag is not None and (
            mine_tag is None or other_tag[0].key > mine_tag[0].key
        )
        has_theirs = tag in theirs_tags
        if theirs_win:
            if has_theirs:
                tags.add(tag)
            else:
                tags.discard(tag)
        if mine_tag is not None and other_tag is not None and (tag in ours_tags) != has_theirs:
            keep_theirs = theirs_win
            kept = {"tag": tag, "present": has_theirs if keep_theirs else tag in ours_tags}
            lost = {"tag": tag, "present": (tag in ours_tags) if keep_theirs else has_theirs}
            won, beaten = (
                (other_tag[0], mine_tag[0]) if keep_theirs else (mine_tag[0], other_tag[0])
            )
            out.conflicts.append(PartConflict(TAG_PART + tag, kept, lost, won, beaten))
    if tags != ours_tags:
        out.tags = tags
    # the time of the last change is the later of the two, on both sides
    later = max(str(ours.get("updated_at") or ""), str(theirs.get("updated_at") or ""))
    if later != ours.get("updated_at"):
        out.columns["updated_at"] = later
    return out
