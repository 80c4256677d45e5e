"""Worked examples for each charging rule, with the arithmetic in the comments.

Demo District (invented figures), Band D totals in Ashby Parva (ASH), sum of the six authorities:
  2025/26: 204.40 + 1572.83 + 231.61 + 274.18 + 93.29 + 47.35 = 2423.66
  2026/27: 210.53 + 1635.74 + 254.77 + 288.18 + 98.29 + 49.70 = 2537.21
  2027/28: 216.85 + 1701.17 + 280.25 + 302.18 + 103.29 + 52.20 = 2655.94
Each line rounds (annual x days / days in year) to the nearest penny, half up, at each step.
"""

import datetime as dt
from decimal import Decimal

import attrs

from revcore.council import Country
from revcore.dates import after_years
from revcore.ctax import (
    BandEntry,
    DisabledReduction,
    Discount,
    DiscountReason,
    EmptyPeriod,
    Exemption,
    Liability,
    LiabilityBasis,
    Reduction,
    ReductionKind,
    Tariff,
    charge,
    end_of_months,
)
from revcore.periods import DateRange, FinancialYear
from tests.revcore.ctax.builders import dwelling

D = dt.date
M = Decimal


def amounts(explained):
    return [(line.start, line.end, line.days, line.amount) for line in explained.lines]


def test_change_on_1_april_splits_the_financial_years(district):
    # Liable 1 Oct 2026 to 30 Sep 2027; the year changes on 1 April:
    #   1 Oct 2026 - 31 Mar 2027: 182 days of 365: 2537.21 x 182/365 = 1265.1292 -> 1265.13
    #   1 Apr 2027 - 30 Sep 2027: 183 days of 366: 2655.94 x 183/366 = 1327.97
    liability = Liability("C1", "P1", ("A",), D(2026, 10, 1), D(2027, 9, 30))
    explained = charge(liability, dwelling(), district)
    assert amounts(explained) == [
        (D(2026, 10, 1), D(2027, 3, 31), 182, M("1265.13")),
        (D(2027, 4, 1), D(2027, 9, 30), 183, M("1327.97")),
    ]
    assert explained.total == M("2593.10")
    assert [line.days_in_year for line in explained.lines] == [365, 366]


def test_move_out_on_31_march_and_a_discount_from_31_march(district):
    # Moving out on 31 March 2028 means liable to 30 March: 365 of 366 days:
    #   2655.94 x 365/366 = 2648.6834 -> 2648.68
    moved = Liability("C1", "P1", ("A",), D(2027, 4, 1), D(2028, 3, 30))
    assert charge(moved, dwelling(), district).total == M("2648.68")
    # Staying, with a single person discount from 31 March 2028 (the year's last day):
    #   31 March alone: 2655.94 / 366 = 7.2566 -> 7.26; at 75%: 1991.955 / 366 = 5.4425 -> 5.44
    #   total 2648.68 + 5.44 = 2654.12, the discount's step is 5.44 - 7.26 = -1.82
    stays = Liability(
        "C1", "P1", ("A",), D(2027, 4, 1), D(2028, 3, 31),
        discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2028, 3, 31)),),
    )
    explained = charge(stays, dwelling(), district)
    assert amounts(explained)[-1] == (D(2028, 3, 31), D(2028, 3, 31), 1, M("5.44"))
    assert explained.lines[-1].steps[1].amount == M("-1.82")
    assert explained.total == M("2654.12")


