"""The one table of commands, as pip's ``commands_dict``: name -> where the command lives and a
one-line summary in both languages, in the order ``--help`` lists them.

``--help`` is answered from this table without importing any command module, and the root group
imports only the module of the command asked for. A command is declared here and nowhere else:
its module defines a plain function (or a Typer group for commands with subcommands), and
tests/test_commands.py fails when a module holds a command this table does not reach, when an
entry names nothing, or when a summary drifts from the command's own help.
"""

from typing import NamedTuple


class CommandInfo(NamedTuple):
    module: str  # under liuliqiao_cli.cli
    attribute: str  # a command function, or a typer.Typer for a group
    summary: str  # the first paragraph of the command's help


COMMANDS: dict[str, CommandInfo] = {
    "init": CommandInfo(
        "init",
        "init",
        "新建台账（已存在则不做更改）/ Create the ledger with the estate configured (harmless if it exists).",
    ),
    "estate": CommandInfo(
        "estate",
        "estate_app",
        "小区概况：楼栋、单元、物业公司、服务项目清单 / The estate: buildings, units, companies, service items.",
    ),
    "add": CommandInfo(
        "complaints",
        "add",
        "登记诉求：识别地点和服务项目，判定负责公司，计算时限 / Record a complaint: recognise place and item, route it, set deadlines.",
    ),
    "list": CommandInfo(
        "listing", "list_cmd", "列出诉求（最新的在前）/ List complaints, newest first."
    ),
    "show": CommandInfo(
        "complaints",
        "show",
        "查看一条诉求：全部字段、时限和处理记录 / Show a complaint: every field, deadlines, its whole timeline.",
    ),
    "search": CommandInfo(
        "find",
        "search",
        "全文搜索诉求（支持一两个字的词，如“灯”“垃圾”）/ Full-text search of complaints, 1-2 character words too.",
    ),
    "tag": CommandInfo(
        "lifecycle",
        "tag",
        "标签、改派公司（记录理由）、更正地点和服务项目 / Tags, company override (with a reason), corrections.",
    ),
    "dispatch": CommandInfo(
        "lifecycle", "dispatch", "派单给负责公司 / Dispatch to the responsible company."
    ),
    "respond": CommandInfo(
        "lifecycle",
        "respond",
        "记录公司已响应（处理中）/ Record the company's first response (in progress).",
    ),
    "resolve": CommandInfo(
        "lifecycle", "resolve", "办结，等待回访 / Mark resolved, awaiting the follow-up call."
    ),
    "followup": CommandInfo(
        "lifecycle",
        "followup",
        "回访：解决则结案，未解决则重新办理 / Follow-up call: closes, or reopens when not resolved.",
    ),
    "dispute": CommandInfo(
        "lifecycle",
        "dispute",
        "责任有争议（待改派）/ Responsibility disputed; stays open until re-routed (tag --company).",
    ),
    "duplicate": CommandInfo(
        "lifecycle", "duplicate", "标为重复诉求 / Mark as a duplicate of another complaint."
    ),
    "reject": CommandInfo("lifecycle", "reject", "不予受理 / Reject (not a property matter, ...)."),
    "reopen": CommandInfo(
        "lifecycle",
        "reopen",
        "重新打开已结案、重复或不予受理的诉求 / Reopen a closed, duplicate or rejected complaint.",
    ),
    "remind": CommandInfo(
        "lifecycle",
        "remind",
        "催办：记录一次向负责公司的催办 / Record a chase (催办) to the responsible company.",
    ),
    "note": CommandInfo("lifecycle", "note", "添加备注 / Add a note to a complaint's history."),
    "history": CommandInfo(
        "find",
        "history",
        "变更记录：谁在什么时候改了什么（最新在前）/ What changed, when and by whom (newest first).",
    ),
    "undo": CommandInfo(
        "find",
        "undo",
        "撤销最近一次更改（先显示将还原什么）/ Revert the last change, after showing what goes back to what.",
    ),
    "today": CommandInfo(
        "clock",
        "today",
        "今日提要：今明两天到期、逾期、待回访、当值与交接、近期会议 / The morning digest: due today and tomorrow, overdue, calls, duty, meetings.",
    ),
    "calls": CommandInfo(
        "clock",
        "calls",
        "待回访：已办结、等待回访电话的诉求（最早的在前）/ Follow-up calls waiting, oldest first.",
    ),
    "duty": CommandInfo(
        "duty",
        "duty_app",
        "当值查询：liuliqiao duty [日期] 回答某天由哪家公司负责共同管理事项 / "
        "Who is on duty: liuliqiao duty [DATE] names the company handling jointly managed items.",
    ),
    "meeting": CommandInfo(
        "meetings",
        "meeting_app",
        "会议：议题、出席、决定 / meetings: agenda, attendance, decisions",
    ),
    "dossier": CommandInfo(
        "dossier",
        "dossier",
        "导出会议材料（台账）/ Export a meeting's dossier: Markdown, printable HTML, Word, Excel, JSON.",
    ),
    "summary": CommandInfo(
        "reports",
        "summary",
        "诉求周报（默认上一个完整周，周一至周日）/ Summary of a period (default: last full week).",
    ),
    "rates": CommandInfo(
        "reports",
        "rates",
        "三率：响应率、解决率、满意率（分子/分母）/ The three rates of 12345 assessment.",
    ),
    "import": CommandInfo(
        "exchange",
        "import_file",
        "导入 12345 工单表或合并另一台账的交换文件 / Import 12345 work orders, or merge another ledger's file.",
    ),
    "export": CommandInfo(
        "exchange",
        "export",
        "导出整本台账（jsonl）、Open311 服务请求或 CSV / Export the ledger (jsonl), Open311 requests or CSV.",
    ),
    "merge": CommandInfo(
        "exchange",
        "merge",
        "合并另一台电脑的台账（不丢任何更改），列出并处理冲突 / Merge another laptop's ledger (no change lost); list and settle conflicts.",
    ),
    "serve": CommandInfo(
        "serve",
        "serve",
        "在浏览器中只读查看台账（Datasette，需安装 office 扩展）/ The ledger in a browser, read-only (Datasette; the office extra).",
    ),
    "settings": CommandInfo(
        "settings",
        "settings_app",
        "设置：列出每项设置的当前值、默认值和含义；settings set 修改 / Settings: every setting with "
        "its value, default and meaning; settings set changes one.",
    ),
    "db": CommandInfo("db", "db_app", "台账文件维护 / ledger file maintenance"),
    "shell": CommandInfo(
        "shell",
        "shell",
        "交互式命令行：补全、历史、底部显示当值和超期（管道输入时逐行执行）/ A prompt for every command: completion, history, today's duty and overdue below (reads a command per line from a pipe).",
    ),
}
