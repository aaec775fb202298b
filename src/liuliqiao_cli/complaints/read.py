"""Reading complaints: one (``get``, ``as_dict``: the JSON of ``show``/``add``) or many
(``LIST_COLUMNS`` and ``list_complaints``: streams rows, filters in SQL).
"""

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from liuliqiao_cli.complaints import status
from liuliqiao_cli.complaints.events import EVENT_COLUMNS, Event, event_from_row
from liuliqiao_cli.complaints.location import location_text
from liuliqiao_cli.complaints.names import LABEL_SQL, label, label_of, labels_of, referenced
from liuliqiao_cli.complaints.privacy import mask_name, mask_phone
from liuliqiao_cli.complaints.typed_input import (
    resolve_source,
    resolve_status,
)
from liuliqiao_cli.dates import iso, parse_date
from liuliqiao_cli.errors import NotFound, UsageError
from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.estate.resolve import (
    resolve_building,
    resolve_company,
    resolve_item,
)

# The complaint columns, in table order (events' before/after use these names).
COLUMNS = (
    "id",
    "uuid",
    "received_at",
    "source",
    "text",
    "building",
    "unit",
    "room",
    "place",
    "item",
    "scope",
    "company",
    "routing",
    "routing_note",
    "urgency",
    "ref",
    "status",
    "respond_by",
    "resolve_by",
    "dispatched_at",
    "responded_at",
    "resolved_at",
    "closed_at",
    "followup_at",
    "followup_resolved",
    "followup_satisfied",
    "duplicate_of",
    "contact_id",
    "created_at",
    "updated_at",
    "name",  # m013: B17, or NULL (named by its number here); see names.py
)


# Stable keys of ``list --format json|csv`` (and of the exchange CSV export).
LIST_COLUMNS = (
    "id",
    "name",  # what a person reads: B17, or the number (names.py)
    "received_at",
    "status",
    "source",
    "building",
    "unit",
    "room",
    "place",
    "item",
    "item_name",
    "scope",
    "company",
    "company_name",
    "routing",
    "urgency",
    "text",
    "tags",
    "ref",
    "respond_by",
    "resolve_by",
    "overdue",
    "handover_pending",
    "duplicate_of",
    "reporter",
    "phone",
    "uuid",
)


