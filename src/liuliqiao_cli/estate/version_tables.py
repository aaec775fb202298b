"""The estate tables written from the estate's versions (``estate apply`` and its undo): every
code any version defines, each with the values of the latest version that defines it, so that
complaints keep referring to what they were recorded with and names come from one place."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from liuliqiao_cli.estate import versions
from liuliqiao_cli.estate.model import LIMIT_STEPS, legacy_limits, load, recognition_json
from liuliqiao_cli.store.ledger import set_setting


def store_definitions(conn: sqlite3.Connection) -> None:
    """The only version so far is the estate tables: keep it as JSON before they change."""
    for v in versions.all_versions(conn):
        if not v.stored:
            conn.execute(
                "UPDATE estate_versions SET definition = ? WHERE id = ?",
                (versions.estate_json(load(conn)), v.id),
            )


def rebuild(conn: sqlite3.Connection) -> None:
    """The estate tables from the versions: every code a version defines, each with the values
    of the latest version defining it, the latest's order first; a code no version defines any
    more is removed unless a record refers to it. With one version left and nothing else kept,
    the tables are that version again and its JSON is dropped (the quick path of ``load``)."""
    pairs = list(versions.iter_estates(conn))
    if not pairs or (len(pairs) == 1 and not pairs[0][0].stored):
        return
    latest = pairs[-1][1]
    companies, buildings, items, places = (
        dict(latest.companies),
        dict(latest.buildings),
        dict(latest.items),
        dict(latest.places),
    )
    for _, estate in reversed(pairs[:-1]):  # then what only earlier versions define
        for code, company in estate.companies.items():
            companies.setdefault(code, company)
        for number, building in estate.buildings.items():
            buildings.setdefault(number, building)
        for code, item in estate.items.items():
            items.setdefault(code, item)
        for code, place in estate.places.items():
            places.setdefault(code, place)
    # Names are unique in these tables: park them on the code while they move.
    for table in ("companies", "items", "places"):
        conn.execute(f"UPDATE {table} SET name = char(1) || code")
    for pos, c in enumerate(companies.values()):
        conn.execute(
            "INSERT INTO companies (code, name, short_name, name_en, aliases, phone, position)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
            " short_name = excluded.short_name, name_en = excluded.name_en,"
            " aliases = excluded.aliases, phone = excluded.phone, position = excluded.position",
            (c.code, c.name, c.short_name, c.name_en, _list(c.aliases), c.phone, pos),
        )
    for b in buildings.values():
        conn.execute(
            "INSERT INTO buildings (number, name, units, floors, rooms_per_floor, company)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO UPDATE SET name = excluded.name,"
            " units = excluded.units, floors = excluded.floors,"
            " rooms_per_floor = excluded.rooms_per_floor, company = excluded.company",
            (b.number, b.name, b.units, b.floors, b.rooms_per_floor, b.company),
        )
    conn.execute("DELETE FROM item_limits")
    for pos, i in enumerate(items.values()):
        respond_hours, urgent_respond_hours, resolve_days = legacy_limits(i)
        conn.execute(
            "INSERT INTO items (code, name, name_en, scope, respond_hours, urgent_respond_hours,"
            " resolve_days, keywords, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en,"
            " scope = excluded.scope, respond_hours = excluded.respond_hours,"
            " urgent_respond_hours = excluded.urgent_respond_hours,"
            " resolve_days = excluded.resolve_days, keywords = excluded.keywords,"
            " position = excluded.position",
            (
                i.code,
                i.name,
                i.name_en,
                i.scope,
                respond_hours,
                urgent_respond_hours,
                resolve_days,
                _list(i.keywords),
                pos,
            ),
        )
        conn.executemany(
            "INSERT INTO item_limits (item, step, amount, unit) VALUES (?, ?, ?, ?)",
            [(i.code, s, i.limit(s).amount, i.limit(s).unit) for s in LIMIT_STEPS],
        )
    for pos, p in enumerate(places.values()):
        conn.execute(
            "INSERT INTO places (code, name, aliases, position) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, aliases = excluded.aliases,"
            " position = excluded.position",
            (p.code, p.name, _list(p.aliases), pos),
        )
    kept = _remove_undefined(conn, companies, buildings, items, places)
    for key, text in latest.info.items():
        set_setting(conn, f"estate.{key}", text)
    set_setting(
        conn, "recognition.words", recognition_json(list(latest.items.values()), latest.cues)
    )
    if len(pairs) == 1 and not kept:
        conn.execute("UPDATE estate_versions SET definition = NULL WHERE id = ?", (pairs[0][0].id,))
    routing_index(conn, wanted=len(pairs) > 1)


# Once a second version exists, the handovers to confirm (complaints/handover.py) include open
# complaints of any scope whose company differs from the one the version in force gives their
# item and building: counting them read every open complaint's row (~10 ms at 200,000
# complaints, 5,300 open), this covering index reads them in ~2 ms. Every write of every ledger
# would pay for it, so it exists only while a ledger has more than one version.
ROUTING_INDEX = "complaints_open_routing"
_OPEN = "'received', 'dispatched', 'in_progress', 'disputed', 'reopened'"


def routing_index(conn: sqlite3.Connection, *, wanted: bool) -> None:
    if wanted:
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS {ROUTING_INDEX} ON complaints(company, item, building,"
            f" scope, routing, received_at, status) WHERE status IN ({_OPEN})"
        )
    else:
        conn.execute(f"DROP INDEX IF EXISTS {ROUTING_INDEX}")


def _list(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _remove_undefined(
    conn: sqlite3.Connection,
    companies: dict[str, Any],
    buildings: dict[int, Any],
    items: dict[str, Any],
    places: dict[str, Any],
) -> int:
    """Delete the codes no version defines (an undone version's) that nothing refers to;
    return how many stay because a record still does."""
    kept = 0
    for table, key, defined, used_by in (
        ("items", "code", items, (("complaints", "item"),)),
        ("places", "code", places, ()),
        ("buildings", "number", buildings, (("complaints", "building"),)),
        (
            "companies",
            "code",
            companies,
            (("complaints", "company"), ("buildings", "company"), ("duty_overrides", "company")),
        ),
    ):
        for (code,) in conn.execute(f"SELECT {key} FROM {table}").fetchall():
            if code in defined:
                continue
            if any(
                conn.execute(f"SELECT 1 FROM {t} WHERE {c} = ? LIMIT 1", (code,)).fetchone()
                for t, c in used_by
            ):
                kept += 1
                continue
            if table == "items":
                conn.execute("DELETE FROM item_limits WHERE item = ?", (code,))
            conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (code,))
    return kept
