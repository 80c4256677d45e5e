"""Build the demo council at 5,000 and 100,000 dwellings; prints the time of each build.

Targets: 5,000 dwellings in under 10 s, 100,000 in under 3 minutes (issue 8); 500,000 in under
5 minutes within 1.5 GB (issue 21: ``--sizes 500000``). CPU is this process's and its workers'
(parts of 1,000 dwellings are built by up to two processes); peak RSS is the largest of them.
The anchor, measured in the same run, is SQLite writing the built store's bytes again
(``VACUUM INTO`` a new file): the least a build of that size could cost.

    python benchmarks/demo_council.py [--sizes 5000 100000] [--seed 2026] [--workers N]
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revtui.demo import build_demo  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of the worker processes it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


_TARGETS = {5_000: (10, None), 100_000: (180, None), 500_000: (300, 1_500)}  # seconds, MB


def _peak_mb() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return max(own.ru_maxrss, children.ru_maxrss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 100_000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, help="processes building parts (default: one a CPU, at most two)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"demo-{size}.db"
            started = time.perf_counter()
            cpu = _cpu()
            summary = build_demo(path, size=size, seed=args.seed, workers=args.workers)
            wall, used = time.perf_counter() - started, _cpu() - cpu
            megabytes = sum(p.stat().st_size for p in Path(folder).glob(f"demo-{size}.db*")) / 1e6
            seconds, mb = _TARGETS.get(size, (None, None))
            target = f" (target {seconds} s{f', {mb:,} MB' if mb else ''})" if seconds else ""
            print(f"{size:>7,} dwellings: {wall:6.1f} s wall{target}, {used:6.1f} s CPU; {summary.accounts:,} accounts,"
                  f" {summary.entries:,} ledger entries, {megabytes:,.0f} MB; {size / wall:,.0f} dwellings/s;"
                  f" peak RSS {_peak_mb():,.0f} MB")
            copy = Path(folder) / "anchor.db"
            started = time.perf_counter()
            conn = sqlite3.connect(path)
            conn.execute("VACUUM INTO ?", (str(copy),))
            conn.close()
            anchor = time.perf_counter() - started
            print(f"         anchor, SQLite writing the same store again: {anchor:.1f} s; the build takes "
                  f"{wall / max(anchor, 1e-9):.0f} times it")
            for built in (path, copy):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{built}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
