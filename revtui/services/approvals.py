"""Refunds and write-offs: asked for by one officer, authorised by a second above the council's
limits (``data/ledger.toml``). Requests are kept in the ``approvals`` repository; one within the
officer's own limit is posted at once, one above it waits in the approvals queue."""

from __future__ import annotations

import attrs

from refdata.ledger import ledger_settings
from revcore.approvals import ApprovalError, ApprovalKind, ApprovalRequest, decide, request_refund, request_write_off
from revcore.ledger import Ledger, LedgerError
from revcore.money import format_money
from revcore.periods import FinancialYear, PeriodError
from revtui.records import CtaxAccount
from revtui.services.account_actions import parse_amount
from revtui.services.changes import ActionError, Proposal, Write
from revtui.services.session import Session
from revtui.store import Index, Repository, Store, Stored

__all__ = ["approvals_repository", "propose_refund", "propose_write_off", "waiting", "decide_request"]

_REPOSITORIES: dict[int, Repository[ApprovalRequest]] = {}


def _waiting(doc: dict) -> list[str]:
    return ["waiting"] if doc.get("decision") is None and doc.get("needs_second_officer") else []


def approvals_repository(store: Store) -> Repository[ApprovalRequest]:
    key = id(store)
    if key not in _REPOSITORIES or _REPOSITORIES[key].store is not store:
        _REPOSITORIES[key] = Repository(store, "approvals", ApprovalRequest,
                                        indexes=[Index.field("id"), Index.field("account"), Index("queue", _waiting)])
    return _REPOSITORIES[key]


def _next_id(session: Session) -> str:
    return f"A{len(approvals_repository(session.store)) + 1:06d}"


def _post(ledger: Ledger, request: ApprovalRequest, session: Session) -> Ledger:
    try:
        if request.kind is ApprovalKind.REFUND:
            return ledger.refund(request, effective=session.today, posted=session.today)
        return ledger.write_off(request, effective=session.today, posted=session.today)
    except LedgerError as error:
        raise ActionError(str(error)) from None


def _proposal(session: Session, account: CtaxAccount, request: ApprovalRequest) -> Proposal:
    if request.ready:
        ledger = _post(account.ledger, request, session)
        effect = (f"{request.explain()}\nPosted now. Balance {format_money(account.ledger.balance)} -> "
                  f"{format_money(ledger.balance)}")
        changed = attrs.evolve(account, ledger=ledger)
    else:
        effect = f"{request.explain()}\nNothing is posted until a second officer authorises it."
        changed = account
    return Proposal(f"{request.kind.value.replace('_', '-')} {request.id}", changed, effect,
                    f"{request.kind.value} {request.id} asked for: {request.reason}",
                    writes=(Write(approvals_repository, None, request),))


def propose_refund(session: Session, account: CtaxAccount, amount_text: str, reason: str) -> Proposal:
    amount = parse_amount(amount_text, "amount")
    if -account.ledger.balance < amount:
        raise ActionError(f"amount: the account's credit is {format_money(max(-account.ledger.balance, 0))}; "
                          f"{format_money(amount)} cannot be refunded")
    limits = ledger_settings(session.today).limits
    try:
        request = request_refund(_next_id(session), account.reference, amount, reason.strip(), session.officer,
                                 session.today, limits)
    except ApprovalError as error:
        raise ActionError(str(error)) from None
    return _proposal(session, account, request)


def propose_write_off(session: Session, account: CtaxAccount, year_text: str, amount_text: str, reason: str) -> Proposal:
    amount = parse_amount(amount_text, "amount")
    try:
        year = FinancialYear.parse(year_text.strip())
    except (PeriodError, ValueError):
        raise ActionError(f"year: {year_text!r} is not a financial year (type 2026/27)") from None
    owed = account.ledger.balance_of(year)
    if amount > owed:
        raise ActionError(f"amount: {year.label} owes {format_money(owed)}; {format_money(amount)} is more")
    limits = ledger_settings(session.today).limits
    try:
        request = request_write_off(_next_id(session), account.reference, year, amount, reason.strip(),
                                    session.officer, session.today, limits)
    except ApprovalError as error:
        raise ActionError(str(error)) from None
    return _proposal(session, account, request)


def waiting(session: Session) -> list[Stored[ApprovalRequest]]:
    """Requests waiting for a second officer, oldest first."""
    return approvals_repository(session.store).find("queue", "waiting")


def decide_request(session: Session, stored: Stored[ApprovalRequest], *, approve: bool, note: str = "") -> str:
    """The second officer's decision, saved with the posting it allows, in one transaction.

    :raises ActionError: the same officer, already decided, or the ledger refuses it now.
    :raises ConflictError: the request or the account changed meanwhile; nothing is saved.
    """
    try:
        decided = decide(stored.value, session.officer, session.today, approve=approve, note=note)
    except ApprovalError as error:
        raise ActionError(str(error)) from None
    verb = "authorised" if approve else "refused"
    with session.store.change(f"{decided.kind.value} {decided.id} {verb}: {note or 'second officer'}",
                              user=session.officer):
        approvals_repository(session.store).save(stored, decided)
        if approve:
            account = session.records.accounts.find_one("reference", decided.account)
            if account is None:
                raise ActionError(f"{decided.id}: account {decided.account} is not in the store")
            session.records.accounts.save(account, attrs.evolve(account.value,
                                                                ledger=_post(account.value.ledger, decided, session)))
    return decided.explain()
