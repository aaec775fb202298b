"""Data in and out: import, export."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from liuliqiao_cli.cli import options, recorded
from liuliqiao_cli.cli.options import TABLE, ForceOption, FormatOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.exchange import jsonl as exchange
from liuliqiao_cli.exchange import jsonl_import, workorders
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.exchange_view import (
    duplicate_lines,
    merge_lines,
    plan_rows,
    workorder_columns,
    workorder_progress,
)
from liuliqiao_cli.render.formats import EXPORT_FORMATS
from liuliqiao_cli.render.output import emit

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.

# Choices derive from the table of export formats.
ExportFormat = Enum("ExportFormat", {name: name for name in EXPORT_FORMATS}, type=str)  # type: ignore[misc]
JSONL = ExportFormat("jsonl")


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
    fmt: FormatOption = TABLE,
) -> None:
    """导入 12345 工单表或合并另一台账的交换文件 / Import 12345 work orders, or merge another ledger's file."""
    kind = exchange.check_suffix(file.name)
    if not file.exists():
        raise UsageError("workorders.missing", path=str(file))
    if kind == "ledger" and (strict or mapping):
        raise UsageError("exchange.spreadsheet_only")
    with session() as s:
        if kind == "ledger":
            with open(file, "rb") as stream:
                merged = jsonl_import.import_ledger(
                    s.conn,
                    stream,
                    now=s.now,
                    actor=s.actor,
                    source_name=file.name,
                    force=force,
                    dry_run=dry_run,
                )
            for line in merge_lines(merged, dry_run=dry_run):
                _say(line)
            return
        # The plan is listed for a dry run and for scripts (json/csv); after a real import a
        # table of every row would only bury the summary.
        with workorder_progress() as progress:
            report = workorders.import_workorders(
                s.conn,
                file,
                now=s.now,
                actor=s.actor,
                mapping=workorders.parse_map(mapping),
                dry_run=dry_run,
                strict=strict,
                progress=progress,
                keep_plan=dry_run or fmt is not TABLE,
            )
    if report.planned:
        emit(
            workorder_columns(s.lang, written=report.written), plan_rows(report, s.lang), fmt.value
        )
    for problem in report.problems:
        _say(t("workorders.row_problem", row=problem.row, message=t(problem.key, **problem.params)))
    for line in duplicate_lines(report, dry_run=dry_run or not report.written):
        _say(line)
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
        Path | None, options.output("输出文件（默认：标准输出）/ file to write (default: stdout)")
    ] = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", help="jsonl（台账交换）| open311 | csv", case_sensitive=False
        ),
    ] = JSONL,
    since: Annotated[
        str | None, options.since("受理日期起 / received on or after (open311, csv)")
    ] = None,
    until: Annotated[
        str | None, options.until("受理日期止 / received on or before (open311, csv)")
    ] = None,
    with_contacts: Annotated[
        bool,
        options.with_contacts("包含居民姓名电话（会记录）/ include residents' contacts (recorded)"),
    ] = False,
    force: ForceOption = False,
) -> None:
    """导出整本台账（jsonl）、Open311 服务请求或 CSV / Export the ledger (jsonl), Open311 requests or CSV."""
    with (
        session() as s,
        recorded.export(s, "export", fmt.value, output, with_contacts=with_contacts) as tally,
    ):
        result = exchange.export(
            s.conn,
            fmt.value,
            output,
            now=s.now,
            actor=s.actor,
            since=since,
            until=until,
            with_contacts=with_contacts,
            force=force,
            lang=s.lang,
        )
        tally.rows = result.count
    if output is not None:
        _say(t("exchange.exported", path=output, count=result.count, format=fmt.value))
