"""The Valuation Office's council tax list as the council last received it.

:class:`ValuationListEntry` is one dwelling on the list; the reconciliation compares it with the
council's own records, and the schedule import keeps it current.
"""

from __future__ import annotations

import datetime as dt

import attrs

from revtui.store import Index, Repository, Store

__all__ = ["ValuationListEntry", "valuation_list"]


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



def valuation_list(store: Store) -> Repository[ValuationListEntry]:
    """The valuation list repository of ``store`` (by UPRN and billing authority reference)."""
    return Repository(store, "valuation_list", ValuationListEntry,
                      indexes=[Index.field("uprn"), Index.field("ba_reference")])
