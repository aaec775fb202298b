"""How ``add`` answers: the decision (the record, what was read from the text and what was
asked), the possible duplicates, and the notes worth telling.

``--format json`` is ``show --format json`` plus ``recognised`` (the fields taken from the text,
the fragments behind them, the item with its score and the runner-up when there was one, the
questions answered) and ``possible_duplicates``.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

from liuliqiao_cli.complaints.adding import Added
from liuliqiao_cli.complaints.duplicates import Possible
from liuliqiao_cli.complaints.read import as_dict
from liuliqiao_cli.complaints.recognise import Candidate
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.complaint_view import (
    _item,
    _list_columns,
    _list_row,
    _plain_grid,
    _why,
    households_text,
    related_json,
)


def when(possible: Possible, received: datetime) -> str:
    """2天前 / 同一天 / 3天后: how far a possible duplicate is from the new complaint."""
    days = possible.days_before(received)
    if days == 0:
        return t("dup.same_day")
    return t("dup.days_before" if days > 0 else "dup.days_after", n=abs(days))


def describe(possible: Possible, received: datetime, item_names: dict[str, str]) -> str:
    """#415 (or #B17) 2天前 3号楼2单元 楼道照明 已派单"""
    return " ".join(
        (
            f"#{possible.label}",
            when(possible, received),
            possible.location or t("show.public_place"),
            item_names.get(possible.item, possible.item),
            t(f"status.{possible.status}"),
        )
    )


def _candidate(c: Candidate | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"item": c.item, "score": round(c.score, 2), "words": list(c.words)}


def added_json(added: Added, now: datetime) -> dict[str, Any]:
    rec = added.prepared.recognised
    out = as_dict(added.complaint, now=now)
    out.update(related_json(added.households, added.reporter_others))
    out["recognised"] = {
        "from_text": sorted(added.prepared.from_text),
        "matched": dict(rec.matched),
        "best": _candidate(rec.candidates[0] if rec.candidates else None),
        "runner_up": _candidate(rec.runner_up),
        "answered": [{"what": what, "value": value} for what, value in added.answers],
    }
    out["possible_duplicates"] = [
        {
            "id": p.id,
            "name": p.label,
            "received_at": p.received_at,
            "status": p.status,
            "item": p.item,
            "location": p.location,
            "days_before": p.days_before(datetime.fromisoformat(added.complaint.received_at)),
        }
        for p in added.possible
    ]
    return out


def render_added(added: Added, fmt: str, lang: str, now: datetime) -> None:
    c = added.complaint
    if fmt == "json":
        import json  # here: the table, what add prints most, never needs it

        sys.stdout.write(json.dumps(added_json(added, now), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        from liuliqiao_cli.render import output

        output.emit(_list_columns(), [_list_row(c, now)], "csv")
    else:
        _render_table(added, lang)
    _tell(added, lang)


def _render_table(added: Added, lang: str) -> None:
    c = added.complaint
    from_text = set(added.prepared.from_text)
    mark = t("add.recognised")
    place = c.location or t("show.public_place")
    place_mark = mark if from_text & {"building", "unit", "room", "place"} else ""
    item_name = c.item_name if lang == "zh" else c.item_name_en
    company = c.company_name if lang == "zh" else c.company_name_en
    rows = [
        (t("show.location"), place + place_mark),
        (t("show.item"), _item(c.values, item_name) + (mark if "item" in from_text else "")),
        (t("show.company"), company),
        (t("show.why"), _why(c.values, company)),
        (t("show.respond_by"), c.respond_by or ""),
        (t("show.resolve_by"), c.resolve_by or ""),
    ]
    if added.linked is not None:
        rows.append((t("show.duplicate_of"), f"#{c.duplicate_label or added.linked}"))
        if added.households is not None:
            rows.append((t("show.households"), households_text(added.households)))
    sys.stdout.write(t("add.recorded", id=c.number) + "\n" + _plain_grid(rows))
    sys.stdout.flush()


def _tell(added: Added, lang: str) -> None:
    """stderr: notes on the text, possible duplicates not yet offered, how to correct."""
    c = added.complaint
    lines = [t(key, **params) for key, params in added.notes]
    if added.possible and not added.link_offered:
        names = {code: (zh if lang == "zh" else en) for code, (zh, en) in c.names["item"].items()}
        received = datetime.fromisoformat(c.received_at)
        sep = "；" if lang == "zh" else "; "
        which = sep.join(describe(p, received, names) for p in added.possible)
        lines.append(t("dup.hint", which=which, id=c.number, original=added.possible[0].label))
    if added.prepared.from_text:
        lines.append(t("add.correct_hint", id=c.number))
    if lines:
        sys.stderr.write("".join(line + "\n" for line in lines))
