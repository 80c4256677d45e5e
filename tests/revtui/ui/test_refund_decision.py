"""Authorising a refund shows what is authorised, payee, amount, method and account, before
anything is done (issue 20 item 8); escape leaves it waiting, y posts it."""

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from textual.widgets import Static

from refdata.ledger import ledger_settings
from revcore.refunds import bacs_payee
from revtui.services.approvals import pending_requests, request_refund
from revtui.services.limits import limits_for
from revtui.services.session import open_session
from revtui.ui.app import RevenuesApp
from revtui.ui.screens.decision import ConfirmDecision
from council_fixtures import council_file, store  # noqa: F401  (fixtures)
from tests.revtui.sample_council import TODAY

pytestmark = pytest.mark.asyncio


def screen_text(app) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


async def test_the_senior_officer_sees_payee_amount_method_and_account_before_y(store):
    asker = open_session(store, today=TODAY, officer="asmith", roles=["officer"])
    stored = asker.cash.accounts.find_one("reference", "C00000019")
    ledger = stored.value.ledger.pay(Decimal("2000.00"), effective=TODAY, posted=TODAY, reason="paid twice",
                                     policy=ledger_settings(TODAY).policy)
    asker.cash.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger), reason="test: overpaid")
    payee = bacs_payee("20-00-00", "55779911", "ELERI HUGHES")
    request = request_refund(asker.cash, "C00000019", today=TODAY, officer="asmith", payee=payee,
                             amount=Decimal("600.00"), reason="paid twice", limits=limits_for(["officer"]))
    assert not request.value.entry  # over an officer's limit: it waits for a second officer

    app = RevenuesApp(open_session(store, today=TODAY, officer="sam", roles=["senior officer"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "1", "a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDecision)
        text = screen_text(app)
        assert "Amount:     £600.00" in text and "Account:    C00000019" in text
        assert "Payee:      ELERI HUGHES" in text
        assert "Method:     BACS to sort code 20-00-00, account ****9911" in text
        assert "55779911" not in text  # the account number masked, as everywhere on screen
        assert "posts the refund of £600.00 to C00000019 now and pays ELERI HUGHES by BACS" in text
        assert app.screen.region.bottom <= 24
        await pilot.press("escape")
        await pilot.pause()
        assert [s.value.request.id for s in pending_requests(app.session.cash)] == [request.value.request.id]
        await pilot.press("a", "y")
        await pilot.pause()
        assert pending_requests(app.session.cash) == []
    after = open_session(store, today=TODAY, officer="check", roles=["officer"]).cash.accounts.find_one(
        "reference", "C00000019").value
    assert after.ledger.balance == stored.value.ledger.balance - Decimal("2000.00") + Decimal("600.00")
