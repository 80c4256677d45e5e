"""Worked examples checked against the statutory text (docs/business-rates.md, "The law read"):
which multiplier an empty property or a charity paid before and after 1 April 2024, and small
business rate relief as the orders prescribe it, E dividing the charge, with E's own rounding."""

from decimal import Decimal

from tests.revcore.nndr.builders import ENGLAND, WALES, D, hereditament, liability
from revcore.council import Country
from revcore.nndr import Relief, ReliefKind, charge
from revcore.periods import DateRange, FinancialYear

Y2023, Y2024 = FinancialYear(2023), FinancialYear(2024)
SMALL_ONLY_OCCUPIED = "before 1 April 2024 it was only for an occupied hereditament without charity relief"


def first_step(bill, line=0):
    return bill.lines[line].steps[0]


def test_empty_industrial_unit_free_for_six_months_then_standard_multiplier_until_april_2024():
    # Warehouse (qualifying industrial), RV 40,000, empty from 1 July 2023.
    # SI 2008/386 reg 4(b): no empty rate while unoccupied for not more than 6 months: 1 July to
    # 31 December 2023. Then the full empty rate, LGFA 1988 s.45(4) A x B / C, B the standard
    # multiplier (the small business multiplier was only in the s.43(4A) formula for occupied
    # hereditaments): 1 January to 31 March 2024 is 91 of 366 days,
    #   40,000 x 0.512 = 20,480 x 91 / 366 = 5,092.0218... -> 5,092.02.
    # From 1 April 2024, Sch 4ZB para 1(1) A x M / C, M the small business multiplier for RV below
    # £51,000 whether occupied or not: 40,000 x 0.499 = 19,960.00 for 2024/25.
    warehouse = hereditament(40000, qualifying_industrial=True)
    bill = charge(liability(D(2023, 7, 1), occupied=False), warehouse, ENGLAND, DateRange(D(2023, 7, 1), D(2025, 3, 31)))
    free, empty_2023, empty_2024 = bill.lines
    assert (free.end, free.amount, free.steps[1].rule) == (D(2023, 12, 31), Decimal("0.00"), "SI 2008/386 reg 4(b)")
    assert (empty_2023.start, empty_2023.days, empty_2023.multiplier.code) == (D(2024, 1, 1), 91, "standard")
    assert first_step(bill, 1).rule == "LGFA 1988 s.45(4): A x B / C"
    assert "not the small business multiplier: the hereditament is unoccupied" in first_step(bill, 1).description
    assert SMALL_ONLY_OCCUPIED in first_step(bill, 1).description
    # the 2023 row's limits are marked in the table as not read in the Act: the line says so
    assert "UNVERIFIED: occupied_only, not_with" in first_step(bill, 1).description
    assert empty_2023.amount == Decimal("5092.02")
    assert (empty_2024.multiplier.code, empty_2024.amount) == ("small", Decimal("19960.00"))
    assert first_step(bill, 2).rule == "LGFA 1988 s.45, Sch 4ZB para 1(1): A x M / C"
    assert bill.total == Decimal("25052.02")


def test_empty_shop_in_2023_24_pays_the_standard_multiplier():
    # RV 20,000, empty since 1 January 2023: the 3-month free period (reg 4(a)) ended 31 March
    # 2023, so all of 2023/24 is charged under s.45(4) on B: 20,000 x 0.512 = 10,240.00.
    # The same shop in 2024/25: 20,000 x 0.499 = 9,980.00 (Sch 4ZB).
    shop = hereditament(20000)
    empty = liability(D(2023, 4, 1), occupied=False, empty_since=D(2023, 1, 1))
    assert charge(empty, shop, ENGLAND, Y2023).total == Decimal("10240.00")
    assert charge(empty, shop, ENGLAND, Y2024).total == Decimal("9980.00")


def test_charity_in_2023_24_pays_the_standard_multiplier_less_80_percent():
    # RV 20,000 occupied by a charity. 2023/24: s.43(5)-(6), A x B / (C x 5), B the standard
    # multiplier: 20,000 x 0.512 = 10,240.00 / 5 = 2,048.00 (relief 8,192.00). 2024/25: Sch 4ZA,
    # M the small business multiplier for RV below £51,000: 20,000 x 0.499 = 9,980.00 / 5 = 1,996.00.
    charity = (Relief(ReliefKind.CHARITY, D(2023, 4, 1)),)
    bill_2023 = charge(liability(D(2023, 4, 1), reliefs=charity), hereditament(20000), ENGLAND, Y2023)
    assert [step.amount for step in bill_2023.lines[0].steps] == [Decimal("10240.00"), Decimal("-8192.00")]
    assert bill_2023.lines[0].multiplier.code == "standard"
    assert "not the small business multiplier: charity relief applies" in first_step(bill_2023).description
    assert bill_2023.lines[0].steps[1].rule == "LGFA 1988 s.43(5)-(6)"
    assert bill_2023.lines[0].steps[1].description.startswith("mandatory charity relief 80% (UNVERIFIED: percent)")
    bill_2024 = charge(liability(D(2023, 4, 1), reliefs=charity), hereditament(20000), ENGLAND, Y2024)
    assert (bill_2024.lines[0].multiplier.code, bill_2024.total) == ("small", Decimal("1996.00"))
    assert bill_2024.lines[0].steps[1].rule == "LGFA 1988 Sch 4ZA para 2"


