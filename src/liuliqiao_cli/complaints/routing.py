"""The routing rule: which company handles a complaint, and its deadlines.

A separately managed item in a building goes to the building's company; a jointly managed item
(or a public place) goes to the company on duty on the day the complaint was received; a
separately managed item without a building cannot be routed and is refused with a hint.

Before routing what was *recognised* from a text, :func:`questions` says what the worker must
choose first — right, or it asks, never a silent guess: two items that score close, a text about
a building's inside whose item is unknown, a separately managed item without a building (or
naming a building the estate does not have, or several). A terminal asks them one by one;
:func:`ensure_settled` raises the first as :class:`NeedsChoice` for a script (exit 2, one line
per choice).
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.estate.model import Estate, Limit

if TYPE_CHECKING:  # duty is imported when a complaint is routed, not by every command
    from liuliqiao_cli.complaints.recognise import Recognised
    from liuliqiao_cli.estate import duty
    from liuliqiao_cli.estate.workdays import WorkCalendar


ROUTE_SEPARATE = "separate"  # the building's company
ROUTE_DUTY = "duty"  # the company on duty on the received date


ROUTE_OVERRIDE = "override"  # chosen by the worker, with a reason
ROUTE_HANDOVER = "handover"  # passed on at a change of duty, the takeover confirmed (handover.py)


ROUTINGS = (ROUTE_SEPARATE, ROUTE_DUTY, ROUTE_OVERRIDE, ROUTE_HANDOVER)


class Routing(NamedTuple):
    """Who must handle a complaint and why. ``rule`` is one of ROUTINGS; ``note`` is the short
    reason stored with the complaint (Chinese, as the ledger's records are)."""

    company: str
    rule: str
    note: str
    duty: "duty.DutyAnswer | None" = None


def route(
    estate: Estate,
    item_code: str,
    building: int | None,
    received: date,
    versions: "Sequence[duty.RotationVersion]",
    overrides: "Sequence[duty.Override]" = (),
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


class Deadlines(NamedTuple):  # not a frozen dataclass: defined on every add's start-up
    """A complaint's two deadlines, and the years a working-day count went through whose public
    holidays are not known (neither the library nor the office has the notice): the caller warns,
    and ``db check`` finds them again."""

    respond_by: datetime
    resolve_by: datetime
    unknown_years: tuple[int, ...] = ()


def due(
    start: datetime, limit: Limit, calendar: "Callable[[], WorkCalendar]"
) -> tuple[datetime, tuple[int, ...]]:
    """The deadline of one limit and the unknown years it went through: hours and calendar days
    are arithmetic; working days skip the public holidays and count the 调休 weekend days worked
    (``estate/workdays.py``, imported only when a limit is in working days)."""
    if limit.unit == "workdays":
        found = calendar().deadline(start, limit.amount)
        return found.due, found.unknown_years
    if limit.unit == "hours":
        return start + timedelta(hours=limit.amount), ()
    return start + timedelta(days=limit.amount), ()


def deadlines(estate: Estate, item_code: str, received: datetime, urgent: bool) -> Deadlines:
    """The response and resolution deadlines of a complaint about ``item_code`` received at
    ``received``, with the item's limits for its urgency and the estate's working days."""
    respond, resolve = estate.items[item_code].limits_for(urgent)
    calendar = estate.calendar  # built once, on the first working-day limit
    respond_by, unknown_respond = due(received, respond, calendar)
    resolve_by, unknown_resolve = due(received, resolve, calendar)
    return Deadlines(respond_by, resolve_by, tuple(sorted({*unknown_respond, *unknown_resolve})))


# --- what must be asked before routing a recognised text ------------------------------------


class Choice(NamedTuple):  # NamedTuples: defined on every add's start-up, a dataclass costs more
    """One answer the worker may pick: an item code or a building number (as text), and how it
    reads in the interface."""

    value: str
    label: str


class Question(NamedTuple):
    """What the worker must choose (``what`` is "item" or "building"), why (a message key and
    its parameters) and the choices, best first."""

    what: str
    key: str
    params: Mapping[str, Any] = MappingProxyType({})  # read-only: the default is shared
    choices: tuple[Choice, ...] = ()


class NeedsChoice(UsageError):
    """Recognition cannot decide without a guess. ``question`` holds the choices; the message
    (``key``) ends with one line per choice."""

    def __init__(self, question: Question) -> None:
        lines = "\n".join(f"  {n}. {c.value}  {c.label}" for n, c in enumerate(question.choices, 1))
        super().__init__(question.key, **question.params, choices=lines)
        self.question = question


def _item_choice(estate: Estate, code: str, lang: str) -> Choice:
    return Choice(code, estate.item_name(code, lang))


def _building_choices(estate: Estate, numbers: Sequence[int], lang: str) -> tuple[Choice, ...]:
    from liuliqiao_cli.i18n import t

    return tuple(Choice(str(n), t("ask.building_label", lang, number=n)) for n in numbers)


def questions(
    estate: Estate,
    rec: "Recognised",
    *,
    item: str | None = None,
    building: int | None = None,
    fallback: str | None = "other",
) -> tuple[Question, ...]:
    """What must be chosen before ``rec`` can be routed. ``item`` and ``building`` are what the
    worker typed (each settles its field); ``fallback`` is the item recorded when none is
    recognised. Empty when routing the recognised values is safe. The building is asked only
    once the item is settled: answer the item, recognise again, ask again."""
    from liuliqiao_cli.i18n import current_language

    lang = current_language()
    sep = "、" if lang == "zh" else ", "
    out: list[Question] = []
    chosen = item
    if chosen is None:
        close = rec.close
        if close:
            names = sep.join(estate.item_name(c.item, lang) for c in close)
            out.append(
                Question(
                    "item",
                    "ask.item_close",
                    {"items": names},
                    tuple(_item_choice(estate, c.item, lang) for c in close),
                )
            )
            return tuple(out)
        if rec.item is None and rec.indoors:
            inside = [
                code
                for code, i in estate.items.items()
                if i.scope == "separate" or code == fallback
            ]
            out.append(
                Question(
                    "item",
                    "ask.item_inside",
                    {},
                    tuple(_item_choice(estate, code, lang) for code in inside),
                )
            )
            return tuple(out)
        chosen = rec.item if rec.item is not None else fallback
    if chosen is None or chosen not in estate.items:
        return tuple(out)
    if building is None and rec.building is None and estate.items[chosen].scope == "separate":
        params: dict[str, Any] = {"item": estate.item_name(chosen, lang)}
        if len(rec.buildings) > 1:
            key, numbers = "ask.building_several", list(rec.buildings)
            params["named"] = sep.join(str(n) for n in rec.buildings)
        elif rec.unknown_buildings:
            key, numbers = "ask.building_unknown", list(estate.buildings)
            params["named"] = sep.join(str(n) for n in rec.unknown_buildings)
            params["count"] = len(estate.buildings)
        else:
            key, numbers = "ask.building_missing", list(estate.buildings)
        out.append(Question("building", key, params, _building_choices(estate, numbers, lang)))
    return tuple(out)


def notes(estate: Estate, rec: "Recognised") -> tuple[tuple[str, dict[str, Any]], ...]:
    """Messages (key, parameters) worth showing even when nothing must be asked: a building
    named that the estate does not have ("隔壁5号楼": the complaint is recorded without one)."""
    if not rec.unknown_buildings or rec.building is not None:
        return ()
    named = ", ".join(str(n) for n in rec.unknown_buildings)
    return (("recognise.no_such_building", {"named": named, "count": len(estate.buildings)}),)


def ensure_settled(
    estate: Estate,
    rec: "Recognised",
    *,
    item: str | None = None,
    building: int | None = None,
    fallback: str | None = "other",
) -> None:
    """Raise :class:`NeedsChoice` for the first of :func:`questions` (for scripts: no terminal
    to ask on)."""
    asked = questions(estate, rec, item=item, building=building, fallback=fallback)
    if asked:
        raise NeedsChoice(asked[0])
