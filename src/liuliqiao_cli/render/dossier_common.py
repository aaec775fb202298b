"""What every dossier format shows, as plain rows of text: section headings, the facts table,
the agenda columns ... Each renderer (Markdown, HTML, Word, Excel) only lays these out, so the
four formats cannot drift apart. No escaping here: that is each format's business.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from liuliqiao_cli.estate.version_diff import Change
from liuliqiao_cli.i18n import current_language, t
from liuliqiao_cli.meetings.dossier_model import AgendaItem, Dossier
from liuliqiao_cli.render.agreement_view import changes_text
from liuliqiao_cli.render.charts import BAR_WIDTH, percent_text, text_bar

BLANK_DECISION_ROWS = 5
# Characters XML 1.0 cannot hold (Word and Excel files are XML): dropped from complaint text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: object) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def headings() -> list[str]:
    """Headings of sections 2-7 (section 1 is the title)."""
    return [t(f"dossier.h{n}") for n in range(2, 8)]


def lead(d: Dossier) -> str:
    privacy = t("dossier.contacts_shown") if d.with_contacts else t("dossier.contacts_masked")
    which = t(f"dossier.as_of.{d.as_of_kind}")
    return t("dossier.lead", as_of=d.as_of, which=which, privacy=privacy)


def facts_rows(d: Dossier) -> list[tuple[str, str]]:
    if d.facts is None:
        return [(t("dossier.f.period"), f"{d.period_since} ~ {d.period_until}")]
    f = d.facts
    if f.expected == 0:  # attendance not recorded yet: lines to fill in on paper
        counts, present, absent = t("dossier.fill_in"), "", ""
    else:
        counts = t("dossier.expected_present", expected=f.expected, present=len(f.present))
        present, absent = t("find.list_sep").join(f.present), t("find.list_sep").join(f.absent)
    return [
        (t("dossier.f.kind"), f.kind_name),
        (t("dossier.f.number"), t("dossier.number", year=f.date[:4], number=f.number)),
        (t("dossier.f.date"), f.date),
        (t("dossier.f.time"), f.time),
        (t("dossier.f.place"), f.place),
        (t("dossier.f.host"), f.host),
        (t("dossier.f.recorder"), f.recorder),
        (t("dossier.f.expected"), counts),
        (t("dossier.f.present"), present),
        (t("dossier.f.absent"), absent),
        (t("dossier.f.period"), f"{d.period_since} ~ {d.period_until}"),
    ]


def duty_rows(d: Dossier) -> list[tuple[str, str]]:
    u = d.duty
    rows = [(t("dossier.d.date"), u.date), (t("dossier.d.company"), u.company_name)]
    if u.source != "none":
        rows += [
            (t("dossier.d.source"), t(f"dossier.d.source.{u.source}")),
            (t("dossier.d.period"), f"{u.period_start} ~ {u.period_end}"),
            (t("dossier.d.next"), f"{u.next_handover or ''} {u.next_company_name}".strip()),
        ]
    for on, number, changes in u.estate_versions:  # the agreement changed in the period
        text = changes_text([Change.from_data(c) for c in changes], current_language(), most=3)
        rows.append(
            (
                t("dossier.d.estate_version"),
                t("dossier.estate_version", date=on, number=number, changes=text),
            )
        )
    return rows


def override_header() -> list[str]:
    return [
        t("dossier.o.period"),
        t("dossier.o.company"),
        t("dossier.o.reason"),
        t("dossier.o.meeting"),
    ]


def override_rows(d: Dossier) -> list[list[str]]:
    return [
        [f"{o.start} ~ {o.end}", o.company_name, o.reason, str(o.meeting_id or "")]
        for o in d.duty.overrides
    ]


def building_header() -> list[str]:
    return [t("dossier.b.building"), t("dossier.b.company"), t("dossier.b.items")]


def building_rows(d: Dossier) -> list[list[str]]:
    items = t("find.list_sep").join(d.duty.separate_items)
    return [[b, c, items] for b, c in d.duty.buildings]


def followup_header() -> list[str]:
    return [
        t("dossier.u.complaint"),
        t("dossier.u.decision"),
        t("dossier.u.owner"),
        t("dossier.u.due"),
        t("dossier.u.status"),
        t("dossier.u.state"),
    ]


def followup_rows(d: Dossier) -> list[list[str]]:
    return [
        [
            str(f.complaint_name or f.complaint_id or ""),
            f.decision,
            f.owner_name,
            f.due or "",
            f.complaint_status_name,
            f.state_name,
        ]
        for f in d.followup
    ]


def agenda_header() -> list[str]:
    return [
        t(f"dossier.a.{k}")
        for k in (
            "id",
            "where",
            "item",
            "source",
            "received",
            "status",
            "days",
            "deadline",
            "text",
            "contact",
            "history",
            "reason",
        )
    ]


def agenda_cells(a: AgendaItem) -> list[str]:
    contact = " ".join(x for x in (a.contact_name, a.contact_phone) if x)
    status = a.status_name + (t("dossier.overdue_mark") if a.overdue else "")
    status += t("dossier.late_mark") if a.late else ""
    return [
        a.number,
        a.where,
        t("dossier.item_scope", item=a.item_name, scope=a.scope_name),
        a.source_name,
        a.received_at[:10],
        status,
        str(a.days_open),
        (a.resolve_by or "")[:10],
        a.text,
        contact,
        "；".join(a.history),
        a.reason_name,
    ]


def group_title(company: str, building: str, count: int) -> str:
    return t("dossier.group", company=company, building=building, count=count)


def figure_rows(d: Dossier) -> list[tuple[str, str]]:
    f = d.figures
    rows = [
        (t(f"dossier.n.{k}"), str(getattr(f, k)))
        for k in ("received", "resolved", "closed", "open", "overdue")
    ]
    for r in f.rates:
        value = (
            t(
                "dossier.rate_value",
                percent=f"{r.percent:.1f}",
                numerator=r.numerator,
                denominator=r.denominator,
            )
            if r.percent is not None
            else t("dossier.rate_none")
        )
        rows.append((r.name, value))
    if f.reminders:
        sep = "，" if current_language() == "zh" else ", "
        rows.append((t("dossier.n.reminders"), sep.join(f"{k} {n}" for k, n in f.reminders)))
    return rows


def breakdown_rows(pairs: Sequence[tuple[str, int]]) -> list[list[str]]:
    """(label, count, bar) rows of a breakdown: the bars drawn in text (render/charts.py)."""
    peak = max((n for _, n in pairs), default=0)
    return [[label, str(n), text_bar(n, peak)] for label, n in pairs]


def breakdown_rows_short(pairs: Sequence[tuple[str, int]]) -> list[tuple[str, str, str]]:
    """As :func:`breakdown_rows`, with bars half as long (three breakdowns side by side)."""
    peak = max((n for _, n in pairs), default=0)
    return [(label, str(n), text_bar(n, peak, BAR_WIDTH // 2)) for label, n in pairs]


def trend_header() -> list[str]:
    chart = t("dossier.col.chart")
    return [t("dossier.col.month"), t("dossier.n.received"), chart, t("dossier.n.closed"), chart]


def trend_rows(d: Dossier) -> list[list[str]]:
    """The twelve months: received and closed, each with its bar (one scale for both)."""
    f = d.figures
    peak = max([*f.trend_received, *f.trend_closed, 0])
    return [
        [month, str(r), text_bar(r, peak, 12), str(c), text_bar(c, peak, 12)]
        for month, r, c in zip(f.trend_months, f.trend_received, f.trend_closed, strict=True)
    ]


def rate_trend_header(d: Dossier) -> list[str]:
    return [t("dossier.col.month")] + [
        t("dossier.rate_of", company=s.company_name, rate=s.name) for s in d.figures.trend_rates
    ]


def rate_trend_rows(d: Dossier) -> list[list[str]]:
    """Each month's three rates per company, with their counts ("63% (19/30)", "-" for none)."""
    f = d.figures
    return [
        [month] + [percent_text(*s.values[i]) for s in f.trend_rates]
        for i, month in enumerate(f.trend_months)
    ]


def decision_header() -> list[str]:
    return [
        t("dossier.k.no"),
        t("dossier.k.complaint"),
        t("dossier.k.decision"),
        t("dossier.k.owner"),
        t("dossier.k.due"),
        t("dossier.k.votes"),
    ]


def decision_rows(d: Dossier) -> list[list[str]]:
    """Decisions already recorded for this meeting, then blank rows to fill in on paper."""
    rows = [
        [
            str(i + 1),
            str(x.complaint_name or x.complaint_id or ""),
            x.decision,
            x.owner_name,
            x.due or "",
            x.votes,
        ]
        for i, x in enumerate(d.decisions)
    ]
    rows += [[str(len(rows) + i + 1), "", "", "", "", ""] for i in range(BLANK_DECISION_ROWS)]
    return rows


def signature_lines(d: Dossier) -> list[str]:
    return [t("dossier.sign_line", who=who) for who in d.signatures]
