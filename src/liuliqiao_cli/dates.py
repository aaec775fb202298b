"""Strict parsing of the dates a grid worker types, and "now" in the ledger's time zone.

Accepted:

- full dates: ``2026-11-27``, ``2026/11/27``, ``2026.11.27``, ``2026年11月27日`` (month and day
  with or without a leading zero);
- days near today: ``today``/``今天``, ``yesterday``/``昨天``, ``tomorrow``/``明天``, ``后天``,
  ``前天``, ``大后天``, ``大前天``, "the day after tomorrow", "the day before yesterday";
- counted days and weeks: ``3天后``, ``3天前``, ``三天以后``, ``2周前``, "in 3 days", "3 days ago",
  "2 weeks ago";
- weekdays (weeks start on Monday): ``本周五``/``这周五``, ``下周一``, ``上周五`` (also 星期 and
  礼拜, 日 or 天 for Sunday), "this friday", "next monday" (the Monday of next week, as 下周一),
  "last friday";
- the end of this month: ``月底``, ``月末``, ``本月底``;
- a day without its year: ``12月5日``, ``12月5号``, ``12-05``, ``12/5`` - this year's, or with
  ``past=True`` (a received date) the latest such day not after today.

Date-times add ``HH:MM`` or ``HH:MM:SS`` after a space or ``T`` (or straight after a word:
``昨天14:30``). Anything else - including impossible dates such as ``2026-02-30`` and empty input
- raises :class:`UsageError` naming the accepted forms. dateutil's fuzzy mode is never used: a
typo must not become a date.

Domain code never reads the clock: the CLI calls :func:`now` once and passes the result down.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone, tzinfo

from liuliqiao_cli.errors import UsageError

DEFAULT_TZ = "Asia/Shanghai"

_RELATIVE = {
    "today": 0,
    "今天": 0,
    "今日": 0,
    "yesterday": -1,
    "昨天": -1,
    "昨日": -1,
    "tomorrow": 1,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "前天": -2,
    "大后天": 3,
    "大前天": -3,
    "the day after tomorrow": 2,
    "day after tomorrow": 2,
    "the day before yesterday": -2,
    "day before yesterday": -2,
}
# The patterns are text, matched by ``re.fullmatch``: re compiles each on its first use and keeps
# it, so a command that parses no date (``add`` without --received) compiles none of them.
_NUMERIC = r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"
_CHINESE = r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"
_MONTH_DAY = r"(\d{1,2})月(\d{1,2})[日号]?|(\d{1,2})([-/])(\d{1,2})"
_CN_NUMBER = "零一二两三四五六七八九十百"
_COUNTED = rf"(\d{{1,5}}|[{_CN_NUMBER}]{{1,4}})\s*(?:个)?\s*(天|日|周|星期|礼拜)\s*(以后|之后|后|以前|之前|前)"
_COUNTED_EN = r"(?:in\s+(\d{1,5})\s+(days?|weeks?))|(?:(\d{1,5})\s+(days?|weeks?)\s+ago)"
_WEEKDAY = r"(本|这|这个|下|下个|上|上个)?\s*(?:周|星期|礼拜)([一二三四五六日天七])"
_WEEKDAY_EN = r"(this|next|last)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_CN = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_WEEK_SHIFT = {"本": 0, "这": 0, "这个": 0, "this": 0, "下": 1, "下个": 1, "next": 1}
_WEEK_SHIFT.update({"上": -1, "上个": -1, "last": -1})
_MONTH_END = ("月底", "月末", "本月底", "本月末", "这个月底", "end of month", "end of the month")
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_WITH_TIME = (
    r"(?P<day>.*\S)(?:\s+|T)(?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
    r"|(?P<day2>.*[^\d\s:T])(?P<time2>\d{1,2}:\d{2}(?::\d{2})?)"
)
_LONGEST_COUNT = 36600  # days: a century either way, beyond which a count is a typo
_PAST_YEARS = 8  # how far back "12月5日" may look for the day when past=True (29 Feb)


_EIGHT = timedelta(hours=8)
_CHINA = (DEFAULT_TZ, "Asia/Chongqing", "PRC")
_STANDARD_SINCE = 1992  # China's last daylight saving time ended on 15 September 1991


class _ChinaTime(tzinfo):
    """Asia/Shanghai without reading the tz database, which costs every command ~2 ms of start-up
    (zoneinfo imports sysconfig): UTC+8 from 1992 on; an earlier moment asks zoneinfo, since China
    kept daylight saving time from 1986 to 1991."""

    def __init__(self, name: str) -> None:
        self._name = name

    def _database(self) -> tzinfo:
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(self._name)
        except Exception:  # no tz database on this machine: UTC+8 all the same
            return timezone(_EIGHT, self._name)

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is not None and dt.year < _STANDARD_SINCE:
            return self._database().utcoffset(dt)
        return _EIGHT

    def dst(self, dt: datetime | None) -> timedelta | None:
        if dt is not None and dt.year < _STANDARD_SINCE:
            return self._database().dst(dt)
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str | None:
        if dt is not None and dt.year < _STANDARD_SINCE:
            return self._database().tzname(dt)
        return "CST"

    def fromutc(self, dt: datetime) -> datetime:
        if dt.year < _STANDARD_SINCE:
            database = self._database()
            return database.fromutc(dt.replace(tzinfo=database)).replace(tzinfo=self)
        return dt + _EIGHT

    def __repr__(self) -> str:
        return f"_ChinaTime({self._name!r})"


def zone(name: str) -> tzinfo:
    """The tzinfo for ``name``; Asia/Shanghai works even without a tz database (UTC+8, no DST)."""
    if name in _CHINA:
        return _ChinaTime(name)
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:
        raise UsageError("dates.bad_zone", zone=name) from None


def now(tz_name: str = DEFAULT_TZ) -> datetime:
    """The current local time in the ledger's zone, as a naive datetime (seconds precision).

    ``LIULIQIAO_NOW`` (an ISO date-time, local to the ledger) fixes the clock for tests, golden
    files and reproducible reports.
    """
    fixed = os.environ.get("LIULIQIAO_NOW")
    if fixed:
        digits = fixed[:4] + fixed[5:7] + fixed[8:10] + fixed[11:13] + fixed[14:16] + fixed[17:]
        if fixed[4::3] == "-- ::" and len(digits) == 14 and digits.isascii() and digits.isdigit():
            # The ledger's own form (2026-11-27 10:00:00), as the tests and benchmarks give it,
            # without compiling the everyday forms' patterns (~1 ms) that no user's run needs.
            try:
                return datetime.fromisoformat(fixed)
            except ValueError:
                pass  # an impossible date or time: parse_datetime says what is wrong
        return parse_datetime(fixed, today=date(2000, 1, 1))
    return datetime.now(zone(tz_name)).replace(tzinfo=None, microsecond=0)


def _small_number(text: str) -> int | None:
    """``3``, ``三``, ``十二``, ``两`` -> int (up to 9999); None otherwise."""
    if text.isdigit():
        return int(text)
    digits = {ch: n for n, ch in enumerate("零一二三四五六七八九")} | {"两": 2}
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in ("十", "百"):
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
        else:
            return None
    return total + current


def _shift(today: date, days: int, text: str) -> date:
    if abs(days) > _LONGEST_COUNT:
        raise UsageError("dates.impossible", value=text)
    try:
        return today + timedelta(days=days)
    except OverflowError:
        raise UsageError("dates.impossible", value=text) from None


def _relative(key: str, today: date) -> date | None:
    """Today-relative forms: 后天, 3天前, in 3 days, 下周一, next monday, 月底."""
    if key in _RELATIVE:
        return today + timedelta(days=_RELATIVE[key])
    m = re.fullmatch(_COUNTED, key)
    if m:
        count = _small_number(m.group(1))
        if count is None:
            return None
        days = count * (1 if m.group(2) in ("天", "日") else 7)
        return _shift(today, days if m.group(3).endswith("后") else -days, key)
    m = re.fullmatch(_COUNTED_EN, key)
    if m:
        count = int(m.group(1) or m.group(3))
        days = count * (7 if (m.group(2) or m.group(4)).startswith("week") else 1)
        return _shift(today, days if m.group(1) else -days, key)
    m = re.fullmatch(_WEEKDAY, key)
    if m:
        shift, weekday = _WEEK_SHIFT[m.group(1) or "本"], _WEEKDAYS_CN[m.group(2)]
    else:
        m = re.fullmatch(_WEEKDAY_EN, key)
        if not m:
            if key in _MONTH_END:
                import calendar  # only for 月底: not on every command's start-up

                return today.replace(day=calendar.monthrange(today.year, today.month)[1])
            return None
        shift, weekday = _WEEK_SHIFT[m.group(1)], _WEEKDAYS_EN.index(m.group(2))
    monday = today - timedelta(days=today.weekday())
    return _shift(monday, 7 * shift + weekday, key)


def _month_day(text: str, today: date, past: bool) -> date | None:
    """``12月5日``, ``12-05``: this year's, or the latest such day not after today."""
    m = re.fullmatch(_MONTH_DAY, text)
    if not m:
        return None
    month, day = (
        (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(5)))
    )
    if not past:
        try:
            return date(today.year, month, day)
        except ValueError:
            raise UsageError("dates.impossible", value=text) from None
    for year in range(today.year, today.year - _PAST_YEARS - 1, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise UsageError("dates.impossible", value=text)


def _date_part(text: str, today: date, past: bool = False) -> date | None:
    key = " ".join(text.lower().split())
    relative = _relative(key, today)
    if relative is not None:
        return relative
    m = re.fullmatch(_NUMERIC, text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        m = re.fullmatch(_CHINESE, text)
        if not m:
            return _month_day(text, today, past)
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        raise UsageError("dates.impossible", value=text) from None


def parse_date(text: str | None, *, today: date, past: bool = False) -> date:
    """Parse one of the accepted forms strictly; ``today`` resolves the relative words. With
    ``past`` (a received date), a day written without its year is the latest one not after
    today; without it, this year's."""
    value = (text or "").strip()
    if not value:
        raise UsageError("dates.empty")
    result = _date_part(value, today, past)
    if result is None:
        raise UsageError("dates.malformed", value=value)
    return result


def parse_datetime(text: str | None, *, today: date, past: bool = False) -> datetime:
    """A date in any accepted form, optionally followed by ``HH:MM[:SS]`` (after a space or
    ``T``, or straight after a word: 昨天14:30). ``past`` as for :func:`parse_date`."""
    value = (text or "").strip()
    if not value:
        raise UsageError("dates.empty")
    if value.lower() in ("now", "现在"):
        raise UsageError("dates.malformed", value=value)
    day = _date_part(value, today, past)
    if day is not None:
        return datetime(day.year, day.month, day.day)
    m = re.fullmatch(_WITH_TIME, value)
    if not m:
        raise UsageError("dates.malformed", value=value)
    day = _date_part((m.group("day") or m.group("day2")).strip(), today, past)
    if day is None:
        raise UsageError("dates.malformed", value=value)
    t = re.fullmatch(_TIME, m.group("time") or m.group("time2"))
    assert t is not None  # the same pattern matched above
    h, mi, s = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
    if h > 23 or mi > 59 or s > 59:
        raise UsageError("dates.impossible", value=value)
    return datetime(day.year, day.month, day.day, h, mi, s)


def iso(d: date | datetime | None) -> str | None:
    """How the ledger stores dates (``YYYY-MM-DD``) and local times (``YYYY-MM-DD HH:MM:SS``)."""
    if d is None:
        return None
    if isinstance(d, datetime):
        return d.strftime("%Y-%m-%d %H:%M:%S")
    return d.isoformat()


def from_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text)


def with_offset(value: str | datetime | None, tz_name: str) -> str | None:
    """'2026-11-27 10:00:00' (ledger local time) -> '2026-11-27T10:00:00+08:00'."""
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(tz_name))
    return moment.isoformat(timespec="seconds")
