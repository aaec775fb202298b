"""render/text.py: the one measure of display width and the one escaping of control characters;
render/plain.cut, which cuts text to a width by the same measure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liuliqiao_cli.render.plain import cut
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


# --- the display width measured in C: the same cells as the per-character loop it replaced -----


def cells_before(text: str) -> int:
    """render.text.cells as it was: one unicodedata lookup per character, in Python."""
    import unicodedata

    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def cut_before(text: str, room: int) -> str:
    """render.plain.cut as it was: a Python step per character up to the room."""
    from unicodedata import east_asian_width

    if 2 * len(text) <= room or (len(text) <= room and text.isascii()):
        return text
    used, end, fits = 0, 0, -1
    for index, ch in enumerate(text):
        width = 1 if ch < "\u1100" else (2 if east_asian_width(ch) in ("W", "F") else 1)
        if used + width > room:
            break
        used += width
        end = index + 1
        if used <= room - 3:
            fits = end
    else:
        return text
    return text[: max(fits, 0)] + "..."


def _from(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(chr)


# What residents' texts and hostile input hold: ASCII, CJK and its punctuation, full- and
# half-width forms, Hangul, emoji (wide and not), combining marks, control and format
# characters, lone surrogates (undecodable bytes), unassigned code points (which unicodedata
# calls full-width, and cut has always counted as one cell below U+1100), and anything else.
CHARACTERS = st.one_of(
    _from(0x20, 0x7E),
    _from(0x00, 0x1F),
    _from(0x7F, 0x9F),
    _from(0x4E00, 0x9FFF),
    _from(0x3000, 0x303F),
    _from(0xFF00, 0xFFEF),
    _from(0xAC00, 0xD7A3),
    _from(0x1F300, 0x1FAFF),
    _from(0x2600, 0x27BF),
    _from(0x0300, 0x036F),
    _from(0x200B, 0x206F),
    _from(0xD800, 0xDFFF),
    st.sampled_from(
        ["\u0378", "\u0590", "\u0e5c", "\u10c6", "\U000e0080", "\uffff", "…", "·", "①"]
    ),
    st.characters(),
)
TEXTS = st.text(CHARACTERS, max_size=120)


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_cells_as_before(text: str) -> None:
    assert cells(text) == cells_before(text)


@settings(max_examples=1000, deadline=None)
@given(TEXTS, st.integers(-3, 130))
def test_cut_as_before(text: str, room: int) -> None:
    assert cut(text, room) == cut_before(text, room)


def test_every_character_of_the_basic_planes_measures_as_before() -> None:
    """All of U+0000 to U+FFFF and the CJK extension planes, each alone and twice (kept)."""
    for code in (*range(0x10000), *range(0x20000, 0x20100), *range(0xE0000, 0xE0200)):
        ch = chr(code)
        for _ in range(2):  # looked up, then kept
            assert cells(ch) == cells_before(ch), hex(code)
            assert cut(ch * 3, 4) == cut_before(ch * 3, 4), hex(code)


def test_every_unsafe_character_is_one_isprintable_refuses() -> None:
    """GuardedStream writes text that str.isprintable passes (line breaks and tabs aside)
    without compiling its patterns: that holds only while no UNSAFE character is printable."""
    import re

    from liuliqiao_cli.render.text import UNSAFE

    unsafe = re.compile(UNSAFE)
    for code in range(0x110000):
        ch = chr(code)
        if unsafe.match(ch):
            assert not ch.isprintable(), hex(code)


# What a terminal is sent besides text: styles, cursor moves and erasing, string commands (a
# window title, the clipboard), a lone or broken escape, and those cut by a CR or a line break.
SEQUENCES = st.sampled_from(
    [
        "\x1b[31m",
        "\x1b[0;1;7m",
        "\x1b[m",
        "\x1b[2K",
        "\x1b[?25l",
        "\x1b[8A",
        "\x1b[6n",
        "\x1b]0;title\x07",
        "\x1b]52;c;aGk=\x1b\\",
        "\x1b",
        "\x1b[",
        "\x1b[31",
        "\x1b\r[31m",
        "\x1b\n[1m",
        "\x1b\x1b[31m[32m",
        "\r",
        "\x08",
        "\r\n",
        "\n",
        "\t",
        "\ufeff",
        "\x9b31m",
    ]
)
WRITES = st.lists(st.one_of(CHARACTERS, SEQUENCES), max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.lists(WRITES, max_size=4), st.sampled_from(["pipe", "terminal", "drawing"]))
def test_the_gate_escapes_as_its_patterns_do(writes: list[str], kind: str) -> None:
    """The guarded stream's output is its pattern applied to every write, as before printable
    writes skipped it."""
    import io
    import re

    from liuliqiao_cli.render import text as rtext

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return kind != "pipe"

    out = Terminal()
    stream = rtext.GuardedStream(out, drawing=kind == "drawing")
    pattern = re.compile(stream._pattern)  # the pipe's, the terminal's or the drawing side's
    expected, started, pending = [], False, ""
    for piece in writes:
        stream.write(piece)
        piece, pending = pending + piece, ""
        if piece.endswith("\r"):
            piece, pending = piece[:-1], "\r"
        if started and piece.startswith("\ufeff"):
            piece = rtext.json_escape("\ufeff") + piece[1:]
        started = started or bool(piece)
        expected.append(pattern.sub(rtext._escape, piece))
    stream.flush()
    if pending:
        expected.append(pattern.sub(rtext._escape, pending))
    assert out.getvalue() == "".join(expected)
