"""Retail, hospitality and leisure relief: the national s.47 scheme at its edges, each figure
worked by hand (percentages and cash caps from refdata/tables/nndr/reliefs.toml, UNVERIFIED
against GOV.UK's scheme guidance; 2025/26: 40%, at most £110,000 in the year)."""

from decimal import Decimal

import pytest

from revcore.nndr import RatesError, Relief, ReliefKind, charge
from revcore.periods import FinancialYear

from tests.revcore.nndr.builders import D, ENGLAND, hereditament, liability

RHL = ReliefKind.RETAIL_HOSPITALITY_LEISURE


def test_the_cash_cap_cuts_the_relief_where_it_is_reached_and_hardship_comes_after_it():
    pub = hereditament(600000, rhl=True)
    rates = liability(reliefs=(Relief(RHL, D(2025, 4, 1)),
                               Relief(ReliefKind.HARDSHIP, D(2026, 1, 1), percent=Decimal(10))))
    bill = charge(rates, pub, ENGLAND, FinancialYear(2025))
    # RV £600,000 x 0.555 (standard multiplier 2025/26) = £333,000 a year; 40% is £133,200 a year.
    # 1 April to 31 December (275 days): 133,200 x 275/365 = 100,356.164... of relief.
    # 1 January to 31 March (90 days): 40% would be 32,843.83..., but only 110,000 - 100,356.164...
    # = 9,643.835... is left under the cap; then hardship (LGFA 1988 s.49) 10% of what is left:
    # (333,000 x 90/365 - 9,643.835...) x 10% = (82,109.589... - 9,643.835...) x 10% = 7,246.575...
    # The year: 333,000 - 110,000 - 7,246.575... = 215,753.424... = £215,753.42.
    assert bill.total == Decimal("215753.42")
    first, second = bill.lines
    assert "at most £110,000 in the year" in first.steps[1].description
    assert "cash cap reached" not in first.steps[1].description
    assert "(cash cap reached)" in second.steps[1].description
    assert [step.rule for step in second.steps][1:] == ["LGFA 1988 s.47 (RHL relief scheme 2025/26)", "LGFA 1988 s.49"]


def test_no_relief_from_2026_27_when_the_rhl_multipliers_take_its_place():
    shop = hereditament(24000, rhl=True)
    rates = liability(reliefs=(Relief(RHL, D(2025, 4, 1)),))
    # 2026/27 (the 2023 list value still): £24,000 x 0.382 (small business RHL multiplier) = £9,168.00,
    # with no RHL relief step (the scheme's 0% row from 1 April 2026).
    bill = charge(rates, shop, ENGLAND, FinancialYear(2026))
    assert bill.total == Decimal("9168.00")
    assert all(len(line.steps) == 1 for line in bill.lines)


def test_rhl_relief_under_the_cap_is_the_years_percentage_of_what_is_left_after_s47():
    shop = hereditament(24000, rhl=True)
    rates = liability(reliefs=(Relief(RHL, D(2025, 4, 1)), Relief(ReliefKind.DISCRETIONARY, D(2025, 4, 1),
                                                                     percent=Decimal(50))))
    # £24,000 x 0.499 (small business multiplier 2025/26) = £11,976; s.47 50% leaves 5,988;
    # RHL 40% of that, 2,395.20, leaves £3,592.80.
    assert charge(rates, shop, ENGLAND, FinancialYear(2025)).total == Decimal("3592.80")


def test_rhl_relief_takes_no_typed_percentage_and_needs_an_occupier():
    with pytest.raises(RatesError, match="the percentage comes from data"):
        Relief(RHL, D(2025, 4, 1), percent=Decimal(40))
    with pytest.raises(RatesError, match="retail, hospitality and leisure relief is for occupied hereditaments only"):
        liability(occupied=False, reliefs=(Relief(RHL, D(2025, 4, 1)),))
