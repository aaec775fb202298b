"""The Typer layer: parse -> call one domain function -> render.

This module holds the root app, the global options and the one error boundary
(:class:`LedgerGroup.main`). It imports only what ``--help`` needs: the table of commands
(:mod:`liuliqiao_cli.cli.commands`) answers ``--help``, and the root group imports the module of
the one command asked for.
"""

# No ``from __future__ import annotations``: Typer would eval the root options' annotation
# strings on every run.

import gc

# Importing Typer (with its click), typing and this layer makes ~19,000 objects that the
# collector tracks and that live as long as the process: every 700 allocations started a
# collection that walked the young ones, and the collections at exit walked them all. They are
# imported with collections off, then frozen (gc.freeze: no collection walks them again); _build
# freezes what the first command adds. Together ~10-13 ms of an `add`'s CPU time, for next to no
# garbage. Afterwards a young collection comes every 10,000 allocations, not 700: a one-line
# `add` made ~20 that found nothing (~1.5 ms); cycles are still collected, just less often.
_collecting = gc.isenabled()
gc.disable()
gc.set_threshold(10_000, *gc.get_threshold()[1:])
try:
    import os
    import sys
    from collections.abc import Iterator, MutableMapping
    from typing import Annotated, Any

    # Help for a pipe or a file is plain text (rich's boxes help nobody there, and importing
    # rich to draw them doubles the cost of `--help`): Typer reads this once, when imported.
    if "TYPER_USE_RICH" not in os.environ and not sys.stdout.isatty():
        os.environ["TYPER_USE_RICH"] = "0"

    import typer  # noqa: E402 (after the switch above)
    from typer.core import TyperGroup  # noqa: E402

    from liuliqiao_cli.cli import options  # noqa: E402
    from liuliqiao_cli.cli.commands import COMMANDS  # noqa: E402
    from liuliqiao_cli.errors import ExitStatus, LedgerError, UsageError  # noqa: E402
    from liuliqiao_cli.render.text import GuardedStream  # noqa: E402
finally:
    gc.freeze()
    if _collecting:
        gc.enable()


class State:
    """The root options of this run, as the root callback read them (a plain class, not a
    dataclass: defining one costs every command's start-up more)."""

    db: str | None = None
    lang: str | None = None
    traceback: bool = False
    actor: str | None = None
    argv: tuple[str, ...] = ()  # as typed: the record of an export keeps it (masked)


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
    from liuliqiao_cli.render.text import one_line

    line = one_line(message)  # one line, whatever the message held, and nothing raw
    sys.stderr.write(f"{t('error.prefix')}{line}\n")
    sys.stderr.flush()


def _can_show_chinese() -> bool:
    """Whether stdout and stderr can write Chinese: a terminal in a non-UTF-8 locale (say
    ISO-8859-1) cannot, and is better served by English messages than by escapes."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "错误".encode(getattr(stream, "encoding", None) or "utf-8")
        except (UnicodeEncodeError, LookupError):
            return False
    return True


def _check_arguments(args: list[str]) -> None:
    """Refuse an argument that is not UTF-8: Python hands its bytes on as lone surrogates, which
    no SQLite text, file or terminal takes (a UnicodeEncodeError wherever it arrives)."""
    from liuliqiao_cli.errors import UsageError

    for index, arg in enumerate(args, 1):
        if isinstance(arg, str) and undecodable(arg):
            raise UsageError("arg.undecodable", index=index, value=_as_bytes_shown(arg))
    # The root's own options are parsed before any command is built (and --version answers at
    # once), so the per-command check of empty values (options.harden) never sees them.
    index = 0
    while index < len(args):
        arg = args[index]
        if not isinstance(arg, str) or not arg.startswith("-"):
            break  # the command: its options are its own
        name, eq, value = arg.partition("=")
        if name in ROOT_VALUE_OPTIONS:
            if not eq:
                index += 1  # the value is the next argument
                value = args[index] if index < len(args) else "x"
            if not str(value).strip():
                raise UsageError("arg.empty", name=name)
        index += 1


ROOT_VALUE_OPTIONS = ("--db", "--lang", "--actor")


def undecodable(text: str) -> bool:
    """Whether ``text`` holds bytes that were not UTF-8 (Python keeps them as lone surrogates).
    An encode, not a pattern: compiling one costs every command ~0.5 ms of start-up."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _as_bytes_shown(text: str) -> str:
    """``a\\xffb``: the bytes that are not UTF-8 shown as escapes, the rest as it is."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _click_exceptions() -> Any:
    """Typer 0.28 vendors click as ``typer._click``; older Typers use click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - Typer < 0.28
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


