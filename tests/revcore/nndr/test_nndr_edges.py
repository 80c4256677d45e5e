"""Band edges: the small business relief taper and the multiplier thresholds (data rows hold the
comparisons, so these pin what the data says at each edge)."""

from decimal import Decimal

import pytest

from tests.revcore.nndr.builders import ENGLAND, WALES, D, hereditament, liability
from revcore.council import Country
from revcore.nndr import RateableValue, Relief, ReliefKind, charge
from revcore.periods import FinancialYear

SBRR = (Relief(ReliefKind.SMALL_BUSINESS, D(2025, 4, 1)),)


@pytest.mark.parametrize("rv, total", [
    # SI 2023/1250 reg 3 (as SI 2017/102 art 3): the charge A x M / C is divided by E.
    (12000, "0.00"),      # not more than £12,000: E = 5,000,000; 12,000 x 0.499 = 5,988 / 5,000,000 = 0.0012 -> 0.00
    (12001, "2.00"),      # E = 3,000 / (12,001 - 12,000) = 3,000.000; 5,988.499 / 3,000 = 1.9962 -> 2.00
    (14999, "7484.50"),   # E = 3,000 / 2,999 = 1.00033 -> 1.000 (3 places, up only above 0.0005): no relief;
                          # 14,999 x 0.499 = 7,484.501 -> 7,484.50 (a straight-line taper would give 7,482.01)
    (15000, "7485.00"),   # E = 3,000 / 3,000 = 1: 15,000 x 0.499 = 7,485.00
])
def test_small_business_relief_edges_england(rv, total):
    bill = charge(liability(reliefs=SBRR), hereditament(rv), ENGLAND, FinancialYear(2025))
    assert bill.total == Decimal(total)


def test_small_business_relief_percentage_is_shown_exactly_or_marked_approximate():
    bill = charge(liability(reliefs=SBRR), hereditament(12500), ENGLAND, FinancialYear(2025))
    # (15,000 - 12,500) / 3,000 = 83.333...%
    assert "small business rate relief 83.33% (about)" in bill.lines[0].steps[1].description
    at_edge = charge(liability(reliefs=SBRR), hereditament(15000), ENGLAND, FinancialYear(2025))
    assert "small business rate relief 0%" in at_edge.lines[0].steps[1].description


@pytest.mark.parametrize("rv, total", [
    # SI 2017/1229 (W. 293) art 11: E = 5,000,000 for RV 0 to 6,000; 6,000 / (RV - 6,000) to 12,000.
    (6000, "0.00"),       # 6,000 x 0.568 = 3,408 / 5,000,000 = 0.0007 -> 0.00
    (6001, "0.57"),       # E = 6,000 / 1 = 6,000.000: 6,001 x 0.568 = 3,408.568 / 6,000 = 0.5681 -> 0.57
    (9000, "2556.00"),    # E = 6,000 / 3,000 = 2: 9,000 x 0.568 = 5,112.00 / 2
    (11999, "6815.43"),   # E = 6,000 / 5,999 = 1.000167 -> 1.000: no relief; 11,999 x 0.568 = 6,815.432
])
def test_small_business_relief_edges_wales(rv, total):
    bill = charge(liability(reliefs=SBRR), hereditament(rv, country=Country.WALES), WALES, FinancialYear(2025))
    assert bill.total == Decimal(total)


@pytest.mark.parametrize("rv, year, rhl, code", [
    (50999, 2025, False, "small"),         # RV < £51,000: small business multiplier
    (51000, 2025, False, "standard"),
    (50999, 2026, True, "small-rhl"),
    (51000, 2026, True, "standard-rhl"),
    (499999, 2026, False, "standard"),
    (499999, 2026, True, "standard-rhl"),
    (500000, 2026, False, "high"),         # RV >= £500,000: high value, RHL or not
    (500000, 2026, True, "high"),
])
def test_england_multiplier_thresholds(rv, year, rhl, code):
    bill = charge(liability(D(year, 4, 1)), hereditament(rv, rhl=rhl), ENGLAND, FinancialYear(year))
    assert bill.lines[0].multiplier.code == code


@pytest.mark.parametrize("rv, rhl, code", [
    (100000, False, "standard"),           # Wales: "above £100,000" is strict
    (100001, False, "higher"),
    (50999, True, "retail"),
    (51000, True, "standard"),
])
def test_wales_multiplier_thresholds_2026(rv, rhl, code):
    shop = hereditament(rv, rhl=rhl, country=Country.WALES)
    assert charge(liability(D(2026, 4, 1)), shop, WALES, FinancialYear(2026)).lines[0].multiplier.code == code


def test_rv_change_across_the_threshold_changes_the_multiplier_mid_year():
    # 50,000 (small, 0.499) to 52,000 (standard, 0.555) from 1 October 2025:
    # (24,950 x 183 + 28,860 x 182) / 365 = (4,565,850 + 5,252,520) / 365 = 26,899.6438 -> 26,899.64
    shop = hereditament(50000).altered(RateableValue(D(2025, 10, 1), Decimal(52000), 2023))
    bill = charge(liability(), shop, ENGLAND, FinancialYear(2025))
    assert [line.multiplier.code for line in bill.lines] == ["small", "standard"]
    assert bill.total == Decimal("26899.64")


def test_an_empty_rhl_shop_pays_the_ordinary_multiplier():
    # RHL multipliers are for property used for retail, hospitality or leisure: read as occupied
    # (UNVERIFIED). Empty from 1 April 2026, RV 20,000: free to 30 June, then small business
    # 0.432 (not RHL 0.382): 20,000 x 0.432 = 8,640 x 274/365 = 6,485.92
    shop = hereditament(20000, since=D(2026, 4, 1), list_year=2026, rhl=True)
    bill = charge(liability(D(2026, 4, 1), occupied=False), shop, ENGLAND, FinancialYear(2026))
    assert {line.multiplier.code for line in bill.lines} == {"small"}
    assert bill.total == Decimal("6485.92")
