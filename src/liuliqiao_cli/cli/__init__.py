"""The Typer layer: parse -> call one domain function -> render.

This module holds the root app, the global options and the one error boundary
(:class:`LedgerGroup.main`). It imports only what ``--help`` needs; command modules import the
domain inside their bodies so that start-up stays cheap.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

# Help for a pipe or a file is plain text: rich's boxes help nobody there, and importing rich
# to draw them doubles the cost of `--help`. Typer reads this once, when it is imported.
if "TYPER_USE_RICH" not in os.environ and not sys.stdout.isatty():
    os.environ["TYPER_USE_RICH"] = "0"

import typer  # noqa: E402 (after the switch above)
from typer.core import TyperGroup  # noqa: E402

from liuliqiao_cli.errors import ExitStatus, LedgerError


@dataclass
class State:
    db: str | None = None
    lang: str | None = None
    traceback: bool = False
    actor: str | None = None


STATE = State()


def _lang_from_args(args: list[str]) -> str | None:
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _say_error(message: str) -> None:
    from liuliqiao_cli.i18n import t

    line = " ".join(message.split())  # one line, whatever the message held
    sys.stderr.write(f"{t('error.prefix')}{line}\n")
    sys.stderr.flush()


def _click_exceptions() -> Any:
    """Typer 0.28 vendors click as ``typer._click``; older Typers use click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - Typer < 0.28
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


