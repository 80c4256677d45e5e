"""Re-calculation after a backdated change, and what-if on a real account."""

import datetime as dt
from decimal import Decimal

from revcore.ctax import (
    AddDiscount,
    BandChange,
    DiscountReason,
    Liability,
    MoveOut,
    charge,
    recalculate,
    what_if,
)
from revcore.periods import DateRange, FinancialYear
from tests.revcore.ctax.builders import dwelling

D = dt.date
M = Decimal


def test_band_change_backdated_across_two_financial_years(district):
    # Billed as band D for 2025/26 and 2026/27; in 2027 the VOA moves the dwelling to band C
    # from 1 Sep 2025. Band C (ASH): 2025/26 2154.37, 2026/27 2255.30 (each part 8/9 of D).
    #   2025/26 before: 2423.66 (band D, whole year)
    #           after:  1 Apr - 31 Aug, 153 days, D: 2423.66 x 153/365 = 1015.9452 -> 1015.95
    #                   1 Sep - 31 Mar, 212 days, C: 2154.37 x 212/365 = 1251.3052 -> 1251.31
    #                   = 2267.26, difference -156.40
    #   2026/27 before: 2537.21, after 2255.30 (band C all year): difference -281.91
    #   net credit: -438.31
    liability = Liability("C1", "P1", ("A",), D(2025, 4, 1))
    period = DateRange(D(2025, 4, 1), D(2027, 3, 31))
    prop = dwelling("D")
    previous = charge(liability, prop, district, period)
    current = charge(liability, prop.with_band("C", D(2025, 9, 1)), district, period)
    recalculation = recalculate(previous, current)
    by_year = {year.year: year for year in recalculation.years}
    assert (by_year[2025].previous.total, by_year[2025].current.total) == (M("2423.66"), M("2267.26"))
    assert by_year[2025].difference == M("-156.40")
    assert by_year[2026].difference == M("2255.30") - M("2537.21") == M("-281.91")
    assert recalculation.difference == M("-438.31")
    # Line by line: 2025/26 loses its one band D line and gains two (D to 31 Aug, C from 1 Sep).
    assert [mark for mark, _ in by_year[2025].diff] == ["-", "+", "+"]
    assert [line.band for line in by_year[2025].added] == ["D", "C"]
    text = recalculation.render()
    assert "2025/26: previously £2,423.66, now £2,267.26, difference -£156.40" in text
    assert "Net difference over all years: -£438.31" in text


def test_unchanged_years_show_no_difference(district):
    liability = Liability("C1", "P1", ("A",), D(2025, 4, 1))
    period = DateRange(D(2025, 4, 1), D(2027, 3, 31))
    prop = dwelling("D")
    previous = charge(liability, prop, district, period)
    current = charge(liability, prop.with_band("C", D(2026, 4, 1)), district, period)
    recalculation = recalculate(previous, current)
    assert [y.year for y in recalculation.changed_years()] == [2026]
    assert recalculation.years[0].difference == 0
    assert recalculate(previous, previous).render() == "No change to any year's charge."


def test_what_if_a_move_out_without_changing_the_account(district):
    # Liable all 2027/28 (2655.94). Moving out on 1 Nov 2027 ends liability on 31 Oct:
    #   1 Apr - 31 Oct 2027 = 214 days: 2655.94 x 214/366 = 1552.9267 -> 1552.93
    liability = Liability("C1", "P1", ("A",), D(2027, 4, 1))
    prop = dwelling("D")
    result = what_if(liability, prop, district, MoveOut(D(2027, 11, 1)), FinancialYear(2027))
    assert result.current.total == M("2655.94")
    assert result.proposed.total == M("1552.93")
    assert result.difference == M("-1103.01")
    assert result.change == "move out on 2027-11-01 (liable to 2027-10-31)"
    assert liability.end is None  # the real account is untouched
    assert charge(liability, prop, district, FinancialYear(2027)).total == M("2655.94")


def test_what_if_single_person_discount_from_a_date(district):
    # SPD from 1 Jan 2028: 1 Jan - 31 Mar 2028 = 91 days; 25% of 2655.94 x 91/366:
    #   2655.94 x 91/366 = 660.3566 -> 660.36; 1991.955 x 91/366 = 495.2675 -> 495.27; -165.09
    liability = Liability("C1", "P1", ("A",), D(2027, 4, 1))
    result = what_if(liability, dwelling(), district, AddDiscount(DiscountReason.SINGLE_PERSON, D(2028, 1, 1)), FinancialYear(2027))
    assert result.difference == M("-165.09")
    assert "What if: single person discount from 2028-01-01" in result.render()


def test_what_if_a_band_change(district):
    liability = Liability("C1", "P1", ("A",), D(2027, 4, 1))
    result = what_if(liability, dwelling("D"), district, BandChange("E", D(2027, 4, 1)), FinancialYear(2027))
    # Band E = 11/9 of each part (2027/28): 265.04 + 2079.21 + 342.53 + 369.33 + 126.24 + 63.80 = 3246.15
    assert result.proposed.total == M("3246.15")


def test_end_exemption_clips_the_running_one_and_drops_a_later_one():
    import pytest

    from revcore.ctax import CtaxError, EndExemption, Exemption

    running, later = Exemption("E", D(2026, 4, 1), D(2026, 12, 31)), Exemption("F", D(2027, 1, 1), D(2027, 2, 1))
    liability = Liability("C1", "P1", ("A",), D(2025, 4, 1), exemptions=(running, later))
    prop = dwelling("D")
    ended, same_prop = EndExemption(D(2026, 12, 1)).apply(liability, prop)
    # none from 1 Dec: class E's last day is 30 Nov; class F (from January) never starts
    assert ended.exemptions == (Exemption("E", D(2026, 4, 1), D(2026, 11, 30)),) and same_prop is prop
    with pytest.raises(CtaxError, match="no exemption on C1"):
        EndExemption(D(2026, 12, 1)).apply(ended, prop)


def test_add_disabled_reduction_keeps_those_already_recorded():
    from revcore.ctax import AddDisabledReduction, DisabledReduction

    first = DisabledReduction(D(2025, 4, 1), D(2025, 12, 31))
    liability = Liability("C1", "P1", ("A",), D(2025, 4, 1), disabled_reductions=(first,))
    changed, _ = AddDisabledReduction(DisabledReduction(D(2026, 4, 1))).apply(liability, dwelling("D"))
    assert changed.disabled_reductions == (first, DisabledReduction(D(2026, 4, 1)))
