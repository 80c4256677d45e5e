"""Cash posting through the account ledgers: payments allocated, returns reversed, re-runs harmless."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from revcore.allocation import AllocationPolicy
from revcore.cashposting import post_to_ledgers
from revcore.entries import EntryKind
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revtui.imports.payment_files import parse_csv_file, read_payment_file

FIXTURES = Path(__file__).parent.parent / "revtui" / "fixtures"
D = dt.date
Y = FinancialYear(2026)
POLICY = AllocationPolicy()


def ledgers() -> dict[str, Ledger]:
    out = {}
    for reference in ("C00012343", "C00012351", "C0001236X"):
        out[reference] = Ledger(reference).charge(Y, Decimal("1834.56"), effective=D(2026, 3, 10), posted=D(2026, 3, 10),
                                                  reason="annual bill 2026/27")
    return out


def test_payments_are_allocated_and_a_returned_cheque_reverses_its_payment():
    accounts = ledgers()
    posted = post_to_ledgers(read_payment_file(FIXTURES / "payments-2026-06-30.csv", "csv"), accounts, frozenset(),
                             posted_on=D(2026, 7, 1), policy=POLICY)
    a = posted.ledgers["C00012343"]
    # Row 2 pays 60.00; row 6 (the returned cheque) reverses that payment exactly.
    assert [(e.kind, e.amount) for e in a.entries] == [
        (EntryKind.CHARGE, Decimal("1834.56")),
        (EntryKind.PAYMENT, Decimal("-60.00")),
        (EntryKind.REVERSAL, Decimal("60.00")),
    ]
    assert a.entries[2].reverses == a.entries[1].id
    assert a.balance == Decimal("1834.56")
    # Row 3 (prefix dropped) pays 125.50: 1834.56 - 125.50 = 1709.06 owed.
    assert posted.ledgers["C00012351"].balance == Decimal("1709.06")
    assert "C0001236X" not in posted.ledgers  # nothing for it in the file
    assert posted.result.report.reconciles
    for ledger in posted.ledgers.values():
        ledger.check()


def test_importing_the_same_file_again_posts_nothing():
    data = (FIXTURES / "payments-2026-06-30.csv").read_bytes()
    first = post_to_ledgers(parse_csv_file("a.csv", data), ledgers(), frozenset(), posted_on=D(2026, 7, 1), policy=POLICY)
    accounts = {**ledgers(), **first.ledgers}
    again = post_to_ledgers(parse_csv_file("b.csv", data), accounts, first.result.keys, posted_on=D(2026, 7, 2), policy=POLICY)
    assert again.ledgers == {} and again.result.postings == ()
    assert again.result.report.skipped_count == 5 and again.result.report.reconciles


def test_a_return_with_no_payment_to_reverse_goes_to_suspense():
    data = (b"type,reference,amount,date,channel,narrative\n"
            b"P,C00012343,25.00,2026-06-30,POST,\n"
            b"R,C00012343,40.00,2026-06-30,CHQ,cheque 7 returned\n"
            b"T,2,-15.00\n")
    posted = post_to_ledgers(parse_csv_file("r.csv", data), ledgers(), frozenset(), posted_on=D(2026, 7, 1), policy=POLICY)
    [item] = posted.result.suspense
    assert (item.source, item.reason) == ("r.csv line 3", "returned payment of 40.00: no payment of that amount on C00012343 to reverse")
    report = posted.result.report
    # Posted 25.00; suspense -40.00 (a return); together -15.00, the trailer's net total.
    assert (report.posted_total, report.suspense_total, report.trailer_total) == (Decimal("25.00"), Decimal("-40.00"), Decimal("-15.00"))
    assert report.reconciles
