"""Where a complaint is, as the worker says it: 3号楼2单元502, a public place, or both.

Its own module, beside :mod:`~liuliqiao_cli.complaints.read`, because ``search`` shows it too and
must not pay for importing the reading of whole complaints (the estate model and the rest).
"""

from __future__ import annotations

from typing import Any


def location_text(row: dict[str, Any]) -> str:
    """3号楼2单元502, or the public place, or both ("3号楼 停车场")."""
    parts = ""
    if row.get("building") is not None:
        parts = f"{row['building']}号楼"
        if row.get("unit") is not None:
            parts += f"{row['unit']}单元"
        if row.get("room"):
            parts += str(row["room"])
    elif row.get("unit") is not None:
        parts = f"{row['unit']}单元" + (str(row["room"]) if row.get("room") else "")
    place = row.get("place")
    if place and parts:
        return f"{parts} {place}"
    return parts or (place or "")
