"""Every kind of account in the reports: council tax, business rates, sundry debts and HB
overpayments each with their own totals (never added together), each reconciling to its own
ledgers: charged = collected - refunded + written off + transferred + outstanding."""

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from revcore.allocation import AllocationPolicy
from revcore.approvals import AuthorisationLimits, request_refund, request_write_off
from revcore.entries import Category, EntryKind
from revcore.periods import FinancialYear
from revtui.accounts import KINDS, kind_named
from revtui.clock import today
from revtui.reports import arrears_by_year, collection_rate, daily_cash
from revtui.reports.ledger_view import account_ledgers
from revtui.store import Store

ZERO = Decimal("0.00")
YEAR = FinancialYear(2026)
LIMITS = AuthorisationLimits(Decimal("250.00"), Decimal("100.00"))
ORDER = ["council tax", "business rates", "sundry debt", "HB overpayment"]


def _change(store, kind_name, reference, change):
    kind = kind_named(kind_name)
    repository = kind.repository(store)
    stored = repository.find_one("reference", reference)
    repository.save(stored, kind.with_ledger(stored.value, change(kind.ledger(stored.value))), reason="test")


@pytest.fixture()
def store(demo_store_path, tmp_path):
    """The demo council with a refund and a credit transferred on business rates and write-offs on
    a sundry debt and an HB overpayment, posted today (the demo has none of these on them)."""
    path = tmp_path / "kinds.db"
    path.write_bytes(demo_store_path.read_bytes())
    opened = Store(path, user="t")
    day = today(opened)

    def overpay_refund_and_transfer(ledger):
        ledger = ledger.pay(ledger.balance + Decimal("100.00"), effective=day, posted=day, reason="overpaid",
                            policy=AllocationPolicy(), source="bank-test.csv line 1")
        ledger = ledger.refund(request_refund("R1", ledger.account, Decimal("60.00"), "overpaid", "t", day, LIMITS),
                               effective=day, posted=day)
        return ledger.transfer_out(Decimal("40.00"), "N0000006X", effective=day, posted=day, reason="to the shop")

    with opened.change("test postings"):
        _change(opened, "business rates", "N00000019", overpay_refund_and_transfer)
        _change(opened, "business rates", "N0000006X", lambda ledger: ledger.transfer_in(
            Decimal("40.00"), "N00000019", effective=day, posted=day, reason="from the office",
            policy=AllocationPolicy()))
        for kind, reference in (("sundry debt", "S00000027"), ("HB overpayment", "H00000019")):
            _change(opened, kind, reference, lambda ledger: ledger.write_off(
                request_write_off(f"W-{ledger.account}", ledger.account, YEAR, Decimal("50.00"), "cannot trace",
                                  "t", day, LIMITS), effective=day, posted=day))
    yield opened
    opened.close()


def _ledgers(store, kind_name):
    """The kind's ledgers read straight from its repository (an invoiced HB overpayment has none:
    its invoice, a sundry debt, holds its money)."""
    kind = kind_named(kind_name)
    return [ledger for stored in kind.repository(store) if (ledger := kind.ledger(stored.value)) is not None]


def _sum(ledgers, *kinds):
    """Signed sum of the 2026/27 charge postings of entries of ``kinds`` (and their reversals)."""
    total = ZERO
    for ledger in ledgers:
        for entry in ledger.entries:
            target = ledger.entry(entry.reverses) if entry.kind is EntryKind.REVERSAL else entry
            if target.kind in kinds:
                total += sum((p.amount for p in entry.postings if p.year == YEAR and p.category is Category.CHARGE), ZERO)
    return total


def test_collection_shows_each_kind_with_totals_that_reconcile_to_its_ledgers(store):
    report = collection_rate(store, today(store), year=YEAR)
    assert list(dict.fromkeys(row[0] for row in report.rows)) == ORDER
    for name in ORDER:
        last = [dict(zip(report.columns, row)) for row in report.rows if row[0] == name][-1]
        ledgers = _ledgers(store, name)
        charged = _sum(ledgers, EntryKind.CHARGE, EntryKind.ADJUSTMENT, EntryKind.COSTS)
        collected, refunded = -_sum(ledgers, EntryKind.PAYMENT), _sum(ledgers, EntryKind.REFUND)
        written_off, transferred = -_sum(ledgers, EntryKind.WRITE_OFF), -_sum(ledgers, EntryKind.TRANSFER)
        outstanding = sum((ledger.balance_of(YEAR, Category.CHARGE) for ledger in ledgers), ZERO)
        assert (last["net_debit"], last["collected"], last["written_off"], last["transferred"], last["outstanding"]) \
            == (charged, collected - refunded, written_off, transferred, outstanding), name
        assert charged == collected - refunded + written_off + transferred + outstanding
        assert charged > 0 and collected > 0
        # only council tax is set against the council's profile
        assert (last["profile_pct"] is None) == (name != "council tax")
    rates = [dict(zip(report.columns, row)) for row in report.rows if row[0] == "business rates"][-1]
    assert rates["transferred"] == ZERO  # a credit moved between two rates accounts stays in the fund
    for name in ("sundry debt", "HB overpayment"):
        assert [dict(zip(report.columns, row)) for row in report.rows if row[0] == name][-1]["written_off"] \
            == Decimal("50.00")


