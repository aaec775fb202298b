"""Pinyin initials of the estate's words, for completion: ``ljz`` finds 垃圾站, ``ypd`` 已派单.

No pinyin library: the 3,755 common characters of GB2312 (level 1) are ordered by their pinyin,
so the initial of such a character is where its code falls among 23 boundaries (the classic
table below). Characters outside level 1 that the estate's vocabulary uses, and polyphonic
characters whose reading there is not their first one (重新 is chóng, not zhòng), are in two
small tables; tests/test_completion.py checks that every Chinese character of the default
vocabulary has an initial. A character with none (a rare one in an estate file of another
estate) makes the word unmatchable by initials, never an error.
"""

from __future__ import annotations

from bisect import bisect_right

# First GB2312 code of each initial's run (level 1 ends at 0xD7F9). No words start with i, u, v.
_BOUNDARIES = (
    (0xB0A1, "a"),
    (0xB0C5, "b"),
    (0xB2C1, "c"),
    (0xB4EE, "d"),
    (0xB6EA, "e"),
    (0xB7A2, "f"),
    (0xB8C1, "g"),
    (0xB9FE, "h"),
    (0xBBF7, "j"),
    (0xBFA6, "k"),
    (0xC0AC, "l"),
    (0xC2E8, "m"),
    (0xC4C3, "n"),
    (0xC5B6, "o"),
    (0xC5BE, "p"),
    (0xC6DA, "q"),
    (0xC8BB, "r"),
    (0xC8F6, "s"),
    (0xCBFA, "t"),
    (0xCDDA, "w"),
    (0xCEF4, "x"),
    (0xD1B9, "y"),
    (0xD4D1, "z"),
)
_STARTS = [code for code, _ in _BOUNDARIES]
_LAST = 0xD7F9

# Characters of the vocabulary outside GB2312 level 1 (sorted by radical there, not by sound).
_RARE = {"窨": "y", "篦": "b", "蟑": "z", "螂": "l", "吆": "y"}
# Words whose polyphonic character is read otherwise than its first reading in GB2312.
_WORDS = {"重新": "cx", "重复": "cf", "调班": "tb", "空调": "kt"}


def initial(ch: str) -> str | None:
    """The pinyin initial of one Chinese character (``垃`` -> ``l``), None when unknown; an ASCII
    letter or digit is its own initial."""
    if ch.isascii():
        return ch.lower() if ch.isalnum() else None
    if ch in _RARE:
        return _RARE[ch]
    try:
        code = ch.encode("gb2312")
    except UnicodeEncodeError:
        return None
    if len(code) != 2:
        return None
    value = code[0] << 8 | code[1]
    if value < _STARTS[0] or value > _LAST:
        return None
    return _BOUNDARIES[bisect_right(_STARTS, value) - 1][1]


def initials(text: str) -> str | None:
    """``垃圾站`` -> ``ljz``, ``重新办理`` -> ``cxbl``; None when a character has no initial (or
    the text is plain ASCII: it is typed as it is)."""
    if text.isascii():
        return None
    out = []
    i = 0
    while i < len(text):
        for word, spelled in _WORDS.items():
            if text.startswith(word, i):
                out.append(spelled)
                i += len(word)
                break
        else:
            ch = text[i]
            i += 1
            if ch.isspace() or ch in "-_/·（）()":
                continue
            found = initial(ch)
            if found is None:
                return None
            out.append(found)
    return "".join(out)
