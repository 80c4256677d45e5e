"""The ledgers as the reports see them: every posting, as at a day, sorted into what it is.

A report run "as at" a past day counts only entries *posted* on or before that day, so it gives
what the ledger said then, whatever was posted since. Each posting is one of:

* ``charged``: a bill, an adjustment, costs (positive adds to the debt, negative reduces it);
* ``collected``: money received (a payment; a returned payment counts against it);
* ``refunded``: money paid back;
* ``written_off``: debt the council stopped pursuing;
* ``transferred``: a credit moved between years or accounts.

A reversal counts as the kind of the entry it undoes. For any year and category::

    charged = collected - refunded + written_off + transferred + outstanding

to the penny, where ``outstanding`` is the bucket's balance (see :class:`Totals`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import attrs

from revcore.entries import Category, Entry, EntryKind
from revcore.ledger import Ledger
from revcore.money import ZERO
from revcore.periods import FinancialYear
from revtui.records import open_records
from revtui.store import Store

__all__ = ["AccountLedger", "Totals", "account_ledgers", "posting_class", "totals_as_at", "CLASSES"]

CLASSES = ("charged", "collected", "refunded", "written_off", "transferred")
_BY_KIND = {
    EntryKind.CHARGE: "charged",
    EntryKind.ADJUSTMENT: "charged",
    EntryKind.COSTS: "charged",
    EntryKind.PAYMENT: "collected",
    EntryKind.REFUND: "refunded",
    EntryKind.WRITE_OFF: "written_off",
    EntryKind.TRANSFER: "transferred",
}


@attrs.frozen
class AccountLedger:
    """An account's reference, how it pays, its ledger, and the instalments of each bill issued:
    ``bills`` holds (start year, issued, ((due, amount), ...)) in the order they were issued."""

    reference: str
    payment_method: str
    ledger: Ledger
    bills: tuple[tuple[int, dt.date, tuple[tuple[dt.date, Decimal], ...]], ...] = ()

    def not_yet_due(self, year: FinancialYear, as_at: dt.date) -> Decimal:
        """Instalments of the year's latest bill issued by ``as_at`` that fall due after it."""
        latest = None
        for start_year, issued, instalments in self.bills:
            if start_year == year.start_year and issued <= as_at:
                latest = instalments
        return sum((amount for due, amount in latest or () if due > as_at), ZERO)


def account_ledgers(store: Store) -> Iterator[AccountLedger]:
    """Every council tax account's ledger and bill instalments, read without the rest of the
    account (explanations, notes)."""
    records = open_records(store)
    converter = records.accounts.converter
    for document in records.accounts.table:
        ledger = converter.structure(document["ledger"], Ledger)
        bills = tuple(
            (bill["year"], dt.date.fromisoformat(bill["issued"]),
             tuple((dt.date.fromisoformat(i["due"]), Decimal(i["amount"])) for i in bill["schedule"]["instalments"]))
            for bill in document.get("bills", ())
        )
        yield AccountLedger(document["reference"], document.get("payment_method", "cash"), ledger, bills)


def posting_class(entry: Entry, ledger: Ledger) -> str:
    """What an entry's postings are (a reversal is what it reverses)."""
    if entry.kind is EntryKind.REVERSAL:
        target = ledger.entry(entry.reverses)
        return _BY_KIND[target.kind] if target is not None else "charged"
    return _BY_KIND[entry.kind]


@attrs.define
class Totals:
    """Signed sums of postings by class; ``collected``, ``written_off`` and ``transferred`` are
    shown as positive amounts taken off the debt, ``refunded`` as a positive amount paid back."""

    charged: Decimal = ZERO
    collected: Decimal = ZERO
    refunded: Decimal = ZERO
    written_off: Decimal = ZERO
    transferred: Decimal = ZERO

    def add(self, klass: str, amount: Decimal) -> None:
        if klass == "charged":
            self.charged += amount
        elif klass == "refunded":
            self.refunded += amount
        else:  # credits are negative postings: shown as positive amounts taken off the debt
            setattr(self, klass, getattr(self, klass) - amount)

    def merge(self, other: "Totals") -> None:
        for name in CLASSES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def net_collected(self) -> Decimal:
        """Money kept: collected less refunded."""
        return self.collected - self.refunded

    @property
    def outstanding(self) -> Decimal:
        """What is still owed (negative: in credit): the bucket's balance."""
        return self.charged - self.net_collected - self.written_off - self.transferred


def totals_as_at(
    ledger: Ledger, as_at: dt.date, *, year: FinancialYear | None = None, category: Category | None = None
) -> dict[tuple[FinancialYear, Category], Totals]:
    """Totals by (year, category) of the entries posted on or before ``as_at``."""
    found: dict[tuple[FinancialYear, Category], Totals] = {}
    for entry in ledger.entries:
        if entry.posted > as_at:
            break  # posting dates never go backwards in a ledger
        klass = posting_class(entry, ledger)
        for posting in entry.postings:
            if (year is not None and posting.year != year) or (category is not None and posting.category is not category):
                continue
            found.setdefault(posting.bucket, Totals()).add(klass, posting.amount)
    return found
