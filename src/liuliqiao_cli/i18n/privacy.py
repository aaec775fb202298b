"""Messages of residents' privacy: the companion contacts file, the record of exports, settings."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the companion contacts file
    "privacy.companion_missing": (
        "找不到居民联系方式文件 {path}：姓名和电话仍以打码显示（其余照常输出，未记录查看）",
        "The residents' contacts file {path} is missing: names and phones stay masked (the rest was output as usual; no reveal recorded)",
    ),
    "privacy.companion_unreadable": (
        "居民联系方式文件 {path} 无法读取：姓名和电话仍以打码显示（其余照常输出，未记录查看）",
        "The residents' contacts file {path} cannot be read: names and phones stay masked (the rest was output as usual; no reveal recorded)",
    ),
    "privacy.companion_other_ledger": (
        "{path} 属于另一本台账，没有使用：姓名和电话仍以打码显示（其余照常输出，未记录查看）",
        "{path} belongs to another ledger and was not used: names and phones stay masked (the rest was output as usual; no reveal recorded)",
    ),
    "privacy.companion_other_ledger_write": (
        "{path} 属于另一本台账：不能把本台账的联系方式存进去（未做任何更改）；请移走该文件或换回本台账自己的文件",
        "{path} belongs to another ledger: this ledger's contacts cannot be kept in it (nothing was changed); move it away or put back this ledger's own file",
    ),
    "privacy.companion_unwritable": (
        "无法写入居民联系方式文件 {path}：{reason}（未做任何更改）",
        "Cannot write the residents' contacts file {path}: {reason} (nothing was changed)",
    ),
    "privacy.no_ledger_id": (
        "台账缺少身份标识，无法保存居民联系方式（{path}）；请运行 liuliqiao db check",
        "The ledger has no identity, so residents' contacts cannot be kept ({path}); run liuliqiao db check",
    ),
    "privacy.in_memory": (
        "内存中的台账没有联系方式文件（{path}）",
        "An in-memory ledger has no contacts file ({path})",
    ),
}
