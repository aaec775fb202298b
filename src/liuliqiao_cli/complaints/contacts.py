"""Keeping residents' personal data out of the ledger on every way in: a contact given with
``--reporter``/``--phone`` (or a work order's caller columns), and what :func:`scrub` finds in a
text (``add``, ``note``, reasons, ``tag --text``, 12345 imports, merged ledger files).

The originals go to the companion file first (:mod:`liuliqiao_cli.store.companion`, its own
commit), then the ledger gets the masked forms in the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from liuliqiao_cli.complaints import privacy
from liuliqiao_cli.complaints.privacy import (
    NAME,
    PHONE,
    Found,
    Scrubbed,
    mask_known,
    mask_name,
    mask_phone,
    may_hold_free_text,
    mentions,
    scrub,
    scrub_event_data,
)
from liuliqiao_cli.store import companion
from liuliqiao_cli.store.ids import new_uuid


def scrub_text(conn: sqlite3.Connection, text: str | None) -> Scrubbed:
    """``text`` as the ledger may store it (pure: nothing is written yet)."""
    return scrub(text or "", companion.service_phones(conn)) if text else Scrubbed(text or "", ())


def known_values(conn: sqlite3.Connection, complaint_id: int | None) -> list[Found]:
    """What is already known of a complaint's residents (its reporter, values found in its
    texts before), to be masked in any new text of it even without a cue. Empty when the
    companion file cannot be read (the cue-based scrub still runs)."""
    if complaint_id is None:
        return []
    row = conn.execute(
        "SELECT c.uuid, k.uuid FROM complaints c LEFT JOIN contacts k ON k.id = c.contact_id"
        " WHERE c.id = ?",
        (complaint_id,),
    ).fetchone()
    if row is None:
        return []
    comp = companion.of(conn)
    person = comp.contacts([row[1]] if row[1] else [], quiet=True).get(row[1] or "", ("", ""))
    out = reporter_values(*person)
    out += [
        Found(k, original, masked) for k, masked, original in comp.known([row[0]]).get(row[0], [])
    ]
    return out


def scrub_step(
    conn: sqlite3.Connection, complaint_id: int, owner: str, details: dict[str, Any]
) -> dict[str, Any]:
    """The details of one lifecycle step as the ledger may store them: personal data in its free
    texts (``note``, ``reason``, a corrected ``text``) found by cue masked, and so is what is
    already known of the complaint's residents (a name without a cue); the originals kept in
    the companion file of complaint ``owner`` (committed now, before the step's transaction)."""
    texts = {k: v for k in ("note", "reason", "text") if isinstance(v := details.get(k), str) and v}
    if not texts:
        return details
    known = known_values(conn, complaint_id)
    found: list[Found] = []
    out = dict(details)
    for key, text in texts.items():
        result = mask_known(scrub_text(conn, text), known)
        out[key] = result.text
        found += result.found
    store_found(conn, owner, found)
    return out


def reporter_values(name: str, phone: str) -> list[Found]:
    """The reporter's name and phone as values to mask in the complaint's own text."""
    out = []
    if name and len(name) >= 2:
        out.append(Found(NAME, name, mask_name(name)))
    if phone:
        out.append(Found(PHONE, phone, mask_phone(phone)))
    return out


def store_found(conn: sqlite3.Connection, owner: str, found: Iterable[Found]) -> None:
    """Keep what was found in a text of complaint ``owner`` (its UUID) in the companion file."""
    rows = [(owner, f.kind, f.masked, f.original) for f in found]
    if rows:
        companion.of(conn).stash(found=rows)


def store_contact(conn: sqlite3.Connection, name: str, phone: str) -> int:
    """A resident's contact: the originals to the companion (committed), the masked forms to the
    ledger's ``contacts`` (in the caller's transaction). Returns the ledger's contact id."""
    uuid = new_uuid()
    companion.of(conn).stash(contacts=[(uuid, name, phone)])
    cur = conn.execute(
        "INSERT INTO contacts (uuid, name, phone) VALUES (?, ?, ?)",
        (uuid, mask_name(name), mask_phone(phone)),
    )
    return int(cur.lastrowid or 0)


def complaint_uuid(conn: sqlite3.Connection, complaint_id: int) -> str:
    row = conn.execute("SELECT uuid FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
    return row[0] if row else ""


def matching_contacts(
    conn: sqlite3.Connection, *, name: str | None = None, phone: str | None = None
) -> list[int]:
    """The ledger's contact ids whose original name / phone is ``name`` / ``phone`` (for a filter
    on residents: the ledger alone cannot answer it). Empty when the companion is missing. A
    lookup, not a reveal: nothing of the resident is shown, so none is recorded."""
    comp = companion.of(conn)
    reader = comp.reader(quiet=True)
    if reader is None:
        return []
    where, params = [], []
    if name:
        where.append("name = ?")
        params.append(name)
    if phone:
        where.append("phone = ?")
        params.append(phone)
    if not where:
        return []
    uuids = [
        r[0]
        for r in reader.execute(f"SELECT uuid FROM contacts WHERE {' AND '.join(where)}", params)
    ]
    out: list[int] = []
    for i in range(0, len(uuids), 900):
        chunk = uuids[i : i + 900]
        marks = ",".join("?" * len(chunk))
        out += [
            r[0] for r in conn.execute(f"SELECT id FROM contacts WHERE uuid IN ({marks})", chunk)
        ]
    return sorted(out)


def scrub_incoming(conn: sqlite3.Connection, kind: str, records: list[Any]) -> None:
    """Records of a merged ledger file (decoded lines: their fields are attributes) as this
    ledger may store them, changed in place: a contact's name and phone, a complaint's text and
    routing note, an event's free text masked, the originals kept in the companion file
    (committed before the merge writes). What is known of a complaint's residents (its reporter,
    values found in its text) is masked in its history too, cue or not: the file lists
    contacts, then complaints, then events. A file exported with its contacts masked brings
    nothing to keep: masked values stay as they are."""
    keep = companion.service_phones(conn)
    comp = companion.of(conn)
    privacy.for_many_texts()
    people: list[tuple[str, str, str]] = []
    found: list[tuple[str, str, str, str]] = []
    if kind == "contact":
        for rec in records:
            name, phone = rec.name or "", rec.phone or ""
            if (name or phone) and "*" not in name + phone:
                people.append((rec.uuid, name, phone))
                rec.name, rec.phone = mask_name(name), mask_phone(phone)
    elif kind == "complaint":
        reporters = comp.contacts((r.contact_id for r in records if r.contact_id), quiet=True)
        for rec in records:
            known = reporter_values(*reporters.get(rec.contact_id or "", ("", "")))
            for key in ("text", "routing_note"):
                text = getattr(rec, key)
                if text:
                    result = scrub(text, keep)
                    result = mask_known(result, known) if known else result
                    if result.found:
                        setattr(rec, key, result.text)
                        found += [(rec.uuid, f.kind, f.masked, f.original) for f in result.found]
    elif kind == "event":
        found = _scrub_events(conn, comp, keep, records)
    if people or found:
        comp.stash(contacts=people, found=found)


def _scrub_events(
    conn: sqlite3.Connection, comp: companion.Companion, keep: frozenset[str], records: list[Any]
) -> list[tuple[str, str, str, str]]:
    """Events' data scrubbed in place (one loop over a whole import's 6 events a complaint: the
    common event, free of any text of a person, costs a few attribute reads); what was found."""
    found: list[tuple[str, str, str, str]] = []
    texts = [rec for rec in records if may_hold_free_text(rec.data)]
    if not texts:
        return found
    # what is known of their complaints' residents, asked only for the events that may need it
    known_of = _known_of(conn, comp, {r.complaint_id for r in texts if r.complaint_id})
    for rec in texts:
        data = rec.data
        owner = rec.complaint_id or ""
        known = known_of.get(owner, []) if known_of else []
        always = bool(known) and mentions(data, known)
        cleaned, hits = scrub_event_data(data, keep, known=known, always=always)
        if hits:
            rec.data = cleaned
            found += [(owner, f.kind, f.masked, f.original) for f in hits]
    return found


def _known_of(
    conn: sqlite3.Connection, comp: companion.Companion, owners: set[str]
) -> dict[str, list[Found]]:
    """Complaint UUID -> what is known of its residents (its reporter, values found in its
    texts), for a batch of merged events: a few queries per batch, not per event."""
    out: dict[str, list[Found]] = {}
    wanted = sorted(owners)
    links = companion.reporter_links(conn, wanted)
    people = comp.contacts(links.values(), quiet=True)
    for owner, contact in links.items():
        out.setdefault(owner, []).extend(reporter_values(*people.get(contact, ("", ""))))
    for owner, values in comp.known(wanted).items():
        out.setdefault(owner, []).extend(
            Found(k, original, masked) for k, masked, original in values
        )
    return out
