"""The estate definition (TOML), its validation, and resolving what a worker types."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import dump

from liuliqiao_cli.errors import EstateError, UsageError
from liuliqiao_cli.estate import definition, model, resolve

DEFAULT = definition.default_definition_text()


def test_default_is_the_estate_of_the_brief() -> None:
    d = definition.load_definition(DEFAULT)
    assert d.info["name"] == "望园西里北区"
    assert [(b.number, b.company) for b in d.buildings] == [
        (1, "shouhua"),
        (2, "shouhua"),
        (3, "chengjian"),
        (4, "chengjian"),
    ]
    assert sum(b.households for b in d.buildings) == 240
    assert sum(b.units for b in d.buildings) == 20
    assert d.rotation is not None
    assert (d.rotation.handover_month, d.rotation.handover_day) == (3, 1)
    assert d.rotation.order == ("shouhua", "chengjian")
    assert d.rotation.effective_from.isoformat() == "2023-03-01"
    scopes = {i.code: i.scope for i in d.items}
    for joint in (
        "garbage",
        "greenery",
        "parking",
        "drying",
        "garden",
        "benches",
        "public_cleaning",
    ):
        assert scopes[joint] == "joint"
    for separate in ("stair_cleaning", "stair_lighting", "pipes", "roof", "unit_door", "fees"):
        assert scopes[separate] == "separate"
    # added for the problems the first list lacked (the TOML says why each scope)
    for joint in (
        "fire_lane",
        "noise",
        "security",
        "manholes",
        "parcel_lockers",
        "illegal_building",
        "water_supply",
        "pests",
    ):
        assert scopes[joint] == "joint"
    for separate in ("lift", "heating", "facade", "renovation", "flying_cables"):
        assert scopes[separate] == "separate"
    assert d.items[-1].code == "other"
    keywords = [k for i in d.items for k in i.keywords]
    assert len(keywords) == len(set(keywords)), "a keyword names two items"


def _broken(old: str, new: str, count: int = 1) -> str:
    assert old in DEFAULT
    return DEFAULT.replace(old, new, count)


@pytest.mark.parametrize(
    "text, key, line_hint",
    [
        (DEFAULT + "\n[[buildings]\n", "estate.toml_syntax", None),
        (
            _broken('company = "chengjian"', 'company = "beijing"'),
            "estate.unknown_company",
            'company = "beijing"',
        ),
        (_broken('scope = "separate"', 'scope = "sometimes"'), "estate.bad_scope", None),
        (_broken('handover = "03-01"', 'handover = "03-30"'), "estate.bad_rotation", "handover"),
        (_broken('handover = "03-01"', 'handover = "13-01"'), "estate.bad_rotation", "handover"),
        (
            _broken('order = ["shouhua", "chengjian"]', 'order = ["shouhua", "shouhua"]'),
            "estate.bad_rotation",
            "order",
        ),
        (_broken('order = ["shouhua", "chengjian"]', "order = []"), "estate.bad_rotation", "order"),
        (
            _broken('order = ["shouhua", "chengjian"]', 'order = ["shouhua", "wanke"]'),
            "estate.unknown_company",
            None,
        ),
        (_broken("number = 2", "number = 1"), "estate.duplicate", "number = 1"),
        (_broken('code = "chengjian"', 'code = "shouhua"'), "estate.duplicate", None),
        (_broken('code = "greenery"', 'code = "garbage"'), "estate.duplicate", None),
        (
            _broken("resolve_workdays = 10", "resolve_workdays = 0"),
            "estate.bad_limit",
            "resolve_workdays = 0",
        ),
    ],
)
def test_inconsistent_estates_are_refused_with_line(
    text: str, key: str, line_hint: str | None
) -> None:
    with pytest.raises(EstateError) as err:
        definition.load_definition(text, source="x.toml")
    assert err.value.key == key
    message = str(err.value)
    assert "x.toml" in message
    if line_hint:
        line = err.value.params["line"]
        assert line > 0
        assert line_hint in text.splitlines()[line - 1]


def test_item_without_scope_refused() -> None:
    text = _broken('scope = "separate"\nrespond_hours = 12', "respond_hours = 12")
    with pytest.raises(EstateError) as err:
        definition.load_definition(text)
    assert err.value.key == "estate.bad_scope"
    assert err.value.params["item"] == "pipes"


def test_init_with_estate_file(cli, tmp_path: Path, isolated: Path) -> None:
    small = tmp_path / "small.toml"
    small.write_text(
        """
[estate]
name = "测试小区"
[[companies]]
code = "alpha"
name = "甲物业"
[[buildings]]
number = 7
units = 2
company = "alpha"
[[items]]
code = "lights"
name = "照明"
scope = "separate"
[rotation]
handover = "07-15"
order = ["alpha"]
from = 2024-07-15
""",
        encoding="utf-8",
    )
    result = cli("init", "--estate", str(small))
    assert result.exit_code == 0, result.stderr
    out = cli("estate", "--format", "json").stdout
    assert '"测试小区"' in out and '"number": 7' in out


@pytest.mark.parametrize(
    "content", ['[estate\nname = "x"', '[estate]\nname = "x"\n[[companies]]\ncode = "a"\n']
)
def test_init_with_bad_estate_creates_nothing(
    cli, tmp_path: Path, isolated: Path, content: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    result = cli("init", "--estate", str(bad))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "bad.toml" in result.stderr
    assert not isolated.exists()


def test_init_with_missing_estate_file(cli, tmp_path: Path, isolated: Path) -> None:
    result = cli("init", "--estate", str(tmp_path / "nope.toml"))
    assert result.exit_code in (1, 2)
    assert not isolated.exists()


def test_init_on_existing_ledger_with_estate_changes_nothing(cli, db: Path, tmp_path: Path) -> None:
    before = dump(db)
    assert cli("init").exit_code == 0
    assert dump(db) == before


@pytest.mark.parametrize(
    "typed, number", [("3", 3), ("3号楼", 3), ("3号", 3), ("三号楼", 3), (" 4栋 ", 4), ("1", 1)]
)
def test_resolve_building(conn, typed: str, number: int) -> None:
    assert resolve.resolve_building(model.load(conn), typed) == number


@pytest.mark.parametrize("typed", ["5", "5号楼", "0", "abc", "", "3单元"])
def test_unknown_building_suggests(conn, typed: str) -> None:
    with pytest.raises(UsageError) as err:
        resolve.resolve_building(model.load(conn), typed)
    assert "1号楼" in str(err.value) and "4号楼" in str(err.value)


@pytest.mark.parametrize(
    "typed", ["shouhua", "首华", "首华物业", "SHOUHUA", "Shouhua Property", "首华物业公司"]
)
def test_resolve_company(conn, typed: str) -> None:
    assert resolve.resolve_company(model.load(conn), typed) == "shouhua"


def test_unknown_company_suggests_close_match(conn) -> None:
    with pytest.raises(UsageError) as err:
        resolve.resolve_company(model.load(conn), "shouhau")
    assert "shouhua" in str(err.value)
    assert err.value.key == "value.unknown_suggest"


@pytest.mark.parametrize(
    "typed, code", [("garbage", "garbage"), ("垃圾桶站", "garbage"), ("Roof leaks", "roof")]
)
def test_resolve_item(conn, typed: str, code: str) -> None:
    assert resolve.resolve_item(model.load(conn), typed) == code


def test_rooms_validated_against_building(conn) -> None:
    b = model.load(conn).buildings[3]
    assert b.valid_room("101") and b.valid_room("602")
    assert not b.valid_room("603") and not b.valid_room("701") and not b.valid_room("100")
    assert not b.valid_room("abc")
