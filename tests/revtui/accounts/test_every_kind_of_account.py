"""Every kind of account behind one interface: a payment quoting any kind's reference is placed
on that account, not in suspense; Find reaches every kind; each kind explains what fell due."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.references import KINDS as PREFIXES
from revtui.accounts import KINDS, kind_of_reference, locate
from revtui.demo.businesses import build_businesses
from revtui.services.loading import add_records
from revtui.records.payments import open_cash_records
from revtui.services.payments import allocate_suspense, import_payment_file, open_suspense
from revtui.store import Store

BILLED, AS_AT = dt.date(2026, 3, 10), dt.date(2026, 10, 1)


@pytest.fixture()
def cash(tmp_path):
    store = Store(tmp_path / "council.db", user="batch")
    add_records(store, "test: the demo businesses", build_businesses(BILLED, AS_AT))
    yield open_cash_records(store)
    store.close()


def _first(store, kind, **where):
    for stored in kind.repository(store):
        value = stored.value
        if all(getattr(value, k) == v for k, v in where.items()):
            return value
    raise AssertionError(f"no {kind.name} account")


def test_every_reference_prefix_has_a_kind_and_every_kind_its_repository(cash):
    assert {kind.prefix for kind in KINDS} == set(PREFIXES)
    for kind in KINDS:
        assert kind_of_reference(kind.prefix + "0000001") is kind
        kind.repository(cash.store)  # opens


def test_a_payment_file_posts_to_business_rates_sundry_and_hb_accounts_not_to_suspense(cash):
    store = cash.store
    rates, sundry, hb = (kind.repository(store) for kind in KINDS[1:])
    nndr = next(iter(rates)).value
    invoice = next(iter(sundry)).value
    ongoing = next(s.value for s in hb if s.value.ledger is not None)
    invoiced = next(s.value for s in hb if s.value.ledger is None)
    before = {ref: locate(store, ref).ledger.balance for ref in
              (nndr.reference, invoice.invoice.number, ongoing.reference, invoiced.invoice)}
    data = (f"type,reference,amount,date,channel,narrative\n"
            f"P,{nndr.reference},100.00,2026-09-30,WEB,\n"
            f"P,{invoice.invoice.number},12.34,2026-09-30,WEB,\n"
            f"P,{ongoing.reference},5.00,2026-09-30,POST,\n"
            f"P,{invoiced.reference},7.00,2026-09-30,POST,quotes the overpayment not its invoice\n"
            f"T,4,124.34\n").encode()
    outcome = import_payment_file(cash, "kinds.csv", data, "csv", today=AS_AT, officer="clerk")

    assert outcome.report.suspense_count == 0 and outcome.report.posted_count == 4
    assert locate(store, nndr.reference).ledger.balance == before[nndr.reference] - Decimal("100.00")
    assert locate(store, invoice.invoice.number).ledger.balance == before[invoice.invoice.number] - Decimal("12.34")
    assert locate(store, ongoing.reference).ledger.balance == before[ongoing.reference] - Decimal("5.00")
    # an invoiced overpayment's money is kept on its invoice: the payment lands there
    assert locate(store, invoiced.reference).reference == invoiced.invoice
    assert locate(store, invoiced.invoice).ledger.balance == before[invoiced.invoice] - Decimal("7.00")


def test_suspense_can_be_placed_on_a_business_rates_account(cash):
    store = cash.store
    nndr = next(iter(KINDS[1].repository(store))).value
    data = b"type,reference,amount,date,channel,narrative\nP,N9999999X,50.00,2026-09-30,WEB,\nT,1,50.00\n"
    import_payment_file(cash, "typo.csv", data, "csv", today=AS_AT, officer="clerk")
    item = open_suspense(cash)[0]
    before = locate(store, nndr.reference).ledger.balance
    allocate_suspense(cash, item.doc_id, nndr.reference, today=AS_AT, officer="clerk", note="phoned in")
    assert locate(store, nndr.reference).ledger.balance == before - Decimal("50.00")
    assert not open_suspense(cash)


def test_each_kind_says_what_has_fallen_due(cash):
    store = cash.store
    for kind in KINDS[1:]:
        for stored in kind.repository(store):
            value = stored.value
            ledger = kind.ledger(value)
            if ledger is None or not any(e.amount > 0 for e in ledger.entries if e.kind.value == "charge"):
                continue  # kept on its invoice, or nothing charged (a charity's full relief)
            schedules = kind.schedules(value)
            assert schedules, f"{kind.name} {kind.reference(value)} says nothing of what falls due"
            for schedule in schedules.values():
                assert sum(i.amount for i in schedule.instalments) == schedule.amount
                assert schedule.lines  # and why
