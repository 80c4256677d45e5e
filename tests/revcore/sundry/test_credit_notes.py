"""Credit notes and cancellations of a sundry invoice, on its ledger."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.sundry import load_sundry_rules
from revcore.sundry import (
    Debtor, InvoiceError, LineItem, cancel, credit, credit_notes, creditable,
    is_cancelled, open_debt, raise_invoice,
)

D = dt.date
DEBTOR = Debtor("SD000001", "Lee Archer", ("9 Mill Lane", "Brookfield", "DM5 2AB"))


def garage():
    # 3 x 41.67 = 125.01 net, VAT 20% = 25.002 -> 25.00 (per line, half up): 150.01
    invoice = raise_invoice(load_sundry_rules(), "S00000019", D(2026, 4, 15), DEBTOR, "general", "GRGE",
                            [LineItem("Garage 12 rent", Decimal("3"), Decimal("41.67"))])
    return open_debt(invoice)


def test_a_part_credit_then_the_rest_clears_the_invoice():
    debt = credit(garage(), Decimal("50.01"), D(2026, 5, 1), "let from May")
    assert debt.balance == Decimal("100.00") and creditable(debt) == Decimal("100.00")  # 150.01 - 50.01
    debt = credit(debt, Decimal("100.00"), D(2026, 5, 2), "handed back")
    assert debt.balance == Decimal("0.00")
    assert [(n.number, n.amount, n.reason) for n in credit_notes(debt)] == [
        ("S00000019-CN1", Decimal("50.01"), "let from May"), ("S00000019-CN2", Decimal("100.00"), "handed back")]
    with pytest.raises(InvoiceError, match="more than the £0.00"):
        credit(debt, Decimal("0.01"), D(2026, 5, 3), "more")


def test_a_credit_after_payment_leaves_a_credit_for_refund():
    paid = garage().pay(Decimal("150.01"), D(2026, 4, 20))
    assert credit(paid, Decimal("20.00"), D(2026, 5, 1), "overcharged").balance == Decimal("-20.00")


def test_a_cancellation_credits_what_is_left_and_ends_the_invoice():
    debt = cancel(credit(garage(), Decimal("10.00"), D(2026, 5, 1), "part"), D(2026, 5, 2), "raised in error")
    assert debt.balance == Decimal("0.00") and is_cancelled(debt)
    assert credit_notes(debt)[-1].amount == Decimal("140.01") and credit_notes(debt)[-1].cancellation
    with pytest.raises(InvoiceError, match="is cancelled"):
        credit(debt, Decimal("1.00"), D(2026, 5, 3), "again")


@pytest.mark.parametrize("amount, on, reason, message", [
    (Decimal("1.00"), D(2026, 4, 14), "x", "before the invoice date"),
    (Decimal("1.00"), D(2026, 5, 1), " ", "give the reason"),
    (Decimal("0.00"), D(2026, 5, 1), "x", "more than nothing"),
])
def test_a_bad_credit_is_refused(amount, on, reason, message):
    with pytest.raises(InvoiceError, match=message):
        credit(garage(), amount, on, reason)
