"""`liuliqiao dossier`: the meeting dossier in Markdown, HTML, Word, Excel or JSON."""

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from liuliqiao_cli import dates
from liuliqiao_cli.cli import only_command, options, recorded
from liuliqiao_cli.cli.options import ForceOption
from liuliqiao_cli.cli.session import ledger_path, session
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings import dossier as meetings_dossier
from liuliqiao_cli.render import dossier_files
from liuliqiao_cli.render.formats import DOSSIER_FORMATS

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.

# Choices derive from the table of dossier formats.
DossierFormat = Enum("DossierFormat", {name: name for name in DOSSIER_FORMATS}, type=str)  # type: ignore[misc]
_NAMES = " | ".join(DOSSIER_FORMATS)
_EXTENSIONS = " ".join(f.extensions[0] for f in DOSSIER_FORMATS.values())


def _moment(text: str, now: datetime) -> datetime:
    """``--as-of``: now; a date, meaning the end of that day; or a date and time."""
    value = text.strip()
    if value.lower() in ("now", "现在"):
        return now
    try:
        day = dates.parse_date(value, today=now.date())
    except UsageError:
        return dates.parse_datetime(value, today=now.date())
    return datetime.combine(day, time(23, 59, 59))


@contextmanager
def _no_collections() -> Iterator[None]:
    """The garbage collector paused while a dossier is built and written: its many objects (rows,
    events, the document's tree, the modules it imports) hold no cycles worth collecting, and
    the collections that walked them cost the 200-item dossier ~2 ms (Markdown) to ~3 ms (Word)
    of CPU; a 10,000-item one peaks at the same memory either way. When the process ends with
    the dossier, they are frozen (gc.freeze) rather than walked once more when collections
    resume and again at exit (~20 ms of a Word dossier); in `liuliqiao shell` they stay
    collectable."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if only_command():
            gc.freeze()
        if was:
            gc.enable()


def dossier(
    meeting_id: Annotated[
        int | None, typer.Argument(help="会议编号 / meeting number", show_default=False)
    ] = None,
    output: Annotated[
        Path | None,
        options.output(
            f"输出文件，按扩展名定格式 / file to write; the extension picks the format ({_EXTENSIONS})"
        ),
    ] = None,
    fmt: Annotated[
        DossierFormat | None,
        typer.Option("--format", "-f", help=f"格式 / format: {_NAMES}", case_sensitive=False),
    ] = None,
    since: Annotated[
        str | None, options.since("不针对某次会议：起始日期 / without a meeting: first day")
    ] = None,
    until: Annotated[
        str | None, options.until("不针对某次会议：截止日期 / without a meeting: last day")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="台账按哪一时刻呈现：日期、日期和时间或 now；已开的会默认为开会时 / the ledger as it"
            " stood at: a date, a date and time, or now (a meeting held: when it sat)",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    with_contacts: Annotated[
        bool,
        options.with_contacts(
            "含居民姓名电话（将被记录）/ include residents' names and phones (recorded)"
        ),
    ] = False,
) -> None:
    """导出会议材料（台账）/ Export a meeting's dossier: Markdown, printable HTML, Word, Excel, JSON."""
    if meeting_id is not None and (since or until):
        raise UsageError("dossier.meeting_and_period")
    if meeting_id is None and not (since and until):
        raise UsageError("dossier.need_meeting_or_period")
    chosen = dossier_files.choose(
        fmt.value if fmt else None, output, force=force, ledger=ledger_path()
    )
    with (
        _no_collections(),
        session() as s,
        recorded.export(
            s,
            "dossier",
            chosen,
            output,
            with_contacts=with_contacts,
            about={"meeting": meeting_id} if meeting_id else {"since": since, "until": until},
        ) as tally,
    ):
        today = s.now.date()
        data = meetings_dossier.build(
            s.conn,
            meeting_id,
            since=dates.parse_date(since, today=today) if since else None,
            until=dates.parse_date(until, today=today) if until else None,
            as_of=_moment(as_of, s.now) if as_of is not None else None,
            with_contacts=with_contacts,
            actor=s.actor,
            now=s.now,
            fmt=chosen,
        )
        dossier_files.write(data, chosen, output, sys.stdout)
        tally.rows = len(data.agenda)
    if output is not None:
        typer.echo(t("dossier.written", path=output, count=len(data.agenda)), err=True)
