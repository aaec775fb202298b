"""Messages of residents' privacy: the companion contacts file, the record of exports, settings."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the companion contacts file
    "privacy.companion_missing": (
        "找不到居民联系方式文件 {path}：姓名和电话仍以打码显示（其余照常输出，未记录查看）",
        "The residents' contacts file {path} is missing: names and phones stay masked (the rest was output as usual; no reveal recorded)",
    ),
    "privacy.contacts_lost": (
        "{count} 个居民联系方式不在 {path} 中，仍以打码显示（其余照常输出；liuliqiao db check 列出是哪些诉求）",
        "{count} {count|resident's contact is|residents' contacts are} not in {path} and {count|stays|stay} masked (the rest was output as usual; liuliqiao db check lists the complaints)",
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
    "residents.companion_missing": (
        "{option} 要在居民联系方式文件 {path} 中查找，但它缺失、无法读取或属于另一本台账（未列出任何诉求）",
        "{option} looks residents up in the contacts file {path}, which is missing, unreadable or another ledger's (nothing listed)",
    ),
    "file.is_companion": (
        "{path} 是台账的居民联系方式文件，不是台账本身：请打开台账 {ledger}（--db {ledger}）",
        "{path} is a ledger's residents' contacts file, not the ledger itself: open the ledger {ledger} (--db {ledger})",
    ),
    "arg.key": ("设置名", "setting"),  # settings set KEY VALUE (Click's usage errors)
    "arg.value": ("设置的值", "value"),
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
            "the contacts of {count} {count|complaint have|complaints all have} their originals",
        ),
        "check.contacts_lost": (
            "{count} 条诉求的联系人在联系方式文件中找不到（诉求本身完好；可从备份恢复联系方式文件）",
            "{count} {count|complaint's contact is|complaints' contacts are} not in the contacts file (the complaints are intact; restore the contacts file from a backup)",
        ),
        "check.contacts_lost_all": (
            "联系方式文件不在，{count} 条诉求的联系人无法显示原文",
            "The contacts file is missing: {count} {count|complaint's contact|complaints' contacts} cannot be shown",
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

MESSAGES.update(
    {
        # the record of exports, history --exports
        "privacy.exports_one_complaint": (
            "--exports 列出整本台账的导出记录，不能与 --complaint 同用",
            "--exports lists the exports of the whole ledger; it does not go with --complaint",
        ),
        "privacy.no_exports": (
            "这段时间没有导出或查看联系方式的记录",
            "No export or reveal recorded in that period",
        ),
        "privacy.col.what": ("内容", "What"),
        "privacy.col.format": ("格式", "Format"),
        "privacy.col.rows": ("条数", "Rows"),
        "privacy.col.target": ("去向", "To"),
        "privacy.col.contacts": ("联系方式", "Contacts"),
        "privacy.col.complete": ("未完成", "Incomplete"),
        "privacy.col.command": ("命令", "Command"),
        "privacy.kind.export": ("导出", "export"),
        "privacy.kind.contacts": ("查看联系方式", "reveal"),
        "privacy.yes": ("是", "yes"),
        "privacy.no": ("否", "no"),
        "privacy.incomplete": ("中途失败", "failed"),
        "privacy.target.stdout": ("屏幕或管道", "stdout"),
        "privacy.target.screen": ("屏幕", "screen"),
        "privacy.with_contacts": ("（含居民联系方式）", "(with residents' contacts)"),
        "privacy.desc_export": (
            "{what}，{format}，{rows} 条，到 {target}{contacts}",
            "{what}, {format}, {rows} {rows|row|rows}, to {target} {contacts}",
        ),
        "privacy.desc_reveal": (
            "在屏幕上显示了居民联系方式：{what}，{rows} 条",
            "residents' contacts shown on screen: {what}, {rows} {rows|row|rows}",
        ),
        "privacy.desc_upgrade": (
            "隐私升级：{contacts} 个联系人、{complaints} 条诉求文字、{events} 条历史记录中的个人信息移入联系方式文件",
            "privacy upgrade: personal data of {contacts} contacts, {complaints} complaint texts and {events} history records moved to the contacts file",
        ),
        "privacy.desc_setting": (
            "设置 {setting}：{before} -> {after}",
            "setting {setting}: {before} -> {after}",
        ),
        "privacy.what.list": ("诉求列表", "complaint list"),
        "privacy.what.search": ("搜索结果", "search results"),
        "privacy.what.history": ("变更记录", "history"),
        "privacy.what.export": ("台账导出", "ledger export"),
        "privacy.what.dossier": ("会议材料", "dossier"),
        "privacy.what.ics": ("当值日历", "duty calendar"),
        "privacy.what.backup": ("备份", "backup"),
        "privacy.what.show": ("诉求详情", "complaint"),
        "privacy.what.calls": ("待回访", "follow-up calls"),
        "find.kind.export": ("导出", "export"),
        "find.kind.privacy": ("隐私升级", "privacy upgrade"),
        "find.kind.setting": ("修改设置", "setting changed"),
        "find.subject.setting": ("设置", "setting"),
        # settings
        "settings.changed": (
            "已修改设置 {setting}：{before} -> {after}",
            "Setting {setting} changed: {before} -> {after}",
        ),
        "settings.unchanged": (
            "设置 {setting} 已经是 {value}，未做任何更改",
            "Setting {setting} is already {value}; nothing was changed",
        ),
        "settings.unknown": (
            "没有名为“{setting}”的设置；可以修改的设置：{keys}",
            "There is no setting '{setting}'; the settings are: {keys}",
        ),
        "settings.unknown_suggest": (
            "没有名为“{setting}”的设置，是不是 {suggestion}？（可以修改的设置：{keys}）",
            "There is no setting '{setting}'; did you mean {suggestion}? (the settings: {keys})",
        ),
        "settings.bad_bool": (
            "设置 {setting} 只能是 1（是）或 0（否），而不是“{value}”",
            "Setting {setting} is 1 (yes) or 0 (no), not '{value}'",
        ),
        "settings.bad_int": (
            "设置 {setting} 应是 {allowed}，而不是“{value}”",
            "Setting {setting} takes {allowed}, not '{value}'",
        ),
        "settings.out_of_range": (
            "设置 {setting} 的值 {value} 超出范围（{allowed}）",
            "Setting {setting}: {value} is out of range ({allowed})",
        ),
        "settings.allowed_bool": ("1 是 / 0 否", "1 yes / 0 no"),
        "settings.allowed_int": (
            "{minimum}–{maximum} 的整数",
            "a whole number {minimum}-{maximum}",
        ),
        "settings.undo_changed_since": (
            "无法撤销记录 #{event}：设置 {setting} 此后又被修改过（未做任何更改）",
            "Cannot undo event #{event}: setting {setting} changed since (nothing was changed)",
        ),
        "settings.undo_needs_yes": (
            "将撤销记录 #{event}（设置 {setting}：{after} 改回 {before}）；不在终端上运行时请加 --yes 确认（未做任何更改）",
            "Would undo event #{event} (setting {setting}: {after} back to {before}); not on a terminal: add --yes to confirm (nothing was changed)",
        ),
        "settings.undo_preview": (
            "将撤销设置的修改（记录 #{event}，{at}，{actor}）：",
            "Will undo a setting change (event #{event}, {at}, by {actor}):",
        ),
        "privacy.col.key": ("设置", "Setting"),
        "privacy.col.value": ("当前值", "Value"),
        "privacy.col.default": ("默认值", "Default"),
        "privacy.col.changed": ("已改", "Changed"),
        "privacy.col.allowed": ("可取的值", "Allowed"),
        "privacy.col.meaning": ("含义", "Meaning"),
        "settings.meaning.rates.satisfied_counts_basic": (
            "满意率中“基本满意”是否算满意",
            'Satisfaction rate: does "basically satisfied" count as satisfied',
        ),
        "settings.meaning.rates.resolved_counts_partly": (
            "解决率中“部分解决”是否算已解决",
            'Resolution rate: does "partly resolved" count as resolved',
        ),
        "settings.meaning.rates.include_proactive": (
            "三率是否计入巡查、走访发现的问题",
            "Do the rates count problems found on patrol and household visits",
        ),
        "settings.meaning.rates.small_sample": (
            "分母少于此数时比率标 *（样本少，仅供参考）",
            "A rate whose denominator is under this is marked * (small sample, indicative only)",
        ),
    }
)
