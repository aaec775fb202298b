"""The dossier's sections read from the ledger: agenda items, follow-up of decisions, duty, figures."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from liuliqiao_cli.complaints import deadlines, status
from liuliqiao_cli.complaints.as_of import overdue_at, rewind
from liuliqiao_cli.dates import iso
from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings import model
from liuliqiao_cli.meetings.dossier_model import (
    HISTORY_BRIEF,
    AgendaItem,
    Duty,
    FollowUp,
    OverrideFact,
    _Labels,
    status_name,
    urgency_name,
)


def follow_up_entry(d: model.Decision, estate, lang: str) -> FollowUp:
    owner_name = estate.company_name(d.owner, lang) if d.owner in estate.companies else d.owner
    votes = (
        "/".join(str(v) for v in (d.votes_for, d.votes_against, d.votes_abstain))
        if d.votes_for is not None
        else ""
    )
    return FollowUp(
        d.id,
        d.complaint_id,
        d.decision,
        d.owner,
        owner_name,
        d.due,
        d.state,
        t(f"decision.state.{d.state}"),
        d.complaint_status,
        status_name(d.complaint_status),
        votes,
        d.complaint_name,
    )


def _where(r: Mapping[str, Any]) -> str:
    if r["building"] is not None:
        text = f"{r['building']}号楼"
        if r["unit"] is not None:
            text += f"{r['unit']}单元"
        if r["room"]:
            text += str(r["room"])
        return text
    return r["place"] or t("dossier.public_place")


def _chunks(ids: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def agenda_items(
    conn: sqlite3.Connection,
    rows: list[tuple[int, str]],
    estate,
    lang: str,
    moment: datetime,
    with_contacts: bool,
) -> list[AgendaItem]:
    """The agenda complaints as they stood at ``moment``: each row put back as it was then
    (``complaints.as_of``), its days counted to then, its history in brief up to then. A
    complaint not yet recorded at ``moment`` is left out."""
    from liuliqiao_cli.complaints.privacy import mask_name, mask_phone

    at = iso(moment) or ""
    reasons = dict(rows)
    ids = [cid for cid, _ in rows]
    briefs: dict[int, list[tuple[str, int, str]]] = {}
    later: dict[int, list[tuple[str, str]]] = {}
    items: list[AgendaItem] = []
    scope_names = {"joint": t("dossier.scope.joint"), "separate": t("dossier.scope.separate")}
    events, statuses, sources = (
        _Labels("dossier.event"),
        _Labels("status"),
        _Labels("source"),
    )
    why, public = _Labels("dossier.reason"), t("dossier.public_place")
    companies = {code: estate.company_name(code, lang) for code in estate.companies}
    item_names = {code: estate.item_name(code, lang) for code in estate.items}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        # The data of an event is only read when it came after the moment (to put it back).
        for cid, ev_id, ev_at, kind, data in conn.execute(
            "SELECT complaint_id, id, at, kind, CASE WHEN at > ? THEN data END FROM events"
            f" WHERE complaint_id IN ({marks}) AND subject = 'complaint' ORDER BY complaint_id, id",
            (at, *chunk),
        ):
            if ev_at > at:
                later.setdefault(cid, []).append((kind, data))
            elif kind in status.LIFE_KINDS:
                briefs.setdefault(cid, []).append((ev_at, ev_id, kind))
        for current in conn.execute(
            "SELECT complaints.*, k.name AS contact_name, k.phone AS contact_phone"
            " FROM complaints LEFT JOIN contacts k ON k.id = complaints.contact_id"
            f" WHERE complaints.id IN ({marks})",
            tuple(chunk),
        ):
            r = rewind(current, later.pop(current["id"], ()))
            if r is None:  # recorded after the moment
                continue
            received = datetime.fromisoformat(r["received_at"])
            ended = r["resolved_at"] if r["status"] not in status.OPEN_STATUSES else None
            until = datetime.fromisoformat(ended) if ended else moment
            name, phone = r["contact_name"] or "", r["contact_phone"] or ""
            if not with_contacts:
                name, phone = mask_name(name), mask_phone(phone)
            reason = reasons.get(r["id"], "")
            building = r["building"]
            brief = sorted(briefs.pop(r["id"], []))[-HISTORY_BRIEF:]
            items.append(
                AgendaItem(
                    id=r["id"],
                    where=_where(r),
                    building=building,
                    building_name=f"{building}号楼" if building is not None else public,
                    unit=r["unit"],
                    room=r["room"],
                    place=r["place"],
                    item=r["item"],
                    item_name=item_names.get(r["item"], r["item"]),
                    scope=r["scope"],
                    scope_name=scope_names.get(r["scope"], r["scope"]),
                    company=r["company"],
                    company_name=companies.get(r["company"], r["company"]),
                    source=r["source"],
                    source_name=sources[r["source"]],
                    urgency=r["urgency"],
                    urgency_name=urgency_name(r["urgency"]),
                    ref=r["ref"],
                    received_at=r["received_at"],
                    status=r["status"],
                    status_name=statuses[r["status"]],
                    days_open=max((until.date() - received.date()).days, 0),
                    respond_by=r["respond_by"],
                    resolve_by=r["resolve_by"],
                    overdue=overdue_at(r, at),
                    text=r["text"],
                    contact_name=name,
                    contact_phone=phone,
                    reason=reason,
                    reason_name=t("find.list_sep").join(why[x] for x in reason.split(",") if x),
                    history=[f"{e_at[5:10]} {events[kind]}" for e_at, _, kind in brief],
                    name=r["name"],
                    late=deadlines.is_late(dict(r)),
                )
            )
    order = {code: i for i, code in enumerate(estate.companies)}
    items.sort(key=lambda a: (order.get(a.company, 99), a.building is None, a.building or 0, a.id))
    return items


def duty_section(
    conn: sqlite3.Connection,
    day: date,
    estate,
    lang: str,
    moment: datetime,
    period: tuple[date, date] | None = None,
) -> Duty:
    """Who is on duty on ``day``, with the overrides as they stood at ``moment``; the buildings'
    companies and the separately managed items as the estate's version of ``day`` has them, and
    the versions taking effect in ``period``."""
    from liuliqiao_cli.estate import duty, duty_ledger, duty_spans, model
    from liuliqiao_cli.estate.versions import changes_within
    from liuliqiao_cli.meetings.dossier_history import overrides_at

    versions, overrides = duty_ledger.load_rotation(conn)
    overrides = overrides_at(overrides, iso(moment) or "")
    of_day = model.load(conn, on=day, tables=estate)  # the tables are read once
    separate = [
        i.name if lang == "zh" else i.name_en
        for i in of_day.items.values()
        if i.scope == "separate"
    ]
    buildings = [
        (f"{b.number}号楼", estate.company_name(b.company, lang)) for b in of_day.buildings.values()
    ]
    agreed = [
        (v.from_text, v.number, [c.as_data() for c in changes])
        for v, changes in (changes_within(conn, *period) if period else [])
        if v.created_at <= (iso(moment) or "")  # recorded by the dossier's moment
    ]
    in_force = [
        OverrideFact(
            o.id,
            o.start.isoformat(),
            o.end.isoformat(),
            o.company,
            estate.company_name(o.company, lang),
            o.reason,
            o.meeting_id,
        )
        for o in overrides
        if not o.revoked and o.end >= day
    ]
    try:
        answer = duty_spans.answer(day, versions, overrides).answer  # the next *effective* change
    except duty.NoRotation:
        return Duty(
            day.isoformat(),
            None,
            t("dossier.no_rotation"),
            "none",
            None,
            None,
            None,
            "",
            in_force,
            separate,
            buildings,
            agreed,
        )
    return Duty(
        day.isoformat(),
        answer.company,
        estate.company_name(answer.company, lang),
        answer.source,
        answer.period_start.isoformat(),
        answer.period_end.isoformat(),
        answer.next_handover.isoformat() if answer.next_handover else None,
        estate.company_name(answer.next_company, lang) if answer.next_company else "",
        in_force,
        separate,
        buildings,
        agreed,
    )
