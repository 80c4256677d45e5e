"""Recovery of an overpayment by deduction from ongoing HB (HB Regs 2006 reg 102), and the plan
that repays it.

The weekly maximum is 5% of the personal allowance for a single claimant aged 25 or over,
rounded UP to the next multiple of 5p, times 3 (times 5 after fraud), plus half of any earned
income disregard applied in the claimant's assessment. The allowance, the multipliers and the
share of the disregard are dated data (``refdata/tables/hb/deductions.toml``, UNVERIFIED/DERIVED marks
there). The council may deduct less (hardship); never more than the HB awarded for the week.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal

import attrs

from revcore.dated import DatedTable
from revcore.money import PENNY_DOWN, ZERO, RoundingRule, format_money, money_sum
from revcore.steps import Step, percent, render_steps
from revcore.validation import AnyField

__all__ = [
    "UP_TO_5P",
    "StepRounding",
    "DeductionRates",
    "WeeklyMaximum",
    "weekly_maximum",
    "DeductionPlan",
    "plan_recovery",
    "DeductionError",
]


class DeductionError(ValueError):
    """A deduction or plan that cannot be made (nothing to deduct, a start not on a Monday)."""


@attrs.frozen
class StepRounding(RoundingRule):
    """A named rounding to a multiple of ``quantum`` (e.g. 5p), not only to a decimal place."""

    def __call__(self, amount: Decimal) -> Decimal:
        return (amount / self.quantum).to_integral_value(rounding=self.rounding) * self.quantum


UP_TO_5P = StepRounding("rounded up to the next multiple of 5p", Decimal("0.05"), ROUND_CEILING)
"""Reg 102(2): 5% of the personal allowance "rounded up to the next 5p" (sheet B)."""


def _fraction(instance: object, attribute: AnyField, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not 0 <= value <= 1:
        raise DeductionError(f"{attribute.name} {value} must be a Decimal fraction between 0 and 1")


def _positive_int(instance: object, attribute: AnyField, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DeductionError(f"{attribute.name} {value!r} must be a whole number of at least 1")


@attrs.frozen
class DeductionRates:
    """The figures in force from one date: the personal allowance (single, 25+, weekly), the
    percentage of it, the ordinary and fraud multipliers, the share of an earned income
    disregard that may be added, and where each came from."""

    personal_allowance: Decimal
    percentage: Decimal = attrs.field(validator=_fraction)
    ordinary_multiplier: int = attrs.field(validator=_positive_int)
    fraud_multiplier: int = attrs.field(validator=_positive_int)
    disregard_share: Decimal = attrs.field(validator=_fraction)
    source: str


@attrs.frozen
class WeeklyMaximum:
    """The most that may be deducted from a week's HB, and the steps that give it."""

    steps: tuple[Step, ...]

    @property
    def amount(self) -> Decimal:
        return money_sum(step.amount for step in self.steps)

    def render(self) -> str:
        return "\n".join(render_steps(self.steps, "weekly maximum", self.amount))


def weekly_maximum(rates: DatedTable[DeductionRates], week: dt.date, *, fraud: bool = False,
                   earned_income_disregard: Decimal = ZERO) -> WeeklyMaximum:
    """The weekly maximum deduction for the benefit week containing ``week``.

    ``earned_income_disregard`` is the disregard applied in the claimant's assessment (£5 single,
    £10 couple, £20 disabled, £25 lone parent: the amounts themselves are the HB assessment's).
    """
    if earned_income_disregard < 0:
        raise DeductionError(f"earned income disregard {earned_income_disregard} cannot be negative")
    r = rates.at(week)
    five = UP_TO_5P(r.personal_allowance * r.percentage)
    times = r.fraud_multiplier if fraud else r.ordinary_multiplier
    kind = "fraud: found guilty, admitted after caution or penalty" if fraud else "ordinary"
    steps = [Step(
        f"{percent(r.percentage)} of {format_money(r.personal_allowance)} = {format_money(five)}, x {times} ({kind})",
        f"reg 102(2)-(3): personal allowance single 25+ from {rates.effective_from(week).isoformat()}, "
        f"{UP_TO_5P.name}; {r.source}", five * times)]
    if earned_income_disregard:
        extra = PENNY_DOWN(earned_income_disregard * r.disregard_share)
        steps.append(Step(f"plus {percent(r.disregard_share)} of the {format_money(earned_income_disregard)} earned "
                          "income disregard", f"reg 102(3) (UNVERIFIED), {PENNY_DOWN.name}", extra))
    return WeeklyMaximum(tuple(steps))


@attrs.frozen
class DeductionPlan:
    """Weekly deductions from ``first`` (a Monday) that repay ``amount`` exactly: every week takes
    ``weekly`` except the last, which takes what is left."""

    amount: Decimal
    weekly: Decimal
    first: dt.date

    def __attrs_post_init__(self) -> None:
        if self.amount <= 0 or self.weekly <= 0:
            raise DeductionError(f"a recovery plan needs an amount and a weekly deduction above nothing, "
                                 f"not {self.amount} and {self.weekly}")
        if self.first.weekday() != 0:
            raise DeductionError(f"deductions start on a Monday (a benefit week), not {self.first:%A %d %B %Y}")

    @property
    def weeks(self) -> int:
        return int((self.amount / self.weekly).to_integral_value(rounding=ROUND_CEILING))

    @property
    def last_amount(self) -> Decimal:
        return self.amount - self.weekly * (self.weeks - 1)

    @property
    def last(self) -> dt.date:
        """The Monday of the benefit week of the last deduction."""
        return self.first + dt.timedelta(weeks=self.weeks - 1)

    def deductions(self, until: dt.date | None = None) -> tuple[tuple[dt.date, Decimal], ...]:
        """Each benefit week's Monday and its deduction, stopping after ``until`` (e.g. the claim ends)."""
        rows = []
        for n in range(self.weeks):
            week = self.first + dt.timedelta(weeks=n)
            if until is not None and week > until:
                break
            rows.append((week, self.last_amount if n == self.weeks - 1 else self.weekly))
        return tuple(rows)

    def describe(self) -> str:
        tail = f", then {format_money(self.last_amount)}" if self.last_amount != self.weekly else ""
        return (f"{format_money(self.amount)} at {format_money(self.weekly)} a week from {self.first.isoformat()}: "
                f"{self.weeks} weeks ({self.weeks - 1} x {format_money(self.weekly)}{tail}), last deduction in the "
                f"benefit week starting {self.last.isoformat()}")


def plan_recovery(amount: Decimal, maximum: WeeklyMaximum, weekly_award: Decimal, first: dt.date,
                  *, agreed: Decimal | None = None) -> DeductionPlan:
    """Deduct the weekly maximum (or a lower or higher ``agreed`` amount), never more than the
    HB awarded for the week, from the benefit week starting ``first``."""
    weekly = maximum.amount if agreed is None else agreed
    return DeductionPlan(amount, min(weekly, weekly_award), first)