class Complaint:
    """One complaint as stored, with its tags, contact and timeline.

    A plain class, not a dataclass: `add` reads one back, and defining a dataclass of 12 fields
    costs ~0.6 ms; with the estate's it was the last one on `add`'s path, which now does not
    import dataclasses at all (~0.5 ms more)."""

    def __init__(
        self,
        values: dict[str, Any],
        tags: list[str],
        reporter: str,
        phone: str,
        item_name: str,
        item_name_en: str,
        company_name: str,
        company_name_en: str,
        events: list[Event],
        # code -> (Chinese name, English name) of every company and item, to describe past events
        names: dict[str, dict[str, tuple[str, str]]] | None = None,
        duplicate_label: str = "",  # the name of the complaint this one duplicates (#B17, #421)
        handover_pending: bool = False,  # set by show(): awaiting a handover confirmation today
        handover: Any = None,  # then where it passes (complaints.handover.Passing)
    ) -> None:
        self.values = values
        self.tags = tags
        self.reporter = reporter
        self.phone = phone
        self.item_name = item_name
        self.item_name_en = item_name_en
        self.company_name = company_name
        self.company_name_en = company_name_en
        self.events = events
        self.names: dict[str, dict[str, tuple[str, str]]] = {} if names is None else names
        self.duplicate_label = duplicate_label
        self.handover_pending = handover_pending
        self.handover = handover

    def __getattr__(self, name: str) -> Any:  # complaint.status, complaint.building ...
        values = self.__dict__.get("values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(name)

    @property
    def location(self) -> str:
        return location_text(self.values)

    @property
    def number(self) -> str:
        """What a person reads: B17, or the number here (print it as #B17, #421)."""
        return label(self.values["id"], self.values.get("name"))


def exists(conn: sqlite3.Connection, complaint_id: int) -> bool:
    return (
        conn.execute("SELECT 1 FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        is not None
    )


def get(conn: sqlite3.Connection, complaint_id: int) -> Complaint:
    row = conn.execute(
        "SELECT complaints.*, contacts.name AS contact_name, contacts.phone AS contact_phone,"
        " items.name AS item_name, items.name_en AS item_name_en,"
        " companies.name AS company_name, companies.name_en AS company_name_en"
        " FROM complaints"
        " LEFT JOIN contacts ON contacts.id = complaints.contact_id"
        " LEFT JOIN items ON items.code = complaints.item"
        " LEFT JOIN companies ON companies.code = complaints.company"
        " WHERE complaints.id = ?",
        (complaint_id,),
    ).fetchone()
    if row is None:
        raise NotFound("complaints.not_found", id=complaint_id)
    values = {name: row[name] for name in COLUMNS}
    tags = [
        r[0]
        for r in conn.execute(
            "SELECT tag FROM complaint_tags WHERE complaint_id = ? ORDER BY tag", (complaint_id,)
        )
    ]
    events = [
        event_from_row(r)
        for r in conn.execute(
            # In time order: a meeting's events about a complaint are often typed in later.
            f"SELECT {EVENT_COLUMNS} FROM events WHERE complaint_id = ? ORDER BY at, id",
            (complaint_id,),
        )
    ]
    names = {
        "company": {
            r[0]: (r[1], r[2] or r[0])
            for r in conn.execute("SELECT code, name, name_en FROM companies")
        },
        "item": {
            r[0]: (r[1], r[2] or r[0])
            for r in conn.execute("SELECT code, name, name_en FROM items")
        },
        # the complaints its timeline points at (marked a duplicate of #B17), by name
        "duplicate_of": {
            number: (f"#{name}", f"#{name}")
            for number, name in labels_of(conn, referenced(events)).items()
        },
    }
    return Complaint(
        values,
        tags,
        row["contact_name"] or "",
        row["contact_phone"] or "",
        row["item_name"] or values["item"],
        row["item_name_en"] or values["item"],
        row["company_name"] or values["company"],
        row["company_name_en"] or values["company"],
        events,
        names,
        label_of(conn, values["duplicate_of"]) if values["duplicate_of"] else "",
    )


def is_overdue(values: dict[str, Any], now: datetime) -> bool:
    """The same predicate as status.overdue_sql(), for one complaint in Python."""
    if values["status"] not in status.OPEN_STATUSES:
        return False
    at = iso(now)
    if values["responded_at"] is None and values["respond_by"] and values["respond_by"] < at:
        return True
    return bool(values["resolve_by"] and values["resolve_by"] < at)


def as_dict(
    complaint: Complaint, *, with_contacts: bool = False, now: datetime | None = None
) -> dict[str, Any]:
    """The JSON shape of ``show --format json`` (and ``add --format json``). Contacts are masked
    unless ``with_contacts`` (the caller records that as an event). ``overdue`` is included when
    ``now`` is given."""
    out: dict[str, Any] = {name: complaint.values[name] for name in COLUMNS if name != "contact_id"}
    out["location"] = complaint.location
    out["item_name"] = complaint.item_name
    out["item_name_en"] = complaint.item_name_en
    out["company_name"] = complaint.company_name
    out["company_name_en"] = complaint.company_name_en
    out["tags"] = list(complaint.tags)
    if now is not None:
        out["overdue"] = is_overdue(complaint.values, now)
        out["handover_pending"] = complaint.handover_pending
    name, phone = complaint.reporter, complaint.phone
    out["contact"] = {
        "reporter": name if with_contacts else mask_name(name),
        "phone": phone if with_contacts else mask_phone(phone),
        "masked": not with_contacts,
    }
    out["events"] = [
        {
            "id": e.id,
            "at": e.at,
            "actor": e.actor,
            "kind": e.kind,
            "data": e.data,
            "undoes": e.undoes,
        }
        for e in complaint.events
    ]
    return out


def show(
    conn: sqlite3.Connection,
    complaint_id: int,
    *,
    with_contacts: bool,
    now: datetime,
    actor: str,
    command: Sequence[str] = ("show",),
) -> Complaint:
    """One complaint for ``show``; unmasked contacts (when the companion file can give them) are
    recorded as an event of kind ``contacts`` with the ``command`` as typed (masked)."""
    complaint = get(conn, complaint_id)
    if with_contacts:
        from liuliqiao_cli.complaints.reveal import reveal_complaint
        from liuliqiao_cli.store import companion, exports

        complaint = reveal_complaint(conn, complaint)
        if companion.of(conn).revealed:
            exports.record(
                conn,
                exports.Export("show", "table", 1, "", True, command, complaint_id),
                now=now,
                actor=actor,
            )
    from liuliqiao_cli.complaints import handover

    complaint.handover = handover.passing(complaint.values, handover.duty_now(conn, now.date()))
    complaint.handover_pending = complaint.handover is not None
    return complaint


# A NamedTuple, not a dataclass: `add` imports this module, and a dataclass of 15 fields costs
# ~1 ms to define. Change one with ``_replace``.
class ListFilters(NamedTuple):
    """Filters as the worker types them (resolved and validated by :func:`list_complaints`)."""

    open: bool = False
    overdue: bool = False
    building: str | int | None = None
    company: str | None = None
    item: str | None = None
    statuses: Sequence[str] = ()
    source: str | None = None
    since: str | date | None = None
    until: str | date | None = None
    tag: str | None = None
    limit: int | None = None
    with_contacts: bool = False
    reporter: str | None = None  # a resident's complaints: exact name ...
    phone: str | None = None  # ... or phone, as stored (see complaints/residents.py)
    due_within: str | None = None  # 24h, 2d, today, tomorrow: deadlines coming due, soonest first


def _as_date(value: str | date, today: date) -> date:
    return value if isinstance(value, date) else parse_date(value, today=today)


def list_query(
    conn: sqlite3.Connection, estate: Estate, filters: ListFilters, *, now: datetime
) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of a listing (validated); the benchmarks print its plan."""
    where: list[str] = []
    params: dict[str, Any] = {"now": iso(now)}
    if filters.building is not None and str(filters.building).strip():
        params["building"] = resolve_building(estate, filters.building)
        where.append("complaints.building = :building")
    if filters.company:
        params["company"] = resolve_company(estate, filters.company)
        where.append("complaints.company = :company")
    if filters.item:
        params["item"] = resolve_item(estate, filters.item)
        where.append("complaints.item = :item")
    if filters.source:
        params["source"] = resolve_source(filters.source)
        where.append("complaints.source = :source")
    wanted = [resolve_status(s) for s in filters.statuses]
    if filters.open:
        wanted = (
            [s for s in wanted if s in status.OPEN_STATUSES]
            if wanted
            else list(status.OPEN_STATUSES)
        )
        if not wanted:
            wanted = ["-"]  # --open with only closed statuses: nothing can match
    if wanted:
        marks = []
        for n, s in enumerate(dict.fromkeys(wanted)):
            params[f"s{n}"] = s
            marks.append(f":s{n}")
        where.append(f"complaints.status IN ({', '.join(marks)})")
    if filters.overdue:
        where.append(status.overdue_sql(":now"))
    due_order = ""
    if filters.due_within is not None:
        from liuliqiao_cli.complaints import deadlines

        params.update(deadlines.window_params(deadlines.parse_window(filters.due_within, now)))
        where.append(f"({deadlines.due_sql('respond')} OR {deadlines.due_sql('resolve')})")
        due_order = f" ORDER BY {deadlines.next_due_sql()}, complaints.id"
    from liuliqiao_cli.complaints import handover

    duty_now = handover.duty_now(conn, now.date())
    params.update(handover.pending_params(duty_now))
    today = now.date()
    since = _as_date(filters.since, today) if filters.since else None
    until = _as_date(filters.until, today) if filters.until else None
    if since and until and until < since:
        raise UsageError("dates.range", since=since.isoformat(), until=until.isoformat())
    if since:
        params["since"] = f"{since.isoformat()} 00:00:00"
        where.append("complaints.received_at >= :since")
    if until:
        params["until"] = f"{(until + timedelta(days=1)).isoformat()} 00:00:00"
        where.append("complaints.received_at < :until")
    if filters.tag:
        params["tag"] = " ".join(filters.tag.split())
        where.append(
            "EXISTS (SELECT 1 FROM complaint_tags t WHERE t.complaint_id = complaints.id"
            " AND t.tag = :tag)"
        )
    if filters.reporter is not None or filters.phone is not None:
        from liuliqiao_cli.complaints import residents

        conditions, found = residents.condition(conn, filters.reporter, filters.phone)
        where.extend(conditions)
        params.update(found)
    if filters.limit is not None:
        if filters.limit <= 0:
            raise UsageError("complaints.bad_limit", value=filters.limit)
        params["limit"] = filters.limit
    sql = (
        f"SELECT complaints.id, CAST({LABEL_SQL} AS TEXT) AS name, complaints.uuid,"
        " complaints.received_at,"
        " complaints.status,"
        " complaints.source, complaints.building, complaints.unit, complaints.room,"
        " complaints.place, complaints.item, complaints.scope, complaints.company,"
        " complaints.routing, complaints.urgency, complaints.text, complaints.ref,"
        " complaints.respond_by, complaints.resolve_by, complaints.duplicate_of,"
        f" {status.overdue_sql(':now')} AS overdue, {handover.pending_sql(duty_now)} AS handover_pending,"
        " (SELECT group_concat(tag, char(31)) FROM complaint_tags t"
        "   WHERE t.complaint_id = complaints.id) AS tags,"
        " contacts.name AS reporter, contacts.phone AS phone"
        " FROM complaints LEFT JOIN contacts ON contacts.id = complaints.contact_id"
    )
    filtered = " WHERE " + " AND ".join(where) if where else ""
    # With a status filter (open, overdue, --status) the (status, ...) and (building, status)
    # indexes find the few rows of a mature ledger, as the contact indexes find a resident's;
    # "+" stops SQLite from scanning the whole table backwards for the ORDER BY instead (it
    # did after ANALYZE).
    order = (
        " ORDER BY +complaints.id DESC"
        if wanted or filters.overdue or "resident_contacts" in params
        else " ORDER BY complaints.id DESC"
    )
    if due_order:  # soonest deadline first, not newest
        order = due_order
        if filters.limit is not None:
            chosen = f"SELECT complaints.id FROM complaints{filtered}{order} LIMIT :limit"
            return f"{sql} WHERE complaints.id IN ({chosen}){order}", params
    if filters.limit is None:
        return sql + filtered + order, params
    # With a limit, choose the numbers first (from the index alone where the filters allow),
    # then build only those rows: sorting whole rows (tags, contact) of every match cost 16 ms
    # for the ~9,000 open complaints of a building at 1M.
    chosen = f"SELECT complaints.id FROM complaints{filtered}{order} LIMIT :limit"
    return f"{sql} WHERE complaints.id IN ({chosen}) ORDER BY complaints.id DESC", params


def list_complaints(
    conn: sqlite3.Connection,
    filters: ListFilters,
    *,
    now: datetime,
    actor: str | None = None,
    estate: Estate | None = None,
) -> Iterator[dict[str, Any]]:
    """Validate the filters now, then stream rows (dicts keyed by LIST_COLUMNS) lazily.

    With ``filters.with_contacts`` the rows are revealed from the companion file; the caller
    records what it shows or exports (:mod:`liuliqiao_cli.store.exports`).
    """
    from liuliqiao_cli.estate import model

    est = estate or model.load(conn)
    sql, params = list_query(conn, est, filters, now=now)
    items = {code: i.name for code, i in est.items.items()}
    companies = {code: c.name for code, c in est.companies.items()}
    cursor = conn.execute(sql, params)
    rows = _rows(cursor, items, companies, filters.with_contacts)
    if filters.with_contacts:
        from liuliqiao_cli.complaints.reveal import reveal_rows

        return reveal_rows(conn, rows)
    return rows


def _rows(
    cursor: sqlite3.Cursor, items: dict[str, str], companies: dict[str, str], with_contacts: bool
) -> Iterator[dict[str, Any]]:
    for r in cursor:
        row = dict(r)
        row["overdue"] = bool(row["overdue"])
        row["handover_pending"] = bool(row["handover_pending"])
        row["tags"] = sorted(row["tags"].split("\x1f")) if row["tags"] else []
        row["item_name"] = items.get(row["item"], row["item"])
        row["company_name"] = companies.get(row["company"], row["company"])
        if not with_contacts:
            row["reporter"] = mask_name(row["reporter"])
            row["phone"] = mask_phone(row["phone"])
        else:
            row["reporter"] = row["reporter"] or ""
            row["phone"] = row["phone"] or ""
        yield {key: row.get(key) for key in LIST_COLUMNS}
