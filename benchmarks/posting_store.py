"""Cash posting into the store: a 50,000-line payment file against 100,000 stored accounts.

``benchmarks/posting.py`` measures the pure posting; this measures what an officer's cron job
does: :func:`revtui.services.payments.import_payment_file` reading each account from the store,
posting, and writing the changed accounts, the suspense entries and the import records, a part
of the file per transaction (issue 5 target: 5,000 lines/s). Prints lines per second (and per
CPU second: the machine is shared) for the whole import and the time of each stage, how long an
officer's save in another process waited while the import ran (the import must not keep them
waiting), then re-imports the same file (everything skipped).

The anchor, measured in the same run (the machine is shared and noisy), is the least the job
could cost on raw SQLite: for each line, read the account's document through the reference
look-up, decode it, append a payment entry, encode it and write it back, in as many
transactions as the import used. Peak RSS is printed after filling and after importing.

Run: ``python benchmarks/posting_store.py [--accounts 100000] [--lines 50000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import multiprocessing
import multiprocessing.synchronize
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The allocation policy is a council setting: the demo council's unless another is named.
os.environ.setdefault("REVTUI_COUNCILS", str(Path(__file__).resolve().parent.parent / "revtui/demo/councils"))

from revcore.ctax import Liability, Person  # noqa: E402
from revcore.ledger import Ledger  # noqa: E402
from revcore.periods import FinancialYear  # noqa: E402
from revcore.references import make_reference  # noqa: E402
from revtui.records.ctax import CtaxAccount  # noqa: E402
from revtui.records.payments import open_cash_records  # noqa: E402
from revtui.services.payments import import_payment_file  # noqa: E402
from revtui.store import Store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from posting import payment_file  # noqa: E402  (the same synthetic file as the pure benchmark)


def fill(cash, count: int) -> list[str]:
    """``count`` accounts, each billed 1834.56 for 2026/27, written as documents in one transaction."""
    year, billed = FinancialYear(2026), dt.date(2026, 3, 10)
    template_ref = make_reference("C", 9_999_999)
    account = CtaxAccount(template_ref, "P1", (Person("PER1", "Ann Smith"),),
                          Liability(template_ref, "P1", ("PER1",), dt.date(2020, 4, 1)),
                          Ledger(template_ref).charge(year, Decimal("1834.56"), effective=billed, posted=billed,
                                                      reason="annual bill"))
    text = orjson.dumps(cash.accounts.to_document(account))
    references = [make_reference("C", serial) for serial in range(1, count + 1)]
    with cash.store.change("benchmark accounts"):
        cash.accounts.table.insert_multiple(
            orjson.loads(text.replace(template_ref.encode(), reference.encode())) for reference in references)
    return references


def officer(path: Path, running: "multiprocessing.synchronize.Event", waits: "multiprocessing.Queue") -> None:
    """Another process saving a small change every 20 ms while the import runs; sends how long each took."""
    store = Store(path, user="officer")
    table = store.table("desk")
    times = []
    while running.is_set():
        started = time.perf_counter()
        table.insert({"note": "called the payer"}, reason="phone call")
        times.append(time.perf_counter() - started)
        time.sleep(0.02)
    store.close()
    waits.put(times)


def raw_sqlite_anchor(path: Path, data: bytes, transactions: int) -> tuple[float, float]:
    """Seconds (wall, CPU) raw SQLite + orjson take to post the file's lines to the stored documents."""
    lines = [line.split(",") for line in data.decode().splitlines()[1:] if line.startswith("P,")]
    conn = sqlite3.connect(path, isolation_level=None)
    per = max(1, -(-len(lines) // transactions))
    cpu = time.process_time()
    started = time.perf_counter()
    for first in range(0, len(lines), per):
        conn.execute("BEGIN IMMEDIATE")
        for _, reference, amount, day, _, narrative in lines[first:first + per]:
            row = conn.execute("SELECT d.doc_id, d.body FROM lookups l JOIN documents d ON d.tbl=l.tbl AND "
                               "d.doc_id=l.doc_id WHERE l.tbl='ctax_accounts' AND l.idx='reference' AND l.value=?",
                               (reference.casefold(),)).fetchone()
            if row is None:
                continue
            document = orjson.loads(row[1])
            entries = document["ledger"]["entries"]
            entries.append({**entries[-1], "id": f"{reference}/{len(entries) + 1}", "amount": f"-{amount}",
                            "effective": day, "reason": narrative})
            conn.execute("UPDATE documents SET body=? WHERE tbl='ctax_accounts' AND doc_id=?",
                         (orjson.dumps(document), row[0]))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    conn.close()
    return elapsed, cpu


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--part", type=int, default=None, help="lines a transaction (default: the import's own)")
    options = parser.parse_args()
    import posting

    posting.LINES = options.lines
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db", user="bench")
        cash = open_cash_records(store)
        started = time.perf_counter()
        references = fill(cash, options.accounts)
        print(f"{options.accounts:,} accounts stored in {time.perf_counter() - started:.1f} s; "
              f"peak RSS {peak_rss_mb():,.0f} MB")
        data = payment_file(references, random.Random(5))

        stages: list[tuple[float, str]] = []
        context = multiprocessing.get_context("fork")
        running, waits = context.Event(), context.Queue()
        running.set()
        desk = context.Process(target=officer, args=(Path(folder) / "bench.db", running, waits))
        desk.start()
        cpu = time.process_time()
        started = time.perf_counter()
        part = {"part_lines": options.part} if options.part else {}
        outcome = import_payment_file(cash, "bench.csv", data, "csv", today=dt.date(2026, 7, 1), officer="bench",
                                      progress=lambda message: stages.append((time.perf_counter(), message)), **part)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        running.clear()
        saves = sorted(waits.get())
        desk.join()
        report = outcome.report
        assert report.reconciles
        print(f"{options.lines:,} lines: {report.posted_count:,} posted to accounts, {report.suspense_count:,} to suspense")
        previous = started
        for at, message in stages:
            print(f"  {at - previous:6.1f} s  to: {message[:90]}")
            previous = at
        print(f"  whole import into the store: {options.lines / elapsed:>8,.0f} lines/s  (target 5,000); "
              f"{options.lines / cpu:,.0f} lines per CPU second (the machine is shared); {outcome.parts} transactions")
        print(f"  an officer's save in another process meanwhile: {len(saves)} saves, median "
              f"{statistics.median(saves) * 1000:.0f} ms, longest {saves[-1] * 1000:.0f} ms")

        started = time.perf_counter()
        again = import_payment_file(cash, "bench-again.csv", data, "csv", today=dt.date(2026, 7, 1), officer="bench")
        assert again.report.skipped_count == options.lines
        print(f"  same file again (all skipped): {options.lines / (time.perf_counter() - started):>8,.0f} lines/s")
        print(f"  peak RSS after the imports: {peak_rss_mb():,.0f} MB")
        anchor, anchor_cpu = raw_sqlite_anchor(Path(folder) / "bench.db", data, outcome.parts)
        print(f"  anchor, raw SQLite + orjson (read, append, write back): {options.lines / anchor:>8,.0f} lines/s; "
              f"the import runs at {anchor / elapsed:.2f} of it (target 0.5); per CPU second "
              f"{anchor_cpu / cpu:.2f} of it (the steadier figure on a shared machine)")
        store.close()


if __name__ == "__main__":
    main()
