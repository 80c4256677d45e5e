"""Financial years and date ranges.

Every :class:`DateRange` includes both its ``start`` and its ``end`` day: council tax and
business rates are charged day by day, and the state at the end of a day governs the whole
day (LGFA 1992 s.2), so a liability "from 1 April to 30 June" charges 91 days including
30 June. Where a change takes effect on day D, the old state ends on D - 1 and the new state
starts on D: :meth:`DateRange.split_at` follows that convention.

A :class:`FinancialYear` runs from 1 April to 31 March and has 365 or 366 days (366 when it
contains 29 February, e.g. 2027/28).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

import attrs
from revcore.validation import AnyField, instance_of

__all__ = ["DateRange", "FinancialYear", "PeriodError", "ONE_DAY"]

ONE_DAY = dt.timedelta(days=1)


class PeriodError(ValueError):
    """An impossible period: an end before its start, or a date outside what was asked."""


def _check_order(instance: "DateRange", attribute: AnyField, end: dt.date) -> None:
    if end < instance.start:
        raise PeriodError(f"period ends {end.isoformat()} before it starts {instance.start.isoformat()}")


@attrs.frozen(order=True)
class DateRange:
    """The days from ``start`` to ``end``, both included."""

    start: dt.date = attrs.field(validator=instance_of(dt.date))
    end: dt.date = attrs.field(validator=[instance_of(dt.date), _check_order])

    @property
    def days(self) -> int:
        """Number of days, counting both ends."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: "DateRange") -> bool:
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: "DateRange") -> "DateRange | None":
        start = max(self.start, other.start)
        end = min(self.end, other.end)
        return DateRange(start, end) if start <= end else None

    def split_at(self, change_days: Iterable[dt.date]) -> list["DateRange"]:
        """Split where something changes: each change day starts a new range.

        Change days outside the range, or on its first day, split nothing.
        """
        cuts = sorted({d for d in change_days if self.start < d <= self.end})
        pieces: list[DateRange] = []
        start = self.start
        for cut in cuts:
            pieces.append(DateRange(start, cut - ONE_DAY))
            start = cut
        pieces.append(DateRange(start, self.end))
        return pieces

    def financial_years(self) -> list["FinancialYear"]:
        """The financial years this range touches, in order."""
        first = FinancialYear.containing(self.start).start_year
        last = FinancialYear.containing(self.end).start_year
        return [FinancialYear(y) for y in range(first, last + 1)]

    def split_by_financial_year(self) -> list[tuple["FinancialYear", "DateRange"]]:
        """Each financial year touched, with the part of this range inside it."""
        # every year listed touches this range, so each part has at least a day
        return [(fy, DateRange(max(self.start, fy.range.start), min(self.end, fy.range.end)))
                for fy in self.financial_years()]

    def iter_days(self) -> Iterator[dt.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += ONE_DAY

    def __str__(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@attrs.frozen(order=True)
class FinancialYear:
    """The financial year that starts on 1 April of ``start_year``."""

    start_year: int = attrs.field(validator=instance_of(int))

    @classmethod
    def containing(cls, day: dt.date) -> "FinancialYear":
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> "FinancialYear":
        """Read ``"2027/28"``, ``"2027-28"`` or ``"2027"``."""
        text = label.strip()
        head = text.replace("-", "/").split("/")[0]
        if not head.isdigit() or len(head) != 4:
            raise PeriodError(f"{label!r} is not a financial year such as 2027/28")
        year = cls(int(head))
        if "/" in text.replace("-", "/"):
            tail = text.replace("-", "/").split("/")[1]
            if tail not in (str(year.start_year + 1)[-2:], str(year.start_year + 1)):
                raise PeriodError(f"{label!r} is not a financial year such as 2027/28")
        return year

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        """31 March, the last day of the year (inclusive)."""
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def range(self) -> DateRange:
        return DateRange(self.start, self.end)

    @property
    def days(self) -> int:
        """365, or 366 when the year contains 29 February."""
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start_year}/{str(self.start_year + 1)[-2:]}"

    def next(self) -> "FinancialYear":
        return FinancialYear(self.start_year + 1)

    def previous(self) -> "FinancialYear":
        return FinancialYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label

