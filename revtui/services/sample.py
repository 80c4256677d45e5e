"""A small invented council of accounts, billed for a year, for tests and benchmarks.

This gives the application something real to open: properties in the council's areas (the
Demo District's three parishes, or any other council's own areas, in its country), current and
past residents, the year's bills with their
instalment schedules, and some payments. Deterministic for a given size and seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import attrs

from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from revcore.ctax import Address, BandEntry, Liability, Person, Property, Tariff
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revcore.references import make_reference
from refdata.ctax import load_tariff
from revtui.records.ctax import CtaxAccount, Records, open_records
from revtui.services.billing import bill_year
from revtui.services.session import set_council
from revtui.store import Store

__all__ = ["sample_council", "build_sample", "sample_store"]

FIRST = ("Ann", "Brian", "Carys", "David", "Eleri", "Fatima", "George", "Hannah", "Imran", "Joan",
         "Kwame", "Lucy", "Mohammed", "Nia", "Oliver", "Priya", "Rhys", "Sarah", "Tomasz", "Yusuf")
LAST = ("Smith", "Jones", "Williams", "Taylor", "Davies", "Evans", "Thomas", "Roberts", "Khan", "Patel",
        "Walker", "Wright", "Hughes", "Edwards", "Green", "Hall", "Lewis", "Morgan", "Nowak", "Price")
STREETS = ("High Street", "Church Lane", "Mill Road", "Station Road", "The Green", "Orchard Close",
           "Park Avenue", "Victoria Road", "School Lane", "Meadow View")
AREAS = (("ASH", "Ashby Parva", "DM1"), ("BRK", "Brookfield", "DM2"), ("CDL", "Coldale", "DM3"))
BANDS = "AABBBCCCDDEEFGH"


def sample_council(count: int, year: FinancialYear, tariff: Tariff, *, seed: int = 7,
                   billed_on: dt.date | None = None) -> Iterator[tuple[Property, CtaxAccount]]:
    """``count`` dwellings each with a current account billed for ``year``; every tenth also
    has a past resident who moved out at the start of the year. Payments are made on some of
    the instalments due by 1 November of the year."""
    rng = random.Random(seed)
    issued = billed_on or year.start - dt.timedelta(days=20)
    council = tariff.council
    known = {area.code for area in council.areas}
    areas = AREAS if all(code in known for code, _, _ in AREAS) else tuple(  # any council's own areas (Welsh too)
        (area.code, area.name, f"DM{index}") for index, area in enumerate(council.areas, start=1))
    rules = instalment_rules("council_tax", council.country.value, year)
    policy = ledger_settings(year.start).policy
    paid_to = dt.date(year.start_year, 11, 1)
    serial = 0
    for n in range(1, count + 1):
        code, town, district = areas[n % len(areas)]
        street = STREETS[(n // 3) % len(STREETS)]
        prop = Property(
            f"P{n:07d}", f"{100_000_000_000 + n * 7}",
            Address((f"{n % 200 + 1} {street}", town), f"{district} {n % 9 + 1}{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}"),
            council.country, code, (BandEntry(dt.date(1993, 4, 1), rng.choice(BANDS)),),
        )
        people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}"]
        if rng.random() < 0.4:
            people.append(f"{rng.choice(FIRST)} {people[0].split()[1]}")
        start = dt.date(rng.randrange(2000, year.start_year), rng.randrange(1, 13), rng.randrange(1, 29))
        if n % 10 == 0:
            serial += 1
            past_ref = make_reference("C", serial)
            past = Person(f"{past_ref}-1", f"{rng.choice(FIRST)} {rng.choice(LAST)}")
            past_liability = Liability(past_ref, prop.reference, (past.reference,), start, year.start - dt.timedelta(days=1))
            yield prop, CtaxAccount(past_ref, prop.reference, (past,), past_liability, Ledger(past_ref))
            start = year.start
        serial += 1
        reference = make_reference("C", serial)
        persons = tuple(Person(f"{reference}-{i}", name) for i, name in enumerate(people, start=1))
        liability = Liability(reference, prop.reference, tuple(p.reference for p in persons), start)
        account = bill_year(CtaxAccount(reference, prop.reference, persons, liability, Ledger(reference)),
                            prop, tariff, year, issued, rules)
        due = [i for i in account.bills[-1].schedule.instalments if i.due <= paid_to]
        paid = rng.randrange(0, len(due) + 1)
        ledger = account.ledger
        for instalment in due[:paid]:
            ledger = ledger.pay(instalment.amount, effective=instalment.due, posted=instalment.due,
                                reason="payment at the post office", policy=policy)
        yield prop, attrs.evolve(account, ledger=ledger)


def build_sample(records: Records, count: int, year: FinancialYear, tariff: Tariff, *, seed: int = 7,
                 batch: int = 2000) -> int:
    """Write the sample council into an empty store (in transactions of ``batch`` dwellings)."""
    properties, accounts = [], []
    written = 0
    done: set[str] = set()

    def flush() -> None:
        with records.store.change(f"sample council: {len(accounts)} accounts"):
            records.properties.table.insert_multiple(properties)
            records.accounts.table.insert_multiple(accounts)
        properties.clear()
        accounts.clear()

    for prop, account in sample_council(count, year, tariff, seed=seed):
        if prop.reference not in done:
            done.add(prop.reference)
            properties.append(records.properties.to_document(prop))
        accounts.append(records.accounts.to_document(account))
        written += 1
        if len(properties) >= batch:
            flush()
    if accounts:
        flush()
    return written


def sample_store(path, count: int, *, year: int = 2026, user: str = "officer", seed: int = 7,
                 clock=None) -> Store:
    """A new store at ``path`` holding the sample council (Demo District), for tests and benchmarks."""
    kwargs = {"clock": clock} if clock is not None else {}
    store = Store(path, user=user, **kwargs)
    set_council(store, "demo-district")
    build_sample(open_records(store), count, FinancialYear(year), load_tariff("demo-district"), seed=seed)
    return store
