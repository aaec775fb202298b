"""The companion contacts file in ``db check`` and ``db backup``.

Checks (after the ledger's own, same shape): the companion file is there, belongs to this
ledger and is sound; every contact the ledger refers to has its original in it (an orphan
reference is reported: that resident's contact is lost, the complaint itself is not); the ledger
holds no resident's name or phone in the clear (its ``contacts`` rows, every complaint's text and
routing note, every event's free text). Nothing is changed; nothing found is printed, only where.

Backup: the ledger's backup ``B.db`` gets its companion as ``B.contacts.db`` (the same naming as
the ledger's own), copied by SQLite's online backup API after the ledger's snapshot: a contact is
always committed to the companion before its complaint, so the later copy holds every contact the
ledger's copy refers to.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from liuliqiao_cli.complaints.privacy import (
    FREE_TEXT_KEYS,
    maybe_personal,
    scrub,
    scrub_event_data,
)
from liuliqiao_cli.errors import LedgerFileError
from liuliqiao_cli.exchange.backup import PROBLEM_LIMIT, CheckResult
from liuliqiao_cli.store import companion


def check(conn: sqlite3.Connection) -> list[CheckResult]:
    return [_companion(conn), _kept(conn), _clear(conn)]


def _companion(conn: sqlite3.Connection) -> CheckResult:
    st = companion.status(conn)
    path = str(st.path)
    if not st.exists:
        # Without contacts the ledger needs no companion yet (one is made with the first).
        needed = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
        key = "check.companion_missing" if needed else "check.companion_none"
        return CheckResult("companion", not needed, key, {"path": path, "count": needed})
    if st.integrity != ["ok"]:
        return CheckResult(
            "companion",
            False,
            "check.companion_bad",
            {"path": path, "count": len(st.integrity)},
            st.integrity[:PROBLEM_LIMIT],
        )
    if not st.owner_ok:
        return CheckResult("companion", False, "check.companion_other", {"path": path})
    return CheckResult(
        "companion",
        True,
        "check.companion_ok",
        {"path": path, "contacts": st.contacts, "found": st.found},
    )


def _kept(conn: sqlite3.Connection) -> CheckResult:
    """Contacts (and values found in texts) the ledger refers to, without their original."""
    path = companion.of(conn).path
    refs = conn.execute("SELECT count(*) FROM complaints WHERE contact_id IS NOT NULL").fetchone()[
        0
    ]
    if not path.exists():
        if refs:
            return CheckResult("contacts", False, "check.contacts_lost_all", {"count": refs})
        return CheckResult("contacts", True, "check.contacts_ok", {"count": refs})
    # read-write but only read: a read-only connection in WAL mode leaves its -wal behind
    conn.execute("ATTACH DATABASE ? AS kept", (f"{path.resolve().as_uri()}?mode=rw",))
    try:
        lost = conn.execute(
            "SELECT c.id FROM complaints c JOIN contacts k ON k.id = c.contact_id"
            " WHERE NOT EXISTS (SELECT 1 FROM kept.contacts p WHERE p.uuid = k.uuid)"
            " ORDER BY c.id"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        return CheckResult("contacts", False, "check.contacts_unreadable", {"reason": str(exc)})
    finally:
        conn.execute("DETACH DATABASE kept")
    if lost:
        return CheckResult(
            "contacts",
            False,
            "check.contacts_lost",
            {"count": len(lost)},
            [f"#{r[0]}" for r in lost[:PROBLEM_LIMIT]],
        )
    return CheckResult("contacts", True, "check.contacts_ok", {"count": refs})


def _has_personal(text: str | None) -> bool:
    return bool(text) and maybe_personal(text or "") and bool(scrub(text or "").found)


def _event_personal(data: str | None) -> bool:
    return bool(data) and bool(scrub_event_data(data or "{}")[1])


def _free_text_sql(column: str) -> str:
    """An event whose data has a key that may hold free text (most are status steps: none);
    measured at 1M complaints, it halves the time of this check."""
    keys = " OR ".join(
        f"instr({column}, '\"{key}\"')" for key in (*sorted(FREE_TEXT_KEYS), "filters")
    )
    return f"({keys})"


def _clear(conn: sqlite3.Connection) -> CheckResult:
    """Personal data in the clear in the ledger file itself (reported by where, never by value)."""
    conn.create_function("llq_personal", 1, _has_personal, deterministic=True)
    conn.create_function("llq_event_personal", 1, _event_personal, deterministic=True)
    problems: list[str] = []
    clear_contacts = conn.execute(
        "SELECT count(*) FROM contacts WHERE (name != '' AND instr(name, '*') = 0)"
        " OR (phone != '' AND instr(phone, '*') = 0)"
    ).fetchone()[0]
    if clear_contacts:
        problems.append(f"contacts: {clear_contacts}")
    texts = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM complaints WHERE llq_personal(text) OR llq_personal(routing_note)"
            " ORDER BY id"
        )
    ]
    problems += [f"#{i}" for i in texts]
    events = [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM events WHERE {_free_text_sql('data')} AND llq_event_personal(data)"
            " ORDER BY id"
        )
    ]
    problems += [f"event {i}" for i in events]
    count = clear_contacts + len(texts) + len(events)
    if count:
        return CheckResult(
            "personal", False, "check.personal_bad", {"count": count}, problems[:PROBLEM_LIMIT]
        )
    return CheckResult("personal", True, "check.personal_ok")


# --- backup ------------------------------------------------------------------------------------


def companion_target(target: Path) -> Path:
    return companion.path_for(Path(target))


def check_backup_target(conn: sqlite3.Connection, target: Path, *, force: bool) -> None:
    """Refuse before anything is written when the ledger's backup or the companion's cannot be
    made (the ledger's target first: a refusal names what was typed)."""
    from liuliqiao_cli.store import files

    files.check_target(
        target, force=force, ledger=companion.ledger_path(conn), same_key="backup.same_file"
    )
    if not companion.of(conn).path.exists():
        return
    files.check_target(
        companion_target(target),
        force=force,
        ledger=companion.ledger_path(conn),
        same_key="backup.same_file",
    )


def backup_companion(conn: sqlite3.Connection, target: Path) -> Path | None:
    """Copy the companion of the open ledger beside the ledger's backup ``target``; None when
    the ledger has no companion file (then there is nothing to copy: ``db check`` says so)."""
    from liuliqiao_cli.store import files

    source = companion.of(conn).path
    if not source.exists():
        return None
    out = companion_target(target)
    try:
        with files.replacing(out, private=True) as tmp:
            src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True)  # only read
            dest = sqlite3.connect(tmp, isolation_level=None)
            try:
                src.backup(dest, pages=-1)
                dest.execute("PRAGMA journal_mode = DELETE")
                verdict = dest.execute("PRAGMA quick_check").fetchone()[0]
                if verdict != "ok":
                    raise LedgerFileError("backup.bad_copy", path=str(out), reason=verdict)
            finally:
                dest.close()
                src.close()
    except sqlite3.Error as exc:
        raise LedgerFileError("backup.unwritable", path=str(out), reason=str(exc)) from None
    except OSError as exc:
        raise LedgerFileError(
            "backup.unwritable", path=str(out), reason=exc.strerror or str(exc)
        ) from None
    return out
