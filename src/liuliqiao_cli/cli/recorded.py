"""Recording what a command takes out of the ledger (:mod:`liuliqiao_cli.store.exports`), around
the command's output: one event per export, written when it ends.

    with recorded.listing(s, "list", fmt.value, with_contacts) as tally:
        render(tally.count(rows), ...)

The event says how many rows went out, so it is written when the output ends: after a file is
complete (and renamed into place), or when the rows to stdout are written. An export to stdout
that fails part-way is recorded too, with the rows that did go out (``complete: false``); a file
that fails leaves no file and no record. ``with_contacts`` is recorded as what really happened:
when the companion file could not reveal anything, the export was masked.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from liuliqiao_cli.cli.session import Session

# store.exports and store.companion (and json with them) are imported by export(): a table on
# the screen without contacts is no export, records nothing and needs neither.


class Tally:
    """How many rows a listing wrote (a plain class: `add`'s path defines no dataclass)."""

    def __init__(self, rows: int = 0) -> None:
        self.rows = rows

    def count(self, rows: Iterable[Any]) -> Iterator[Any]:
        for row in rows:
            self.rows += 1
            yield row


def _revealed(s: Session, with_contacts: bool) -> bool:
    from liuliqiao_cli.store import companion

    opened = companion.peek(s.conn)
    return bool(with_contacts and opened is not None and opened.revealed)


@contextmanager
def export(
    s: Session,
    what: str,
    fmt: str,
    target: Path | str | None,
    *,
    with_contacts: bool = False,
    always_contacts: bool = False,
    about: dict[str, Any] | None = None,
) -> Iterator[Tally]:
    """Record one export of ``what`` in ``fmt`` to ``target`` (None: stdout; "": the screen, a
    reveal). ``always_contacts``: the output holds contacts whatever was asked (a backup)."""
    from liuliqiao_cli.store import exports

    tally = Tally()
    done = False
    try:
        yield tally
        done = True
    finally:
        where = "" if target == "" else (exports.STDOUT if target is None else str(target))
        shown = where != "" or _revealed(s, with_contacts)  # a masked screen is no reveal
        if shown and (done or (where == exports.STDOUT and tally.rows)):
            entry = exports.Export(
                what,
                fmt,
                tally.rows,
                where,
                always_contacts or _revealed(s, with_contacts),
                s.command,
                complete=done,
                about=about,
            )
            try:
                exports.record(s.conn, entry, now=s.now, actor=s.actor)
            except Exception:
                if done:
                    raise
                # the export's own failure is the one to report


@contextmanager
def listing(s: Session, what: str, fmt: str, with_contacts: bool = False) -> Iterator[Tally]:
    """A listing: JSON and CSV are exports; a table is recorded only when it shows residents'
    contacts (a reveal on screen)."""
    if fmt in ("json", "csv"):
        with export(s, what, fmt, None, with_contacts=with_contacts) as tally:
            yield tally
    elif with_contacts:
        with export(s, what, fmt, "", with_contacts=True) as tally:
            yield tally
    else:
        yield Tally()