def _summary_only(name: str) -> Any:
    """A stand-in command that carries the table's summary, for listing in ``--help``."""
    from typer.core import TyperCommand

    return TyperCommand(name, help=COMMANDS[name].summary)


class LedgerGroup(TyperGroup):
    """The root group: lazy command table, and the single error boundary (every failure becomes
    one line on stderr and a named exit code).

    Overriding ``main`` (not ``invoke``) catches parse errors too, and works the same under
    ``typer.testing.CliRunner`` and the installed entry point.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options.harden(self)  # the global options (--db, --actor ...); commands as they are built
        self.commands = _LazyCommands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names alone: nothing is built to list them

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Command names from the table (building every command to list them costs ~50 ms on
        each <TAB>), then the root's options."""
        from typer._click.core import Command
        from typer._click.shell_completion import CompletionItem

        names = [n for n in COMMANDS if n.startswith(incomplete)]
        items = [CompletionItem(n, help=COMMANDS[n].summary) for n in names]
        return items + Command.shell_complete(self, ctx, incomplete)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Help lists each command's summary from the table: no command module is imported and
        no command built (plain and rich help alike ask ``self.commands`` for each one)."""
        lazy = self.commands
        self.commands = {name: _summary_only(name) for name in lazy}
        try:
            super().format_help(ctx, formatter)
        finally:
            self.commands = lazy

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
        from liuliqiao_cli.cli import click_text

        click = _click_exceptions()

        arglist = list(sys.argv[1:] if args is None else args)
        STATE.argv = tuple(arglist)
        wanted = _lang_from_args(arglist)
        if wanted in i18n.LANGS:
            i18n.set_language(wanted)
        else:
            i18n.set_language(i18n.language_from_environment())
        if i18n.current_language() == "zh" and not _can_show_chinese():
            i18n.set_language("en")
        click_text.install()  # help's own words in the language just chosen
        traceback_wanted = "--traceback" in arglist
        code: int = ExitStatus.OK
        stdout, stderr = sys.stdout, sys.stderr
        # A command run by `liuliqiao shell` is inside the shell's own guards: its guards stand
        # in front of the streams behind those, so that what draws (a prompt, a progress bar)
        # reaches the terminal through one guard's drawing side, not through two guards.
        guards = sys.stdout, sys.stderr = (
            GuardedStream(_unguarded(stdout)),
            GuardedStream(_unguarded(stderr)),
        )
        try:
            refused: LedgerError | None = None
            try:
                _check_arguments(arglist)
            except LedgerError as exc:  # bad arguments: one line, never a traceback
                refused = exc
            if refused is not None:
                _say_error(i18n.t(refused.key, **refused.params))
                code = refused.exit_status
            else:
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
            if traceback_wanted and not isinstance(exc, UsageError):  # misuse needs no traceback
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
            _say_error(i18n.t("error.usage", message=click_text.message(exc)))
            code = exc.exit_code if exc.exit_code else ExitStatus.USAGE
        except BrokenPipeError:
            code = ExitStatus.OK
        except Exception as exc:  # never a traceback: its locals and values may hold contacts
            if traceback_wanted:
                raise
            from liuliqiao_cli.cli.failures import unexpected

            _say_error(unexpected(exc))
            code = ExitStatus.REFUSED
        finally:
            _close(guards)
            sys.stdout, sys.stderr = stdout, stderr
        if standalone_mode:
            sys.exit(code)
        return code


def _unguarded(stream: Any) -> Any:
    """The stream behind the CLI's guard, or ``stream`` itself when it has none."""
    return stream.guarded if isinstance(stream, GuardedStream) else stream


def _close(guards: tuple[GuardedStream, ...]) -> None:
    """Let out what the guards hold back (a CR waiting for its LF, bytes of a cut sequence)."""
    for guard in guards:
        try:
            guard.buffer.flush()
        except (OSError, ValueError, LedgerError):  # a closed pipe: nothing more to say
            pass


