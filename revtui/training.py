"""Training mode: reset a training store to a scenario's start, then move the council's clock on.

A trainer picks a scenario (:data:`SCENARIOS`), :func:`reset` builds a fresh training store for
it (a store with a training clock, never a live one), and :func:`advance` (or :func:`step`: a
day, a month, to the next recovery run) moves the clock forward day by day, applying on each
day what happens on it:

* instalments fall due (counted, so the trainer sees what was expected);
* Direct Debit payers are collected on the instalment day (the next banking day if it is not one),
  posted under the same source key a real collection uses, so nothing is collected twice;
* cash payers pay by habit: most on the due day (posted the next working day), some two weeks
  late, some not at all, each always through the same channel (PayPoint, Post Office or online),
  all decided from the account reference so a replay is the same; a payment is posted as a line
  of that channel's file for the day, as the payment import posts it, so the cash report counts
  it under its channel;
* payments the scenario scripts are posted on their day;
* business rates and sundry payers (HB overpayments' invoices included) pay by the same habits,
  as a payment file for the day imported by the live payment import (:mod:`revtui.training_kinds`);
* on the council's weekly recovery run day the recovery engine runs over every account, and
  the live run (:func:`revtui.services.recovery.recovery_run`) issues what it proposes, exactly
  as it does for a council: holds, arrangements and the debtor's means recorded by officers are
  honoured, costs are posted to the ledger, notices noted on the account.

Every day's changes are saved in one audited transaction with the day's clock move, so stopping
part way leaves the store at the last whole day. Letters are not printed (recorded only).
"""

from __future__ import annotations

import argparse
import functools
import datetime as dt
import sys
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs

from refdata import DataError
from refdata.ledger import ledger_settings
from revcore.calendar import is_working_day, next_working_day
from revcore.dates import add_months
from revcore.money import ZERO, format_money
from revcore.periods import FinancialYear
from revtui.councils import use_councils
from revtui.clock import SETTINGS_TABLE, is_training, set_training_date, today
from revtui.demo.generator import DEMO_SETTINGS_ID
from revtui.records.ctax import CtaxAccount, PaymentMethod, open_records
from revtui.services.stores import Store, Stored, open_store
from revtui.training_kinds import OtherKinds

__all__ = [
    "ScriptedPayment", "Scenario", "SCENARIOS", "DayReport", "TrainingError",
    "reset", "advance", "step", "next_recovery_run", "is_recovery_run_day", "scenario_of", "played_from", "cash_habit", "cash_channel",
    "main",
]

_SCENARIO_ID = "training-scenario"


class TrainingError(RuntimeError):
    """A training request that cannot be done (a live store, a clock moved backwards, no such scenario)."""


@attrs.frozen
class ScriptedPayment:
    """A payment the scenario makes happen on ``day`` (e.g. a customer paying off arrears)."""

    day: dt.date
    account: str
    amount: Decimal
    channel: str = "online"
    note: str = ""


@attrs.frozen
class Scenario:
    """A training scenario: ``build(path, start)`` creates its store as it stands on ``start``."""

    name: str
    title: str
    start: dt.date
    build: Callable[[Path, dt.date], None]
    payments: tuple[ScriptedPayment, ...] = ()


@attrs.frozen
class DayReport:
    """What happened on one day of a training run."""

    day: dt.date
    instalments_due: int = 0
    due_amount: Decimal = ZERO
    direct_debits: int = 0
    direct_debit_amount: Decimal = ZERO
    cash_payments: int = 0
    cash_amount: Decimal = ZERO
    lines: tuple[str, ...] = ()
    recovery_run: bool = False
    """True when the day was a recovery run day (what it issued is in ``lines``)."""

    @property
    def quiet(self) -> bool:
        return not (self.instalments_due or self.direct_debits or self.cash_payments or self.lines)

    def describe(self) -> str:
        head = f"{self.day:%a %d %b %Y}"
        parts = []
        if self.instalments_due:
            parts.append(f"{self.instalments_due} instalments fell due ({format_money(self.due_amount)})")
        if self.direct_debits:
            parts.append(f"{self.direct_debits} Direct Debits collected ({format_money(self.direct_debit_amount)})")
        if self.cash_payments:
            parts.append(f"{self.cash_payments} cash payments posted ({format_money(self.cash_amount)})")
        if self.recovery_run:
            parts.append("recovery run day")
        text = f"{head}: " + ("; ".join(parts) if parts else "nothing fell due")
        return "\n".join([text, *(f"  {line}" for line in self.lines)])


