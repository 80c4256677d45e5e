"""A sundry debt: an invoice and its account ledger (the same :class:`~revcore.ledger.Ledger`
council tax uses), with payments, acknowledgments, write-off and write-on, the statement of
account, the Pre-Action Protocol letter of claim and the limitation date.

The ledger's account is the invoice number, so a payment quoting it lands on the invoice. The
invoice total is one charge for the financial year of the invoice date. An HB overpayment not
recovered from ongoing benefit becomes such a debt on its own ledger (see
:func:`revcore.hb.invoicing.overpayment_invoice`), which already holds the charge.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Sequence

import attrs

from revcore.dates import ONE_DAY, end_of_years
from revcore.allocation import AllocationPolicy
from revcore.approvals import ApprovalRequest
from revcore.entries import EntryKind
from revcore.ledger import Ledger
from revcore.money import format_money
from revcore.periods import FinancialYear
from revcore.sundry.invoice import Invoice, InvoiceError
from revcore.validation import no_text_for_tuples

__all__ = ["SundryRecoveryRules", "SundryDebt", "LetterOfClaim", "open_debt", "statement_of_account"]


@attrs.frozen(field_transformer=no_text_for_tuples)
class SundryRecoveryRules:
    """Sundry recovery settings (``sundry/recovery.toml`` in the council folder): days a debtor has to reply to a
    letter of claim, the limitation period in years (UNVERIFIED), the write-off reasons."""

    reply_days: int
    limitation_years: int
    write_off_reasons: tuple[str, ...] = attrs.field(converter=tuple[str, ...])

    def reply_by(self, dated: dt.date) -> dt.date:
        """The day a letter of claim dated ``dated`` gives the debtor to reply by: ``reply_days``
        from the letter's date (Pre-Action Protocol for Debt Claims: 30 days); no claim before."""
        return dated + dt.timedelta(days=self.reply_days)


@attrs.frozen
class LetterOfClaim:
    """A Pre-Action Protocol for Debt Claims letter of claim: the amount, the statement of account
    enclosed, and the date before which no claim may be issued (30 days to reply)."""

    invoice: str
    debtor: str
    dated: dt.date
    amount: Decimal
    reply_by: dt.date
    statement: str
    enclosures: tuple[str, ...] = ("statement of account", "Information Sheet", "Reply Form", "Financial Statement")

    def render(self) -> str:
        return "\n".join([
            f"Letter of claim dated {self.dated.isoformat()} to {self.debtor}: {format_money(self.amount)} "
            f"owed on invoice {self.invoice}",
            f"  Reply within {(self.reply_by - self.dated).days} days, by {self.reply_by.isoformat()}; no claim is issued "
            "before then "
            "(Pre-Action Protocol for Debt Claims)",
            f"  Enclosed: {', '.join(self.enclosures)}",
            self.statement,
        ])


