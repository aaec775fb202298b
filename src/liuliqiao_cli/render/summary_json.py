"""The summary as one JSON document, and its documented shape (a JSON Schema that the tests
validate the output against; README "summary" describes it)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from liuliqiao_cli.complaints.status import MOVED_KINDS
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.summary_text import Names
from liuliqiao_cli.reports import rates
from liuliqiao_cli.reports.summary import Summary

_RATE = {
    "type": "object",
    "required": ["numerator", "denominator", "rate", "small_sample"],
    "properties": {
        "numerator": {"type": "integer", "minimum": 0},
        "denominator": {"type": "integer", "minimum": 0},
        "rate": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        "small_sample": {"type": "boolean"},
    },
}
_RATE_ROW = {
    "type": "object",
    "required": ["group", "name", "response", "resolution", "satisfaction"],
    "properties": {
        "group": {"type": "string"},
        "name": {"type": "string"},
        "response": _RATE,
        "resolution": _RATE,
        "satisfaction": _RATE,
    },
}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
_NUMBERS = {"type": "array", "items": {"type": "integer"}}
SUMMARY_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [
        "estate",
        "period",
        "generated_at",
        "as_of",
        "first_complaint",
        "empty",
        "duty",
        "received",
        "moved",
        "backlog",
        "overdue_total",
        "overdue",
        "rates",
        "recurring",
        "spikes",
        "households",
    ],
    "properties": {
        "estate": {"type": "string"},
        "period": {
            "type": "object",
            "required": ["kind", "label", "since", "until", "days"],
            "properties": {
                "kind": {"enum": ["week", "month", "range"]},
                "label": {"type": "string"},
                "since": {"type": "string", "format": "date"},
                "until": {"type": "string", "format": "date"},
                "days": {"type": "integer", "minimum": 1},
            },
        },
        "generated_at": {"type": "string"},
        "as_of": {"type": "string"},
        "first_complaint": {"type": ["string", "null"]},
        "empty": {"type": "boolean"},
        "duty": {
            "type": "object",
            "required": ["at_start", "at_end", "handovers", "overrides", "handover_pending"],
            "properties": {
                "handover_pending": {"type": "integer", "minimum": 0},
                "at_start": {"type": ["string", "null"]},
                "at_end": {"type": ["string", "null"]},
                "handovers": {
                    "type": "array",
                    "items": {"type": "object", "required": ["date", "company"]},
                },
                "overrides": {
                    "type": "array",
                    "items": {"type": "object", "required": ["start", "end", "company", "reason"]},
                },
                "estate_versions": {
                    "type": "array",
                    "items": {"type": "object", "required": ["date", "number", "changes"]},
                },
            },
        },
        "received": {
            "type": "object",
            "required": [
                "total",
                "residents",
                "proactive",
                "joint",
                "separate",
                "by_source",
                "by_building",
                "by_company",
                "by_item",
            ],
            "properties": {
                k: {"type": "integer", "minimum": 0}
                for k in ("total", "residents", "proactive", "joint", "separate")
            }
            | {k: _COUNTS for k in ("by_source", "by_building", "by_company", "by_item")},
        },
        "moved": {
            "type": "object",
            "required": list(MOVED_KINDS),
            "additionalProperties": {
                "type": "object",
                "required": ["total", "by_company"],
                "properties": {"total": {"type": "integer"}, "by_company": _COUNTS},
            },
        },
        "backlog": {
            "type": "object",
            "required": ["total", "by_status"],
            "properties": {
                "total": {"type": "integer"},
                "by_status": {"type": "object", "additionalProperties": _COUNTS},
            },
        },
        "overdue_total": {"type": "integer", "minimum": 0},
        "overdue": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "number",
                    "place",
                    "item",
                    "company",
                    "received_at",
                    "deadline",
                    "days_overdue",
                ],
                "properties": {"number": {"type": "integer"}, "days_overdue": {"type": "integer"}},
            },
        },
        "rates": {
            "type": "object",
            "required": ["definition", "period", "year_to_date"],
            "properties": {
                "definition": {"type": "object"},
                "period": {"type": "array", "items": _RATE_ROW},
                "year_to_date": {
                    "type": "object",
                    "required": ["since", "until", "rows"],
                    "properties": {"rows": {"type": "array", "items": _RATE_ROW}},
                },
            },
        },
        "recurring": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["item", "building", "place", "count", "numbers"],
                "properties": {"count": {"type": "integer"}, "numbers": _NUMBERS},
            },
        },
        "spikes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["item", "count", "usual", "periods", "numbers"],
                "properties": {
                    "count": {"type": "integer"},
                    "usual": {"type": "number"},
                    "periods": {"type": "integer"},
                    "numbers": _NUMBERS,
                },
            },
        },
        "households": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "original",
                    "item",
                    "building",
                    "unit",
                    "room",
                    "place",
                    "status",
                    "complaints",
                    "households",
                    "without_room",
                    "in_period",
                ],
                "properties": {
                    "original": {"type": "integer"},
                    "complaints": {"type": "integer", "minimum": 1},
                    "households": {"type": "integer", "minimum": 0},
                    "without_room": {"type": "integer", "minimum": 0},
                    "in_period": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
}


def _rate_rows(rows: list[rates.GroupRates], names: Names, by: str | None) -> list[dict[str, Any]]:
    return [
        {
            "group": g.group,
            "name": names.group(by, g.group),
            **{x.kind: x.as_dict() for x in g.each()},
        }
        for g in rows
    ]


def as_dict(s: Summary, estate: Any, lang: str) -> dict[str, Any]:
    names = Names(estate, lang)
    p = s.period
    settings_text = {
        "cohort": t("summary.json.cohort", lang),
        "response": t("summary.json.response", lang),
        "resolution": t("summary.json.resolution", lang),
        "satisfaction": t("summary.json.satisfaction", lang),
    }
    return {
        "estate": s.estate,
        "period": {
            "kind": p.kind,
            "label": p.label,
            "since": p.since.isoformat(),
            "until": p.until.isoformat(),
            "days": p.days,
        },
        "generated_at": s.now.strftime("%Y-%m-%d %H:%M:%S"),
        "as_of": s.as_of.strftime("%Y-%m-%d %H:%M:%S"),
        "first_complaint": s.first_complaint.isoformat() if s.first_complaint else None,
        "empty": s.nothing_happened,
        "duty": {
            "at_start": s.duty.at_start,
            "at_end": s.duty.at_end,
            "handovers": [
                {"date": h.on.isoformat(), "company": h.company} for h in s.duty.handovers
            ],
            "overrides": [
                {
                    "start": o.start.isoformat(),
                    "end": o.end.isoformat(),
                    "company": o.company,
                    "reason": o.reason,
                }
                for o in s.duty.overrides
            ],
            "handover_pending": s.duty.handover_pending,
            "estate_versions": [
                {
                    "date": v.on.isoformat(),
                    "number": v.number,
                    "changes": [
                        {"kind": c.kind, "code": c.code, "before": c.before, "after": c.after}
                        for c in v.changes
                    ],
                }
                for v in s.duty.estate_versions
            ],
        },
        "received": {
            "total": s.received.total,
            "residents": s.received.residents,
            "proactive": s.received.proactive,
            "joint": s.received.joint,
            "separate": s.received.separate,
            "by_source": s.received.by_source,
            "by_building": s.received.by_building,
            "by_company": s.received.by_company,
            "by_item": s.received.by_item,
        },
        "moved": {k: {"total": sum(v.values()), "by_company": v} for k, v in s.moved.items()},
        "backlog": {"total": s.backlog_total, "by_status": s.backlog},
        "overdue_total": s.overdue_total,
        "overdue": [
            {
                "number": o.number,
                "place": names.place(o.building, o.unit, o.room, o.place),
                "building": o.building,
                "item": o.item,
                "company": o.company,
                "received_at": o.received_at,
                "deadline": o.deadline,
                "days_overdue": o.days_overdue,
            }
            for o in s.overdue
        ],
        "rates": {
            "definition": settings_text,
            "period": _rate_rows(s.rates_period, names, "company"),
            "year_to_date": {
                "since": s.ytd_since.isoformat(),
                "until": p.until.isoformat(),
                "rows": _rate_rows(s.rates_ytd, names, "company"),
            },
        },
        "recurring": [
            {
                "item": x.item,
                "building": x.building,
                "place": x.place,
                "count": x.count,
                "numbers": list(x.numbers),
            }
            for x in s.recurring
        ],
        "spikes": [
            {
                "item": x.item,
                "count": x.count,
                "usual": x.usual,
                "periods": x.periods,
                "numbers": list(x.numbers),
            }
            for x in s.spikes
        ],
        "households": [
            {
                "original": x.original,
                "item": x.item,
                "building": x.building,
                "unit": x.unit,
                "room": x.room,
                "place": x.place,
                "status": x.status,
                "complaints": x.complaints,
                "households": x.households,
                "without_room": x.without_room,
                "in_period": x.in_period,
            }
            for x in s.households
        ],
    }


def write_json(s: Summary, estate: Any, lang: str, out: TextIO) -> None:
    json.dump(as_dict(s, estate, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")
