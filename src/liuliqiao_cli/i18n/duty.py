"""Messages of the duty rotation: who is on duty, overrides, the calendar, .ics, handovers."""

MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "duty.no_rotation": (
        "{date} 没有适用的当值轮换规则（早于第一个轮换版本，或尚未设置）；可用 liuliqiao duty set 设置",
        "No duty rotation covers {date} (it is before the first rotation version, or none is set); set one with liuliqiao duty set",
    ),
    "duty.order_empty": (
        "轮换顺序为空：用 --order 列出公司，如 --order shouhua,chengjian",
        "The rotation order is empty: list the companies with --order, e.g. --order shouhua,chengjian",
    ),
    "duty.order_blank": (
        "轮换顺序“{value}”中有空项（多了逗号？）",
        "The rotation order '{value}' has an empty entry (a stray comma?)",
    ),
    "duty.order_duplicate": (
        "轮换顺序中物业公司“{company}”出现了两次",
        "The rotation order lists the company '{company}' twice",
    ),
    "duty.set_not_after": (
        "新的轮换版本必须晚于最新版本的生效日 {latest}（收到 {date}）；已有版本不可修改",
        "A new rotation version must start after the latest version's start {latest} (got {date}); existing versions are never edited",
    ),
    "duty.override_range": (
        "调班结束日期 {end} 早于开始日期 {start}",
        "The override ends ({end}) before it starts ({start})",
    ),
    "duty.reason_required": (
        "请用 --reason 说明原因（会记入台账）",
        "Give the reason with --reason (it is recorded in the ledger)",
    ),
    "duty.meeting_unknown": (
        "没有编号为 {id} 的会议（先记录会议，或去掉 --meeting）",
        "There is no meeting number {id} (record the meeting first, or leave out --meeting)",
    ),
    "duty.override_unknown": (
        "没有编号为 {id} 的调班（用 liuliqiao duty overrides 查看）",
        "There is no override number {id} (see liuliqiao duty overrides)",
    ),
    "duty.override_revoked_already": (
        "调班 #{id} 已于 {at} 撤销，不能重复撤销",
        "Override #{id} was already revoked at {at}",
    ),
    "duty.date_with_command": (
        "日期“{value}”与子命令 {command} 不能同时使用",
        "The date '{value}' cannot be combined with the subcommand {command}",
    ),
    "duty.years_range": (
        "--years 必须在 1 到 200 之间（收到 {value}）",
        "--years must be between 1 and 200 (got {value})",
    ),
    # the answer of `liuliqiao duty`
    "duty.line.on_duty": ("{date} 当值：{company}", "On duty on {date}: {company}"),
    "duty.line.period": ("当值年度：{start} – {end}", "Duty year: {start} – {end}"),
    "duty.line.next": (
        "下次交接：{date}（{days} 天后），{change}",
        "Next handover: {date} (in {days} {days|day|days}), {change}",
    ),
    "duty.change.rotation": ("交给 {company}", "to {company}"),
    "duty.change.override": (
        "调班 #{id} 开始，由 {company} 当值",
        "override #{id} starts: {company} on duty",
    ),
    "duty.change.override_end": (
        "调班 #{id} 结束，交回 {company}",
        "override #{id} ends: back to {company}",
    ),
    "duty.line.no_next": (
        "下次交接：无（轮换中只有一家公司）",
        "Next handover: none (the rotation has one company)",
    ),
    "duty.line.no_next_calendar_ends": (
        "下次交接：无从得知（日期只算到 {date}）",
        "Next handover: not known (dates end on {date})",
    ),
    "duty.line.source_rotation": (
        "依据：轮换规则（第 {id} 版：自 {start} 起，每年 {handover} 交接，顺序 {order}）",
        "Source: rotation (version {id}: from {start}, handover every {handover}, order {order})",
    ),
    "duty.line.source_override": (
        "依据：调班 #{id}（{start} – {end}）：{reason}",
        "Source: override #{id} ({start} – {end}): {reason}",
    ),
    "duty.line.meeting": ("调班由会议 #{id} 商定", "Agreed at meeting #{id}"),
    "duty.line.rotation_would": (
        "按轮换本应由 {company} 当值",
        "The rotation alone would name {company}",
    ),
    "duty.line.rotation_same": (
        "按轮换规则当天同样由 {company} 当值",
        "By the rotation too, {company} is on duty on this day",
    ),
    "duty.line.overlap": (
        "注意：该日另有有效调班 {ids} 重叠，以编号最大（最新）的调班为准",
        "Note: other active overrides {ids} also cover this date; the newest (highest number) wins",
    ),
    # listings
    "duty.col.start": ("开始", "Start"),
    "duty.col.end": ("结束", "End"),
    "duty.col.days": ("天数", "Days"),
    "duty.col.company": ("当值公司", "On duty"),
    "duty.col.source": ("依据", "Source"),
    "duty.col.source_id": ("编号", "No."),
    "duty.col.overlap": ("重叠调班", "Overlapping"),
    "duty.col.reason": ("原因", "Reason"),
    "duty.col.id": ("编号", "No."),
    "duty.col.override_company": ("临时当值", "Company"),
    "duty.col.meeting": ("会议", "Meeting"),
    "duty.col.status": ("状态", "Status"),
    "duty.col.created_at": ("登记时间", "Recorded"),
    "duty.col.revoked_at": ("撤销时间", "Revoked"),
    "duty.col.revoke_reason": ("撤销原因", "Revoke reason"),
    "duty.col.complaint": ("诉求", "Complaint"),
    "duty.col.received_at": ("受理时间", "Received"),
    "duty.col.item": ("服务项目", "Item"),
    "duty.col.where": ("位置", "Where"),
    "duty.col.complaint_status": ("状态", "Status"),
    "duty.col.text": ("内容", "Text"),
    "duty.src.rotation": ("轮换", "rotation"),
    "duty.src.override": ("调班", "override"),
    "duty.src.none": ("无轮换", "no rotation"),
    "duty.status.active": ("有效", "active"),
    "duty.status.revoked": ("已撤销", "revoked"),
    "duty.calendar.title": ("当值表 {start} – {end}", "Duty calendar {start} – {end}"),
    "duty.overrides.title": ("调班记录（含已撤销）", "Overrides (including revoked ones)"),
    "duty.overrides.none": ("尚无调班记录", "No overrides recorded"),
    # changes
    "duty.override.added": (
        "已登记调班 #{id}：{start} – {end} 由 {company} 当值",
        "Recorded override #{id}: {company} on duty {start} – {end}",
    ),
    "duty.override.crosses": (
        "提示：该调班跨越交接日 {date}",
        "Note: this override crosses the handover on {date}",
    ),
    "duty.override.overlaps": (
        "提示：与有效调班 {ids} 重叠，重叠日期以本调班（最新）为准",
        "Note: it overlaps the active overrides {ids}; on shared days this newest one wins",
    ),
    "duty.revoked": ("已撤销调班 #{id}（记录保留）", "Revoked override #{id} (the record is kept)"),
    "duty.set.added": (
        "已新增轮换第 {id} 版：自 {start} 起，每年 {handover} 交接，顺序 {order}；此前的版本不变",
        "Added rotation version {id}: from {start}, handover every {handover}, order {order}; earlier versions stay",
    ),
    # handover checklist
    "duty.handover.title": (
        "{date} 交接：{outgoing} → {incoming}；{outgoing} 尚未办结的共同管理诉求 {count} 件",
        "Handover on {date}: {outgoing} -> {incoming}; {count} jointly managed complaints of {outgoing} still open",
    ),
    # .ics
    "duty.ics.written": (
        "已写入 {path}：{events} 个日程",
        "Wrote {path}: {events} {events|event|events}",
    ),
    "duty.ics.calname": ("{estate} 当值表", "{estate} duty calendar"),
    "duty.ics.period": ("当值：{company}", "On duty: {company}"),
    "duty.ics.period_desc": (
        "{company} 负责共同管理事项（轮换第 {version} 版），{start} – {end}",
        "{company} handles the jointly managed items (rotation version {version}), {start} – {end}",
    ),
    "duty.ics.override": ("调班 #{id}：{company} 临时当值", "Override #{id}: {company} on duty"),
    "duty.ics.override_revoked": ("已撤销：调班 #{id}", "Revoked: override #{id}"),
    "duty.ics.override_desc": ("原因：{reason}", "Reason: {reason}"),
    "duty.ics.handover": ("交接日：{outgoing} → {incoming}", "Handover: {outgoing} -> {incoming}"),
    "duty.ics.handover_cancelled": (
        "已取消：交接日 {outgoing} → {incoming}（调班改变了交接日）",
        "Cancelled: handover {outgoing} -> {incoming} (an override moved it)",
    ),
    "duty.ics.change_override": (
        "调班 #{id} 开始：{reason}",
        "Override #{id} starts: {reason}",
    ),
    "duty.ics.change_override_end": (
        "调班 #{id} 结束，按轮换交回",
        "Override #{id} ends; back to the rotation",
    ),
}
