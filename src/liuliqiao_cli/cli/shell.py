"""``liuliqiao shell``: every command of the CLI at a prompt, run in the same process.

Each line is parsed by the same Typer app as ``liuliqiao LINE`` and run through the same error
boundary (:meth:`LedgerGroup.main`), so output, messages and exit statuses are those of the
command run on its own; what a new process pays before any work (Python, Typer, the command's
modules) is paid once. A line that is not a command (unbalanced quotes, NUL bytes, a line past
:data:`LINE_MAX`, ``exit`` with arguments, ``shell`` itself) is refused with one line in the
user's language; nothing ever leaves the shell but ``exit``, ``quit`` or end of input.

On a terminal the prompt (cli/shell_prompt.py, prompt_toolkit, imported only here) completes as
she types and keeps a history per ledger; when standard input is not a terminal, the shell
reads one command per line and writes each result, so that it can be scripted and tested::

    printf 'duty\\nlist --open --building 3\\n' | liuliqiao shell
"""

import gc
import io
import shlex
import sqlite3
import sys
from typing import Annotated, Any

import typer

from liuliqiao_cli.errors import ExitStatus, UsageError
from liuliqiao_cli.i18n import t

# A line longer than this is not run: a complaint's text is at most 2,000 characters
# (complaints/record.py), and a pasted screen of text is a mistake, not a command.
LINE_MAX = 8000
_LEAVE = ("exit", "quit", "退出")
_PROGRAMS = ("liuliqiao", "llq")  # a line pasted with the program's name still runs

_running: "Shell | None" = None  # the shell of this process, while it runs
# Commands that share the shell's connection to the ledger (cli/session.py says why that is
# safe): recording, the steps of a complaint, and the reads. Imports, exports, backups, checks,
# undo (it waits for an answer) and meetings open their own, as on their own.
_EVERYDAY = frozenset(
    {
        "add",
        "list",
        "show",
        "search",
        "tag",
        "dispatch",
        "respond",
        "resolve",
        "followup",
        "dispute",
        "duplicate",
        "reject",
        "reopen",
        "note",
        "history",
        "duty",
        "summary",
        "rates",
        "estate",
    }
)
_ROOT_VALUED = ("--db", "--lang", "--actor")


class Shell:
    """The shell's state: the root options it was started with, the group that runs each line,
    the last exit status."""

    def __init__(self, root_args: list[str]) -> None:
        from typer.main import get_command

        from liuliqiao_cli import cli
        from liuliqiao_cli.cli import app

        cli.completing = True  # the prompt completes every command's parameters
        self.root_args = root_args
        self.group: Any = get_command(app)
        self.last: int = ExitStatus.OK
        self.db = _option(root_args, "--db")  # the shell's ledger, whatever a line names

    def run(self, line: str) -> int | None:
        """Run one line; its exit status, or None when the line asks to leave."""
        problem = _refusal(line)
        if problem is not None:
            _say(*problem)
            self.last = ExitStatus.USAGE
            return self.last
        if line.lstrip().startswith("#"):
            return self.last  # a comment line (#1025 inside a line is a complaint number)
        try:
            words = shlex.split(line)
        except ValueError:
            _say("shell.unbalanced_quotes")
            self.last = ExitStatus.USAGE
            return self.last
        if words and words[0] in _PROGRAMS:
            words = words[1:]
        if not words:
            return self.last
        if words[0] in _LEAVE:
            if len(words) > 1:
                _say("shell.exit_arguments", word=words[0])
                self.last = ExitStatus.USAGE
                return self.last
            return None
        if words[0] == "help":
            words = [*words[1:], "--help"]
        self.last = self.invoke(words)
        return self.last

    def invoke(self, words: list[str]) -> int:
        """``liuliqiao WORDS`` in this process: the root options the shell was started with
        first (a line may set its own), then the line."""
        from liuliqiao_cli.cli import session

        args = [*self._root_args_for(words), *words]
        session.keep_open(_command_of(words) in _EVERYDAY)
        try:
            code = self.group.main(args, prog_name="liuliqiao", standalone_mode=False)
        except KeyboardInterrupt:
            _say("error.interrupted")
            code = ExitStatus.INTERRUPTED
        except SystemExit as exc:  # a library's sys.exit() ends the command, not the shell
            code = exc.code if isinstance(exc.code, int) else ExitStatus.REFUSED
        except Exception as exc:  # never a traceback, never out of the shell
            _say("error.internal", kind=type(exc).__name__)
            code = ExitStatus.REFUSED
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return int(code) if isinstance(code, int) else ExitStatus.OK

    def status_line(self) -> str:
        """Today, the company on duty and the overdue count, for the prompt's bottom line ("" when
        the ledger cannot be read: the prompt works without it)."""
        try:
            return _status_line(self.db)
        except Exception:
            return ""

    def _root_args_for(self, words: list[str]) -> list[str]:
        given = {w.split("=", 1)[0] for w in words if w.startswith("--")}
        out: list[str] = []
        args = iter(self.root_args)
        for option in args:
            value = next(args)
            if option not in given:
                out += [option, value]
        return out


def _option(args: list[str], name: str) -> str | None:
    for option, value in zip(args[::2], args[1::2], strict=False):
        if option == name:
            return value
    return None


