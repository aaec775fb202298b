"""Records of a merge as plain values: a decoded line as a dict, its content without what is
local to a ledger, its version and digest, and which of two versions a merge keeps."""

from __future__ import annotations

import json
from typing import Any

from liuliqiao_cli.exchange.jsonl import Kind


def as_dict(record: Any) -> dict[str, Any]:
    import msgspec

    out = msgspec.structs.asdict(record)
    out.pop("changed_at", None)
    for key in ("agenda", "attendance"):
        if key in out:
            out[key] = [msgspec.structs.asdict(x) for x in out[key]]
    return out


def record_label(record: dict[str, Any]) -> str:
    return str(record.get("name") or record.get("id") or "?")


_LOCAL = ("id", "contact_id", "changed_at", "history", "type")


def content(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in _LOCAL}


def version_of(kind: Kind, record: dict[str, Any]) -> str:
    return str(next((record.get(c) for c in kind.version if record.get(c)), "") or "")


def digest(record: dict[str, Any]) -> str:
    import hashlib

    text = json.dumps(content(record), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def compare(kind: Kind, theirs: dict[str, Any], mine: dict[str, Any]) -> str:
    """'same', 'ours' (keep ours) or 'theirs' (take theirs): the newer version, and at the same
    version the content whose canonical JSON sorts last (the same answer on both sides)."""
    a, b = content(theirs), content(mine)
    if a == b:
        return "same"
    if not kind.version:  # rotation versions and contacts never change
        return "ours"
    va, vb = version_of(kind, theirs), version_of(kind, mine)
    if va != vb:
        return "theirs" if va > vb else "ours"
    canon = (
        json.dumps(a, sort_keys=True, ensure_ascii=False),
        json.dumps(b, sort_keys=True, ensure_ascii=False),
    )
    return "theirs" if canon[0] > canon[1] else "ours"
