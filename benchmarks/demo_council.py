"""Build the demo council at 5,000 and 100,000 dwellings; prints the time of each build.

Issue 8's targets: 5,000 dwellings in under 10 s, 100,000 in under 3 minutes.

    python benchmarks/demo_council.py [--sizes 5000 100000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revtui.demo import build_demo  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 100_000])
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"demo-{size}.db"
            started = time.perf_counter()
            cpu = time.process_time()
            summary = build_demo(path, size=size, seed=args.seed)
            wall, used = time.perf_counter() - started, time.process_time() - cpu
            megabytes = sum(p.stat().st_size for p in Path(folder).glob(f"demo-{size}.db*")) / 1e6
            print(f"{size:>7,} dwellings: {wall:6.1f} s wall, {used:6.1f} s CPU; {summary.accounts:,} accounts,"
                  f" {summary.entries:,} ledger entries, {megabytes:,.0f} MB; {size / wall:,.0f} dwellings/s")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
