"""The account-kind interface: what the application needs to know of each kind of account.

Council tax, business rates, sundry debt and HB overpayments each implement
:class:`AccountKind` in a module of their own (like harlequin's adapters); Find, payments,
suspense, reports and the account view loop over :data:`revtui.accounts.KINDS` instead of
naming one kind. A new kind of account plugs in by writing one such module and listing it in
:mod:`revtui.accounts.registry` (see ``docs/architecture.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

import attrs

from revcore.instalments import Schedule
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revtui.store import Repository, Store, StoredDocument

__all__ = ["AccountKind", "AccountText", "RecoveryParty", "Summary"]


@attrs.frozen
class Summary:
    """One account as Find lists it: enough to tell the caller's account from the others."""

    doc_id: int | None
    reference: str
    names: str
    address: str
    postcode: str
    balance: Decimal
    current: bool
    property_reference: str = ""
    kind: str = "council tax"


@attrs.frozen
class AccountText:
    """What a read-only account view shows: a title, paragraphs of explanation, and the ledger."""

    title: str
    parts: tuple[str, ...]
    ledger: Ledger | None
    reference: str = ""


@attrs.frozen
class RecoveryParty:
    """Who recovery pursues on an account: ``identity`` matches the same debtor across accounts
    (for the limits on live orders, and a Breathing Space being the person's); ``individual``
    says whether the Pre-Action Protocol for Debt Claims applies (an individual or sole trader)."""

    identity: str
    individual: bool = True


class AccountKind(Protocol):
    """One kind of account. Every method is a reader: services own the writes."""

    name: str
    """Officer-facing name, ``council tax``."""
    prefix: str
    """The letter its references start with (:mod:`revcore.references`)."""
    recovery_stages: str
    """The stage set of :func:`refdata.recovery.load_recovery_rules` its recovery follows."""
    notices: tuple[str, ...]
    """The notices it prints (letters' notice types)."""
    actions: tuple[str, ...]
    """What an officer can do to it from the application, in words."""

    def repository(self, store: Store) -> Repository[Any]:
        """Its repository in ``store`` (looked up by ``reference`` and ``name``)."""

    def reference(self, value: Any) -> str: ...

    def names(self, value: Any) -> str: ...

    def ledger(self, value: Any) -> Ledger | None:
        """Its ledger, or None where its money is kept on another account (an invoiced HB overpayment)."""

    def with_ledger(self, value: Any, ledger: Ledger) -> Any:
        """``value`` with ``ledger`` in place of its ledger (what payments write back)."""

    def liability_ended(self, value: Any) -> dt.date | None:
        """The day liability ended, after which nothing more falls due and a credit left is the
        payer's to refund (None while it runs)."""

    def postal_address(self, store: Store, value: Any) -> tuple[str, ...]:
        """Where post to the payer goes (a refund cheque, by default): its lines, postcode last."""

    def schedules(self, value: Any) -> Mapping[FinancialYear, Schedule]:
        """What falls due for each year, before recovery (see :mod:`revtui.accounts.facts`)."""

    def recovery_party(self, value: Any) -> RecoveryParty:
        """Who recovery pursues on the account (:class:`RecoveryParty`)."""

    def summary(self, doc: StoredDocument) -> Summary:
        """Find's line for a stored document, read without converting it (a keystroke is 100 ms)."""

    def describe(self, value: Any, as_at: dt.date) -> AccountText:
        """The account explained line by line for its read-only view."""
