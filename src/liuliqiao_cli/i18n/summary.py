"""Messages of the summary and rates commands."""

MESSAGES: dict[str, tuple[str, str]] = {
    # bad input
    "summary.bad_week": (
        "无法识别的周“{value}”，请写成 ISO 周，如 2026-W47",
        "Unrecognised week '{value}'; write an ISO week such as 2026-W47",
    ),
    "summary.no_such_week": (
        "不存在的周“{value}”：{year} 年只有第 1 至 {weeks} 周",
        "No such week '{value}': {year} has weeks 1 to {weeks}",
    ),
    "summary.bad_month": (
        "无法识别的月份“{value}”，请写成 2026-11",
        "Unrecognised month '{value}'; write it as 2026-11",
    ),
    "summary.no_such_month": (
        "不存在的月份“{value}”：月份是 1 至 12",
        "No such month '{value}': months are 1 to 12",
    ),
    "summary.conflicting_periods": (
        "只能指定一种时段，收到了：{options}",
        "Give one period only; got: {options}",
    ),
    "summary.output_field": (
        "输出文件名中的 {field} 不适用于时段 {period}；可用：{fields}",
        "{field} in the output name does not fit the period {period}; use {fields}",
    ),
    "summary.written": ("已写出 {path}", "Wrote {path}"),
    "summary.write_failed": (
        "无法写入 {path}：{reason}（未留下不完整的文件）",
        "Cannot write {path}: {reason} (no partial file was left)",
    ),
    "summary.until_without_since": (
        "--until 需要和 --since 一起使用",
        "--until needs --since",
    ),
    "rates.bad_by": (
        "未知的分组“{value}”，可用：{choices}",
        "Unknown grouping '{value}'; use one of {choices}",
    ),
    # names
    "summary.none": ("无", "none"),
    "summary.all": ("合计", "All"),
    "summary.public": ("公共区域", "Public areas"),
    # Buildings, units and rooms are named as `estate`, `list` and the dossier name them, in
    # both languages: "3号楼2单元502" is how the estate's people write an address.
    "summary.building": ("{number}号楼", "{number}号楼"),
    "summary.unit": ("{number}单元", "{number}单元"),
    "summary.room": ("{room}", "{room}"),
    "summary.na": ("无", "n/a"),
    "summary.sep": ("，", ", "),
    "summary.count": ("{name} {count}", "{name}: {count}"),
    # the document
    "summary.title.week": (
        "{estate} 诉求周报 {label}（{since} 至 {until}）",
        "{estate} weekly complaint summary {label} ({since} to {until})",
    ),
    "summary.title.month": (
        "{estate} 诉求月报 {label}（{since} 至 {until}）",
        "{estate} monthly complaint summary {label} ({since} to {until})",
    ),
    "summary.title.range": (
        "{estate} 诉求汇总（{since} 至 {until}）",
        "{estate} complaint summary ({since} to {until})",
    ),
    "summary.as_of": (
        "数据截至 {as_of}（期末），生成于 {now}",
        "Figures as of {as_of} (end of period); generated {now}",
    ),
    "summary.as_of_open": (
        "本期尚未结束，数据截至 {as_of}，生成于 {now}",
        "The period is not over: figures as of {as_of}; generated {now}",
    ),
    "summary.before_first": (
        "本时段早于台账中的第一条诉求（{first}），没有任何记录。",
        "This period is before the ledger's first complaint ({first}): there is nothing to report.",
    ),
    "summary.ledger_empty": (
        "台账中还没有任何诉求，本期没有可汇总的内容。",
        "The ledger holds no complaints yet: there is nothing to report.",
    ),
    "summary.nothing": (
        "本期没有新受理的诉求，也没有办理记录。",
        "Nothing happened in this period: no complaint received, none moved.",
    ),
    "summary.h.duty": ("一、当值（共同管理事项）", "1. Company on duty (jointly managed items)"),
    "summary.duty.none": ("未设置轮值，无法判断当值公司", "No duty rotation is set up"),
    "summary.duty.one": ("本期当值：{company}", "On duty: {company}"),
    "summary.duty.two": (
        "本期初由 {start} 当值，期末由 {end} 当值",
        "On duty: {start} at the start, {end} at the end",
    ),
    "summary.duty.handover_in": (
        "本期内交接：{date} 起由 {company} 当值",
        "Handover in the period: {company} from {date}",
    ),
    "summary.duty.handover_next": (
        "近期交接：{date} 起由 {company} 当值",
        "Handover coming: {company} from {date}",
    ),
    "summary.duty.override": (
        "调班：{start} 至 {end} 由 {company} 临时当值（{reason}）",
        "Override: {company} on duty {start} to {end} ({reason})",
    ),
    "summary.h.received": (
        "二、本期受理 {total} 件（居民诉求 {residents} 件，巡查走访发现 {proactive} 件）",
        "2. Received: {total} ({residents} from residents, {proactive} found on patrol or visits)",
    ),
    "summary.by_source": ("按来源：", "By source: "),
    "summary.by_building": ("按楼栋：", "By building: "),
    "summary.by_company": ("按物业公司：", "By company: "),
    "summary.by_item": ("按服务项目：", "By item: "),
    "summary.scope": (
        "共同管理事项 {joint} 件，分别管理事项 {separate} 件",
        "Jointly managed items {joint}, separately managed items {separate}",
    ),
    "summary.h.moved": ("三、本期办理", "3. Moved in the period"),
    "summary.col.step": ("环节", "Step"),
    "summary.col.total": ("合计", "Total"),
    "summary.moved.dispatch": ("派单", "dispatched"),
    "summary.moved.respond": ("响应", "responded"),
    "summary.moved.resolve": ("办结", "resolved"),
    "summary.moved.close": ("回访结案", "closed"),
    "summary.moved.reopen": ("重新办理", "reopened"),
    "summary.moved.dispute": ("责任争议", "disputed"),
    "summary.h.backlog": (
        "四、期末未办结 {total} 件（截至 {as_of}）",
        "4. Open at the end of the period: {total} (at {as_of})",
    ),
    "summary.col.status": ("状态", "Status"),
    "summary.overdue": (
        "其中逾期 {total} 件（按受理时间，最早的在前）：",
        "Overdue: {total} (oldest first):",
    ),
    "summary.overdue_more": (
        "另有 {more} 件逾期未列出（现在逾期的全部：liuliqiao list --overdue）",
        "{more} more overdue not listed (all overdue now: liuliqiao list --overdue)",
    ),
    "summary.overdue_none": ("没有逾期诉求。", "Nothing overdue."),
    "summary.col.number": ("编号", "No."),
    "summary.col.place": ("地点", "Place"),
    "summary.col.item": ("服务项目", "Item"),
    "summary.col.company": ("物业公司", "Company"),
    "summary.col.building": ("楼栋", "Building"),
    "summary.col.count": ("件数", "Complaints"),
    "summary.col.chart": ("图示", "Chart"),
    "summary.col.month": ("月份", "Month"),
    "summary.h.charts": ("图表", "Charts"),
    "summary.trend.title": ("近12个月受理与结案", "Received and closed, last 12 months"),
    "summary.trend.received": ("新受理", "Received"),
    "summary.trend.closed": ("已结案", "Closed"),
    "summary.trend.rates": (
        "近12个月三率（按物业公司）",
        "The three rates by company, last 12 months",
    ),
    "summary.trend.rate_of": ("{company}{rate}", "{company}: {rate}"),
    "summary.trend.note": (
        "最后一个月截至 {until}；三率后括号内为分子/分母，“-”表示无可统计",
        "The last month runs to {until}; each rate is followed by numerator/denominator, “-” means nothing to rate",
    ),
    "summary.col.received": ("受理日期", "Received"),
    "summary.col.days": ("逾期天数", "Days overdue"),
    "summary.h.rates": (
        "五、三率（只计居民诉求，不含巡查走访）",
        "5. The three rates (residents' complaints only, not patrol or visits)",
    ),
    "summary.col.scope": ("范围", "Span"),
    "summary.rate.response": ("响应率", "Response"),
    "summary.rate.resolution": ("解决率", "Resolution"),
    "summary.rate.satisfaction": ("满意率", "Satisfaction"),
    "summary.rates.period": ("本期", "Period"),
    "summary.rates.ytd": ("{since} 起", "Since {since}"),
    "summary.rates.note": (
        "比率后为 分子/分母；* 表示分母不足 {small} 件，仅供参考；“无”表示没有可计算的样本。定义见 liuliqiao rates --explain。",
        "Each rate shows numerator/denominator; * marks a denominator under {small} (indicative only); n/a means nothing to rate. Definitions: liuliqiao rates --explain.",
    ),
    "summary.h.recurring": ("六、反复出现的问题", "6. Recurring problems"),
    "summary.recurring.rule": (
        "截至期末的 {days} 天内，同一楼栋或公共区域、同一服务项目被反映 {times} 次及以上（本期至少 1 次）：",
        "The same item in the same building or public place raised {times}+ times in the {days} {days|day|days} up to the period's end (at least once in the period):",
    ),
    "summary.recurring": (
        "{where} {item}：{count} 次（{numbers}）",
        "{where}, {item}: {count} {count|time|times} ({numbers})",
    ),
    "summary.numbers_more": (
        "最近 {shown} 件：{numbers}；另 {more} 件见 --format json",
        "latest {shown}: {numbers}; {more} more with --format json",
    ),
    "summary.none_found": ("无", "None"),
    "summary.households.rule": (
        "同一问题多户反映（本期有重复诉求的问题；户数按户号计，含重复）：",
        "Problems raised by several households (those with a duplicate in the period; households "
        "counted by room, duplicates included):",
    ),
    "summary.households": (
        "#{number} {where} {item}：{households} 户，共 {complaints} 件（本期重复 {in_period} 件）",
        "#{number} {where}, {item}: {households} {households|household|households}, "
        "{complaints} {complaints|complaint|complaints} ({in_period} {in_period|duplicate|duplicates} in the period)",
    ),
    "summary.households_unknown": (
        "#{number} {where} {item}：共 {complaints} 件，均未写户号（本期重复 {in_period} 件）",
        "#{number} {where}, {item}: {complaints} {complaints|complaint|complaints}, none names a room ({in_period} "
        "{in_period|duplicate|duplicates} in the period)",
    ),
    "summary.households_more": (
        "另有 {more} 个问题见 --format json",
        "{more} more {more|problem|problems} with --format json",
    ),
    "summary.h.spikes": ("七、明显多于平常的服务项目", "7. Items well above their usual level"),
    "summary.spikes.rule": (
        "平常 = 前 {periods} 个同样长度（{days} 天）周期的平均件数；本期至少是平常的 2 倍、且多出 {excess} 件以上才列出：",
        "Usual = the mean count over the previous {periods} {periods|period|periods} of the same length ({days} {days|day|days}); listed when this period has at least twice the usual and {excess}+ more:",
    ),
    "summary.spikes.long": (
        "只对一周或一个月这样的短时段计算（本时段 {days} 天）。",
        "Only computed for short periods such as a week or a month (this one has {days} {days|day|days}).",
    ),
    "summary.spike": (
        "{item}：本期 {count} 件，平常 {usual} 件（前 {periods} 期平均）（{numbers}）",
        "{item}: {count} this period, usually {usual} (mean of {periods} {periods|period|periods}) ({numbers})",
    ),
    "summary.bars.building": ("本期诉求：按楼栋", "Complaints this period by building"),
    "summary.bars.company": ("本期诉求：按物业公司", "Complaints this period by company"),
    "summary.json.cohort": (
        "本期受理的居民诉求（不含巡查、走访、重复、不予受理）",
        "residents' complaints received in the period (not patrol, visit, duplicate or rejected)",
    ),
    "summary.json.response": (
        "在响应时限内首次响应的件数 / 已派单件数（未到时限且未响应的不计）",
        "first responded within the response limit / dispatched (pending within the limit not counted)",
    ),
    "summary.json.resolution": (
        "回访答“已解决”的件数 / 有回访答复的件数",
        "follow-ups answered resolved / follow-ups with an answer",
    ),
    "summary.json.satisfaction": (
        "回访答“满意”的件数 / 有回访答复的件数",
        "follow-ups answered satisfied / follow-ups with an answer",
    ),
    # rates command
    "rates.col.company": ("物业公司", "Company"),
    "rates.col.building": ("楼栋", "Building"),
    "rates.col.item": ("服务项目", "Item"),
    "rates.col.month": ("月份", "Month"),
    "rates.col.all": ("范围", "Span"),
    "rates.col.name": ("名称", "Name"),
    "rates.col.kind": ("指标", "Rate"),
    "rates.col.rate": ("比率", "Value"),
    "rates.col.numerator": ("分子", "Numerator"),
    "rates.col.denominator": ("分母", "Denominator"),
    "rates.col.small": ("样本少", "Small sample"),
    "rates.small_yes": ("是（<{small}）", "yes (<{small})"),
    "rates.setting_on": ("是", "yes"),
    "rates.setting_off": ("否", "no"),
    "rates.explain": (
        "三率的定义（12345 接诉即办考核口径）\n"
        "\n"
        "统计对象：在所选时段内受理的居民诉求；不含重复诉求、不予受理的诉求；"
        "巡查、走访发现的问题（网格员主动发现）另行统计、不计入三率"
        "（设置 rates.include_proactive，当前：{proactive}）。\n"
        "\n"
        "响应率 = 在响应时限内首次响应的件数 / 已派单件数。\n"
        "  首次响应时间取“响应”时间，没有单独响应就直接办结的取办结时间；"
        "响应时限按服务项目和紧急程度确定（紧急诉求时限更短）。\n"
        "  已派单、尚未响应且还没到时限的诉求暂不计入分子和分母。\n"
        "解决率 = 回访答“已解决”的件数 / 有回访答复的件数。\n"
        "  “部分解决”是否算已解决：{partly}（设置 rates.resolved_counts_partly）。\n"
        "满意率 = 回访答“满意”的件数 / 有回访答复的件数。\n"
        "  “基本满意”是否算满意：{basic}（设置 rates.satisfied_counts_basic）。\n"
        "\n"
        "每个比率都同时给出分子和分母；分母不足 {small} 件时标 *，仅供参考"
        "（设置 rates.small_sample）；分母为 0 时比率显示为“无”。\n"
        "修改口径：liuliqiao settings set rates.satisfied_counts_basic 0（liuliqiao settings 列出全部设置）",
        "The three rates (as assessed for 12345 complaints)\n"
        "\n"
        "Cohort: residents' complaints received in the chosen period; duplicates and rejected "
        "complaints are left out; problems found on patrol or household visits (the worker's own "
        "findings) are counted apart and not rated (setting rates.include_proactive, now: {proactive}).\n"
        "\n"
        "Response rate = complaints first responded within their response limit / complaints dispatched.\n"
        "  The first response is the response time, or the resolution time when a complaint was "
        "resolved without a separate response; the limit depends on the item and the urgency.\n"
        "  A dispatched complaint not yet responded whose limit has not passed counts on neither side.\n"
        'Resolution rate = follow-ups answered "resolved" / follow-ups with an answer.\n'
        '  Does "partly resolved" count as resolved: {partly} (setting rates.resolved_counts_partly).\n'
        'Satisfaction rate = follow-ups answered "satisfied" / follow-ups with an answer.\n'
        '  Does "basically satisfied" count as satisfied: {basic} (setting rates.satisfied_counts_basic).\n'
        "\n"
        "Every rate shows its numerator and denominator; a denominator under {small} is marked * "
        "(indicative only; setting rates.small_sample); an empty denominator shows n/a.\n"
        "To change: liuliqiao settings set rates.satisfied_counts_basic 0 (liuliqiao settings lists every setting)",
    ),
    "summary.bad_extension": (
        "周报文件的扩展名“{suffix}”不对：用 .txt（纯文本）、.md 或 .json，或用 --format 指定格式",
        "A summary file cannot end in '{suffix}': use .txt (plain text), .md or .json, or give --format",
    ),
}