def _status_line(db: str | None) -> str:
    from liuliqiao_cli import dates
    from liuliqiao_cli.complaints import status
    from liuliqiao_cli.estate import duty, duty_ledger
    from liuliqiao_cli.i18n import current_language
    from liuliqiao_cli.store import ledger

    path = ledger.resolve_path(db)
    if not path.is_file():
        return t("shell.toolbar_no_ledger", path=path)
    conn = ledger.open_read_only(path)
    conn.row_factory = sqlite3.Row  # as the ledger's own connections read rows
    try:
        now = dates.now(ledger.zone_name(conn))
        versions, overrides = duty_ledger.load_rotation(conn)
        on_duty = duty.duty_on(now.date(), versions, overrides).company
        names = duty_ledger.company_names(conn, current_language())
        overdue = status.overdue_count(conn, now)
    finally:
        conn.close()
    return t(
        "shell.toolbar",
        date=now.date().isoformat(),
        company=names.get(on_duty, on_duty),
        overdue=overdue,
    )


def _command_of(words: list[str]) -> str | None:
    """The command a line runs: its first word that is neither a root option nor its value."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in _ROOT_VALUED:
            skip = True
        elif not word.startswith("-"):
            return word
    return None


def _refusal(line: str) -> tuple[str, dict[str, Any]] | None:
    """Why ``line`` is not run (a message key and its parameters), or None."""
    if len(line) > LINE_MAX:
        return "shell.too_long", {"n": len(line), "limit": LINE_MAX}
    if "\x00" in line:
        return "shell.nul", {}
    return None


def _say(key: str, params: dict[str, Any] | None = None, /, **more: Any) -> None:
    text = t(key, **{**(params or {}), **more})
    sys.stderr.write(t("error.prefix") + " ".join(text.split()) + "\n")
    sys.stderr.flush()


def _root_args() -> list[str]:
    """The root options this process was started with, as ``[--db, X, --lang, zh ...]``."""
    from liuliqiao_cli import i18n
    from liuliqiao_cli.cli import STATE

    args: list[str] = []
    if STATE.db:
        args += ["--db", STATE.db]
    if STATE.lang and STATE.lang != i18n.language_from_environment():
        args += ["--lang", STATE.lang]
    if STATE.actor:
        args += ["--actor", STATE.actor]
    return args


def _import_prompt() -> Any:
    """cli/shell_prompt.py, with prompt_toolkit and the asyncio it runs on. asyncio imports ssl
    for TLS connections, which a prompt never opens (~3 ms of the shell's start): while asyncio
    is imported, ssl is held out as missing (asyncio's own fallback: ``except ImportError: ssl =
    None``), and importable again afterwards for whatever else wants it."""
    held = "ssl" not in sys.modules
    if held:
        sys.modules["ssl"] = None  # type: ignore[assignment]
    try:
        from liuliqiao_cli.cli import shell_prompt
    finally:
        if held and sys.modules.get("ssl", False) is None:
            del sys.modules["ssl"]
    return shell_prompt


def _collect_again(collecting: bool) -> None:
    """Freeze what the start made and let the collector run again (once; harmless twice)."""
    if collecting and not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_script(shell: Shell, lines: Any) -> int:
    """One command per line of ``lines`` (bytes, as read from a pipe): each result written as
    the command writes it. Commands cannot read the script as their own input. The status is
    the last command's, as in sh."""
    stdin = sys.stdin
    try:
        for raw in lines:
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                _say("shell.undecodable")
                shell.last = ExitStatus.USAGE
                continue
            sys.stdin = io.StringIO("")
            try:
                if shell.run(line) is None:
                    break
            finally:
                sys.stdin = stdin
    except KeyboardInterrupt:
        _say("error.interrupted")
        return ExitStatus.INTERRUPTED
    return shell.last


def shell(
    history: Annotated[
        bool,
        typer.Option(
            "--history/--no-history",
            help="记下输入过的命令（每个台账一份，电话号码已遮盖）/ keep the lines typed (one file per ledger, phones masked)",
        ),
    ] = True,
) -> None:
    """交互式命令行：补全、历史、底部显示当值和超期（管道输入时逐行执行）/ A prompt for every
    command: completion, history, today's duty and overdue below (reads a command per line
    from a pipe)."""
    global _running
    if _running is not None:
        raise UsageError("shell.nested")
    from liuliqiao_cli.cli import session

    _running = Shell(_root_args())
    try:
        if sys.stdin.isatty() and sys.stdout.isatty():
            # prompt_toolkit and the first prompt make ~34,000 objects that live as long as the
            # shell: made with collections off and frozen once the prompt is drawn, as
            # cli/__init__.py does for Typer (no collection walks them again).
            collecting = gc.isenabled()
            gc.disable()
            try:
                shell_prompt = _import_prompt()
                code = shell_prompt.run(
                    _running, keep_history=history, drawn=lambda: _collect_again(collecting)
                )
            finally:
                _collect_again(collecting)
        else:
            code = run_script(_running, sys.stdin.buffer)
    finally:
        _running = None
        session.close_kept()
    if code:
        raise typer.Exit(code)
