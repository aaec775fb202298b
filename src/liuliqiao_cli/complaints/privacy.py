"""Residents' personal data: phone numbers and names typed as options, and what is found in free
text; validation, and the masked forms every output shows (王** / 138****1234).

Names and phones given with ``--reporter``/``--phone`` live in the companion contacts file (see
:mod:`liuliqiao_cli.store.companion`); the ledger itself holds only their masked forms. Text that
enters the ledger goes through :func:`scrub` first: mobile numbers (spaces, dashes, +86),
landlines (010-…, or a bare local number after a cue such as 电话), resident ID numbers (18
digits with a valid check digit) and names after a cue (联系人王阿姨, 王阿姨电话…, 姓名：…) are
replaced in the stored text by their masked form, and the originals are kept in the companion
file. So every output is masked by construction; ``--with-contacts`` puts the originals back.

Error messages never carry a phone number or a name: :func:`normalise_phone` says what is wrong,
not the value.
"""

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from liuliqiao_cli import quick_json
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.lazy_re import LazyPattern

NAME_MAX = 40
# Chinese mobile numbers: 11 digits starting 13-19; an optional +86 / 86 prefix is dropped.
_MOBILE = LazyPattern(r"(?:\+?86)?(1[3-9]\d{9})")
# Landlines: 010-63000001, 0531-8888888, or a local 7-8 digit number (63000001); an optional
# extension after "-" or "转" is kept.
_LANDLINE = LazyPattern(r"(0\d{2,3}-)?([2-9]\d{6,7})((?:-|转)\d{1,6})?")


def normalise_phone(value: str | None) -> str:
    """The phone as stored ('' when none given), or UsageError for anything that is not one.

    Spaces, and hyphens inside a mobile number, are ignored: ``138 0000 1234`` and
    ``138-0000-1234`` are stored as ``13800001234``.
    """
    text = (value or "").strip()
    if not text:
        return ""
    compact = re.sub(r"\s+", "", text)
    mobile = _MOBILE.fullmatch(compact.replace("-", ""))
    if mobile and not compact.startswith("0"):
        return mobile.group(1)
    landline = _LANDLINE.fullmatch(compact)
    if landline:
        return compact
    # The value itself is not repeated: error lines reach terminals and logs.
    raise UsageError("privacy.bad_phone", length=len(compact))


def normalise_name(value: str | None) -> str:
    name = " ".join((value or "").split())
    if len(name) > NAME_MAX:
        raise UsageError("privacy.name_too_long", limit=NAME_MAX)
    if any(not ch.isprintable() for ch in name):
        raise UsageError("privacy.name_control")
    return name


def mask_name(name: str | None) -> str:
    """王阿姨 -> 王**, 李明 -> 李*, Wang Fang -> W********: the first character only.
    Masking a masked name changes nothing."""
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str | None) -> str:
    """13800001234 -> 138****1234; 010-63000001 -> 010-****0001; 63000001 -> ****0001.
    A value that is already masked (it holds a ``*``) is returned as it is."""
    if not phone:
        return ""
    if "*" in phone:
        return phone
    if re.fullmatch(r"1\d{10}", phone):
        return phone[:3] + "****" + phone[-4:]
    main, sep, ext = phone.partition("转")
    area, dash, local = main.rpartition("-") if "-" in main else ("", "", main)
    if len(main.split("-")) == 3:  # 010-63000001-123: the extension is the last part
        area_code, local, extension = main.split("-")
        return f"{area_code}-****{local[-4:]}-{'*' * len(extension)}"
    masked = f"{area}{dash}****{local[-4:]}"
    return masked + (sep + "*" * len(ext) if sep else "")


