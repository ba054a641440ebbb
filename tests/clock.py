"""Instants when the site's date (Europe/Moscow, UTC+3) and the UTC date differ.

Between 21:00 and 24:00 UTC it is already tomorrow in Moscow, so code or a test that takes
a date from a UTC datetime is a day off then. Date tests run at both instants below; the
whole suite can run at one by ``VESTNIK_FREEZE_AT`` (see tests/conftest.py).
"""

import datetime
import zoneinfo

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
UTC = datetime.UTC

# New Year's night: the local day, month and year all differ from the UTC ones.
LATE_UTC = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 02:30, 1 January in Moscow
EARLY_MOSCOW = datetime.datetime(2027, 1, 1, 0, 30, tzinfo=MOSCOW)  # 21:30 UTC, 31 December
NEAR_MIDNIGHT = {"23:30 UTC": LATE_UTC, "00:30 Moscow": EARLY_MOSCOW}


def near_midnight_of(day: datetime.date) -> dict[str, datetime.datetime]:
    """The two instants at which the Moscow date is ``day`` but the UTC date is the day
    before: 23:30 UTC on the eve (02:30 in Moscow) and 00:30 in Moscow (21:30 UTC)."""
    eve = day - datetime.timedelta(days=1)
    return {
        "23:30 UTC": datetime.datetime.combine(eve, datetime.time(23, 30), tzinfo=UTC),
        "00:30 Moscow": datetime.datetime.combine(day, datetime.time(0, 30), tzinfo=MOSCOW),
    }
