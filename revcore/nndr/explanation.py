"""The explained rates charge: lines (one per span of days over which the RV, multiplier,
occupation, certificate and reliefs are constant), each made of steps in the order of calculation
(gross → empty-property rules → s.44A → mandatory relief → s.47 → s.49), with
revcore's one :class:`~revcore.steps.Step` (each with the annual amount after it).

Only each financial year's total is rounded (:data:`revcore.nndr.charge.CHARGE_ROUNDING`). So
that the figures shown add up to it exactly, each step's ``amount`` is the running total of the
year's exact amounts rounded after that step, less the running total rounded before it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs

from revcore.ctax.explanation import render_lines, step_rows
from revcore.steps import Step
from revcore.money import format_money
from revcore.nndr.rules import Multiplier
from revcore.periods import FinancialYear

__all__ = ["RatesLine", "RatesExplanation", "show_exact"]


def show_exact(amount: Decimal) -> str:
    """An exact annual figure: to the penny when it is one, else every decimal place up to six,
    else six places and an ellipsis (1/3 of a percent makes recurring decimals)."""
    if amount == amount.quantize(Decimal("0.01")):
        return format_money(amount)
    six = amount.quantize(Decimal("0.000001"))
    return f"£{six.normalize():,f}" + ("" if six == amount else "...")


@attrs.frozen
class RatesLine:
    """A span of days in one financial year over which everything is constant.

    ``rateable_value`` is the list value for these days (a s.44A apportionment shows as a step);
    ``exact`` is the line's amount before any rounding.
    """

    start: dt.date
    end: dt.date
    days: int
    year: int
    """Start year of the financial year (2027 = 2027/28)."""
    days_in_year: int
    rateable_value: Decimal
    list_year: int
    multiplier: Multiplier
    occupied: bool
    steps: tuple[Step, ...]
    amount: Decimal
    exact: Fraction

    def render(self) -> list[str]:
        """Text rows: the span, then each step with its amount and (below it) the rule."""
        return [
            f"{self.start.isoformat()} to {self.end.isoformat()}: {self.days} of {self.days_in_year} days"
            f" in {FinancialYear(self.year).label}, {'occupied' if self.occupied else 'unoccupied'},"
            f" RV £{self.rateable_value:,} ({self.list_year} list)",
            *step_rows(self.steps, self.days, self.days_in_year, self.amount, show_exact),
        ]


@attrs.frozen
class RatesExplanation:
    """The rates charge for a liability over a period: the lines, the total (each year's exact
    total rounded once by the rule named in ``rounding``), and ``gross``, the same days charged
    on the list RV and multiplier with no relief, apportionment or empty-property rule."""

    liability: str
    hereditament: str
    lines: tuple[RatesLine, ...]
    total: Decimal
    gross: Decimal
    rounding: str

    def years(self) -> tuple[int, ...]:
        return tuple(sorted({line.year for line in self.lines}))

    def render(self, title: str | None = None) -> str:
        """A plain-text rendering as a trainer would read it out (also used for snapshots)."""
        return render_lines(
            title or f"Business rates for hereditament {self.hereditament}, liability {self.liability}",
            f"Rounding: {self.rounding}; each figure is the running total so rounded, less the one before",
            self.lines,
            self.total,
        )

    def __str__(self) -> str:
        return self.render()
