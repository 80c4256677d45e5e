"""The daily recovery run and annual billing through the store, on a demo council's store.

``benchmarks/recovery_run.py`` and ``annual_charges.py`` time the engines alone; this times what
the batch commands do (``revtui recovery-run``, ``revtui billing``): every council tax account
read from the store (converted where the run needs its position), the run assessed and planned
(and, with ``--issue``, its actions recorded), and each account billed and written back, 200 a
transaction; both jobs in two processes as the command line runs them. Issue 21's
targets: the recovery run on 100,000 accounts in under 15 s, on 500,000 in under 75 s and
1 GB; annual billing on 100,000 in under 60 s.

The anchor, measured in the same run on the same store, is the least these could cost on raw
SQLite + orjson: every account document read and decoded (the run), and read, decoded, given
one more ledger entry, encoded and written back 500 a transaction (billing). Jobs run on a copy
of the store (billing and an issued run change it). Peak RSS is printed after each job.

    python -m revtui.demo build --store /tmp/demo100k.db --size 100000   # once
    python benchmarks/store_jobs.py --store /tmp/demo100k.db [--issue] [--skip-billing]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The demo council's settings (tariff, instalment and recovery rules) unless another folder is named.
os.environ.setdefault("REVTUI_COUNCILS", str(Path(__file__).resolve().parent.parent / "revtui/demo/councils"))

from revcore.periods import FinancialYear  # noqa: E402
from revtui.services.batch import bill_all  # noqa: E402
from revtui.services.recovery import recovery_run  # noqa: E402
from revtui.services.session import open_session  # noqa: E402
from revtui.store import Store  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(job):  # noqa: ANN001, ANN201
    cpu, started = time.process_time(), time.perf_counter()
    result = job()
    return result, time.perf_counter() - started, time.process_time() - cpu


def anchor_read(path: Path, table: str) -> tuple[float, float, int]:
    """Every document of ``table`` read and decoded, a page of 500 a query: (wall, CPU, count)."""
    conn = sqlite3.connect(path)
    cpu, started = time.process_time(), time.perf_counter()
    last, count = 0, 0
    while rows := conn.execute("SELECT doc_id, body FROM documents WHERE tbl=? AND doc_id>? ORDER BY doc_id LIMIT 500",
                               (table, last)).fetchall():
        for _, body in rows:
            orjson.loads(body)
            count += 1
        last = rows[-1][0]
    result = time.perf_counter() - started, time.process_time() - cpu, count
    conn.close()
    return result


def anchor_write(path: Path, table: str) -> tuple[float, float]:
    """Every document read, decoded, given one more ledger entry, encoded and written back, 500 a transaction."""
    conn = sqlite3.connect(path, isolation_level=None)
    cpu, started = time.process_time(), time.perf_counter()
    last = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        rows = conn.execute("SELECT doc_id, body FROM documents WHERE tbl=? AND doc_id>? ORDER BY doc_id LIMIT 500",
                            (table, last)).fetchall()
        for doc_id, body in rows:
            document = orjson.loads(body)
            entries = document["ledger"]["entries"]
            if entries:
                entries.append({**entries[-1], "id": f"{entries[-1]['account']}/{len(entries) + 1}"})
            conn.execute("UPDATE documents SET body=? WHERE tbl=? AND doc_id=?", (orjson.dumps(document), table, doc_id))
        conn.execute("COMMIT")
        if not rows:
            break
        last = rows[-1][0]
    result = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--issue", action="store_true", help="also record the run's actions (on the copy)")
    parser.add_argument("--skip-billing", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=options.store.parent) as folder:
        path = Path(folder) / "copy.db"
        with Store(options.store) as original:  # a consistent copy, WAL included
            original.storage.connection.execute("VACUUM INTO ?", (str(path),))
        for extra in ("roles.toml",):
            if (options.store.parent / extra).exists():
                shutil.copy(options.store.parent / extra, Path(folder) / extra)
        store = Store(path, user="bench")
        session = open_session(store, officer="bench", roles=["recovery officer"])
        table = session.records.accounts.name
        accounts = len(session.records.accounts)
        print(f"{accounts:,} council tax accounts; today is {session.today}")

        workers = min(2, os.cpu_count() or 1)  # as `revtui recovery-run` and `revtui billing` run them
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        summary, wall, cpu = timed(lambda: recovery_run(session, issue=options.issue, workers=workers))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        target = 15 if accounts <= 100_000 else 75 * accounts / 500_000
        a_wall, a_cpu, _ = anchor_read(path, table)
        print(f"recovery run{' (issued)' if options.issue else ' (assessed and planned)'} in {workers} processes: "
              f"{wall:.1f} s (target {target:.0f} s), {cpu:.1f} s CPU in all; {len(summary.plan.actions):,} actions; "
              f"peak RSS {peak_rss_mb():,.0f} MB, largest reader {after.ru_maxrss / 1024:,.0f} MB "
              f"(target 1,024 at 500,000)")
        print(f"  anchor, raw SQLite + orjson reading every account: {a_wall:.1f} s, {a_cpu:.1f} s CPU; "
              f"the run takes {wall / a_wall:.1f} times it ({cpu / max(a_cpu, 1e-9):.1f} per CPU second)")

        if not options.skip_billing:
            year = FinancialYear.containing(session.today).next()  # the coming year's annual bills
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            billed, wall, cpu = timed(lambda: bill_all(session, year, workers=workers))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            print(f"annual billing {year.label} in {workers} processes: {wall:.1f} s (target 60 s at 100,000), "
                  f"{cpu:.1f} s CPU in all; {billed.done:,} billed, {billed.unchanged:,} unchanged, "
                  f"{len(billed.failed):,} failed; peak RSS {peak_rss_mb():,.0f} MB, "
                  f"largest worker {after.ru_maxrss / 1024:,.0f} MB")
            a_wall, a_cpu = anchor_write(path, table)
            print(f"  anchor, raw SQLite + orjson reading, extending and writing back every account: {a_wall:.1f} s, "
                  f"{a_cpu:.1f} s CPU; billing takes {wall / a_wall:.1f} times it "
                  f"({cpu / max(a_cpu, 1e-9):.1f} per CPU second)")
        store.close()
    print(f"(conditions: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, 2 CPUs shared with other work)")


if __name__ == "__main__":
    main()
