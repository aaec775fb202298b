"""Data in and out: import, export, db backup, db check."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from liuliqiao_cli.cli.options import FormatOption, OutputFormat


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    open311 = "open311"
    csv = "csv"


def _say(text: str) -> None:
    typer.echo(text, err=True)


def import_file(
    file: Annotated[
        Path,
        typer.Argument(
            help="12345 工单表（.xlsx/.csv）或台账交换文件（.jsonl）/ work-order spreadsheet or ledger file",
            dir_okay=False,
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="只检查并显示将导入的内容，不写入 / check and show, write nothing"
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="工单表任一行有问题则全部不导入 / all rows or none")
    ] = False,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--map", help='表头映射 / header mapping: "工单编号=ref,来电时间=received,..."'
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="接受其他小区的台账文件 / accept a ledger file of another estate"
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """导入 12345 工单表或合并另一台账的交换文件 / Import 12345 work orders, or merge another ledger's file."""
    import sys

    from liuliqiao_cli.cli import current_actor, lang, now_for, open_ledger
    from liuliqiao_cli.errors import UsageError
    from liuliqiao_cli.exchange import jsonl as exchange
    from liuliqiao_cli.i18n import t

    kind = exchange.check_suffix(file.name)
    if not file.exists():
        raise UsageError("workorders.missing", path=str(file))
    if kind == "ledger" and (strict or mapping):
        raise UsageError("exchange.spreadsheet_only")
    conn = open_ledger()
    try:
        now = now_for(conn)
        if kind == "ledger":
            from liuliqiao_cli.exchange import jsonl_import

            with open(file, "rb") as stream:
                merged = jsonl_import.import_ledger(
                    conn,
                    stream,
                    now=now,
                    actor=current_actor(),
                    source_name=file.name,
                    force=force,
                    dry_run=dry_run,
                )
            from liuliqiao_cli.render.exchange_view import merge_lines

            for line in merge_lines(merged, dry_run=dry_run):
                _say(line)
            return
        from liuliqiao_cli.exchange import workorders
        from liuliqiao_cli.render.exchange_view import plan_rows, workorder_columns

        progress = None
        bar = None
        if sys.stderr.isatty():
            from rich.progress import Progress, SpinnerColumn, TextColumn

            from liuliqiao_cli.render.output import console

            bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                console=console(stderr=True),
                transient=True,
            )
            task = bar.add_task(t("workorders.progress", row=0))
            bar.start()

            def progress(row: int) -> None:
                bar.update(task, description=t("workorders.progress", row=row))

        try:
            # The plan is listed for a dry run and for scripts (json/csv); after a real import
            # a table of every row would only bury the summary.
            report = workorders.import_workorders(
                conn,
                file,
                now=now,
                actor=current_actor(),
                mapping=workorders.parse_map(mapping),
                dry_run=dry_run,
                strict=strict,
                progress=progress,
                keep_plan=dry_run or fmt != OutputFormat.table,
            )
        finally:
            if bar is not None:
                bar.stop()
    finally:
        conn.close()
    from liuliqiao_cli.render.output import emit

    if report.planned:
        emit(
            workorder_columns(lang(), written=report.written), plan_rows(report, lang()), fmt.value
        )
    for problem in report.problems:
        _say(t("workorders.row_problem", row=problem.row, message=t(problem.key, **problem.params)))
    _say(
        t(
            "workorders.summary_dry"
            if dry_run
            else ("workorders.summary" if report.written else "workorders.summary_none"),
            rows=report.rows,
            new=report.created,
            already=report.already,
            problems=len(report.problems),
            numbers=f"#{report.first_id}-#{report.last_id}" if report.first_id else "-",
        )
    )
    if report.problems:
        raise typer.Exit(code=1)


def export(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="输出文件（默认：标准输出）/ file to write (default: stdout)",
            dir_okay=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", help="jsonl（台账交换）| open311 | csv", case_sensitive=False
        ),
    ] = ExportFormat.jsonl,
    since: Annotated[
        str | None, typer.Option("--since", help="受理日期起 / received on or after (open311, csv)")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="受理日期止 / received on or before (open311, csv)"),
    ] = None,
    with_contacts: Annotated[
        bool,
        typer.Option(
            "--with-contacts",
            help="包含居民姓名电话（会记录）/ include residents' contacts (recorded)",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")
    ] = False,
) -> None:
    """导出整本台账（jsonl）、Open311 服务请求或 CSV / Export the ledger (jsonl), Open311 requests or CSV."""
    from liuliqiao_cli.cli import current_actor, lang, now_for, open_ledger
    from liuliqiao_cli.exchange import jsonl as exchange
    from liuliqiao_cli.i18n import t

    conn = open_ledger()
    try:
        result = exchange.export(
            conn,
            fmt.value,
            output,
            now=now_for(conn),
            actor=current_actor(),
            since=since,
            until=until,
            with_contacts=with_contacts,
            force=force,
            lang=lang(),
        )
    finally:
        conn.close()
    if output is not None:
        _say(t("exchange.exported", path=output, count=result.count, format=fmt.value))


def backup(
    target: Annotated[
        Path,
        typer.Argument(help="备份文件 / backup file, e.g. backups/2026-11-27.db", dir_okay=False),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")
    ] = False,
) -> None:
    """在线备份台账（使用中也安全）/ Online backup of the ledger (safe while it is in use)."""
    from liuliqiao_cli.cli import open_ledger
    from liuliqiao_cli.exchange import backup as backup_mod
    from liuliqiao_cli.i18n import t

    conn = open_ledger()
    try:
        result = backup_mod.backup(conn, target, force=force)
    finally:
        conn.close()
    _say(
        t(
            "backup.done",
            path=result.path,
            size=f"{result.bytes / 1024:.0f}",
            complaints=result.complaints,
            events=result.events,
        )
    )


def check(
    fmt: FormatOption = OutputFormat.table,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="重建全文索引和统计汇总（由记录推算，不改记录）后再检查 / Rebuild the search index and running totals (derived, records untouched), then check",
        ),
    ] = False,
) -> None:
    """检查台账：完整性、外键、全文索引、统计汇总、历史、结构版本 / Check integrity, foreign keys, search index, running totals, history, schema."""
    from liuliqiao_cli.cli import open_ledger
    from liuliqiao_cli.exchange import backup as backup_mod
    from liuliqiao_cli.i18n import t
    from liuliqiao_cli.render.exchange_view import check_columns, check_rows
    from liuliqiao_cli.render.output import emit

    conn = open_ledger()
    try:
        if repair:
            backup_mod.repair(conn)
            _say(t("check.repaired"))
        results = backup_mod.check(conn)
    finally:
        conn.close()
    emit(check_columns(), check_rows(results), fmt.value)
    bad = [r for r in results if not r.ok]
    _say(t("check.verdict_bad", count=len(bad)) if bad else t("check.verdict_ok"))
    if bad:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    from liuliqiao_cli.cli.admin import db_app

    app.command("import")(import_file)
    app.command("export")(export)
    db_app.command("backup")(backup)
    db_app.command("check")(check)