def test_arrears_show_each_kind_and_its_total_is_what_its_accounts_owe(store):
    day = today(store)
    report = arrears_by_year(store, day)
    rows = [dict(zip(report.columns, row)) for row in report.rows]
    assert list(dict.fromkeys(row["kind"] for row in rows)) == ORDER
    for name in ORDER:
        owed = [b.total for ledger in _ledgers(store, name) for b in ledger.by_year() if b.total > 0]
        [total] = [row for row in rows if row["kind"] == name and row["year"] == "all years"]
        assert total["total"] == sum(owed, ZERO) and total["accounts"] == len(owed)
        assert ZERO <= total["overdue"] <= total["total"]
    # an invoice is due in full on its due date (account_facts on the invoice's terms): what is owed
    # on invoices due by today is overdue, the rest (the demo's invoices of the last weeks) not yet
    sundry = next(row for row in rows if row["kind"] == "sundry debt" and row["year"] == "all years")
    debts = [s.value for s in kind_named("sundry debt").repository(store)]
    assert sundry["overdue"] == sum((d.balance for d in debts if d.invoice.due <= day and d.balance > 0), ZERO) > 0
    assert sundry["overdue"] < sundry["total"]
    # the hand-listed HB overpayment is recovered from ongoing benefit until 2028: not all is overdue
    hb = next(row for row in rows if row["kind"] == "HB overpayment" and row["year"] == "all years")
    assert ZERO <= hb["overdue"] < hb["total"]


def test_cash_shows_each_kinds_money_and_an_invoiced_overpayment_once(store):
    day = today(store)
    report = daily_cash(store, day, since=dt.date(2026, 4, 1))
    totals = {row[1]: row[4] for row in report.rows if row[0] == "total"}
    for name in ("council tax", "business rates", "HB overpayment"):
        ledgers = _ledgers(store, name)
        received = -sum((e.amount for led in ledgers for e in led.entries
                         if e.kind in (EntryKind.PAYMENT, EntryKind.REFUND) and e.posted >= dt.date(2026, 4, 1)), ZERO)
        returned = sum((e.amount for led in ledgers for e in led.entries if e.kind is EntryKind.REVERSAL
                        and led.entry(e.reverses).kind is EntryKind.PAYMENT), ZERO)
        assert totals[name] == received - returned, name
    today_rows = [row for row in report.rows if row[0] == day and row[1] == "business rates"]
    assert ("refunds paid", 1, Decimal("-60.00")) in [row[2:] for row in today_rows]
    # the invoiced HB overpayment's money is on its sundry debt: read once, as a sundry debt
    references = [(a.kind, a.reference) for a in account_ledgers(store)]
    assert len(references) == len({ref for _, ref in references})
    invoiced = [s.value for s in kind_named("HB overpayment").repository(store) if s.value.ledger is None]
    assert invoiced and all(("sundry debt", hb.invoice) in references for hb in invoiced)
    assert {kind for kind, _ in references} == {kind.name for kind in KINDS}


@pytest.mark.parametrize("day", [None, dt.date(2026, 4, 23), dt.date(2026, 10, 22)])  # two in a notice's 7 days
def test_arrears_overdue_is_what_each_account_view_says_is_in_arrears(demo_store_path, day):
    """The report's overdue, kind by kind and year by year, is the sum of what account_facts (the
    account view's answer) says each account owes that has fallen due, capped at what it owes."""
    from revtui.accounts import account_facts
    from revtui.reports.arrears import _as_posted
    from revtui.services.recovery import facts, history_of, recovery_repository

    with Store(demo_store_path) as store:
        day = day or today(store)
        files = {stored.value.account: stored.value for stored in recovery_repository(store)}
        expected: dict[tuple[str, str], Decimal] = {}
        for kind in KINDS:
            for stored in kind.repository(store):
                value, ledger = stored.value, kind.ledger(stored.value)
                if ledger is None:
                    continue
                as_posted = _as_posted(ledger, day)
                if kind.name == "council tax":
                    # the account as it stood that day: its ledger then, and the bills issued by then
                    then = attrs.evolve(value, ledger=as_posted, bills=tuple(b for b in value.bills if b.issued <= day))
                    arrears = facts(then, files.get(value.reference), day).arrears
                else:
                    arrears = account_facts(kind.reference(value), as_posted, kind.schedules(value),
                                            history_of(files.get(kind.reference(value))), day).arrears
                for year in as_posted.by_year():
                    if year.total > 0:
                        found = arrears.for_year(year.year)
                        overdue = min(year.total, max(ZERO, found.total if found else ZERO))
                        key = (kind.name, str(year.year))
                        expected[key] = expected.get(key, ZERO) + overdue
        report = arrears_by_year(store, day)
    shown = {(row[0], row[1]): row[7] for row in report.rows if row[2] == "total arrears" and row[1] != "all years"}
    assert shown == expected
    assert "council tax" in {kind for kind, _ in shown}
    if day == dt.date(2026, 10, 22):
        assert {kind for kind, _ in shown} == set(ORDER)


def test_a_payment_file_imported_live_counts_under_its_channel_on_each_kind(store):
    """The import keys a posted line by its file's content hash; the cash report finds the file
    by that hash, so a PayPoint file's lines are PayPoint's on every kind, not 'other'."""
    from revtui.imports.payment_files import CsvPayment, csv_payment_file
    from revtui.records.payments import open_cash_records
    from revtui.services.payments import import_payment_file

    day = today(store)
    payments = [CsvPayment("N0000006X", Decimal("12.34"), day, "paypoint"),
                CsvPayment("S00000027", Decimal("5.00"), day, "paypoint")]
    outcome = import_payment_file(open_cash_records(store), f"paypoint-{day.isoformat()}.csv",
                                  csv_payment_file(payments), "csv", today=day, officer="t")
    assert outcome.report.posted_count == 2
    report = daily_cash(store, day, since=day)
    rows = {(row[1], row[2]): row[3:] for row in report.rows if row[0] == day}
    assert rows[("business rates", "paypoint")] == (1, Decimal("12.34"))
    assert rows[("sundry debt", "paypoint")] == (1, Decimal("5.00"))
    assert not any(stream == "other" for _, stream in rows)
