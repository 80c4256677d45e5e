"""Direct Debit in the store: mandates, the 10/12 choice, the daily run, ADDACS and ARUDD reports.

Each function reads what it needs, applies the pure rules of :mod:`revcore.directdebit`, and
writes in one ``store.change`` so a crash leaves nothing half-done:

- :func:`set_up_direct_debit` validates the bank details, makes the mandate (its 0N goes in the
  next run's AUDDIS file), switches the account to Direct Debit and records the advance notice
  for the collections from the first day the notice allows; :func:`cancel_direct_debit` ends it.
- :func:`choose_instalments` records the payer's 10 or 12 choice and re-profiles this year's
  schedule by a revised notice; billing reads the plan from the stored preference only
  (:attr:`revtui.records.ctax.CtaxAccount.plan`), so re-billing never reverts a 12-instalment payer.
- :func:`run_direct_debits` collects the day's instalments: the collections come from each
  account's current bill schedules; a collection whose amount or date was not in an advance
  notice given 10 working days ahead is held (and the notice recorded), as is one whose mandate
  is not active. It writes the Standard 18 collection file and the AUDDIS file (0N/0C) to a
  folder, posts the collections as payments (keyed by collection: a re-run posts nothing twice)
  and stores the run.
- :func:`import_addacs` and :func:`import_arudd` apply the banks' reports (once per report,
  by content hash); ARUDD reverses each unpaid collection exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import attrs

from refdata.bacs import load_service_user
from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from revcore.allocation import AllocationPolicy
from revcore.calendar import is_working_day
from revcore.directdebit import (
    AuddisInstruction,
    Collection,
    CollectionRun,
    DirectDebitError,
    Mandate,
    MandateStatus,
    ModulusCheck,
    advance_notices,
    apply_addacs_report,
    auddis_instructions,
    bacs_processing_date,
    cancel_mandate,
    collection_run,
    collection_schedule,
    earliest_collection_date,
    mark_lodged,
    match_unpaid,
    new_mandate,
    parse_bank_account,
    post_collections,
    reverse_unpaid,
)
from revcore.instalments import switch_plan
from revcore.money import format_money, from_pence, to_pence
from revcore.periods import FinancialYear
from safefiles import open_private
from revtui.formats.standard18 import ServiceUser, auddis_records, collection_records, write_standard18
from revtui.imports.bacs_reports import parse_addacs_report, parse_arudd
from revtui.imports.rules import bytes_hash
from revtui.records.ctax import Bill, CtaxAccount, DirectDebit, Note, NoticeSent, PaymentMethod
from revtui.records.payments import (
    BacsReportImport,
    BacsReportKind,
    CashRecords,
    CollectionRunRecord,
    HeldCollection,
)
from revtui.store import ConflictError, Stored

__all__ = [
    "service_user",
    "set_up_direct_debit",
    "cancel_direct_debit",
    "choose_instalments",
    "upcoming_collections",
    "notify_changes",
    "RunOutcome",
    "run_direct_debits",
    "ReportOutcome",
    "import_addacs",
    "import_arudd",
]

Progress = Callable[[str], None]
_TASK_AUTHOR = "Direct Debit"
_NOTIFIABLE = frozenset({MandateStatus.NEW, MandateStatus.ACTIVE})
_COLLECTING = frozenset({MandateStatus.NEW, MandateStatus.ACTIVE, MandateStatus.SUSPENDED})


def service_user(council: str | None = None) -> ServiceUser:
    """The council as a Bacs originator, from ``bacs/service_user.toml`` in the council folder
    (its own table there, where the folder serves several councils)."""
    settings = load_service_user(council)
    return ServiceUser(settings.sun, settings.name,
                       parse_bank_account(settings.sort_code, settings.account_number, settings.account_name))


def _council_of(cash: CashRecords) -> str | None:
    from revtui.services.session import council_code

    return council_code(cash.store, default="") or None


def _account(cash: CashRecords, reference: str) -> Stored[CtaxAccount]:
    stored = cash.accounts.find_one("reference", reference)
    if stored is None:
        raise DirectDebitError(f"no account {reference}")
    return stored


# --- collections and notices -----------------------------------------------------------------


def upcoming_collections(account: CtaxAccount) -> list[Collection]:
    """Collections still to take under the account's mandate: its current bill schedules'
    instalments from the first day the advance notice allows, less those already collected."""
    direct_debit = account.direct_debit
    if direct_debit is None:
        return []
    mandate, ledger = direct_debit.mandate, account.ledger
    collections: list[Collection] = []
    for year in sorted({bill.year for bill in account.bills}):
        schedule = account.last_bill(year).schedule  # type: ignore[union-attr]
        every = collection_schedule(mandate, [(i.due, i.amount) for i in schedule.instalments])
        left = [(c.due_date, c.amount) for c in every
                if c.collection_date >= direct_debit.collect_from and not ledger.has_source(c.key)]
        # codes again over what is left, so the first collection ever made under the mandate is an 01
        collections += collection_schedule(attrs.evolve(mandate, collected=mandate.collected or bool(collections)), left)
    return collections


def notify_changes(account: CtaxAccount, today: dt.date) -> CtaxAccount:
    """The account with an advance notice recorded if its collections changed since the last one
    (call it after re-billing a Direct Debit payer; the daily run calls it for bills issued since)."""
    direct_debit = account.direct_debit
    if direct_debit is None or direct_debit.mandate.status not in _NOTIFIABLE:
        return account
    current = upcoming_collections(account)
    previous: list[Collection] = []
    if direct_debit.notices:
        previous = [c for c in direct_debit.notices[-1].notice.collections if not account.ledger.has_source(c.key)]
    sent = tuple(NoticeSent(notice, today) for notice in advance_notices(previous, current))
    return attrs.evolve(account, direct_debit=attrs.evolve(direct_debit, notices=direct_debit.notices + sent,
                                                           reviewed_on=today))


def _notice_gap(account: CtaxAccount, collection: Collection) -> str | None:
    """Why ``collection`` may not be taken yet for want of notice (None: properly notified)."""
    assert account.direct_debit is not None
    for sent in reversed(account.direct_debit.notices):
        notified = next((c for c in sent.notice.collections if c.due_date == collection.due_date), None)
        if notified is None:
            continue
        if (notified.amount, notified.collection_date) != (collection.amount, collection.collection_date):
            break
        if earliest_collection_date(sent.recorded_on) > collection.collection_date:
            return (f"advance notice recorded {sent.recorded_on.isoformat()} allows collection from "
                    f"{earliest_collection_date(sent.recorded_on).isoformat()}")
        return None
    return "no advance notice of this amount and date: notice recorded, collect after the notice period"


# --- mandates and the instalment choice ------------------------------------------------------


def set_up_direct_debit(
    cash: CashRecords,
    reference: str,
    sort_code: str,
    account_number: str,
    account_name: str,
    *,
    today: dt.date,
    officer: str,
    mandate_reference: str | None = None,
    modulus_check: ModulusCheck | None = None,
) -> Stored[CtaxAccount]:
    """Set up a Direct Debit on an account (bank details validated; see the module docstring).

    :raises DirectDebitError: bad bank details or reference, or a mandate already in force.
    """
    payer = parse_bank_account(sort_code, account_number, account_name, modulus_check)
    with cash.store.change(f"Direct Debit set up on {reference}", user=officer):
        stored = _account(cash, reference)
        account = stored.value
        current = account.direct_debit
        if current is not None and current.mandate.status is MandateStatus.CANCELLING:
            raise DirectDebitError(f"{reference}: mandate {current.mandate.reference} is {current.mandate.status.value}; "
                                   "set up the new one after the next Direct Debit run has lodged it")
        if current is not None and current.mandate.status is not MandateStatus.CANCELLED:
            raise DirectDebitError(f"{reference} already has mandate {current.mandate.reference} "
                                   f"({current.mandate.status.value}): cancel it first")
        mandate = new_mandate(mandate_reference or account.reference, account.reference, payer, today)
        direct_debit = DirectDebit(mandate, earliest_collection_date(today))
        updated = notify_changes(attrs.evolve(account, direct_debit=direct_debit,
                                              payment_method=PaymentMethod.DIRECT_DEBIT), today)
        return cash.accounts.save(stored, updated)


def cancel_direct_debit(cash: CashRecords, reference: str, *, today: dt.date, officer: str, reason: str) -> Stored[CtaxAccount]:
    """The council ends the Direct Debit: the 0C goes in the next AUDDIS file; the account pays by cash."""
    with cash.store.change(f"Direct Debit cancelled on {reference}: {reason}", user=officer):
        stored = _account(cash, reference)
        direct_debit = stored.value.direct_debit
        if direct_debit is None:
            raise DirectDebitError(f"{reference} has no Direct Debit")
        mandate = cancel_mandate(direct_debit.mandate, today, reason)
        return cash.accounts.save(stored, attrs.evolve(stored.value, payment_method=PaymentMethod.CASH,
                                                       direct_debit=attrs.evolve(direct_debit, mandate=mandate)))


def choose_instalments(cash: CashRecords, reference: str, instalments: int, *, today: dt.date, officer: str,
                       reason: str) -> Stored[CtaxAccount]:
    """Record the payer's choice of 10 or 12 instalments and re-profile each year not yet ended
    by a revised instalment notice (a ``Bill`` of kind ``instalments``, same charge)."""
    with cash.store.change(f"{instalments} instalments on {reference}: {reason}", user=officer):
        stored = _account(cash, reference)
        account = stored.value
        preference = account.preference.choose(instalments, today, officer, reason)
        account = attrs.evolve(account, preference=preference)
        prop = cash.records.properties.find_one("reference", account.property_reference)
        country = prop.value.country.value if prop is not None else "england"
        for start_year in sorted({bill.year for bill in account.bills}):
            year, bill = FinancialYear(start_year), account.last_bill(start_year)
            if year.end < today or bill.schedule.plan is preference.plan:  # type: ignore[union-attr]
                continue  # a past year is not re-profiled
            schedule = switch_plan(bill.schedule, preference.plan, today,  # type: ignore[union-attr]
                                   instalment_rules("council_tax", country, year))
            account = attrs.evolve(account, bills=(*account.bills, attrs.evolve(
                bill, issued=today, kind="instalments", schedule=schedule)))
        return cash.accounts.save(stored, notify_changes(account, today))


# --- the daily run ---------------------------------------------------------------------------


@attrs.frozen
class RunOutcome:
    """What a Direct Debit run did (``run`` is None when there was nothing to do)."""

    collection_date: dt.date
    run: Stored[CollectionRunRecord] | None
    collected: int
    total_pence: int
    held: tuple[HeldCollection, ...]
    auddis: tuple[str, ...]
    notices: int

    def lines(self) -> list[str]:
        rows = [f"Direct Debit run for collection on {self.collection_date.isoformat()}"]
        if self.run is None:
            rows.append("  nothing to collect or lodge (already run, or nothing due)")
        else:
            rows.append(f"  {self.collected} collections, {format_money(from_pence(self.total_pence))}"
                        + (f": {self.run.value.collection_file}" if self.run.value.collection_file else ""))
            rows.append(f"  {len(self.auddis)} AUDDIS instructions"
                        + (f": {self.run.value.auddis_file}" if self.run.value.auddis_file else ""))
        rows.append(f"  {self.notices} advance notices recorded to send")
        rows += [f"  held {h.collection.account_reference} {h.collection.amount}: {h.reason}" for h in self.held]
        return rows


def _accounts_for_run(cash: CashRecords, collection_date: dt.date, country: str) -> dict[str, Stored[CtaxAccount]]:
    """Accounts with an instalment collected on ``collection_date`` (due that day, or on the
    non-banking days just before it), mandates to lodge, and bills to review for notice."""
    days = [collection_date]
    while not is_working_day(days[-1] - dt.timedelta(days=1), country):
        days.append(days[-1] - dt.timedelta(days=1))
    found: dict[str, Stored[CtaxAccount]] = {}
    lookups = [("dd_due", day.isoformat()) for day in days] + [
        ("mandate_status", MandateStatus.NEW.name), ("mandate_status", MandateStatus.CANCELLING.name), ("dd_review", "yes")]
    for index, value in lookups:
        for stored in cash.accounts.find(index, value):
            found[stored.value.reference] = stored
    return found


@attrs.frozen
class _Plan:
    """A run worked out from accounts read at their versions, ready to write."""

    run: CollectionRun
    held: tuple[HeldCollection, ...]
    instructions: tuple[AuddisInstruction, ...]
    updated: dict[str, CtaxAccount]
    notices: int


def _plan_run(accounts: dict[str, Stored[CtaxAccount]], collection_date: dt.date, today: dt.date,
              policy: AllocationPolicy, country: str) -> _Plan:
    updated: dict[str, CtaxAccount] = {}
    candidates: list[Collection] = []
    held: list[HeldCollection] = []
    notices = 0
    for reference, stored in accounts.items():
        account = notify_changes(stored.value, today)
        if account is not stored.value:
            updated[reference] = account
            notices += len(account.direct_debit.notices) - len(stored.value.direct_debit.notices)
        if account.direct_debit.mandate.status not in _COLLECTING:
            continue  # a cancellation to lodge: nothing to collect
        for collection in upcoming_collections(account):
            if collection.collection_date != collection_date:
                continue
            gap = _notice_gap(account, collection) if account.direct_debit.mandate.collectable else None
            if gap is None:
                candidates.append(collection)
            else:
                held.append(HeldCollection(collection, gap))
    current = {r: updated.get(r, s.value) for r, s in accounts.items()}
    mandates = {a.direct_debit.mandate.reference: a.direct_debit.mandate for a in current.values()}
    run = collection_run(candidates, mandates, collection_date, country)
    held += [HeldCollection(collection, reason) for collection, reason in run.held]
    posted, collected = post_collections(run, {r: a.ledger for r, a in current.items()}, posted_on=today, policy=policy)
    for reference, ledger in posted.items():
        current[reference] = updated[reference] = attrs.evolve(current[reference], ledger=ledger)
    for mandate in collected.values():
        account = current[mandate.account_reference]
        current[account.reference] = updated[account.reference] = attrs.evolve(
            account, direct_debit=attrs.evolve(account.direct_debit, mandate=mandate))
    instructions = tuple(auddis_instructions(mandates.values()))
    for instruction in instructions:
        account = current[instruction.mandate.account_reference]
        lodged = attrs.evolve(mark_lodged(instruction, today), collected=account.direct_debit.mandate.collected)
        current[account.reference] = updated[account.reference] = attrs.evolve(
            account, direct_debit=attrs.evolve(account.direct_debit, mandate=lodged))
    return _Plan(run, tuple(held), instructions, updated, notices)


def run_direct_debits(
    cash: CashRecords,
    collection_date: dt.date,
    out_dir: Path,
    *,
    today: dt.date,
    officer: str,
    user: ServiceUser | None = None,
    policy: AllocationPolicy | None = None,
    country: str = "england",
    progress: Progress | None = None,
    attempts: int = 3,
) -> RunOutcome:
    """Collect the instalments due on ``collection_date`` and lodge new and cancelled mandates.

    Safe to re-run: collections already posted are not collected again, lodged mandates are
    not lodged again; a run with nothing to do writes no file. The run is worked out outside the
    store's write lock; the accounts are then saved at the versions read, and if an officer
    changed one meanwhile the run is worked out again (up to ``attempts`` times).
    """
    say = progress or (lambda _message: None)
    user = user or service_user(_council_of(cash))
    policy = policy or ledger_settings(today).policy
    processing = bacs_processing_date(collection_date, country)
    if processing < today:
        raise DirectDebitError(f"collection on {collection_date.isoformat()} needs its file processed by "
                               f"{processing.isoformat()}, before today ({today.isoformat()})")
    for attempt in range(1, attempts + 1):
        accounts = _accounts_for_run(cash, collection_date, country)
        say(f"{len(accounts)} accounts to collect from, lodge or review")
        plan = _plan_run(accounts, collection_date, today, policy, country)
        try:
            record = _write_run(cash, plan, accounts, out_dir, today=today, officer=officer, user=user)
            break
        except ConflictError as error:
            if attempt == attempts:
                raise
            say(f"{error}; working the run out again ({attempt + 1} of {attempts})")
    run = plan.run
    total = sum(to_pence(c.amount) for c, _ in run.items)
    auddis = tuple(f"{i.code.value} {i.mandate.reference}" for i in plan.instructions)
    say(f"{len(run.items)} collected, {len(plan.held)} held, {len(auddis)} AUDDIS instructions")
    return RunOutcome(collection_date, record, len(run.items), total, plan.held, auddis, plan.notices)


def _write_run(cash: CashRecords, plan: _Plan, accounts: dict[str, Stored[CtaxAccount]], out_dir: Path, *,
               today: dt.date, officer: str, user: ServiceUser) -> Stored[CollectionRunRecord] | None:
    """Files, accounts and the run record, all or nothing (files are removed if the store rolls back)."""
    run, instructions = plan.run, plan.instructions
    files: list[Path] = []
    try:
        with cash.store.change(f"Direct Debit run for {run.collection_date.isoformat()}", user=officer):
            serial = f"{len(cash.runs) + 1:06d}"
            collection_file = auddis_file = ""
            if run.items:
                path = out_dir / f"DD-{run.collection_date.isoformat()}-{serial}.txt"
                _write(path, write_standard18(user, collection_records(user, run), serial=serial, created_on=today,
                                              processing_date=run.processing_date))
                files.append(path)
                collection_file = str(path)
            if instructions:
                auddis_serial = f"A{serial[1:]}"
                path = out_dir / f"AUDDIS-{run.collection_date.isoformat()}-{auddis_serial}.txt"
                _write(path, write_standard18(user, auddis_records(user, instructions), serial=auddis_serial,
                                              created_on=today, processing_date=run.processing_date))
                files.append(path)
                auddis_file = str(path)
            for reference, account in plan.updated.items():
                cash.accounts.save(accounts[reference], account)
            if not (run.items or instructions):
                return None
            return cash.runs.add(CollectionRunRecord(
                run.collection_date, run.processing_date, today, officer, serial, [c for c, _ in run.items], plan.held,
                collection_file, auddis_file, [f"{i.code.value} {i.mandate.reference}" for i in instructions]))
    except BaseException:
        for path in files:  # the store rolled back: so do the files
            path.unlink(missing_ok=True)
        raise


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Exclusive: never overwrite a file already sent. Private: it holds payers' bank details.
    with open_private(path, "w", exclusive=True, encoding="ascii", newline="") as handle:
        handle.write(text)


# --- the banks' reports ----------------------------------------------------------------------


@attrs.frozen
class ReportOutcome:
    """What applying an ADDACS or ARUDD report did; ``already`` if it had been applied before."""

    name: str
    applied: tuple[str, ...]
    problems: tuple[str, ...]
    already: bool = False
    earlier: str = ""  # the earlier import of the same report, when ``already``

    def lines(self) -> list[str]:
        if self.already:
            return [f"{self.name}: already applied{' from ' + self.earlier if self.earlier else ''}; nothing done"]
        return ([f"{self.name}: {len(self.applied)} applied, {len(self.problems)} for an officer"]
                + [f"  {line}" for line in self.applied] + [f"  PROBLEM {line}" for line in self.problems])


def _already(cash: CashRecords, content_hash: str, data: bytes) -> str:
    """The earlier import of this report (by what it says, or, for records made before, its bytes), or ''."""
    for key in (content_hash, bytes_hash(data)):
        found = cash.reports.find("hash", key, limit=1)
        if found:
            return f"{found[0].value.name} (applied on {found[0].value.imported_on.isoformat()} by {found[0].value.officer})"
    return ""


def _by_mandate(cash: CashRecords, references: Iterable[str]) -> dict[str, Stored[CtaxAccount]]:
    found = {}
    for reference in set(references):
        for stored in cash.accounts.find("mandate", reference):
            found[reference] = stored
    return found


def _with_mandate(account: CtaxAccount, mandate: Mandate, today: dt.date, task: str | None) -> CtaxAccount:
    assert account.direct_debit is not None
    changes: dict = {"direct_debit": attrs.evolve(account.direct_debit, mandate=mandate)}
    if mandate.status is MandateStatus.CANCELLED:
        changes["payment_method"] = PaymentMethod.CASH
    if task:
        changes["notes"] = (*account.notes, Note(today, _TASK_AUTHOR, f"To do: {task}"))
    return attrs.evolve(account, **changes)


def import_addacs(cash: CashRecords, name: str, data: bytes, *, today: dt.date, officer: str) -> ReportOutcome:
    """Apply an ADDACS report: mandates cancelled, moved, amended, suspended or reinstated."""
    parsed = parse_addacs_report(name, data, today=today)
    advices, content_hash = list(parsed.advices), parsed.identity  # a re-delivery in other bytes is the same report
    with cash.store.change(f"ADDACS report {name} applied", user=officer):
        if earlier := _already(cash, content_hash, data):
            return ReportOutcome(name, (), (), already=True, earlier=earlier)
        accounts = _by_mandate(cash, (a.reference for a in advices))
        mandates = {r: s.value.direct_debit.mandate for r, s in accounts.items()}
        outcomes, unknown = apply_addacs_report(advices, mandates)
        updated: dict[str, CtaxAccount] = {}
        applied = []
        for outcome in outcomes:
            reference = outcome.advice.reference
            account = updated.get(reference, accounts[reference].value)
            updated[reference] = _with_mandate(account, outcome.mandate, today, outcome.task)
            applied.append(f"{outcome.advice.source}: {account.reference} {outcome.mandate.history[-1].reason}"
                           + (f"; to do: {outcome.task}" if outcome.task else ""))
        for reference, account in updated.items():
            cash.accounts.save(accounts[reference], account)
        problems = tuple(reason for _, reason in unknown)
        cash.reports.add(BacsReportImport(BacsReportKind.ADDACS, content_hash, name, today, officer, applied, problems))
    return ReportOutcome(name, tuple(applied), problems)


def import_arudd(cash: CashRecords, name: str, data: bytes, *, today: dt.date, officer: str,
                 country: str = "england") -> ReportOutcome:
    """Apply an ARUDD report: each unpaid collection reversed exactly once, mandates updated."""
    report = parse_arudd(name, data, today=today)
    content_hash = report.identity  # what the report says: a re-delivery in other bytes is the same report
    with cash.store.change(f"ARUDD report {name} applied", user=officer):
        if earlier := _already(cash, content_hash, data):
            return ReportOutcome(name, (), (), already=True, earlier=earlier)
        collections = [c for day in {i.original_processing_date for i in report.items}
                       for run in cash.runs.find("processing", day.isoformat()) for c in run.value.collections]
        accounts = _by_mandate(cash, (i.reference for i in report.items))
        mandates = {r: s.value.direct_debit.mandate for r, s in accounts.items()}
        unpaid, unmatched = match_unpaid(report.items, collections, mandates, today, country)
        ledgers = {s.value.reference: s.value.ledger for s in accounts.values()}
        reversed_ledgers, failed = reverse_unpaid(unpaid, ledgers, posted_on=today)
        by_account = {s.value.reference: s for s in accounts.values()}
        updated: dict[str, CtaxAccount] = {}
        applied = []
        failed_keys = {item.collection.key for item, _ in failed}
        problems = [reason for _, reason in unmatched] + [f"{i.item.source}: {reason}" for i, reason in failed]
        for item in unpaid:
            if item.collection.key in failed_keys:
                continue
            if ledgers[item.collection.account_reference].has_source(f"{item.collection.key}:unpaid"):
                problems.append(f"{item.item.source}: collection {item.collection.key} was already reversed")
                continue
            reference = item.collection.account_reference
            account = updated.get(reference, by_account[reference].value)
            account = attrs.evolve(account, ledger=reversed_ledgers.get(reference, account.ledger))
            updated[reference] = _with_mandate(account, item.mandate or account.direct_debit.mandate, today, item.task)
            applied.append(f"{item.item.source}: {reference} collection of {item.collection.amount} due "
                           f"{item.collection.due_date.isoformat()} reversed ({item.reason}); to do: {item.task}")
        for reference, account in updated.items():
            cash.accounts.save(by_account[reference], account)
        cash.reports.add(BacsReportImport(BacsReportKind.ARUDD, content_hash, name, today, officer, applied, problems))
    return ReportOutcome(name, tuple(applied), tuple(problems))
