"""Messages of recognition: what the worker must choose before a recognised text is routed."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ask.item_close": (
        "服务项目不能确定（{items}得分接近），请用 --item 选择：\n{choices}",
        "The service item is unclear ({items} score close); choose one with --item:\n{choices}",
    ),
    "ask.item_inside": (
        "描述说的是楼内的事，但没有识别出服务项目（可能是分别管理事项），请用 --item 选择：\n{choices}",
        "The text is about the inside of a building but names no service item (it may be "
        "separately managed); choose one with --item:\n{choices}",
    ),
    "ask.building_missing": (
        "“{item}”是分别管理事项，由所在楼的物业公司负责，请用 --building 选择楼号：\n{choices}",
        "'{item}' is separately managed, by the building's company; choose the building with "
        "--building:\n{choices}",
    ),
    "ask.building_unknown": (
        "本小区没有{named}号楼（共 {count} 栋）；“{item}”是分别管理事项，请用 --building 选择楼号：\n{choices}",
        "There is no building {named} in this estate ({count} {count|building|buildings}); '{item}' is "
        "separately managed: choose the building with --building:\n{choices}",
    ),
    "ask.building_several": (
        "描述提到几栋楼（{named}号楼）；“{item}”是分别管理事项，请用 --building 选择一栋：\n{choices}",
        "The text names several buildings ({named}); '{item}' is separately managed: choose "
        "one with --building:\n{choices}",
    ),
    "ask.building_label": ("{number}号楼", "building {number}"),
    "recognise.no_such_building": (
        "注意：本小区没有{named}号楼（共 {count} 栋），未记录楼号",
        "Note: there is no building {named} in this estate ({count} {count|building|buildings}); no building "
        "recorded",
    ),
    "complaints.the_estate": ("本小区", "the estate"),
    "complaints.text_bad_unit": (
        "描述中的“{value}”：{where}没有这个单元（共 {units} 个单元）。请改正描述，或用 --unit 指定单元",
        "The text says '{value}': {where} has no such unit ({units} {units|unit|units}). Correct the text, "
        "or give the unit with --unit",
    ),
    "complaints.text_bad_room": (
        "描述中的“{value}”：{where}没有这个户号（户号为楼层加门牌，101 到 {last}）。请改正描述，或用 --room 指定户号",
        "The text says '{value}': {where} has no such room (rooms are floor and door, 101 to "
        "{last}). Correct the text, or give the room with --room",
    ),
    # the same questions on a terminal, before numbered choices
    "tty.ask.item_close": (
        "服务项目不能确定（{items}得分接近），请选择：",
        "The service item is unclear ({items} score close); choose one:",
    ),
    "tty.ask.item_inside": (
        "描述说的是楼内的事，但没有识别出服务项目（可能是分别管理事项），请选择：",
        "The text is about the inside of a building but names no service item (it may be "
        "separately managed); choose one:",
    ),
    "tty.ask.building_missing": (
        "“{item}”是分别管理事项，由所在楼的物业公司负责，请选择楼号：",
        "'{item}' is separately managed, by the building's company; choose the building:",
    ),
    "tty.ask.building_unknown": (
        "本小区没有{named}号楼（共 {count} 栋）；“{item}”是分别管理事项，请选择楼号：",
        "There is no building {named} in this estate ({count} {count|building|buildings}); '{item}' is "
        "separately managed: choose the building:",
    ),
    "tty.ask.building_several": (
        "描述提到几栋楼（{named}号楼）；“{item}”是分别管理事项，请选择一栋：",
        "The text names several buildings ({named}); '{item}' is separately managed: choose one:",
    ),
    "ask.pick": ("请选择 [{number}]：", "Choose [{number}]: "),
}
