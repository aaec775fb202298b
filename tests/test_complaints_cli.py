"""The complaint commands as a user types them: output, machine formats, bad input."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from conftest import dump


def _add(cli, *args: str):
    result = cli("add", *args)
    assert result.exit_code == 0, result.stderr
    return result


def _json(result):
    return json.loads(result.stdout)


def test_add_prints_what_it_decided(cli, db) -> None:
    result = _add(cli, "3号楼2单元楼道灯坏了好几天", "--source", "patrol")
    out = result.stdout
    assert "已登记 #1" in out
    assert "3号楼2单元" in out and "楼道照明（分别管理）" in out and "城建物业" in out
    assert "（从描述识别）" in out
    assert "liuliqiao tag 1 --building" in result.stderr  # how to correct it
    # 24 hours to respond; 3 working days to resolve from Friday 11-27: Wednesday 12-02
    assert "2026-11-28 10:00:00" in out and "2026-12-02 10:00:00" in out
    result = _add(cli, "北门垃圾站满了没人清", "--reporter", "王阿姨", "--phone", "13800001234")
    assert "北门" in result.stdout and "垃圾桶站（共同管理）" in result.stdout
    assert "当值" in result.stdout and "城建物业" in result.stdout
    assert "王阿姨" not in result.stdout + result.stderr
    assert "13800001234" not in result.stdout + result.stderr


def test_add_json_is_the_show_json_and_what_was_recognised(cli, db) -> None:
    added = _json(_add(cli, "北门垃圾站满了", "--format", "json", "--phone", "13800001234"))
    shown = _json(cli("show", str(added["id"]), "--format", "json"))
    recognised, possible = added.pop("recognised"), added.pop("possible_duplicates")
    assert added == shown
    assert recognised == {
        "from_text": ["item", "place"],
        "matched": {"place": "北门", "item": "满了"},
        "best": {"item": "garbage", "score": 1.5, "words": ["满了", "垃圾站"]},
        "runner_up": None,
        "answered": [],
    }
    assert possible == []
    assert added["company"] == "chengjian" and added["routing"] == "duty"
    assert added["contact"]["phone"] == "138****1234"
    assert added["events"][0]["kind"] == "create"


def test_english(cli, db) -> None:
    result = cli("--lang", "en", "add", "3号楼楼道灯坏了")
    assert result.exit_code == 0
    assert "Recorded #1" in result.stdout and "Stairwell lighting (separate)" in result.stdout
    result = cli("--lang", "en", "resolve", "1")
    assert result.exit_code == 1
    assert "#1 is received: cannot resolve" in result.stderr


def test_a_whole_life(cli, db) -> None:
    _add(cli, "北门垃圾站满了没人清")
    assert "已受理 → 已派单" in cli("dispatch", "1").stdout
    assert "处理中" in cli("respond", "#1", "--note", "已电话联系").stdout
    assert cli("resolve", "1", "--note", "已清运").exit_code == 0
    result = cli("followup", "1", "--resolved", "yes", "--satisfied", "basic")
    assert "已办结 → 已结案" in result.stdout
    assert cli("note", "1", "居民表示感谢").exit_code == 0
    assert cli("tag", "1", "--add", "急", "--add", "盼").exit_code == 0
    assert cli("tag", "1", "--remove", "盼").exit_code == 0
    show = cli("show", "1")
    assert show.exit_code == 0
    for text in (
        "已结案",
        "处理记录",
        "派单",
        "已电话联系",
        "已清运",
        "回访",
        "基本满意",
        "居民表示感谢",
        "+急",
        "-盼",
    ):
        assert text in show.stdout, text
    d = _json(cli("show", "1", "--format", "json"))
    assert [e["kind"] for e in d["events"]] == [
        "create",
        "dispatch",
        "respond",
        "resolve",
        "followup",
        "close",
        "note",
        "tag",
        "tag",
    ]
    assert d["followup_resolved"] == "yes" and d["followup_satisfied"] == "basic"
    assert d["tags"] == ["急"]


def test_dispute_reroute_duplicate_reject_reopen(cli, db) -> None:
    for text in ("北门垃圾站满了", "北门垃圾站又满了", "楼下有人吵架"):
        _add(cli, text)
    cli("dispatch", "1")
    assert "责任有争议" in cli("dispute", "1", "--reason", "不属于本公司管理").stdout
    result = cli("tag", "1", "--company", "shouhua", "--reason", "三方协议第5条")
    assert result.exit_code == 0 and "首华物业" in result.stdout and "已派单" in result.stdout
    assert "重复诉求" in cli("duplicate", "2", "--of", "1").stdout
    assert "不予受理" in cli("reject", "3", "--reason", "非物业事项").stdout
    assert "重新办理" in cli("reopen", "3", "--reason", "居民补充了情况").stdout
    rows = _json(cli("list", "--format", "json"))
    by_id = {r["id"]: r for r in rows}
    assert by_id[1]["company"] == "shouhua" and by_id[1]["routing"] == "override"
    assert by_id[2]["status"] == "duplicate" and by_id[2]["duplicate_of"] == 1
    assert by_id[3]["status"] == "reopened"


def test_followup_no_reopens(cli, db) -> None:
    _add(cli, "1号楼下水堵了")
    for step in ("dispatch", "resolve"):
        cli(step, "1")
    result = cli("followup", "1", "--resolved", "no", "--satisfied", "no")
    assert result.exit_code == 0 and "重新办理" in result.stdout


def test_list_formats_parse_and_agree(cli, db) -> None:
    _add(cli, "3号楼2单元楼道灯坏了", "--tag", "急", "--tag", "盼")
    _add(cli, "北门垃圾站满了", "--received", "2026-11-01 09:00")
    _add(cli, "1号楼屋顶漏雨", "--reporter", "李大爷", "--phone", "010-63000009")
    rows = _json(cli("list", "--format", "json"))
    text = cli("list", "--format", "csv").stdout
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert [int(r["id"]) for r in parsed] == [r["id"] for r in rows] == [3, 2, 1]
    from liuliqiao_cli.complaints.read import LIST_COLUMNS

    assert list(parsed[0]) == list(LIST_COLUMNS) == list(rows[0])
    assert rows[2]["tags"] == ["急", "盼"] and parsed[2]["tags"] == "急;盼"
    assert rows[0]["reporter"] == "李**" and rows[0]["phone"] == "010-****0009"
    overdue = _json(cli("list", "--overdue", "--format", "json"))
    assert [r["id"] for r in overdue] == [2]
    assert [
        r["id"] for r in _json(cli("list", "--open", "--building", "3", "--format", "json"))
    ] == [1]
    assert [r["id"] for r in _json(cli("list", "--company", "首华", "--format", "json"))] == [3]
    assert [
        r["id"] for r in _json(cli("list", "--tag", "急", "--limit", "5", "--format", "json"))
    ] == [1]
    table = cli("list")
    assert table.exit_code == 0 and "楼道照明" in table.stdout and "共 3 条" in table.stderr
    assert _json(cli("list", "--building", "4", "--format", "json")) == []


def test_with_contacts_is_recorded(cli, db) -> None:
    _add(cli, "3号楼楼道灯坏了", "--reporter", "王阿姨", "--phone", "13800001234")
    masked = cli("show", "1")
    assert "王**" in masked.stdout and "138****1234" in masked.stdout
    shown = cli("show", "1", "--with-contacts")
    assert "王阿姨" in shown.stdout and "13800001234" in shown.stdout
    listed = _json(cli("list", "--with-contacts", "--format", "json"))
    assert listed[0]["phone"] == "13800001234"
    conn = sqlite3.connect(db)
    kinds = [
        r[0]
        for r in conn.execute(
            "SELECT kind FROM events WHERE kind IN ('contacts', 'export') AND data LIKE"
            " '%\"contacts\": true%' ORDER BY id"
        )
    ]
    assert kinds == ["contacts", "export"]  # a reveal on screen, then a JSON listing
    data = " ".join(r[0] for r in conn.execute("SELECT data FROM events"))
    assert "13800001234" not in data and "王阿姨" not in data


NASTY = '\'); DROP TABLE complaints; -- "引号" 😀 \x07 |a|b| %_ [bold]x[/bold]'


def test_nasty_text_stored_and_shown_faithfully(cli, db) -> None:
    added = _json(_add(cli, "3号楼 " + NASTY, "--tag", "😀'", "--format", "json"))
    assert added["text"] == "3号楼 " + NASTY
    assert cli("note", "1", NASTY).exit_code == 0
    shown = _json(cli("show", "1", "--format", "json"))
    assert shown["events"][-1]["data"]["note"] == NASTY
    table = cli("show", "1")
    assert table.exit_code == 0 and "[bold]x[/bold]" in table.stdout and "\\x07" in table.stdout
    listing = cli("list")
    assert listing.exit_code == 0 and "\x07" not in listing.stdout
    parsed = list(csv.DictReader(io.StringIO(cli("list", "--format", "csv").stdout)))
    assert parsed[0]["text"] == "3号楼 " + NASTY.replace("\x07", "\\x07")  # shown, not rung


def test_add_prompts_on_a_terminal(cli, db, monkeypatch) -> None:
    from liuliqiao_cli.cli import complaints as cmd

    monkeypatch.setattr(cmd, "_stdin_is_tty", lambda: True)
    # text, then building / unit / room / place / item / source / reporter / phone / urgency:
    # accept the recognised defaults (tests/test_add_asks.py has the rest)
    result = cli("add", input="3号楼2单元502下水堵了\n" + "\n" * 9)
    assert result.exit_code == 0, result.stderr
    assert "已登记 #1" in result.stdout
    d = _json(cli("show", "1", "--format", "json"))
    assert (d["building"], d["unit"], d["room"], d["item"], d["source"]) == (
        3,
        2,
        "502",
        "pipes",
        "walkin",
    )


def test_add_refuses_to_prompt_without_a_terminal(cli, db) -> None:
    before = dump(db)
    result = cli("add", input="3号楼楼道灯坏了\n")
    assert result.exit_code == 2
    assert "不是终端" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert dump(db) == before


BAD_ADD = [
    (["   "], 2, "诉求内容不能为空"),
    (["x" * 2001], 2, "诉求内容太长"),
    (["楼道灯坏了", "--building", "9"], 2, "未知的楼号“9”"),
    (["楼道灯坏了", "--building", "3", "--unit", "6"], 2, "没有“6”单元"),
    (["楼道灯坏了", "--building", "3", "--room", "702"], 2, "没有户号“702”"),
    (["楼道灯坏了", "--building", "3", "--unit", "abc"], 2, "单元“abc”不是数字"),
    (["楼道灯坏了", "--item", "游泳池"], 2, "未知的服务项目“游泳池”"),
    (
        ["楼道灯坏了", "--building", "3", "--item", "stair_lightin"],
        2,
        "是不是“stair_lighting/楼道照明”",
    ),
    (["楼道灯坏了", "--building", "3", "--source", "微信"], 2, "未知的来源“微信”"),
    (["北门垃圾满了", "--company", "物业甲", "--reason", "x"], 2, "未知的物业公司“物业甲”"),
    (["北门垃圾满了", "--company", "首华"], 2, "必须用 --reason"),
    (["楼道灯坏了", "--item", "楼道照明", "--building", "3", "--unit", "6"], 2, "没有“6”单元"),
    (["北门垃圾满了", "--received", "2026-11-28"], 2, "晚于现在"),
    (["北门垃圾满了", "--received", "2026-02-30"], 2, "不存在的日期"),
    (["北门垃圾满了", "--received", "2023-01-05"], 2, "还没有当值轮换"),
    (["北门垃圾满了", "--phone", "12345"], 2, "电话号码无效"),
    (["北门垃圾满了", "--format", "xml"], 2, "xml"),
]


@pytest.mark.parametrize("args, code, message", BAD_ADD)
def test_add_bad_input(cli, db, args, code, message) -> None:
    before = dump(db)
    result = cli("add", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
    assert dump(db) == before


BAD_STEPS = [
    (["show", "99"], 1, "没有编号为 #99 的诉求"),
    (["show", "abc"], 2, "不是诉求编号"),
    (["dispatch", "99"], 1, "没有编号为 #99 的诉求"),
    (["resolve", "1"], 1, "当前状态为“已受理”，不能办结。可以：派单"),
    (["followup", "1", "--resolved", "yes"], 1, "不能回访"),
    (["reopen", "1", "--reason", "x"], 1, "不能重新打开"),
    (["dispute", "1", "--reason", " "], 2, "--reason 的值为空"),
    (["duplicate", "1", "--of", "1"], 2, "不能与自身重复"),
    (["duplicate", "1", "--of", "99"], 1, "#99"),
    (["note", "1", ""], 2, "备注不能为空"),
    (["note", "1", "x" * 1001], 2, "备注太长"),
    (["tag", "1"], 2, "请至少给出一项"),
    (["tag", "1", "--company", "首华"], 2, "理由不能为空"),
    (["tag", "1", "--remove", "不存在"], 2, "标签没有变化"),
    (["tag", "1", "--building", "8"], 2, "未知的楼号"),
    (["list", "--building", "9"], 2, "未知的楼号"),
    (["list", "--status", "done"], 2, "未知的状态"),
    (["list", "--since", "2026-12-01", "--until", "2026-11-01"], 2, "早于开始日期"),
    (["list", "--limit", "0"], 2, "--limit 必须大于 0"),
    (["list", "--company", "shouhau"], 2, "是不是"),
]


@pytest.mark.parametrize("args, code, message", BAD_STEPS)
def test_bad_steps(cli, db, args, code, message) -> None:
    _add(cli, "北门垃圾站满了没人清")
    before = dump(db)
    result = cli(*args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(db) == before


def test_followup_bad_answer(cli, db) -> None:
    _add(cli, "北门垃圾站满了没人清")
    cli("dispatch", "1")
    cli("resolve", "1")
    before = dump(db)
    result = cli("followup", "1", "--resolved", "maybe")
    assert result.exit_code == 2 and "maybe" in result.stderr
    assert dump(db) == before


def test_status_colour_only_on_a_terminal(cli, db, monkeypatch) -> None:
    _add(cli, "北门垃圾站满了")
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in cli("list").stdout  # piped: never colour
    monkeypatch.setenv("FORCE_COLOR", "1")  # what a terminal gets
    assert "\x1b[36m已受理" in cli("list").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    coloured = [code for code in ("\x1b[3", "\x1b[9") if code in cli("list").stdout]
    assert coloured == []


def test_commands_work_on_the_sample(cli, sample_db) -> None:
    rows = _json(cli("list", "--limit", "5", "--format", "json"))
    if not rows:
        pytest.skip("sample.db without complaints (not regenerated yet)")
    result = cli("show", str(rows[0]["id"]))
    assert result.exit_code == 0 and "处理记录" in result.stdout


@pytest.mark.parametrize(
    "args", [["add", "3号楼楼道灯坏了"], ["dispatch", "1"], ["note", "1", "已联系"]]
)
def test_one_line_commands_do_not_load_rich(cli, db, args) -> None:
    """add and the lifecycle steps are budgeted like a bare Typer app: plain text, no rich."""
    import os
    import subprocess
    import sys

    _add(cli, "北门垃圾站满了")
    code = (
        "import sys\nfrom liuliqiao_cli.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'sqlite_utils', 'docx', 'openpyxl'))\n"
        "sys.stderr.write('HEAVY:' + ','.join(heavy) + f' EXIT:{code}\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LIULIQIAO_DB": str(db)},
        timeout=60,
    )
    assert "HEAVY: EXIT:0" in done.stderr, done.stderr


def test_table_listing_is_capped_machine_formats_are_not(cli, db, monkeypatch) -> None:
    from liuliqiao_cli.cli import listing as cmd

    monkeypatch.setattr(cmd, "TABLE_ROWS", 2)
    for text in ("北门垃圾站满了", "南门垃圾站满了", "小广场垃圾桶满了"):
        _add(cli, text)
    table = cli("list")
    assert table.stdout.count("满了") == 2 and "只显示最新的 2 条" in table.stderr
    assert "共 3 条" in cli("list", "--limit", "3").stderr
    assert len(_json(cli("list", "--format", "json"))) == 3
