"""Sundry debt commands: debtors, invoices, a service area's file, credit notes, cancellations,
statements, recurring charges and the four-weekly run.

    revtui --store PATH sundry debtor --name NAME --address LINE [--address LINE ...] [--business]
    revtui --store PATH sundry raise --debtor SD000001 --service PROP --income GRGE --type general
                                     --line "Garage rent|3|41.67" [--line "Deposit|1|10.00|O"] [--date D]
    revtui --store PATH sundry import FILE                  a service area's CSV (safe to re-run)
    revtui --store PATH sundry credit INVOICE AMOUNT --reason TEXT
    revtui --store PATH sundry cancel INVOICE --reason TEXT
    revtui --store PATH sundry requests                     credits waiting for a second officer
    revtui --store PATH sundry approve|refuse REQUEST       a credit above the first officer's limit
    revtui --store PATH sundry statement INVOICE|DEBTOR
    revtui --store PATH sundry notice INVOICE|DEBTOR --kind invoice|statement [--out FILE]   a PDF (preview)
    revtui --store PATH sundry recurring DEBTOR --code CARE1 --description TEXT --income CARE --type care
                                         --amount 87.50 --first 2026-04-06 [--every 28 | --every-months 1] [--until D]
    revtui --store PATH sundry run --by 2027-03-31          raise the recurring invoices due by the day

A refused entry or file exits 2 with the reason (a file's faults each with its line); nothing changes.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from revtui.commands import run_standalone, date_argument
from revtui.store import Store

__all__ = ["register", "main"]

_PERMISSIONS = {"debtor": "sundry.raise", "raise": "sundry.raise", "import": "batch.import",
                "credit": "sundry.credit", "cancel": "sundry.cancel", "approve": "request.decide",
                "refuse": "request.decide", "statement": "view", "notice": "view", "requests": "view", "recurring": "sundry.raise", "run": "billing.run"}




def _run(args: argparse.Namespace, store: Store) -> int:
    from revcore.sundry import InvoiceError, RecurringCharge
    from revtui.services import sundry_invoices as sundry
    from revtui.services.changes import ActionError

    session = args.session
    action = args.sundry_command
    try:
        if action == "debtor":
            made = sundry.add_debtor(session, args.name, args.address, individual=not args.business)
            print(f"sundry debtor {made.reference} added: {made.debtor.name}")
        elif action == "raise":
            rows = [line.split("|") for line in args.line]
            debt = sundry.raise_from_form(session, args.debtor, args.service, args.income, args.type,
                                          args.date.isoformat() if args.date else "", rows)
            print(debt.invoice.explain())
        elif action == "import":
            print("\n".join(sundry.import_invoice_file(session, Path(args.file).name, Path(args.file).read_bytes())
                            .lines()))
        elif action in ("credit", "cancel"):
            outcome = (sundry.credit_invoice(session, args.invoice, args.amount, args.reason) if action == "credit"
                       else sundry.cancel_invoice(session, args.invoice, args.reason))
            print(outcome.describe())
        elif action in ("approve", "refuse"):
            print(sundry.decide_credit(session, args.request, approve=action == "approve").describe())
        elif action == "requests":
            waiting = sundry.pending_credits(session)
            print("\n".join([f"{len(waiting)} credit(s) waiting for a second officer"] + [
                f"  {r.id}  {r.invoice}  {'cancellation' if r.cancel else 'credit note'} {r.amount}  asked by "
                f"{r.requested_by} on {r.requested_on.isoformat()}: {r.reason}" for r in waiting]))
        elif action == "statement":
            print(sundry.statement(session, args.reference))
        elif action == "notice":
            from safefiles import write_private
            from revtui.services.sundry_notices import sundry_pdf

            out = Path(args.out or f"{args.kind}-{args.reference}.pdf")
            write_private(out, sundry_pdf(session, args.reference, args.kind))
            print(f"wrote {out}")
        elif action == "recurring":
            try:
                amount = Decimal(args.amount)
            except InvalidOperation:
                raise ActionError(f"--amount: {args.amount!r} is not an amount") from None
            charge = RecurringCharge(args.code, args.description, args.income, args.type, amount, args.first,
                                     args.every, args.until, every_months=args.every_months)
            made = sundry.set_recurring(session, args.debtor, charge)
            every = f"{charge.every_months} month(s)" if charge.every_months else f"{charge.every_days} days"
            print(f"{made.reference}: recurring charge {charge.code} of {charge.amount} every {every} "
                  f"from {charge.first.isoformat()}")
        else:
            print("\n".join(sundry.recurring_run(session, args.by).lines()))
    except (ActionError, InvoiceError, OSError) as error:
        print(f"revtui sundry {action}: {error}", file=sys.stderr, flush=True)
        return 2
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``sundry`` and its subcommands (sets ``args.run`` and the permission each needs)."""
    command = subparsers.add_parser("sundry", help="sundry debtors and invoices: raise, import, credit, cancel, "
                                                   "statement, recurring run")
    sub = command.add_subparsers(dest="sundry_command", required=True)
    debtor = sub.add_parser("debtor", help="add a sundry debtor")
    debtor.add_argument("--name", required=True)
    debtor.add_argument("--address", action="append", default=[], help="an address line (repeat; postcode last)")
    debtor.add_argument("--business", action="store_true", help="a business, not an individual or sole trader")
    raise_ = sub.add_parser("raise", help="raise an invoice")
    for name in ("debtor", "service", "income", "type"):
        raise_.add_argument(f"--{name}", required=True)
    raise_.add_argument("--line", action="append", default=[], help="description|quantity|unit price[|VAT code]")
    raise_.add_argument("--date", type=date_argument, help="the invoice date (default today)")
    file = sub.add_parser("import", help="raise the invoices of a service area's CSV file (safe to re-run)")
    file.add_argument("file")
    credit = sub.add_parser("credit", help="a credit note for part or all of an invoice")
    credit.add_argument("invoice")
    credit.add_argument("amount")
    credit.add_argument("--reason", required=True)
    cancel = sub.add_parser("cancel", help="cancel an invoice (everything not yet credited)")
    cancel.add_argument("invoice")
    cancel.add_argument("--reason", required=True)
    sub.add_parser("requests", help="credit notes and cancellations waiting for a second officer")
    for verb in ("approve", "refuse"):
        decide = sub.add_parser(verb, help=f"{verb} a credit request above the first officer's limit")
        decide.add_argument("request")
    statement = sub.add_parser("statement", help="the statement of an invoice or of a debtor's invoices")
    statement.add_argument("reference", help="an invoice number (S...) or a debtor (SD...)")
    notice = sub.add_parser("notice", help="a PDF of an invoice or a statement, in the council's languages")
    notice.add_argument("reference", help="an invoice number (S...), or a debtor (SD...) for a statement")
    notice.add_argument("--kind", choices=("invoice", "statement"), default="invoice")
    notice.add_argument("--out", help="the PDF file to write")
    recurring = sub.add_parser("recurring", help="set a recurring charge on a debtor")
    recurring.add_argument("debtor")
    for name in ("code", "description", "income", "type", "amount"):
        recurring.add_argument(f"--{name}", required=True)
    recurring.add_argument("--first", type=date_argument, required=True, help="the first invoice date")
    recurring.add_argument("--every", type=int, default=28, help="days between invoices (default 28: four-weekly)")
    recurring.add_argument("--every-months", type=int, default=0, help="monthly instead: every so many calendar months")
    recurring.add_argument("--until", type=date_argument, help="no invoice after this day")
    run = sub.add_parser("run", help="raise every recurring invoice due by a day")
    run.add_argument("--by", type=date_argument, required=True)
    command.set_defaults(run=_run, permission=lambda a: _PERMISSIONS[a.sundry_command])


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """``officer``: for tests and embedding only (stands in for the operating-system account)."""
    return run_standalone("python -m revtui.commands.sundry", register, argv, officer=officer)


if __name__ == "__main__":
    raise SystemExit(main())
