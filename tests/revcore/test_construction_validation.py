"""A value of the wrong type is refused when the object is built, with a message naming the field
and the type expected; before, each of these was accepted and failed later with a message about
something else (the cases users reported)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from tests.revcore.ctax.builders import dwelling
from tests.revcore.nndr.builders import ENGLAND, hereditament, liability
from revcore.council import Country
from revcore.ctax import Address, BandEntry, Discount, DiscountReason, Liability, Property
from revcore.nndr import RateableValue, Relief, ReliefKind, charge
from revcore.periods import FinancialYear
from revcore.sundry import Debtor
from revcore.validation import WrongType

D = dt.date


def test_one_person_given_as_text_is_refused_not_split_into_letters() -> None:
    with pytest.raises(WrongType, match=r"Liability\.liable: expected a tuple of str, got the text 'Ann'") as error:
        Liability("L1", "P1", "Ann", D(2025, 4, 1))  # type: ignore[arg-type]  # the mistake under test
    assert "named twice" not in str(error.value)
    assert Liability("L1", "P1", ["Ann"], D(2025, 4, 1)).liable == ("Ann",)  # a list is still fine


def test_country_given_as_text_is_refused_naming_the_members() -> None:
    with pytest.raises(WrongType) as error:
        Property("P1", "100012345678", Address(("1 High Street",), "DM1 1AA"), "england",  # type: ignore[arg-type]
                 "ASH", (BandEntry(D(1993, 4, 1), "D"),))
    message = str(error.value)
    assert message.startswith("Property.country: expected a Country (one of Country.ENGLAND, Country.WALES)")
    assert "'england' (a str)" in message
    assert "built-in method" not in message


def test_discount_reason_given_as_text_is_refused() -> None:
    with pytest.raises(WrongType, match=r"Discount\.reason: expected a DiscountReason \(one of "
                                        r"DiscountReason\.SINGLE_PERSON, DiscountReason\.ALL_DISREGARDED\), "
                                        r"got 'single-person'"):
        Discount("single-person", D(2025, 4, 1))  # type: ignore[arg-type]


def test_address_lines_given_as_one_text_are_refused() -> None:
    with pytest.raises(WrongType, match=r"Address\.lines: expected a tuple of str, got the text '1 High Street'"):
        Address("1 High Street", "DM1 1AA")  # type: ignore[arg-type]
    with pytest.raises(WrongType, match=r"Debtor\.address: expected a tuple of str"):
        Debtor("PER0000040", "Lee Archer", "9 Mill Lane")  # type: ignore[arg-type]
    assert str(Address(["1 High Street", "Ashby Parva"], "DM1 1AA")) == "1 High Street, Ashby Parva, DM1 1AA"


def test_rateable_value_in_whole_pounds_may_be_an_int() -> None:
    entry = RateableValue(D(2023, 4, 1), 13500, 2023)
    assert entry.value == Decimal(13500) and isinstance(entry.value, Decimal)
    assert entry == RateableValue(D(2023, 4, 1), Decimal("13500"), 2023)
    # and it bills the same as the Decimal it stands for
    with_int = attrs.evolve(hereditament(), values=(entry,))
    year = FinancialYear(2025)
    assert charge(liability(), with_int, ENGLAND, year).total == charge(liability(), hereditament(), ENGLAND, year).total


@pytest.mark.parametrize("value", [13500.0, "13500", True])
def test_rateable_value_of_another_type_is_refused_naming_the_type(value: object) -> None:
    with pytest.raises(WrongType, match=rf"RateableValue\.value: expected a Decimal or an int of whole pounds, "
                                        rf"got .* \(a {type(value).__name__}\)"):
        RateableValue(D(2023, 4, 1), value, 2023)  # type: ignore[arg-type]


def test_relief_kind_given_as_text_is_refused_naming_the_members() -> None:
    with pytest.raises(WrongType) as error:
        Relief("small-business", D(2025, 4, 1))  # type: ignore[arg-type]
    message = str(error.value)
    assert message.startswith("Relief.kind: expected a ReliefKind (one of ReliefKind.CHARITY, ReliefKind.SMALL_BUSINESS,")
    assert "'small-business' (a str)" in message
    assert Relief(ReliefKind.SMALL_BUSINESS, D(2025, 4, 1)).label == "small business rate relief"


def test_a_wrong_type_is_also_a_value_error_for_callers_that_report_bad_input() -> None:
    with pytest.raises(ValueError):
        dwelling(country="wales")  # type: ignore[arg-type]


def test_a_member_is_still_accepted() -> None:
    assert dwelling(country=Country.WALES).country is Country.WALES
    assert Discount(DiscountReason.SINGLE_PERSON, D(2025, 4, 1)).label == "single person discount"


def test_other_fields_name_the_type_expected() -> None:
    with pytest.raises(WrongType, match=r"FinancialYear\.start_year: expected an int, got '2025' \(a str\)"):
        FinancialYear("2025")  # type: ignore[arg-type]
    with pytest.raises(WrongType, match=r"RateableValue\.list_year: expected an int, got '2023' \(a str\)"):
        RateableValue(D(2023, 4, 1), 13500, "2023")  # type: ignore[arg-type]
