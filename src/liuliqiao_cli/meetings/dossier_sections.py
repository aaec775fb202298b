"""The dossier's sections read from the ledger: agenda items, follow-up of decisions, duty, figures."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, datetime

from liuliqiao_cli.complaints import status
from liuliqiao_cli.dates import iso
from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings import model
from liuliqiao_cli.meetings.dossier_model import (
    HISTORY_BRIEF,
    AgendaItem,
    Duty,
    Figures,
    FollowUp,
    OverrideFact,
    Rate,
    _Labels,
    status_name,
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


def _where(r: sqlite3.Row) -> str:
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
    now: datetime,
    with_contacts: bool,
) -> list[AgendaItem]:
    from liuliqiao_cli.complaints.privacy import mask_name, mask_phone

    reasons = dict(rows)
    ids = [cid for cid, _ in rows]
    briefs: dict[int, list[str]] = {}
    overdue_sql = status.overdue_sql("?")
    items: list[AgendaItem] = []
    scope_names = {"joint": t("dossier.scope.joint"), "separate": t("dossier.scope.separate")}
    events, statuses, sources = (
        _Labels("dossier.event"),
        _Labels("dossier.status"),
        _Labels("dossier.source"),
    )
    why, public = _Labels("dossier.reason"), t("dossier.public_place")
    companies = {code: estate.company_name(code, lang) for code in estate.companies}
    item_names = {code: estate.item_name(code, lang) for code in estate.items}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for ev in conn.execute(
            f"SELECT complaint_id, at, kind FROM events WHERE complaint_id IN ({marks})"
            " AND subject = 'complaint' ORDER BY complaint_id, id",
            tuple(chunk),
        ):
            if ev[2] in status.LIFE_KINDS:
                briefs.setdefault(ev[0], []).append(f"{ev[1][5:10]} {events[ev[2]]}")
        for r in conn.execute(
            f"SELECT complaints.*, {overdue_sql} AS is_overdue, k.name AS contact_name,"
            f" k.phone AS contact_phone FROM complaints LEFT JOIN contacts k"
            f" ON k.id = complaints.contact_id WHERE complaints.id IN ({marks})",
            (iso(now), iso(now), *chunk),
        ):
            received = datetime.fromisoformat(r["received_at"])
            ended = r["resolved_at"] if r["status"] not in status.OPEN_STATUSES else None
            until = datetime.fromisoformat(ended) if ended else now
            name, phone = r["contact_name"] or "", r["contact_phone"] or ""
            if not with_contacts:
                name, phone = mask_name(name), mask_phone(phone)
            reason = reasons.get(r["id"], "")
            building = r["building"]
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
                    ref=r["ref"],
                    received_at=r["received_at"],
                    status=r["status"],
                    status_name=statuses[r["status"]],
                    days_open=max((until.date() - received.date()).days, 0),
                    respond_by=r["respond_by"],
                    resolve_by=r["resolve_by"],
                    overdue=bool(r["is_overdue"]),
                    text=r["text"],
                    contact_name=name,
                    contact_phone=phone,
                    reason=reason,
                    reason_name="、".join(why[x] for x in reason.split(",") if x),
                    history=briefs.pop(r["id"], [])[-HISTORY_BRIEF:],
                    name=r["name"],
                )
            )
    order = {code: i for i, code in enumerate(estate.companies)}
    items.sort(key=lambda a: (order.get(a.company, 99), a.building is None, a.building or 0, a.id))
    return items


def duty_section(conn: sqlite3.Connection, day: date, estate, lang: str) -> Duty:
    from liuliqiao_cli.estate import duty, duty_ledger

    versions, overrides = duty_ledger.load_rotation(conn)
    separate = [
        i.name if lang == "zh" else i.name_en
        for i in estate.items.values()
        if i.scope == "separate"
    ]
    buildings = [
        (f"{b.number}号楼", estate.company_name(b.company, lang)) for b in estate.buildings.values()
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
        answer = duty.duty_on(day, versions, overrides)
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
    )


def figures(
    conn: sqlite3.Connection, since: date, until: date, now: datetime, estate, lang: str
) -> Figures:
    """The period's figures, from the weekly summary's own code (``summary.build_summary``) so
    that a dossier and a summary of the same period agree: received by building, company and
    item; resolved and closed = resolve / close events in the period; open and overdue at the
    end of the period (or now, if earlier); the three rates of ``rates.py`` with their counts."""
    from liuliqiao_cli.reports import periods, summary
    from liuliqiao_cli.reports import rates as rates_mod

    period = periods.Period("range", since, until, f"{since.isoformat()}..{until.isoformat()}")
    # overdue_limit=1: the total is counted over all rows; only one is listed (we list none).
    s = summary.build_summary(conn, estate, period, now=now, overdue_limit=1, counts_only=True)
    by_building = [(f"{n}号楼", s.received.by_building.get(str(n), 0)) for n in estate.buildings]
    if s.received.by_building.get(rates_mod.PUBLIC):
        by_building.append((t("dossier.public_place"), s.received.by_building[rates_mod.PUBLIC]))
    by_company = [
        (estate.company_name(code, lang), s.received.by_company.get(code, 0))
        for code in estate.companies
    ]
    by_item = [(estate.item_name(code, lang), n) for code, n in s.received.by_item.items()]
    total = next((g for g in s.rates_period if g.group == rates_mod.ALL), None) or rates_mod.total(
        conn, since, until, now=s.as_of
    )
    rates = [
        Rate(r.kind, t(f"dossier.rate.{r.kind}"), r.numerator, r.denominator) for r in total.each()
    ]
    return Figures(
        since.isoformat(),
        until.isoformat(),
        s.received.total,
        sum(s.moved.get(status.EV_RESOLVE, {}).values()),
        sum(s.moved.get(status.EV_CLOSE, {}).values()),
        s.backlog_total,
        s.overdue_total,
        by_building,
        by_company,
        by_item,
        rates,
    )
