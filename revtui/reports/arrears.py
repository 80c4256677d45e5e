"""Arrears by financial year and recovery stage, as at a day.

For each year, what every account still owes for it (charge and costs), grouped by the stage
recovery had reached for that year by the day (from the recovery history the store keeps). The current year's balance includes instalments not yet
due. Accounts in credit on a year are shown on their own line, not netted off the arrears.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from revcore.entries import Category
from revcore.money import ZERO
from revcore.periods import FinancialYear
from revtui.reports.ledger_view import AccountLedger, account_ledgers, totals_as_at
from revtui.services.recovery import NO_STAGE, history_of, recovery_repository, stage_on
from revtui.reports.report import Report
from revtui.store import Store

__all__ = ["arrears_by_year", "stored_stages", "NO_STAGE", "StageOf"]

IN_CREDIT = "in credit"
# Stages at which the instalments still stand; from the loss of instalments on, everything is due.
_INSTALMENTS_STAND = frozenset({NO_STAGE, "reminder", "second_reminder"})
StageOf = Callable[[AccountLedger, FinancialYear, dt.date], str]
"""The recovery stage an account had reached for a year on a day."""


def stored_stages(store: Store) -> StageOf:
    """The stage each year had reached, from the recovery history kept in ``store``."""
    histories = {stored.value.account: history_of(stored.value) for stored in recovery_repository(store)}

    def stage_of(account: AccountLedger, year: FinancialYear, as_at: dt.date) -> str:
        return stage_on(histories.get(account.reference, {}).get(year, ()), as_at)

    return stage_of


def arrears_by_year(store: Store, as_at: dt.date, *, stage_of: StageOf | None = None) -> Report:
    """Rows of year, stage, accounts, charge, costs and total owed, with a total per year."""
    stage_of = stage_of or stored_stages(store)
    groups: dict[tuple[FinancialYear, str], list] = {}
    for account in account_ledgers(store):
        by_year: dict[FinancialYear, dict[Category, Decimal]] = {}
        for (year, category), totals in totals_as_at(account.ledger, as_at).items():
            by_year.setdefault(year, {})[category] = totals.outstanding
        for year, owed in by_year.items():
            total = sum(owed.values(), ZERO)
            if total == 0:
                continue
            stage = IN_CREDIT if total < 0 else stage_of(account, year, as_at)
            group = groups.setdefault((year, stage), [0, ZERO, ZERO, ZERO])
            group[0] += 1
            group[1] += owed.get(Category.CHARGE, ZERO)
            group[2] += owed.get(Category.COSTS, ZERO)
            if total > 0 and stage in _INSTALMENTS_STAND:  # what is owed beyond the instalments not yet due
                group[3] += max(ZERO, total - account.not_yet_due(year, as_at))
            elif total > 0:  # the right to instalments was lost: the whole balance is due (reg. 23(3))
                group[3] += total
    rows = []
    for year in sorted({y for y, _ in groups}, key=lambda y: y.start_year):
        stages = sorted((s for y, s in groups if y == year), key=lambda s: (s == IN_CREDIT, s))
        for stage in stages:
            count, charge, costs, overdue = groups[(year, stage)]
            rows.append((str(year), stage, count, charge, costs, charge + costs, overdue))
        owed = [groups[(year, s)] for s in stages if s != IN_CREDIT]
        rows.append((str(year), "total arrears", sum(g[0] for g in owed), sum((g[1] for g in owed), ZERO),
                     sum((g[2] for g in owed), ZERO), sum((g[1] + g[2] for g in owed), ZERO),
                     sum((g[3] for g in owed), ZERO)))
    return Report("arrears", "Arrears by financial year and stage", as_at,
                  ("year", "stage", "accounts", "charge", "costs", "total", "overdue"), tuple(rows),
                  ("total is all the year still owes; overdue leaves out instalments not yet due on the day;",
                   "'total arrears' leaves out accounts in credit on that year"))
