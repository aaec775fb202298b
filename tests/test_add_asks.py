"""Right, or it asks (issue 14): ``add`` asks on a terminal what recognition cannot decide,
refuses a script with the choices, and the interactive ``add`` speaks the user's language.

The terminal is the ``_stdin_is_tty`` check monkeypatched (as ``undo``'s tests do); the answers
come on stdin, the prompts go to stderr. tests/test_add_pty.py drives the real entry point
through a pseudo-terminal."""

from __future__ import annotations

import json

import pytest
from conftest import dump


@pytest.fixture
def terminal(monkeypatch):
    from liuliqiao_cli.cli import complaints as cmd

    monkeypatch.setattr(cmd, "_stdin_is_tty", lambda: True)


def _json(cli, *args: str):
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- a script is refused, with one line per choice ----------------------------------------

REFUSED = [
    (
        "快递柜放在消防通道上了",
        "错误：服务项目不能确定（快递柜、消防通道得分接近），请用 --item 选择：",
        ["  1. parcel_lockers  快递柜", "  2. fire_lane  消防通道"],
        ["--item", "fire_lane"],
    ),
    (
        "楼道灯又不亮了",
        "错误：“楼道照明”是分别管理事项，由所在楼的物业公司负责，请用 --building 选择楼号：",
        ["  1. 1  1号楼", "  2. 2  2号楼", "  3. 3  3号楼", "  4. 4  4号楼"],
        ["--building", "2"],
    ),
    (
        "7号楼2单元楼道灯坏了",
        "错误：本小区没有7号楼（共 4 栋）；“楼道照明”是分别管理事项，请用 --building 选择楼号：",
        ["  1. 1  1号楼", "  2. 2  2号楼", "  3. 3  3号楼", "  4. 4  4号楼"],
        ["--building", "3"],
    ),
    (
        "2号楼和3号楼的楼道灯都坏了",
        "错误：描述提到几栋楼（2、3号楼）；“楼道照明”是分别管理事项，请用 --building 选择一栋：",
        ["  1. 2  2号楼", "  2. 3  3号楼"],
        ["--building", "3"],
    ),
]


@pytest.mark.parametrize("text, first, choices, settle", REFUSED)
def test_a_script_is_refused_with_the_choices(cli, db, text, first, choices, settle) -> None:
    before = dump(db)
    result = cli("add", text)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [first, *choices]
    assert dump(db) == before
    settled = cli("add", text, *settle)
    assert settled.exit_code == 0, settled.stderr
    assert "已登记 #1" in settled.stdout


def test_a_chosen_company_needs_no_building(cli, db) -> None:
    result = cli("add", "楼道灯又不亮了", "--company", "首华", "--reason", "楼号待核实")
    assert result.exit_code == 0, result.stderr
    assert "首华物业" in result.stdout


def test_refused_in_english(cli, db) -> None:
    result = cli("--lang", "en", "add", "楼道灯又不亮了")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: 'Stairwell lighting' is separately managed, by the building's company; choose "
        "the building with --building:",
        "  1. 1  building 1",
        "  2. 2  building 2",
        "  3. 3  building 3",
        "  4. 4  building 4",
    ]


# --- a terminal asks; Enter takes the first ------------------------------------------------


def test_enter_takes_the_first_choice(cli, db, terminal) -> None:
    result = cli("add", "快递柜放在消防通道上了", "--format", "json", input="\n")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "服务项目不能确定（快递柜、消防通道得分接近），请选择：",
        "  1. 快递柜",
        "  2. 消防通道",
        "请选择 [1]：",
    ]
    added = json.loads(result.stdout)
    assert added["item"] == "parcel_lockers"
    assert added["recognised"]["answered"] == [{"what": "item", "value": "parcel_lockers"}]


@pytest.mark.parametrize("answer", ["2", "消防通道", "fire_lane", " FIRE_LANE "])
def test_a_choice_by_number_name_or_code(cli, db, terminal, answer) -> None:
    result = cli("add", "快递柜放在消防通道上了", input=answer + "\n")
    assert result.exit_code == 0, result.stderr
    assert _json(cli, "show", "1")["item"] == "fire_lane"


