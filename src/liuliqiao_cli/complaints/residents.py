"""A resident's complaints: the ones filed under a reporter's name or phone number.

Matching is exact on the stored contact, after the same normalising as when it was recorded
(:func:`~liuliqiao_cli.complaints.privacy.normalise_phone`: ``138 0000 1234`` is
``13800001234``; names with their spaces folded). The ledger holds only masked forms
(``139****5678`` stands for ten thousand numbers), so the originals are looked up in the
companion contacts file (:func:`~liuliqiao_cli.complaints.contacts.matching_contacts`, through
its ``contacts_phone`` / ``contacts_name`` indexes), and the complaints reached through the
ledger's ``contacts.uuid`` and ``complaints_contact``. Nothing here returns a name or a phone:
the callers list complaints (masked) or count them.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from liuliqiao_cli import quick_json
from liuliqiao_cli.complaints.contacts import matching_contacts
from liuliqiao_cli.complaints.privacy import normalise_name, normalise_phone
from liuliqiao_cli.errors import LedgerFileError, UsageError
from liuliqiao_cli.store import companion


def condition(
    conn: sqlite3.Connection, reporter: str | None, phone: str | None
) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on ``complaints`` (and their parameters) for ``list --reporter/--phone``.
    An empty value is refused: it would match every complaint without a contact. Without the
    companion file the question cannot be answered: refused in one line (an empty list would
    say the resident made no complaint)."""
    name = number = None
    if reporter is not None:
        name = normalise_name(reporter)
        if not name:
            raise UsageError("residents.empty", option="--reporter")
    if phone is not None:
        if not phone.strip():
            raise UsageError("residents.empty", option="--phone")
        number = normalise_phone(phone)
    if name is None and number is None:
        return [], {}
    comp = companion.of(conn)
    if comp.reader(quiet=True) is None:
        raise LedgerFileError(
            "residents.companion_missing",
            path=str(comp.path),
            option="--reporter" if number is None else "--phone",
        )
    ids = matching_contacts(conn, name=name, phone=number)
    where = ["complaints.contact_id IN (SELECT value FROM json_each(:resident_contacts))"]
    return where, {"resident_contacts": quick_json.dumps(ids)}


def others(conn: sqlite3.Connection, complaint_id: int) -> int:
    """How many other complaints the same resident made: by phone when the complaint has one,
    else by name (0 when it has no contact, or the companion file cannot say who it is)."""
    row = conn.execute(
        "SELECT contacts.uuid FROM complaints"
        " JOIN contacts ON contacts.id = complaints.contact_id WHERE complaints.id = ?",
        (complaint_id,),
    ).fetchone()
    if row is None:
        return 0
    name, phone = companion.of(conn).contacts([row[0]], quiet=True).get(row[0], ("", ""))
    if not (name or phone):
        return 0
    ids = matching_contacts(conn, phone=phone) if phone else matching_contacts(conn, name=name)
    found = conn.execute(
        "SELECT count(*) FROM complaints WHERE complaints.contact_id IN"
        " (SELECT value FROM json_each(?)) AND complaints.id != ?",
        (quick_json.dumps(ids), complaint_id),
    ).fetchone()
    return int(found[0])
