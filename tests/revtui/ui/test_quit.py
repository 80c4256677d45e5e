"""Ctrl+Q leaves the application from anywhere: the Find screen, a form that is open (modal,
its field focused) and the training clock's summary."""

import datetime as dt

import pytest

from revtui.clock import set_training_date
from revtui.services.session import open_session
from revtui.ui.app import RevenuesApp
from revtui.ui.screens.form import ActionForm
from revtui.ui.screens.training import TrainingSummary
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


async def _quits(app, pilot):
    assert app.is_running
    await pilot.press("ctrl+q")
    await pilot.pause()
    return not app.is_running


async def test_ctrl_q_quits_from_find(app):
    async with app.run_test(size=(80, 24)) as pilot:
        assert await _quits(app, pilot)


async def test_ctrl_q_quits_while_a_form_is_open(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        assert await _quits(app, pilot)


async def test_ctrl_q_quits_from_the_training_summary(store):
    set_training_date(store, dt.date(2026, 11, 23), reason="training scenario")
    app = RevenuesApp(open_session(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, TrainingSummary)
        assert await _quits(app, pilot)
