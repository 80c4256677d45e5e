"""An HB overpayment's ledger: charged, deducted from ongoing HB, then invoiced on the same ledger."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.sundry import load_sundry_rules
from revcore.hb import (
    Cause,
    Classification,
    Overpayment,
    DeductionPlan,
    calculate_overpayment,
    deduct_from_benefit,
    open_overpayment_ledger,
    overpayment_invoice,
    weekly_amounts,
)
from revcore.periods import DateRange
from revcore.sundry import Debtor, InvoiceError

D = dt.date
KERRY = Debtor("PER0000031", "Kerry Walsh", ("Flat 3, 22 Station Road", "Brookfield"))


def _overpayment(classification):
    paid = weekly_amounts("paid", [(D(2026, 4, 6), "90.00")])
    entitled = weekly_amounts("revised", [(D(2026, 4, 6), "40.00")])
    calc = calculate_overpayment(DateRange(D(2026, 4, 6), D(2026, 5, 3)), paid, entitled)  # 4 x 50.00 = 200.00
    return Overpayment("H00000019", "Kerry Walsh", calc, classification, D(2026, 6, 1), D(2026, 6, 2))


def test_deductions_then_an_invoice_for_the_rest_on_the_same_ledger():
    overpayment = _overpayment(Classification(Cause.CLAIMANT_ERROR))
    ledger = open_overpayment_ledger(overpayment)
    plan = DeductionPlan(Decimal("200.00"), Decimal("13.95"), D(2026, 6, 8))
    ledger = deduct_from_benefit(ledger, plan, until=D(2026, 6, 28))  # Mondays 8, 15, 22 June
    # 200.00 - 3 x 13.95 (41.85) = 158.15
    assert ledger.balance == Decimal("158.15")
    debt = overpayment_invoice(load_sundry_rules(), overpayment, ledger, D(2026, 7, 1), KERRY)
    assert debt.invoice.number == "H00000019" and debt.invoice.total == Decimal("158.15")
    assert debt.invoice.income_code.description == "HB overpayment" and debt.invoice.vat == 0
    assert "less £41.85 recovered from ongoing Housing Benefit" in debt.invoice.lines[0].description
    assert debt.invoice.due == D(2026, 7, 22)  # 21 days
    assert len([e for e in debt.ledger.entries if e.kind.value == "charge"]) == 1  # nothing charged twice
    assert debt.pay(Decimal("158.15"), D(2026, 7, 20)).balance == 0


def test_an_unrecoverable_overpayment_opens_no_debt():
    overpayment = _overpayment(Classification(Cause.LA_OFFICIAL_ERROR, could_have_realised=False))
    with pytest.raises(InvoiceError, match="not recoverable"):
        open_overpayment_ledger(overpayment)
