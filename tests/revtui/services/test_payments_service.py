"""Importing the daily payment file into the store: once only, all or nothing, suspense placed by an officer."""

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcore.entries import EntryKind
from revtui.imports.problems import ImportRejected
from revtui.services import payments
from revtui.services.payments import PaymentsError, allocate_suspense, import_payment_file, open_suspense
from revtui.store import DocumentError

from tests.revtui.services.conftest import account, billed_account

FIXTURE = Path(__file__).parent.parent / "fixtures" / "payments-2026-06-30.csv"
TODAY = dt.date(2026, 7, 1)
# Band D at Ashby Parva 2026/27, billed for the whole year: 2537.21
CHARGE = Decimal("2537.21")


@pytest.fixture()
def two_accounts(cash):
    billed_account(cash, 1234)  # C00012343
    billed_account(cash, 1235)  # C00012351
    return cash


def run(cash, data=None, name="payments-2026-06-30.csv", officer="clerk", **options):
    return import_payment_file(cash, name, data or FIXTURE.read_bytes(), "csv", today=TODAY, officer=officer,
                               **options)


def test_import_posts_matches_and_sends_the_rest_to_suspense_with_a_reconciled_report(two_accounts):
    cash = two_accounts
    outcome = run(cash)

    # C00012343: 60.00 paid then returned (reversed): still owes the whole charge.
    first = account(cash, "C00012343")
    assert [e.kind for e in first.ledger.entries] == [EntryKind.CHARGE, EntryKind.PAYMENT, EntryKind.REVERSAL]
    assert first.ledger.balance == CHARGE
    # 00012351 (prefix dropped) is C00012351: 2537.21 - 125.50 = 2411.71
    assert account(cash, "C00012351").ledger.balance == Decimal("2411.71")
    assert [(s.value.line.line, s.value.reason.split(":")[0]) for s in open_suspense(cash)] == [
        (4, "reference not valid"), (5, "no account C00000426")]
    report = outcome.report
    # posted 60.00 + 125.50 - 60.00 = 125.50; suspense 20.00 + 15.00 = 35.00; trailer 160.50
    assert (report.posted_count, report.posted_total) == (3, Decimal("125.50"))
    assert (report.suspense_count, report.suspense_total) == (2, Decimal("35.00"))
    assert report.reconciles
    assert cash.imports.get(outcome.run.doc_id).value.report == report  # the report is kept
    assert "reconciles to trailer" in "\n".join(outcome.lines())


def test_importing_the_same_file_twice_under_another_name_posts_nothing_twice(two_accounts):
    cash = two_accounts
    run(cash)
    again = run(cash, name="renamed-copy.csv")

    assert again.earlier_runs == 1
    assert (again.report.posted_count, again.report.suspense_count, again.report.skipped_count) == (0, 0, 5)
    assert again.report.reconciles
    assert account(cash, "C00012351").ledger.balance == Decimal("2411.71")
    assert len(account(cash, "C00012343").ledger.entries) == 3
    assert len(open_suspense(cash)) == 2


def test_a_crash_half_way_through_the_writes_leaves_nothing_behind_and_a_rerun_posts_once(two_accounts, monkeypatch):
    cash = two_accounts
    real_add = cash.suspense.add
    calls = []

    def add_then_crash(entry, **kw):
        calls.append(entry)
        if len(calls) == 2:  # accounts already saved, one suspense entry written
            raise RuntimeError("power cut")
        return real_add(entry, **kw)

    monkeypatch.setattr(cash.suspense, "add", add_then_crash)
    with pytest.raises(RuntimeError, match="power cut"):
        run(cash)
    assert account(cash, "C00012351").ledger.balance == CHARGE  # the saved account was rolled back
    assert len(cash.suspense) == 0 and len(cash.imports) == 0

    monkeypatch.setattr(cash.suspense, "add", real_add)
    outcome = run(cash)
    assert outcome.earlier_runs == 0 and outcome.report.posted_count == 3
    assert account(cash, "C00012351").ledger.balance == Decimal("2411.71")


