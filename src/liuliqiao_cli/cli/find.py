"""search, history, undo: finding complaints and changes, and taking the last change back."""

import dataclasses
import sys
from enum import Enum
from typing import Annotated

import typer

from liuliqiao_cli import dates
from liuliqiao_cli.cli import options, recorded
from liuliqiao_cli.cli.options import TABLE, FormatOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.complaints import events as complaints_events
from liuliqiao_cli.complaints import names
from liuliqiao_cli.complaints import search as complaints_search
from liuliqiao_cli.complaints import undo as complaints_undo
from liuliqiao_cli.errors import ExitStatus, LedgerError, UsageError
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render import find_view, output, privacy_view
from liuliqiao_cli.store import exports as store_exports

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.


def _on_terminal() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


class SearchSort(str, Enum):
    recent = "recent"
    relevance = "relevance"


def search(
    terms: Annotated[
        list[str],
        typer.Argument(
            help="要找的词（多个词须同时出现）/ words to find (all must match)", show_default=False
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="最多显示几条 / at most this many")
    ] = 50,
    open_only: Annotated[
        bool, typer.Option("--open", help="只找未办结的 / open complaints only")
    ] = False,
    sort: Annotated[
        SearchSort,
        typer.Option(
            "--sort",
            help="排序：recent 未办结的在前、新的在前；relevance 最相关的在前 / order: recent "
            "(open first, newest first) | relevance (best match first)",
            case_sensitive=False,
        ),
    ] = SearchSort.recent,
    fmt: FormatOption = TABLE,
) -> None:
    """全文搜索诉求（支持一两个字的词，如“灯”“垃圾”）/ Full-text search of complaints, 1-2 character words too."""
    words = complaints_search.parse_terms(terms)
    with session() as s:
        rows = complaints_search.search(
            s.conn, words, limit=limit, open_only=open_only, sort=sort.value
        )
        if fmt is TABLE:
            count = find_view.search_table(rows, words, complaints_search.names(s.conn), s.lang)
        else:
            columns = [output.Column(key, key) for key in complaints_search.SEARCH_COLUMNS]
            with recorded.listing(s, "search", fmt.value) as tally:
                count = tally.rows = output.emit(columns, tally.count(rows), fmt.value)
    if fmt is TABLE and count == 0:
        typer.echo(t("find.no_results"), err=True)


def history(
    since: Annotated[
        str | None, options.since("从哪天起（含）/ from this date (inclusive)")
    ] = None,
    until: Annotated[str | None, options.until("到哪天止（含）/ to this date (inclusive)")] = None,
    complaint: Annotated[
        str | None,
        typer.Option(
            "--complaint",
            "-c",
            help="只看这条诉求 / one complaint only",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="最多显示几条 / at most this many")
    ] = 50,
    exports: Annotated[
        bool,
        typer.Option(
            "--exports",
            help="只看导出和查看联系方式的记录：谁、何时、导出了什么、多少条、到哪里 / exports and reveals only: who, when, what, how many rows, to where",
        ),
    ] = False,
    fmt: FormatOption = TABLE,
) -> None:
    """变更记录：谁在什么时候改了什么（最新在前）/ What changed, when and by whom (newest first)."""
    if complaint is not None:
        names.parse(complaint)  # a malformed number is refused before the ledger is opened
    with session() as s:
        number = names.resolve(s.conn, complaint) if complaint is not None else None
        today = s.now.date()
        start = dates.parse_date(since, today=today) if since is not None else None
        end = dates.parse_date(until, today=today) if until is not None else None
        if exports:
            if number is not None:
                raise UsageError("privacy.exports_one_complaint")
            records = store_exports.exports(s.conn, since=start, until=end, limit=limit)
            count = output.emit(
                privacy_view.export_columns(), privacy_view.export_rows(records), fmt.value
            )
            if fmt is TABLE and count == 0:
                typer.echo(t("privacy.no_exports"), err=True)
            return
        events = complaints_events.history(
            s.conn, since=start, until=end, complaint_id=number, limit=limit
        )
        shown = dataclasses.replace(
            complaints_search.names(s.conn),
            complaints=names.labels_of(s.conn, names.referenced(events)),
        )
        rows = find_view.history_rows(events, shown, s.lang)
        with recorded.listing(s, "history", fmt.value) as tally:
            count = tally.rows = output.emit(
                find_view.history_columns(), tally.count(rows), fmt.value
            )
    if fmt is TABLE and count == 0:
        typer.echo(t("find.no_events"), err=True)


def undo(
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="不询问直接撤销（脚本用）/ do not ask (for scripts)")
    ] = False,
) -> None:
    """撤销最近一次更改（先显示将还原什么）/ Revert the last change, after showing what goes back to what."""
    with session() as s:
        plan = complaints_undo.plan_undo(s.conn)
        last = plan.reverts[0].event
        setting = last.subject == "setting"
        if not yes and not _on_terminal():
            if plan.version is not None:
                raise LedgerError(
                    "find.undo_estate_needs_yes",
                    event=last.id,
                    number=plan.version.number,
                    date=plan.version.from_date.isoformat(),
                )
            if setting:
                raise LedgerError(
                    "settings.undo_needs_yes",
                    event=last.id,
                    setting=last.data.get("key"),
                    before=last.data.get("before"),
                    after=last.data.get("after"),
                )
            raise LedgerError(
                "find.undo_needs_yes",
                event=last.id,
                id=last.complaint_id,
                kind=find_view.label("event", last.kind),
            )
        if plan.version is not None:
            from liuliqiao_cli.render.agreement_view import undo_lines

            preview = undo_lines(last, plan.version)
        elif setting:
            preview = privacy_view.setting_undo_preview(plan)
        else:
            preview = find_view.undo_preview(plan, complaints_search.names(s.conn), s.lang)
        for line in preview:
            typer.echo(line, err=True)
        if not yes and not typer.confirm(t("find.undo_confirm"), default=False, err=True):
            typer.echo(t("find.undo_cancelled"), err=True)
            raise typer.Exit(ExitStatus.REFUSED)
        written = complaints_undo.undo(s.conn, event_ids=plan.event_ids, now=s.now, actor=s.actor)
    sep = t("find.list_sep") + "#"
    typer.echo(
        t(
            "find.undo_done",
            events=sep.join(str(i) for i in plan.event_ids),
            undo=sep.join(str(i) for i in written),
        ),
        err=True,
    )
