"""An officer raises a sundry invoice from the application (f9), at 80x24, keyboard only."""

from decimal import Decimal

import pytest
from textual.widgets import Static

from revtui.accounts.sundry import SUNDRY
from revtui.services.sundry_invoices import add_debtor
from revtui.ui.screens.form import ActionForm, ConfirmChange
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def test_an_officer_raises_a_sundry_invoice_at_80x24(app, session):
    add_debtor(session, "Lee Archer", ["9 Mill Lane", "Brookfield", "DM5 2AB"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        # every field and the form's keys are on the 24 lines
        keys = app.screen.query_one(".dialog-keys").region
        assert keys.height == 1 and keys.bottom <= 23
        await pilot.press(*"SD000001", "enter", "enter", *"PROP", "enter", *"GRGE", "enter", "enter", "enter")
        await pilot.press(*"Garage rent|3|-41.67", "enter", "enter")
        await pilot.pause()
        assert "line 1: unit price: -41.67 is negative" in text_of(app, "#form-error")
        app.screen.query_one("#field-line1").value = "Garage rent|3|41.67"
        app.screen.query_one("#field-line2").value = "Key deposit|1|10.00|O"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChange)
        effect = text_of(app, "#effect-text")
        # 3 x 41.67 = 125.01, VAT 20% = 25.002 -> 25.00 (per line, nearest penny half up); + 10.00 outside scope
        assert "TOTAL (net £135.01 + VAT £25.00)" in effect and "£160.01" in effect
        assert SUNDRY.repository(session.store).find("debtor", "SD000001") == []  # nothing saved yet
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (ActionForm, ConfirmChange))
    raised = SUNDRY.repository(session.store).find("debtor", "SD000001")
    assert [d.value.balance for d in raised] == [Decimal("160.01")]
    assert raised[0].value.invoice.debtor.name == "Lee Archer"


async def test_a_new_debtor_is_added_with_their_first_invoice(app, session):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("ctrl+a", *"Edna Pryce", "enter", *"3 Orchard Close, Brookfield, DM5 3CD", "enter", *"ENV", "enter",
                          *"LICN", "enter", "ctrl+u", *"in_advance", "enter", "enter", *"Street trading licence|1|75.00", "enter",
                          "enter")
        await pilot.pause()
        assert "Adds the sundry debtor Edna Pryce, 3 Orchard Close, Brookfield, DM5 3CD" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
    from revtui.services.sundry_invoices import debtors

    added = debtors(session.store).find("name", "pryce")
    assert [d.value.debtor.address for d in added] == [("3 Orchard Close", "Brookfield", "DM5 3CD")]
    raised = SUNDRY.repository(session.store).find("debtor", added[0].value.reference)
    assert [d.value.balance for d in raised] == [Decimal("75.00")]  # a licence: outside the scope of VAT
    assert raised[0].value.invoice.invoice_type.code == "in_advance"
