"""Document store figures on 100,000 council tax accounts, each with a year of transactions.

Prints: build time and size, open time, single-account read (by reference and by id), durable
single-account commit, search by name prefix, and the commits per second of four writer
processes at once. Targets (2-core machine): open < 2 s, read < 5 ms, commit < 20 ms,
search < 50 ms, four writers >= 100 commits/s in total.

    python benchmarks/store.py [--accounts 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import enum
import multiprocessing
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from revtui.store import ConflictError, Index, Repository, Store, normalise_postcode, word_starts  # noqa: E402

FORENAMES = "Ann Bob Carys Dai Emma Fred Gwen Huw Ian Jane Kate Lee Mair Nia Owen Paul Rhys Sian Tom Wyn".split()
SURNAMES = (
    "Smith Jones Williams Taylor Davies Evans Thomas Roberts Hughes Lewis Morgan Griffiths Price Edwards "
    "Wood Walker Wright Green Hall Clarke Baker Turner Hill Moore Cooper Ward Powell Owen Rees Bevan "
    "Jenkins Phillips Parry Howells Lloyd Pugh Harris James Watkins Morris"
).split()


class Band(enum.Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


class Kind(enum.Enum):
    CHARGE = "charge"
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"


@attrs.frozen
class Transaction:
    posted: date
    kind: Kind
    amount: Decimal
    description: str


@attrs.frozen
class Account:
    reference: str
    property_ref: str
    uprn: str
    postcode: str
    band: Band
    liable: tuple[str, ...]
    transactions: tuple[Transaction, ...]
    closed: date | None = None


INDEXES = [
    Index.field("reference"),
    Index.field("property_ref"),
    Index.field("uprn"),
    Index("name", lambda doc: [w for name in doc["liable"] for w in word_starts(name)]),
    Index.field("postcode", normalise=normalise_postcode),
]


def open_accounts(path: Path, user: str = "bench") -> tuple[Store, Repository[Account]]:
    store = Store(path, user=user)
    return store, Repository(store, "accounts", Account, indexes=INDEXES)


def account_document(n: int, rng: random.Random) -> dict:
    """The document the repository writes for an account (built directly: a bulk import)."""
    surname = rng.choice(SURNAMES)
    liable = [f"{rng.choice(FORENAMES)} {surname}" for _ in range(rng.choice((1, 1, 2)))]
    transactions = [
        {"posted": "2026-04-01", "kind": "charge", "amount": f"{rng.randint(90000, 300000) / 100:.2f}", "description": "annual charge 2026/27"}
    ]
    start = date(2026, 4, 1)
    for month in range(rng.randint(11, 23)):
        day = start + timedelta(days=15 * month + rng.randint(0, 10))
        transactions.append(
            {"posted": day.isoformat(), "kind": "payment", "amount": f"-{rng.randint(5000, 25000) / 100:.2f}", "description": f"direct debit {month + 1}"}
        )
    return {
        "_schema": 1,
        "reference": f"C{n:08d}",
        "property_ref": f"P{n:07d}",
        "uprn": str(100_000_000 + n),
        "postcode": f"CF{rng.randint(1, 99)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        "band": rng.choice("ABCDE"),
        "liable": liable,
        "transactions": transactions,
        "closed": None,
    }


def build(path: Path, accounts: int) -> None:
    rng = random.Random(2026)
    store, repo = open_accounts(path, user="import")
    batch = 5000
    for first in range(1, accounts + 1, batch):
        docs = [account_document(n, rng) for n in range(first, min(first + batch, accounts + 1))]
        repo.table.insert_multiple(docs, reason="import from the legacy system")
    # The first document goes through the converter, proving the bulk form is the repository's.
    repo.get(1)
    store.close()


FRESH_OPEN = f"""
import sys, time
start = time.perf_counter()
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from store import open_accounts, Path
imported = time.perf_counter()
store, repo = open_accounts(Path(sys.argv[1]))
opened = time.perf_counter()
repo.find_one("reference", f"C{{int(sys.argv[2]) // 3:08d}}")
read = time.perf_counter()
print(f"imports {{(imported - start) * 1000:.0f}} ms, open {{(opened - imported) * 1000:.1f}} ms, "
      f"first read {{(read - opened) * 1000:.1f}} ms")
