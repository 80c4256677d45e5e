"""Billing a business rates account for a financial year: the first demand, or an adjustment.

The same rule as council tax (:mod:`revtui.services.billing`): the first bill posts the year's
charge to the ledger; billing again after a change posts the difference, re-profiles the
instalments still to fall due and records an adjustment bill. Nothing earlier is rewritten.
"""

from __future__ import annotations

import datetime as dt

import attrs

from revcore.instalments import InstalmentRules, revise_amount
from revcore.nndr import RatesBill, RatesRules, charge, rates_bill
from revcore.periods import FinancialYear
from revtui.records.rates import RatesAccount

__all__ = ["bill_rates_year"]


def bill_rates_year(
    account: RatesAccount,
    rules: RatesRules,
    year: FinancialYear,
    issued: dt.date,
    instalments: InstalmentRules,
    *,
    day_of_month: int = 1,
    officer: str = "",
) -> RatesAccount:
    """The account with ``year`` billed on ``issued``; unchanged if the last bill already says it all."""
    previous = account.last_bill(year.start_year)
    ledger = account.ledger
    if previous is None:
        bill = rates_bill(account.liability, account.hereditament, rules, year, issued, instalments,
                          day_of_month=day_of_month)
        if bill.explanation.total:
            ledger = ledger.charge(year, bill.explanation.total, effective=max(year.start, account.liability.start),
                                   posted=issued, reason=f"business rates demand {year}", officer=officer)
    else:
        explained = charge(account.liability, account.hereditament, rules, year)
        if explained == previous.explanation:
            return account
        difference = explained.total - previous.explanation.total
        bill = RatesBill(year, issued, explained, revise_amount(previous.schedule, explained.total, issued, instalments))
        if difference:
            ledger = ledger.adjust(year, difference, effective=max(year.start, account.liability.start),
                                   posted=issued, reason=f"business rates adjustment {year}", officer=officer)
    return attrs.evolve(account, ledger=ledger, bills=(*account.bills, bill))
