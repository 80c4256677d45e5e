"""Working days for England and Wales: weekends and bank holidays.

Bank holidays come from the ``holidays`` package with the subdivision given explicitly
(``ENG`` or ``WLS``): without one, GB returns only the days common to all four nations and
misses Easter Monday and the late summer holiday.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

__all__ = ["is_working_day", "next_working_day", "add_working_days", "working_days_between", "bank_holidays"]

_SUBDIVISIONS = {"england": "ENG", "wales": "WLS"}


@lru_cache(maxsize=None)
def _holidays_for(country: str, year: int) -> frozenset[dt.date]:
    try:
        subdiv = _SUBDIVISIONS[country.lower()]
    except KeyError:
        raise ValueError(f"unknown country {country!r}: expected 'england' or 'wales'") from None
    return frozenset(holidays.country_holidays("GB", subdiv=subdiv, years=year).keys())


def bank_holidays(year: int, country: str = "england") -> frozenset[dt.date]:
    """Bank holiday dates (including observed substitute days) in a calendar year."""
    return _holidays_for(country, year)


def is_working_day(day: dt.date, country: str = "england") -> bool:
    return day.weekday() < 5 and day not in _holidays_for(country, day.year)


def next_working_day(day: dt.date, country: str = "england") -> dt.date:
    """``day`` itself if it is a working day, otherwise the next one."""
    while not is_working_day(day, country):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int, country: str = "england") -> dt.date:
    """The working day ``count`` working days after ``day`` (before, if negative)."""
    step = dt.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day, country):
            remaining -= 1
    return day


def working_days_between(first: dt.date, last: dt.date, country: str = "england") -> int:
    """Working days after ``first`` up to and including ``last``."""
    count = 0
    day = first
    while day < last:
        day += dt.timedelta(days=1)
        if is_working_day(day, country):
            count += 1
    return count
