"""Migration ``m012_privacy``: residents' personal data out of the ledger file.

Before it, the ledger's ``contacts`` held names and phones in the clear, and texts held whatever
residents dictated (``联系电话13912345678``). The upgrade, inside the migration's transaction:

1. gives the ledger an identity (table ``companion``: ``ledger_id``) and creates its companion file
   (:mod:`liuliqiao_cli.store.companion`) when there is none;
2. copies every contact to the companion (committed first), then keeps only the masked forms in
   the ledger's ``contacts``;
3. scrubs every complaint's text and routing note and the free text of every event (notes,
   reasons, texts in before/after, recorded commands): originals to the companion, masked forms in
   the ledger. This is the one sanctioned rewrite of history: the append-only trigger on events is
   lifted for it and put back with exactly the SQL it had, and the rewrite is itself recorded (an
   event of kind ``privacy``, subject ``ledger``, with the counts);
4. rebuilds the search index when a text changed (FTS5 keeps deleted terms until its segments
   merge) and adds the partial index behind ``history --exports``.

m010's ``contacts_phone`` and ``contacts_name`` go first (before the contacts are masked, so
their entries are not rewritten for nothing): they would index masked forms, which no lookup
uses; the companion's ``contacts`` carries the two indexes instead
(:data:`~liuliqiao_cli.store.companion.INDEXES`, made on a companion file that lacks them too).

``secure_delete`` is on for the connection meanwhile, so that the old values are overwritten in
the file's pages, not only unlinked. The work goes in batches by id: memory stays flat at 1M
complaints and 6M events.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field

from liuliqiao_cli.complaints.privacy import (
    NAME,
    PHONE,
    Found,
    mask_known,
    mask_name,
    mask_phone,
    maybe_personal,
    mentions,
    scrub,
    scrub_event_data,
)
from liuliqiao_cli.store import companion

BATCH = 20_000
EV_PRIVACY = "privacy"


@dataclass
class UpgradeReport:
    contacts: int = 0
    complaints: int = 0
    events: int = 0
    found: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        return bool(self.contacts or self.complaints or self.events)


def upgrade(conn: sqlite3.Connection) -> UpgradeReport:
    from liuliqiao_cli.store.ids import new_uuid

    report = UpgradeReport()
    conn.execute("PRAGMA secure_delete = ON")
    # The ledger's identity: its companion file names it as its owner, so that a companion
    # copied beside another ledger is never read as this one's.
    conn.execute("CREATE TABLE companion (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO companion (key, value) VALUES ('ledger_id', ?)", (new_uuid(),))
    ledger = companion.ledger_path(conn)
    comp = None
    if ledger is not None:
        comp = companion.Companion(companion.path_for(ledger), companion.ledger_id(conn))
        companion.ensure_indexes(comp.writer())  # a new ledger has its companion from the start
    conn.execute("DROP INDEX IF EXISTS contacts_phone")
    conn.execute("DROP INDEX IF EXISTS contacts_name")
    try:
        keep = companion.service_phones(conn)
        people = _move_contacts(conn, comp, report)
        known = _scrub_complaints(conn, comp, keep, people, report)
        del people
        _scrub_events(conn, comp, keep, known, report)
    finally:
        if comp is not None:
            comp.close()
    if report.complaints:
        from liuliqiao_cli.store.triggers import rebuild_search_index

        rebuild_search_index(conn)
    conn.execute(
        "CREATE INDEX events_exports ON events(at, id) WHERE kind IN ('export', 'contacts')"
    )
    if report.moved:
        _record(conn, report)
    return report


def _move_contacts(
    conn: sqlite3.Connection, comp: companion.Companion | None, report: UpgradeReport
) -> dict[int, tuple[str, str]]:
    """Contacts to the companion, masked in the ledger; returns id -> (name, phone) of those
    moved, to mask the reporter where the complaint's texts name them."""
    people: dict[int, tuple[str, str]] = {}
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, uuid, name, phone FROM contacts WHERE id > ? ORDER BY id LIMIT ?",
            (last, BATCH),
        ).fetchall()
        if not rows:
            return people
        last = rows[-1][0]
        clear = [r for r in rows if "*" not in (r[2] or "") + (r[3] or "") and (r[2] or r[3])]
        if not clear:
            continue
        if comp is None:
            raise sqlite3.OperationalError("an in-memory ledger has no companion file")
        comp.stash(contacts=[(r[1], r[2] or "", r[3] or "") for r in clear])
        conn.executemany(
            "UPDATE contacts SET name = ?, phone = ? WHERE id = ?",
            [(mask_name(r[2]), mask_phone(r[3]), r[0]) for r in clear],
        )
        people.update((r[0], (r[2] or "", r[3] or "")) for r in clear)
        report.contacts += len(clear)


