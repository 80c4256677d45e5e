"""A person's debts together: from the council tax account (80x24), the person screen proposes the
sundry invoice by a matching rule, the officer links it with a key, and both accounts' views then
list the council tax and the sundry debt side by side with balances and arrears."""

import datetime as dt
from decimal import Decimal

import pytest
from textual.widgets import Static

from refdata.sundry import load_sundry_rules
from revcore.references import make_reference
from revcore.sundry import Debtor, LineItem, open_debt, raise_invoice
from revtui.services.loading import add_records
from revtui.services.persons import person_of
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.other import OtherAccountScreen
from revtui.ui.screens.person import PersonScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio

ELERI = "C00000019"  # Eleri Hughes, 2 High Street, Brookfield DM2 2BA: owes £1,140.00, £684.00 of it overdue
INVOICE = make_reference("S", 901)


@pytest.fixture()
def with_invoice(session):
    # garage rent 3 x £40.00 = £120.00 + VAT 20% £24.00 = £144.00, issued 1 September, due in 30 days
    # (1 October 2026): by 23 November all of it is overdue, so arrears £144.00
    invoice = raise_invoice(load_sundry_rules(), INVOICE, dt.date(2026, 9, 1),
                            Debtor("DEB0000901", "Mrs Eleri Hughes", ("2 High Street", "Brookfield", "DM2 2BA")),
                            "general", "GRGE", [LineItem("Garage rent", Decimal("3"), Decimal("40.00"))])
    add_records(session.store, "test: an invoice", {"sundry": [open_debt(invoice, posted=invoice.issued)]})
    return session


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def test_link_from_the_account_view_then_both_views_show_the_persons_debts_together(app, with_invoice):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*ELERI, "enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert "All debts of" not in text_of(app, "#section-text")  # linked to no one yet
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        shown = text_of(app, "#person-text")
        assert "not linked to a person yet" in shown
        assert f" 1 sundry debt {INVOICE} Mrs Eleri Hughes" in shown
        assert "rule name_and_address" in shown  # the officer sees which rule matched, and on what
        await pilot.press("1")
        await pilot.pause()
        assert person_of(with_invoice.store, INVOICE) is not None
        shown = text_of(app, "#person-text")
        assert "Saved" in shown and "All debts of Eleri Hughes (DBT0000001)" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        summary = text_of(app, "#section-text")
        rows = [row.split() for row in summary.splitlines()]
        # council tax: £2,280.96 charged, £1,140.96 paid, £1,824.96 due so far (the balance panel above):
        # owes £1,140.00, overdue £1,824.96 - £1,140.96 = £684.00; beside the invoice's £144.00, all overdue
        assert ["council", "tax", ELERI, "£1,140.00", "£684.00", "(this", "account)"] in rows
        assert ["sundry", "debt", INVOICE, "£144.00", "£144.00"] in rows
        assert ["total", "£1,284.00", "£828.00"] in rows  # £1,140.00 + £144.00; £684.00 + £144.00
        assert all(len(row) <= 78 for row in summary.splitlines())

        await pilot.press("escape")
        await pilot.press("ctrl+u", *INVOICE, "enter")
        await pilot.pause()
        assert isinstance(app.screen, OtherAccountScreen)
        text = text_of(app, "#other-text")
        assert "All debts of Eleri Hughes" in text and ELERI in text and "£1,284.00" in text


async def test_unlink_from_the_person_screen_asks_why_and_the_debts_leave_the_account_view(app, with_invoice):
    from revtui.services.persons import link

    link(with_invoice, ELERI, INVOICE, "name_and_address")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*INVOICE, "enter")
        await pilot.pause()
        assert "All debts of Eleri Hughes" in text_of(app, "#other-text")
        await pilot.press("P", "u")
        await pilot.pause()
        await pilot.press("enter")  # no reason given: nothing happens
        await pilot.pause()
        assert person_of(with_invoice.store, INVOICE) is not None
        await pilot.press("u", *"another Eleri: her invoice address is her late mother's", "enter")
        await pilot.pause()
        assert person_of(with_invoice.store, INVOICE) is None
        assert "not linked to a person yet" in text_of(app, "#person-text")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OtherAccountScreen) and "All debts of" not in text_of(app, "#other-text")


async def test_one_arrangement_across_the_persons_debts_from_the_person_screen(app, with_invoice):
    """a on the person screen: £128.40 a month across £1,284.00 is £114.00 on the council tax
    (128.40 x 1,140/1,284) and £14.40 on the invoice (128.40 x 144/1,284), shown before saving;
    both accounts then show their arrangement."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*ELERI, "enter")
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("1")  # link the invoice by its rule
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"128.40", "enter", "ctrl+u", *"01/12/2026", "enter", *"agreed by phone", "enter")
        await pilot.pause()
        effect = " ".join(str(app.screen.query_one("#effect-text", Static).render()).split())
        assert "£1,284.00 owed on 2 accounts" in effect
        assert f"council tax {ELERI}: £114.00 a month" in effect and f"sundry debt {INVOICE}: £14.40 a month" in effect
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        shown = " ".join(text_of(app, "#person-text").split())
        assert "arrangement agreed 2026-11-23: 10 payments, £1,140.00" in shown
        assert "arrangement agreed 2026-11-23: 10 payments, £144.00" in shown