def test_a_crash_between_parts_keeps_the_parts_committed_and_a_rerun_posts_only_the_rest(two_accounts, monkeypatch):
    cash = two_accounts
    real_add = cash.imports.add
    parts = []

    def crash_in_second_part(record, **kw):
        parts.append(record)
        if len(parts) == 2:  # part 2 (file lines 4-5) has written its suspense entries, then the power goes
            raise RuntimeError("power cut")
        return real_add(record, **kw)

    monkeypatch.setattr(cash.imports, "add", crash_in_second_part)
    with pytest.raises(RuntimeError, match="power cut"):
        run(cash, part_lines=2)
    # part 1 (file lines 2-3, after the header) is committed whole: 2537.21 - 125.50 = 2411.71; part 2 left nothing behind
    assert account(cash, "C00012351").ledger.balance == Decimal("2411.71")
    assert account(cash, "C00012343").ledger.balance == CHARGE - Decimal("60.00")
    assert len(cash.suspense) == 0
    # the record holds the lines by their place among the detail lines (1 and 2), not their line numbers
    assert [(s.value.placed_lines, s.value.report) for s in cash.imports] == [((1, 2), None)]

    monkeypatch.setattr(cash.imports, "add", real_add)
    outcome = run(cash, part_lines=2)
    report = outcome.report
    # lines 2-3 (60.00 + 125.50 = 185.50) skipped; line 6, the returned 60.00, posted; 4-5 (20.00 + 15.00) to suspense
    assert (report.skipped_count, report.skipped_total) == (2, Decimal("185.50"))
    assert (report.posted_count, report.posted_total) == (1, Decimal("-60.00"))
    assert (report.suspense_count, report.suspense_total) == (2, Decimal("35.00"))
    assert report.reconciles and outcome.unfinished_lines == 2 and outcome.earlier_runs == 0
    assert "had not finished placed 2 line(s)" in "\n".join(outcome.lines())
    assert account(cash, "C00012343").ledger.balance == CHARGE  # paid, then returned across parts
    assert account(cash, "C00012351").ledger.balance == Decimal("2411.71")
    assert [s.value.line.line for s in open_suspense(cash)] == [4, 5]


OFFICER_AT_THE_DESK = """
import datetime as dt, sys
from decimal import Decimal
import attrs
from refdata.ledger import ledger_settings
from revtui.records.payments import open_cash_records
from revtui.store import Store

day = dt.date(2026, 7, 1)
store = Store(sys.argv[1], user="amy", timeout=1.0)  # gives up after 1 s if the import holds the lock
accounts = open_cash_records(store).accounts
stored = accounts.find_one("reference", "C00012351")
print(stored.value.ledger.balance)
ledger = stored.value.ledger.pay(Decimal("10.00"), effective=day, posted=day, reason="at the desk",
                                 policy=ledger_settings(day).policy)
accounts.save(stored, attrs.evolve(stored.value, ledger=ledger), reason="desk payment")
"""


def test_an_officer_in_another_process_saves_while_a_long_import_is_part_way(two_accounts, monkeypatch, tmp_path):
    cash = two_accounts
    real_post = payments.post_to_ledgers
    parts_posted = []
    desk = []

    def officer_saves_between_parts(*args, **kwargs):
        parts_posted.append(args[0])
        if len(parts_posted) == 2:  # part 1 committed, the import carries on
            desk.append(subprocess.run(
                [sys.executable, "-c", OFFICER_AT_THE_DESK, cash.store.storage.path],
                cwd=Path(__file__).parents[3], capture_output=True, text=True, timeout=60))
        return real_post(*args, **kwargs)

    monkeypatch.setattr(payments, "post_to_ledgers", officer_saves_between_parts)
    outcome = run(cash, part_lines=2)
    assert desk and desk[0].returncode == 0, desk and desk[0].stderr
    # the officer saw part 1 already posted (2537.21 - 125.50) and saved at once, mid-import
    assert desk[0].stdout.strip() == "2411.71"
    assert outcome.parts == 3 and outcome.report.reconciles
    # both kept: 2537.21 - 125.50 (file) - 10.00 (desk) = 2401.71
    assert account(cash, "C00012351").ledger.balance == Decimal("2401.71")
    history = cash.accounts.history(cash.accounts.find_one("reference", "C00012351").doc_id)
    assert [(h.who, h.reason) for h in history[1:]] == [
        ("clerk", "payment file payments-2026-06-30.csv imported"), ("amy", "desk payment")]


def test_a_malformed_file_is_rejected_naming_file_line_and_field_and_nothing_is_stored(two_accounts):
    cash = two_accounts
    bad = FIXTURE.read_bytes().replace(b"125.50,2026-06-30", b"125.50,2026-06-31")
    with pytest.raises(ImportRejected) as rejected:
        run(cash, data=bad, name="bad.csv")
    assert "bad.csv: line 3, date: '2026-06-31' is not a date" in str(rejected.value)
    assert len(cash.imports) == 0 and len(cash.suspense) == 0
    assert account(cash, "C00012351").ledger.balance == CHARGE


def test_an_officer_changing_an_account_during_the_import_is_not_overwritten(two_accounts, monkeypatch):
    cash = two_accounts
    real_post = payments.post_to_ledgers
    interfered = []

    def officer_pays_meanwhile(*args, **kwargs):
        result = real_post(*args, **kwargs)
        if not interfered:  # only on the first attempt
            interfered.append(True)
            stored = cash.accounts.find_one("reference", "C00012351")
            ledger = stored.value.ledger.pay(Decimal("10.00"), effective=TODAY, posted=TODAY, reason="at the desk",
                                             policy=kwargs["policy"])
            import attrs
            cash.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger), reason="desk payment")
        return result

    monkeypatch.setattr(payments, "post_to_ledgers", officer_pays_meanwhile)
    run(cash)
    # both kept: 2537.21 - 10.00 (desk) - 125.50 (file) = 2401.71
    assert account(cash, "C00012351").ledger.balance == Decimal("2401.71")