def mask_id_number(number: str) -> str:
    """110101199003071234 -> 110***********1234: the first three and last four characters."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


# --- personal data in free text ----------------------------------------------------------------

PHONE = "phone"
ID_NUMBER = "id_number"
NAME = "name"


class Found(NamedTuple):
    """One piece of personal data found in a text: ``original`` is the exact span as typed,
    ``masked`` what the stored text holds in its place."""

    kind: str  # phone | id_number | name
    original: str
    masked: str


class Scrubbed(NamedTuple):
    text: str  # the text as stored: every piece of personal data replaced by its masked form
    found: tuple[Found, ...]

    @property
    def changed(self) -> bool:
        return bool(self.found)


# Digits are bounded by non-digits (and no ASCII letter before a mobile: work-order numbers such
# as GD13912345678 are not phones). Mobile: 3-4-4 with optional spaces or dashes, +86 in front.
_MOBILE_IN_TEXT = LazyPattern(
    r"(?<![\dA-Za-z])(?:(?:\+|＋)?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)"
)
# A landline with its area code: 010-63000001, (010)63000001, 0531 8888888, 01063000001.
_LANDLINE_IN_TEXT = LazyPattern(
    r"(?<![\dA-Za-z])(?:[(（](0\d{2,3})[)）]\s?|(0\d{2,3})[\s-]?)([2-9]\d{6,7})"
    r"(?:(?:-|转)(\d{1,6}))?(?!\d)"
)
# A local number without area code only after a word that says it is a phone.
_LOCAL_AFTER_CUE = LazyPattern(
    r"(?:电话|座机|固话|电话号码|联系方式|tel|Tel|TEL)[号码]?[是为:：\s]*([2-9]\d{6,7})(?!\d)"
)
_ID_IN_TEXT = LazyPattern(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 令狐 宇文 夏侯 轩辕 司徒 西门 "
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 "
    "彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 "
    "石 廖 贾 夏 韦 付 傅 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 "
    "邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文 牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 "
    "章 鲁 岳 翟 殷 詹 申 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 舒 阮 柯 纪 梅 童 凌 毕 单 季 "
    "裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房 滕 屈 饶 解 牟 "
    "艾 尤 阳 时 穆 农 司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费 卜 冷 晏 席 "
    "卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 和 仇 栾 隋 商 刁 沙 荣 巫 寇 桑 郎 甄 "
    "丛 仲 虞 敖 巩 明 佘 池 查 麻 苑 迟 邝"
).split()
HONORIFICS = (
    "老太太 老大爷 老先生 老师傅 阿姨 大爷 大妈 大娘 大叔 叔叔 奶奶 爷爷 先生 女士 小姐 师傅 "
    "老师 大姐 大哥 阿婆 伯伯 婆婆 姥姥 姥爷 同志 老伯 老太 姐 哥 叔 婶"
).split()
# Characters that end a given name read after a cue (李明反映… is 李明).
_STOP = set("的在和与及说称讲家住楼号室栋单电手联反来投报要希是了也都还就又很太今昨前后说等")
# Strong cues name the person whatever follows; weak ones (业主, 居民 …) only a name with an
# honorific (业主王先生, not 业主张贴).
_STRONG_CUES = (
    "联系人",
    "联络人",
    "姓名",
    "来电人",
    "反映人",
    "报修人",
    "诉求人",
    "投诉人",
    "举报人",
    "申请人",
    "报事人",
)
_WEAK_CUES = ("业主", "居民", "住户", "租户", "老人")


def _is_cjk(ch: str) -> bool:
    """A CJK ideograph (the basic block or extension A). A comparison, not a regex: a character
    class over 27,000 code points takes re ~2 ms to compile, on every `add`."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


