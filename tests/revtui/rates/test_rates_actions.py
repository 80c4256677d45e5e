"""Officer actions on a business rates account: each proposed with its re-bill, then saved with an
adjustment bill and ledger entry. Every figure below is worked by hand from the 2026/27 tables
(England: small business multiplier 0.432 below RV £51,000, standard 0.480 from £51,000,
refdata/tables/nndr/multipliers.toml) and the rule cited; 2026/27 has 365 days."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.instalments import instalment_rules
from refdata.nndr import load_rates_rules
from revcore.council import Country
from revcore.ctax import Address
from revcore.ledger import Ledger
from revcore.nndr import Hereditament, RateableValue, RatesLiability, Relief, ReliefKind
from revcore.periods import FinancialYear
from revtui.records.rates import RatesAccount, rates_accounts
from revtui.services.changes import ActionError
from revtui.services.permissions import PermissionRefused
from revtui.services import rates_actions as actions
from revtui.services.rates import bill_rates_year
from revtui.services.session import open_session, set_council
from revtui.store import Store

D = dt.date
YEAR = FinancialYear(2026)
TODAY = D(2026, 11, 23)
RULES = load_rates_rules("england")


@pytest.fixture()
def store(tmp_path):
    store = Store(tmp_path / "council.db", user="asmith")
    set_council(store, "demo-district")
    yield store
    store.close()


def session(store, role="officer"):
    officer = {"officer": "asmith", "senior officer": "bjones"}.get(role, "jaudit")
    return open_session(store, today=TODAY, officer=officer, roles=[role])


def senior(store):
    """A senior officer: a change backdated to 2025/26 is beyond an officer's one year."""
    return session(store, "senior officer")


def add_account(store, rv, *, reference="N00000019", occupied=True, industrial=False, reliefs=(), start=D(2019, 9, 2),
                empty_since=None, ratepayer="Hollins & Dale Books Ltd", year=YEAR, rhl=False):
    """An account billed for ``year`` (2026/27) on 10 March before it (annual billing), stored."""
    listed = RateableValue(year.start, Decimal(rv), 2026 if year.start_year >= 2026 else 2023)
    shop = Hereditament("NDR0000002", "8823100002", Address(("9 Market Place", "Brookfield"), "DM5 3CD"),
                        "SHOP AND PREMISES", Country.ENGLAND, (listed,), qualifying_industrial=industrial, rhl=rhl)
    liability = RatesLiability(reference, shop.reference, ratepayer, start, occupied=occupied, reliefs=reliefs,
                               empty_since=empty_since)
    account = bill_rates_year(RatesAccount(reference, shop, liability, Ledger(reference)), RULES, year,
                              D(year.start_year, 3, 10), instalment_rules("business_rates", "england", year))
    with store.change("test: a rates account", user="asmith"):
        return rates_accounts(store).add(account)


def test_hardship_relief_granted_rebills_with_an_adjustment_of_the_relief(store):
    stored = add_account(store, 24000)
    # RV £24,000 x 0.432 (small business multiplier, LGFA 1988 Sch 4ZA para 1(a)) = £10,368.00 a year.
    assert stored.value.ledger.balance == Decimal("10368.00")
    change = actions.propose_relief(session(store), stored, "hardship", "01/10/2026", "31/03/2027", "25",
                                    "trade fell after the flood")
    # s.49 hardship relief of 25% for 1 October to 31 March: 182 of 365 days,
    # 10,368 x 25% x 182/365 = 471,744 / 365 = 1,292.449...; the year 10,368 - 1,292.449... = 9,075.55.
    assert "was £10,368.00, now £9,075.55, difference -£1,292.45" in change.effect
    assert "hardship relief 25%" in change.effect and "LGFA 1988 s.49" in change.effect
    assert rates_accounts(store).get(stored.doc_id).value.ledger.balance == Decimal("10368.00")  # not saved yet

    saved = actions.apply_change(session(store), change)
    account = saved.value
    assert account.bills[-1].explanation.total == Decimal("9075.55")
    assert account.ledger.last.amount == Decimal("-1292.45") and account.ledger.balance == Decimal("9075.55")
    assert len(account.bills) == 2 and account.bills[-1].issued == TODAY  # an adjustment bill; the first stands
    assert rates_accounts(store).history(saved.doc_id)[-1].reason.startswith("Hardship relief 25% from 2026-10-01")


