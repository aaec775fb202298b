"""How time limits and deadlines read: "5 个工作日", "（2026-03-08 15:04 才完成，超时 10 天 5 小时）",
and the warning for a deadline counted through a year of unknown public holidays. Plain text,
no rich: ``show`` on a terminal wraps these in its own styles."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from liuliqiao_cli.estate.model import Item, Limit
from liuliqiao_cli.i18n import current_language, t

if TYPE_CHECKING:  # listings only; `add`, which only warns, needs neither
    from liuliqiao_cli.complaints.deadlines import Outcome, Recomputed
    from liuliqiao_cli.render.output import Column


def limit_text(limit: Limit) -> str:
    return t(f"limit.{limit.unit}", n=limit.amount)


def item_limits_text(item: Item, step: str) -> str:
    """An item's limit for ``step`` (respond or resolve), its urgent form when it differs."""
    normal, urgent = item.limit(step), item.limit(f"urgent_{step}")
    if normal == urgent:
        return limit_text(normal)
    return t("limit.urgent", normal=limit_text(normal), urgent=limit_text(urgent))


def duration_text(span: timedelta) -> str:
    """How late, to the minute: "10 天 5 小时", "3 小时 20 分钟", "1 分钟"."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return t("duration.days_hours", d=days, h=hours)
    if hours:
        return t("duration.hours_minutes", h=hours, m=minutes)
    return t("duration.minutes", m=max(minutes, 1))


def outcome_suffix(outcome: Outcome) -> str:
    """What follows a deadline in ``show``: met, late by how much, or overdue by how much."""
    from liuliqiao_cli.complaints.deadlines import LATE, MET, OVERDUE

    if outcome.state == MET:
        return " " + t("deadline.met", at=outcome.done)
    if outcome.state == LATE and outcome.late_by is not None:
        return " " + t("deadline.late", at=outcome.done, late=duration_text(outcome.late_by))
    if outcome.state == OVERDUE and outcome.late_by is not None:
        return " " + t("deadline.overdue", late=duration_text(outcome.late_by))
    return ""


def warn_unknown_years(years: Sequence[int]) -> None:
    """On stderr: a deadline just set was counted through years whose holidays nobody knows."""
    if years:
        sep = "、" if current_language() == "zh" else ", "
        sys.stderr.write(t("deadline.unknown_years", years=sep.join(map(str, years))) + "\n")


def recompute_columns() -> list[Column]:
    from liuliqiao_cli.render.output import Column

    return [
        Column("id", t("recompute.col.id"), justify="right", fmt=lambda i: f"#{i}"),
        Column("respond_by_before", t("recompute.col.respond_before"), no_wrap=True),
        Column("respond_by", t("recompute.col.respond_after"), no_wrap=True),
        Column("resolve_by_before", t("recompute.col.resolve_before"), no_wrap=True),
        Column("resolve_by", t("recompute.col.resolve_after"), no_wrap=True),
    ]


def recompute_rows(changed: Iterable[Recomputed]) -> Iterator[dict[str, Any]]:
    for c in changed:
        yield {
            "id": c.id,
            "respond_by_before": c.respond_by[0],
            "respond_by": c.respond_by[1],
            "resolve_by_before": c.resolve_by[0],
            "resolve_by": c.resolve_by[1],
        }
