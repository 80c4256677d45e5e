"""What the recovery engine needs to know about an account: its position on a day.

An :class:`AccountPosition` holds, per financial year, the instalments that fall due (the
:class:`revcore.instalments.Instalment` values of the year's schedule), the payments credited
to that year, and the recovery history (notices issued, stages reached, costs raised, hearings, remedies); for the account, its holds, any payment
arrangement and what the council knows of the debtor's means. It is built from the ledger and
the instalment schedules by :func:`revcore.recovery.from_ledger.position_from_ledger`, with the
history, holds and arrangement the store keeps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.instalments import Instalment
from revcore.money import ZERO
from revcore.periods import FinancialYear
from revcore.validation import AnyField, instance_of, no_text_for_tuples

__all__ = [
    "Instalment",
    "Payment",
    "StageEvent",
    "YearPosition",
    "Employment",
    "DebtorMeans",
    "Hold",
    "Arrangement",
    "AccountPosition",
]


def _money(instance: object, attribute: AnyField, value: Decimal) -> None:
    if not isinstance(value, Decimal):
        raise TypeError(f"{type(instance).__name__}.{attribute.name}: {value!r} is not a Decimal amount")


def _positive_money(instance: object, attribute: AnyField, value: Decimal) -> None:
    _money(instance, attribute, value)
    if value <= 0:
        raise ValueError(f"{type(instance).__name__}.{attribute.name}: {value} must be more than nothing")


_date = instance_of(dt.date)
_optional_date = attrs.validators.optional(_date)


@attrs.frozen
class Payment:
    """Money credited to a year on a day (negative for a reversal or a refund)."""

    day: dt.date = attrs.field(validator=_date)
    amount: Decimal = attrs.field(validator=_money)


@attrs.frozen
class StageEvent:
    """A recovery step already taken for a year (read from the store).

    ``stage`` is a stage or remedy code (``reminder``, ``summons``, ``liability_order``,
    ``enforcement_agent``...), or ``costs`` for costs raised. ``until`` is the date the step
    runs to: the pay-by date of a notice, the day the balance fell due, or the hearing date of a
    summons. A remedy is live from its event with no ``outcome`` until an event for the same
    remedy with an outcome (``failed``, ``cleared``, ``ended``, ``recalled``).
    """

    stage: str
    day: dt.date = attrs.field(validator=_date)
    key: str = ""
    amount: Decimal | None = None
    until: dt.date | None = attrs.field(default=None, validator=_optional_date)
    outcome: str | None = None


def _by_due_date(instalments: tuple[Instalment, ...]) -> tuple[Instalment, ...]:
    return tuple(sorted(instalments, key=lambda i: i.due))


@attrs.frozen(field_transformer=no_text_for_tuples)
class YearPosition:
    """One financial year of an account: what falls due, what was paid, what was done."""

    year: FinancialYear
    instalments: tuple[Instalment, ...] = attrs.field(converter=_by_due_date)
    payments: tuple[Payment, ...] = attrs.field(default=(), converter=tuple[Payment, ...])
    history: tuple[StageEvent, ...] = attrs.field(default=(), converter=tuple[StageEvent, ...])

    def __attrs_post_init__(self) -> None:
        if not self.instalments:
            raise ValueError(f"{self.year.label}: a year in recovery needs its instalment schedule")

    @property
    def charge(self) -> Decimal:
        """The year's amount: all instalments."""
        total = ZERO
        for instalment in self.instalments:
            total += instalment.amount
        return total

    @property
    def costs(self) -> Decimal:
        """Costs raised so far (summons, liability order)."""
        total = ZERO
        for event in self.history:
            if event.stage == "costs" and event.amount is not None:
                total += event.amount
        return total

    def due_by(self, day: dt.date) -> Decimal:
        """Instalments that have fallen due on or before ``day``."""
        total = ZERO
        for instalment in self.instalments:
            if instalment.due > day:
                break
            total += instalment.amount
        return total

    def paid_by(self, day: dt.date) -> Decimal:
        total = ZERO
        for payment in self.payments:
            if payment.day <= day:
                total += payment.amount
        return total

    def arrears(self, day: dt.date) -> Decimal:
        """Instalments and costs due by ``day`` and not paid by then."""
        return self.due_by(day) + self.costs - self.paid_by(day)

    def balance(self, day: dt.date) -> Decimal:
        """Everything still owed for the year (due or not yet due) after payments to ``day``."""
        return self.charge + self.costs - self.paid_by(day)

    def events(self, stage: str) -> tuple[StageEvent, ...]:
        return tuple(event for event in self.history if event.stage == stage)

    def last(self, *stages: str) -> StageEvent | None:
        found = None
        for event in self.history:
            if event.stage in stages and (found is None or event.day >= found.day):
                found = event
        return found


