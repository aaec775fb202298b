"""Messages of import, export, Open311, backup and check."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- backup ---
    "backup.done": (
        "已备份到 {path}（{size} KB，诉求 {complaints} 条，记录 {events} 条）",
        "Backed up to {path} ({size} KB, {complaints} {complaints|complaint|complaints}, {events} {events|event|events})",
    ),
    "backup.same_file": (
        "备份目标 {path} 就是台账本身",
        "The backup target {path} is the ledger itself",
    ),
    "backup.unwritable": (
        "无法写入备份 {path}：{reason}",
        "Cannot write the backup {path}: {reason}",
    ),
    "backup.bad_copy": (
        "备份 {path} 校验失败（{reason}），未保存",
        "The backup {path} failed its check ({reason}); nothing was saved",
    ),
    # --- check ---
    "check.col.check": ("检查项", "Check"),
    "check.col.ok": ("结果", "Result"),
    "check.col.detail": ("说明", "Detail"),
    "check.col.problems": ("问题", "Problems"),
    "check.ok": ("正常", "ok"),
    "check.bad": ("有问题", "PROBLEM"),
    "check.name.integrity": ("数据库完整性", "database integrity"),
    "check.name.foreign_keys": ("外键引用", "foreign keys"),
    "check.name.search": ("全文索引", "search index"),
    "check.name.history": ("诉求历史", "complaint history"),
    "check.name.schema": ("结构版本", "schema version"),
    "check.integrity_ok": ("integrity_check 通过", "integrity_check passed"),
    "check.integrity_bad": (
        "integrity_check 报告 {count} 处问题",
        "integrity_check reported {count} {count|problem|problems}",
    ),
    "check.fk_ok": ("没有悬空引用", "no dangling references"),
    "check.fk_bad": (
        "{count} 条记录引用了不存在的行",
        "{count} {count|row refers|rows refer} to missing rows",
    ),
    "check.fts_missing": (
        "缺少全文索引表 complaints_fts",
        "The search table complaints_fts is missing",
    ),
    "check.fts_ok": (
        "索引与 {complaints} 条诉求一致",
        "index matches the {complaints} {complaints|complaint|complaints}",
    ),
    "check.fts_ok_read_only": (
        "索引条数与 {complaints} 条诉求一致（台账只读：逐条比对需要写权限，未做）",
        "index counts the {complaints} {complaints|complaint|complaints} (the ledger is read-only: the entry-by-entry "
        "comparison needs write access and was left out)",
    ),
    "check.unreadable": (
        "无法完成检查：台账文件已损坏",
        "could not be run: the ledger file is damaged",
    ),
    "check.repair_read_only": (
        "无法修复：没有写入台账 {path} 的权限",
        "Cannot repair: no permission to write the ledger {path}",
    ),
    "check.fts_bad": (
        "索引与诉求表不一致（诉求 {complaints} 条，索引 {indexed} 条）",
        "index does not match the complaints ({complaints} {complaints|complaint|complaints}, {indexed} indexed)",
    ),
    "check.name.totals": ("统计汇总", "running totals"),
    "check.totals_ok": ("与诉求和历史一致", "match the complaints and their history"),
    "check.totals_bad": (
        "与重新计算的结果不符（{count} 行）；可用 liuliqiao db check --repair 重建",
        "differ from a recomputation ({count} {count|row|rows}); rebuild with liuliqiao db check --repair",
    ),
    "check.repaired": (
        "已重建全文索引和统计汇总（诉求记录未改动）",
        "Rebuilt the search index and the running totals (no record was changed)",
    ),
    "check.history_ok": ("每条诉求都有创建记录", "every complaint has its creation event"),
    "check.history_bad": (
        "{count} 条诉求没有创建记录",
        "{count} {count|complaint has|complaints have} no creation event",
    ),
    "check.schema_ok": (
        "结构版本最新（{count} 步，至 {last}）",
        "schema up to date ({count} {count|step|steps}, up to {last})",
    ),
    "check.schema_bad": (
        "结构版本不符：缺少 {missing}；未知 {unknown}",
        "schema mismatch: missing {missing}; unknown {unknown}",
    ),
    "check.verdict_ok": ("结论：台账完好。", "Verdict: the ledger is sound."),
    "check.verdict_bad": (
        "结论：发现 {count} 项问题。全文索引或统计汇总的问题可用 --repair 重建；其他问题请用最近的备份恢复（见 README“备份”一节）。",
        "Verdict: {count} {count|check|checks} found problems. --repair rebuilds the search index and the running totals; for anything else restore the latest backup (see the README, Backup).",
    ),
    # --- export ---
    "exchange.exported": (
        "已导出 {count} 条记录到 {path}（{format}）",
        "Exported {count} {count|record|records} to {path} ({format})",
    ),
    "exchange.unwritable": ("无法写入 {path}：{reason}", "Cannot write {path}: {reason}"),
    "exchange.helper_failed": (
        "导出的辅助进程意外结束（退出码 {code}），导出未完成",
        "A helper process of the export stopped (exit code {code}); the export is incomplete",
    ),
    "exchange.since_jsonl": (
        "--since/--until 只用于 open311 和 csv；台账交换文件（jsonl）总是完整的",
        "--since/--until apply to open311 and csv only; a ledger file (jsonl) is always complete",
    ),
    "exchange.open311_contacts": (
        "Open311 格式从不包含居民联系方式，不能与 --with-contacts 同用",
        "The Open311 format never carries residents' contacts; --with-contacts cannot be used with it",
    ),
    "exchange.spreadsheet_only": (
        "--strict 和 --map 只用于工单表（.xlsx/.csv）",
        "--strict and --map apply to work-order spreadsheets (.xlsx/.csv) only",
    ),
    # --- import: file types ---
    "exchange.unknown_type_file": (
        "无法识别的文件类型：{name}。可导入 .xlsx、.csv（12345 工单表）或 .jsonl（台账交换文件）",
        "Unknown file type: {name}. Import .xlsx or .csv (12345 work orders) or .jsonl (a ledger file)",
    ),
    "exchange.old_excel": (
        "{name} 是旧版 Excel/WPS 格式，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入",
        "{name} is an old Excel/WPS format; save it as .xlsx or CSV first",
    ),
    # --- import: ledger files ---
    "exchange.empty_file": ("文件是空的", "The file is empty"),
    "exchange.not_ledger_file": (
        "第 1 行不是台账交换文件的文件头（应由 liuliqiao export 生成）",
        "Line 1 is not the header of a ledger file (made by liuliqiao export)",
    ),
    "exchange.newer_version": (
        "该文件由更新版本的 liuliqiao 导出（格式版本 {version}，本程序支持 {ours}），请先升级",
        "This file was exported by a newer liuliqiao (format version {version}; this program reads {ours}); upgrade first",
    ),
    "exchange.newer_schema": (
        "该文件来自结构更新的台账（未知步骤：{names}），请先升级本程序",
        "This file comes from a ledger with a newer schema (unknown steps: {names}); upgrade first",
    ),
    "exchange.other_estate": (
        "该文件是另一个小区“{theirs}”的台账，本台账是“{ours}”；确认要合并请加 --force（楼号、服务项目必须一致）",
        "This file is the ledger of another estate ('{theirs}'); this ledger is '{ours}'. Add --force to merge anyway (buildings and items must match)",
    ),
    "exchange.bad_line": (
        "第 {line} 行已损坏或不完整（不是有效的 JSON 记录），未做任何更改",
        "Line {line} is corrupted or incomplete (not a valid JSON record); nothing was changed",
    ),
    "exchange.truncated": (
        "文件在第 {line} 行处结束，缺少结束标记：文件不完整（被截断？），未做任何更改",
        "The file stops at line {line} without its end record: it is truncated; nothing was changed",
    ),
    "exchange.bad_count": (
        "第 {line} 行的结束标记说有 {expected} 条记录，实际读到 {found} 条：文件已损坏，未做任何更改",
        "The end record on line {line} announces {expected} {expected|record|records}, {found} {found|was|were} read: the file is damaged; nothing was changed",
    ),
    "exchange.after_end": (
        "第 {line} 行出现在结束标记之后",
        "Line {line} comes after the end record",
    ),
    "exchange.unknown_type": (
        "第 {line} 行：未知的记录类型“{type}”",
        "Line {line}: unknown record type '{type}'",
    ),
    "exchange.no_uuid": ("第 {line} 行：记录没有 uuid", "Line {line}: the record has no uuid"),
    "exchange.duplicate_uuid": (
        "第 {line} 行：uuid {uuid} 与第 {other} 行重复",
        "Line {line}: uuid {uuid} repeats line {other}",
    ),
    "exchange.bad_record": (
        "第 {line} 行：记录无效（{reason}），未做任何更改",
        "Line {line}: invalid record ({reason}); nothing was changed",
    ),
    "exchange.value_taken": (
        "第 {line} 行：{field} 与文件前面的一条记录或本台账中的记录重复，未做任何更改",
        "Line {line}: {field} repeats an earlier record of the file or one of this ledger; nothing was changed",
    ),
    "exchange.broken_reference": (
        "导入后表 {table} 中有记录指向 {parent} 中不存在的记录，未做任何更改",
        "After the import a row of {table} refers to a row of {parent} that does not exist; nothing was changed",
    ),
    "exchange.dangling_ref": (
        "第 {line} 行：{field} 指向文件和台账中都没有的记录 {uuid}，未做任何更改",
        "Line {line}: {field} refers to {uuid}, found neither in the file nor in the ledger; nothing was changed",
    ),
    "exchange.unknown_building": (
        "第 {line} 行：本小区没有 {value} 号楼",
        "Line {line}: this estate has no building {value}",
    ),
    "exchange.unknown_item": (
        "第 {line} 行：本小区没有服务项目“{value}”",
        "Line {line}: this estate has no service item '{value}'",
    ),
    "exchange.unknown_company": (
        "第 {line} 行：本小区没有物业公司“{value}”",
        "Line {line}: this estate has no company '{value}'",
    ),
    "exchange.kind.rotation": ("轮值版本", "rotation versions"),
    "exchange.kind.estate_version": ("小区定义版本", "estate versions"),
    "exchange.kind.contact": ("联系人", "contacts"),
    "exchange.kind.complaint": ("诉求", "complaints"),
    "exchange.kind.meeting": ("会议", "meetings"),
    "exchange.kind.decision": ("会议决定", "decisions"),
    "exchange.kind.override": ("调班", "overrides"),
    "exchange.kind.event": ("历史记录", "events"),
    "exchange.conflict_line": (
        "冲突 第 {line} 行 {type} {number} {uuid}：{reason}",
        "Conflict line {line} {type} {number} {uuid}: {reason}",
    ),
    "exchange.conflict_ref": (
        "工单编号 {ref} 在本台账已被另一条诉求使用，未合并（含其历史）",
        "work-order number {ref} is already used by another complaint here; not merged (nor its history)",
    ),
    "exchange.conflict_ours": (
        "两边内容不同，但历史相同（不是由记录的更改造成的）：保留本台账的版本",
        "the copies differ though their histories are the same (not made by a recorded change): kept this ledger's",
    ),
    "exchange.more_conflicts": ("……另有 {count} 处冲突未列出", "... and {count} more conflicts"),
    "exchange.merged": (
        "已合并“{estate}”的台账文件：新增 {added}；更新 {updated}；未变 {unchanged}；跳过 {skipped}；冲突 {conflicts} 处",
        "Merged the ledger file of '{estate}': added {added}; updated {updated}; unchanged {unchanged}; skipped {skipped}; {conflicts} {conflicts|conflict|conflicts}",
    ),
    "exchange.merge_dry": (
        "试运行（未写入）：将新增 {added}；更新 {updated}；未变 {unchanged}；跳过 {skipped}；冲突 {conflicts} 处（“{estate}”）",
        "Dry run (nothing written): would add {added}; update {updated}; unchanged {unchanged}; skip {skipped}; {conflicts} {conflicts|conflict|conflicts} ('{estate}')",
    ),
    # --- Open311 ---
    "open311.status.received": ("已受理", "received"),
    "open311.status.dispatched": ("已派单", "dispatched to the company"),
    "open311.status.in_progress": ("处理中", "in progress"),
    "open311.status.resolved": ("已办结，待回访", "resolved, awaiting the follow-up call"),
    "open311.status.closed": ("已结案", "closed after the follow-up call"),
    "open311.status.disputed": ("责任有争议", "responsibility disputed"),
    "open311.status.reopened": ("回访未解决，重新办理", "reopened after the follow-up call"),
    "open311.status.duplicate": ("重复诉求", "duplicate"),
    "open311.status.rejected": ("不予受理", "rejected"),
    "open311.answer.yes": ("是", "yes"),
    "open311.answer.partly": ("部分", "partly"),
    "open311.answer.basic": ("基本满意", "basically"),
    "open311.answer.no": ("否", "no"),
    "open311.answer.none": ("未答", "no answer"),
    "open311.followup": (
        "；回访：解决 {resolved}，满意 {satisfied}",
        "; follow-up: resolved {resolved}, satisfied {satisfied}",
    ),
    # --- 12345 work orders ---
    "workorders.missing": ("找不到文件 {path}", "No such file: {path}"),
    "workorders.bad_map": (
        "无法理解的映射“{part}”：应写成 表头=字段，字段可为 {fields}",
        "Cannot read the mapping '{part}': write header=field, field one of {fields}",
    ),
    "workorders.bad_encoding": (
        "{path} 既不是 UTF-8 也不是 GB18030 编码，请在 Excel/WPS 中另存为“CSV UTF-8”后再导入",
        "{path} is neither UTF-8 nor GB18030; save it as 'CSV UTF-8' in Excel/WPS first",
    ),
    "workorders.bad_csv": (
        "CSV 第 {line} 行无法读取：{reason}",
        "CSV line {line} cannot be read: {reason}",
    ),
    "workorders.bad_xlsx": ("{path} 不是有效的 .xlsx 文件", "{path} is not a valid .xlsx file"),
    "workorders.empty_file": ("{path} 没有表头行", "{path} has no header row"),
    "workorders.missing_columns": (
        '缺少必需的列：{missing}。文件中的表头：{found}。可用 --map "表头=字段" 指定',
        'Missing required columns: {missing}. Headers found: {found}. Use --map "header=field"',
    ),
    "workorders.empty": ("“{what}”为空", "'{what}' is empty"),
    "workorders.ref_twice": (
        "工单编号 {ref} 与第 {other} 行重复",
        "work-order number {ref} repeats row {other}",
    ),
    "workorders.unknown_building": (
        "地址中的“{value}”不是本小区的楼（本小区：{choices}）",
        "'{value}' in the address is not a building of this estate ({choices})",
    ),
    "workorders.row_problem": ("第 {row} 行：{message}", "Row {row}: {message}"),
    "workorders.needs_item": (
        "{why}，未导入：请在表中“服务项目”列写明（可选：{choices}），或用 liuliqiao add --ref {ref} 登记",
        "{why}; not imported: name the item in a 服务项目 column ({choices}), or record it with "
        "liuliqiao add --ref {ref}",
    ),
    "workorders.needs_building": (
        "{why}，未导入：请在地址中写明楼号（{choices}），或用 liuliqiao add --ref {ref} 登记",
        "{why}; not imported: give the building in the address ({choices}), or record it with "
        "liuliqiao add --ref {ref}",
    ),
    "row.ask.item_close": (
        "服务项目不能确定（{items}得分接近）",
        "The service item is unclear ({items} score close)",
    ),
    "row.ask.item_inside": (
        "说的是楼内的事，但没有识别出服务项目",
        "About the inside of a building, but no service item recognised",
    ),
    "row.ask.building_missing": (
        "“{item}”是分别管理事项，但地址和内容中没有楼号",
        "'{item}' is separately managed, but neither the address nor the text names a building",
    ),
    "row.ask.building_unknown": (
        "本小区没有{named}号楼（共 {count} 栋），“{item}”是分别管理事项",
        "There is no building {named} ({count} {count|building|buildings}) and '{item}' is separately managed",
    ),
    "row.ask.building_several": (
        "地址和内容提到几栋楼（{named}号楼），“{item}”是分别管理事项",
        "The address and text name several buildings ({named}) and '{item}' is separately managed",
    ),
    "workorders.duplicates": (
        "可能重复：{rows} 行与 7 天内同一地点、同一服务项目的未办结诉求是同一问题，已标为重复，不计为新问题（标错的可用 liuliqiao reopen 编号 --reason 恢复）：",
        "Likely duplicates: {rows} {rows|row repeats|rows repeat} an open complaint about the "
        "same item at the same place within 7 days; marked as duplicates, not counted as new "
        "problems (a wrong one: liuliqiao reopen NUMBER --reason ...):",
    ),
    "workorders.duplicates_dry": (
        "可能重复：{rows} 行与 7 天内同一地点、同一服务项目的未办结诉求是同一问题，导入时将标为重复：",
        "Likely duplicates: {rows} {rows|row repeats|rows repeat} an open complaint about the "
        "same item at the same place within 7 days; they would be marked as duplicates:",
    ),
    "workorders.duplicate_line": (
        "  #{original}{new} ← 第 {rows} 行（{count} 行）",
        "  #{original}{new} <- {count|row|rows} {rows}",
    ),
    "workorders.duplicate_new": ("（本次导入）", " (this import)"),
    "workorders.more_duplicates": (
        "  另有 {n} 个问题的重复行",
        "  and the duplicates of {n} more {n|problem|problems}",
    ),
    "workorders.col.duplicate_of": ("重复于", "Duplicate of"),
    "workorders.progress": ("正在读取第 {row} 行", "Reading row {row}"),
    "workorders.col.row": ("行", "Row"),
    "workorders.col.id": ("编号", "No."),
    "workorders.col.ref": ("工单编号", "Work order"),
    "workorders.col.received": ("来电时间", "Received"),
    "workorders.col.location": ("位置", "Where"),
    "workorders.col.item": ("服务项目", "Item"),
    "workorders.col.company": ("物业公司", "Company"),
    "workorders.col.text": ("诉求内容", "Complaint"),
    "workorders.summary": (
        "已导入：共 {rows} 行，新增诉求 {new} 条（{numbers}），已导入过 {already} 行，有问题 {problems} 行",
        "Imported: {rows} {rows|row|rows}, {new} new {new|complaint|complaints} ({numbers}), {already} already imported, {problems} {problems|row|rows} with problems",
    ),
    "workorders.summary_dry": (
        "试运行（未写入）：共 {rows} 行，将新增 {new} 条，已导入过 {already} 行，有问题 {problems} 行",
        "Dry run (nothing written): {rows} {rows|row|rows}, {new} would be new, {already} already imported, {problems} {problems|row|rows} with problems",
    ),
    "workorders.summary_none": (
        "未导入任何诉求：共 {rows} 行，可新增 {new} 条，已导入过 {already} 行，有问题 {problems} 行",
        "Nothing imported: {rows} {rows|row|rows}, {new} could be new, {already} already imported, {problems} {problems|row|rows} with problems",
    ),
    "serve.no_datasette": (
        'serve 需要 Datasette：pip install -e ".[office]"（或 pip install datasette）',
        'serve needs Datasette: pip install -e ".[office]" (or pip install datasette)',
    ),
    "serve.port_in_use": (
        "{host} 的端口 {port} 已被占用：用 --port 换一个",
        "Port {port} on {host} is already in use: choose another with --port",
    ),
    "serve.started": (
        "台账只读浏览：{url}（{path}；Ctrl+C 停止）",
        "The ledger, read-only, at {url} ({path}; Ctrl+C stops)",
    ),
}
