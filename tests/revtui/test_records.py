"""A council tax account survives the store: saved, found by name, postcode and reference, read back equal."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.ctax import load_tariff
from refdata.instalments import instalment_rules
from revcore.ctax import Address, BandEntry, Liability, Person, Property, charge
from revcore.council import Country
from revcore.instalments import build_schedule
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revtui.records.ctax import Bill, CtaxAccount, open_records
from revtui.store import Store

D = dt.date


@pytest.fixture()
def records(tmp_path):
    store = Store(tmp_path / "council.db", user="tester")
    yield open_records(store)
    store.close()


def test_account_with_bill_and_ledger_round_trips_and_is_found(records):
    tariff = load_tariff("demo-district")
    home = Property("P1", "100012345678", Address(("1 High Street", "Ashby Parva"), "DM1 1AA"),
                    Country.ENGLAND, "ASH", (BandEntry(D(1993, 4, 1), "D"),))
    liability = Liability("C00012343", "P1", ("PER1",), D(2027, 4, 1))
    year = FinancialYear(2027)
    explained = charge(liability, home, tariff, year)
    schedule = build_schedule(explained.total, year, D(2027, 3, 10), instalment_rules("council_tax", "england", year))
    ledger = Ledger("C00012343").charge(year, explained.total, effective=D(2027, 4, 1), posted=D(2027, 3, 10),
                                        reason="annual bill 2027/28")
    account = CtaxAccount("C00012343", "P1", (Person("PER1", "Ann Smith"),), liability, ledger,
                          bills=(Bill(2027, D(2027, 3, 10), "annual", explained, schedule),))

    records.properties.add(home, reason="new dwelling from the valuation list")
    stored = records.accounts.add(account, reason="annual billing 2027/28")

    [by_name] = records.accounts.find_prefix("name", "smi")
    assert by_name.value == account
    assert by_name.value.ledger.balance == explained.total == Decimal("2655.94")
    assert records.properties.find_one("postcode", "dm11aa").value == home
    assert records.accounts.find_one("reference", "c00012343").doc_id == stored.doc_id
