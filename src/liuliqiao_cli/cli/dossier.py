"""`liuliqiao dossier`: the meeting dossier in Markdown, HTML, Word, Excel or JSON."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class DossierFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"
    xlsx = "xlsx"
    json = "json"


_EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".json": "json",
}


def dossier(
    meeting_id: Annotated[
        int | None, typer.Argument(help="会议编号 / meeting number", show_default=False)
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="输出文件，按扩展名定格式 / file to write; the extension picks the format (.md .html .docx .xlsx .json)",
            dir_okay=False,
        ),
    ] = None,
    fmt: Annotated[
        DossierFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="格式 / format: md | html | docx | xlsx | json",
            case_sensitive=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="不针对某次会议：起始日期 / without a meeting: first day"),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="不针对某次会议：截止日期 / without a meeting: last day"),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")
    ] = False,
    with_contacts: Annotated[
        bool,
        typer.Option(
            "--with-contacts",
            help="含居民姓名电话（将被记录）/ include residents' names and phones (recorded)",
        ),
    ] = False,
) -> None:
    """导出会议材料（台账）/ Export a meeting's dossier: Markdown, printable HTML, Word, Excel, JSON."""
    import sys

    from liuliqiao_cli import dates
    from liuliqiao_cli.cli import current_actor, ledger_path, now_for, open_ledger
    from liuliqiao_cli.errors import LedgerError, UsageError
    from liuliqiao_cli.i18n import t
    from liuliqiao_cli.meetings import dossier
    from liuliqiao_cli.store import files

    if meeting_id is not None and (since or until):
        raise UsageError("dossier.meeting_and_period")
    if meeting_id is None and not (since and until):
        raise UsageError("dossier.need_meeting_or_period")
    if fmt is not None:
        chosen = fmt.value
    elif output is not None:
        chosen = _EXTENSIONS.get(output.suffix.lower(), "")
        if not chosen:
            raise UsageError(
                "dossier.bad_format",
                value=output.suffix or output.name,
                choices=", ".join(_EXTENSIONS),
            )
    else:
        chosen = "md"
    if output is None and chosen in ("docx", "xlsx"):
        raise UsageError("dossier.needs_output", format=chosen)
    if output is not None:
        files.check_target(output, force=force, ledger=ledger_path())
    conn = open_ledger()
    try:
        now = now_for(conn)
        first = dates.parse_date(since, today=now.date()) if since else None
        last = dates.parse_date(until, today=now.date()) if until else None
        data = dossier.build(
            conn,
            meeting_id,
            since=first,
            until=last,
            with_contacts=with_contacts,
            actor=current_actor(),
            now=now,
            fmt=chosen,
        )
    finally:
        conn.close()
    from liuliqiao_cli.render import dossier_files

    if output is None:
        dossier_files.write_text(data, chosen, sys.stdout)
        return
    try:
        dossier_files.write_file(data, chosen, output)
    except OSError as exc:
        raise LedgerError(
            "dossier.write_failed", path=str(output), reason=exc.strerror or type(exc).__name__
        ) from None
    typer.echo(t("dossier.written", path=output, count=len(data.agenda)), err=True)
