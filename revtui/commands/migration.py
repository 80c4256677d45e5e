"""Loading a council from its incumbent system (``docs/migration-format.md``).

    revtui --store PATH migrate --from DIR --dry-run     check the extract; say what would load
    revtui --store PATH migrate --from DIR               load it (once), then reconcile
    revtui --store PATH migrate --from DIR --reconcile   reconcile the store with the extract only
    ... [--report FILE.csv]                              the reconciliation as CSV (or, for a
                                                         defective extract, the defects)

Every defect is listed on stderr (file, line, field, why) and the command exits 2 having changed
nothing; a reconciliation that does not agree exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from revtui.store import Store

__all__ = ["register"]


def _write(path: str | None, rows: list[list[str]]) -> None:
    if path:
        from safefiles import csv_text, write_private

        write_private(path, csv_text(rows))  # names and balances: personal data
        print(f"wrote {path}")


def _migrate(args: argparse.Namespace, store: Store) -> int:
    from revtui.imports.problems import ImportRejected
    from revtui.services.migration import load_migration, plan_migration, previous_load, reconcile

    session = args.session
    try:
        plan = plan_migration(session, Path(args.source))
    except (ImportRejected, OSError) as error:
        problems = getattr(error, "problems", ())
        for problem in problems:
            print(str(problem), file=sys.stderr)
        if not problems:
            print(f"revtui migrate: {error}", file=sys.stderr)
        print(f"revtui migrate: {len(problems)} defect(s) in the extract: nothing loaded", file=sys.stderr, flush=True)
        _write(args.report, [["file", "line", "field", "problem"],
                             *[[p.file, str(p.line), p.field, p.message] for p in problems]])
        return 2
    print("\n".join(plan.describe()))
    if args.dry_run:
        previous = previous_load(session, plan.extract.identity)
        print(f"dry run: this extract was loaded on {previous.get('loaded_on')} by {previous.get('by')}; loading it "
              f"again would load nothing" if previous else
              "dry run: the extract has no defect; the above would load. Nothing was changed")
        return 0
    if not args.reconcile:
        result = load_migration(session, plan)
        if result.loaded:
            print(f"loaded {len(plan.properties):,} dwellings and {len(plan.accounts):,} accounts "
                  f"(extract {plan.extract.identity[:12]})")
        else:
            previous = result.previously or {}
            print(f"this extract was loaded on {previous.get('loaded_on')} by {previous.get('by')}: nothing loaded again")
    report = reconcile(session, plan)
    print("reconciliation with the extract's control totals:")
    print("\n".join("  " + line for line in report.lines()))
    _write(args.report, report.rows())
    return 0 if report.agrees else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``migrate --from DIR [--dry-run | --reconcile] [--report FILE]`` (sets ``args.run``)."""
    command = subparsers.add_parser("migrate", help="load the council's records from an incumbent system's extract "
                                                    "(docs/migration-format.md); safe to re-run")
    command.add_argument("--from", dest="source", required=True, metavar="DIR",
                         help="the folder holding the extract's CSV files")
    mode = command.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="check the extract and say what would load; change nothing")
    mode.add_argument("--reconcile", action="store_true",
                      help="only compare the store with the extract's control totals (nothing loaded)")
    command.add_argument("--report", metavar="FILE", help="write the reconciliation (or the defects) as CSV")
    command.set_defaults(run=_migrate, permission=lambda args: "view" if args.dry_run or args.reconcile
                         else "store.load")
