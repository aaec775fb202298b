"""Completion of every value a worker types: the same for bash, zsh, fish and ``liuliqiao shell``.

Each command's parameters get their completion by name, in one table (:data:`_BY_NAME`), when
the root group builds the command (:func:`attach`): ``--building`` completes the buildings that
exist wherever it appears, ``complaint_id`` the complaints the step accepts (``resolve`` offers
the dispatched, in progress and reopened ones). The callbacks speak click's protocol
(``(ctx, param, incomplete) -> [CompletionItem]``), so the shells' scripts and the shell's prompt
ask the same code through :class:`typer._click.shell_completion.ShellComplete`.

What the worker types finds a value by its code (``garbage``), its name (``垃圾桶站``), its
English name, a word that recognises it (``垃圾站``) or the pinyin initials of any of those
(``ljz``); a complaint by the start of its number or by words of its text. What is put on the
line is a spelling the command accepts: the code when she typed the code or English, the name
otherwise. Unlike Typer's ``autocompletion=``, candidates are not filtered by the typed prefix
(a complaint found by its text does not start with it); zsh and fish filter by what was typed
themselves, so there text and initials find nothing, bash and the shell take them.

Completion runs on every <TAB>: it must never raise (a traceback would land in the user's
shell), never create a ledger file (it opens the file read-only, and only when it exists) and
never migrate one. Every failure completes nothing. Importing this module is cheap (the root
group imports it for every command it builds); the callbacks import what they read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from liuliqiao_cli.cli.completion_values import (
    MAX,
    Pairs,
    company_names,
    complete_building,
    complete_company,
    complete_item,
    complete_meeting_kind,
    complete_place,
    complete_resolved,
    complete_room,
    complete_satisfied,
    complete_source,
    complete_status,
    complete_tag,
    complete_unit,
    read,
)
from liuliqiao_cli.i18n import t

# A text in a value's help is cut to this many terminal cells: zsh and fish get help drawn by
# rich at 80 columns, and a longer line would wrap inside the candidate.
_TEXT_CELLS = 36


# --- numbered things ------------------------------------------------------------------------


def _short(text: str) -> str:
    from liuliqiao_cli.render.plain import cut
    from liuliqiao_cli.render.text import visible

    return cut(" ".join(visible(text, newlines=False).split()), _TEXT_CELLS)


def _name_begun(typed: str) -> bool:
    """A station's letters (one to three, complaints/names.py) and perhaps the start of its
    count: B, B1, b17."""
    rest = typed.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return 1 <= len(typed) - len(rest) <= 3 and (rest == "" or rest.isascii() and rest.isdigit())


def _complaints(ctx: Any, incomplete: Any, statuses: Sequence[str]) -> Pairs:
    """Complaints in ``statuses``, by the start of their number or words of their text; help:
    the start of the text and the status."""
    from liuliqiao_cli.complaints import numbers

    typed = str(incomplete or "").strip()
    number = typed.lstrip("#＃")
    rows = []
    if not typed or number.isdigit():
        rows = read(ctx, lambda c: numbers.by_number(c, number, statuses, limit=MAX))
    elif _name_begun(number):  # a name begun: B, B1 (issue 17)
        rows = read(ctx, lambda c: numbers.by_name(c, number, statuses, limit=MAX))
    if typed and not number.isdigit() and not rows:
        words = typed.split()
        rows = read(ctx, lambda c: numbers.by_text(c, words, statuses, limit=MAX))
    return [(r.typed, f"{_short(r.text)} [{t('status.' + r.status)}]") for r in rows]


def complete_complaint(ctx: Any, incomplete: str) -> Pairs:
    """Any complaint, newest first."""
    from liuliqiao_cli.complaints import status

    return _complaints(ctx, incomplete, status.STATUSES)


def complete_open_complaint(ctx: Any, incomplete: str) -> Pairs:
    """Complaints still being worked on (received, dispatched, in progress, disputed, reopened)."""
    from liuliqiao_cli.complaints import status

    return _complaints(ctx, incomplete, status.OPEN_STATUSES)


def _numbered(rows: Iterable[Any], incomplete: Any, describe: Callable[[Any], str]) -> Pairs:
    typed = str(incomplete or "").strip().lstrip("#")
    return [(str(r.id), describe(r)) for r in rows if str(r.id).startswith(typed)][:MAX]


def complete_meeting(ctx: Any, incomplete: str) -> Pairs:
    """Meetings, latest first: date, kind and title."""
    from liuliqiao_cli.meetings import numbers

    rows = read(ctx, lambda c: numbers.meetings(c, limit=500))
    return _numbered(
        rows,
        incomplete,
        lambda r: f"{r.date} {t('meeting.kind.' + r.kind)} {_short(r.text)}".strip(),
    )


def complete_decision(ctx: Any, incomplete: str) -> Pairs:
    """Decisions, those not carried out first."""
    from liuliqiao_cli.meetings import numbers

    rows = read(ctx, lambda c: numbers.decisions(c, limit=500))
    return _numbered(
        rows,
        incomplete,
        lambda r: f"{r.date} [{t('completion.decision_' + r.kind)}] {_short(r.text)}",
    )


def complete_override(ctx: Any, incomplete: str) -> Pairs:
    """Duty overrides, those in force first: dates, company, reason."""
    from liuliqiao_cli.meetings import numbers

    rows = read(ctx, lambda c: numbers.overrides(c, limit=500))
    names = company_names(ctx)
    return _numbered(
        rows,
        incomplete,
        lambda r: (
            f"{r.date} {names.get(r.kind, r.kind)} {_short(r.text)}"
            + (f" [{t('completion.revoked')}]" if r.revoked else "")
        ),
    )


def complete_conflict(ctx: Any, incomplete: str) -> Pairs:
    """The conflicts a merge kept and nobody settled yet (``merge --keep N / --take N``): the
    complaint's name and the part both laptops changed."""
    from liuliqiao_cli.exchange import conflicts
    from liuliqiao_cli.render.merge_view import part_label

    rows = read(ctx, conflicts.list_conflicts)
    typed = str(incomplete or "").strip()
    return [
        (str(c.id), f"#{c.number} {part_label(c.part)}")
        for c in rows
        if str(c.id).startswith(typed)
    ][:MAX]


