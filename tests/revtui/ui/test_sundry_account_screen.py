"""A sundry debt from start to finish in the application at 80x24, keyboard only: the officer
raises an invoice (f9), opens it from Find, takes a payment, agrees an arrangement and sees the
person's council tax and sundry debts together (P); an officer without the roles is refused."""

import datetime as dt
from decimal import Decimal

import pytest
from textual.widgets import Static

from revtui.accounts.sundry import SUNDRY
from revtui.services.persons import person_of
from revtui.services.recovery import recovery_repository
from revtui.services.session import open_session
from revtui.services.sundry_invoices import add_debtor
from revtui.store import Store
from revtui.ui.app import RevenuesApp
from revtui.ui.screens.form import ActionForm, ConfirmChange
from revtui.ui.screens.person import PersonScreen
from revtui.ui.screens.sundry import SundryAccountScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio

ELERI = "C00000019"  # Eleri Hughes, 2 High Street, Brookfield DM2 2BA: owes £1,140.00, £684.00 of it overdue


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def form(pilot, app, key, *entries):
    """Press the action's key, type each entry over the field (None: keep what is there), show the effect."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, ActionForm), f"{key} opened no form"
    for entry in entries:
        await pilot.press(*([] if entry is None else ["ctrl+u", *entry]), "enter")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmChange), text_of(app, "#form-error")
    return text_of(app, "#effect-text")


def raised(session):
    [debt] = SUNDRY.repository(session.store).find("debtor", "SD000001")
    return debt.value


async def test_an_officer_invoices_takes_a_payment_arranges_the_rest_and_sees_all_the_persons_debts(app, session):
    add_debtor(session, "Mrs Eleri Hughes", ["2 High Street", "Brookfield", "DM2 2BA"])
    async with app.run_test(size=(80, 24)) as pilot:
        # the invoice: garage rent 3 x £41.67 = £125.01, VAT 20% £25.00 (25.002 to the penny), key
        # deposit £10.00 outside the scope of VAT: £160.01
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press(*"SD000001", "enter", "enter", *"PROP", "enter", *"GRGE", "enter", "enter", "enter",
                          *"Garage rent|3|41.67", "enter", *"Key deposit|1|10.00|O", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        number = raised(session).invoice.number
        assert raised(session).balance == Decimal("160.01")

        await pilot.press("ctrl+u", *number, "enter")
        await pilot.pause()
        assert isinstance(app.screen, SundryAccountScreen)
        keyline = app.screen.query_one("KeyLine")
        keys = str(keyline.render())
        assert all(word in keys for word in ("Pay", "Arrange", "Hold", "Credit", "Person"))
        assert len(keys.rstrip()) <= 80 and keyline.region.bottom <= 24

        # £60.01 by card: the balance falls by it, £160.01 - £60.01 = £100.00, shown before it is saved
        effect = await form(pilot, app, "p", "60.01", None, None, "card receipt 004512")
        assert "Payment of £60.01 received 2026-11-23" in effect and "Balance £160.01 -> £100.00" in effect
        assert raised(session).balance == Decimal("160.01")  # nothing saved yet
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SundryAccountScreen)
        assert raised(session).balance == Decimal("100.00")
        assert "£100.00" in text_of(app, "#other-text")

        # the £100.00 left by four monthly payments of £25.00 from 1 December (100.00 / 25.00 = 4)
        effect = await form(pilot, app, "a", "25.00", "01/12/2026", "phone call, income and outgoings taken")
        assert "Arrangement for 2026/27: £100.00 by 4 payment(s) of £25.00 from 2026-12-01" in effect
        assert recovery_repository(session.store).find_one("account", number) is None
        await pilot.press("y")
        await pilot.pause()
        arrangement = recovery_repository(session.store).find_one("account", number).value.arrangement
        assert [(p.due, p.amount) for p in arrangement.payments] == [
            (dt.date(2026, 12, 1), Decimal("25.00")), (dt.date(2027, 1, 1), Decimal("25.00")),
            (dt.date(2027, 2, 1), Decimal("25.00")), (dt.date(2027, 3, 1), Decimal("25.00"))]
        assert arrangement.agreed_by == "asmith"

        # P: the person screen proposes Eleri's council tax account by a matching rule; 1 links it
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert ELERI in text_of(app, "#person-text")
        await pilot.press("1")
        await pilot.pause()
        assert person_of(session.store, number) is not None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SundryAccountScreen)
        shown = text_of(app, "#other-text")
        rows = [row.split() for row in shown.splitlines()]
        # council tax £1,140.00 (£684.00 overdue) beside the invoice's £100.00 (not due until
        # the payment terms run out): £1,240.00 in all, £684.00 overdue
        assert "All debts of Mrs Eleri Hughes" in shown
        assert ["sundry", "debt", number, "£100.00", "£0.00", "(this", "account)"] in rows
        assert ["council", "tax", ELERI, "£1,140.00", "£684.00"] in rows
        assert ["total", "£1,240.00", "£684.00"] in rows


async def test_credit_note_and_cancellation_show_the_balance_before_saving(app, session):
    add_debtor(session, "Lee Archer", ["9 Mill Lane", "Brookfield", "DM5 2AB"])
    from revtui.services.sundry_invoices import form_request, raise_invoices

    raise_invoices(session, [form_request(session, "SD000001", "PROP", "GRGE", "general", "",
                                          [["Garage rent", "3", "40.00"], [""]])])
    number = raised(session).invoice.number  # 3 x £40.00 = £120.00 + VAT 20% £24.00 = £144.00
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*number, "enter")
        await pilot.pause()
        effect = await form(pilot, app, "c", "44.00", "garage returned early")
        assert "Credit note of £44.00" in effect and "Balance £144.00 -> £100.00" in effect
        await pilot.press("y")
        await pilot.pause()
        assert raised(session).balance == Decimal("100.00")
        # a dispute: a hold from today, lifted again (the recovery file keeps both, ended yesterday)
        effect = await form(pilot, app, "h", "dispute", None, "31/12/2026", "disputes the garage's size")
        assert f"Recovery of every year of {number} paused" in effect and "until 2026-12-31" in effect
        await pilot.press("y")
        await pilot.pause()
        effect = await form(pilot, app, "l", "measured: it is as invoiced")
        assert "recovery resumes at the next run" in effect
        await pilot.press("y")
        await pilot.pause()
        [hold] = recovery_repository(session.store).find_one("account", number).value.holds
        assert (hold.reason, hold.start, hold.end) == ("dispute", dt.date(2026, 11, 23), dt.date(2026, 11, 23))
        effect = await form(pilot, app, "x", "raised in error: wrong debtor")
        assert "Cancellation of £100.00" in effect and "Balance £100.00 -> £0.00" in effect
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SundryAccountScreen)
    assert raised(session).balance == Decimal("0.00")


async def test_an_officer_without_the_roles_is_refused_and_nothing_changes(store, session):
    add_debtor(session, "Lee Archer", ["9 Mill Lane", "Brookfield", "DM5 2AB"])
    from revtui.services.sundry_invoices import form_request, raise_invoices

    raise_invoices(session, [form_request(session, "SD000001", "PROP", "GRGE", "general", "",
                                          [["Garage rent", "3", "40.00"], [""]])])
    number = raised(session).invoice.number
    auditor = RevenuesApp(open_session(Store(store.path, user="cdavies"), today=dt.date(2026, 11, 23),
                                       officer="cdavies", roles=["auditor"]))
    async with auditor.run_test(size=(80, 24)) as pilot:
        await pilot.press(*number, "enter")
        await pilot.pause()
        assert isinstance(auditor.screen, SundryAccountScreen)
        for key in "pahlcx":
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(auditor.screen, SundryAccountScreen)  # no form opens
        refusals = [str(n.message) for n in auditor._notifications]
        assert any("Not allowed: posting a payment needs the officer" in m for m in refusals)
        assert any("Not allowed: holds, arrangements and means needs" in m for m in refusals)
        assert any("giving a credit note on a sundry invoice needs" in m for m in refusals)
    assert raised(session).balance == Decimal("144.00")
    assert recovery_repository(session.store).find_one("account", number) is None