app = typer.Typer(
    cls=LedgerGroup,
    name="liuliqiao",
    help="诉求台账：记录、分派、跟踪居民诉求 — the complaint ledger of a jointly managed estate.",
    no_args_is_help=False,  # `liuliqiao` alone prints the start page (see root)
    add_completion=True,
    pretty_exceptions_show_locals=False,  # locals hold residents' phone numbers
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from liuliqiao_cli import __version__

        typer.echo(f"liuliqiao {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
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
    if ctx.invoked_subcommand is None:  # `liuliqiao` alone: the start page, not the option list
        import shlex

        from liuliqiao_cli.cli.session import init_command, ledger_path
        from liuliqiao_cli.render.start_page import start_page

        path = ledger_path()
        sys.stdout.write(
            start_page(
                path=path.absolute(),
                exists=path.exists(),
                prefix=f"liuliqiao --db {shlex.quote(db)}" if db else "liuliqiao",
                init_command=init_command(),
            )
        )


# --- the lazy command table -----------------------------------------------------------------

# Commands are built only when asked for: Typer turns every registered function into a click
# command on each run (tens of ms for the whole tool), so `liuliqiao duty` builds the duty group
# alone, and `--help` lists the summaries of cli/commands.py without building any.
_built: dict[str, Any] = {}
completing = True  # whether commands are built with their completions (see main)


def _build(name: str) -> Any:
    """The click command ``name``, from the function or Typer group that the table names."""
    if name in _built:
        return _built[name]
    import importlib

    from typer import main as typer_main

    info = COMMANDS[name]
    target = getattr(importlib.import_module(f"liuliqiao_cli.cli.{info.module}"), info.attribute)
    holder = typer.Typer()  # only to have Typer read the function or group as it always does
    short, markup = holder.pretty_exceptions_short, holder.rich_markup_mode
    command: Any
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
        command = typer_main.get_group_from_info(
            holder.registered_groups[0],
            suggest_commands=holder.suggest_commands,
            pretty_exceptions_short=short,
            rich_markup_mode=markup,
        )
    else:
        holder.command(name)(target)
        command = typer_main.get_command_from_info(
            holder.registered_commands[0], pretty_exceptions_short=short, rich_markup_mode=markup
        )
    if completing:
        from liuliqiao_cli.cli import completion

        completion.attach(command, name)  # every parameter completes by its name, in one table
    _built[name] = options.harden(command)
    if len(_built) == 1:
        # The first command this process builds: its module and domain live as long as the
        # process too (~3,000 objects for `add`), frozen like the imports above. Only the first:
        # in `liuliqiao shell` (whose first command is `shell`) what later commands leave
        # behind stays collectable.
        gc.freeze()
    return command


def only_command() -> bool:
    """Whether the command running is this process's only one (not a line of `liuliqiao
    shell`): what it leaves behind need never be collected."""
    return len(_built) == 1


class _LazyCommands(MutableMapping):  # type: ignore[type-arg]
    """The root group's command table: names are known up front, commands built on first use."""

    def __init__(self, eager: MutableMapping[str, Any]) -> None:
        self._eager = dict(eager)

    def __getitem__(self, name: str) -> Any:
        if name in self._eager:
            return self._eager[name]
        if name not in COMMANDS:
            raise KeyError(name)
        return _build(name)

    def __iter__(self) -> Iterator[str]:
        yield from self._eager
        yield from (name for name in COMMANDS if name not in self._eager)

    def __len__(self) -> int:
        return len(set(self._eager) | set(COMMANDS))

    def __setitem__(self, name: str, command: Any) -> None:
        self._eager[name] = command

    def __delitem__(self, name: str) -> None:
        del self._eager[name]


def _completion_options_needed(args: list[str]) -> bool:
    """Typer's --install-completion and --show-completion (~0.35 ms to build) are left out
    when a command follows nothing but the root's own options, where nothing could use them."""
    index = 0
    while index < len(args):
        arg = args[index]
        if not arg.startswith("-"):
            return arg not in COMMANDS
        name, eq, _ = arg.partition("=")
        if name in ROOT_VALUE_OPTIONS:
            index += 1 if eq else 2
        elif arg == "--traceback":
            index += 1
        else:
            return True
    return True


def main() -> None:
    app._add_completion = _completion_options_needed(sys.argv[1:])
    # A command run once completes nothing unless the shell's completion script asks (its
    # variables): then the parameters' completions are not attached (~0.5 ms). The shell sets
    # this again for the commands it builds; imported (tests, the shell) it stays on.
    global completing
    completing = any(k.endswith("_COMPLETE") or "_COMPLETE_" in k for k in os.environ)
    app()
