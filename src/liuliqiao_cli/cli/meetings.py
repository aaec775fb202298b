"""meeting add | agenda | decide | done | attend | list | show."""

import sqlite3
from typing import Annotated

import typer

from liuliqiao_cli import dates
from liuliqiao_cli.cli.options import TABLE, FormatOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.complaints import names
from liuliqiao_cli.errors import NotFound, UsageError
from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings import changes as meetings_changes
from liuliqiao_cli.meetings import model
from liuliqiao_cli.meetings.dossier_model import kind_name
from liuliqiao_cli.render import meeting_view
from liuliqiao_cli.render.output import emit

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.

meeting_app = typer.Typer(
    help="会议：议题、出席、决定 / meetings: agenda, attendance, decisions", no_args_is_help=True
)


# --add 1025 1031 / --present "首华物业 王经理" "城建物业 赵经理": options taking several values are
# not a click feature, so these commands read their words themselves (see _split_words).
_WORDS = {"ignore_unknown_options": True, "allow_extra_args": False}


MeetingId = Annotated[int, typer.Argument(help="会议编号 / meeting number", show_default=False)]


def _split_words(words: list[str] | None, flags: tuple[str, ...]) -> dict[str, list[str]]:
    """``--add 1 2 --remove 3`` -> {"--add": ["1", "2"], "--remove": ["3"]}; ``--add=1`` works too."""
    out: dict[str, list[str]] = {f: [] for f in flags}
    current: str | None = None
    for word in words or []:
        flag, eq, value = word.partition("=")
        if flag in flags:
            current = flag
            if eq:
                out[flag].append(value)
            continue
        if word.startswith("--"):
            raise UsageError("error.usage", message=f"No such option: {flag}")
        if current is None:
            raise UsageError("meeting.attend_stray", value=word)
        out[current].append(word)
    return out


def _ids(values: list[str]) -> list[str]:
    """Complaints as typed (421, #421, B17), checked now, found in the ledger by _numbers."""
    out = []
    for v in values:
        for part in v.replace(",", " ").replace("，", " ").split():
            try:
                names.parse(part)
            except UsageError:
                raise UsageError("meeting.bad_id", value=part) from None
            except NotFound:  # a number beyond 64 bits
                raise NotFound("meeting.complaint_not_found", id=part) from None
            out.append(part)
    return out


def _numbers(conn: sqlite3.Connection, typed: list[str]) -> list[int]:
    out = []
    for part in typed:
        try:
            out.append(names.resolve(conn, part))
        except NotFound:  # in the meeting's words, as the agenda names it
            raise NotFound("meeting.complaint_not_found", id=part) from None
    return out


@meeting_app.command("add")
def add(
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="会议类型 / kind: council 居民议事会 | joint 物业共管议事协商会 | liaison 联席会 | symposium 座谈会 | progress 推进会",
        ),
    ],
    day: Annotated[
        str, typer.Option("--date", help="日期 / date (2026-12-05, 2026年12月5日, 今天)")
    ],
    time: Annotated[str, typer.Option("--time", help="时间 / time, e.g. 14:30")] = "",
    place: Annotated[str, typer.Option("--place", help="地点 / place")] = "",
    host: Annotated[str, typer.Option("--host", help="主持人 / host")] = "",
    recorder: Annotated[str, typer.Option("--recorder", help="记录人 / recorder")] = "",
    title: Annotated[str, typer.Option("--title", help="会议主题 / title")] = "",
) -> None:
    """登记一次会议 / Record a meeting."""
    with session() as s:
        m = meetings_changes.add(
            s.conn,
            kind=kind,
            day=dates.parse_date(day, today=s.now.date()),
            time=time,
            place=place,
            host=host,
            recorder=recorder,
            title=title,
            actor=s.actor,
            now=s.now,
        )
    typer.echo(m.id)
    typer.echo(
        t(
            "meeting.added",
            id=m.id,
            date=m.date,
            kind=kind_name(m.kind),
            year=m.date[:4],
            number=m.number,
        ),
        err=True,
    )


@meeting_app.command("agenda", context_settings=_WORDS)
def agenda(
    meeting_id: MeetingId,
    changes: Annotated[
        list[str] | None,
        typer.Argument(
            help="--add 编号… 列入议题 / put on the agenda；--remove 编号… 移出 / take off",
            metavar="[--add N...] [--remove N...]",
            show_default=False,
        ),
    ] = None,
    auto: Annotated[
        bool,
        typer.Option(
            "--auto",
            help="按规则列入：上次会议以来的新诉求（未办结）、超期、争议、上次决定未落实 / propose by the rules: new since the last meeting and open, overdue, disputed, last decisions not done",
        ),
    ] = False,
) -> None:
    """调整会议议题 / Change a meeting's agenda (--auto, --add, --remove)."""
    words = _split_words(changes, ("--add", "--remove"))
    add_, remove = _ids(words["--add"]), _ids(words["--remove"])
    with session() as s:
        change = meetings_changes.change_agenda(
            s.conn,
            meeting_id,
            auto=auto,
            add=_numbers(s.conn, add_),
            remove=_numbers(s.conn, remove),
            actor=s.actor,
            now=s.now,
        )
    typer.echo(
        t(
            "meeting.agenda_changed",
            id=meeting_id,
            added=len(change.added),
            removed=len(change.removed),
            unchanged=len(change.unchanged),
            total=change.total,
        ),
        err=True,
    )


