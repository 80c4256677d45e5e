"""The daily recovery run over 100,000 synthetic council tax accounts; prints the time taken.

A realistic mix on a November working day: most accounts up to date, about 8% missing an
instalment this month (reminders due), and some 7% further on — reminders running, instalments
lost, summonsed, with liability orders and remedies, on hold or under an arrangement.
Issue 6's target: under 10 s on the 2-core machine.

    python benchmarks/recovery_run.py [--accounts N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from refdata.recovery import load_recovery_rules  # noqa: E402
from revcore.periods import FinancialYear  # noqa: E402
from revcore.recovery import (  # noqa: E402
    AccountPosition,
    Arrangement,
    DebtorMeans,
    Employment,
    Hold,
    Instalment,
    Payment,
    StageEvent,
    YearPosition,
    run_recovery,
)
from revcore.references import make_reference  # noqa: E402

YEAR = FinancialYear(2026)
RUN_DAY = dt.date(2026, 11, 11)  # a Wednesday
HEARINGS = (dt.date(2026, 11, 25), dt.date(2026, 12, 9), dt.date(2027, 1, 13))
D = dt.date


def _schedule(rng: random.Random) -> tuple[Instalment, ...]:
    annual = Decimal(rng.randrange(90_000, 320_000)) / 100
    first_day = rng.choice((1, 1, 1, 15, 25))
    each = (annual / 10).quantize(Decimal("1"))
    first = annual - each * 9
    months = [(2026, m) for m in range(4, 13)] + [(2027, 1)]
    return tuple(
        Instalment(n, D(y, m, first_day), first if n == 1 else each) for n, (y, m) in enumerate(months, start=1)
    )


def _account(number: int, rng: random.Random) -> AccountPosition:
    instalments = _schedule(rng)
    reference = make_reference("C", number)
    roll = rng.random()
    due = [i for i in instalments if i.due <= RUN_DAY]
    if roll < 0.85:  # up to date: paid on or before each due day
        payments = tuple(Payment(i.due - dt.timedelta(days=rng.randrange(0, 3)), i.amount) for i in due)
        return AccountPosition(reference, (YearPosition(YEAR, instalments, payments),))
    if roll < 0.93:  # missed this month's instalment: a reminder is due
        payments = tuple(Payment(i.due, i.amount) for i in due if i.due.month != 11)
        return AccountPosition(reference, (YearPosition(YEAR, instalments, payments),))
    paid = tuple(Payment(i.due, i.amount) for i in due[:4])
    stage = rng.random()
    if stage < 0.25:  # reminder running
        history = (StageEvent("reminder", D(2026, 11, 9), until=D(2026, 11, 15)),)
    elif stage < 0.45:  # instalments lost, summons due
        history = (StageEvent("reminder", D(2026, 8, 10), until=D(2026, 8, 16)),
                   StageEvent("instalments_lost", D(2026, 8, 17), until=D(2026, 8, 23)))
    elif stage < 0.6:  # summonsed for a later hearing
        history = (StageEvent("instalments_lost", D(2026, 8, 17), until=D(2026, 8, 23)),
                   StageEvent("summons", D(2026, 11, 2), until=D(2026, 11, 25)),
                   StageEvent("costs", D(2026, 11, 2), amount=Decimal("70.00")))
    else:  # liability order, remedies tried or running
        history = (StageEvent("instalments_lost", D(2026, 8, 17), until=D(2026, 8, 23)),
                   StageEvent("summons", D(2026, 9, 7), until=D(2026, 9, 30)),
                   StageEvent("costs", D(2026, 9, 7), amount=Decimal("70.00")),
                   StageEvent("liability_order", D(2026, 9, 30)))
        if rng.random() < 0.5:
            history += (StageEvent("enforcement_agent", D(2026, 10, 14)),)
    debtor = DebtorMeans(
        employment=Employment("Employer Ltd", "monthly", Decimal(rng.randrange(800, 3000))) if rng.random() < 0.4 else None,
        on_benefits=rng.random() < 0.2,
    )
    holds: tuple[Hold, ...] = ()
    arrangement = None
    extra = rng.random()
    if extra < 0.05:
        holds = (Hold("breathing_space", D(2026, 10, 20), D(2026, 12, 18)),)
    elif extra < 0.10:
        arrangement = Arrangement(D(2026, 9, 1), (YEAR.label,),
                                  tuple(Instalment(n, D(2026, m, 5), Decimal("100.00")) for n, m in enumerate((9, 10, 11, 12), 1)))
    return AccountPosition(reference, (YearPosition(YEAR, instalments, paid, history),), holds, arrangement, debtor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    rules = load_recovery_rules("ctax")
    rng = random.Random(args.seed)
    accounts = [_account(n, rng) for n in range(1, args.accounts + 1)]
    run_recovery(accounts[:100], RUN_DAY, rules, HEARINGS)  # warm the holiday cache
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    plan = run_recovery(accounts, RUN_DAY, rules, HEARINGS)
    elapsed = time.perf_counter() - start
    gc.enable()
    in_arrears = sum(1 for s in plan.states if s.stage not in ("up to date", "paid"))
    print(f"recovery run {RUN_DAY.isoformat()}: {len(accounts):,} accounts, {in_arrears:,} years in recovery or arrears")
    print(f"  actions proposed: {len(plan.actions):,} " + ", ".join(
        f"{stage} {count:,}" for stage, count in sorted(Counter(a.stage for a in plan.actions).items())))
    print(f"  time: {elapsed:.2f} s ({len(accounts) / elapsed:,.0f} accounts/s); target under 10 s")


if __name__ == "__main__":
    main()
