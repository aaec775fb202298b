"""How duty answers and listings look: plain lines, JSON, CSV, and the listing columns.

Plain lines only (no rich) for ``liuliqiao duty``: that command is budgeted at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from liuliqiao_cli.estate.duty import Override, Period, RotationVersion
from liuliqiao_cli.estate.duty_spans import Change, EffectiveAnswer
from liuliqiao_cli.i18n import t

if TYPE_CHECKING:  # listings only: the bare `duty` answer does not need render.output
    from liuliqiao_cli.render.output import Column


def _company(code: str | None, names: Mapping[str, str]) -> dict[str, str] | None:
    if code is None:
        return None
    return {"code": code, "name": names.get(code, code)}


def _order(version: RotationVersion, names: Mapping[str, str]) -> str:
    return " → ".join(names.get(c, c) for c in version.order)


def next_dict(change: Change | None, on: Any, names: Mapping[str, str]) -> dict[str, Any] | None:
    """A change of effective duty as JSON (``duty``'s ``next_handover``, ``today``'s changes)."""
    if change is None:
        return None
    return {
        "date": change.date.isoformat(),
        "company": _company(change.incoming, names),
        "outgoing": _company(change.outgoing, names),
        "days": (change.date - on).days,
        "cause": change.cause,
        "override_id": change.override.id if change.override is not None else None,
    }


def answer_dict(
    effective: EffectiveAnswer,
    names: Mapping[str, str],
    versions: Sequence[RotationVersion],
    overrides: Sequence[Override],
) -> dict[str, Any]:
    a = effective.answer
    version = next((v for v in versions if v.id == a.version_id), None)
    source: dict[str, Any]
    if a.override is not None:
        o = a.override
        source = {
            "kind": "override",
            "id": o.id,
            "start": o.start.isoformat(),
            "end": o.end.isoformat(),
            "reason": o.reason,
            "meeting_id": o.meeting_id,
            "uuid": o.uuid,
            "rotation_company": _company(a.rotation_company, names),
            "version_id": a.version_id,
        }
    else:
        source = {"kind": "rotation", "id": a.source_id}
    if version is not None:
        source.setdefault("effective_from", version.effective_from.isoformat())
        source.setdefault("handover", version.handover)
        source.setdefault("order", list(version.order))
    by_id = {o.id: o for o in overrides}
    return {
        "date": a.date.isoformat(),
        "company": _company(a.company, names),
        "period": {"start": a.period_start.isoformat(), "end": a.period_end.isoformat()},
        "next_handover": next_dict(effective.next, a.date, names),
        "source": source,
        "overlap": [
            {
                "id": i,
                "company": _company(by_id[i].company, names),
                "start": by_id[i].start.isoformat(),
                "end": by_id[i].end.isoformat(),
            }
            for i in a.overlapping
            if i in by_id
        ],
    }


def change_text(change: Change, names: Mapping[str, str]) -> str:
    """What happens on a change of duty, in one phrase: "交给 城建物业", "调班 #4 起由 …"."""
    incoming = names.get(change.incoming, change.incoming)
    if change.cause == "override" and change.override is not None:
        return t("duty.change.override", id=change.override.id, company=incoming)
    if change.cause == "override_end" and change.override is not None:
        return t("duty.change.override_end", id=change.override.id, company=incoming)
    return t("duty.change.rotation", company=incoming)


def answer_lines(
    effective: EffectiveAnswer, names: Mapping[str, str], versions: Sequence[RotationVersion]
) -> list[str]:
    a = effective.answer
    version = next((v for v in versions if v.id == a.version_id), None)
    name = names.get(a.company, a.company)
    lines = [
        t("duty.line.on_duty", date=a.date.isoformat(), company=name),
        t("duty.line.period", start=a.period_start.isoformat(), end=a.period_end.isoformat()),
    ]
    change = effective.next
    if change is not None:
        lines.append(
            t(
                "duty.line.next",
                date=change.date.isoformat(),
                days=(change.date - a.date).days,
                change=change_text(change, names),
            )
        )
    elif effective.calendar_ends:
        lines.append(t("duty.line.no_next_calendar_ends", date=a.date.max.isoformat()))
    else:
        lines.append(t("duty.line.no_next"))
    if a.override is not None:
        o = a.override
        lines.append(
            t(
                "duty.line.source_override",
                id=o.id,
                start=o.start.isoformat(),
                end=o.end.isoformat(),
                reason=o.reason,
            )
        )
        if o.meeting_id is not None:
            lines.append(t("duty.line.meeting", id=o.meeting_id))
        rotation_name = names.get(a.rotation_company, a.rotation_company)
        if a.rotation_company == a.company:
            lines.append(t("duty.line.rotation_same", company=rotation_name))
        else:
            lines.append(t("duty.line.rotation_would", company=rotation_name))
        if a.overlapping:
            lines.append(t("duty.line.overlap", ids=", ".join(f"#{i}" for i in a.overlapping)))
    elif version is not None:
        lines.append(
            t(
                "duty.line.source_rotation",
                id=version.id,
                start=version.effective_from.isoformat(),
                handover=version.handover,
                order=_order(version, names),
            )
        )
    return lines


ANSWER_CSV_KEYS = (
    "date",
    "company",
    "company_name",
    "period_start",
    "period_end",
    "next_handover",
    "next_company",
    "days_to_handover",
    "source",
    "source_id",
    "overlap",
)


def answer_csv_row(effective: EffectiveAnswer, names: Mapping[str, str]) -> dict[str, Any]:
    a = effective.answer
    return {
        "date": a.date.isoformat(),
        "company": a.company,
        "company_name": names.get(a.company, a.company),
        "period_start": a.period_start.isoformat(),
        "period_end": a.period_end.isoformat(),
        "next_handover": a.next_handover.isoformat() if a.next_handover else None,
        "next_company": a.next_company,
        "days_to_handover": a.days_to_handover,
        "source": a.source,
        "source_id": a.source_id,
        "overlap": list(a.overlapping),
    }


# --- listings --------------------------------------------------------------------------------


def _ids(value: Any) -> str:
    return ",".join(f"#{i}" for i in value) if value else ""


def calendar_columns(names: Mapping[str, str]) -> list[Column]:
    from liuliqiao_cli.render.output import Column

    return [
        Column("start", t("duty.col.start"), no_wrap=True),
        Column("end", t("duty.col.end"), no_wrap=True),
        Column("days", t("duty.col.days"), justify="right"),
        Column("company", t("duty.col.company"), fmt=lambda c: names.get(c, c) if c else "-"),
        Column("source", t("duty.col.source"), fmt=lambda s: t(f"duty.src.{s}")),
        Column("source_id", t("duty.col.source_id"), fmt=lambda i: "" if i is None else f"#{i}"),
        Column("overlap", t("duty.col.overlap"), fmt=_ids),
        Column("reason", t("duty.col.reason")),
    ]


def calendar_rows(periods: Iterable[Period]) -> Iterator[dict[str, Any]]:
    for p in periods:
        yield {
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "days": p.days,
            "company": p.company,
            "source": p.source,
            "source_id": p.source_id,
            "version_id": p.version_id,
            "overlap": list(p.overlap),
            "reason": p.override.reason if p.override else "",
        }


def override_columns(names: Mapping[str, str]) -> list[Column]:
    from liuliqiao_cli.render.output import Column

    return [
        Column("id", t("duty.col.id"), justify="right", fmt=lambda i: f"#{i}"),
        Column("start", t("duty.col.start"), no_wrap=True),
        Column("end", t("duty.col.end"), no_wrap=True),
        Column("days", t("duty.col.days"), justify="right"),
        Column("company", t("duty.col.override_company"), fmt=lambda c: names.get(c, c)),
        Column("reason", t("duty.col.reason")),
        Column("meeting_id", t("duty.col.meeting"), fmt=lambda i: "" if i is None else f"#{i}"),
        Column("status", t("duty.col.status"), fmt=lambda s: t(f"duty.status.{s}")),
        Column("created_at", t("duty.col.created_at"), no_wrap=True),
        Column("revoked_at", t("duty.col.revoked_at"), no_wrap=True),
        Column("revoke_reason", t("duty.col.revoke_reason")),
    ]


def override_rows(overrides: Iterable[Override]) -> Iterator[dict[str, Any]]:
    for o in overrides:
        yield {
            "id": o.id,
            "start": o.start.isoformat(),
            "end": o.end.isoformat(),
            "days": o.days,
            "company": o.company,
            "reason": o.reason,
            "meeting_id": o.meeting_id,
            "status": "revoked" if o.revoked else "active",
            "created_at": o.created_at,
            "revoked_at": o.revoked_at,
            "revoke_reason": o.revoke_reason,
        }


def _short(text: Any, width: int = 30) -> str:
    value = " ".join(str(text or "").split())
    return value if len(value) <= width else value[: width - 3] + "..."


def _status(value: Any) -> str:
    from liuliqiao_cli.i18n import has

    return t(f"status.{value}") if has(f"status.{value}") else str(value or "")


def handover_columns(names: Mapping[str, str], items: Mapping[str, str]) -> list[Column]:
    from liuliqiao_cli.render.output import Column

    return [
        Column("id", t("duty.col.complaint"), justify="right", fmt=lambda i: f"#{i}"),
        Column("received_at", t("duty.col.received_at"), no_wrap=True),
        Column("item", t("duty.col.item"), fmt=lambda c: items.get(c, c)),
        Column("where", t("duty.col.where")),
        Column("status", t("duty.col.complaint_status"), fmt=_status),
        Column("company", t("duty.col.company"), fmt=lambda c: names.get(c, c)),
        Column("text", t("duty.col.text"), fmt=_short),
    ]


def _where(row: Mapping[str, Any]) -> str:
    if row.get("building"):
        where = f"{row['building']}号楼"
        if row.get("unit"):
            where += f"{row['unit']}单元"
        if row.get("room"):
            where += str(row["room"])
        return where
    return str(row.get("place") or "")


def handover_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    for r in rows:
        yield {
            "id": r["id"],
            "received_at": r["received_at"],
            "item": r["item"],
            "where": _where(r),
            "status": r["status"],
            "company": r["company"],
            "text": r["text"],
        }