def test_band_a_disabled_reduction_is_five_ninths_of_band_d(district):
    # Band A with the disabled reduction pays 5/9 of each authority's Band D (2027/28):
    #   216.85 -> 120.47, 1701.17 -> 945.09, 280.25 -> 155.69, 302.18 -> 167.88,
    #   103.29 -> 57.38, 52.20 -> 29.00; sum 1475.51 against band A's 1770.62: -295.11
    liability = Liability(
        "C1", "P1", ("A",), D(2027, 4, 1), D(2028, 3, 31),
        disabled_reductions=(DisabledReduction(D(2027, 4, 1)),),
    )
    explained = charge(liability, dwelling("A"), district)
    steps = explained.lines[0].steps
    assert [(s.annual, s.amount) for s in steps] == [(M("1770.62"), M("1770.62")), (M("1475.51"), M("-295.11"))]
    assert "5/9 of band D" in steps[1].description
    assert explained.total == M("1475.51")


def test_disabled_reduction_comes_before_the_single_person_discount(district):
    # Band D charged as band C: 2027/28 band C parts 192.76 + 1512.15 + 249.11 + 268.60 + 91.81 + 46.40
    #   = 2360.83 (each 8/9 of D, rounded). Then 25% off the reduced amount: 1770.6225.
    #   Full year: 2655.94, then 2360.83 (-295.11), then 1770.6225 -> 1770.62 (-590.21).
    liability = Liability(
        "C1", "P1", ("A",), D(2027, 4, 1), D(2028, 3, 31),
        discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2027, 4, 1)),),
        disabled_reductions=(DisabledReduction(D(2027, 4, 1)),),
    )
    steps = charge(liability, dwelling(), district).lines[0].steps
    assert [s.rule for s in steps][1:] == ["SI 1992/554 disabled band reduction", "LGFA 1992 s.11"]
    assert [s.amount for s in steps] == [M("2655.94"), M("-295.11"), M("-590.21")]


def test_welsh_band_i_and_its_disabled_reduction_to_band_h(welsh):
    # Llandemo 2027/28, band I (21/9): 4330.60 + 942.97 + 102.08 = 5375.65 (see test_council).
    # Disabled: charged as band H (18/9 = 2 x D): 3711.94 + 808.26 + 87.50 = 4607.70.
    # Half the year each (1 Apr - 30 Sep 2027 = 183 days of 366, then 183 days):
    #   5375.65 x 183/366 = 2687.825 -> 2687.83 (half up)
    #   4607.70 x 183/366 = 2303.85
    prop = dwelling("I", area="LLAN", country=Country.WALES)
    liability = Liability(
        "C1", "P1", ("A",), D(2027, 4, 1), D(2028, 3, 31),
        disabled_reductions=(DisabledReduction(D(2027, 10, 1)),),
    )
    explained = charge(liability, prop, welsh)
    assert [line.amount for line in explained.lines] == [M("2687.83"), M("2303.85")]
    assert explained.lines[1].steps[1].description == "disabled band reduction: charged as band H"
    assert explained.total == M("4991.68")


def test_exemption_stops_at_its_statutory_time_limit(district):
    # England class B (charity) is limited to 6 months: from 15 May 2027 it ends 14 Nov 2027
    # even though recorded open-ended. 15 May - 14 Nov = 184 days exempt (0.00); then
    # 15 Nov 2027 - 31 Mar 2028 = 138 days: 2655.94 x 138/366 = 1001.4200 -> 1001.42.
    liability = Liability(
        "C1", "P1", ("Charity",), D(2027, 5, 15), D(2028, 3, 31), LiabilityBasis.OWNER,
        exemptions=(Exemption("B", D(2027, 5, 15)),),
    )
    explained = charge(liability, dwelling(), district)
    assert amounts(explained) == [
        (D(2027, 5, 15), D(2027, 11, 14), 184, M("0.00")),
        (D(2027, 11, 15), D(2028, 3, 31), 138, M("1001.42")),
    ]