@meeting_app.command("decide")
def decide(
    meeting_id: MeetingId,
    decision: Annotated[str, typer.Option("--decision", help="决定内容 / what was decided")],
    complaint: Annotated[
        str | None,
        typer.Option("--complaint", help="诉求编号，如 1025 或 B17 / complaint number or name"),
    ] = None,
    owner: Annotated[
        str, typer.Option("--owner", help="责任方：物业公司或个人 / owner: a company or a person")
    ] = "",
    due: Annotated[str | None, typer.Option("--due", help="完成时限 / deadline")] = None,
    votes: Annotated[
        str | None,
        typer.Option(
            "--votes", help="表决 同意/反对/弃权 / votes for/against/abstain, e.g. 15/0/1"
        ),
    ] = None,
    add_to_agenda: Annotated[
        bool,
        typer.Option(
            "--add-to-agenda",
            help="诉求不在议题中时一并列入 / also put the complaint on the agenda",
        ),
    ] = False,
) -> None:
    """记录会议决定 / Record a decision of the meeting."""
    parsed_votes = model.parse_votes(votes) if votes is not None else None
    if complaint is not None:
        names.parse(complaint)
    with session() as s:
        d = meetings_changes.decide(
            s.conn,
            meeting_id,
            decision=decision,
            complaint_id=names.resolve(s.conn, complaint) if complaint is not None else None,
            owner=owner,
            due=dates.parse_date(due, today=s.now.date()) if due is not None else None,
            votes=parsed_votes,
            add_to_agenda=add_to_agenda,
            actor=s.actor,
            now=s.now,
        )
    typer.echo(d.id)
    typer.echo(t("meeting.decided", id=meeting_id, decision=d.id), err=True)


@meeting_app.command("done")
def done(
    decision_id: Annotated[int, typer.Argument(help="决定编号 / decision number")],
    on: Annotated[
        str,
        typer.Option("--date", help="完成日期（默认今天）/ the day it was done (default: today)"),
    ] = "today",
) -> None:
    """记录某项会议决定已完成 / Mark a decision carried out (when no complaint settles it)."""
    with session() as s:
        d = meetings_changes.mark_done(
            s.conn,
            decision_id,
            on=dates.parse_date(on, today=s.now.date()),
            actor=s.actor,
            now=s.now,
        )
    typer.echo(t("meeting.marked_done", id=d.id, on=d.done_at), err=True)


@meeting_app.command("attend", context_settings=_WORDS)
def attend(
    meeting_id: MeetingId,
    people: Annotated[
        list[str] | None,
        typer.Argument(
            help='--present "首华物业 王经理" … 出席 / present；--absent … 缺席 / absent（替换原名单 / replaces the list）',
            metavar="--present NAME... [--absent NAME...]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """记录出席与缺席 / Record who was present and who was absent."""
    words = _split_words(people, ("--present", "--absent"))
    with session() as s:
        result = meetings_changes.attend(
            s.conn,
            meeting_id,
            present=words["--present"],
            absent=words["--absent"],
            actor=s.actor,
            now=s.now,
        )
    present = sum(1 for a in result if a.present)
    typer.echo(
        t("meeting.attended", id=meeting_id, present=present, absent=len(result) - present),
        err=True,
    )


@meeting_app.command("list")
def list_(
    kind: Annotated[str | None, typer.Option("--kind", help="会议类型 / kind")] = None,
    year: Annotated[int | None, typer.Option("--year", help="年份 / year")] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """列出会议 / List meetings."""
    with session() as s:
        rows = model.list_meetings(
            s.conn,
            kind=model.resolve_kind(kind) if kind else None,
            year=year,
            as_of=s.now.date(),
        )
    emit(meeting_view.list_columns(fmt.value), meeting_view.list_rows(rows), fmt.value)


@meeting_app.command("show")
def show(meeting_id: MeetingId, fmt: FormatOption = TABLE) -> None:
    """会议详情：基本情况、出席、议题、决定 / A meeting: facts, attendance, agenda, decisions."""
    from liuliqiao_cli.estate.duty_ledger import company_names
    from liuliqiao_cli.i18n import current_language

    with session() as s:
        detail = model.show(s.conn, meeting_id, as_of=s.now.date())
        companies = company_names(s.conn, current_language())
    rows = meeting_view.show_rows(detail, companies if fmt.value == "table" else {})
    emit(meeting_view.show_columns(fmt.value), rows, fmt.value)
