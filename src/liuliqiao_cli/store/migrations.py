"""Named, append-only schema migrations (sqlite-utils ``Migrations``).

Rules: a migration that has shipped is never edited; a change is a new function appended at the
end, with a comment saying why. The decorator only records each function under its name, in
order: opening a ledger reads ``migrations.names`` to tell "up to date", "needs upgrade" and
"newer than this program" without importing sqlite-utils (~150 ms); creating or upgrading one
hands the functions to sqlite-utils' ``Migrations`` (:meth:`Registry.sqlite_utils`).

Conventions: dates are ``YYYY-MM-DD`` text, local times ``YYYY-MM-DD HH:MM:SS`` text in the
ledger's time zone (``settings.timezone``); codes are lower-case ASCII; every record that can be
exchanged between ledgers carries a ``uuid``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from liuliqiao_cli.store.migration_registry import MIGRATION_SET, Registry, migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["MIGRATION_SET", "Registry", "migrations"]


@migrations(name="m001_estate")
def m001_estate(db: Database) -> None:
    """The estate: companies, buildings, service items, public places, duty rotation, settings."""
    db.execute(
        """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE companies (
            code       TEXT PRIMARY KEY,
            name       TEXT NOT NULL UNIQUE,      -- 首华物业
            short_name TEXT NOT NULL,             -- 首华
            name_en    TEXT NOT NULL DEFAULT '',  -- Shouhua Property
            aliases    TEXT NOT NULL DEFAULT '[]',-- JSON list of other accepted spellings
            phone      TEXT NOT NULL DEFAULT '',  -- the company's service phone (not a resident's)
            position   INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
        CREATE TABLE buildings (
            number          INTEGER PRIMARY KEY CHECK (number > 0),
            name            TEXT NOT NULL,          -- 3号楼
            units           INTEGER NOT NULL CHECK (units > 0),
            floors          INTEGER NOT NULL CHECK (floors > 0),
            rooms_per_floor INTEGER NOT NULL CHECK (rooms_per_floor > 0),
            company         TEXT NOT NULL REFERENCES companies(code)
        )"""
    )
    db.execute(
        """
        CREATE TABLE items (
            code          TEXT PRIMARY KEY,
            name          TEXT NOT NULL UNIQUE,     -- 垃圾桶站
            name_en       TEXT NOT NULL,
            scope         TEXT NOT NULL CHECK (scope IN ('joint', 'separate')),
            respond_hours INTEGER NOT NULL CHECK (respond_hours > 0),  -- normal urgency
            urgent_respond_hours INTEGER NOT NULL CHECK (urgent_respond_hours > 0),
            resolve_days  INTEGER NOT NULL CHECK (resolve_days > 0),
            keywords      TEXT NOT NULL DEFAULT '[]',  -- JSON list, used to recognise the item
            position      INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
        CREATE TABLE places (
            code     TEXT PRIMARY KEY,
            name     TEXT NOT NULL UNIQUE,          -- 北门
            aliases  TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0
        )"""
    )
    # A rotation version is never edited, only superseded from a later date, so that past
    # answers to "who was on duty" never change.
    db.execute(
        """
        CREATE TABLE rotation_versions (
            id             INTEGER PRIMARY KEY,
            uuid           TEXT NOT NULL UNIQUE,
            effective_from TEXT NOT NULL UNIQUE,    -- the first date this version decides
            handover_month INTEGER NOT NULL CHECK (handover_month BETWEEN 1 AND 12),
            handover_day   INTEGER NOT NULL CHECK (handover_day BETWEEN 1 AND 28),
            company_order  TEXT NOT NULL,           -- JSON list of company codes, first on duty first
            created_at     TEXT NOT NULL,
            reason         TEXT NOT NULL DEFAULT ''
        )"""
    )


@migrations(name="m002_complaints")
def m002_complaints(db: Database) -> None:
    """Complaints, residents' contacts (kept apart for privacy), tags, the append-only history."""
    db.execute(
        """
        CREATE TABLE contacts (
            id    INTEGER PRIMARY KEY,
            uuid  TEXT NOT NULL UNIQUE,
            name  TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute(
        """
        CREATE TABLE complaints (
            id              INTEGER PRIMARY KEY,     -- the short number a worker types
            uuid            TEXT NOT NULL UNIQUE,    -- identity across ledgers
            received_at     TEXT NOT NULL,
            source          TEXT NOT NULL,
            text            TEXT NOT NULL,
            building        INTEGER REFERENCES buildings(number),
            unit            INTEGER,
            room            TEXT,
            place           TEXT,                    -- a public place when no building applies
            item            TEXT NOT NULL REFERENCES items(code),
            scope           TEXT NOT NULL CHECK (scope IN ('joint', 'separate')),
            company         TEXT NOT NULL REFERENCES companies(code),
            routing         TEXT NOT NULL,           -- why this company: separate|duty|override
            routing_note    TEXT NOT NULL DEFAULT '',
            urgency         TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent')),
            ref             TEXT,                    -- 12345 work-order number
            status          TEXT NOT NULL,
            respond_by      TEXT,
            resolve_by      TEXT,
            dispatched_at   TEXT,
            responded_at    TEXT,
            resolved_at     TEXT,
            closed_at       TEXT,
            followup_at        TEXT,
            followup_resolved  TEXT CHECK (followup_resolved IN ('yes', 'partly', 'no')),
            followup_satisfied TEXT CHECK (followup_satisfied IN ('yes', 'basic', 'no')),
            duplicate_of    INTEGER REFERENCES complaints(id),
            contact_id      INTEGER REFERENCES contacts(id),
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX complaints_ref ON complaints(ref) WHERE ref IS NOT NULL")
    # Listing by building and status is the worker's most frequent question; overdue and
    # summaries filter on status then time (an index on received_at alone made the overdue
    # query 9x slower after ANALYZE).
    db.execute("CREATE INDEX complaints_status_received ON complaints(status, received_at)")
    db.execute("CREATE INDEX complaints_building_status ON complaints(building, status)")
    db.execute("CREATE INDEX complaints_company_status ON complaints(company, status)")
    db.execute("CREATE INDEX complaints_received ON complaints(received_at)")
    db.execute(
        """
        CREATE TABLE complaint_tags (
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            tag          TEXT NOT NULL,
            PRIMARY KEY (complaint_id, tag)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX complaint_tags_tag ON complaint_tags(tag)")
    # Append-only: rows are inserted, never updated or deleted (triggers enforce it). Undo is a
    # new event that names the event it reverts.
    db.execute(
        """
        CREATE TABLE events (
            id           INTEGER PRIMARY KEY,
            uuid         TEXT NOT NULL UNIQUE,
            at           TEXT NOT NULL,
            actor        TEXT NOT NULL,
            kind         TEXT NOT NULL,             -- created, status, tag, route, note, ...
            complaint_id INTEGER REFERENCES complaints(id),
            subject      TEXT NOT NULL DEFAULT 'complaint',  -- complaint|override|rotation|meeting
            subject_id   INTEGER,
            data         TEXT NOT NULL DEFAULT '{}', -- JSON: before/after values, reason, note
            undoes       INTEGER REFERENCES events(id)
        )"""
    )
    db.execute("CREATE INDEX events_complaint ON events(complaint_id, id)")
    db.execute("CREATE INDEX events_at ON events(at)")
    db.execute(
        """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"""
    )
    db.execute(
        """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"""
    )
    # Full-text search in sqlite-utils' conventions (complaints_fts, content table, triggers), so
    # Datasette and sqlite-utils detect it. Trigram handles Chinese terms of 3+ characters; 1-2
    # character terms go to a plain LIKE on complaints (see complaints search).
    db.table("complaints").enable_fts(
        ["text", "place"], tokenize="trigram", create_triggers=True, replace=False
    )


@migrations(name="m003_duty_overrides")
def m003_duty_overrides(db: Database) -> None:
    """Duty overrides (调班): a company on duty for a period agreed, usually at a meeting."""
    db.execute(
        """
        CREATE TABLE duty_overrides (
            id            INTEGER PRIMARY KEY,
            uuid          TEXT NOT NULL UNIQUE,
            start_date    TEXT NOT NULL,
            end_date      TEXT NOT NULL,           -- inclusive, as the user typed it
            company       TEXT NOT NULL REFERENCES companies(code),
            reason        TEXT NOT NULL,
            meeting_id    INTEGER,                 -- the meeting that agreed it, when known
            created_at    TEXT NOT NULL,
            revoked_at    TEXT,
            revoke_reason TEXT,
            CHECK (end_date >= start_date)
        )"""
    )
    db.execute("CREATE INDEX duty_overrides_dates ON duty_overrides(start_date, end_date)")


@migrations(name="m004_meetings")
def m004_meetings(db: Database) -> None:
    """Meetings (议事会, 协商会 ...), their agendas, attendance and decisions."""
    db.execute(
        """
        CREATE TABLE meetings (
            id         INTEGER PRIMARY KEY,
            uuid       TEXT NOT NULL UNIQUE,
            kind       TEXT NOT NULL,            -- council|joint|liaison|symposium|progress
            date       TEXT NOT NULL,
            time       TEXT NOT NULL DEFAULT '',
            place      TEXT NOT NULL DEFAULT '',
            host       TEXT NOT NULL DEFAULT '',
            recorder   TEXT NOT NULL DEFAULT '',
            title      TEXT NOT NULL DEFAULT '',
            notes      TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX meetings_kind_date ON meetings(kind, date)")
    db.execute(
        """
        CREATE TABLE meeting_agenda (
            meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            position     INTEGER NOT NULL DEFAULT 0,
            reason       TEXT NOT NULL DEFAULT '',   -- why it is on the agenda (auto rules)
            PRIMARY KEY (meeting_id, complaint_id)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX meeting_agenda_complaint ON meeting_agenda(complaint_id)")
    db.execute(
        """
        CREATE TABLE meeting_attendance (
            id         INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            name       TEXT NOT NULL,               -- role and name as typed: 首华物业 王经理
            present    INTEGER NOT NULL CHECK (present IN (0, 1))
        )"""
    )
    db.execute("CREATE INDEX meeting_attendance_meeting ON meeting_attendance(meeting_id)")
    db.execute(
        """
        CREATE TABLE meeting_decisions (
            id            INTEGER PRIMARY KEY,
            uuid          TEXT NOT NULL UNIQUE,
            meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
            complaint_id  INTEGER REFERENCES complaints(id),
            decision      TEXT NOT NULL,
            owner         TEXT NOT NULL DEFAULT '',  -- a company code or a person
            due           TEXT,
            votes_for     INTEGER,
            votes_against INTEGER,
            votes_abstain INTEGER,
            done_at       TEXT,
            created_at    TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id)")
    db.execute("CREATE INDEX meeting_decisions_complaint ON meeting_decisions(complaint_id)")


@migrations(name="m005_events_undoes")
def m005_events_undoes(db: Database) -> None:
    """Find the undo of an event quickly, so that summaries can leave undone steps out.

    Partial: only undo events carry ``undoes``, so the index stays tiny."""
    db.execute("CREATE INDEX events_undoes ON events(undoes) WHERE undoes IS NOT NULL")


@migrations(name="m006_counts")
def m006_counts(db: Database) -> None:
    """Running totals for summaries and rates (see ``counts.py``), and indexes that let the rest
    of a summary read index entries instead of rows (measured at 1M complaints: the weekly
    summary's SQL went from ~470 ms to ~25 ms).

    * ``complaints_received`` becomes covering for "complaints received in a period, by item and
      building or place" and keeps serving every range on ``received_at`` it served before;
      ``complaints_spot`` gives one recurring-problem group's complaints in a window as one range.
    * ``complaints_open`` (partial: open complaints only, a small set) answers "overdue at T" and
      lists the oldest first without touching the table.
    * ``complaints_awaiting_response`` (partial: dispatched, not yet responded) is the one part of
      the response rate that depends on "now": a late pending response counts against it.
    * ``events_steps`` and ``events_undo_at`` (partial: status steps; undo events) give each
      complaint's first step since a moment without reading the events (the backlog "at the end
      of the period").
    """
    from liuliqiao_cli.store import counts

    open_ = ", ".join(
        f"'{s}'" for s in ("received", "dispatched", "in_progress", "disputed", "reopened")
    )
    db.execute("DROP INDEX complaints_received")
    db.execute(
        "CREATE INDEX complaints_received ON complaints(received_at, item, building, place, status)"
    )
    db.execute(
        "CREATE INDEX complaints_spot ON complaints(item, building, received_at, place, status)"
    )
    db.execute(
        "CREATE INDEX complaints_open ON complaints(received_at, respond_by, resolve_by,"
        f" responded_at, status, company) WHERE status IN ({open_})"
    )
    db.execute(
        # Covering (every column the rates' query reads, the WHERE's own included: SQLite does
        # not take those from the partial index's condition): 7 ms -> 1.7 ms for a year at 1M.
        "CREATE INDEX complaints_awaiting_response ON complaints(received_at, respond_by,"
        " company, building, item, source, status, dispatched_at, responded_at, resolved_at)"
        " WHERE dispatched_at IS NOT NULL AND responded_at IS NULL AND resolved_at IS NULL"
    )
    # The first status step of each complaint since a moment (the summary's backlog "at the end
    # of the period") from the index alone; undo steps apart (few, and only some change status).
    steps = ", ".join(
        f"'{k}'"
        for k in (
            "dispatch",
            "respond",
            "resolve",
            "close",
            "reopen",
            "dispute",
            "duplicate",
            "reject",
        )
    )
    db.execute(
        f"CREATE INDEX events_steps ON events(at, complaint_id, kind) WHERE kind IN ({steps})"
    )
    db.execute("CREATE INDEX events_undo_at ON events(at) WHERE kind = 'undo'")
    counts.install(db.conn)


@migrations(name="m010_duplicates")
def m010_duplicates(db: Database) -> None:
    """Who else raised the same problem, and what else a resident raised (issue 14).

    * ``complaints_duplicate_of`` (partial: duplicates only) gives a problem's duplicates, for
      the households it affects (``show``, the summary), without reading every complaint.
    * ``complaints_contact`` (partial: complaints with a contact), ``contacts_phone`` and
      ``contacts_name`` answer ``list --phone`` / ``list --reporter`` and ``show``'s "N other
      complaints from the same resident" from indexes: about a third of the complaints carry a
      contact, and a scan of them cost ~30 ms at 1,000,000 complaints.

    * ``complaints_open_spot`` (partial: open complaints only) answers "an open complaint about
      this item at this place within 7 days" (``add``, the work-order import) as one index
      range that never meets a duplicate: ``complaints_spot`` served it too, but it walks every
      complaint of the window, duplicates included, and an import of 20,000 identical rows made
      that quadratic (1 ms a row at 3,000 rows, growing).
    """
    db.execute(
        "CREATE INDEX complaints_open_spot ON complaints(item, building, received_at, place, unit)"
        " WHERE status IN ('received', 'dispatched', 'in_progress', 'disputed', 'reopened')"
    )
    db.execute(
        "CREATE INDEX complaints_duplicate_of ON complaints(duplicate_of)"
        " WHERE duplicate_of IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX complaints_contact ON complaints(contact_id) WHERE contact_id IS NOT NULL"
    )
    db.execute("CREATE INDEX contacts_phone ON contacts(phone)")
    db.execute("CREATE INDEX contacts_name ON contacts(name)")


# m011 on are in their own module (this one reached the size every module keeps under); importing
# it registers them after the ones above, in the order they were written.
from liuliqiao_cli.store import migrations_later  # noqa: E402, F401
