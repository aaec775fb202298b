"""Messages of the estate definition and the estate command."""

MESSAGES: dict[str, tuple[str, str]] = {
    "estate.toml_syntax": (
        "{source} 第 {line} 行：不是有效的 TOML（{reason}）",
        "{source} line {line}: not valid TOML ({reason})",
    ),
    "estate.missing": ("{source}：缺少 {what}", "{source}: {what} is missing"),
    "estate.bad_entry": (
        "{source} 第 {line} 行：{what} 的条目缺少字段或类型不对",
        "{source} line {line}: an entry of {what} lacks a field or has a wrong type",
    ),
    "estate.bad_code": (
        "{source} 第 {line} 行：代码“{value}”只能用小写英文字母、数字和下划线",
        "{source} line {line}: code '{value}' must be lower-case letters, digits and underscores",
    ),
    "estate.duplicate": (
        "{source} 第 {line} 行：重复的{what}“{value}”",
        "{source} line {line}: duplicate {what} '{value}'",
    ),
    "estate.bad_building": (
        "{source} 第 {line} 行：{number}号楼的单元数、层数或每层户数不合理",
        "{source} line {line}: building {number} has impossible units, floors or rooms per floor",
    ),
    "estate.unknown_company": (
        "{source} 第 {line} 行：{where} 引用了未知的物业公司“{value}”（已定义：{choices}）",
        "{source} line {line}: {where} names an unknown company '{value}' (defined: {choices})",
    ),
    "estate.bad_scope": (
        "{source} 第 {line} 行：服务项目“{item}”的管理方式必须是 joint（共同管理）或 separate（分别管理），而不是“{value}”",
        "{source} line {line}: item '{item}' needs scope = \"joint\" or \"separate\", not '{value}'",
    ),
    "estate.limit_twice": (
        "{source} 第 {line} 行：服务项目“{item}”的同一时限写了两种单位（{fields}），只能留一个",
        "{source} line {line}: item '{item}' gives one limit in two units ({fields}); keep one",
    ),
    "estate.bad_limit": (
        "{source} 第 {line} 行：服务项目“{item}”的 {field} = {value} 不对：须为 1 到 {most} 的整数",
        "{source} line {line}: item '{item}' has {field} = {value}: it must be a whole number from 1 to {most}",
    ),
    "estate.bad_limits": (
        "{source} 第 {line} 行：服务项目“{item}”的时限必须大于 0",
        "{source} line {line}: item '{item}' needs time limits above 0",
    ),
    "estate.bad_rotation": (
        "{source} 第 {line} 行：[rotation] 有误：{reason}",
        "{source} line {line}: [rotation] is invalid: {reason}",
    ),
    "estate.bad_words": (
        "{source} 第 {line} 行：{where} 的 {field} 必须是字符串列表",
        "{source} line {line}: {field} of {where} must be a list of strings",
    ),
    "estate.bad_word": (
        "{source} 第 {line} 行：{where} 的 {field} 里有无效的词“{value}”（不能为空；“甲*乙”两边都要有字）",
        "{source} line {line}: {field} of {where} has an invalid word '{value}' (not blank; 'A*B' needs words on both sides)",
    ),
    "estate.bad_where": (
        "{source} 第 {line} 行：服务项目“{item}”的 where 必须是 {choices} 之一，而不是“{value}”",
        "{source} line {line}: item '{item}' needs where = one of {choices}, not '{value}'",
    ),
    "estate.word_excludes_itself": (
        "{source} 第 {line} 行：服务项目“{item}”的 excludes 里的“{value}”也是它自己的关键词或提示词",
        "{source} line {line}: item '{item}' excludes '{value}', which is also one of its own keywords or hints",
    ),
    "estate.cue_twice": (
        "{source} 第 {line} 行：[recognition] 的“{value}”不能既是 inside 又是 outside",
        "{source} line {line}: '{value}' in [recognition] cannot be both inside and outside",
    ),
    "estate.file_missing": ("找不到小区定义文件 {source}", "No estate file at {source}"),
    "estate.file_unreadable": (
        "无法读取小区定义文件 {source}：{reason}",
        "Cannot read the estate file {source}: {reason}",
    ),
    "rotation.bad_handover": (
        "交接日“{value}”无效：格式为 MM-DD，月 1–12，日 1–28",
        "Invalid handover day '{value}': use MM-DD with month 1-12 and day 1-28",
    ),
    "estate.title": (
        "{name}（{community}，{subdistrict}）",
        "{name_en} ({community}, {subdistrict})",
    ),
    "estate.summary": (
        "{buildings} 栋楼，{units} 个单元，{households} 户",
        "{buildings} {buildings|building|buildings}, {units} {units|unit|units}, {households} {households|household|households}",
    ),
    "estate.companies": ("物业公司", "Property companies"),
    "estate.buildings": (
        "楼栋（分别管理事项由本楼物业公司负责）",
        "Buildings (separately managed items go to the building's company)",
    ),
    "estate.items": ("服务项目清单", "Service item list"),
    "estate.places": (
        "公共场所（共同管理，由当值公司负责）",
        "Public places (jointly managed, by the company on duty)",
    ),
    "estate.rotation": (
        "当值轮换：每年 {month} 月 {day} 日交接，顺序 {order}，自 {start} 起",
        "Duty rotation: handover every year on {month}/{day}, order {order}, from {start}",
    ),
    "estate.no_rotation": ("尚未设置当值轮换", "No duty rotation defined"),
    "col.code": ("代码", "Code"),
    "col.name": ("名称", "Name"),
    "col.short_name": ("简称", "Short"),
    "col.phone": ("电话", "Phone"),
    "col.building": ("楼号", "Building"),
    "col.units": ("单元数", "Units"),
    "col.rooms": ("户号", "Rooms"),
    "col.households": ("户数", "Households"),
    "col.company": ("物业公司", "Company"),
    "col.item": ("服务项目", "Item"),
    "col.scope": ("管理方式", "Scope"),
    "col.respond": ("响应时限", "Respond within"),
    "col.resolve": ("办结时限", "Resolve within"),
    "col.keywords": ("识别关键词", "Keywords"),
    "col.aliases": ("别名", "Aliases"),
    "scope.joint": ("共同管理", "joint"),
    "scope.separate": ("分别管理", "separate"),
    "workdays.bad_entry": (
        "{source} 第 {line} 行：{field} 的类型不对（应为表或列表）",
        "{source} line {line}: {field} has the wrong type (a table or a list expected)",
    ),
    "workdays.unknown_key": (
        "{source} 第 {line} 行：{field} 中有未知的键“{value}”（可用 off、worked、years）",
        "{source} line {line}: unknown key '{value}' in {field} (use off, worked, years)",
    ),
    "workdays.bad_date": (
        "{source} 第 {line} 行：{field} 中的“{value}”不是存在的日期（格式 YYYY-MM-DD）",
        "{source} line {line}: '{value}' in {field} is not a real date (YYYY-MM-DD)",
    ),
    "workdays.off_and_worked": (
        "{source} 第 {line} 行：{value} 同时列为休息日和工作日",
        "{source} line {line}: {value} is listed both as a day off and as a working day",
    ),
    "workdays.bad_year": (
        "{source} 第 {line} 行：years 中的“{value}”不是年份",
        "{source} line {line}: '{value}' in years is not a year",
    ),
    "workdays.year_without_days": (
        "{source} 第 {line} 行：声明已录入 {value} 年的放假安排，但 off 中没有该年的任何一天",
        "{source} line {line}: {value} is declared typed in but off lists no day of it",
    ),
}