def test_small_business_relief_tapers_by_the_orders_divisor_from_the_day_awarded(store):
    stored = add_account(store, 13920)
    # RV £13,920 x 0.432 = £6,013.44 a year. SBRR (SI 2017/102 art 3, SI 2023/1250 reg 3, data):
    # E = 3,000 / (13,920 - 12,000) = 1.5625, to three places ignoring a final five: 1.562.
    # From 1 October (182 days) the charge is divided by E: the relief is
    # 6,013.44 x (1 - 1/1.562) x 182/365 = 3,379.55328 / 1.562 x 182/365 = 2,163.606... x 182/365
    # = 1,078.839...; so the year is 6,013.44 - 1,078.839... = 4,934.600... = 4,934.60 (rounded once).
    relief = Decimal("6013.44") * Decimal("0.562") / Decimal("1.562") * 182 / 365
    assert relief.quantize(Decimal("0.001")) == Decimal("1078.839")
    saved = actions.apply_change(session(store), actions.propose_relief(
        session(store), stored, "sbrr", "2026-10-01", "", "", "one property only, form signed"))
    assert saved.value.bills[-1].explanation.total == Decimal("4934.60")
    assert saved.value.ledger.balance == Decimal("4934.60")


def test_charity_relief_and_a_discretionary_top_up_of_what_is_left(store):
    stored = add_account(store, 18250, ratepayer="Demoton Hospice Trust")
    # RV £18,250 x 0.432 = £7,884.00. Mandatory charity relief 80% (Sch 4ZA para 2, data) from
    # 1 April leaves 1,576.80; a discretionary top-up (s.47) of 50% of that leaves 788.40.
    charity = actions.apply_change(session(store), actions.propose_relief(
        session(store), stored, "charity", "01/04/2026", "", "", "registered charity 1234567"))
    assert charity.value.ledger.balance == Decimal("1576.80")
    topped = actions.apply_change(session(store), actions.propose_relief(
        session(store), charity, "discretionary", "01/04/2026", "", "50", "council policy: charity shops"))
    assert topped.value.bills[-1].explanation.total == Decimal("788.40")
    assert [b.explanation.total for b in topped.value.bills] == [Decimal("7884.00"), Decimal("1576.80"),
                                                                  Decimal("788.40")]


def test_retail_hospitality_and_leisure_relief_2025_26_and_its_cash_cap(store):
    shop = add_account(store, 24000, year=FinancialYear(2025), rhl=True)
    # 2025/26: RV £24,000 x 0.499 (small business multiplier) = £11,976.00. RHL relief 40% for
    # 2025/26 (a s.47 scheme; tables, UNVERIFIED) of what is left: 4,790.40 off, 7,185.60 to pay.
    change = actions.propose_relief(senior(store), shop, "rhl", "01/04/2025", "31/03/2026", "", "eligible, no opt-out")
    assert "was £11,976.00, now £7,185.60, difference -£4,790.40" in change.effect
    assert "retail, hospitality and leisure relief 40% of what is left" in change.effect
    actions.apply_change(senior(store), change)


def test_rhl_relief_stops_at_the_cash_cap(store):
    pub = add_account(store, 600000, year=FinancialYear(2025), rhl=True, reference="N00000027")
    # RV £600,000 x 0.555 (standard multiplier, RV £51,000 or more) = £333,000.00; 40% would be
    # 133,200, above the £110,000 cash cap for the year: 110,000 off, 223,000.00 to pay.
    saved = actions.apply_change(senior(store), actions.propose_relief(
        senior(store), pub, "retail", "01/04/2025", "", "", "eligible"))
    assert saved.value.bills[-1].explanation.total == Decimal("223000.00")
    assert "(cash cap reached)" in saved.value.bills[-1].render()


