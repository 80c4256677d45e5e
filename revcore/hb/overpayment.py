"""The amount of a Housing Benefit overpayment (HB Regs 2006 regs 99 and 104), explained.

HB is awarded as a weekly amount for benefit weeks running Monday to Sunday. For each span of
days over which nothing changes (the amount paid, the entitlement as revised or superseded,
the underlying entitlement, the financial year) the explanation has one line:

    paid - revised entitlement - underlying entitlement deducted = overpaid on these days

Each amount on a line is ``weekly x days / 7`` rounded once, by :data:`PART_WEEK` (whole weeks
come out exact). The line's steps add up to the line exactly and the lines to the total.

The underlying entitlement (reg 104) only reduces an overpayment: it is deducted up to what the
line overpaid, never below nothing. A line where the revised entitlement exceeds what was paid
(an underpayment) is negative and is offset against the rest. Lines split at financial years
because subsidy and the ledger count by year.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import attrs

from revcore.dated import DatedTable
from revcore.money import PENNY, ZERO, RoundingRule, format_money, money_sum, to_money
from revcore.periods import DateRange
from revcore.steps import Step, render_steps

__all__ = [
    "PART_WEEK",
    "OverpaymentError",
    "OverpaymentLine",
    "OverpaymentCalculation",
    "weekly_amounts",
    "benefit_week_start",
    "change_takes_effect",
    "calculate_overpayment",
]

PART_WEEK = RoundingRule("weekly amount x days / 7, nearest penny, half up, once per line", PENNY, ROUND_HALF_UP)
"""HB for part of a benefit week is a daily seventh of the weekly amount (HB Regs 2006 reg 80:
reading UNVERIFIED); each line's amount is rounded once, so whole weeks stay exact."""

_WEEK = Decimal(7)


class OverpaymentError(ValueError):
    """An overpayment that cannot be calculated: no amounts for a day, nothing overpaid."""


def weekly_amounts(name: str, rows: list[tuple[dt.date, Decimal | str]]) -> DatedTable[Decimal]:
    """A weekly amount in force from each date (``[(date, "120.00"), ...]``), as a :class:`DatedTable`."""
    return DatedTable(name, [(day, to_money(amount, where=f"{name} from {day.isoformat()}")) for day, amount in rows])


def benefit_week_start(day: dt.date) -> dt.date:
    """The Monday that starts the benefit week containing ``day``."""
    return day - dt.timedelta(days=day.weekday())


def change_takes_effect(change: dt.date) -> dt.date:
    """A change of circumstances takes effect from the first day of the benefit week after the
    week in which it occurs (HB Regs 2006 reg 79(1): reading UNVERIFIED, regulation not read)."""
    return benefit_week_start(change) + dt.timedelta(days=7)


@attrs.frozen
class OverpaymentLine:
    """Days over which the weekly amounts are constant, and what was overpaid on them."""

    days: DateRange
    paid_weekly: Decimal
    entitled_weekly: Decimal
    underlying_weekly: Decimal
    steps: tuple[Step, ...]

    @property
    def amount(self) -> Decimal:
        return money_sum(step.amount for step in self.steps)

    def render(self) -> list[str]:
        return [f"{self.days}: {self.days.days} days ({_weeks(self.days.days)})"] + render_steps(
            self.steps, "overpaid on these days", self.amount)


def _weeks(days: int) -> str:
    weeks, rest = divmod(days, 7)
    parts = [f"{weeks} week{'s' if weeks != 1 else ''}"] if weeks else []
    parts += [f"{rest} day{'s' if rest != 1 else ''}"] if rest else []
    return " and ".join(parts)


@attrs.frozen
class OverpaymentCalculation:
    """An overpayment period, the lines that make it up and their exact total."""

    period: DateRange
    lines: tuple[OverpaymentLine, ...]

    @property
    def total(self) -> Decimal:
        return money_sum(line.amount for line in self.lines)

    def render(self, title: str = "Housing Benefit overpaid") -> str:
        rows = [f"{title}, {self.period}", f"Rounding: {PART_WEEK.name}"]
        for line in self.lines:
            rows.extend("  " + row for row in line.render())
        rows.append(f"  {'TOTAL OVERPAID':<72} {format_money(self.total):>11}")
        return "\n".join(rows)


def _part(weekly: Decimal, days: int) -> Decimal:
    return PART_WEEK(weekly * days / _WEEK)


def _at(table: DatedTable[Decimal], day: dt.date, what: str) -> Decimal:
    try:
        return table.at(day)
    except LookupError:
        raise OverpaymentError(f"{what}: no weekly amount in force on {day.isoformat()}") from None


def _line(days: DateRange, paid_w: Decimal, entitled_w: Decimal, underlying_w: Decimal) -> OverpaymentLine:
    n = days.days
    paid, entitled, underlying = _part(paid_w, n), _part(entitled_w, n), _part(underlying_w, n)
    steps = [
        Step(f"HB paid: {format_money(paid_w)} a week x {n}/7", "HB Regs 2006 reg 99: what was paid", paid),
        Step(f"less entitlement as revised: {format_money(entitled_w)} a week x {n}/7",
             "reg 99: the entitlement on the decision as revised or superseded", -entitled),
    ]
    if underlying_w:
        deducted = min(underlying, max(paid - entitled, ZERO))
        note = "" if deducted == underlying else f", limited to what was overpaid ({format_money(deducted)})"
        steps.append(Step(f"less underlying entitlement: {format_money(underlying_w)} a week x {n}/7{note}",
                          "reg 104: HB that would have been paid had the facts been known", -deducted))
    return OverpaymentLine(days, paid_w, entitled_w, underlying_w, tuple(steps))


def calculate_overpayment(
    period: DateRange,
    paid: DatedTable[Decimal],
    entitled: DatedTable[Decimal],
    underlying: DatedTable[Decimal] | None = None,
) -> OverpaymentCalculation:
    """The overpayment over ``period`` (inclusive end) from the weekly amounts paid, the revised
    entitlement and (if any) the underlying entitlement; raises if nothing was overpaid."""
    tables = [paid, entitled] + ([underlying] if underlying is not None else [])
    changes = [day for table in tables for day in table.change_days()]
    changes += [fy.start for fy in period.financial_years()]
    lines = []
    for piece in period.split_at(changes):
        lines.append(_line(
            piece,
            _at(paid, piece.start, "HB paid"),
            _at(entitled, piece.start, "revised entitlement"),
            _at(underlying, piece.start, "underlying entitlement") if underlying is not None else ZERO,
        ))
    calculation = OverpaymentCalculation(period, tuple(lines))
    if calculation.total <= 0:
        raise OverpaymentError(f"{period}: nothing was overpaid (total {format_money(calculation.total)})")
    return calculation