class LedgerGroup(TyperGroup):
    """The root group: lazy command table, and the single error boundary (every failure becomes
    one line on stderr and a named exit code).

    Overriding ``main`` (not ``invoke``) catches parse errors too, and works the same under
    ``typer.testing.CliRunner`` and the installed entry point.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands(self.commands)

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        from liuliqiao_cli import i18n

        click = _click_exceptions()

        arglist = list(sys.argv[1:] if args is None else args)
        wanted = _lang_from_args(arglist)
        if wanted in i18n.LANGS:
            i18n.set_language(wanted)
        else:
            i18n.set_language(i18n.language_from_environment())
        traceback_wanted = "--traceback" in arglist
        code: int = ExitStatus.OK
        try:
            rv = super().main(
                arglist,
                prog_name or "liuliqiao",
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            if isinstance(rv, int):
                code = rv
        except LedgerError as exc:
            if traceback_wanted:
                raise
            _say_error(i18n.t(exc.key, **exc.params))
            code = exc.exit_status
        except typer.Exit as exc:
            code = exc.exit_code
        except click.NoArgsIsHelpError as exc:
            if exc.ctx is not None:
                sys.stdout.write(exc.ctx.get_help() + "\n")
            code = ExitStatus.OK
        except typer.Abort:
            _say_error(i18n.t("error.interrupted"))
            code = ExitStatus.INTERRUPTED
        except KeyboardInterrupt:
            _say_error(i18n.t("error.interrupted"))
            code = ExitStatus.INTERRUPTED
        except click.ClickException as exc:
            _say_error(i18n.t("error.usage", message=exc.format_message()))
            code = exc.exit_code if exc.exit_code else ExitStatus.USAGE
        except BrokenPipeError:
            code = ExitStatus.OK
        except Exception as exc:  # never a traceback: its locals and values may hold contacts
            if traceback_wanted:
                raise
            import sqlite3

            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                _say_error(i18n.t("error.busy"))
            elif isinstance(exc, sqlite3.DatabaseError):
                _say_error(i18n.t("error.sqlite", message=type(exc).__name__))
            else:
                _say_error(i18n.t("error.internal", kind=type(exc).__name__))
            code = ExitStatus.REFUSED
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=LedgerGroup,
    name="liuliqiao",
    help="诉求台账：记录、分派、跟踪居民诉求 — the complaint ledger of a jointly managed estate.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,  # locals hold residents' phone numbers
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from liuliqiao_cli import __version__

        typer.echo(f"liuliqiao {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="台账文件 / ledger file (default: $LIULIQIAO_DB, else the app folder)",
            envvar=None,
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="界面语言 zh|en / interface language (default: $LIULIQIAO_LANG, else locale)",
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            help="记录操作人 / who is acting (default: $LIULIQIAO_ACTOR, else the OS user)",
        ),
    ] = None,
    traceback: Annotated[
        bool,
        typer.Option("--traceback", help="出错时显示完整回溯（调试用）/ show a traceback on error"),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="显示版本 / show the version"
        ),
    ] = False,
) -> None:
    from liuliqiao_cli import i18n
    from liuliqiao_cli.errors import UsageError

    if lang is not None:
        if lang.strip().lower() not in i18n.LANGS:
            raise UsageError("lang.unknown", value=lang)
        i18n.set_language(lang.strip().lower())
    STATE.db = db
    STATE.lang = i18n.current_language()
    STATE.traceback = traceback
    STATE.actor = actor


# --- helpers shared by command modules --------------------------------------------------------


def ledger_path() -> Path:
    from liuliqiao_cli.store.ledger import resolve_path

    return resolve_path(STATE.db)


def open_ledger():  # -> sqlite3.Connection (not annotated: keeps sqlite3 out of --help)
    from liuliqiao_cli.store.ledger import open_ledger as _open

    return _open(ledger_path())


def current_actor() -> str:
    if STATE.actor:
        return STATE.actor
    env = os.environ.get("LIULIQIAO_ACTOR")
    if env:
        return env
    try:
        import getpass

        return getpass.getuser()
    except Exception:
        return "unknown"


def now_for(conn: Any):  # -> datetime, in the ledger's time zone
    from liuliqiao_cli import dates
    from liuliqiao_cli.store.ledger import get_setting

    return dates.now(get_setting(conn, "timezone", dates.DEFAULT_TZ) or dates.DEFAULT_TZ)


def lang() -> str:
    from liuliqiao_cli.i18n import current_language

    return current_language()


# Which module provides each top-level command, in the order --help lists them. Commands are
# built only when asked for: Typer turns every registered function into a click command on each
# run (tens of ms for the whole tool), so `liuliqiao duty` builds the duty group alone.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "init": ("admin",),
    "estate": ("admin",),
    "add": ("complaints",),
    "list": ("complaints",),
    "show": ("complaints",),
    "search": ("find",),
    "tag": ("complaints",),
    "dispatch": ("complaints",),
    "respond": ("complaints",),
    "resolve": ("complaints",),
    "followup": ("complaints",),
    "dispute": ("complaints",),
    "duplicate": ("complaints",),
    "reject": ("complaints",),
    "reopen": ("complaints",),
    "note": ("complaints",),
    "history": ("find",),
    "undo": ("find",),
    "duty": ("duty",),
    "meeting": ("meetings",),
    "dossier": ("meetings",),
    "summary": ("reports",),
    "rates": ("reports",),
    # exchange adds `db backup` and `db check` to admin's db group: admin is registered first,
    # whichever command comes first, so the group's order (and its help) never depends on it.
    "import": ("admin", "exchange"),
    "export": ("admin", "exchange"),
    "db": ("admin", "exchange"),
}
_lazy_app = typer.Typer()
_registered: set[str] = set()
_built: dict[str, Any] = {}


def _build(name: str, modules: tuple[str, ...]) -> Any:
    """The click command ``name``: its modules registered (each once per process), then only
    this command (or group) converted, not the rest of its module."""
    if name in _built:
        return _built[name]
    import importlib

    from typer import main as typer_main

    for module in modules:
        if module not in _registered:
            importlib.import_module(f"liuliqiao_cli.cli.{module}").register(_lazy_app)
            _registered.add(module)
    short, markup = _lazy_app.pretty_exceptions_short, _lazy_app.rich_markup_mode
    command = None
    for info in _lazy_app.registered_commands:
        if info.name == name:
            command = typer_main.get_command_from_info(
                info, pretty_exceptions_short=short, rich_markup_mode=markup
            )
    for group in _lazy_app.registered_groups:
        if group.name == name:
            command = typer_main.get_group_from_info(
                group,
                suggest_commands=_lazy_app.suggest_commands,
                pretty_exceptions_short=short,
                rich_markup_mode=markup,
            )
    _built[name] = command
    return command


class _LazyCommands(MutableMapping):  # type: ignore[type-arg]
    """The root group's command table: names are known up front, commands built on first use."""

    def __init__(self, eager: MutableMapping[str, Any]) -> None:
        self._eager = dict(eager)

    def __getitem__(self, name: str) -> Any:
        if name in self._eager:
            return self._eager[name]
        modules = COMMAND_MODULES.get(name)
        if modules is None:
            raise KeyError(name)
        command = _build(name, modules)
        if command is None:
            raise KeyError(name)
        return command

    def __iter__(self) -> Iterator[str]:
        yield from self._eager
        yield from (name for name in COMMAND_MODULES if name not in self._eager)

    def __len__(self) -> int:
        return len(set(self._eager) | set(COMMAND_MODULES))

    def __setitem__(self, name: str, command: Any) -> None:
        self._eager[name] = command

    def __delitem__(self, name: str) -> None:
        del self._eager[name]


def main() -> None:
    app()
