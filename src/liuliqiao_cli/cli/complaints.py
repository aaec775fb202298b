"""Complaints recorded and read: add, show. Listing them is cli/listing.py, changing them
cli/lifecycle.py."""

import sys
from typing import Annotated

import typer

from liuliqiao_cli import dates
from liuliqiao_cli.cli import options
from liuliqiao_cli.cli.options import (
    TABLE,
    ComplaintArg,
    FormatOption,
    ReasonOption,
)
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.complaints import adding, duplicates, names, read, record, residents
from liuliqiao_cli.complaints.routing import NeedsChoice
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.estate import model
from liuliqiao_cli.render import complaint_added, complaint_view, deadline_view

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.

WithContacts = Annotated[
    bool,
    options.with_contacts(
        "显示居民姓名和电话（此次查看会被记录）/ show residents' contacts unmasked (recorded)"
    ),
]


def _stdin_is_tty() -> bool:
    return sys.stdin.isatty()


def add(
    text: Annotated[
        str | None,
        typer.Argument(
            help="诉求内容（省略时在终端逐项询问）/ what the resident said (asked for on a terminal when omitted)",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            "-s",
            help="来源 / source: meeting|hotline|patrol|visit|phone|walkin|company (议事会、12345、巡查、走访、电话、来访、物业报告); default walkin",
        ),
    ] = None,
    building: Annotated[
        str | None, typer.Option("--building", "-b", help="楼号 / building: 3, 3号楼")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="单元 / unit")] = None,
    room: Annotated[str | None, typer.Option("--room", "-r", help="户号 / room: 502")] = None,
    place: Annotated[
        str | None, typer.Option("--place", "-p", help="公共场所 / public place: 北门, 小广场 ...")
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", "-i", help="服务项目 / service item (code or name)")
    ] = None,
    urgent: Annotated[
        bool,
        typer.Option("--urgent", help="紧急（按紧急响应时限）/ urgent (urgent response limit)"),
    ] = False,
    ref: Annotated[
        str | None, typer.Option("--ref", help="12345 工单号 / 12345 work-order number")
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="标签，可重复 / a free tag (repeatable), e.g. 急难愁盼"),
    ] = None,
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            "-c",
            help="指定负责公司（需 --reason）/ force the company (needs --reason)",
        ),
    ] = None,
    reason: ReasonOption = None,
    reporter: Annotated[
        str | None,
        typer.Option("--reporter", help="反映人姓名（默认打码显示）/ resident's name (masked)"),
    ] = None,
    phone: Annotated[
        str | None,
        typer.Option("--phone", help="联系电话（默认打码显示）/ resident's phone (masked)"),
    ] = None,
    received: Annotated[
        str | None,
        typer.Option(
            "--received",
            help="受理时间（默认现在）/ when received (default now): 2026-11-27 09:30, 昨天",
        ),
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """登记诉求：识别地点和服务项目，判定负责公司，计算时限 / Record a complaint: recognise place and item, route it, set deadlines.

    识别不确定时，终端上询问（带编号的选项，回车选第一项），脚本中拒绝并逐行列出选项。
    7 天内同一地点、同一项目的未办结诉求提示为可能重复，终端上可当即标为重复。/ When recognition cannot decide, a
    terminal asks (numbered choices, Enter takes the first) and a script is refused with the
    choices, one a line; an open complaint about the same item at the same place within 7 days is
    named as a possible duplicate, which a terminal can link at once.
    """
    terminal = _stdin_is_tty()
    with session() as s:
        now = s.now  # when the resident was heard: before the questions, not after them
        received_at = (
            dates.parse_datetime(received, today=now.date(), past=True)
            if received is not None
            else None
        )
        new = record.NewComplaint(
            text=text or "",
            source=source,
            received_at=received_at,
            building=building,
            unit=unit,
            room=room,
            place=place,
            item=item,
            urgent=urgent,
            ref=ref,
            tags=list(tag or []),
            company=company,
            company_reason=reason,
            reporter=reporter,
            phone=phone,
        )
        estate = model.load(s.conn, on=(received_at or now).date())  # that day's version
        ask = link = None
        if terminal:  # the questions' module is imported only where someone can answer
            from liuliqiao_cli.cli import asking

            if text is None:
                asking.fill_in(estate, new)
            ask, link = asking.ask_question, asking.pick_original(estate, received_at or now)
        elif text is None:
            raise UsageError("complaints.no_tty")
        try:
            added = adding.add(
                s.conn, new, now=now, actor=s.actor, estate=estate, ask=ask, link=link
            )
        except NeedsChoice as exc:
            from liuliqiao_cli.cli.asking import refuse

            refuse(exc)
            raise  # not reached: refuse() exits
        complaint_added.render_added(added, fmt.value, s.lang, now)
        deadline_view.warn_unknown_years(added.prepared.unknown_years)


def show(
    complaint_id: ComplaintArg,
    with_contacts: WithContacts = False,
    fmt: FormatOption = TABLE,
) -> None:
    """查看一条诉求：全部字段、时限和处理记录 / Show a complaint: every field, deadlines, its whole timeline."""
    from liuliqiao_cli.complaints import reveal

    names.parse(complaint_id)  # a malformed number is refused before the ledger is opened
    with session() as s:
        number = names.resolve(s.conn, complaint_id)
        c = read.show(
            s.conn, number, with_contacts=with_contacts, now=s.now, actor=s.actor, command=s.command
        )
        shown = with_contacts and reveal.revealed(s.conn)  # the companion file may be missing
        complaint_view.render_show(
            c,
            fmt.value,
            s.lang,
            s.now,
            shown,
            duplicates.households(s.conn, number),
            residents.others(s.conn, number),
        )
