"""The payment file of approved refunds for the council's finance system, each refund once.

One CSV line a refund posted (within an officer's limit, or authorised by a second officer) on or
before the file's day and not yet sent in an earlier file. The refunds are marked with the file's
name in the same transaction that writes it, so a second run (the same day or later) leaves them
out, and a file that cannot be written marks none.

The sort code and account number are written in full: the finance system makes the BACS payment
from this file, and a masked number cannot be paid. The file is private to the operating-system
user (:mod:`safefiles`) and every cell formula-safe; screens and listings show only the account
number's last four digits (:meth:`revcore.refunds.Payee.describe`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from revcore.approvals import ApprovalKind
from revcore.money import ZERO, format_money
from revtui.records.payments import CashRecords, RequestRecord
from revtui.store import Stored
from safefiles import csv_text, write_private

__all__ = ["HEADER", "RefundPaymentFile", "posted_on", "refunds_to_pay", "write_refund_payment_file"]

HEADER = ("request", "account", "payee", "method", "sort_code", "account_number", "address", "amount",
          "of_which_interest", "requested_by", "approved_by", "posted_on")


@attrs.frozen
class RefundPaymentFile:
    path: Path | None
    refunds: tuple[RequestRecord, ...]

    def lines(self) -> list[str]:
        if self.path is None:
            return ["no approved refunds that are not already in a payment file: no file written"]
        total = sum((r.request.amount for r in self.refunds), ZERO)
        return [f"{len(self.refunds)} refund(s), {format_money(total)}, written to {self.path} for the finance system"]


def posted_on(record: RequestRecord) -> dt.date:
    """The day a posted refund was paid out: its approval's, or its request's if within the limit."""
    decision = record.request.decision
    return decision.on if decision is not None else record.request.requested_on


def refunds_to_pay(cash: CashRecords, day: dt.date) -> list[Stored[RequestRecord]]:
    """Refunds posted on or before ``day``, with a payee, not yet in a payment file, oldest first."""
    found = [s for s in cash.requests.find("state", "posted")
             if s.value.request.kind is ApprovalKind.REFUND and s.value.payee is not None
             and not s.value.payment_file and posted_on(s.value) <= day]
    return sorted(found, key=lambda s: (posted_on(s.value), s.value.request.id))


def _row(record: RequestRecord) -> tuple[object, ...]:
    request, payee = record.request, record.payee
    assert payee is not None
    bank = payee.bank
    approved = request.authorised_by or f"{request.requested_by} (within their own limit)"
    return (request.id, request.account, payee.name, payee.method.value, bank.sort_code if bank else "",
            bank.account_number if bank else "", ", ".join(payee.address), request.amount, record.interest,
            request.requested_by,
            approved, posted_on(record).isoformat())


def write_refund_payment_file(cash: CashRecords, out: Path, *, day: dt.date, officer: str) -> RefundPaymentFile:
    """Write the refunds due for payment on ``day`` to ``out`` (not overwriting a file there) and
    mark them sent; with none to send, nothing is written."""
    with cash.store.change(f"refund payment file {out.name} for {day.isoformat()}", user=officer):
        due = refunds_to_pay(cash, day)
        if not due:
            return RefundPaymentFile(None, ())
        marked = [cash.requests.save(s, attrs.evolve(s.value, payment_file=out.name)).value for s in due]
        rows = [HEADER, *(_row(record) for record in marked)]
        write_private(out, csv_text(rows), exclusive=True)  # raises before the marks are committed
    return RefundPaymentFile(out, tuple(marked))
