"""The estate command's output: tables on a terminal, one document in JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from liuliqiao_cli.estate.duty import RotationVersion
from liuliqiao_cli.estate.model import LIMIT_STEPS, Estate
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.deadline_view import item_limits_text
from liuliqiao_cli.render.output import Column, console, emit

if TYPE_CHECKING:
    from liuliqiao_cli.estate.versions import InForce


def as_dict(estate: Estate, versions: Sequence[RotationVersion]) -> dict[str, Any]:
    return {
        "estate": estate.info,
        "companies": [
            {**c._asdict(), "aliases": list(c.aliases)} for c in estate.companies.values()
        ],
        "buildings": [
            {
                "number": b.number,
                "name": b.name,
                "units": b.units,
                "floors": b.floors,
                "rooms_per_floor": b.rooms_per_floor,
                "households": b.households,
                "company": b.company,
            }
            for b in estate.buildings.values()
        ],
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "name_en": i.name_en,
                "scope": i.scope,
                "respond_hours": i.respond_hours,
                "urgent_respond_hours": i.urgent_respond_hours,
                "resolve_days": i.resolve_days,
                "limits": {
                    step: {"amount": i.limit(step).amount, "unit": i.limit(step).unit}
                    for step in LIMIT_STEPS
                },
                "keywords": list(i.keywords),
            }
            for i in estate.items.values()
        ],
        "places": [
            {"code": p.code, "name": p.name, "aliases": list(p.aliases)}
            for p in estate.places.values()
        ],
        "rotation": [
            {
                "id": v.id,
                "effective_from": v.effective_from.isoformat(),
                "handover": f"{v.handover_month:02d}-{v.handover_day:02d}",
                "order": list(v.order),
            }
            for v in versions
        ],
    }


class _PlainConsole:
    """Lines for a pipe or a file, without importing rich (see _table)."""

    def print(self, text: str = "", markup: bool = False) -> None:
        sys.stdout.write(f"{text}\n")


def _on_terminal() -> bool:
    import os

    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _table(columns: list[Column], rows: Any, *, title: str, con: Any, flex: str) -> None:
    """A rich table on a terminal; the same columns as plain aligned text elsewhere (rich's
    import and layout cost more than the whole command may at start-up). Either fits the
    terminal without wrapping a row: the ``flex`` column (a name) gives up what does not fit,
    cut with "..."."""
    from liuliqiao_cli.render.plain import cut, fit, table, terminal_width
    from liuliqiao_cli.render.text import cells

    rows = [
        {c.key: "" if r.get(c.key) is None else str(r.get(c.key)) for c in columns} for r in rows
    ]
    keys = [c.key for c in columns]
    natural = [max([cells(c.header)] + [cells(r[c.key]) for r in rows]) for c in columns]
    index = keys.index(flex)
    floors = list(natural)
    floors[index] = min(natural[index], max(cells(columns[index].header), 8))
    width = terminal_width() if isinstance(con, _PlainConsole) else con.width
    widths = dict(zip(keys, fit(natural, floors, width, flex=index), strict=True))
    if isinstance(con, _PlainConsole):
        table(columns, rows, title=title, widths=widths)
        return
    for r in rows:
        r[flex] = cut(r[flex], widths[flex])
    fixed = [
        Column(c.key, cut(c.header, widths[c.key]), justify=c.justify, no_wrap=True)
        for c in columns
    ]
    emit(fixed, rows, title=title, con=con)


def version_dict(facts: InForce | None) -> dict[str, Any] | None:
    if facts is None:
        return None
    v = facts.version
    return {
        "number": v.number,
        "from": v.from_text or None,
        "versions": facts.total,
        "next": facts.next.from_text if facts.next else None,
    }


def version_lines(facts: InForce | None, on: date, asked: bool) -> list[str]:
    """Which version is shown: said when the ledger has several, or a day was asked for."""
    lines = [t("estate.as_of", date=on.isoformat())] if asked else []
    if facts is None or (facts.total == 1 and not asked):
        return lines
    v = facts.version
    since = t("estate.version_since", date=v.from_text) if v.from_date else t("versions.from_start")
    lines.append(t("estate.version_line", number=v.number, since=since, count=facts.total))
    if facts.next is not None:
        lines.append(t("estate.version_next", date=facts.next.from_text, number=facts.next.number))
    return lines


def render(
    estate: Estate,
    versions: Sequence[RotationVersion],
    fmt: str,
    lang: str,
    *,
    facts: InForce | None = None,
    on: date | None = None,
    asked: bool = False,
) -> None:
    if fmt == "json":
        document = as_dict(estate, versions)
        document["version"] = version_dict(facts)
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        # One table per CSV stream would be ambiguous; the building table is what scripts want.
        rows = as_dict(estate, versions)["buildings"]
        emit(
            [
                Column(k, k)
                for k in (
                    "number",
                    "name",
                    "units",
                    "floors",
                    "rooms_per_floor",
                    "households",
                    "company",
                )
            ],
            rows,
            "csv",
        )
        return
    con = console() if _on_terminal() else _PlainConsole()
    info = estate.info
    con.print(
        t(
            "estate.title",
            name=info.get("name", ""),
            name_en=info.get("name_en", info.get("name", "")),
            community=info.get("community", ""),
            subdistrict=info.get("subdistrict", ""),
        ),
        markup=False,
    )
    units = sum(b.units for b in estate.buildings.values())
    households = sum(b.households for b in estate.buildings.values())
    con.print(
        t("estate.summary", buildings=len(estate.buildings), units=units, households=households),
        markup=False,
    )
    if on is not None:
        for line in version_lines(facts, on, asked):
            con.print(line, markup=False)
    for v in versions:
        order = " → ".join(estate.company_name(c, lang) for c in v.order)
        con.print(
            t(
                "estate.rotation",
                month=v.handover_month,
                day=v.handover_day,
                order=order,
                start=v.effective_from.isoformat(),
            ),
            markup=False,
        )
    if not versions:
        con.print(t("estate.no_rotation"), markup=False)
    con.print()
    _table(
        [
            Column("code", t("col.code")),
            Column("name", t("col.name")),
            Column("short_name", t("col.short_name")),
            Column("phone", t("col.phone")),
        ],
        (
            {
                "code": c.code,
                "name": c.name if lang == "zh" else (c.name_en or c.name),
                "short_name": c.short_name,
                "phone": c.phone,
            }
            for c in estate.companies.values()
        ),
        title=t("estate.companies"),
        con=con,
        flex="name",
    )
    con.print()
    _table(
        [
            Column("name", t("col.building")),
            Column("units", t("col.units"), justify="right"),
            Column("rooms", t("col.rooms")),
            Column("households", t("col.households"), justify="right"),
            Column("company", t("col.company")),
        ],
        (
            {
                "name": b.name,
                "units": b.units,
                "rooms": f"101–{b.floors}{b.rooms_per_floor:02d}".replace("–", "-"),
                "households": b.households,
                "company": estate.company_name(b.company, lang),
            }
            for b in estate.buildings.values()
        ),
        title=t("estate.buildings"),
        con=con,
        flex="company",
    )
    con.print()
    _table(
        [
            Column("code", t("col.code")),
            Column("name", t("col.item")),
            Column("scope", t("col.scope")),
            Column("respond", t("col.respond"), justify="right"),
            Column("resolve", t("col.resolve"), justify="right"),
        ],
        (
            {
                "code": i.code,
                "name": i.name if lang == "zh" else i.name_en,
                "scope": t(f"scope.{i.scope}"),
                "respond": item_limits_text(i, "respond"),
                "resolve": item_limits_text(i, "resolve"),
            }
            for i in estate.items.values()
        ),
        title=t("estate.items"),
        con=con,
        flex="name",
    )
    if estate.places:
        con.print()
        _table(
            [
                Column("code", t("col.code")),
                Column("name", t("col.name")),
                Column("aliases", t("col.aliases")),
            ],
            (
                {"code": p.code, "name": p.name, "aliases": t("find.list_sep").join(p.aliases)}
                for p in estate.places.values()
            ),
            title=t("estate.places"),
            con=con,
            flex="aliases",
        )
