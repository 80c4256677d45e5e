"""Raising a sundry invoice from anywhere in the application (f9): the form's fields and the
service that prices and raises it (:mod:`revtui.services.sundry_invoices`)."""

from __future__ import annotations

from revtui.services import sundry_invoices as sundry
from revtui.services.account_file import AccountFile
from revtui.services.changes import Proposal
from revtui.services.session import Session
from revtui.ui.actions import ActionSpec, Field, Values

__all__ = ["NEW_SUNDRY_INVOICE"]


def _propose(session: Session, _file: AccountFile | None, values: Values) -> Proposal:
    rows = [values[name].split("|") for name in ("line1", "line2")]
    request = sundry.form_request(session, values["debtor"], values["service"], values["income"], values["type"],
                                  values["date"], rows)
    typed = values["debtor"].strip()
    if typed and not typed.upper().startswith("SD"):  # a new debtor: added with the invoice
        debtor = sundry.new_debtor(typed, values["address"].split(","))
        invoice = sundry.price_invoice(session, request, debtor)
        return Proposal(f"New debtor and invoice for {debtor.name}", None,
                        f"Adds the sundry debtor {debtor.name}, {', '.join(debtor.address)}.\n\n{invoice.explain()}\n"
                        "(The debtor's reference and the invoice number are given when saved.)",
                        f"sundry debtor {debtor.name} added and invoiced",
                        apply=lambda s: sundry.raise_for_new_debtor(s, debtor, request))
    invoice = sundry.price_invoice(session, request)
    reason = f"sundry invoice raised for {request.debtor}"
    return Proposal(f"New sundry invoice for {invoice.debtor.name}", None,
                    f"{invoice.explain()}\n(The number is the next free one when saved.)", reason,
                    apply=lambda s: sundry.raise_invoices(s, [request], reason=reason))


NEW_SUNDRY_INVOICE = ActionSpec(
    "f9", "New sundry invoice",
    "A debtor's SD reference (or a new debtor's name and address); lines as description|qty|unit price|VAT",
    (Field("debtor", "Debtor (or a new name)", "SD000001"),
     Field("address", "New debtor's address", "9 Mill Lane, Brookfield, DM5 2AB"),
     Field("service", "Service area", "PROP"),
     Field("income", "Income code", "GRGE"),
     Field("type", "Invoice type", "general", default=lambda s, f: "general"),
     Field("date", "Invoice date", "20/11/2026 (blank: today)"),
     Field("line1", "Line 1", "Garage rent|3|41.67"), Field("line2", "Line 2 (may be blank)", "Key deposit|1|10.00|O")),
    _propose,
    permission="sundry.raise",
)
"""Not on an account: from anywhere with f9."""
