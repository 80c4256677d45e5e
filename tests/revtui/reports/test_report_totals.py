"""Report totals against the ledgers they summarise: collected plus outstanding equals charged, to
the penny, at today and at past days (only entries posted by the day count)."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.entries import Category, EntryKind
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revtui.clock import today
from revtui.reports import (
    arrears_by_year,
    collection_rate,
    daily_cash,
    refunds_and_write_offs,
    valuation_by_band,
    valuation_exceptions,
)
from revtui.reports.ledger_view import account_ledgers
from revtui.store import Store

ZERO = Decimal("0.00")


@pytest.fixture()
def store(demo_store_path):
    opened = Store(demo_store_path)
    yield opened
    opened.close()


def _as_they_stood(store, day, kind="council tax"):
    """Each ledger of ``kind`` rebuilt from only the entries posted by ``day`` (the ledger re-checks them)."""
    return [Ledger(a.ledger.account, [e for e in a.ledger.entries if e.posted <= day])
            for a in account_ledgers(store) if a.kind == kind]


@pytest.mark.parametrize("day", [dt.date(2026, 4, 30), dt.date(2026, 8, 17), None])
def test_collection_collected_plus_outstanding_is_the_net_debit(store, day):
    day = day or today(store)
    year = FinancialYear(2026)
    report = collection_rate(store, day, year=year)
    last = [dict(zip(report.columns, r)) for r in report.rows if r[0] == "council tax"][-1]
    ledgers = _as_they_stood(store, day)
    # the debit: every charge and adjustment for 2026/27 posted by the day (the ledger's own entries)
    debit = sum((p.amount for led in ledgers for e in led.entries if e.kind in (EntryKind.CHARGE, EntryKind.ADJUSTMENT)
                 for p in e.postings if p.year == year), ZERO)
    outstanding = sum((led.balance_of(year, Category.CHARGE) for led in ledgers), ZERO)
    assert last["to"] == day
    assert last["net_debit"] == debit
    assert last["outstanding"] == outstanding
    assert last["collected"] + last["written_off"] + last["transferred"] + last["outstanding"] == last["net_debit"]
    assert last["rate_pct"] == (last["collected"] * 100 / debit).quantize(Decimal("0.1"))


def test_collection_rises_month_by_month_and_has_a_chart(store):
    from revtui.reports import collection_chart

    report = collection_rate(store, today(store))
    ctax = [r for r in report.rows if r[0] == "council tax"]
    collected = [r[report.columns.index("collected")] for r in ctax]
    assert collected == sorted(collected) and collected[0] > 0
    assert [r[1] for r in report.rows[:3]] == ["Apr 2026", "May 2026", "Jun 2026"]
    chart = collection_chart(report).splitlines()
    # council tax's bars first, each against the profile; the other kinds have no profile
    assert chart[1] == "council tax:"
    bars = chart[2:2 + len(ctax)]
    assert all(bar.count("|") == 1 for bar in bars)
    assert len(chart) == 1 + len(report.rows) + len({r[0] for r in report.rows})


@pytest.mark.parametrize("day", [dt.date(2026, 6, 1), None])
def test_arrears_by_year_add_up_to_the_ledgers_balances(store, day):
    day = day or today(store)
    report = arrears_by_year(store, day)
    ledgers = _as_they_stood(store, day)
    years = {p.year for led in ledgers for e in led.entries for p in e.postings}
    assert {FinancialYear(2024), FinancialYear(2025), FinancialYear(2026)} <= years
    for year in years:
        rows = [dict(zip(report.columns, r)) for r in report.rows if r[:2] == ("council tax", str(year))]
        owed = [led.balance_of(year) for led in ledgers]
        if not any(owed):  # nothing owed nor in credit on the year: no line for it
            assert rows == []
            continue
        total = next(r for r in rows if r["stage"] == "total arrears")
        credit = [r for r in rows if r["stage"] == "in credit"]
        assert total["total"] == sum((b for b in owed if b > 0), ZERO)
        assert total["accounts"] == sum(1 for b in owed if b > 0)
        assert sum((r["total"] for r in credit), ZERO) == sum((b for b in owed if b < 0), ZERO)
        for row in rows:  # overdue is part of what is owed, never more
            assert ZERO <= row["overdue"] <= max(row["total"], ZERO)
        if year.start_year < 2026:  # every instalment of an earlier year has fallen due
            assert total["overdue"] == total["total"]


def test_refunds_and_write_offs_by_approver_match_the_ledger(store):
    day = today(store)
    report = refunds_and_write_offs(store, day)
    entries = [e for a in account_ledgers(store) for e in a.ledger.entries
               if e.kind in (EntryKind.REFUND, EntryKind.WRITE_OFF) and e.posted >= FinancialYear(2026).start]
    for kind, entry_kind in (("refund", EntryKind.REFUND), ("write-off", EntryKind.WRITE_OFF)):
        total = next(r for r in report.rows if r[0] == kind and r[1] == "all" and r[2] == "total")
        mine = [e for e in entries if e.kind is entry_kind]
        assert total[4] == len(mine) > 0
        assert total[5] == sum((abs(e.amount) for e in mine), ZERO)
    # above the authorisation limit a second officer, never the requester, authorised it
    above = [e for e in entries if e.kind is EntryKind.REFUND and e.amount > Decimal("250.00")]
    assert above and all(e.authorised_by and e.authorised_by != e.officer for e in above)


def test_daily_cash_streams_add_up_to_the_payments_posted(store):
    day = today(store)
    since = dt.date(2026, 10, 1)
    report = daily_cash(store, day, since=since)
    rows = [dict(zip(report.columns, r)) for r in report.rows]
    payments = [e for a in account_ledgers(store) for e in a.ledger.entries
                if e.kind is EntryKind.PAYMENT and since <= e.posted <= day]
    received = [r for r in rows if r["stream"] not in ("net received", "suspense", "refunds paid",
                                                        "direct debit unpaid", "returned payments")]
    assert sum((r["amount"] for r in received), ZERO) == -sum((e.amount for e in payments), ZERO)
    assert sum(r["items"] for r in received) == len(payments)
    dd = sum((r["amount"] for r in rows if r["stream"] == "direct debit"), ZERO)
    assert dd == -sum((e.amount for e in payments if e.source.startswith("dd:")), ZERO) > 0
    for net in (r for r in rows if r["kind"] == "all kinds"):
        assert net["amount"] == sum((r["amount"] for r in rows if r["day"] == net["day"] and r is not net), ZERO)
    # each kind's total for the period is its lines' sum
    for total in (r for r in rows if r["day"] == "total"):
        assert total["amount"] == sum((r["amount"] for r in rows if r["kind"] == total["kind"] and r["day"] != "total"
                                       and r["stream"] != "net received"), ZERO)


def test_valuation_reconciliation_explains_every_difference(store):
    day = today(store)
    by_band = valuation_by_band(store, day)
    exceptions = valuation_exceptions(store, day)
    total = dict(zip(by_band.columns, by_band.rows[-1]))
    assert total["our_records"] == 300
    only_ours = sum(1 for r in exceptions.rows if r[4] == "")
    only_list = sum(1 for r in exceptions.rows if r[3] == "")
    assert total["difference"] == only_ours - only_list
    # before any alteration of this year, the list and our records agree band by band
    start = valuation_by_band(store, dt.date(2026, 2, 28))
    assert all(row[3] == 0 for row in start.rows)
