"""Sundry debtors as the application keeps them, the service areas' invoice files imported, and
credit notes waiting for a second officer.

A debtor (:class:`SundryDebtor`) is who the council invoices for a service: their name and
address as invoices print them, and the charges set on them that recur (the four-weekly social
care contribution). Their invoices are sundry debts (:func:`revtui.records.sundry.sundry_debts`),
each carrying a copy of the debtor as it was when raised. The person across every kind of account
is another matter (a person identifier, not here).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.sundry import Debtor, RecurringCharge
from revcore.validation import no_text_for_tuples
from revtui.records.ctax import DirectDebit, Note, mandate_indexes
from revtui.store import Index, Repository, Store, word_starts

__all__ = ["SundryDebtor", "SundryBatch", "CreditRequest", "sundry_debtors", "sundry_batches", "credit_requests"]


@attrs.frozen(field_transformer=no_text_for_tuples)
class SundryDebtor:
    debtor: Debtor
    recurring: tuple[RecurringCharge, ...] = attrs.field(default=(), converter=tuple[RecurringCharge, ...])
    direct_debit: DirectDebit | None = None
    """The debtor's Direct Debit: one mandate collects each of their invoices on its due date (the
    four-weekly care invoices), each posted to that invoice's ledger; the invoice is its advance notice."""
    notes: tuple[Note, ...] = attrs.field(default=(), converter=tuple[Note, ...])
    """Notes on the debtor (the tasks the banks' Direct Debit reports raise)."""

    @property
    def reference(self) -> str:
        return self.debtor.reference


@attrs.frozen(field_transformer=no_text_for_tuples)
class SundryBatch:
    """A service area's invoice file as imported: known by what its lines say, not its bytes."""

    content_hash: str
    name: str
    imported_on: dt.date
    officer: str
    invoices: tuple[str, ...] = attrs.field(converter=tuple[str, ...])


@attrs.frozen
class CreditRequest:
    """A credit note above the officer's limit, waiting for a second officer (or decided)."""

    id: str
    invoice: str
    amount: Decimal
    reason: str
    requested_by: str
    requested_on: dt.date
    decided_by: str = ""
    decided_on: dt.date | None = None
    approved: bool = False
    cancel: bool = False
    """A cancellation (everything not yet credited), not a credit note."""

    @property
    def state(self) -> str:
        return "pending" if self.decided_on is None else ("approved" if self.approved else "refused")


def sundry_debtors(store: Store) -> Repository[SundryDebtor]:
    """Sundry debtors by their reference and name."""
    return Repository(store, "sundry_debtors", SundryDebtor, indexes=[
        Index("reference", lambda doc: [doc["debtor"]["reference"]], reads=["debtor"]),
        Index("name", lambda doc: word_starts(doc["debtor"]["name"]), reads=["debtor"]),
        *mandate_indexes(),  # what falls due is found by the invoices' "due" index
    ])


def sundry_batches(store: Store) -> Repository[SundryBatch]:
    """Service areas' invoice files imported, by the identity of their content."""
    return Repository(store, "sundry_batches", SundryBatch, indexes=[Index.field("content_hash")])


def credit_requests(store: Store) -> Repository[CreditRequest]:
    """Credit notes above an officer's limit, by id, invoice and state."""
    return Repository(store, "sundry_credit_requests", CreditRequest, indexes=[
        Index.field("id"), Index.field("invoice"),
        Index("state", lambda doc: ["pending" if doc.get("decided_on") is None else "decided"],
              reads=["decided_on"]),
    ])
