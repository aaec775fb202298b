"""Recognition of place and item in a complaint's text.

``recognise`` reads what a resident said ("3号楼2单元502楼道灯坏了") and proposes building, unit,
room, public place and service item, with the scores behind the item so that the caller can ask
when two items are close (:func:`liuliqiao_cli.complaints.routing.questions`). Only values that
exist in the estate are proposed: "9号楼" in an estate of 4 buildings is left unrecognised and
reported in ``unknown_buildings``.

How the text is read, in order:

1. **Normalised**: full-width letters and digits to ASCII, lower case, runs of spaces to one.
2. **Dates blanked** (11月3号, 上月5号, 3号下午, 2026-11-03), so that "11月3号楼道灯坏了" names no
   building.
3. **Addresses read and blanked**: 3号楼 / 3栋 / 3幢 / 3#楼 / 三号楼 / building 3, units (2单元,
   "3栋2门", unit 2), rooms (502室, the number after a unit, room 502) and the compact forms
   3-2-502 and 3#2-502. Blanking them keeps "2单元门口" from reading as 单元门 (the unit door).
4. **Tokenised** over the estate's vocabulary (item words, public places, place cues) by
   dynamic programming: the cut that leaves the fewest characters unmatched, then the fewest
   words, so that 卫生间 is one word (not 卫生, cleaning) and 电动车充电桩 is 电动车 + 充电桩.
   English words match whole words, with plural and -ed/-ing endings.
5. **Scored**: each item adds its words — a keyword 2, a hint 1 (0.5 for a one-character hint),
   a public place whose name holds one of its keywords 0.5 (垃圾站 -> garbage) — each word once.
   Words outside the first clause that says anything count less: the subject of a complaint
   comes first, consequences and asides after ("垃圾桶满了，苍蝇嗡嗡的" is about the bins). An
   item an ``excludes`` word rules out drops. An item that cannot be where the text's place cues
   put the complaint (a stairwell vs the common ground) counts less: "楼道里有辆破自行车" is
   clutter in a stairwell, not parking order.

The scores are relative: ``close`` says the runner-up has at least ``CLOSE`` of the best score,
and then the tool must ask rather than guess.
"""

from bisect import bisect_right
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from liuliqiao_cli.complaints.address import (
    blank,
    date_spans,
    floors,
    normalise,
    read_address,
)
from liuliqiao_cli.estate.model import Cues, Estate, Item, Place
from liuliqiao_cli.lazy_re import LazyPattern

KEYWORD = 2.0


HINT = 1.0


SHORT_HINT = 0.5  # a one-character hint (灯, 堵, 脏) says little on its own


PLACE_HINT = 0.5  # a public place whose name holds an item's keyword (垃圾站, 停车场)


LATER_CLAUSE = 0.6  # evidence after the first clause that has any


ELSEWHERE = 0.25  # an item that cannot be where the text puts the complaint


PASSING = 0.5  # a word mentioned in passing: an agent, a modifier (see _weigh)


CLOSE = 0.75  # a runner-up with this share of the best score is too close to call


ASK_AT_MOST = 4  # candidates offered when the tool asks


GAP = 6  # the most characters between the two parts of an "A*B" word


_PASSIVE = LazyPattern(r"被|让(?!人)|\bby\b")


_CLAUSE_BREAK = LazyPattern(r"[,，。;；!！?？:：\n()（）]|\.(?=\s|$)")


_WORD_EN = LazyPattern(r"[a-z0-9]+(?:'[a-z]+)?")
# Each of these patterns runs only on a text that holds its marks: a short Chinese text (楼道灯坏了)
# compiles none of them (lazy_re), ~0.3 ms of an `add`.
_BREAK_MARKS = ",，。;；!！?？:：\n()（）."


def _latin(text: str) -> bool:
    """Whether :data:`_WORD_EN` can match (``text`` is lower case)."""
    return any("a" <= ch <= "z" or "0" <= ch <= "9" for ch in text)


_ENDINGS = ("s", "es", "ed", "ing", "'s")


# NamedTuples, not frozen dataclasses: a frozen dataclass costs ~0.5 ms to define, on every
# ``add``'s start-up; a NamedTuple a fifth of that.


class Candidate(NamedTuple):
    """An item the text may be about, its score and the words behind it."""

    item: str
    score: float
    words: tuple[str, ...]
    elsewhere: bool = False  # the item cannot be where the text puts the complaint


