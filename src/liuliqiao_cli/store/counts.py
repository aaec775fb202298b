"""Running totals that summaries and rates read instead of scanning complaints.

At a million complaints, "the three rates by company over a year" reads ~270,000 rows and took
~280 ms; the weekly summary took ~470 ms of SQL. These tables hold the same sums per day, kept in
step by triggers inside the very transaction that changes a complaint or records an event, so a
reader always sees totals that agree with the rows (same snapshot). They are derived data, not
records: :func:`rebuild` recomputes them from ``complaints`` and ``events`` at any time, and
``db check`` compares them with a recomputation.

``complaint_counts`` (dim, day, key, cohort) -> sums. One row set per *dimension* (company,
building, item, source, scope), because a single key over all of them would have nearly as
many rows as complaints. ``day`` is the day the complaint was received; ``cohort`` is 0 for
duplicates and rejected ones, 2 for the worker's own findings (patrol, visit), 1 for residents'
complaints, so that the rates' cohort and the settings' choices are a filter, not a new table.
The sums are everything the rates need that does not depend on "now" (see ``rates.py``):

    n          complaints
    answered   dispatched and first responded (responded_at, else resolved_at)
    in_time    ... within the response limit (or without one)
    fr_n, fr_yes, fr_partly     follow-ups with a "resolved" answer; yes; partly
    fs_n, fs_yes, fs_basic      follow-ups with a "satisfied" answer; yes; basic

``event_counts`` (day, kind, company) -> n: the steps taken (dispatch, respond, resolve, close,
reopen, dispute) per day, under the complaint's current company, leaving out undone steps.

``status_counts`` (status, company) -> n: every complaint by its current status.

If a definition here changes, a new migration calls :func:`install` again (it drops, recreates
and refills), the way one would rebuild an index.
"""

from __future__ import annotations

import sqlite3

from liuliqiao_cli.complaints import status

PUBLIC = "public"  # the building key of a complaint about a public place
EXCLUDED, RESIDENTS, PROACTIVE = 0, 1, 2  # cohorts
SUMS = ("n", "answered", "in_time", "fr_n", "fr_yes", "fr_partly", "fs_n", "fs_yes", "fs_basic")
# Columns whose change can move a complaint between rows of complaint_counts.
WATCHED = (
    "received_at",
    "source",
    "building",
    "place",
    "item",
    "scope",
    "company",
    "status",
    "dispatched_at",
    "responded_at",
    "resolved_at",
    "respond_by",
    "followup_resolved",
    "followup_satisfied",
)
TABLES = ("complaint_counts", "event_counts", "status_counts")
TRIGGER_PREFIX = "counts_"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def dimensions(x: str) -> dict[str, str]:
    """The key of each dimension for the complaint row ``x`` (``NEW``, ``OLD`` or a table alias)."""
    return {
        "company": f"{x}.company",
        "building": f"COALESCE(CAST({x}.building AS TEXT), '{PUBLIC}')",
        "item": f"{x}.item",
        "source": f"{x}.source",
        "scope": f"{x}.scope",
    }


def contribution(x: str) -> dict[str, str]:
    """What one complaint row ``x`` adds to its rows: day, cohort and each sum (0/1 each)."""
    first_response = f"COALESCE({x}.responded_at, {x}.resolved_at)"
    answered = f"({x}.dispatched_at IS NOT NULL AND {first_response} IS NOT NULL)"
    return {
        "day": f"substr({x}.received_at, 1, 10)",
        "cohort": (
            f"CASE WHEN {x}.status IN ('{status.DUPLICATE}', '{status.REJECTED}') THEN {EXCLUDED}"
            f" WHEN {x}.source IN ({_quoted(status.PROACTIVE_SOURCES)}) THEN {PROACTIVE}"
            f" ELSE {RESIDENTS} END"
        ),
        "n": "1",
        "answered": answered,
        "in_time": (
            f"({answered} AND ({x}.respond_by IS NULL OR {first_response} <= {x}.respond_by))"
        ),
        "fr_n": f"({x}.followup_resolved IS NOT NULL)",
        "fr_yes": f"({x}.followup_resolved IS 'yes')",
        "fr_partly": f"({x}.followup_resolved IS 'partly')",
        "fs_n": f"({x}.followup_satisfied IS NOT NULL)",
        "fs_yes": f"({x}.followup_satisfied IS 'yes')",
        "fs_basic": f"({x}.followup_satisfied IS 'basic')",
    }


