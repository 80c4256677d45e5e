"""Fuzz every importer with N mutated files each (default 2,000) and count what happened.

    .venv/bin/python scripts/fuzz_imports.py [--examples 2000] [--seed 1] [--store-every 1]

Each input is a valid file of the layout with one to four hostile edits
(``tests/revtui/import_fuzz.py``). Every input is read by the importer's parser; every
``--store-every``-th one is also imported through the service into a council store, closed
between inputs, and a refused file must leave the store's bytes exactly as they were. Prints,
per importer, how many were imported, refused (with file, line and field) and crashed (a
traceback: the script lists the first of each kind and exits 1).
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.revtui.fuzz_store import StoreUnderFuzz  # noqa: E402
from tests.revtui.import_fuzz import IMPORTERS, VALID, mutate, outcome  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store-every", type=int, default=1, help="import every n-th input into a store (0: none)")
    parser.add_argument("--importer", choices=IMPORTERS, action="append")
    args = parser.parse_args()
    crashed = False
    print(f"{'importer':<8} {'inputs':>6} {'imported':>8} {'refused':>8} {'crashes':>7} {'store checks':>12} {'time':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for importer in args.importer or IMPORTERS:
            rnd = random.Random(f"{args.seed}-{importer}")
            store = StoreUnderFuzz(Path(folder) / f"{importer}.db") if args.store_every else None
            counts: collections.Counter[str] = collections.Counter()
            kinds: dict[str, str] = {}
            started = time.monotonic()
            for number in range(args.examples):
                data = mutate(rnd.randrange, VALID[importer](rnd.randrange))
                try:
                    counts[outcome(importer, data)] += 1
                    if store is not None and number % args.store_every == 0:
                        store.run(importer, data)
                        counts["store checks"] += 1
                except Exception as error:  # noqa: BLE001 - counted and shown, that is the point
                    counts["crashes"] += 1
                    kinds.setdefault(f"{type(error).__name__}: {str(error)[:100]}",
                                     "".join(traceback.format_exception(error)[-3:]))
            print(f"{importer:<8} {args.examples:>6} {counts['imported']:>8} {counts['refused']:>8} "
                  f"{counts['crashes']:>7} {counts['store checks']:>12} {time.monotonic() - started:>6.1f}s", flush=True)
            for kind, where in kinds.items():
                crashed = True
                print(f"  CRASH {kind}\n{where}")
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
