"""Direct Debit set up and cancelled, a write-off for a second officer, letters sent and received."""

import pytest

from revcore.directdebit import MandateStatus
from revtui.records.ctax import PaymentMethod
from revtui.services.account_actions import propose_letter
from revtui.services.account_file import open_account
from revtui.services.approvals import pending_requests
from revtui.services.cash_actions import decide, propose_cancel_direct_debit, propose_direct_debit, propose_write_off
from revtui.services.changes import ActionError, commit
from revtui.services.session import open_session
from revtui.store import Store


def account_file(session, reference):
    return open_account(session, session.records.accounts.find_one("reference", reference).doc_id)


def test_direct_debit_set_up_then_cancelled_before_it_was_lodged(session):
    f = account_file(session, "C00000019")
    with pytest.raises(ActionError, match="sort code"):
        propose_direct_debit(session, f.account.value, "12-34", "12345678", "E HUGHES")
    proposal = propose_direct_debit(session, f.account.value, "12-34-56", "1234 5678", "E HUGHES")
    assert "****5678" in proposal.effect and "12345678" not in proposal.effect  # never show the whole number
    assert account_file(session, "C00000019").account.version == 1  # a preview saves nothing
    saved = commit(session, f.account, proposal)
    assert saved.value.payment_method is PaymentMethod.DIRECT_DEBIT
    assert saved.value.direct_debit.mandate.status is MandateStatus.NEW
    with pytest.raises(ActionError, match="cancel it first"):
        propose_direct_debit(session, saved.value, "12-34-56", "12345678", "E HUGHES")

    f = account_file(session, "C00000019")
    saved = commit(session, f.account, propose_cancel_direct_debit(session, f.account.value, "moving away"))
    assert saved.value.payment_method is PaymentMethod.CASH
    assert saved.value.direct_debit.mandate.status is MandateStatus.CANCELLED  # never lodged: no 0C needed


def test_a_write_off_above_the_limit_waits_for_a_second_officer(session, store):
    f = account_file(session, "C00000019")
    balance = f.account.value.ledger.balance
    # The demo council's write-off limit for an officer is £100.00 (refdata/tables/authorisation.toml)
    proposal = propose_write_off(session, f.account.value, "2026/27", "150", "long stay in hospital", "uneconomic")
    assert "Above your limit of £100.00 for one: it waits for a senior officer" in proposal.effect
    commit(session, f.account, proposal)
    assert account_file(session, "C00000019").account.value.ledger.balance == balance
    [request] = pending_requests(session.cash)
    as_senior = open_session(store, today=session.today, officer="asmith", roles=["senior officer"])
    with pytest.raises(ActionError, match="cannot also authorise"):
        decide(as_senior, request.value.request.id, approve=True)
    with pytest.raises(ActionError, match="needs the senior officer role"):
        decide(open_session(store, today=session.today, officer="bjones", roles=["officer"]),
               request.value.request.id, approve=True)
    other = open_session(Store(store.path, user="bjones"), today=session.today, officer="bjones",
                         roles=["senior officer"])
    assert "authorised by bjones" in decide(other, request.value.request.id, approve=True)
    assert account_file(other, "C00000019").account.value.ledger.balance == balance - 150


def test_letters_sent_and_received(session):
    f = account_file(session, "C00000019")
    saved = commit(session, f.account, propose_letter(session, f.account.value, "Received", "asks for a plan", "",
                                                      "/scans/1.pdf"))
    assert saved.value.notes[-1].text == "letter received: asks for a plan (scanned: /scans/1.pdf)"
    f = account_file(session, "C00000019")
    saved = commit(session, f.account, propose_letter(session, f.account.value, "sent", "reply: plan agreed",
                                                      "20/11/2026", ""))
    [notice] = saved.value.notices
    assert (notice.number, notice.kind, notice.issued.isoformat()) == ("C00000019-L1", "letter: reply: plan agreed",
                                                                       "2026-11-20")
    with pytest.raises(ActionError, match="sent or received"):
        propose_letter(session, f.account.value, "faxed", "x", "", "")
