"""The Valuation Office rating list import, usable from cron.

``register(subparsers)`` adds the subcommand to the application's parser (``revtui.cli``); it
sets ``args.run(args, store) -> int``. The report goes to stdout; a rejected file exits 2 and
lists every fault (file, line, field) on stderr; entries held but missing from the file, or older
than those held, exit 1 (an officer should look). "Today" is the council's clock.

    revtui --store PATH import-nndr-list FILE [--list-year 2026] [--ba-code 0435]

``import-nndr-changes FILE`` applies a change file (schedule of alterations) line by line to the
list and the business rates accounts, billing backdated years again with interest on repayments
(``revtui.services.rating_schedule``); it exits 2 on a rejected file, 1 when an officer should
look (credits to refund, liabilities to end, hereditaments with no account), else 0.

    revtui --store PATH import-nndr-changes FILE [--list-year 2023]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from revtui.commands import run_standalone
from revtui.store import Store

__all__ = ["register", "main"]


def _import_list(args: argparse.Namespace, store: Store) -> int:
    from revtui.clock import today
    from revtui.imports.nndr_list import read_rating_list
    from revtui.imports.problems import ImportRejected
    from revtui.services.rating_list import import_rating_list

    started = time.monotonic()
    try:
        listfile = read_rating_list(Path(args.file), args.list_year)
    except (ImportRejected, OSError) as error:
        print(str(error), file=sys.stderr, flush=True)
        return 2

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{done}/{total} entries written, {time.monotonic() - started:.0f}s")
            sys.stderr.write("\n" if done == total else "")

    report = import_rating_list(store, listfile, officer=store.user, today=today(store), ba_code=args.ba_code,
                                progress=progress)
    print("\n".join(report.lines()))
    return 1 if report.missing or report.older else 0


def _import_changes(args: argparse.Namespace, store: Store) -> int:
    from revtui.clock import today
    from revtui.imports.nndr_schedule import read_schedule
    from revtui.imports.problems import ImportRejected
    from revtui.services.rating_schedule import import_schedule

    try:
        schedule = read_schedule(Path(args.file), args.list_year)
    except (ImportRejected, OSError) as error:
        print(str(error), file=sys.stderr, flush=True)
        return 2
    report = import_schedule(store, schedule, officer=store.user, today=today(store))
    print("\n".join(report.lines()))
    return 1 if report.notes or report.refunds else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``import-nndr-list FILE`` (sets ``args.run``)."""
    command = subparsers.add_parser("import-nndr-list",
                                    help="import the Valuation Office's rating list entries file (safe to re-run)")
    command.add_argument("file")
    command.add_argument("--list-year", type=int, help="the list (2023, 2026...) if the file name does not say")
    command.add_argument("--ba-code", default="", help="import only this billing authority's entries (VOA code)")
    command.set_defaults(run=_import_list, permission="batch.import")
    changes = subparsers.add_parser("import-nndr-changes",
                                    help="apply a Valuation Office change file (schedule of alterations), "
                                         "billing backdated years again (safe to re-run)")
    changes.add_argument("file")
    changes.add_argument("--list-year", type=int, help="the list altered (2023, 2026...) if the file name does not say")
    changes.set_defaults(run=_import_changes, permission="batch.import")


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    return run_standalone("python -m revtui.commands.rating_list", register, argv, officer=officer)


if __name__ == "__main__":
    raise SystemExit(main())
