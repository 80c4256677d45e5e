"""The command palette (ctrl+p) lists every key of the screen it is opened on and the keys that
work everywhere, made from the bindings, and runs what is chosen."""

import pytest
from textual.command import CommandPalette

from revtui.ui.app import KEY_NAMES
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.find import FindScreen
from revtui.ui.screens.queues import QueuesScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)
from test_relief_forms import text_of

pytestmark = pytest.mark.asyncio


def palette(app):
    return {command.title: command.help for command in app.get_system_commands(app.screen)}


def assert_every_binding_listed(app, screen_class):
    """Each binding of the screen and of the application appears with its key and what it does."""
    assert isinstance(app.screen, screen_class)
    titles = list(palette(app))
    for binding in [*screen_class.BINDINGS, *app.BINDINGS]:
        if binding.action.startswith("clock("):
            continue  # training stores only (below)
        key = KEY_NAMES.get(binding.key, binding.key)
        assert any(title.startswith("[") and key in title[1:].split("]")[0].split(" / ")
                   and title.endswith(f"] {binding.description}") for title in titles), (key, binding.description)


async def test_the_palette_lists_every_binding_of_find_the_account_view_and_the_queues(app):
    async with app.run_test(size=(80, 24)) as pilot:
        assert_every_binding_listed(app, FindScreen)
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        assert_every_binding_listed(app, AccountScreen)
        entries = palette(app)
        assert entries["[ctrl+o] Notices as PDF"].startswith("Write the account's notices as PDFs")
        assert entries["[b] Change band"].startswith("A Valuation Office alteration")
        assert "[f1 / ?] Help" in entries and "[2] Show charges" in entries
        assert not any("Training" in title for title in entries)  # a live store: no clock keys
        await pilot.press("f3")
        await pilot.pause()
        assert_every_binding_listed(app, QueuesScreen)
        assert "[a] Authorise" in palette(app) and "[o] Move out" not in palette(app)


async def test_a_key_chosen_from_the_palette_does_what_the_key_does(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"show ledger")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen) and app.screen.current == 3
        assert "demand notice 2026/27" in text_of(app, "#section-text")
