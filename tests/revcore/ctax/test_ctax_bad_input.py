"""Bad input raises an error that names the problem."""

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from revcore.council import PremiumPolicy, PremiumStep
from revcore.ctax import (
    BandEntry,
    ChargeError,
    CtaxError,
    Discount,
    DiscountReason,
    EmptyPeriod,
    Exemption,
    Liability,
    LiabilityBasis,
    LiabilityError,
    OwnerClass,
    Reduction,
    ReductionKind,
    Tariff,
    charge,
    check_liabilities,
)
from revcore.periods import FinancialYear
from tests.revcore.ctax.builders import dwelling

D = dt.date
M = Decimal


def test_end_before_start():
    with pytest.raises(CtaxError, match="Liability: ends 2027-03-31 before it starts 2027-04-01"):
        Liability("C1", "P1", ("A",), D(2027, 4, 1), D(2027, 3, 31))
    with pytest.raises(CtaxError, match="Discount: ends 2027-05-01 before it starts 2027-06-01"):
        Discount(DiscountReason.SINGLE_PERSON, D(2027, 6, 1), D(2027, 5, 1))


def test_unknown_band():
    with pytest.raises(CtaxError, match="unknown band 'J'"):
        BandEntry(D(1993, 4, 1), "J")
    with pytest.raises(CtaxError, match="unknown band 'I' in England"):
        dwelling("I")


def test_overlapping_liability_for_the_same_person_on_the_same_dwelling():
    first = Liability("C1", "P1", ("Ann", "Bob"), D(2026, 4, 1), D(2026, 12, 31))
    second = Liability("C2", "P1", ("Bob",), D(2026, 12, 1))
    elsewhere = Liability("C3", "P2", ("Bob",), D(2026, 12, 1))
    check_liabilities([first, elsewhere])  # a different dwelling is fine
    with pytest.raises(LiabilityError, match="overlapping liability: Bob is liable for P1 under both C1 .* and C2"):
        check_liabilities([first, second, elsewhere])


def test_discount_outside_any_liability():
    with pytest.raises(LiabilityError, match="single person discount from 2026-03-01 is outside the liability"):
        Liability(
            "C1", "P1", ("A",), D(2026, 4, 1), D(2027, 3, 31),
            discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2026, 3, 1)),),
        )


def test_overlapping_discounts_and_empty_with_residents_discount(district):
    with pytest.raises(LiabilityError, match="discounts overlap"):
        Liability(
            "C1", "P1", ("A",), D(2026, 4, 1),
            discounts=(
                Discount(DiscountReason.SINGLE_PERSON, D(2026, 4, 1)),
                Discount(DiscountReason.SINGLE_PERSON, D(2026, 6, 1)),
            ),
        )
    both = Liability(
        "C1", "P1", ("A",), D(2026, 4, 1),
        discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2026, 4, 1)),),
        empty_periods=(EmptyPeriod(D(2026, 6, 1)),),
    )
    with pytest.raises(ChargeError, match="single person discount and an empty period on 2026-06-01"):
        charge(both, dwelling(), district, FinancialYear(2026))


def test_exemption_class_that_does_not_exist_in_the_country(district):
    # England abolished class C exemption from 1 April 2013 (now a local discount).
    liability = Liability("C1", "P1", ("A",), D(2026, 4, 1), exemptions=(Exemption("C", D(2026, 4, 1)),))
    with pytest.raises(ChargeError, match="exemption class C does not exist in England on 2026-04-01"):
        charge(liability, dwelling(), district, FinancialYear(2026))


def test_percentages_and_reductions_are_checked():
    with pytest.raises(CtaxError, match="120% is not between 0 and 100"):
        Reduction(ReductionKind.COUNCIL_TAX_REDUCTION, D(2026, 4, 1), percent=Decimal("120"))
    with pytest.raises(CtaxError, match="either a percent or an annual amount"):
        Reduction(ReductionKind.COUNCIL_TAX_REDUCTION, D(2026, 4, 1))


