"""How `meeting list` and `meeting show` look: columns and rows for ``emit``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import kind_name, status_name
from liuliqiao_cli.meetings.model import MeetingDetail, MeetingRow
from liuliqiao_cli.render.output import Column

_LIST_KEYS = (
    "id",
    "kind",
    "date",
    "number",
    "place",
    "host",
    "agenda",
    "decisions",
    "done",
    "present",
    "absent",
)
_NUMBERS = ("id", "number", "agenda", "decisions", "done", "present", "absent")


def list_columns(fmt: str) -> list[Column]:
    return [
        Column(
            k,
            t(f"meeting.col.{k}"),
            justify="right" if k in _NUMBERS else "left",
            fmt=kind_name if k == "kind" and fmt == "table" else None,
        )
        for k in _LIST_KEYS
    ]


def list_rows(rows: list[MeetingRow]) -> Iterator[dict[str, Any]]:
    return ({**r._asdict(), "done": r.decisions_done} for r in rows)


def show_columns(fmt: str) -> list[Column]:
    return [
        Column(
            "section",
            t("meeting.col.section"),
            fmt=(lambda s: t(f"meeting.section.{s}")) if fmt == "table" else None,
        ),
        Column("complaint", t("meeting.col.complaint"), justify="right"),
        Column("text", t("meeting.col.text")),
        Column("detail", t("meeting.col.detail")),
    ]


def show_rows(detail: MeetingDetail, companies: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of `meeting show`; a decision's owner by its name when it is a company
    (``companies``: code -> name; empty for JSON and CSV, which keep the code)."""
    """The meeting's facts, then attendance, agenda and decisions, one row each."""
    m = detail.meeting
    rows: list[dict[str, Any]] = [
        {
            "section": "meeting",
            "complaint": None,
            "text": f"{m.date} {m.time}".strip(),
            "detail": f"{kind_name(m.kind)} {t('dossier.number', year=m.date[:4], number=m.number)}"
            f" {m.place} {t('dossier.f.host')}:{m.host} {t('dossier.f.recorder')}:{m.recorder}",
        }
    ]
    rows += [
        {
            "section": "attendance",
            "complaint": None,
            "text": a.name,
            "detail": t("meeting.present" if a.present else "meeting.absent"),
        }
        for a in detail.attendance
    ]
    rows += [
        {
            "section": "agenda",
            "complaint": e.complaint_name or e.complaint_id,
            "text": status_name(e.complaint_status),
            "detail": t("find.list_sep").join(
                t(f"dossier.reason.{x}") for x in e.reason.split(",") if x
            ),
        }
        for e in detail.agenda
    ]
    rows += [
        {
            "section": "decision",
            "complaint": d.complaint_name or d.complaint_id,
            "text": d.decision,
            "detail": " ".join(
                x
                for x in (
                    companies.get(d.owner, d.owner),
                    d.due or "",
                    "/".join(str(v) for v in (d.votes_for, d.votes_against, d.votes_abstain))
                    if d.votes_for is not None
                    else "",
                    t(f"decision.state.{d.state}"),
                )
                if x
            ),
        }
        for d in detail.decisions
    ]
    return rows