def _stash_found(
    comp: companion.Companion | None, found: list[tuple[str, str, str, str]], report: UpgradeReport
) -> None:
    if not found:
        return
    if comp is None:
        raise sqlite3.OperationalError("an in-memory ledger has no companion file")
    comp.stash(found=found)
    report.found += len(found)


def _reporter(person: tuple[str, str] | None) -> list[Found]:
    if person is None:
        return []
    name, phone = person
    out = [Found(NAME, name, mask_name(name))] if len(name) >= 2 else []
    return out + ([Found(PHONE, phone, mask_phone(phone))] if phone else [])


def _scrub_complaints(
    conn: sqlite3.Connection,
    comp: companion.Companion | None,
    keep: frozenset[str],
    people: dict[int, tuple[str, str]],
    report: UpgradeReport,
) -> dict[int, list[Found]]:
    """Every complaint's text and routing note scrubbed (cues, and its reporter named in it);
    returns complaint id -> what is known of its residents, for its history."""
    known: dict[int, list[Found]] = {}
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, uuid, text, routing_note, contact_id FROM complaints WHERE id > ?"
            " ORDER BY id LIMIT ?",
            (last, BATCH),
        ).fetchall()
        if not rows:
            return known
        last = rows[-1][0]
        updates: list[tuple[str, str, int]] = []
        found: list[tuple[str, str, str, str]] = []
        for cid, uuid, text, note, contact_id in rows:
            reporter = _reporter(people.get(contact_id)) if contact_id is not None else []
            if reporter:
                known[cid] = list(reporter)
            plain = (text or "") + (note or "")
            if not maybe_personal(plain) and not any(f.original in plain for f in reporter):
                continue
            a = mask_known(scrub(text or "", keep), reporter)
            b = mask_known(scrub(note or "", keep), reporter)
            if a.found or b.found:
                updates.append((a.text, b.text, cid))
                found += [(uuid, f.kind, f.masked, f.original) for f in (*a.found, *b.found)]
                known.setdefault(cid, []).extend((*a.found, *b.found))
        _stash_found(comp, found, report)
        if updates:
            conn.executemany(
                "UPDATE complaints SET text = ?, routing_note = ? WHERE id = ?", updates
            )
            report.complaints += len(updates)


def _scrub_events(
    conn: sqlite3.Connection,
    comp: companion.Companion | None,
    keep: frozenset[str],
    known: dict[int, list[Found]],
    report: UpgradeReport,
) -> None:
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_no_update'"
    ).fetchone()
    last = 0
    lifted = False
    try:
        while True:
            rows = conn.execute(
                "SELECT e.id, e.complaint_id, c.uuid, e.data FROM events e LEFT JOIN complaints c"
                " ON c.id = e.complaint_id WHERE e.id > ? ORDER BY e.id LIMIT ?",
                (last, BATCH),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            updates: list[tuple[str, int]] = []
            found: list[tuple[str, str, str, str]] = []
            for eid, cid, owner, raw in rows:
                values = known.get(cid, []) if cid is not None else []
                raw = raw or "{}"
                if values and mentions(raw, values):
                    cleaned, hits = scrub_event_data(raw, keep, known=values, always=True)
                else:
                    cleaned, hits = scrub_event_data(raw, keep)
                if hits:
                    updates.append((cleaned, eid))
                    found += [(owner or "", f.kind, f.masked, f.original) for f in hits]
            _stash_found(comp, found, report)
            if updates:
                if trigger is not None and not lifted:
                    conn.execute("DROP TRIGGER events_no_update")
                    lifted = True
                conn.executemany("UPDATE events SET data = ? WHERE id = ?", updates)
                report.events += len(updates)
    finally:
        if lifted and trigger is not None:
            conn.execute(trigger[0])


def _record(conn: sqlite3.Connection, report: UpgradeReport) -> None:
    from liuliqiao_cli.dates import DEFAULT_TZ, iso, now
    from liuliqiao_cli.store.ids import new_uuid

    actor = os.environ.get("LIULIQIAO_ACTOR") or _os_user()
    data = {
        "contacts": report.contacts,
        "complaints": report.complaints,
        "events": report.events,
        "found": report.found,
    }
    # The columns events had when this migration was written, not store/history.record_event:
    # a later migration adds columns (m013_names: rev) that a ledger upgraded from before m012
    # does not have yet when this runs.
    conn.execute(
        "INSERT INTO events (uuid, at, actor, kind, complaint_id, subject, subject_id, data)"
        " VALUES (?, ?, ?, ?, NULL, 'ledger', NULL, ?)",
        (
            new_uuid(),
            iso(now(_zone(conn) or DEFAULT_TZ)),
            actor,
            EV_PRIVACY,
            json.dumps(data, ensure_ascii=False, sort_keys=True),
        ),
    )


def _os_user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:
        return "unknown"


def _zone(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
    return row[0] if row else None
