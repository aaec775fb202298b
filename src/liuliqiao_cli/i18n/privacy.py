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

MESSAGES.update(
    {
        # db check and db backup
        "check.name.companion": ("联系方式文件", "contacts file"),
        "check.name.contacts": ("居民联系方式", "residents' contacts"),
        "check.name.personal": ("台账中的个人信息", "personal data in the ledger"),
        "check.companion_ok": (
            "{path}：属于本台账，完好（联系人 {contacts} 个，文字中的个人信息 {found} 处）",
            "{path}: this ledger's, sound ({contacts} contacts, {found} values found in texts)",
        ),
        "check.companion_none": (
            "还没有 {path}（台账中没有居民联系方式，登记第一个时创建）",
            "No {path} yet (the ledger holds no resident's contact; made with the first)",
        ),
        "check.companion_missing": (
            "找不到 {path}：台账中 {count} 个居民联系方式的原文都在这个文件里，请从备份恢复",
            "{path} is missing: the originals of the ledger's {count} contacts are in it; restore it from a backup",
        ),
        "check.companion_bad": (
            "{path} 已损坏（{count} 处问题），请从备份恢复",
            "{path} is damaged ({count} problems); restore it from a backup",
        ),
        "check.companion_other": (
            "{path} 属于另一本台账，请换回本台账的联系方式文件",
            "{path} belongs to another ledger; put back this ledger's own contacts file",
        ),
        "check.contacts_ok": (
            "{count} 条诉求的联系人都能找到原文",
            "the contacts of {count} complaints all have their originals",
        ),
        "check.contacts_lost": (
            "{count} 条诉求的联系人在联系方式文件中找不到（诉求本身完好；可从备份恢复联系方式文件）",
            "{count} complaints' contacts are not in the contacts file (the complaints are intact; restore the contacts file from a backup)",
        ),
        "check.contacts_lost_all": (
            "联系方式文件不在，{count} 条诉求的联系人无法显示原文",
            "The contacts file is missing: {count} complaints' contacts cannot be shown",
        ),
        "check.contacts_unreadable": (
            "联系方式文件无法读取：{reason}",
            "The contacts file cannot be read: {reason}",
        ),
        "check.personal_ok": (
            "台账文件中没有明文的姓名、电话或身份证号",
            "no name, phone or ID number in the clear in the ledger file",
        ),
        "check.personal_bad": (
            "台账文件中仍有 {count} 处明文个人信息（见问题列，只列位置）",
            "{count} pieces of personal data in the clear in the ledger file (where: see problems)",
        ),
        "backup.companion_done": (
            "居民联系方式文件已一并备份到 {path}（恢复时两个文件一起复制）",
            "The residents' contacts file was backed up too, to {path} (restore both files together)",
        ),
    }
)
