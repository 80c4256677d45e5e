"""Records the reports read besides the accounts: the Valuation Office list and payment suspense.

* :class:`ValuationListEntry`: one dwelling on the Valuation Office's council tax list, as the
  council last received it (the reconciliation compares it with the council's own records).
* suspense: payment lines no account could take (a mistyped reference, a closed account), held
  until an officer places them. The application keeps them (``revtui.services.payment_import``,
  table ``suspense``); :func:`suspense_document` writes that form and :func:`suspense_items`
  reads it as :class:`SuspenseItem` values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.cashposting import PaymentLine
from revtui.store import Index, Repository, SQLiteTable, Store, make_converter
from revtui.store.repository import SCHEMA_KEY

__all__ = ["ValuationListEntry", "valuation_list", "SuspenseItem", "suspense_table", "suspense_document",
           "suspense_items"]

_CONVERTER = make_converter()


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
    """A payment in suspense as the reports read it: received on ``received`` (the day paid),
    until it was placed on an account (or returned) on ``placed_on``."""

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


def suspense_table(store: Store) -> SQLiteTable:
    """The application's suspense table (``revtui.services.payment_import``), with its look-ups."""
    waiting = Index("queue", lambda doc: ["waiting"] if doc.get("placed_on") is None else [])
    return store.table("suspense", indexes=[Index.field("key"), waiting])


def suspense_document(key: str, source: str, line: PaymentLine, reason: str, *, placed_on: dt.date | None = None,
                      placed_to: str = "", placed_by: str = "") -> dict:
    """A suspense document in the application's form (``Suspense``: key, source, line, reason, placed)."""
    return {SCHEMA_KEY: 1, "key": key, "source": source, "line": _CONVERTER.unstructure(line, PaymentLine),
            "reason": reason, "placed_on": placed_on.isoformat() if placed_on else None, "placed_to": placed_to,
            "placed_by": placed_by}


def suspense_items(store: Store) -> list[SuspenseItem]:
    """Every payment ever put in suspense, placed or not."""
    items = []
    for document in suspense_table(store):
        line = _CONVERTER.structure(document["line"], PaymentLine)
        placed = document.get("placed_on")
        items.append(SuspenseItem(document["key"], document["source"], line.paid_on, line.signed_amount,
                                  line.reference, line.channel, document["reason"],
                                  dt.date.fromisoformat(placed) if placed else None, document.get("placed_to", "")))
    return items


def valuation_list(store: Store) -> Repository[ValuationListEntry]:
    """The valuation list repository of ``store`` (by UPRN and billing authority reference)."""
    return Repository(store, "valuation_list", ValuationListEntry,
                      indexes=[Index.field("uprn"), Index.field("ba_reference")])