def _rows(x: str, sign: int) -> str:
    """SELECT of the signed contribution of ``x`` to every dimension (a UNION ALL, one per dim)."""
    c = contribution(x)
    sums = ", ".join(f"{sign} * ({c[s]}) AS {s}" for s in SUMS)
    return " UNION ALL ".join(
        f"SELECT '{dim}' AS dim, {c['day']} AS day, {key} AS key, {c['cohort']} AS cohort, {sums}"
        for dim, key in dimensions(x).items()
    )


_COLUMNS = f"dim, day, key, cohort, {', '.join(SUMS)}"
_ADD = ", ".join(f"{s} = {s} + excluded.{s}" for s in SUMS)
_UPSERT = f"INSERT INTO complaint_counts ({_COLUMNS})"
_ON_CONFLICT = f"ON CONFLICT (dim, day, key, cohort) DO UPDATE SET {_ADD}"


def _delta(parts: str) -> str:
    """Upsert the sum of signed contributions, skipping rows that cancel out (an update that
    changes nothing counted writes nothing)."""
    summed = ", ".join(f"sum({s})" for s in SUMS)
    nonzero = " OR ".join(f"sum({s}) != 0" for s in SUMS)
    return (
        f"{_UPSERT} SELECT dim, day, key, cohort, {summed} FROM ({parts}) WHERE true"
        f" GROUP BY dim, day, key, cohort HAVING {nonzero} {_ON_CONFLICT}"
    )


def _moved_of(complaint: str, company: str, sign: int) -> str:
    """Upsert ``sign`` x the complaint's steps that were not undone, per day and kind."""
    return (
        "INSERT INTO event_counts (day, kind, company, n)"
        f" SELECT substr(e.at, 1, 10), e.kind, {company}, {sign} * count(*) FROM events e"
        f" WHERE e.complaint_id = {complaint} AND e.kind IN ({_quoted(status.MOVED_KINDS)})"
        " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id)"
        " GROUP BY 1, 2 ON CONFLICT (day, kind, company) DO UPDATE SET n = n + excluded.n"
    )


def _status_delta(x: str, sign: int) -> str:
    return (
        f"INSERT INTO status_counts (status, company, n) VALUES ({x}.status, {x}.company, {sign})"
        " ON CONFLICT (status, company) DO UPDATE SET n = n + excluded.n"
    )


def _triggers() -> dict[str, str]:
    p = TRIGGER_PREFIX
    watched = ", ".join(WATCHED)
    moved = _quoted(status.MOVED_KINDS)
    return {
        f"{p}complaint_insert": (
            f"AFTER INSERT ON complaints BEGIN {_delta(_rows('NEW', 1))};"
            f" {_status_delta('NEW', 1)}; END"
        ),
        f"{p}complaint_update": (
            f"AFTER UPDATE OF {watched} ON complaints BEGIN"
            f" {_delta(_rows('OLD', -1) + ' UNION ALL ' + _rows('NEW', 1))}; END"
        ),
        f"{p}complaint_status": (
            "AFTER UPDATE OF status, company ON complaints"
            " WHEN OLD.status IS NOT NEW.status OR OLD.company IS NOT NEW.company BEGIN"
            f" {_status_delta('OLD', -1)}; {_status_delta('NEW', 1)}; END"
        ),
        f"{p}complaint_company": (
            "AFTER UPDATE OF company ON complaints WHEN OLD.company IS NOT NEW.company BEGIN"
            f" {_moved_of('NEW.id', 'OLD.company', -1)}; {_moved_of('NEW.id', 'NEW.company', 1)};"
            " END"
        ),
        f"{p}complaint_delete": (
            f"AFTER DELETE ON complaints BEGIN {_delta(_rows('OLD', -1))};"
            f" {_status_delta('OLD', -1)}; {_moved_of('OLD.id', 'OLD.company', -1)}; END"
        ),
        f"{p}event_step": (
            "AFTER INSERT ON events WHEN NEW.complaint_id IS NOT NULL"
            f" AND NEW.kind IN ({moved}) AND NEW.undoes IS NULL BEGIN"
            " INSERT INTO event_counts (day, kind, company, n)"
            " SELECT substr(NEW.at, 1, 10), NEW.kind, c.company, 1 FROM complaints c"
            " WHERE c.id = NEW.complaint_id"
            # A bulk load may bring the undo before the step it undoes (ids are given).
            " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = NEW.id)"
            " ON CONFLICT (day, kind, company) DO UPDATE SET n = n + 1; END"
        ),
        # The first undo of a step takes it out (a second undo of the same step changes nothing,
        # as in the summary's "NOT EXISTS an undo" rule).
        f"{p}event_undo": (
            "AFTER INSERT ON events WHEN NEW.undoes IS NOT NULL BEGIN"
            " INSERT INTO event_counts (day, kind, company, n)"
            " SELECT substr(e.at, 1, 10), e.kind, c.company, -1 FROM events e"
            " JOIN complaints c ON c.id = e.complaint_id"
            f" WHERE e.id = NEW.undoes AND e.kind IN ({moved})"
            " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id AND u.id != NEW.id)"
            " ON CONFLICT (day, kind, company) DO UPDATE SET n = n - 1; END"
        ),
    }


