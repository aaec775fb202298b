"""Changing a complaint: tag (tags, company override, corrections) and the lifecycle steps
(dispatch, respond, resolve, followup, dispute, duplicate, reject, reopen, note)."""

from typing import Annotated

import typer

from liuliqiao_cli.cli import options
from liuliqiao_cli.cli.options import ComplaintArg, NoteOption, ReasonOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.complaints import lifecycle, names
from liuliqiao_cli.render import complaint_view

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.


def tag(
    complaint_id: ComplaintArg,
    add_: Annotated[
        list[str] | None, typer.Option("--add", help="添加标签，可重复 / add a tag (repeatable)")
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option("--remove", help="删除标签，可重复 / remove a tag (repeatable)"),
    ] = None,
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            "-c",
            help="改派负责公司（需 --reason）/ override the company (needs --reason)",
        ),
    ] = None,
    reason: ReasonOption = None,
    building: Annotated[
        str | None,
        typer.Option(
            "--building", "-b", help="更正楼号（- 清除）/ correct the building (- clears)"
        ),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help="更正单元 / correct the unit")
    ] = None,
    room: Annotated[
        str | None, typer.Option("--room", "-r", help="更正户号 / correct the room")
    ] = None,
    place: Annotated[
        str | None,
        typer.Option("--place", "-p", help="更正公共场所（- 清除）/ correct the public place"),
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", "-i", help="更正服务项目 / correct the service item")
    ] = None,
    urgent: Annotated[
        bool | None,
        typer.Option(
            "--urgent/--normal", help="更正紧急程度 / correct the urgency", show_default=False
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            help="更正诉求内容（电话、姓名等照样打码保存）/ correct the text (phones and names in it are masked as on add)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """标签、改派公司（记录理由）、更正地点和服务项目 / Tags, company override (with a reason), corrections."""
    names.parse(complaint_id)  # a malformed number is refused before the ledger is opened
    with session() as s:
        result = lifecycle.tag_complaint(
            s.conn,
            names.resolve(s.conn, complaint_id),
            now=s.now,
            actor=s.actor,
            add=list(add_ or []),
            remove=list(remove or []),
            company=company,
            reason=reason,
            corrections={
                "building": building,
                "unit": unit,
                "room": room,
                "place": place,
                "item": item,
                "urgent": urgent,
                "text": text,
            },
        )
        complaint_view.render_tagged(result)


def _step(action: str, complaint_id: str, **details: object) -> None:
    names.parse(complaint_id)  # a malformed number is refused before the ledger is opened
    with session() as s:
        number = names.resolve(s.conn, complaint_id)
        if action == "duplicate":  # --of names a complaint too
            details["of"] = names.resolve(s.conn, str(details["of"]))
        result = lifecycle.apply_action(s.conn, number, action, now=s.now, actor=s.actor, **details)
        complaint_view.render_action(result, action)


def dispatch(complaint_id: ComplaintArg, note: NoteOption = None) -> None:
    """派单给负责公司 / Dispatch to the responsible company."""
    _step("dispatch", complaint_id, note=note)


def respond(complaint_id: ComplaintArg, note: NoteOption = None) -> None:
    """记录公司已响应（处理中）/ Record the company's first response (in progress)."""
    _step("respond", complaint_id, note=note)


def resolve(complaint_id: ComplaintArg, note: NoteOption = None) -> None:
    """办结，等待回访 / Mark resolved, awaiting the follow-up call."""
    _step("resolve", complaint_id, note=note)


def followup(
    complaint_id: ComplaintArg,
    resolved: Annotated[
        str,
        typer.Option(
            "--resolved",
            help="是否解决 / resolved: yes|partly|no（no 重新打开，partly 3 个工作日后再回访 /"
            " no reopens, partly calls again after 3 working days）",
        ),
    ],
    satisfied: Annotated[
        str | None, typer.Option("--satisfied", help="是否满意 / satisfied: yes|basic|no")
    ] = None,
    note: NoteOption = None,
) -> None:
    """回访：解决则结案，未解决则重新办理 / Follow-up call: closes, or reopens when not resolved."""
    _step("followup", complaint_id, resolved=resolved, satisfied=satisfied, note=note)


def dispute(
    complaint_id: ComplaintArg,
    reason: Annotated[str, options.reason("争议理由 / why responsibility is disputed")],
    note: NoteOption = None,
) -> None:
    """责任有争议（待改派）/ Responsibility disputed; stays open until re-routed (tag --company)."""
    _step("dispute", complaint_id, reason=reason, note=note)


def duplicate(
    complaint_id: ComplaintArg,
    of: Annotated[
        str, typer.Option("--of", help="与哪条诉求重复 / the original complaint's number")
    ],
    note: NoteOption = None,
) -> None:
    """标为重复诉求 / Mark as a duplicate of another complaint."""
    names.parse(of)
    _step("duplicate", complaint_id, of=of, note=note)


def reject(
    complaint_id: ComplaintArg,
    reason: Annotated[str, options.reason("不予受理的理由 / why it is rejected")],
) -> None:
    """不予受理 / Reject (not a property matter, ...)."""
    _step("reject", complaint_id, reason=reason)


def reopen(
    complaint_id: ComplaintArg,
    reason: Annotated[str, options.reason("重新打开的理由 / why it is reopened")],
) -> None:
    """重新打开已结案、重复或不予受理的诉求 / Reopen a closed, duplicate or rejected complaint."""
    _step("reopen", complaint_id, reason=reason)


def remind(complaint_id: ComplaintArg, note: NoteOption = None) -> None:
    """催办：记录一次向负责公司的催办 / Record a chase (催办) to the responsible company."""
    _step("remind", complaint_id, note=note)


def note(
    complaint_id: ComplaintArg,
    text: Annotated[str, typer.Argument(help="备注内容 / the note", show_default=False)],
) -> None:
    """添加备注 / Add a note to a complaint's history."""
    _step("note", complaint_id, note=text)
