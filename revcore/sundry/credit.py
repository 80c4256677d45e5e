"""Credit notes and cancellations of a sundry invoice, read back from its ledger.

A credit note reduces what the invoice asks for (part, or the whole of what is left of it) by a
negative charge adjustment on the invoice's ledger, in the financial year the invoice is charged
to; the invoice itself stands as raised. A cancellation is the credit note for everything not yet
credited, with the reason the invoice should never have been raised. Both are found again from the
ledger entries' sources, so nothing is held twice. Money already paid stays paid: if a credit
takes the balance below nothing, the credit is for the council's refund process.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.money import format_money, money_sum, to_money
from revcore.sundry.debt import SundryDebt
from revcore.sundry.invoice import InvoiceError

__all__ = ["CreditNote", "credit_notes", "credited", "creditable", "is_cancelled", "credit", "cancel"]

_CREDIT = "credit-note:"
_CANCEL = "cancellation:"


@attrs.frozen
class CreditNote:
    """A credit note as the ledger records it: its number, the invoice, the day, the amount
    (positive: what the debtor no longer owes) and the reason; ``cancellation`` if it cancelled
    the invoice."""

    number: str
    invoice: str
    dated: dt.date
    amount: Decimal
    reason: str
    cancellation: bool = False


def credit_notes(debt: SundryDebt) -> tuple[CreditNote, ...]:
    """The invoice's credit notes and cancellation, in the order given (reversed ones left out)."""
    found = []
    for entry in debt.ledger.entries:
        source = entry.source or ""
        if not source.startswith((_CREDIT, _CANCEL)) or debt.ledger.is_reversed(entry.id):
            continue
        cancelling = source.startswith(_CANCEL)
        number = source.removeprefix(_CANCEL if cancelling else _CREDIT)
        reason = entry.reason.split(": ", 1)[-1]
        found.append(CreditNote(number, debt.invoice.number, entry.effective, -entry.amount, reason, cancelling))
    return tuple(found)


def credited(debt: SundryDebt) -> Decimal:
    return money_sum(note.amount for note in credit_notes(debt))


def creditable(debt: SundryDebt) -> Decimal:
    """What may still be credited: the invoice total less the credits already given."""
    return debt.invoice.total - credited(debt)


def is_cancelled(debt: SundryDebt) -> bool:
    return any(note.cancellation for note in credit_notes(debt))


def _check(debt: SundryDebt, on: dt.date, reason: str) -> str:
    number = debt.invoice.number
    if is_cancelled(debt):
        raise InvoiceError(f"invoice {number} is cancelled: nothing more can be credited")
    if on < debt.invoice.issued:
        raise InvoiceError(f"invoice {number}: {on.isoformat()} is before the invoice date {debt.invoice.issued.isoformat()}")
    if not reason.strip():
        raise InvoiceError(f"invoice {number}: give the reason (it is printed on the credit note)")
    return reason.strip()


def _post(debt: SundryDebt, source: str, amount: Decimal, on: dt.date, reason: str, officer: str,
          posted: dt.date | None) -> SundryDebt:
    number = source.split(":", 1)[1]
    what = "cancellation" if source.startswith(_CANCEL) else "credit note"
    ledger = debt.ledger.adjust(debt.charge_year, -amount, effective=on, posted=posted or on,
                                reason=f"{what} {number}: {reason}", source=source, officer=officer)
    return attrs.evolve(debt, ledger=ledger)


def _next_number(debt: SundryDebt) -> str:
    return f"{debt.invoice.number}-CN{len(credit_notes(debt)) + 1}"


def credit(debt: SundryDebt, amount: Decimal, on: dt.date, reason: str, *, officer: str = "",
           posted: dt.date | None = None) -> SundryDebt:
    """The debt with a credit note for ``amount`` (no more than :func:`creditable`)."""
    reason = _check(debt, on, reason)
    amount = to_money(amount, where=f"invoice {debt.invoice.number} credit note")
    left = creditable(debt)
    if amount <= 0:
        raise InvoiceError(f"invoice {debt.invoice.number}: a credit note must be for more than nothing")
    if amount > left:
        raise InvoiceError(f"invoice {debt.invoice.number}: {format_money(amount)} is more than the "
                           f"{format_money(left)} of the invoice not yet credited")
    return _post(debt, _CREDIT + _next_number(debt), amount, on, reason, officer, posted)


def cancel(debt: SundryDebt, on: dt.date, reason: str, *, officer: str = "",
           posted: dt.date | None = None) -> SundryDebt:
    """The debt cancelled: everything not yet credited is credited, with ``reason``."""
    reason = _check(debt, on, reason)
    left = creditable(debt)
    if left <= 0:
        raise InvoiceError(f"invoice {debt.invoice.number}: already credited in full; nothing to cancel")
    return _post(debt, _CANCEL + _next_number(debt), left, on, reason, officer, posted)
