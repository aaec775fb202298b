"""Messages of the 12345 clock: working-day deadlines, met or late, what falls due, reminders
(催办), handover confirmations, the follow-up call queue and the morning digest (``today``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # time limits
    "limit.hours": ("{n} 小时", "{n} h"),
    "limit.days": ("{n} 天", "{n} {n|day|days}"),
    "limit.workdays": ("{n} 个工作日", "{n} working {n|day|days}"),
    "limit.urgent": ("{normal}（紧急 {urgent}）", "{normal} (urgent {urgent})"),
    "duration.days_hours": ("{d} 天 {h} 小时", "{d} d {h} h"),
    "duration.hours_minutes": ("{h} 小时 {m} 分钟", "{h} h {m} min"),
    "duration.minutes": ("{m} 分钟", "{m} min"),
    # deadlines met or late (show)
    "deadline.met": ("（{at} 完成，按时）", "(done {at}, in time)"),
    "deadline.late": ("（{at} 才完成，超时 {late}）", "(done {at}, {late} late)"),
    "deadline.overdue": ("已超期 {late}", "OVERDUE by {late}"),
    "deadline.unknown_years": (
        "提示：{years} 年的法定节假日安排尚未知（程序所带日历和小区文件 [workdays] 都没有），"
        "工作日时限暂按周一至周五计算；安排公布后在小区文件录入，再运行 liuliqiao db recompute-deadlines",
        "Note: the public holidays of {years} are not known (neither the built-in calendar nor the"
        " estate file's [workdays] has them), so working-day limits count Monday to Friday; once"
        " the notice is out, type it in and run liuliqiao db recompute-deadlines",
    ),
    # --due-within
    "clock.bad_window": (
        "看不懂时间范围“{value}”：可写 24h、2d、today（今天）、tomorrow（明天）",
        "Cannot read the window '{value}': write 24h, 2d, today or tomorrow",
    ),
    "clock.window_range": (
        "时间范围“{value}”须大于 0，且不超过一年（366d）",
        "The window '{value}' must be above 0 and at most a year (366d)",
    ),
    # db check
    "check.name.deadlines": ("工作日时限", "working-day deadlines"),
    "check.deadlines_ok": (
        "未办结诉求的时限都在节假日安排已知的年份",
        "open complaints' deadlines all fall in years whose holidays are known",
    ),
    "check.deadlines_guessed": (
        "提示：{count} 条未办结诉求的时限落在 {years} 年，该年节假日安排未知，暂按周一至周五计算"
        "（录入安排后运行 liuliqiao db recompute-deadlines）",
        "Note: {count} open complaints have deadlines in {years}, whose public holidays are not"
        " known: counted Monday to Friday (type the notice in, then run liuliqiao db"
        " recompute-deadlines)",
    ),
    # db recompute-deadlines
    "recompute.col.id": ("诉求", "Complaint"),
    "recompute.col.respond_before": ("原响应时限", "Respond by (was)"),
    "recompute.col.respond_after": ("新响应时限", "Respond by (now)"),
    "recompute.col.resolve_before": ("原办结时限", "Resolve by (was)"),
    "recompute.col.resolve_after": ("新办结时限", "Resolve by (now)"),
    "recompute.done": (
        "已重算 {count} 条未办结诉求的时限（每条记一笔，可 undo）",
        "Recomputed the deadlines of {count} open {count|complaint|complaints} (one event each, undo works)",
    ),
    "recompute.dry_run": (
        "试算：{count} 条未办结诉求的时限会改变（未写入）",
        "Dry run: the deadlines of {count} open {count|complaint|complaints} would change (nothing written)",
    ),
    # handovers awaiting confirmation (移交待确认)
    "list.handover_mark": (" 移交待确认", " (handover)"),
    "show.handover": ("移交", "Handover"),
    "show.handover_pending": (
        "待确认：当值公司已更换，确认由谁接手：liuliqiao duty handover --confirm {id}",
        "to confirm: duty changed hands; record who takes it over: liuliqiao duty handover --confirm {id}",
    ),
    "routing.handover": ("交接移交", "handed over"),
    "handover.not_pending": (
        "#{id} 不在移交待确认之列（须为未办结的诉求，且当值公司已更换或新版小区定义改了它的负责公司）",
        "#{id} is not awaiting a handover (it must be open, and its company no longer on duty or no longer the one a new version of the estate gives it)",
    ),
    "handover.no_change": (
        "{date} 当值没有变化，没有可确认的交接（用 liuliqiao duty handover --date 查最近的交接日）",
        "Duty does not change hands on {date}: nothing to confirm (liuliqiao duty handover --date shows the nearest change)",
    ),
    "handover.no_change_yet": (
        "到 {date} 为止当值还没有变化过，没有可确认的交接",
        "Duty has not changed hands up to {date}: nothing to confirm",
    ),
    "handover.confirmed_line": (
        "#{id} {outgoing} → {incoming}（{date} 交接）",
        "#{id} {outgoing} -> {incoming} (change of duty on {date})",
    ),
    "handover.confirmed": (
        "已确认 {count} 件诉求的移交（每件记一笔，可 undo）",
        "Confirmed the handover of {count} {count|complaint|complaints} (one event each, undo works)",
    ),
    "handover.nothing": ("没有待确认的移交", "No handover to confirm"),
    "handover.number_needs_confirm": (
        "诉求编号 {value} 只能和 --confirm 一起用",
        "A complaint number ({value}) goes with --confirm",
    ),
    "handover.number_and_date": (
        "--confirm 后面写诉求编号或 --date，不能都写",
        "--confirm takes a complaint number or --date, not both",
    ),
    "event.handover": ("确认移交", "handover confirmed"),
    "dossier.event.handover": ("移交", "handed over"),
    "dossier.reason.handover": ("移交待确认", "handover to confirm"),
    "summary.handover_pending": (
        "移交待确认 {count} 件：当值公司更换或小区定义变更后，尚未确认由谁接手的诉求（liuliqiao duty handover --confirm）",
        "{count} {count|complaint|complaints} awaiting a handover confirmation after a change of duty or of the estate (liuliqiao duty handover --confirm)",
    ),
    # db workdays
    "workdays.no_table": (
        "{source} 中没有 [workdays] 表（写法见默认小区文件的说明）",
        "{source} has no [workdays] table (see the notes in the default estate file)",
    ),
    "workdays.summary": (
        "办公日历：休息日 {off} 天，调休上班 {worked} 天，已录入全年安排的年份：{years}",
        "Office calendar: {off} {off|day|days} off, {worked} weekend {worked|day|days} worked, notices typed in for: {years}",
    ),
    "workdays.off_line": ("  休息 {date}", "  off    {date}"),
    "workdays.worked_line": ("  上班 {date}", "  worked {date}"),
    "workdays.replaced": (
        "已替换办公日历（记一笔）；已登记诉求的时限不变，可用 liuliqiao db recompute-deadlines 重算未办结的",
        "Replaced the office calendar (recorded); recorded deadlines stay: liuliqiao db recompute-deadlines recomputes the open ones",
    ),
    "find.kind.workdays": ("办公日历", "office calendar"),
    # events
    "event.deadline": ("时限重算", "deadlines recomputed"),
    "event.remind": ("催办", "chased"),
    "action.remind": ("催办", "chase"),
    "summary.moved.remind": ("催办", "chased"),
    "dossier.event.remind": ("催办", "chased"),
    "dossier.late_mark": ("（超时办理）", " (late)"),
    "dossier.n.reminders": ("催办（按物业公司）", "Chases by company"),
}
MESSAGES.update(
    {
        # calls: the follow-up queue
        "calls.col.id": ("诉求", "Complaint"),
        "calls.col.resolved_at": ("办结时间", "Resolved"),
        "calls.col.waiting_since": ("待回访自", "Waiting since"),
        "calls.col.where": ("地点", "Where"),
        "calls.col.item": ("服务项目", "Item"),
        "calls.col.company": ("物业公司", "Company"),
        "calls.col.reporter": ("反映人", "Reporter"),
        "calls.col.phone": ("电话", "Phone"),
        "calls.col.text": ("内容", "Text"),
        "calls.title": (
            "待回访 {count} 件（最早的在前）",
            "{count} follow-up {count|call|calls} waiting (oldest first)",
        ),
        "calls.none": ("没有待回访的诉求", "No follow-up calls waiting"),
        "calls.more": (
            "只列出最早的 {shown} 件，另有 {more} 件（--limit 或 --format json 查看全部）",
            "The oldest {shown} listed, {more} more (--limit or --format json shows them all)",
        ),
        "calls.scripts": ("回访话术：", "Call scripts:"),
        "calls.script": (
            "您好，我是{community}网格员。您 {received} 反映的“{text}”（{where}），{company} 已于"
            " {resolved} 办结，想回访一下：问题解决了吗？对处理结果满意吗？",
            'Hello, this is the grid worker of {community}. On {received} you reported "{text}"'
            " ({where}); {company} finished it on {resolved}. Is it resolved now? Are you"
            " satisfied with how it was handled?",
        ),
        "calls.script_again": (
            "您好，我是{community}网格员。您 {received} 反映的“{text}”（{where}），{called} 回访时"
            "说部分解决，想再确认一下：现在解决了吗？对处理结果满意吗？",
            'Hello, this is the grid worker of {community}. On {received} you reported "{text}"'
            " ({where}); when we called on {called} it was partly resolved. Is it resolved now?"
            " Are you satisfied with how it was handled?",
        ),
        "calls.record_hint": (
            "打完电话记录结果：liuliqiao followup 编号 --resolved yes|partly|no --satisfied yes|basic|no",
            "After the call record it: liuliqiao followup N --resolved yes|partly|no --satisfied yes|basic|no",
        ),
    }
)
MESSAGES.update(
    {
        # today: the morning digest
        "today.title": ("{estate} 今日提要 {now}", "{estate} today, {now}"),
        "today.h.due_today": ("今天到期 {count} 件", "Due today: {count}"),
        "today.h.due_tomorrow": ("明天到期 {count} 件", "Due tomorrow: {count}"),
        "today.h.overdue": (
            "逾期 {count} 件（按受理时间，最早的在前）",
            "Overdue: {count} (oldest received first)",
        ),
        "today.h.calls": ("待回访 {count} 件", "Follow-up calls waiting: {count}"),
        "today.h.handovers": ("移交待确认 {count} 件", "Handovers to confirm: {count}"),
        "today.h.duty": ("当值", "Duty"),
        "today.h.meetings": ("未来 7 天的会议 {count} 个", "Meetings in the next 7 days: {count}"),
        "today.none": ("无", "none"),
        "today.more": (
            "另有 {more} 件未列出（liuliqiao list 查看全部）",
            "{more} more not listed (liuliqiao list shows them all)",
        ),
        "today.col.id": ("诉求", "No."),
        "today.col.step": ("时限", "Limit"),
        "today.col.due": ("到期时间", "Due"),
        "today.col.company": ("物业公司", "Company"),
        "today.col.item": ("服务项目", "Item"),
        "today.col.where": ("地点", "Where"),
        "today.col.text": ("内容", "Text"),
        "today.step.respond": ("响应", "respond"),
        "today.step.resolve": ("办结", "resolve"),
        "today.calls_oldest": (
            "最早的自 {since} 起等待；liuliqiao calls 查看（--with-contacts 显示电话和话术）",
            "the oldest has waited since {since}; see liuliqiao calls (--with-contacts for phones and scripts)",
        ),
        "today.handovers_hint": (
            "当值公司更换或小区定义变更后，尚未确认由谁接手：liuliqiao duty handover --confirm",
            "duty or the estate changed and nobody confirmed the takeover: liuliqiao duty handover --confirm",
        ),
        "today.no_rotation": ("今天没有适用的当值轮换", "No duty rotation covers today"),
        "today.duty_rotation": (
            "今天当值：{company}（轮换）",
            "On duty today: {company} (rotation)",
        ),
        "today.duty_override": (
            "今天当值：{company}（调班 #{id}）",
            "On duty today: {company} (override #{id})",
        ),
        "today.change": ("{date} 交接：{change}", "{date} duty changes: {change}"),
        "today.override": (
            "调班 #{id}：{start} – {end} 由 {company} 当值（{reason}）",
            "Override #{id}: {company} on duty {start} – {end} ({reason})",
        ),
        "today.no_change": ("未来 7 天当值不变", "No change of duty in the next 7 days"),
        "today.meeting": ("{when} {kind} #{id} {title}", "{when} {kind} #{id} {title}"),
    }
)
