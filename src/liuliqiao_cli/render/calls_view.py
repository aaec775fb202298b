"""How the follow-up call queue reads: its columns (the same keys in JSON and CSV) and the one-line
call script said to each resident."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from liuliqiao_cli.complaints.calls import Call
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.output import Column
from liuliqiao_cli.render.text import visible

SCRIPT_TEXT = 30  # characters of the complaint quoted in the call script


def columns(companies: Mapping[str, str], items: Mapping[str, str]) -> list[Column]:
    return [
        Column("id", t("calls.col.id"), justify="right", fmt=lambda i: f"#{i}"),
        Column("resolved_at", t("calls.col.resolved_at"), no_wrap=True, fmt=_minutes),
        Column("waiting_since", t("calls.col.waiting_since"), no_wrap=True, fmt=_minutes),
        Column("where", t("calls.col.where")),
        Column("item", t("calls.col.item"), fmt=lambda c: items.get(c, c)),
        Column("company", t("calls.col.company"), fmt=lambda c: companies.get(c, c)),
        Column("reporter", t("calls.col.reporter")),
        Column("phone", t("calls.col.phone"), no_wrap=True),
        Column("text", t("calls.col.text")),
    ]


def _minutes(value: Any) -> str:
    return str(value or "")[:16]


def rows(
    calls: Iterable[Call],
    companies: Mapping[str, str],
    items: Mapping[str, str],
    community: str,
    scripts: bool = True,
) -> Iterator[dict[str, Any]]:
    for c in calls:
        yield {
            "id": c.id,
            "received_at": c.received_at,
            "resolved_at": c.resolved_at,
            "waiting_since": c.waiting_since,
            "called_before": c.called_before,
            "where": c.where,
            "item": c.item,
            "company": c.company,
            "reporter": c.reporter,
            "phone": c.phone,
            "text": c.text,
            "script": script(c, companies, items, community) if scripts else None,
        }


JSON_KEYS = (
    "id",
    "received_at",
    "resolved_at",
    "waiting_since",
    "called_before",
    "where",
    "item",
    "company",
    "reporter",
    "phone",
    "text",
    "script",
)


def script(c: Call, companies: Mapping[str, str], items: Mapping[str, str], community: str) -> str:
    """What to say, in one line: who calls, what the resident reported and when, who did it;
    then the two questions of the follow-up (resolved? satisfied?). No name or phone in it."""
    text = " ".join(visible(c.text, newlines=False).split())
    if len(text) > SCRIPT_TEXT:
        text = text[: SCRIPT_TEXT - 3] + "..."
    params = {
        "community": community,
        "received": c.received_at[:10],
        "text": text,
        "where": c.where or items.get(c.item, c.item),
        "company": companies.get(c.company, c.company),
        "resolved": c.resolved_at[:10],
        "called": (c.called_before or "")[:10],
    }
    return t("calls.script_again" if c.called_before else "calls.script", **params)
