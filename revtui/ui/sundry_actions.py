"""Raising a sundry invoice from anywhere in the application (f9): the form's fields and the
service that prices and raises it (:mod:`revtui.services.sundry_invoices`); and what an officer
does on a sundry debt's account view (:data:`SUNDRY_ACTIONS`): a payment (council tax's own
payment service), an arrangement or a hold (the recovery services every kind shares), a credit
note or a cancellation (the sundry services the ``revtui sundry`` commands use)."""

from __future__ import annotations

from revtui.services import account_actions, recovery
from revtui.services import sundry_invoices as sundry
from revtui.services.account_file import AccountFile
from revtui.services.changes import Proposal
from revtui.services.session import Session
from revtui.services.sundry_file import SundryFile
from revtui.ui.actions import ActionSpec, Field, Values

__all__ = ["NEW_SUNDRY_INVOICE", "SUNDRY_ACTIONS"]


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


def _today(session: Session, file: object) -> str:
    return session.today.strftime("%d/%m/%Y")


def _on(file: AccountFile | None) -> SundryFile:
    assert isinstance(file, SundryFile), "a sundry debt's actions work on its file"
    return file


def _number(file: AccountFile | None) -> str:
    return _on(file).account.value.invoice.number


SUNDRY_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "p", "Take payment", "Money received for this invoice: see how it is allocated and the balance after",
        (Field("amount", "Amount (£)", "50.00"), Field("received", "Received on", "23/11/2026", _today),
         Field("method", "How paid", "card by phone", lambda s, f: "card by phone"),
         Field("reason", "Reference (for the audit)", "card receipt 004512")),
        lambda s, f, v: account_actions.propose_payment(s, _on(f).account.value, v["amount"], v["received"],
                                                        v["method"], v["reason"], stored=_on(f).account),
        permission="payment.post",
    ),
    ActionSpec(
        "a", "Agree arrangement", "Monthly payments to clear the invoice; recovery pauses while they are kept",
        (Field("amount", "Monthly amount (£)", "25.00"), Field("first", "First payment", "01/12/2026"),
         Field("note", "How agreed (for the audit)", "phone call, income and outgoings taken")),
        lambda s, f, v: recovery.propose_arrangement(s, _on(f).account.value, _on(f).recovery, v["amount"],
                                                     v["first"], v["note"]),
        permission="recovery.act",
    ),
    ActionSpec(
        "h", "Place hold", "Pause recovery (dispute, breathing_space, vulnerable...)",
        (Field("reason", "Hold reason", "dispute"), Field("start", "From", "23/11/2026", _today),
         Field("end", "Until (blank: default/open)", "31/12/2026"), Field("note", "Why (for the audit)", "")),
        lambda s, f, v: recovery.propose_hold(s, _on(f).account.value, _on(f).recovery, v["reason"], v["start"],
                                              v["end"], v["note"]),
        permission="recovery.act",
    ),
    ActionSpec(
        "l", "Lift hold", "End the hold in force today: recovery resumes at the next run",
        (Field("note", "Why (for the audit)", "dispute resolved"),),
        lambda s, f, v: recovery.propose_lift_hold(s, _on(f).account.value, _on(f).recovery, v["note"]),
        permission="recovery.act",
    ),
    ActionSpec(
        "c", "Credit note", "Take part (or all) off the invoice; above your write-off limit a second officer decides",
        (Field("amount", "Amount (£)", "20.00"), Field("reason", "Reason (printed on the credit note)",
                                                        "garage returned early")),
        lambda s, f, v: sundry.propose_credit(s, _number(f), v["amount"], v["reason"]),
        opens_account=True,  # saved by the sundry service itself (the confirmation saves no council tax account)
        permission="sundry.credit",
    ),
    ActionSpec(
        "x", "Cancel invoice", "Everything not yet credited is credited, with the reason",
        (Field("reason", "Reason", "raised in error: wrong debtor"),),
        lambda s, f, v: sundry.propose_credit(s, _number(f), None, v["reason"]),
        opens_account=True,
        permission="sundry.cancel",
    ),
)
"""On a sundry debt's account view (:class:`~revtui.ui.screens.sundry.SundryAccountScreen`)."""
