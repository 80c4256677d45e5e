"""Reliefs from the keyboard: exemption (and its end), empty period, disabled band reduction, CTR.

Account C00000019 is band C in England, liable all year, billed £2,280.96 for 2026/27 (365 days).
Each relief from 1 October 2026 splits the year: 1 Apr-30 Sep is 183 days, 1 Oct-31 Mar is 182:
    2,280.96 x 183/365 = 1,143.60 (unchanged part)    2,280.96 x 182/365 = 1,137.36 (relieved part)
"""

import datetime as dt
from decimal import Decimal

import pytest
from textual.widgets import Static

from revtui.services.session import open_session
from revtui.store import Store
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.form import ActionForm, ConfirmChange
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def fill(pilot, app, key, *entries):
    """Open the account, press the action's key, then type each entry (None: keep the default) and enter."""
    await pilot.press(*"C00000019", "enter")
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, ActionForm)
    for entry in entries:
        keys = [] if entry is None else ["ctrl+u", *entry]
        await pilot.press(*keys, "enter")
    await pilot.pause()


def saved_charge(store, year=2026):
    """The 2026/27 charge on the last bill, as stored (read back through a fresh session)."""
    reader = open_session(Store(store.path, user="x"), today=dt.date(2026, 11, 23))
    [stored] = reader.records.accounts.find("reference", "C00000019")
    return stored.value.last_bill(year).explanation.total


async def save(pilot, app):
    await pilot.press("y")
    await pilot.pause()
    assert isinstance(app.screen, AccountScreen)


async def test_award_an_exemption_then_end_it(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        # Class E needs the dwelling unoccupied (SI 1992/558 art. 3): the empty period comes first.
        # Empty and unfurnished from 1 Oct: the council's class C discount is 100% for one month
        # (demo-district.toml), so Oct's 31 days are nil and Nov-Mar's 151 days are charged:
        #   2,280.96 x 151/365 = 943.629 -> 943.63; 1,143.60 + 0.00 + 943.63 = 2,087.23
        await fill(pilot, app, "u", "01/10/2026", "n", "", "", "moved into a care home")
        await save(pilot, app)
        assert saved_charge(store) == Decimal("2087.23")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"e", "enter", "ctrl+u", *"01/10/2026", "enter", "enter", *"moved into a care home", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChange)
        effect = text_of(app, "#effect-text")
        # class E from 1 Oct: the 182 days are exempt, leaving 1,143.60
        assert "exempt, class E" in effect
        assert "was £2,087.23, now £1,143.60, difference -£943.63" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("1143.60")

        await pilot.press("X")
        await pilot.pause()
        await pilot.press("ctrl+u", *"01/01/2027", "enter", *"returned home", "enter")
        await pilot.pause()
        effect = text_of(app, "#effect-text")
        # exempt 1 Oct-31 Dec (92 days); still empty 1 Jan-31 Mar but the class C month is used up,
        # so charged in full: 2,280.96 x 90/365 = 562.43; 1,143.60 + 0.00 + 562.43 = 1,706.03
        assert "2027-01-01 to 2027-03-31 90/365 days band C" in effect and "now £1,706.03" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("1706.03")


async def test_an_exemption_class_the_country_does_not_have_is_refused(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, "x", "c", "01/10/2026", "", "empty")  # class C was abolished in England in 2013
        assert isinstance(app.screen, ActionForm)
        assert "'C' is not an exemption class in England" in text_of(app, "#form-error")
    assert saved_charge(store) == Decimal("2280.96")


async def test_an_empty_period_brings_the_long_term_empty_premium(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, "u", "01/10/2026", "n", "01/04/2024", "", "resident died, house cleared")
        effect = text_of(app, "#effect-text")
        # unfurnished, empty since April 2024 (over a year): 100% long-term empty premium on the
        # 182 days, rounded once: 2,280.96 x 200% = 4,561.92 x 182/365 = 2,274.71, so the premium
        # step is 2,274.71 - 1,137.36 = 1,137.35; year: 1,143.60 + 2,274.71 = 3,418.31
        assert "long-term empty premium 100%" in effect and "£2,274.71" in effect
        assert "now £3,418.31" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("3418.31")


