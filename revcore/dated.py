"""Dated tables: values that apply from an effective date until the next one.

Rates, thresholds, statutory tables and council settings change by date (often by financial
year). They live in ``refdata/tables/`` as dated rows and are looked up here, so a new year's figure is a
data change, not a code change.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Generic, Iterable, Protocol, TypeVar

import attrs

__all__ = ["DatedTable", "NotInForce", "Effective"]

T = TypeVar("T")


class Effective(Protocol):
    """A dated row: anything with an ``effective_from`` day (a rate, a policy, a schedule)."""

    @property
    def effective_from(self) -> dt.date: ...


class NotInForce(LookupError):
    """Asked for a value on a day before the table's first entry."""


def _sorted_unique(rows: Iterable[tuple[dt.date, T]]) -> tuple[tuple[dt.date, T], ...]:
    ordered = tuple(sorted(rows, key=lambda row: row[0]))
    for (a, _), (b, _) in zip(ordered, ordered[1:]):
        if a == b:
            raise ValueError(f"two entries take effect on {a.isoformat()}")
    return ordered


@attrs.frozen
class DatedTable(Generic[T]):
    """``(effective_from, value)`` rows; :meth:`at` gives the value in force on a day."""

    name: str
    rows: tuple[tuple[dt.date, T], ...] = attrs.field(converter=_sorted_unique)
    _days: tuple[dt.date, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_days", tuple(day for day, _ in self.rows))

    def at(self, day: dt.date) -> T:
        index = bisect_right(self._days, day)
        if index == 0:
            first = self._days[0].isoformat() if self._days else "no entries"
            raise NotInForce(f"{self.name}: nothing in force on {day.isoformat()} (first entry: {first})")
        return self.rows[index - 1][1]

    def effective_from(self, day: dt.date) -> dt.date:
        """The date the value in force on ``day`` took effect."""
        index = bisect_right(self._days, day)
        if index == 0:
            raise NotInForce(f"{self.name}: nothing in force on {day.isoformat()}")
        return self._days[index - 1]

    def change_days(self) -> tuple[dt.date, ...]:
        return self._days
