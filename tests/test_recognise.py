"""The recogniser on the failures it was rebuilt for: addresses in every spelling, dates that
look like buildings, words inside words, the subject against a passing mention, place cues,
English, and the scores that let the tool ask instead of guessing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liuliqiao_cli.complaints.recognise import normalise, recognise
from liuliqiao_cli.estate import definition, model


@pytest.fixture(scope="module")
def est() -> model.Estate:
    return definition.as_estate(definition.load_definition(definition.default_definition_text()))


@pytest.mark.parametrize(
    "text, where",
    [
        ("3#2-502 卫生间返水", (3, 2, "502")),
        ("3-2-502 暖气不热", (3, 2, "502")),
        ("4＃1－601屋顶渗水", (4, 1, "601")),  # full-width
        ("3栋2门楼道灯坏了", (3, 2, None)),
        ("三号楼二单元楼道灯不亮", (3, 2, None)),
        ("三号楼屋顶漏雨", (3, None, None)),
        ("3号楼2门502暖气片不热", (3, 2, "502")),
        ("3号楼2单元502室下水堵了", (3, 2, "502")),
        ("1#楼北侧的垃圾桶满了", (1, None, None)),
        ("4号楼 2单元 401 楼上漏水", (4, 2, "401")),
        ("2单元的声控灯不亮", (None, 2, None)),
        ("Bldg 2 Unit 4 landing light broken", (2, 4, None)),
        ("leaking pipe in building 3 unit 3 room 401", (3, 3, "401")),
        ("kitchen drain blocked in 2-5-301", (2, 5, "301")),
        ("3号楼7单元楼道灯坏了", (3, None, None)),  # building 3 has 5 units
        ("1号楼2单元702漏水", (1, 2, None)),  # 6 floors only
        ("五楼六楼水压太小", (None, None, None)),  # floors, not buildings
        ("11月3号楼道灯坏了", (None, None, None)),  # a date, not building 3
        ("上个月5号楼道灯就坏了", (None, None, None)),
        ("2026-11-03 楼道灯坏了", (None, None, None)),
        ("3号下午楼道灯不亮", (None, None, None)),
        ("2号楼和3号楼中间的路灯坏了", (None, None, None)),  # between two buildings
        ("为什么3号楼的物业费比1号楼贵", (3, None, None)),  # the caller's building comes first
    ],
)
def test_addresses(est, text, where) -> None:
    rec = recognise(est, text)
    assert (rec.building, rec.unit, rec.room) == where
    for key, value in zip(("building", "unit", "room"), where, strict=True):
        assert (key in rec.found) == (value is not None)


def test_buildings_named_and_unknown(est) -> None:
    rec = recognise(est, "2号楼和3号楼中间的路灯坏了")
    assert rec.buildings == (2, 3) and rec.building is None
    rec = recognise(est, "隔壁5号楼的人老把车停我们这")
    assert rec.building is None and rec.unknown_buildings == (5,) and rec.item == "parking"
    assert recognise(est, "5号楼和9号楼").unknown_buildings == (5, 9)


@pytest.mark.parametrize(
    "text, item",
    [
        # a word inside a word
        ("卫生间漏水，楼下邻居找上门了", "pipes"),
        ("3号楼2单元门口垃圾桶满了", "garbage"),
        ("单元门口的垃圾桶好几天没倒", "garbage"),
        ("单元门关不上了", "unit_door"),
        ("停车场的电动车充电桩坏了", "public_facilities"),
        ("电动车充电桩扫码没反应", "public_facilities"),
        # the subject, not a passing mention
        ("3号楼后面的路灯不亮了", "public_facilities"),
        ("楼道灯不亮了", "stair_lighting"),
        ("垃圾分类站旁边的绿化带被踩秃了", "greenery"),
        ("垃圾站门口的雨水井被垃圾堵死了", "manholes"),
        ("2号楼3单元门口的垃圾桶满了，苍蝇嗡嗡的", "garbage"),
        ("暖气片漏水，地板都泡了", "heating"),
        ("电梯轿厢里的灯不亮", "lift"),
        ("fire lane behind building 1 blocked by parked cars", "fire_lane"),
        # place cues: clutter in a stairwell, lights by place
        ("楼道里有辆破自行车放了好几年", "stair_cleaning"),
        ("二号楼三单元楼道里停了辆电动车，把楼梯都占了", "stair_cleaning"),
        ("我家门口那盏灯坏了好几个月了", "stair_lighting"),
        ("小广场的灯晚上也不亮", "public_facilities"),
        ("楼梯扶手上一层灰，好久没人擦了", "stair_cleaning"),
        # everyday words that fell to 其他事项
        ("单元门的密码锁没电了，按不亮", "unit_door"),
        ("家里暖气冰凉", "heating"),
        ("2号楼3单元电梯又坏了", "lift"),
        ("楼下有人占用消防通道", "fire_lane"),
        ("楼顶有人搭了个鸽子棚", "illegal_building"),
        # English
        ("The garbage bins at the north gate are overflowing again", "garbage"),
        ("stairwell lights out in building 1 unit 1", "stair_lighting"),
        ("radiator is cold in 4-2-401", "heating"),
        ("the lift in building 2 unit 1 is out of order", "lift"),
        ("intercom at building 4 unit 4 doesn't ring", "unit_door"),
        ("gate access card stopped working at the south gate", "security"),
        ("neighbours drilling at 7am on Sunday", "renovation"),
        ("说不清楚的事情", None),
    ],
)
def test_items(est, text, item) -> None:
    rec = recognise(est, text)
    assert rec.item == item, rec.candidates[:3]
    assert ("item" in rec.found) == (item is not None)


def test_places_and_settings(est) -> None:
    rec = recognise(est, "北门垃圾站满了没人清")
    assert rec.place == "北门" and rec.item == "garbage" and rec.setting == "grounds"
    assert recognise(est, "下完雨主路上积水一大片").place == "小区主路"
    assert recognise(est, "rats near the parking lot at night").place == "停车场"
    assert recognise(est, "楼道里堆满了纸箱").setting == "building"
    assert recognise(est, "3号楼3单元502门口的声控灯不灵").setting == "building"
    assert recognise(est, "楼道里垃圾袋放门口").setting == "building"  # 门口 alone says nothing
    assert recognise(est, "暖气不热").setting is None


def test_scores_candidates_and_close_runner_up(est) -> None:
    rec = recognise(est, "3号楼2单元楼道灯坏了好几天")
    assert rec.item == "stair_lighting" and rec.score > 0 and rec.close == ()
    assert rec.matched["item"] == "楼道灯"
    assert rec.candidates[0].words[0] == "楼道灯"
    rec = recognise(est, "快递柜放在消防通道上了")  # which is the complaint? ask
    assert {c.item for c in rec.close} == {"parcel_lockers", "fire_lane"}
    assert rec.runner_up is not None
    assert recognise(est, "说不清楚的事情").candidates == ()


def test_excludes_rule_an_item_out(est) -> None:
    rec = recognise(est, "路灯不亮")
    assert "stair_lighting" not in {c.item for c in rec.candidates}
    rec = recognise(est, "3号楼5单元的门禁卡刷不开单元门")
    assert rec.item == "unit_door" and "security" not in {c.item for c in rec.candidates}


def test_normalise() -> None:
    assert normalise("３号楼　Ｂｌｄｇ\t2") == "3号楼 bldg 2"


def test_an_estate_file_without_the_new_words_still_recognises(est) -> None:
    bare = model.Estate(
        est.info,
        est.companies,
        est.buildings,
        {c: i._replace(hints=(), excludes=(), where="anywhere") for c, i in est.items.items()},
        est.places,
    )
    assert recognise(bare, "3号楼2单元楼道灯坏了").item == "stair_lighting"
    assert recognise(bare, "北门垃圾站满了").item == "garbage"


ALPHABET = "3#2-502栋门号楼单元室被的，。 楼道灯路垃圾桶卫生间搭棚building unit room 11月下午"


@given(st.text(alphabet=ALPHABET, max_size=60) | st.text(max_size=60))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_gives_values_of_the_estate_never_a_crash(est, text: str) -> None:
    rec = recognise(est, text)
    assert rec.building is None or rec.building in est.buildings
    if rec.unit is not None:
        b = est.buildings.get(rec.building) if rec.building else None
        assert 1 <= rec.unit <= (b.units if b else max(x.units for x in est.buildings.values()))
    assert rec.room is None or any(b.valid_room(rec.room) for b in est.buildings.values())
    assert rec.item is None or rec.item in est.items
    assert rec.place is None or rec.place in {p.name for p in est.places.values()}
    scores = [c.score for c in rec.candidates]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert set(rec.buildings) <= set(est.buildings) and not set(rec.unknown_buildings) & set(
        est.buildings
    )


# --- the patterns' guards (complaints/address.py) ---------------------------------------------

_GUARDED_TEXT = st.text(
    alphabet=st.sampled_from(
        list("0123456789٣१一二三十上下这本月日号年./- 楼层顶道梯 floorstndtopground北门垃圾站")
    ),
    max_size=30,
)


@given(_GUARDED_TEXT)
def test_the_guards_change_no_answer(text: str) -> None:
    from liuliqiao_cli.complaints import address

    assert address.date_spans(text) == [m.span() for m in address.DATES.compiled.finditer(text)]
    assert address.floors(text) == len(address.FLOOR.compiled.findall(text))
