"""``revtui``: the officer's application, and the batch jobs from the same program.

    revtui --store PATH                         open the application
    revtui --store PATH billing --year 2027     bill every current account for a year
    revtui --store PATH recovery-run [--issue] [--hearing DATE ...]
                                                today's recovery run (a plan; recorded with --issue);
                                                summonses go to the first hearing they can be
                                                served in time for
    revtui --store PATH summons batch|list|withdraw|move-hearing|lo-list ...  (revtui.commands.summons)
    revtui --store PATH import-payments FILE    post a payment file (unmatched lines to suspense)
    revtui --store PATH dd-run | import-addacs FILE | import-arudd FILE | suspense | approvals
                                                (revtui.commands.payments)
    revtui --store PATH print-run --kind annual_bill --year 2027 --out DIR | print-run approve RUN
    revtui --store PATH notice preview|issue|reprint ...   (revtui.commands.notices)
    revtui --store PATH import-voa-schedule FILE          (revtui.commands.valuation)
    revtui --store PATH import-nndr-list FILE             (revtui.commands.rating_list)
    revtui --store PATH import-hb-decisions FILE | hb-deductions-export | import-hb-deductions FILE
                                                (revtui.commands.hb_overpayments)
    revtui --store PATH sample --accounts 500   fill an empty store with an invented council
    revtui --store PATH store init --council CODE   create an empty store for a council
    revtui --store PATH access REFERENCE      who viewed or changed an account (auditor)

The council's own settings (tax settings, branding, stage sets...) come from its council folder:
``--councils DIR``, else ``REVTUI_COUNCILS``, else the ``councils`` folder beside the store
(:mod:`revtui.councils`). Batch commands print progress to stderr and a summary to stdout, and
exit non-zero on failure, so they run from cron. They refuse a store that does not exist (only
``store init`` and ``python -m revtui.demo build`` create one), and a store of another council
than ``--council``. Ctrl-C exits 130 with a message; a conflict that outlasts the retries exits 3;
no traceback.

The officer is the operating-system account the program runs as (never ``$USER`` or an option);
``--roles`` names the council's roles file (default ``roles.toml`` beside the store), and each
command and screen checks the roles it needs (:mod:`revtui.services.permissions`): a refused
command says which role it needs, changes nothing and exits 77 (as does an unusable roles file).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

__all__ = ["main"]


def _os_user() -> str:
    from revtui.identity import os_user

    return os_user()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="revtui", description="Revenues: council tax accounts, for officers.")
    parser.add_argument("--store", default=os.environ.get("REVTUI_STORE"), required="REVTUI_STORE" not in os.environ,
                        help="the council's store (a SQLite file); or set REVTUI_STORE")
    parser.add_argument("--roles", help="the council's roles file: [roles.users] and [roles.groups] of name = role "
                        "(default roles.toml beside the store; see docs/deploying.md)")
    parser.add_argument("--councils", help="the council folder holding the council's settings (default: "
                        "REVTUI_COUNCILS, else the councils folder beside the store)")
    parser.add_argument("--council", help="council code, if the store does not say (default demo-district)")
    commands = parser.add_subparsers(dest="command")
    billing = commands.add_parser("billing", help="annual billing: a demand (or adjustment) for every current account")
    billing.add_argument("--year", type=int, required=True, help="start year of the financial year (2027 = 2027/28)")
    billing.set_defaults(permission="billing.run")
    run = commands.add_parser("recovery-run", help="the daily recovery run: propose (and with --issue record) "
                                                    "reminders, summonses and the rest")
    when = run.add_mutually_exclusive_group()
    when.add_argument("--issue", action="store_true", help="record the actions (default: only show the plan)")
    when.add_argument("--tomorrow", action="store_true",
                      help="preview the next working day's run: who would get what, and why (nothing recorded)")
    from revtui.commands import notices, payments, summons, valuation

    run.add_argument("--hearing", action="append", default=[], type=notices._date,
                     help="a court hearing date (YYYY-MM-DD) summonses may be issued for; repeat for several")
    run.set_defaults(permission=lambda args: "recovery.issue" if args.issue else "view")

    payments.register(commands)  # import-payments, dd-run, import-addacs, import-arudd, suspense, approvals
    notices.register(commands)  # print-run (draft, approve, release), notice (preview, issue, reprint)
    valuation.register(commands)  # import-voa-schedule
    from revtui.commands import rating_list
    rating_list.register(commands)  # import-nndr-list
    from revtui.commands import hb_overpayments
    hb_overpayments.register(commands)  # import-hb-decisions, hb-deductions-export, import-hb-deductions
    summons.register(commands)  # summons batch, list, withdraw, move-hearing, lo-list
    sample = commands.add_parser("sample", help="fill an empty store with an invented council (for trying it out)")
    sample.add_argument("--accounts", type=int, default=500)
    sample.add_argument("--year", type=int, default=2026)
    sample.set_defaults(permission="store.sample")
    access = commands.add_parser("access", help="who viewed or changed an account, oldest first (for the auditor)")
    access.add_argument("reference", help="the account's reference, e.g. C00000019")
    access.set_defaults(permission="access.report")
    store = commands.add_parser("store", help="create a store (`store init --council CODE`)")
    store_commands = store.add_subparsers(dest="store_command", required=True)
    init = store_commands.add_parser("init", help="create an empty store at --store for a council")
    init.add_argument("--council", default=argparse.SUPPRESS, help="the council's code (CODE.toml in the council folder)")
    return parser


def _store_init(path: Path, council: str | None) -> int:
    """Create the store at ``path`` for ``council``: the one command, beside the demo builder, that makes one."""
    from refdata import DataError
    from refdata.ctax import load_tariff
    from revtui.services.session import set_council
    from revtui.store import Store

    if not council:
        print("revtui store init: give the council: --council CODE (one the council folder describes)", file=sys.stderr)
        return 2
    if path.exists():
        print(f"revtui store init: {path} already exists; nothing done", file=sys.stderr)
        return 2
    if not path.parent.is_dir():
        print(f"revtui store init: no folder {path.parent}; nothing done", file=sys.stderr)
        return 2
    try:
        load_tariff(council)
    except (DataError, OSError) as error:
        print(f"revtui store init: council {council!r}: {error}; nothing done", file=sys.stderr)
        return 2
    store = Store(path)
    try:
        set_council(store, council)
    finally:
        store.close()
    print(f"store created at {path} for council {council}")
    return 0


def _progress(done: int, total: int, started: float) -> None:
    if not sys.stderr.isatty() and done != total:
        return
    width = 30
    filled = width * done // max(total, 1)
    rate = done / max(time.monotonic() - started, 1e-6)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate:,.0f}/s")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """Run the program; exit status as documented above.

    ``officer`` is for tests and programs embedding the library only: it stands in for the
    operating-system account (with no Unix groups). No option or environment variable sets it.
    """
    args = _parser().parse_args(argv)
    path = Path(args.store)
    if args.command == "store":
        from refdata import DataError
        from revtui.councils import use_councils

        try:
            use_councils(path, args.councils)
        except DataError as error:
            print(f"revtui store init: {error}", file=sys.stderr)
            return 2
        return _store_init(path, getattr(args, "council", None))
    if args.command is None and not path.exists():
        print(f"revtui: no store at {path} (make one with `revtui --store {path} store init --council CODE` "
              f"and `sample`, or `make demo`)", file=sys.stderr)
        return 2
    if args.command is None:
        return _run(args, path, officer)
    from revtui.commands import refuse_store, run_batch

    refused = refuse_store(f"revtui {args.command}", path, args.council)
    if refused is not None:
        return refused
    return run_batch(f"revtui {args.command}", lambda: _run(args, path, officer))


def _run(args: argparse.Namespace, path: Path, officer: str | None) -> int:
    from revtui.commands import REFUSED, open_command_session
    from revtui.store import Store

    from refdata import DataError
    from revtui.councils import use_councils

    try:
        if args.command == "sample" and not args.councils:  # the invented council: the demo's settings
            from revtui.demo.settings import demo_councils_beside

            demo_councils_beside(path)
        else:
            use_councils(path, args.councils)
    except DataError as error:
        print(f"revtui: {error}", file=sys.stderr)
        return 2
    store = Store(path, user=officer or _os_user())
    try:
        session = open_command_session(args, store, officer=officer, council=args.council)
        if session is None:
            return REFUSED
        if args.command is None:
            from revtui.ui.app import RevenuesApp

            RevenuesApp(session).run()
            return 0
        if args.command == "billing":
            from revcore.periods import FinancialYear
            from revtui.services.batch import bill_all

            started = time.monotonic()
            summary = bill_all(session, FinancialYear(args.year),
                               progress=lambda done, total: _progress(done, total, started))
            print(summary.render())
            return 1 if summary.failed else 0
        if args.command == "recovery-run":
            from revtui.services.recovery import recovery_run

            started = time.monotonic()
            try:
                summary = recovery_run(session, issue=args.issue, tomorrow=args.tomorrow,
                                       progress=lambda done, total: _progress(done, total, started),
                                       hearings=tuple(args.hearing))
            except ValueError as error:  # a hearing date that is not a working day
                print(f"recovery-run: {error}", file=sys.stderr)
                return 2
            print(summary.render())
            return 1 if summary.plan.errors else 0
        if hasattr(args, "run"):  # the payments, notices, valuation and summons commands
            return args.run(args, store)
        if args.command == "access":
            from revcore.references import ReferenceError, parse_reference
            from revtui.services.access import access_report

            try:
                reference = parse_reference(args.reference)
            except ReferenceError as error:
                print(f"revtui access: {error}", file=sys.stderr)
                return 2
            lines = access_report(session, reference)
            print(f"{reference}: {len(lines)} view(s) and change(s)")
            for line in lines:
                print("  " + line.render())
            return 0
        if args.command == "sample":
            from revcore.periods import FinancialYear
            from revtui.services.sample import build_sample
            from revtui.services.session import set_council

            if len(session.records.accounts):
                print(f"revtui: {path} already holds accounts; the sample goes only into an empty store",
                      file=sys.stderr)
                return 2
            set_council(store, session.tariff.council.code)
            written = build_sample(session.records, args.accounts, FinancialYear(args.year), session.tariff)
            print(f"{written} accounts written to {path}")
            return 0
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
