"""What has fallen due on an account and what is in arrears as at a day: worked out here only.

The account view, the reports, the recovery run (live and training) and the letters all ask
:func:`account_facts`, so they cannot disagree. Two rules decide what falls due, besides the
instalments of each year's latest bill:

* a year charged without a bill (a balance brought forward from an earlier system) is due in
  full from its first charge;
* once the right to instalments is lost (Council Tax (Administration and Enforcement)
  Regulations 1992, reg. 23(3)), every instalment not yet due falls due on the day the balance
  became payable, as the recovery history records it (``instalments_lost``, its ``until``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from revcore.arrears import Arrears, arrears
from revcore.entries import Category, EntryKind
from revcore.instalments import Instalment, Plan, Schedule, ScheduleLine
from revcore.ledger import Ledger
from revcore.money import ZERO, format_money, money_sum
from revcore.periods import FinancialYear
from revcore.recovery import StageEvent

__all__ = ["AccountFacts", "account_facts", "billed_schedules", "charged_by", "owed_by", "fallen_due", "History"]

History = Mapping[FinancialYear, Iterable[StageEvent]]
BROUGHT_FORWARD = "brought forward"
INSTALMENTS_LOST = "instalments_lost"


@attrs.frozen
class AccountFacts:
    """An account's derived facts as at ``as_at``: the schedules that apply, and its arrears."""

    reference: str
    as_at: dt.date
    schedules: Mapping[FinancialYear, Schedule]
    arrears: Arrears
    balance: Decimal

    @property
    def in_arrears(self) -> bool:
        return self.arrears.total > 0


def charged_by(ledger: Ledger, year: FinancialYear, day: dt.date) -> Decimal:
    """What the year's charge stood at in the ledger on ``day`` (entries posted by then): a
    notice printed later still shows what was owed when it was issued."""
    return money_sum(posting.amount for entry in ledger.entries if entry.posted <= day
                     for posting in entry.postings if posting.year == year and posting.category is Category.CHARGE)


def owed_by(ledger: Ledger, year: FinancialYear, day: dt.date) -> Decimal:
    """What the year owed in the ledger on ``day``, tax and costs less what was paid or credited
    (entries posted by then): the balance a recovery notice states as at its issue."""
    return money_sum(posting.amount for entry in ledger.entries if entry.posted <= day
                     for posting in entry.postings if posting.year == year)


def billed_schedules(bills: Iterable[tuple[FinancialYear, Schedule]], ledger: Ledger) -> dict[FinancialYear, Schedule]:
    """What falls due for each year: the latest bill's instalments (``bills`` oldest first); a
    year charged with no bill (a balance brought forward) is due in full from its first charge."""
    schedules = dict(bills)
    brought: dict[FinancialYear, tuple[dt.date, Decimal]] = {}
    for entry in ledger.entries:
        if entry.kind is EntryKind.CHARGE and entry.year not in schedules:
            first, amount = brought.get(entry.year, (entry.effective, ZERO))
            brought[entry.year] = (first, amount + entry.amount)
    for year, (first, amount) in brought.items():
        if amount > 0:
            schedules[year] = Schedule(year, amount, Plan.TEN, first.day, first, (Instalment(1, first, amount),),
                                       (ScheduleLine(BROUGHT_FORWARD, "balance brought forward, due in full"),))
    return {year: schedule for year, schedule in schedules.items() if schedule.instalments}


def _accelerated(schedule: Schedule, due: dt.date) -> Schedule:
    """``schedule`` with every instalment due after ``due`` falling due on ``due`` instead."""
    later = [i for i in schedule.instalments if i.due > due]
    if not later:
        return schedule
    kept = [i for i in schedule.instalments if i.due <= due]
    rest = money_sum(i.amount for i in later)
    line = ScheduleLine("reg. 23(3) SI 1992/613",
                        f"right to instalments lost: {format_money(rest)} not yet due became payable on {due.isoformat()}")
    if kept and kept[-1].due == due:  # an instalment fell due that very day: the rest joins it
        last = kept.pop()
        rest += last.amount
    return attrs.evolve(schedule, instalments=(*kept, Instalment(len(kept) + 1, due, rest)),
                        lines=(*schedule.lines, line))


def fallen_due(schedules: Mapping[FinancialYear, Schedule], history: History | None) -> dict[FinancialYear, Schedule]:
    """The schedules as recovery has left them: a year whose right to instalments was lost owes
    its balance from the day the history says it became payable."""
    result = dict(schedules)
    for year, events in (history or {}).items():
        lost = [e.until for e in events if e.stage == INSTALMENTS_LOST and e.until is not None]
        if lost and year in result:
            result[year] = _accelerated(result[year], min(lost))
    return result


def account_facts(reference: str, ledger: Ledger, schedules: Mapping[FinancialYear, Schedule],
                  history: History | None, as_at: dt.date) -> AccountFacts:
    """The one answer to "what has fallen due, and what is unpaid of it, on ``as_at``"."""
    due = fallen_due(schedules, history)
    return AccountFacts(reference, as_at, due, arrears(ledger, due, as_at), ledger.balance)
