"""The amount overpaid: weekly amounts by days/7, a line per span of constant amounts, reg 104."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.hb import OverpaymentError, calculate_overpayment, change_takes_effect, weekly_amounts
from revcore.periods import DateRange

D = dt.date


def test_across_a_rent_change_and_a_part_week():
    # paid £80.00 a week, £84.90 from the rent rise on Mon 6 July; revised £50.00, then £54.90
    paid = weekly_amounts("paid", [(D(2026, 4, 6), "80.00"), (D(2026, 7, 6), "84.90")])
    entitled = weekly_amounts("revised", [(D(2026, 4, 6), "50.00"), (D(2026, 7, 6), "54.90")])
    calc = calculate_overpayment(DateRange(D(2026, 6, 22), D(2026, 7, 16)), paid, entitled)
    first, second = calc.lines
    # Mon 22 June to Sun 5 July, 14 days: 80.00 x 14/7 = 160.00 less 50.00 x 14/7 = 100.00 -> 60.00
    assert (first.days.days, [s.amount for s in first.steps], first.amount) == (
        14, [Decimal("160.00"), Decimal("-100.00")], Decimal("60.00"))
    # Mon 6 to Thu 16 July, 11 days (a week and 4 days): 84.90 x 11/7 = 133.4142.. -> 133.41;
    # 54.90 x 11/7 = 86.2714.. -> 86.27; 133.41 - 86.27 = 47.14
    assert [s.amount for s in second.steps] == [Decimal("133.41"), Decimal("-86.27")]
    assert second.amount == Decimal("47.14")
    assert "11 days (1 week and 4 days)" in calc.render()
    # 60.00 + 47.14 = 107.14
    assert calc.total == Decimal("107.14")


def test_underlying_entitlement_is_deducted_but_never_below_nothing():
    # she moved and did not say: nothing due at the old address, £70.00 a week at the new one (reg 104)
    paid = weekly_amounts("paid", [(D(2026, 4, 6), "100.00")])
    entitled = weekly_amounts("revised", [(D(2026, 4, 6), "0.00")])
    underlying = weekly_amounts("underlying", [(D(2026, 4, 6), "70.00"), (D(2026, 5, 4), "120.00")])
    calc = calculate_overpayment(DateRange(D(2026, 4, 6), D(2026, 5, 17)), paid, entitled, underlying)
    # 6 Apr - 3 May, 4 weeks: 400.00 - 0 - 280.00 = 120.00
    assert calc.lines[0].amount == Decimal("120.00")
    # 4 - 17 May, 2 weeks: paid 200.00, underlying 240.00 limited to the 200.00 overpaid -> 0.00
    assert calc.lines[1].steps[-1].amount == Decimal("-200.00") and calc.lines[1].amount == 0
    assert "limited to what was overpaid (£200.00)" in calc.lines[1].steps[-1].description
    assert calc.total == Decimal("120.00")


def test_lines_split_at_the_financial_year():
    paid = weekly_amounts("paid", [(D(2026, 1, 5), "70.00")])
    entitled = weekly_amounts("revised", [(D(2026, 1, 5), "35.00")])
    calc = calculate_overpayment(DateRange(D(2026, 3, 23), D(2026, 4, 12)), paid, entitled)
    # 23-31 March (9 days): 35.00 x 9/7 = 45.00; 1-12 April (12 days): 35.00 x 12/7 = 60.00
    assert [(line.days.days, line.amount) for line in calc.lines] == [(9, Decimal("45.00")), (12, Decimal("60.00"))]
    assert calc.total == Decimal("105.00")  # 21 days = 3 weeks x 35.00


def test_an_underpayment_is_offset_and_nothing_overpaid_is_refused():
    paid = weekly_amounts("paid", [(D(2026, 4, 6), "50.00"), (D(2026, 4, 20), "90.00")])
    entitled = weekly_amounts("revised", [(D(2026, 4, 6), "60.00")])
    # 2 weeks underpaid 10.00 a week (-20.00), 1 week overpaid 30.00: 10.00 overall
    calc = calculate_overpayment(DateRange(D(2026, 4, 6), D(2026, 4, 26)), paid, entitled)
    assert [line.amount for line in calc.lines] == [Decimal("-20.00"), Decimal("30.00")]
    assert calc.total == Decimal("10.00")
    with pytest.raises(OverpaymentError, match="nothing was overpaid"):
        calculate_overpayment(DateRange(D(2026, 4, 6), D(2026, 4, 19)), paid, entitled)


def test_a_day_without_an_amount_is_named():
    paid = weekly_amounts("paid", [(D(2026, 4, 6), "50.00")])
    entitled = weekly_amounts("revised", [(D(2026, 4, 13), "10.00")])
    with pytest.raises(OverpaymentError, match="revised entitlement: no weekly amount in force on 2026-04-06"):
        calculate_overpayment(DateRange(D(2026, 4, 6), D(2026, 4, 19)), paid, entitled)


def test_a_weekly_amount_with_fractions_of_a_penny_is_refused():
    with pytest.raises(ValueError, match="paid from 2026-04-06"):
        weekly_amounts("paid", [(D(2026, 4, 6), "50.005")])


@pytest.mark.parametrize("change, effective", [
    (D(2026, 5, 14), D(2026, 5, 18)),  # Thursday -> the next Monday
    (D(2026, 5, 18), D(2026, 5, 25)),  # a Monday -> the Monday after (the next benefit week)
    (D(2026, 5, 24), D(2026, 5, 25)),  # Sunday, last day of the week -> the next day
])
def test_a_change_takes_effect_from_the_next_benefit_week(change, effective):
    assert change_takes_effect(change) == effective
