"""The officer's cash actions on one account, through the payments services: a refund or
write-off request, setting up or cancelling a Direct Debit, placing a suspense item, deciding a
request. Each is previewed first (nothing saved); confirming calls the service, which saves in
its own transaction. The services' refusals come back as :class:`ActionError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from refdata.bacs import load_collection_days
from revcore.approvals import ApprovalError, ApprovalKind
from revcore.directdebit import DirectDebitError, MandateStatus, earliest_collection_date, parse_bank_account
from revcore.money import format_money
from revcore.periods import FinancialYear, PeriodError
from revtui.records.ctax import CtaxAccount
from revtui.services import approvals, directdebit, payments, refund_letters
from revtui.services.account_actions import parse_amount
from revtui.services.changes import ActionError, Proposal
from revtui.services.permissions import require
from revtui.services.session import Session

__all__ = [
    "propose_refund",
    "propose_write_off",
    "propose_direct_debit",
    "collection_days",
    "propose_cancel_direct_debit",
    "place_suspense",
    "decide",
]

_REFUSED = (ApprovalError, DirectDebitError, payments.PaymentsError)


def _refusing(call: Callable[[Session], Any]) -> Callable[[Session], Any]:
    def apply(session: Session) -> Any:
        try:
            return call(session)
        except _REFUSED as error:
            raise ActionError(str(error)) from None
    return apply


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ActionError("reason: say why (recorded in the audit trail)")
    return reason.strip()


def _limit_text(session: Session, kind: ApprovalKind, reference: str, amount) -> str:
    why = approvals.needs_second_officer(session.cash, kind, reference, amount, today=session.today,
                                         officer=session.officer, limits=session.limits)
    if why:
        return f"{why[0].upper()}{why[1:]}: it waits for a senior officer; nothing is posted until then."
    return "Within your limits: posted at once."


def propose_refund(session: Session, account: CtaxAccount, amount_text: str, reason: str,
                   payee: dict[str, str]) -> Proposal:
    """``payee``: the form's method (bacs or cheque), name, sort code and account number, or address."""
    require(session, "refund.request")
    amount = parse_amount(amount_text, "amount")
    try:
        paid_to = approvals.payee_from(payee.get("method", ""), payee.get("payee", ""), payee.get("sort_code", ""),
                                       payee.get("account_number", ""), payee.get("address", ""))
    except ApprovalError as error:
        raise ActionError(str(error)) from None
    credit = -account.ledger.balance
    if credit < amount:
        raise ActionError(f"amount: the account's credit is {format_money(max(credit, 0))}; "
                          f"{format_money(amount)} cannot be refunded")
    why = _reason(reason)
    effect = (f"Refund of {format_money(amount)} from a credit of {format_money(credit)}, "
              f"{paid_to.describe()}.\n{_limit_text(session, ApprovalKind.REFUND, account.reference, amount)}")
    return Proposal(f"Refund request: {account.reference}", account, effect, f"refund requested: {why}",
                    apply=_refusing(lambda s: approvals.request_refund(
                        s.cash, account.reference, today=s.today, officer=s.officer, payee=paid_to, amount=amount,
                        reason=why, limits=s.limits)))


def propose_write_off(session: Session, account: CtaxAccount, year_text: str, amount_text: str,
                      reason: str, category: str) -> Proposal:
    require(session, "write_off.request")
    amount = parse_amount(amount_text, "amount")
    try:
        grounds = approvals.write_off_category(category)
    except ApprovalError as error:
        raise ActionError(str(error)) from None
    try:
        year = FinancialYear.parse(year_text.strip())
    except (PeriodError, ValueError):
        raise ActionError(f"year: {year_text!r} is not a financial year (type 2026/27)") from None
    owed = account.ledger.balance_of(year)
    if amount > owed:
        raise ActionError(f"amount: {year.label} owes {format_money(owed)}; {format_money(amount)} is more")
    why = _reason(reason)
    effect = (f"Write off {format_money(amount)} of {year.label} (owing {format_money(owed)}), "
              f"{grounds.label}.\n"
              f"{_limit_text(session, ApprovalKind.WRITE_OFF, account.reference, amount)}")
    return Proposal(f"Write-off request: {account.reference}", account, effect, f"write-off requested: {why}",
                    apply=_refusing(lambda s: approvals.request_write_off(
                        s.cash, account.reference, year, amount, why, today=s.today, officer=s.officer,
                        write_off=grounds.code, limits=s.limits)))


def collection_days(session: Session) -> tuple[int, ...]:
    """The days of the month the council offers for Direct Debit collections (council data)."""
    return load_collection_days(session.tariff.council.code)


