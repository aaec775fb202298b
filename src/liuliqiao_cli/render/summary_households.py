"""The summary's lines on problems raised by several households (section 6, after the recurring
problems): nothing when no problem got a duplicate in the period, so a quiet week reads as
before."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from liuliqiao_cli.reports.households import Affected

SHOWN = 10  # problems listed in text; --format json has them all


def household_lines(
    affected: Sequence[Affected],
    names: Any,
    tr: Callable[..., str],
    labels: dict[int, str] | None = None,
) -> list[tuple[str, str]]:
    """(block kind, text) pairs: a paragraph saying what is counted, one item per problem
    (``labels``: the names of the named originals, B17)."""
    labels = labels or {}
    if not affected:
        return []
    out = [("para", tr("summary.households.rule"))]
    for a in affected[:SHOWN]:
        where = names.place(a.building, a.unit, a.room, a.place)
        key = "summary.households" if a.households else "summary.households_unknown"
        out.append(
            (
                "item",
                tr(
                    key,
                    number=labels.get(a.original, a.original),
                    where=where,
                    item=names.item(a.item),
                    households=a.households,
                    complaints=a.complaints,
                    in_period=a.in_period,
                ),
            )
        )
    if len(affected) > SHOWN:
        out.append(("item", tr("summary.households_more", more=len(affected) - SHOWN)))
    return out
