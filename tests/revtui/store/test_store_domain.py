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


def test_a_payment_that_would_not_read_back_is_refused_when_a_stored_ledger_grows(store):
    # Saving a ledger that grew converts back only its new entries: a bad one is still caught.
    import attrs

    from revcore.allocation import AllocationPolicy
    from revcore.ledger import Ledger
    from revcore.periods import FinancialYear
    from revtui.store import DocumentError

    day = dt.date(2026, 4, 2)
    repo = Repository(store, "ledgers", Ledger)
    stored = repo.add(Ledger("C00000019").charge(FinancialYear(2026), Decimal("100.00"), effective=day, posted=day,
                                                 reason="bill"), reason="billed")
    paid = stored.value.pay(Decimal("10.00"), effective=day, posted=day, reason="giro", policy=AllocationPolicy())
    assert repo.get(repo.save(stored, paid, reason="paid").doc_id).value == paid
    stored = repo.get(stored.doc_id)
    later = stored.value.pay(Decimal("5.00"), effective=day, posted=day, reason="giro", policy=AllocationPolicy())
    bad = attrs.evolve(later.last, reason="giro")
    object.__setattr__(bad, "amount", 0.1)  # a float where the class declares Decimal: reads back otherwise
    object.__setattr__(later, "entries", (*stored.value.entries, bad))
    with pytest.raises(DocumentError, match=r"cannot be stored: .*entries\[2\]"):
        repo.save(stored, later, reason="paid")
    assert repo.get(stored.doc_id).version == stored.version


def test_values_read_before_do_not_let_a_bad_one_through():
    """Dates, amounts and financial years are read once and reused across documents (a recovery
    run reads two million years); a malformed value is still refused after good ones were read."""
    from revcore.periods import FinancialYear
    from revtui.store.convert import make_converter

    converter = make_converter(detailed=False)
    assert converter.structure({"start_year": 2026}, FinancialYear) == FinancialYear(2026)
    assert converter.structure({"start_year": 2026}, FinancialYear) == FinancialYear(2026)
    assert converter.structure("2026-04-01", dt.date) == dt.date(2026, 4, 1)
    assert str(converter.structure("12.30", Decimal)) == "12.30"  # the pence survive the reuse
    for bad, type_ in [({"start_year": 2026, "x": 1}, FinancialYear), ({"year": 2026}, FinancialYear),
                       ("2026-4-01", dt.date), (20260401, dt.date), (12.3, Decimal), ("NaN", Decimal)]:
        with pytest.raises(Exception):
            converter.structure(bad, type_)
