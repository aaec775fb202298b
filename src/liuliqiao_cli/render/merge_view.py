"""How conflicts kept by a merge look: ``merge --conflicts`` rows and the lines of settling one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from liuliqiao_cli.i18n import has, t
from liuliqiao_cli.render.output import Column

TEXT_MAX = 30
TAG_PART = "tag:"  # as exchange/merge_fields.py names a tag's part


def conflict_columns() -> list[Column]:
    return [
        Column("id", t("conflicts.col.id"), justify="right"),
        Column("record", t("conflicts.col.record")),
        Column("part", t("conflicts.col.part")),
        Column("kept", t("conflicts.col.kept")),
        Column("kept_by", t("conflicts.col.kept_by")),
        Column("other", t("conflicts.col.other")),
        Column("other_by", t("conflicts.col.other_by")),
        Column("state", t("conflicts.col.state")),
    ]


def part_label(part: str) -> str:
    if part.startswith(TAG_PART):
        return t("conflicts.part.tag", tag=part[len(TAG_PART) :])
    key = f"conflicts.part.{part}"
    return t(key) if has(key) else part


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 3] + "..."


def values_text(
    part: str,
    values: dict[str, Any],
    other: dict[str, Any] | None = None,
    estate: Any = None,
    lang: str = "zh",
) -> str:
    """One side of a conflict in words: the status, the company, the place ... (companies and
    items by their names when ``estate`` is given: no code reaches a person)."""
    from liuliqiao_cli.complaints.read import location_text

    if part.startswith(TAG_PART):
        return t("conflicts.tag_present" if values.get("present") else "conflicts.tag_absent")
    if part == "status":
        text = t(f"status.{values.get('status')}") if values.get("status") else "-"
        if values.get("followup_resolved"):
            text += " " + t("conflicts.followup", answer=t(f"answer.{values['followup_resolved']}"))
        return text
    if part == "company":
        code = values.get("company")
        if not code:
            return "-"
        return estate.company_name(code, lang) if estate is not None else str(code)
    if part == "place":
        return location_text(values) or "-"
    if part == "item":
        urgent = " " + t("conflicts.urgent") if values.get("urgency") == "urgent" else ""
        code = values.get("item")
        item = (estate.item_name(code, lang) if estate is not None else code) if code else "-"
        return f"{item}{urgent}"
    if part == "*":  # a whole record: the fields that differ from the other side
        keys = sorted(k for k in values if other is None or values.get(k) != other.get(k))
        return _short("; ".join(f"{k}={values.get(k)}" for k in keys) or "-")
    return _short("; ".join(f"{v}" for v in values.values()) or "-")


def _who(side: Any) -> str:
    return f"{side.actor} {side.at}".strip() or "-"


def version_text(values: dict[str, Any], other: dict[str, Any], lang: str) -> str:
    """One side of two versions of one day: its reason, and what it says that the other does
    not (2号楼 城建物业 …), in the words of ``estate --versions``."""
    from liuliqiao_cli.errors import EstateError
    from liuliqiao_cli.estate.version_diff import compare
    from liuliqiao_cli.estate.versions import checked_estate
    from liuliqiao_cli.render.agreement_view import changes_text

    reason = str(values.get("reason") or "").strip()
    try:
        mine, theirs = (checked_estate(v["definition"], "") for v in (values, other))
    except (EstateError, KeyError, TypeError):
        return _short(reason) or "-"
    changes = changes_text(compare(theirs, mine), lang, most=3)
    return _short(
        t("conflicts.version_side", reason=reason, changes=changes) if reason else changes
    )


def conflict_rows(found: list[Any], lang: str, estate: Any = None) -> Iterator[dict[str, Any]]:
    for c in found:
        if c.subject == "estate_version" and c.part == "*":  # no field names: what each says
            kept = version_text(c.kept.values, c.lost.values, lang)
            other = version_text(c.lost.values, c.kept.values, lang)
        else:
            kept = values_text(c.part, c.kept.values, c.lost.values, estate, lang)
            other = values_text(c.part, c.lost.values, c.kept.values, estate, lang)
        yield {
            "id": c.id,
            "record": t(f"conflicts.subject.{c.subject}", number=c.number),
            "part": part_label(c.part),
            "kept": kept,
            "kept_by": _who(c.kept),
            "other": other,
            "other_by": _who(c.lost),
            "state": t(f"conflicts.state.{c.settled or 'open'}"),
        }


def conflicts_summary(found: list[Any]) -> str:
    open_ = [c for c in found if c.settled is None]
    if not open_:
        return t("conflicts.none")
    return t("conflicts.summary", count=len(open_))


def settled_line(conflict: Any) -> str:
    return t(
        f"conflicts.{conflict.settled}",
        id=conflict.id,
        record=t(f"conflicts.subject.{conflict.subject}", number=conflict.number),
        part=part_label(conflict.part),
    )