def test_an_officer_places_a_suspense_item_once(two_accounts):
    cash = two_accounts
    run(cash)
    mistyped = next(s for s in open_suspense(cash) if s.value.line.line == 4)

    placed = allocate_suspense(cash, mistyped.doc_id, "C00012343", today=TODAY, officer="amy",
                               note="payer confirmed by phone")

    # 2537.21 - 20.00 = 2517.21
    ledger = account(cash, "C00012343").ledger
    assert ledger.balance == Decimal("2517.21")
    assert ledger.last.officer == "amy" and ledger.last.source == mistyped.value.key
    assert (placed.value.allocated_to, placed.value.allocated_by, placed.value.entry) == ("C00012343", "amy", ledger.last.id)
    assert [s.value.line.line for s in open_suspense(cash)] == [5]
    with pytest.raises(PaymentsError, match="already placed on C00012343 by amy"):
        allocate_suspense(cash, mistyped.doc_id, "C00012351", today=TODAY, officer="bob")
    # and the file imported again does not bring the placed line back
    run(cash)
    assert account(cash, "C00012343").ledger.balance == Decimal("2517.21")


def test_placing_on_an_unknown_account_changes_nothing(two_accounts):
    cash = two_accounts
    run(cash)
    item = open_suspense(cash)[0]
    with pytest.raises(PaymentsError, match="no account C00000426"):
        allocate_suspense(cash, item.doc_id, "C00000426", today=TODAY, officer="amy")
    assert cash.suspense.get(item.doc_id).value.is_open


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pence=st.lists(st.integers(1, 50_000), min_size=1, max_size=6), runs=st.integers(1, 3),
       part_lines=st.integers(1, 3), crash_in_part=st.integers(0, 3))
def test_however_often_a_file_is_imported_each_line_is_posted_exactly_once(tmp_path_factory, pence, runs,
                                                                           part_lines, crash_in_part):
    from revtui.records.payments import open_cash_records
    from revtui.store import Store

    cash = open_cash_records(Store(tmp_path_factory.mktemp("store") / "council.db", user="batch"))
    billed_account(cash, 1234)
    amounts = [Decimal(p) / 100 for p in pence]
    rows = ["type,reference,amount,date,channel,narrative"]
    rows += [f"P,C00012343,{a:.2f},2026-06-30,POST," for a in amounts]
    rows.append(f"T,{len(amounts)},{sum(amounts):.2f}")
    data = ("\n".join(rows) + "\n").encode()
    if crash_in_part:  # the first run stops in that part (if the file has that many)
        real_add = cash.imports.add
        calls = []

        def crash(*args, **kwargs):
            calls.append(args)
            if len(calls) == crash_in_part:
                raise RuntimeError("crash")
            return real_add(*args, **kwargs)

        cash.imports.add = crash
        try:
            run(cash, data=data, part_lines=part_lines)
        except RuntimeError:
            pass
        cash.imports.add = real_add
    for _ in range(runs):
        outcome = run(cash, data=data, part_lines=part_lines)
        assert outcome.report.reconciles
    ledger = account(cash, "C00012343").ledger
    assert ledger.balance == CHARGE - sum(amounts)
    assert len(ledger.entries) == 1 + len(amounts)
    cash.store.close()


@pytest.mark.parametrize("damage, problem", [
    # a payment entry whose postings add up to more than its amount: the balance would be misread
    (lambda entries: entries[-1]["postings"][0].update(amount="-99.00"), "postings total"),
    # an entry out of sequence (as if one were deleted by hand): the ledger's invariants catch it
    (lambda entries: entries[-1].update(id=entries[-1]["id"][:-1] + "9"), "out of sequence"),
])
def test_a_ledger_damaged_in_the_store_is_refused_on_posting_naming_the_account(two_accounts, damage, problem):
    cash = two_accounts
    run(cash, name="first.csv")  # C00012351 now holds the charge and a payment of 125.50
    stored = cash.accounts.find_one("reference", "C00012351")
    conn = cash.store.storage.connection
    body = orjson.loads(conn.execute("SELECT body FROM documents WHERE tbl=? AND doc_id=?",
                                     (cash.accounts.name, stored.doc_id)).fetchone()[0])
    damage(body["ledger"]["entries"])
    conn.execute("UPDATE documents SET body=? WHERE tbl=? AND doc_id=?",
                 (orjson.dumps(body), cash.accounts.name, stored.doc_id))  # an edit outside the program
    later = b"\n".join(FIXTURE.read_bytes().splitlines()).replace(b"2026-06-30", b"2026-07-01")
    with pytest.raises(DocumentError) as refused:
        run(cash, later, name="second.csv")
    assert "C00012351" in str(refused.value) and problem in str(refused.value)
    assert conn.execute("SELECT body FROM documents WHERE tbl=? AND doc_id=?",
                        (cash.accounts.name, stored.doc_id)).fetchone()[0] == orjson.dumps(body)  # nothing written
