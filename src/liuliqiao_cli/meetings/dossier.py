"""The meeting dossier (会议材料): everything a meeting needs, as one
:class:`~liuliqiao_cli.meetings.dossier_model.Dossier`.

The seven sections, in the issue's order: title and number; basic facts and attendance; duty;
follow-up of the previous meeting of the same kind; the agenda (grouped by company then
building); figures for the period since the previous meeting; space for decisions and
signatures. Renderers (``render/dossier_*.py``) turn it into Markdown, HTML, Word, Excel; JSON is
``dossier_model.as_dict``. A dossier can also be built for a period without a meeting record.

Labels (company names, statuses, item names) are resolved in the current language so that
renderers never touch the database. Residents' names and phones are masked unless
``with_contacts`` (read from the companion file); the command records the export.

A dossier shows the ledger as it stood at one moment (``Dossier.as_of``): for a meeting already
held, the moment it sat (``dossier_history.meeting_moment``), so that the dossier stays the
record of what that meeting saw; for a meeting still to come, or a period, now; or the moment
asked for (``--as-of``). Statuses, days, overdue, history, the agenda, the decisions' state and the
duty overrides are read back from the event history (``dossier_history``, ``complaints.as_of``).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings import dossier_history
from liuliqiao_cli.meetings import model as meetings_model
from liuliqiao_cli.meetings.dossier_figures import figures
from liuliqiao_cli.meetings.dossier_model import Dossier, Facts, FollowUp, kind_name
from liuliqiao_cli.meetings.dossier_sections import (
    agenda_items,
    duty_section,
    follow_up_entry,
)
from liuliqiao_cli.store.later import Later


def build(
    conn: sqlite3.Connection,
    meeting_id: int | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    with_contacts: bool = False,
    as_of: datetime | None = None,
    actor: str,
    now: datetime,
    fmt: str = "md",
) -> Dossier:
    """The dossier of a meeting, or of the period ``since``..``until`` without a meeting, as
    the ledger stood at ``as_of`` (None: the meeting's moment if it was held, else ``now``)."""
    from liuliqiao_cli.estate import model
    from liuliqiao_cli.i18n import current_language

    estate = model.load(conn)
    lang = current_language()
    if as_of is not None:
        dossier_history.check_moment(conn, as_of, now)
    facts: Facts | None = None
    followup: list[FollowUp] = []
    followup_of = ""
    decisions: list[FollowUp] = []
    moment, as_of_kind = (as_of, "chosen") if as_of not in (None, now) else (now, "now")
    assert moment is not None
    if meeting_id is not None:
        meeting = meetings_model.get(conn, meeting_id)
        sat = dossier_history.meeting_moment(meeting)
        if sat > now:
            if as_of is not None:
                raise UsageError("dossier.as_of_meeting_to_come", id=meeting.id, date=meeting.date)
        elif as_of is None:
            moment, as_of_kind = sat, "meeting"
        previous = meetings_model.previous_of_kind(conn, meeting)
        # One read of the events since the moment, for every part put back (store/later.py).
        later = Later(conn, iso(moment) or "", [meeting.id] + ([previous.id] if previous else []))
        attendance = meetings_model.attendance_of(conn, meeting.id)
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
                - timedelta(days=meetings_model.FIRST_MEETING_LOOKBACK_DAYS)
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
                follow_up_entry(d, estate, lang)
                for d in dossier_history.decisions_at(conn, [previous.id], later)
            ]
        agenda_rows = dossier_history.agenda_at(conn, meeting.id, later)
        decisions = [
            follow_up_entry(d, estate, lang)
            for d in dossier_history.decisions_at(conn, [meeting.id], later)
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
        later = Later(conn, iso(moment) or "", held)
        followup = [
            follow_up_entry(d, estate, lang)
            for d in dossier_history.decisions_at(conn, held, later)
        ]
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

    agenda = agenda_items(conn, agenda_rows, estate, lang, moment, with_contacts)
    if with_contacts:  # the originals from the companion file; the caller records the export
        from liuliqiao_cli.complaints.reveal import reveal_agenda
        from liuliqiao_cli.store import companion

        agenda = reveal_agenda(conn, agenda)
        with_contacts = companion.of(conn).revealed
    signatures = [t("dossier.sign_host"), t("dossier.sign_recorder")] + [
        c.name if lang == "zh" or not c.name_en else c.name_en for c in estate.companies.values()
    ]
    return Dossier(
        title=title,
        community=estate.info.get("community", ""),
        estate=estate.name,
        lang=lang,
        as_of=moment.strftime("%Y-%m-%d %H:%M"),
        as_of_kind=as_of_kind,
        with_contacts=with_contacts,
        facts=facts,
        period_since=start.isoformat(),
        period_until=end.isoformat(),
        duty=duty_section(conn, duty_day, estate, lang, moment, (start, end)),
        followup_of=followup_of,
        followup=followup,
        agenda=agenda,
        figures=figures(conn, start, end, moment, now, estate, lang, later),
        signatures=signatures,
        decisions=decisions,
    )