def test_occupied_shop_in_2023_24_pays_the_small_business_multiplier_under_s43_4A():
    # RV 20,000, occupied, no relief: s.43(4B) applies (RV not more than £50,999, SI 2017/102
    # art 2), so A x D / (C x E) with E = 1: 20,000 x 0.499 = 9,980.00. RV 51,000 does not:
    # s.43(4), 51,000 x 0.512 = 26,112.00.
    small = charge(liability(D(2023, 4, 1)), hereditament(20000), ENGLAND, Y2023)
    assert (small.total, first_step(small).rule) == (Decimal("9980.00"), "LGFA 1988 s.43(4A)(a), (4B)(a): A x D / (C x E)")
    large = charge(liability(D(2023, 4, 1)), hereditament(51000), ENGLAND, Y2023)
    assert (large.total, first_step(large).rule) == (Decimal("26112.00"), "LGFA 1988 s.43(4): A x B / C")


def test_small_business_relief_2023_24_cites_the_2017_order():
    # SI 2017/102 art 3: RV 13,920, E = 3,000 / 1,920 = 1.5625; art 3's rounding (as SI 2012/148
    # art 3(5)) adds a thousandth only above five ten-thousandths: E = 1.562.
    # 13,920 x 0.499 = 6,946.08 / 1.562 = 4,446.9142... -> 4,446.91 (relief 35.98...%).
    award = (Relief(ReliefKind.SMALL_BUSINESS, D(2023, 4, 1)),)
    bill = charge(liability(D(2023, 4, 1), reliefs=award), hereditament(13920), ENGLAND, Y2023)
    assert bill.total == Decimal("4446.91")
    relief = bill.lines[0].steps[1]
    assert relief.rule == "LGFA 1988 s.43(4A)(a), s.44(9); SI 2017/102 art 3"
    assert "E = 3,000 / (RV £13,920 - £12,000) = 1.562" in relief.description


def test_welsh_small_business_relief():
    # SI 2017/1229 (W. 293) art 11, RV 8,000 in 2025/26 (Welsh multiplier 0.568):
    # E = 6,000 / (8,000 - 6,000) = 3.000; 8,000 x 0.568 = 4,544.00 / 3 = 1,514.6666... -> 1,514.67
    # (relief 66.67% about).
    award = (Relief(ReliefKind.SMALL_BUSINESS, D(2025, 4, 1)),)
    shop = hereditament(8000, country=Country.WALES)
    bill = charge(liability(reliefs=award), shop, WALES, FinancialYear(2025))
    assert bill.total == Decimal("1514.67")
    relief = bill.lines[0].steps[1]
    assert relief.rule == "LGFA 1988 s.43(4A)(b), s.44(9); SI 2017/1229 (W. 293) art 11"
    assert "small business rate relief 66.67% (about): E = 6,000 / (RV £8,000 - £6,000) = 3.000" in relief.description
    assert relief.description.endswith("(UNVERIFIED: e_rounding)")  # the tie reading, marked in the table


def test_welsh_e_rounds_a_tie_up_where_englands_rounds_it_down():
    # Wales, RV 9,840: E = 6,000 / 3,840 = 1.5625; art 11(3) rounds "up or down as appropriate"
    # (a tie read as up, UNVERIFIED): 1.563. 9,840 x 0.568 = 5,589.12 / 1.563 = 3,575.8925... ->
    # 3,575.89 (England's rule would give 1.562 and 3,578.18).
    award = (Relief(ReliefKind.SMALL_BUSINESS, D(2025, 4, 1)),)
    bill = charge(liability(reliefs=award), hereditament(9840, country=Country.WALES), WALES, FinancialYear(2025))
    assert bill.total == Decimal("3575.89")
    assert "= 1.563 (E to three decimal places, half up)" in bill.lines[0].steps[1].description


def test_welsh_empty_shop_cites_the_welsh_regulations_and_says_they_were_not_read():
    # Wales, RV 20,000, empty from 1 April 2025: 3 months free to 30 June (the Welsh unoccupied
    # property regulations' reg 4(a), taken as England's: UNVERIFIED in the table), then the Welsh
    # multiplier: 20,000 x 0.568 = 11,360 x 274 / 365 = 8,527.7808... -> 8,527.78.
    shop = hereditament(20000, country=Country.WALES)
    bill = charge(liability(occupied=False), shop, WALES, FinancialYear(2025))
    free = bill.lines[0].steps[1]
    assert free.rule == "Non-Domestic Rating (Unoccupied Property) (Wales) Regulations 2008 reg 4(a)"
    assert "UNVERIFIED: free_months" in free.description
    assert bill.total == Decimal("8527.78")