async def test_a_newly_empty_unfurnished_home_gets_the_councils_class_c_discount(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, "u", "01/10/2026", "n", "", "", "moved out, house being sold")
        effect = text_of(app, "#effect-text")
        # empty since 1 Oct (blank: the from date): the demo council's class C is 100% for one month,
        # 1-31 Oct: 2,280.96 x 31/365 = 193.73 off; year 2,280.96 - 193.73 = 2,087.23
        assert "class C: council's discount 100%" in effect and "-£193.73" in effect
        assert "now £2,087.23" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("2087.23")
        await pilot.press("7")  # the audit trail: the change and the officer's reason (cut to the width)
        assert "asmith v2 update: empty (unfurnished) from 2026-10-01: m" in text_of(app, "#section-text")


async def test_a_premium_exception_class_stops_the_premium(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, "u", "01/10/2026", "n", "01/04/2024", "g", "on the market with an agent")
        effect = text_of(app, "#effect-text")
        # class G (marketed for sale) excepts it from the premium; class C's month was used in 2024,
        # so the 182 days are charged in full: 1,143.60 + 1,137.36 = 2,280.96, no change
        assert "premium" not in effect.split("[LGFA")[0] and "No change" not in effect
        assert "now £2,280.96, difference £0.00" in effect and "2026-10-01 to 2027-03-31 182/365" in effect


async def test_an_unknown_premium_exception_class_is_refused(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, "u", "01/10/2026", "n", "01/04/2024", "Q9", "empty")
        assert isinstance(app.screen, ActionForm)
        assert "premium exception" in text_of(app, "#form-error")


async def test_a_disabled_band_reduction_charges_the_band_below(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, "B", "01/10/2026", "", "wheelchair used indoors")
        effect = text_of(app, "#effect-text")
        # band B is 7/8 of band C: 2,280.96 x 7/8 = 1,995.84 a year; x 182/365 = 995.19
        # reduction 1,137.36 - 995.19 = 142.17; year 1,143.60 + 995.19 = 2,138.79
        assert "charged as band B" in effect and "-£142.17" in effect and "now £2,138.79" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("2138.79")


async def test_ctr_as_a_percentage(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, "t", "50%", "01/10/2026", "", "CTR award letter 2026/118")
        effect = text_of(app, "#effect-text")
        # 50% of 1,137.36 = 568.68; year 1,143.60 + 568.68 = 1,712.28
        assert "council tax reduction 50%" in effect and "-£568.68" in effect and "now £1,712.28" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("1712.28")


async def test_ctr_as_an_annual_amount(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, "t", "£365.00", "01/10/2026", "", "CTR award letter 2026/119")
        effect = text_of(app, "#effect-text")
        # £365.00 a year x 182/365 = 182.00; year 2,280.96 - 182.00 = 2,098.96
        assert "council tax reduction of £365.00 a year" in effect and "now £2,098.96" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("2098.96")


async def test_the_relief_actions_are_in_the_palette_and_help(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        body = str(app.screen.query_one("#help-body Static").render())
        assert "  x       Award exemption" in body and "  t       Award CTR" in body
        await pilot.press("escape")  # the palette lists the keys of the screen it is opened on
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Award exemption (x)", "End exemption (X)", "Record empty period (u)", "End empty period (U)",
                      "Disabled band reduction (B)", "End disabled reduction (R)", "Award CTR (t)", "End CTR (T)"):
            assert title in titles


async def award_then_end(pilot, app, award, *entries, end, reason):
    """Award (``award`` key and its entries), save, then end it from 1 January 2027 with ``end``'s
    form; returns the effect the end shows before it is saved."""
    await fill(pilot, app, award, *entries)
    await save(pilot, app)
    await pilot.press(end)
    await pilot.pause()
    assert isinstance(app.screen, ActionForm)
    await pilot.press("ctrl+u", *"01/01/2027", "enter", *reason, "enter")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmChange)
    return text_of(app, "#effect-text")


# Each award below runs from 1 October 2026 and ends from 1 January 2027:
#   1 Apr-30 Sep 183 days charged in full: 1,143.60; 1 Oct-31 Dec 92 days under the award;
#   1 Jan-31 Mar 90 days charged in full again: 2,280.96 x 90/365 = 562.43

