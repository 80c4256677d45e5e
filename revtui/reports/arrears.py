"""Arrears by kind of account, financial year and recovery stage, as at a day.

For each kind (council tax first) and year, what every account still owes for it (charge and
costs), grouped by the stage recovery had reached for that year by the day (from the recovery
history the store keeps). The current year's balance includes instalments not yet due. Accounts
in credit on a year are shown on their own line, not netted off the arrears. Each kind ends with
its arrears for all years; kinds are never added together (each is its own fund or income).

``overdue`` is what had fallen due and was unpaid on the day, as
:func:`revtui.accounts.account_facts` (the one owner of that answer) works it out from the
kind's schedules and the recovery history, on the ledger as it stood that day: once the right
to instalments is lost, the balance is overdue from the day the history says it became payable
(reg. 23(3)), not from the stage itself. A council tax account with no recovery history is read
more cheaply from its raw bills: its balance less the latest bill's instalments not yet due,
which is what ``account_facts`` says when nothing has changed what falls due. Converting every
council tax account's schedules made the report about 40% slower; converting only those with a
recovery history (one in seven in the demo) costs about 8% (see docs/notes.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from revcore.entries import Category
from revcore.ledger import Ledger
from revcore.money import ZERO
from revcore.periods import FinancialYear
from revcore.recovery import StageEvent
from revtui.accounts import COUNCIL_TAX, account_facts
from revtui.reports.ledger_view import AccountLedger, account_ledgers, kind_order, totals_as_at
from revtui.services.recovery import NO_STAGE, history_of, recovery_repository, stage_on, stage_words
from revtui.reports.report import Report
from revtui.store import Store

__all__ = ["arrears_by_year", "stored_stages", "NO_STAGE", "StageOf"]

IN_CREDIT = "in credit"
ALL_YEARS = "all years"
StageOf = Callable[[AccountLedger, FinancialYear, dt.date], str]
"""The recovery stage an account had reached for a year on a day."""
Histories = dict[str, dict[FinancialYear, list[StageEvent]]]


def _histories(store: Store) -> Histories:
    return {stored.value.account: history_of(stored.value) for stored in recovery_repository(store)}


def stored_stages(store: Store, histories: Histories | None = None) -> StageOf:
    """The stage each year had reached, from the recovery history kept in ``store``."""
    histories = _histories(store) if histories is None else histories

    def stage_of(account: AccountLedger, year: FinancialYear, as_at: dt.date) -> str:
        return stage_on(histories.get(account.reference, {}).get(year, ()), as_at)

    return stage_of


def _as_posted(ledger: Ledger, as_at: dt.date) -> Ledger:
    """The ledger as it stood at the end of ``as_at``: entries posted since are left out."""
    if not ledger.entries or ledger.entries[-1].posted <= as_at:
        return ledger
    return Ledger(ledger.account, [e for e in ledger.entries if e.posted <= as_at])


def _overdue_by_year(account: AccountLedger, histories: Histories, as_at: dt.date) -> dict[FinancialYear, Decimal]:
    """What had fallen due and was unpaid on ``as_at``, by year, as :func:`account_facts` says."""
    facts = account_facts(account.reference, _as_posted(account.ledger, as_at), account.schedules_on(as_at),
                          histories.get(account.reference), as_at)
    return {year.year: year.total for year in facts.arrears.years}


def arrears_by_year(store: Store, as_at: dt.date, *, stage_of: StageOf | None = None) -> Report:
    """Rows of kind, year, stage, accounts, charge, costs, total owed and overdue, with a total
    per year and per kind."""
    histories = _histories(store)
    stage_of = stage_of or stored_stages(store, histories)
    groups: dict[tuple[str, FinancialYear, str], list] = {}
    for account in account_ledgers(store):
        by_year: dict[FinancialYear, dict[Category, Decimal]] = {}
        for (year, category), totals in totals_as_at(account.ledger, as_at).items():
            by_year.setdefault(year, {})[category] = totals.outstanding
        facts: dict[FinancialYear, Decimal] | None = None
        for year, owed in by_year.items():
            total = sum(owed.values(), ZERO)
            if total == 0:
                continue
            stage = IN_CREDIT if total < 0 else stage_of(account, year, as_at)
            group = groups.setdefault((account.kind, year, stage), [0, ZERO, ZERO, ZERO])
            group[0] += 1
            group[1] += owed.get(Category.CHARGE, ZERO)
            group[2] += owed.get(Category.COSTS, ZERO)
            if total > 0 and account.kind == COUNCIL_TAX.name and not histories.get(account.reference):
                group[3] += max(ZERO, total - account.not_yet_due(year, as_at))  # no recovery step: the bill stands
            elif total > 0:
                facts = _overdue_by_year(account, histories, as_at) if facts is None else facts
                group[3] += min(total, max(ZERO, facts.get(year, ZERO)))
    rows = []
    for kind in sorted({k for k, _, _ in groups}, key=kind_order):
        kind_owed = []
        for year in sorted({y for k, y, _ in groups if k == kind}, key=lambda y: y.start_year):
            stages = sorted((s for k, y, s in groups if (k, y) == (kind, year)), key=lambda s: (s == IN_CREDIT, s))
            for stage in stages:
                count, charge, costs, overdue = groups[(kind, year, stage)]
                rows.append((kind, str(year), stage_words(stage), count, charge, costs, charge + costs, overdue))
            owed = [groups[(kind, year, s)] for s in stages if s != IN_CREDIT]
            rows.append((kind, str(year), "total arrears", *_sums(owed)))
            kind_owed += owed
        rows.append((kind, ALL_YEARS, "total arrears", *_sums(kind_owed)))
    return Report("arrears", "Arrears by kind, financial year and stage", as_at,
                  ("kind", "year", "stage", "accounts", "charge", "costs", "total", "overdue"), tuple(rows),
                  ("total is all the year still owes; overdue leaves out instalments not yet due on the day;",
                   "'total arrears' leaves out accounts in credit on that year; 'all years' counts an account",
                   "once for each year it owes; an invoiced HB overpayment is counted as its sundry debt"))


def _sums(groups: list[list]) -> tuple[int, Decimal, Decimal, Decimal, Decimal]:
    return (sum(g[0] for g in groups), sum((g[1] for g in groups), ZERO), sum((g[2] for g in groups), ZERO),
            sum((g[1] + g[2] for g in groups), ZERO), sum((g[3] for g in groups), ZERO))
