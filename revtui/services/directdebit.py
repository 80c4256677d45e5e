"""Direct Debit in the store: mandates, the 10/12 choice, the daily run, ADDACS and ARUDD reports.

Every kind of payer goes through the same functions (:data:`revtui.accounts.direct_debit.PAYERS`):
council tax and business rates accounts (their bills' instalments) and sundry debtors (each of
their invoices on its due date, posted to the invoice). One run writes one Standard 18 file with
every kind's collections; one ADDACS or ARUDD report matches mandates of any kind.

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
from typing import Any

import attrs

from refdata.bacs import load_collection_days, load_service_user
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
from revcore.instalments import change_day, switch_plan
from revcore.money import format_money, from_pence, to_pence
from revcore.periods import FinancialYear
from safefiles import open_private
from revtui.accounts import kind_of_reference, locate
from revtui.accounts.direct_debit import CTAX_PAYER, PAYERS, DebitPayer, Debt, payer_of_reference
from revtui.formats.standard18 import ServiceUser, auddis_records, collection_records, write_standard18
from revtui.imports.bacs_reports import parse_addacs_report, parse_arudd
from revtui.imports.rules import bytes_hash
from revtui.records.ctax import CtaxAccount, DirectDebit, Note, NoticeSent
from revtui.records.payments import (
    BacsReportImport,
    BacsReportKind,
    CashRecords,
    CollectionRunRecord,
    HeldCollection,
)
from revtui.store import ConflictError, Repository, Store, Stored

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


def _payer(cash: CashRecords, reference: str) -> tuple[DebitPayer, Stored[Any]]:
    try:
        payer = payer_of_reference(reference)
    except ValueError as error:
        raise DirectDebitError(str(error)) from None
    stored = payer.repository(cash.store).find_one("reference", reference.strip().upper())
    if stored is None:
        raise DirectDebitError(f"no {payer.name} {reference}")
    return payer, stored


# --- collections and notices -----------------------------------------------------------------


def _ledger_of(debt: Debt, holder: Any) -> Any:
    return debt.kind.ledger(debt.stored.value if debt.stored is not None else holder)


def _collections(payer: DebitPayer, store: Store | None, value: Any) -> list[tuple[Collection, Debt]]:
    """Collections still to take under the payer's mandate, with the debt each is for: every debt's
    instalments from the first day the advance notice allows, less those already collected."""
    direct_debit = payer.direct_debit(value)
    if direct_debit is None:
        return []
    mandate = direct_debit.mandate
    found: list[tuple[Collection, Debt]] = []
    for debt in payer.debts(store, value):  # type: ignore[arg-type]
        ledger = _ledger_of(debt, value)
        # a sundry debtor's mandate collects into each invoice: the collection names the invoice
        under = mandate if debt.reference == mandate.account_reference else attrs.evolve(
            mandate, account_reference=debt.reference)
        every = collection_schedule(under, debt.instalments)
        left = [(c.due_date, c.amount) for c in every
                if c.collection_date >= direct_debit.collect_from and not ledger.has_source(c.key)]
        # codes again over what is left, so the first collection ever made under the mandate is an 01
        again = collection_schedule(attrs.evolve(under, collected=mandate.collected or bool(found)), left)
        found += [(collection, debt) for collection in again]
    return found


def upcoming_collections(account: CtaxAccount) -> list[Collection]:
    """Collections still to take under a council tax account's mandate: its current bill
    schedules' instalments from the first day the advance notice allows, less those collected."""
    return [collection for collection, _ in _collections(CTAX_PAYER, None, account)]