def test_a_wrong_answer_is_said_and_asked_again(cli, db, terminal) -> None:
    result = cli("add", "快递柜放在消防通道上了", input="9\n2\n")
    assert result.exit_code == 0, result.stderr
    assert "错误：未知的服务项目“9”" in result.stderr
    assert result.stderr.count("请选择 [1]：") == 2


def test_item_then_building(cli, db, terminal) -> None:
    """The answer completes the record: the item first, then the building it now needs."""
    text = "装修工人把水泥倒进下水道了，楼下堵了"
    result = cli("add", text, "--format", "json", input="renovation\n3\n")
    assert result.exit_code == 0, result.stderr
    added = json.loads(result.stdout)
    assert (added["item"], added["building"], added["company"]) == ("renovation", 3, "chengjian")
    assert added["recognised"]["answered"] == [
        {"what": "item", "value": "renovation"},
        {"what": "building", "value": "3"},
    ]
    assert "请选择楼号：" in result.stderr and "  3. 3号楼" in result.stderr


def test_english_choices(cli, db, terminal) -> None:
    result = cli("--lang", "en", "add", "楼道灯又不亮了", input="\n")
    assert result.exit_code == 0, result.stderr
    assert "  1. building 1" in result.stderr and "Choose [1]: " in result.stderr
    assert "Stairwell lighting (separate)" in result.stdout and "Shouhua" in result.stdout


def test_end_of_input_while_asked_writes_nothing(cli, db, terminal) -> None:
    before = dump(db)
    result = cli("add", "快递柜放在消防通道上了", input="")
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == "错误：已中断，未做任何更改。"
    assert dump(db) == before


# --- the interactive add -------------------------------------------------------------------

# text, building, unit, room, place, item, source, reporter, phone, urgency
ANSWERS = "3号楼2单元502下水堵了\n\n\n\n\n\n\n王阿姨\n138 0000 1234\n2\n"


def test_interactive_add_asks_every_field_in_the_users_language(cli, db, terminal) -> None:
    result = cli("add", input=ANSWERS)
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "诉求内容: 楼号 [3]: 单元 [2]: 户号 [502]: 公共场所: 服务项目 [楼内管道]: 来源：" in err
    assert "  6. 来访\n  7. 物业报告\n请选择 [6]：" in err  # names, not codes
    assert "walkin" not in err and "pipes" not in err
    assert "反映人姓名（可空）: 联系电话（可空）: 紧急程度：\n  1. 一般\n  2. 紧急\n" in err
    assert "王阿姨" not in result.stdout + err.replace("王阿姨\n", "")  # only as typed
    d = _json(cli, "show", "1", "--with-contacts")
    assert (d["building"], d["unit"], d["room"], d["item"], d["source"]) == (
        3,
        2,
        "502",
        "pipes",
        "walkin",
    )
    assert d["urgency"] == "urgent"
    assert d["contact"] == {"reporter": "王阿姨", "phone": "13800001234", "masked": False}


def test_interactive_add_in_english(cli, db, terminal) -> None:
    answers = "building 3 unit 2 room 502 sink blocked\n" + "\n" * 9
    result = cli("--lang", "en", "add", input=answers)
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    prompts = "Complaint text: Building [3]: Unit [2]: Room [502]: Public place: Service item "
    assert prompts + "[In-building pipes]: Source:" in err
    assert "  6. walk-in\n  7. company report\nChoose [6]: " in err
    assert "Urgency:\n  1. normal\n  2. urgent\nChoose [1]: " in err
    assert "Recorded #1" in result.stdout


