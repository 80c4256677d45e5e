"""Refunds and write-offs: within the officer's limit posted at once, above it a second officer decides."""

from decimal import Decimal

import pytest

from revtui.services.account_actions import propose_payment
from revtui.services.account_file import open_account
from revtui.services.approvals import decide_request, propose_refund, propose_write_off, waiting
from revtui.services.changes import ActionError, commit
from revtui.services.session import open_session
from revtui.store import Store


def account_file(session, reference):
    return open_account(session, session.records.accounts.find_one("reference", reference).doc_id)


def test_a_write_off_above_the_limit_waits_for_a_second_officer(session, store):
    f = account_file(session, "C00000019")
    balance = f.account.value.ledger.balance
    # The demo council's limit for write-offs is £100.00 (data/ledger.toml): £150.00 needs a second officer.
    proposal = propose_write_off(session, f.account.value, "2026/27", "150", "resident in hospital long term")
    assert "waiting for a second officer" in proposal.effect
    commit(session, f.account, proposal)
    assert account_file(session, "C00000019").account.value.ledger.balance == balance  # nothing posted yet
    [request] = waiting(session)
    with pytest.raises(ActionError, match="cannot also authorise"):
        decide_request(session, request, approve=True)

    other = open_session(Store(store.path, user="bjones"), today=session.today)
    [request] = waiting(other)
    assert "authorised by bjones" in decide_request(other, request, approve=True)
    assert waiting(other) == []
    after = account_file(other, "C00000019").account.value.ledger
    assert after.balance == balance - Decimal("150.00")
    assert (after.last.officer, after.last.authorised_by) == ("asmith", "bjones")


def test_a_small_refund_of_a_credit_is_posted_at_once_and_a_refund_beyond_the_credit_refused(session):
    f = account_file(session, "C00000027")
    overpaid = f.account.value.ledger.balance + Decimal("20.00")
    commit(session, f.account, propose_payment(session, f.account.value, str(overpaid), "", "cash", "overpaid"))
    f = account_file(session, "C00000027")
    assert f.account.value.ledger.balance == Decimal("-20.00")
    with pytest.raises(ActionError, match="credit is £20.00"):
        propose_refund(session, f.account.value, "25", "overpaid")
    saved = commit(session, f.account, propose_refund(session, f.account.value, "20", "overpaid by mistake"))
    assert saved.value.ledger.balance == 0 and waiting(session) == []