def test_class_f_runs_six_months_from_the_grant_of_probate(district):
    # Exempt from the death (10 Jun 2025); probate granted 1 Dec 2025: exempt to 31 May 2026.
    liability = Liability(
        "C1", "P1", ("Executor",), D(2025, 6, 10), None, LiabilityBasis.OWNER,
        exemptions=(Exemption("F", D(2025, 6, 10), limit_from=D(2025, 12, 1)),),
    )
    explained = charge(liability, dwelling(), district, FinancialYear(2026))
    # 1 Apr - 31 May 2026 exempt (61 days); 1 Jun 2026 - 31 Mar 2027 = 304 days charged:
    #   2537.21 x 304/365 = 2113.1831 -> 2113.18
    assert amounts(explained) == [
        (D(2026, 4, 1), D(2026, 5, 31), 61, M("0.00")),
        (D(2026, 6, 1), D(2027, 3, 31), 304, M("2113.18")),
    ]


def test_welsh_dwelling_exempt_then_long_term_empty_premium(welsh):
    # Llandemo band C. Empty and unfurnished from 1 Apr 2026, owner liable.
    #   Class C exemption (Wales, 6 months): 1 Apr - 30 Sep 2026, 183 days: 0.00
    #   Then the council's class C discount is 0% (s.12): 1 Oct 2026 - 31 Mar 2027, 182 days:
    #     band C 2026/27 = 1571.19 + 341.52 + 37.40 = 1950.11; x 182/365 = 972.3838 -> 972.38
    #   From 1 Apr 2027 empty one complete year: the council's 100% long-term empty premium:
    #     band C 2027/28 = 1649.75 + 359.23 + 38.89 = 2047.87; doubled, 366/366: 4095.74
    prop = dwelling("C", area="LLAN", country=Country.WALES)
    liability = Liability(
        "C1", "P1", ("Owner",), D(2026, 4, 1), None, LiabilityBasis.OWNER,
        exemptions=(Exemption("C", D(2026, 4, 1)),),
        empty_periods=(EmptyPeriod(D(2026, 4, 1)),),
    )
    explained = charge(liability, prop, welsh, DateRange(D(2026, 4, 1), D(2028, 3, 31)))
    assert amounts(explained) == [
        (D(2026, 4, 1), D(2026, 9, 30), 183, M("0.00")),
        (D(2026, 10, 1), D(2027, 3, 31), 182, M("972.38")),
        (D(2027, 4, 1), D(2028, 3, 31), 366, M("4095.74")),
    ]
    assert explained.lines[2].steps[1].rule == "LGFA 1992 s.12A"
    assert explained.lines[2].steps[1].amount == M("2047.87")


def test_england_long_term_empty_premium_steps_by_years_empty(district):
    # Empty since 1 June 2016: 9 complete years on 1 Apr 2026, so 200% (5+ years) until
    # 31 May 2026, then 300% from 1 June 2026 (10 years; 2024 rules).
    #   1 Apr - 31 May 2026 = 61 days: 2537.21 x 3 = 7611.63; x 61/365 = 1272.0804 -> 1272.08
    #   1 Jun 2026 - 31 Mar 2027 = 304 days: 2537.21 x 4 = 10148.84; x 304/365 = 8452.7325 -> 8452.73
    liability = Liability(
        "C1", "P1", ("Owner",), D(2026, 4, 1), None, LiabilityBasis.OWNER,
        empty_periods=(EmptyPeriod(D(2026, 4, 1), empty_since=D(2016, 6, 1)),),
    )
    explained = charge(liability, dwelling(), district, FinancialYear(2026))
    assert amounts(explained) == [
        (D(2026, 4, 1), D(2026, 5, 31), 61, M("1272.08")),
        (D(2026, 6, 1), D(2027, 3, 31), 304, M("8452.73")),
    ]
    assert "200%" in explained.lines[0].steps[1].description
    assert "300%" in explained.lines[1].steps[1].description


