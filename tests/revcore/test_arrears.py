"""Arrears as at a date (instalments due and unpaid) and the aged debt view."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from refdata.instalments import instalment_rules
from revcore.allocation import AllocationPolicy, CostsOrder, Direction
from revcore.arrears import aged_debt, arrears
from revcore.entries import Category
from revcore.instalments import build_schedule
from revcore.ledger import Ledger
from revcore.periods import FinancialYear

D = dt.date
M = Decimal
Y25, Y26 = FinancialYear(2025), FinancialYear(2026)
POLICY = AllocationPolicy(CostsOrder.FIRST)
RULES = instalment_rules("council_tax", "england", Y26)
# £187.56 on 1 April, then £183 on the 1st of May..January (see test_instalments.py)
SCHEDULE = build_schedule(M("1834.56"), Y26, D(2026, 3, 10), RULES)


def billed() -> Ledger:
    return Ledger("C00012343").charge(Y26, M("1834.56"), effective=D(2026, 3, 10), posted=D(2026, 3, 10),
                                      reason="annual bill")


def pay(ledger: Ledger, amount: str, on: dt.date, **kw) -> Ledger:
    return ledger.pay(M(amount), effective=on, posted=on, reason="payment", policy=POLICY, **kw)


def test_a_missed_instalment_is_in_arrears_from_its_due_date():
    ledger = pay(pay(billed(), "187.56", D(2026, 4, 1)), "183.00", D(2026, 5, 1))
    # As at 31 May: due 187.56 + 183 = 370.56, paid 370.56 -> nothing in arrears.
    assert arrears(ledger, {Y26: SCHEDULE}, D(2026, 5, 31)).total == M("0.00")
    # As at 15 June: due 370.56 + 183 (1 June) = 553.56; paid 370.56 -> £183 arrears, instalment 3.
    view = arrears(ledger, {Y26: SCHEDULE}, D(2026, 6, 15))
    year = view.for_year(Y26)
    assert (year.due_to_date, year.settled, year.arrears) == (M("553.56"), M("370.56"), M("183.00"))
    assert (year.earliest_unpaid.due, year.earliest_unpaid.what) == (D(2026, 6, 1), "instalment 3 of 10 (£183.00)")


def test_a_part_payment_leaves_the_rest_of_the_instalment_unpaid():
    ledger = pay(pay(pay(billed(), "187.56", D(2026, 4, 1)), "183.00", D(2026, 5, 1)), "100.00", D(2026, 6, 10))
    # June's £183 less £100 paid = £83 unpaid
    view = arrears(ledger, {Y26: SCHEDULE}, D(2026, 6, 15))
    assert [(i.due, i.unpaid) for i in view.items] == [(D(2026, 6, 1), M("83.00"))]


def test_arrears_as_at_a_past_date_ignore_later_money_and_a_returned_payment_restores_them():
    ledger = pay(billed(), "187.56", D(2026, 4, 20), source="bank:1")
    # As at 10 April the April instalment was unpaid, though paid since.
    assert arrears(ledger, {Y26: SCHEDULE}, D(2026, 4, 10)).total == M("187.56")
    assert arrears(ledger, {Y26: SCHEDULE}, D(2026, 4, 25)).total == M("0.00")
    returned = ledger.reverse(ledger.last.id, effective=D(2026, 4, 28), posted=D(2026, 4, 28), reason="unpaid (ARUDD)")
    assert arrears(returned, {Y26: SCHEDULE}, D(2026, 4, 30)).total == M("187.56")


def test_a_year_without_a_schedule_is_due_in_full_and_costs_are_due_when_added():
    ledger = Ledger("C00012343").charge(Y25, M("1200.00"), effective=D(2025, 3, 10), posted=D(2025, 3, 10),
                                        reason="annual bill")
    ledger = ledger.add_costs(Y25, M("80.00"), effective=D(2025, 11, 3), posted=D(2025, 11, 3), reason="summons")
    ledger = pay(ledger, "50.00", D(2025, 12, 1))  # costs first: the £80 costs less £50 = £30 unpaid
    view = arrears(ledger, {}, D(2026, 1, 1)).for_year(Y25)
    assert (view.arrears, view.costs_arrears) == (M("1200.00"), M("30.00"))
    assert [(i.category, i.due, i.unpaid) for i in view.unpaid] == [
        (Category.CHARGE, D(2025, 3, 10), M("1200.00")), (Category.COSTS, D(2025, 11, 3), M("30.00"))]


def test_arrears_never_exceed_what_the_year_still_owes():
    # The charge is reduced to £300 but the schedule was not yet revised: due by 1 June is 553.56,
    # yet the year owes only 300 - 0 paid = £300, so arrears are £300.
    ledger = billed().adjust(Y26, M("-1534.56"), effective=D(2026, 4, 1), posted=D(2026, 6, 2), reason="exempt")
    view = arrears(ledger, {Y26: SCHEDULE}, D(2026, 6, 15))
    assert view.total == M("300.00")
    assert "arrears capped" in view.explain()


def test_aged_debt_places_each_unpaid_amount_by_how_long_ago_it_fell_due():
    ledger = Ledger("C00012343").charge(Y25, M("1200.00"), effective=D(2025, 3, 10), posted=D(2025, 3, 10),
                                        reason="annual bill")
    ledger = ledger.add_costs(Y25, M("80.00"), effective=D(2026, 2, 1), posted=D(2026, 2, 1), reason="summons")
    ledger = ledger.charge(Y26, M("1834.56"), effective=D(2026, 3, 10), posted=D(2026, 3, 10), reason="annual bill")
    ledger = pay(ledger, "553.56", D(2026, 6, 1), direction=Direction(Y26))  # April..June instalments of 2026/27
    view = aged_debt(ledger, {Y26: SCHEDULE}, D(2026, 8, 1))
    bands = dict(view.bands)
    # As at 1 August: the 1 August instalment is 0 days old, 1 July's 31 days old.
    assert bands["0-30 days"] == M("183.00")  # 1 August, 0 days
    assert bands["31-90 days"] == M("183.00")  # 1 July, 31 days
    assert bands["91-365 days"] == M("80.00")  # costs of 1 February, 181 days
    assert bands["1-2 years"] == M("1200.00")  # 2025/26 bill of 10 March 2025, 509 days
    # 2026/27 still to fall due: 1834.56 - 553.56 paid - 366 overdue = 915.00 (September..January, 5 x 183)
    assert view.not_yet_due == M("915.00")
    assert view.overdue + view.not_yet_due == ledger.balance
    total = view + view
    assert total.overdue == 2 * view.overdue


# --- properties ----------------------------------------------------------------------------

payments = st.lists(
    st.tuples(st.decimals(min_value=M("0.01"), max_value=M("900.00"), places=2),
              st.dates(min_value=D(2026, 3, 11), max_value=D(2027, 3, 31)),
              st.booleans()),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(paid=payments, as_at=st.dates(min_value=D(2026, 3, 1), max_value=D(2027, 6, 30)))
def test_property_arrears_are_never_negative_nor_more_than_is_owed(paid, as_at):
    ledger = billed()
    for n, (amount, day, returned) in enumerate(sorted(paid, key=lambda p: p[1])):
        ledger = pay(ledger, str(amount), day, source=f"line {n}")
        if returned:
            ledger = ledger.reverse(ledger.last.id, effective=day, posted=day, reason="returned")
    view = arrears(ledger, {Y26: SCHEDULE}, as_at)
    owed_then = sum((p.amount for e in ledger.entries if e.effective <= as_at for p in e.postings), M("0.00"))
    assert M("0.00") <= view.total <= max(owed_then, M("0.00"))
    assert view.total <= SCHEDULE.due_by(as_at)
    aged = aged_debt(ledger, {Y26: SCHEDULE}, as_at)
    assert aged.overdue == view.total
    assert aged.overdue + aged.not_yet_due - aged.credit == owed_then
