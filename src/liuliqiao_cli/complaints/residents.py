"""A resident's complaints: the ones filed under a reporter's name or phone number.

Matching is exact on the stored contact, after the same normalising as when it was recorded
(:func:`~liuliqiao_cli.complaints.privacy.normalise_phone`: ``138 0000 1234`` is
``13800001234``; names with their spaces folded). Nothing here returns a name or a phone: the
callers list complaints (masked) or count them. Every lookup goes through an index
(``contacts_phone``, ``contacts_name``, ``complaints_contact``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from liuliqiao_cli.complaints.privacy import normalise_name, normalise_phone
from liuliqiao_cli.errors import UsageError


def condition(reporter: str | None, phone: str | None) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on ``complaints`` (and their parameters) for ``list --reporter/--phone``.
    An empty value is refused: it would match every complaint without a contact."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if reporter is not None:
        name = normalise_name(reporter)
        if not name:
            raise UsageError("residents.empty", option="--reporter")
        params["reporter"] = name
        where.append("complaints.contact_id IN (SELECT id FROM contacts WHERE name = :reporter)")
    if phone is not None:
        if not phone.strip():
            raise UsageError("residents.empty", option="--phone")
        params["phone"] = normalise_phone(phone)
        where.append("complaints.contact_id IN (SELECT id FROM contacts WHERE phone = :phone)")
    return where, params


def others(conn: sqlite3.Connection, complaint_id: int) -> int:
    """How many other complaints the same resident made: by phone when the complaint has one,
    else by name (0 when it has no contact)."""
    row = conn.execute(
        "SELECT contacts.name, contacts.phone FROM complaints"
        " JOIN contacts ON contacts.id = complaints.contact_id WHERE complaints.id = ?",
        (complaint_id,),
    ).fetchone()
    if row is None or not (row[0] or row[1]):
        return 0
    column, value = ("phone", row[1]) if row[1] else ("name", row[0])
    found = conn.execute(
        "SELECT count(*) FROM complaints WHERE complaints.contact_id IN"
        f" (SELECT id FROM contacts WHERE {column} = ?) AND complaints.id != ?",
        (value, complaint_id),
    ).fetchone()
    return int(found[0])
