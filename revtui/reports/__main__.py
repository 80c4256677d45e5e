"""``python -m revtui.reports NAME --store PATH --as-at DATE [--from DATE] [--year 2026/27] [--chart|--text]``

Writes the report as CSV to standard output (``--text`` for an aligned table, ``--chart`` for
the collection chart). ``--as-at`` defaults to the store's today (its training clock, if any).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from refdata import DataError
from revtui.councils import use_councils
from revcore.periods import FinancialYear, PeriodError
from revtui.clock import today
from revtui.reports import REPORTS, collection_chart
from revtui.store import Store


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m revtui.reports", description="Run a report as CSV.")
    parser.add_argument("name", choices=sorted(REPORTS))
    parser.add_argument("--store", required=True, help="path of the council's store")
    parser.add_argument("--as-at", type=_day, help="report as the ledger stood at the end of this day")
    parser.add_argument("--from", dest="since", type=_day, help="first day (cash, approvals)")
    parser.add_argument("--year", help="financial year for collection, e.g. 2026/27")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--text", action="store_true", help="an aligned table instead of CSV")
    output.add_argument("--chart", action="store_true", help="collection only: the text chart")
    args = parser.parse_args(argv)
    if not Path(args.store).exists():
        print(f"error: no store at {args.store}", file=sys.stderr)
        return 1
    try:
        use_councils(args.store)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    store = Store(args.store)
    try:
        as_at = args.as_at or today(store)
        options = {}
        if args.since and args.name in ("cash", "approvals"):
            options["since"] = args.since
        if args.year:
            if args.name != "collection":
                parser.error("--year is for the collection report")
            options["year"] = FinancialYear.parse(args.year)
        report = REPORTS[args.name](store, as_at, **options)
    except (DataError, PeriodError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    if args.chart:
        if args.name != "collection":
            parser.error("--chart is for the collection report")
        print(collection_chart(report))
    else:
        sys.stdout.write(report.to_text() + "\n" if args.text else report.to_csv())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