def test_rhl_relief_is_refused_where_no_scheme_runs_or_the_property_is_not_rhl(store):
    shop = add_account(store, 24000, rhl=True)
    with pytest.raises(ActionError, match="from: no retail, hospitality and leisure relief scheme runs in 2026/27"):
        actions.propose_relief(session(store), shop, "rhl", "01/04/2026", "", "", "asked")
    office = add_account(store, 24000, year=FinancialYear(2025), reference="N00000027")
    with pytest.raises(ActionError, match="not recorded as a retail, hospitality or leisure property"):
        actions.propose_relief(senior(store), office, "rhl", "01/04/2025", "", "", "asked")


def test_a_section_44a_certificate_charges_the_occupied_part_for_its_days(store):
    stored = add_account(store, 24000)
    change = actions.propose_part_occupation(session(store), stored, "14/07/2026", "01/07/2026", "15,500",
                                             "31/10/2026", "VO certificate received")
    # LGFA 1988 s.44A: from 1 July to 31 October (123 days) the occupied part's £15,500 replaces the
    # RV; the multiplier stays the list RV's (0.432). Reduction (24,000 - 15,500) x 0.432 x 123/365
    # = 3,672 x 123/365 = 1,237.413...; the year 10,368 - 1,237.413... = 9,130.59.
    assert "now £9,130.59, difference -£1,237.41" in change.effect
    assert "£15,500 of the £24,000 to the occupied part" in change.effect and "(LGFA 1988 s.44A)" in change.effect
    saved = actions.apply_change(session(store), change)
    lines = saved.value.bills[-1].explanation.lines
    assert [(line.start, line.end) for line in lines] == [(D(2026, 4, 1), D(2026, 6, 30)),
                                                          (D(2026, 7, 1), D(2026, 10, 31)),
                                                          (D(2026, 11, 1), D(2027, 3, 31))]
    assert saved.value.ledger.balance == Decimal("9130.59")


def test_change_of_ratepayer_ends_one_liability_and_opens_a_billed_account(store):
    relief = Relief(ReliefKind.SMALL_BUSINESS, D(2026, 4, 1))
    stored = add_account(store, 24000, reliefs=(relief,))
    # RV £24,000 is above £15,000: no small business relief (E = 1), £10,368.00 a year.
    change = actions.propose_change_of_ratepayer(session(store), stored, "01/10/2026", "Brookfield Bikes Ltd",
                                                 "lease assigned, copy seen")
    saved = actions.apply_change(session(store), change)
    old = rates_accounts(store).get(stored.doc_id).value
    # The old ratepayer is liable 1 April to 30 September: 183 days, 10,368 x 183/365 = 5,198.20
    # (5,198.203...); the new one 1 October to 31 March: 182 days, 10,368 x 182/365 = 5,169.80.
    assert old.liability.end == D(2026, 9, 30) and old.liability.reliefs[0].end == D(2026, 9, 30)
    assert old.ledger.balance == Decimal("5198.20") and old.ledger.last.amount == Decimal("-5169.80")
    new = saved.value
    assert new.reference != old.reference and new.names == "Brookfield Bikes Ltd"
    assert new.liability.start == D(2026, 10, 1) and new.liability.reliefs == ()
    assert new.ledger.balance == Decimal("5169.80") and len(new.bills) == 1
    assert len(rates_accounts(store)) == 2
    assert "New account" in change.effect and "Brookfield Bikes Ltd" in change.effect


