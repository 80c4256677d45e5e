"""The services behind a sundry debt's account view: council tax's payment service taking a
payment on a sundry debt (and refusing to save over another officer's change), and a credit
note above the officer's limit previewed as a request, not posted."""

from decimal import Decimal

import pytest

from revtui.accounts.sundry import SUNDRY
from revtui.services.account_actions import propose_payment
from revtui.services.changes import commit
from revtui.services.recovery import propose_arrangement, recovery_repository
from revtui.services.stores import ConflictError
from revtui.services.sundry_file import open_sundry_debt
from revtui.services.sundry_invoices import add_debtor, pending_credits, propose_credit, raise_from_form


@pytest.fixture()
def debt(session):
    # garage rent 3 x £40.00 = £120.00 + VAT 20% £24.00 = £144.00, dated 20 November
    debtor = add_debtor(session, "Lee Archer", ["9 Mill Lane", "Brookfield", "DM5 2AB"])
    return raise_from_form(session, debtor.reference, "PROP", "GRGE", "general", "2026-11-20",
                           [("Garage rent", "3", "40.00", "")])


def balance(session, number):
    return SUNDRY.repository(session.store).find_one("reference", number).value.balance


def test_a_payment_is_posted_to_the_sundry_ledger_and_not_over_another_officers_change(session, debt):
    number = debt.invoice.number
    file = open_sundry_debt(session, SUNDRY.repository(session.store).find_one("reference", number).doc_id)
    first = propose_payment(session, file.account.value, "44.00", "", "cash", "receipt 1", stored=file.account)
    stale = propose_payment(session, file.account.value, "10.00", "", "cash", "receipt 2", stored=file.account)
    commit(session, file.account, first)
    assert balance(session, number) == Decimal("100.00")  # 144.00 - 44.00
    with pytest.raises(ConflictError):  # read before the first was saved: refused, nothing changed
        commit(session, file.account, stale)
    assert balance(session, number) == Decimal("100.00")
    # the arrangement is over what is left: £100.00 in two payments of £50.00
    fresh = file.reopen(session)
    commit(session, fresh.account, propose_arrangement(session, fresh.account.value, fresh.recovery, "50.00",
                                                       "01/12/2026", "phoned"))
    arranged = recovery_repository(session.store).find_one("account", number).value.arrangement
    assert [p.amount for p in arranged.payments] == [Decimal("50.00"), Decimal("50.00")]


def test_a_credit_above_the_limit_is_shown_as_a_request_and_posts_nothing(session, debt):
    number = debt.invoice.number
    proposal = propose_credit(session, number, "120.00", "garage never handed over")  # the limit is £100.00
    assert "above your limit of £100.00" in proposal.effect and "Balance stays £144.00" in proposal.effect
    assert pending_credits(session) == []  # previewing saves nothing
    commit(session, None, proposal)
    assert balance(session, number) == Decimal("144.00")
    assert [(r.invoice, r.amount) for r in pending_credits(session)] == [(number, Decimal("120.00"))]
