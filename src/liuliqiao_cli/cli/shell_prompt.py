"""The shell's prompt on a terminal (prompt_toolkit, imported by ``liuliqiao shell`` alone).

Completion as she types asks the CLI's own completion (cli/completion.py) through click's
protocol, exactly as bash does: commands, options, and every value the parameter completes.
The bottom line shows today's duty and the overdue count, read once after each command (not on
every keystroke). The history is per ledger, masked (cli/shell_history.py). Ctrl-C clears the
line, Ctrl-D on an empty line leaves; the exit status of the last command shows in the prompt
when it is not 0.
"""

from __future__ import annotations

import shlex
import threading
from collections.abc import Callable, Iterator
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings

from liuliqiao_cli.cli import shell_history
from liuliqiao_cli.i18n import t

_BUILTINS = ("exit", "quit", "help")


class MaskedFileHistory(FileHistory):
    """prompt_toolkit's file history, with phones and names masked before a line is written."""

    def store_string(self, string: str) -> None:
        super().store_string(shell_history.mask_line(string))


class LedgerCompleter(Completer):
    """The CLI's completion for the word before the cursor, with the value's help beside it.
    ``shell`` is the running :class:`liuliqiao_cli.cli.shell.Shell` (its group and root options)."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.paths = PathCompleter(expanduser=True)

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterator[Completion]:
        from typer._click.shell_completion import split_arg_string

        text = document.text_before_cursor
        words = split_arg_string(text)
        current = document.get_word_before_cursor(WORD=True)
        if words and current:
            incomplete = words.pop()
        else:
            incomplete = ""
        if words and words[0] in ("liuliqiao", "llq"):
            words = words[1:]
        if not words:
            for name in _BUILTINS:
                if name.startswith(incomplete) and incomplete:
                    yield Completion(name, -len(current))
        for item in self._items(words, incomplete):
            if item.type in ("file", "dir"):
                yield from self.paths.get_completions(Document(incomplete), event)
                continue
            value = str(item.value)
            shown = (
                value if not any(c.isspace() or c in "'\"" for c in value) else shlex.quote(value)
            )
            yield Completion(shown, -len(current), display=value, display_meta=item.help or "")

    def _items(self, words: list[str], incomplete: str) -> list[Any]:
        from typer._completion_classes import BashComplete

        try:
            complete = BashComplete(self.shell.group, {}, "liuliqiao", "_LIULIQIAO_COMPLETE")
            return list(complete.get_completions([*self.shell.root_args, *words], incomplete))
        except Exception:  # completion never breaks the prompt
            return []


def _key_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("tab")
    def _complete(event: Any) -> None:
        """Tab puts the first candidate on the line at once, then cycles. (prompt_toolkit's own
        Tab inserts "the common part", which is nothing when a complaint is found by its text; and
        a completion still loading in its thread would drop the request.)"""
        buffer = event.current_buffer
        state = buffer.complete_state
        if state is not None and state.completions:
            if state.complete_index is None:
                buffer.go_to_completion(0)
            else:
                buffer.complete_next()
            return
        found = list(
            buffer.completer.get_completions(
                buffer.document, CompleteEvent(completion_requested=True)
            )
        )
        if found:
            buffer.apply_completion(found[0])

    return bindings


def run(
    shell: Any,
    *,
    keep_history: bool = True,
    session_input: Any = None,
    session_output: Any = None,
    drawn: Callable[[], None] | None = None,
) -> int:
    """The prompt until Ctrl-D or ``exit``; the last command's exit status. ``drawn`` is called
    once the first prompt is on the screen."""
    import sys

    from liuliqiao_cli.cli.session import ledger_path

    path = ledger_path()
    history: History = InMemoryHistory()
    if keep_history:
        file = shell_history.prepare(shell_history.history_path(path, _app_dir()))
        history = MaskedFileHistory(str(file))
    if session_output is None:
        from prompt_toolkit.output import create_output

        # The CLI's guard stands in front of stdout (render.text.GuardedStream): the prompt
        # draws with cursor moves, which go through its drawing side.
        session_output = create_output(stdout=getattr(sys.stdout, "drawing", sys.stdout))
    toolbar = [""]
    session: PromptSession[str] = PromptSession(
        history=history,
        completer=LedgerCompleter(shell),
        complete_in_thread=True,
        complete_while_typing=True,
        bottom_toolbar=lambda: toolbar[0],
        key_bindings=_key_bindings(),
        input=session_input,
        output=session_output,
    )

    def refresh() -> None:
        """The bottom line, read in its own thread: the prompt comes back at once and the line
        follows (the overdue count of a district's ledger takes a few milliseconds)."""
        toolbar[0] = shell.status_line()
        if session.app.is_running:
            session.app.invalidate()

    def refresh_soon() -> None:
        threading.Thread(target=refresh, daemon=True).start()

    first = [True]

    def after_render(_app: Any) -> None:
        """The first bottom line is read once the first prompt is drawn: its thread (the ledger
        opened, the duty and the overdue count read) would otherwise share the interpreter with
        the drawing of it."""
        if first[0]:
            first[0] = False
            if drawn is not None:
                drawn()
            refresh_soon()

    session.app.after_render += after_render
    sys.stderr.write(t("shell.welcome", path=path) + "\n")
    while True:
        message = f"liuliqiao [{shell.last}]> " if shell.last else "liuliqiao> "
        try:
            line = session.prompt(message)
        except KeyboardInterrupt:  # Ctrl-C: the line is cleared, the shell stays
            continue
        except EOFError:  # Ctrl-D on an empty line
            break
        if shell.run(line) is None:
            break
        refresh_soon()
    return shell.last


def _app_dir() -> Any:
    from pathlib import Path

    from typer import get_app_dir

    return Path(get_app_dir("liuliqiao"))
