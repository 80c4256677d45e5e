"""An officer records an HB overpayment from a benefits decision in the application (f10): the
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
        await pilot.press("f10")
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


async def test_an_officer_chooses_deduction_from_ongoing_hb_then_asks_to_write_off_part(app, session, store):
    import datetime as dt

    from revcore.hb import Cause
    from revcore.periods import DateRange
    from revtui.services.hb_overpayments import record_decision
    from revtui.ui.screens.other import OtherAccountScreen

    record_decision(session, claimant="Kerry Jones", claim=DateRange(dt.date(2024, 4, 1), dt.date(2026, 10, 31)),
                    period=DateRange(dt.date(2026, 1, 5), dt.date(2026, 5, 3)), amount="1190.00",
                    cause=Cause.CLAIMANT_ERROR, decided_on=dt.date(2026, 11, 2), notified_on=dt.date(2026, 11, 4))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"kerry jo")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OtherAccountScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm) and app.screen.spec.name == "Deduct from ongoing HB"
        await pilot.press(*"30/11/2026", "enter", *"120.00", "enter", "enter", "enter")
        await pilot.pause()
        # 5% of £92.05 = 4.6025, up to £4.65, x 3 = £13.95 a week (reg 102(2)); 1190 / 13.95 -> 86 weeks
        effect = text_of(app, "#effect-text")
        assert "£13.95" in effect and "86 weeks" in effect
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, OtherAccountScreen)
        assert "Recovery from ongoing HB" in text_of(app, "#other-text")
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"600.00", "enter", *"claimant died, no estate", "enter", *"deceased_no_estate", "enter")
        await pilot.pause()
        assert "waits for a second officer" in text_of(app, "#effect-text")
        assert "deceased, no estate" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
    [account] = [stored.value for stored in hb_overpayments(store)]
    assert account.plan.weekly == Decimal("13.95") and account.ledger.balance == Decimal("1190.00")
    [record] = [stored.value for stored in session.cash.requests.find("account", account.reference)]
    assert record.request.amount == Decimal("600.00") and record.request.needs_second_officer
    assert record.write_off_category.code == "deceased_no_estate"
