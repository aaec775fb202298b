"""What a dossier holds: named tuples, and their JSON.

Named tuples rather than dataclasses: making the nine classes on each run cost every format of
the dossier ~4 ms of start-up (a dataclass compiles its methods when its module is imported), and
nothing changes a dossier once built (the revealed agenda is a copy, ``_replace``). Lists have
no default: a named tuple's would be one list shared by every instance.
"""

from collections.abc import Iterator
from typing import Any, NamedTuple

from liuliqiao_cli.i18n import t

# How many of a complaint's latest history events the agenda shows ("the history in brief").
HISTORY_BRIEF = 4


class Facts(NamedTuple):
    """Section 2: the meeting's basic facts (None for a dossier without a meeting)."""

    meeting_id: int
    kind: str
    kind_name: str
    date: str
    time: str
    place: str
    host: str
    recorder: str
    number: int
    present: list[str]
    absent: list[str]

    @property
    def expected(self) -> int:
        return len(self.present) + len(self.absent)


class OverrideFact(NamedTuple):
    id: int
    start: str
    end: str
    company: str
    company_name: str
    reason: str
    meeting_id: int | None


class Duty(NamedTuple):
    """Section 3."""

    date: str
    company: str | None
    company_name: str
    source: str  # rotation | override | none
    period_start: str | None
    period_end: str | None
    next_handover: str | None
    next_company_name: str
    overrides: list[OverrideFact]
    separate_items: list[str]
    buildings: list[tuple[str, str]]  # (3号楼, 城建物业)
    # Versions of the estate taking effect in the period: (date, number, changes as data)
    estate_versions: list[tuple[str, int, list[list[object]]]]


class FollowUp(NamedTuple):
    """Section 4: one decision of the previous meeting and whether it was carried out."""

    decision_id: int
    complaint_id: int | None
    decision: str
    owner: str
    owner_name: str
    due: str | None
    state: str  # done | overdue | pending
    state_name: str
    complaint_status: str | None
    complaint_status_name: str
    votes: str = ""  # 15/0/1
    complaint_name: str | None = None  # B17 where the complaint has a name


class AgendaItem(NamedTuple):
    """Section 5: one complaint on the agenda."""

    id: int
    where: str
    building: int | None
    building_name: str
    unit: int | None
    room: str | None
    place: str | None
    item: str
    item_name: str
    scope: str
    scope_name: str
    company: str
    company_name: str
    source: str
    source_name: str
    urgency: str
    urgency_name: str
    ref: str | None
    received_at: str
    status: str
    status_name: str
    days_open: int
    respond_by: str | None
    resolve_by: str | None
    overdue: bool
    text: str
    contact_name: str
    contact_phone: str
    reason: str
    reason_name: str
    history: list[str]
    late: bool = False  # a deadline missed by a step taken after it (complaints/deadlines.py)
    name: str | None = None  # B17 where the complaint has a name (complaints/names.py)

    @property
    def number(self) -> str:
        """What a person reads: B17, or the number here."""
        return self.name or str(self.id)


class Rate(NamedTuple):
    key: str  # response | resolution | satisfaction
    name: str
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.numerator / self.denominator, 1) if self.denominator else None


class RateSeries(NamedTuple):
    """One rate of one company, month by month: (numerator, denominator) per month."""

    company: str
    company_name: str
    key: str  # response | resolution | satisfaction
    name: str
    values: list[tuple[int, int]]


class Figures(NamedTuple):
    """Section 6: the period's counts, breakdowns and the three rates with their counts."""

    since: str
    until: str
    received: int
    resolved: int
    closed: int
    open: int
    overdue: int
    by_building: list[tuple[str, int]]
    by_company: list[tuple[str, int]]
    by_item: list[tuple[str, int]]
    rates: list[Rate]
    # The twelve months up to the dossier's day: received and closed per month, and each
    # company's three rates per month (reports/trend.py).
    trend_months: list[str]
    trend_received: list[int]
    trend_closed: list[int]
    trend_rates: list[RateSeries]
    reminders: list[tuple[str, int]]  # 催办 by company


class Dossier(NamedTuple):
    title: str
    community: str
    estate: str
    lang: str
    # The moment the ledger is shown as it stood (YYYY-MM-DD HH:MM), and why that one:
    # "meeting" (a meeting already held: what it saw), "now" (today's view) or "chosen" (--as-of).
    # No time of generation: exporting a meeting's dossier twice gives the same file.
    as_of: str
    as_of_kind: str
    with_contacts: bool
    facts: Facts | None  # 1-2
    period_since: str
    period_until: str
    duty: Duty  # 3
    followup_of: str  # which meeting the follow-up is about ('' when none)
    followup: list[FollowUp]  # 4
    agenda: list[AgendaItem]  # 5 (sorted by company, building, id)
    figures: Figures  # 6
    signatures: list[str]  # 7
    decisions: list[FollowUp]  # 7: already recorded at this meeting

    def groups(self) -> Iterator[tuple[str, str, list[AgendaItem]]]:
        """(company name, building name, items) in agenda order."""
        current: tuple[str, str] | None = None
        bucket: list[AgendaItem] = []
        for item in self.agenda:
            key = (item.company_name, item.building_name)
            if key != current and bucket:
                yield (*current, bucket)  # type: ignore[misc]
                bucket = []
            current = key
            bucket.append(item)
        if bucket and current is not None:
            yield (*current, bucket)


def kind_name(kind: str) -> str:
    return t(f"meeting.kind.{kind}")


def _label(prefix: str, code: str | None) -> str:
    if code is None:
        return ""
    text = t(f"{prefix}.{code}")
    return code if text == f"{prefix}.{code}" else text


class _Labels(dict):
    """Labels looked up once per code: an agenda of 10,000 complaints has a handful of codes."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, code: str) -> str:
        self[code] = value = _label(self.prefix, code)
        return value


def status_name(code: str | None) -> str:
    return _label("status", code)


def urgency_name(code: str) -> str:
    """The urgency's name ("一般" for "normal"): a code never reaches a printed cell."""
    return _label("urgency", code)


def as_dict(dossier: Dossier) -> dict:
    """The JSON form: every field, the named tuples of this module as objects, plus the computed
    values readers want."""
    data: dict = _data(dossier)
    if dossier.facts is not None:
        data["facts"]["expected"] = dossier.facts.expected
    for rate, out in zip(dossier.figures.rates, data["figures"]["rates"], strict=False):
        out["percent"] = rate.percent
    return data


_RECORDS = (Facts, OverrideFact, Duty, FollowUp, AgendaItem, Rate, RateSeries, Figures, Dossier)


def _data(value: Any) -> Any:
    """``value`` as JSON data: a record of this module as an object of its fields (in their
    order), lists and tuples as lists, dictionaries copied, the rest as it is."""
    if isinstance(value, _RECORDS):
        return {name: _data(v) for name, v in zip(value._fields, value, strict=True)}
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    return value
