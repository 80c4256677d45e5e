"""The model survives a round trip through plain documents (as the store keeps it, via cattrs)."""

import datetime as dt
from decimal import Decimal

import cattrs

from refdata.ctax import load_council
from revcore.council import Council
from revcore.ctax import (
    DisabledReduction,
    Discount,
    DiscountReason,
    EmptyPeriod,
    Exemption,
    Liability,
    LiabilityBasis,
    OwnerClass,
    Property,
    Reduction,
    ReductionKind,
    charge,
)
from revcore.periods import FinancialYear
from tests.revcore.ctax.builders import dwelling

D = dt.date


def converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Decimal, lambda value, _: Decimal(value))
    return conv


def test_liability_property_and_council_round_trip_and_charge_the_same(district):
    conv = converter()
    liability = Liability(
        "C1", "P1", ("A", "B"), D(2026, 4, 1), None, LiabilityBasis.OWNER_CLASS, OwnerClass.C,
        discounts=(Discount(DiscountReason.ALL_DISREGARDED, D(2026, 5, 1), D(2026, 7, 31), ("student",)),),
        exemptions=(Exemption("E", D(2026, 8, 1), D(2026, 9, 30)),),
        empty_periods=(EmptyPeriod(D(2026, 10, 1), None, D(2026, 1, 1), True, "B", "G"),),
        disabled_reductions=(DisabledReduction(D(2026, 4, 1)),),
        reductions=(Reduction(ReductionKind.COUNCIL_TAX_REDUCTION, D(2026, 4, 1), annual_amount=Decimal("12.50")),),
    )
    document = conv.unstructure(liability)
    # Stable short keys, not wording, go into documents.
    assert document["basis"] == "owner-class" and document["owner_class"] == "C"
    assert document["discounts"][0]["reason"] == "all-disregarded"
    assert document["reductions"][0] == {
        "kind": "ctr", "start": "2026-04-01", "end": None, "percent": None, "annual_amount": "12.50",
    }
    restored = conv.structure(document, Liability)
    assert restored == liability
    prop = dwelling()
    assert conv.structure(conv.unstructure(prop), Property) == prop
    council = load_council("demo-district")
    assert conv.structure(conv.unstructure(council), Council) == council
    year = FinancialYear(2026)
    assert charge(restored, prop, district, year) == charge(liability, prop, district, year)