def cash_habit(reference: str) -> str:
    """How a cash payer pays in training, fixed by the reference: ``on_time`` (7 in 10),
    ``late`` (2 in 10: two weeks after the due day) or ``none`` (1 in 10)."""
    bucket = zlib.crc32(reference.encode()) % 10
    return "on_time" if bucket < 7 else ("late" if bucket < 9 else "none")


CASH_CHANNELS = ("paypoint", "postoffice", "online")  # named as in the payment files


def cash_channel(reference: str) -> str:
    """The channel a cash payer pays through in training, fixed by the reference."""
    return CASH_CHANNELS[zlib.crc32(f"channel:{reference}".encode()) % len(CASH_CHANNELS)]


# --- scenarios ---------------------------------------------------------------------------------


def _demo_council(size: int) -> Callable[[Path, dt.date], None]:
    def build(path: Path, start: dt.date) -> None:
        from revtui.demo import build_demo, load_settings

        build_demo(path, size=size, settings=attrs.evolve(load_settings(), as_at=start))

    return build


SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        Scenario("demo-year", "The demo council (500 dwellings) from the first day of the year: play the year out",
                 dt.date(2026, 4, 1), _demo_council(500)),
        Scenario("demo-autumn", "The demo council (500 dwellings) in the autumn, arrears building up",
                 dt.date(2026, 10, 1), _demo_council(500)),
    )
}


def _settings_doc(store: Store, name: str) -> dict | None:
    found = store.table(SETTINGS_TABLE).search(lambda doc: doc.get("name") == name)
    return found[0] if found else None


def scenario_of(store: Store) -> Scenario | None:
    """The scenario a training store was reset to (None for a demo store built directly)."""
    document = _settings_doc(store, _SCENARIO_ID)
    return SCENARIOS.get(document["scenario"]) if document else None


def played_from(store: Store) -> dt.date | None:
    """The last day of the store's built history: training plays instalments due after it."""
    document = _settings_doc(store, _SCENARIO_ID)
    if document is not None:
        return dt.date.fromisoformat(document["start"])
    document = _settings_doc(store, DEMO_SETTINGS_ID)
    return dt.date.fromisoformat(document["as_at"]) if document else None


def reset(path: str | Path, scenario: str | Scenario) -> Scenario:
    """Replace the training store at ``path`` by ``scenario`` as it stands on its first day."""
    chosen = SCENARIOS.get(scenario) if isinstance(scenario, str) else scenario
    if chosen is None:
        raise TrainingError(f"no training scenario {scenario!r}; there are: {', '.join(sorted(SCENARIOS))}")
    path = Path(path)
    if path.exists():
        store = open_store(path)
        try:
            if not is_training(store):
                raise TrainingError(f"{path} is a live store (it has no training clock): training never resets it")
        finally:
            store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    chosen.build(path, chosen.start)
    store = open_store(path, user="training")
    try:
        with store.change(f"training store reset to scenario {chosen.name}"):
            store.table(SETTINGS_TABLE).insert({"name": _SCENARIO_ID, "scenario": chosen.name,
                                                "start": chosen.start.isoformat()})
            set_training_date(store, chosen.start, reason=f"training scenario {chosen.name} starts")
    finally:
        store.close()
    return chosen


def is_recovery_run_day(day: dt.date, country: str = "england") -> bool:
    """The demo council runs recovery weekly, on the working day set in ``demo/council.toml`` (council folder)."""
    return day.weekday() == _recovery_settings().recovery_weekday and is_working_day(day, country)


def next_recovery_run(day: dt.date, country: str = "england") -> dt.date:
    """The day of the next recovery run after ``day``."""
    day += dt.timedelta(days=1)
    while not is_recovery_run_day(day, country):
        day += dt.timedelta(days=1)
    return day


@functools.lru_cache(maxsize=1)
def _recovery_settings():
    from revtui.demo import load_settings

    return load_settings()


def step(store: Store, unit: str) -> list[DayReport]:
    """Move the clock on by ``unit``: ``day``, ``month`` or ``recovery`` (to the next recovery run)."""
    current = today(store)
    targets = {
        "day": lambda: current + dt.timedelta(days=1),
        "month": lambda: add_months(current, 1),
        "recovery": lambda: next_recovery_run(current),
    }
    if unit not in targets:
        raise TrainingError(f"step by 'day', 'month' or 'recovery', not {unit!r}")
    return advance(store, targets[unit]())


