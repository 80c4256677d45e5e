"""An officer at 80x24 sets up a Direct Debit on a business rates account from its view (shift+d),
sees what it does before saving, and the mandate is then on the account for the daily run."""

import datetime as dt

import pytest
from textual.widgets import Static

from revcore.directdebit import MandateStatus
from revtui.demo.businesses import build_businesses
from revtui.records.rates import rates_accounts
from revtui.services.loading import add_records
from revtui.ui.screens.form import ActionForm, ConfirmChange
from revtui.ui.screens.rates import RatesAccountScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)


@pytest.fixture()
def with_businesses(session):
    add_records(session.store, "test: the demo businesses", build_businesses(dt.date(2026, 3, 10), dt.date(2026, 11, 20)))
    return session


@pytest.mark.asyncio
async def test_an_officer_sets_up_a_direct_debit_on_a_rates_account(app, with_businesses):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"hollins", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RatesAccountScreen)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        for entry in ("30-00-00", "12345678", None):
            await pilot.press(*([] if entry is None else ["ctrl+u", *entry]), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChange)
        effect = str(app.screen.query_one("#effect-text", Static).render())
        assert "sort code 300000, account ****5678" in effect and "AUDDIS 0N" in effect
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RatesAccountScreen)
    [stored] = [s for s in rates_accounts(with_businesses.store) if s.value.direct_debit is not None]
    assert "HOLLINS" in stored.value.direct_debit.mandate.payer.name
    assert stored.value.direct_debit.mandate.status is MandateStatus.NEW