def test_second_home_premium_only_from_april_2025_in_england(district):
    # Furnished, no resident. Before 1 Apr 2025 no second-home premium may be charged: the
    # council's class B discount is 0%. From 1 Apr 2025 its 100% premium applies.
    #   Band D 2024/25 (ASH): 198.47 + 1512.34 + 210.55 + 260.18 + 88.29 + 45.10 = 2314.93
    #   1 Jan - 31 Mar 2025 = 90 days of 365: 2314.93 x 90/365 = 570.8046 -> 570.80
    #   1 Apr - 30 Jun 2025 = 91 days: 2423.66 x 2 x 91/365 = 1208.5099 -> 1208.51
    liability = Liability(
        "C1", "P1", ("Owner",), D(2025, 1, 1), D(2025, 6, 30), LiabilityBasis.OWNER,
        empty_periods=(EmptyPeriod(D(2025, 1, 1), furnished=True),),
    )
    explained = charge(liability, dwelling(), district)
    assert [line.amount for line in explained.lines] == [M("570.80"), M("1208.51")]
    assert explained.lines[1].steps[1].rule == "LGFA 1992 s.11C"


def test_empty_unfurnished_gets_the_councils_one_month_class_c_discount(district):
    # Demo District gives 100% for the first month empty (class C), then nothing until the
    # premium after a year. Empty from 10 Jan 2027: free 10 Jan - 9 Feb; charged from 10 Feb.
    #   10 Feb - 31 Mar 2027 = 50 days: 2537.21 x 50/365 = 347.5630 -> 347.56
    liability = Liability(
        "C1", "P1", ("Owner",), D(2027, 1, 10), D(2027, 3, 31), LiabilityBasis.OWNER,
        empty_periods=(EmptyPeriod(D(2027, 1, 10)),),
    )
    explained = charge(liability, dwelling(), district)
    assert amounts(explained) == [
        (D(2027, 1, 10), D(2027, 2, 9), 31, M("0.00")),
        (D(2027, 2, 10), D(2027, 3, 31), 50, M("347.56")),
    ]


def test_all_residents_disregarded_is_half_and_names_the_disregards(district):
    # Two students: both disregarded, 50%. Full 2026/27: 2537.21 x 50% = 1268.605 -> 1268.61.
    liability = Liability(
        "C1", "P1", ("A", "B"), D(2026, 4, 1), D(2027, 3, 31),
        discounts=(Discount(DiscountReason.ALL_DISREGARDED, D(2026, 4, 1), None, ("student", "student")),),
    )
    explained = charge(liability, dwelling(), district)
    assert explained.total == M("1268.61")
    assert "student" in explained.lines[0].steps[1].description


def test_council_tax_reduction_after_discount_and_never_below_nil(district):
    # SPD 25% then CTR of 500.00 a year from 1 Oct 2026, then 100% CTR from 1 Jan 2027.
    #   1 Apr - 30 Sep 2026, 183 days: 1902.9075 x 183/365 = 954.0634 -> 954.06
    #   1 Oct - 31 Dec 2026, 92 days: (1902.9075 - 500) x 92/365 = 353.6096 -> 353.61
    #   1 Jan - 31 Mar 2027, 90 days: nil
    liability = Liability(
        "C1", "P1", ("A",), D(2026, 4, 1), D(2027, 3, 31),
        discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2026, 4, 1)),),
        reductions=(
            Reduction(ReductionKind.COUNCIL_TAX_REDUCTION, D(2026, 10, 1), D(2026, 12, 31), annual_amount=M("500")),
            Reduction(ReductionKind.COUNCIL_TAX_REDUCTION, D(2027, 1, 1), percent=M("100")),
        ),
    )
    explained = charge(liability, dwelling(), district)
    assert [line.amount for line in explained.lines] == [M("954.06"), M("353.61"), M("0.00")]
    assert explained.total == M("1307.67")
    huge = Liability(
        "C2", "P1", ("A",), D(2026, 4, 1), D(2027, 3, 31),
        reductions=(Reduction(ReductionKind.DISCRETIONARY, D(2026, 4, 1), annual_amount=M("99999")),),
    )
    assert charge(huge, dwelling(), district).total == M("0.00")


