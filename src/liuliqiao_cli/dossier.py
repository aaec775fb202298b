"""The meeting dossier (会议材料): everything a meeting needs, as one :class:`Dossier` dataclass.

The seven sections, in the issue's order: title and number; basic facts and attendance; duty;
follow-up of the previous meeting of the same kind; the agenda (grouped by company then
building); figures for the period since the previous meeting; space for decisions and
signatures. Renderers (``render/dossier_*.py``) turn it into Markdown, HTML, Word, Excel; JSON is
``dataclasses.asdict``. A dossier can also be built for a period without a meeting record.

Labels (company names, statuses, item names) are resolved here in the current language so that
renderers never touch the database. Residents' names and phones are masked unless
``with_contacts``, and that request is recorded as an event of kind ``contacts``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from liuliqiao_cli import db, history, meetings, status
from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.i18n import t

# How many of a complaint's latest history events the agenda shows ("the history in brief").
HISTORY_BRIEF = 4
# Complaint events worth a word in the brief history (notes and tags are left out).
_BRIEF_KINDS = (
    "create",
    "dispatch",
    "respond",
    "resolve",
    "followup",
    "close",
    "reopen",
    "dispute",
    "duplicate",
    "reject",
    "route",
)


@dataclass
class Facts:
    """Section 2: the meeting's basic facts (None for a dossier without a meeting)."""

    meeting_id: int
    kind: str
    kind_name: str
    date: str
    time: str
    place: str
    host: str
    recorder: str
    number: int
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.present) + len(self.absent)


@dataclass
class OverrideFact:
    id: int
    start: str
    end: str
    company: str
    company_name: str
    reason: str
    meeting_id: int | None


@dataclass
class Duty:
    """Section 3."""

    date: str
    company: str | None
    company_name: str
    source: str  # rotation | override | none
    period_start: str | None
    period_end: str | None
    next_handover: str | None
    next_company_name: str
    overrides: list[OverrideFact] = field(default_factory=list)
    separate_items: list[str] = field(default_factory=list)
    buildings: list[tuple[str, str]] = field(default_factory=list)  # (3号楼, 城建物业)


@dataclass
class FollowUp:
    """Section 4: one decision of the previous meeting and whether it was carried out."""

    decision_id: int
    complaint_id: int | None
    decision: str
    owner: str
    owner_name: str
    due: str | None
    state: str  # done | overdue | pending
    state_name: str
    complaint_status: str | None
    complaint_status_name: str
    votes: str = ""  # 15/0/1


@dataclass
class AgendaItem:
    """Section 5: one complaint on the agenda."""

    id: int
    where: str
    building: int | None
    building_name: str
    unit: int | None
    room: str | None
    place: str | None
    item: str
    item_name: str
    scope: str
    scope_name: str
    company: str
    company_name: str
    source: str
    source_name: str
    urgency: str
    ref: str | None
    received_at: str
    status: str
    status_name: str
    days_open: int
    respond_by: str | None
    resolve_by: str | None
    overdue: bool
    text: str
    contact_name: str
    contact_phone: str
    reason: str
    reason_name: str
    history: list[str] = field(default_factory=list)


@dataclass
class Rate:
    key: str  # response | resolution | satisfaction
    name: str
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.numerator / self.denominator, 1) if self.denominator else None


@dataclass
class Figures:
    """Section 6: the period's counts, breakdowns and the three rates with their counts."""

    since: str
    until: str
    received: int
    resolved: int
    closed: int
    open: int
    overdue: int
    by_building: list[tuple[str, int]] = field(default_factory=list)
    by_company: list[tuple[str, int]] = field(default_factory=list)
    by_item: list[tuple[str, int]] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)


@dataclass
class Dossier:
    title: str
    community: str
    estate: str
    lang: str
    generated_at: str
    as_of: str
    with_contacts: bool
    facts: Facts | None  # 1-2
    period_since: str
    period_until: str
    duty: Duty  # 3
    followup_of: str  # which meeting the follow-up is about ('' when none)
    followup: list[FollowUp]  # 4
    agenda: list[AgendaItem]  # 5 (sorted by company, building, id)
    figures: Figures  # 6
    signatures: list[str]  # 7
    decisions: list[FollowUp] = field(default_factory=list)  # 7: already recorded at this meeting

    def groups(self) -> Iterator[tuple[str, str, list[AgendaItem]]]:
        """(company name, building name, items) in agenda order."""
        current: tuple[str, str] | None = None
        bucket: list[AgendaItem] = []
        for item in self.agenda:
            key = (item.company_name, item.building_name)
            if key != current and bucket:
                yield (*current, bucket)  # type: ignore[misc]
                bucket = []
            current = key
            bucket.append(item)
        if bucket and current is not None:
            yield (*current, bucket)


def kind_name(kind: str) -> str:
    return t(f"meeting.kind.{kind}")


def _label(prefix: str, code: str | None) -> str:
    if code is None:
        return ""
    text = t(f"{prefix}.{code}")
    return code if text == f"{prefix}.{code}" else text


