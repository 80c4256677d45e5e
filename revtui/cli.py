"""``revtui``: the officer's application, and the batch jobs from the same program.

    revtui --store PATH                         open the application
    revtui --store PATH billing --year 2027     bill every current account for a year (council tax and business rates)
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
    revtui --store PATH import-nndr-changes FILE          (revtui.commands.rating_list)
    revtui --store PATH sundry raise|import|credit|cancel|statement|run ...  (revtui.commands.sundry)
    revtui --store PATH migrate --from DIR [--dry-run | --reconcile]   load a council from its
                                                incumbent system (revtui.commands.migration)
    revtui --store PATH import-hb-decisions FILE | hb-deductions-export | import-hb-deductions FILE
                                                (revtui.commands.hb_overpayments)
    revtui --store PATH sample --accounts 500   fill an empty store with an invented council
    revtui --store PATH store init --council CODE   create an empty store for a council
    revtui --store PATH store migrate [--backup FILE]  after a new release: backup, then upgrade
    revtui --store PATH access REFERENCE      who viewed or changed an account (auditor)
    revtui --store PATH report NAME [--as-at DATE] [--text|--chart]   (revtui.commands.reports)
    revtui --store PATH demo build | training ... | council check   (revtui.commands.admin)
    revtui --version

Every command takes ``--log FILE`` (or ``REVTUI_LOG``): its start and end, exit status and any
failure are appended there; and ``--json``: the summary as one JSON object for a scheduler
(:mod:`revtui.commands.joblog`). Long jobs draw a progress bar on a terminal.

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
from pathlib import Path

__all__ = ["main"]


def _os_user() -> str:
    from revtui.identity import os_user

    return os_user()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="revtui", description="Revenues: council tax, business rates, sundry "
                                     "debt and HB overpayments, for officers; and the batch jobs.")
    parser.add_argument("--version", action="version", version=f"revtui {_version()}")
    parser.add_argument("--store", default=os.environ.get("REVTUI_STORE"), required="REVTUI_STORE" not in os.environ,
                        help="the council's store (a SQLite file); or set REVTUI_STORE")
    parser.add_argument("--roles", help="the council's roles file: [roles.users] and [roles.groups] of name = role "
                        "(default roles.toml beside the store; see docs/deploying.md)")
    parser.add_argument("--councils", help="the council folder holding the council's settings (default: "
                        "REVTUI_COUNCILS, else the councils folder beside the store)")
    parser.add_argument("--council", help="the council's code (CODE.toml in the council folder), where the store "
                        "does not say; a store of another council is refused")
    parser.add_argument("--log", default=os.environ.get("REVTUI_LOG"),
                        help="append the command's start, end, exit status and failures to this file; or set REVTUI_LOG")
    parser.add_argument("--json", action="store_true",
                        help="print the summary as one JSON object (command, exit_status, started, summary lines)")
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
    from revtui.commands import date_argument, notices, payments, summons, valuation

    run.add_argument("--hearing", action="append", default=[], type=date_argument,
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
    from revtui.commands import sundry
    sundry.register(commands)  # sundry debtor, raise, import, credit, cancel, statement, recurring, run
    from revtui.commands import migration
    migration.register(commands)  # migrate --from DIR
    sample = commands.add_parser("sample", help="fill an empty store with an invented council (for trying it out)")
    sample.add_argument("--accounts", type=int, default=500)
    sample.add_argument("--year", type=int, default=2026)
    sample.set_defaults(permission="store.sample")
    access = commands.add_parser("access", help="who viewed or changed an account, oldest first (for the auditor)")
    access.add_argument("reference", help="the account's reference, e.g. C00000019")
    access.set_defaults(permission="access.report")
    from revtui.commands import admin
    admin.register(commands)  # demo build, training ..., council check
    from revtui.commands import reports
    reports.register(commands)  # report NAME
    store = commands.add_parser("store", help="create a store (`store init --council CODE`), or upgrade it "
                                              "after a new release (`store migrate`)")
    store_commands = store.add_subparsers(dest="store_command", required=True)
    init = store_commands.add_parser("init", help="create an empty store at --store for a council")
    init.add_argument("--council", default=argparse.SUPPRESS, help="the council's code (CODE.toml in the council folder)")
    migrate = store_commands.add_parser("migrate", help="after installing a new release: back the store up (checked), "
                                                        "then upgrade every record to this release's schema")
    migrate.add_argument("--backup", help="the backup file to write (default <store>.before-upgrade-<day>.db beside it)")
    migrate.set_defaults(permission="store.migrate")
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


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("revenues")
    except PackageNotFoundError:
        return "(not installed)"


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """Run the program; exit status as documented above.

    ``officer`` is for tests and programs embedding the library only: it stands in for the
    operating-system account (with no Unix groups). No option or environment variable sets it.
    """
    args = _parser().parse_args(argv)
    path = Path(args.store)
    sub = getattr(args, f"{(args.command or '').replace('-', '_')}_command", None)  # store init, council check...
    command = " ".join(filter(None, ["revtui", args.command, sub]))
    if args.log:
        from revtui.commands.joblog import log_to

        try:
            log_to(args.log)
        except OSError as error:
            print(f"revtui: cannot write the log {args.log}: {error}", file=sys.stderr)
            return 2
    if args.json and args.command is None:
        print("revtui: --json is for commands; the application has no summary to give", file=sys.stderr)
        return 2
    if args.command is None:
        return _dispatch(args, path, officer)
    from revtui.commands.joblog import json_summary, logged

    who = officer or _os_user()
    with logged(command, officer=who, store=str(path)) as finished:
        if args.json:
            status = json_summary(command, lambda: _dispatch(args, path, officer), officer=who, store=str(path))
        else:
            status = _dispatch(args, path, officer)
        finished(status)
    return status


def _dispatch(args: argparse.Namespace, path: Path, officer: str | None) -> int:
    if getattr(args, "standalone", None) is not None:  # demo, training, council check: they open what they need
        from revtui.commands import run_batch

        args.officer = officer  # tests and embedding only: stands in for the operating-system account
        return run_batch(f"revtui {args.command}", lambda: args.standalone(args, path))
    if args.command == "store" and args.store_command == "init":
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
    from revtui.commands.progress import progress_bar
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

            with progress_bar(f"billing {FinancialYear(args.year)}") as progress:
                summary = bill_all(session, FinancialYear(args.year), progress=progress,
                                   workers=min(2, os.cpu_count() or 1))
            print(summary.render())
            return 1 if summary.failed or (summary.rates and summary.rates.failed) else 0
        if args.command == "recovery-run":
            from revtui.services.recovery import recovery_run

            try:
                with progress_bar("recovery run") as progress:
                    summary = recovery_run(session, issue=args.issue, tomorrow=args.tomorrow, progress=progress,
                                           hearings=tuple(args.hearing), workers=min(2, os.cpu_count() or 1))
            except ValueError as error:  # a hearing date that is not a working day
                print(f"recovery-run: {error}", file=sys.stderr)
                return 2
            print(summary.render())
            return 1 if summary.plan.errors else 0
        if args.command == "store":  # migrate
            from revtui.services.upgrade import default_backup, upgrade_store

            from revtui.store import StoreError

            target = Path(args.backup) if args.backup else default_backup(path, session.today)
            try:
                outcome = upgrade_store(store, backup_to=target, release=_version(),
                                        progress=lambda message: print(message, file=sys.stderr))
            except StoreError as error:  # the backup could not be made or checked: nothing was upgraded
                print(f"revtui store migrate: {error}; nothing upgraded", file=sys.stderr)
                return 2
            print("\n".join(outcome.lines()))
            return 0
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
