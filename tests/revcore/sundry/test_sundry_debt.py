"""A sundry debt on the ledger: payments, limitation, letter of claim, write-off and write-on,
the statement of account."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.ledger import ledger_settings
from refdata.sundry import load_recovery_rules, load_sundry_rules
from revcore.approvals import decide, request_write_off
from revcore.ledger import LedgerError
from revcore.periods import FinancialYear
from revcore.sundry import Debtor, InvoiceError, LineItem, open_debt, raise_invoice, statement_of_account

D = dt.date
RULES = load_sundry_rules()
RECOVERY = load_recovery_rules()
LIMITS = ledger_settings(D(2026, 4, 1)).limits  # write-offs above £100.00 need a second officer
LEE = Debtor("PER0000040", "Lee Archer", ("9 Mill Lane", "Brookfield", "DM5 2AB"))


def _debt(debtor=LEE, number="S00000019"):
    # trade waste, 12 x £25.00 = £300.00, outside the scope of VAT; due 30 days after 1 May 2026
    invoice = raise_invoice(RULES, number, D(2026, 5, 1), debtor, "general", "TWST",
                            [LineItem("Trade waste bin, 12 collections", Decimal("12"), Decimal("25.00"))])
    return open_debt(invoice, officer="m.shah")


def test_the_invoice_is_charged_once_and_payments_reduce_it():
    debt = _debt()
    assert debt.balance == Decimal("300.00") and debt.invoice.due == D(2026, 5, 31)
    assert debt.ledger.balance_of(FinancialYear(2026)) == Decimal("300.00")
    debt = debt.pay(Decimal("120.00"), D(2026, 6, 10), source="bank:2026-06-10:4")
    assert debt.balance == Decimal("180.00")  # 300.00 - 120.00
    with pytest.raises(LedgerError, match="already posted"):
        debt.pay(Decimal("120.00"), D(2026, 6, 10), source="bank:2026-06-10:4")


def test_statute_barred_date_moves_with_a_part_payment_and_an_acknowledgment():
    debt = _debt()
    # due 31 May 2026, nothing paid: 6 years on
    assert debt.statute_barred_after(RECOVERY.limitation_years) == D(2032, 5, 31)
    debt = debt.pay(Decimal("20.00"), D(2027, 3, 3))
    assert debt.statute_barred_after(6) == D(2033, 3, 3)  # the part payment restarts the clock
    debt = debt.acknowledge(D(2028, 2, 29))
    assert debt.statute_barred_after(6) == D(2034, 2, 28)  # a written acknowledgment on 29 Feb 2028
    # a reversed (returned) payment does not count
    reversed_ = _debt().pay(Decimal("20.00"), D(2027, 3, 3))
    reversed_ = type(reversed_)(reversed_.invoice, reversed_.ledger.reverse(
        reversed_.ledger.last.id, effective=D(2027, 3, 10), posted=D(2027, 3, 10), reason="cheque returned"))
    assert reversed_.statute_barred_after(6) == D(2032, 5, 31)


def test_letter_of_claim_gives_30_days_and_encloses_the_statement():
    debt = _debt().pay(Decimal("50.00"), D(2026, 6, 5))
    letter = debt.letter_of_claim(D(2026, 7, 1), RECOVERY)
    # 300.00 - 50.00 = 250.00 owed; 1 July + 30 days = 31 July
    assert (letter.amount, letter.reply_by) == (Decimal("250.00"), D(2026, 7, 31))
    text = letter.render()
    assert "Reply within 30 days, by 2026-07-31" in text and "Reply Form" in text and "Financial Statement" in text
    assert "balance owed" in text and "£250.00" in text


def test_letter_of_claim_only_to_individuals_and_only_when_overdue():
    with pytest.raises(InvoiceError, match="not to a business debtor"):
        _debt(Debtor("BUS0000007", "Coldale Stores Ltd", ("1 High St",), individual=False)).letter_of_claim(
            D(2026, 7, 1), RECOVERY)
    with pytest.raises(InvoiceError, match="nothing overdue on 2026-05-31"):
        _debt().letter_of_claim(D(2026, 5, 31), RECOVERY)  # due that day: not yet overdue


def test_write_off_with_a_reason_and_write_on():
    debt = _debt().pay(Decimal("250.00"), D(2026, 6, 5))
    assert debt.charge_year == FinancialYear(2026)  # invoiced 1 May 2026
    request = request_write_off("W000001", debt.invoice.number, debt.charge_year, Decimal("50.00"),
                                "debtor untraceable", "m.shah", D(2027, 1, 4), LIMITS)
    debt = debt.write_off(request, RECOVERY, D(2027, 1, 4))  # £50.00: within one officer's limit
    assert debt.balance == 0
    write_off_id = debt.ledger.last.id
    debt = debt.write_on(write_off_id, D(2027, 6, 1), "debtor traced to a new address")
    assert debt.balance == Decimal("50.00") and debt.ledger.last.reason == "write-on: debtor traced to a new address"
    with pytest.raises(InvoiceError, match="is not a write-off"):
        debt.write_on(debt.ledger.entries[0].id, D(2027, 6, 2), "x")


def test_write_off_needs_a_known_reason_and_a_second_officer_above_the_limit():
    debt = _debt()
    bad = request_write_off("W000002", debt.invoice.number, FinancialYear(2026), Decimal("50.00"),
                            "bored of it", "m.shah", D(2027, 1, 4), LIMITS)
    with pytest.raises(InvoiceError, match="'bored of it' is not one of"):
        debt.write_off(bad, RECOVERY, D(2027, 1, 4))
    big = request_write_off("W000003", debt.invoice.number, FinancialYear(2026), Decimal("300.00"),
                            "insolvency", "m.shah", D(2027, 1, 4), LIMITS)
    with pytest.raises(LedgerError, match="second officer"):
        debt.write_off(big, RECOVERY, D(2027, 1, 4))
    approved = decide(big, "r.khan", D(2027, 1, 5), approve=True)
    assert debt.write_off(approved, RECOVERY, D(2027, 1, 5)).balance == 0


def test_statement_of_account_runs_a_balance_across_invoices():
    first = _debt().pay(Decimal("100.00"), D(2026, 6, 1))
    second = _debt(number="S00000027")
    text = statement_of_account([first, second], D(2026, 12, 31))
    # 300.00 + 300.00 - 100.00 = 500.00; the two charges on 1 May, then the payment on 1 June
    rows = text.splitlines()
    assert "S00000019/1" in rows[2] and "S00000027/1" in rows[3] and "£600.00" in rows[3]
    assert "S00000019/2" in rows[4] and "£500.00" in rows[4]
    assert rows[-1].endswith("£500.00")
    # as at a day before the payment, it is not shown
    assert "S00000019/2" not in statement_of_account([first], D(2026, 5, 31))


def test_a_ledger_for_another_invoice_is_refused():
    debt = _debt()
    other = _debt(number="S00000027")
    with pytest.raises(InvoiceError, match="its ledger is account S00000027"):
        type(debt)(debt.invoice, other.ledger)
