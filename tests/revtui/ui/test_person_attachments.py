"""Attachments of earnings from the person screen at 80x24: the list of orders in force, one
council tax order over both of the person's council tax accounts with its deduction previewed,
then the employer's remittance posted across the accounts."""

import datetime as dt
from decimal import Decimal

import pytest
from textual.widgets import Static

from revcore.recovery import StageEvent
from revtui.accounts import locate
from revtui.services.persons import OFFICER_RULE, link
from revtui.services.recovery import RecoveryFile, YearEvent, recovery_repository
from revtui.ui.screens.person import PersonScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio

ELERI, SECOND = "C00000019", "C00000027"  # 2026/27 owed: £1,140.00 and £1,764.00


@pytest.fixture()
def linked(session):
    for account, day in ((ELERI, dt.date(2026, 10, 20)), (SECOND, dt.date(2026, 10, 27))):
        with session.store.change("test: a liability order", user="test"):
            recovery_repository(session.store).add(RecoveryFile(account, (YearEvent(
                "2026/27", StageEvent("liability_order", day, key=f"{account}/2026/27/liability_order/1")),)))
    link(session, ELERI, SECOND, OFFICER_RULE, reason="same person, moved")
    return session


def shown(app):
    return str(app.screen.query_one("#person-text", Static).render())


async def test_one_order_over_both_accounts_then_a_remittance_from_the_person_screen(app, linked):
    """Monthly net £1,500.00, Sch 4 Table B: over £1,420, not over £2,020: 17% = £255.00. The
    remittance of £255.00 goes to the older liability order first (C00000019, 20 October 2026)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*ELERI, "enter")
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert "Attachments of earnings in force: none." in shown(app)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"Brookfield Foods Ltd", "enter", "m", "enter", *"1500.00", "enter", *"E123", "enter")
        await pilot.pause()
        effect = " ".join(str(app.screen.query_one("#effect-text", Static).render()).split())
        assert "£2,904.00" in effect and "(this new order): £255.00" in effect
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        text = shown(app)
        assert "AEO DBT0000001/AEO/1 made 2026-11-23, £2,904.00 owed" in text
        assert "Brookfield Foods Ltd, monthly pay, Sch 4 Table B" in text
        assert all(len(row) <= 78 for row in text.splitlines())
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"Brookfield Foods Ltd", "enter", *"23/11/2026", "enter", *"1500.00", "enter",
                          *"255.00", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert locate(linked.store, ELERI).ledger.balance == Decimal("885.00")  # £1,140.00 - £255.00
        assert "£2,649.00 owed" in shown(app)  # £2,904.00 - £255.00
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("1", "enter", *"left the job", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Attachments of earnings in force: none." in shown(app)


async def test_a_dea_from_the_person_screen_comes_after_the_council_tax_order(app, linked):
    """The HB overpayment (£1,190.00, claimant error) linked too; an order is already at the
    employer. The DEA's preview applies Table B to the residue £1,500.00 - £255.00 = £1,245.00:
    11% = £136.95 (SI 2013/384 reg 29); the list then shows both, the council tax order first."""
    from revcore.hb import Cause
    from revcore.periods import DateRange
    from revtui.services import hb_overpayments as hb
    from revtui.services.attachments import propose_person_aeo
    from revtui.services.changes import commit

    overpayment = hb.record_decision(
        linked, claimant="Eleri Hughes", claim=DateRange(dt.date(2024, 4, 1), dt.date(2026, 10, 31)),
        period=DateRange(dt.date(2026, 1, 5), dt.date(2026, 5, 3)), amount="1190.00", cause=Cause.CLAIMANT_ERROR,
        decided_on=dt.date(2026, 11, 2), notified_on=dt.date(2026, 11, 4)).value.reference
    link(linked, ELERI, overpayment, OFFICER_RULE, reason="the claimant")
    commit(linked, None, propose_person_aeo(linked, ELERI, {"employer": "Brookfield Foods Ltd", "frequency": "m",
                                                            "net": "1500.00"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*ELERI, "enter")
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"Brookfield Foods Ltd", "enter", *"Unit 4 Mill Lane, Brookfield, DM1 4XY", "enter",
                          "m", "enter", *"1500.00", "enter", *"E123", "enter", *"AB123456C", "enter")
        await pilot.pause()
        effect = " ".join(str(app.screen.query_one("#effect-text", Static).render()).split())
        assert "AEO DBT0000001/AEO/1: £255.00" in effect and "(this new order): £136.95" in effect
        await pilot.press("y")
        await pilot.pause()
        text = shown(app)
        assert text.index("AEO DBT0000001/AEO/1") < text.index("DEA DBT0000001/DEA/1 made 2026-11-23, £1,190.00 owed")
        assert all(len(row) <= 78 for row in text.splitlines())
