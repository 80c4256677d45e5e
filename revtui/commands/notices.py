"""Notice commands: print runs and single notices from the store.

    revtui --store PATH print-run --kind annual_bill --year 2027 --out DIR
    revtui --store PATH print-run --kind adjustment_notice|reminder|second_reminder|final_notice --date D --out DIR
    revtui --store PATH print-run --kind rates_demand_notice --year 2027 --out DIR   (rates_adjustment_notice --date D)
    revtui --store PATH print-run approve RUN --officer NAME      (not the officer who drafted it)
    revtui --store PATH print-run release RUN
    revtui --store PATH notice preview REF [--kind annual|adjustment] [--out FILE]
    revtui --store PATH notice issue REF [--year 2027]             the latest bill, stored as issued
    revtui --store PATH notice reprint NUMBER [--out FILE]         exactly as issued
    revtui --store PATH notice refund-letter REQUEST               a posted refund's letter, if not stored yet
    revtui --store PATH notice completion PROPERTY                 a new dwelling's completion notice, if not stored
    revtui --store PATH print-run --kind liability_order_notice|attachment_of_earnings_order|enforcement_referral --date D --out DIR
    revtui --store PATH print-run --kind refund_letter|rates_refund_letter|sundry_refund_letter --date D --out DIR
                                                          (the letters of the refunds posted on D)

Until the lead wires them into ``revtui.cli``, ``python -m revtui.commands.notices --store
PATH ...`` runs the same commands. A print run is drafted and checked in one step; it exits 1
when it does not reconcile with the store (the run is recorded as drafted, and cannot be approved).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safefiles import write_private
from revtui.store import Store
from revtui.commands import run_standalone, date_argument

__all__ = ["register", "main"]




def _session(args: argparse.Namespace):
    return args.session  # opened and checked by revtui.commands.open_command_session


def _failed(error: Exception) -> int:
    print(str(error), file=sys.stderr, flush=True)
    return 2


def _errors():
    from letters.model import ModelError
    from letters.printrun import PrintRunError
    from letters.render import RenderError
    from letters.issued import ReprintError
    from revtui.services.notices import NoticeError

    return (NoticeError, PrintRunError, ModelError, RenderError, ReprintError)


def _describe(run) -> str:
    return (f"print run {run.run_id}: {run.state.value}, {run.count} notices, {run.pages} pages, total {run.total}; "
            f"drafted by {run.drafted_by}" + (f", approved by {run.approved_by}" if run.approved_by else ""))


def _print_run(args: argparse.Namespace, store: Store) -> int:
    from revtui.services import notices

    if args.action != "draft" and not args.run_id:
        return _failed(ValueError(f"print-run {args.action}: give the run id"))
    session = _session(args)
    try:
        if args.action == "approve":
            print(_describe(notices.approve_print_run(session, args.run_id, args.officer)))
            return 0
        if args.action == "release":
            run = notices.release_print_run(session, args.run_id)
            print(_describe(run))
            print("\n".join(f"  {batch.pdf_name}  {batch.index_name}  sha256 {batch.pdf_sha256}" for batch in run.batches))
            return 0
        if not args.kind or not args.out:
            return _failed(ValueError("print-run: give --kind and --out (or approve RUN / release RUN)"))
        from revtui.commands.progress import progress_bar

        held: list[str] = []  # gone-away accounts: post stopped
        with progress_bar(f"print run {args.kind}: notices rendered") as progress:
            run, problems = notices.draft_print_run(session, args.kind, Path(args.out), year=args.year,
                                                    day=args.date, batch_size=args.batch_size, workers=args.workers,
                                                    progress=progress, held=held)
    except _errors() as error:
        return _failed(error)
    print(_describe(run))
    print(f"  producing run {run.source.run_id}: {run.source.count} notices, total {run.source.total}")
    if held:
        print(f"  {len(held)} notice(s) held back: post to the account is stopped (gone away), or the account "
              "has a letter in the run already")
    for words in held:
        print(f"  {'POST STOPPED' if 'gone away' in words else 'NOT PRINTED'} {words}")
    for problem in problems:
        print(f"  DOES NOT RECONCILE: {problem}")
    return 1 if problems else 0


def _notice(args: argparse.Namespace, store: Store) -> int:
    from revtui.services import notices

    session = _session(args)
    try:
        if args.action == "issue":
            stored = notices.issue_bill(session, args.target, args.year)
            print(f"notice {stored.value.number} issued ({stored.value.record.notice_type})")
            return 0
        if args.action == "refund-letter":
            from revtui.services.officer_letters import issue_refund_letter

            stored = issue_refund_letter(session, args.target)
            print(f"notice {stored.value.number} issued ({stored.value.record.notice_type}); no print run prints "
                  f"it: post its reprint (notice reprint {stored.value.number}, or N on the account)")
            return 0
        if args.action == "completion":
            from revtui.services.dwellings import dwellings_repository
            from revtui.services.officer_letters import issue_completion_notice

            found = dwellings_repository(session.store).find_one("reference", args.target)
            if found is None:
                raise notices.NoticeError(f"no new dwelling {args.target!r}")
            d = found.value
            stored = issue_completion_notice(session, d.reference, d.address.lines, d.address.postcode,
                                             d.completion_day, d.notice_served)
            print(f"notice {stored.value.number} issued ({stored.value.record.notice_type})")
            return 0
        if args.action == "preview":
            pdf = notices.preview_bill(session, args.target, args.kind)
            out = Path(args.out or f"preview-{args.target}.pdf")
        else:
            pdf = notices.reprint_notice(session, args.target)
            out = Path(args.out or f"reprint-{args.target.replace('/', '-')}.pdf")
    except _errors() as error:
        return _failed(error)
    write_private(out, pdf)
    print(f"wrote {out}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``print-run`` and ``notice`` (each sets ``args.run``)."""
    from letters.printrun import DEFAULT_BATCH_SIZE  # loaded with the notice services anyway
    from revtui.services.notices import RUN_KINDS

    command = subparsers.add_parser("print-run", help="bulk print runs: draft (and check), approve, release")
    command.add_argument("action", nargs="?", choices=("draft", "approve", "release"), default="draft")
    command.add_argument("run_id", nargs="?", metavar="RUN", help="the run id (approve, release)")
    command.add_argument("--kind", choices=RUN_KINDS)
    command.add_argument("--year", type=int, help="annual bills and rates demand notices: start year of the financial year (2027 = 2027/28)")
    command.add_argument("--date", type=date_argument, help="adjustment and recovery notices: the day they were issued")
    command.add_argument("--out", help="folder for the batch PDFs and index CSVs")
    command.add_argument("--officer", help="approve: the approving officer, who must be the signed-in user (a check, not a proxy)")
    command.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                         help=f"notices per PDF (default {DEFAULT_BATCH_SIZE}; a worker's memory grows with it)")
    command.add_argument("--workers", type=int, default=2)
    command.set_defaults(run=_print_run, permission=lambda a: "print_run.approve" if a.action == "approve" else "print_run.run")

    command = subparsers.add_parser("notice", help="a single notice: preview an account's bill, issue it, reprint one")
    command.add_argument("action", choices=("preview", "issue", "reprint", "refund-letter", "completion"))
    command.add_argument("target", help="account reference (preview, issue), notice number (reprint) or refund "
                                        "request (refund-letter, e.g. RF-C00012343-1) or new dwelling (completion)")
    command.add_argument("--kind", help="preview: the bill's kind (annual, adjustment ...); default the latest")
    command.add_argument("--year", type=int, help="issue: the bill's year (default the latest bill)")
    command.add_argument("--out", help="PDF file to write")
    command.set_defaults(run=_notice, permission=lambda a: "notice.issue" if a.action in ("issue", "refund-letter", "completion")
                         else "view")


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """``officer``: for tests and embedding only (stands in for the operating-system account)."""
    return run_standalone("python -m revtui.commands.notices", register, argv, officer=officer)


if __name__ == "__main__":
    raise SystemExit(main())
