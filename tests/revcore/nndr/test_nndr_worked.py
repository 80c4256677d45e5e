"""Worked business rates examples: each total with its arithmetic (A x B / C per day, summed,
each year's total rounded once to the penny half up)."""

from decimal import Decimal

import pytest

from tests.revcore.nndr.builders import ENGLAND, D, hereditament, liability
from revcore.nndr import (
    EmptyExclusion,
    PartOccupation,
    RateableValue,
    Relief,
    ReliefKind,
    charge,
    empty_since,
)
from revcore.periods import DateRange, FinancialYear

Y2025 = FinancialYear(2025)


def amounts(explanation):
    return [[step.amount for step in line.steps] for line in explanation.lines]


def test_shop_with_small_business_rate_relief_at_50_percent():
    # RV 13,500 < 51,000: small business multiplier 0.499; 13,500 x 0.499 = 6,736.50 a year.
    # SBRR (SI 2023/1250 reg 3, from 2024/25): E = 3,000 / (13,500 - 12,000) = 2.000, the charge
    # divided by E: 6,736.50 / 2 = 3,368.25 for the whole year (relief 50%).
    shop = hereditament(13500)
    bill = charge(liability(reliefs=(Relief(ReliefKind.SMALL_BUSINESS, D(2025, 4, 1)),)), shop, ENGLAND, Y2025)
    assert amounts(bill) == [[Decimal("6736.50"), Decimal("-3368.25")]]
    assert bill.total == Decimal("3368.25") and bill.gross == Decimal("6736.50")
    assert bill.lines[0].steps[1].rule == "LGFA 1988 Sch 4ZA para 4(1)(a); SI 2023/1250 reg 3"
    assert "small business rate relief 50%" in bill.lines[0].steps[1].description


def test_empty_warehouse_free_for_six_months_then_full_empty_rate():
    # Qualifying industrial, RV 40,000: 40,000 x 0.499 = 19,960.00 a year. Empty from 1 April
    # 2025: free for 6 months to 30 September (reg 4(b)); 1 October to 31 March is 182 days:
    # 19,960 x 182 / 365 = 9,952.6575... -> 9,952.66.
    warehouse = hereditament(40000, qualifying_industrial=True)
    bill = charge(liability(occupied=False), warehouse, ENGLAND, Y2025)
    free, charged = bill.lines
    assert (free.start, free.end, free.amount) == (D(2025, 4, 1), D(2025, 9, 30), Decimal("0.00"))
    assert free.steps[1].rule == "SI 2008/386 reg 4(b)" and not free.occupied
    assert (charged.start, charged.days, charged.steps[0].rule) == (D(2025, 10, 1), 182, "LGFA 1988 s.45, Sch 4ZB para 1(1): A x M / C")
    assert bill.total == Decimal("9952.66")


def test_empty_shop_gets_three_months_counted_from_when_it_became_empty():
    # Not industrial: 3 months. Empty since 1 March 2025 under the previous owner, so the free
    # period ends 31 May 2025 (it attaches to the property): 1 June to 31 March is 304 days;
    # 19,960 x 304 / 365 = 16,624.2191... -> 16,624.22.
    shop = hereditament(40000)
    bill = charge(liability(occupied=False, empty_since=D(2025, 3, 1)), shop, ENGLAND, Y2025)
    assert bill.lines[0].end == D(2025, 5, 31) and bill.lines[1].days == 304
    assert bill.total == Decimal("16624.22")


@pytest.mark.parametrize("rv, listed, rule", [
    (40000, True, "SI 2008/386 reg 4(e)"),   # listed building: never empty rate
    (2899, False, "SI 2008/386 reg 4(g) (as substituted by SI 2017/102 art 4)"),   # below £2,900 from 2017/18
])
def test_empty_rate_exclusions(rv, listed, rule):
    exclusions = (EmptyExclusion.LISTED_BUILDING,) if listed else ()
    bill = charge(liability(occupied=False), hereditament(rv, empty_exclusions=exclusions), ENGLAND, Y2025)
    assert bill.total == Decimal("0.00") and {line.steps[1].rule for line in bill.lines} == {rule}


