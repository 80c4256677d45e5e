"""The council tax domain classes go through the store unchanged (runs once revcore.ctax exists)."""

import datetime as dt
from decimal import Decimal

import pytest

from revtui.store import Repository

liability = pytest.importorskip("revcore.ctax.liability")
prop = pytest.importorskip("revcore.ctax.property")
reliefs = pytest.importorskip("revcore.ctax.reliefs")
council = pytest.importorskip("revcore.council")


def test_a_welsh_property_and_a_liability_with_reliefs_round_trip(store):
    home = prop.Property(
        "P0000001",
        "100023336956",
        prop.Address(("1 Stryd Fawr", "Aberystwyth"), "SY23 1AA"),
        council.Country.WALES,
        "ABER",
        (prop.BandEntry(dt.date(2005, 4, 1), "D"), prop.BandEntry(dt.date(2024, 6, 1), "I")),
    )
    held = liability.Liability(
        "L0000001",
        "P0000001",
        ("PER1", "PER2"),
        dt.date(2025, 4, 1),
        None,
        liability.LiabilityBasis.OWNER_CLASS,
        liability.OwnerClass.C,
        discounts=(reliefs.Discount(reliefs.DiscountReason.ALL_DISREGARDED, dt.date(2025, 5, 1), None, ("S", "D")),),
        reductions=(
            reliefs.Reduction(reliefs.ReductionKind.COUNCIL_TAX_REDUCTION, dt.date(2025, 4, 1), None, None, Decimal("250.00")),
        ),
    )
    for table, value in (("properties", home), ("liabilities", held)):
        repo = Repository(store, table, type(value))
        assert repo.get(repo.add(value, reason="domain round trip").doc_id).value == value