@attrs.frozen
class Employment:
    """The debtor's employer and net earnings per pay period (from reg. 36 information)."""

    employer: str
    frequency: str = attrs.field(validator=attrs.validators.in_(("weekly", "monthly", "daily")))
    net_earnings: Decimal = attrs.field(validator=_money)


@attrs.frozen
class DebtorMeans:
    """What the council knows of the debtor's means; decides which remedies are open.

    ``identity`` names the person across accounts: accounts whose debtors share a non-empty
    identity share the limits on live orders (``max_live``, e.g. two attachments of earnings at
    once). Empty: the account is counted alone.
    """

    employment: Employment | None = None
    on_benefits: bool = False
    councillor: bool = False
    owns_property: bool = False
    identity: str = ""


@attrs.frozen(field_transformer=no_text_for_tuples)
class Hold:
    """A pause on recovery: a reason code (see the hold reasons table), a start and an end.

    ``end`` is inclusive; ``None`` means open until an officer ends it (a death, insolvency,
    a mental health crisis whose treatment has not ended). ``years`` limits the hold to some
    financial years (labels such as ``"2027/28"``); empty means all years of the account.
    """

    reason: str
    start: dt.date = attrs.field(validator=_date)
    end: dt.date | None = attrs.field(default=None, validator=_optional_date)
    years: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"hold {self.reason!r} ends {self.end} before it starts {self.start}")

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def covers_year(self, year: FinancialYear) -> bool:
        return not self.years or year.label in self.years


def _arrangement_payments(payments: tuple[Instalment, ...]) -> tuple[Instalment, ...]:
    ordered = _by_due_date(payments)
    if not ordered:
        raise ValueError("an arrangement needs at least one agreed payment")
    for instalment in ordered:
        if instalment.amount <= 0:
            raise ValueError(f"arrangement payment due {instalment.due} must be more than nothing")
    return ordered


@attrs.frozen(field_transformer=no_text_for_tuples)
class Arrangement:
    """Amounts and dates agreed with the debtor to clear some years' arrears.

    Payments credited to those years on or after ``agreed_on`` count towards it. While it is
    kept, recovery of those years pauses; a missed payment leads to a reminder and, if not
    made good, to the arrangement being broken and recovery resuming.
    """

    agreed_on: dt.date = attrs.field(validator=_date)
    years: tuple[str, ...] = attrs.field(converter=tuple[str, ...])
    payments: tuple[Instalment, ...] = attrs.field(converter=_arrangement_payments)
    agreed_by: str = ""

    @property
    def key(self) -> str:
        return f"arrangement-{self.agreed_on.isoformat()}"

    def due_by(self, day: dt.date) -> Decimal:
        total = ZERO
        for payment in self.payments:
            if payment.due <= day:
                total += payment.amount
        return total


def _unique_years(years: tuple[YearPosition, ...]) -> tuple[YearPosition, ...]:
    ordered = tuple(sorted(years, key=lambda y: y.year.start_year))
    labels = [y.year.label for y in ordered]
    if len(labels) != len(set(labels)):
        raise ValueError(f"an account lists a financial year twice: {labels}")
    return ordered


@attrs.frozen(field_transformer=no_text_for_tuples)
class AccountPosition:
    """An account's position for recovery: its years, holds, arrangement and debtor."""

    reference: str
    years: tuple[YearPosition, ...] = attrs.field(converter=_unique_years)
    holds: tuple[Hold, ...] = attrs.field(default=(), converter=tuple[Hold, ...])
    arrangement: Arrangement | None = None
    debtor: DebtorMeans = DebtorMeans()

    def __attrs_post_init__(self) -> None:
        if self.arrangement is not None:
            known = {position.year.label for position in self.years}
            unknown = [year for year in self.arrangement.years if year not in known]
            if unknown:
                raise ValueError(f"{self.reference}: the arrangement covers {', '.join(unknown)}, not a year of this account")