_SINGLE_SURNAMES = frozenset(x for x in SURNAMES if len(x) == 1)
_DOUBLE_SURNAMES = frozenset(x for x in SURNAMES if len(x) == 2)
_HONORIFICS_LONGEST = tuple(sorted(HONORIFICS, key=len, reverse=True))
_STRONG = LazyPattern("(?:" + "|".join(_STRONG_CUES) + r")(?:是|为|叫)?[:：\s]*")
_WEAK = LazyPattern("(?:" + "|".join(_WEAK_CUES) + r")[:：\s]*")
# What may stand right after a name to say the next thing is the person's phone.
_PHONE_CUE = LazyPattern(r"(?:的)?(?:联系电话|电话号码|电话|手机号码|手机号|手机|联系方式|座机)")
_PHONE_JOIN = LazyPattern(r"[:：\s]*[(（]?\s*$")
_DIGITS = LazyPattern(r"\d{4}")
_NUMBERS = (_MOBILE_IN_TEXT, _LANDLINE_IN_TEXT, _LOCAL_AFTER_CUE, _ID_IN_TEXT)
_CUE = LazyPattern(
    "(" + "|".join(_STRONG_CUES) + ")|(" + "|".join(_WEAK_CUES) + ")|(" + _PHONE_CUE.pattern + ")"
)
# A word of every match of _CUE (its phone cues all hold 电话, 手机, 联系方式 or 座机).
_CUE_WORDS = (*_STRONG_CUES, *_WEAK_CUES, "电话", "手机", "联系方式", "座机")
# The same look as one regex (re skips ahead by the words' first characters): ~6x faster a text
# than the loop over the words, but ~0.3 ms to compile. Used once compiled by for_many_texts().
_CUE_WORD = LazyPattern("|".join(map(re.escape, _CUE_WORDS)))


def for_many_texts() -> None:
    """Ready the quick look for many texts (an import: millions); one text (``add``) is quicker
    without compiling it."""
    _CUE_WORD.compiled  # noqa: B018 - compiled on first use


_AFTER_CUE_GAP = LazyPattern(r"(?:是|为|叫)?[:：\s]*")


def maybe_personal(text: str) -> bool:
    """A quick look that rules most texts out before they are scrubbed (or, for an event, parsed):
    every number pattern itself, and every name pattern up to its surname. What it rules out,
    scrub cannot find. (One regex holding it all cost each text ~4x more: Python's re cannot
    skip ahead in an alternation.)"""
    if _DIGITS.search(text) and any(p.search(text) for p in _NUMBERS):
        return True
    if text.isascii():  # every cue is Chinese: most events' data is ASCII (an import: ~10%)
        return False
    if _CUE_WORD.ready:
        if not _CUE_WORD.search(text):
            return False
    elif not any(word in text for word in _CUE_WORDS):  # most texts: no pattern compiled or run
        return False
    for m in _CUE.finditer(text):
        if m.group(3):  # a phone cue: a surname within the five characters before it
            if any(_surname_at(text, i) for i in range(max(m.start() - 5, 0), m.start())):
                return True
            continue
        gap = _AFTER_CUE_GAP.match(text, m.end())
        if _surname_at(text, gap.end() if gap else m.end()):
            return True
    return False


def _id_valid(number: str) -> bool:
    """An 18-character resident ID: a plausible birth date and the ISO 7064 MOD 11-2 check."""
    from datetime import date

    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not 1900 <= int(number[6:10]) <= 2099:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _surname_at(text: str, at: int) -> str | None:
    if text[at : at + 2] in _DOUBLE_SURNAMES:
        return text[at : at + 2]
    if text[at : at + 1] in _SINGLE_SURNAMES:
        return text[at]
    return None


def _honorific_at(text: str, at: int) -> str | None:
    for honorific in _HONORIFICS_LONGEST:
        if text.startswith(honorific, at):
            return honorific
    return None


def _name_after(text: str, at: int, *, given: bool) -> str | None:
    """The name that starts at ``at``: a surname and an honorific (王阿姨), or with ``given``
    a surname and one or two characters of a given name, cut at a character that cannot be part
    of a name (李明反映… is 李明)."""
    surname = _surname_at(text, at)
    if surname is None:
        return None
    rest = at + len(surname)
    honorific = _honorific_at(text, rest)
    if honorific:
        return surname + honorific
    if not given:
        return None
    name = surname
    for ch in text[rest : rest + 2]:
        if ch in _STOP or not _is_cjk(ch):
            break
        name += ch
    return name if len(name) > len(surname) else None


