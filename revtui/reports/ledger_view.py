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

:func:`account_ledgers` reads every kind of account (:data:`revtui.accounts.KINDS`), council tax
first. Council tax is read from its stored documents, converting only the ledger (100,000
accounts); the other kinds (a few hundred) through their repository and ``schedules``. An HB
overpayment that was invoiced keeps its money on the invoice's sundry debt, so it is counted
there, once, as a sundry debt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from decimal import Decimal

import attrs

from revcore.entries import Category, Entry, EntryKind
from revcore.instalments import Schedule
from revcore.ledger import Ledger
from revcore.money import ZERO
from revcore.periods import FinancialYear
from revtui.accounts import COUNCIL_TAX, KINDS, billed_schedules
from revtui.store import Store

__all__ = ["AccountLedger", "Totals", "account_ledgers", "kind_order", "posting_class", "totals_as_at", "CLASSES"]

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
    """An account's reference, how it pays, its ledger, and what falls due on it.

    ``schedules_on(day)`` is what its kind says falls due each year, before recovery
    (:meth:`revtui.accounts.AccountKind.schedules`; for council tax, the bills issued by ``day``). Council
    tax also keeps its bills as stored (``bills``, oldest first), read without converting them
    by :meth:`not_yet_due`."""

    reference: str
    payment_method: str
    ledger: Ledger
    bills: tuple[dict, ...] = ()
    kind: str = COUNCIL_TAX.name
    """The kind's name (:attr:`revtui.accounts.AccountKind.name`)."""
    schedules_on: Callable[[dt.date], Mapping[FinancialYear, Schedule]] = attrs.field(
        default=lambda day: {}, eq=False, repr=False)

    def not_yet_due(self, year: FinancialYear, as_at: dt.date) -> Decimal:
        """Instalments of the year's latest bill issued by ``as_at`` that fall due after it."""
        latest = None
        for bill in self.bills:
            if bill["year"] == year.start_year and dt.date.fromisoformat(bill["issued"]) <= as_at:
                latest = bill
        instalments = latest["schedule"]["instalments"] if latest else ()
        return sum((Decimal(i["amount"]) for i in instalments if dt.date.fromisoformat(i["due"]) > as_at), ZERO)


def kind_order(name: str) -> int:
    """Where a kind's rows go in a report: council tax first, in the order of ``KINDS``."""
    return next(n for n, kind in enumerate(KINDS) if kind.name == name)


def account_ledgers(store: Store) -> Iterator[AccountLedger]:
    """Every account's ledger and what falls due on it, each kind in turn, council tax first."""
    yield from _council_tax(store)
    for kind in KINDS:
        if kind is COUNCIL_TAX:
            continue
        for stored in kind.repository(store):
            ledger = kind.ledger(stored.value)
            if ledger is None:  # an invoiced HB overpayment: its money is on the sundry debt, counted there
                continue
            yield AccountLedger(kind.reference(stored.value), "cash", ledger, kind=kind.name,
                                schedules_on=partial(_latest, kind.schedules(stored.value)))


def _latest(schedules: Mapping[FinancialYear, Schedule], day: dt.date) -> Mapping[FinancialYear, Schedule]:
    """The kind's schedules (its latest bill's) whatever the day: :meth:`AccountKind.schedules`
    knows no earlier bill, and a later bill's instalments read against the ledger as it stood
    are nearer the truth than treating the year as due in full."""
    return schedules


def _council_tax(store: Store) -> Iterator[AccountLedger]:
    """Council tax ledgers and bill instalments, read without the rest of the account
    (explanations, notes): converting whole accounts would double a report's time on 100,000.
    Its schedules are converted only when asked for (``schedules_on``)."""
    repository = COUNCIL_TAX.repository(store)
    converter = repository.converter

    def schedules_on(stored_bills: tuple[dict, ...], ledger: Ledger, day: dt.date) -> dict[FinancialYear, Schedule]:
        latest = {bill["year"]: bill for bill in stored_bills if dt.date.fromisoformat(bill["issued"]) <= day}
        return billed_schedules(((FinancialYear(year), converter.structure(bill["schedule"], Schedule))
                                 for year, bill in latest.items()), ledger)  # only the bill in force is converted

    for document in repository.table:
        ledger = converter.structure(document["ledger"], Ledger)
        bills = tuple(document.get("bills", ()))
        yield AccountLedger(document["reference"], document.get("payment_method", "cash"), ledger, bills,
                            schedules_on=partial(schedules_on, bills, ledger))


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
