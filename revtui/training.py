"""Training mode: reset a training store to a scenario's start, then move the council's clock on.

A trainer picks a scenario (:data:`SCENARIOS`), :func:`reset` builds a fresh training store for
it (a store with a training clock, never a live one), and :func:`advance` (or :func:`step`: a
day, a month, to the next recovery run) moves the clock forward day by day, applying on each
day what happens on it:

* instalments fall due (counted, so the trainer sees what was expected);
* Direct Debit payers are collected on the instalment day (the next banking day if it is not one),
  posted under the same source key a real collection uses, so nothing is collected twice;
* cash payers pay by habit: most on the due day, some two weeks late, some not at all, each
  always through the same channel (PayPoint, Post Office or online), all decided from the account
  reference so a replay is the same; each channel sends the day's payments as a file in the CSV
  layout the next working day, and the live payment import (:func:`revtui.services.payments.import_payment_file`)
  posts it, so matching, suspense and the cash report work as they do for a council;
* payments the scenario scripts (to an account of any kind) go in their channel's file for the day;
* business rates and sundry payers (HB overpayments' invoices included) pay by the same habits,
  as a payment file for the day imported by the live payment import (:mod:`revtui.training_kinds`);
* on the council's weekly recovery run day the recovery engine runs over every account, and
  the live run (:func:`revtui.services.recovery.recovery_run`) issues what it proposes, exactly
  as it does for a council: holds, arrangements and the debtor's means recorded by officers are
  honoured, costs are posted to the ledger, notices noted on the account.

The clock moves only when a day's work is done, in the transaction of the council's last job, so
stopping part way replays the day: collections are keyed, the import recognises a file by what
it says and the recovery run issues nothing twice. Letters are not printed (recorded only).
"""

from __future__ import annotations

import argparse
import functools
import datetime as dt
import sys
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING
from decimal import Decimal
from pathlib import Path

import attrs

from refdata import DataError
from revcore.calendar import add_working_days, is_working_day, next_working_day
from revcore.dates import add_months
from revcore.money import ZERO, format_money, from_pence
from revcore.periods import FinancialYear
from revtui.councils import use_councils
from revtui.clock import SETTINGS_TABLE, is_training, set_training_date, today
from revtui.demo.generator import DEMO_SETTINGS_ID
from revtui.imports.payment_files import CsvPayment, csv_payment_file
from revtui.records.ctax import CtaxAccount, PaymentMethod, Records, open_records
from revtui.services.changes import ActionError
from revtui.services.stores import Store, Stored, open_store
from revtui.training_kinds import OtherKinds

if TYPE_CHECKING:
    from revtui.services.directdebit import RunOutcome

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
    collection_day: dt.date | None = None
    """The day the Direct Debits sent to Bacs today are taken (``direct_debits`` of them)."""

    @property
    def quiet(self) -> bool:
        return not (self.instalments_due or self.direct_debits or self.cash_payments or self.lines)

    def describe(self) -> str:
        head = f"{self.day:%a %d %b %Y}"
        parts = []
        if self.instalments_due:
            parts.append(f"{self.instalments_due} instalments fell due ({format_money(self.due_amount)})")
        if self.direct_debits:
            taken = f" for {self.collection_day:%a %d %b}" if self.collection_day else ""
            parts.append(f"{self.direct_debits} Direct Debits sent to Bacs{taken} ({format_money(self.direct_debit_amount)})")
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
    store = open_store(path)  # the operating-system account, as every change records
    try:
        with store.change(f"training store reset to scenario {chosen.name}"):
            store.table(SETTINGS_TABLE).insert({"name": _SCENARIO_ID, "scenario": chosen.name,
                                                "start": chosen.start.isoformat()})
            set_training_date(store, chosen.start, reason=f"training scenario {chosen.name} starts")
        _direct_debits_lodged_by(store, chosen.start)
    finally:
        store.close()
    return chosen


