"""An HB overpayment's account: its ledger, deductions from ongoing HB posted to it, and the
sundry-style invoice for what is left when it is not recovered from benefit.

The ledger (the same :class:`~revcore.ledger.Ledger` council tax and sundry debts use) is
charged the recoverable amount in the financial year of the decision; each benefit week's
deduction is posted as a payment; an invoice for the balance (income code for HB overpayments)
then continues on the same ledger, so nothing is charged twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from revcore.allocation import AllocationPolicy
from revcore.hb.classification import Overpayment
from revcore.hb.deductions import DeductionPlan
from revcore.ledger import Ledger
from revcore.money import format_money
from revcore.periods import FinancialYear
from revcore.sundry.debt import SundryDebt
from revcore.sundry.invoice import Debtor, InvoiceError, LineItem, SundryRules, raise_invoice

__all__ = ["open_overpayment_ledger", "deduction_source", "post_deduction", "deduct_from_benefit", "overpayment_invoice"]


def open_overpayment_ledger(overpayment: Overpayment, *, officer: str = "") -> Ledger:
    """The overpayment's ledger (account = its reference) charged with the recoverable amount."""
    if not overpayment.classification.recoverable:
        raise InvoiceError(f"overpayment {overpayment.reference}: {overpayment.classification.rule}; nothing to charge")
    return Ledger(overpayment.reference).charge(
        FinancialYear.containing(overpayment.decided_on), overpayment.recoverable_amount,
        effective=overpayment.decided_on, posted=overpayment.decided_on,
        reason=f"HB overpayment {overpayment.calculation.period} ({overpayment.classification.cause.value})",
        source=f"hb-overpayment:{overpayment.reference}", officer=officer)


def deduction_source(account: str, week: dt.date) -> str:
    """What a week's deduction is posted as: one deduction per overpayment per benefit week."""
    return f"hb-deduction:{account}:{week.isoformat()}"


def post_deduction(ledger: Ledger, week: dt.date, amount: Decimal, *, posted: dt.date | None = None,
                   officer: str = "") -> Ledger:
    """Post what the benefits system deducted from the HB of the benefit week starting ``week``."""
    return ledger.pay(amount, effective=week, posted=posted or week, policy=AllocationPolicy(),
                      reason=f"deducted from HB for the benefit week starting {week.isoformat()}",
                      source=deduction_source(ledger.account, week), officer=officer)


def deduct_from_benefit(ledger: Ledger, plan: DeductionPlan, *, until: dt.date | None = None) -> Ledger:
    """Post each benefit week's deduction under ``plan`` up to ``until`` (e.g. the claim ends)."""
    for week, amount in plan.deductions(until):
        ledger = post_deduction(ledger, week, amount)
    return ledger


def overpayment_invoice(rules: SundryRules, overpayment: Overpayment, ledger: Ledger, issued: dt.date,
                        debtor: Debtor, *, invoice_type: str = "hb_overpayment",
                        income_code: str = "HBOP") -> SundryDebt:
    """The invoice for the balance left on the overpayment's ledger, as a sundry debt on that ledger."""
    recovered = overpayment.recoverable_amount - ledger.balance
    description = f"Housing Benefit overpaid {overpayment.calculation.period}: {format_money(overpayment.amount)}"
    if recovered:
        description += f", less {format_money(recovered)} recovered from ongoing Housing Benefit"
    invoice = raise_invoice(rules, ledger.account, issued, debtor, invoice_type, income_code,
                            [LineItem(description, Decimal(1), ledger.balance)])
    return SundryDebt(invoice, ledger)
