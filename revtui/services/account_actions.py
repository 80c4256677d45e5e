"""The smaller officer actions on one account: a note, a payment or its reversal, a band change,
a discount awarded or ended. Each gives a :class:`~revtui.services.changes.Proposal`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from refdata.ledger import ledger_settings
from revcore.council import BANDS
from revcore.ctax import AddDiscount, BandChange, CtaxError, DiscountReason, EndDiscount, Property, counted_on
from revcore.ledger import LedgerError
from revcore.money import format_money
from revcore.sundry import SundryDebt
from revtui.accounts.ctax import COUNCIL_TAX
from revtui.accounts.registry import kind_of_reference
from revtui.records.ctax import CtaxAccount, Note, NoticeRecord
from revtui.services.changes import ActionError, Proposal, Write, parse_day, rebill
from revtui.services.session import Session
from revtui.store import Stored

__all__ = [
    "propose_note",
    "propose_letter",
    "propose_payment",
    "propose_reversal",
    "propose_band_change",
    "propose_discount",
    "propose_end_discount",
    "parse_amount",
    "stored_reference",
    "with_change",
]


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ActionError("reason: say why (recorded in the audit trail)")
    return reason.strip()


def parse_amount(text: str, field: str) -> Decimal:
    """Pounds and pence as typed ("12", "12.50", "£1,200.00"); positive."""
    cleaned = text.strip().replace("£", "").replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ActionError(f"{field}: {text!r} is not an amount of money") from None
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ActionError(f"{field}: {text!r} must be more than nothing, in pounds and pence")
    return amount.quantize(Decimal("0.01"))


def propose_note(session: Session, account: CtaxAccount, text: str) -> Proposal:
    if not text.strip():
        raise ActionError("note: write something")
    note = Note(session.today, session.officer, text.strip())
    return Proposal(f"Note on {account.reference}", attrs.evolve(account, notes=(*account.notes, note)),
                    f"Adds the note:\n{note.text}", f"note added: {text.strip()[:60]}")


def propose_letter(session: Session, account: CtaxAccount, direction: str, subject: str, day_text: str,
                   document: str) -> Proposal:
    """A letter sent (kept with the notices issued) or received (kept as a note)."""
    direction = direction.strip().lower()
    if direction not in ("sent", "received"):
        raise ActionError("sent or received: type sent or received")
    if not subject.strip():
        raise ActionError("subject: say what the letter is about")
    day = parse_day(day_text, "date") if day_text.strip() else session.today
    if day > session.today:
        raise ActionError(f"date: {day.isoformat()} is in the future")
    if direction == "received":
        note = Note(day, session.officer, f"letter received: {subject.strip()}"
                    + (f" (scanned: {document.strip()})" if document.strip() else ""))
        changed = attrs.evolve(account, notes=(*account.notes, note))
        effect = f"Adds the note:\n{note.text}"
    else:
        number = f"{account.reference}-L{len(account.notices) + 1}"
        notice = NoticeRecord(number, f"letter: {subject.strip()}", day, None, document.strip() or None)
        changed = attrs.evolve(account, notices=(*account.notices, notice))
        effect = f"Records letter {number} sent {day.isoformat()}: {subject.strip()}"
    return Proposal(f"Letter {direction}: {account.reference}", changed, effect,
                    f"letter {direction} {day.isoformat()}: {subject.strip()}")


def propose_payment(session: Session, account: Any, amount_text: str, received_text: str,
                    method: str, reason: str, stored: Stored[Any] | None = None) -> Proposal:
    """A payment taken by an officer on an account of any kind (:mod:`revtui.accounts`), allocated
    by the council's ledger policy as the payment files' are. A council tax account is the
    proposal's account; any other kind's ``stored`` document is written back with the new ledger."""
    kind = COUNCIL_TAX if isinstance(account, CtaxAccount) else kind_of_reference(stored_reference(account))
    before = kind.ledger(account)
    if before is None:
        raise ActionError(f"{kind.reference(account)}: its money is kept on its invoice; take the payment there")
    amount = parse_amount(amount_text, "amount")
    received = parse_day(received_text, "received on") if received_text.strip() else session.today
    if received > session.today:
        raise ActionError(f"received on: {received.isoformat()} is in the future")
    policy = ledger_settings(received).policy
    try:
        ledger = before.pay(amount, effective=received, posted=session.today,
                            reason=f"{method or 'payment'}: {_reason(reason)}", policy=policy,
                            officer=session.officer)
    except LedgerError as error:
        raise ActionError(str(error)) from None
    entry = ledger.last
    lines = "\n".join(f"  {p}" for p in entry.postings)
    reference = kind.reference(account)
    effect = (f"Payment of {format_money(amount)} received {received.isoformat()}, allocated "
              f"({policy.rule}):\n{lines}\nBalance {format_money(before.balance)} -> {format_money(ledger.balance)}")
    title, why = f"Payment to {reference}", f"payment of {format_money(amount)} posted: {reason.strip()}"
    changed = kind.with_ledger(account, ledger)
    if kind is COUNCIL_TAX:
        return Proposal(title, changed, effect, why)
    if stored is None:
        raise ValueError("a payment to an account of another kind needs the account as read")
    return Proposal(title, None, effect, why, writes=(Write(kind.repository, stored, changed),))


def stored_reference(account: Any) -> str:
    """The reference of an account of any kind (a sundry debt's is its invoice number)."""
    return str(account.invoice.number) if isinstance(account, SundryDebt) else str(account.reference)


def propose_reversal(session: Session, account: CtaxAccount, entry_id: str, reason: str) -> Proposal:
    entry_id = entry_id.strip()
    if "/" not in entry_id:
        entry_id = f"{account.reference}/{entry_id}"
    try:
        ledger = account.ledger.reverse(entry_id, effective=session.today, posted=session.today,
                                        reason=_reason(reason), officer=session.officer)
    except LedgerError as error:
        raise ActionError(f"entry: {error}") from None
    target = account.ledger.entry(entry_id)
    assert target is not None
    effect = (f"Reverses {entry_id} ({target.kind.value} {format_money(target.amount)}, {target.reason}).\n"
              f"Balance {format_money(account.ledger.balance)} -> {format_money(ledger.balance)}")
    return Proposal(f"Reverse {entry_id}", attrs.evolve(account, ledger=ledger), effect,
                    f"reversal of {entry_id}: {reason.strip()}")


def with_change(session: Session, account: CtaxAccount, prop: Property, change, reason: str,
                 title: str, *, changed_from: dt.date | None = None) -> Proposal:
    """The account with ``change`` applied to its liability (and property), rebilled for every year billed."""
    try:
        liability, new_prop = change.apply(account.liability, prop)
    except CtaxError as error:
        raise ActionError(str(error)) from None
    changed = attrs.evolve(account, liability=liability)
    billed, effect = rebill(changed, new_prop, session.tariff, session.today, session.officer,
                            changed_from=changed_from)
    return Proposal(title, billed, f"{change.describe()}\n\n{effect}", f"{change.describe()}: {_reason(reason)}",
                    prop=new_prop if new_prop != prop else None)


def propose_band_change(session: Session, account: CtaxAccount, prop: Property, band: str, from_text: str,
                        reason: str) -> Proposal:
    band = band.strip().upper()
    if band not in BANDS:
        raise ActionError(f"band: {band!r} is not a band (A to H, I in Wales)")
    day = parse_day(from_text, "effective from")
    return with_change(session, account, prop, BandChange(band, day), reason, f"Band change: {prop.reference}",
                       changed_from=day)


def propose_discount(session: Session, account: CtaxAccount, prop: Property, from_text: str, reason: str) -> Proposal:
    day = parse_day(from_text, "from")
    counted, _ = counted_on(session.tariff.rules, account.residents, account.statuses, day)
    if counted > 1:
        raise ActionError(f"{account.names}: {counted} adults live here and are counted on {day.isoformat()}; a single "
                          "person discount needs one (LGFA 1992 s.11(1)): record the others' move out, or their "
                          "status (s) if they are disregarded")
    return with_change(session, account, prop, AddDiscount(DiscountReason.SINGLE_PERSON, day), reason,
                        f"Single person discount: {account.reference}", changed_from=day)


def propose_end_discount(session: Session, account: CtaxAccount, prop: Property, from_text: str,
                         reason: str) -> Proposal:
    day = parse_day(from_text, "no discount from")
    if not any(d.end is None or d.end >= day for d in account.liability.discounts):
        raise ActionError(f"no discount on {account.reference} runs on {day.isoformat()} or later")
    return with_change(session, account, prop, EndDiscount(day), reason, f"End discount: {account.reference}")