def test_a_band_change_in_the_list_splits_the_line(district):
    # Band D until 31 Aug 2025, band C from 1 Sep 2025 (2025/26, 365 days):
    #   1 Apr - 31 Aug = 153 days: 2423.66 x 153/365 = 1015.9452 -> 1015.95
    #   band C 2025/26 = 181.69 + 1398.07 + 205.88 + 243.72 + 82.92 + 42.09 = 2154.37
    #   1 Sep - 31 Mar = 212 days: 2154.37 x 212/365 = 1251.3052 -> 1251.31
    prop = dwelling(bands=(BandEntry(D(1993, 4, 1), "D"), BandEntry(D(2025, 9, 1), "C")))
    liability = Liability("C1", "P1", ("A",), D(2025, 4, 1), None)
    explained = charge(liability, prop, district, FinancialYear(2025))
    assert [(line.band, line.amount) for line in explained.lines] == [("D", M("1015.95")), ("C", M("1251.31"))]
    assert explained.total == M("2267.26")


def test_steps_and_lines_add_up_exactly(district):
    liability = Liability(
        "C1", "P1", ("A",), D(2026, 5, 17), D(2027, 8, 3),
        discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2026, 9, 9), D(2027, 2, 2)),),
        reductions=(Reduction(ReductionKind.COUNCIL_TAX_REDUCTION, D(2026, 12, 1), percent=M("37")),),
    )
    explained = charge(liability, dwelling(), district)
    assert sum(line.amount for line in explained.lines) == explained.total
    for line in explained.lines:
        assert sum(step.amount for step in line.steps) == line.amount
    assert explained.for_year(2026).total + explained.for_year(2027).total == explained.total


def test_major_repair_class_d_discount_lasts_twelve_months_from_empty(district):
    # Demo District: class D (major repair) 50% for up to 12 months from when it became empty.
    # Empty since 1 Jul 2026; the owner is liable from 1 Apr 2027.
    #   1 Apr - 30 Jun 2027 = 91 days at 50%: 1327.97 x 91/366 = 330.1783 -> 330.18
    # On 1 Jul 2027 the discount's 12 months are over and the dwelling has been empty a year:
    # the 100% long-term empty premium applies (no premium exception class M was recorded).
    #   1 Jul 2027 - 31 Mar 2028 = 275 days: 2655.94 x 2 x 275/366 = 3991.1667 -> 3991.17
    liability = Liability(
        "C1", "P1", ("Owner",), D(2027, 4, 1), D(2028, 3, 31), LiabilityBasis.OWNER,
        empty_periods=(EmptyPeriod(D(2027, 4, 1), empty_since=D(2026, 7, 1), dwelling_class="D"),),
    )
    explained = charge(liability, dwelling(), district)
    assert amounts(explained) == [
        (D(2027, 4, 1), D(2027, 6, 30), 91, M("330.18")),
        (D(2027, 7, 1), D(2028, 3, 31), 275, M("3991.17")),
    ]


def test_premium_exception_for_sale_lasts_twelve_months_then_the_premium_applies(district):
    # Empty since 1 Mar 2024 (over a year by 1 Apr 2025); marketed for sale from 1 Apr 2025:
    # exception class G for 12 months, to 31 Mar 2026, then the 100% premium.
    #   2025/26: ordinary band D, 2423.66, with the council's class C discount long used up (0).
    #   2026/27: premium: 2537.21 x 2 = 5074.42
    liability = Liability(
        "C1", "P1", ("Owner",), D(2025, 4, 1), D(2027, 3, 31), LiabilityBasis.OWNER,
        empty_periods=(EmptyPeriod(D(2025, 4, 1), empty_since=D(2024, 3, 1), premium_exception="G"),),
    )
    explained = charge(liability, dwelling(), district)
    assert [line.amount for line in explained.lines] == [M("2423.66"), M("5074.42")]
    assert "excepted from premiums (class G: actively marketed for sale)" in explained.lines[0].steps[1].description


