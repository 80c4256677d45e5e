"""Shared fixtures: the demo council's recovery rules and a walker that runs day after day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from refdata.recovery import load_recovery_rules
from revcore.periods import FinancialYear
from revcore.recovery import AccountPosition, Instalment, Payment, YearPosition, apply_plan, run_recovery

D = dt.date
M = Decimal
YEAR = FinancialYear(2026)


@pytest.fixture(scope="session")
def rules():
    return load_recovery_rules("ctax")


@pytest.fixture(scope="session")
def nndr_rules():
    return load_recovery_rules("nndr")


def ten_instalments(amount: str = "150.00", year: FinancialYear = YEAR) -> tuple[Instalment, ...]:
    """£1,500 over 10 instalments of £150 on the 1st, April to January."""
    months = [(year.start_year, m) for m in range(4, 13)] + [(year.start_year + 1, 1)]
    return tuple(Instalment(n, D(y, m, 1), M(amount)) for n, (y, m) in enumerate(months, start=1))


def account(reference: str = "C00012343", payments=(), history=(), year=YEAR, **kwargs) -> AccountPosition:
    """One year of £1,500 in 10 instalments, with payments as (date, "amount") pairs."""
    year = YearPosition(year, ten_instalments(year=year), tuple(Payment(d, M(a)) for d, a in payments), history)
    return AccountPosition(reference, (year,), **kwargs)


def walk(accounts, first: dt.date, last: dt.date, rules, hearings=()):
    """Run every day from ``first`` to ``last`` issuing each plan; return (accounts, actions by day)."""
    accounts = list(accounts)
    issued: set[str] = set()
    log = []
    day = first
    while day <= last:
        plan = run_recovery(accounts, day, rules, tuple(hearings), frozenset(issued))
        if plan.actions:
            log.extend(plan.actions)
            issued |= {a.key for a in plan.actions}
            accounts = apply_plan(accounts, plan)
        day += dt.timedelta(days=1)
    return accounts, log


def stages(actions):
    return [(a.day, a.stage) for a in actions]
