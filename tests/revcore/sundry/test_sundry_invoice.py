"""Sundry invoices: lines, VAT by code, payment terms by invoice type, the total explained."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.sundry import load_sundry_rules
from revcore.money import MoneyError
from revcore.sundry import Debtor, InvoiceError, LineItem, raise_invoice

D = dt.date
RULES = load_sundry_rules()
GARAGE = Debtor("PER0000040", "Lee Archer", ("9 Mill Lane", "Brookfield", "DM5 2AB"))
SHOP = Debtor("BUS0000007", "Coldale Stores Ltd", ("1 High Street", "Coldale", "DM7 1AA"), individual=False)


def test_vat_line_by_line_and_the_total():
    invoice = raise_invoice(RULES, "S00000019", D(2026, 4, 15), GARAGE, "general", "GRGE", [
        LineItem("Garage 12 rent, April to June", Decimal("3"), Decimal("41.67")),  # standard rated by income code
        LineItem("Key deposit", Decimal("1"), Decimal("10.00"), vat_code="O"),
    ])
    # garage: 3 x 41.67 = 125.01 net; VAT 20% = 25.002 -> 25.00 (nearest penny, half up)
    garage, key = invoice.lines
    assert (garage.net, garage.vat) == (Decimal("125.01"), Decimal("25.00"))
    assert (key.net, key.vat) == (Decimal("10.00"), Decimal("0.00"))
    # net 135.01 + VAT 25.00 = 160.01
    assert (invoice.net, invoice.vat, invoice.total) == (Decimal("135.01"), Decimal("25.00"), Decimal("160.01"))
    text = invoice.explain()
    assert "VAT code S at 20% of £125.01" in text and "TOTAL (net £135.01 + VAT £25.00)" in text
    assert "£160.01" in text


def test_half_a_penny_of_vat_rounds_up():
    # 2.50 x 20% = 0.50; 0.03 x 20% = 0.006 -> 0.01; 0.02 x 20% = 0.004 -> 0.00
    invoice = raise_invoice(RULES, "S00000019", D(2026, 4, 15), GARAGE, "general", "GRGE", [
        LineItem("a", Decimal("1"), Decimal("2.50")), LineItem("b", Decimal("1"), Decimal("0.03")),
        LineItem("c", Decimal("1"), Decimal("0.02")),
    ])
    assert [line.vat for line in invoice.lines] == [Decimal("0.50"), Decimal("0.01"), Decimal("0.00")]


@pytest.mark.parametrize("kind, issued, due", [
    ("general", D(2026, 4, 15), D(2026, 5, 15)),  # 30 days
    ("in_advance", D(2026, 4, 15), D(2026, 4, 15)),  # payable on receipt
    ("care", D(2026, 4, 15), D(2026, 5, 13)),  # 28 days
    ("hb_overpayment", D(2026, 12, 15), D(2027, 1, 5)),  # 21 days, across the year end
])
def test_due_dates_follow_the_invoice_type(kind, issued, due):
    invoice = raise_invoice(RULES, "S00000019", issued, GARAGE, kind, "LICN", [LineItem("x", Decimal("1"), Decimal("5.00"))])
    assert invoice.due == due


def test_bad_invoices_are_refused_with_the_line_named():
    one = [LineItem("x", Decimal("1"), Decimal("5.00"))]
    with pytest.raises(InvoiceError, match="unknown income code 'NOPE'"):
        raise_invoice(RULES, "S00000019", D(2026, 4, 15), GARAGE, "general", "NOPE", one)
    with pytest.raises(InvoiceError, match="unknown invoice type 'weekly'"):
        raise_invoice(RULES, "S00000019", D(2026, 4, 15), GARAGE, "weekly", "LICN", one)
    with pytest.raises(InvoiceError, match="line 2: quantity"):
        raise_invoice(RULES, "S00000019", D(2026, 4, 15), GARAGE, "general", "LICN",
                      one + [LineItem("y", Decimal("0"), Decimal("5.00"))])
    with pytest.raises(InvoiceError, match="line 1: unit price -5.00 is negative"):
        raise_invoice(RULES, "S00000019", D(2026, 4, 15), GARAGE, "general", "LICN",
                      [LineItem("x", Decimal("1"), Decimal("-5.00"))])
    with pytest.raises(MoneyError, match="line 1 unit price"):
        raise_invoice(RULES, "S00000019", D(2026, 4, 15), GARAGE, "general", "LICN",
                      [LineItem("x", Decimal("1"), Decimal("5.001"))])
    with pytest.raises(InvoiceError, match="unknown VAT code 'Q'"):
        raise_invoice(RULES, "S00000019", D(2026, 4, 15), GARAGE, "general", "LICN",
                      [LineItem("x", Decimal("1"), Decimal("5.00"), vat_code="Q")])
    with pytest.raises(InvoiceError, match="no lines"):
        raise_invoice(RULES, "S00000019", D(2026, 4, 15), GARAGE, "general", "LICN", [])
    with pytest.raises(ValueError, match="check digit"):
        raise_invoice(RULES, "S00000018", D(2026, 4, 15), GARAGE, "general", "LICN", one)
