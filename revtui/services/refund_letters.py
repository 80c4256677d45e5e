"""The refund letter, issued because a refund was paid out (posted), with no command of its own.

Posting a council tax or business rates refund (:mod:`revtui.services.approvals`, within the
officer's limit or on a second officer's approval) notes its letter on the account under the
refund's number, in the same transaction as the ledger entry; the print run of the posting day
(``refund_letter``, ``rates_refund_letter``: :func:`revtui.services.notices.draft_print_run`)
builds it, stores it exactly as issued and prints it, as the recovery run's letters are noted and
printed. One refund, one number, one letter: posting notes it once, the run issues it once, and
``notice refund-letter`` issues only a letter not yet stored (a refund posted before letters were
noted, or one its run held back).

An overpaid invoice (a sundry debt, or an HB overpayment once invoiced) keeps no notices of its
own: its refund letter is found by its print run (``sundry_refund_letter``) from the refund alone
and stored under the invoice's number, like the recovery run's letters for invoices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs

from letters import adapters
from letters.model import LocalText, ModelError, Notice, NoticeHeader
from revcore.approvals import ApprovalKind
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revcore.sundry import SundryDebt
from revtui.accounts import locate
from revtui.records.ctax import CtaxAccount, NoticeRecord
from revtui.records.payments import CashRecords, RequestRecord
from revtui.records.rates import RatesAccount
from revtui.services.refund_payments import posted_on
from revtui.store import Store, Stored

__all__ = ["KINDS", "RefundLetterError", "letter_kind", "refund_letter_number", "note_refund_letter",
           "letter_run", "refunds_posted", "refund_notice"]

KINDS = {"refund_letter": CtaxAccount, "rates_refund_letter": RatesAccount, "sundry_refund_letter": SundryDebt}
"""Each refund letter's notice type (and the print run that prints the letters of a day's
refunds), and the kind of account it is written for."""


class RefundLetterError(ValueError):
    """A refund letter that cannot be built: the refund named, with the reason."""


def letter_kind(value: Any) -> str | None:
    """The refund letter an account of this kind gets (None: none)."""
    return next((kind for kind, cls in KINDS.items() if isinstance(value, cls)), None)


def refund_letter_number(record: RequestRecord) -> str:
    """The letter's number: the account and the refund request (``C00012343/refund/RF-C00012343-1``)."""
    return f"{record.request.account}/refund/{record.request.id}"


def _year(ledger: Ledger, record: RequestRecord) -> FinancialYear:
    entry = next((e for e in ledger.entries if e.id == record.entry), None)
    return record.request.year or (entry.year if entry is not None else FinancialYear.containing(posted_on(record)))


def note_refund_letter(value: Any, record: RequestRecord) -> Any:
    """``value`` (the account the refund was just posted on) noting its letter, once, awaiting the
    print run of the posting day. An invoice keeps no notices: its letter is found by its run alone."""
    kind = letter_kind(value)
    posted = record.request.kind is ApprovalKind.REFUND and record.entry
    if kind is None or not hasattr(value, "notices") or not posted:
        return value
    number = refund_letter_number(record)
    if any(n.number == number for n in value.notices):
        return value
    note = NoticeRecord(number, kind, posted_on(record), _year(value.ledger, record).start_year)
    return attrs.evolve(value, notices=(*value.notices, note))


def letter_run(store: Store, record: RequestRecord) -> str:
    """For the officer who posted ``record``: which print run prints its letter ('' for none)."""
    posted = record.request.kind is ApprovalKind.REFUND and record.entry
    located = locate(store, record.request.account) if posted else None
    kind = letter_kind(located.stored.value) if located is not None else None
    if kind is None:
        return ""
    return f"its refund letter is printed by the {kind} print run of {posted_on(record).isoformat()}"


def refunds_posted(cash: CashRecords, day: dt.date) -> Iterator[Stored[RequestRecord]]:
    """The refunds posted (paid out) on ``day``, in the order they were stored."""
    found = [s for s in cash.requests.find("state", "posted")
             if s.value.request.kind is ApprovalKind.REFUND and s.value.entry and posted_on(s.value) == day]
    yield from sorted(found, key=lambda s: s.doc_id)


def refund_notice(header: NoticeHeader, account: CtaxAccount | RatesAccount | SundryDebt, record: RequestRecord, *,
                  welsh: bool) -> Notice:
    """The letter for posted refund ``record`` on ``account``, dated ``header``'s day: the amount (of
    a business rates refund, the interest on repayments in it shown apart), the reason, whom it is
    paid to and how (the bank account's last four digits, or a cheque).

    The reason is the officer's own words (or the engine's, for a closed account's credit), with
    no Welsh of its own: a council printing in Welsh shows it as typed in both versions."""
    request, payee = record.request, record.payee
    if payee is None:
        raise RefundLetterError(f"refund {request.id} records no payee: the letter cannot say how it is paid")
    reason = LocalText(request.reason, request.reason) if welsh else LocalText(request.reason)
    ending = payee.bank.account_number[-4:] if payee.bank else None
    year = _year(account.ledger, record).label
    try:
        if isinstance(account, RatesAccount):
            return adapters.rates_refund_letter(header, year, request.amount, reason, bank_ending=ending,
                                                cheque=payee.bank is None, payee=payee.name, interest=record.interest)
        if isinstance(account, SundryDebt):
            return adapters.sundry_refund_letter(header, year, request.amount, reason, bank_ending=ending,
                                                 cheque=payee.bank is None, payee=payee.name)
        return adapters.refund_letter(header, year, request.amount, reason, bank_ending=ending,
                                      cheque=payee.bank is None, payee=payee.name)
    except ModelError as error:
        raise RefundLetterError(f"refund {request.id}: {error}") from None
