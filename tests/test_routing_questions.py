"""Right, or it asks: what recognition leaves to the worker before a text is routed (issue 14).

``routing.questions`` lists what must be chosen; ``routing.ensure_settled`` raises the first as
``NeedsChoice`` (a usage error: exit 2, one line per choice) for a script with no terminal."""

from __future__ import annotations

import pytest

from liuliqiao_cli.complaints import routing
from liuliqiao_cli.complaints.recognise import recognise
from liuliqiao_cli.errors import ExitStatus, UsageError
from liuliqiao_cli.estate import definition, model
from liuliqiao_cli.i18n import t


@pytest.fixture(scope="module")
def est() -> model.Estate:
    return definition.as_estate(definition.load_definition(definition.default_definition_text()))


def ask(est, text, **typed):
    return routing.questions(est, recognise(est, text), **typed)


@pytest.mark.parametrize(
    "text",
    [
        "3号楼2单元楼道灯坏了好几天",  # separate item, building said
        "北门垃圾站满了没人清",  # joint item
        "说不清楚的事情",  # nothing recognised, nothing about a building: the fallback item
        "隔壁5号楼的人总把车停到我们停车场",  # joint: the missing building does not matter
    ],
)
def test_nothing_to_ask(est, text) -> None:
    assert ask(est, text) == ()
    routing.ensure_settled(est, recognise(est, text))


def test_two_items_close_ask_which(est) -> None:
    (q,) = ask(est, "快递柜放在消防通道上了")
    assert (q.what, q.key) == ("item", "ask.item_close")
    assert {c.value for c in q.choices} == {"parcel_lockers", "fire_lane"}
    assert ask(est, "快递柜放在消防通道上了", item="fire_lane") == ()


def test_an_item_out_of_place_asks(est) -> None:
    """Even the best candidate cannot be where the text is (building pipes in the garden)."""
    (q,) = ask(est, "共享花园的水管被人剪断了")
    assert q.what == "item" and "garden" in {c.value for c in q.choices}


def test_unknown_item_inside_a_building_asks(est) -> None:
    (q,) = ask(est, "楼道里有人养鸽子，满地鸽子粪")
    assert (q.what, q.key) == ("item", "ask.item_inside")
    values = {c.value for c in q.choices}
    assert {"stair_cleaning", "pipes", "other"} <= values and "garbage" not in values


def test_separate_item_without_building_asks_which_building(est) -> None:
    (q,) = ask(est, "楼道灯又不亮了")
    assert (q.what, q.key) == ("building", "ask.building_missing")
    assert [c.value for c in q.choices] == ["1", "2", "3", "4"]
    assert ask(est, "楼道灯又不亮了", building=2) == ()


def test_a_building_the_estate_lacks_is_named(est) -> None:
    (q,) = ask(est, "5号楼楼道灯坏了")
    assert (q.what, q.key) == ("building", "ask.building_unknown")
    assert q.params["named"] == "5" and q.params["count"] == 4
    message = t(q.key, "zh", **q.params, choices="")
    assert "没有5号楼" in message
    assert "no building 5" in t(q.key, "en", **q.params, choices="")


def test_several_buildings_for_a_separate_item(est) -> None:
    (q,) = ask(est, "2号楼和3号楼的楼道灯都坏了")
    assert (q.what, q.key) == ("building", "ask.building_several")
    assert [c.value for c in q.choices] == ["2", "3"]


def test_the_building_is_asked_once_the_item_is_settled(est) -> None:
    """Close items, one of them separate: the item first; then, answered, the building."""
    text = "装修工人把水泥倒进下水道了，楼下堵了"
    (q,) = ask(est, text)
    assert q.what == "item" and {"renovation", "pipes"} <= {c.value for c in q.choices}
    (q,) = ask(est, text, item="renovation")
    assert q.what == "building"
    assert ask(est, text, item="renovation", building=3) == ()


def test_ensure_settled_raises_needs_choice_with_one_line_per_choice(est) -> None:
    rec = recognise(est, "楼道灯又不亮了")
    with pytest.raises(routing.NeedsChoice) as err:
        routing.ensure_settled(est, rec)
    assert isinstance(err.value, UsageError) and err.value.exit_status == ExitStatus.USAGE
    assert err.value.question.what == "building"
    # the choices are written in the current language, as the CLI shows the message
    lines = t(err.value.key, **err.value.params).splitlines()
    assert len(lines) == 1 + 4
    assert lines[1].split() == ["1.", "1", t("ask.building_label", number=1)]


def test_notes_name_a_missing_building(est) -> None:
    rec = recognise(est, "隔壁5号楼的人总把车停到我们停车场")
    ((key, params),) = routing.notes(est, rec)
    assert key == "recognise.no_such_building" and params["named"] == "5"
    assert routing.notes(est, recognise(est, "3号楼楼道灯坏了")) == ()


def test_route_keeps_its_contract(est) -> None:
    """Existing callers: route() still refuses a separate item without a building itself."""
    with pytest.raises(UsageError) as err:
        routing.route(est, "fees", None, __import__("datetime").date(2026, 11, 27), [])
    assert err.value.key == "route.separate_needs_building"


def test_the_worker_answers_by_number_value_or_label(est) -> None:
    from liuliqiao_cli.complaints.typed_input import answer_question

    (q,) = ask(est, "快递柜放在消防通道上了")
    first, second = q.choices[0].value, q.choices[1].value
    assert answer_question(q, "2") == second
    assert answer_question(q, f" {first.upper()} ") == first
    assert answer_question(q, est.item_name(second)) == second
    with pytest.raises(UsageError) as err:
        answer_question(q, "9")
    assert err.value.key in ("value.unknown", "value.unknown_suggest")
    (b,) = ask(est, "2号楼和3号楼的楼道灯都坏了")
    assert answer_question(b, "2") == "2"  # a building's number is the building, not the 2nd choice
    assert answer_question(b, "1") == "2"  # not a building offered: the first choice
    assert answer_question(b, t("ask.building_label", number=3)) == "3"


def test_a_typed_unit_may_be_written_as_a_door(est) -> None:
    from liuliqiao_cli.complaints.typed_input import check_place

    assert check_place(est, 3, "2门", None) == (2, None)
