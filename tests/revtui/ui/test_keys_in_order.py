"""Keys typed ahead of the screens (issue 20 item 1): held while a screen opens or loads, then
each goes to the screen it was typed for, in order."""

import asyncio

import pytest
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input

from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.form import ActionForm, ConfirmChange
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio

KEY_NAMES = {"\n": "enter", " ": "space", "/": "slash", ",": "comma"}


def burst(app, *keys: str) -> None:
    """Each key posted at once, none waiting for the last to be handled (a terminal's burst)."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(KEY_NAMES.get(key, key), key if key != "\n" else "\r"))
        else:
            app.post_message(events.Key(key, None))


async def settled(pilot, app) -> None:
    for _ in range(200):
        await pilot.pause()
        if not app.keys_held and app._settling is None:
            return
    raise AssertionError(f"{app.keys_held} keys still held")


async def test_a_reference_enter_and_an_action_key_in_one_burst_open_the_form(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, *"C00000019", "enter", "o", "ctrl+u", *"01/10/2026", "enter", *"4 New Road", "enter")
        await settled(pilot, app)
        # Find opened the account, 'o' opened the move-out form, and each value is in its own field
        assert isinstance(app.screen, ActionForm) and app.screen.spec.name == "Move out"
        values = app.screen.values()
        assert values["day"] == "01/10/2026" and values["lines"] == "4 New Road" and values["postcode"] == ""
        assert isinstance(app.screen_stack[-2], AccountScreen)
        assert app.screen_stack[-2].file.account.value.reference == "C00000019"


async def test_the_confirmation_key_typed_with_the_form_saves_once_shown(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        burst(app, "n", *"Rang", "enter", "y")
        await settled(pilot, app)
        assert not isinstance(app.screen, (ActionForm, ConfirmChange))
        assert [n.text for n in app.screen.file.account.value.notes][-1] == "Rang"


class Loading(Screen):
    def compose(self) -> ComposeResult:
        yield Input(id="box")

    def on_mount(self) -> None:
        self.loading = True  # as a form does while a worker fills it in


async def test_keys_typed_while_a_form_loads_wait_for_it(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = Loading()
        await app.push_screen(screen)
        await pilot.pause()
        burst(app, *"ab")
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert app.keys_held >= 1 and screen.query_one("#box", Input).value == ""
        screen.loading = False  # the worker has finished
        screen.query_one("#box", Input).focus()
        await settled(pilot, app)
        assert screen.query_one("#box", Input).value == "ab"


async def test_ctrl_q_is_never_held(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = Loading()
        await app.push_screen(screen)
        burst(app, "a", "b", "ctrl+q")
        for _ in range(50):
            await pilot.pause()
            if not app.is_running:
                break
        assert not app.is_running
