"""Data in and out: import, export, and merging another laptop's ledger file."""

import sqlite3
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from liuliqiao_cli.cli import options, recorded
from liuliqiao_cli.cli.options import TABLE, ForceOption, FormatOption, QuietOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.exchange import jsonl as exchange
from liuliqiao_cli.exchange import jsonl_import, workorders
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render import progress as progress_view
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
    quiet: QuietOption = False,
) -> None:
    """导入 12345 工单表或合并另一台账的交换文件 / Import 12345 work orders, or merge another ledger's file."""
    kind = exchange.check_suffix(file.name)
    if not file.exists():
        raise UsageError("workorders.missing", path=str(file))
    if kind == "ledger" and (strict or mapping):
        raise UsageError("exchange.spreadsheet_only")
    if kind == "ledger":
        _merge_file(file, dry_run=dry_run, force=force, quiet=quiet)
        return
    with session() as s:
        # The plan is listed for a dry run and for scripts (json/csv); after a real import a
        # table of every row would only bury the summary.
        with workorder_progress(quiet) as progress:
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
            workorder_columns(s.lang, written=report.written, label=report.label),
            plan_rows(report, s.lang),
            fmt.value,
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
            numbers=f"#{report.label(report.first_id)}-#{report.label(report.last_id)}"
            if report.first_id and report.last_id
            else "-",
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
    quiet: QuietOption = False,
) -> None:
    """导出整本台账（jsonl）、Open311 服务请求或 CSV / Export the ledger (jsonl), Open311 requests or CSV."""
    with (
        session() as s,
        recorded.export(s, "export", fmt.value, output, with_contacts=with_contacts) as tally,
        progress_view.bar(
            "progress.export", quiet=quiet or fmt is not JSONL or output is None
        ) as progress,
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
            progress=progress_view.counted(progress),
        )
        tally.rows = result.count
        hint = fmt is JSONL and not quiet and _no_station(s.conn)
    if hint:  # after the bar is gone
        _say(t("names.station_none"))
    if output is not None:
        _say(t("exchange.exported", path=output, count=result.count, format=fmt.value))


def _no_station(conn: "sqlite3.Connection") -> bool:
    """Ledgers that exchange files need a station letter for their complaints' names to travel."""
    from liuliqiao_cli.complaints import names

    return names.station(conn) is None


def _merge_file(file: Path, *, dry_run: bool, force: bool, quiet: bool) -> None:
    with (
        session() as s,
        progress_view.bar("progress.merge", quiet=quiet, total=file.stat().st_size) as progress,
        open(file, "rb") as stream,
    ):
        merged = jsonl_import.import_ledger(
            s.conn,
            stream,
            now=s.now,
            actor=s.actor,
            source_name=file.name,
            force=force,
            dry_run=dry_run,
            progress=progress,
        )
        hint = not quiet and _no_station(s.conn)
    if hint:
        _say(t("names.station_none"))
    for line in merge_lines(merged, dry_run=dry_run):
        _say(line)


def merge(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="另一台电脑导出的台账交换文件（.jsonl）/ a ledger file exported on another laptop",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    conflicts: Annotated[
        bool,
        typer.Option("--conflicts", help="列出待处理的冲突 / list the conflicts to settle"),
    ] = False,
    everything: Annotated[
        bool,
        typer.Option(
            "--all", help="与 --conflicts 同用：含已处理的 / with --conflicts: settled too"
        ),
    ] = False,
    keep: Annotated[
        int | None,
        typer.Option(
            "--keep",
            help="处理冲突 N：保留合并采用的值 / settle conflict N: what the merge kept is right",
            show_default=False,
        ),
    ] = None,
    take: Annotated[
        int | None,
        typer.Option(
            "--take",
            help="处理冲突 N：改用另一台电脑的值 / settle conflict N: take the other laptop's value",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="只检查并显示将合并的内容，不写入 / check and show, write nothing"
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="接受其他小区的台账文件 / accept a ledger file of another estate"
        ),
    ] = False,
    fmt: FormatOption = TABLE,
    quiet: QuietOption = False,
) -> None:
    """合并另一台电脑的台账（不丢任何更改），列出并处理冲突 / Merge another laptop's ledger (no change lost); list and settle conflicts.

    liuliqiao merge b.jsonl 合并；liuliqiao merge --conflicts 列出两边改得不同的地方；
    merge --keep N / --take N 处理第 N 处（也可以直接再改一次那一项，如 tag B17 --company 首华）。
    """
    from liuliqiao_cli.exchange import conflicts as conflicts_mod
    from liuliqiao_cli.render import merge_view

    if everything and not conflicts:
        raise UsageError("merge.all_needs_conflicts")
    asked = [x for x in (file is not None, conflicts, keep is not None, take is not None) if x]
    if len(asked) != 1:
        raise UsageError("merge.one_thing")
    if file is not None:
        if exchange.check_suffix(file.name) != "ledger":
            raise UsageError("merge.not_ledger_file", name=file.name)
        if not file.exists():
            raise UsageError("workorders.missing", path=str(file))
        _merge_file(file, dry_run=dry_run, force=force, quiet=quiet)
        return
    if dry_run or force:
        raise UsageError("merge.file_only")
    with session() as s:
        if conflicts:
            found = conflicts_mod.list_conflicts(s.conn, everything=everything)
            from liuliqiao_cli.estate import model

            rows = merge_view.conflict_rows(found, s.lang, model.load(s.conn))
            emit(merge_view.conflict_columns(), rows, fmt.value)
            if fmt is TABLE:
                _say(merge_view.conflicts_summary(found))
            return
        number = keep if keep is not None else take
        assert number is not None
        settled = conflicts_mod.settle(
            s.conn, number, take=take is not None, now=s.now, actor=s.actor
        )
    _say(merge_view.settled_line(settled))
