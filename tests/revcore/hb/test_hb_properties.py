"""Properties: an overpayment's lines add up exactly; a recovery plan repays exactly what is
recoverable, never more, and never takes more than the weekly deduction in a week."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from revcore.hb import DeductionPlan, calculate_overpayment, weekly_amounts
from revcore.hb.overpayment import OverpaymentError
from revcore.money import PENNY_HALF_UP, money_sum
from revcore.periods import DateRange

D = dt.date
START = D(2026, 3, 2)  # a Monday
pence = st.integers(min_value=0, max_value=40_000).map(lambda p: Decimal(p) / 100)
changes = st.lists(st.tuples(st.integers(min_value=1, max_value=200), pence), max_size=4)


def _table(name, first, later):
    return weekly_amounts(name, [(START, first)] + [(START + dt.timedelta(days=d), a) for d, a in dict(later).items()])


@given(pence, changes, pence, changes, st.integers(0, 60), st.integers(1, 250))
def test_explanation_lines_add_up_exactly(paid0, paid_changes, ent0, ent_changes, offset, length):
    paid, entitled = _table("paid", paid0, paid_changes), _table("revised", ent0, ent_changes)
    period = DateRange(START + dt.timedelta(days=offset), START + dt.timedelta(days=offset + length - 1))
    try:
        calc = calculate_overpayment(period, paid, entitled)
    except OverpaymentError:
        return
    assert money_sum(line.amount for line in calc.lines) == calc.total > 0
    assert sum(line.days.days for line in calc.lines) == period.days
    for line in calc.lines:
        # each amount is the weekly figure x days/7 rounded once, and the steps make the line
        assert line.steps[0].amount == PENNY_HALF_UP(line.paid_weekly * line.days.days / 7)
        assert line.amount == money_sum(step.amount for step in line.steps)
        assert line.paid_weekly == paid.at(line.days.start) and line.entitled_weekly == entitled.at(line.days.end)


@given(st.integers(1, 500_000), st.integers(100, 10_000), st.integers(0, 100))
def test_recovery_plan_repays_exactly_the_amount_never_more(amount_p, weekly_p, until_weeks):
    amount, weekly = Decimal(amount_p) / 100, Decimal(weekly_p) / 100
    plan = DeductionPlan(amount, weekly, D(2026, 10, 12))
    deductions = plan.deductions()
    assert len(deductions) == plan.weeks and deductions[-1][0] == plan.last
    assert money_sum(a for _, a in deductions) == amount
    assert all(0 < a <= weekly for _, a in deductions)
    # stopping early (the claim ends) never takes more than the plan
    partial = plan.deductions(D(2026, 10, 12) + dt.timedelta(weeks=until_weeks))
    assert money_sum(a for _, a in partial) <= amount
