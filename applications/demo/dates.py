"""When things happen in the demo: office hours in 2018 and working days around today."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

UTC = dt.UTC
BEIJING = ZoneInfo("Asia/Shanghai")


def office_time(day: dt.date, rng: random.Random) -> dt.datetime:
    """A random moment of Beijing office hours on `day` (01:00 to 09:59 UTC)."""
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(1, 9), rng.randint(0, 59), tzinfo=UTC
    )


def working_day(day: dt.date, offset: int) -> dt.date:
    """The `offset`-th working day after `day` (before it when negative), weekends skipped."""
    step = dt.timedelta(days=1 if offset > 0 else -1)
    for _step in range(abs(offset)):
        day += step
        while day.weekday() >= 5:
            day += step
    return day


def beijing_time(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)
