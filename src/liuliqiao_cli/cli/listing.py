"""``list``: complaints listed, filtered, coming due.

Its own module, not add's and show's (cli/complaints.py): the root group imports only the module
of the command asked for, and that one imports the recogniser, the router, the duplicate lookup
and their patterns at its top for ``add`` (~6 ms of start-up that a listing never uses).
"""

from collections.abc import Iterable, Iterator
from typing import Annotated, Any

import typer

from liuliqiao_cli.cli import options, recorded
from liuliqiao_cli.cli.options import TABLE, FormatOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.complaints import read
from liuliqiao_cli.errors import ExitStatus
from liuliqiao_cli.estate import model

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.

TABLE_ROWS = 200  # rows of a listing table when no --limit is given


def list_cmd(
    open_: Annotated[
        bool,
        typer.Option(
            "--open",
            help="仅未办结 / open only (received, dispatched, in progress, disputed, reopened)",
        ),
    ] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="仅超期 / overdue only")] = False,
    building: Annotated[
        str | None, typer.Option("--building", "-b", help="楼号 / building")
    ] = None,
    company: Annotated[
        str | None, typer.Option("--company", "-c", help="负责公司 / company")
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", "-i", help="服务项目 / service item")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="状态，可重复 / status (repeatable)")
    ] = None,
    source: Annotated[str | None, typer.Option("--source", "-s", help="来源 / source")] = None,
    since: Annotated[str | None, options.since("受理日期起 / received on or after")] = None,
    until: Annotated[str | None, options.until("受理日期止（含）/ received on or before")] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="标签 / tag")] = None,
    reporter: Annotated[
        str | None,
        typer.Option(
            "--reporter",
            help="某位居民的诉求：反映人姓名（完全一致，输出仍打码）/ a resident's complaints by name (exact; output stays masked)",
        ),
    ] = None,
    phone: Annotated[
        str | None,
        typer.Option(
            "--phone",
            help="某位居民的诉求：联系电话（138 0000 1234 亦可）/ a resident's complaints by phone (any spacing)",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-l",
            help="最多几条（最新的在前；表格默认 200）/ at most N rows, newest first (table default 200)",
        ),
    ] = None,
    due_within: Annotated[
        str | None,
        typer.Option(
            "--due-within",
            help="即将到期的响应和办结时限（最早到期的在前）/ responses and resolutions coming due, soonest first: 24h, 2d, today, tomorrow",
            show_default=False,
        ),
    ] = None,
    fail_on_overdue: Annotated[
        bool,
        typer.Option(
            "--fail-on-overdue",
            help="列出的诉求中有逾期的则以退出码 3 结束（用于监控）/ exit 3 when a listed complaint is overdue",
        ),
    ] = False,
    with_contacts: Annotated[
        bool,
        options.with_contacts(
            "显示居民姓名和电话（此次查看会被记录）/ show residents' contacts unmasked (recorded)"
        ),
    ] = False,
    fmt: FormatOption = TABLE,
) -> None:
    """列出诉求（最新的在前）/ List complaints, newest first."""
    from liuliqiao_cli.render import complaint_list

    with session() as s:
        filters = read.ListFilters(
            open=open_,
            overdue=overdue,
            building=building,
            company=company,
            item=item,
            statuses=list(status or []),
            source=source,
            since=since,
            until=until,
            tag=tag,
            limit=limit,
            with_contacts=with_contacts,
            reporter=reporter,
            phone=phone,
            due_within=due_within,
        )
        cap = None
        if fmt is TABLE and limit is None:  # a terminal table, not a million rows
            cap = TABLE_ROWS
            filters = filters._replace(limit=TABLE_ROWS + 1)
        estate = model.load(s.conn)
        rows = read.list_complaints(s.conn, filters, now=s.now, actor=s.actor, estate=estate)
        with recorded.listing(s, "list", fmt.value, with_contacts) as tally:
            if with_contacts and fmt is TABLE:
                from liuliqiao_cli.complaints import reveal

                rows = reveal.contacts_in_text(rows)
            seen = _Overdue(rows)
            tally.rows = complaint_list.render_list(
                tally.count(seen), fmt.value, s.lang, cap=cap, estate=estate
            )
    if fail_on_overdue and seen.found:
        raise typer.Exit(ExitStatus.OVERDUE)


class _Overdue:
    """The rows as they stream by, noting whether one listed was overdue (--fail-on-overdue)."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self.rows = iter(rows)
        self.found = False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self

    def __next__(self) -> dict[str, Any]:
        row = next(self.rows)
        self.found = self.found or bool(row["overdue"])
        return row
