"""Enforcement agent fees (Taking Control of Goods (Fees) Regulations 2014, SI 2014/1).

Each stage has a fixed fee plus a percentage of the sum to be recovered above a threshold
(£1,500 from 6 April 2014). The figures are dated data (``refdata/tables/recovery/ea_fees.toml``).
The agent charges these to the debtor; the council pays none of them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.dated import DatedTable
from revcore.money import PENNY_HALF_UP, ZERO, format_money

__all__ = ["EA_STAGES", "FeeStage", "FeeSchedule", "EaFee", "ea_fee"]

EA_STAGES = ("compliance", "enforcement", "sale")


@attrs.frozen
class FeeStage:
    fixed: Decimal
    percentage: Decimal  # 0.075 = 7.5%


@attrs.frozen
class FeeSchedule:
    """The fee stages in force together, the percentage threshold and their source."""

    stages: dict[str, FeeStage] = attrs.field(converter=dict)
    threshold: Decimal
    source: str

    def __attrs_post_init__(self) -> None:
        missing = [stage for stage in EA_STAGES if stage not in self.stages]
        if missing:
            raise ValueError(f"enforcement agent fee schedule lacks the stage(s) {', '.join(missing)}")


@attrs.frozen
class EaFee:
    stage: str
    amount: Decimal
    explanation: str
    source: str


def ea_fee(fees: DatedTable[FeeSchedule], stage: str, sum_to_recover: Decimal, day: dt.date) -> EaFee:
    """The fee for ``stage`` on a sum to be recovered, with the schedule in force on ``day``.

    The percentage applies only to the part of the sum exceeding the threshold; the result is
    rounded to the nearest penny, half up (the regulations state no rounding: DERIVED).
    """
    if stage not in EA_STAGES:
        raise ValueError(f"enforcement agent fee stage {stage!r}: expected one of {', '.join(EA_STAGES)}")
    schedule = fees.at(day)
    rule = schedule.stages[stage]
    excess = max(sum_to_recover - schedule.threshold, ZERO)
    extra = PENNY_HALF_UP(excess * rule.percentage)
    amount = rule.fixed + extra
    explanation = f"{stage} fee {format_money(rule.fixed)}"
    if rule.percentage and not excess:
        explanation += (
            f" (no percentage: the sum of {format_money(sum_to_recover)} does not exceed "
            f"{format_money(schedule.threshold)})"
        )
    elif rule.percentage:
        explanation += (
            f" plus {(rule.percentage * 100).normalize():f}% of {format_money(excess)} (the sum of "
            f"{format_money(sum_to_recover)} above {format_money(schedule.threshold)}) = "
            f"{format_money(extra)}; total {format_money(amount)} ({PENNY_HALF_UP.name})"
        )
    return EaFee(stage, amount, explanation, schedule.source)