"""


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    return f"median {statistics.median(times):6.2f} ms, p95 {p95:6.2f} ms ({len(times)} runs)"


def payment(repo: Repository[Account], doc_id: int, n: int) -> int:
    """Post one payment to an account: read, append, durable save; retries on a conflict."""
    conflicts = 0
    while True:
        current = repo.get(doc_id)
        posted = Transaction(date(2027, 3, 1), Kind.PAYMENT, Decimal("-10.00"), f"counter payment {n}")
        new = attrs.evolve(current.value, transactions=(*current.value.transactions, posted))
        try:
            repo.save(current, new, reason="payment at the cash office")
            return conflicts
        except ConflictError:
            conflicts += 1


def writer(path: Path, accounts: int, seconds: float, seed: int, start_at: float) -> tuple[int, int]:
    store, repo = open_accounts(path, user=f"officer{seed}")
    rng = random.Random(seed)
    while time.time() < start_at:
        time.sleep(0.001)
    commits = conflicts = 0
    while time.time() < start_at + seconds:
        conflicts += payment(repo, rng.randint(1, accounts), commits)
        commits += 1
    store.close()
    return commits, conflicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the store in this directory")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="store-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        run(workdir / "accounts.db", args.accounts)
    finally:
        if not args.keep:
            shutil.rmtree(workdir)


def run(path: Path, n: int) -> None:
    if not path.exists():
        start = time.perf_counter()
        build(path, n)
        size = path.stat().st_size / 1e6
        print(f"build: {n} accounts in {time.perf_counter() - start:.1f} s, {size:.0f} MB ({path})")

    fresh = subprocess.run(
        [sys.executable, "-c", FRESH_OPEN, str(path), str(n)], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"open in a new process: {fresh}")
    start = time.perf_counter()
    store, repo = open_accounts(path)
    print(f"open:                 {(time.perf_counter() - start) * 1000:8.1f} ms  (target < 2000 ms)")
    start = time.perf_counter()
    repo.find_one("reference", f"C{n // 2:08d}")
    print(f"first read:           {(time.perf_counter() - start) * 1000:8.1f} ms")

    rng = random.Random(1)
    print("read by reference:    " + summary(timed(lambda: repo.find_one("reference", f"C{rng.randint(1, n):08d}"), 300)) + "  (target < 5 ms)")
    print("read by id:           " + summary(timed(lambda: repo.get(rng.randint(1, n)), 300)))
    counter = iter(range(10**9))
    print("durable commit:       " + summary(timed(lambda: payment(repo, rng.randint(1, n), next(counter)), 200)) + "  (target < 20 ms)")
    prefixes = [s[:3] for s in SURNAMES] + [f"{f} {s[:2]}" for f, s in zip(FORENAMES, SURNAMES)]
    print("name prefix, 50 hits: " + summary(timed(lambda: repo.find_prefix("name", rng.choice(prefixes), limit=50), 100)) + "  (target < 50 ms)")
    print("postcode prefix, 50:  " + summary(timed(lambda: repo.find_prefix("postcode", f"cf{rng.randint(1, 99)} {rng.randint(1, 9)}", limit=50), 100)))
    all_smith = timed(lambda: repo.find_prefix("name", "smi"), 3)
    print(f"name prefix 'smi', all {len(repo.find_prefix('name', 'smi'))} hits: {statistics.median(all_smith):.0f} ms")
    store.close()

    seconds = 5.0
    start_at = time.time() + 1.0
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.starmap(writer, [(path, n, seconds, seed, start_at) for seed in range(4)])
    commits = sum(c for c, _ in results)
    conflicts = sum(c for _, c in results)
    print(
        f"four writers:         {commits / seconds:8.1f} commits/s in total over {seconds:.0f} s "
        f"({commits} commits, {conflicts} conflicts retried)  (target >= 100/s)"
    )


if __name__ == "__main__":
    main()
