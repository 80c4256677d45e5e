"""Refunds and write-offs in the store, with a second officer's authorisation above the limits.

A request records who asked and when (:mod:`revcore.approvals`). Within the officer's limits
(:mod:`revtui.services.limits`: one request, and the day's totals on the account and by the
officer, of what was posted without a second officer) it is posted to the ledger at once;
above any of them, it waits until a different officer approves it (:func:`decide_request`),
and approval posts it, in the same transaction as the decision. A refusal is recorded too.
"Different" is compared case-insensitively. That the deciding officer holds the authoriser role
is checked by the callers (the commands and the screens, :mod:`revtui.services.permissions`).

A credit left on a closed account (the liability ended) becomes a refund request
(:func:`request_refunds_for_closed_accounts`, a batch job, or :func:`request_refund` for one).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from refdata.ledger import ledger_settings
from revcore.approvals import ApprovalError, ApprovalKind, ApprovalRequest, decide, request_refund as _refund
from revcore.approvals import request_write_off as _write_off
from revcore.entries import Category
from revcore.ledger import LedgerError
from revcore.money import format_money, to_money
from revcore.periods import FinancialYear
from revtui.accounts import locate
from revtui.records.ctax import CtaxAccount
from revtui.records.payments import CashRecords, RequestRecord
from revtui.identity import same_officer
from revtui.services.limits import OfficerLimits, default_limits, within
from revtui.store import Stored

__all__ = [
    "ApprovalError",
    "request_refund",
    "request_refunds_for_closed_accounts",
    "request_write_off",
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


def _account(cash: CashRecords, reference: str) -> Stored[CtaxAccount]:
    """The account (of any kind: an HB overpayment's write-off, say) holding ``reference``'s ledger;
    each kind's account keeps its ledger as ``ledger``, so posting below is the same for all."""
    if reference[:1] != "C":
        located = locate(cash.store, reference)
        if located is None:
            raise ApprovalError(f"no account {reference}")
        return located.stored
    stored = cash.accounts.find_one("reference", reference)
    if stored is None:
        raise ApprovalError(f"no account {reference}")
    return stored


def _save(cash: CashRecords, reference: str, stored: Stored[CtaxAccount], account: CtaxAccount) -> None:
    if reference[:1] != "C":
        located = locate(cash.store, reference)
        assert located is not None  # found by _account in the same transaction
        located.kind.repository(cash.store).save(stored, account)
    else:
        cash.accounts.save(stored, account)


def _next_id(cash: CashRecords, kind: ApprovalKind, reference: str) -> str:
    prefix = "RF" if kind is ApprovalKind.REFUND else "WO"
    return f"{prefix}-{reference}-{len(cash.requests.find('account', reference)) + 1}"


def _post(account: CtaxAccount, request: ApprovalRequest, today: dt.date) -> CtaxAccount:
    try:
        if request.kind is ApprovalKind.REFUND:
            ledger = account.ledger.refund(request, effective=today, posted=today)
        else:
            ledger = account.ledger.write_off(request, effective=today, posted=today)
    except LedgerError as error:
        raise ApprovalError(f"{request.id} cannot be posted: {error}") from None
    return attrs.evolve(account, ledger=ledger)


def _store_request(cash: CashRecords, stored: Stored[CtaxAccount], account: CtaxAccount, request: ApprovalRequest,
                   today: dt.date) -> Stored[RequestRecord]:
    """Store the request; post it now if no second officer is needed."""
    if request.ready:
        account = _post(account, request, today)
        record = RequestRecord(request, account.ledger.last.id)
    else:
        record = RequestRecord(request)
    if account is not stored.value:
        _save(cash, request.account, stored, account)
    return cash.requests.add(record)


def _closed(account: CtaxAccount, today: dt.date) -> CtaxAccount | None:
    """The account with its ledger closed if its liability has ended (None if still open)."""
    if account.ledger.closed_on is not None:
        return account
    end = account.liability.end
    if end is None or end >= today:
        return None
    return attrs.evolve(account, ledger=account.ledger.close(end))


def _open_refund(cash: CashRecords, reference: str) -> RequestRecord | None:
    for stored in cash.requests.find("account", reference):
        record = stored.value
        if record.request.kind is ApprovalKind.REFUND and not record.entry and record.request.decision is None:
            return record
    return None


def request_refund(cash: CashRecords, reference: str, *, today: dt.date, officer: str,
                   amount: Decimal | None = None, reason: str = "",
                   limits: OfficerLimits | None = None) -> Stored[RequestRecord]:
    """Ask for a refund of ``amount`` (the whole credit if not given) on an account in credit.

    A closed account's credit needs no reason (it says so); an open account's needs one.
    ``limits`` are the officer's (their session's); an officer's by default.
    """
    first = ledger_settings(today).limits  # makes the request; the officer's limits then decide if it waits
    with cash.store.change(f"refund requested on {reference}", user=officer):
        stored = _account(cash, reference)
        waiting = _open_refund(cash, reference)
        if waiting is not None:
            raise ApprovalError(f"{reference}: refund {waiting.request.id} of {format_money(waiting.request.amount)} "
                                "is already waiting for a decision")
        account = _closed(stored.value, today) or stored.value
        credit = -account.ledger.balance
        if credit <= 0:
            raise ApprovalError(f"{reference} is not in credit (balance {format_money(account.ledger.balance)})")
        request_id = _next_id(cash, ApprovalKind.REFUND, reference)
        if amount is None and account.ledger.closed_on is not None and not reason:
            request = account.ledger.refund_request(request_id, today, officer, first)
            assert request is not None
        else:
            if not reason.strip():
                raise ApprovalError("reason: say why the refund is due")
            request = _refund(request_id, reference, to_money(amount if amount is not None else credit, where="amount"),
                              reason, officer, today, first)
        return _store_request(cash, stored, account, _with_limits(cash, request, limits), today)


def request_refunds_for_closed_accounts(cash: CashRecords, *, today: dt.date, officer: str,
                                        limits: OfficerLimits | None = None) -> list[Stored[RequestRecord]]:
    """Every closed account left in credit without a refund request gets one (a batch job)."""
    made = []
    for stored in cash.accounts:  # every account, a page at a time
        account = stored.value
        if account.ledger.balance >= 0 or _closed(account, today) is None or _open_refund(cash, account.reference):
            continue
        made.append(request_refund(cash, account.reference, today=today, officer=officer, limits=limits))
    return made


def request_write_off(cash: CashRecords, reference: str, year: FinancialYear, amount: Decimal, reason: str, *,
                      today: dt.date, officer: str, category: Category = Category.CHARGE,
                      limits: OfficerLimits | None = None) -> Stored[RequestRecord]:
    """Ask to write off ``amount`` of ``year``'s charge (or costs); above the limits a second officer decides."""
    first = ledger_settings(today).limits  # makes the request; the officer's limits then decide if it waits
    with cash.store.change(f"write-off requested on {reference}", user=officer):
        stored = _account(cash, reference)
        owed = stored.value.ledger.balance_of(year, category)
        amount = to_money(amount, where="amount")
        if amount > owed:
            raise ApprovalError(f"{reference}: {year} {category.value} owes only {format_money(owed)}, "
                                f"not {format_money(amount)}")
        request = _write_off(_next_id(cash, ApprovalKind.WRITE_OFF, reference), reference, year, amount, reason,
                             officer, today, first, category=category)
        return _store_request(cash, stored, stored.value, _with_limits(cash, request, limits), today)


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
            account = _account(cash, request.account)
            posted = _post(account.value, request, today)
            _save(cash, request.account, account, posted)
            record = attrs.evolve(record, entry=posted.ledger.last.id)
        return cash.requests.save(stored, record)


def pending_requests(cash: CashRecords) -> list[Stored[RequestRecord]]:
    """Requests waiting for a second officer, oldest first."""
    return cash.requests.find("state", "pending")