def test_premium_exception_from_part_way_through_an_empty_period_splits_it_there(district):
    # Empty since 1 Mar 2024, so the 100% premium applies from 1 Apr 2026; marketed for sale
    # only from 1 Oct 2026: class G applies from then (for 12 months), not from the period's start.
    #   1 Apr - 30 Sep 2026 = 183 days, premium: 2537.21 x 2 = 5074.42; x 183/365 = 2544.1613 -> 2544.16
    #   1 Oct 2026 - 31 Mar 2027 = 182 days, excepted, no discount: 2537.21 x 182/365 = 1265.1292 -> 1265.13
    liability = Liability(
        "C1", "P1", ("Owner",), D(2026, 4, 1), D(2027, 3, 31), LiabilityBasis.OWNER,
        empty_periods=(EmptyPeriod(D(2026, 4, 1), empty_since=D(2024, 3, 1), premium_exception="G",
                                   exception_from=D(2026, 10, 1)),),
    )
    explained = charge(liability, dwelling(), district)
    assert amounts(explained) == [
        (D(2026, 4, 1), D(2026, 9, 30), 183, M("2544.16")),
        (D(2026, 10, 1), D(2027, 3, 31), 182, M("1265.13")),
    ]
    assert explained.total == M("3809.29")  # 2544.16 + 1265.13
    assert "premium 100%" in explained.lines[0].steps[1].description
    assert "excepted from premiums (class G" in explained.lines[1].steps[1].description


def test_month_limits_follow_the_corresponding_date():
    # A 6-month period from 1 March ends 31 August; from 31 August it ends on the last day of
    # February (there is no 31 February); 12 months from 29 Feb 2028 ends 28 Feb 2029.
    assert end_of_months(D(2027, 3, 1), 6) == D(2027, 8, 31)
    assert end_of_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert end_of_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert end_of_months(D(2028, 2, 29), 12) == D(2029, 2, 28)
    # Anniversaries (premium steps): 29 February's falls on 1 March in a common year.
    assert after_years(D(2024, 2, 29), 1) == D(2025, 3, 1)


def test_welsh_second_home_premium_at_the_councils_rate(welsh):
    # Demo County (Wales) charges second homes 150% extra from 1 Apr 2025 (statutory maximum 300%).
    # Aberdemo band D 2027/28: 1855.97 + 404.13 + 69.78 = 2329.88; x 2.5 = 5824.70 for the year.
    prop = dwelling("D", area="ABER", country=Country.WALES)
    liability = Liability(
        "C1", "P1", ("Owner",), D(2027, 4, 1), D(2028, 3, 31), LiabilityBasis.OWNER,
        empty_periods=(EmptyPeriod(D(2027, 4, 1), furnished=True),),
    )
    explained = charge(liability, prop, welsh)
    assert explained.total == M("5824.70")
    assert explained.lines[0].steps[1].rule == "LGFA 1992 s.12B"


def test_without_a_local_decision_an_empty_dwelling_gets_the_statutory_half(district, rules):
    # A council that has determined nothing for the prescribed classes: s.11(2)(a) 50%.
    # Furnished, 2024/25 (no second-home premium yet): 2314.93 x 50% = 1157.465 -> 1157.47.
    undecided = Tariff(attrs.evolve(district.council, local_discount_policies=()), rules)
    liability = Liability(
        "C1", "P1", ("Owner",), D(2024, 4, 1), D(2025, 3, 31), LiabilityBasis.OWNER,
        empty_periods=(EmptyPeriod(D(2024, 4, 1), furnished=True),),
    )
    explained = charge(liability, dwelling(), undecided)
    assert explained.total == M("1157.47")
    assert explained.lines[0].steps[1].rule == "LGFA 1992 s.11(2)(a)"
