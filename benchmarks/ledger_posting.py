"""Ledger alone: post 50,000 payments against 100,000 billed accounts, then reverse 1,000.

Prints lines per second for the ledger's share of payment posting (allocation included);
benchmarks/posting.py measures the whole import (parsing, matching, posting). Then one account
with a long history (8,000 payments): a posting's cost in the first and the last thousand
(it should not grow with the history) and rebuilding the ledger from its entries (what loading
it from the store does; it should grow in proportion to the entries).
Run: python benchmarks/ledger_posting.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revcore.allocation import AllocationPolicy, CostsOrder  # noqa: E402
from revcore.ledger import Ledger  # noqa: E402
from revcore.periods import FinancialYear  # noqa: E402

ACCOUNTS, LINES, REVERSALS = 100_000, 50_000, 1_000


def main() -> None:
    previous, year = FinancialYear(2025), FinancialYear(2026)
    policy = AllocationPolicy(CostsOrder.FIRST)
    bill_day, paid_on, posted_on = dt.date(2026, 3, 10), dt.date(2026, 4, 2), dt.date(2026, 4, 3)
    start = time.perf_counter()
    ledgers = {}
    for n in range(ACCOUNTS):
        ledger = Ledger(f"C{n:08d}").charge(year, Decimal("1834.56"), effective=bill_day, posted=bill_day,
                                            reason="annual bill")
        if n % 10 == 0:  # one account in ten also has last year's arrears and costs
            ledger = ledger.charge(previous, Decimal("612.40"), effective=bill_day, posted=bill_day, reason="arrears")
            ledger = ledger.add_costs(previous, Decimal("80.00"), effective=bill_day, posted=bill_day, reason="summons")
        ledgers[ledger.account] = ledger
    billed = time.perf_counter()
    amount = Decimal("183.00")
    for n in range(LINES):
        account = f"C{(n * 7919) % ACCOUNTS:08d}"
        ledgers[account] = ledgers[account].pay(amount, effective=paid_on, posted=posted_on, reason="bank giro",
                                                policy=policy, source=f"giro-20260402.csv:{n + 1}")
    paid = time.perf_counter()
    for n in range(REVERSALS):
        account = f"C{(n * 7919) % ACCOUNTS:08d}"
        ledger = ledgers[account]
        payment = ledger.entry_for_source(f"giro-20260402.csv:{n + 1}")
        ledgers[account] = ledger.reverse(payment.id, effective=posted_on, posted=posted_on, reason="returned")
    reversed_ = time.perf_counter()
    print(f"accounts billed:   {ACCOUNTS:>7,} in {billed - start:5.2f} s")
    print(f"payments posted:   {LINES:>7,} in {paid - billed:5.2f} s = {LINES / (paid - billed):,.0f} lines/s")
    print(f"payments reversed: {REVERSALS:>7,} in {reversed_ - paid:5.2f} s = {REVERSALS / (reversed_ - paid):,.0f} lines/s")
    long_history(year, policy, bill_day, paid_on)


def long_history(year: FinancialYear, policy: AllocationPolicy, billed: dt.date, paid_on: dt.date) -> None:
    ledger = Ledger("C99999999").charge(year, Decimal("9999999.00"), effective=billed, posted=billed, reason="bill")
    per_thousand = []
    for thousand in range(8):
        started = time.perf_counter()
        for n in range(thousand * 1000, (thousand + 1) * 1000):
            ledger = ledger.pay(Decimal("1.00"), effective=paid_on, posted=paid_on, reason="giro", policy=policy,
                                source=f"giro:{n}")
        per_thousand.append((time.perf_counter() - started) * 1000)  # ms per 1,000 = µs per posting
    started = time.perf_counter()
    Ledger(ledger.account, ledger.entries)
    rebuilt = time.perf_counter() - started
    print(f"one account, 8,000 payments: {per_thousand[0]:.0f} µs a posting in the first thousand, "
          f"{per_thousand[-1]:.0f} µs in the last; rebuilt from its 8,001 entries in {rebuilt * 1000:.0f} ms")


if __name__ == "__main__":
    main()