def _name_before(text: str, end: int) -> tuple[int, str] | None:
    """A name that ends at ``end`` (right before a phone or a phone cue): surname + honorific
    anywhere (找王阿姨电话), else surname + given name at the start of a phrase (，李明电话),
    never a word's tail (首华物业电话 is not 华物业's phone)."""
    for honorific in _HONORIFICS_LONGEST:
        if text.endswith(honorific, 0, end):
            at = end - len(honorific)
            for size in (2, 1):
                if at - size >= 0 and _surname_at(text, at - size) == text[at - size : at]:
                    return at - size, text[at - size : end]
    for length in (3, 2, 4):
        start = end - length
        if start < 0:
            continue
        candidate = text[start:end]
        if not all(_is_cjk(ch) for ch in candidate) or set(candidate[1:]) & _STOP:
            continue
        surname = _surname_at(text, start)
        if surname and len(candidate) > len(surname) and len(candidate) - len(surname) <= 2:
            if _boundary_before(text, start):
                return start, candidate
    return None


def _boundary_before(text: str, start: int) -> bool:
    return start == 0 or not (_is_cjk(text[start - 1]) or text[start - 1].isalpha())


def _spans(text: str, keep: frozenset[str]) -> list[tuple[int, int, Found]]:
    """Every finding, overlapping ones included. Names are read around cue words and phones
    (one regex holding every surname cost each text ~30 microseconds)."""
    spans: list[tuple[int, int, Found]] = []
    if _DIGITS.search(text):
        spans += _number_spans(text, keep)

    def add_name(at: int, name: str | None) -> None:
        if name:
            spans.append((at, at + len(name), Found(NAME, name, mask_name(name))))

    for m in _STRONG.finditer(text):
        add_name(m.end(), _name_after(text, m.end(), given=True))
    for m in _WEAK.finditer(text):
        add_name(m.end(), _name_after(text, m.end(), given=False))
    ends = [m.start() for m in _PHONE_CUE.finditer(text)]
    for start, _end, found in list(spans):
        if found.kind == PHONE:
            join = _PHONE_JOIN.search(text, 0, start)
            ends.append(join.start() if join else start)
    for end in ends:
        hit = _name_before(text, end)
        if hit:
            add_name(*hit)
    return spans


def _number_spans(text: str, keep: frozenset[str]) -> list[tuple[int, int, Found]]:
    spans: list[tuple[int, int, Found]] = []
    for m in _ID_IN_TEXT.finditer(text):
        if _id_valid(m.group(1)):
            spans.append(
                (m.start(1), m.end(1), Found(ID_NUMBER, m.group(1), mask_id_number(m.group(1))))
            )
    for m in _MOBILE_IN_TEXT.finditer(text):
        number = m.group(1) + m.group(2) + m.group(3)
        if number not in keep:
            spans.append((m.start(), m.end(), Found(PHONE, m.group(0), mask_phone(number))))
    for m in _LANDLINE_IN_TEXT.finditer(text):
        number = f"{m.group(1) or m.group(2)}-{m.group(3)}" + (
            f"-{m.group(4)}" if m.group(4) else ""
        )
        if number not in keep and number.split("-")[1] not in keep:
            spans.append((m.start(), m.end(), Found(PHONE, m.group(0), mask_phone(number))))
    for m in _LOCAL_AFTER_CUE.finditer(text):
        number = m.group(1)
        if number not in keep:
            spans.append((m.start(1), m.end(1), Found(PHONE, number, mask_phone(number))))
    return spans


