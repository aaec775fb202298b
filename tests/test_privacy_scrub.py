"""Finding residents' personal data in free text (complaints.privacy.scrub): what is found, what
is left alone, and the masked forms the ledger stores instead."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liuliqiao_cli.complaints.privacy import (
    FREE_TEXT_KEYS,
    mask_id_number,
    mask_phone,
    scrub,
    scrub_event_data,
)
from liuliqiao_cli.complaints.privacy_command import mask_command

ID = "110101199003071233"  # a valid check digit
ID_X = "11010519491231002X"


@pytest.mark.parametrize(
    ("text", "stored", "found"),
    [
        ("下水道堵了，联系电话13912345678", "下水道堵了，联系电话139****5678", ["13912345678"]),
        ("电话 139 1234 5678 尽快", "电话 139****5678 尽快", ["139 1234 5678"]),
        ("电话139-1234-5678", "电话139****5678", ["139-1234-5678"]),
        ("+86 139 1234 5678 回电", "139****5678 回电", ["+86 139 1234 5678"]),
        ("+8613912345678", "139****5678", ["+8613912345678"]),
        ("座机010-63001234", "座机010-****1234", ["010-63001234"]),
        ("(010)63001234", "010-****1234", ["(010)63001234"]),
        ("0531 8888888 转 5", "0531-****8888 转 5", ["0531 8888888"]),
        ("电话63001234", "电话****1234", ["63001234"]),
        (f"身份证{ID}", "身份证110***********1233", [ID]),
        (f"身份证号 {ID_X.lower()}。", "身份证号 110***********002x。", [ID_X.lower()]),
        ("联系人王阿姨", "联系人王**", ["王阿姨"]),
        ("联系人：李明，反映楼道灯坏了", "联系人：李*，反映楼道灯坏了", ["李明"]),
        (
            "姓名：欧阳修远 电话13800001234",
            "姓名：欧*** 电话138****1234",
            ["欧阳修远", "13800001234"],
        ),
        ("王阿姨电话13912345678", "王**电话139****5678", ["王阿姨", "13912345678"]),
        ("找王阿姨（13912345678）", "找王**（139****5678）", ["王阿姨", "13912345678"]),
        ("，张三13912345678反映", "，张*139****5678反映", ["张三", "13912345678"]),
        ("业主王先生说漏水", "业主王**说漏水", ["王先生"]),
        # a name found once is hidden wherever else it appears in the text
        ("李明说灯坏了，联系人李明", "李*说灯坏了，联系人李*", ["李明", "李明"]),
    ],
)
def test_found_and_masked(text: str, stored: str, found: list[str]) -> None:
    result = scrub(text)
    assert result.text == stored
    assert [f.original for f in result.found] == found
    assert scrub(result.text).found == ()  # scrubbing the stored text finds nothing more


@pytest.mark.parametrize(
    "text",
    [
        "工单号GD202612010031，来电时间2026-11-20 09:15",
        "11月3号楼道灯坏了",
        "3号楼2单元502室漏水",
        "id a1391234-5678-4abc-8def-123456789012",
        "身份证 110101199003071234",  # wrong check digit
        "身份证 110101199013071233",  # month 13
        "业主张贴告示",  # 业主 + 张贴, not 张**
        "首华物业电话",  # the company's phone cue, not a person called 华物业
        "楼道灯坏了好几天",
        "金额12345678元",  # 8 digits without a phone cue
        "138****1234",  # already masked
        "",
    ],
)
def test_left_alone(text: str) -> None:
    assert scrub(text).text == text
    assert scrub(text).found == ()


def test_service_phones_are_kept() -> None:
    text = "首华物业电话010-63000001没人接"
    assert scrub(text).text == "首华物业电话010-****0001没人接"
    assert scrub(text, keep={"010-63000001", "63000001"}).text == text


def test_masks() -> None:
    assert mask_phone("13800001234") == "138****1234"
    assert mask_phone("138****1234") == "138****1234"  # masking twice changes nothing
    assert mask_phone("010-63000001") == "010-****0001"
    assert mask_id_number(ID) == "110***********1233"


def test_event_data_scrubs_free_text_only() -> None:
    raw = (
        '{"after": {"text": "电话13912345678", "uuid": "a1391234-5678-4abc-8def-123456789012",'
        ' "ref": "13912345678"}, "note": "联系人王阿姨"}'
    )
    cleaned, found = scrub_event_data(raw)
    assert '"text": "电话139****5678"' in cleaned and '"note": "联系人王**"' in cleaned
    assert "a1391234-5678-4abc-8def-123456789012" in cleaned  # UUIDs are never scrubbed
    assert '"ref": "13912345678"' in cleaned  # nor codes (a work-order number)
    assert [f.original for f in found] == ["13912345678", "王阿姨"]
    assert scrub_event_data('{"note": "灯坏了"}') == ('{"note": "灯坏了"}', [])


@pytest.mark.parametrize(
    "raw",
    [
        '{"no\\u0074e": "联系人王阿姨13912345678"}',  # the key written escaped
        '{"after": {"t\\u0065xt": "王阿姨电话13912345678"}}',
        '{"filters": {"q": "电话13912345678"}, "kind": "list"}',
        '{"command" : "add 王阿姨13912345678"}',
    ],
)
def test_event_data_free_text_found_however_its_key_is_written(raw: str) -> None:
    """The quick look that skips events without a free-text key (most status steps) must not
    skip a key written with an escape."""
    cleaned, found = scrub_event_data(raw, always=True)
    assert found and "13912345678" not in cleaned


@pytest.mark.parametrize("key", sorted(FREE_TEXT_KEYS))
def test_every_free_text_key_is_looked_at(key: str) -> None:
    """may_hold_free_text spells its keys out: a key added to FREE_TEXT_KEYS must be added there."""
    cleaned, found = scrub_event_data(f'{{"{key}": "联系人王阿姨电话13912345678"}}')
    assert found and "13912345678" not in cleaned


def test_event_data_without_free_text_keys_is_left_as_it_is() -> None:
    raw = '{"to": "dispatched", "ref": "13912345678", "by": "王阿姨13912345678"}'
    assert scrub_event_data(raw) == (raw, [])
    assert scrub_event_data(raw, always=True) == (raw, [])


def test_command_masked_for_the_record() -> None:
    args = ["list", "--phone", "139 1234 5678", "--reporter=王阿姨", "--format", "csv"]
    assert mask_command(args) == [
        "list",
        "--phone",
        "139****5678",
        "--reporter=王**",
        "--format",
        "csv",
    ]
    assert mask_command(["add", "联系电话13912345678"]) == ["add", "联系电话139****5678"]
    assert mask_command(["list", "--phone", "not a phone"]) == ["list", "--phone", "***********"]


_FILLER = st.text(alphabet="楼道灯坏了垃圾站满停车乱号单元室，。 abc", max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    before=_FILLER,
    after=_FILLER,
    digits=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    style=st.sampled_from(["{}", "{} ", "+86 {}", "{0}{1}{2} {3}{4}{5}{6} {7}{8}{9}{10}"]),
)
def test_a_planted_mobile_never_survives(before: str, after: str, digits: str, style: str) -> None:
    """Whatever surrounds it and however it is spaced, a mobile number between non-digits is
    masked, and the stored text holds no eight of its digits in a row."""
    phone = style.format(digits) if "{0}" not in style else style.format(*digits)
    text = f"{before}电话{phone}{after}"
    stored = scrub(text).text
    assert digits not in stored.replace(" ", "")
    assert digits[3:11] not in stored.replace(" ", "")
    assert scrub(stored).text == stored


def test_no_cue_is_ascii() -> None:
    """The quick look (maybe_personal) rules ASCII text out once no number is in it: no cue may
    be ASCII."""
    import re

    from liuliqiao_cli.complaints import privacy

    cues = re.findall(r"[^|()?:]+", privacy._CUE.pattern)
    assert len(cues) > 10 and not any(cue.isascii() for cue in cues)
