"""`liuliqiao duty [DATE]` and its subcommands: who is on duty, the calendar, overrides,
new rotation versions, the .ics export and the handover checklist.

The bare command is budgeted at start-up (≤ 1.4x a minimal Typer app): it prints plain lines with
``typer.echo`` and never imports rich. So the module imports at its top only what the bare
command uses; the changes (which load the whole estate), the listings' writers and the .ics
writer are imported by the subcommands that use them.
"""

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from liuliqiao_cli import dates
from liuliqiao_cli.cli import options, recorded
from liuliqiao_cli.cli.options import TABLE, ForceOption, FormatOption
from liuliqiao_cli.cli.session import Session, ledger_path, session
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.estate import duty, duty_ledger, duty_spans
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render import duty_view
from liuliqiao_cli.render.text import visible

# Options of the group itself that take a value (so their value is not mistaken for the date).
_GROUP_VALUE_OPTIONS = ("--format", "-f", "--date")


class DutyGroup(TyperGroup):
    """``duty 2025-02-28``: a first word that names no subcommand is the date (``--date``).

    Click would otherwise read it as a subcommand name; options may stand before or after it.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        args = list(args)
        i = 0
        while i < len(args):
            word = args[i]
            if word == "--":
                break
            if word in _GROUP_VALUE_OPTIONS:
                i += 2
                continue
            if word.startswith("-"):
                i += 1
                continue
            if word not in self.commands:
                args = [*args[:i], *args[i + 1 :], "--date", word]
            break
        return super().parse_args(ctx, args)


duty_app = typer.Typer(
    cls=DutyGroup,
    invoke_without_command=True,
    no_args_is_help=False,
    subcommand_metavar="[DATE] | COMMAND [ARGS]...",
    help="当值查询：liuliqiao duty [日期] 回答某天由哪家公司负责共同管理事项 / "
    "Who is on duty: liuliqiao duty [DATE] names the company handling jointly managed items.",
)


# No ``from __future__ import annotations`` here: Typer would then eval every parameter's
# annotation string on each run, which costs start-up time.


def _names(s: Session) -> dict[str, str]:
    return duty_ledger.company_names(s.conn, s.lang)


@duty_app.callback()
def answer(
    ctx: typer.Context,
    when: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="日期（也可直接写在 duty 后）/ the date (or type it right after duty); default today",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """某天由谁当值（默认今天）/ Who is on duty on DATE (default today): company, duty year,
    next handover, and the source (rotation version or override)."""
    if ctx.invoked_subcommand is not None:
        if when is not None:
            raise UsageError("duty.date_with_command", value=when, command=ctx.invoked_subcommand)
        return
    with session() as s:
        today = s.now.date()
        on = today if when is None else dates.parse_date(when, today=today)
        versions, overrides = duty_ledger.load_rotation(s.conn)
        names = _names(s)
    result = duty_spans.answer(on, versions, overrides)
    if fmt.value == "json":
        import json

        typer.echo(
            json.dumps(
                duty_view.answer_dict(result, names, versions, overrides),
                ensure_ascii=False,
                indent=2,
            )
        )
    elif fmt.value == "csv":
        from liuliqiao_cli.render.output import Column, emit

        emit(
            [Column(k, k) for k in duty_view.ANSWER_CSV_KEYS],
            [duty_view.answer_csv_row(result, names)],
            "csv",
        )
    else:
        for line in duty_view.answer_lines(result, names, versions):
            typer.echo(visible(line, newlines=False))  # an override's reason is typed text


@duty_app.command("calendar")
def calendar(
    since: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="起始日期（默认：第一个轮换版本生效日）/ first date (default: the first rotation version's start)",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="结束日期（默认：两年后的年底）/ last date (default: 31 Dec two years from now)",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """当值表：区间内每个当值时段，标出调班 / Every duty period in a range, overrides marked."""
    from liuliqiao_cli.render.output import emit

    with session() as s:
        today = s.now.date()
        versions, overrides = duty_ledger.load_rotation(s.conn)
        names = _names(s)
    if since is not None:
        start = dates.parse_date(since, today=today)
    elif versions:
        start = min(v.effective_from for v in versions)
    else:
        raise duty.NoRotation(today)
    end = (
        dates.parse_date(until, today=today) if until is not None else date(today.year + 2, 12, 31)
    )
    if end < start:
        raise UsageError("dates.range", since=start.isoformat(), until=end.isoformat())
    periods = duty.calendar(versions, overrides, start, end)
    columns, rows = duty_view.calendar_columns(names), duty_view.calendar_rows(periods)
    if fmt is TABLE:
        from liuliqiao_cli.render import plain  # not rich: a century of rows is budgeted

        plain.table(
            columns,
            rows,
            title=t("duty.calendar.title", start=start.isoformat(), end=end.isoformat()),
        )
    else:
        emit(columns, rows, fmt.value)


@duty_app.command("override")
def override(
    start: Annotated[
        str, typer.Argument(help="开始日期（含）/ first day (inclusive)", show_default=False)
    ],
    end: Annotated[
        str, typer.Argument(help="结束日期（含）/ last day (inclusive)", show_default=False)
    ],
    company: Annotated[
        str,
        typer.Argument(
            help="临时当值的公司：shouhua、首华… / the company on duty", show_default=False
        ),
    ],
    reason: Annotated[str, options.reason("原因（必填）/ why (required)")] = "",
    meeting: Annotated[
        int | None,
        typer.Option(
            "--meeting",
            help="商定此调班的会议编号 / the meeting that agreed it",
            show_default=False,
        ),
    ] = None,
) -> None:
    """登记调班：某段时间由指定公司当值（只增不改）/ Record an override: COMPANY on duty from START to END."""
    from liuliqiao_cli.estate import duty_changes

    with session() as s:
        today = s.now.date()
        made = duty_changes.add_override(
            s.conn,
            start=dates.parse_date(start, today=today),
            end=dates.parse_date(end, today=today),
            company=company,
            reason=reason,
            meeting_id=meeting,
            actor=s.actor,
            now=s.now,
        )
        versions, overrides = duty_ledger.load_rotation(s.conn)
        names = _names(s)
    typer.echo(
        t(
            "duty.override.added",
            id=made.id,
            company=names.get(made.company, made.company),
            start=made.start.isoformat(),
            end=made.end.isoformat(),
        )
    )
    crossed, others = duty.override_context(made, versions, overrides)
    for h in crossed:
        typer.echo(t("duty.override.crosses", date=h.date.isoformat()), err=True)
    if others:
        typer.echo(t("duty.override.overlaps", ids=", ".join(f"#{i}" for i in others)), err=True)


@duty_app.command("overrides")
def overrides_list(fmt: FormatOption = TABLE) -> None:
    """列出全部调班，含已撤销的 / List every override, revoked ones included."""
    from liuliqiao_cli.render.output import emit

    with session() as s:
        _, overrides = duty_ledger.load_rotation(s.conn)
        names = _names(s)
    count = emit(
        duty_view.override_columns(names),
        duty_view.override_rows(overrides),
        fmt.value,
        title=t("duty.overrides.title"),
    )
    if not count and fmt is TABLE:
        typer.echo(t("duty.overrides.none"), err=True)


@duty_app.command("revoke")
def revoke(
    override_id: Annotated[
        int, typer.Argument(metavar="N", help="调班编号 / override number", show_default=False)
    ],
    reason: Annotated[str, options.reason("撤销原因（必填）/ why (required)")] = "",
) -> None:
    """撤销调班（记录保留）/ Revoke an override; it stays on record."""
    from liuliqiao_cli.estate import duty_changes

    with session() as s:
        done = duty_changes.revoke_override(
            s.conn, override_id, reason=reason, actor=s.actor, now=s.now
        )
    typer.echo(t("duty.revoked", id=done.id))


@duty_app.command("set")
def set_rotation(
    handover: Annotated[
        str,
        typer.Option(
            "--handover",
            help="每年交接日 MM-DD（日 1–28）/ yearly handover day MM-DD (day 1-28)",
            show_default=False,
        ),
    ],
    order: Annotated[
        str,
        typer.Option(
            "--order",
            help="当值顺序，逗号分隔，先当值者在前 / companies in turn, first on duty first",
            show_default=False,
        ),
    ],
    since: Annotated[
        str,
        typer.Option(
            "--from",
            help="新版本生效日（须晚于最新版本）/ the date the new version takes effect",
            show_default=False,
        ),
    ],
    reason: Annotated[str, options.reason("原因 / why")] = "",
) -> None:
    """新增轮换版本（此前的版本不变）/ Add a rotation version from a date; earlier versions stay."""
    from liuliqiao_cli.estate import duty_changes

    with session() as s:
        version = duty_changes.add_rotation_version(
            s.conn,
            effective_from=dates.parse_date(since, today=s.now.date()),
            handover=handover,
            order=order,
            reason=reason,
            actor=s.actor,
            now=s.now,
        )
        names = _names(s)
    typer.echo(
        t(
            "duty.set.added",
            id=version.id,
            start=version.effective_from.isoformat(),
            handover=version.handover,
            order=" → ".join(names.get(c, c) for c in version.order),
        )
    )


@duty_app.command("ics")
def ics(
    output: Annotated[
        Path | None,
        options.output("写入的 .ics 文件（默认输出到屏幕）/ file to write (default: stdout)"),
    ] = None,
    years: Annotated[
        int,
        typer.Option("--years", help="从本当值年度起包含的年数 / years from the current duty year"),
    ] = 5,
    since: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="起始日期（代替当前当值年度）/ first date instead of the current duty year",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """导出当值日历 .ics（手机日历可导入）/ Export the duty calendar as .ics for a phone."""
    from liuliqiao_cli.estate import duty_changes
    from liuliqiao_cli.render import ics as ics_render
    from liuliqiao_cli.store import files

    if not 1 <= years <= 200:
        raise UsageError("duty.years_range", value=years)
    with session() as s, recorded.export(s, "ics", "ics", output) as tally:  # issue 16
        today = s.now.date()
        feed = duty_changes.calendar_feed(
            s.conn,
            first=dates.parse_date(since, today=today) if since is not None else today,
            years=years,
            now=s.now,
            lang=s.lang,
        )
        data = ics_render.calendar(feed)
        count = tally.rows = data.count(b"BEGIN:VEVENT")
        if output is None:
            sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(
                data.decode()
            )
            return
        files.write_bytes(output, data, force=force, ledger=ledger_path())
    typer.echo(t("duty.ics.written", path=output, events=count), err=True)


@duty_app.command("handover")
def handover(
    number: Annotated[
        str | None,
        typer.Argument(
            metavar="[N]",
            help="与 --confirm 连用：只确认这条诉求 / with --confirm: this complaint only",
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="交接日或其附近的日期（默认今天：取最近的交接日）/ a date on or near the handover (default: today, nearest handover)",
            show_default=False,
        ),
    ] = None,
    confirm: Annotated[
        bool,
        typer.Option(
            "--confirm",
            help="确认接手：当值变更时移交的未办结共同管理诉求改由新当值公司负责（--date 须为交接日，默认最近一次）/ record the takeover of the complaints passed on at a change of duty (--date: that change, default the last one)",
        ),
    ] = False,
    fmt: FormatOption = TABLE,
) -> None:
    """交接清单：移交方仍未办结的共同管理诉求；--confirm 确认接手 / Handover checklist: open joint complaints passing over; --confirm records the takeover."""
    from liuliqiao_cli.estate import duty_changes, model
    from liuliqiao_cli.render.output import emit

    if number is not None and not confirm:
        raise UsageError("handover.number_needs_confirm", value=number)
    if number is not None and on is not None:
        raise UsageError("handover.number_and_date")
    if confirm:
        _confirm(number, on)
        return
    with session() as s:
        today = s.now.date()
        when = dates.parse_date(on, today=today) if on is not None else today
        checklist = duty_changes.handover_checklist(s.conn, when)
        known = model.load(s.conn)
    names = {code: known.company_name(code, s.lang) for code in known.companies}
    items = {code: known.item_name(code, s.lang) for code in known.items}
    h = checklist.handover
    title = t(
        "duty.handover.title",
        date=h.date.isoformat(),
        outgoing=names.get(h.outgoing, h.outgoing),
        incoming=names.get(h.incoming, h.incoming),
        count=len(checklist.complaints),
    )
    columns, rows = (
        duty_view.handover_columns(names, items),
        duty_view.handover_rows(checklist.complaints),
    )
    if fmt is TABLE:
        from liuliqiao_cli.render import plain  # the last column (the text) is cut to fit

        plain.table(columns, rows, title=title)
    else:
        typer.echo(title, err=True)
        emit(columns, rows, fmt.value)


def _confirm(number: str | None, on: str | None) -> None:
    """``duty handover --confirm [N | --date D]``: one transaction, one event per complaint."""
    from liuliqiao_cli.complaints import handover as handover_mod
    from liuliqiao_cli.complaints import names as complaint_names

    if number is not None:
        complaint_names.parse(number)  # a bad number is refused before the ledger opens
    with session() as s:
        complaint = complaint_names.resolve(s.conn, number) if number is not None else None
        today = s.now.date()
        when = dates.parse_date(on, today=today) if on is not None else None
        done = handover_mod.confirm(
            s.conn, today=today, now=s.now, actor=s.actor, on=when, complaint_id=complaint
        )
        names = _names(s)
    for c in done:
        typer.echo(
            t(
                "handover.confirmed_line_estate"
                if c.cause == "estate"
                else "handover.confirmed_line",
                id=c.id,
                outgoing=names.get(c.outgoing, c.outgoing),
                incoming=names.get(c.incoming, c.incoming),
                date=c.on.isoformat(),
            )
        )
    typer.echo(
        t("handover.confirmed", count=len(done)) if done else t("handover.nothing"), err=True
    )