def test_interactive_add_other_answers(cli, db, terminal) -> None:
    """A dash clears what the text suggested; a typed answer replaces it; a wrong one is asked
    again; options given on the command line are not asked."""
    answers = "3号楼北门垃圾站满了\n-\n\n\n小广场\n9\n\n\n\n\n"
    result = cli("add", "--source", "patrol", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "来源" not in result.stderr
    assert "错误：未知的服务项目“9”" in result.stderr
    d = _json(cli, "show", "1")
    assert (d["building"], d["place"], d["item"], d["source"], d["urgency"]) == (
        None,
        "小广场",
        "garbage",
        "patrol",
        "normal",
    )


def test_interactive_add_refuses_a_bad_value_and_asks_again(cli, db, terminal) -> None:
    answers = "   \n3号楼楼道灯坏了\n9\n3\n6\n2\n702\n502\n\n\n\n\n12345\n13800001234\n\n"
    result = cli("add", input=answers)
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    for message in (
        "诉求内容不能为空",
        "未知的楼号“9”",
        "没有“6”单元",
        "没有户号“702”",
        "电话号码无效",
    ):
        assert message in err, message
    d = _json(cli, "show", "1")
    assert (d["building"], d["unit"], d["room"]) == (3, 2, "502")


@pytest.mark.parametrize("stop", range(1, 11))
def test_interactive_add_interrupted_anywhere_writes_nothing(cli, db, terminal, stop) -> None:
    """End of input (Ctrl-D) after ``stop`` answers: exit 130, the ledger unchanged."""
    before = dump(db)
    answers = "".join(line + "\n" for line in ANSWERS.split("\n")[: stop - 1])
    result = cli("add", input=answers)
    assert result.exit_code == 130, result.stdout
    assert dump(db) == before


def test_ctrl_c_writes_nothing(cli, db, terminal, monkeypatch) -> None:
    calls = iter(["3号楼2单元502下水堵了"])

    def fake_input(prompt: str = "") -> str:
        for answer in calls:
            return answer
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", fake_input)
    before = dump(db)
    result = cli("add")
    assert result.exit_code == 130
    assert dump(db) == before


# --- received dates are in the past; bad input -----------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("12月5日", "2025-12-05 00:00:00"),  # this year's 5 December is still to come
        ("11月27日 08:30", "2026-11-27 08:30:00"),
        ("昨天 19:40", "2026-11-26 19:40:00"),
    ],
)
def test_received_without_a_year_is_in_the_past(cli, db, typed, stored) -> None:
    d = _json(cli, "add", "北门垃圾站满了", "--received", typed)
    assert d["received_at"] == stored


BAD = [
    (["   "], "诉求内容不能为空"),
    (["\t\n "], "诉求内容不能为空"),
    (["楼道灯坏了" * 4000, "--building", "3"], "诉求内容太长：20000 字，上限 2000 字"),
    (["3号楼2单元903漏水"], "描述中的“903”：3号楼没有这个户号（户号为楼层加门牌，101 到 602）"),
    (["7号楼2单元903漏水"], "描述中的“903”：本小区没有这个户号"),
    (["3号楼6单元楼道灯坏了"], "描述中的“6单元”：3号楼没有这个单元（共 5 个单元）"),
    (["3-2-903漏水"], "描述中的“3-2-903”：本小区没有这个户号"),
    (["楼道灯坏了", "--building", "7"], "未知的楼号“7”"),
    (["楼道灯坏了", "--building", "3", "--room", "903"], "没有户号“903”"),
    (["楼道灯坏了", "--building", "3", "--unit", "6"], "没有“6”单元"),
]


@pytest.mark.parametrize("args, message", BAD)
def test_bad_input_one_line_exit_2_nothing_written(cli, db, args, message) -> None:
    before = dump(db)
    result = cli("add", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(db) == before


def test_bad_input_in_english(cli, db) -> None:
    result = cli("--lang", "en", "add", "3号楼2单元903漏水")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: The text says '903': building 3 has no such room (rooms are floor and door, 101 "
        "to 602). Correct the text, or give the room with --room\n"
    )


def test_a_typed_room_settles_a_bad_room_in_the_text(cli, db) -> None:
    d = _json(cli, "add", "3号楼2单元903漏水", "--room", "502")
    assert (d["building"], d["unit"], d["room"]) == (3, 2, "502")


def test_json_names_the_runner_up(cli, db) -> None:
    d = _json(cli, "add", "快递柜放在消防通道上了", "--item", "fire_lane")
    rec = d["recognised"]
    assert rec["best"]["item"] == "parcel_lockers"
    assert rec["runner_up"]["item"] == "fire_lane"
    assert rec["runner_up"]["score"] >= 0.75 * rec["best"]["score"]
    assert rec["from_text"] == [] and d["item"] == "fire_lane"
