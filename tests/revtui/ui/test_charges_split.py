"""At 80x24 the Charges section (2) shows each billed year's band amount split by authority,
with last year's amount and the percentage change, as the annual bill prints them."""

import pytest
from textual.widgets import Static

from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


async def test_charges_list_each_authority_with_last_year_and_the_change(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        text = str(app.screen.query_one("#section-text", Static).render())
    print(text)
    assert all(len(line) <= 76 for line in text.splitlines())
    assert False
