"""A recurring charge on a sundry debtor: the four-weekly social care contribution.

A charge set on a debtor is invoiced every ``every_days`` days (28: four-weekly, so 13 invoices
in a 364-day year; 7: weekly), or every ``every_months`` calendar months when given (monthly:
the same day each month, or the month's last day), from its first invoice date until it ends.
Billing care in arrears in four-weekly periods is practice, not law (UNVERIFIED), so the period
is the charge's own. Each invoice is for the period ending the day before its date (in arrears). The invoice run asks
:meth:`RecurringCharge.due_by` which dates are due by its day and not yet raised, and records the
last one raised, so running twice on one day raises nothing twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.dates import add_months
from revcore.money import to_money
from revcore.sundry.invoice import InvoiceError, LineItem

__all__ = ["FOUR_WEEKLY", "RecurringCharge"]

FOUR_WEEKLY = 28


def _amount(value: Decimal | int | str) -> Decimal:
    return to_money(value, where="recurring charge amount")


@attrs.frozen
class RecurringCharge:
    """``amount`` (net, per period) invoiced under ``income_code`` as ``invoice_type``, every
    ``every_days`` days from ``first`` to ``until`` (inclusive; None: until ended)."""

    code: str
    description: str
    income_code: str
    invoice_type: str
    amount: Decimal = attrs.field(converter=_amount)
    first: dt.date
    every_days: int = FOUR_WEEKLY
    until: dt.date | None = None
    vat_code: str | None = None
    every_months: int = 0
    """When above nothing, the charge is monthly (every so many calendar months), not by days."""
    raised_through: dt.date | None = None
    """The date of the last invoice raised for it (None: none yet)."""

    def __attrs_post_init__(self) -> None:
        where = f"recurring charge {self.code}"
        if not self.code.strip() or not self.description.strip():
            raise InvoiceError(f"{where}: give a code and a description")
        if self.amount <= 0:
            raise InvoiceError(f"{where}: amount {self.amount} must be more than nothing")
        if self.every_days < 1 or self.every_months < 0:
            raise InvoiceError(f"{where}: every {self.every_days} days or {self.every_months} months is not a period")
        if self.until is not None and self.until < self.first:
            raise InvoiceError(f"{where}: ends {self.until.isoformat()}, before its first invoice "
                               f"{self.first.isoformat()}")

    def due_by(self, day: dt.date) -> tuple[dt.date, ...]:
        """Invoice dates on or before ``day`` (and not after ``until``) not yet raised."""
        last = min(day, self.until) if self.until is not None else day
        dates = []
        count = 0
        on = self.first
        while on <= last:
            if self.raised_through is None or on > self.raised_through:
                dates.append(on)
            count += 1
            on = self._nth(count)
        return tuple(dates)

    def _nth(self, count: int) -> dt.date:
        """The date of invoice ``count`` (0: the first), counted from ``first`` so a monthly
        charge from 31 January keeps the 31st (28 February, then 31 March)."""
        if self.every_months:
            return add_months(self.first, count * self.every_months)
        return self.first + dt.timedelta(days=count * self.every_days)

    def period(self, invoice_date: dt.date) -> tuple[dt.date, dt.date]:
        """The days the invoice of ``invoice_date`` charges for: the period ending the day before."""
        start = (add_months(invoice_date, -self.every_months) if self.every_months
                 else invoice_date - dt.timedelta(days=self.every_days))
        return start, invoice_date - dt.timedelta(days=1)

    def item(self, invoice_date: dt.date) -> LineItem:
        start, end = self.period(invoice_date)
        return LineItem(f"{self.description} {start.isoformat()} to {end.isoformat()}", Decimal(1), self.amount,
                        self.vat_code)

    def raised(self, invoice_date: dt.date) -> "RecurringCharge":
        return attrs.evolve(self, raised_through=invoice_date)

    def ended(self, on: dt.date) -> "RecurringCharge":
        """No invoice dated after ``on``."""
        return attrs.evolve(self, until=max(on, self.first))
