"""A bigger store for read benchmarks (Find), made from a demo store in a minute, not hours.

Copies the store (``VACUUM INTO``), then repeats its dwellings and council tax accounts
``--copies`` times at the SQL level: each copy's rows and look-up rows under new ids, bodies
unchanged. Every name, address, postcode, reference and UPRN is then shared ``copies`` times
as widely as in the source: for the worst keystroke, at least as hard as a council that size.
The copy's audit trail does not cover the repeated rows (``revtui store check`` reports them):
use it for timing reads only.

    python benchmarks/scale_store.py --store /tmp/demo100k.db --to /tmp/find500k.db --copies 5
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

TABLES = ("properties", "ctax_accounts")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--to", type=Path, required=True)
    parser.add_argument("--copies", type=int, default=5)
    options = parser.parse_args()
    if options.to.exists():
        raise SystemExit(f"{options.to} exists: give a new file")
    started = time.perf_counter()
    sqlite3.connect(options.store).execute("VACUUM INTO ?", (str(options.to),))
    conn = sqlite3.connect(options.to, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        (top,) = conn.execute("SELECT coalesce(max(doc_id), 0) FROM documents WHERE tbl=?", (table,)).fetchone()
        for copy in range(1, options.copies):
            shift = copy * (top + 1)
            conn.execute("INSERT INTO documents (tbl, doc_id, version, changed_by, changed_at, body) "
                         "SELECT tbl, doc_id + ?, version, changed_by, changed_at, body FROM documents "
                         "WHERE tbl=? AND doc_id<=?", (shift, table, top))
            conn.execute("INSERT INTO lookups (tbl, idx, value, doc_id) SELECT tbl, idx, value, doc_id + ? "
                         "FROM lookups WHERE tbl=? AND doc_id<=?", (shift, table, top))
        conn.execute("UPDATE tables SET next_id = ? WHERE name=?", (options.copies * (top + 1) + 1, table))
    conn.execute("COMMIT")
    counts = dict(conn.execute("SELECT tbl, count(*) FROM documents WHERE tbl IN (?, ?) GROUP BY tbl", TABLES))
    conn.close()
    print(f"{options.to}: {counts.get('properties', 0):,} dwellings, {counts.get('ctax_accounts', 0):,} accounts "
          f"({options.copies} copies of {options.store}) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
