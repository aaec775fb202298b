"""The 12345 clock's own commands: ``today`` (the morning digest) and ``calls`` (the follow-up
call queue). Both are plain text without rich: they are budgeted at start-up and cron reads
them."""

import sys
from enum import Enum
from typing import Annotated

import typer

from liuliqiao_cli.cli import options
from liuliqiao_cli.cli.options import TABLE, FormatOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.errors import ExitStatus
from liuliqiao_cli.i18n import t

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.


TABLE_ROWS = 50  # rows of the call table when no --limit is given: a day's calls, and more


class DigestFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


FailOnOverdue = Annotated[
    bool,
    typer.Option(
        "--fail-on-overdue",
        help="有逾期诉求时以退出码 3 结束（用于监控）/ exit 3 when anything is overdue",
    ),
]


def calls(
    with_contacts: Annotated[
        bool,
        options.with_contacts(
            "显示电话和回访话术（此次查看会被记录）/ show phones and the call scripts (recorded)"
        ),
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-l", help="最多几条 / at most N", show_default=False),
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """待回访：已办结、等待回访电话的诉求（最早的在前）/ Follow-up calls waiting, oldest first."""
    from liuliqiao_cli.complaints import calls as calls_mod
    from liuliqiao_cli.estate import model
    from liuliqiao_cli.render import calls_view
    from liuliqiao_cli.render.output import Column, emit

    cap = limit
    if fmt is TABLE and limit is None:
        cap = TABLE_ROWS  # a table for a person, not eight thousand rows
    from liuliqiao_cli.cli import recorded
    from liuliqiao_cli.complaints.reveal import revealed

    with session() as s, recorded.listing(s, "calls", fmt.value, with_contacts) as tally:
        waiting = calls_mod.queue(
            s.conn, now=s.now, with_contacts=with_contacts, actor=s.actor, limit=cap
        )
        estate = model.load(s.conn)
        shown = with_contacts and revealed(s.conn)  # the companion file may be missing
        companies = {code: estate.company_name(code, s.lang) for code in estate.companies}
        items = {code: estate.item_name(code, s.lang) for code in estate.items}
        community = estate.info.get("community", "") or estate.name
        scripts = with_contacts or fmt is not TABLE  # a table shows them with the phones only
        rows = list(calls_view.rows(waiting.calls, companies, items, community, scripts))
        tally.rows = len(rows)
        if fmt is not TABLE:
            emit([Column(k, k) for k in calls_view.JSON_KEYS], rows, fmt.value)
            if shown:
                typer.echo(t("contacts.recorded"), err=True)
            return
        from liuliqiao_cli.render import plain

        if not rows:
            typer.echo(t("calls.none"), err=True)
            return
        plain.table(
            calls_view.columns(companies, items), rows, title=t("calls.title", count=waiting.total)
        )
        if waiting.total > len(rows):
            typer.echo(t("calls.more", shown=len(rows), more=waiting.total - len(rows)), err=True)
        if with_contacts:
            typer.echo("\n" + t("calls.scripts"))
            for row in rows:
                typer.echo(f"#{row['id']}  {row['script']}")
        if shown:
            typer.echo(t("contacts.recorded"), err=True)
        typer.echo(t("calls.record_hint"), err=True)


def today(
    fmt: Annotated[
        DigestFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式 / output format: text | md | json",
            case_sensitive=False,
        ),
    ] = DigestFormat.text,
    fail_on_overdue: FailOnOverdue = False,
) -> None:
    """今日提要：今明两天到期、逾期、待回访、当值与交接、近期会议 / The morning digest: due today and tomorrow, overdue, calls, duty, meetings.

    For cron and for the worker: plain text (no colours), the same output for the same ledger
    and clock, exit 0 (3 with --fail-on-overdue when something is overdue).
    """
    from liuliqiao_cli.render import today_view
    from liuliqiao_cli.reports import today as today_mod

    with session() as s:
        digest = today_mod.build(s.conn, now=s.now)
    if fmt is DigestFormat.json:
        today_view.write_json(digest, sys.stdout)
    elif fmt is DigestFormat.md:
        sys.stdout.write(today_view.to_markdown(digest))
    else:
        sys.stdout.write(today_view.to_text(digest))
    sys.stdout.flush()
    if fail_on_overdue and digest.overdue_total:
        raise typer.Exit(ExitStatus.OVERDUE)