def test_owner_class_goes_with_owner_class_basis():
    with pytest.raises(LiabilityError, match="owner class goes with basis OWNER_CLASS"):
        Liability("C1", "P1", ("Landlord",), D(2026, 4, 1), basis=LiabilityBasis.OWNER, owner_class=OwnerClass.C)
    hmo = Liability("C1", "P1", ("Landlord",), D(2026, 4, 1), basis=LiabilityBasis.OWNER_CLASS, owner_class=OwnerClass.C)
    assert hmo.owner_class.label == "house in multiple occupation"


def test_nobody_liable_or_open_liability_without_a_period(district):
    with pytest.raises(LiabilityError, match="nobody is liable"):
        Liability("C1", "P1", (), D(2026, 4, 1))
    with pytest.raises(CtaxError, match="has no end: say up to which day to charge"):
        charge(Liability("C1", "P1", ("A",), D(2026, 4, 1)), dwelling(), district)


def test_wrong_property_or_country(district, welsh):
    liability = Liability("C1", "P9", ("A",), D(2026, 4, 1), D(2026, 4, 30))
    with pytest.raises(ChargeError, match="liability C1 is for property P9, not P1"):
        charge(liability, dwelling(), district)
    with pytest.raises(ChargeError, match="property P1 is in England, the council in Wales"):
        charge(attrs.evolve(liability, property_reference="P1"), dwelling(), welsh)


def test_a_council_premium_above_the_statutory_maximum(district, rules):
    greedy = attrs.evolve(
        district.council,
        premium_policies=(PremiumPolicy(D(2024, 4, 1), (PremiumStep(1, Decimal("200")),)),),
    )
    with pytest.raises(ChargeError, match="premium 200% after 1 years from 2024-04-01 exceeds the statutory maximum 100%"):
        Tariff(greedy, rules)
    early = attrs.evolve(district.council, premium_policies=(PremiumPolicy(D(2024, 4, 1), (), Decimal("100")),))
    with pytest.raises(ChargeError, match="second-home premium 100% from 2024-04-01 exceeds the statutory maximum 0%"):
        Tariff(early, rules)


def test_unknown_or_foreign_disregard_class(district):
    def with_disregard(code):
        return Liability(
            "C1", "P1", ("A",), D(2026, 4, 1),
            discounts=(Discount(DiscountReason.ALL_DISREGARDED, D(2026, 4, 1), None, (code,)),),
        )

    with pytest.raises(ChargeError, match="unknown disregard class 'astronaut' in England"):
        charge(with_disregard("astronaut"), dwelling(), district, FinancialYear(2026))
    # The care-leaver disregard is Welsh law only.
    with pytest.raises(ChargeError, match="unknown disregard class 'care-leaver' in England"):
        charge(with_disregard("care-leaver"), dwelling(), district, FinancialYear(2026))


def test_premium_exception_must_exist_and_fit_the_dwelling(district):
    def empty(code, furnished=False):
        return Liability(
            "C1", "P1", ("Owner",), D(2026, 4, 1), D(2027, 3, 31), LiabilityBasis.OWNER,
            empty_periods=(EmptyPeriod(D(2026, 4, 1), furnished=furnished, premium_exception=code),),
        )

    with pytest.raises(ChargeError, match="unknown premium exception class 'Z' in England"):
        charge(empty("Z"), dwelling(), district)
    # Class J (job-related) excepts second homes only.
    with pytest.raises(ChargeError, match="class J does not apply to unfurnished long-term empty homes"):
        charge(empty("J"), dwelling(), district)
    assert charge(empty("J", furnished=True), dwelling(), district).total == M("2537.21")


def test_two_liabilities_for_one_dwelling_on_the_same_day():
    tenant = Liability("C1", "P1", ("Ann",), D(2026, 4, 1), D(2026, 9, 30))
    owner = Liability("C2", "P1", ("Landlord",), D(2026, 9, 1), basis=LiabilityBasis.OWNER)
    with pytest.raises(LiabilityError, match="P1 has two liabilities from 2026-09-01, C1 and C2"):
        check_liabilities([tenant, owner])
    check_liabilities([tenant, attrs.evolve(owner, start=D(2026, 10, 1))])