def test_low_value_threshold_is_the_financial_years():
    # SI 2008/386 reg 4(g) as substituted by SI 2017/102 art 4: the threshold goes by financial
    # year (£2,900 from 2017/18), not by the list the RV is in: £2,800 on the 2017 list and on the
    # 2023 list alike pay no empty rate in 2024/25; £2,900 is not below it. After the 3-month free
    # period (1 April - 30 June 2024), 2,900 x 0.499 = 1,447.10 a year for 1 July 2024 to 31 March
    # 2025, 274 of 365 days: 1,447.10 x 274 / 365 = 1,086.3156... -> 1,086.32.
    def empty(rv, list_year):
        return charge(liability(D(2024, 4, 1), occupied=False), hereditament(rv, list_year=list_year), ENGLAND,
                      FinancialYear(2024))
    assert empty(2800, 2017).total == empty(2800, 2023).total == Decimal("0.00")
    assert "RV below £2,900 (the threshold for 2024/25)" in empty(2800, 2023).lines[0].steps[1].description
    assert empty(2900, 2023).total == Decimal("1086.32")


def test_charity_relief_wins_over_small_business_relief():
    # RV 10,000 would get 100% SBRR; a charity gets mandatory charity relief instead (they do
    # not stack, UNVERIFIED): 10,000 x 0.499 = 4,990.00, less 80% = 998.00.
    reliefs = (Relief(ReliefKind.SMALL_BUSINESS, D(2025, 4, 1)), Relief(ReliefKind.CHARITY, D(2025, 4, 1)))
    bill = charge(liability(reliefs=reliefs), hereditament(10000), ENGLAND, Y2025)
    assert amounts(bill) == [[Decimal("4990.00"), Decimal("-3992.00")]]
    assert bill.total == Decimal("998.00")
    assert "instead of small business rate relief" in bill.lines[0].steps[1].description


def test_discretionary_top_up_then_hardship_in_that_order():
    # Charity 80% then s.47 top-up of 100% of what is left: nothing to pay; a hardship award on
    # top changes nothing and is not shown (nothing left to reduce).
    reliefs = (Relief(ReliefKind.CHARITY, D(2025, 4, 1)), Relief(ReliefKind.DISCRETIONARY, D(2025, 4, 1), percent=Decimal(100)),
               Relief(ReliefKind.HARDSHIP, D(2025, 4, 1), percent=Decimal(50)))
    bill = charge(liability(reliefs=reliefs), hereditament(10000), ENGLAND, Y2025)
    assert [step.rule for step in bill.lines[0].steps] == [
        "LGFA 1988 s.43, Sch 4ZA para 1(a): A x M / C", "LGFA 1988 Sch 4ZA para 2", "LGFA 1988 s.47"]
    assert bill.total == Decimal("0.00")


def test_a_year_containing_29_february_has_366_days():
    # 2027/28 contains 29 February 2028. RV 60,000 (2026 list), not RHL: standard 0.480,
    # 60,000 x 0.480 = 28,800 a year. 1 February to 31 March 2028 = 29 + 31 = 60 days:
    # 28,800 x 60 / 366 = 4,721.3114... -> 4,721.31. The whole year is exactly 28,800.00.
    office = hereditament(60000, since=D(2026, 4, 1), list_year=2026)
    part = charge(liability(D(2028, 2, 1)), office, ENGLAND, FinancialYear(2027))
    assert (part.lines[0].days, part.lines[0].days_in_year, part.total) == (60, 366, Decimal("4721.31"))
    whole = charge(liability(D(2027, 4, 1)), office, ENGLAND, FinancialYear(2027))
    assert whole.total == Decimal("28800.00")


def test_backdated_alteration_changes_past_days():
    # RV 30,000 from 1 April 2023; in 2025 the VO alters it to 24,000 from 1 October 2024.
    # 2024/25 before: 30,000 x 0.499 = 14,970.00. After: 14,970 x 183/365 (1 Apr - 30 Sep 2024)
    # + 24,000 x 0.499 = 11,976 x 182/365 = 7,505.589... + 5,971.512... = 13,477.1013... -> 13,477.10.
    shop = hereditament(30000)
    year = FinancialYear(2024)
    before = charge(liability(D(2024, 4, 1)), shop, ENGLAND, year)
    altered = shop.altered(RateableValue(D(2024, 10, 1), Decimal(24000), 2023))
    after = charge(liability(D(2024, 4, 1)), altered, ENGLAND, year)
    assert before.total == Decimal("14970.00")
    assert [(line.start, line.rateable_value) for line in after.lines] == [(D(2024, 4, 1), 30000), (D(2024, 10, 1), 24000)]
    assert after.total == Decimal("13477.10")


SHOP_RV = 24000
CERTIFICATE = PartOccupation(requested=D(2025, 8, 20), partly_unoccupied_from=D(2025, 8, 1),
                             occupied_value=Decimal(16000), end=D(2025, 11, 30))


