"""Messages of the command line's edges: arguments that cannot be read (empty, out of range,
not UTF-8) and output that the terminal cannot show."""

MESSAGES: dict[str, tuple[str, str]] = {
    "arg.empty": ("{name} 的值为空", "{name} is empty"),
    "arg.out_of_range": (
        "{name} 的值 {value} 超出范围（{low} 到 {high}）",
        "{name} {value} is out of range ({low} to {high})",
    ),
    "arg.undecodable": (
        "第 {index} 个参数“{value}”不是有效的 UTF-8 文本，请检查终端或脚本的字符编码",
        "Argument {index} '{value}' is not valid UTF-8 text; check the character encoding "
        "of the terminal or script",
    ),
    "input.undecodable": (
        "输入中有不是有效 UTF-8 的字节（参数、环境变量或文件名）：{value}",
        "The input holds bytes that are not valid UTF-8 (an argument, an environment variable "
        "or a file name): {value}",
    ),
    "error.read_only": (
        "没有写入台账的权限（只能查看）；台账未被修改",
        "No permission to write the ledger (it can only be read); nothing was changed",
    ),
    "error.damaged": (
        "台账文件已损坏，无法读取所需内容：运行 liuliqiao db check 查看，并用最近的备份恢复",
        "The ledger file is damaged and what this needs cannot be read: run liuliqiao db check, "
        "and restore the latest backup",
    ),
    "output.encoding": (
        "终端的字符编码 {encoding} 无法显示输出中的字符：请改用 UTF-8（例如 "
        "export LANG=C.UTF-8），或用 -o 写入文件",
        "The terminal's character encoding {encoding} cannot show characters of the output: use "
        "UTF-8 (e.g. export LANG=C.UTF-8), or write to a file with -o",
    ),
}
