"""The meeting dossier (会议材料): everything a meeting needs, as one
:class:`~liuliqiao_cli.meetings.dossier_model.Dossier`.

The seven sections, in the issue's order: title and number; basic facts and attendance; duty;
follow-up of the previous meeting of the same kind; the agenda (grouped by company then
building); figures for the period since the previous meeting; space for decisions and
signatures. Renderers (``render/dossier_*.py``) turn it into Markdown, HTML, Word, Excel; JSON is
``dataclasses.asdict``. A dossier can also be built for a period without a meeting record.

Labels (company names, statuses, item names) are resolved in the current language so that
renderers never touch the database. Residents' names and phones are masked unless
``with_contacts`` (read from the companion file); the command records the export.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

from liuliqiao_cli.dates import iso
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings import model as meetings_model
from liuliqiao_cli.meetings.dossier_model import Dossier, Facts, FollowUp, kind_name
from liuliqiao_cli.meetings.dossier_sections import (
    agenda_items,
    duty_section,
    figures,
    follow_up_entry,
)


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
    from liuliqiao_cli.estate import model
    from liuliqiao_cli.i18n import current_language

    estate = model.load(conn)
    lang = current_language()
    as_of = now.date()
    facts: Facts | None = None
    followup: list[FollowUp] = []
    followup_of = ""
    decisions: list[FollowUp] = []
    if meeting_id is not None:
        meeting = meetings_model.get(conn, meeting_id)
        previous = meetings_model.previous_of_kind(conn, meeting)
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
                for d in meetings_model.decisions_of(conn, [previous.id], as_of)
            ]
        agenda_rows = [
            (e.complaint_id, e.reason) for e in meetings_model.agenda_of(conn, meeting.id)
        ]
        decisions = [
            follow_up_entry(d, estate, lang)
            for d in meetings_model.decisions_of(conn, [meeting.id], as_of)
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
        followup = [
            follow_up_entry(d, estate, lang) for d in meetings_model.decisions_of(conn, held, as_of)
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

    agenda = agenda_items(conn, agenda_rows, estate, lang, now, with_contacts)
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
        generated_at=iso(now) or "",
        as_of=as_of.isoformat(),
        with_contacts=with_contacts,
        facts=facts,
        period_since=start.isoformat(),
        period_until=end.isoformat(),
        duty=duty_section(conn, duty_day, estate, lang),
        followup_of=followup_of,
        followup=followup,
        agenda=agenda,
        figures=figures(conn, start, end, now, estate, lang),
        signatures=signatures,
        decisions=decisions,
    )
