"""Worked examples: the apportioned charge, days over days in the year, lines summing to the total.

Demo District, Ashby Parva (area ASH), Band D amounts (invented):
  2027/28: DDC 216.85 + DCC 1701.17 + ASC 280.25 + PCC 302.18 + FRA 103.29 + ASHPC 52.20 = 2655.94
  2026/27: DDC 210.53 + DCC 1635.74 + ASC 254.77 + PCC 288.18 + FRA 98.29 + ASHPC 49.70 = 2537.21
"""

import datetime as dt
from decimal import Decimal

from revcore.ctax import Discount, DiscountReason, Liability, charge
from revcore.periods import FinancialYear
from tests.revcore.ctax.builders import dwelling

D = dt.date
M = Decimal


def test_full_leap_year_is_the_band_amount(district):
    # 2027/28 has 366 days (29 Feb 2028): 2655.94 x 366/366 = 2655.94.
    liability = Liability("C1", "P1", ("A",), D(2027, 4, 1), D(2028, 3, 31))
    explained = charge(liability, dwelling(), district)
    assert explained.total == M("2655.94")
    assert [line.days_in_year for line in explained.lines] == [366]


def test_couple_then_single_person_discount(district):
    liability = Liability(
        "C1", "P1", ("A", "B"), D(2027, 6, 1), None,
        discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2027, 9, 1)),),
    )
    explained = charge(liability, dwelling(), district, FinancialYear(2027))
    # 1 Jun - 31 Aug 2027 = 92 days: 2655.94 x 92/366 = 667.6066 -> 667.61
    # 1 Sep 2027 - 31 Mar 2028 = 213 days: 2655.94 x 213/366 = 1545.6699 -> 1545.67;
    #   with 25% off: 1991.955 x 213/366 = 1159.2524 -> 1159.25, so the discount is -386.42
    assert [(l.days, l.amount) for l in explained.lines] == [(92, M("667.61")), (213, M("1159.25"))]
    assert explained.lines[1].steps[1].amount == M("-386.42")
    assert explained.total == M("667.61") + M("1159.25") == M("1826.86")
