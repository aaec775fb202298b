"""Messages shared by every command: files, dates, errors, global options."""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.prefix": ("错误：", "Error: "),
    "error.usage": (
        "用法错误：{message}（用 --help 查看用法）",
        "Usage error: {message} (see --help)",
    ),
    "error.interrupted": ("已中断，未做任何更改。", "Interrupted; nothing was changed."),
    "error.internal": (
        "内部错误（{kind}）。请用 --traceback 重试并报告此问题；台账未被修改。",
        "Internal error ({kind}). Run again with --traceback and report it; the ledger was not changed.",
    ),
    "error.sqlite": (
        "数据库错误：{message}（台账未被修改）",
        "Database error: {message} (the ledger was not changed)",
    ),
    "error.busy": (
        "台账正被另一个程序长时间占用，请稍后重试（未做任何更改）。",
        "The ledger is busy in another program for too long; try again (nothing was changed).",
    ),
    "lang.unknown": ("未知语言“{value}”，可用：zh、en", "Unknown language '{value}'; use zh or en"),
    "dates.empty": (
        "日期为空。可用格式：2026-11-27、2026/11/27、2026年11月27日、12月5日、12-05、今天、昨天、前天、明天、后天、"
        "3天前、3天后、上周五、本周五、下周一、月底",
        "Empty date. Accepted: 2026-11-27, 2026/11/27, 2026年11月27日, 12-05, today, yesterday, "
        "tomorrow, 3 days ago, in 3 days, last friday, this friday, next monday, 今天, 3天前, 下周一, 月底",
    ),
    "dates.malformed": (
        "无法识别的日期“{value}”。可用格式：2026-11-27、2026/11/27、2026年11月27日、12月5日、12-05、今天、昨天、"
        "前天、明天、后天、3天前、3天后、上周五、本周五、下周一、月底（可加 14:30）",
        "Unrecognised date '{value}'. Accepted: 2026-11-27, 2026/11/27, 2026年11月27日, 12-05, today, "
        "yesterday, tomorrow, 3 days ago, in 3 days, last friday, this friday, next monday, 今天, "
        "3天前, 下周一, 月底 (optionally with 14:30)",
    ),
    "dates.impossible": (
        "不存在的日期或时间“{value}”。可用格式：2026-11-27、2026年11月27日、12月5日、12-05、今天、3天前、下周一、"
        "月底（可加 14:30，时 0–23，分 0–59）",
        "No such date or time: '{value}'. Accepted: 2026-11-27, 2026年11月27日, 12-05, today, "
        "3 days ago, next monday, 下周一, 月底 (optionally with 14:30, hours 0-23, minutes 0-59)",
    ),
    "dates.bad_zone": ("未知时区“{zone}”", "Unknown time zone '{zone}'"),
    "dates.range": (
        "结束日期 {until} 早于开始日期 {since}",
        "The end date {until} is before the start date {since}",
    ),
    "file.missing": (
        "找不到台账文件 {path}。新建请运行：{command}（或用 --db 指定已有的台账）",
        "No ledger at {path}. Create one with: {command} (or point --db at an existing ledger)",
    ),
    "file.not_sqlite": ("{path} 不是 SQLite 数据库文件", "{path} is not an SQLite database"),
    "file.truncated": (
        "台账文件 {path} 不完整：只有 {size} 字节，文件头记录的是 {expected} 字节（复制或下载没有完成？）。"
        "请用最近的备份恢复",
        "The ledger file {path} is cut short: {size} bytes where its header records {expected} "
        "(an unfinished copy or download?). Restore it from the latest backup",
    ),
    "file.damaged": (
        "台账文件 {path} 已损坏：文件头完好，内容无法读取。请用最近的备份恢复",
        "The ledger file {path} is damaged: its header is intact but its content cannot be read. "
        "Restore it from the latest backup",
    ),
    "file.not_ledger": (
        "{path} 是 SQLite 数据库，但不是诉求台账（没有台账的版本记录）",
        "{path} is an SQLite database but not a liuliqiao ledger (no ledger schema record)",
    ),
    "file.too_new": (
        "{path} 由更新版本的 liuliqiao 创建（未知的结构版本：{names}），请升级本程序后再打开",
        "{path} was written by a newer liuliqiao (unknown schema steps: {names}); upgrade this program to open it",
    ),
    "file.unwritable": (
        "无法在 {path} 创建台账：{reason}",
        "Cannot create a ledger at {path}: {reason}",
    ),
    "file.is_dir": ("{path} 是一个文件夹，不是台账文件", "{path} is a folder, not a ledger file"),
    "file.exists": (
        "{path} 已存在；如要覆盖请加 --force",
        "{path} already exists; add --force to overwrite it",
    ),
    "file.no_folder": ("文件夹 {path} 不存在", "The folder {path} does not exist"),
    "file.is_ledger": (
        "{path} 就是台账本身（或属于它的 -wal/-shm 文件），不能写入",
        "{path} is the ledger itself (or its -wal/-shm file); it is never written over",
    ),
    "init.created": ("已创建台账 {path}（{estate}）", "Created the ledger {path} ({estate})"),
    "init.exists": (
        "台账 {path} 已存在（{estate}），未做任何更改",
        "The ledger {path} already exists ({estate}); nothing was changed",
    ),
    "init.upgraded": (
        "台账 {path} 已存在，已升级到当前结构版本",
        "The ledger {path} already existed; upgraded it to the current schema",
    ),
    "start.title": (
        "liuliqiao：居民诉求台账（登记、派单、跟踪、回访）",
        "liuliqiao: the residents' complaint ledger (record, dispatch, follow up)",
    ),
    "start.ledger_exists": ("台账文件：{path}（已有）", "Ledger file: {path} (exists)"),
    "start.ledger_missing": ("台账文件：{path}（还没有）", "Ledger file: {path} (not there yet)"),
    "start.ledger_create": ("新建台账：{command}", "Create it with: {command}"),
    "start.sample": (
        "先用样例台账试试（一个独立的文件，不碰你的台账）：",
        "Try the sample estate first (a separate file; your ledger is not touched):",
    ),
    "start.sample.write": ("写出样例台账", "write the sample ledger"),
    "start.sample.look": ("看看其中未办结的诉求", "see its open complaints"),
    "start.day": ("一天里常用的五条命令：", "The five commands of a day:"),
    "start.day.add": ("登记诉求，当场判定负责公司", "record a complaint, routed at once"),
    "start.day.list": (
        "未办结的诉求（--overdue：逾期的）",
        "open complaints (--overdue: late ones)",
    ),
    "start.day.show": ("一条诉求的时限和处理记录", "one complaint: deadlines, history"),
    "start.day.dispatch": ("派单给负责的物业公司", "send it to the responsible company"),
    "start.day.resolve": ("办结，之后回访（followup）结案", "mark it resolved (then: followup)"),
    "start.more": (
        "全部命令：liuliqiao --help；某条命令的用法：liuliqiao add --help",
        "All commands: liuliqiao --help; one command's options: liuliqiao add --help",
    ),
    "sample.written": (
        "已生成样例台账 {path}：{summary}",
        "Wrote the sample ledger {path}: {summary}",
    ),
    "value.unknown": (
        "未知的{what}“{value}”。可用：{choices}",
        "Unknown {what} '{value}'. Valid: {choices}",
    ),
    "value.unknown_suggest": (
        "未知的{what}“{value}”，是不是“{suggestion}”？可用：{choices}",
        "Unknown {what} '{value}'. Did you mean '{suggestion}'? Valid: {choices}",
    ),
    "what.building": ("楼号", "building"),
    "what.company": ("物业公司", "company"),
    "what.item": ("服务项目", "service item"),
    "what.format": ("输出格式", "format"),
    "format.unknown": (
        "未知的输出格式“{value}”，可用：{choices}",
        "Unknown format '{value}'; use one of {choices}",
    ),
}