# --- which parameter completes what ----------------------------------------------------------

# The step each command takes on the complaint it names (its complaint_id completes the
# complaints that step accepts); commands not listed accept any complaint.
_STEP_OF_COMMAND = {
    "dispatch": "dispatch",
    "respond": "respond",
    "resolve": "resolve",
    "followup": "followup",
    "dispute": "dispute",
    "duplicate": "duplicate",
    "reject": "reject",
    "reopen": "reopen",
    "remind": "remind",
}

# What ``list --due-within`` reads (complaints/deadlines.parse_window): the everyday windows.
_WINDOWS = ("24h", "2d", "today", "tomorrow")


def complete_window(incomplete: str) -> Pairs:
    return [(w, "") for w in _WINDOWS if w.startswith(str(incomplete).strip())]


def complete_setting(incomplete: str) -> Pairs:
    """``settings set KEY``: the settings' names, each with its meaning (issue 16)."""
    from liuliqiao_cli.store.settings import SETTINGS

    typed = str(incomplete).strip()
    return [(s.key, s.meaning()) for s in SETTINGS if s.key.startswith(typed)]


def _with_ctx(callback: Callable[[str], Pairs]) -> Callable[[Any, str], Pairs]:
    return lambda ctx, incomplete: callback(incomplete)


_BY_NAME: dict[str, Callable[[Any, str], Pairs]] = {
    "building": complete_building,
    "unit": complete_unit,
    "room": complete_room,
    "place": complete_place,
    "item": complete_item,
    "company": complete_company,
    "owner": complete_company,
    "status": _with_ctx(complete_status),
    "source": _with_ctx(complete_source),
    "kind": _with_ctx(complete_meeting_kind),
    "resolved": _with_ctx(complete_resolved),
    "satisfied": _with_ctx(complete_satisfied),
    "tag": complete_tag,
    "add_": complete_tag,
    "remove": complete_tag,
    "of": complete_complaint,
    "complaint": complete_complaint,
    "meeting_id": complete_meeting,
    "meeting": complete_meeting,
    "decision_id": complete_decision,
    "override_id": complete_override,
    "due_within": _with_ctx(complete_window),
    "number": complete_complaint,  # duty handover --confirm N
    "key": _with_ctx(complete_setting),  # settings set KEY
    "keep": complete_conflict,  # merge --keep N
    "take": complete_conflict,  # merge --take N
}


class _Completion:
    """A parameter's completion in click's protocol, wrapping one of the callbacks above."""

    def __init__(self, callback: Callable[[Any, str], Pairs]) -> None:
        self.callback = callback

    def __call__(self, ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        try:
            pairs = self.callback(ctx, incomplete)
        except Exception:  # never a traceback on <TAB>
            return []
        return [CompletionItem(value, help=help_ or None) for value, help_ in pairs]


def _for_complaint(action: str | None) -> Callable[[Any, str], Pairs]:
    def complete(ctx: Any, incomplete: str) -> Pairs:
        from liuliqiao_cli.complaints import numbers

        return _complaints(ctx, incomplete, numbers.statuses_for(action))

    return complete


def attach(command: Any, name: str) -> None:
    """Give every parameter of ``command`` (and of its subcommands) its completion by name;
    a parameter that already has one keeps it."""
    for sub_name, sub in list(getattr(command, "commands", {}).items()):
        attach(sub, sub_name)
    for param in getattr(command, "params", []):
        if param._custom_shell_complete is not None:
            continue
        if param.name == "complaint_id":
            callback = _for_complaint(_STEP_OF_COMMAND.get(name))
        elif param.name in _BY_NAME:
            callback = _BY_NAME[param.name]
        else:
            continue
        param._custom_shell_complete = _Completion(callback)


def completed_parameters() -> frozenset[str]:
    """Names of the parameters that complete from the ledger or the vocabulary."""
    return frozenset({*_BY_NAME, "complaint_id"})
