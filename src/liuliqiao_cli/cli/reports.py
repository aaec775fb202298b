"""summary and rates: the weekly summary for cron and the three rates of 12345 assessment."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from liuliqiao_cli.cli.options import FormatOption, OutputFormat


class SummaryFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


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
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="开始日期（含）/ first day, inclusive", show_default=False),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="结束日期（含，默认今天）/ last day, inclusive (default: today)",
        show_default=False,
    ),
]


def summary(
    week: WeekOption = None,
    this_week: ThisWeekOption = False,
    month: MonthOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[
        SummaryFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式 / output format: text | md | json",
            case_sensitive=False,
        ),
    ] = SummaryFormat.text,
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
    --fail-on-overdue when something is overdue at the end of the period).
    """
    import sys

    from liuliqiao_cli.cli import lang, now_for, open_ledger
    from liuliqiao_cli.errors import ExitStatus
    from liuliqiao_cli.estate import model
    from liuliqiao_cli.render import summary_text
    from liuliqiao_cli.reports import periods
    from liuliqiao_cli.reports import summary as reports_summary

    conn = open_ledger()
    try:
        now = now_for(conn)
        period = periods.parse_period(
            today=now.date(), week=week, this_week=this_week, month=month, since=since, until=until
        )
        estate = model.load(conn)
        result = reports_summary.build_summary(conn, estate, period, now=now)
    finally:
        conn.close()
    language = lang()
    if fmt is SummaryFormat.json:
        from liuliqiao_cli.render import summary_json

        summary_json.write_json(result, estate, language, sys.stdout)
    else:
        document = summary_text.blocks(result, estate, language)
        if fmt is SummaryFormat.md:
            sys.stdout.write(summary_text.to_markdown(document))
        else:
            sys.stdout.write(summary_text.to_text(document))
            if sys.stdout.isatty():
                from liuliqiao_cli.render.output import console

                sys.stdout.write("\n")
                summary_text.draw_bars(result, estate, language, console())
    sys.stdout.flush()
    if fail_on_overdue and result.overdue_total:
        raise typer.Exit(ExitStatus.OVERDUE)


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
        typer.Option(
            "--since",
            help="开始日期（含，默认今年 1 月 1 日）/ first day (default: 1 January)",
            show_default=False,
        ),
    ] = None,
    until: UntilOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="打印三率的定义和当前设置 / print the definitions and settings"
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """三率：响应率、解决率、满意率（分子/分母）/ The three rates of 12345 assessment."""
    from datetime import date

    from liuliqiao_cli.cli import lang, now_for, open_ledger
    from liuliqiao_cli.dates import parse_date
    from liuliqiao_cli.estate import model
    from liuliqiao_cli.render import rates_text
    from liuliqiao_cli.render.output import emit
    from liuliqiao_cli.reports import rates as rates_mod

    conn = open_ledger()
    try:
        settings = rates_mod.load_settings(conn)
        if explain:
            typer.echo(rates_mod.explain(lang(), settings))
            return
        now = now_for(conn)
        today = now.date()
        start = parse_date(since, today=today) if since is not None else date(today.year, 1, 1)
        end = parse_date(until, today=today) if until is not None else today
        key = by.value if by is not None else None
        if key:
            rows = rates_mod.rates(conn, start, end, key, now=now, settings=settings)
            rows.append(rates_mod.combine(rows, settings.small_sample))
        else:
            rows = [rates_mod.total(conn, start, end, now=now, settings=settings)]
        estate = model.load(conn)
    finally:
        conn.close()
    language = lang()
    emit(
        rates_text.rate_columns(key or "all", language),
        rates_text.rate_rows_long(rows, estate, language, key),
        fmt.value,
    )


def register(app: typer.Typer) -> None:
    app.command("summary")(summary)
    app.command("rates")(rates)
