"""The duty calendar as iCalendar (.ics) for phones, written with the ``icalendar`` package.

One all-day VEVENT per rotation duty period (DTEND exclusive, as RFC 5545 wants for all-day
events), one per override (revoked ones as STATUS:CANCELLED, so a phone that imported them
earlier drops them on re-import), one per change of effective duty (the rotation's handovers,
and the days an override starts or ends with another company: see ``estate/duty_spans.py``).
A rotation handover that an override moved (override #3 of the sample keeps 首华物业 until
03-08, so the change is on 03-09, not 03-01) is written as STATUS:CANCELLED, so that a phone which
imported it before drops it. UIDs are stable: derived from the rotation version's uuid and the
period's start, the override's uuid, or the version's uuid and the handover date (a change on
a rotation handover day keeps the handover's UID), so importing a newer file updates events
instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from liuliqiao_cli.estate.duty import Handover, Override, Period, RotationVersion
from liuliqiao_cli.estate.duty_spans import Change
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.text import visible

if TYPE_CHECKING:
    from liuliqiao_cli.estate.duty_changes import CalendarFeed

PRODID = "-//liuliqiao//duty calendar//ZH"
UID_DOMAIN = "liuliqiao"
ONE_DAY = timedelta(days=1)


def _uid(*parts: object) -> str:
    return "-".join(str(p) for p in parts) + f"@{UID_DOMAIN}"


def _version_key(version: RotationVersion | None, fallback: int | None) -> str:
    return version.uuid if version is not None and version.uuid else f"v{fallback}"


def build(
    *,
    estate_name: str,
    names: Mapping[str, str],
    periods: Sequence[Period],
    overrides: Sequence[Override],
    changes: Sequence[Change],
    handovers: Sequence[Handover],
    versions: Sequence[RotationVersion],
    stamp: datetime,
) -> bytes:
    """The calendar as bytes. ``periods`` are rotation periods (no overrides carved out);
    ``changes`` the changes of effective duty; ``handovers`` the rotation's own handovers (those
    that are no change are cancelled); ``stamp`` is an aware datetime (DTSTAMP, in UTC)."""
    from icalendar import Calendar, Event

    by_id = {v.id: v for v in versions}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t("duty.ics.calname", estate=estate_name))

    def event(
        uid: str, start: date, end_inclusive: date, summary: str, description: str = ""
    ) -> Event:
        ev = Event()
        ev.add("uid", uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", start)
        ev.add("dtend", end_inclusive + ONE_DAY)  # exclusive
        ev.add("summary", summary)
        if description:
            ev.add("description", description)
        ev.add("transp", "TRANSPARENT")  # a duty period does not make anyone busy
        return ev

    for p in periods:
        if p.company is None or p.source != "rotation":
            continue
        company = names.get(p.company, p.company)
        cal.add_component(
            event(
                _uid(
                    "duty",
                    _version_key(by_id.get(p.version_id or 0), p.version_id),
                    p.start.strftime("%Y%m%d"),
                ),
                p.start,
                p.end,
                t("duty.ics.period", company=company),
                t(
                    "duty.ics.period_desc",
                    company=company,
                    version=p.version_id,
                    start=p.start.isoformat(),
                    end=p.end.isoformat(),
                ),
            )
        )
    for o in overrides:
        company = names.get(o.company, o.company)
        summary = (
            t("duty.ics.override_revoked", id=o.id)
            if o.revoked
            else t("duty.ics.override", id=o.id, company=company)
        )
        ev = event(
            _uid("override", o.uuid or o.id),
            o.start,
            o.end,
            summary,
            t("duty.ics.override_desc", reason=visible(o.reason, newlines=True)),
        )
        ev.add("status", "CANCELLED" if o.revoked else "CONFIRMED")
        cal.add_component(ev)
    rotation_days = {h.date: h for h in handovers}
    change_days = {c.date for c in changes}

    def handover_uid(h: Handover) -> str:
        return _uid(
            "handover",
            _version_key(by_id.get(h.version_id), h.version_id),
            h.date.strftime("%Y%m%d"),
        )

    for c in changes:
        same_day = rotation_days.get(c.date)
        if same_day is not None:
            uid = handover_uid(same_day)
        else:
            key = c.override.uuid or c.override.id if c.override is not None else c.version_id
            uid = _uid("change", key, c.date.strftime("%Y%m%d"))
        cal.add_component(
            event(
                uid,
                c.date,
                c.date,
                t(
                    "duty.ics.handover",
                    outgoing=names.get(c.outgoing, c.outgoing),
                    incoming=names.get(c.incoming, c.incoming),
                ),
                _change_desc(c),
            )
        )
    for h in handovers:
        if h.date in change_days:
            continue
        ev = event(
            handover_uid(h),
            h.date,
            h.date,
            t(
                "duty.ics.handover_cancelled",
                outgoing=names.get(h.outgoing, h.outgoing),
                incoming=names.get(h.incoming, h.incoming),
            ),
        )
        ev.add("status", "CANCELLED")
        cal.add_component(ev)
    return bytes(cal.to_ical())


def _change_desc(c: Change) -> str:
    if c.cause == "override" and c.override is not None:
        return t("duty.ics.change_override", id=c.override.id, reason=c.override.reason)
    if c.cause == "override_end" and c.override is not None:
        return t("duty.ics.change_override_end", id=c.override.id)
    return ""


def calendar(feed: CalendarFeed) -> bytes:
    """The .ics file of a :class:`~liuliqiao_cli.estate.duty_changes.CalendarFeed`."""
    return build(
        estate_name=feed.estate_name,
        names=feed.names,
        periods=feed.periods,
        overrides=feed.overrides,
        changes=feed.changes,
        handovers=feed.handovers,
        versions=feed.versions,
        stamp=feed.stamp,
    )
