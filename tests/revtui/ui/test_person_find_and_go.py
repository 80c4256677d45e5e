"""A person found in Find by their reference; from the person screen, g and a number open one of
their accounts in its own view; l issues the all-debts letter. At 80x24."""

import pytest

from revtui.records.notices import open_notice_records
from revtui.services.persons import link
from revtui.services.search import PERSON, find
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.person import PersonScreen
from revtui.ui.screens.sundry import SundryAccountScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)
from tests.revtui.ui.test_person_debts import ELERI, INVOICE, text_of, with_invoice  # noqa: F401  (fixture)


def test_find_lists_the_person_by_reference_and_ni_number(with_invoice):
    link(with_invoice, ELERI, INVOICE, "name_and_address")
    for typed in ("DBT0000001", "dbt00", "DBT"):
        hits = find(with_invoice.records, typed)
        assert [(h.kind, h.reference, h.names, h.address) for h in hits] == \
            [(PERSON, "DBT0000001", "Eleri Hughes", "person: 2 accounts")], typed
    assert find(with_invoice.records, "DBT0000002") == []
    from revtui.services.persons import record_ni_number

    record_ni_number(with_invoice, ELERI, "AB 12 34 56 C")
    assert [h.reference for h in find(with_invoice.records, "ab123456c")] == ["DBT0000001"]


@pytest.mark.asyncio
async def test_open_the_person_from_find_then_each_of_their_accounts(app, with_invoice):
    link(with_invoice, ELERI, INVOICE, "name_and_address")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"DBT0000001")
        await pilot.pause()
        assert "DBT0000001" in str(app.screen.query_one("#results").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert "All debts of Eleri Hughes (DBT0000001)" in text_of(app, "#person-text")

        await pilot.press("g")
        await pilot.pause()
        shown = text_of(app, "#person-text")
        assert f" 1 council tax {ELERI}" in shown and f" 2 sundry debt {INVOICE}" in shown
        await pilot.press("2")  # not a link proposal while choosing an account
        await pilot.pause()
        assert isinstance(app.screen, SundryAccountScreen)
        assert INVOICE in text_of(app, "#other-text")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)

        await pilot.press("g", "escape")  # changed their mind: still on the person screen
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and "Open which account" not in text_of(app, "#person-text")
        await pilot.press("g", "1")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen) and ELERI in text_of(app, "#section-text")


@pytest.mark.asyncio
async def test_l_issues_the_all_debts_letter_from_the_person_screen(app, with_invoice):
    link(with_invoice, ELERI, INVOICE, "name_and_address")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*ELERI, "enter")
        await pilot.pause()
        await pilot.press("P", "l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = open_notice_records(with_invoice.store).issued.find_one("number", "DBT0000001-S001")
        assert stored is not None and stored.value.record.notice_type == "person_statement"
        from pathlib import Path

        pdf = Path(with_invoice.store.path).parent / "statements" / "DBT0000001-S001.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
