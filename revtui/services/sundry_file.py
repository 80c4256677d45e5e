"""A sundry debt as read for an officer's action on it: the invoice and its ledger, and its
recovery file (holds, an arrangement), each with the version read so a save over another
officer's change is refused (:class:`~revtui.store.ConflictError`)."""

from __future__ import annotations

import attrs

from revcore.sundry import SundryDebt
from revtui.accounts.sundry import SUNDRY
from revtui.services.recovery import RecoveryFile, recovery_repository
from revtui.services.session import Session
from revtui.store import Stored

__all__ = ["SundryFile", "open_sundry_debt"]


@attrs.frozen
class SundryFile:
    """What an action's form reads: ``account`` (the stored debt), ``recovery`` (None: no file yet)."""

    account: Stored[SundryDebt]
    recovery: Stored[RecoveryFile] | None
    prop: None = None

    @property
    def heading(self) -> str:
        """The form's title after the action's name: the invoice number and the debtor."""
        invoice = self.account.value.invoice
        return f"{invoice.number} {invoice.debtor.name}"

    def reopen(self, session: Session) -> "SundryFile":
        """The debt as it is now (after another officer's change)."""
        return open_sundry_debt(session, self.account.doc_id)


def open_sundry_debt(session: Session, doc_id: int) -> SundryFile:
    stored = SUNDRY.repository(session.store).get(doc_id)
    return SundryFile(stored, recovery_repository(session.store).find_one("account", stored.value.invoice.number))
