"""Payment suspense as the reports read it.

* suspense: payment lines no account could take (a mistyped reference, a closed account), held
  until an officer allocates them, kept as :class:`revtui.records.payments.SuspenseEntry`;
  :func:`suspense_items` reads them for the reports as :class:`SuspenseItem` values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revtui.records.payments import open_cash_records
from revtui.store import Store

__all__ = ["SuspenseItem", "suspense_items"]


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
    """Every payment ever put in suspense (:class:`revtui.records.payments.SuspenseEntry`), allocated or not."""
    repo = open_cash_records(store).suspense
    items = []
    for document in repo.table:
        entry = repo.from_document(document, document.doc_id)
        items.append(SuspenseItem(entry.key, entry.source, entry.received_on, entry.line.signed_amount,
                                  entry.line.reference, entry.line.channel, entry.reason, entry.allocated_on,
                                  entry.allocated_to))
    return items