def test_an_empty_industrial_unit_passes_from_its_free_period_to_full_empty_rate(store):
    stored = add_account(store, 66500, industrial=True, ratepayer="Ashby Logistics Ltd", start=D(2024, 4, 1))
    change = actions.propose_occupation_end(session(store), stored, "31/05/2026", "Northgate Estates Ltd",
                                            "keys returned, lease ended")
    saved = actions.apply_change(session(store), change)
    # The occupier: RV £66,500 x 0.480 (standard multiplier, RV £51,000 or more) = £31,920 a year;
    # 1 April to 31 May is 61 days: 31,920 x 61/365 = 5,334.575... = 5,334.58.
    assert rates_accounts(store).get(stored.doc_id).value.ledger.balance == Decimal("5334.58")
    empty = saved.value
    assert not empty.liability.occupied and empty.liability.since == D(2026, 6, 1)
    # The owner, empty from 1 June: a qualifying industrial hereditament pays nothing for 6 months
    # (SI 2008/386 reg 4(b)), to 30 November; then the full empty rate (LGFA 1988 s.45, Sch 4ZB) on
    # 1 December to 31 March, 121 days: 31,920 x 121/365 = 10,581.698... = 10,581.70.
    lines = empty.bills[0].explanation.lines
    assert [(line.start, line.end, line.amount) for line in lines] == [
        (D(2026, 6, 1), D(2026, 11, 30), Decimal("0.00")), (D(2026, 12, 1), D(2027, 3, 31), Decimal("10581.70"))]
    assert "SI 2008/386 reg 4(b)" in change.effect and "6 months (qualifying industrial)" in change.effect
    assert empty.ledger.balance == Decimal("10581.70")


def test_refused_without_the_permission_and_nothing_changes(store):
    stored = add_account(store, 24000)
    auditor = session(store, "auditor")
    with pytest.raises(PermissionRefused, match="changing a business rates account needs the officer"):
        actions.propose_relief(auditor, stored, "hardship", "01/10/2026", "", "25", "asked")
    change = actions.propose_relief(session(store), stored, "hardship", "01/10/2026", "", "25", "asked")
    with pytest.raises(PermissionRefused, match="nothing was changed"):
        actions.apply_change(auditor, change)  # checked again where it is saved
    assert rates_accounts(store).get(stored.doc_id).value == stored.value
    assert len(rates_accounts(store)) == 1


@pytest.mark.parametrize(("call", "message"), [
    (lambda s, a: actions.propose_relief(s, a, "hardship", "01/10/2026", "01/09/2026", "25", "x"),
     "until: .*ends 2026-09-01 before it starts 2026-10-01"),
    (lambda s, a: actions.propose_relief(s, a, "rural rate relief", "01/10/2026", "", "", "x"),
     "relief: 'rural rate relief' is not a relief; type sbrr"),
    (lambda s, a: actions.propose_relief(s, a, "sbrr", "01/10/2026", "", "50", "x"),
     "percent: small business rate relief is set by the tables"),
    (lambda s, a: actions.propose_relief(s, a, "hardship", "01/10/2026", "", "125", "x"),
     "percent: 125% must be more than 0 and at most 100"),
    (lambda s, a: actions.propose_relief(s, a, "hardship", "31/02/2026", "", "25", "x"),
     "from: '31/02/2026' is not a date"),
    (lambda s, a: actions.propose_relief(s, a, "hardship", "01/10/2026", "", "25", " "),
     "reason: say why"),
    (lambda s, a: actions.propose_relief(s, a, "hardship", "01/10/2018", "", "25", "x"),
     "from: 2018-10-01 is more than 1 year.s. back, beyond your limit for a backdated change: a senior officer"),
    (lambda s, a: actions.propose_part_occupation(s, a, "14/07/2026", "01/07/2026", "30000", "", "x"),
     "occupied part's value: £30,000 is not less than the list value £24,000"),
    (lambda s, a: actions.propose_part_occupation(s, a, "14/07/2026", "01/08/2026", "15000", "", "x"),
     "part empty from: .*after the request"),
    (lambda s, a: actions.propose_change_of_ratepayer(s, a, "01/10/2026", "  ", "x"), "new ratepayer: say who"),
    (lambda s, a: actions.propose_occupation_start(s, a, "01/12/2026", "New Ltd", "x"), "already occupied"),
    (lambda s, a: actions.propose_end_relief(s, a, "sbrr", "31/12/2026", "x"), "no small business rate relief runs"),
])
def test_bad_input_gets_a_clear_message_and_changes_nothing(store, call, message):
    stored = add_account(store, 24000)
    with pytest.raises(ActionError, match=message):
        call(session(store), stored)
    assert rates_accounts(store).get(stored.doc_id).value == stored.value


