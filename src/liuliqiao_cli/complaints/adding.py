"""What ``liuliqiao add`` does, start to end: decide (asking what cannot be guessed), look for
possible duplicates, write, read back.

The domain never prints: a terminal passes ``ask`` (answers a routing question: an item code or
a building number) and ``link`` (picks the complaint the new one repeats, or None); a script
passes neither, and the first question refuses the command (:class:`NeedsChoice`, exit 2) while
possible duplicates are only reported. Nothing is written before every question is answered.
"""

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from liuliqiao_cli.complaints import duplicates, record, residents, routing
from liuliqiao_cli.complaints.read import Complaint, get
from liuliqiao_cli.estate.model import Estate

Ask = Callable[[routing.Question], str]
Link = Callable[[Sequence[duplicates.Possible]], int | None]


class Added(NamedTuple):
    """The stored complaint and how it came to be: the decision (``prepared``), the questions
    answered (what, value), the possible duplicates found and the one it was linked to, notes
    worth telling (key, parameters), the households its problem affects and how many other
    complaints its reporter made."""

    complaint: Complaint
    prepared: record.Prepared
    answers: tuple[tuple[str, str], ...] = ()
    possible: tuple[duplicates.Possible, ...] = ()
    linked: int | None = None
    link_offered: bool = False  # the worker was asked whether it repeats one of ``possible``
    notes: tuple[tuple[str, dict[str, Any]], ...] = ()
    households: duplicates.Households | None = None
    reporter_others: int = 0


def decide(
    conn: sqlite3.Connection,
    estate: Estate,
    new: record.NewComplaint,
    *,
    now: datetime,
    ask: Ask | None = None,
) -> tuple[record.Prepared, list[tuple[str, str]]]:
    """``record.prepare``, answering each question with ``ask`` (the answer completes ``new``);
    without ``ask`` the first question is raised."""
    answers: list[tuple[str, str]] = []
    while True:
        try:
            return record.prepare(conn, estate, new, now=now), answers
        except routing.NeedsChoice as exc:
            if ask is None:
                raise
            question = exc.question
            value = ask(question)
            answers.append((question.what, value))
            if question.what == "item":
                new.item = value
            else:
                new.building = value


def add(
    conn: sqlite3.Connection,
    new: record.NewComplaint,
    *,
    now: datetime,
    actor: str,
    estate: Estate | None = None,
    ask: Ask | None = None,
    link: Link | None = None,
) -> Added:
    from liuliqiao_cli.estate import model

    est = estate or model.load(conn, on=(new.received_at or now).date())
    prepared, answers = decide(conn, est, new, now=now, ask=ask)
    possible = duplicates.possible(conn, prepared.values)
    original = link(possible) if possible and link is not None else None
    if original is not None:
        complaint_id = duplicates.record_linked(conn, prepared, original, now=now, actor=actor)
    else:
        complaint_id = record.insert_prepared(conn, prepared, now=now, actor=actor)
    return Added(
        get(conn, complaint_id),
        prepared,
        tuple(answers),
        tuple(possible),
        original,
        bool(possible) and link is not None,
        routing.notes(est, prepared.recognised) if prepared.values["building"] is None else (),
        duplicates.households(conn, complaint_id),
        residents.others(conn, complaint_id),
    )
