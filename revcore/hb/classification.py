"""What caused an HB overpayment, whether it is recoverable and from whom (HB Regs 2006 regs
100-102; Social Security Administration Act 1992 s.75), and the decision that records it.

Every overpayment is recoverable except one caused by official error (of the council or of
DWP/HMRC) that the claimant, their representative or the payee could not reasonably have
realised was an overpayment, at the time it was received or of any notice about it (reg 100(2)).
A payment on account is always recoverable (reg 100(3)). An overpayment the claimant
contributed to (failing to report, misrepresenting) is not official error: record it as
claimant error or fraud.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from revcore.hb.overpayment import OverpaymentCalculation
from revcore.money import ZERO, format_money
from revcore.dates import ONE_DAY, end_of_years
from revcore.periods import DateRange
from revcore.validation import member_of

__all__ = ["Cause", "Payee", "Classification", "Overpayment", "ClassificationError"]


class ClassificationError(ValueError):
    """A classification or decision record that cannot stand (e.g. notified before decided)."""


class Cause(enum.Enum):
    CLAIMANT_ERROR = "claimant error"  # failure to report or misrepresentation, not fraud
    FRAUD = "fraud"  # found guilty, admitted after caution, or accepted an administrative penalty
    LA_OFFICIAL_ERROR = "LA official error"
    DWP_HMRC_OFFICIAL_ERROR = "DWP/HMRC official error"
    PAYMENT_ON_ACCOUNT = "payment on account"  # reg 93 payment exceeding the entitlement decided
    TECHNICAL = "technical"  # e.g. paid in advance, then the claim ended

    @property
    def official_error(self) -> bool:
        return self in (Cause.LA_OFFICIAL_ERROR, Cause.DWP_HMRC_OFFICIAL_ERROR)


class Payee(enum.Enum):
    """Who the HB was paid to."""

    CLAIMANT = "claimant"
    LANDLORD = "landlord"  # paid direct


@attrs.frozen
class Classification:
    """The cause, who was paid, (for official error only) whether the claimant or payee could
    reasonably have realised they were being overpaid, and (for fraud only) whether the person was
    found guilty of an offence, rather than cautioned or penalised."""

    cause: Cause = attrs.field(validator=member_of(Cause))
    paid_to: Payee = attrs.field(default=Payee.CLAIMANT, validator=member_of(Payee))
    could_have_realised: bool | None = None
    found_guilty: bool = False

    def __attrs_post_init__(self) -> None:
        if self.cause.official_error and self.could_have_realised is None:
            raise ClassificationError(f"{self.cause.value}: say whether the claimant or payee could reasonably "
                                      "have realised it was an overpayment (reg 100(2))")
        if not self.cause.official_error and self.could_have_realised is not None:
            raise ClassificationError(f"{self.cause.value}: 'could have realised' applies to official error only")
        if self.found_guilty and self.cause is not Cause.FRAUD:
            raise ClassificationError(f"{self.cause.value}: 'found guilty' applies to fraud only")

    @property
    def recoverable(self) -> bool:
        return not (self.cause.official_error and not self.could_have_realised)

    @property
    def rule(self) -> str:
        """Why it is or is not recoverable, citing the regulation."""
        if self.cause is Cause.PAYMENT_ON_ACCOUNT:
            return "recoverable: a payment on account is always recoverable (reg 100(3))"
        if self.cause.official_error:
            if self.could_have_realised:
                return (f"recoverable: {self.cause.value}, but the claimant or payee could reasonably have realised "
                        "it was an overpayment (reg 100(2))")
            return (f"not recoverable: {self.cause.value} that the claimant or payee could not reasonably have "
                    "realised was an overpayment (reg 100(2))")
        return f"recoverable: {self.cause.value} is not official error (reg 100(1))"

    @property
    def recover_from(self) -> tuple[str, ...]:
        """Who the council may recover from (reg 101, SSAA 1992 s.75: text UNVERIFIED, sheet B)."""
        if not self.recoverable:
            return ()
        if self.cause in (Cause.CLAIMANT_ERROR, Cause.FRAUD):
            # the person who misrepresented or failed to disclose, as well as or instead of the payee
            return ("claimant", "landlord") if self.paid_to is Payee.LANDLORD else ("claimant",)
        return (self.paid_to.value,)

    @property
    def fraud_rates(self) -> bool:
        """The higher deduction from ongoing HB applies (reg 102(3)): found guilty, admitted after
        caution, or accepted an administrative penalty."""
        return self.cause is Cause.FRAUD

    @property
    def dea_higher_tables(self) -> bool:
        """DEA tables C and D apply: found guilty of an offence for the overpayment (SI 2013/384
        reg 20(3A)-(3B), as sheet B reads it; whether a caution or penalty also counts is UNVERIFIED)."""
        return self.cause is Cause.FRAUD and self.found_guilty


@attrs.frozen
class Overpayment:
    """The overpayment decision: the calculation, its classification, when it was decided and
    when the claimant (and any landlord) was notified."""

    reference: str
    claimant: str
    calculation: OverpaymentCalculation
    classification: Classification
    decided_on: dt.date
    notified_on: dt.date
    claim: DateRange | None = None
    """The HB claim the overpaid benefit was paid on (the benefits decision says); None in records
    made before it was kept."""

    def __attrs_post_init__(self) -> None:
        period = self.calculation.period
        if self.claim is not None and not (self.claim.start <= period.start and period.end <= self.claim.end):
            raise ClassificationError(f"overpayment {self.reference}: the overpayment period {period} is outside the "
                                      f"claim {self.claim}: HB can only be overpaid on a claim (HB Regs 2006 reg 99)")
        if self.notified_on < self.decided_on:
            raise ClassificationError(f"overpayment {self.reference}: notified {self.notified_on.isoformat()} "
                                      f"before it was decided ({self.decided_on.isoformat()})")

    @property
    def amount(self) -> Decimal:
        return self.calculation.total

    @property
    def recoverable_amount(self) -> Decimal:
        return self.amount if self.classification.recoverable else ZERO

    def notified_late(self, notice_days: int) -> bool:
        """Notified more than ``notice_days`` after the decision (14 days per sheet B: UNVERIFIED, data)."""
        return (self.notified_on - self.decided_on).days > notice_days

    def statute_barred_after(self, years: int) -> dt.date:
        """``years`` after the decision (Limitation Act 1980 s.9; whether time runs from the decision
        or from each payment is UNVERIFIED, sheet B: the decision is taken, and ``years`` is data).
        Once invoiced, :meth:`revcore.sundry.debt.SundryDebt.statute_barred_after` also counts
        later payments and acknowledgments."""
        return end_of_years(self.decided_on + ONE_DAY, years)  # from the day after (Limitation Act s.5)

    def summary(self) -> str:
        c = self.classification
        return (f"Overpayment {self.reference} ({self.claimant}): {format_money(self.amount)} for "
                f"{self.calculation.period}; cause {c.cause.value}, paid to the {c.paid_to.value}; {c.rule}; "
                f"recover from: {', '.join(c.recover_from) or 'nobody'}; decided {self.decided_on.isoformat()}, "
                f"notified {self.notified_on.isoformat()}")
