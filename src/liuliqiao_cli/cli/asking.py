"""Asking on a terminal, for ``add``: numbered choices in the user's language (Enter takes the
first), values checked as they are typed (a refused value is said and asked again), and the
interactive ``add`` field by field.

Prompts go to stderr unless stdout is the terminal too (stdout carries data only: ``add --format
json > out.json`` on a terminal still asks). Ctrl-C or Ctrl-D abandons the command (exit 130)
before anything is written: every question comes before the write.
"""

import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import typer

from liuliqiao_cli.complaints import record, routing
from liuliqiao_cli.complaints.duplicates import Possible
from liuliqiao_cli.complaints.privacy import normalise_name, normalise_phone
from liuliqiao_cli.complaints.recognise import recognise
from liuliqiao_cli.complaints.status import SOURCES
from liuliqiao_cli.complaints.typed_input import answer_question, check_place, clean_text
from liuliqiao_cli.errors import ExitStatus, LedgerError
from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.estate.resolve import resolve_building, resolve_item, resolve_place
from liuliqiao_cli.i18n import current_language, t
from liuliqiao_cli.render.complaint_added import describe

T = TypeVar("T")

NONE = "-"  # typed for "none" where a value is suggested


def say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def read_line(prompt: str) -> str:
    """One line from the terminal. Where stdout is the terminal too, ``input`` edits the line
    (readline: arrows, backspace over Chinese); otherwise the prompt goes to stderr."""
    try:
        if sys.stdout.isatty() and sys.stdin.isatty():
            import readline  # noqa: F401  (gives input() line editing)

            return input(prompt)
        sys.stderr.write(prompt)
        sys.stderr.flush()
        return input()
    except (KeyboardInterrupt, EOFError):
        sys.stderr.write("\n")
        raise typer.Abort() from None


def _refused(exc: LedgerError) -> None:
    say(t("error.prefix") + " ".join(t(exc.key, **exc.params).split()))


def ask_value(label: str, suggested: Any, check: Callable[[str], T]) -> T | None:
    """Ask until ``check`` accepts the answer. Enter takes ``suggested`` (shown in brackets);
    ``-`` (or Enter without a suggestion) means none."""
    shown = "" if suggested is None else str(suggested)
    while True:
        typed = read_line(f"{label} [{shown}]: " if shown else f"{label}: ").strip()
        if typed == NONE or (not typed and not shown):
            return None
        try:
            return check(typed or shown)
        except LedgerError as exc:
            _refused(exc)


def choose(title: str, question: routing.Question, default: int = 0) -> str:
    """Numbered choices; Enter takes choice ``default`` (the first unless said)."""
    say(title)
    for n, choice in enumerate(question.choices, 1):
        say(f"  {n}. {choice.label}")
    while True:
        typed = read_line(t("ask.pick", number=default + 1)).strip()
        if not typed:
            return question.choices[default].value
        try:
            return answer_question(question, typed)
        except LedgerError as exc:
            _refused(exc)


def ask_question(question: routing.Question) -> str:
    """A routing question (``ask`` of :func:`liuliqiao_cli.complaints.adding.add`)."""
    return choose(t(f"tty.{question.key}", **question.params), question)


def refuse(exc: routing.NeedsChoice) -> None:
    """A script cannot be asked: the question on stderr, one line per choice, exit 2."""
    first, *choices = t(exc.key, **exc.params).splitlines()
    say(t("error.prefix") + first)
    for line in choices:
        say(line)
    raise typer.Exit(ExitStatus.USAGE)


def pick_original(estate: Estate, received: datetime) -> Callable[[Sequence[Possible]], int | None]:
    """``link`` of :func:`~liuliqiao_cli.complaints.adding.add`: name the possible duplicates and
    let the worker link the new complaint to one at once (Enter: it is a new problem)."""
    lang = current_language()
    items = {code: estate.item_name(code, lang) for code in estate.items}

    def pick(possible: Sequence[Possible]) -> int | None:
        say(t("dup.found"))
        # a choice's value is the complaint as a person reads it (415, B17), typed or listed
        numbers = {p.label: p.id for p in possible}
        choices = tuple(routing.Choice(p.label, f"#{p.label}") for p in possible)
        for n, p in enumerate(possible, 1):
            say(f"  {n}. {describe(p, received, items)}")
        question = routing.Question("duplicate", "", {}, choices)
        while True:
            typed = read_line(t("dup.prompt")).strip().lstrip("#")
            if not typed:
                return None
            try:
                return numbers[answer_question(question, typed)]
            except LedgerError as exc:
                _refused(exc)

    return pick


def fill_in(estate: Estate, new: record.NewComplaint) -> None:
    """The interactive ``add``: the text, then each field not given as an option, the text's
    reading suggested; the item asked as a numbered choice when the text leaves it open."""
    lang = current_language()
    say(t("add.prompt_intro"))
    text = None
    while text is None:  # the one field that cannot be left out
        text = ask_value(
            t("add.prompt_text"), None, lambda v: clean_text(v, what="text", limit=record.TEXT_MAX)
        )
        if text is None:
            _refused(LedgerError("complaints.empty", what=t("what.text")))
    new.text = text
    rec = recognise(estate, new.text)
    if new.building is None:
        new.building = ask_value(
            t("add.prompt_building"), rec.building, lambda v: resolve_building(estate, v)
        )
    building = new.building if isinstance(new.building, int) else None
    if new.unit is None:
        new.unit = ask_value(
            t("add.prompt_unit"), rec.unit, lambda v: check_place(estate, building, v, None)[0]
        )
    if new.room is None:
        new.room = ask_value(
            t("add.prompt_room"),
            rec.room,
            lambda v: check_place(estate, building, new.unit, v)[1],
        )
    if new.place is None:
        new.place = ask_value(
            t("add.prompt_place"),
            rec.place,
            lambda v: resolve_place(estate, clean_text(v, what="place", limit=record.PLACE_MAX)),
        )
    if new.item is None:
        asked = [q for q in routing.questions(estate, rec, building=building) if q.what == "item"]
        if asked:
            new.item = ask_question(asked[0])
        else:
            code = rec.item or record.FALLBACK_ITEM
            suggested = estate.item_name(code, lang) if code in estate.items else None
            new.item = ask_value(t("add.prompt_item"), suggested, lambda v: resolve_item(estate, v))
    if new.source is None:
        sources = routing.Question(
            "source", "", {}, tuple(routing.Choice(c, t(f"source.{c}")) for c in SOURCES)
        )
        new.source = choose(
            t("add.prompt_source"), sources, default=SOURCES.index(record.DEFAULT_SOURCE)
        )
    if new.reporter is None:
        new.reporter = ask_value(t("add.prompt_reporter"), None, normalise_name)
    if new.phone is None:
        new.phone = ask_value(t("add.prompt_phone"), None, normalise_phone)
    if not new.urgent:
        urgency = routing.Question(
            "urgency",
            "",
            {},
            tuple(routing.Choice(u, t(f"urgency.{u}")) for u in record.URGENCIES),
        )
        new.urgent = choose(t("add.prompt_urgency"), urgency) == "urgent"
    new.recognise = False  # every field was asked: what was left empty is none
