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
    # events
    "event.deadline": ("时限重算", "deadlines recomputed"),
    "event.remind": ("催办", "chased"),
    "action.remind": ("催办", "chase"),
    "summary.moved.remind": ("催办", "chased"),
    "dossier.event.remind": ("催办", "chased"),
    "dossier.n.reminders": ("催办（按物业公司）", "Chases by company"),
}
