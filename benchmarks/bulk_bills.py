"""Annual billing print run: N council tax bills to batch PDFs with their index, on 2 cores.

Usage: python benchmarks/bulk_bills.py [count] [batch_size] [workers]
Prints bills per second (target: at least 30 on the 2-core machine, i.e. 50,000 in < 30 min).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from letters.printrun import produce_batches  # noqa: E402
from letters.samples import ENGLISH, demo_bills  # noqa: E402
from revtui.branding import load_branding  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    batch_size = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    brandings = {ENGLISH: load_branding(ENGLISH)}
    bills = list(demo_bills(count))
    with tempfile.TemporaryDirectory() as out:
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        batches = produce_batches("bench", bills, brandings, Path(out), batch_size=batch_size, workers=workers)
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
        size = sum((Path(out) / b.pdf_name).stat().st_size for b in batches)
    notices = sum(len(b.rows) for b in batches)
    pages = sum(b.pages for b in batches)
    print(
        f"{notices} bills, {pages} pages, {len(batches)} batches of {batch_size}, {workers} workers: "
        f"{elapsed:.1f} s, {notices / elapsed:.1f} bills/s, {size / 1e6:.1f} MB of PDF"
    )
    # Other work on a shared machine slows the wall clock; CPU time says what the run needs.
    print(f"{cpu:.0f} CPU-seconds in all processes: {notices / cpu:.1f} bills per CPU-second")


def _cpu_seconds() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


if __name__ == "__main__":
    main()
