"""The reports from the command line, as the officer (their roles checked), for cron or a terminal.

    revtui --store PATH report NAME [--as-at DATE] [--from DATE] [--year 2026/27] [--text|--chart]
                                     [--out FILE]

CSV to standard output, or to ``--out`` (a private file: the arrears and suspense reports name
people). ``--as-at`` defaults to the council's today (its training clock, if any). The
application's f5 runs the same reports (:mod:`revtui.reports`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from revtui.commands import date_argument, run_standalone
from revtui.store import Store

__all__ = ["register", "main"]


def _report(args: argparse.Namespace, store: Store) -> int:
    from refdata import DataError
    from revcore.periods import FinancialYear, PeriodError
    from revtui.reports import REPORTS, collection_chart
    from safefiles import write_private

    session = args.session  # opened and checked by revtui.commands.open_command_session
    options: dict[str, object] = {}
    if args.since and args.name in ("cash", "approvals"):
        options["since"] = args.since
    if args.year and args.name != "collection":
        return _usage("--year is for the collection report")
    if args.chart and args.name != "collection":
        return _usage("--chart is for the collection report")
    try:
        if args.year:
            options["year"] = FinancialYear.parse(args.year)
        report = REPORTS[args.name](store, args.as_at or session.today, **options)
    except (DataError, PeriodError) as error:
        print(f"revtui report: {error}", file=sys.stderr)
        return 2
    if args.chart:
        text = collection_chart(report) + "\n"
    else:
        text = report.to_text() + "\n" if args.text else report.to_csv()
    if args.out:
        write_private(Path(args.out), text)
        print(f"{args.name} report written to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _usage(message: str) -> int:
    print(f"revtui report: {message}", file=sys.stderr)
    return 2


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``report NAME`` (sets ``args.run``)."""
    from revtui.reports import REPORTS

    command = subparsers.add_parser("report", help="a report (collection, arrears, cash, ...) as CSV, a table or "
                                                   "the collection chart")
    command.add_argument("name", choices=sorted(REPORTS))
    command.add_argument("--as-at", type=date_argument,
                         help="as the ledger stood at the end of this day (default: the council's today)")
    command.add_argument("--from", dest="since", type=date_argument, help="first day (cash, approvals)")
    command.add_argument("--year", help="financial year for collection, e.g. 2026/27")
    command.add_argument("--out", help="write to this file (readable by its owner only) instead of standard output")
    output = command.add_mutually_exclusive_group()
    output.add_argument("--text", action="store_true", help="an aligned table instead of CSV")
    output.add_argument("--chart", action="store_true", help="collection only: the text chart")
    command.set_defaults(run=_report, permission="view")


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """``officer``: for tests and embedding only (stands in for the operating-system account)."""
    return run_standalone("python -m revtui.commands.reports", register, argv, officer=officer)


if __name__ == "__main__":
    raise SystemExit(main())
