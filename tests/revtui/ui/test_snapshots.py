"""The main screens as SVG snapshots at 80x24 (the officer's SSH terminal) and 120x40.

Fixed day, officer, clock and sample data (see conftest), so a snapshot changes only when the
screen does. Check a changed snapshot by eye (snapshot_report.html) before updating it.
"""

import pytest
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

SIZES = [(80, 24), (120, 40)]


async def find_smith(pilot):
    await pilot.press(*"hug")
    await pilot.pause()


async def open_account(pilot):
    await pilot.press(*"C00000019", "enter")
    await pilot.pause()


async def charges(pilot):
    await open_account(pilot)
    await pilot.press("2")
    await pilot.pause()


async def move_out_effect(pilot):
    await open_account(pilot)
    await pilot.press("o")
    await pilot.pause()
    await pilot.press("ctrl+u", *"01/10/2026", "enter", *"4 New Road, Otherton", "enter", *"OT1 2AB", "enter",
                      *"phoned in", "enter")
    await pilot.pause()


async def account_help(pilot):
    await open_account(pilot)
    await pilot.press("f1")
    await pilot.pause()


async def collection_report(pilot):
    await pilot.press("f5", "1")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("steps", [find_smith, open_account, charges, move_out_effect, account_help,
                                   collection_report],
                         ids=lambda f: f.__name__)
def test_screen(snap_compare, app, size, steps):
    assert snap_compare(app, terminal_size=size, run_before=steps)
