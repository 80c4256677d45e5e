"""From the account view at 80x24: write a letter (W), see it stored in the notices section (6), and
reprint it exactly as issued (N, enter) into a private PDF beside the store."""

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from letters.issued import reprint
from revtui.records.notices import open_notice_records
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.form import ActionForm, ConfirmChange
from revtui.ui.screens.reprint import ReprintPicker
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def test_an_officer_writes_a_letter_and_reprints_it_as_issued(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)  # nothing stored yet: told so, nothing opens

        await pilot.press("W")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await pilot.press(*"Council Tax: your move", "enter", *"Please tell us the date you moved in.", "enter",
                          *"14/12/2026", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChange)
        assert "Letter C00000019/letter/1 to" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)

        await pilot.press("6")
        await pilot.pause()
        section = text_of(app, "#section-text")
        assert "general letter C00000019/letter/1  stored as issued" in section
        assert "N reprints a stored notice" in section

        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, ReprintPicker)
        listing = app.screen.query_one(OptionList)
        assert listing.region.bottom <= 24 and "general letter C00000019/letter/1" in str(
            listing.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)

    stored = open_notice_records(store).issued.find_one("number", "C00000019/letter/1").value
    written = Path(store.path).parent / "previews" / "C00000019" / "C00000019_letter_1.pdf"
    # the file is the stored record rendered again, whose hash still matches what was issued
    assert stored.record.computed_hash() == stored.record.content_hash
    assert written.read_bytes() == reprint(stored.record)
    assert written.stat().st_mode & 0o077 == 0
