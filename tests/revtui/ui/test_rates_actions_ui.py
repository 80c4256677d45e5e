"""An officer at 80x24 grants a business rates relief and records a s.44A certificate, seeing the
re-bill before each is saved, with the keyboard only."""

import datetime as dt

import pytest
from textual.widgets import Static

from revtui.demo.businesses import build_businesses
from revtui.services.loading import add_records
from revtui.ui.screens.form import ActionForm, ConfirmChange
from revtui.ui.screens.rates import RatesAccountScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)


@pytest.fixture()
def with_businesses(session):
    add_records(session.store, "test: the demo businesses", build_businesses(dt.date(2026, 3, 10), dt.date(2026, 11, 20)))
    return session


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def act(pilot, app, key, *entries):
    """Press the action's key on the rates account, then type each entry (None: keep the default)."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, ActionForm)
    for entry in entries:
        await pilot.press(*([] if entry is None else ["ctrl+u", *entry]), "enter")
    await pilot.pause()


@pytest.mark.asyncio
async def test_an_officer_grants_hardship_relief_then_records_a_s44a_certificate_and_sees_each_rebill(
        app, with_businesses):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"hollins", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RatesAccountScreen)
        assert app.screen.query_one("#other-text", Static).render().plain.count("Adjustment issued") == 2
        assert "Liable from 2019-09-02 (current), occupied" in app.screen.query_one("#other-text", Static).render().plain

        # Hollins & Dale: RV £24,000 on the 38.2p small business RHL multiplier, £9,168.00 a year;
        # its s.44A certificate (occupied part £15,500, 1 July to 31 October, 123 days) takes off
        # 8,500 x 0.382 x 123/365 = 1,094.194...: the year stands at 8,073.81 (8,073.805...).
        # Hardship relief 25% (LGFA 1988 s.49) from 1 October: in October (31 days) a quarter of
        # the certified 15,500 x 0.382 = 5,921, 1,480.25 x 31/365 = 125.719...; 1 November to 31
        # March (151 days) a quarter of 9,168, 2,292 x 151/365 = 948.197...: the year
        # 8,073.805... - 1,073.917... = 6,999.888... = 6,999.89.
        await act(pilot, app, "r", "hardship", "01/10/2026", "31/03/2027", "25", "flood damage, application")
        assert isinstance(app.screen, ConfirmChange)
        effect = text_of(app, "#effect-text")
        assert "2026/27: was £8,073.81, now £6,999.89, difference -£1,073.92" in effect
        assert "hardship relief 25%" in effect and "(LGFA 1988 s.49)" in effect
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RatesAccountScreen)
        shown = app.screen.query_one("#other-text", Static).render().plain
        assert shown.count("Adjustment issued 2026-11-23") == 1 and "£6,999.89" in shown

        # A second certificate: occupied part £12,000 from 10 November to 31 January (83 days),
        # after the 25% hardship relief: 12,000 x 0.382 x 75% x 83/365 = 3,438 x 83/365 = 781.79...;
        # 6,999.888... - 781.794... = 6,218.096... = 6,218.10.
        await act(pilot, app, "s", "20/11/2026", "10/11/2026", "12000", "31/01/2027", "VO certificate received")
        effect = text_of(app, "#effect-text")
        assert "2026/27: was £6,999.89, now £6,218.10, difference -£781.79" in effect
        assert "£12,000 of the £24,000 to the occupied part" in effect
        await pilot.press("y")
        await pilot.pause()
        shown = app.screen.query_one("#other-text", Static).render().plain
        assert shown.count("Adjustment issued 2026-11-23") == 2 and "£6,218.10" in shown


@pytest.mark.asyncio
async def test_a_mistake_in_the_form_is_named_and_nothing_is_saved(app, with_businesses):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"hollins", "enter")
        await pilot.pause()
        await act(pilot, app, "r", "rural", None, "", "", "asked")
        assert isinstance(app.screen, ActionForm)
        assert "relief: 'rural' is not a relief" in text_of(app, "#form-error")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RatesAccountScreen)
        assert app.screen.query_one("#other-text", Static).render().plain.count("Adjustment issued") == 2


@pytest.mark.asyncio
async def test_a_change_of_ratepayer_ends_the_account_on_view(app, with_businesses):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"hollins", "enter")
        await pilot.pause()
        await act(pilot, app, "c", "01/12/2026", "Brookfield Bikes Ltd", "lease assigned")
        effect = text_of(app, "#effect-text")
        assert "Change of ratepayer: Brookfield Bikes Ltd liable from 2026-12-01" in effect
        assert "New account N" in effect and "Brookfield Bikes Ltd (occupied) from 2026-12-01" in effect
        await pilot.press("y")
        await pilot.pause()
        shown = app.screen.query_one("#other-text", Static).render().plain
        assert "Liable from 2019-09-02 to 2026-11-30, occupied" in shown
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+u", *"brookfield bikes")
        await pilot.pause()
        assert [h.kind for h in app.screen.query_one("#results").hits] == ["business rates"]
