"""The routing rule: which company handles a complaint, and its deadlines.

A separately managed item in a building goes to the building's company; a jointly managed item
(or a public place) goes to the company on duty on the day the complaint was received; a
separately managed item without a building cannot be routed and is refused with a hint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.estate.model import Estate

if TYPE_CHECKING:  # duty is imported when a complaint is routed, not by every command
    from liuliqiao_cli.estate import duty


ROUTE_SEPARATE = "separate"  # the building's company
ROUTE_DUTY = "duty"  # the company on duty on the received date


ROUTE_OVERRIDE = "override"  # chosen by the worker, with a reason


ROUTINGS = (ROUTE_SEPARATE, ROUTE_DUTY, ROUTE_OVERRIDE)


@dataclass(frozen=True)
class Routing:
    """Who must handle a complaint and why. ``rule`` is one of ROUTINGS; ``note`` is the short
    reason stored with the complaint (Chinese, as the ledger's records are)."""

    company: str
    rule: str
    note: str
    duty: duty.DutyAnswer | None = None


def route(
    estate: Estate,
    item_code: str,
    building: int | None,
    received: date,
    versions: Sequence[duty.RotationVersion],
    overrides: Sequence[duty.Override] = (),
) -> Routing:
    """The responsible company for ``item_code`` (in ``building``, or a public place when None)
    received on ``received``. Raises UsageError when it cannot be decided."""
    item = estate.items[item_code]
    if item.scope == "separate":
        if building is None:
            from liuliqiao_cli.i18n import current_language

            raise UsageError(
                "route.separate_needs_building",
                item=estate.item_name(item_code, current_language()),
            )
        company = estate.buildings[building].company
        return Routing(
            company, ROUTE_SEPARATE, f"{building}号楼由{estate.company_name(company)}负责"
        )
    from liuliqiao_cli.estate.duty import NoRotation, duty_on

    try:
        answer = duty_on(received, versions, overrides)
    except NoRotation:
        raise UsageError("route.no_duty", date=received.isoformat()) from None
    if answer.override is not None:
        note = f"{received.isoformat()} 调班当值（#{answer.override.id} {answer.override.reason}）".strip()
    else:
        note = f"{answer.period_start.isoformat()} 至 {answer.period_end.isoformat()} 当值"
    return Routing(answer.company, ROUTE_DUTY, note, answer)


def deadlines(
    received: datetime, respond_hours: int, resolve_days: int
) -> tuple[datetime, datetime]:
    return received + timedelta(hours=respond_hours), received + timedelta(days=resolve_days)
