"""dates.zone("Asia/Shanghai") answers without the tz database; it must agree with it everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from liuliqiao_cli.dates import with_offset, zone

_MOMENTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31))


@settings(max_examples=400)
@given(_MOMENTS)
def test_china_time_agrees_with_the_tz_database(moment: datetime) -> None:
    ours, database = zone("Asia/Shanghai"), ZoneInfo("Asia/Shanghai")
    # Read as a UTC moment, shown locally: same wall time, same offset.
    utc = moment.replace(tzinfo=UTC)
    assert utc.astimezone(ours).replace(tzinfo=None) == utc.astimezone(database).replace(
        tzinfo=None
    )
    assert utc.astimezone(ours).utcoffset() == utc.astimezone(database).utcoffset()
    # Read as a local wall time: same offset, DST and name, and the same instant.
    assert moment.replace(tzinfo=ours).utcoffset() == moment.replace(tzinfo=database).utcoffset()
    assert moment.replace(tzinfo=ours).dst() == moment.replace(tzinfo=database).dst()
    assert moment.replace(tzinfo=ours).tzname() == moment.replace(tzinfo=database).tzname()


def test_the_daylight_saving_years_are_not_flattened() -> None:
    # 1988-07-01 was in China's summer time (UTC+9), 2026-07-01 is not.
    assert with_offset("1988-07-01 12:00:00", "Asia/Shanghai") == "1988-07-01T12:00:00+09:00"
    assert with_offset("2026-07-01 12:00:00", "Asia/Shanghai") == "2026-07-01T12:00:00+08:00"
    assert datetime(2026, 7, 1, 4, tzinfo=UTC).astimezone(zone("PRC")).hour == 12
    assert zone("Asia/Shanghai").utcoffset(None) == timedelta(hours=8)


def test_other_zones_come_from_the_database() -> None:
    assert isinstance(zone("Europe/Berlin"), ZoneInfo)
