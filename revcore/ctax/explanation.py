"""The explained charge: lines (one per span where nothing changes), each made of steps in the
order of LGFA 1992 ss.11-13A (band → disability reduction → exemption, discount or premium →
CTR / s.13A), whose amounts add up exactly to the line, and lines that add up to the total.

These are light frozen objects built by the engine; text is rendered only when asked for.
"""

from __future__ import annotations

import builtins
import datetime as dt
import textwrap
from decimal import Decimal
from typing import Any, Callable, Iterable, Sequence

import attrs

from revcore.money import PENNY, ZERO, format_money
from revcore.periods import FinancialYear
from revcore.steps import Step

__all__ = ["Step", "ChargeLine", "Explanation", "format_annual", "step_rows", "render_lines"]


@attrs.frozen
class ChargeLine:
    """A span of days in one financial year over which everything is constant."""

    start: dt.date
    end: dt.date
    days: int
    year: int
    """Start year of the financial year (2027 = 2027/28)."""
    days_in_year: int
    band: str
    """The band in the valuation list on these days (a disabled reduction shows as a step)."""
    steps: tuple[Step, ...]
    amount: Decimal

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def annual(self) -> Decimal:
        """The band's annual amount before any reduction (what the bill shows as the charge for the band)."""
        return self.steps[0].annual_amount

    @property
    def net_annual(self) -> Decimal:
        return self.steps[-1].annual_amount

    def render(self) -> list[str]:
        """Text rows: the span, then each step with its amount and (below it) the rule."""
        return [
            f"{self.start.isoformat()} to {self.end.isoformat()}: {self.days} of {self.days_in_year} days"
            f" in {FinancialYear(self.year).label}, band {self.band}",
            *step_rows(self.steps, self.days, self.days_in_year, self.amount),
        ]


def step_rows(
    steps: Iterable[Step], days: int, days_in_year: int, amount: Decimal, show: Callable[[Decimal], str] | None = None
) -> list[str]:
    """A line's steps as text rows, each with its amount and (below it) the rule, the first as the
    annual amount x days / days in year; then the line's total. ``show`` formats annual figures
    (default :func:`format_annual`). Shared with business rates (:mod:`revcore.nndr.explanation`)."""
    show = show or format_annual
    rows: list[str] = []
    for index, step in enumerate(steps):
        if index == 0:
            text = f"{step.description}: {show(step.annual_amount)} a year x {days}/{days_in_year}"
        else:
            text = f"{step.description}, leaves {show(step.annual_amount)} a year"
        *wrapped, last = textwrap.wrap(text, 66, subsequent_indent="  ")
        rows.extend(f"  {part}" for part in wrapped)
        rows.append(f"  {last:<66} {format_money(step.amount):>12}")
        rows.append(f"      ({step.rule})")
    rows.append(f"  {'line total':<66} {format_money(amount):>12}")
    return rows


def render_lines(title: str, note: str, lines: Sequence[Any], total: Decimal) -> str:
    """An explanation as text: the title, a note on rounding, each line's rows (from its
    ``render()``) and the total. Shared with business rates."""
    rows = [title, note]
    if not lines:
        rows.append("  (no days charged)")
    for line in lines:
        rows.extend("  " + row for row in line.render())
    rows.append(f"  {'TOTAL':<68} {format_money(total):>12}")
    return "\n".join(rows)


def format_annual(amount: Decimal) -> str:
    """Money with pence, or with every decimal place when an exact annual figure has fractions
    of a penny (e.g. 25% off £2,655.94 is £1,991.955 a year): the figure is shown, not rounded."""
    if amount == amount.quantize(PENNY):
        return format_money(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount).normalize():,f}"


@attrs.frozen
class Explanation:
    """The charge for a liability over a period: the lines, their exact total, and the rounding rule."""

    liability: str
    property: str
    lines: tuple[ChargeLine, ...]
    total: Decimal
    rounding: str
    """Name of the rounding rule applied to each step of each line (the only rounding after band amounts)."""

    # builtins.property: the field ``property`` (the dwelling's reference) hides the builtin here
    @builtins.property
    def start(self) -> dt.date | None:
        return self.lines[0].start if self.lines else None

    @builtins.property
    def end(self) -> dt.date | None:
        return self.lines[-1].end if self.lines else None

    def years(self) -> tuple[int, ...]:
        return tuple(sorted({line.year for line in self.lines}))

    def for_year(self, year: int | FinancialYear) -> "Explanation":
        """The part of this charge in one financial year (one bill)."""
        start_year = year.start_year if isinstance(year, FinancialYear) else year
        lines = tuple(line for line in self.lines if line.year == start_year)
        total = ZERO
        for line in lines:
            total += line.amount
        return attrs.evolve(self, lines=lines, total=total)

    def render(self, title: str | None = None) -> str:
        """A plain-text rendering as a trainer would read it out (also used for snapshots)."""
        return render_lines(
            title or f"Council tax for property {self.property}, liability {self.liability}",
            f"Rounding: {self.rounding}, at each step of each line",
            self.lines,
            self.total,
        )

    def __str__(self) -> str:
        return self.render()
