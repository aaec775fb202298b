"""Options and arguments shared by several commands, each defined once (typer only, and the
format tables: cheap to import).

Where commands give a flag the same meaning and words, it is an ``Annotated`` alias. Where the
flag is the same but its help says what it means for that command (``--since`` counts received
dates for ``list`` and event dates for ``history``), it is a function of that help text::

    since: Annotated[str | None, options.since("受理日期起 / received on or after")] = None
"""

from enum import Enum
from typing import Annotated, Any

import typer

from liuliqiao_cli.render.formats import LISTING_FORMATS

# Choices derive from the table of listing formats (`str, Enum`, as Typer wants for choices).
OutputFormat = Enum("OutputFormat", {name: name for name in LISTING_FORMATS}, type=str)  # type: ignore[misc]
TABLE = OutputFormat("table")

FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help=f"输出格式 / output format: {' | '.join(LISTING_FORMATS)}",
        case_sensitive=False,
    ),
]
ComplaintArg = Annotated[
    str,
    typer.Argument(
        help="诉求编号，如 1025、#1025 或 B17 / complaint number or name", show_default=False
    ),
]
NoteOption = Annotated[
    str | None, typer.Option("--note", "-n", help="备注 / a note kept in the history")
]
ReasonOption = Annotated[
    str | None, typer.Option("--reason", help="理由（记入处理记录）/ reason, kept in the history")
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="不显示进度条（管道中本来就不显示）/ no progress bar (none in a pipe anyway)",
    ),
]


def since(help: str) -> Any:
    """``--since DATE``: the first day of what the command counts."""
    return typer.Option("--since", help=help, show_default=False)


def until(help: str) -> Any:
    """``--until DATE``: the last day, inclusive."""
    return typer.Option("--until", help=help, show_default=False)


def with_contacts(help: str) -> Any:
    """``--with-contacts``: residents' names and phones unmasked; the command records that."""
    return typer.Option("--with-contacts", help=help)


def reason(help: str) -> Any:
    """``--reason TEXT``: why, kept in the history (required where the command says so)."""
    return typer.Option("--reason", help=help, show_default=False)


def output(help: str) -> Any:
    """``--output/-o FILE``: the file to write instead of stdout."""
    return typer.Option("--output", "-o", help=help, dir_okay=False, show_default=False)


# --- what every parameter of every command refuses ------------------------------------------

# SQLite stores an integer in 8 bytes, signed: a larger number reaching a query is an
# OverflowError, not an answer. Click's INT takes any Python int, so every int parameter is held
# to this range (a command may narrow it further, as `duty ics --years` does).
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def harden(command: Any) -> Any:
    """Hold every parameter of ``command`` (and of the commands of a group) to what the ledger can
    take: integers within 64 bits, and no empty value. An empty value is refused rather than read
    as "not given": ``add --source ""`` recorded a walk-in, ``--item ""`` recognised the item
    from the text. Called once per command as it is built, so a command added later is held too.
    """
    for param in getattr(command, "params", ()):
        if not getattr(param, "is_flag", False):
            param.callback = _checked(param.callback)
    for sub in (getattr(command, "commands", None) or {}).values():
        harden(sub)
    return command


def _checked(callback: Any) -> Any:
    def check(ctx: Any, param: Any, value: Any) -> Any:
        source = ctx.get_parameter_source(param.name) if param.name else None
        if source is None or source.name not in ("DEFAULT", "DEFAULT_MAP"):  # typed, not ours
            for one in value if isinstance(value, (tuple, list)) else (value,):
                _check_value(param, one)
        return callback(ctx, param, value) if callback is not None else value

    return check


def _check_value(param: Any, value: Any) -> None:
    from liuliqiao_cli.errors import UsageError

    if isinstance(value, int) and not isinstance(value, bool):
        if not INT_MIN <= value <= INT_MAX:
            raise UsageError(
                "arg.out_of_range", name=_name(param), value=value, low=INT_MIN, high=INT_MAX
            )
    elif isinstance(value, str) and not value.strip():
        # An argument's emptiness is the command's to word ("the complaint's text is empty"),
        # except a file's: "" would be read as ".", the current folder.
        if param.param_type_name == "option" or type(param.type).__name__ in ("Path", "TyperPath"):
            raise UsageError("arg.empty", name=_name(param))


def _name(param: Any) -> str:
    """``--limit`` for an option (its long name), ``meeting_id`` for an argument (as its help
    lists it)."""
    if param.param_type_name == "option":
        longs = [o for o in param.opts if o.startswith("--")]
        return str((longs or param.opts)[0])
    return str(param.name)
