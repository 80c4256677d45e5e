"""Refunds and write-offs over the store: a closed account's credit becomes a refund request;
above the council's limit it waits for a second officer, who alone can approve it."""

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from revcore.refunds import cheque_payee

from refdata.ledger import ledger_settings
from revcore.approvals import ApprovalError
from revcore.entries import EntryKind
from revtui.services.approvals import (
    decide_request,
    pending_requests,
    request_refund,
    request_refunds_for_closed_accounts,
    request_write_off,
)

from tests.revtui.services.conftest import YEAR, account, billed_account

PAYEE = cheque_payee("A Payer", ["1 High Street", "Ashby", "DM1 1AB"])
TODAY = dt.date(2026, 8, 3)
# Liable 1 April to 30 June 2026: 2537.21 x 91/365 = 632.5565, 632.56 to pay.
CHARGE = Decimal("632.56")


def moved_out_having_paid(cash, serial: int, paid: str):
    billed_account(cash, serial, end=dt.date(2026, 6, 30))
    reference = account(cash, f"C{serial:07d}{'3' if serial == 1234 else '1'}").reference
    stored = cash.accounts.find_one("reference", reference)
    ledger = stored.value.ledger.pay(Decimal(paid), effective=dt.date(2026, 6, 1), posted=dt.date(2026, 6, 1),
                                     reason="paid at the desk", policy=ledger_settings(TODAY).policy)
    cash.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger), reason="test: payment")
    return reference


def test_limits_in_the_demo_data_are_the_ones_tested():
    limits = ledger_settings(TODAY).limits
    assert (limits.refund_above, limits.write_off_above) == (Decimal("250.00"), Decimal("100.00"))


def test_a_large_refund_waits_for_a_second_officer_and_is_posted_on_approval(cash):
    reference = moved_out_having_paid(cash, 1234, "900.00")  # credit 900.00 - 632.56 = 267.44, over 250.00
    [made] = request_refunds_for_closed_accounts(cash, today=TODAY, officer="amy")
    request = made.value.request
    assert (request.amount, request.requested_by, request.needs_second_officer) == (Decimal("267.44"), "amy", True)
    assert "credit on account closed 2026-06-30" in request.reason
    assert [p.value.request.id for p in pending_requests(cash)] == [request.id]
    assert account(cash, reference).ledger.balance == Decimal("-267.44")  # nothing paid out yet
    assert request_refunds_for_closed_accounts(cash, today=TODAY, officer="amy") == []  # not asked twice

    with pytest.raises(ApprovalError, match="amy asked for it and cannot also authorise it"):
        decide_request(cash, request.id, today=TODAY, officer="amy", approve=True)
    assert account(cash, reference).ledger.balance == Decimal("-267.44")

    approved = decide_request(cash, request.id, today=dt.date(2026, 8, 4), officer="ben", approve=True)
    ledger = account(cash, reference).ledger
    assert ledger.balance == Decimal("0.00")
    refund = ledger.last
    assert (refund.kind, refund.amount, refund.officer, refund.authorised_by) == (EntryKind.REFUND, Decimal("267.44"), "amy", "ben")
    decision = approved.value.request.decision
    assert (decision.officer, decision.on, approved.value.entry) == ("ben", dt.date(2026, 8, 4), refund.id)
    assert pending_requests(cash) == []
    with pytest.raises(ApprovalError, match="already decided by ben"):
        decide_request(cash, request.id, today=TODAY, officer="cat", approve=True)


def test_a_small_refund_is_posted_at_once_and_a_refused_one_never(cash):
    small = moved_out_having_paid(cash, 1234, "700.00")  # credit 700.00 - 632.56 = 67.44, within 250.00
    made = request_refund(cash, small, payee=PAYEE, today=TODAY, officer="amy")
    assert made.value.entry and account(cash, small).ledger.balance == Decimal("0.00")

    large = moved_out_having_paid(cash, 1235, "1000.00")  # credit 367.44
    asked = request_refund(cash, large, payee=PAYEE, today=TODAY, officer="amy")
    refused = decide_request(cash, asked.value.request.id, today=TODAY, officer="ben", approve=False, note="paid by cheque")
    assert refused.value.entry == "" and refused.value.request.decision.approved is False
    assert account(cash, large).ledger.balance == Decimal("-367.44")


def test_a_write_off_above_the_limit_needs_a_second_officer(cash):
    billed_account(cash, 1234)
    request = request_write_off(cash, "C00012343", YEAR, Decimal("150.00"), "payer untraced after enquiries",
                                write_off="absconded_untraced", today=TODAY, officer="amy").value.request
    assert request.needs_second_officer and account(cash, "C00012343").ledger.balance == Decimal("2537.21")
    decide_request(cash, request.id, today=TODAY, officer="ben", approve=True)
    # 2537.21 - 150.00 = 2387.21
    ledger = account(cash, "C00012343").ledger
    assert ledger.balance == Decimal("2387.21") and ledger.last.kind is EntryKind.WRITE_OFF
    with pytest.raises(ApprovalError, match="owes only"):
        request_write_off(cash, "C00012343", YEAR, Decimal("3000.00"), "too much", today=TODAY, officer="amy",
                          write_off="other")
