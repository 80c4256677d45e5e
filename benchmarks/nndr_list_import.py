"""The VOA rating list import: a synthetic 50,000-line list entries file into a fresh store.

Measures what ``revtui --store PATH import-nndr-list FILE`` does: read and check every line
(:func:`revtui.imports.nndr_list.parse_rating_list`), then write each entry with its look-ups and
audit entry (:func:`revtui.services.rating_list.import_rating_list`). Target: under 30 s. Printed
beside it, measured in the same run: parsing alone, and a raw sqlite3 insert loop of the same
documents (one JSON row each, one transaction, no look-ups or audit), so the figure can be read
on a shared machine; then the re-import of the same records in CRLF (recognised, nothing
applied), the next epoch (1% re-assessed, 0.2% left out) into the filled store, and peak RSS.

Run: ``python benchmarks/nndr_list_import.py [--lines 50000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revtui.imports.nndr_list import parse_rating_list  # noqa: E402
from revtui.records.rating_list import rating_list  # noqa: E402
from revtui.services.rating_list import import_rating_list  # noqa: E402
from revtui.store import Store  # noqa: E402

TARGET = 30.0
NAME = "uk-englandwales-ndr-2026-listentries-compiled-epoch-0001-baseline-csv.csv"
KINDS = (("CS", "SHOP AND PREMISES", "249S"), ("CO", "OFFICES AND PREMISES", "203S"),
         ("CW", "WAREHOUSE AND PREMISES", "151S"), ("CR", "CAFÉ AND PREMISES", "226S"))
STREETS = ("MILL LANE", "HIGH STREET", "STATION ROAD", "BRIDGE STREET", "MARKET PLACE", "CHURCH ROAD")


def synthetic_list(lines: int, seed: int = 26) -> bytes:
    """A list entries file in the real shape (formats.md 1.3), invented values, latin-1."""
    rng = random.Random(seed)
    rows = []
    for n in range(1, lines + 1):
        code, text, scat = KINDS[n % len(KINDS)]
        street, town = STREETS[n % len(STREETS)], ("BROOKFIELD", "ASHBY PARVA", "CARDEW")[n % 3]
        postcode = f"DM{1 + n % 9} {n % 10}{chr(65 + n % 26)}{chr(65 + (n // 26) % 26)}"
        rv = "" if n % 997 == 0 else str(rng.randrange(500, 400000, 50))
        effective, altered = ("01-OCT-2026", "14-NOV-2026") if n % 50 == 0 else ("", "")
        fields = [str(n), "0998", "", f"NDR{n:07d}", code, text, f"9{n:010d}", f"{n}, {street}, {town}, {postcode}",
                  "", str(n), street, town, "", "", postcode, effective, "", rv, "", f"{27000000000 + n}", altered,
                  scat, "", "", "", "", "01-APR-2026", ""]
        rows.append("*".join(fields) + "*")
    return ("\n".join(rows) + "\n").encode("latin-1")


def raw_inserts(path: Path, documents: list[bytes]) -> float:
    """The anchor: the same documents inserted by a bare sqlite3 loop, one transaction."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE documents (doc_id INTEGER PRIMARY KEY, body BLOB)")
    started = time.perf_counter()
    with conn:
        for body in documents:
            conn.execute("INSERT INTO documents (body) VALUES (?)", (body,))
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    args = parser.parse_args(argv)
    data = synthetic_list(args.lines)
    today = dt.date(2026, 12, 1)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "council.db", user="benchmark")
        started = time.perf_counter()
        cpu = time.process_time()
        listfile = parse_rating_list(NAME, data)
        parsed = time.perf_counter() - started
        report = import_rating_list(store, listfile, officer="benchmark", today=today)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert report.added == args.lines and len(rating_list(store)) == args.lines
        import_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        again = time.perf_counter()
        repeat = import_rating_list(store, parse_rating_list("resent.csv", data.replace(b"\n", b"\r\n"), 2026),
                                    officer="benchmark", today=today)
        again = time.perf_counter() - again
        assert repeat.earlier and repeat.added == 0
        # The next epoch: every 100th hereditament re-assessed from 1 November, every 500th left out.
        rows = data.decode("latin-1").splitlines()
        epoch = []
        for n, row in enumerate(rows, 1):
            if n % 500 == 0:
                continue
            if n % 100 == 0:
                items = row.split("*")
                items[15], items[17], items[19], items[20] = "01-NOV-2026", "7750", f"{28000000000 + n}", "20-NOV-2026"
                row = "*".join(items)
            epoch.append(row)
        second = time.perf_counter()
        altered = import_rating_list(store, parse_rating_list(NAME.replace("0001", "0002"),
                                                              ("\n".join(epoch) + "\n").encode("latin-1")),
                                     officer="benchmark", today=today)
        second = time.perf_counter() - second
        assert len(altered.changed) == len([n for n in range(100, args.lines + 1, 100) if n % 500])
        repo = rating_list(store)
        documents = [orjson.dumps(repo.to_document(entry)) for entry in (s.value for s in repo)]
        store.close()
        anchor = raw_inserts(Path(folder) / "anchor.db", documents)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"nndr list import, {args.lines:,} lines into a fresh store: {total:.1f} s "
          f"(target under {TARGET:.0f} s: {'met' if total < TARGET else 'NOT met'}); {cpu:.1f} CPU s; "
          f"{args.lines / total:,.0f} lines/s")
    print(f"  anchors in the same run: parsing and checking alone {parsed:.1f} s; raw sqlite3 insert loop of the "
          f"same {len(documents):,} documents {anchor:.2f} s")
    print(f"  re-import of the same records in CRLF: {again:.1f} s, nothing applied")
    print(f"  next epoch into the filled store: {second:.1f} s ({len(altered.changed):,} altered, "
          f"{len(altered.missing):,} reported missing, {altered.unchanged:,} unchanged)")
    print(f"  peak RSS {import_peak:.0f} MiB after the import, {peak:.0f} MiB after the anchors")
    return 0 if total < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