def scrub(text: str, keep: Iterable[str] = ()) -> Scrubbed:
    """``text`` with every piece of personal data replaced by its masked form, and what was found,
    in order. ``keep`` lists numbers that are not personal (the companies' service phones).
    Scrubbing a scrubbed text finds nothing: masked forms match none of the patterns."""
    if not text or not maybe_personal(text):
        return Scrubbed(text or "", ())
    spans = _spans(text, frozenset(keep))
    if not spans:
        return Scrubbed(text, ())
    # A value found once (after a cue) is hidden wherever else it appears in the same text:
    # "李明反映……联系人李明" must not keep the first 李明.
    seen = {(f.original, f.kind): f for _, _, f in spans}
    for (original, _kind), item in seen.items():
        for m in re.finditer(re.escape(original), text):
            spans.append((m.start(), m.end(), item))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[str] = []
    found: list[Found] = []
    at = 0
    for start, end, item in spans:
        if start < at:
            continue  # overlaps an earlier (longer) finding
        out.append(text[at:start])
        out.append(item.masked)
        found.append(item)
        at = end
    out.append(text[at:])
    return Scrubbed("".join(out), tuple(found))


# Keys of an event's data that hold free text (recursively, in before/after too). Codes, times
# and UUIDs are never scrubbed: a UUID can hold digits in a row.
FREE_TEXT_KEYS = frozenset({"text", "routing_note", "note", "reason", "command"})


def may_hold_free_text(raw: str) -> bool:
    """Whether an event's JSON text may hold free text: one of FREE_TEXT_KEYS or "filters"
    written as a key, or a \\u escape (a key may be written escaped). Most events (status
    steps: 81% of an import) have none. Spelt out: a generator over the marks cost as much as
    the rest of an imported event's scrub."""
    return (
        '"text"' in raw
        or '"note"' in raw
        or '"reason"' in raw
        or '"routing_note"' in raw
        or '"command"' in raw
        or '"filters"' in raw
        or "\\u" in raw
    )


def _scrub_value(
    value: Any, keep: frozenset[str], known: list[Found], found: list[Found], free: bool
) -> Any:
    if isinstance(value, dict):
        return {
            k: _scrub_value(v, keep, known, found, free or k in FREE_TEXT_KEYS or k == "filters")
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub_value(v, keep, known, found, free) for v in value]
    if isinstance(value, str) and free:
        result = mask_known(scrub(value, keep), known) if known else scrub(value, keep)
        found.extend(result.found)
        return result.text
    return value


def scrub_event_data(
    raw: str, keep: Iterable[str] = (), *, known: Iterable[Found] = (), always: bool = False
) -> tuple[str, list[Found]]:
    """An event's stored data (JSON text) with the free text in it scrubbed, ``known`` values of
    the complaint masked too: the data as it must be stored (``raw`` itself when nothing was
    found) and what was found. ``always``: parse even when the quick look finds no cue."""
    if not may_hold_free_text(raw):
        return raw, []  # only the values of those keys are scrubbed: nothing to find
    if not always and not maybe_personal(raw):
        return raw, []
    try:
        data = quick_json.loads(raw)
    except ValueError:
        return raw, []
    found: list[Found] = []
    cleaned = _scrub_value(data, frozenset(keep), list(known), found, False)
    if not found:
        return raw, []
    return quick_json.dumps(cleaned, ensure_ascii=False, sort_keys=True), found


def mask_known(scrubbed: Scrubbed, known: Iterable[Found]) -> Scrubbed:
    """``scrubbed`` with values already known for the same complaint masked too, wherever they
    appear without a cue: the reporter's name in the text (赵桂芳反映…), a name found in the text
    earlier, repeated in a later note (王秀兰又来电话…)."""
    values = {f.original: f for f in known if len(f.original) >= 2}
    text = scrubbed.text
    hits = [values[v] for v in sorted(values, key=len, reverse=True) if v in text]
    if not hits:
        return scrubbed
    pattern = re.compile("|".join(re.escape(f.original) for f in hits))
    found = list(scrubbed.found)

    def replace(m: re.Match[str]) -> str:
        item = values[m.group(0)]
        found.append(item)
        return item.masked

    return Scrubbed(pattern.sub(replace, text), tuple(found))


def mentions(raw: str, values: Iterable[Found]) -> bool:
    """Whether an event's JSON text holds one of ``values`` (as typed, or \\u-escaped as
    ``json.dumps`` writes it by default): a quick look before parsing it."""
    return any(f.original in raw or quick_json.dumps(f.original)[1:-1] in raw for f in values)
