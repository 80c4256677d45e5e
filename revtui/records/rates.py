"""Business rates accounts as the application keeps them: one ratepayer's liability for one
hereditament, with the hereditament's list entries, the ledger and the bills issued.

The hereditament is kept inside the account: the demo council has a few, and a real rating list
(tens of thousands of hereditaments, with VOA list and schedule imports) wants its own table
the way dwellings have one. Bills are never rewritten: a change is a new adjustment bill.
"""

from __future__ import annotations

import attrs

from revcore.ledger import Ledger
from revcore.nndr import Hereditament, RatesBill, RatesLiability
from revtui.records.ctax import DirectDebit, Note, NoticeRecord, direct_debit_indexes
from revtui.store import Index, Repository, Store, normalise_postcode, word_starts

__all__ = ["RatesAccount", "rates_accounts"]


@attrs.frozen
class RatesAccount:
    """A business rates account: one liability (occupied or empty) of one ratepayer."""

    reference: str
    hereditament: Hereditament
    liability: RatesLiability
    ledger: Ledger
    bills: tuple[RatesBill, ...] = attrs.field(default=(), converter=tuple)
    notes: tuple[Note, ...] = attrs.field(default=(), converter=tuple)
    notices: tuple[NoticeRecord, ...] = attrs.field(default=(), converter=tuple)
    """The notices issued on the account (demand and adjustment notices), kept for reprint."""
    direct_debit: DirectDebit | None = None
    """The ratepayer's Direct Debit: the mandate collects each bill's instalments (the daily run)."""

    @property
    def names(self) -> str:
        return self.liability.ratepayer

    def bill_kind(self, bill: RatesBill) -> str:
        """``annual`` for the year's first demand notice, ``adjustment`` for a later one."""
        first = next(b for b in self.bills if b.year == bill.year)
        return "annual" if first is bill else "adjustment"

    def last_bill(self, year: int) -> RatesBill | None:
        found = [bill for bill in self.bills if bill.year.start_year == year]
        return found[-1] if found else None


def _ratepayer(doc: dict) -> list[str]:
    return list(word_starts(doc["liability"]["ratepayer"]))


def rates_accounts(store: Store) -> Repository[RatesAccount]:
    """The business rates accounts, found by reference, ratepayer, UARN, postcode or address."""
    return Repository(
        store,
        "rates_accounts",
        RatesAccount,
        indexes=[
            Index.field("reference"),
            Index("name", _ratepayer, reads=["liability"]),
            Index("uarn", lambda doc: [doc["hereditament"]["uarn"]], reads=["hereditament"]),
            Index("postcode", lambda doc: [doc["hereditament"]["address"]["postcode"]],
                  normalise=normalise_postcode, reads=["hereditament"]),
            Index("address", lambda doc: [", ".join(doc["hereditament"]["address"]["lines"])],
                  reads=["hereditament"]),
            *direct_debit_indexes(),
        ],
    )