async def test_end_a_discount(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        effect = await award_then_end(pilot, app, "d", "01/10/2026", "lives alone", end="e",
                                      reason="partner moved in")
        # 92 days: 2,280.96 x 92/365 = 574.93, less 25%: 431.20; 1,143.60 + 431.20 + 562.43 = 2,137.23
        assert "discount ends, none from 2027-01-01" in effect and "now £2,137.23" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("2137.23")


async def test_end_an_empty_period_and_its_premium(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        effect = await award_then_end(pilot, app, "u", "01/10/2026", "n", "01/04/2024", "", "house cleared",
                                      end="U", reason="let to a tenant")
        # 92 days at the 100% premium: 4,561.92 x 92/365 = 1,149.85; 1,143.60 + 1,149.85 + 562.43 = 2,855.88
        assert "empty period ends, none from 2027-01-01" in effect and "was £3,418.31, now £2,855.88" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("2855.88")
        await pilot.press("7")
        audit = text_of(app, "#section-text")  # the change, by whom, and what it set (cut to the width)
        assert "asmith v3 update: empty period ends, none from 2027-01-0" in audit
        assert "set liability.empty_periods.0.end" in audit


async def test_end_a_disabled_band_reduction(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        effect = await award_then_end(pilot, app, "B", "01/10/2026", "", "wheelchair used indoors", end="R",
                                      reason="moved to a care home")
        # 92 days as band B: 1,995.84 x 92/365 = 503.06; 1,143.60 + 503.06 + 562.43 = 2,209.09
        assert "disabled band reduction ends, none from 2027-01-01" in effect and "now £2,209.09" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("2209.09")


async def test_end_a_council_tax_reduction(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        effect = await award_then_end(pilot, app, "t", "50%", "01/10/2026", "", "CTR award letter 2026/118",
                                      end="T", reason="CTR claim ended")
        # 92 days: 574.93, half off: 287.46 left after 287.47 reduction;
        # 1,143.60 + 287.46 + 562.43 = 1,993.49
        assert "council tax reduction ends, none from 2027-01-01" in effect and "was £1,712.28, now £1,993.49" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("1993.49")


@pytest.mark.parametrize("key, kind", [("e", "discount"), ("U", "empty period"), ("R", "disabled band reduction"),
                                       ("T", "council tax reduction")])
async def test_ending_an_award_the_account_does_not_have_is_refused(app, store, key, kind):
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, key, "31/02/2027", "checking")
        assert f"no {kind} from: '31/02/2027' is not a date" in text_of(app, "#form-error")
        await pilot.press("shift+tab", "ctrl+u", *"01/01/2027", "ctrl+s")
        await pilot.pause()
        assert f"no {kind} on C00000019 runs on 2027-01-01 or later" in text_of(app, "#form-error")
    assert saved_charge(store) == Decimal("2280.96")


async def test_the_exemption_form_lists_the_classes_and_refuses_q_while_residents_live_there(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        listing = str(app.screen.query(".field-choices").first().render())
        assert "Q empty, bankruptcy" in listing and "N all students" in listing and "E empty, in care home" in listing
        await pilot.press(*"q", "enter", "ctrl+u", *"01/10/2026", "enter", "enter", *"trustee", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        error = text_of(app, "#form-error")
        assert "class Q (unoccupied, liable only as trustee in bankruptcy) is only for an unoccupied dwelling" in error
        assert app.screen.query_one("#form-error").region.bottom <= 24  # the message is on the 80x24 screen


async def test_a_resident_disregarded_as_a_student_from_the_keyboard(app, store):
    """C00000019's one liable person disregarded as a student from 1 Oct 2026: nobody is counted,
    so 50% (LGFA 1992 s.11(2), Sch 1 para 4) on 1 Oct-31 Mar, 182 days: 2,280.96 x 50% = 1,140.48
    x 182/365 = 568.68; with 1 Apr-30 Sep 1,143.60 the year is 1,712.28 (less 568.68)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, app, "s", None, "student", "01/10/2026", "", "certificate, Otherton College", "phoned in")
        assert isinstance(app.screen, ConfirmChange), text_of(app, "#form-error")
        effect = text_of(app, "#effect-text")
        assert "no adult counted: 50% discount, all residents disregarded (LGFA 1992 s.11(2))" in effect
        assert "now £1,712.28" in effect
        await save(pilot, app)
        assert saved_charge(store) == Decimal("1712.28")
        await pilot.press("1")
        await pilot.pause()
        assert "Eleri Hughes disregarded, student: 2026-10-01 to open" in text_of(app, "#section-text")


async def test_a_discretionary_reduction_from_the_keyboard_above_the_limit_waits(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        # 100% for the whole year takes £2,280.96 off, above the officer's £500.00 (authorisation.toml)
        await fill(pilot, app, "z", "100%", "01/04/2026", "", "house destroyed by fire")
        assert isinstance(app.screen, ConfirmChange), text_of(app, "#form-error")
        effect = text_of(app, "#effect-text")
        assert "above your limit of £500.00 for a discretionary reduction" in effect
        assert "discretionary reduction 100%" in effect