class _Labels(dict):
    """Labels looked up once per code: an agenda of 10,000 complaints has a handful of codes."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, code: str) -> str:
        self[code] = value = _label(self.prefix, code)
        return value


def status_name(code: str | None) -> str:
    return _label("dossier.status", code)


# --- building ------------------------------------------------------------------------------


def build(
    conn: sqlite3.Connection,
    meeting_id: int | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    with_contacts: bool = False,
    actor: str,
    now: datetime,
    fmt: str = "md",
) -> Dossier:
    """The dossier of a meeting, or of the period ``since``..``until`` without a meeting."""
    from liuliqiao_cli import estate as estate_mod
    from liuliqiao_cli.i18n import current_language

    estate = estate_mod.load(conn)
    lang = current_language()
    as_of = now.date()
    facts: Facts | None = None
    followup: list[FollowUp] = []
    followup_of = ""
    decisions: list[FollowUp] = []
    if meeting_id is not None:
        meeting = meetings.get(conn, meeting_id)
        previous = meetings.previous_of_kind(conn, meeting)
        attendance = meetings.attendance_of(conn, meeting.id)
        facts = Facts(
            meeting.id,
            meeting.kind,
            kind_name(meeting.kind),
            meeting.date,
            meeting.time,
            meeting.place,
            meeting.host,
            meeting.recorder,
            meeting.number,
            [a.name for a in attendance if a.present],
            [a.name for a in attendance if not a.present],
        )
        start = (
            date.fromisoformat(previous.date) + timedelta(days=1)
            if previous
            else (
                date.fromisoformat(meeting.date)
                - timedelta(days=meetings.FIRST_MEETING_LOOKBACK_DAYS)
            )
        )
        end = date.fromisoformat(meeting.date)
        # A second meeting of the same kind on the same day: its figures cover that day (the
        # day after the previous meeting would come after the meeting itself).
        start = min(start, end)
        if previous is not None:
            followup_of = t(
                "dossier.followup_of",
                date=previous.date,
                kind=kind_name(previous.kind),
                year=previous.date[:4],
                number=previous.number,
            )
            followup = [
                _followup(d, estate, lang)
                for d in meetings.decisions_of(conn, [previous.id], as_of)
            ]
        agenda_rows = [(e.complaint_id, e.reason) for e in meetings.agenda_of(conn, meeting.id)]
        decisions = [
            _followup(d, estate, lang) for d in meetings.decisions_of(conn, [meeting.id], as_of)
        ]
        title = t(
            "dossier.title",
            community=estate.info.get("community", ""),
            estate=estate.name,
            year=meeting.date[:4],
            number=meeting.number,
            kind=facts.kind_name,
        )
        duty_day = end
    else:
        if since is None or until is None:
            raise UsageError("dossier.need_meeting_or_period")
        if until < since:
            raise UsageError("dates.range", since=since.isoformat(), until=until.isoformat())
        start, end = since, until
        agenda_rows = [
            (r[0], "")
            for r in conn.execute(
                "SELECT id FROM complaints WHERE received_at >= ? AND received_at <= ? ORDER BY id",
                (start.isoformat(), end.isoformat() + " 23:59:59"),
            )
        ]
        held = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM meetings WHERE date >= ? AND date <= ? ORDER BY date, id",
                (start.isoformat(), end.isoformat()),
            )
        ]
        followup = [_followup(d, estate, lang) for d in meetings.decisions_of(conn, held, as_of)]
        if held:
            followup_of = t(
                "dossier.followup_period", since=start.isoformat(), until=end.isoformat()
            )
        title = t(
            "dossier.title_period",
            community=estate.info.get("community", ""),
            estate=estate.name,
            since=start.isoformat(),
            until=end.isoformat(),
        )
        duty_day = end

    agenda = _agenda(conn, agenda_rows, estate, lang, now, with_contacts)
    if with_contacts:
        with db.transaction(conn):
            history.record_event(
                conn,
                kind=status.EV_CONTACTS,
                actor=actor,
                at=now,
                subject="meeting",
                subject_id=meeting_id,
                data={
                    "what": "dossier",
                    "format": fmt,
                    "complaints": len(agenda),
                    "since": start.isoformat(),
                    "until": end.isoformat(),
                },
            )
    signatures = [t("dossier.sign_host"), t("dossier.sign_recorder")] + [
        c.name if lang == "zh" or not c.name_en else c.name_en for c in estate.companies.values()
    ]
    return Dossier(
        title=title,
        community=estate.info.get("community", ""),
        estate=estate.name,
        lang=lang,
        generated_at=iso(now) or "",
        as_of=as_of.isoformat(),
        with_contacts=with_contacts,
        facts=facts,
        period_since=start.isoformat(),
        period_until=end.isoformat(),
        duty=_duty(conn, duty_day, estate, lang),
        followup_of=followup_of,
        followup=followup,
        agenda=agenda,
        figures=figures(conn, start, end, now, estate, lang),
        signatures=signatures,
        decisions=decisions,
    )


def _followup(d: meetings.Decision, estate, lang: str) -> FollowUp:
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


def _agenda(
    conn: sqlite3.Connection,
    rows: list[tuple[int, str]],
    estate,
    lang: str,
    now: datetime,
    with_contacts: bool,
) -> list[AgendaItem]:
    from liuliqiao_cli.privacy import mask_name, mask_phone

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
            if ev[2] in _BRIEF_KINDS:
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
                )
            )
    order = {code: i for i, code in enumerate(estate.companies)}
    items.sort(key=lambda a: (order.get(a.company, 99), a.building is None, a.building or 0, a.id))
    return items


def _duty(conn: sqlite3.Connection, day: date, estate, lang: str) -> Duty:
    from liuliqiao_cli import duty as duty_mod

    versions, overrides = duty_mod.load_rotation(conn)
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
        answer = duty_mod.duty_on(day, versions, overrides)
    except duty_mod.NoRotation:
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
    from liuliqiao_cli import rates as rates_mod
    from liuliqiao_cli import summary

    period = summary.Period("range", since, until, f"{since.isoformat()}..{until.isoformat()}")
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


def as_dict(dossier: Dossier) -> dict:
    """The JSON form: the dataclass fields plus the computed values readers want."""
    from dataclasses import asdict

    data = asdict(dossier)
    if dossier.facts is not None:
        data["facts"]["expected"] = dossier.facts.expected
    for rate, out in zip(dossier.figures.rates, data["figures"]["rates"], strict=False):
        out["percent"] = rate.percent
    return data
