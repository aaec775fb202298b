"""How wide a dossier's table columns are drawn in the printed formats (Word and HTML; Excel
measures with ``display_width``): a text's width as it prints, and column widths from content.

Apart from ``dossier_common`` because Markdown needs none of it; the one pattern whose class
holds every Chinese, kana and Korean range is compiled when first used, so that Excel, which
only needs ``display_width``, never compiles it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from liuliqiao_cli.lazy_re import LazyPattern
from liuliqiao_cli.render.text import cells


def display_width(text: str) -> int:
    """Columns a text needs (its widest line): East Asian wide and full-width characters count
    as two."""
    return max(cells(line) for line in text.split("\n"))


# Chinese, kana, Korean and full-width forms: one character class, compiled when first used
# (~2.5 ms: its ranges span 45,000 code points), from which the measures below are taken.
_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
_WIDE_CHAR = LazyPattern(f"[{_WIDE}]")

# Word and LibreOffice put a quarter of an em between Chinese and a Latin letter or digit ("1号楼5单元"
# prints as "1 号楼 5 单元"): half a display column per such boundary. Latin letters of a fallback
# font run wider than half an em (digits do not): a tenth more for each.
_LETTER = re.compile("[A-Za-z]")
_ALNUM_RUN = re.compile("[0-9A-Za-z]+")


def _spaced(line: str) -> int:
    """The boundaries between a wide character and a Latin letter or digit in ``line``: each run
    of letters and digits has one at its start after a wide character, one at its end before one.
    (Counted by a pattern, ``(?<=[W])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[W])``, it took a second
    class of every wide range to compile.)"""
    n = 0
    for m in _ALNUM_RUN.finditer(line):
        start, end = m.span()
        n += start > 0 and _WIDE_CHAR.match(line, start - 1) is not None
        n += _WIDE_CHAR.match(line, end) is not None
    return n


# Block elements (the bars of render/charts.py) are "ambiguous" width: a CJK font prints them an
# em wide, two display columns.
_BLOCK = re.compile("[\u2580-\u259f]")


def printed_width(text: str) -> float:
    """Display width of ``text``'s widest line as it prints, boundaries spaced."""
    widest = 0.0
    for line in text.split("\n"):
        width = display_width(line) + 0.1 * len(_LETTER.findall(line))
        if not line.isascii():
            width += len(_BLOCK.findall(line))
        if not line.isascii():
            width += 0.5 * _spaced(line)
        widest = max(widest, width)
    return widest


# A line may break between two Chinese characters, never inside a run of Latin letters and digits
# ("2026-11-19", "139****5678", "15/0/1"): the widest such run is as narrow as a column can get.
# A short line (a place, a status, an item: up to six Chinese characters) stays whole: "1号楼5单 /
# 元" and "已回访结 / 案" read badly.
_SHORT_LINE = 12
# Headings are set in bold, a little wider than the same text in regular weight.
_BOLD = 1.1
# A heading stays whole (a column headed "诉求编 / 号" reads as two words); it may only break at a
# space or before a parenthesis: "服务项目 / （管理方式）".
_HEADING_BREAK = re.compile(r"\s+|(?=[（(])")


def _measured(text: str, measure: Callable[[str], float]) -> tuple[float, float]:
    """(widest line, the narrowest a column holding ``text`` can be without breaking a word or a
    short line), each line measured once."""
    widest: float = 0
    least: float = 0
    for line in text.split("\n"):
        width = measure(line)
        widest = max(widest, width)
        if width > _SHORT_LINE:
            # the runs of neither spaces nor wide characters
            width = max((len(run) for run in _WIDE_CHAR.sub(" ", line).split()), default=0)
            width = max(width, 2 if not line.isascii() else 0)
        least = max(least, width)
    return widest, least


def heading_narrowest(text: str) -> int:
    """The narrowest a column headed ``text`` can be: its widest part between breaks."""
    return max((display_width(part) for part in _HEADING_BREAK.split(text) if part), default=0)


def heading_lines(text: str, width: float, measure: Callable[[str], float] = display_width) -> str:
    """A heading broken into lines ("\\n") that fit ``width``, only where a heading may break:
    left to Word, "服务项目（管理方式）" in a narrow column came out as "服务项目（管理方 / 式）"."""
    if measure(text) <= width:
        return text
    # Pieces that each start at a break: "Votes", " (for/against/abstain)".
    pieces = [p for p in re.findall(r"\s*[（(]?[^\s（(]*", text) if p]
    lines = [pieces[0]]
    for piece in pieces[1:]:
        if measure(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece.lstrip())
    return "\n".join(lines)


def column_widths(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    available: float,
    measure: Callable[[str], float] = display_width,
) -> list[float]:
    """Widths (in display columns, a Chinese character being two) for a table to fit in
    ``available`` columns, from its content: a column as wide as its longest line when they all
    fit; otherwise the short columns keep their width and the long ones (complaint text,
    history) share what is left in proportion to their length, each wrapping at its width. No
    column gets narrower than its heading or its longest unbreakable word unless even those
    cannot fit, and then all shrink alike. ``measure`` gives a text's width (its widest line)."""
    natural: list[float] = [_BOLD * measure(h) for h in header]
    floor: list[float] = [_BOLD * heading_narrowest(h) for h in header]
    seen: dict[str, tuple[float, float]] = {}  # most cells repeat: a status, a date, an item
    for row in rows:
        for i, value in enumerate(row):
            if value:
                got = seen.get(value)
                if got is None:
                    got = seen[value] = _measured(value, measure)
                if got[0] > natural[i]:
                    natural[i] = got[0]
                if got[1] > floor[i]:
                    floor[i] = got[1]
    natural = [max(n, f, 1) for n, f in zip(natural, floor, strict=True)]
    if sum(natural) <= available:
        return [float(n) for n in natural]
    if sum(floor) >= available:
        return [available * f / sum(floor) for f in floor]
    # Which columns are long: those above the water level, the largest cap with
    # sum(min(natural, max(cap, floor))) still within the available width (a binary search on a
    # monotone function) ...
    low, high = 0.0, float(max(natural))
    for _ in range(40):
        cap = (low + high) / 2
        if sum(min(n, max(cap, f)) for n, f in zip(natural, floor, strict=True)) <= available:
            low = cap
        else:
            high = cap
    widths = [float(n) for n in natural]
    long = {i for i, (n, f) in enumerate(zip(natural, floor, strict=True)) if n > max(low, f)}
    # ... then what the short ones leave goes to the long ones in proportion to their length,
    # a column that would fall under its floor held there (and the rest shared again).
    while long:
        budget = available - sum(w for i, w in enumerate(widths) if i not in long)
        share = budget / sum(natural[i] for i in long)
        held = {i for i in long if natural[i] * share < floor[i]}
        for i in long:
            widths[i] = floor[i] if i in held else natural[i] * share
        if not held:
            break
        long -= held
    return widths
