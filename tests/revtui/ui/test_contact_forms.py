"""Contact details, the correspondence address, gone away and the trace outcome from the account
view's keys, at 80x24: every field of each form on the screen, bad input refused in words."""

import pytest
from textual.widgets import Input, Static

from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.form import ActionForm, ConfirmChange
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def open_form(pilot, app, key):
    await pilot.press(*"C00000019", "enter")
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, ActionForm)


def all_on_screen(app):
    """Every input and the error line lie inside the 80x24 screen."""
    widgets = [*app.screen.query(Input), app.screen.query_one("#form-error")]
    return all(0 <= w.region.y and w.region.bottom <= 24 and w.region.right <= 80 and w.region.height > 0
               for w in widgets)


async def type_in(pilot, *entries):
    for entry in entries:
        await pilot.press("ctrl+u", *entry, "enter")
    await pilot.pause()


async def test_a_correspondence_address_of_eight_lines_is_refused_then_a_good_one_is_saved(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app, "k")
        assert all_on_screen(app)
        await type_in(pilot, "1 Flat, 2 House, 3 Street, 4 Area, 5 Town, 6 County", "OT1 9ER", "dwp")
        assert isinstance(app.screen, ActionForm)
        assert "8 lines with the 1 name(s) and the postcode; at most 7" in text_of(app, "#form-error")

        await pilot.press("shift+tab", "shift+tab")  # back from the source to the lines
        await type_in(pilot, "9 Elm Road, Otherton", "OT1 9ER", "dwp")
        assert isinstance(app.screen, ConfirmChange)
        assert "Notices to: 9 Elm Road, Otherton, OT1 9ER from now on" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        summary = text_of(app, "#section-text")
        assert "Notices to: 9 Elm Road, Otherton, OT1 9ER" in summary
        assert "(DWP): correspondence address the dwelling -> 9 Elm\n    Road, Otherton, OT1 9ER" in summary


async def test_an_invalid_email_and_an_unknown_source_are_refused_in_words(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app, "c")
        assert all_on_screen(app)
        await type_in(pilot, "1", "01632 960123", "ann.example.org", "phone call")
        assert "email: 'ann.example.org' is not an email address" in text_of(app, "#form-error")
        await pilot.press("shift+tab")  # back from the source to the email
        await type_in(pilot, "ann@example.org", "the neighbour")
        assert "source: 'the neighbour' is not one of: phone call" in text_of(app, "#form-error")


async def test_gone_away_then_traced_from_the_account_view(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app, "G")
        await type_in(pilot, "reminder returned: not known here", "returned mail trace")
        await pilot.press("y")
        await pilot.pause()
        assert "GONE AWAY: post stopped" in text_of(app, "#account-heading")

        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm) and all_on_screen(app)
        await type_in(pilot, "traced", "9 Elm Road, Otherton", "OT1 9ER", "", "", "credit")
        assert isinstance(app.screen, ConfirmChange)
        assert "closed: traced to a new address: 9 Elm Road, Otherton, OT1 9ER" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        assert "GONE AWAY" not in text_of(app, "#account-heading")


async def test_the_tracing_queue_lists_a_gone_away_account_and_its_outcome_form_clears_it(app):
    from revtui.ui.screens.tracing import TracingScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app, "G")
        await type_in(pilot, "bill returned", "returned mail trace")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("f3", "T")
        await pilot.pause()
        assert isinstance(app.screen, TracingScreen)
        listed = text_of(app, "#tracing-text")
        assert "1 account(s) to trace" in listed and "C00000019" in listed and "GONE AWAY 2026-11-23" in listed
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm) and all_on_screen(app)
        await type_in(pilot, "still at", "", "", "", "", "officer visit")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, TracingScreen)
        assert "Nothing to trace." in text_of(app, "#tracing-text")
