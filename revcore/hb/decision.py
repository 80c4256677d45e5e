"""An overpayment as the benefits system decides it: the claim, the period overpaid, the amount,
its classification and who it is recovered from; and a direct earnings attachment order.

The benefits system works out the amount (:func:`revcore.hb.calculate_overpayment` explains it
when the weekly amounts are known); the revenues side receives the decision. Its amount is split
by financial year in proportion to the days of the period in each (subsidy and the ledger count
by year): a reading, since the decision itself gives one total (see docs/notes.md).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from revcore.hb.classification import Classification, Overpayment
from revcore.hb.overpayment import OverpaymentCalculation, OverpaymentLine
from revcore.money import PENNY_HALF_UP, format_money, money_sum
from revcore.periods import DateRange
from revcore.steps import Step
from revcore.validation import member_of

__all__ = ["DEA_NOTICE_DAYS", "DecisionError", "YEAR_SHARE", "apportion_by_year", "overpayment_from_decision", "PayFrequency", "DeaOrder"]

YEAR_SHARE = PENNY_HALF_UP
"""Each financial year's share of the decision's amount, days in the year / days in the period,
nearest penny half up; the last year takes what is left so the shares add up to the amount."""


class DecisionError(ValueError):
    """A benefits decision that cannot be recorded (no amount, a period outside the claim)."""


def apportion_by_year(period: DateRange, amount: Decimal) -> OverpaymentCalculation:
    """``amount`` overpaid over ``period``, one line per financial year, shares by days."""
    if amount <= 0:
        raise DecisionError(f"the amount overpaid must be more than nothing, not {format_money(amount)}")
    pieces = period.split_at(fy.start for fy in period.financial_years())
    lines: list[OverpaymentLine] = []
    for n, piece in enumerate(pieces):
        last = n == len(pieces) - 1
        share = amount - money_sum(line.amount for line in lines) if last else \
            YEAR_SHARE(amount * piece.days / period.days)
        how = (f"the rest of {format_money(amount)} after the earlier years" if last and len(pieces) > 1 else
               f"{format_money(amount)} x {piece.days}/{period.days} days" if len(pieces) > 1 else
               f"{format_money(amount)} over {period.days} days")
        rule = ("the benefits decision's amount (HB Regs 2006 reg 99)" if len(pieces) == 1 else
                f"the benefits decision's amount split by days in each financial year, {YEAR_SHARE.name}")
        weekly = PENNY_HALF_UP(share * 7 / piece.days)  # the weekly rate overpaid, shown only
        lines.append(OverpaymentLine(piece, weekly, Decimal("0.00"), Decimal("0.00"), (Step(how, rule, share),)))
    return OverpaymentCalculation(period, tuple(lines))


def overpayment_from_decision(reference: str, claimant: str, claim: DateRange, period: DateRange, amount: Decimal,
                              classification: Classification, decided_on: dt.date,
                              notified_on: dt.date) -> Overpayment:
    """The overpayment the decision records; the period must lie within the claim (reg 99)."""
    if not claimant.strip():
        raise DecisionError("the decision names no claimant")
    return Overpayment(reference, claimant, apportion_by_year(period, amount), classification, decided_on,
                       notified_on, claim)


DEA_NOTICE_DAYS = 22
"""A DEA notice has effect from the next pay day at least 22 days after it is given (SI 2013/384 reg 19(3))."""


class PayFrequency(enum.Enum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


def _text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise DecisionError(f"direct earnings attachment: give the {attribute.name.replace('_', ' ')}")


@attrs.frozen
class DeaOrder:
    """A direct earnings attachment (SI 2013/384 Part 6, regs 17-30): the employer told to deduct
    from the debtor's pay each pay day, by the tables for the pay frequency (the higher tables after a
    conviction for the overpayment), from ``starts``."""

    employer: str = attrs.field(validator=_text)
    employer_address: tuple[str, ...] = attrs.field(converter=tuple[str, ...])
    payroll_number: str
    frequency: PayFrequency = attrs.field(validator=member_of(PayFrequency))
    higher: bool
    starts: dt.date
    """The notice's date plus :data:`DEA_NOTICE_DAYS`: deductions from the first pay day on or after."""
    national_insurance: str = ""
    """The liable person's National Insurance number: the notice must give it (reg 19(2)(d))."""

    def __attrs_post_init__(self) -> None:
        if len([line for line in self.employer_address if line.strip()]) < 2:
            raise DecisionError("direct earnings attachment: give the employer's address for the notice "
                                "(at least a line and the postcode)")
