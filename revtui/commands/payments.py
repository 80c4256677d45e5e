"""Commands for cash posting, Direct Debit, suspense and approvals, usable from cron.

``register(subparsers)`` adds the subcommands to the application's parser (``revtui.cli``);
each sets ``args.run(args, store) -> int`` (the exit status). Progress goes to stderr, the
summary to stdout; a rejected file exits 2 and lists every fault (file, line, field). A store
that does not exist is refused (exit 2), Ctrl-C exits 130, a conflict outlasting the retries 3
(``revtui.commands.run_batch``).

    revtui --store PATH import-payments FILE --layout csv|allpay
    revtui --store PATH dd-run [--date YYYY-MM-DD] [--out DIR]
    revtui --store PATH dd-setup REFERENCE --sort-code S --account-number A --name NAME [--mandate REF]
           [--day N]   (council tax: a collection day the council offers; the instalments move to it)
    revtui --store PATH dd-cancel REFERENCE --reason TEXT
        (REFERENCE: a council tax or business rates account, or a sundry debtor SD... whose mandate
        collects each of their invoices)
    revtui --store PATH import-addacs FILE
    revtui --store PATH import-arudd FILE
    revtui --store PATH suspense [--place DOC_ID --to REFERENCE [--note TEXT]]
    revtui --store PATH approvals [--raise-refunds | --approve ID | --refuse ID] [--note TEXT]
    revtui --store PATH approvals --payment-file OUT [--date YYYY-MM-DD]
    revtui --store PATH approvals --refund REFERENCE --reason TEXT [--amount AMOUNT] --pay-by bacs|cheque
           --payee NAME (--sort-code S --account-number N | --address "LINE, LINE, POSTCODE")

Until the lead wires them into ``revtui.cli``, ``python -m revtui.commands.payments --store
PATH ...`` runs the same commands. "Today" is the council's clock (:func:`revtui.clock.today`);
the officer is the operating-system account (``args.session``, :mod:`revtui.commands`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from revtui.clock import today as council_today
from revtui.records.payments import CashRecords, open_cash_records
from revtui.store import Store
from revtui.commands import run_standalone, date_argument

__all__ = ["register", "main"]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)




def _cash(store: Store) -> CashRecords:
    return open_cash_records(store)


def _rejected(error: Exception) -> int:
    _say(str(error))
    return 2


def _import_payments(args: argparse.Namespace, store: Store) -> int:
    from revtui.imports.problems import ImportRejected
    from revtui.services.payments import import_payment_path

    path = Path(args.file)
    try:
        outcome = import_payment_path(_cash(store), path, args.layout, today=council_today(store),
                                      officer=args.session.officer, progress=_say)
    except (ImportRejected, OSError, ValueError) as error:
        return _rejected(error)
    print("\n".join(outcome.lines()))
    return 0 if outcome.report.reconciles else 1


def _dd_run(args: argparse.Namespace, store: Store) -> int:
    from revcore.calendar import add_working_days
    from revcore.directdebit import DirectDebitError
    from revtui.services.directdebit import run_direct_debits

    today = council_today(store)
    # today is the Bacs input day; the file is processed the next banking day, collected the one after
    collection_date = args.date or add_working_days(today, 2)
    try:
        outcome = run_direct_debits(_cash(store), collection_date, Path(args.out), today=today, officer=args.session.officer,
                                    progress=_say)
    except DirectDebitError as error:
        return _rejected(error)
    print("\n".join(outcome.lines()))
    return 0


def _dd_setup(args: argparse.Namespace, store: Store) -> int:
    from revcore.directdebit import DirectDebitError, earliest_collection_date
    from revtui.services.directdebit import set_up_direct_debit

    today = council_today(store)
    try:
        set_up_direct_debit(_cash(store), args.reference, args.sort_code, args.account_number, args.name, today=today,
                            officer=args.session.officer, mandate_reference=args.mandate, collection_day=args.day)
    except DirectDebitError as error:
        return _rejected(error)
    print(f"Direct Debit set up on {args.reference.strip().upper()}: the instruction goes to the bank (AUDDIS 0N) "
          f"with the next dd-run; collections from {earliest_collection_date(today).isoformat()}, after the notice")
    return 0


def _dd_cancel(args: argparse.Namespace, store: Store) -> int:
    from revcore.directdebit import DirectDebitError
    from revtui.services.directdebit import cancel_direct_debit

    if not args.reason.strip():
        return _rejected(ValueError("--reason: say why the Direct Debit ends"))
    try:
        cancel_direct_debit(_cash(store), args.reference, today=council_today(store), officer=args.session.officer,
                            reason=args.reason.strip())
    except DirectDebitError as error:
        return _rejected(error)
    print(f"Direct Debit on {args.reference.strip().upper()} cancelled: {args.reason.strip()}")
    return 0


def _bacs_report(kind: str) -> Callable[[argparse.Namespace, Store], int]:
    def run(args: argparse.Namespace, store: Store) -> int:
        from revcore.directdebit import DirectDebitError
        from revtui.imports.problems import ImportRejected
        from revtui.services import directdebit

        path = Path(args.file)
        apply = directdebit.import_addacs if kind == "addacs" else directdebit.import_arudd
        try:
            outcome = apply(_cash(store), path.name, path.read_bytes(), today=council_today(store), officer=args.session.officer)
        except (ImportRejected, DirectDebitError, OSError) as error:
            return _rejected(error)
        print("\n".join(outcome.lines()))
        return 0

    return run


def _suspense(args: argparse.Namespace, store: Store) -> int:
    from revcore.money import format_money
    from revtui.services.payments import PaymentsError, allocate_suspense, open_suspense

    cash = _cash(store)
    if args.place is not None:
        if not args.to:
            return _rejected(ValueError("--place needs --to REFERENCE"))
        try:
            placed = allocate_suspense(cash, args.place, args.to, today=council_today(store), officer=args.session.officer,
                                       note=args.note or "")
        except (PaymentsError, KeyError) as error:
            return _rejected(error)
        print(f"{placed.value.source} placed on {placed.value.allocated_to}: entry {placed.value.entry}")
        return 0
    items = open_suspense(cash)
    for stored in items:
        item = stored.value
        print(f"{stored.doc_id:>6}  {item.received_on.isoformat()}  {format_money(item.line.signed_amount):>12}  "
              f"{item.line.reference!r:<14} {item.source}: {item.reason}")
    total = sum((s.value.line.signed_amount for s in items), start=0)
    print(f"{len(items)} items in suspense, {format_money(total) if items else '£0.00'}")
    return 0


def _approvals(args: argparse.Namespace, store: Store) -> int:
    from revcore.approvals import ApprovalError
    from revtui.services.approvals import decide_request, pending_requests, request_refunds_for_closed_accounts

    cash = _cash(store)
    today = council_today(store)
    try:
        if args.payment_file:
            from revtui.services.refund_payments import write_refund_payment_file

            try:
                written = write_refund_payment_file(cash, Path(args.payment_file), day=args.date or today,
                                                    officer=args.session.officer)
            except FileExistsError:
                return _rejected(ValueError(f"{args.payment_file} already exists: name a new file (nothing was "
                                            "marked as sent)"))
            except OSError as error:
                return _rejected(ValueError(f"{args.payment_file}: cannot write it ({error.strerror}); nothing was "
                                            "marked as sent"))
            print("\n".join(written.lines()))
            return 0
        if args.refund:
            from revcore.money import MoneyError, to_money
            from revtui.services.approvals import payee_from, request_refund

            try:
                amount = to_money(args.amount, where="--amount") if args.amount else None
            except MoneyError as error:
                return _rejected(error)
            payee = payee_from(args.pay_by or "", args.payee or "", args.sort_code or "", args.account_number or "",
                               args.address or "")
            made = request_refund(cash, args.refund, today=today, officer=args.session.officer, payee=payee,
                                  amount=amount, reason=args.reason or "", limits=args.session.limits)
            print(made.value.explain() + (f"; posted as {made.value.entry}" if made.value.entry else ""))
            return 0
        if args.raise_refunds:
            not_raised: list[str] = []
            made = request_refunds_for_closed_accounts(cash, today=today, officer=args.session.officer,
                                                       limits=args.session.limits, not_raised=not_raised)
            for stored in made:
                print(stored.value.explain())
            for text in not_raised:
                print(f"not raised: {text}")
            print(f"{len(made)} refund requests raised")
            return 0
        if (args.approve or args.refuse or "").startswith("CH-"):
            return _rejected(ValueError(f"{args.approve or args.refuse}: a held change is authorised in the "
                                        "application (f3, 1), where its effect is shown first"))
        if args.approve or args.refuse:
            decided = decide_request(cash, args.approve or args.refuse, today=today, officer=args.session.officer,
                                     approve=bool(args.approve), note=args.note or "")
            print(decided.value.explain() + (f"; posted as {decided.value.entry}" if decided.value.entry else ""))
            return 0
    except ApprovalError as error:
        return _rejected(error)
    from revtui.services.change_requests import waiting_changes

    waiting = [s.value for s in pending_requests(cash)] + [s.value for s in waiting_changes(store)]
    for request in waiting:
        print(request.explain())
    print(f"{len(waiting)} requests waiting for a second officer")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the cash, Direct Debit, suspense and approval commands (each sets ``args.run``)."""
    command = subparsers.add_parser("import-payments", help="post the day's payment file (safe to re-run)")
    command.add_argument("file")
    command.add_argument("--layout", choices=("csv", "allpay"), required=True)
    command.set_defaults(run=_import_payments, permission="batch.import")

    command = subparsers.add_parser("dd-run", help="the Direct Debit run: Standard 18 and AUDDIS files, postings")
    command.add_argument("--date", type=date_argument, help="collection (entry) day; default two banking days from today")
    command.add_argument("--out", default="bacs-out", help="folder for the files to submit (default bacs-out)")
    command.set_defaults(run=_dd_run, permission="batch.import")

    command = subparsers.add_parser("dd-setup", help="set up a Direct Debit on a council tax or business rates "
                                    "account, or a sundry debtor (each of their invoices)")
    command.add_argument("reference", help="C..., N... or a sundry debtor SD...")
    command.add_argument("--sort-code", required=True)
    command.add_argument("--account-number", required=True)
    command.add_argument("--name", required=True, help="the account holder's name")
    command.add_argument("--mandate", help="the DD reference (default: the account or debtor reference)")
    command.add_argument("--day", type=int, help="council tax: the collection day of the month, one the council "
                         "offers (bacs/collection_days.toml); the remaining instalments move to it")
    command.set_defaults(run=_dd_setup, permission="direct_debit.manage")

    command = subparsers.add_parser("dd-cancel", help="end a Direct Debit (the 0C goes with the next dd-run)")
    command.add_argument("reference")
    command.add_argument("--reason", required=True)
    command.set_defaults(run=_dd_cancel, permission="direct_debit.manage")

    command = subparsers.add_parser("import-addacs", help="apply an ADDACS report to mandates")
    command.add_argument("file")
    command.set_defaults(run=_bacs_report("addacs"), permission="batch.import")

    command = subparsers.add_parser("import-arudd", help="apply an ARUDD report: reverse unpaid collections")
    command.add_argument("file")
    command.set_defaults(run=_bacs_report("arudd"), permission="batch.import")

    command = subparsers.add_parser("suspense", help="list the suspense items, or place one on an account")
    command.add_argument("--place", type=int, metavar="DOC_ID")
    command.add_argument("--to", metavar="REFERENCE")
    command.add_argument("--note")
    command.set_defaults(run=_suspense, permission=lambda a: "suspense.place" if a.place is not None else "view")

    command = subparsers.add_parser("approvals", help="refunds and write-offs waiting for a second officer")
    action = command.add_mutually_exclusive_group()
    action.add_argument("--raise-refunds", action="store_true", help="a refund request for each closed account in credit")
    action.add_argument("--approve", metavar="ID")
    action.add_argument("--refuse", metavar="ID")
    action.add_argument("--payment-file", metavar="OUT",
                        help="write the approved refunds not yet sent to the finance system's CSV file OUT")
    action.add_argument("--refund", metavar="REFERENCE", help="ask for a refund on an account of any kind in credit")
    command.add_argument("--date", type=date_argument, help="with --payment-file: refunds posted up to this day (default today)")
    refund = command.add_argument_group("with --refund")
    refund.add_argument("--amount", help="default: the whole credit")
    refund.add_argument("--reason")
    refund.add_argument("--pay-by", choices=("bacs", "cheque"))
    refund.add_argument("--payee", metavar="NAME")
    refund.add_argument("--sort-code")
    refund.add_argument("--account-number")
    refund.add_argument("--address", help="for a cheque: lines separated by commas, the postcode last")
    command.add_argument("--note")
    command.set_defaults(run=_approvals, permission=lambda a: "request.decide" if a.approve or a.refuse
                        else "refunds.raise" if a.raise_refunds else "refunds.pay" if a.payment_file
                        else "refund.request" if a.refund else "view")


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """``officer``: for tests and embedding only (stands in for the operating-system account)."""
    return run_standalone("python -m revtui.commands.payments", register, argv, officer=officer)


if __name__ == "__main__":
    raise SystemExit(main())
