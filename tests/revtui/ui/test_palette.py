"""The command palette (ctrl+p) lists every key of the screen it is opened on and the keys that
work everywhere, made from the bindings, and runs what is chosen."""

import pytest
from textual.command import CommandList, CommandPalette

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
        assert any(title.startswith(f"{binding.description} (") and key in title[:-1].split(" (")[-1].split(" / ")
                   for title in titles), (key, binding.description)


async def test_the_palette_lists_every_binding_of_find_the_account_view_and_the_queues(app):
    async with app.run_test(size=(80, 24)) as pilot:
        assert_every_binding_listed(app, FindScreen)
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        assert_every_binding_listed(app, AccountScreen)
        entries = palette(app)
        assert entries["Notices as PDF (ctrl+o)"].startswith("Write the account's notices as PDFs")
        assert entries["Change band (b)"].startswith("A Valuation Office alteration")
        assert "Help (f1 / ?)" in entries and "Show charges (2)" in entries
        assert not any("Training" in title for title in entries)  # a live store: no clock keys
        await pilot.press("f3")
        await pilot.pause()
        assert_every_binding_listed(app, QueuesScreen)
        assert "Authorise (a)" in palette(app) and "Move out (o)" not in palette(app)


async def test_a_key_chosen_from_the_palette_does_what_the_key_does(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"move out")
        await pilot.pause(0.5)
        painted = "".join(segment.text for segment in app.screen.query_one(CommandList).render_line(0))
        assert "Move out (o)" in painted  # the key shows while searching too (not read as markup)
        await pilot.press("ctrl+u", *"show ledger")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen) and app.screen.current == 3
        assert "demand notice 2026/27" in text_of(app, "#section-text")


async def test_the_palette_keeps_textuals_own_commands_beside_the_keys(app):
    async with app.run_test(size=(80, 24)) as pilot:
        entries = palette(app)
        assert "Theme" in entries and "Keys" in entries and "Screenshot" in entries
        assert "New dwelling (f4)" in entries and "Quit (ctrl+q)" in entries
        assert "Quit" not in entries  # Textual's Quit is ctrl+q's entry, listed once
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.5)
        painted = "".join(segment.text for segment in app.screen.query_one(CommandList).render_line(0))
        assert "Theme" in painted
        await pilot.press("enter")  # Textual's theme picker: the themes to choose from
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        themes = {"".join(s.text for s in commands.render_line(y)).strip() for y in range(commands.size.height)}
        assert len(themes & set(app.available_themes)) >= 5, themes
