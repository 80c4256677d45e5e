"""The training clock moved from the application: a day, a month, to the next recovery run."""

import datetime as dt

import pytest
from textual.widgets import Static

from revtui.clock import set_training_date, today
from revcore.dates import add_months
from revtui.services.session import open_session
from revtui.ui.app import RevenuesApp
from revtui.ui.screens.training import TrainingSummary
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


def bar_of(app):
    return str(app.screen.query_one("#officer-bar").render())


async def test_a_live_store_refuses_to_move_the_clock(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert not isinstance(app.screen, TrainingSummary)
        [note] = list(app._notifications)
        assert "live store" in note.message and "cannot be moved" in note.message
        assert "Mon 23 Nov 2026" in bar_of(app)


async def test_a_training_store_steps_a_day_then_to_the_recovery_run(store):
    set_training_date(store, dt.date(2026, 11, 23), reason="training scenario")
    app = RevenuesApp(open_session(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, TrainingSummary)
        summary = str(app.screen.query_one("#summary-text", Static).render())
        assert "Training clock: a day on" in str(app.screen.query_one(".dialog-title", Static).render())
        assert summary.endswith("Today is now Tue 24 Nov 2026.")
        await pilot.press("escape")
        await pilot.pause()
        # the account view underneath now shows the new day, and so does the store
        assert "Tue 24 Nov 2026" in bar_of(app)
        assert today(store) == dt.date(2026, 11, 24) and app.session.today == dt.date(2026, 11, 24)

        await pilot.press("f8")
        await pilot.pause()
        summary = str(app.screen.query_one("#summary-text", Static).render())
        assert "recovery run day" in summary
        assert today(store) > dt.date(2026, 11, 24)
        assert f"Today is now {today(store):%a %d %b %Y}." in summary
        await pilot.press("escape")
        run_day = today(store)
        await pilot.press("f7")
        await pilot.pause()
        assert today(store) == add_months(run_day, 1)  # the same day next month
        assert "Training clock: a month on" in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert "f7       a month on" in str(app.screen.query_one("#help-body Static").render())
