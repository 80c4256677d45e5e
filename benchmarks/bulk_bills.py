"""Annual billing print run: N council tax bills to batch PDFs with their index, on 2 cores.

Usage: python benchmarks/bulk_bills.py [count] [batch_size] [workers]
Prints bills per second (target: at least 30 on the 2-core machine, i.e. 50,000 in < 30 min)
and the peak resident memory of the largest worker (target: at most 600 MB).

The anchor, measured in the same run (the machine is shared and noisy), is WeasyPrint laying
out a fixed plain document (paragraphs of text, no tables, none of our templates) on the same
number of processes: pages per second of it say how fast the machine is at this kind of work
just now, so the bills' rate is compared with it rather than with a figure from another day.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The demo council's letters settings (branding) unless another council folder is named.
os.environ.setdefault("REVTUI_COUNCILS", str(Path(__file__).resolve().parent.parent / "revtui/demo/councils"))

from letters.printrun import DEFAULT_BATCH_SIZE, produce_batches  # noqa: E402
from letters.samples import ENGLISH, demo_bills  # noqa: E402
from revtui.branding import load_branding  # noqa: E402

TARGET_BILLS_PER_SECOND = 30
TARGET_WORKER_MB = 600
ANCHOR_PAGES = 40  # per process


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    batch_size = int(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_BATCH_SIZE
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
    # ru_maxrss of the children is the largest peak among the workers (Linux: kilobytes); read
    # before the anchor's processes exist. With one worker the parent renders itself.
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN if workers > 1 else resource.RUSAGE_SELF).ru_maxrss / 1024
    parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    notices = sum(len(b.rows) for b in batches)
    pages = sum(b.pages for b in batches)
    rate = notices / elapsed
    print(
        f"{notices} bills, {pages} pages, {len(batches)} batches of {batch_size}, {workers} workers: "
        f"{elapsed:.1f} s, {rate:.1f} bills/s (target {TARGET_BILLS_PER_SECOND}), {size / 1e6:.1f} MB of PDF"
    )
    # Other work on a shared machine slows the wall clock; CPU time says what the run needs.
    print(f"{cpu:.0f} CPU-seconds in all processes: {notices / cpu:.1f} bills per CPU-second")
    print(f"peak RSS of the largest worker {worker_peak:.0f} MB (target {TARGET_WORKER_MB}); parent {parent_peak:.0f} MB")
    anchor = _anchor_pages_per_second(workers)
    print(f"anchor, a plain {ANCHOR_PAGES}-page document laid out on {workers} processes: {anchor:.1f} pages/s; "
          f"bills/s per anchor page/s: {rate / anchor:.3f}")


def _cpu_seconds() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def _anchor_document(_: int) -> int:
    import weasyprint

    paragraph = "<p>" + " ".join(f"word{i} of some ordinary text £{i}.{i:02d}" for i in range(60)) + "</p>"
    html = "<html><body>" + paragraph * (8 * ANCHOR_PAGES) + "</body></html>"
    document = weasyprint.HTML(string=html).render()
    document.write_pdf()
    return len(document.pages)


def _anchor_pages_per_second(workers: int) -> float:
    _anchor_document(0)  # fonts loaded before timing
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pages = sum(pool.map(_anchor_document, range(workers)))
    return pages / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
