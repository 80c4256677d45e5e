"""Direct Debit set up and cancelled; letters sent and received recorded on the account."""

import pytest

from revcore.directdebit import MandateStatus
from revtui.records import PaymentMethod
from revtui.services.account_actions import propose_letter
from revtui.services.account_file import open_account
from revtui.services.changes import ActionError, commit
from revtui.services.direct_debit import live_mandate, propose_cancel_direct_debit, propose_direct_debit


def account_file(session, reference):
    return open_account(session, session.records.accounts.find_one("reference", reference).doc_id)


def test_direct_debit_set_up_then_cancelled_before_it_was_lodged(session):
    f = account_file(session, "C00000019")
    with pytest.raises(ActionError, match="sort code"):
        propose_direct_debit(session, f.account.value, "12-34", "12345678", "E HUGHES", "15")
    with pytest.raises(ActionError, match="collects on the 1, 8, 15, 22"):
        propose_direct_debit(session, f.account.value, "12-34-56", "12345678", "E HUGHES", "31")
    proposal = propose_direct_debit(session, f.account.value, "12-34-56", "1234 5678", "E HUGHES", "15")
    assert "****5678" in proposal.effect and "12345678" not in proposal.effect  # never show the whole number
    saved = commit(session, f.account, proposal)
    assert (saved.value.payment_method, saved.value.instalment_day) == (PaymentMethod.DIRECT_DEBIT, 15)
    mandate = live_mandate(session.store, "C00000019").value
    assert mandate.status is MandateStatus.NEW and mandate.payer.sort_code == "123456"
    with pytest.raises(ActionError, match="already has a Direct Debit"):
        propose_direct_debit(session, saved.value, "12-34-56", "12345678", "E HUGHES", "1")

    f = account_file(session, "C00000019")
    assert f.mandate is not None
    saved = commit(session, f.account, propose_cancel_direct_debit(session, f.account.value, "moving away"))
    assert saved.value.payment_method is PaymentMethod.CASH
    assert live_mandate(session.store, "C00000019") is None  # never lodged: cancelled outright, no 0C


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
