"""The recovery history the store keeps for each account, and one recovery run issued on one account.

:func:`revcore.recovery.from_ledger.position_from_ledger` needs, besides the ledger and the
schedules, what recovery has already done for each year (reminders, summonses, orders, remedies
and their outcomes). The application keeps that in its recovery file, table ``ctax_recovery``
(one document per account: ``account``, ``history`` of ``{year, event}``, ``holds``,
``arrangement``; see ``revtui.services.recovery``). This module reads and writes the same
documents, keeping any holds and arrangement an officer recorded, so the demo council, training
mode and the reports share the application's data.

:func:`run_recovery_on` issues one run's actions on one account the way the demo council and
training mode do it (costs to the ledger, notices on the account, steps into the history).
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
from revtui.store import Index, SQLiteTable, Store, StoredDocument, make_converter
from revtui.store.repository import SCHEMA_KEY

__all__ = ["RECOVERY_TABLE", "History", "recovery_table", "read_histories", "history_document", "stage_on",
           "NO_STAGE", "schedules_of", "has_overdue", "run_recovery_on"]

RECOVERY_TABLE = "ctax_recovery"
NO_STAGE = "no recovery stage"
History = dict[FinancialYear, list[StageEvent]]
_CONVERTER = make_converter()


def recovery_table(store: Store) -> SQLiteTable:
    """The recovery file table of ``store``, looked up by account reference."""
    return store.table(RECOVERY_TABLE, indexes=[Index.field("account")])


def read_histories(store: Store) -> dict[str, tuple[StoredDocument, History]]:
    """Every account's recovery file document and its steps by year."""
    found = {}
    for document in recovery_table(store):
        history: History = {}
        for item in document.get("history", ()):
            history.setdefault(FinancialYear.parse(item["year"]), []).append(
                _CONVERTER.structure(item["event"], StageEvent))
        found[document["account"]] = (document, history)
    return found


def history_document(account: str, history: Mapping[FinancialYear, Iterable[StageEvent]],
                     previous: Mapping | None = None) -> dict:
    """The recovery file document for ``account`` with ``history``; holds and an arrangement
    already on ``previous`` are kept."""
    items = [{"year": year.label, "event": _CONVERTER.unstructure(event, StageEvent)}
             for year in sorted(history, key=lambda y: y.start_year) for event in history[year]]
    return {SCHEMA_KEY: 1, "account": account, "history": items,
            "holds": list(previous.get("holds", [])) if previous else [],
            "arrangement": previous.get("arrangement") if previous else None}


def stage_on(events: Iterable[StageEvent], day: dt.date) -> str:
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
