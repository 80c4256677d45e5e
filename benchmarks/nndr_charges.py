"""Business rates annual charges with explanation for synthetic hereditaments; prints
hereditaments per CPU second beside the target and an anchor measured in the same run.

A realistic mix on the 2026/27 English tables: RHL and other hereditaments over the whole range
of rateable values (so every multiplier is charged), small business rate relief (full and
tapered), charities, discretionary and hardship relief, empty property (inside and past its free
period, industrial and not), s.44A certificates and liabilities starting or ending in the year.
Issue 16's target: at least 50,000 hereditaments per CPU second.

The anchor is the bare sum each charge starts from, RV x multiplier x days / days in the year
rounded to the penny, for the same hereditaments: what the explanation and the reliefs cost
beyond it is the ratio.

    python benchmarks/nndr_charges.py [--hereditaments N] [--year 2026]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from refdata.nndr import load_rates_rules  # noqa: E402
from revcore.council import Country  # noqa: E402
from revcore.ctax import Address  # noqa: E402
from revcore.money import PENNY_HALF_UP  # noqa: E402
from revcore.nndr import (  # noqa: E402
    Hereditament, PartOccupation, RateableValue, RatesLiability, RatesRules, Relief, ReliefKind, charge,
)
from revcore.periods import FinancialYear  # noqa: E402

TARGET = 50_000


def _rv(rng: random.Random) -> Decimal:
    roll = rng.random()
    if roll < 0.45:
        value = rng.randrange(2_000, 15_000)
    elif roll < 0.85:
        value = rng.randrange(15_000, 51_000)
    elif roll < 0.99:
        value = rng.randrange(51_000, 500_000)
    else:
        value = rng.randrange(500_000, 2_000_000)
    return Decimal(value // 25 * 25)


def synthetic(count: int, year: FinancialYear, seed: int = 16) -> list[tuple[RatesLiability, Hereditament]]:
    rng = random.Random(seed)
    start, end = year.start, year.end
    found = []
    for n in range(count):
        rv = _rv(rng)
        here = Hereditament(f"H{n}", f"{8_800_000_000 + n}", Address((f"Unit {n}", "Demo Park"), "DM1 1AA"),
                            "SHOP AND PREMISES", Country.ENGLAND, (RateableValue(dt.date(2026, 4, 1), rv, 2026),),
                            qualifying_industrial=rng.random() < 0.2, rhl=rng.random() < 0.35)
        first = start - dt.timedelta(days=rng.randrange(0, 3000))
        last = None
        if rng.random() < 0.10:  # liability starting or ending in the year
            if rng.random() < 0.5:
                first = start + dt.timedelta(days=rng.randrange(1, 360))
            else:
                last = start + dt.timedelta(days=rng.randrange(0, 360))
        roll = rng.random() if last is None else 1.0  # reliefs and empty rules on open liabilities
        kwargs: dict = {}
        if roll < 0.06:  # empty: some inside the free period, some past it
            kwargs = {"occupied": False, "empty_since": max(first, start - dt.timedelta(days=rng.randrange(0, 300)))}
            first = kwargs["empty_since"]
        elif roll < 0.36 and rv <= 15_000:
            kwargs = {"reliefs": (Relief(ReliefKind.SMALL_BUSINESS, max(first, start)),)}
        elif roll < 0.41:
            kwargs = {"reliefs": (Relief(ReliefKind.CHARITY, first),
                                  *((Relief(ReliefKind.DISCRETIONARY, max(first, start), percent=Decimal(20)),)
                                    if rng.random() < 0.5 else ()))}
        elif roll < 0.44:
            kwargs = {"reliefs": (Relief(ReliefKind.DISCRETIONARY, max(first, start + dt.timedelta(days=rng.randrange(0, 200))),
                                         percent=Decimal(rng.choice((10, 25, 50)))),)}
        elif roll < 0.45:
            kwargs = {"reliefs": (Relief(ReliefKind.HARDSHIP, max(first, start), percent=Decimal(50)),)}
        elif roll < 0.46:
            day = max(first, start) + dt.timedelta(days=rng.randrange(30, 200))
            kwargs = {"part_occupations": (PartOccupation(day, day, (rv * Decimal("0.6")).quantize(Decimal(1)),
                                                          day + dt.timedelta(days=90)),)}
        found.append((RatesLiability(f"N{n}", here.reference, f"Ratepayer {n}", first, last, **kwargs), here))
    return found


def anchor(items: list[tuple[RatesLiability, Hereditament]], rules: RatesRules, year: FinancialYear) -> Decimal:
    """The bare gross charge of each: RV x the first multiplier that fits x days / days in the year."""
    row = rules.multipliers.at(year.start)
    total = Decimal(0)
    for liability, here in items:
        first = max(liability.start, year.start)
        last = min(liability.end or year.end, year.end)
        if first > last:
            continue
        rv = here.values[0].value
        multiplier = next(m for m in row.multipliers if m.fits(rv, here.rhl))
        total += PENNY_HALF_UP(rv * multiplier.value * ((last - first).days + 1) / year.days)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hereditaments", type=int, default=50_000)
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    year = FinancialYear(args.year)
    rules = load_rates_rules("england")
    items = synthetic(args.hereditaments, year)
    gc.collect()
    gc.freeze()  # the loaded hereditaments live for the whole run, as in a billing run
    began = time.process_time()
    gross = anchor(items, rules, year)
    anchor_cpu = time.process_time() - began
    began_wall, began = time.perf_counter(), time.process_time()
    total, lines, steps = Decimal(0), 0, 0
    for liability, here in items:
        explained = charge(liability, here, rules, year)
        total += explained.total
        lines += len(explained.lines)
        steps += sum(len(line.steps) for line in explained.lines)
    cpu, wall = time.process_time() - began, time.perf_counter() - began_wall
    rate, anchor_rate = len(items) / cpu, len(items) / anchor_cpu
    print(f"{len(items):,} hereditaments, {year.label}: {lines:,} explained lines, {steps:,} steps; "
          f"charged £{total:,.2f} (gross before reliefs £{gross:,.2f})")
    print(f"charges with explanation: {cpu:.2f} s CPU ({wall:.2f} s wall), {rate:,.0f} hereditaments per CPU second"
          f" (target {TARGET:,}: {'met' if rate >= TARGET else 'NOT met'})")
    print(f"anchor, the bare RV x multiplier x days sum: {anchor_cpu:.2f} s CPU, {anchor_rate:,.0f} per CPU second; "
          f"the charge costs {anchor_rate / rate:.1f} times the anchor")


if __name__ == "__main__":
    main()
