"""Strict parsing of the dates a grid worker types, and "now" in the ledger's time zone.

Accepted: ``2026-11-27``, ``2026/11/27``, ``2026.11.27``, ``2026年11月27日`` (month and day with
or without a leading zero), ``today``/``今天``, ``yesterday``/``昨天``, ``tomorrow``/``明天``.
Date-times add ``HH:MM`` or ``HH:MM:SS`` after a space or ``T``. Anything else — including
impossible dates such as ``2026-02-30`` and empty input — raises :class:`UsageError` naming the
accepted forms. dateutil's fuzzy mode is never used: a typo must not become a date.

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
}
_NUMERIC = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_CHINESE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def zone(name: str) -> tzinfo:
    """The tzinfo for ``name``; Asia/Shanghai works even without a tz database (UTC+8, no DST)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:
        if name in (DEFAULT_TZ, "Asia/Chongqing", "PRC"):
            return timezone(timedelta(hours=8), name)
        raise UsageError("dates.bad_zone", zone=name) from None


def now(tz_name: str = DEFAULT_TZ) -> datetime:
    """The current local time in the ledger's zone, as a naive datetime (seconds precision).

    ``LIULIQIAO_NOW`` (an ISO date-time, local to the ledger) fixes the clock for tests, golden
    files and reproducible reports.
    """
    fixed = os.environ.get("LIULIQIAO_NOW")
    if fixed:
        return parse_datetime(fixed, today=date(2000, 1, 1))
    return datetime.now(zone(tz_name)).replace(tzinfo=None, microsecond=0)


def _date_part(text: str, today: date) -> date | None:
    if text.lower() in _RELATIVE:
        return today + timedelta(days=_RELATIVE[text.lower()])
    m = _NUMERIC.fullmatch(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        m = _CHINESE.fullmatch(text)
        if not m:
            return None
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        raise UsageError("dates.impossible", value=text) from None


def parse_date(text: str | None, *, today: date) -> date:
    """Parse one of the accepted forms strictly; ``today`` resolves the relative words."""
    value = (text or "").strip()
    if not value:
        raise UsageError("dates.empty")
    result = _date_part(value, today)
    if result is None:
        raise UsageError("dates.malformed", value=value)
    return result


def parse_datetime(text: str | None, *, today: date) -> datetime:
    """A date in any accepted form, optionally followed by ``HH:MM[:SS]`` (space or ``T``)."""
    value = (text or "").strip()
    if not value:
        raise UsageError("dates.empty")
    if value.lower() in ("now", "现在"):
        raise UsageError("dates.malformed", value=value)
    parts = re.split(r"[ T]", value, maxsplit=1)
    day = _date_part(parts[0], today)
    if day is None:
        raise UsageError("dates.malformed", value=value)
    if len(parts) == 1:
        return datetime(day.year, day.month, day.day)
    m = _TIME.fullmatch(parts[1].strip())
    if not m:
        raise UsageError("dates.malformed", value=value)
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
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