@attrs.frozen
class SundryDebt:
    """An invoice, its ledger, and the written acknowledgments of the debt received."""

    invoice: Invoice
    ledger: Ledger
    acknowledgments: tuple[dt.date, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.ledger.account != self.invoice.number:
            raise InvoiceError(f"invoice {self.invoice.number}: its ledger is account {self.ledger.account}")

    @property
    def balance(self) -> Decimal:
        return self.ledger.balance

    @property
    def charge_year(self) -> FinancialYear:
        """The financial year the debt is charged to (what a write-off request names)."""
        return self.ledger.entries[0].year

    def pay(self, amount: Decimal, on: dt.date, *, source: str = "", reason: str = "payment",
            posted: dt.date | None = None) -> "SundryDebt":
        ledger = self.ledger.pay(amount, effective=on, posted=posted or on, reason=reason,
                                 policy=AllocationPolicy(), source=source)
        return attrs.evolve(self, ledger=ledger)

    def acknowledge(self, on: dt.date) -> "SundryDebt":
        """Record the debtor's written acknowledgment of the debt (it restarts the limitation clock)."""
        return attrs.evolve(self, acknowledgments=tuple(sorted(self.acknowledgments + (on,))))

    def write_off(self, request: ApprovalRequest, rules: SundryRecoveryRules, on: dt.date) -> "SundryDebt":
        """Write off under an approved request whose reason is one of the council's reasons."""
        if request.reason not in rules.write_off_reasons:
            raise InvoiceError(f"invoice {self.invoice.number}: write-off reason {request.reason!r} is not one of "
                               f"{', '.join(rules.write_off_reasons)}")
        return attrs.evolve(self, ledger=self.ledger.write_off(request, effective=on, posted=on))

    def write_on(self, write_off_id: str, on: dt.date, reason: str) -> "SundryDebt":
        """Reverse a write-off (the debtor is traced): the debt is owed again."""
        entry = self.ledger.entry(write_off_id)
        if entry is None or entry.kind is not EntryKind.WRITE_OFF:
            raise InvoiceError(f"invoice {self.invoice.number}: {write_off_id} is not a write-off on it")
        return attrs.evolve(self, ledger=self.ledger.reverse(write_off_id, effective=on, posted=on,
                                                             reason=f"write-on: {reason}"))

    @property
    def last_payment(self) -> dt.date | None:
        days = [e.effective for e in self.ledger.entries
                if e.kind is EntryKind.PAYMENT and not self.ledger.is_reversed(e.id)]
        return max(days, default=None)

    def statute_barred_after(self, years: int) -> dt.date:
        """``years`` after the latest of the due date, the last payment and the last written
        acknowledgment (Limitation Act 1980 ss.5, 9, 29-30: UNVERIFIED, sheet C)."""
        start = max([self.invoice.due, *self.acknowledgments] + ([self.last_payment] if self.last_payment else []))
        # the limitation period runs from the day after the cause of action accrued (s.5): a
        # period of years beginning with that day (29 February's ends 28 February)
        return end_of_years(start + ONE_DAY, years)

    def letter_of_claim(self, dated: dt.date, rules: SundryRecoveryRules) -> LetterOfClaim:
        """The letter of claim for the balance; the protocol applies only to a debtor who is an
        individual (or sole trader), and only once the invoice is overdue."""
        if not self.invoice.debtor.individual:
            raise InvoiceError(f"invoice {self.invoice.number}: the Pre-Action Protocol for Debt Claims applies to "
                               "individuals and sole traders, not to a business debtor")
        if self.balance <= 0 or dated <= self.invoice.due:
            raise InvoiceError(f"invoice {self.invoice.number}: nothing overdue on {dated.isoformat()} "
                               f"(due {self.invoice.due.isoformat()}, balance {format_money(self.balance)})")
        return LetterOfClaim(self.invoice.number, self.invoice.debtor.name, dated, self.balance,
                             rules.reply_by(dated), statement_of_account([self], dated))


def open_debt(invoice: Invoice, *, posted: dt.date | None = None, officer: str = "") -> SundryDebt:
    """A new ledger for ``invoice`` charged with its total (financial year of the invoice date)."""
    ledger = Ledger(invoice.number).charge(
        FinancialYear.containing(invoice.issued), invoice.total, effective=invoice.issued,
        posted=posted or invoice.issued, reason=f"invoice {invoice.number}: {invoice.income_code.description}",
        source=f"invoice:{invoice.number}", officer=officer)
    return SundryDebt(invoice, ledger)


def statement_of_account(debts: Sequence[SundryDebt], as_at: dt.date) -> str:
    """Every invoice's entries up to ``as_at`` in date order with a running balance."""
    rows = [(e.effective, e.id, e.kind.value, e.reason, e.amount)
            for debt in debts for e in debt.ledger.entries if e.effective <= as_at]
    names = sorted({debt.invoice.debtor.name for debt in debts})
    lines = [f"Statement of account for {', '.join(names)} as at {as_at.isoformat()}",
             f"  {'date':<10}  {'entry':<14} {'what':<10} {'amount':>11} {'balance':>11}  reason"]
    running = Decimal("0.00")
    for effective, entry_id, kind, reason, amount in sorted(rows, key=lambda r: (r[0], r[1])):
        running += amount
        lines.append(f"  {effective.isoformat()}  {entry_id:<14} {kind:<10} {format_money(amount):>11} "
                     f"{format_money(running):>11}  {reason}")
    lines.append(f"  {'balance owed':<37} {format_money(running):>11}")
    return "\n".join(lines)
