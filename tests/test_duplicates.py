"""Possible duplicates at the moment of adding, households affected, a resident's complaints
(issue 14, items 5 and 6)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import dump


@pytest.fixture
def terminal(monkeypatch):
    from liuliqiao_cli.cli import complaints as cmd

    monkeypatch.setattr(cmd, "_stdin_is_tty", lambda: True)


def _add(cli, *args: str, input: str | None = None):
    result = cli("add", *args, input=input)
    assert result.exit_code == 0, result.stderr
    return result


def _json(cli, *args: str):
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- what counts as a possible duplicate ---------------------------------------------------

FIRST = ("3号楼2单元楼道灯坏了好几天", "--received", "2026-11-25 09:00")


@pytest.mark.parametrize(
    "args, offered",
    [
        (("3号楼2单元楼道灯还是不亮",), [1]),  # same item, building and unit, 2 days on
        (("3号楼楼道灯不亮",), [1]),  # no unit given: any unit of the building
        (("3号楼2单元502门口的楼道灯不亮",), [1]),  # a room named: still the unit's stairwell
        (("3号楼3单元楼道灯不亮",), []),  # another unit
        (("4号楼2单元楼道灯不亮",), []),  # another building
        (("3号楼2单元楼道里堆满了纸箱子",), []),  # another item
        (("3号楼2单元楼道灯不亮", "--received", "2026-11-17 09:00"), []),  # 8 days before
        (("3号楼2单元楼道灯不亮", "--received", "2026-11-18 09:00"), [1]),  # 7 days before
    ],
)
def test_which_complaints_are_offered(cli, db, args, offered) -> None:
    _add(cli, *FIRST)
    d = _json(cli, "add", *args)
    assert [p["id"] for p in d["possible_duplicates"]] == offered


def test_public_places_and_the_fallback_item(cli, db) -> None:
    _add(cli, "北门垃圾站满了没人清")
    assert [p["id"] for p in _json(cli, "add", "北门垃圾又满了")["possible_duplicates"]] == [1]
    assert _json(cli, "add", "南门垃圾又满了")["possible_duplicates"] == []
    _add(cli, "说不清楚的事情")  # 其他事项: only the same text is the same problem
    assert _json(cli, "add", "另一件说不清的事")["possible_duplicates"] == []
    assert [p["id"] for p in _json(cli, "add", "说不清楚的事情")["possible_duplicates"]] == [4]


def test_closed_and_duplicate_complaints_are_not_offered(cli, db) -> None:
    _add(cli, *FIRST)
    _add(cli, "3号楼2单元楼道灯又坏了")
    assert cli("duplicate", "2", "--of", "1").exit_code == 0
    for step in ("dispatch", "resolve"):
        assert cli(step, "1").exit_code == 0
    assert cli("followup", "1", "--resolved", "yes").exit_code == 0
    assert _json(cli, "add", "3号楼2单元楼道灯不亮")["possible_duplicates"] == []


# --- in a script: added, the hint on stderr ------------------------------------------------


def test_a_script_adds_and_names_the_possible_duplicate(cli, db) -> None:
    _add(cli, *FIRST)
    result = _add(cli, "3号楼2单元楼道灯还是不亮")
    assert "已登记 #2" in result.stdout
    assert result.stderr.splitlines()[0] == (
        "可能重复：#1 2天前 3号楼2单元 楼道照明 已受理。如确认：liuliqiao duplicate 2 --of 1"
    )
    assert _json(cli, "show", "2")["status"] == "received"
    english = cli("--lang", "en", "add", "3号楼2单元楼道灯仍然不亮")
    assert english.stderr.splitlines()[0] == (
        "Possible duplicate: #1 2 days earlier 3号楼2单元 Stairwell lighting received; "
        "#2 same day 3号楼2单元 Stairwell lighting received. If it is: "
        "liuliqiao duplicate 3 --of 1"
    )


# --- on a terminal: linked at once ---------------------------------------------------------


def test_a_terminal_links_it_at_once(cli, db, terminal) -> None:
    _add(cli, *FIRST, "--room", "502")
    result = _add(cli, "3号楼2单元楼道灯还是不亮", "--room", "601", input="1\n")
    assert result.stderr.splitlines()[:3] == [
        "可能重复（7 天内同一地点、同一服务项目的未办结诉求）：",
        "  1. #1 2天前 3号楼2单元502 楼道照明 已受理",
        # the typed answer's newline is the terminal's echo: not in a test's stderr
        "是其中哪一条的重复？输入序号或编号；回车 = 不是重复，单独登记："
        "识别有误可更正：liuliqiao tag 2 --building/--unit/--room/--place/--item ...",
    ]
    assert "重复于    #1" in result.stdout
    assert "影响住户  2 户（本问题共 2 件诉求，含重复）" in result.stdout
    d = _json(cli, "show", "2")
    assert (d["status"], d["duplicate_of"]) == ("duplicate", 1)
    assert [e["kind"] for e in d["events"]] == ["create", "duplicate"]
    assert d["events"][0]["at"] == d["events"][1]["at"]


@pytest.mark.parametrize("answer, linked", [("\n", None), ("#1\n", 1), ("1\n", 1), ("x\n\n", None)])
def test_the_answers_to_the_link_question(cli, db, terminal, answer, linked) -> None:
    _add(cli, *FIRST)
    _add(cli, "3号楼2单元楼道灯还是不亮", input=answer)
    assert _json(cli, "show", "2")["duplicate_of"] == linked


def test_interrupted_at_the_link_question_writes_nothing(cli, db, terminal) -> None:
    _add(cli, *FIRST)
    before = dump(db)
    result = cli("add", "3号楼2单元楼道灯还是不亮", input="")
    assert result.exit_code == 130
    assert dump(db) == before


def test_undo_takes_back_the_link_then_the_complaint(cli, db, terminal) -> None:
    _add(cli, *FIRST)
    _add(cli, "3号楼2单元楼道灯还是不亮", input="1\n")
    assert cli("undo", "--yes").exit_code == 0
    assert _json(cli, "show", "2")["status"] == "received"


# --- households affected -------------------------------------------------------------------


def test_households_count_distinct_rooms(cli, db) -> None:
    _add(cli, "3号楼2单元楼道灯坏了", "--room", "502")
    for room in ("502", "601", None, "301"):
        args = ["3号楼2单元楼道灯不亮"] + (["--room", room] if room else [])
        _add(cli, *args)
    for n in (2, 3, 4, 5):
        assert cli("duplicate", str(n), "--of", "1").exit_code == 0
    shown = _json(cli, "show", "3")  # a duplicate tells its problem's households
    assert shown["households"] == {
        "original": 1,
        "complaints": 5,
        "households": 3,
        "without_room": 1,
    }
    text = cli("show", "1").stdout
    assert "影响住户  3 户（本问题共 5 件诉求，含重复；1 件未写户号）" in text
    lone = _json(cli, "add", "北门垃圾站满了")
    assert lone["households"]["complaints"] == 1
    assert "影响住户" not in cli("show", str(lone["id"])).stdout


# --- a resident's complaints ---------------------------------------------------------------


@pytest.fixture
def residents(cli, db):
    _add(cli, "3号楼楼道灯坏了", "--reporter", "王阿姨", "--phone", "13800001234")
    _add(cli, "北门垃圾站满了", "--reporter", "王阿姨", "--phone", "138-0000-1234")
    _add(cli, "1号楼屋顶漏雨", "--reporter", "李大爷", "--phone", "010-63000009")
    _add(cli, "2号楼下水堵了", "--reporter", "王 阿姨")  # no phone, another spelling
    _add(cli, "南门路灯坏了")


@pytest.mark.parametrize(
    "args, ids",
    [
        (("--phone", "13800001234"), [2, 1]),
        (("--phone", "138 0000 1234"), [2, 1]),
        (("--phone", "+86 138-0000-1234"), [2, 1]),
        (("--phone", "010-63000009"), [3]),
        (("--phone", "13900001234"), []),
        (("--reporter", "王阿姨"), [2, 1]),
        (("--reporter", " 王 阿姨 "), [4]),
        (("--reporter", "王"), []),  # exact, not a prefix
        (("--reporter", "王阿姨", "--phone", "13800001234", "--source", "walkin"), [2, 1]),
        (("--reporter", "王阿姨", "--building", "3"), [1]),
    ],
)
def test_list_a_residents_complaints(cli, residents, args, ids) -> None:
    rows = _json(cli, "list", *args)
    assert [r["id"] for r in rows] == ids
    assert all(r["phone"] in ("", "138****1234", "010-****0009") for r in rows)


def test_the_table_stays_masked(cli, residents) -> None:
    result = cli("list", "--phone", "13800001234")
    assert result.exit_code == 0
    assert "13800001234" not in result.stdout + result.stderr
    assert "王阿姨" not in result.stdout + result.stderr


def test_with_contacts_records_the_listing_without_the_contact(cli, db, residents) -> None:
    rows = _json(cli, "list", "--phone", "138 0000 1234", "--with-contacts")
    assert rows[0]["phone"] == "13800001234"
    conn = sqlite3.connect(db)
    # Recorded as an export (issue 16): the command as typed, the resident's phone masked.
    (data,) = conn.execute("SELECT data FROM events WHERE kind = 'export'").fetchone()
    conn.close()
    assert json.loads(data)["command"] == (
        "liuliqiao list --phone 138****1234 --with-contacts --format json"
    )
    assert json.loads(data)["contacts"] is True
    assert "1380000" not in data


@pytest.mark.parametrize(
    "args, message",
    [
        (("--phone", "12345"), "电话号码无效"),
        (("--phone", " "), "--phone 的值为空"),
        (("--reporter", ""), "--reporter 的值为空"),
        (("--reporter", "王" * 41), "反映人姓名太长"),
    ],
)
def test_bad_contact_filters(cli, db, residents, args, message) -> None:
    before = dump(db)
    result = cli("list", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert "12345" not in result.stderr
    assert dump(db) == before


def test_show_counts_the_reporters_other_complaints(cli, residents) -> None:
    assert "反映人    王** 138****1234（另有 1 件诉求）" in cli("show", "1").stdout
    assert _json(cli, "show", "1")["reporter_others"] == 1
    assert "反映人    李** 010-****0009\n" in cli("show", "3").stdout  # none other
    assert _json(cli, "show", "4")["reporter_others"] == 0  # by name: "王 阿姨" is another
    assert _json(cli, "show", "5")["reporter_others"] == 0  # no contact at all
    assert "1 other complaint)" in cli("--lang", "en", "show", "2").stdout


def test_likely_reports_for_a_merge(cli, db, conn) -> None:
    """The function the JSONL merge can call on the complaints it wrote: reports, links none."""
    from liuliqiao_cli.complaints import duplicates

    _add(cli, *FIRST)
    _add(cli, "3号楼2单元楼道灯还是不亮")
    _add(cli, "北门垃圾站满了")
    _add(cli, "3号楼2单元楼道灯又不亮了")
    assert cli("duplicate", "4", "--of", "1").exit_code == 0
    found = {new: p.id for new, p in duplicates.likely(conn, [2, 3, 4, 99])}
    assert found == {2: 1}
    assert conn.execute("SELECT status FROM complaints WHERE id = 2").fetchone()[0] == "received"


def test_the_summary_names_problems_raised_by_several_households(cli, db) -> None:
    _add(cli, "3号楼2单元楼道灯坏了", "--room", "502", "--received", "2026-11-16 09:00")
    for n, room in enumerate(("601", "502", "301"), start=2):
        _add(cli, "3号楼2单元楼道灯不亮", "--room", room, "--received", "2026-11-17 09:00")
        assert cli("duplicate", str(n), "--of", "1").exit_code == 0
    _add(cli, "北门垃圾站满了", "--received", "2026-11-10 09:00")  # before the period
    _add(cli, "北门垃圾站又满了", "--received", "2026-11-18 09:00")
    assert cli("duplicate", "6", "--of", "5").exit_code == 0
    s = _json(cli, "summary", "--week", "2026-W47")
    found = [
        (h["original"], h["households"], h["complaints"], h["in_period"]) for h in s["households"]
    ]
    assert found == [(1, 3, 4, 3), (5, 0, 2, 1)]
    text = cli("summary", "--week", "2026-W47").stdout
    assert (
        "  同一问题多户反映（本期有重复诉求的问题；户数按户号计，含重复）：\n"
        "  #1 3号楼2单元502 楼道照明：3 户，共 4 件（本期重复 3 件）\n"
        "  #5 北门 垃圾桶站：共 2 件，均未写户号（本期重复 1 件）\n"
    ) in text
    assert _json(cli, "summary", "--week", "2026-W46")["households"] == []
    assert "同一问题多户反映" not in cli("summary", "--week", "2026-W46").stdout
