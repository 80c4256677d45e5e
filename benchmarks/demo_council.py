"""Build the demo council at 5,000 and 100,000 dwellings; prints the time of each build.

Issue 8's targets: 5,000 dwellings in under 10 s, 100,000 in under 3 minutes. CPU is this
process's and its workers' (parts of 1,000 dwellings are built by up to two processes).

    python benchmarks/demo_council.py [--sizes 5000 100000] [--seed 2026] [--workers N]
"""

from __future__ import annotations

import argparse
import resource
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
            print(f"{size:>7,} dwellings: {wall:6.1f} s wall, {used:6.1f} s CPU; {summary.accounts:,} accounts,"
                  f" {summary.entries:,} ledger entries, {megabytes:,.0f} MB; {size / wall:,.0f} dwellings/s")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
