"""The files exchanged with the benefits system about HB overpayments, usable from cron.

    revtui --store PATH import-hb-decisions FILE        record the overpayment decisions in FILE
    revtui --store PATH hb-deductions-export --week YYYY-MM-DD --out FILE
                                                        what to deduct from ongoing HB that week
    revtui --store PATH import-hb-deductions FILE       post what the benefits system deducted
    revtui --store PATH hb-dea-notice REFERENCE --out FILE.pdf   the DEA notice to the employer

A rejected file exits 2 and lists every fault (file, line, field) on stderr; nothing is applied.
A file imported before (by what it says, whatever its name or line endings) does nothing.
``python -m revtui.commands.hb_overpayments --store PATH ...`` runs the same commands.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from revtui.commands import run_standalone, date_argument
from revtui.store import Store

__all__ = ["register", "main"]




def _import_decisions(args: argparse.Namespace, store: Store) -> int:
    from revtui.imports.hb_files import parse_decisions
    from revtui.imports.problems import ImportRejected
    from revtui.services.hb_overpayments import import_decisions

    session = args.session
    path = Path(args.file)
    try:
        decisions = parse_decisions(path.name, path.read_bytes(), today=session.today)
        report = import_decisions(session, decisions)
    except (ImportRejected, OSError) as error:
        print(f"{error}\nNothing was recorded.", file=sys.stderr, flush=True)
        return 2
    print("\n".join(report.lines()))
    return 0


def _import_deductions(args: argparse.Namespace, store: Store) -> int:
    from revtui.imports.hb_files import parse_deductions
    from revtui.imports.problems import ImportRejected
    from revtui.services.hb_deductions import import_deductions

    session = args.session
    path = Path(args.file)
    try:
        report = import_deductions(session, parse_deductions(path.name, path.read_bytes(), today=session.today))
    except (ImportRejected, OSError) as error:
        print(f"{error}\nNothing was posted.", file=sys.stderr, flush=True)
        return 2
    print("\n".join(report.lines()))
    return 0


def _export(args: argparse.Namespace, store: Store) -> int:
    from revtui.services.hb_deductions import export_deductions
    from revtui.services.hb_overpayments import HbOverpaymentError

    try:
        count = export_deductions(args.session, args.week, Path(args.out))
    except (HbOverpaymentError, OSError) as error:
        print(f"revtui hb-deductions-export: {error}; nothing written", file=sys.stderr)
        return 2
    print(f"{args.out}: {count} deduction(s) from ongoing HB for the benefit week starting {args.week.isoformat()}")
    return 0


def _dea_notice(args: argparse.Namespace, store: Store) -> int:
    from safefiles import write_private
    from revtui.services.hb_overpayments import HbOverpaymentError
    from revtui.services.hb_recovery import dea_notice_pdf

    try:
        write_private(Path(args.out), dea_notice_pdf(args.session, args.reference.strip().upper()))
    except (HbOverpaymentError, OSError) as error:
        print(f"revtui hb-dea-notice: {error}; nothing written", file=sys.stderr)
        return 2
    print(f"{args.out}: the direct earnings attachment notice to the employer for {args.reference}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``import-hb-decisions``, ``hb-deductions-export`` and ``import-hb-deductions``."""
    decisions = subparsers.add_parser("import-hb-decisions",
                                      help="record HB overpayment decisions from the benefits system (safe to re-run)")
    decisions.add_argument("file")
    decisions.set_defaults(run=_import_decisions, permission="batch.import")
    export = subparsers.add_parser("hb-deductions-export",
                                   help="the deductions from ongoing HB for the benefits system, for one benefit week")
    export.add_argument("--week", type=date_argument, required=True, help="the Monday the benefit week starts (YYYY-MM-DD)")
    export.add_argument("--out", required=True, help="the CSV file to write (private)")
    export.set_defaults(run=_export, permission="batch.import")
    deducted = subparsers.add_parser("import-hb-deductions",
                                     help="post what the benefits system deducted from ongoing HB (safe to re-run)")
    deducted.add_argument("file")
    deducted.set_defaults(run=_import_deductions, permission="batch.import")
    notice = subparsers.add_parser("hb-dea-notice", help="the direct earnings attachment notice to the employer (PDF)")
    notice.add_argument("reference", help="the HB overpayment's reference, e.g. H00000019")
    notice.add_argument("--out", required=True, help="the PDF file to write (private)")
    notice.set_defaults(run=_dea_notice, permission="notice.issue")


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """``officer``: for tests and embedding only (stands in for the operating-system account)."""
    return run_standalone("python -m revtui.commands.hb_overpayments", register, argv, officer=officer)


if __name__ == "__main__":
    raise SystemExit(main())
