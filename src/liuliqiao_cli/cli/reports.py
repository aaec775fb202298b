"""summary and rates: the weekly summary for cron and the three rates of 12345 assessment."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from liuliqiao_cli.cli import options
from liuliqiao_cli.cli.options import TABLE, ForceOption, FormatOption
from liuliqiao_cli.cli.session import ledger_path, session
from liuliqiao_cli.dates import parse_date
from liuliqiao_cli.errors import ExitStatus, LedgerError, UsageError
from liuliqiao_cli.estate import model
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render import rates_text, summary_json, summary_text
from liuliqiao_cli.render.output import console, emit
from liuliqiao_cli.reports import periods
from liuliqiao_cli.reports import rates as rates_mod
from liuliqiao_cli.reports import summary as reports_summary
from liuliqiao_cli.store import files

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.


class SummaryFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


# -o FILE without --format: the extension says which (anything else is text).
_BY_EXTENSION = {".md": SummaryFormat.md, ".json": SummaryFormat.json}


class RatesBy(str, Enum):
    company = "company"
    building = "building"
    item = "item"
    month = "month"


WeekOption = Annotated[
    str | None,
    typer.Option(
        "--week", help="ISO 周，如 2026-W47 / ISO week, e.g. 2026-W47", show_default=False
    ),
]
ThisWeekOption = Annotated[
    bool,
    typer.Option("--this-week", help="本周（周一至今）/ this week, Monday to date"),
]
MonthOption = Annotated[
    str | None,
    typer.Option("--month", help="月份，如 2026-11 / a month, e.g. 2026-11", show_default=False),
]
SinceOption = Annotated[str | None, options.since("开始日期（含）/ first day, inclusive")]
UntilOption = Annotated[
    str | None, options.until("结束日期（含，默认今天）/ last day, inclusive (default: today)")
]


def summary(
    week: WeekOption = None,
    this_week: ThisWeekOption = False,
    month: MonthOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[
        SummaryFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式（默认 text，或按 -o 的扩展名 .md .json）/ output format: text | md | json "
            "(default: text, or the extension of -o)",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        options.output(
            "写入文件，名字中的 {week} {month} {start} {end} {period} 换成所汇总的时段 / "
            "write to this file; {week} {month} {start} {end} {period} name the period summarised"
        ),
    ] = None,
    force: ForceOption = False,
    fail_on_overdue: Annotated[
        bool,
        typer.Option(
            "--fail-on-overdue",
            help="期末有逾期诉求时以退出码 3 结束（用于监控）/ exit 3 when anything is overdue",
        ),
    ] = False,
) -> None:
    """诉求周报（默认上一个完整周，周一至周日）/ Summary of a period (default: last full week).

    For cron: plain text when not on a terminal, nothing on stderr, exit 0 (3 with
    --fail-on-overdue when something is overdue at the end of the period). With -o the file is
    named by the period it covers (not by the day it runs) and written whole or not at all.
    """
    with session() as s:
        period = periods.parse_period(
            today=s.now.date(),
            week=week,
            this_week=this_week,
            month=month,
            since=since,
            until=until,
        )
        target = None
        if output is not None:
            target = Path(periods.output_name(str(output), period))
            files.check_target(target, force=force, ledger=ledger_path())
        estate = model.load(s.conn)
        result = reports_summary.build_summary(s.conn, estate, period, now=s.now)
        if fmt is None:
            suffix = target.suffix.lower() if target else ""
            if suffix not in (*_BY_EXTENSION, ".txt", ""):  # a .csv holding text would mislead
                raise UsageError("summary.bad_extension", suffix=suffix)
            fmt = _BY_EXTENSION.get(suffix, SummaryFormat.text)
        months = None
        if fmt is SummaryFormat.md:  # the pictures: Markdown only, the cron text stays as it is
            from liuliqiao_cli.reports.trend import trend

            months = trend(
                s.conn,
                min(period.until, s.now.date()),
                now=s.now,
                companies=tuple(estate.companies),
            )
    language = s.lang
    if target is not None:
        _write(target, _document(result, estate, language, fmt, months), force=force)
        if _stderr_on_terminal():  # cron mails whatever a job prints: from cron, silence
            typer.echo(t("summary.written", path=target), err=True)
    elif fmt is SummaryFormat.text:
        sys.stdout.write(_document(result, estate, language, fmt, months))
        if sys.stdout.isatty():
            sys.stdout.write("\n")
            from liuliqiao_cli.render import summary_bars  # a terminal only: rich's Bar

            summary_bars.draw_bars(result, estate, language, console())
    else:
        sys.stdout.write(_document(result, estate, language, fmt, months))
    sys.stdout.flush()
    if fail_on_overdue and result.overdue_total:
        raise typer.Exit(ExitStatus.OVERDUE)


def _stderr_on_terminal() -> bool:
    return sys.stderr.isatty()


def _document(
    result: reports_summary.Summary,
    estate: model.Estate,
    language: str,
    fmt: SummaryFormat,
    months: Any = None,
) -> str:
    if fmt is SummaryFormat.json:
        import io

        out = io.StringIO()
        summary_json.write_json(result, estate, language, out)
        return out.getvalue()
    document = summary_text.blocks(result, estate, language)
    if fmt is SummaryFormat.md:
        if months is not None:  # twelve months of bars and rates after the summary
            from liuliqiao_cli.render.summary_charts import chart_blocks

            document = document + chart_blocks(result, months, estate, language)
        return summary_text.to_markdown(document)
    return summary_text.to_text(document)


def _write(target: Path, text: str, *, force: bool) -> None:
    try:
        files.write_bytes(target, text.encode("utf-8"), force=force, ledger=ledger_path())
    except OSError as exc:
        raise LedgerError(
            "summary.write_failed", path=str(target), reason=exc.strerror or type(exc).__name__
        ) from None


def rates(
    by: Annotated[
        RatesBy | None,
        typer.Option(
            "--by",
            help="分组 / group by: company | building | item | month",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        options.since("开始日期（含，默认今年 1 月 1 日）/ first day (default: 1 January)"),
    ] = None,
    until: UntilOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="打印三率的定义和当前设置 / print the definitions and settings"
        ),
    ] = False,
    fmt: FormatOption = TABLE,
) -> None:
    """三率：响应率、解决率、满意率（分子/分母）/ The three rates of 12345 assessment."""
    with session() as s:
        settings = rates_mod.load_settings(s.conn)
        if explain:
            typer.echo(rates_mod.explain(s.lang, settings))
            return
        today = s.now.date()
        key = by.value if by is not None else None
        rows = rates_mod.report(
            s.conn,
            by=key,
            since=parse_date(since, today=today) if since is not None else None,
            until=parse_date(until, today=today) if until is not None else None,
            now=s.now,
            settings=settings,
        )
        estate = model.load(s.conn)
    language = s.lang
    emit(
        rates_text.rate_columns(key or "all", language, fmt.value, small=settings.small_sample),
        rates_text.rate_rows_long(rows, estate, language, key),
        fmt.value,
    )
