"""`liuliqiao estate`: the estate as the ledger holds it on a day (`--date`), its versions
(`--versions`), and `estate apply`: a renegotiated agreement recorded as a new version from a date.

The bare command is budgeted at start-up: the versions' history, the agreement's checks and the
estate file's reader are imported by the option and the subcommand that use them.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from liuliqiao_cli import dates
from liuliqiao_cli.cli import options
from liuliqiao_cli.cli.options import TABLE, FormatOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.errors import ExitStatus, LedgerError, UsageError
from liuliqiao_cli.estate import duty_ledger, model, versions
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render import estate_view

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.

estate_app = typer.Typer(invoke_without_command=True, no_args_is_help=False)  # help: below


@estate_app.callback()
def show_estate(
    ctx: typer.Context,
    when: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="看某天执行的版本（默认今天）/ the estate as in force on this day (default today)",
            show_default=False,
        ),
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            "--versions",
            help="列出小区定义的各个版本 / list the versions of the estate, oldest first",
        ),
    ] = False,
    fmt: FormatOption = TABLE,
) -> None:
    """小区概况：楼栋、单元、物业公司、服务项目清单 / The estate: buildings, units, companies, service items.

    --date 显示某天执行的版本，--versions 列出各个版本（estate apply 记录新版本）。/ --date
    shows the version in force on a day, --versions lists every version (estate apply records
    a new one)."""
    if ctx.invoked_subcommand is not None:
        if when is not None or history:
            raise UsageError("estate.options_with_command", command=ctx.invoked_subcommand)
        return
    if when is not None and history:
        raise UsageError("estate.date_and_versions")
    with session() as s:
        today = s.now.date()
        if history:
            found = versions.history(s.conn)
        else:
            on = dates.parse_date(when, today=today) if when is not None else today
            data = model.load(s.conn, on=on)
            rotation, _ = duty_ledger.load_rotation(s.conn)
            facts = versions.in_force_on(s.conn, on)
    if history:
        _versions(found, fmt.value, s.lang)
        return
    estate_view.render(
        data, rotation, fmt.value, s.lang, facts=facts, on=on, asked=when is not None
    )


def _versions(found: list, fmt: str, lang: str) -> None:  # type: ignore[type-arg]
    from liuliqiao_cli.render import agreement_view
    from liuliqiao_cli.render.output import emit

    columns = agreement_view.versions_columns()
    if fmt == "table":
        from liuliqiao_cli.render import plain

        rows = list(agreement_view.versions_rows(found, lang, machine=False))
        plain.table(columns, rows, title=t("versions.title", count=len(rows)))
    else:
        emit(columns, agreement_view.versions_rows(found, lang, machine=True), fmt)


def _on_terminal() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


@estate_app.command("apply")
def apply_version(
    estate_file: Annotated[
        Path,
        typer.Argument(
            help="新版本的小区定义 TOML（格式同 init --estate）/ the new estate definition (as for init --estate)",
            dir_okay=False,
            show_default=False,
        ),
    ],
    since: Annotated[
        str,
        typer.Option(
            "--from",
            help="自哪天起执行（必填）/ the first day it is in force (required)",
            show_default=False,
        ),
    ],
    reason: Annotated[
        str | None, options.reason("理由，如“三方协议补充条款”/ why (kept in the history)")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="不询问直接记录（脚本用）/ do not ask (for scripts)")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="只列出变更，不记录 / list what changes, record nothing"),
    ] = False,
) -> None:
    """记录重新商定的协议：小区定义的新版本自某日起执行（先列出变更和受影响的诉求）/ Record a renegotiated agreement: a new version of the estate from a date (what changes is listed first)."""
    from liuliqiao_cli.complaints.typed_input import clean_text
    from liuliqiao_cli.estate import agreement
    from liuliqiao_cli.estate.definition import read_definition_file
    from liuliqiao_cli.render import agreement_view

    if yes and dry_run:
        raise UsageError("agreement.yes_and_dry_run")
    note = clean_text(reason, what="reason", limit=1000, required=False)
    definition = read_definition_file(estate_file)
    source = str(estate_file)
    with session() as s:
        today = s.now.date()
        start = dates.parse_date(since, today=today)
        plan = agreement.plan(s.conn, definition, start, source=source, today=today)
        if not (yes or dry_run or _on_terminal()):
            raise LedgerError("agreement.needs_yes", date=start.isoformat())
        for line in agreement_view.preview_lines(plan, s.lang):
            typer.echo(line)
        if dry_run:
            typer.echo(t("agreement.dry_run"), err=True)
            return
        if not yes and not typer.confirm(t("agreement.confirm"), default=False, err=True):
            typer.echo(t("agreement.cancelled"), err=True)
            raise typer.Exit(ExitStatus.REFUSED)
        done = agreement.apply(
            s.conn,
            definition,
            start,
            source=source,
            reason=note,
            actor=s.actor,
            now=s.now,
            shown=[a.id for a in plan.affected],
        )
    typer.echo(
        t("agreement.recorded", number=done.number, date=start.isoformat(), event=done.event_id),
        err=True,
    )
