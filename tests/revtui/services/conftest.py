"""A council store in a temporary folder, with accounts billed for 2026/27 on fixed dates."""

import datetime as dt

import pytest

from refdata.ctax import load_tariff
from refdata.instalments import instalment_rules
from revcore.council import Country
from revcore.ctax import Address, BandEntry, Liability, Person, Property
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revcore.references import make_reference
from revtui.records.ctax import CtaxAccount
from revtui.records.payments import open_cash_records
from revtui.services.billing import bill_year
from revtui.services.session import set_council
from revtui.store import Store

YEAR = FinancialYear(2026)
BILLED = dt.date(2026, 3, 10)


@pytest.fixture()
def cash(tmp_path):
    store = Store(tmp_path / "council.db", user="batch")
    set_council(store, "demo-district")  # as `revtui store init --council demo-district` does
    yield open_cash_records(store)
    store.close()


def dwelling(serial: int) -> Property:
    return Property(f"P{serial}", f"1000{serial:08d}", Address((f"{serial} High Street", "Ashby Parva"), "DM1 1AA"),
                    Country.ENGLAND, "ASH", (BandEntry(dt.date(1993, 4, 1), "D"),))


def billed_account(cash, serial: int, *, start: dt.date = dt.date(2020, 4, 1), end: dt.date | None = None,
                   discounts: tuple = (), **fields) -> CtaxAccount:
    """Account C<serial> at a band D dwelling, billed for 2026/27 on 10 March 2026, stored."""
    reference = make_reference("C", serial)
    prop = dwelling(serial)
    liability = Liability(reference, prop.reference, (f"PER{serial}",), start, end, discounts=discounts)
    account = CtaxAccount(reference, prop.reference, (Person(f"PER{serial}", f"Payer {serial}"),), liability,
                          Ledger(reference), **fields)
    account = bill_year(account, prop, load_tariff("demo-district"), YEAR, BILLED,
                        instalment_rules("council_tax", "england", YEAR), officer="billing")
    with cash.store.change("test set-up"):
        cash.records.properties.add(prop)
        cash.accounts.add(account)
    return account


def account(cash, reference: str) -> CtaxAccount:
    return cash.accounts.find_one("reference", reference).value


# A sample council on a fixed day, officer and clock (the officer's actions and the app).
from tests.revtui.sample_council import TODAY, council_file, fixed_clock, session, store  # noqa: E402,F401
