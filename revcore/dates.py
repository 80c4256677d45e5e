"""Month and year arithmetic: every step of months or years in revcore is one of these rules.

A period of months (or years) beginning with a day ends the day before the *corresponding date*
that many months later; when that month has no corresponding date (31 August + 6 months, 29
February + 1 year) it ends on the month's last day. This is the corresponding-date rule of the
courts (Dodds v Walker [1980] UKHL 5; Interpretation Act 1978 Sch 1, "month" means calendar
month), and the one rule for council tax (empty-home premiums, exemption periods), sundry debt
(the limitation period), recovery (time limits, holds) and Direct Debit (re-presentation).

The anniversary of 29 February is therefore a named rule: a period of years beginning on 29
February ends on 28 February in a common year, and what starts once it is over starts on 1 March
(:func:`after_years`).
"""

from __future__ import annotations

import calendar
import datetime as dt

from revcore.periods import ONE_DAY

__all__ = ["ONE_DAY", "day_in_month", "next_month", "add_months", "end_of_months", "end_of_years", "after_years"]

def day_in_month(year: int, month: int, day: int) -> dt.date:
    """``day`` of the month, or the month's last day when it is shorter (31 -> 30 April, 28/29 Feb)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_month(year: int, month: int) -> tuple[int, int]:
    """The (year, month) after ``month`` of ``year``."""
    return (year + 1, 1) if month == 12 else (year, month + 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding date ``months`` later (or earlier), or that month's last day when it has
    none: 31 January + 1 month is 28 (or 29) February."""
    index = day.month - 1 + months
    return day_in_month(day.year + index // 12, index % 12 + 1, day.day)


def end_of_months(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` calendar months beginning with ``start``: the day
    before the corresponding date, or the month's last day when there is none. 1 March + 6 months
    ends 31 August; 31 August + 6 months ends 28 February."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return dt.date(year, month, last_day)
    return dt.date(year, month, start.day) - ONE_DAY


def end_of_years(start: dt.date, years: int) -> dt.date:
    """The last day of a period of ``years`` years beginning with ``start`` (12 months a year):
    1 January 2024 + 6 years ends 31 December 2029; 29 February 2024 + 6 years ends 28 February 2030."""
    return end_of_months(start, 12 * years)


def after_years(start: dt.date, years: int) -> dt.date:
    """The first day after ``years`` years beginning with ``start``: the anniversary, and 1 March
    for 29 February in a common year (an empty-home premium's next step, for instance)."""
    return end_of_years(start, years) + ONE_DAY
