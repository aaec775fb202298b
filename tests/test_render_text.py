"""render/text.py: the one measure of display width and the one escaping of control characters."""

from __future__ import annotations

import pytest

from liuliqiao_cli.render.text import cells, visible


@pytest.mark.parametrize(
    "text,width",
    [
        ("", 0),
        ("abc", 3),
        ("城建物业", 8),
        ("3号楼2单元", 10),
        ("ＡＢ", 4),  # full-width Latin
        ("ｶﾀｶﾅ", 4),  # half-width katakana
        ("a\tb", 3),  # a control character counts one cell once escaped or not
    ],
)
def test_cells(text: str, width: int) -> None:
    assert cells(text) == width


@pytest.mark.parametrize(
    "text,kept,escaped",
    [
        (None, "", ""),
        (502, "502", "502"),
        ("北门垃圾站满了", "北门垃圾站满了", "北门垃圾站满了"),
        ("a\x07b", "a\\x07b", "a\\x07b"),
        ("\x1b[31mred", "\\x1b[31mred", "\\x1b[31mred"),
        ("tab\there", "tab\\there", "tab\\there"),
        ("two\nlines", "two\nlines", "two\\nlines"),
        ("cr\r\n", "cr\\r\n", "cr\\r\\n"),
        ("\u202eabc", "\\u202eabc", "\\u202eabc"),
    ],
)
def test_visible_newlines_is_the_only_choice(text: object, kept: str, escaped: str) -> None:
    assert visible(text, newlines=True) == kept
    assert visible(text, newlines=False) == escaped