def test_part_occupation_certificate_reduces_the_occupied_charge():
    # RV 24,000 x 0.499 = 11,976.00 a year. Upstairs empty 1 August to 30 November (122 days);
    # the VO apportions 16,000 to the occupied part: 16,000 x 0.499 = 7,984.00 a year then.
    # (11,976 x (122 + 121) + 7,984 x 122) / 365 = (2,910,168 + 974,048) / 365 = 10,641.6876... -> 10,641.69
    # (11,976.00 less 1,334.31).
    shop = hereditament(SHOP_RV)
    bill = charge(liability(part_occupations=(CERTIFICATE,)), shop, ENGLAND, Y2025)
    assert [(line.start, line.days) for line in bill.lines] == [(D(2025, 4, 1), 122), (D(2025, 8, 1), 122), (D(2025, 12, 1), 121)]
    middle = bill.lines[1].steps
    assert middle[1].rule == "LGFA 1988 s.44A" and middle[1].annual == Decimal("7984.000")
    assert bill.total == Decimal("10641.69") and bill.gross == Decimal("11976.00")


def test_part_occupation_certificate_ends_when_the_list_value_changes():
    # s.44A(3)(b): the apportionment applies only on days whose list RV is the one apportioned.
    # An alteration to 26,000 from 1 October 2025 ends it: 1 Aug - 30 Sep (61 days) at 7,984.00,
    # then 26,000 x 0.499 = 12,974.00 a year from 1 October (182 days):
    # (11,976 x 122 + 7,984 x 61 + 12,974 x 182) / 365 = (1,461,072 + 487,024 + 2,361,268) / 365
    # = 11,806.4767... -> 11,806.48.
    shop = hereditament(SHOP_RV).altered(RateableValue(D(2025, 10, 1), Decimal(26000), 2023))
    bill = charge(liability(part_occupations=(CERTIFICATE,)), shop, ENGLAND, Y2025)
    assert [line.days for line in bill.lines] == [122, 61, 182]
    assert all(step.rule != "LGFA 1988 s.44A" for step in bill.lines[2].steps)
    assert bill.total == Decimal("11806.48")


def test_period_outside_the_liability_charges_nothing():
    bill = charge(liability(D(2025, 4, 1), D(2025, 6, 30)), hereditament(), ENGLAND, DateRange(D(2025, 7, 1), D(2025, 7, 31)))
    assert bill.lines == () and bill.total == Decimal("0.00")
    assert "(no days charged)" in bill.render()


def test_whole_liability_across_two_years_rounds_each_year_once():
    # 1 Jan - 31 Mar 2025 (90 days of 2024/25) and 1 Apr - 30 Jun 2025 (91 days of 2025/26), RV
    # 13,500 x 0.499 = 6,736.50: 6,736.50 x 90/365 = 1,661.0547 -> 1,661.05 and x 91/365 = 1,679.5068
    # -> 1,679.51; 3,340.56 in all.
    bill = charge(liability(D(2025, 1, 1), D(2025, 6, 30)), hereditament(), ENGLAND)
    assert [line.amount for line in bill.lines] == [Decimal("1661.05"), Decimal("1679.51")]
    assert bill.total == Decimal("3340.56") and bill.years() == (2024, 2025)


@pytest.mark.parametrize("occupied_from, occupied_to, since", [
    # 2023: more than 6 weeks (43 days) earns a new free period from the day after
    (D(2023, 5, 1), D(2023, 6, 12), D(2023, 6, 13)),
    # 2023: exactly 6 weeks (42 days) does not: the spell that began on 1 January goes on
    (D(2023, 5, 1), D(2023, 6, 11), D(2023, 1, 1)),
    # from 1 April 2024 it takes more than 13 weeks: 43 days is not enough
    (D(2024, 5, 1), D(2024, 6, 12), D(2023, 1, 1)),
    (D(2024, 5, 1), D(2024, 7, 31), D(2024, 8, 1)),      # 92 days > 91
    # an occupation that began before 1 April 2024 keeps the 6-week rule (SI 2024/323 reg 3)
    (D(2024, 3, 1), D(2024, 4, 30), D(2024, 5, 1)),
])
def test_short_reoccupation_does_not_earn_a_new_free_period(occupied_from, occupied_to, since):
    assert empty_since(D(2023, 1, 1), occupied_from, occupied_to, ENGLAND) == since