def _direct_debits_lodged_by(store: Store, start: dt.date) -> None:
    """The Direct Debit runs a council has made by the scenario's first day: the collections of
    the next two banking days are already with Bacs (each day's run takes money two banking days
    on), so the first days played collect them. Run on the last banking day up to ``start``."""
    country = _country(open_records(store))
    ran_on = start if is_working_day(start, country) else add_working_days(start, -1, country)
    for ahead in (1, 2):
        direct_debit_run(store, ran_on, add_working_days(ran_on, ahead, country), country)


def _country(records: Records) -> str:
    first = next(iter(records.properties.table), None)
    return str(first["country"]) if first else "england"


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
        self.due: dict[dt.date, list[tuple[str, dt.date, Decimal, dt.date]]] = {}
        self.collect: dict[dt.date, list[tuple[str, dt.date, Decimal, dt.date]]] = {}
        for reference, stored in accounts.items():
            account = stored.value
            bills = {bill.year: bill for bill in account.bills}
            for bill in bills.values():
                for instalment in bill.schedule.instalments:
                    if played_from is not None and instalment.due <= played_from:
                        continue  # the scenario's own history already says how it was paid
                    self.due.setdefault(instalment.due, []).append((reference, instalment.due, instalment.amount,
                                                                    instalment.due))
                    if account.payment_method is PaymentMethod.DIRECT_DEBIT:
                        continue  # collected by the council's Direct Debit run
                    habit = cash_habit(reference)
                    if habit == "none":
                        continue
                    paid = instalment.due + dt.timedelta(days=14 if habit == "late" else 0)
                    day = next_working_day(paid, country) if not is_working_day(paid, country) else paid
                    day = next_working_day(day + dt.timedelta(days=1), country)  # the file is posted the next working day
                    self.collect.setdefault(day, []).append((reference, instalment.due, instalment.amount, paid))


def advance(store: Store, until: dt.date, *, council_jobs: bool = True) -> list[DayReport]:
    """Play every day after today up to ``until``; gives one report a day (quiet days included).

    Each day the residents pay, then the council runs its jobs through the live services: the
    payment files are imported, a banking day's Direct Debit run sends the collections of two
    banking days on, and on its day the recovery run issues what it proposes. ``council_jobs=False`` plays the residents only, so a test can run
    the council's live commands itself and compare (they must give the same store).
    """
    if not is_training(store):
        raise TrainingError("this is a live store: only a training store's clock can be moved")
    current = today(store)
    if until <= current:
        raise TrainingError(f"the training clock is at {current.isoformat()}; move it forward, not to {until.isoformat()}")
    records = open_records(store)
    country = _country(records)
    accounts = {stored.value.reference: stored for stored in (records.accounts.get(doc.doc_id) for doc in records.accounts.table)
                if stored.value.liability.end is None or stored.value.liability.end >= current}
    calendar = _Day(accounts, country, played_from(store))
    scenario = scenario_of(store)
    scripted = scenario.payments if scenario else ()
    others = OtherKinds(store, country, played_from(store), until, habit=cash_habit, channel=cash_channel)
    reports = []
    day = current
    while day < until:
        day += dt.timedelta(days=1)
        due = calendar.due.get(day, [])
        counts = {"dd": [0, ZERO], "cash": [0, ZERO]}
        lines = []
        files: dict[str, list[CsvPayment]] = {}  # the day's payment file from each channel
        for reference, due_day, amount, paid_on in calendar.collect.get(day, []):
            account = accounts[reference].value
            if account.liability.end is not None and due_day > account.liability.end:
                continue
            channel = cash_channel(reference)  # the payer's channel sends it in its file; the import posts it
            files.setdefault(channel, []).append(
                CsvPayment(reference, amount, paid_on, channel, f"instalment due {due_day.isoformat()}"))
            counts["cash"][0] += 1
            counts["cash"][1] += amount
        for payment in scripted:  # to an account of any kind: the import finds it by its reference
            if payment.day != day:
                continue
            files.setdefault(payment.channel, []).append(
                CsvPayment(payment.account, payment.amount, day, payment.channel, payment.note))
            lines.append(f"{payment.account} paid {format_money(payment.amount)} by {payment.channel}"
                         f"{': ' + payment.note if payment.note else ''}")
        _payment_files(store, day, files, post=council_jobs)
        taken = None
        if council_jobs and is_working_day(day, country):
            run = direct_debit_run(store, day, add_working_days(day, 2, country), country)
            counts["dd"] = [run.collected, from_pence(run.total_pence)]
            taken = run.collection_date if run.collected else None
        lines += others.post(store, day)[2]  # business rates and sundry payers: the day's file, imported live
        ran = council_jobs and is_recovery_run_day(day, country)
        with store.change(f"training: the council's day {day.isoformat()}"):
            if ran:
                lines += _recovery_run(store, day)
            set_training_date(store, day, reason=f"training clock moved to {day.isoformat()}")
        reports.append(DayReport(day, len(due), sum((a for _, _, a, _ in due), ZERO), counts["dd"][0], counts["dd"][1],
                                 counts["cash"][0], counts["cash"][1], tuple(lines), ran, taken))
    return reports


