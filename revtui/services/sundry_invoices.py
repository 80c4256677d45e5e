"""Sundry debtors and invoices: raised by an officer or from a service area's file, credited,
cancelled, stated, and raised every four weeks for a recurring charge.

Each function checks the officer's permission first and writes in one audited transaction, so a
refusal or a bad entry changes nothing. The catalogue (VAT codes, invoice types with their
payment terms, income codes, service areas) is the council folder's ``sundry/`` data
(:mod:`refdata.sundry`); the arithmetic is :mod:`revcore.sundry`'s (VAT line by line, nearest
penny half up).

A credit note or cancellation above the officer's write-off limit for one (it forgoes money as a
write-off does) waits for a second, different officer holding the authoriser role
(:func:`decide_credit`); within it, it is posted at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import attrs

from refdata.sundry import load_services, load_sundry_rules
from revcore.money import format_money
from revcore.references import make_reference
from revcore.sundry import (
    Debtor, Invoice, InvoiceError, LineItem, RecurringCharge, SundryDebt, cancel, credit, creditable, is_cancelled,
    open_debt, raise_invoice, statement_of_account,
)
from revtui.accounts.sundry import SUNDRY
from revtui.identity import same_officer
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.imports.sundry_file import InvoiceFile, parse_invoice_file
from revtui.records.sundry_debtors import (
    CreditRequest, SundryBatch, SundryDebtor, credit_requests, sundry_batches, sundry_debtors,
)
from revtui.services.account_actions import parse_amount
from revtui.services.changes import ActionError, Proposal, parse_day
from revtui.services.permissions import require
from revtui.services.session import Session
from revtui.store import Repository, Store, Stored, once_per_store

__all__ = [
    "SundryError", "InvoiceRequest", "BatchOutcome", "CreditOutcome", "RunOutcome",
    "debtors", "add_debtor", "find_debtor", "price_invoice", "raise_invoices", "raise_from_form",
    "import_invoice_file", "credit_invoice", "cancel_invoice", "decide_credit", "statement",
    "set_recurring", "recurring_run", "debts_of", "form_request", "new_debtor", "raise_for_new_debtor",
    "pending_credits", "find_invoice", "propose_credit",
]

debtors = once_per_store(sundry_debtors)
_batches = once_per_store(sundry_batches)
_requests = once_per_store(credit_requests)


class SundryError(ActionError):
    """A sundry entry that cannot be accepted; the message names the field or line. Nothing changed."""


def _debts(store: Store) -> Repository[SundryDebt]:
    return SUNDRY.repository(store)


# -- debtors ------------------------------------------------------------------------------------

def find_debtor(store: Store, reference: str) -> Stored[SundryDebtor] | None:
    return debtors(store).find_one("reference", reference.strip()) if reference.strip() else None


def add_debtor(session: Session, name: str, address: Sequence[str], *, individual: bool = True) -> SundryDebtor:
    """A new sundry debtor, given the next reference (SD and six digits)."""
    require(session, "sundry.raise")
    lines = new_debtor(name, address, individual).address
    repository = debtors(session.store)
    with session.store.change(f"sundry debtor {name.strip()} added", user=session.officer):
        serial = len(repository) + 1
        while repository.find_one("reference", f"SD{serial:06d}") is not None:
            serial += 1
        debtor = SundryDebtor(Debtor(f"SD{serial:06d}", name.strip(), lines, individual))
        repository.add(debtor)
    return debtor


# -- raising invoices ---------------------------------------------------------------------------

@attrs.frozen
class InvoiceRequest:
    """What is asked to be invoiced; ``where`` names it in a message (the form, a file's lines)."""

    debtor: str
    service: str
    income_code: str
    invoice_type: str
    issued: dt.date
    items: tuple[LineItem, ...]
    where: str = "invoice"


def _number(store: Store, taken: set[str]) -> str:
    repository = _debts(store)
    serial = len(repository) + 1
    while (number := make_reference("S", serial)) in taken or repository.find_one("reference", number) is not None:
        serial += 1
    taken.add(number)
    return number


def _price(store: Store, request: InvoiceRequest, number: str, new_debtor: Debtor | None = None) -> Invoice:
    """The invoice priced (nothing written), to ``new_debtor`` (not yet stored) if given, else to
    the stored debtor the request names; :raises SundryError: naming ``request.where``."""
    if new_debtor is None and not request.debtor.strip():
        raise SundryError(f"{request.where}: debtor: every invoice needs a debtor")
    debtor = new_debtor
    if debtor is None:
        found = find_debtor(store, request.debtor)
        if found is None:
            raise SundryError(f"{request.where}: debtor: no sundry debtor {request.debtor!r} (add the debtor first)")
        debtor = found.value.debtor
    services = load_services()
    service = services.get(request.service)
    if service is None:
        raise SundryError(f"{request.where}: service: {request.service!r} is not a service area "
                          f"({', '.join(sorted(services))})")
    if request.income_code not in service.income_codes:
        raise SundryError(f"{request.where}: income code: {request.income_code!r} is not one of "
                          f"{service.description}'s ({', '.join(service.income_codes)})")
    try:
        invoice = raise_invoice(load_sundry_rules(), number, request.issued, debtor, request.invoice_type,
                                request.income_code, request.items, service=request.service)
    except (InvoiceError, ValueError) as error:
        raise SundryError(f"{request.where}: {str(error).replace(f'invoice {number} ', '')}") from None
    return invoice


def price_invoice(session: Session, request: InvoiceRequest, new_debtor: Debtor | None = None) -> Invoice:
    """The invoice as it would be raised (for the officer to check), with the next number."""
    return _price(session.store, request, _number(session.store, set()), new_debtor)


def new_debtor(name: str, address: Sequence[str], individual: bool = True) -> Debtor:
    """A debtor as typed, checked, before it is given a reference (for a preview)."""
    lines = tuple(line.strip() for line in address if line.strip())
    if not name.strip():
        raise SundryError("name: give the debtor's name")
    if len(lines) < 2:
        raise SundryError("address: give the address lines and the postcode last (invoices are posted to it)")
    return Debtor("SD(new)", name.strip(), lines, individual)


def raise_for_new_debtor(session: Session, debtor: Debtor, request: InvoiceRequest) -> SundryDebt:
    """Add ``debtor`` and raise the request's invoice to them, in one transaction."""
    require(session, "sundry.raise")
    with session.store.change(f"sundry debtor {debtor.name} added and invoiced", user=session.officer):
        added = add_debtor(session, debtor.name, debtor.address, individual=debtor.individual)
        return raise_invoices(session, [attrs.evolve(request, debtor=added.reference)])[0]


def raise_invoices(session: Session, requests: Sequence[InvoiceRequest], *, reason: str = "") -> list[SundryDebt]:
    """Raise every request in one transaction (all or none); gives the new debts."""
    require(session, "sundry.raise")
    store = session.store
    with store.change(reason or f"{len(requests)} sundry invoice(s) raised", user=session.officer):
        taken: set[str] = set()
        debts = [open_debt(_price(store, request, _number(store, taken)), posted=session.today,
                           officer=session.officer) for request in requests]
        for debt in debts:
            _debts(store).add(debt)
    return debts


def _items(rows: Sequence[Sequence[str]]) -> tuple[LineItem, ...]:
    items = []
    for n, row in enumerate(rows, 1):
        description, quantity, price, vat = (list(row) + ["", "", "", ""])[:4]
        if not any(cell.strip() for cell in (description, quantity, price, vat)):
            continue
        if not description.strip():
            raise SundryError(f"line {n}: description: say what is charged for")
        try:
            amount = Decimal(quantity.strip() or "1")
        except InvalidOperation:
            raise SundryError(f"line {n}: quantity: {quantity!r} is not a number") from None
        if not amount.is_finite() or amount <= 0:
            raise SundryError(f"line {n}: quantity: {quantity!r} must be more than nothing")
        if price.strip().startswith("-"):
            raise SundryError(f"line {n}: unit price: {price.strip()} is negative: an invoice line cannot take "
                              "money off (credit the invoice instead)")
        try:
            unit = parse_amount(price, f"line {n}: unit price")
        except ActionError as error:
            raise SundryError(str(error)) from None
        items.append(LineItem(description.strip(), amount, unit, vat.strip().upper() or None))
    if not items:
        raise SundryError("lines: give at least one line (description, quantity, unit price)")
    return tuple(items)


def form_request(session: Session, debtor: str, service: str, income_code: str, invoice_type: str,
                 dated: str, rows: Sequence[Sequence[str]]) -> InvoiceRequest:
    """The request as typed on the form (each row: description, quantity, unit price, VAT code)."""
    issued = parse_day(dated, "invoice date") if dated.strip() else session.today
    return InvoiceRequest(debtor.strip().upper(), service.strip().upper(), income_code.strip().upper(),
                          invoice_type.strip(), issued, _items(rows))


def raise_from_form(session: Session, debtor: str, service: str, income_code: str, invoice_type: str,
                    dated: str, rows: Sequence[Sequence[str]]) -> SundryDebt:
    request = form_request(session, debtor, service, income_code, invoice_type, dated, rows)
    return raise_invoices(session, [request], reason=f"sundry invoice raised for {request.debtor}")[0]


# -- a service area's file ----------------------------------------------------------------------

@attrs.frozen
class BatchOutcome:
    name: str
    invoices: tuple[str, ...]
    already: bool = False
    """The same file (by what it says) was imported before: nothing was raised again."""

    def lines(self) -> list[str]:
        if self.already:
            return [f"{self.name}: already imported (the same invoices); nothing raised again. Its invoices: "
                    f"{', '.join(self.invoices)}"]
        return [f"{self.name}: {len(self.invoices)} invoice(s) raised: {', '.join(self.invoices)}"]


def import_invoice_file(session: Session, name: str, data: bytes) -> BatchOutcome:
    """Raise the invoices of a service area's file, all or none.

    :raises ImportRejected: every fault, each with its line number; nothing raised.
    """
    require(session, "batch.import")
    require(session, "sundry.raise")
    parsed: InvoiceFile = parse_invoice_file(name, data, today=session.today)
    store = session.store
    with store.change(f"sundry invoice file {name}", user=session.officer):
        earlier = _batches(store).find_one("content_hash", parsed.content_hash)
        if earlier is not None:
            return BatchOutcome(name, earlier.value.invoices, already=True)
        requests = [InvoiceRequest(i.debtor, i.service, i.income_code, i.invoice_type, i.issued, i.items,
                                   f"line {i.lines[0]}") for i in parsed.invoices]
        problems = []
        taken: set[str] = set()
        priced = []
        for request, invoice in zip(requests, parsed.invoices):
            try:
                priced.append(_price(store, request, _number(store, taken)))
            except SundryError as error:
                field, _, message = str(error).removeprefix(f"{request.where}: ").partition(": ")
                problems.append(ImportProblem(name, invoice.lines[0], field, message or field))
        if problems:
            raise ImportRejected(problems)
        for invoice in priced:
            _debts(store).add(open_debt(invoice, posted=session.today, officer=session.officer))
        numbers = tuple(invoice.number for invoice in priced)
        _batches(store).add(SundryBatch(parsed.content_hash, name, session.today, session.officer, numbers))
    return BatchOutcome(name, numbers)


# -- credit notes and cancellations ---------------------------------------------------------------

def debts_of(store: Store, debtor: str) -> list[SundryDebt]:
    """Every invoice of the debtor, oldest first."""
    return [stored.value for stored in _debts(store).find("debtor", debtor)]


def find_invoice(store: Store, number: str) -> Stored[SundryDebt]:
    found = _debts(store).find_one("reference", number.strip().upper()) if number.strip() else None
    if found is None:
        raise SundryError(f"invoice: no sundry invoice {number.strip()!r}")
    return found


@attrs.frozen
class CreditOutcome:
    invoice: str
    amount: Decimal
    balance: Decimal
    waiting: str = ""
    """The request's id when it waits for a second officer (nothing posted yet)."""

    def describe(self) -> str:
        if self.waiting:
            return (f"Credit of {format_money(self.amount)} on {self.invoice} is above your limit: request "
                    f"{self.waiting} waits for a second officer. Nothing is posted yet.")
        return f"Credit of {format_money(self.amount)} posted to {self.invoice}; balance now {format_money(self.balance)}."


def _apply(debt: SundryDebt, amount: Decimal, cancelling: bool, reason: str, today: dt.date,
           officer: str) -> SundryDebt:
    try:
        if cancelling:
            return cancel(debt, today, reason, officer=officer)
        return credit(debt, amount, today, reason, officer=officer)
    except InvoiceError as error:
        raise SundryError(str(error)) from None


def _credited(session: Session, debt: SundryDebt, amount: Decimal | None, reason: str) -> tuple[Decimal, SundryDebt]:
    """What is credited (all not yet credited when cancelling: ``amount`` None) and the debt after."""
    value = creditable(debt) if amount is None else amount
    return value, _apply(debt, value, amount is None, reason, session.today, session.officer)


def _over_limit(session: Session, value: Decimal) -> bool:
    """A credit forgoes money as a write-off does: above the officer's single limit a second officer decides."""
    return value > session.limits.write_off.single


def propose_credit(session: Session, number: str, amount: str | None, reason: str) -> Proposal:
    """A credit note (``amount`` None: a cancellation) shown before it is saved: the balance before
    and after, or that it will wait for a second officer; saving is :func:`credit_invoice` or
    :func:`cancel_invoice` (which check the permission again and write it)."""
    cancelling = amount is None
    require(session, "sundry.cancel" if cancelling else "sundry.credit")
    if not reason.strip():
        raise SundryError("reason: say why (it is printed on the credit note)")
    value_asked = None if amount is None else parse_amount(amount, "amount")
    debt = find_invoice(session.store, number).value
    value, changed = _credited(session, debt, value_asked, reason)
    what = "Cancellation" if cancelling else "Credit note"
    if _over_limit(session, value):
        effect = (f"{what} of {format_money(value)} on {debt.invoice.number} is above your limit of "
                  f"{format_money(session.limits.write_off.single)}: it is saved as a request a second officer "
                  f"decides; nothing is posted until then. Balance stays {format_money(debt.balance)}.")
    else:
        effect = (f"{what} of {format_money(value)} on {debt.invoice.number}: {reason.strip()}.\n"
                  f"Balance {format_money(debt.balance)} -> {format_money(changed.balance)}")

    def save(s: Session) -> CreditOutcome:
        if cancelling:
            return cancel_invoice(s, number, reason)
        assert amount is not None
        return credit_invoice(s, number, amount, reason)

    return Proposal(f"{what}: {debt.invoice.number}", None, effect,
                    f"{what.lower()} of {format_money(value)}: {reason.strip()}", apply=save)


def _credit(session: Session, number: str, amount: Decimal | None, reason: str) -> CreditOutcome:
    cancelling = amount is None
    require(session, "sundry.cancel" if cancelling else "sundry.credit")
    store = session.store
    with store.change(f"{'cancellation' if cancelling else 'credit note'} on {number}", user=session.officer):
        stored = find_invoice(store, number)
        debt = stored.value
        value, changed = _credited(session, debt, amount, reason)  # checks before asking
        if _over_limit(session, value):
            requests = _requests(store)
            request_id = f"CR-{debt.invoice.number}-{len(requests.find('invoice', debt.invoice.number)) + 1}"
            requests.add(CreditRequest(request_id, debt.invoice.number, value, reason.strip(), session.officer,
                                       session.today, cancel=cancelling))
            return CreditOutcome(debt.invoice.number, value, debt.balance, request_id)
        _debts(store).save(stored, changed)
    return CreditOutcome(debt.invoice.number, value, changed.balance)


def credit_invoice(session: Session, number: str, amount: str, reason: str) -> CreditOutcome:
    """A credit note for part (or all) of an invoice."""
    try:
        value = parse_amount(amount, "amount")
    except ActionError as error:
        raise SundryError(str(error)) from None
    return _credit(session, number, value, reason)


def cancel_invoice(session: Session, number: str, reason: str) -> CreditOutcome:
    """Cancel an invoice: everything not yet credited is credited, with the reason."""
    return _credit(session, number, None, reason)


def decide_credit(session: Session, request_id: str, *, approve: bool) -> CreditOutcome:
    """A second officer approves (posting it) or refuses a credit request; never the one who asked."""
    require(session, "request.decide")
    store = session.store
    with store.change(f"credit request {request_id} {'approved' if approve else 'refused'}", user=session.officer):
        stored = _requests(store).find_one("id", request_id)
        if stored is None:
            raise SundryError(f"no credit request {request_id}")
        request = stored.value
        if request.decided_on is not None:
            raise SundryError(f"{request_id} was already {request.state}")
        if same_officer(request.requested_by, session.officer):
            raise SundryError(f"{request_id}: {session.officer} asked for it and cannot also authorise it")
        debt = find_invoice(store, request.invoice)
        decided = attrs.evolve(request, decided_by=session.officer, decided_on=session.today, approved=approve)
        _requests(store).save(stored, decided)
        if not approve:
            return CreditOutcome(request.invoice, request.amount, debt.value.balance)
        changed = _apply(debt.value, request.amount, request.cancel, request.reason, session.today,
                         request.requested_by)
        _debts(store).save(debt, changed)
    return CreditOutcome(request.invoice, request.amount, changed.balance)


def pending_credits(session: Session) -> list[CreditRequest]:
    """Credit notes and cancellations waiting for a second officer, oldest first."""
    return [stored.value for stored in _requests(session.store).find("state", "pending")]


# -- statements -----------------------------------------------------------------------------------

def statement(session: Session, reference: str, as_at: dt.date | None = None) -> str:
    """The statement of one invoice, or of every invoice of a debtor (SD reference)."""
    reference = reference.strip().upper()
    store = session.store
    if reference.startswith("SD"):
        if find_debtor(store, reference) is None:
            raise SundryError(f"no sundry debtor {reference!r}")
        debts = debts_of(store, reference)
        if not debts:
            return f"{reference} has no invoices."
    else:
        debts = [find_invoice(store, reference).value]
    text = statement_of_account(debts, as_at or session.today)
    notes = [f"  invoice {d.invoice.number}: cancelled" for d in debts if is_cancelled(d)]
    return "\n".join([text, *notes])


# -- recurring charges and the four-weekly run ---------------------------------------------------

def set_recurring(session: Session, debtor: str, charge: RecurringCharge) -> SundryDebtor:
    """Set (or replace, by its code) a recurring charge on a debtor."""
    require(session, "sundry.raise")
    rules = load_sundry_rules()
    try:
        rules.income_code(charge.income_code)
        rules.invoice_type(charge.invoice_type)
    except InvoiceError as error:
        raise SundryError(str(error)) from None
    store = session.store
    with store.change(f"recurring charge {charge.code} set on {debtor}", user=session.officer):
        stored = find_debtor(store, debtor)
        if stored is None:
            raise SundryError(f"debtor: no sundry debtor {debtor!r}")
        kept = tuple(c for c in stored.value.recurring if c.code != charge.code)
        changed = attrs.evolve(stored.value, recurring=(*kept, charge))
        debtors(store).save(stored, changed)
    return changed


@attrs.frozen
class RunOutcome:
    by_day: dt.date
    raised: tuple[tuple[str, str, dt.date, Decimal], ...]
    """(debtor, invoice number, invoice date, total) for each invoice raised."""

    def lines(self) -> list[str]:
        rows = [f"Recurring invoice run for invoices due by {self.by_day.isoformat()}: {len(self.raised)} raised"]
        rows += [f"  {debtor}  {number}  {day.isoformat()}  {format_money(total):>10}"
                 for debtor, number, day, total in self.raised]
        return rows


def _service_of(income_code: str) -> str:
    return next((s.code for s in load_services().values() if income_code in s.income_codes), "")


def recurring_run(session: Session, by_day: dt.date) -> RunOutcome:
    """Raise every recurring invoice dated on or before ``by_day`` not yet raised, one transaction a
    debtor (so a run stopped part way carries on where it stopped when run again)."""
    require(session, "billing.run")
    store = session.store
    raised = []
    for stored in list(debtors(store)):
        if not any(charge.due_by(by_day) for charge in stored.value.recurring):
            continue
        with store.change(f"recurring invoices for {stored.value.reference} due by {by_day.isoformat()}",
                          user=session.officer):
            current = debtors(store).get(stored.doc_id)
            charges = []
            taken: set[str] = set()
            for charge in current.value.recurring:
                for day in charge.due_by(by_day):
                    request = InvoiceRequest(current.value.reference, _service_of(charge.income_code),
                                             charge.income_code, charge.invoice_type, day, (charge.item(day),),
                                             f"recurring charge {charge.code} on {current.value.reference}")
                    debt = open_debt(_price(store, request, _number(store, taken)), posted=session.today,
                                     officer=session.officer)
                    _debts(store).add(debt)
                    raised.append((current.value.reference, debt.invoice.number, day, debt.invoice.total))
                    charge = charge.raised(day)
                charges.append(charge)
            debtors(store).save(current, attrs.evolve(current.value, recurring=tuple(charges)))
    return RunOutcome(by_day, tuple(raised))
