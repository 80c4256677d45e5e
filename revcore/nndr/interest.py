"""Interest on a repayment of business rates after an alteration of the list reduces liability.

LGFA 1988 s.55(7)(b) and the Non-Domestic Rating (Payment of Interest) Regulations 1990
(SI 1990/1904, as amended by SI 1991/2111 and later; https://www.legislation.gov.uk/uksi/1990/1904):
where an alteration of the list with a past effective date reduces a ratepayer's liability and a
sum is repaid or credited, interest is paid on it. The rate for a financial year is the reference
rate (Bank Rate at close of business on 15 March of the preceding year) less a margin (one
percentage point), never below nil: ``refdata/tables/nndr/repayment_interest.toml``, where what
could not be read in the regulations themselves is marked UNVERIFIED.

Our reading (``docs/notes.md``), one among several:

- The overpaid part of a year's payments is the part made last (latest payments first): the
  earlier payments were owed under the reduced liability too.
- Simple interest runs on each overpaid slice from the day it was paid to the day before the
  day of repayment (or credit), at the rate of the financial year each day falls in, on the
  day basis the table gives (365); the year's total is rounded once, by the table's rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from revcore.entries import Category, EntryKind
from revcore.ledger import Ledger
from revcore.money import ZERO, RoundingRule, format_money
from revcore.nndr.errors import RatesError
from revcore.periods import FinancialYear

__all__ = ["InterestRate", "InterestRules", "OverpaidSlice", "InterestSpan", "RepaymentInterest",
           "overpaid_slices", "repayment_interest", "year_payments"]

RULE = "SI 1990/1904 (Non-Domestic Rating (Payment of Interest) Regulations 1990) reg 4, as amended"


@attrs.frozen
class InterestRate:
    """The reference rate (per cent a year) that sets the rate for financial year ``start_year``."""

    start_year: int
    reference_rate: Decimal
    source: str = ""


@attrs.frozen
class InterestRules:
    """The dated rates and how interest is worked out (``refdata.nndr_interest``)."""

    rates: tuple[InterestRate, ...] = attrs.field(converter=tuple)
    margin: Decimal
    """Percentage points below the reference rate."""
    day_basis: int
    rounding: RoundingRule
    first_list: int = 0
    """Alterations of lists before this one (2023) earn no interest; 0: every list's do."""
    first_list_source: str = ""

    def rate_for(self, year: FinancialYear) -> Decimal:
        """The rate (per cent a year) for ``year``; a :class:`RatesError` if none is held."""
        for rate in self.rates:
            if rate.start_year == year.start_year:
                return max(ZERO, rate.reference_rate - self.margin)
        raise RatesError(f"no repayment interest rate held for {year.label}: add its reference rate "
                         "to refdata/tables/nndr/repayment_interest.toml")

    def reference_for(self, year: FinancialYear) -> InterestRate:
        for rate in self.rates:
            if rate.start_year == year.start_year:
                return rate
        raise RatesError(f"no repayment interest rate held for {year.label}")


@attrs.frozen
class OverpaidSlice:
    """The part of one payment that the reduced liability makes an overpayment."""

    paid_on: dt.date
    amount: Decimal


@attrs.frozen
class InterestSpan:
    """One slice over the days of one financial year: slice x rate x days / day basis."""

    paid_on: dt.date
    amount: Decimal
    first: dt.date
    last: dt.date
    rate_year: FinancialYear
    rate: Decimal
    days: int
    exact: Decimal