def install(conn: sqlite3.Connection) -> None:
    """Create (or recreate) the tables and triggers and fill them; inside the caller's
    transaction (a migration's)."""
    for name in _triggers():
        conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    for table in TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    sums = ", ".join(f"{s} INTEGER NOT NULL DEFAULT 0" for s in SUMS)
    conn.execute(
        "CREATE TABLE complaint_counts (dim TEXT NOT NULL, day TEXT NOT NULL, key TEXT NOT NULL,"
        f" cohort INTEGER NOT NULL, {sums}, PRIMARY KEY (dim, day, key, cohort)) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE event_counts (day TEXT NOT NULL, kind TEXT NOT NULL, company TEXT NOT NULL,"
        " n INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (day, kind, company)) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE status_counts (status TEXT NOT NULL, company TEXT NOT NULL,"
        " n INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (status, company)) WITHOUT ROWID"
    )
    create_triggers(conn)
    rebuild(conn)


def trigger_names() -> list[str]:
    return list(_triggers())


def create_triggers(conn: sqlite3.Connection) -> None:
    for name, body in _triggers().items():
        conn.execute(f'CREATE TRIGGER "{name}" {body}')


def drop_triggers(conn: sqlite3.Connection) -> None:
    for name in _triggers():
        conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _recompute_sql(table: str) -> str:
    """SELECT of the rows ``table`` should hold, from complaints and events."""
    if table == "complaint_counts":
        c = contribution("c")
        return " UNION ALL ".join(
            f"SELECT '{dim}', {c['day']}, {key}, {c['cohort']},"
            f" {', '.join(f'sum({c[s]})' for s in SUMS)} FROM complaints c GROUP BY 2, 3, 4"
            for dim, key in dimensions("c").items()
        )
    if table == "event_counts":
        return (
            "SELECT substr(e.at, 1, 10), e.kind, c.company, count(*) FROM events e"
            " JOIN complaints c ON c.id = e.complaint_id"
            f" WHERE e.kind IN ({_quoted(status.MOVED_KINDS)}) AND e.undoes IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id)"
            " GROUP BY 1, 2, 3"
        )
    if table == "status_counts":
        return "SELECT status, company, count(*) FROM complaints GROUP BY 1, 2"
    raise ValueError(table)


_TABLE_COLUMNS = {
    "complaint_counts": _COLUMNS,
    "event_counts": "day, kind, company, n",
    "status_counts": "status, company, n",
}


def recomputed(conn: sqlite3.Connection, table: str) -> list[tuple]:
    """The rows ``table`` should hold, sorted (zero rows never appear)."""
    return sorted(tuple(r) for r in conn.execute(_recompute_sql(table)))


def stored(conn: sqlite3.Connection, table: str) -> list[tuple]:
    """The rows ``table`` holds, in the order of :func:`recomputed`, zero rows left out."""
    sums = SUMS if table == "complaint_counts" else ("n",)
    nonzero = " OR ".join(f"{s} != 0" for s in sums)
    sql = f"SELECT {_TABLE_COLUMNS[table]} FROM {table} WHERE {nonzero}"
    return sorted(tuple(r) for r in conn.execute(sql))


def rebuild(conn: sqlite3.Connection) -> None:
    """Refill the three tables from complaints and events (inside the caller's transaction)."""
    for table, columns in _TABLE_COLUMNS.items():
        conn.execute(f"DELETE FROM {table}")
        conn.execute(f"INSERT INTO {table} ({columns}) {_recompute_sql(table)}")


_KEY_LENGTH = {"complaint_counts": 4, "event_counts": 3, "status_counts": 2}


def differences(conn: sqlite3.Connection) -> dict[str, int]:
    """Per table, how many keys hold other sums than a recomputation gives (``db check``)."""
    out = {}
    for table, k in _KEY_LENGTH.items():
        have = {r[:k]: r[k:] for r in stored(conn, table)}
        want = {r[:k]: r[k:] for r in recomputed(conn, table)}
        out[table] = sum(1 for key in have.keys() | want.keys() if have.get(key) != want.get(key))
    return out
