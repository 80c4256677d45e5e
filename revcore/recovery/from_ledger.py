"""Builds an account's recovery position from its ledger and instalment schedules.

The schedule of each year gives what falls due and when; the ledger gives what was credited to
the year (payments, write-offs, credits moved in) and the costs added to it. Costs come from the
ledger; a ``costs`` event in the stored history counts only if the ledger holds no costs under its
key (the application's run records costs in the history), so nothing counts twice.
Charges and adjustments to the charge are not read here: a changed bill is a revised schedule.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from revcore.entries import Category, Entry, EntryKind
from revcore.instalments import Schedule
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revcore.recovery.position import AccountPosition, Arrangement, DebtorMeans, Hold, Payment, StageEvent, YearPosition

__all__ = ["position_from_ledger"]

_BILLING = (EntryKind.CHARGE, EntryKind.ADJUSTMENT, EntryKind.COSTS)


def _kind(entry: Entry, ledger: Ledger) -> EntryKind:
    """What an entry amounts to: a reversal counts as the kind of entry it undoes."""
    if entry.kind is EntryKind.REVERSAL:
        target = ledger.entry(entry.reverses)
        if target is not None:
            return target.kind
    return entry.kind


def position_from_ledger(
    ledger: Ledger,
    schedules: Mapping[FinancialYear, Schedule],
    *,
    history: Mapping[FinancialYear, Iterable[StageEvent]] | None = None,
    holds: Iterable[Hold] = (),
    arrangement: Arrangement | None = None,
    debtor: DebtorMeans = DebtorMeans(),
) -> AccountPosition:
    """The recovery position of ``ledger``'s account for the years that have a schedule.

    Postings of charges, adjustments and costs (or of their reversals) to a year's costs are
    ``costs`` events keyed by the entry's source, or its id; to its charge they are left to the
    schedule. Every other posting (payments, write-offs, transfers, refunds, returned payments)
    is a payment on the entry's effective day: a credit is positive, money given back negative.
    """
    history = history or {}
    payments: dict[FinancialYear, list[Payment]] = {year: [] for year in schedules}
    costs: dict[FinancialYear, list[StageEvent]] = {year: [] for year in schedules}
    for entry in ledger.entries:
        kind = _kind(entry, ledger)
        for posting in entry.postings:
            if posting.year not in schedules:
                continue
            if kind in _BILLING:
                if posting.category is Category.COSTS:
                    costs[posting.year].append(StageEvent("costs", entry.effective, entry.source or entry.id, posting.amount))
            else:
                payments[posting.year].append(Payment(entry.effective, -posting.amount))
    years = tuple(
        YearPosition(
            year,
            schedule.instalments,
            tuple(payments[year]),
            tuple(e for e in history.get(year, ()) if e.stage != "costs" or e.key not in {c.key for c in costs[year]})
            + tuple(costs[year]),
        )
        for year, schedule in schedules.items()
        if schedule.instalments
    )
    return AccountPosition(ledger.account, years, tuple(holds), arrangement, debtor)
