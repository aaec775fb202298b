"""Messages of the shell, of completion, and Click's own words (usage errors, help) re-worded.

The English texts of ``click.help.*`` are Typer's and click's own words, so that English help
reads as it always did.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- Click's usage errors, naming the parameter as the user types it ---------------------
    "click.missing_argument": ("缺少参数：{name}", "Missing argument: {name}"),
    "click.missing_option": ("缺少选项 {name}", "Missing option {name}"),
    "click.no_such_option": ("没有 {option} 这个选项", "No such option: {option}"),
    "click.no_such_option_suggest": (
        "没有 {option} 这个选项，是不是{suggestions}？",
        "No such option: {option}. Did you mean {suggestions}?",
    ),
    "click.option_needs_value": ("选项 {option} 后面要写一个值", "Option {option} needs a value"),
    "click.option_needs_values": (
        "选项 {option} 后面要写 {n} 个值",
        "Option {option} needs {n} values",
    ),
    "click.option_takes_no_value": (
        "选项 {option} 不带值",
        "Option {option} does not take a value",
    ),
    "click.invalid_value": ("{name} 的值无效：{detail}", "Invalid value for {name}: {detail}"),
    "click.invalid_argument": ("{name}无效：{detail}", "Invalid {name}: {detail}"),
    "click.invalid_value_bare": ("值无效：{detail}", "Invalid value: {detail}"),
    "click.not_a_choice": ("“{value}”不可用，可用：{choices}", "'{value}' is not one of {choices}"),
    "click.not_a_number": ("“{value}”不是整数", "'{value}' is not a whole number"),
    "click.out_of_range": ("{value} 不在 {range} 范围内", "{value} is not in the range {range}"),
    "click.not_a_boolean": ("“{value}”不是是/否值", "'{value}' is not a yes/no value"),
    "click.no_such_command": ("没有“{name}”这个命令", "No such command '{name}'"),
    "click.no_such_command_suggest": (
        "没有“{name}”这个命令，是不是{suggestions}？",
        "No such command '{name}'. Did you mean {suggestions}?",
    ),
    "click.missing_command": ("缺少命令", "Missing command"),
    "click.extra_arguments": ("多余的参数：{args}", "Unexpected extra argument(s): {args}"),
    "click.file_error": ("无法打开文件 {file}：{reason}", "Could not open file {file}: {reason}"),
    "click.quoted": ("“{value}”", "'{value}'"),
    "click.or": ("或", " or "),
    "click.aborted": ("已中止。", "Aborted."),
    # --- help's own words (English: Typer's and click's, unchanged) ---------------------------
    "click.help.usage": ("用法：", "Usage: "),
    "click.help.options_metavar": ("[选项]", "[OPTIONS]"),
    "click.help.commands_metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "click.help.arguments": ("参数", "Arguments"),
    "click.help.options": ("选项", "Options"),
    "click.help.commands": ("命令", "Commands"),
    "click.help.error": ("错误", "Error"),
    "click.help.default": ("默认：{default}", "default: {default}"),
    "click.help.required": ("必填", "required"),
    "click.help.env_var": ("环境变量：{var}", "env var: {var}"),
    "click.help.dynamic": ("（动态）", "(dynamic)"),
    "click.help.deprecated": ("（已弃用）", "(deprecated) "),
    "click.help.rich_default": ("[默认：{}]", "[default: {}]"),
    "click.help.rich_env_var": ("[环境变量：{}]", "[env var: {}]"),
    "click.help.rich_required": ("[必填]", "[required]"),
    "click.help.try_help": (
        "用 [blue]'{command_path} {help_option}'[/] 查看帮助。",
        "Try [blue]'{command_path} {help_option}'[/] for help.",
    ),
    "click.help.help_option": ("显示此帮助并退出。", "Show this message and exit."),
    "click.help.install_completion": (
        "为当前的命令行（bash、zsh、fish）安装补全。",
        "Install completion for the current shell.",
    ),
    "click.help.show_completion": (
        "显示当前命令行的补全脚本，以便复制或自行安装。",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    # --- the shell ----------------------------------------------------------------------------
    "shell.too_long": (
        "这一行有 {n} 个字符，超过 {limit} 个，未执行",
        "This line has {n} {n|character|characters}, more than {limit}; not run",
    ),
    "shell.nul": ("这一行含有空字符（NUL），未执行", "This line holds a NUL character; not run"),
    "shell.unbalanced_quotes": (
        "引号没有配对，未执行（一段文字请放在一对引号里）",
        "Unbalanced quotes; not run (put a text between one pair of quotes)",
    ),
    "shell.exit_arguments": (
        "{word} 不带参数：单独输入 {word} 或按 Ctrl-D 退出",
        "{word} takes no arguments: type {word} alone or press Ctrl-D to leave",
    ),
    "shell.undecodable": ("这一行不是 UTF-8 文字，未执行", "This line is not UTF-8 text; not run"),
    "shell.nested": (
        "已经在 liuliqiao shell 里了，直接输入命令即可",
        "Already in liuliqiao shell: type the commands directly",
    ),
    "shell.welcome": (
        "liuliqiao shell（台账 {path}）：直接输入命令，Tab 补全，help 查看全部命令，exit 或 Ctrl-D 退出。",
        "liuliqiao shell (ledger {path}): type commands, Tab completes, help lists them, exit or Ctrl-D leaves.",
    ),
    "shell.toolbar": (
        "今天 {date}  当值：{company}  超期：{overdue} 条",
        "Today {date}  On duty: {company}  Overdue: {overdue}",
    ),
    "shell.toolbar_no_ledger": (
        "没有台账 {path}（liuliqiao init 新建）",
        "No ledger at {path} (liuliqiao init creates one)",
    ),
    # --- completion's help beside a value ---------------------------------------------------
    "completion.unit": ("{unit}单元", "unit {unit}"),
    "completion.floor": ("{floor}层", "floor {floor}"),
    "completion.tag_count": ("{n} 条诉求", "{n} {n|complaint|complaints}"),
    "completion.decision_open": ("未完成", "open"),
    "completion.decision_done": ("已完成", "done"),
    "completion.revoked": ("已撤销", "revoked"),
    # --- arguments as a user names them (options are named by their flag) --------------------
    "arg.text": ("内容", "text"),
    "arg.complaint_id": ("诉求编号", "complaint number"),
    "arg.terms": ("搜索词", "search words"),
    "arg.start": ("开始日期", "start date"),
    "arg.end": ("结束日期", "end date"),
    "arg.company": ("物业公司", "company"),
    "arg.override_id": ("调班编号", "override number"),
    "arg.meeting_id": ("会议编号", "meeting number"),
    "arg.decision_id": ("决定编号", "decision number"),
    "arg.changes": (
        "议题变更（--add 编号 / --remove 编号）",
        "agenda changes (--add N / --remove N)",
    ),
    "arg.people": ("出席人员", "people present or absent"),
    "arg.file": ("文件", "file"),
    "arg.out": ("输出文件", "output file"),
    "arg.target": ("备份文件", "backup file"),
    "arg.number": ("诉求编号", "complaint number"),  # duty handover --confirm N
    "arg.letters": ("站点字母", "station letters"),  # db station B
    "arg.estate_file": ("小区文件", "estate file"),  # estate apply FILE
    "arg.source": ("节假日安排文件", "holiday notice file"),  # db workdays FILE
}
