"""The recovery history the store keeps for each account: stage events by year, and the debtor.

:func:`revcore.recovery.from_ledger.position_from_ledger` needs, besides the ledger and the
schedules, what recovery has already done for each year (reminders, summonses, orders, remedies
and their outcomes) and what the council knows of the debtor. This is where that is kept: one
:class:`RecoveryRecord` per account that recovery has touched.

Written for the demo council and training mode; the recovery service of the application is
expected to read and write the same record.
"""

from __future__ import annotations

import datetime as dt

import attrs

from revcore.periods import FinancialYear
from revcore.recovery import Debtor, StageEvent
from revtui.store import Index, Repository, Store

__all__ = ["YearHistory", "RecoveryRecord", "open_recovery_history", "stage_on", "NO_STAGE"]

NO_STAGE = "no recovery stage"


@attrs.frozen
class YearHistory:
    year: FinancialYear
    events: tuple[StageEvent, ...] = attrs.field(default=(), converter=tuple)


@attrs.frozen
class RecoveryRecord:
    """What recovery has done on an account, year by year, and the debtor's known means."""

    account: str
    years: tuple[YearHistory, ...] = attrs.field(default=(), converter=tuple)
    debtor: Debtor = Debtor()

    def history(self) -> dict[FinancialYear, tuple[StageEvent, ...]]:
        return {item.year: item.events for item in self.years}

    def with_events(self, year: FinancialYear, events: tuple[StageEvent, ...]) -> "RecoveryRecord":
        others = tuple(item for item in self.years if item.year != year)
        years = tuple(sorted((*others, YearHistory(year, events)), key=lambda item: item.year.start_year))
        return attrs.evolve(self, years=years)


def stage_on(events: tuple[StageEvent, ...], day: dt.date) -> str:
    """The stage a year had reached on ``day``: its latest step by then (costs are not a stage).

    A remedy that ended is shown with its outcome, e.g. ``enforcement_agent (failed)``.
    """
    latest = None
    for event in events:
        if event.stage != "costs" and event.day <= day and (latest is None or event.day >= latest.day):
            latest = event
    if latest is None:
        return NO_STAGE
    return f"{latest.stage} ({latest.outcome})" if latest.outcome else latest.stage


def open_recovery_history(store: Store) -> Repository[RecoveryRecord]:
    """The recovery history repository of ``store``, found by account reference."""
    return Repository(store, "recovery_history", RecoveryRecord, indexes=[Index.field("account")])
