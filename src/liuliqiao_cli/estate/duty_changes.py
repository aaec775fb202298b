"""Changes to the duty rotation in the ledger: overrides, revocations, new rotation versions;
and the handover checklist (open complaints that pass from one company to the other) and the
duty calendar feed (what ``duty ics`` exports).

Every change validates everything first, then writes the row and its event in one transaction.
Overrides are append-only: revoking sets ``revoked_at``/``revoke_reason`` and keeps the row.
The functions named ``insert_*``/``mark_*`` expect the caller to hold the transaction (the
sample generator uses them); the others open it themselves.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.dates import iso, zone
from liuliqiao_cli.errors import InvalidTransition, NotFound, UsageError
from liuliqiao_cli.estate import definition, duty, duty_ledger, duty_spans, model, resolve
from liuliqiao_cli.store import history, ledger
from liuliqiao_cli.store.ids import new_uuid

SUBJECT_OVERRIDE = "override"
SUBJECT_ROTATION = "rotation"
EV_CREATE = status.EV_CREATE
EV_REVOKE = "revoke"


def _reason(text: str | None) -> str:
    value = " ".join((text or "").split())
    if not value:
        raise UsageError("duty.reason_required")
    return value


def _override(conn: sqlite3.Connection, override_id: int) -> duty.Override | None:
    _, overrides = duty_ledger.load_rotation(conn)
    return next((o for o in overrides if o.id == override_id), None)


def insert_override(
    conn: sqlite3.Connection,
    *,
    start: date,
    end: date,
    company: str,
    reason: str,
    meeting_id: int | None,
    actor: str,
    now: datetime,
) -> duty.Override:
    """Validate and insert one override with its event; the caller holds the transaction."""
    reason = _reason(reason)
    versions, _ = duty_ledger.load_rotation(conn)
    duty.check_override(versions, start, end)
    code = resolve.resolve_company(model.load(conn), company)
    if (
        meeting_id is not None
        and conn.execute("SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)).fetchone() is None
    ):
        raise NotFound("duty.meeting_unknown", id=meeting_id)
    uuid = new_uuid()
    cur = conn.execute(
        "INSERT INTO duty_overrides (uuid, start_date, end_date, company, reason, meeting_id,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (uuid, start.isoformat(), end.isoformat(), code, reason, meeting_id, iso(now)),
    )
    override_id = int(cur.lastrowid or 0)
    history.record_event(
        conn,
        kind=EV_CREATE,
        actor=actor,
        at=now,
        subject=SUBJECT_OVERRIDE,
        subject_id=override_id,
        data={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "company": code,
            "reason": reason,
            "meeting_id": meeting_id,
            "uuid": uuid,
        },
    )
    return duty.Override(
        override_id, start, end, code, reason, meeting_id, False, uuid, iso(now) or ""
    )


def add_override(conn: sqlite3.Connection, **kwargs: Any) -> duty.Override:
    """``duty override``: one transaction (see :func:`insert_override` for the arguments)."""
    with ledger.transaction(conn):
        return insert_override(conn, **kwargs)


def mark_revoked(
    conn: sqlite3.Connection, override_id: int, *, reason: str, actor: str, now: datetime
) -> duty.Override:
    """Revoke an active override (the row stays); the caller holds the transaction."""
    reason = _reason(reason)
    found = _override(conn, override_id)
    if found is None:
        raise NotFound("duty.override_unknown", id=override_id)
    if found.revoked:
        raise InvalidTransition(
            "duty.override_revoked_already", id=override_id, at=found.revoked_at or ""
        )
    conn.execute(
        "UPDATE duty_overrides SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL",
        (iso(now), reason, override_id),
    )
    history.record_event(
        conn,
        kind=EV_REVOKE,
        actor=actor,
        at=now,
        subject=SUBJECT_OVERRIDE,
        subject_id=override_id,
        data={"reason": reason, "before": {"revoked_at": None}, "after": {"revoked_at": iso(now)}},
    )
    return duty.Override(
        found.id,
        found.start,
        found.end,
        found.company,
        found.reason,
        found.meeting_id,
        True,
        found.uuid,
        found.created_at,
        iso(now),
        reason,
    )


def revoke_override(conn: sqlite3.Connection, override_id: int, **kwargs: Any) -> duty.Override:
    """``duty revoke``: one transaction."""
    with ledger.transaction(conn):
        return mark_revoked(conn, override_id, **kwargs)


def add_rotation_version(
    conn: sqlite3.Connection,
    *,
    effective_from: date,
    handover: str,
    order: str,
    reason: str = "",
    actor: str,
    now: datetime,
) -> duty.RotationVersion:
    """``duty set``: a new rotation version from ``effective_from``; earlier ones stay.

    ``handover`` is ``MM-DD`` (day 1-28); ``order`` a comma-separated list of companies in any
    accepted spelling, first on duty first.
    """
    month, day = definition.parse_handover(handover)
    names = [part.strip() for part in order.replace("，", ",").split(",")]
    if not any(names):
        raise UsageError("duty.order_empty")
    if any(not n for n in names):
        raise UsageError("duty.order_blank", value=order)
    with ledger.transaction(conn):
        known = model.load(conn)
        codes = [resolve.resolve_company(known, n) for n in names]
        versions, _ = duty_ledger.load_rotation(conn)
        duty.check_new_version(versions, effective_from, codes)
        uuid = new_uuid()
        note = " ".join(reason.split())
        cur = conn.execute(
            "INSERT INTO rotation_versions (uuid, effective_from, handover_month, handover_day,"
            " company_order, created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (uuid, effective_from.isoformat(), month, day, json.dumps(codes), iso(now), note),
        )
        version_id = int(cur.lastrowid or 0)
        history.record_event(
            conn,
            kind=EV_CREATE,
            actor=actor,
            at=now,
            subject=SUBJECT_ROTATION,
            subject_id=version_id,
            data={
                "effective_from": effective_from.isoformat(),
                "handover": f"{month:02d}-{day:02d}",
                "order": codes,
                "reason": note,
                "uuid": uuid,
            },
        )
    return duty.RotationVersion(version_id, effective_from, month, day, tuple(codes), uuid, note)


@dataclass(frozen=True)
class HandoverChecklist:
    handover: duty_spans.Change
    complaints: list[dict[str, Any]]


def handover_checklist(conn: sqlite3.Connection, on: date) -> HandoverChecklist:
    """The change of effective duty nearest to ``on`` (a handover, or an override starting or
    ending) and the jointly managed complaints of the outgoing company received before it and
    still open: what passes to the incoming company."""
    versions, overrides = duty_ledger.load_rotation(conn)
    handover = duty_spans.change_near(on, versions, overrides)
    placeholders = ", ".join("?" for _ in status.OPEN_STATUSES)
    rows = conn.execute(
        "SELECT c.id, c.received_at, c.item, c.building, c.unit, c.room, c.place, c.status,"
        " c.company, c.text FROM complaints c"
        f" WHERE c.scope = 'joint' AND c.company = ? AND c.status IN ({placeholders})"
        " AND c.received_at < ? ORDER BY c.received_at, c.id",
        (handover.outgoing, *status.OPEN_STATUSES, handover.date.isoformat()),
    ).fetchall()
    return HandoverChecklist(handover, [dict(r) for r in rows])


@dataclass(frozen=True)
class CalendarFeed:
    """Everything the duty calendar (.ics) holds for a span of whole duty years."""

    estate_name: str
    names: dict[str, str]  # company code -> name in the asked language
    periods: list[duty.Period]
    overrides: list[duty.Override]  # those touching the span, revoked ones included
    changes: list[duty_spans.Change]  # the changes of effective duty
    handovers: list[duty.Handover]  # the rotation's own handovers (those moved are cancelled)
    versions: list[duty.RotationVersion]
    stamp: datetime  # when the feed was made, in UTC (DTSTAMP)


def calendar_feed(
    conn: sqlite3.Connection, *, first: date, years: int, now: datetime, lang: str
) -> CalendarFeed:
    """The duty years from the one holding ``first``, ``years`` of them."""
    versions, overrides = duty_ledger.load_rotation(conn)
    start, end = duty.duty_years(first, versions, years)
    return CalendarFeed(
        estate_name=ledger.get_setting(conn, "estate.name", "") or "",
        names=duty_ledger.company_names(conn, lang),
        periods=duty.rotation_periods(versions, start, end),
        overrides=[o for o in overrides if o.end >= start and o.start <= end],
        changes=duty_spans.changes(versions, overrides, start, end),
        handovers=duty.handovers(versions, start, end),
        versions=versions,
        stamp=now.replace(tzinfo=zone(ledger.zone_name(conn))).astimezone(UTC),
    )