def _notify(payer: DebitPayer, store: Store | None, value: Any, today: dt.date) -> Any:
    """``value`` with an advance notice recorded if its collections changed since the last one.
    A collection whose debt was itself the notice (a sundry invoice) needs none."""
    direct_debit = payer.direct_debit(value)
    if direct_debit is None or direct_debit.mandate.status not in _NOTIFIABLE:
        return value
    pairs = _collections(payer, store, value)
    current = [c for c, debt in pairs if debt.notified_on is None]
    ledgers = {debt.reference: _ledger_of(debt, value) for debt in payer.debts(store, value)}  # type: ignore[arg-type]
    previous: list[Collection] = []
    if direct_debit.notices:
        previous = [c for c in direct_debit.notices[-1].notice.collections
                    if c.account_reference not in ledgers or not ledgers[c.account_reference].has_source(c.key)]
    sent = tuple(NoticeSent(notice, today) for notice in advance_notices(previous, current))
    return payer.with_direct_debit(value, attrs.evolve(direct_debit, notices=direct_debit.notices + sent,
                                                       reviewed_on=today))


def notify_changes(account: CtaxAccount, today: dt.date) -> CtaxAccount:
    """The account with an advance notice recorded if its collections changed since the last one
    (call it after re-billing a Direct Debit payer; the daily run calls it for bills issued since)."""
    return _notify(CTAX_PAYER, None, account, today)  # type: ignore[no-any-return]


def _notice_gap(direct_debit: DirectDebit, collection: Collection, debt: Debt) -> str | None:
    """Why ``collection`` may not be taken yet for want of notice (None: properly notified)."""
    if debt.notified_on is not None:  # the invoice stating this amount and due day is the notice
        if earliest_collection_date(debt.notified_on) > collection.collection_date:
            return (f"invoice {debt.reference} issued {debt.notified_on.isoformat()} is the advance notice: it allows "
                    f"collection from {earliest_collection_date(debt.notified_on).isoformat()}")
        return None
    for sent in reversed(direct_debit.notices):
        notified = next((c for c in sent.notice.collections if c.due_date == collection.due_date
                         and c.account_reference == collection.account_reference), None)
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


def _mandate_taken(cash: CashRecords, reference: str, holder: str) -> str:
    """Another payer (of any kind) already known by the mandate reference ``reference``, or ''."""
    for payer in PAYERS:
        for stored in payer.repository(cash.store).find("mandate", reference):
            if payer.reference(stored.value) != holder:
                return f"{payer.name} {payer.reference(stored.value)}"
    return ""


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
    collection_day: int | None = None,
) -> Stored[Any]:
    """Set up a Direct Debit on a council tax or business rates account or a sundry debtor (bank
    details validated; see the module docstring). A sundry debtor's mandate collects each invoice.
    A council tax payer's ``collection_day`` (one the council offers) becomes the instalment day:
    the years not ended move to it by a revised instalment notice (:func:`move_instalment_day`).

    :raises DirectDebitError: bad bank details or reference, or a mandate already in force.
    """
    payer_details = parse_bank_account(sort_code, account_number, account_name, modulus_check)
    reference = reference.strip().upper()
    with cash.store.change(f"Direct Debit set up on {reference}", user=officer):
        payer, stored = _payer(cash, reference)
        current = payer.direct_debit(stored.value)
        if current is not None and current.mandate.status is MandateStatus.CANCELLING:
            raise DirectDebitError(f"{reference}: mandate {current.mandate.reference} is {current.mandate.status.value}; "
                                   "set up the new one after the next Direct Debit run has lodged it")
        if current is not None and current.mandate.status is not MandateStatus.CANCELLED:
            raise DirectDebitError(f"{reference} already has mandate {current.mandate.reference} "
                                   f"({current.mandate.status.value}): cancel it first")
        mandate = new_mandate(mandate_reference or reference, reference, payer_details, today)
        if taken := _mandate_taken(cash, mandate.reference, reference):
            raise DirectDebitError(f"mandate reference {mandate.reference} is already used by {taken}")
        direct_debit = DirectDebit(mandate, earliest_collection_date(today))
        value = payer.with_direct_debit(stored.value, direct_debit)
        if collection_day is not None:
            if not isinstance(value, CtaxAccount):
                raise DirectDebitError(f"{reference}: a collection day is chosen for council tax accounts only")
            value = move_instalment_day(cash, value, collection_day, today)
        updated = _notify(payer, cash.store, value, today)
        return payer.repository(cash.store).save(stored, updated)


