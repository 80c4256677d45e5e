"""The weekly maximum deduction from ongoing HB (reg 102) and the recovery plan."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.hb import load_deduction_rates
from revcore.dated import DatedTable
from revcore.hb import DeductionError, DeductionRates, DeductionPlan, plan_recovery, weekly_maximum

D = dt.date
RATES = load_deduction_rates()


@pytest.mark.parametrize("week, ordinary, fraud", [
    # 5% of the allowance rounded up to 5p, x 3 and x 5
    (D(2019, 4, 8), "11.10", "18.50"),  # 73.10 x 5% = 3.655 -> 3.70
    (D(2020, 4, 6), "11.25", "18.75"),  # 74.35 x 5% = 3.7175 -> 3.75
    (D(2021, 4, 5), "11.25", "18.75"),  # no 2021/22 row: the 2020/21 figure stays in force
    (D(2022, 4, 4), "11.55", "19.25"),  # 77.00 x 5% = 3.85 exactly: not rounded up
    (D(2023, 4, 3), "12.75", "21.25"),  # 84.80 x 5% = 4.24 -> 4.25
    (D(2024, 4, 1), "13.65", "22.75"),  # 90.50 x 5% = 4.525 -> 4.55
    (D(2025, 4, 7), "13.95", "23.25"),  # 92.05 x 5% = 4.6025 -> 4.65
    (D(2026, 10, 12), "13.95", "23.25"),  # no 2026/27 row yet: the 2025/26 figure
])
def test_weekly_maxima_for_each_year(week, ordinary, fraud):
    assert weekly_maximum(RATES, week).amount == Decimal(ordinary)
    assert weekly_maximum(RATES, week, fraud=True).amount == Decimal(fraud)


def _table(allowance):
    return DatedTable("test", [(D(2026, 4, 1), DeductionRates(Decimal(allowance), Decimal("0.05"), 3, 5,
                                                              Decimal("0.5"), "test"))])


@pytest.mark.parametrize("allowance, five", [
    ("90.00", "4.50"),  # exactly 4.50: stays
    ("90.01", "4.55"),  # 4.5005: the next 5p up, never down
    ("90.99", "4.55"),  # 4.5495 -> 4.55
    ("91.00", "4.55"),  # 4.55 exactly
])
def test_the_five_percent_is_rounded_up_to_the_next_5p(allowance, five):
    assert weekly_maximum(_table(allowance), D(2026, 5, 4)).amount == Decimal(five) * 3


@pytest.mark.parametrize("disregard, extra", [("5.00", "2.50"), ("10.00", "5.00"), ("20.00", "10.00"), ("25.00", "12.50")])
def test_half_the_earned_income_disregard_is_added(disregard, extra):
    # 2025/26: 13.95 ordinary + half the disregard
    maximum = weekly_maximum(RATES, D(2025, 6, 2), earned_income_disregard=Decimal(disregard))
    assert maximum.amount == Decimal("13.95") + Decimal(extra)
    assert "reg 102(3)" in maximum.render()


def test_recovery_plan_weeks_and_last_deduction():
    maximum = weekly_maximum(RATES, D(2026, 10, 12), earned_income_disregard=Decimal("5.00"))  # 16.45
    plan = plan_recovery(Decimal("903.00"), maximum, Decimal("56.05"), D(2026, 10, 12))
    # 903.00 / 16.45 = 54.9: 54 full weeks (888.30) and 14.70 in the 55th
    assert (plan.weeks, plan.last_amount) == (55, Decimal("14.70"))
    assert plan.last == D(2026, 10, 12) + dt.timedelta(weeks=54) == D(2027, 10, 25)
    # to the claim's end on Sun 13 December: Mondays 12 Oct .. 7 Dec = 9 weeks
    assert len(plan.deductions(D(2026, 12, 13))) == 9


def test_the_deduction_never_exceeds_the_weekly_award():
    maximum = weekly_maximum(RATES, D(2026, 10, 12), fraud=True)  # 23.25
    assert plan_recovery(Decimal("100.00"), maximum, Decimal("12.00"), D(2026, 10, 12)).weekly == Decimal("12.00")
    # the claimant may agree to more than the maximum
    assert plan_recovery(Decimal("100.00"), maximum, Decimal("60.00"), D(2026, 10, 12),
                         agreed=Decimal("30.00")).weekly == Decimal("30.00")


def test_bad_plans_are_refused():
    with pytest.raises(DeductionError, match="Monday"):
        DeductionPlan(Decimal("10.00"), Decimal("1.00"), D(2026, 10, 13))
    with pytest.raises(DeductionError, match="above nothing"):
        DeductionPlan(Decimal("10.00"), Decimal("0.00"), D(2026, 10, 12))
    with pytest.raises(DeductionError, match="negative"):
        weekly_maximum(RATES, D(2026, 10, 12), earned_income_disregard=Decimal("-5.00"))
