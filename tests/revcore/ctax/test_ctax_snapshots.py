"""Snapshots of the explanation text for realistic scenarios (checked by eye when generated)."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.council import Country
from revcore.ctax import (
    DisabledReduction,
    Discount,
    DiscountReason,
    EmptyPeriod,
    Exemption,
    Liability,
    LiabilityBasis,
    MoveOut,
    Reduction,
    ReductionKind,
    charge,
    recalculate,
    what_if,
)
from revcore.periods import DateRange, FinancialYear
from tests.revcore.ctax.builders import dwelling

D = dt.date
M = Decimal
OWNER = LiabilityBasis.OWNER

SCENARIOS = {
    "couple-full-leap-year": (
        Liability("C1", "P1", ("Ann", "Bob"), D(2027, 4, 1), D(2028, 3, 31)),
        dwelling("D"), "district", None,
    ),
    "move-in-then-single-person-then-ctr": (
        Liability(
            "C1", "P1", ("Ann", "Bob"), D(2027, 6, 1),
            discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2027, 9, 1)),),
            reductions=(Reduction(ReductionKind.COUNCIL_TAX_REDUCTION, D(2028, 1, 1), percent=M("20")),),
        ),
        dwelling("D"), "district", FinancialYear(2027),
    ),
    "across-1-april": (
        Liability("C1", "P1", ("Ann",), D(2026, 10, 1), D(2027, 9, 30)),
        dwelling("B", area="BRK"), "district", None,
    ),
    "move-out-31-march-with-discount-that-day": (
        Liability(
            "C1", "P1", ("Ann",), D(2027, 4, 1), D(2028, 3, 30),
            discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2028, 3, 30)),),
        ),
        dwelling("C", area="UNP"), "district", None,
    ),
    "band-a-disabled-reduction": (
        Liability("C1", "P1", ("Ann",), D(2027, 4, 1), D(2028, 3, 31), disabled_reductions=(DisabledReduction(D(2027, 4, 1)),)),
        dwelling("A"), "district", None,
    ),
    "welsh-band-i-disabled-to-h": (
        Liability("C1", "P1", ("Ann",), D(2027, 4, 1), D(2028, 3, 31), disabled_reductions=(DisabledReduction(D(2027, 10, 1)),)),
        dwelling("I", area="LLAN", country=Country.WALES), "welsh", None,
    ),
    "welsh-exempt-then-premium": (
        Liability(
            "C1", "P1", ("Owner",), D(2026, 4, 1), None, OWNER,
            exemptions=(Exemption("C", D(2026, 4, 1)),),
            empty_periods=(EmptyPeriod(D(2026, 4, 1)),),
        ),
        dwelling("C", area="ABER", country=Country.WALES), "welsh", DateRange(D(2026, 4, 1), D(2028, 3, 31)),
    ),
    "probate-exempt-exception-then-premium": (
        Liability(
            "C1", "P1", ("Executor",), D(2025, 6, 10), None, OWNER,
            exemptions=(Exemption("F", D(2025, 6, 10), limit_from=D(2025, 12, 1)),),
            # After class F ends, exception class I runs 12 months from the grant (1 Dec 2025).
            empty_periods=(EmptyPeriod(D(2026, 6, 1), None, D(2025, 6, 10), premium_exception="I", exception_from=D(2025, 12, 1)),),
        ),
        dwelling("E"), "district", DateRange(D(2025, 6, 10), D(2027, 3, 31)),
    ),
    "second-home-premium-from-2025": (
        Liability("C1", "P1", ("Owner",), D(2025, 1, 1), D(2025, 6, 30), OWNER, empty_periods=(EmptyPeriod(D(2025, 1, 1), furnished=True),)),
        dwelling("G"), "district", None,
    ),
    "students-all-disregarded": (
        Liability(
            "C1", "P1", ("Cai", "Dee"), D(2026, 9, 20), D(2027, 6, 30),
            discounts=(Discount(DiscountReason.ALL_DISREGARDED, D(2026, 9, 20), None, ("student", "student")),),
        ),
        dwelling("B", area="CDL"), "district", None,
    ),
    "long-term-empty-200-then-300": (
        Liability("C1", "P1", ("Owner",), D(2026, 4, 1), None, OWNER, empty_periods=(EmptyPeriod(D(2026, 4, 1), empty_since=D(2016, 6, 1)),)),
        dwelling("F"), "district", FinancialYear(2026),
    ),
    "empty-one-month-class-c-discount": (
        Liability("C1", "P1", ("Owner",), D(2027, 1, 10), D(2027, 3, 31), OWNER, empty_periods=(EmptyPeriod(D(2027, 1, 10)),)),
        dwelling("D"), "district", None,
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_explanation_text(name, district, welsh, snapshot):
    liability, prop, council, period = SCENARIOS[name]
    tariff = district if council == "district" else welsh
    explained = charge(liability, prop, tariff, period)
    assert explained.render(title=f"Scenario {name}") == snapshot


def test_backdated_band_change_diff_text(district, snapshot):
    liability = Liability("C1", "P1", ("Ann",), D(2025, 4, 1))
    period = DateRange(D(2025, 4, 1), D(2027, 3, 31))
    prop = dwelling("D")
    previous = charge(liability, prop, district, period)
    current = charge(liability, prop.with_band("C", D(2025, 9, 1)), district, period)
    assert recalculate(previous, current).render() == snapshot


def test_what_if_move_out_text(district, snapshot):
    liability = Liability(
        "C1", "P1", ("Ann",), D(2027, 4, 1),
        discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2027, 4, 1)),),
    )
    assert what_if(liability, dwelling("C"), district, MoveOut(D(2027, 12, 15)), FinancialYear(2027)).render() == snapshot