def cancel_direct_debit(cash: CashRecords, reference: str, *, today: dt.date, officer: str, reason: str) -> Stored[Any]:
    """The council ends the Direct Debit: the 0C goes in the next AUDDIS file; the account pays by cash."""
    reference = reference.strip().upper()
    with cash.store.change(f"Direct Debit cancelled on {reference}: {reason}", user=officer):
        payer, stored = _payer(cash, reference)
        direct_debit = payer.direct_debit(stored.value)
        if direct_debit is None:
            raise DirectDebitError(f"{reference} has no Direct Debit")
        mandate = cancel_mandate(direct_debit.mandate, today, reason)
        return payer.repository(cash.store).save(
            stored, payer.with_direct_debit(stored.value, attrs.evolve(direct_debit, mandate=mandate)))


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


def move_instalment_day(cash: CashRecords, account: CtaxAccount, day: int, today: dt.date) -> CtaxAccount:
    """The account's instalments fall on ``day`` from now: each year not ended whose schedule is
    on another day is re-profiled by a revised instalment notice (same months and amounts;
    instalments due within the notice period keep their dates, :func:`revcore.instalments.change_day`)."""
    offered = load_collection_days(_council_of(cash))
    if day not in offered:
        raise DirectDebitError(f"collection day: {day} is not one the council offers "
                               f"({', '.join(str(d) for d in offered)})")
    account = attrs.evolve(account, instalment_day=day)
    prop = cash.records.properties.find_one("reference", account.property_reference)
    country = prop.value.country.value if prop is not None else "england"
    for start_year in sorted({bill.year for bill in account.bills}):
        year, bill = FinancialYear(start_year), account.last_bill(start_year)
        if year.end < today or bill.schedule is None or bill.schedule.day_of_month == day:
            continue  # a past year is not re-profiled
        schedule = change_day(bill.schedule, day, today, instalment_rules("council_tax", country, year))
        account = attrs.evolve(account, bills=(*account.bills, attrs.evolve(
            bill, issued=today, kind="instalments", schedule=schedule)))
    return account


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


@attrs.define
class _Doc:
    """A stored record the run or a report changes: a payer, or the account a collection posts to
    (the same record for council tax and business rates; an invoice of a sundry debtor)."""

    repository: Repository[Any]
    stored: Stored[Any]
    value: Any
    changed: bool = False

    def set(self, value: Any) -> None:
        self.value, self.changed = value, True


def _days_collected_on(collection_date: dt.date, country: str) -> list[dt.date]:
    """Due days collected on ``collection_date``: that day and the non-banking days just before it."""
    days = [collection_date]
    while not is_working_day(days[-1] - dt.timedelta(days=1), country):
        days.append(days[-1] - dt.timedelta(days=1))
    return days


def _payers_for_run(cash: CashRecords, collection_date: dt.date,
                    country: str) -> dict[str, tuple[DebitPayer, Stored[Any]]]:
    """Payers of every kind with something collected on ``collection_date``, mandates to lodge,
    and bills to review for notice."""
    days = _days_collected_on(collection_date, country)
    found: dict[str, tuple[DebitPayer, Stored[Any]]] = {}
    for payer in PAYERS:
        repository = payer.repository(cash.store)
        lodging = [stored for status in (MandateStatus.NEW, MandateStatus.CANCELLING)
                   for stored in repository.find("mandate_status", status.name)]
        for stored in (*payer.due_on(cash.store, days), *lodging, *payer.to_review(cash.store)):
            found[payer.reference(stored.value)] = (payer, stored)
    return found


@attrs.frozen
class _Plan:
    """A run worked out from records read at their versions, ready to write."""

    run: CollectionRun
    held: tuple[HeldCollection, ...]
    instructions: tuple[AuddisInstruction, ...]
    docs: dict[str, _Doc]
    notices: int


