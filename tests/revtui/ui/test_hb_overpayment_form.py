"""An officer records an HB overpayment from a benefits decision in the application (f9): the
form refuses a period outside the claim, then shows the overpayment split by year before saving."""

from decimal import Decimal

import pytest
from textual.widgets import Static

from revtui.records.sundry import hb_overpayments
from revtui.ui.screens.form import ActionForm, ConfirmChange
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def test_an_officer_records_an_overpayment_from_a_decision(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm) and app.screen.spec.name == "New HB overpayment"
        for name in ("#field-claimant", "#field-dates", "#form-error"):  # the whole form fits 80 x 24
            region = app.screen.query_one(name).region
            assert 0 <= region.y and region.bottom <= 24, (name, region)
        typed = ("Kerry Jones", "01/04/2024 to 31/10/2026", "05/01/2026 to 03/11/2026", "1190.00", "CE", "C", "",
                 "02/11/2026 04/11/2026")
        for value in typed:
            await pilot.press(*value, "enter")
        await pilot.pause()
        assert "is outside the claim 2024-04-01 to 2026-10-31" in text_of(app, "#form-error")
        assert len(hb_overpayments(store)) == 0
        app.screen.query_one("#field-overpaid").value = "05/01/2026 to 03/05/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChange)
        effect = text_of(app, "#effect-text")
        assert "£1,190.00 x 86/119 days" in effect and "recoverable: claimant error" in effect.lower()
        await pilot.press("y")
        await pilot.pause()
        saved = [s.value for s in hb_overpayments(store)]
        assert [(a.overpayment.claimant, a.ledger.balance) for a in saved] == [("Kerry Jones", Decimal("1190.00"))]
