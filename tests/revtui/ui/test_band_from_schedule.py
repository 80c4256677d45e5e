"""A band change from a Valuation Office schedule line left for an officer, chosen in the account view.

C00000019 lives at P0000001 (UPRN 100000000007), band C, billed £2,280.96 for 2026/27. The schedule
names P0000001 with another UPRN, so the import leaves both lines for an officer; the officer, on
the telephone with the resident, knows which dwelling is meant.
"""

from decimal import Decimal

import pytest
from textual.widgets import Input, Static

from revtui.imports.voa_schedule import parse_schedule
from revtui.services.valuation import apply_schedule, waiting_band_changes
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.form import ActionForm, ConfirmChange
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)
from test_relief_forms import saved_charge, text_of

pytestmark = pytest.mark.asyncio

SCHEDULE = b"""schedule_date,voa_reference,ba_reference,uprn,change_type,band,effective_date,address_1,address_2,address_3,address_4,postcode
2026-11-20,VOA7,P0000001,100000000099,AMENDED,D,2026-10-01,,,,,
2026-11-20,VOA8,P0000001,100000000099,HISTORIC AMENDED,B,2026-04-01,,,,,
"""


@pytest.fixture()
def waiting(session):
    report = apply_schedule(session, parse_schedule("SCH-2026-11-20.csv", SCHEDULE, session.tariff.council.country))
    assert [o.line for o in report.for_officer] == [2, 3]
    return session


def field(app, name):
    return app.screen.query_one(f"#field-{name}", Input).value


async def open_band_form(pilot, app):
    await pilot.press(*"C00000019", "enter")
    await pilot.pause()
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(app.screen, ActionForm)


async def test_a_waiting_schedule_line_fills_the_band_change_shows_the_charge_and_is_marked_applied(app, store,
                                                                                                    waiting):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_band_form(pilot, app)
        listed = str(app.screen.query_one(".field-choices", Static).render())
        assert "1 band D from 01/10/2026: SCH-2026-11-20.csv line 2, VOA VOA7" in listed
        assert "2 band B from 01/04/2026: SCH-2026-11-20.csv line 3" in listed
        assert (field(app, "line"), field(app, "band"), field(app, "day")) == ("1", "D", "01/10/2026")
        await pilot.press("ctrl+u", "2")  # the other line fills the band and date
        assert (field(app, "band"), field(app, "day")) == ("B", "01/04/2026")
        await pilot.press("ctrl+u", "1", "enter", "enter", "enter", *"dwelling confirmed with the VOA", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChange)
        effect = text_of(app, "#effect-text")
        # 1 Apr-30 Sep band C: 2,280.96 x 183/365 = 1,143.60; 1 Oct-31 Mar band D (9/8 of C, 2,566.08):
        # 2,566.08 x 182/365 = 1,279.52; year 2,423.12, 142.16 more
        assert "P0000001 band D from 2026-10-01 (was band C)" in effect
        assert "was £2,280.96, now £2,423.12, difference £142.16" in effect
        reason = text_of(app, "#confirm-reason")
        assert "SCH-2026-11-20.csv (2026-11-20) line 2, VOA reference VOA7: amended; dwelling confirmed" in reason
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert saved_charge(store) == Decimal("2423.12")
        await pilot.press("7")
        assert "VOA schedule SCH-2026-11-20.csv" in text_of(app, "#section-text")  # the audit trail names the line
        await pilot.press("1")  # the summary: the line still waiting, under the band history
        summary = text_of(app, "#section-text")
        assert "band D from 2026-10-01" in summary and "band changes waiting for an officer (b to apply)" in summary
        assert "1 band B from 01/04/2026: SCH-2026-11-20.csv line 3, VOA VOA8" in summary and "VOA7" not in summary

        await pilot.press("b")  # only the other line is waiting now
        await pilot.pause()
        assert "VOA7" not in str(app.screen.query_one(".field-choices", Static).render())
        assert (field(app, "line"), field(app, "band")) == ("1", "B")
    prop = waiting.records.properties.find_one("reference", "P0000001").value
    assert [str(w.line.line) for w in waiting_band_changes(waiting, prop)] == ["3"]


async def test_a_band_changed_on_a_chosen_line_is_refused_and_blank_means_by_hand(app, store, waiting):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_band_form(pilot, app)
        await pilot.press("enter", "ctrl+u", "E", "enter", "enter", *"typo", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        assert "the schedule line says band D from 01/10/2026" in text_of(app, "#form-error")
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "ctrl+u", "ctrl+s")  # no line: by hand, band E
        await pilot.pause()
        effect = text_of(app, "#effect-text")
        # band E is 11/9 of D, 11/8 of C: 2,280.96 x 11/8 = 3,136.32 from 1 Oct: x 182/365 = 1,563.86
        assert "now £2,707.46" in effect and "VOA" not in text_of(app, "#confirm-reason")


async def test_many_waiting_lines_still_leave_the_form_on_a_24_line_screen(app, session):
    rows = [f"2026-11-20,VOA{n},P0000001,100000000099,AMENDED,{band},2026-0{n}-01,,,,,"
            for n, band in enumerate("ABDEFGH", start=1)]
    header = SCHEDULE.decode().splitlines()[0]
    apply_schedule(session, parse_schedule("SCH-many.csv", "\n".join([header, *rows]).encode() + b"\n",
                                           session.tariff.council.country))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_band_form(pilot, app)
        listed = str(app.screen.query_one(".field-choices", Static).render())
        assert "5 band F from 01/05/2026" in listed and "... and 2 more" in listed and "band G" not in listed
        await pilot.press("ctrl+u", "7")  # not listed here, but numbered in the account summary
        assert (field(app, "band"), field(app, "day")) == ("H", "01/07/2026")
        reason = app.screen.query_one("#field-reason", Input).region
        assert reason.height == 1 and reason.bottom <= 24  # the last field is on the screen
