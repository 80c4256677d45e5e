"""The recovery history the store keeps for each account: stage events by year, and the debtor.

:func:`revcore.recovery.from_ledger.position_from_ledger` needs, besides the ledger and the
schedules, what recovery has already done for each year (reminders, summonses, orders, remedies
and their outcomes) and what the council knows of the debtor. This is where that is kept: one
:class:`RecoveryRecord` per account that recovery has touched.

:func:`run_recovery_on` issues one run's actions on one account the way the demo council and
training mode do it (costs to the ledger, notices on the account, steps into the history).
Written for the demo council and training mode; the recovery service of the application is
expected to read and write the same record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from revcore.entries import EntryKind
from revcore.instalments import Instalment, Plan, Schedule, ScheduleLine
from revcore.money import ZERO
from revcore.periods import FinancialYear
from revcore.recovery import Action, Debtor, StageEvent
from revcore.recovery.engine import RunContext, assess_account
from revcore.recovery.from_ledger import position_from_ledger
from revcore.recovery.run import event_for
from revtui.records import CtaxAccount, NoticeRecord
from revtui.store import Index, Repository, Store

__all__ = ["YearHistory", "RecoveryRecord", "open_recovery_history", "stage_on", "NO_STAGE", "schedules_of",
           "has_overdue", "run_recovery_on"]

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


def schedules_of(account: CtaxAccount) -> dict[FinancialYear, Schedule]:
    """What falls due for each year of the account: the latest bill's instalments; a year charged
    without a bill (a balance brought forward from a legacy system) is due in full from its charge."""
    schedules = {FinancialYear(bill.year): bill.schedule for bill in account.bills}
    brought: dict[FinancialYear, tuple[dt.date, Decimal]] = {}
    for entry in account.ledger.entries:
        if entry.kind is EntryKind.CHARGE and entry.year not in schedules:
            first, amount = brought.get(entry.year, (entry.effective, ZERO))
            brought[entry.year] = (first, amount + entry.amount)
    for year, (first, amount) in brought.items():
        schedules[year] = Schedule(year, amount, Plan.TEN, 1, first, (Instalment(1, first, amount),),
                                   (ScheduleLine("brought forward", "balance brought forward, due in full"),))
    return {year: schedule for year, schedule in schedules.items() if schedule.instalments}


def has_overdue(account: CtaxAccount, schedules: Mapping[FinancialYear, Schedule], day: dt.date) -> bool:
    """A quick test: does any year owe more than what is not yet due?"""
    for year, schedule in schedules.items():
        not_due = sum((i.amount for i in schedule.instalments if i.due > day), ZERO)
        if account.ledger.balance_of(year) - not_due > 0:
            return True
    return False


def run_recovery_on(
    account: CtaxAccount,
    history: Mapping[FinancialYear, Iterable[StageEvent]],
    debtor: Debtor,
    context: RunContext,
    schedules: Mapping[FinancialYear, Schedule] | None = None,
) -> tuple[CtaxAccount, list[tuple[FinancialYear, StageEvent]], list[Action]]:
    """One recovery run on one account, issued: costs are posted to the ledger (keyed by the
    action, so never twice), notices are recorded on the account, and every other step is given
    back as a stage event to keep in the history. Actions whose keys are in ``history`` are skipped.
    """
    schedules = schedules_of(account) if schedules is None else schedules
    position = position_from_ledger(account.ledger, schedules, history=history, debtor=debtor)
    actions, _ = assess_account(position, context)
    if not actions:
        return account, [], []
    issued = {event.key for events in history.values() for event in events}
    ledger = account.ledger
    notices = list(account.notices)
    events: list[tuple[FinancialYear, StageEvent]] = []
    done: list[Action] = []
    for action in actions:
        if action.key in issued or not action.year or ledger.has_source(action.key):
            continue
        year = FinancialYear.parse(action.year)
        done.append(action)
        if action.kind == "costs":
            ledger = ledger.add_costs(year, action.amount, effective=context.day, posted=context.day,
                                      source=action.key, reason=f"{action.stage.replace('_', ' ')} costs",
                                      officer="recovery run")
            continue
        events.append((year, event_for(action)))
        if action.kind == "notice":
            notices.append(NoticeRecord(action.key, action.stage, context.day, year.start_year))
    return attrs.evolve(account, ledger=ledger, notices=tuple(notices)), events, done