class _Day:
    """Instalments of the open accounts, indexed by the day something happens on them."""

    def __init__(self, accounts: dict[str, Stored[CtaxAccount]], country: str, played_from: dt.date | None) -> None:
        self.due: dict[dt.date, list[tuple[str, dt.date, Decimal]]] = {}
        self.collect: dict[dt.date, list[tuple[str, dt.date, Decimal]]] = {}
        for reference, stored in accounts.items():
            account = stored.value
            bills = {bill.year: bill for bill in account.bills}
            for bill in bills.values():
                for instalment in bill.schedule.instalments:
                    if played_from is not None and instalment.due <= played_from:
                        continue  # the scenario's own history already says how it was paid
                    item = (reference, instalment.due, instalment.amount)
                    self.due.setdefault(instalment.due, []).append(item)
                    if account.payment_method is PaymentMethod.DIRECT_DEBIT:
                        day = instalment.due if is_working_day(instalment.due, country) else \
                            next_working_day(instalment.due, country)
                    else:
                        habit = cash_habit(reference)
                        if habit == "none":
                            continue
                        paid = instalment.due + dt.timedelta(days=14 if habit == "late" else 0)
                        day = next_working_day(paid, country) if not is_working_day(paid, country) else paid
                        day = next_working_day(day + dt.timedelta(days=1), country)  # the file is posted the next working day
                    self.collect.setdefault(day, []).append(item)


def advance(store: Store, until: dt.date, *, council_jobs: bool = True) -> list[DayReport]:
    """Play every day after today up to ``until``; gives one report a day (quiet days included).

    Each day the residents pay (and Direct Debits are collected), then the council runs its jobs
    through the live services. ``council_jobs=False`` plays the residents only, so a test can run
    the council's live commands itself and compare (they must give the same store).
    """
    if not is_training(store):
        raise TrainingError("this is a live store: only a training store's clock can be moved")
    current = today(store)
    if until <= current:
        raise TrainingError(f"the training clock is at {current.isoformat()}; move it forward, not to {until.isoformat()}")
    records = open_records(store)
    first = next(iter(records.properties.table), None)
    country = first["country"] if first else "england"
    accounts = {stored.value.reference: stored for stored in (records.accounts.get(doc.doc_id) for doc in records.accounts.table)
                if stored.value.liability.end is None or stored.value.liability.end >= current}
    calendar = _Day(accounts, country, played_from(store))
    scenario = scenario_of(store)
    scripted = scenario.payments if scenario else ()
    policy = ledger_settings(until).policy
    others = OtherKinds(store, country, played_from(store), until, habit=cash_habit, channel=cash_channel)
    reports = []
    day = current
    while day < until:
        day += dt.timedelta(days=1)
        changed: dict[str, CtaxAccount] = {}
        due = calendar.due.get(day, [])
        counts = {"dd": [0, ZERO], "cash": [0, ZERO]}
        lines = []
        file_lines: dict[str, int] = {}  # the day's payment file from each channel: its last line
        for reference, due_day, amount in calendar.collect.get(day, []):
            account = changed.get(reference) or accounts[reference].value
            if account.liability.end is not None and due_day > account.liability.end:
                continue
            dd = account.payment_method is PaymentMethod.DIRECT_DEBIT
            if dd and account.ledger.closed_on is not None:
                continue  # the mandate ended with the liability; the final bill is the recovery's
            if dd:
                source = f"dd:{reference}:{due_day.isoformat()}"
                reason = f"Direct Debit collection, code 17, mandate {reference}"
            else:  # each day is played once (saved with its clock move), so a file line is never posted twice
                channel = cash_channel(reference)
                file_lines[channel] = file_lines.get(channel, 0) + 1
                source = f"{channel}-{day.isoformat()}.csv line {file_lines[channel]}"
                reason = f"payment ({source}) of the instalment due {due_day.isoformat()} (training: cash payer's habit)"
            if account.ledger.has_source(source):
                continue
            ledger = account.ledger.pay(amount, effective=day if dd else due_day, posted=day, policy=policy,
                                        source=source, reason=reason)
            changed[reference] = attrs.evolve(account, ledger=ledger)
            counts["dd" if dd else "cash"][0] += 1
            counts["dd" if dd else "cash"][1] += amount
        for index, payment in enumerate(scripted):
            if payment.day != day or payment.account not in accounts:
                continue
            account = changed.get(payment.account) or accounts[payment.account].value
            file_lines[payment.channel] = file_lines.get(payment.channel, 0) + 1  # its channel's file, too
            source = f"{payment.channel}-{day.isoformat()}.csv line {file_lines[payment.channel]}"
            if account.ledger.has_source(source):
                continue
            ledger = account.ledger.pay(payment.amount, effective=day, posted=day, policy=policy, source=source,
                                        reason=f"payment ({payment.channel}{': ' + payment.note if payment.note else ''})")
            changed[payment.account] = attrs.evolve(account, ledger=ledger)
            lines.append(f"{payment.account} paid {format_money(payment.amount)} by {payment.channel}"
                         f"{': ' + payment.note if payment.note else ''}")
        lines += others.post(store, day)[2]  # business rates and sundry payers: the day's file, imported live
        ran = council_jobs and is_recovery_run_day(day, country)
        with store.change(f"training: the council's day {day.isoformat()}"):
            for reference, account in changed.items():
                accounts[reference] = records.accounts.save(accounts[reference], account)
            if ran:
                said, acted_on = _recovery_run(store, day)
                lines += said
                for reference in acted_on & accounts.keys():  # the run posts costs and notes notices
                    accounts[reference] = records.accounts.get(accounts[reference].doc_id)
            set_training_date(store, day, reason=f"training clock moved to {day.isoformat()}")
        reports.append(DayReport(day, len(due), sum((a for _, _, a in due), ZERO), counts["dd"][0], counts["dd"][1],
                                 counts["cash"][0], counts["cash"][1], tuple(lines), ran))
    return reports


