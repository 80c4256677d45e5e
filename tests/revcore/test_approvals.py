"""Refunds and write-offs above the council's limits need a second, different officer."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.approvals import (
    ApprovalError,
    ApprovalStatus,
    AuthorisationLimits,
    decide,
    request_refund,
    request_write_off,
)
from revcore.periods import FinancialYear

D = dt.date
M = Decimal
LIMITS = AuthorisationLimits(refund_above=M("250.00"), write_off_above=M("100.00"))


def test_a_refund_up_to_the_limit_needs_no_second_officer_and_above_it_does():
    at_limit = request_refund("R1", "C00012343", M("250.00"), "overpaid", "asmith", D(2026, 5, 1), LIMITS)
    assert at_limit.ready and at_limit.status is ApprovalStatus.APPROVED
    above = request_refund("R2", "C00012343", M("250.01"), "overpaid", "asmith", D(2026, 5, 1), LIMITS)
    assert not above.ready and above.status is ApprovalStatus.PENDING
    assert "waiting for a second officer" in above.explain()


def test_the_requester_cannot_authorise_their_own_request():
    request = request_refund("R2", "C00012343", M("900.00"), "overpaid", "asmith", D(2026, 5, 1), LIMITS)
    with pytest.raises(ApprovalError, match="asmith asked for it and cannot also authorise it"):
        decide(request, "asmith", D(2026, 5, 2), approve=True)


def test_the_decision_records_who_and_when_and_is_made_once():
    request = request_write_off("W1", "C00012343", FinancialYear(2019), M("640.00"), "statute barred", "asmith",
                                D(2026, 5, 1), LIMITS)
    decided = decide(request, "bjones", D(2026, 5, 4), approve=True, note="checked tracing report")
    assert (decided.decision.officer, decided.decision.on, decided.authorised_by) == ("bjones", D(2026, 5, 4), "bjones")
    assert "authorised by bjones on 2026-05-04" in decided.explain()
    with pytest.raises(ApprovalError, match="already decided by bjones"):
        decide(decided, "cpatel", D(2026, 5, 5), approve=False)


def test_a_refused_request_cannot_be_posted():
    request = request_refund("R3", "C00012343", M("20.00"), "overpaid", "asmith", D(2026, 5, 1), LIMITS)
    refused = decide(request, "bjones", D(2026, 5, 1), approve=False, note="credit belongs to joint payer")
    assert refused.status is ApprovalStatus.REJECTED and not refused.ready and refused.authorised_by == ""


def test_a_request_needs_a_reason_and_a_decision_cannot_predate_it():
    with pytest.raises(ApprovalError, match="give a reason"):
        request_refund("R4", "C00012343", M("5.00"), " ", "asmith", D(2026, 5, 1), LIMITS)
    request = request_refund("R5", "C00012343", M("500.00"), "overpaid", "asmith", D(2026, 5, 1), LIMITS)
    with pytest.raises(ApprovalError, match="before it was asked for"):
        decide(request, "bjones", D(2026, 4, 30), approve=True)
