"""A complaint's life, driven by ONE transition table.

``TRANSITIONS[status][action]`` is the status after ``action`` (``None``: the action is allowed
and leaves the status as it is; a pair: follow-up, closed when the resident says resolved yes,
reopened when no; "partly" keeps it resolved, awaiting another call: see ``complaints/calls.py``).
An action missing from a status's row is refused with
:class:`InvalidTransition`, naming the current status and the allowed actions.

Every change is written in one transaction with its events (``status`` documents the format):
columns changed -> ``{"before": {...}, "after": {...}, ...}``; tags -> ``{"added", "removed"}``.
Two commands write two events, so that counting events by kind counts what happened:
``followup`` writes ``followup`` (the answers) then ``close`` or ``reopen`` (the status; nothing
more when the answer is "partly");
``tag --company`` on a disputed complaint writes ``route`` then ``dispatch``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from liuliqiao_cli.complaints import contacts, names, record, status
from liuliqiao_cli.complaints.read import COLUMNS, Complaint, get
from liuliqiao_cli.complaints.record import (
    FOLLOWUP_RESOLVED,
    FOLLOWUP_SATISFIED,
    NOTE_MAX,
    PLACE_MAX,
)
from liuliqiao_cli.complaints.routing import ROUTE_OVERRIDE, deadlines, route
from liuliqiao_cli.complaints.typed_input import check_place, clean_tags, clean_text, resolve_choice
from liuliqiao_cli.dates import from_iso, iso
from liuliqiao_cli.errors import InvalidTransition, NotFound, UsageError
from liuliqiao_cli.store.history import record_event
from liuliqiao_cli.store.ledger import joined_transaction

S = status
_ALWAYS = {"note": None, "tag": None, "edit": None}
# Open: the company still has work to do, so the worker may chase it (催办).
_WORKING = {
    "route": None,
    "duplicate": S.DUPLICATE,
    "reject": S.REJECTED,
    "remind": None,
    **_ALWAYS,
}

TRANSITIONS: dict[str, dict[str, Any]] = {
    S.RECEIVED: {"dispatch": S.DISPATCHED, **_WORKING},
    S.DISPATCHED: {
        "respond": S.IN_PROGRESS,
        "resolve": S.RESOLVED,
        "dispute": S.DISPUTED,
        **_WORKING,
    },
    S.IN_PROGRESS: {"resolve": S.RESOLVED, "dispute": S.DISPUTED, **_WORKING},
    S.RESOLVED: {"followup": (S.CLOSED, S.REOPENED), "route": None, **_ALWAYS},
    S.CLOSED: {"reopen": S.REOPENED, "route": None, **_ALWAYS},
    # Re-routing a disputed complaint sends it back to dispatched (to the new company);
    # "dispatch" keeps the company when the dispute is settled in its disfavour.
    S.DISPUTED: {
        "route": S.DISPATCHED,
        "dispatch": S.DISPATCHED,
        "duplicate": S.DUPLICATE,
        "reject": S.REJECTED,
        "remind": None,
        **_ALWAYS,
    },
    S.REOPENED: {
        "dispatch": S.DISPATCHED,
        "respond": S.IN_PROGRESS,
        "resolve": S.RESOLVED,
        "dispute": S.DISPUTED,
        **_WORKING,
    },
    S.DUPLICATE: {"reopen": S.REOPENED, "note": None, "tag": None},
    S.REJECTED: {"reopen": S.REOPENED, "note": None, "tag": None},
}
ACTIONS = (
    *("dispatch", "respond", "resolve", "followup", "dispute", "route", "duplicate", "reject"),
    *("reopen", "remind", "note", "tag", "edit"),
)
# Actions that cannot be taken without a reason (it goes into the event).
NEEDS_REASON = ("dispute", "route", "reject", "reopen")


@dataclass
class ActionResult:
    complaint: Complaint
    before_status: str
    after_status: str
    events: list[int]


def allowed_actions(current: str) -> list[str]:
    """Actions allowed from ``current``, in the order of ACTIONS."""
    row = TRANSITIONS[current]
    return [a for a in ACTIONS if a in row]


def _label(kind: str, code: str) -> str:
    from liuliqiao_cli.i18n import t

    return t(f"{kind}.{code}")


def _refuse(label: int | str, current: str, action: str) -> InvalidTransition:
    """``label``: the complaint as a person reads it (its name B17, or its number 421)."""
    from liuliqiao_cli.i18n import current_language

    allowed = [a for a in allowed_actions(current) if a not in ("note", "tag", "edit")]
    sep = "、" if current_language() == "zh" else ", "
    return InvalidTransition(
        "lifecycle.invalid",
        id=label,
        status=_label("status", current),
        action=_label("action", action),
        allowed=sep.join(_label("action", a) for a in allowed) or _label("action", "note"),
    )


def _shown(conn: sqlite3.Connection, complaint_id: int) -> int | str:
    """A complaint in a message: its name where it has one (B17), else its number."""
    return names.labels_of(conn, [complaint_id]).get(complaint_id, complaint_id)


def _update(
    conn: sqlite3.Connection, row: dict[str, Any], changes: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """Apply column changes; returns the event data {"before", "after"} of what really changed
    (updated_at included)."""
    changed = {k: v for k, v in changes.items() if row[k] != v}
    changed["updated_at"] = iso(now)
    before = {k: row[k] for k in changed}
    sets = ", ".join(f"{k} = ?" for k in changed)
    conn.execute(f"UPDATE complaints SET {sets} WHERE id = ?", (*changed.values(), row["id"]))
    row.update(changed)
    return {"before": before, "after": dict(changed)}


def _extra(details: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: details[k] for k in keys if details.get(k)}


def apply_action(
    conn: sqlite3.Connection,
    complaint_id: int,
    action: str,
    *,
    now: datetime,
    actor: str,
    **details: Any,
) -> ActionResult:
    """Take ``action`` on a complaint (joins the caller's transaction or opens one).

    details: ``note``; ``reason`` (dispute, route, reject, reopen); ``resolved``/``satisfied``
    (followup); ``of`` (duplicate); ``company`` (route); ``add``/``remove`` (tag);
    ``building``/``unit``/``room``/``place``/``item``/``urgent``/``text`` (edit).
    """
    with joined_transaction(conn):
        before, after, events = take_action(
            conn, complaint_id, action, now=now, actor=actor, **details
        )
        return ActionResult(get(conn, complaint_id), before, after, events)


def take_action(
    conn: sqlite3.Connection,
    complaint_id: int,
    action: str,
    *,
    now: datetime,
    actor: str,
    **details: Any,
) -> tuple[str, str, list[int]]:
    """:func:`apply_action` without reading the complaint back (for imports that take one
    action on thousands of rows): the status before and after, and the events written."""
    if action not in ACTIONS:
        raise UsageError("lifecycle.unknown_action", action=action, choices=", ".join(ACTIONS))
    note = clean_text(details.get("note"), what="note", limit=NOTE_MAX, required=action == "note")
    reason = clean_text(
        details.get("reason"), what="reason", limit=NOTE_MAX, required=action in NEEDS_REASON
    )
    details = {**details, "note": note, "reason": reason}
    if details.get("text") is not None:
        details["text"] = clean_text(details["text"], what="text", limit=record.TEXT_MAX)
    with joined_transaction(conn):
        r = conn.execute("SELECT * FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        if r is None:
            raise NotFound("complaints.not_found", id=complaint_id)
        row = {k: r[k] for k in COLUMNS}
        current = row["status"]
        if action not in TRANSITIONS[current]:
            raise _refuse(_shown(conn, complaint_id), current, action)
        details = contacts.scrub_step(conn, complaint_id, row["uuid"], details)  # personal data
        target = TRANSITIONS[current][action]
        events = _HANDLERS[action](conn, row, target, now, actor, details)
        return current, row["status"], events


def _event(
    conn: sqlite3.Connection,
    kind: str,
    row: dict[str, Any],
    now: datetime,
    actor: str,
    data: dict[str, Any],
) -> int:
    return record_event(conn, kind=kind, actor=actor, at=now, complaint_id=row["id"], data=data)


def _step(kind: str, stamp: str | None):
    """dispatch / respond / resolve: a status change that stamps a time."""

    def handler(conn, row, target, now, actor, details):  # type: ignore[no-untyped-def]
        changes: dict[str, Any] = {"status": target}
        if stamp == "dispatched_at":
            changes["dispatched_at"] = iso(now)
        if kind in ("respond", "resolve") and row["responded_at"] is None:
            changes["responded_at"] = iso(now)  # resolving at once is also the first response
        if stamp == "resolved_at":
            changes["resolved_at"] = iso(now)
        data = _update(conn, row, changes, now)
        return [_event(conn, kind, row, now, actor, {**data, **_extra(details, "note")})]

    return handler


def _followup(conn, row, target, now, actor, details):  # type: ignore[no-untyped-def]
    resolved = details.get("resolved")
    if not resolved:
        raise UsageError("lifecycle.followup_needs_answer")
    resolved = resolve_choice(resolved, FOLLOWUP_RESOLVED, "followup_resolved", _ANSWERS)
    satisfied = details.get("satisfied")
    if satisfied:
        satisfied = resolve_choice(satisfied, FOLLOWUP_SATISFIED, "followup_satisfied", _ANSWERS)
    else:
        satisfied = None
    closed, reopened = target
    answers = _update(
        conn,
        row,
        {"followup_at": iso(now), "followup_resolved": resolved, "followup_satisfied": satisfied},
        now,
    )
    first = _event(
        conn,
        status.EV_FOLLOWUP,
        row,
        now,
        actor,
        {**answers, "resolved": resolved, "satisfied": satisfied, **_extra(details, "note")},
    )
    if resolved == "partly":  # stays resolved: called again after a few working days
        return [first]
    if resolved == "no":
        data = _update(conn, row, {"status": reopened, "resolved_at": None, "closed_at": None}, now)
        second = _event(conn, status.EV_REOPEN, row, now, actor, {**data, "reason": "followup"})
    else:
        data = _update(conn, row, {"status": closed, "closed_at": iso(now)}, now)
        second = _event(conn, status.EV_CLOSE, row, now, actor, data)
    return [first, second]


_ANSWERS = {
    "是": "yes",
    "已解决": "yes",
    "解决": "yes",
    "y": "yes",
    "满意": "yes",
    "部分": "partly",
    "部分解决": "partly",
    "part": "partly",
    "partial": "partly",
    "否": "no",
    "未解决": "no",
    "n": "no",
    "不满意": "no",
    "基本满意": "basic",
    "基本": "basic",
}


def _status_change(kind: str, extra_keys: tuple[str, ...]):
    def handler(conn, row, target, now, actor, details):  # type: ignore[no-untyped-def]
        changes: dict[str, Any] = {"status": target}
        if kind == "reopen":
            changes.update(duplicate_of=None, resolved_at=None, closed_at=None)
        data = _update(conn, row, changes, now)
        return [_event(conn, kind, row, now, actor, {**data, **_extra(details, *extra_keys)})]

    return handler


def _duplicate(conn, row, target, now, actor, details):  # type: ignore[no-untyped-def]
    of = details.get("of")
    if of is None or not str(of).strip():
        raise UsageError("lifecycle.duplicate_needs_of")
    # the complaint's number here (the key every domain function takes), or as a person typed
    # it (#421, B17): one parse for both (complaints/names.py)
    original = of if isinstance(of, int) else names.resolve(conn, of)
    seen = {row["id"]}
    while True:  # point at the original, never at another duplicate (and never in a circle)
        if original in seen:
            raise UsageError("lifecycle.duplicate_of_self", id=_shown(conn, row["id"]))
        found = conn.execute(
            "SELECT id, duplicate_of FROM complaints WHERE id = ?", (original,)
        ).fetchone()
        if found is None:
            raise NotFound("complaints.not_found", id=original)
        if found["duplicate_of"] is None:
            break
        seen.add(original)
        original = found["duplicate_of"]
    data = _update(conn, row, {"status": target, "duplicate_of": original}, now)
    return [
        _event(
            conn,
            status.EV_DUPLICATE,
            row,
            now,
            actor,
            {**data, "of": original, **_extra(details, "note", "reason")},
        )
    ]


def _route(conn, row, target, now, actor, details):  # type: ignore[no-untyped-def]
    from liuliqiao_cli.estate.model import load
    from liuliqiao_cli.estate.resolve import resolve_company

    if not details.get("company"):
        raise UsageError("lifecycle.route_needs_company")
    company = resolve_company(load(conn), str(details["company"]))
    data = _update(
        conn,
        row,
        {"company": company, "routing": ROUTE_OVERRIDE, "routing_note": details["reason"]},
        now,
    )
    events = [_event(conn, status.EV_ROUTE, row, now, actor, {**data, "reason": details["reason"]})]
    if target is not None:  # disputed -> dispatched to the company now responsible
        data = _update(conn, row, {"status": target, "dispatched_at": iso(now)}, now)
        events.append(
            _event(conn, status.EV_DISPATCH, row, now, actor, {**data, "reason": details["reason"]})
        )
    return events


def _note(conn, row, target, now, actor, details):  # type: ignore[no-untyped-def]
    return [_event(conn, status.EV_NOTE, row, now, actor, {"note": details["note"]})]


def _remind(conn, row, target, now, actor, details):  # type: ignore[no-untyped-def]
    """催办: the company chased, as it was at the moment (a later re-routing does not move it)."""
    data = {"company": row["company"], **_extra(details, "note")}
    return [_event(conn, status.EV_REMIND, row, now, actor, data)]


def _tag(conn, row, target, now, actor, details):  # type: ignore[no-untyped-def]
    add = clean_tags(details.get("add"))
    remove = clean_tags(details.get("remove"))
    both = set(add) & set(remove)
    if both:
        raise UsageError("lifecycle.tag_add_remove", tag=sorted(both)[0])
    have = {
        r[0]
        for r in conn.execute("SELECT tag FROM complaint_tags WHERE complaint_id = ?", (row["id"],))
    }
    added = [t for t in add if t not in have]
    removed = [t for t in remove if t in have]
    if not added and not removed:
        raise UsageError("lifecycle.tag_nothing")
    conn.executemany(
        "INSERT INTO complaint_tags (complaint_id, tag) VALUES (?, ?)",
        [(row["id"], t) for t in added],
    )
    conn.executemany(
        "DELETE FROM complaint_tags WHERE complaint_id = ? AND tag = ?",
        [(row["id"], t) for t in removed],
    )
    return [_event(conn, status.EV_TAG, row, now, actor, {"added": added, "removed": removed})]


def _edit(conn, row, target, now, actor, details):  # type: ignore[no-untyped-def]
    """Correct place, item or urgency; scope, deadlines and (unless overridden) the company follow."""
    from liuliqiao_cli.estate.model import load
    from liuliqiao_cli.estate.resolve import resolve_building, resolve_item, resolve_place

    received = from_iso(row["received_at"])
    assert received is not None
    estate = load(conn, on=received.date())  # the version that routed it
    text = details.get("text")  # a corrected text, cleaned and masked by take_action
    changes: dict[str, Any] = {"text": text} if text is not None else {}
    given = {k: details.get(k) for k in ("building", "unit", "room", "place", "item", "urgent")}
    if all(v is None for v in given.values()) and not changes:
        raise UsageError("lifecycle.edit_nothing")
    building = row["building"]
    if given["building"] is not None:
        building = (
            None
            if str(given["building"]).strip() in ("", "-")
            else resolve_building(estate, given["building"])
        )
        changes["building"] = building
    unit = given["unit"] if given["unit"] is not None else row["unit"]
    room = given["room"] if given["room"] is not None else row["room"]
    if given["building"] is not None and building is None:
        unit = room = None
    unit = None if unit is not None and str(unit).strip() in ("", "-") else unit
    room = None if room is not None and str(room).strip() in ("", "-") else room
    changes["unit"], changes["room"] = check_place(estate, building, unit, room)
    if given["place"] is not None:
        text = str(given["place"]).strip()
        changes["place"] = (
            None
            if text in ("", "-")
            else resolve_place(estate, clean_text(text, what="place", limit=PLACE_MAX))
        )
    item_code = (
        resolve_item(estate, str(given["item"])) if given["item"] is not None else row["item"]
    )
    item = estate.items[item_code]
    changes["item"], changes["scope"] = item_code, item.scope
    urgent = row["urgency"] == "urgent" if given["urgent"] is None else bool(given["urgent"])
    changes["urgency"] = "urgent" if urgent else "normal"
    limits = deadlines(estate, item_code, received, urgent)
    changes["respond_by"], changes["resolve_by"] = iso(limits.respond_by), iso(limits.resolve_by)
    if row["routing"] != ROUTE_OVERRIDE:
        from liuliqiao_cli.estate.duty_ledger import load_rotation

        versions, overrides = load_rotation(conn)
        routing = route(estate, item_code, building, received.date(), versions, overrides)
        changes.update(company=routing.company, routing=routing.rule, routing_note=routing.note)
    if all(row[k] == v for k, v in changes.items()):
        raise UsageError("lifecycle.edit_nothing")
    data = _update(conn, row, changes, now)
    return [_event(conn, status.EV_EDIT, row, now, actor, {**data, **_extra(details, "note")})]


_HANDLERS = {
    "dispatch": _step(status.EV_DISPATCH, "dispatched_at"),
    "respond": _step(status.EV_RESPOND, None),
    "resolve": _step(status.EV_RESOLVE, "resolved_at"),
    "followup": _followup,
    "dispute": _status_change(status.EV_DISPUTE, ("reason", "note")),
    "reject": _status_change(status.EV_REJECT, ("reason", "note")),
    "reopen": _status_change(status.EV_REOPEN, ("reason", "note")),
    "duplicate": _duplicate,
    "route": _route,
    "note": _note,
    "remind": _remind,
    "tag": _tag,
    "edit": _edit,
}


def tag_complaint(
    conn: sqlite3.Connection,
    complaint_id: int,
    *,
    now: datetime,
    actor: str,
    add: list[str] | None = None,
    remove: list[str] | None = None,
    company: str | None = None,
    reason: str | None = None,
    corrections: dict[str, Any] | None = None,
) -> ActionResult:
    """What ``liuliqiao tag`` does, in one transaction: correct place/item/urgency (edit), then
    override the company (route, reason required), then change free tags."""
    fixes = {k: v for k, v in (corrections or {}).items() if v is not None}
    if not (add or remove or company or fixes):
        raise UsageError("lifecycle.needs_option")
    if reason and not company:
        raise UsageError("lifecycle.route_needs_company")
    with joined_transaction(conn):
        first: ActionResult | None = None
        events: list[int] = []
        steps: list[tuple[str, dict[str, Any]]] = []
        if fixes:
            steps.append(("edit", fixes))
        if company:
            steps.append(("route", {"company": company, "reason": reason}))
        if add or remove:
            steps.append(("tag", {"add": add or [], "remove": remove or []}))
        last: ActionResult | None = None
        for action, details in steps:
            last = apply_action(conn, complaint_id, action, now=now, actor=actor, **details)
            first = first or last
            events.extend(last.events)
        assert first is not None and last is not None
        return ActionResult(last.complaint, first.before_status, last.after_status, events)