class Recognised(NamedTuple):
    """What the text suggests. ``found`` names the fields read from the text; ``matched`` holds
    the fragment of text behind each, so the worker sees why. ``candidates`` are the items with
    any evidence, best first (``item`` is the first); ``setting`` is where the place cues put
    the complaint ("building" or "grounds", None when they say nothing or disagree);
    ``indoors`` that some cue says inside a building, even against others."""

    building: int | None = None
    unit: int | None = None
    room: str | None = None
    place: str | None = None
    item: str | None = None
    found: frozenset[str] = frozenset()
    matched: Mapping[str, str] = MappingProxyType({})  # read-only: the default is shared
    candidates: tuple[Candidate, ...] = ()
    setting: str | None = None
    indoors: bool = False  # some word puts the complaint inside a building (楼道, 家里, 三楼)
    buildings: tuple[int, ...] = ()  # every building of the estate named, in order
    unknown_buildings: tuple[int, ...] = ()  # buildings named that the estate does not have
    unknown_unit: str | None = None  # "6单元" written plainly, that the building does not have
    unknown_room: str | None = None  # "2单元903", "903室": a room the building does not have

    @property
    def score(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0

    @property
    def runner_up(self) -> Candidate | None:
        return self.candidates[1] if len(self.candidates) > 1 else None

    @property
    def close(self) -> tuple[Candidate, ...]:
        """The candidates too close to the best to choose silently (empty when it is clear):
        those with ``CLOSE`` of the best score; or, when even the best cannot be where the text
        puts the complaint (a stairwell item on the common ground), the best few."""
        if len(self.candidates) < 2:
            return ()
        best = self.candidates[0]
        if best.elsewhere:
            return self.candidates[:ASK_AT_MOST]
        near = tuple(c for c in self.candidates if c.score >= CLOSE * best.score)
        return near[:ASK_AT_MOST] if len(near) > 1 else ()


class _Entry:
    """What one word of the vocabulary says: items (with weights), items it rules out, a public
    place, a place cue."""

    __slots__ = ("items", "excludes", "place", "cue", "strong")

    def __init__(self) -> None:
        self.items: dict[str, float] = {}
        self.excludes: set[str] = set()
        self.place: str | None = None
        self.cue: str | None = None
        self.strong = False  # a keyword or a place: preferred when cutting the text (_tokens)


class _Gap(NamedTuple):
    """An "A*B" word: A, then B at most ``GAP`` characters later in the same clause."""

    first: str
    second: str
    item: str
    weight: float  # 0 for an exclude

    def find(self, text: str) -> list[tuple[int, str]]:
        """(start, matched text) of each occurrence."""
        out = []
        at = text.find(self.first)
        while at >= 0:
            after = at + len(self.first)
            end = text.find(self.second, after, after + GAP + len(self.second))
            if end >= 0 and not _CLAUSE_BREAK.search(text, after, end):
                out.append((at, text[at : end + len(self.second)]))
            at = text.find(self.first, at + 1)
        return out


class _Vocabulary(NamedTuple):
    words: dict[str, _Entry]
    longest: int  # the longest word that is not ASCII
    gaps: tuple[_Gap, ...]
    wheres: dict[str, str]
    order: dict[str, int]


def _vocabulary(estate: Estate) -> _Vocabulary:
    return _compile(tuple(estate.items.values()), tuple(estate.places.values()), estate.cues)


@lru_cache(maxsize=8)
def _compile(items: tuple[Item, ...], places: tuple[Place, ...], cues: Cues) -> _Vocabulary:
    # Written as plain loops (no helper per word): ~800 words are compiled on every `add`.
    words: dict[str, _Entry] = {}
    gaps: list[_Gap] = []
    for item in items:
        code = item.code
        for weight, group in (
            (KEYWORD, (item.name, *item.keywords)),
            (HINT, item.hints),
            (0.0, item.excludes),
        ):
            for word in group:
                if "*" in word:
                    first, second = (p.strip().lower() for p in word.split("*"))
                    gaps.append(_Gap(first, second, code, weight))
                    continue
                key = word.lower()
                e = words.get(key)
                if e is None:
                    e = words[key] = _Entry()
                if not weight:
                    e.excludes.add(code)
                    continue
                if weight == HINT and len(word) == 1 and not word.isascii():
                    weight_here = SHORT_HINT
                else:
                    weight_here = weight
                if e.items.get(code, 0.0) < weight_here:
                    e.items[code] = weight_here

    def entry(word: str) -> _Entry:
        key = word.lower()
        found = words.get(key)
        if found is None:
            found = words[key] = _Entry()
        return found

    named_by: dict[str, set[str]] = {}  # keyword -> items, to find keywords inside place names
    for item in items:
        for word in item.keywords:
            if len(word) > 1 and not word.isascii():
                named_by.setdefault(word, set()).add(item.code)
    for place in places:
        for spelling in (place.name, *place.aliases):
            e = entry(spelling)
            e.place = place.name
            n = len(spelling)
            for i in range(n):
                for j in range(i + 2, n + 1):
                    for code in named_by.get(spelling[i:j], ()):
                        if e.items.get(code, 0.0) < PLACE_HINT:
                            e.items[code] = PLACE_HINT
    for e in words.values():  # a place's name says where rather than what (垃圾站, 共享花园)
        if e.place:
            e.items = {code: min(weight, PLACE_HINT) for code, weight in e.items.items()}
        e.strong = bool(e.place) or KEYWORD in e.items.values()
    for cue, spellings in (("inside", cues.inside), ("outside", cues.outside)):
        for spelling in spellings:
            entry(spelling).cue = cue
    longest = max((len(w) for w in words if not w.isascii()), default=1)
    return _Vocabulary(
        words,
        longest,
        tuple(gaps),
        {i.code: i.where for i in items},
        {i.code: n for n, i in enumerate(items)},
    )


def _ascii_matches(
    vocab: _Vocabulary, text: str, starts: dict[int, int], words: list[tuple[int, int]], i: int
) -> list[tuple[int, str]]:
    """English words and phrases (up to four words) starting at word ``i``'s start."""
    out: list[tuple[int, str]] = []
    k = starts[i]
    for last in range(k, min(k + 4, len(words))):
        if last > k and text[words[last - 1][1] : words[last][0]] not in (" ", "-"):
            break
        end = words[last][1]
        key = text[i:end]
        if key in vocab.words:
            out.append((end, key))
            continue
        for ending in _ENDINGS:
            if key.endswith(ending) and key[: -len(ending)] in vocab.words:
                out.append((end, key[: -len(ending)]))
                break
    return out


def _tokens(vocab: _Vocabulary, text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of the cut that covers most of the text, then uses the fewest words,
    then covers most with keywords and places (主路上: 主路, the road, not 路上, a cue); on a
    tie the later word, as backward maximum matching (杨树叶: 杨 + 树叶, the leaves)."""
    n = len(text)
    words = [m.span() for m in _WORD_EN.finditer(text)] if _latin(text) else []
    starts = {start: k for k, (start, _) in enumerate(words)}
    best: list[tuple[int, int, int]] = [(0, 0, 0)] * (n + 1)  # (covered, -words, strong)
    pick: list[tuple[int, str] | None] = [None] * (n + 1)
    for i in range(n - 1, -1, -1):
        choice = best[i + 1]
        chosen: tuple[int, str] | None = None
        options: list[tuple[int, str]] = []
        if i in starts:
            options = _ascii_matches(vocab, text, starts, words, i)
        elif not text[i].isascii():
            for length in range(min(vocab.longest, n - i), 0, -1):
                word = text[i : i + length]
                if word in vocab.words:
                    options.append((i + length, word))
        for end, word in options:  # longest first
            covered, fewer, strong = best[end]
            if vocab.words[word].strong:
                strong += end - i
            option = (covered + end - i, fewer - 1, strong)
            if option > choice:
                choice, chosen = option, (end, word)
        best[i], pick[i] = choice, chosen
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < n:
        step = pick[i]
        if step is None:
            i += 1
        else:
            out.append((i, step[0], step[1]))
            i = step[0]
    return out


def recognise(estate: Estate, text: str) -> Recognised:
    """Building, unit, room, public place and item proposed by ``text`` (see module doc)."""
    vocab = _vocabulary(estate)
    plain = normalise(text)
    dated = blank(plain, date_spans(plain))
    address = read_address(estate, dated)
    reading = blank(dated, address.spans)

    breaks = any(mark in reading for mark in _BREAK_MARKS)
    clause_ends = [m.start() for m in _CLAUSE_BREAK.finditer(reading)] if breaks else []

    cues = {"inside": int(address.at_door), "outside": int(address.at_unit_door)}
    place: tuple[str, str] | None = None
    excluded: set[str] = set()
    said: list[tuple[int, int, str, _Entry, int]] = []  # words that name items, with clauses
    for start, end, word in _tokens(vocab, reading):
        e = vocab.words[word]
        excluded |= e.excludes
        if e.cue:
            cues[e.cue] += 1
        if e.place:
            cues["outside"] += 1
            if place is None:
                place = (e.place, word)
        if e.items:
            said.append((start, end, word, e, bisect_right(clause_ends, start)))
    cues["inside"] += floors(reading)
    setting = None
    if cues["inside"] and not cues["outside"]:
        setting = "building"
    elif cues["outside"] and not cues["inside"]:
        setting = "grounds"
    fits = None
    if setting is not None:
        fits = {code for code, where in vocab.wheres.items() if where in (setting, "anywhere")}
    evidence = _weigh(reading, said, fits, clause_ends)
    for gap in vocab.gaps:
        for start, fragment in gap.find(reading):
            if gap.weight:
                evidence.append((gap.item, gap.weight, bisect_right(clause_ends, start), fragment))
            else:
                excluded.add(gap.item)
    candidates = _score(vocab, evidence, excluded, setting)

    found: dict[str, object] = {}
    matched = dict(address.matched)
    for key in ("building", "unit", "room"):
        if getattr(address, key) is not None:
            found[key] = getattr(address, key)
    if place:
        found["place"], matched["place"] = place
    if candidates:
        found["item"] = candidates[0].item
        matched["item"] = candidates[0].words[0]
    return Recognised(
        building=address.building,
        unit=address.unit,
        room=address.room,
        place=place[0] if place else None,
        item=candidates[0].item if candidates else None,
        found=frozenset(found),
        matched=matched,
        candidates=candidates,
        setting=setting,
        indoors=cues["inside"] > 0,
        buildings=tuple(address.buildings),
        unknown_buildings=tuple(dict.fromkeys(address.unknown)),
        unknown_unit=address.bad_unit if address.unit is None else None,
        unknown_room=address.bad_room if address.room is None else None,
    )


def _weigh(
    reading: str,
    said: list[tuple[int, int, str, _Entry, int]],
    fits: set[str] | None,
    clause_ends: list[int],
) -> list[tuple[str, float, int, str]]:
    """(item, weight, clause, word) for every word that names items. A passing mention counts
    ``PASSING``, twice over when it is passing twice:

    - the agent of a passive (雨水井被垃圾堵死了; blocked by parked cars);
    - a modifier before 的, for the items its head does not name (垃圾站门口的雨水井: the
      drain);
    - a hint describing a keyword of another item said before it in the clause (暖气片漏水:
      the radiator leaks, not the pipes), unless that keyword's items cannot be where the text
      is (楼道里有辆破自行车放了好几年: a bicycle in a stairwell is clutter, not parking).

    ``fits`` is the items that can be where the text is (None: anywhere)."""
    passive: dict[int, int] = {}  # clause -> where its first 被 / by is
    passives = "被" in reading or "让" in reading or "by" in reading
    for m in _PASSIVE.finditer(reading) if passives else ():
        passive.setdefault(bisect_right(clause_ends, m.start()), m.start())
    count = len(said)
    head = list(range(count))
    for n in range(count - 2, -1, -1):
        (_, end, _, _, clause), (start, _, _, _, clause2) = said[n], said[n + 1]
        gap = reading[end:start]
        if clause == clause2 and "的" in gap and len(gap) <= 5:
            head[n] = head[n + 1]
    out: list[tuple[str, float, int, str]] = []
    subject: _Entry | None = None  # the last keyword of the clause so far
    for n, (start, _end, word, entry, clause) in enumerate(said):
        if n and said[n - 1][4] != clause:
            subject = None
        agent = passive.get(clause, start) < start
        for code, weight in entry.items.items():
            factor = PASSING if agent else 1.0
            if head[n] != n and code not in said[head[n]][3].items:
                factor *= PASSING
            if weight < KEYWORD and subject is not None and code not in subject.items:
                factor *= PASSING
            out.append((code, weight * factor, clause, word))
        if KEYWORD in entry.items.values() and (fits is None or fits & entry.items.keys()):
            subject = entry
    return out


def _score(
    vocab: _Vocabulary,
    evidence: list[tuple[str, float, int, str]],
    excluded: set[str],
    setting: str | None,
) -> tuple[Candidate, ...]:
    ranks = {c: n for n, c in enumerate(sorted({clause for _, _, clause, _ in evidence}))}
    best: dict[tuple[str, str], float] = {}  # each word counts once per item, at its best
    first: dict[str, int] = {}
    for n, (code, weight, clause, word) in enumerate(evidence):
        if code in excluded:
            continue
        value = weight * (1.0 if ranks[clause] == 0 else LATER_CLAUSE)
        key = (code, word)
        if value > best.get(key, 0.0):
            best[key] = value
        first.setdefault(code, n)
    totals: dict[str, float] = {}
    words: dict[str, list[tuple[float, str]]] = {}
    for (code, word), value in best.items():
        totals[code] = totals.get(code, 0.0) + value
        words.setdefault(code, []).append((value, word))
    elsewhere = set()
    for code in totals:
        where = vocab.wheres.get(code, "anywhere")
        if setting and where != "anywhere" and where != setting:
            totals[code] *= ELSEWHERE
            elsewhere.add(code)
    ranked = sorted(totals, key=lambda c: (-totals[c], first[c], vocab.order.get(c, 0)))
    return tuple(
        Candidate(
            code,
            round(totals[code], 3),
            tuple(w for _, w in sorted(words[code], key=lambda vw: -vw[0])),
            code in elsewhere,
        )
        for code in ranked
    )
