"""The ledger's migrations from m011 on (``store/migrations.py`` holds m001-m010; the rules
there hold here: a migration that has shipped is never edited, a change is a new function appended
at the end). Imported by ``store/migrations.py``, which registers these after its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from liuliqiao_cli.store.migration_registry import migrations

if TYPE_CHECKING:
    from sqlite_utils import Database


@migrations(name="m011_clock")
def m011_clock(db: Database) -> None:
    """The 12345 clock (issue 15).

    * ``item_limits``: each item's four limits (response and resolution, normal and urgent) with
      their unit: hours, calendar days or working days (工作日). The first schema's columns
      (respond_hours, urgent_respond_hours, resolve_days) could not say "5 working days"; they
      stay, holding the nearest calendar figure for tools that read them, and are copied here for
      the ledgers made before (the urgent resolution limit is the normal one, as it was).
    * Partial indexes on what falls due (open complaints by their deadlines: ``list
      --due-within`` and ``today`` read a range of them instead of every open complaint), on the
      follow-up calls waiting (resolved complaints by resolution time: ``calls``), and on the
      open jointly managed complaints routed by duty, by company (those a change of duty
      leaves with a company no longer on duty: handovers to confirm). The last two are
      covering, the columns of their own condition included (SQLite does not take a column's
      value from a partial index's WHERE), and are named by the queries (INDEXED BY).
    """
    db.execute(
        """
        CREATE TABLE item_limits (
            item   TEXT NOT NULL REFERENCES items(code),
            step   TEXT NOT NULL CHECK (step IN ('respond', 'urgent_respond', 'resolve', 'urgent_resolve')),
            amount INTEGER NOT NULL CHECK (amount > 0),
            unit   TEXT NOT NULL CHECK (unit IN ('hours', 'days', 'workdays')),
            PRIMARY KEY (item, step)
        ) WITHOUT ROWID"""
    )
    for step, column, unit in (
        ("respond", "respond_hours", "hours"),
        ("urgent_respond", "urgent_respond_hours", "hours"),
        ("resolve", "resolve_days", "days"),
        ("urgent_resolve", "resolve_days", "days"),
    ):
        db.execute(
            "INSERT INTO item_limits (item, step, amount, unit)"
            f" SELECT code, '{step}', {column}, '{unit}' FROM items"
        )
    open_ = ", ".join(
        f"'{s}'" for s in ("received", "dispatched", "in_progress", "disputed", "reopened")
    )
    db.execute(
        f"CREATE INDEX complaints_due_resolve ON complaints(resolve_by) WHERE status IN ({open_})"
    )
    db.execute(
        "CREATE INDEX complaints_due_respond ON complaints(respond_by)"
        f" WHERE status IN ({open_}) AND responded_at IS NULL"
    )
    db.execute(
        "CREATE INDEX complaints_awaiting_call ON complaints(resolved_at, followup_resolved,"
        " followup_at, status) WHERE status = 'resolved'"
    )
    # Covering (the WHERE's columns included: SQLite does not take them from the condition), so
    # that counting the handovers to confirm reads this small index alone.
    db.execute(
        "CREATE INDEX complaints_open_joint ON complaints(company, received_at, scope, routing,"
        f" status) WHERE scope = 'joint' AND routing IN ('duty', 'handover') AND status IN ({open_})"
    )
    # A chase (催办, event kind "remind") is counted per company and day with the steps: the
    # triggers are recreated with the new list of kinds. No ledger holds a chase before this
    # migration, so the stored totals stay right without a rebuild (17 s at 1M complaints).
    from liuliqiao_cli.store import counts

    counts.drop_triggers(db.conn)
    counts.create_triggers(db.conn)


@migrations(name="m012_privacy")
def m012_privacy(db: Database) -> None:
    """Residents' names and phones out of the ledger file (issue 16): contacts and what free text
    held move to the companion file beside the ledger, the ledger keeps masked forms; the history
    is rewritten for it once (recorded); ``events_exports`` serves ``history --exports``.

    m010's ``contacts_phone`` and ``contacts_name`` are dropped: the ledger's ``contacts`` now
    holds masked forms only (``139****5678`` stands for ten thousand numbers), which no lookup
    can use; ``list --reporter/--phone`` and "other complaints from the same resident" look the
    originals up in the companion file, whose ``contacts`` has the same two indexes, then reach
    the complaints through ``contacts.uuid`` and ``complaints_contact``. See
    ``privacy_upgrade.py``."""
    from liuliqiao_cli.store import privacy_upgrade

    privacy_upgrade.upgrade(db.conn)


@migrations(name="m013_names")
def m013_names(db: Database) -> None:
    """Ledgers that travel between laptops (issue 17): one name for a complaint everywhere, the
    order of two laptops' changes agreed everywhere, and the conflicts a merge keeps.

    * ``complaints.name``: the name a complaint keeps on every ledger, "B17": the letter of the
      ledger (station) it was recorded on and that station's own count (``settings``
      ``ledger.station`` and ``ledger.next_name``, see ``complaints/names.py``). NULL for a
      complaint recorded where no station is set (every complaint before this migration): it is
      named by its number on this ledger, as before, so numbers already printed keep resolving.
    * ``events.rev``: a change's place in its complaint's history, one more than the highest this
      ledger knew when it was made (a Lamport clock). Ordering changes by (rev, at, uuid) puts two
      laptops' changes in the same order on every ledger, a change after the ones it saw; a merge
      decides between two laptops' edits of the same field by it. NULL for the history so far
      (ordered before every later change, then by time): filling it in would rewrite every event.
    * ``settings`` ``ledger.id``: who this ledger is, so that a file exported from it is not merged
      back into it as if it came from another laptop.
    * ``merge_conflicts``: two laptops changed the same part of a record differently: the merge kept
      one (the same on both sides) and keeps the other here until someone settles it.
    """
    from liuliqiao_cli.store.ids import new_uuid

    db.execute("ALTER TABLE complaints ADD COLUMN name TEXT")
    db.execute("CREATE UNIQUE INDEX complaints_name ON complaints(name) WHERE name IS NOT NULL")
    db.execute("ALTER TABLE events ADD COLUMN rev INTEGER")
    # A complaint's events by number as before, now with their UUIDs: what tells two copies'
    # histories apart (the export's ``history``) is read from the index alone: 0.95 s of CPU
    # for 100,000 complaints when each event row had to be read, about 0.2 s from the index.
    db.execute("DROP INDEX events_complaint")
    db.execute("CREATE INDEX events_complaint ON events(complaint_id, id, uuid)")
    db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('ledger.id', ?)", [new_uuid()])
    db.execute(
        """
        CREATE TABLE merge_conflicts (
            id           INTEGER PRIMARY KEY,
            subject      TEXT NOT NULL,     -- complaint|meeting|decision|override|rotation
            subject_uuid TEXT NOT NULL,
            part         TEXT NOT NULL,     -- status, company, place, item, tag:<tag>, ... or *
            kept         TEXT NOT NULL,     -- JSON: the values the merge kept (on both sides)
            lost         TEXT NOT NULL,     -- JSON: the other laptop's values
            kept_change  TEXT NOT NULL,     -- the event (or record version) that was kept
            lost_change  TEXT NOT NULL,
            found_at     TEXT NOT NULL,
            file         TEXT NOT NULL DEFAULT '',
            settled_at   TEXT,              -- set by merge --keep/--take (or a later change)
            settled_by   TEXT,
            UNIQUE (subject_uuid, part, lost_change)
        )"""
    )


@migrations(name="m014_estate_versions")
def m014_estate_versions(db: Database) -> None:
    """The estate as versions from a date (issue 20): the three-party agreement is renegotiated
    (a building changes company, an item becomes jointly managed) and takes effect from a day.

    ``estate_versions`` holds one row per version: the first day it decides (``0001-01-01``: from
    the start), the estate as validated JSON (``estate/versions.py``), who recorded it, why, and
    its event. ``definition`` is NULL only while a ledger has its first version alone: the estate
    tables are then that version exactly, and reading them is the quick path every command had.
    The estate tables keep every code any version defined (complaints refer to them), with the
    values of the latest version that defines each. A ledger made before has its estate recorded
    as its first version, with the time its rotation was set up; every row is kept.
    """
    db.execute(
        """
        CREATE TABLE estate_versions (
            id         INTEGER PRIMARY KEY,
            uuid       TEXT NOT NULL UNIQUE,
            from_date  TEXT NOT NULL UNIQUE,    -- the first date it decides; 0001-01-01: the start
            definition TEXT,                    -- JSON; NULL: the estate tables (the only version)
            created_at TEXT NOT NULL,
            actor      TEXT NOT NULL DEFAULT '',
            reason     TEXT NOT NULL DEFAULT '',
            event_id   INTEGER REFERENCES events(id)
        )"""
    )
    if db.execute("SELECT count(*) FROM companies").fetchone()[0]:
        from liuliqiao_cli.store.ids import new_uuid

        db.execute(
            "INSERT INTO estate_versions (uuid, from_date, created_at, reason) VALUES (?,"
            " '0001-01-01', coalesce((SELECT min(created_at) FROM rotation_versions), ''),"
            " 'estate definition')",
            [new_uuid()],
        )
