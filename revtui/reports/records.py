"""Records the reports read besides the accounts: the Valuation Office list and payment suspense.

* :class:`ValuationListEntry`: one dwelling on the Valuation Office's council tax list, as the
  council last received it (the reconciliation compares it with the council's own records).
* :class:`SuspenseRecord`: a payment line that could not be matched to an account (a mistyped
  reference, a closed account), held until an officer places it.

Both are kept in the store as repositories, like the accounts (see :func:`open_report_records`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revtui.store import Index, Repository, Store

__all__ = ["ValuationListEntry", "SuspenseRecord", "ReportRecords", "open_report_records"]


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
class SuspenseRecord:
    """A payment held in suspense from ``received`` until it is cleared (placed on an account or returned)."""

    key: str
    """The payment line's idempotency key (file content hash and line)."""
    source: str
    """Which file and line it came from."""
    received: dt.date
    amount: Decimal
    reference_given: str
    channel: str
    reason: str
    cleared_on: dt.date | None = None
    cleared_to: str = ""
    """The account it was placed on, or "returned to payer"."""
    cleared_by: str = ""

    def held_on(self, day: dt.date) -> bool:
        return self.received <= day and (self.cleared_on is None or day < self.cleared_on)


@attrs.frozen
class ReportRecords:
    valuation_list: Repository[ValuationListEntry]
    suspense: Repository[SuspenseRecord]


def open_report_records(store: Store) -> ReportRecords:
    """The valuation list (by UPRN and reference) and suspense (by key) repositories of ``store``."""
    return ReportRecords(
        Repository(store, "valuation_list", ValuationListEntry,
                   indexes=[Index.field("uprn"), Index.field("ba_reference")]),
        Repository(store, "suspense", SuspenseRecord, indexes=[Index.field("key")]),
    )
