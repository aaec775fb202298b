"""The quick looks that spare a pattern its compiling (lazy_re) must never change what is read:
on every corpus text, on texts made to sit at the guards' edges, and on random ones, each guarded
answer equals the pattern's own."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from liuliqiao_cli.complaints import address, privacy, recognise
from liuliqiao_cli.complaints.address import normalise

DATA = Path(__file__).parent / "data"

EDGES = [
    "3号楼2单元楼道灯坏了好几天",
    "北门垃圾站满了没人清",
    "11月3号下午停水",
    "3号上午电梯坏了",
    "2026-11-03楼道堆物",
    "2026年11月3日",
    "12.5晚上噪音",
    "三 楼漏水",
    "3  层有人装修",
    "顶层漏雨",
    "楼顶漏雨",
    "3号楼道灯",
    "2nd floor leak",
    "3-2-502 漏水",
    "3#2-502漏水",
    "5栋二门",
    "6幢",
    "903室",
    "小区240户",
    "building 3 unit 2 room 502",
    "联系人王先生13800001234",
    "业主张女士反映",
    "李师傅电话",
    "老人说",
    "被车堵了",
    "让人心烦",
    "blocked by cars",
    "灯坏了。楼道黑",
    "门口，垃圾",
    "e.g. lamp",
    "3\u3000号楼",
    "３号楼２单元",
    "\n楼\t层",
]


def _texts() -> list[str]:
    texts = list(EDGES)
    for name in ("recognition_corpus.jsonl", "recognition_holdout.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


TEXTS = _texts()
ALPHABET = "0123456789一二三十顶楼层号栋幢#单元门室户月日年上午下午当天.-/ 被让by的电话手机联系人业主王李先生，。abfloorx"


def _same(text: str) -> None:
    plain = normalise(text)
    assert address.date_spans(plain) == [m.span() for m in address.DATES.finditer(plain)]
    assert address.floors(plain) == len(address.FLOOR.findall(plain))
    assert address._floor_possible(plain) or not address.FLOOR.search(plain)
    marks = any(mark in plain for mark in address._BUILDING_MARKS)
    assert marks or not address._BUILDING.search(plain)
    assert "-" in plain or not address._TRIPLE.search(plain)
    assert "单元" in plain or not address._UNIT.search(plain)
    assert "室" in plain or "户" in plain or not address._ROOM_SUFFIX.search(plain)
    assert any(m in plain for m in recognise._BREAK_MARKS) or not recognise._CLAUSE_BREAK.search(
        plain
    )
    assert recognise._latin(plain) or not recognise._WORD_EN.search(plain)
    passive = "被" in plain or "让" in plain or "by" in plain
    assert passive or not recognise._PASSIVE.search(plain)
    cue = any(word in text for word in privacy._CUE_WORDS)
    assert cue or not privacy._CUE.search(text)
    # the quick look of an import (one regex, once compiled) says what the loop says
    assert (privacy._CUE_WORD.compiled.search(text) is not None) == cue


def test_every_corpus_text_and_edge_reads_as_the_patterns_do() -> None:
    assert len(TEXTS) > 400
    for text in TEXTS:
        _same(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_random_texts_read_as_the_patterns_do(text: str) -> None:
    _same(text)


def test_the_guards_do_spare_the_patterns_on_plain_texts() -> None:
    """The point of the guards: a short Chinese text without numbers compiles no address,
    clause, passive or cue pattern (checked on fresh, uncompiled copies)."""
    plain = normalise("北门垃圾站满了没人清")
    assert address.date_spans(plain) == []
    assert address.floors(plain) == 0
    assert not address._floor_possible(normalise("3号楼2单元楼道灯坏了"))
    assert not any(mark in plain for mark in address._BUILDING_MARKS)
    assert not any(m in plain for m in recognise._BREAK_MARKS)
    assert not recognise._latin(plain)
    assert not any(word in plain for word in privacy._CUE_WORDS)