def propose_direct_debit(session: Session, account: CtaxAccount, sort_code: str, account_number: str,
                         name: str, day_text: str | None = None) -> Proposal:
    """``day_text``: the collection day the payer chose from those the council offers (council tax)."""
    require(session, "direct_debit.manage")
    current = account.direct_debit
    if current is not None and current.mandate.status is not MandateStatus.CANCELLED:
        raise ActionError(f"{account.reference} already has mandate {current.mandate.reference} "
                          f"({current.mandate.status.value}): cancel it first")
    try:
        payer = parse_bank_account(sort_code, account_number, name)
    except DirectDebitError as error:
        raise ActionError(str(error)) from None
    day = None if day_text is None else _collection_day(session, day_text)
    effect = (f"Direct Debit for {account.reference} from {payer.name}, sort code {payer.sort_code}, account "
              f"****{payer.account_number[-4:]}.\nThe instruction goes to the bank (AUDDIS 0N) with the next run; "
              f"the first collection can be on {earliest_collection_date(session.today).isoformat()} or later, "
              "after the advance notice.")
    if day is not None:
        effect += f"\nCollected on day {day} of each month" + (
            "." if day == account.instalment_day else
            f" (was day {account.instalment_day}): the remaining instalments move to it by a revised instalment "
            "notice; any due within the notice period keep their dates.")
    return Proposal(f"Direct Debit: {account.reference}", account, effect, "Direct Debit set up",
                    apply=_refusing(lambda s: directdebit.set_up_direct_debit(
                        s.cash, account.reference, sort_code, account_number, name, today=s.today,
                        officer=s.officer, collection_day=day)))


def _collection_day(session: Session, text: str) -> int:
    offered = collection_days(session)
    listed = ", ".join(str(d) for d in offered)
    if not text.strip().isdigit() or int(text) not in offered:
        raise ActionError(f"collection day: {text.strip()!r} is not a day the council offers ({listed})")
    return int(text)


def propose_cancel_direct_debit(session: Session, account: CtaxAccount, reason: str) -> Proposal:
    require(session, "direct_debit.manage")
    current = account.direct_debit
    if current is None or current.mandate.status is MandateStatus.CANCELLED:
        raise ActionError(f"{account.reference} has no Direct Debit to cancel")
    why = _reason(reason)
    effect = (f"Mandate {current.mandate.reference} ({current.mandate.status.value}) is cancelled; the account "
              "pays by other means from now.")
    return Proposal(f"Cancel Direct Debit: {account.reference}", account, effect, f"Direct Debit cancelled: {why}",
                    apply=_refusing(lambda s: directdebit.cancel_direct_debit(
                        s.cash, account.reference, today=s.today, officer=s.officer, reason=why)))


def propose_instalments(session: Session, account: CtaxAccount, instalments: str, reason: str) -> Proposal:
    """The payer asks for 10 or 12 monthly instalments (12 on request: SI 1992/613 Sch 1 para
    1(2A), England); each year not ended is re-profiled by a revised instalment notice."""
    require(session, "account.change")
    wanted = instalments.strip()
    if wanted not in ("10", "12"):
        raise ActionError(f"instalments: {instalments!r}: type 10 or 12")
    if account.preference.plan.value == wanted:
        raise ActionError(f"{account.reference} already pays by {wanted} instalments")
    why = _reason(reason)
    effect = (f"{account.reference} pays by {wanted} instalments from now: each year not ended is re-profiled from "
              f"the next instalment, by a revised instalment notice (the charge does not change).")
    return Proposal(f"{wanted} instalments: {account.reference}", account, effect, f"{wanted} instalments: {why}",
                    apply=_refusing(lambda s: directdebit.choose_instalments(
                        s.cash, account.reference, int(wanted), today=s.today, officer=s.officer, reason=why)))


def place_suspense(session: Session, doc_id: int, reference: str) -> str:
    """Place a suspense item on the account the officer traced it to; says what was posted."""
    require(session, "suspense.place")
    try:
        placed = payments.allocate_suspense(session.cash, doc_id, reference.strip().upper(), today=session.today,
                                            officer=session.officer)
    except _REFUSED as error:
        raise ActionError(str(error)) from None
    item = placed.value
    return f"{item.source}: {format_money(item.line.signed_amount)} placed on {item.allocated_to}"


def decide(session: Session, request_id: str, *, approve: bool) -> str:
    """A second officer (an authoriser, not the one who asked) authorises or refuses a waiting request."""
    require(session, "request.decide")
    try:
        decided = approvals.decide_request(session.cash, request_id, today=session.today, officer=session.officer,
                                           approve=approve)
    except _REFUSED as error:
        raise ActionError(str(error)) from None
    letter = refund_letters.letter_run(session.store, decided.value)
    return decided.value.request.explain() + (f"; {letter}" if letter else "")
