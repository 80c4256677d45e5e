"""Cash posting speed: a 50,000-line payment file against 100,000 accounts (issue 5 target: 5,000 lines/s).

Prints lines per second for reading and checking the file, matching lines to accounts, and
posting to the account ledgers, and for the whole import. Run: ``python benchmarks/posting.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revcore.allocation import AllocationPolicy  # noqa: E402
from revcore.cashposting import post_payments, post_to_ledgers  # noqa: E402
from revcore.ledger import Ledger  # noqa: E402
from revcore.periods import FinancialYear  # noqa: E402
from revcore.references import make_reference  # noqa: E402
from revtui.imports.payment_files import parse_csv_file  # noqa: E402

ACCOUNTS = 100_000
LINES = 50_000


def payment_file(references: list[str], rng: random.Random) -> bytes:
    rows = ["type,reference,amount,date,channel,narrative"]
    total = Decimal("0.00")
    for number in range(LINES):
        reference = rng.choice(references)
        if number % 100 == 0:  # one line in a hundred mistyped: goes to suspense
            reference = reference[:-1] + ("0" if reference[-1] != "0" else "1")
        amount = Decimal(rng.randint(500, 30_000)) / 100
        total += amount
        rows.append(f"P,{reference},{amount:.2f},2026-06-30,POST,receipt {number}")
    rows.append(f"T,{LINES},{total:.2f}")
    return ("\n".join(rows) + "\n").encode()


def main() -> None:
    rng = random.Random(5)
    references = [make_reference("C", serial) for serial in range(1, ACCOUNTS + 1)]
    year, billed = FinancialYear(2026), dt.date(2026, 3, 10)
    ledgers = {
        reference: Ledger(reference).charge(year, Decimal("1834.56"), effective=billed, posted=billed, reason="annual bill")
        for reference in references
    }
    data = payment_file(references, rng)

    start = time.perf_counter()
    parsed = parse_csv_file("bench.csv", data)
    read = time.perf_counter()
    matched = post_payments(parsed, ledgers, frozenset())
    match_done = time.perf_counter()
    posted = post_to_ledgers(parsed, ledgers, frozenset(), posted_on=dt.date(2026, 7, 1), policy=AllocationPolicy())
    post_done = time.perf_counter()
    result = posted.result
    assert result.report.reconciles and len(result.postings) == len(matched.postings)

    print(f"{LINES:,} lines against {ACCOUNTS:,} accounts: {len(result.postings):,} posted, {len(result.suspense):,} to suspense")
    print(f"  read and check file:         {LINES / (read - start):>10,.0f} lines/s")
    print(f"  match to accounts:           {LINES / (match_done - read):>10,.0f} lines/s")
    print(f"  match and post to ledgers:   {LINES / (post_done - match_done):>10,.0f} lines/s")
    print(f"  whole import (read + post):  {LINES / ((read - start) + (post_done - match_done)):>10,.0f} lines/s  (target 5,000)")


if __name__ == "__main__":
    main()
