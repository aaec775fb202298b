"""Messages of ledgers that travel: checking a ledger file's records, merging them, conflicts,
station letters and complaint names, progress."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- one validation layer for a ledger file's records ---
    "exchange.bad_field": (
        "第 {line} 行：字段 {field} {problem}，未做任何更改",
        "Line {line}: field {field} {problem}; nothing was changed",
    ),
    "exchange.problem.missing": ("缺失", "is missing"),
    "exchange.problem.unknown_field": (
        "不是台账交换文件的字段（文件来自更新的版本？）",
        "is not a field of a ledger file (a file from a newer version?)",
    ),
    "exchange.problem.choice": (
        "的值 {value} 不是可用的选项",
        "has {value}, not one of its choices",
    ),
    "exchange.problem.format": (
        "的格式不对（应如 {example}）",
        "is not in its form (like {example})",
    ),
    "exchange.problem.too_long": ("太长（最多 {value}）", "is too long (at most {value})"),
    "exchange.problem.empty": ("不能为空", "cannot be empty"),
    "exchange.problem.at_least": ("不能小于 {value}", "cannot be below {value}"),
    "exchange.problem.at_most": ("不能大于 {value}", "cannot be above {value}"),
    "exchange.problem.type": (
        "的类型不对（应为 {expected}，实为 {got}）",
        "has the wrong type ({got} where {expected} belongs)",
    ),
    "exchange.problem.other": ("无效（{text}）", "is invalid ({text})"),
    "exchange.problem.no_such_day": (
        "的日期 {value} 不存在",
        "has {value}, a date that does not exist",
    ),
    "exchange.problem.place": (
        "的值 {value} 在本小区不存在",
        "has {value}, which this estate does not have",
    ),
    "exchange.problem.estate": (
        "不是有效的小区定义（{reason}）",
        "is not a valid estate definition ({reason})",
    ),
    "exchange.problem.estate_here": (
        "不能用于本台账（{reason}）",
        "cannot be taken by this ledger ({reason})",
    ),
    "exchange.problem.data": ("不是 JSON 对象", "is not a JSON object"),
    "exchange.problem.before_start": (
        "早于开始日期 {start}",
        "comes before the start date {start}",
    ),
    "exchange.problem.companies": (
        "应是本小区物业公司代码的 JSON 列表",
        "must be a JSON list of this estate's company codes",
    ),
    # --- merging a ledger file ---
    "exchange.same_ledger": (
        "第 1 行：这个文件就是从本台账导出的，不能合并到它自己（如果这是复制到另一台电脑的台账，先在那边设一个自己的站点字母：liuliqiao db station C）",
        "Line 1: this file was exported from this very ledger and cannot be merged into it (if it is a copy used on another laptop, give that copy a station letter of its own first: liuliqiao db station C)",
    ),
    "exchange.same_station": (
        "第 1 行：文件来自另一台也用站点字母 {station} 的台账，两边的诉求名会重复；请先给其中一台换一个字母（liuliqiao db station C）",
        "Line 1: the file comes from another ledger that also uses station {station}: complaint names would clash; give one of them another letter first (liuliqiao db station C)",
    ),
    "exchange.same_uuid_other_record": (
        "第 {line} 行：uuid {uuid} 在本台账是另一条记录（本台账登记于 {ours}，文件中为 {theirs}），未做任何更改",
        "Line {line}: uuid {uuid} is another record here (created {ours} here, {theirs} in the file); nothing was changed",
    ),
    "exchange.other_name": (
        "第 {line} 行：诉求 {uuid} 在文件中名为 #{theirs}，在本台账名为 #{ours}，未做任何更改",
        "Line {line}: complaint {uuid} is named #{theirs} in the file and #{ours} here; nothing was changed",
    ),
    "exchange.name_taken": (
        "第 {line} 行：#{name} 在本台账是另一条诉求（两台电脑用过同一个站点字母？），未做任何更改",
        "Line {line}: #{name} is another complaint here (two laptops used one station letter?); nothing was changed",
    ),
    "exchange.conflict_record": (
        "两边都改过，两边都保留了同一个版本，另一版本记入冲突（liuliqiao merge --conflicts）",
        "changed on both sides: both keep the same version, the other is kept as a conflict (liuliqiao merge --conflicts)",
    ),
    "exchange.conflict_version": (
        "{date} 起执行的小区定义有两个不同的版本：两边都保留先记录的那个，另一个记入冲突（liuliqiao merge --conflicts）",
        "two different estate versions take effect on {date}: both sides keep the one recorded first, the other is kept as a conflict (liuliqiao merge --conflicts)",
    ),
    "exchange.conflict_first_version": (
        "两本台账建账时的小区定义不同：保留本台账的，另一个记入冲突（liuliqiao merge --conflicts）",
        "the two ledgers were set up with different estate definitions: this ledger's is kept, the other is kept as a conflict (liuliqiao merge --conflicts)",
    ),
    "exchange.conflict_part": (
        "两边都改了{part}：两边采用同一个值，另一个值记入冲突（liuliqiao merge --conflicts）",
        "{part} changed on both sides: both take the same value, the other is kept as a conflict (liuliqiao merge --conflicts)",
    ),
    "exchange.kept_conflicts": (
        "{count} 处冲突待处理：liuliqiao merge --conflicts",
        "{count} {count|conflict|conflicts} to settle: liuliqiao merge --conflicts",
    ),
    # --- station letters and names ---
    "names.bad_station": (
        "“{value}”不能作站点字母：用 1 到 3 个拉丁字母（不用 I 和 O），如 B",
        "'{value}' cannot be a station letter: use 1 to 3 Latin letters (not I or O), e.g. B",
    ),
    "names.same_station": (
        "本台账的站点字母已经是 {station}",
        "This ledger's station is already {station}",
    ),
    "names.station_used": (
        "站点字母 {station} 已用过（如 #{name}）：两台电脑用同一个字母会给两条诉求同一个名字，请换一个",
        "Station {station} has been used before (e.g. #{name}): two laptops with one letter would give two complaints one name; choose another",
    ),
    "names.station_set": (
        "本台账的站点字母为 {station}：此后登记的诉求名为 {first}、{station}2……，在每台电脑上都一样",
        "This ledger's station is {station}: complaints recorded from now on are named {first}, {station}2 ... on every laptop",
    ),
    "names.station_none": (
        "本台账没有站点字母：诉求只有本机编号，合并到其他电脑后可能不同。设置：liuliqiao db station B",
        "This ledger has no station letter: complaints have numbers of this laptop only, which may differ elsewhere after a merge. Set one: liuliqiao db station B",
    ),
    "names.station_is": (
        "本台账的站点字母：{station}（下一条诉求：#{next}）",
        "This ledger's station: {station} (next complaint: #{next})",
    ),
    "find.kind.station": ("设置站点字母", "station letter set"),
    "find.kind.link": ("关联会议", "linked to a meeting"),
    "event.settle": ("处理冲突", "conflict settled"),
    # --- the merge command ---
    "merge.one_thing": (
        "merge 一次做一件事：给一个文件，或 --conflicts，或 --keep N，或 --take N",
        "merge does one thing at a time: a file, or --conflicts, or --keep N, or --take N",
    ),
    "merge.all_needs_conflicts": (
        "--all 只与 --conflicts 同用",
        "--all goes with --conflicts only",
    ),
    "merge.file_only": (
        "--dry-run 和 --force 只用于合并文件",
        "--dry-run and --force apply to merging a file only",
    ),
    "merge.not_ledger_file": (
        "{name} 不是台账交换文件（.jsonl）；12345 工单表请用 liuliqiao import",
        "{name} is not a ledger file (.jsonl); import 12345 work orders with liuliqiao import",
    ),
    # --- conflicts ---
    "conflicts.col.id": ("冲突", "Conflict"),
    "conflicts.col.record": ("记录", "Record"),
    "conflicts.col.part": ("哪一项", "Part"),
    "conflicts.col.kept": ("两边现在的值", "Kept (both sides)"),
    "conflicts.col.kept_by": ("谁改的", "Changed by"),
    "conflicts.col.other": ("另一个值", "Other value"),
    "conflicts.col.other_by": ("谁改的", "Changed by"),
    "conflicts.col.state": ("状态", "State"),
    "conflicts.part.status": ("状态", "status"),
    "conflicts.part.company": ("负责公司", "company"),
    "conflicts.part.place": ("地点", "place"),
    "conflicts.part.item": ("服务项目", "service item"),
    "conflicts.part.*": ("整条记录", "the whole record"),
    "conflicts.part.tag": ("标签“{tag}”", "tag '{tag}'"),
    "conflicts.tag_present": ("有", "present"),
    "conflicts.tag_absent": ("无", "absent"),
    "conflicts.followup": ("回访：{answer}", "follow-up: {answer}"),
    "conflicts.urgent": ("紧急", "urgent"),
    "conflicts.subject.complaint": ("诉求 #{number}", "complaint #{number}"),
    "conflicts.subject.meeting": ("会议 #{number}", "meeting #{number}"),
    "conflicts.subject.decision": ("会议决定 #{number}", "decision #{number}"),
    "conflicts.subject.override": ("调班 #{number}", "override #{number}"),
    "conflicts.subject.estate_version": (
        "小区定义版本（{number} 起）",
        "estate version (from {number})",
    ),
    "conflicts.state.open": ("待处理", "open"),
    "conflicts.state.changed": ("已再次修改", "changed since"),
    "conflicts.state.settled": ("已处理", "settled"),
    "conflicts.state.kept": ("已确认保留", "kept"),
    "conflicts.state.taken": ("已改用另一个值", "other value taken"),
    "conflicts.none": ("没有待处理的合并冲突", "No merge conflicts to settle"),
    "conflicts.version_side": ("{reason}：{changes}", "{reason}: {changes}"),
    "conflicts.summary": (
        "{count} 处待处理：再改一次那一项（如 tag B17 --company 首华 --reason ...），或 merge --keep N（保留现在的值）/ merge --take N（改用另一个值）",
        "{count} open: change that part again (e.g. tag B17 --company shouhua --reason ...), or merge --keep N (keep the value) / merge --take N (take the other)",
    ),
    "conflicts.not_found": ("没有第 {id} 处冲突", "No conflict {id}"),
    "conflicts.already_settled": ("第 {id} 处冲突已经处理过了", "Conflict {id} is already settled"),
    "conflicts.take_record": (
        "第 {id} 处冲突是整条记录的：请用会议/调班命令改成另一个版本，再 merge --keep {id}",
        "Conflict {id} is about a whole record: change it with the meeting/duty commands, then merge --keep {id}",
    ),
    "conflicts.take_version": (
        "第 {id} 处冲突是小区定义版本：要改用另一个版本，在记录现行版本的台账上 undo 它，再用 estate apply 记录另一个，然后 merge --keep {id}",
        "Conflict {id} is about an estate version: to take the other one, undo the one in force on the ledger that recorded it, record the other with estate apply, then merge --keep {id}",
    ),
    "conflicts.kept": (
        "第 {id} 处冲突已处理：{record} 的{part}保留现在的值（已记入历史，随文件传到其他电脑）",
        "Conflict {id} settled: {record} keeps its {part} (recorded, travels with the file)",
    ),
    "conflicts.taken": (
        "第 {id} 处冲突已处理：{record} 的{part}改用另一台电脑的值（已记入历史）",
        "Conflict {id} settled: {record} takes the other laptop's {part} (recorded)",
    ),
    # --- progress ---
    "progress.import": ("导入", "Importing"),
    "progress.merge": ("合并", "Merging"),
    "progress.export": ("导出", "Exporting"),
    "progress.backup": ("备份", "Backing up"),
    "progress.check": ("检查", "Checking"),
    "progress.finishing": (
        "收尾：合并两边都改过的记录，重建索引与统计",
        "Finishing: records changed on both sides, indexes, totals",
    ),
    "progress.rate": ("每秒 {count} {unit}", "{count} {unit}/s"),
    "progress.unit.rows": ("行", "rows"),
    "progress.unit.pages": ("页", "pages"),
    "progress.unit.checks": ("项", "checks"),
}