def bacs_folder(store: Store) -> Path:
    """Where a training store's Direct Debit runs write their Bacs files: beside the store."""
    return Path(store.path).parent / f"{Path(store.path).stem}-bacs"


def direct_debit_run(store: Store, day: dt.date, collection: dt.date, country: str = "england") -> "RunOutcome":
    """The council's Direct Debit run on ``day`` for money taken on ``collection``: the live run
    (:func:`revtui.services.directdebit.run_direct_debits`, what ``revtui dd-run`` does)."""
    from revtui.records.payments import open_cash_records
    from revtui.services.directdebit import run_direct_debits

    return run_direct_debits(open_cash_records(store), collection, bacs_folder(store), today=day,
                             officer=store.user, country=country)


def payment_inbox(store: Store) -> Path:
    """Where a training store's residents leave their payment files when the council's jobs are
    not run by the clock (``advance(..., council_jobs=False)``): beside the store."""
    return Path(store.path).parent / f"{Path(store.path).stem}-payments"


def _payment_files(store: Store, day: dt.date, files: dict[str, list[CsvPayment]], *, post: bool) -> None:
    """Each channel's file for ``day``, imported by the live payment import (``post``) or left in
    :func:`payment_inbox` for the council's own ``import-payments``.

    A replayed day makes the same files, which the import recognises by what they say."""
    from revtui.records.payments import open_cash_records
    from revtui.services.payments import import_payment_file
    from safefiles import write_private

    for channel, payments in sorted(files.items()):
        name, data = f"{channel}-{day.isoformat()}.csv", csv_payment_file(payments)
        if post:
            import_payment_file(open_cash_records(store), name, data, "csv", today=day, officer=store.user)
        else:
            payment_inbox(store).mkdir(parents=True, exist_ok=True)
            write_private(payment_inbox(store) / name, data)


def _recovery_run(store: Store, day: dt.date) -> list[str]:
    """The live recovery run (:func:`revtui.services.recovery.recovery_run`) for ``day``, issued:
    training runs exactly what a council runs, with the demo council's court hearings."""
    from revtui.services.recovery import recovery_run, stage_words
    from revtui.services.session import open_session

    session = open_session(store, today=day)
    summary = recovery_run(session, issue=True, hearings=_recovery_settings().court_hearings)
    issued: dict[str, int] = {}
    for action in summary.plan.actions:
        issued[action.stage] = issued.get(action.stage, 0) + 1
    if not issued:
        return ["recovery run: nothing to issue"]
    return ["recovery run: " + ", ".join(f"{count} {stage_words(stage)}" for stage, count in sorted(issued.items()))]


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
        store = open_store(args.store)
        try:
            if args.command == "status":
                scenario = scenario_of(store)
                print(f"scenario {scenario.name if scenario else '(none)'}; today {today(store).isoformat()}"
                      f" ({FinancialYear.containing(today(store))}); training store: {is_training(store)}")
                return 0
            from revtui.services.permissions import require
            from revtui.services.session import open_session

            require(open_session(store), "training.clock")  # the trainer the roles file names, only
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
    except ActionError as refused:  # PermissionRefused: not the trainer
        print(f"error: {refused}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
