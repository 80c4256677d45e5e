"""Billing an account for a financial year: the first demand, or an adjustment of it.

Bills are never rewritten. The first bill for a year posts the charge to the ledger and records
the demand with its explanation and instalment schedule. Billing the same year again, after a
change of circumstances, posts the difference as an adjustment, re-profiles the remaining
instalments and records an adjustment bill; :func:`revcore.ctax.recalculate` against the
previous bill gives the line-by-line diff the adjustment notice shows.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import attrs

from revcore.ctax import Property, Tariff, charge
from revcore.instalments import InstalmentRules, build_schedule, revise_amount
from revcore.periods import FinancialYear
from revtui.records.ctax import Bill, CtaxAccount

__all__ = ["bill_year"]

# Annual billing builds the same schedule for every account with the same amount, issue date and
# plan; a schedule is a frozen value of its (hashable) arguments, so one is enough for all of them.
_schedule = lru_cache(maxsize=4096)(build_schedule)


def bill_year(
    account: CtaxAccount,
    prop: Property,
    tariff: Tariff,
    year: FinancialYear,
    issued: dt.date,
    rules: InstalmentRules,
    *,
    officer: str = "",
) -> CtaxAccount:
    """The account with ``year`` billed on ``issued``; unchanged if the bill already says it all."""
    explained = charge(account.liability, prop, tariff, year)
    previous = account.last_bill(year.start_year)
    ledger = account.ledger
    effective = explained.start or year.start
    if previous is None:
        schedule = _schedule(
            explained.total, year, issued, rules, plan=account.plan, day_of_month=account.instalment_day
        )
        if explained.total:
            ledger = ledger.charge(year, explained.total, effective=effective, posted=issued,
                                   reason=f"demand notice {year}", officer=officer)
        kind = "annual"
    else:
        if previous.explanation == explained:
            return account
        difference = explained.total - previous.explanation.total
        schedule = revise_amount(previous.schedule, explained.total, issued, rules)
        if difference:
            ledger = ledger.adjust(year, difference, effective=effective, posted=issued,
                                   reason=f"adjustment notice {year}", officer=officer)
        kind = "adjustment"
    bill = Bill(year.start_year, issued, kind, explained, schedule)
    return attrs.evolve(account, ledger=ledger, bills=(*account.bills, bill))
