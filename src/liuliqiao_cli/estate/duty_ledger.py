"""Reading the duty rotation (its versions) and the overrides out of the ledger, and the
companies' names.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from liuliqiao_cli import quick_json
from liuliqiao_cli.estate.duty import Override, RotationVersion


def company_names(conn: sqlite3.Connection, lang: str) -> dict[str, str]:
    """Company code -> display name in ``lang`` (one small query: ``duty`` skips loading the
    whole estate to stay quick at start-up)."""
    return {
        r["code"]: r["name"] if lang == "zh" or not r["name_en"] else r["name_en"]
        for r in conn.execute("SELECT code, name, name_en FROM companies ORDER BY position, code")
    }


def load_rotation(conn: sqlite3.Connection) -> tuple[list[RotationVersion], list[Override]]:
    versions = [
        RotationVersion(
            r["id"],
            date.fromisoformat(r["effective_from"]),
            r["handover_month"],
            r["handover_day"],
            tuple(quick_json.loads(r["company_order"])),
            r["uuid"],
            r["reason"],
        )
        for r in conn.execute("SELECT * FROM rotation_versions ORDER BY effective_from")
    ]
    overrides = [
        Override(
            r["id"],
            date.fromisoformat(r["start_date"]),
            date.fromisoformat(r["end_date"]),
            r["company"],
            r["reason"],
            r["meeting_id"],
            r["revoked_at"] is not None,
            r["uuid"],
            r["created_at"],
            r["revoked_at"],
            r["revoke_reason"],
        )
        for r in conn.execute("SELECT * FROM duty_overrides ORDER BY id")
    ]
    return versions, overrides