@attrs.frozen
class RepaymentInterest:
    """The interest on the overpayment of one year's rates, step by step."""

    year: FinancialYear
    overpaid: Decimal
    repaid_on: dt.date
    slices: tuple[OverpaidSlice, ...]
    spans: tuple[InterestSpan, ...]
    total: Decimal
    rules: InterestRules = attrs.field(eq=False, repr=False)
    none_because: str = ""
    """Why no interest is due at all (an alteration of a list the rules do not cover)."""

    def explain(self) -> list[str]:
        rows = [f"Interest on the {format_money(self.overpaid)} overpaid for {self.year.label}, "
                f"repaid on {self.repaid_on.isoformat()} ({RULE}):"]
        if self.none_because:
            return rows + [f"  none: {self.none_because}"]
        rows += [f"  {format_money(s.amount)} of the payment of {s.paid_on.isoformat()} is overpaid "
                 "(latest payments first)" for s in self.slices]
        for span in self.spans:
            reference = self.rules.reference_for(span.rate_year)
            rows.append(f"  {format_money(span.amount)} x {span.rate}% x {span.days}/{self.rules.day_basis} "
                        f"({span.first.isoformat()} to {span.last.isoformat()}; {span.rate_year.label} rate: "
                        f"{reference.reference_rate}% less {self.rules.margin} point) = {span.exact:.6f}")
        rows.append(f"  total {sum((s.exact for s in self.spans), ZERO):.6f}, {self.rules.rounding.name}: "
                    f"{format_money(self.total)}")
        return rows


def year_payments(ledger: Ledger, year: FinancialYear) -> tuple[tuple[dt.date, Decimal], ...]:
    """(day paid, amount) of each payment, not reversed, in the part that went to ``year``'s charge."""
    found = []
    for entry in ledger.entries:
        if entry.kind is not EntryKind.PAYMENT or ledger.is_reversed(entry.id):
            continue
        amount = -sum((p.amount for p in entry.postings if p.year == year and p.category is Category.CHARGE), ZERO)
        if amount > 0:
            found.append((entry.effective, amount))
    return tuple(found)


def overpaid_slices(payments: Iterable[tuple[dt.date, Decimal]], overpaid: Decimal,
                    already: Decimal = ZERO) -> tuple[OverpaidSlice, ...]:
    """The ``overpaid`` amount taken from the latest ``payments`` (day, amount) first, after the
    ``already`` overpaid before this change (which took the latest of all)."""
    if overpaid < 0 or already < 0:
        raise RatesError(f"an overpayment cannot be negative ({overpaid}, {already})")
    skip, left, found = already, overpaid, []
    for day, amount in sorted(payments, key=lambda p: p[0], reverse=True):
        if left <= 0:
            break
        passed = min(amount, skip)
        skip -= passed
        take = min(amount - passed, left)
        if take > 0:
            found.append(OverpaidSlice(day, take))
            left -= take
    if left > 0:
        raise RatesError(f"{format_money(overpaid + already)} overpaid but only "
                         f"{format_money(overpaid + already - left)} was paid")
    return tuple(reversed(found))


def repayment_interest(year: FinancialYear, payments: Iterable[tuple[dt.date, Decimal]], overpaid: Decimal,
                       repaid_on: dt.date, rules: InterestRules, already: Decimal = ZERO,
                       list_year: int | None = None) -> RepaymentInterest:
    """Interest on ``overpaid`` of ``year``'s rates, repaid (or credited) on ``repaid_on``;
    ``already``: the part of the payments overpaid before (an earlier reduction's, which took the
    latest payments); ``list_year``: the list whose alteration gave the repayment."""
    slices = overpaid_slices(payments, overpaid, already)
    if list_year is not None and list_year < rules.first_list:
        why = (f"the repayment follows an alteration of the {list_year} list; interest is paid on those of the "
               f"{rules.first_list} list on ({rules.first_list_source or 'refdata'})")
        return RepaymentInterest(year, overpaid, repaid_on, slices, (), ZERO, rules, why)
    spans = []
    for piece in slices:
        day = piece.paid_on
        while day < repaid_on:
            rate_year = FinancialYear.containing(day)
            last = min(rate_year.end, repaid_on - dt.timedelta(days=1))
            days = (last - day).days + 1
            rate = rules.rate_for(rate_year)
            exact = piece.amount * rate / Decimal(100) * Decimal(days) / Decimal(rules.day_basis)
            spans.append(InterestSpan(piece.paid_on, piece.amount, day, last, rate_year, rate, days, exact))
            day = last + dt.timedelta(days=1)
    total = rules.rounding(sum((s.exact for s in spans), ZERO))
    return RepaymentInterest(year, overpaid, repaid_on, slices, tuple(spans), total, rules)
