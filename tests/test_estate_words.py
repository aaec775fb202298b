"""The words an estate file gives the recogniser: per item ``keywords``, ``hints``, ``excludes``
and ``where``; the estate's place cues (``[recognition]``). Validated with line numbers; a file
without them still works; a ledger keeps them (and a ledger made before them still loads)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from liuliqiao_cli.errors import EstateError
from liuliqiao_cli.estate import definition, model

DEFAULT = definition.default_definition_text()

SMALL = """
[estate]
name = "测试小区"
[[companies]]
code = "alpha"
name = "甲物业"
[[buildings]]
number = 1
units = 2
company = "alpha"
[[items]]
code = "lights"
name = "照明"
scope = "separate"
keywords = ["楼道灯"]
"""


def _broken(old: str, new: str) -> str:
    assert old in DEFAULT
    return DEFAULT.replace(old, new, 1)


def test_default_estate_gives_every_item_words_and_a_place() -> None:
    d = definition.load_definition(DEFAULT)
    for item in d.items:
        assert item.where in model.WHERES
        if item.code != "other":
            assert item.keywords, item.code
    lighting = next(i for i in d.items if i.code == "stair_lighting")
    assert lighting.where == "building" and "路灯" in lighting.excludes and "不亮" in lighting.hints
    assert "楼道" in d.cues.inside and "路边" in d.cues.outside


def test_packaged_cues_are_the_defaults_for_files_without_them() -> None:
    """The code's defaults (for estate files and ledgers without [recognition]) are the
    packaged file's lists: one list, written twice, kept equal here."""
    assert definition.load_definition(DEFAULT).cues == model.Cues()


def test_file_without_the_new_fields_still_loads() -> None:
    d = definition.load_definition(SMALL)
    (item,) = d.items
    assert (item.keywords, item.hints, item.excludes, item.where) == (
        ("楼道灯",),
        (),
        (),
        "anywhere",
    )
    assert d.cues == model.Cues()


@pytest.mark.parametrize(
    "text, key, line_hint",
    [
        (
            _broken('where = "grounds"', 'where = "outdoors"'),
            "estate.bad_where",
            'where = "outdoors"',
        ),
        (
            _broken('hints = ["晒", "被子", "铁丝", "clothes"]', 'hints = "晒"'),
            "estate.bad_words",
            "hints",
        ),
        (
            _broken('hints = ["晒", "被子", "铁丝", "clothes"]', 'hints = ["晒", 3]'),
            "estate.bad_words",
            "hints",
        ),
        (
            _broken('hints = ["晒", "被子", "铁丝", "clothes"]', 'hints = ["晒", " "]'),
            "estate.bad_word",
            '" "',
        ),
        (
            _broken('hints = ["晒", "被子", "铁丝", "clothes"]', 'hints = ["晒", "晒*"]'),
            "estate.bad_word",
            '"晒*"',
        ),
        (
            _broken('hints = ["晒", "被子", "铁丝", "clothes"]', 'hints = ["晒", "a*b*c"]'),
            "estate.bad_word",
            '"a*b*c"',
        ),
        (
            _broken('"路灯", "路灯杆", "灯杆", "轿厢"', '"路灯", "声控灯"'),
            "estate.word_excludes_itself",
            "excludes",
        ),
        (_broken('    "楼道", "楼道里",', '    "楼道", "路边",'), "estate.cue_twice", '"路边"'),
        (
            _broken('    "楼道", "楼道里",', '    "楼道", "楼道*里",'),
            "estate.bad_word",
            '"楼道*里"',
        ),
        (
            _broken("[recognition]\ninside = [", "[recognition]\ninside = 3\nx = ["),
            "estate.bad_words",
            "inside",
        ),
    ],
)
def test_bad_words_are_refused_with_their_line(text: str, key: str, line_hint: str) -> None:
    with pytest.raises(EstateError) as err:
        definition.load_definition(text, source="x.toml")
    assert err.value.key == key
    assert "x.toml" in str(err.value)
    line = err.value.params["line"]
    assert line > 0 and line_hint in text.splitlines()[line - 1]


def test_a_word_listed_in_one_item_is_found_in_that_item() -> None:
    """ "垃圾" is a keyword of garbage long before pipes; a bad hint of pipes names pipes' line."""
    text = _broken('"返味", "渗水"', '"返味", "", "渗水"')
    with pytest.raises(EstateError) as err:
        definition.load_definition(text)
    line = err.value.params["line"]
    code_line = text.splitlines().index('code = "pipes"') + 1
    assert line > code_line and '""' in text.splitlines()[line - 1]


def _ledger(tmp_path, text: str) -> sqlite3.Connection:
    from liuliqiao_cli.store import ledger

    conn, _ = ledger.create_ledger(tmp_path / "l.db")
    ledger.migrate(conn)
    with ledger.transaction(conn):
        model.install(conn, definition.load_definition(text), now=datetime(2026, 11, 27))
    return conn


def test_ledger_keeps_the_words(tmp_path) -> None:
    conn = _ledger(tmp_path, DEFAULT)
    try:
        est = model.load(conn)
    finally:
        conn.close()
    d = definition.load_definition(DEFAULT)
    assert est.cues == d.cues
    assert list(est.items.values()) == d.items


def test_ledger_made_before_the_words_loads_with_defaults(tmp_path) -> None:
    conn = _ledger(tmp_path, DEFAULT)
    try:
        with conn:
            conn.execute("DELETE FROM settings WHERE key = ?", (model.RECOGNITION_SETTING,))
        est = model.load(conn)
    finally:
        conn.close()
    assert est.cues == model.Cues()
    lighting = est.items["stair_lighting"]
    assert lighting.keywords and (lighting.hints, lighting.excludes, lighting.where) == (
        (),
        (),
        "anywhere",
    )
