"""Messages of the estate's versions: ``estate apply``, ``estate --versions`` and ``--date``, the
changes a version makes, and where a change of version is told (summary, dossier, history)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # refusals: nothing written
    "agreement.same_day": (
        "{source}：已有自 {date} 起执行的第 {number} 版小区定义，同一天只能有一个版本（未做任何更改）",
        "{source}: version {number} of the estate already takes effect on {date}; one version a day (nothing was changed)",
    ),
    "agreement.before_first": (
        "{source}：新版本自 {date} 起执行，早于台账的第一条诉求（{first}）；新版本最早从 {first} 起（未做任何更改）",
        "{source}: a version from {date} would start before the ledger's first complaint ({first}); a new version starts on {first} or later (nothing was changed)",
    ),
    "agreement.timezone": (
        "{source}：时区不能改变（台账为 {ledger}，文件为 {value}）（未做任何更改）",
        "{source}: the time zone cannot change (the ledger's is {ledger}, the file says {value}) (nothing was changed)",
    ),
    "agreement.building_removed": (
        "{source}：新版本只有 {after} 栋楼，缺少 {number}号楼（现有 {before} 栋）；楼栋不能减少（未做任何更改）",
        "{source}: the new version has {after} {after|building|buildings} and lacks building {number} (the estate has {before}); buildings cannot be removed (nothing was changed)",
    ),
    "agreement.building_smaller": (
        "{source}：{number}号楼的单元数、层数或每层户数比现行版本少，已登记的户号会对不上；楼栋不能变小（未做任何更改）",
        "{source}: building {number} has fewer units, floors or rooms per floor than now, and recorded rooms would no longer exist; a building cannot shrink (nothing was changed)",
    ),
    "agreement.item_in_use": (
        "{source}：新版本去掉了服务项目“{item}”，但还有 {count} 件未办结诉求属于它（如 #{id}）；先办结或更正这些诉求（未做任何更改）",
        "{source}: the new version drops the item '{item}', but {count} open {count|complaint|complaints} still {count|belongs|belong} to it (e.g. #{id}); close or correct them first (nothing was changed)",
    ),
    "agreement.company_in_use": (
        "{source}：新版本去掉了“{company}”，但它还负责 {count} 件未办结诉求（如 #{id}）（未做任何更改）",
        "{source}: the new version drops {company}, which still handles {count} open {count|complaint|complaints} (e.g. #{id}) (nothing was changed)",
    ),
    "agreement.company_on_duty": (
        "{source}：新版本去掉了“{company}”，但当值轮换里还有它；先用 liuliqiao duty set 修改轮换（未做任何更改）",
        "{source}: the new version drops {company}, which the duty rotation still names; change the rotation first with liuliqiao duty set (nothing was changed)",
    ),
    "agreement.name_taken": (
        "{source}：名称“{name}”已是另一项（代码 {code}）的名称，台账保留以往版本的所有项目；请换一个名称（未做任何更改）",
        "{source}: the name '{name}' belongs to another entry (code {code}), which the ledger keeps from an earlier version; choose another name (nothing was changed)",
    ),
    "agreement.no_change": (
        "{source}：与现行的第 {number} 版完全相同，没有需要记录的变更（未做任何更改）",
        "{source}: identical to version {number} in force; there is nothing to record (nothing was changed)",
    ),
    "agreement.moved": (
        "查看变更之后台账有了变化（受影响的诉求不同了），请重新运行（未做任何更改）",
        "The ledger changed after the preview (other complaints are affected now); run the command again (nothing was changed)",
    ),
    "agreement.needs_yes": (
        "不在终端上运行：先用 --dry-run 查看自 {date} 起的变更，再加 --yes 记录（未做任何更改）",
        "Not on a terminal: see what changes from {date} with --dry-run, then record it with --yes (nothing was changed)",
    ),
    "agreement.yes_and_dry_run": (
        "--yes 与 --dry-run 不能同时使用",
        "--yes and --dry-run cannot be used together",
    ),
    "agreement.undo_gone": (
        "记录 #{event} 的小区定义版本已不存在，无法撤销",
        "The estate version of event #{event} no longer exists and cannot be undone",
    ),
    "estate.options_with_command": (
        "--date 和 --versions 用于查看小区，不能与 {command} 同用",
        "--date and --versions show the estate; they cannot be used with {command}",
    ),
    "estate.date_and_versions": (
        "--date 与 --versions 只能选一个",
        "Use either --date or --versions, not both",
    ),
    # the preview and the result of `estate apply`
    "agreement.title": (
        "小区定义第 {number} 版：自 {date} 起执行（此前为第 {follows} 版）",
        "Estate version {number}: in force from {date} (after version {follows})",
    ),
    "agreement.h.changes": ("变更 {count} 项：", "{count} {count|change|changes}:"),
    "agreement.line": ("  - {text}", "  - {text}"),
    "agreement.affected": (
        "{count} 件未办结诉求的负责公司将改变：自 {date} 起标为“移交待确认”，用 liuliqiao duty handover --confirm 确认接手（不会自动改派）：",
        "{count} open {count|complaint|complaints} will change company: from {date} {count|it is|they are} marked awaiting handover confirmation, and liuliqiao duty handover --confirm records the takeover (nothing is re-routed by itself):",
    ),
    "agreement.affected_line": (
        "  #{id}  {where}  {item}：{company} → {incoming}",
        "  #{id}  {where}  {item}: {company} → {incoming}",
    ),
    "agreement.affected_none": (
        "没有未办结诉求因此改变负责公司。",
        "No open complaint changes company because of it.",
    ),
    "agreement.note_rotation": (
        "注意：文件中的 [rotation] 与现行当值轮换不同，未采用；当值轮换另有版本，用 liuliqiao duty set 修改",
        "Note: the file's [rotation] differs from the duty rotation in force and is not applied; the rotation has versions of its own (liuliqiao duty set)",
    ),
    "agreement.note_workdays": (
        "注意：文件中的 [workdays] 未采用；办公日历是台账的设置，用 liuliqiao db workdays 修改",
        "Note: the file's [workdays] is not applied; the office calendar is the ledger's setting (liuliqiao db workdays)",
    ),
    "agreement.confirm": ("记录这一版本？", "Record this version?"),
    "agreement.cancelled": ("已取消，未做任何更改", "Cancelled; nothing was changed"),
    "agreement.dry_run": (
        "（仅预览，未做任何更改；加 --yes 记录）",
        "(preview only, nothing was changed; add --yes to record it)",
    ),
    "agreement.recorded": (
        "已记录第 {number} 版小区定义，自 {date} 起执行（记录 #{event}；撤销：liuliqiao undo）",
        "Recorded estate version {number}, in force from {date} (event #{event}; to take it back: liuliqiao undo)",
    ),
    # the changes, one a line
    "change.building_company": ("{name}：{before} → {after}", "{name}: {before} → {after}"),
    "change.building_added": ("新增 {name}（{after}）", "New {name} ({after})"),
    "change.building_size": ("{name}：{before} → {after}", "{name}: {before} → {after}"),
    "change.size": (
        "{units} 个单元、{floors} 层、每层 {rooms} 户",
        "{units} {units|unit|units}, {floors} {floors|floor|floors}, {rooms} {rooms|room|rooms} a floor",
    ),
    "change.item_scope": ("{name}：{before} → {after}", "{name}: {before} → {after}"),
    "change.item_added": ("新增服务项目：{name}（{after}）", "New item: {name} ({after})"),
    "change.item_removed": ("不再列出服务项目：{name}", "Item no longer listed: {name}"),
    "change.item_limits": ("{name} 时限：{limits}", "{name} limits: {limits}"),
    "change.limit": ("{step} {before} → {after}", "{step} {before} → {after}"),
    "change.step.respond": ("响应", "response"),
    "change.step.urgent_respond": ("紧急响应", "urgent response"),
    "change.step.resolve": ("办结", "resolution"),
    "change.step.urgent_resolve": ("紧急办结", "urgent resolution"),
    "change.company_added": ("新增物业公司：{name}", "New company: {name}"),
    "change.company_removed": ("不再列出物业公司：{name}", "Company no longer listed: {name}"),
    "change.estate_renamed": ("小区名称：{before} → {after}", "Estate name: {before} → {after}"),
    "change.company_renamed": ("更名：{before} → {after}", "Renamed: {before} → {after}"),
    "change.item_renamed": ("更名：{before} → {after}", "Renamed: {before} → {after}"),
    "change.place_renamed": ("更名：{before} → {after}", "Renamed: {before} → {after}"),
    "change.place_added": ("新增公共场所：{name}", "New public place: {name}"),
    "change.place_removed": ("不再列出公共场所：{name}", "Public place no longer listed: {name}"),
    "change.company_words": ("{name} 别名与电话：{parts}", "{name} aliases and phone: {parts}"),
    "change.item_words": ("{name} 识别词：{parts}", "{name} recognition words: {parts}"),
    "change.place_words": ("{name} 别名：{parts}", "{name} aliases: {parts}"),
    "change.cues": ("地点提示词：{parts}", "Place cues: {parts}"),
    "change.words_added": ("新增 {words}", "added {words}"),
    "change.words_removed": ("去掉 {words}", "removed {words}"),
    "change.phone": ("电话 {before} → {after}", "phone {before} → {after}"),
    "change.where": ("位置 {before} → {after}", "where {before} → {after}"),
    "change.where.building": ("楼内", "inside a building"),
    "change.where.grounds": ("室外公共区域", "common ground"),
    "change.where.anywhere": ("不限", "anywhere"),
    "change.none": ("（无）", "(none)"),
    # estate --versions, estate --date
    "versions.title": (
        "小区定义版本（{count} 个）",
        "Versions of the estate ({count})",
    ),
    "versions.col.number": ("版本", "Version"),
    "versions.col.from": ("起始日", "From"),
    "versions.col.recorded": ("记录时间", "Recorded"),
    "versions.col.actor": ("记录人", "By"),
    "versions.col.reason": ("理由", "Reason"),
    "versions.col.changes": ("变更", "Changes"),
    "versions.from_start": ("建账时起", "from the start"),
    "versions.first": ("建账时的小区定义", "the estate as the ledger was made"),
    "versions.in_force": ("（{date} 执行）", "(in force on {date})"),
    "versions.more": ("等 {count} 项", "and {count} more"),
    "estate.version_line": (
        "第 {number} 版小区定义（{since}）；共 {count} 个版本，见 liuliqiao estate --versions",
        "Estate version {number} ({since}); {count} {count|version|versions}: liuliqiao estate --versions",
    ),
    "estate.version_since": ("自 {date} 起执行", "in force from {date}"),
    "estate.version_next": (
        "{date} 起执行第 {number} 版（liuliqiao estate --date {date}）",
        "Version {number} takes effect on {date} (liuliqiao estate --date {date})",
    ),
    "estate.as_of": ("{date} 执行的小区定义", "The estate as in force on {date}"),
    "show.handover_pending_estate": (
        "待确认：自 {date} 起执行的新版小区定义改由{company}负责，确认接手：liuliqiao duty handover --confirm {id}",
        "to confirm: the estate's version from {date} gives it to {company}; record the takeover: liuliqiao duty handover --confirm {id}",
    ),
    "handover.confirmed_line_estate": (
        "#{id} {outgoing} → {incoming}（{date} 起的新版小区定义）",
        "#{id} {outgoing} -> {incoming} (estate version from {date})",
    ),
    # summary, dossier, history
    "summary.estate_version": (
        "{date} 起执行第 {number} 版小区定义：{changes}",
        "Estate version {number} in force from {date}: {changes}",
    ),
    "summary.estate_version_next": (
        "{date} 起将执行第 {number} 版小区定义：{changes}",
        "Estate version {number} takes effect on {date}: {changes}",
    ),
    "dossier.d.estate_version": ("小区定义变更", "Estate changed"),
    "dossier.estate_version": (
        "{date} 起执行第 {number} 版：{changes}",
        "version {number} from {date}: {changes}",
    ),
    "today.estate_version": (
        "{date} 起执行第 {number} 版小区定义：{changes}",
        "{date}: estate version {number} takes effect: {changes}",
    ),
    "find.subject.estate": ("小区定义", "estate"),
    "event.estate_version": ("小区定义新版本", "estate version"),
    "find.desc_estate_version": (
        "自 {date} 起执行：{changes}",
        "in force from {date}: {changes}",
    ),
    "find.undo_estate_preview": (
        "将撤销记录 #{event}（{at}，{actor}）：第 {number} 版小区定义，自 {date} 起执行{reason}",
        "Will undo event #{event} ({at}, {actor}): estate version {number}, in force from {date}{reason}",
    ),
    "find.undo_estate_reason": ("，理由：{reason}", ", reason: {reason}"),
    "find.undo_estate_after": (
        "撤销后按此前的版本判定负责公司；已记录的诉求不变",
        "Afterwards the version before it decides routing again; recorded complaints stay as they are",
    ),
    "find.undo_estate_needs_yes": (
        "将撤销记录 #{event}（第 {number} 版小区定义，自 {date} 起执行）；不在终端上运行时请加 --yes 确认（未做任何更改）",
        "Would undo event #{event} (estate version {number}, from {date}); not on a terminal: add --yes to confirm (nothing was changed)",
    ),
}
