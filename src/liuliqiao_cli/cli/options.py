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