def _recovery_run(store: Store, day: dt.date) -> tuple[list[str], set[str]]:
    """The live recovery run (:func:`revtui.services.recovery.recovery_run`) for ``day``, issued:
    training runs exactly what a council runs, with the demo council's court hearings."""
    from revtui.services.recovery import recovery_run, stage_words
    from revtui.services.session import open_session

    session = open_session(store, today=day)
    summary = recovery_run(session, issue=True, hearings=_recovery_settings().court_hearings)
    issued: dict[str, int] = {}
    for action in summary.plan.actions:
        issued[action.stage] = issued.get(action.stage, 0) + 1
    acted_on = {action.account for action in summary.plan.actions}
    if not issued:
        return ["recovery run: nothing to issue"], acted_on
    return (["recovery run: " + ", ".join(f"{count} {stage_words(stage)}" for stage, count in sorted(issued.items()))],
            acted_on)


# --- command line ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m revtui.training", description="Training mode.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the training scenarios")
    reset_cmd = commands.add_parser("reset", help="reset a training store to a scenario's start")
    reset_cmd.add_argument("--store", required=True)
    reset_cmd.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    step_cmd = commands.add_parser("step", help="move the training clock forward")
    step_cmd.add_argument("--store", required=True)
    how = step_cmd.add_mutually_exclusive_group(required=True)
    how.add_argument("--day", action="store_const", const="day", dest="unit")
    how.add_argument("--month", action="store_const", const="month", dest="unit")
    how.add_argument("--to-recovery-run", action="store_const", const="recovery", dest="unit")
    how.add_argument("--to", type=dt.date.fromisoformat, help="to this day (YYYY-MM-DD)")
    step_cmd.add_argument("--all-days", action="store_true", help="list quiet days too")
    status = commands.add_parser("status", help="the store's scenario and today")
    status.add_argument("--store", required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            for scenario in SCENARIOS.values():
                print(f"{scenario.name:<14} from {scenario.start.isoformat()}  {scenario.title}")
            return 0
        if args.command == "reset":
            chosen = reset(args.store, args.scenario)
            print(f"{args.store} reset to {chosen.name}: today is {chosen.start.isoformat()}")
            return 0
        if not Path(args.store).exists():
            raise TrainingError(f"no store at {args.store}")
        use_councils(args.store)
        store = open_store(args.store, user="training")
        try:
            if args.command == "status":
                scenario = scenario_of(store)
                print(f"scenario {scenario.name if scenario else '(none)'}; today {today(store).isoformat()}"
                      f" ({FinancialYear.containing(today(store))}); training store: {is_training(store)}")
                return 0
            reports = advance(store, args.to) if args.to else step(store, args.unit)
        finally:
            store.close()
        for report in reports:
            if args.all_days or not report.quiet:
                print(report.describe())
        print(f"today is now {reports[-1].day.isoformat()}")
        return 0
    except (TrainingError, DataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