def test_a_short_occupation_after_an_empty_spell_gets_no_new_free_period(store):
    # Empty (owner liable) from 1 April 2026, occupied 1 to 30 June (30 days), empty again: the
    # occupation lasted less than 13 weeks (SI 2008/386 reg 5 as amended by SI 2024/323), so the
    # empty spell counts from 1 April and the 3 months' free period is not given again.
    empty = add_account(store, 24000, occupied=False, start=D(2026, 4, 1), empty_since=D(2026, 4, 1),
                        ratepayer="Northgate Estates Ltd", reference="N00000027")
    occupied = actions.apply_change(session(store), actions.propose_occupation_start(
        session(store), empty, "01/06/2026", "Pop-up Cards Ltd", "inspection: trading"))
    again = actions.apply_change(session(store), actions.propose_occupation_end(
        session(store), occupied, "30/06/2026", "Northgate Estates Ltd", "inspection: closed"))
    assert again.value.liability.since == D(2026, 4, 1)
    # Free period 1 April to 30 June is over by 1 July: 24,000 x 0.432 x 274/365 = 7,783.10
    # (10,368 x 274 / 365 = 2,840,832 / 365 = 7,783.101...).
    assert again.value.bills[0].explanation.total == Decimal("7783.10")


def test_a_relief_after_the_liability_ended_is_refused(store):
    stored = add_account(store, 24000)
    ended = actions.apply_change(session(store), actions.propose_occupation_end(session(store), stored, "30/11/2026",
                                                                                "", "closed down"))
    with pytest.raises(ActionError, match="s.44A part-occupation certificate from 2026-12-01 is outside the liability"):
        actions.propose_part_occupation(session(store), ended, "14/12/2026", "01/12/2026", "12000", "", "x")


def test_a_change_saved_meanwhile_by_another_officer_is_not_overwritten(store):
    from revtui.store import ConflictError

    stored = add_account(store, 24000)
    mine = actions.propose_relief(session(store), stored, "hardship", "01/10/2026", "", "25", "asked")
    theirs = actions.propose_part_occupation(session(store), stored, "14/07/2026", "01/07/2026", "15500", "", "VO")
    saved = actions.apply_change(session(store), theirs)
    with pytest.raises(ConflictError):
        actions.apply_change(session(store), mine)
    assert rates_accounts(store).get(stored.doc_id).value == saved.value
    assert len(rates_accounts(store)) == 1


def test_an_empty_owner_in_liquidation_pays_no_empty_rate_from_the_day(store):
    empty = add_account(store, 24000, occupied=False, start=D(2026, 4, 1), empty_since=D(2026, 4, 1),
                        ratepayer="Northgate Estates Ltd")
    # Empty from 1 April: 3 months free (SI 2008/386 reg 4(a)) to 30 June, then the empty rate on
    # 10,368 a year (Sch 4ZB para 1(1)); from 1 December the company is being wound up (reg 4, the
    # winding-up exclusion): nothing from then. 1 July to 30 November is 153 days:
    # 10,368 x 153/365 = 1,586,304 / 365 = 4,346.04 (4,346.038...).
    assert empty.value.ledger.balance == Decimal("7783.10")  # 1 July to 31 March, 274 days, before
    change = actions.propose_empty_exclusion(session(store), empty, "winding-up", "01/12/2026", "liquidator's letter")
    saved = actions.apply_change(session(store), change)
    assert rates_accounts(store).get(empty.doc_id).value.ledger.balance == Decimal("4346.04")
    assert saved.value.liability.since == D(2026, 4, 1) and saved.value.ledger.balance == Decimal("0.00")
    assert "excluded from empty rate: owner company being wound up" in change.effect
