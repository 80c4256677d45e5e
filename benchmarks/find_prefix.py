"""Find's keystrokes on the most shared prefixes: names, addresses, postcodes, references, UPRNs.

``benchmarks/tui.py`` drives the whole application; this times only the look-up a keystroke
runs (:func:`revtui.services.search.find`) on a store of N dwellings, for the worst cases: the
two-letter prefix shared by the most index values, then each keystroke typing one of them out.
The anchor, measured in the same run on the same store, is the least SQLite can do for that
keystroke: the first 20 ids of the prefix from the look-up index and their 20 document bodies.

    python -m revtui.demo build --store /tmp/demo100k.db --size 100000   # once, ~2 minutes
    python benchmarks/find_prefix.py --store /tmp/demo100k.db
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revtui.records.ctax import open_records  # noqa: E402
from revtui.services.search import LIMIT, find  # noqa: E402
from revtui.store import Store  # noqa: E402

# (what the officer types, table, index): the text typed is a value of that index
KINDS = (("names", "accounts", "name"), ("addresses", "properties", "address"),
         ("postcodes", "properties", "postcode"), ("references", "accounts", "reference"),
         ("UPRNs", "properties", "uprn"))  # table: the records' repository of that name


def typed_text(conn, table: str, index: str) -> str:  # noqa: ANN001
    """A value of the index starting with its most shared two characters (the worst keystroke)."""
    (start, count), = conn.execute(
        "SELECT substr(value, 1, 2) AS s, count(*) AS n FROM lookups WHERE tbl=? AND idx=? "
        "GROUP BY s ORDER BY n DESC LIMIT 1", (table, index)).fetchall()
    (value,), = conn.execute("SELECT value FROM lookups WHERE tbl=? AND idx=? AND value>=? ORDER BY value LIMIT 1",
                             (table, index, start)).fetchall()
    return value


def anchor(conn, table: str, index: str, key: str) -> None:  # noqa: ANN001
    ids = [i for (i,) in conn.execute(
        "SELECT doc_id FROM lookups WHERE tbl=? AND idx=? AND value>=? AND value<? ORDER BY value, doc_id LIMIT ?",
        (table, index, key, key + "\U0010ffff", LIMIT))]
    for doc_id in ids:
        conn.execute("SELECT body FROM documents WHERE tbl=? AND doc_id=?", (table, doc_id)).fetchone()


def timed(action, repeat: int = 3) -> float:  # noqa: ANN001
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    store = Store(args.store, user="bench")
    records = open_records(store)
    conn = store.storage.connection
    dwellings = len(records.properties)
    print(f"Find on {dwellings:,} dwellings ({args.store}); best of 3 per keystroke, in ms")
    worst_all = anchor_all = 0.0
    for label, repository, index in KINDS:
        table = getattr(records, repository).table.name
        text = typed_text(conn, table, index)
        if index == "uprn":
            text = text[:9]
        keys = [text[:n] for n in range(2, len(text) + 1)]
        times = [timed(lambda k=k: find(records, k)) for k in keys]
        anchors = [timed(lambda k=k: anchor(conn, table, index, k)) for k in keys]
        worst = max(range(len(keys)), key=lambda n: times[n])
        worst_all, anchor_all = max(worst_all, times[worst]), max(anchor_all, max(anchors))
        (shared,), = conn.execute("SELECT count(*) FROM lookups WHERE tbl=? AND idx=? AND value>=? AND value<?",
                                  (table, index, keys[0], keys[0] + "\U0010ffff")).fetchall()
        print(f"  {label:10} typing {text!r}: {len(keys)} keys, median {statistics.median(times) * 1000:6.1f}, "
              f"worst {times[worst] * 1000:6.1f} at {keys[worst]!r} ({shared:,} values share {keys[0]!r}); "
              f"anchor worst {max(anchors) * 1000:5.1f}")
    print(f"worst keystroke {worst_all * 1000:.1f} ms (target < 100 ms); raw SQLite anchor worst "
          f"{anchor_all * 1000:.1f} ms")
    store.close()


if __name__ == "__main__":
    main()
