"""Refunds and write-offs in the store, with a second officer's authorisation above the limits.

A request records who asked and when (:mod:`revcore.approvals`). Within the officer's limits
(:mod:`revtui.services.limits`: one request, and the day's totals on the account and by the
officer, of what was posted without a second officer) it is posted to the ledger at once;
above any of them, it waits until a different officer approves it (:func:`decide_request`),
and approval posts it, in the same transaction as the decision. A refusal is recorded too.
Posting a council tax refund notes its letter on the account for the print run of the day
(:mod:`revtui.services.refund_letters`).
"Different" is compared case-insensitively. That the deciding officer holds the authoriser role
is checked by the callers (the commands and the screens, :mod:`revtui.services.permissions`).

Every kind of account goes through the one code path here, found by its reference
(:func:`revtui.accounts.locate`) and its ledger read and written through its kind. A refund names
its payee and method (:mod:`revcore.refunds`); a write-off its category (council data). A credit
left on a closed account (the liability ended) becomes a refund request
(:func:`request_refunds_for_closed_accounts`, a batch job, or :func:`request_refund` for one).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from refdata.ledger import ledger_settings
from revcore.approvals import ApprovalError, ApprovalKind, ApprovalRequest, decide, request_refund as _refund
from revcore.approvals import request_write_off as _write_off
from revcore.entries import Category, EntryKind
from revcore.ledger import Ledger, LedgerError
from revcore.money import ZERO, format_money, to_money
from revcore.periods import FinancialYear
from refdata.write_offs import write_off_categories
from revcore.refunds import Payee, PayeeError, WriteOffCategory, bacs_payee, cheque_payee
from revtui.accounts import KINDS, Located, locate
from revtui.records.payments import CashRecords, RequestRecord
from revtui.identity import same_officer
from revtui.services.limits import OfficerLimits, default_limits, within
from revtui.services.rating_schedule import INTEREST_FROM
from revtui.services.refund_letters import note_refund_letter
from revtui.store import Stored

__all__ = [
    "ApprovalError",
    "request_refund",
    "request_refunds_for_closed_accounts",
    "request_write_off",
    "write_off_category",
    "account_payee",
    "payee_from",
    "decide_request",
    "pending_requests",
    "needs_second_officer",
]

_LIMIT_KIND = {ApprovalKind.REFUND: "refund", ApprovalKind.WRITE_OFF: "write_off"}


def _posted_alone(record: RequestRecord, kind: ApprovalKind, today: dt.date) -> bool:
    """Counts towards the day's totals: posted on the requester's own authority today."""
    request = record.request
    return (request.kind is kind and request.requested_on == today and not request.needs_second_officer
            and request.decision is None)


def needs_second_officer(cash: CashRecords, kind: ApprovalKind, reference: str, amount: Decimal, *,
                         today: dt.date, officer: str, limits: OfficerLimits | None = None) -> str:
    """Why a request of ``amount`` by ``officer`` must wait for a second officer ('' if it need not)."""
    on_account = sum((s.value.request.amount for s in cash.requests.find("account", reference)
                      if _posted_alone(s.value, kind, today)), Decimal(0))
    by_officer = sum((s.value.request.amount for s in cash.requests.find("state", "posted")
                      if _posted_alone(s.value, kind, today) and same_officer(s.value.request.requested_by, officer)),
                     Decimal(0))
    return within((limits or default_limits()).of(_LIMIT_KIND[kind]), amount, on_account, by_officer)


def _with_limits(cash: CashRecords, request: ApprovalRequest, limits: OfficerLimits | None) -> ApprovalRequest:
    why = needs_second_officer(cash, request.kind, request.account, request.amount, today=request.requested_on,
                               officer=request.requested_by, limits=limits)
    return attrs.evolve(request, needs_second_officer=bool(why))


def _account(cash: CashRecords, reference: str) -> Located:
    """The account (of any kind) holding ``reference``'s ledger (an invoiced HB overpayment's is its invoice)."""
    try:
        located = locate(cash.store, reference)
    except ValueError as error:
        raise ApprovalError(str(error)) from None
    if located is None:
        raise ApprovalError(f"no account {reference}")
    return located


def _save(cash: CashRecords, located: Located, value: Any) -> None:
    located.kind.repository(cash.store).save(located.stored, value)


def _next_id(cash: CashRecords, kind: ApprovalKind, reference: str) -> str:
    prefix = "RF" if kind is ApprovalKind.REFUND else "WO"
    return f"{prefix}-{reference}-{len(cash.requests.find('account', reference)) + 1}"


def _post(located: Located, value: Any, request: ApprovalRequest, today: dt.date) -> Any:
    """``value`` (``located``'s account) with the request posted to its ledger."""
    ledger = located.kind.ledger(value)
    assert ledger is not None  # locate() follows an account without a ledger to its money
    try:
        if request.kind is ApprovalKind.REFUND:
            ledger = ledger.refund(request, effective=today, posted=today)
        else:
            ledger = ledger.write_off(request, effective=today, posted=today)
    except LedgerError as error:
        raise ApprovalError(f"{request.id} cannot be posted: {error}") from None
    return located.kind.with_ledger(value, ledger)


def _store_request(cash: CashRecords, located: Located, value: Any, record: RequestRecord,
                   today: dt.date) -> Stored[RequestRecord]:
    """Store the request; post it now if no second officer is needed."""
    if record.request.ready:
        value = _post(located, value, record.request, today)
        record = attrs.evolve(record, entry=located.kind.ledger(value).last.id)
        value = note_refund_letter(value, record)
    if value is not located.stored.value:
        _save(cash, located, value)
    return cash.requests.add(record)


def _closed(located: Located, today: dt.date) -> Any | None:
    """The account with its ledger closed if its liability has ended (None if still open)."""
    kind, value = located.kind, located.stored.value
    if located.ledger.closed_on is not None:
        return value
    end = kind.liability_ended(value)
    if end is None or end >= today:
        return None
    return kind.with_ledger(value, located.ledger.close(end))


def _interest_since_last_refund(ledger: Ledger) -> Decimal:
    """Interest on repayments credited to the ledger since its last refund (business rates after a
    backdated reduction, :mod:`revtui.services.rating_schedule`): the refund pays it out with the credit."""
    interest = ZERO
    for entry in ledger.entries:
        if entry.kind is EntryKind.REFUND:
            interest = ZERO
        elif entry.kind is EntryKind.TRANSFER and entry.counterpart == INTEREST_FROM and not ledger.is_reversed(entry.id):
            interest -= entry.amount
    return max(interest, ZERO)


def _open_refund(cash: CashRecords, reference: str) -> RequestRecord | None:
    for stored in cash.requests.find("account", reference):
        record = stored.value
        if record.request.kind is ApprovalKind.REFUND and not record.entry and record.request.decision is None:
            return record
    return None


def payee_from(method: str, name: str, sort_code: str = "", account_number: str = "",
               address: str = "") -> Payee:
    """A payee from what an officer typed: ``bacs`` with the sort code and account number (checked as
    a Direct Debit payer's are), or ``cheque`` with the address (lines separated by commas)."""
    how = method.strip().lower()
    try:
        if how == "bacs":
            return bacs_payee(sort_code, account_number, name)
        if how == "cheque":
            return cheque_payee(name, [line for line in address.split(",")])
    except PayeeError as error:
        raise ApprovalError(f"payee: {error}") from None
    raise ApprovalError(f"pay by: {method!r}: type bacs (to a bank account) or cheque")


def account_payee(cash: CashRecords, reference: str) -> Payee:
    """A cheque to the account's payer at its postal address: the batch's refund when no other
    payee was given (an officer can refuse it and raise one by BACS instead)."""
    located = _account(cash, reference)
    value = located.stored.value
    try:
        return cheque_payee(located.kind.names(value), located.kind.postal_address(cash.store, value))
    except PayeeError as error:
        raise ApprovalError(f"{reference}: {error}") from None


def request_refund(cash: CashRecords, reference: str, *, today: dt.date, officer: str, payee: Payee | None,
                   amount: Decimal | None = None, reason: str = "",
                   limits: OfficerLimits | None = None) -> Stored[RequestRecord]:
    """Ask for a refund of ``amount`` (the whole credit if not given) on an account of any kind in
    credit, paid to ``payee`` (required: :func:`revcore.refunds.bacs_payee` or ``cheque_payee``).

    A closed account's credit needs no reason (it says so); an open account's needs one.
    ``limits`` are the officer's (their session's); an officer's by default.
    """
    if payee is None:
        raise ApprovalError("payee: say who the refund is paid to and how (BACS to a bank account, or a cheque "
                            "to a name and address)")
    first = ledger_settings(today).limits  # makes the request; the officer's limits then decide if it waits
    with cash.store.change(f"refund requested on {reference}", user=officer):
        located = _account(cash, reference)
        waiting = _open_refund(cash, located.reference)
        if waiting is not None:
            raise ApprovalError(f"{reference}: refund {waiting.request.id} of {format_money(waiting.request.amount)} "
                                "is already waiting for a decision")
        value = _closed(located, today) or located.stored.value
        ledger = located.kind.ledger(value)
        credit = -ledger.balance
        if credit <= 0:
            raise ApprovalError(f"{reference} is not in credit (balance {format_money(ledger.balance)})")
        request_id = _next_id(cash, ApprovalKind.REFUND, located.reference)
        if amount is None and ledger.closed_on is not None and not reason:
            request = ledger.refund_request(request_id, today, officer, first)
            assert request is not None
        else:
            if not reason.strip():
                raise ApprovalError("reason: say why the refund is due")
            request = _refund(request_id, located.reference,
                              to_money(amount if amount is not None else credit, where="amount"),
                              reason, officer, today, first)
        record = RequestRecord(_with_limits(cash, request, limits), payee=payee,
                               interest=min(request.amount, _interest_since_last_refund(ledger)))
        return _store_request(cash, located, value, record, today)


def request_refunds_for_closed_accounts(cash: CashRecords, *, today: dt.date, officer: str,
                                        limits: OfficerLimits | None = None,
                                        not_raised: list[str] | None = None) -> list[Stored[RequestRecord]]:
    """Every closed account of any kind left in credit without a refund request gets one, paid by
    cheque to the payer at the account's postal address (a batch job). An account with no address
    to send it to is left, with the reason added to ``not_raised``."""
    made = []
    for kind in KINDS:
        for stored in kind.repository(cash.store):  # every account, a page at a time
            ledger = kind.ledger(stored.value)
            if ledger is None or ledger.balance >= 0:
                continue
            reference = kind.reference(stored.value)
            if _closed(Located(reference, kind, stored), today) is None or _open_refund(cash, reference):
                continue
            try:
                payee = account_payee(cash, reference)
            except ApprovalError as error:
                if not_raised is not None:
                    not_raised.append(f"{error}: raise its refund in the application")
                continue
            made.append(request_refund(cash, reference, today=today, officer=officer, payee=payee, limits=limits))
    return made


def write_off_category(code: str) -> WriteOffCategory:
    """The council's write-off category ``code`` (``write_off_categories.toml``), or a message listing them."""
    categories = write_off_categories()
    rule = categories.get(code.strip().lower().replace(" ", "_").replace("-", "_"))
    if rule is None:
        known = "; ".join(f"{c} ({r.label})" for c, r in categories.items())
        what = f"{code!r} is not a write-off category" if code.strip() else "say why the debt is written off"
        raise ApprovalError(f"category: {what}: one of {known}")
    return WriteOffCategory(rule.code, rule.label)


def request_write_off(cash: CashRecords, reference: str, year: FinancialYear, amount: Decimal, reason: str, *,
                      today: dt.date, officer: str, write_off: str, category: Category = Category.CHARGE,
                      limits: OfficerLimits | None = None) -> Stored[RequestRecord]:
    """Ask to write off ``amount`` of ``year``'s charge (or costs) on an account of any kind, in the
    write-off category ``write_off`` (required, :func:`write_off_category`); above the limits a
    second officer decides."""
    grounds = write_off_category(write_off)
    first = ledger_settings(today).limits  # makes the request; the officer's limits then decide if it waits
    with cash.store.change(f"write-off requested on {reference}", user=officer):
        located = _account(cash, reference)
        owed = located.ledger.balance_of(year, category)
        amount = to_money(amount, where="amount")
        if amount > owed:
            raise ApprovalError(f"{reference}: {year} {category.value} owes only {format_money(owed)}, "
                                f"not {format_money(amount)}")
        request = _write_off(_next_id(cash, ApprovalKind.WRITE_OFF, located.reference), located.reference, year,
                             amount, reason, officer, today, first, category=category)
        record = RequestRecord(_with_limits(cash, request, limits), write_off_category=grounds)
        return _store_request(cash, located, located.stored.value, record, today)


def _by_id(cash: CashRecords, request_id: str) -> Stored[RequestRecord]:
    stored = cash.requests.find_one("id", request_id)
    if stored is None:
        raise ApprovalError(f"no request {request_id}")
    return stored


def decide_request(cash: CashRecords, request_id: str, *, today: dt.date, officer: str, approve: bool,
                   note: str = "") -> Stored[RequestRecord]:
    """A second officer approves (and so posts) or refuses a request; never the one who asked."""
    verb = "approved" if approve else "refused"
    with cash.store.change(f"request {request_id} {verb}", user=officer):
        stored = _by_id(cash, request_id)
        record = stored.value
        if same_officer(record.request.requested_by, officer):
            raise ApprovalError(f"{record.request.kind.value} {request_id}: {officer} asked for it and cannot also "
                                "authorise it; a second officer must decide")
        if not record.request.needs_second_officer:
            raise ApprovalError(f"{request_id} was within the officer's limit and needs no authorisation")
        request = decide(record.request, officer, today, approve=approve, note=note)
        record = attrs.evolve(record, request=request)
        if request.ready:
            located = _account(cash, request.account)
            posted = _post(located, located.stored.value, request, today)
            record = attrs.evolve(record, entry=located.kind.ledger(posted).last.id)
            _save(cash, located, note_refund_letter(posted, record))
        return cash.requests.save(stored, record)


def pending_requests(cash: CashRecords) -> list[Stored[RequestRecord]]:
    """Requests waiting for a second officer, oldest first."""
    return cash.requests.find("state", "pending")