def _plan_run(cash: CashRecords, payers: dict[str, tuple[DebitPayer, Stored[Any]]], collection_date: dt.date,
              today: dt.date, policy: AllocationPolicy, country: str) -> _Plan:
    store = cash.store
    docs = {reference: _Doc(payer.repository(store), stored, stored.value) for reference, (payer, stored) in payers.items()}
    holder_of: dict[str, str] = {}  # mandate reference -> payer reference
    owner_of: dict[str, Debt] = {}  # account a collection posts to -> its debt
    candidates: list[Collection] = []
    held: list[HeldCollection] = []
    notices = 0
    for reference, (payer, stored) in payers.items():
        before = payer.direct_debit(stored.value)
        value = _notify(payer, store, stored.value, today)
        direct_debit = payer.direct_debit(value)
        if value is not stored.value:
            docs[reference].set(value)
            notices += len(direct_debit.notices) - len(before.notices)
        holder_of[direct_debit.mandate.reference] = reference
        if direct_debit.mandate.status not in _COLLECTING:
            continue  # a cancellation to lodge: nothing to collect
        for collection, debt in _collections(payer, store, value):
            if collection.collection_date != collection_date:
                continue
            owner_of[debt.reference] = debt
            if debt.stored is not None and debt.reference not in docs:
                docs[debt.reference] = _Doc(debt.kind.repository(store), debt.stored, debt.stored.value)
            gap = _notice_gap(direct_debit, collection, debt) if direct_debit.mandate.collectable else None
            if gap is None:
                candidates.append(collection)
            else:
                held.append(HeldCollection(collection, gap))
    payer_of = {reference: payer for reference, (payer, _) in payers.items()}

    def direct_debit_of(reference: str) -> DirectDebit:
        return payer_of[reference].direct_debit(docs[reference].value)  # type: ignore[return-value]

    def with_mandate(mandate: Mandate) -> None:
        reference = holder_of[mandate.reference]
        doc = docs[reference]
        doc.set(payer_of[reference].with_direct_debit(doc.value, attrs.evolve(direct_debit_of(reference), mandate=mandate)))

    mandates = {m: direct_debit_of(r).mandate for m, r in holder_of.items()}
    run = collection_run(candidates, mandates, collection_date, country)
    held += [HeldCollection(collection, reason) for collection, reason in run.held]
    ledgers = {reference: debt.kind.ledger(docs[reference].value) for reference, debt in owner_of.items()}
    posted, collected = post_collections(run, ledgers, posted_on=today, policy=policy)
    for reference, ledger in posted.items():
        docs[reference].set(owner_of[reference].kind.with_ledger(docs[reference].value, ledger))
    for mandate in collected.values():
        with_mandate(mandate)
    instructions = tuple(auddis_instructions(mandates.values()))
    for instruction in instructions:
        current = direct_debit_of(holder_of[instruction.mandate.reference]).mandate
        with_mandate(attrs.evolve(mark_lodged(instruction, today), collected=current.collected))
    return _Plan(run, tuple(held), instructions, docs, notices)


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
    """Collect what falls due on ``collection_date`` on every kind (council tax and business rates
    instalments, sundry invoices) and lodge new and cancelled mandates, in one Standard 18 file.

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
        payers = _payers_for_run(cash, collection_date, country)
        say(f"{len(payers)} accounts and debtors to collect from, lodge or review")
        plan = _plan_run(cash, payers, collection_date, today, policy, country)
        try:
            record = _write_run(cash, plan, out_dir, today=today, officer=officer, user=user)
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


def _write_run(cash: CashRecords, plan: _Plan, out_dir: Path, *,
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
            for doc in plan.docs.values():
                if doc.changed:
                    doc.repository.save(doc.stored, doc.value)
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


def _by_mandate(cash: CashRecords, references: Iterable[str]) -> dict[str, tuple[DebitPayer, _Doc]]:
    """The payer (of any kind) holding each mandate reference."""
    found = {}
    for reference in set(references):
        for payer in PAYERS:
            repository = payer.repository(cash.store)
            for stored in repository.find("mandate", reference):
                found[reference] = (payer, _Doc(repository, stored, stored.value))
    return found


def _with_mandate(payer: DebitPayer, value: Any, mandate: Mandate, today: dt.date, task: str | None) -> Any:
    direct_debit = payer.direct_debit(value)
    assert direct_debit is not None
    changed = payer.with_direct_debit(value, attrs.evolve(direct_debit, mandate=mandate))
    if task:
        changed = attrs.evolve(changed, notes=(*changed.notes, Note(today, _TASK_AUTHOR, f"To do: {task}")))
    return changed


def import_addacs(cash: CashRecords, name: str, data: bytes, *, today: dt.date, officer: str) -> ReportOutcome:
    """Apply an ADDACS report: mandates cancelled, moved, amended, suspended or reinstated."""
    parsed = parse_addacs_report(name, data, today=today)
    advices, content_hash = list(parsed.advices), parsed.identity  # a re-delivery in other bytes is the same report
    with cash.store.change(f"ADDACS report {name} applied", user=officer):
        if earlier := _already(cash, content_hash, data):
            return ReportOutcome(name, (), (), already=True, earlier=earlier)
        holders = _by_mandate(cash, (a.reference for a in advices))
        mandates = {r: payer.direct_debit(doc.value).mandate for r, (payer, doc) in holders.items()}
        outcomes, unknown = apply_addacs_report(advices, mandates)
        applied = []
        for outcome in outcomes:
            payer, doc = holders[outcome.advice.reference]
            doc.set(_with_mandate(payer, doc.value, outcome.mandate, today, outcome.task))
            applied.append(f"{outcome.advice.source}: {payer.reference(doc.value)} {outcome.mandate.history[-1].reason}"
                           + (f"; to do: {outcome.task}" if outcome.task else ""))
        for _payer_, doc in holders.values():
            if doc.changed:
                doc.repository.save(doc.stored, doc.value)
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
        holders = _by_mandate(cash, (i.reference for i in report.items))
        mandates = {r: payer.direct_debit(doc.value).mandate for r, (payer, doc) in holders.items()}
        unpaid, unmatched = match_unpaid(report.items, collections, mandates, today, country)
        # the accounts the collections went to: the payer's own record, or a sundry debtor's invoice
        docs: dict[str, _Doc] = {payer.reference(doc.value): doc for payer, doc in holders.values()}
        kinds = {}
        for item in unpaid:
            account = item.collection.account_reference
            if account not in docs and (located := locate(cash.store, account)) is not None:
                docs[account] = _Doc(located.kind.repository(cash.store), located.stored, located.stored.value)
            if account in docs:
                kinds[account] = kind_of_reference(account)
        ledgers = {r: kinds[r].ledger(docs[r].value) for r in kinds}
        reversed_ledgers, failed = reverse_unpaid(unpaid, ledgers, posted_on=today)
        applied = []
        failed_keys = {(item.collection.account_reference, item.collection.key) for item, _ in failed}
        problems = [reason for _, reason in unmatched] + [f"{i.item.source}: {reason}" for i, reason in failed]
        for item in unpaid:
            reference = item.collection.account_reference
            if (reference, item.collection.key) in failed_keys:
                continue
            if item.collection.mandate_reference not in holders:
                problems.append(f"{item.item.source}: no payer holds mandate {item.collection.mandate_reference} now")
                continue
            if ledgers[reference].has_source(f"{item.collection.key}:unpaid"):
                problems.append(f"{item.item.source}: collection {item.collection.key} was already reversed")
                continue
            if reference in reversed_ledgers:
                docs[reference].set(kinds[reference].with_ledger(docs[reference].value, reversed_ledgers[reference]))
            payer, holder = holders[item.collection.mandate_reference]
            mandate = item.mandate or payer.direct_debit(holder.value).mandate
            holder.set(_with_mandate(payer, holder.value, mandate, today, item.task))
            applied.append(f"{item.item.source}: {reference} collection of {item.collection.amount} due "
                           f"{item.collection.due_date.isoformat()} reversed ({item.reason}); to do: {item.task}")
        for doc in docs.values():
            if doc.changed:
                doc.repository.save(doc.stored, doc.value)
        cash.reports.add(BacsReportImport(BacsReportKind.ARUDD, content_hash, name, today, officer, applied, problems))
    return ReportOutcome(name, tuple(applied), tuple(problems))
