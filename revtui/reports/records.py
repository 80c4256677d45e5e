"""Records the reports read besides the accounts: the Valuation Office list and payment suspense.

* :class:`ValuationListEntry`: one dwelling on the Valuation Office's council tax list, as the
  council last received it (the reconciliation compares it with the council's own records).
* suspense: payment lines no account could take (a mistyped reference, a closed account), held
  until an officer allocates them, kept as :class:`revtui.records_payments.SuspenseEntry`;
  :func:`suspense_items` reads them for the reports as :class:`SuspenseItem` values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revtui.records_payments import open_cash_records
from revtui.store import Index, Repository, Store

__all__ = ["ValuationListEntry", "valuation_list", "SuspenseItem", "suspense_items"]


@attrs.frozen
class ValuationListEntry:
    """A dwelling's entry on the valuation list: in force from ``effective_from`` until ``deleted_from``
    (the day it was deleted, or replaced by an altered entry), if any."""

    uprn: str
    ba_reference: str
    """The billing authority's reference for the dwelling (our property reference)."""
    address: str
    postcode: str
    band: str
    effective_from: dt.date
    deleted_from: dt.date | None = None

    def listed_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.deleted_from is None or day < self.deleted_from)


@attrs.frozen
class SuspenseItem:
    """A payment in suspense as the reports read it: received on ``received`` until it was
    allocated to an account on ``placed_on``."""

    key: str
    source: str
    received: dt.date
    amount: Decimal
    reference_given: str
    channel: str
    reason: str
    placed_on: dt.date | None = None
    placed_to: str = ""

    def held_on(self, day: dt.date) -> bool:
        return self.received <= day and (self.placed_on is None or day < self.placed_on)


def suspense_items(store: Store) -> list[SuspenseItem]:
    """Every payment ever put in suspense (:class:`revtui.records_payments.SuspenseEntry`), allocated or not."""
    repo = open_cash_records(store).suspense
    items = []
    for document in repo.table:
        entry = repo.from_document(document, document.doc_id)
        items.append(SuspenseItem(entry.key, entry.source, entry.received_on, entry.line.signed_amount,
                                  entry.line.reference, entry.line.channel, entry.reason, entry.allocated_on,
                                  entry.allocated_to))
    return items


def valuation_list(store: Store) -> Repository[ValuationListEntry]:
    """The valuation list repository of ``store`` (by UPRN and billing authority reference)."""
    return Repository(store, "valuation_list", ValuationListEntry,
                      indexes=[Index.field("uprn"), Index.field("ba_reference")])
