"""Setting up and cancelling a Direct Debit on an account (the mandate and its AUDDIS state).

The mandate is kept in the ``mandates`` repository; the account records that it pays by Direct
Debit and on which day of the month. Lodging the 0N/0C instruction with Bacs and collecting are
batch work (:mod:`revcore.directdebit`, :mod:`revtui.formats.standard18`).
"""

from __future__ import annotations

import attrs

from revcore.directdebit import DirectDebitError, Mandate, MandateStatus, cancel_mandate, new_mandate, parse_bank_account
from revtui.records import CtaxAccount, PaymentMethod
from revtui.services.changes import ActionError, Proposal, Write
from revtui.services.session import Session
from revtui.store import Index, Repository, Store, Stored

__all__ = ["mandates_repository", "live_mandate", "propose_direct_debit", "propose_cancel_direct_debit"]

COLLECTION_DAYS = (1, 8, 15, 22)
"""Days of the month the council collects on (a council setting; the demo council's choice)."""

_REPOSITORIES: dict[int, Repository[Mandate]] = {}


def mandates_repository(store: Store) -> Repository[Mandate]:
    key = id(store)
    if key not in _REPOSITORIES or _REPOSITORIES[key].store is not store:
        _REPOSITORIES[key] = Repository(store, "mandates", Mandate,
                                        indexes=[Index.field("account", "account_reference"), Index.field("reference")])
    return _REPOSITORIES[key]


def live_mandate(store: Store, account_reference: str) -> Stored[Mandate] | None:
    """The account's mandate that is not cancelled, if any."""
    found = [m for m in mandates_repository(store).find("account", account_reference)
             if m.value.status is not MandateStatus.CANCELLED]
    return found[-1] if found else None


def _masked(number: str) -> str:
    return "****" + number[-4:]


def propose_direct_debit(session: Session, account: CtaxAccount, sort_code: str, account_number: str, name: str,
                         day_text: str) -> Proposal:
    if live_mandate(session.store, account.reference) is not None:
        raise ActionError(f"{account.reference} already has a Direct Debit: cancel it first")
    try:
        day = int(day_text.strip())
    except ValueError:
        raise ActionError(f"collection day: {day_text!r} is not a day of the month") from None
    if day not in COLLECTION_DAYS:
        raise ActionError(f"collection day: the council collects on the {', '.join(map(str, COLLECTION_DAYS))}")
    try:
        bank = parse_bank_account(sort_code, account_number, name)
        mandate = new_mandate(account.reference, account.reference, bank, session.today)
    except DirectDebitError as error:
        raise ActionError(str(error)) from None
    changed = attrs.evolve(account, payment_method=PaymentMethod.DIRECT_DEBIT, instalment_day=day)
    effect = (f"Direct Debit for {account.reference} from {bank.name}, sort code {bank.sort_code}, account "
              f"{_masked(bank.account_number)}.\nMandate {mandate.status.value}.\n"
              f"Collections on the {day} of the month from the next bill or revised schedule.")
    return Proposal(f"Direct Debit: {account.reference}", changed, effect,
                    f"Direct Debit instruction received (collect on day {day})",
                    writes=(Write(mandates_repository, None, mandate),))


def propose_cancel_direct_debit(session: Session, account: CtaxAccount, reason: str) -> Proposal:
    stored = live_mandate(session.store, account.reference)
    if stored is None:
        raise ActionError(f"{account.reference} has no Direct Debit to cancel")
    if not reason.strip():
        raise ActionError("reason: say why (recorded in the audit trail)")
    try:
        cancelled = cancel_mandate(stored.value, session.today, reason.strip())
    except DirectDebitError as error:
        raise ActionError(str(error)) from None
    changed = attrs.evolve(account, payment_method=PaymentMethod.CASH)
    effect = (f"Mandate {stored.value.reference}: {stored.value.status.value} -> {cancelled.status.value}.\n"
              "The account pays by other means from now; instalment dates are unchanged.")
    return Proposal(f"Cancel Direct Debit: {account.reference}", changed, effect,
                    f"Direct Debit cancelled: {reason.strip()}", writes=(Write(mandates_repository, stored, cancelled),))
