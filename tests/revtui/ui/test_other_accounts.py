"""Business rates accounts, sundry debts and HB overpayments: found from the one search box and
opened read-only with their charge explained, beside the sample council's council tax accounts."""

import datetime as dt

import pytest
from textual.widgets import Static

from revtui.demo.businesses import build_businesses
from revtui.services.loading import add_records
from revtui.services.search import find
from revtui.ui.screens.find import FindScreen
from revtui.ui.screens.other import OtherAccountScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

@pytest.fixture()
def with_businesses(session):
    add_records(session.store, "test: the demo businesses", build_businesses(dt.date(2026, 3, 10), dt.date(2026, 11, 20)))
    return session


@pytest.mark.asyncio
async def test_find_lists_a_ratepayer_and_enter_shows_the_bill_explained_then_escape_returns(app, with_businesses):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"hollins")
        results = app.screen.query_one("#results")
        assert [(h.reference, h.kind) for h in results.hits] == [("N00000027", "business rates")]
        assert "Hollins & Dale Books" in str(results.render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OtherAccountScreen)
        text = str(app.screen.query_one("#other-text", Static).render())
        # RV £24,000 on the 38.2p small business RHL multiplier: 24,000 x 0.382 = £9,168.00 a year;
        # then the s.44A certificate (ground floor £15,500) and its end, each an adjustment
        assert "£9,168.00" in text and "s.44A" in text and text.count("Adjustment issued") == 2
        assert "Ledger" in text and "Balance" in text
        assert text.startswith("Business rates: Hollins & Dale Books Ltd")
        assert "N00000027" in str(app.screen.query_one("#officer-bar").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FindScreen)


@pytest.mark.asyncio
async def test_an_hb_overpayment_and_its_invoice_are_found_by_the_claimants_name(app, with_businesses):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"dean fo")
        hits = app.screen.query_one("#results").hits
        assert {(h.reference, h.kind) for h in hits} == {("H00000027", "HB overpayment"),
                                                         ("H00000027", "sundry debt")}
        await pilot.press("enter")
        await pilot.pause()
        text = str(app.screen.query_one("#other-text", Static).render())
        # 2 February to 28 June 2026: 21 benefit weeks at £88.00 paid with no entitlement = £1,848.00
        assert "£1,848.00" in text


def test_council_tax_accounts_come_first_and_a_reference_finds_any_kind(with_businesses):
    records = with_businesses.records
    assert [h.kind for h in find(records, "S0000002")] == ["sundry debt"]
    assert find(records, "S0000002")[0].names == "Mr Owen Pritchard"
    kinds = [h.kind for h in find(records, "brookfield arms")]
    assert kinds == ["business rates", "sundry debt"]
    hits = find(records, "hug")  # the sample council's Hughes accounts, none of the other kinds
    assert hits and {h.kind for h in hits} == {"council tax"}


def test_a_long_explanation_line_keeps_its_amount_at_the_edge_and_rules_wrap():
    from revtui.ui.screens.other import fit

    line = "    RV £24,000 x small business RHL multiplier 0.382: £9,168.00 a year x 365/365 days   £9,168.00"
    rule = "        (LGFA 1988 s.43(2)(a), Sch 4ZA (formula UNVERIFIED): RV x multiplier / days in year)"
    rows = fit("\n".join((line, rule, "short")), 60).splitlines()
    assert all(len(row) <= 60 for row in rows)
    assert rows[0].endswith(" £9,168.00") and rows[0].startswith("    RV £24,000") and "…" in rows[0]
    assert rows[1].startswith("        (LGFA") and rows[2].startswith("          ") and "days in year)" in rows[2]
    assert rows[-1] == "short"
