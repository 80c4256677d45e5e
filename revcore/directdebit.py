"""Direct Debit: mandates, collection schedules, advance notices and the 10/12 instalment choice.

Pure domain rules; the Bacs files (Standard 18 collections, AUDDIS instructions, ADDACS and
ARUDD reports) are written and read at the edge (``revtui.formats``, ``revtui.imports``) and
meet this module through the plain objects below.

Bank details are checked for shape only: a sort code of 6 digits and an account number of 8.
Whether an account can exist at a sort code (and whether that branch accepts Direct Debits) is
decided by the Vocalink modulus checking rules, which need the licensed ``valacdos`` table.
We do not ship it: pass a :data:`ModulusCheck` to :func:`parse_bank_account` where a council
holds a licence (or a bank-validation service) and the check runs there.

Dates: the **collection date** of a :class:`Collection` is the Bacs *entry day*, the day the
money leaves the payer's account and the day an advance notice states. Bacs works on a
three-day cycle (input day, processing day, entry day; https://www.directdebit.co.uk/direct-debit-explained/managing-direct-debit/), so the processing
date written in the Standard 18 file is the banking day before (:func:`bacs_processing_date`).
Banking days are England and Wales working days (``revcore.calendar``).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Callable, Iterable, Mapping, Sequence

import attrs

from revcore.dates import add_months
from revcore.allocation import AllocationPolicy
from revcore.calendar import add_working_days, next_working_day
from revcore.instalments import InstalmentRules, Plan, Schedule, build_schedule
from revcore.ledger import Ledger, LedgerError
from revcore.money import ZERO, to_money
from revcore.periods import FinancialYear
from revcore.references import ReferenceError, parse_reference
from revcore.validation import AnyField, member_of, no_text_for_tuples

__all__ = [
    "DirectDebitError",
    "ModulusCheck",
    "BankAccount",
    "parse_bank_account",
    "check_bacs_reference",
    "DEFAULT_INSTALMENTS",
    "InstalmentChoice",
    "InstalmentPreference",
    "annual_schedule",
    "MandateStatus",
    "MandateEvent",
    "Mandate",
    "new_mandate",
    "TransactionCode",
    "Collection",
    "collection_schedule",
    "bacs_processing_date",
    "NOTICE_WORKING_DAYS",
    "AdvanceNotice",
    "latest_notice_date",
    "earliest_collection_date",
    "advance_notices",
    "AuddisCode",
    "AuddisInstruction",
    "auddis_instructions",
    "mark_lodged",
    "cancel_mandate",
    "CollectionRun",
    "collection_run",
    "AddacsAdvice",
    "AddacsOutcome",
    "ADDACS_REASONS",
    "apply_addacs",
    "apply_addacs_report",
    "UnpaidItem",
    "UnpaidCollection",
    "ARUDD_REASONS",
    "match_unpaid",
    "represent",
    "post_collections",
    "reverse_unpaid",
]


class DirectDebitError(ValueError):
    """Bank details, a mandate or a Direct Debit event that cannot be accepted as given."""


ModulusCheck = Callable[[str, str], "str | None"]
"""``check(sort_code, account_number)`` returns ``None`` if the account passes, else the reason.

The hook for Vocalink modulus checking (licensed ``valacdos`` table, not shipped)."""

_BACS_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.&/- ")


def _digits(length: int, what: str) -> Callable[[object, AnyField, str], None]:
    def check(instance: object, attribute: AnyField, value: str) -> None:
        if not isinstance(value, str) or len(value) != length or not value.isdigit():
            raise DirectDebitError(f"{what} {value!r}: expected {length} digits")

    return check


@attrs.frozen
class BankAccount:
    """A payer's (or the council's) bank account: sort code, account number, account name."""

    sort_code: str = attrs.field(validator=_digits(6, "sort code"))
    account_number: str = attrs.field(validator=_digits(8, "account number"))
    name: str = attrs.field()

    @name.validator
    def _name(self, attribute: AnyField, value: str) -> None:
        if not value.strip():
            raise DirectDebitError("bank account name is empty")


def parse_bank_account(
    sort_code: str, account_number: str, name: str, modulus_check: ModulusCheck | None = None
) -> BankAccount:
    """Bank details as typed (``12-34-56``, spaces) made into a :class:`BankAccount`.

    ``modulus_check`` is the Vocalink hook (see the module docstring); without it only the shape
    is checked.
    """
    sort_code = "".join(ch for ch in sort_code if ch not in " -")
    account_number = "".join(ch for ch in account_number if ch not in " -")
    account = BankAccount(sort_code, account_number, name.strip())
    if modulus_check is not None:
        problem = modulus_check(sort_code, account_number)
        if problem:
            raise DirectDebitError(f"sort code {sort_code} account {account_number}: {problem}")
    return account


def check_bacs_reference(reference: str) -> str:
    """A Direct Debit reference as Bacs accepts it (Bank of Ireland "BACS File Specification", a transcription: trust C).

    6 to 18 characters from ``A-Z 0-9 . & / -`` and space, not starting ``DDIC``, not all one
    character.
    """
    if not 6 <= len(reference) <= 18:
        raise DirectDebitError(f"DD reference {reference!r}: must be 6 to 18 characters")
    bad = sorted(set(reference) - _BACS_CHARACTERS)
    if bad:
        raise DirectDebitError(f"DD reference {reference!r}: characters {''.join(bad)!r} are not allowed by Bacs")
    if reference.startswith("DDIC"):
        raise DirectDebitError(f"DD reference {reference!r}: must not start DDIC")
    if len(set(reference)) == 1:
        raise DirectDebitError(f"DD reference {reference!r}: must not be one repeated character")
    return reference


# --- The 10 or 12 instalment choice ----------------------------------------------------------

DEFAULT_INSTALMENTS = 10
"""The statutory default number of monthly instalments (A&E Regs Sch 1 para 2(1))."""


@attrs.frozen
class InstalmentChoice:
    """One recorded decision about the number of monthly instalments: what, when, who, why."""

    instalments: int = attrs.field()
    chosen_on: dt.date
    recorded_by: str
    reason: str

    @instalments.validator
    def _count(self, attribute: AnyField, value: int) -> None:
        if value not in (10, 12):
            raise DirectDebitError(f"{value} monthly instalments: choose 10 (the default) or 12 (on request)")

    def __attrs_post_init__(self) -> None:
        if not self.recorded_by.strip() or not self.reason.strip():
            raise DirectDebitError("an instalment choice must record who made it and why")


@attrs.frozen(field_transformer=no_text_for_tuples)
class InstalmentPreference:
    """The payer's standing choice of 10 or 12 monthly instalments, with its history.

    The statutory request for 12 instalments (A&E Regs reg. 21(1A)) is made for a year; the
    system keeps it as the payer's standing choice for every later year, re-profile and
    re-bill until the payer (or an officer, recorded with a reason) changes it. Nothing resets
    it: there is no "default" operation, only :meth:`choose`, which appends to the history.
    A commercial system once moved thousands of 12-instalment payers back to 10 by rebuilding
    plans from defaults; here a schedule's length is always read from :attr:`instalments`.

    Fewer instalments in a year because the bill came late (Sch 1 para 2(3)/(3A)) is the
    schedule's business and does not change the preference.
    """

    choices: tuple[InstalmentChoice, ...] = attrs.field(default=(), converter=tuple[InstalmentChoice, ...])

    @property
    def instalments(self) -> int:
        return self.choices[-1].instalments if self.choices else DEFAULT_INSTALMENTS

    @property
    def plan(self) -> Plan:
        """The :class:`revcore.instalments.Plan` every schedule for this payer is built with."""
        return Plan.TWELVE if self.instalments == 12 else Plan.TEN

    def choose(self, instalments: int, on: dt.date, recorded_by: str, reason: str) -> "InstalmentPreference":
        if self.choices and on < self.choices[-1].chosen_on:
            raise DirectDebitError(
                f"choice dated {on.isoformat()} is earlier than the last one ({self.choices[-1].chosen_on.isoformat()})"
            )
        return InstalmentPreference(self.choices + (InstalmentChoice(instalments, on, recorded_by, reason),))

    def explain(self) -> list[str]:
        if not self.choices:
            return [f"{DEFAULT_INSTALMENTS} monthly instalments: statutory default, no request recorded"]
        return [
            f"{c.instalments} monthly instalments from {c.chosen_on.isoformat()}: {c.reason} (recorded by {c.recorded_by})"
            for c in self.choices
        ]


def annual_schedule(
    preference: InstalmentPreference,
    amount: Decimal,
    year: FinancialYear,
    issued: dt.date,
    rules: InstalmentRules,
    *,
    day_of_month: int = 1,
) -> Schedule:
    """The year's statutory schedule built with the payer's recorded plan (annual billing, re-bills).

    The plan comes from ``preference`` and nowhere else. A later change of amount re-profiles
    with :func:`revcore.instalments.revise_amount`, which keeps the schedule's plan.
    """
    return build_schedule(amount, year, issued, rules, plan=preference.plan, day_of_month=day_of_month)


# --- Mandates --------------------------------------------------------------------------------


class MandateStatus(enum.Enum):
    NEW = "new: instruction to lodge with AUDDIS (0N)"
    ACTIVE = "active"
    SUSPENDED = "suspended: collect nothing until an officer resolves it"
    CANCELLING = "cancelling: cancellation to lodge with AUDDIS (0C)"
    CANCELLED = "cancelled"


_COLLECTABLE = frozenset({MandateStatus.ACTIVE})


@attrs.frozen
class MandateEvent:
    """Something that happened to a mandate, kept so its state explains itself."""

    on: dt.date
    status: MandateStatus = attrs.field(validator=member_of(MandateStatus))
    reason: str


def _account_reference(instance: object, attribute: AnyField, value: str) -> None:
    # a sundry debtor's one mandate collects each of their invoices: it is held under the debtor's
    # reference (SD and six digits), not an account's
    if len(value) == 8 and value.startswith("SD") and value[2:].isdigit():
        return
    try:
        if parse_reference(value) != value:
            raise ReferenceError(f"{value!r} is not in normal form")
    except ReferenceError as error:
        raise DirectDebitError(f"mandate account reference: {error}") from None


@attrs.frozen(field_transformer=no_text_for_tuples)
class Mandate:
    """A Direct Debit Instruction (DDI) from a payer for one revenues account (or one sundry
    debtor, whose invoices it collects each on its own ledger).

    ``reference`` is the DD reference quoted in Bacs files and reports (often the account
    reference itself). ``collected`` says whether a collection has been made under it, which
    decides the first collection's transaction code (01) against later ones (17).
    """

    reference: str = attrs.field(validator=lambda i, a, v: check_bacs_reference(v))
    account_reference: str = attrs.field(validator=_account_reference)
    payer: BankAccount
    status: MandateStatus = attrs.field(validator=member_of(MandateStatus))
    history: tuple[MandateEvent, ...] = attrs.field(converter=tuple[MandateEvent, ...])
    collected: bool = False

    def moved(self, on: dt.date, status: MandateStatus, reason: str, *,
              payer: BankAccount | None = None, collected: bool | None = None) -> "Mandate":
        """A copy in ``status`` with the event recorded (and the payer's details or ``collected`` changed if given)."""
        return attrs.evolve(
            self, status=status, history=self.history + (MandateEvent(on, status, reason),),
            payer=self.payer if payer is None else payer, collected=self.collected if collected is None else collected,
        )

    @property
    def collectable(self) -> bool:
        return self.status in _COLLECTABLE


def new_mandate(reference: str, account_reference: str, payer: BankAccount, signed_on: dt.date) -> Mandate:
    """A mandate just received from the payer; its 0N instruction goes in the next AUDDIS file."""
    return Mandate(
        reference, account_reference, payer, MandateStatus.NEW,
        (MandateEvent(signed_on, MandateStatus.NEW, "instruction received from payer"),),
    )


def cancel_mandate(mandate: Mandate, on: dt.date, reason: str) -> Mandate:
    """The council cancels (payer moved away, paid in full...): a 0C goes in the next AUDDIS file.

    A mandate the bank or the payer already cancelled (ADDACS) needs no 0C: see :func:`apply_addacs`.
    """
    if mandate.status is MandateStatus.CANCELLED:
        raise DirectDebitError(f"mandate {mandate.reference} is already cancelled")
    if mandate.status is MandateStatus.NEW:  # never lodged: nothing to tell the bank
        return mandate.moved(on, MandateStatus.CANCELLED, reason)
    return mandate.moved(on, MandateStatus.CANCELLING, reason)


class AuddisCode(enum.Enum):
    NEW = "0N"
    CANCEL = "0C"
    CONVERT = "0S"


@attrs.frozen
class AuddisInstruction:
    mandate: Mandate
    code: AuddisCode = attrs.field(validator=member_of(AuddisCode))


def auddis_instructions(mandates: Iterable[Mandate]) -> list[AuddisInstruction]:
    """The AUDDIS records owed: 0N for new mandates, 0C for council cancellations."""
    owed = {MandateStatus.NEW: AuddisCode.NEW, MandateStatus.CANCELLING: AuddisCode.CANCEL}
    return [AuddisInstruction(m, owed[m.status]) for m in mandates if m.status in owed]


def mark_lodged(instruction: AuddisInstruction, on: dt.date) -> Mandate:
    """The mandate once its AUDDIS instruction has gone to Bacs."""
    if instruction.code is AuddisCode.CANCEL:
        return instruction.mandate.moved(on, MandateStatus.CANCELLED, "cancellation lodged with AUDDIS (0C)")
    return instruction.mandate.moved(on, MandateStatus.ACTIVE, f"instruction lodged with AUDDIS ({instruction.code.value})")


# --- Collections -----------------------------------------------------------------------------


class TransactionCode(enum.Enum):
    """Standard 18 transaction codes for Direct Debit collections (https://www.unifiedsoftware.co.uk/bacs-transaction-codes/ and two other suppliers agree)."""

    FIRST = "01"
    REGULAR = "17"
    REPRESENTED = "18"
    FINAL = "19"


def _collection_amount(value: Decimal | int | str) -> Decimal:
    return to_money(value, where="collection amount")


@attrs.frozen
class Collection:
    """One Direct Debit collection of an instalment.

    ``due_date`` is the instalment's statutory due date; ``collection_date`` the banking day the
    money is taken (the due date, or the next banking day after it).
    """

    mandate_reference: str
    account_reference: str
    due_date: dt.date
    collection_date: dt.date
    amount: Decimal = attrs.field(converter=_collection_amount)
    code: TransactionCode = attrs.field(validator=member_of(TransactionCode))

    @amount.validator
    def _positive(self, attribute: AnyField, value: Decimal) -> None:
        if value <= ZERO:
            raise DirectDebitError(f"collection on {self.due_date.isoformat()}: amount {value} must be positive")

    @property
    def key(self) -> str:
        """The collection's ledger source key: one instalment under one mandate (and its re-presentation)."""
        suffix = ":represented" if self.code is TransactionCode.REPRESENTED else ""
        return f"dd:{self.mandate_reference}:{self.due_date.isoformat()}{suffix}"


def collection_schedule(
    mandate: Mandate,
    instalments: Sequence[tuple[dt.date, Decimal]],
    *,
    final: bool = False,
    country: str = "england",
) -> list[Collection]:
    """Collections for ``(due date, amount)`` instalments under ``mandate``.

    A due date that is not a banking day is collected on the next banking day. The first
    collection under a mandate never collected before carries code 01, later ones 17; with
    ``final`` the last carries 19 (the bank then deletes the instruction), which suits a final
    bill, not a running council tax account whose mandate carries into the next year.
    Instalments of nothing (a re-profile that cleared them) are not collected.
    """
    due = [(day, amount) for day, amount in instalments if amount > ZERO]
    collections = []
    for index, (day, amount) in enumerate(due):
        if index == 0 and not mandate.collected:
            code = TransactionCode.FIRST
        elif final and index == len(due) - 1:
            code = TransactionCode.FINAL
        else:
            code = TransactionCode.REGULAR
        collections.append(
            Collection(mandate.reference, mandate.account_reference, day, next_working_day(day, country), amount, code)
        )
    return collections


def bacs_processing_date(collection_date: dt.date, country: str = "england") -> dt.date:
    """The Bacs processing day for money taken on ``collection_date`` (the entry day).

    Input day, processing day, entry day: the processing day is the banking day before entry.
    """
    return add_working_days(next_working_day(collection_date, country), -1, country)


# --- Advance notice --------------------------------------------------------------------------

NOTICE_WORKING_DAYS = 10
"""Direct Debit scheme default notice before a first collection or a change (https://www.directdebit.co.uk/direct-debit-explained/managing-direct-debit/)."""


def latest_notice_date(collection_date: dt.date, notice_days: int = NOTICE_WORKING_DAYS, country: str = "england") -> dt.date:
    """The last day an advance notice can be sent for a collection on ``collection_date``.

    ``notice_days`` working days must fall after the notice day up to and including the
    collection day, so bank holidays in between push the notice earlier.
    """
    return add_working_days(collection_date, -notice_days, country)


def earliest_collection_date(notice_sent_on: dt.date, notice_days: int = NOTICE_WORKING_DAYS, country: str = "england") -> dt.date:
    """The first day money can be taken after a notice sent on ``notice_sent_on``."""
    return add_working_days(notice_sent_on, notice_days, country)


@attrs.frozen
class AdvanceNotice:
    """A notice the payer must be sent by ``send_by``, listing the collections from ``collections[0]``."""

    mandate_reference: str
    reason: str
    send_by: dt.date
    collections: tuple[Collection, ...]


def advance_notices(
    previous: Sequence[Collection],
    current: Sequence[Collection],
    *,
    notice_days: int = NOTICE_WORKING_DAYS,
    country: str = "england",
) -> list[AdvanceNotice]:
    """The advance notice owed when a collection schedule is first made or changed.

    With no ``previous`` schedule the notice is for the first collection. Otherwise the
    schedules are compared instalment by instalment (by position among the collections still
    to come): the first collection whose amount or date changed, or that is new, needs notice,
    and the notice restates every collection from it on. An unchanged schedule needs none.
    """
    if not current:
        return []
    reference = current[0].mandate_reference
    if not previous:
        first = current[0]
        return [AdvanceNotice(reference, "first collection", latest_notice_date(first.collection_date, notice_days, country), tuple(current))]
    for index, collection in enumerate(current):
        before = previous[index] if index < len(previous) else None
        if before is None:
            reason = "new collection"
        elif before.amount != collection.amount and before.collection_date != collection.collection_date:
            reason = "change of amount and date"
        elif before.amount != collection.amount:
            reason = "change of amount"
        elif before.collection_date != collection.collection_date:
            reason = "change of date"
        else:
            continue
        send_by = latest_notice_date(collection.collection_date, notice_days, country)
        return [AdvanceNotice(reference, reason, send_by, tuple(current[index:]))]
    return []


# --- A collection run ------------------------------------------------------------------------


@attrs.frozen
class CollectionRun:
    """Collections to submit for one entry day, the mandates they use, and those held back."""

    collection_date: dt.date
    processing_date: dt.date
    items: tuple[tuple[Collection, Mandate], ...]
    held: tuple[tuple[Collection, str], ...]


def collection_run(
    collections: Iterable[Collection], mandates: Mapping[str, Mandate], collection_date: dt.date, country: str = "england"
) -> CollectionRun:
    """Pick the collections taken on ``collection_date`` whose mandates can be collected.

    A collection whose mandate is missing, new (its 0N not yet lodged), suspended or cancelled
    is held with the reason, for an officer; nothing is silently dropped.
    """
    items, held = [], []
    for collection in collections:
        if collection.collection_date != collection_date:
            continue
        mandate = mandates.get(collection.mandate_reference)
        if mandate is None:
            held.append((collection, f"no mandate {collection.mandate_reference}"))
        elif not mandate.collectable:
            held.append((collection, f"mandate {mandate.reference} is {mandate.status.value}"))
        else:
            items.append((collection, mandate))
    return CollectionRun(collection_date, bacs_processing_date(collection_date, country), tuple(items), tuple(held))


# --- ADDACS: amendments and cancellations from the payer's bank --------------------------------

ADDACS_REASONS = {
    "0": "instruction cancelled - refer to payer",
    "1": "instruction cancelled by payer",
    "2": "payer deceased",
    "3": "account transferred to a new bank",
    "B": "account closed",
    "C": "account transferred to a different branch",
    "D": "advance notice disputed",
    "E": "instruction amended",
    "R": "instruction reinstated",
}
"""ADDACS reason codes (https://www.accesspaysuite.com/blog/addacs-reason-codes; suppliers agree)."""


@attrs.frozen
class AddacsAdvice:
    """One ADDACS advice: the DD reference, the reason code, and any new bank details.

    ``source`` names the report file and line, for the audit trail and error messages.
    """

    reference: str
    reason_code: str = attrs.field()
    effective_on: dt.date
    new_sort_code: str | None = None
    new_account_number: str | None = None
    new_account_name: str | None = None
    source: str = ""

    @reason_code.validator
    def _known(self, attribute: AnyField, value: str) -> None:
        if value not in ADDACS_REASONS:
            raise DirectDebitError(f"ADDACS reason code {value!r} is not one of {', '.join(ADDACS_REASONS)}")

    @property
    def has_new_details(self) -> bool:
        return bool(self.new_sort_code or self.new_account_number)


@attrs.frozen
class AddacsOutcome:
    """The mandate after an advice, and the officer task it raises (or ``None``)."""

    advice: AddacsAdvice
    mandate: Mandate
    task: str | None


def _new_details(mandate: Mandate, advice: AddacsAdvice) -> BankAccount:
    return parse_bank_account(
        advice.new_sort_code or mandate.payer.sort_code,
        advice.new_account_number or mandate.payer.account_number,
        advice.new_account_name or mandate.payer.name,
    )


def apply_addacs(mandate: Mandate, advice: AddacsAdvice) -> AddacsOutcome:
    """Update a mandate as an ADDACS advice requires (the suppliers' reason code tables).

    Cancellations by the bank or payer (0, 1, 2, B) cancel the mandate with no 0C (the bank
    already has). Code 3 with new details re-lodges a 0N on the new account (no 0C to the old
    bank); without new details the mandate is suspended. C and E change the details and keep
    collecting; D suspends collection until resolved; R reinstates.
    """
    if advice.reference != mandate.reference:
        raise DirectDebitError(f"{advice.source}: advice for {advice.reference} applied to mandate {mandate.reference}")
    code, on = advice.reason_code, advice.effective_on
    why = f"ADDACS {code}: {ADDACS_REASONS[code]}"
    if code in ("0", "1", "2", "B"):
        tasks = {
            "0": "ask the payer for a new Direct Debit on another account",
            "1": "agree another way to pay with the payer",
            "2": "start the deceased process",
            "B": "ask the payer for a new Direct Debit instruction",
        }
        return AddacsOutcome(advice, mandate.moved(on, MandateStatus.CANCELLED, why), tasks[code])
    if code == "3":
        if advice.has_new_details:
            updated = mandate.moved(on, MandateStatus.NEW, why, payer=_new_details(mandate, advice), collected=False)
            return AddacsOutcome(advice, updated, "send an advance notice for collections on the new account")
        return AddacsOutcome(advice, mandate.moved(on, MandateStatus.SUSPENDED, why), "obtain a new Direct Debit instruction")
    if code in ("C", "E"):
        return AddacsOutcome(advice, mandate.moved(on, mandate.status, why, payer=_new_details(mandate, advice)), None)
    if code == "D":
        return AddacsOutcome(advice, mandate.moved(on, MandateStatus.SUSPENDED, why), "resolve the disputed advance notice")
    if mandate.status is not MandateStatus.CANCELLED:  # R
        return AddacsOutcome(advice, mandate.moved(on, MandateStatus.ACTIVE, why), None)
    raise DirectDebitError(f"{advice.source}: reinstatement of {mandate.reference}, which the council has cancelled")


def apply_addacs_report(
    advices: Iterable[AddacsAdvice], mandates: Mapping[str, Mandate]
) -> tuple[list[AddacsOutcome], list[tuple[AddacsAdvice, str]]]:
    """Apply a whole ADDACS report in order; advices for unknown mandates are returned with the reason.

    Two advices for one mandate apply one after the other (e.g. D then R).
    """
    current = dict(mandates)
    outcomes, unknown = [], []
    for advice in advices:
        mandate = current.get(advice.reference)
        if mandate is None:
            unknown.append((advice, f"{advice.source}: no mandate with reference {advice.reference}"))
            continue
        try:
            outcome = apply_addacs(mandate, advice)
        except DirectDebitError as error:
            unknown.append((advice, str(error)))
            continue
        current[advice.reference] = outcome.mandate
        outcomes.append(outcome)
    return outcomes, unknown


# --- ARUDD: unpaid collections -----------------------------------------------------------------

ARUDD_REASONS = {
    "0": "refer to payer",
    "1": "instruction cancelled",
    "2": "payer deceased",
    "3": "account transferred",
    "4": "advance notice disputed",
    "5": "no account",
    "6": "no instruction",
    "7": "amount differs",
    "8": "amount not yet due",
    "9": "presentation overdue",
    "A": "service user differs",
    "B": "account closed",
}
"""ARUDD reason codes (https://docs.numeral.io/reference/bacs-reason-codes; suppliers agree)."""

_ARUDD_ENDS_MANDATE = frozenset("12356B")


@attrs.frozen
class UnpaidItem:
    """One returned debit from an ARUDD report."""

    reference: str
    amount: Decimal
    original_processing_date: dt.date
    reason_code: str = attrs.field()
    description: str = ""
    source: str = ""

    @reason_code.validator
    def _known(self, attribute: AnyField, value: str) -> None:
        if value not in ARUDD_REASONS:
            raise DirectDebitError(f"ARUDD reason code {value!r} is not one of {', '.join(ARUDD_REASONS)}")


@attrs.frozen
class UnpaidCollection:
    """A collection the payer's bank returned, what becomes of the mandate, and the task."""

    collection: Collection
    item: UnpaidItem
    mandate: Mandate | None
    task: str

    @property
    def reason(self) -> str:
        return f"ARUDD {self.item.reason_code}: {ARUDD_REASONS[self.item.reason_code]}"


def match_unpaid(
    items: Iterable[UnpaidItem],
    collections: Iterable[Collection],
    mandates: Mapping[str, Mandate],
    on: dt.date,
    country: str = "england",
) -> tuple[list[UnpaidCollection], list[tuple[UnpaidItem, str]]]:
    """Match ARUDD items to the collections they return.

    An item matches the collection with its DD reference, amount and processing date. Each
    collection is matched at most once. Returns the unpaid collections (to reverse in the
    ledger) and the items that match nothing, with the reason, for an officer.
    Reasons meaning the instruction is gone (1, 2, 3, 5, 6, B) cancel the mandate; 4 suspends
    it; 0 may be re-presented (code 18) within a month, after telling the payer.
    """
    by_key: dict[tuple[str, Decimal, dt.date], list[Collection]] = {}
    for collection in collections:
        key = (collection.mandate_reference, collection.amount, bacs_processing_date(collection.collection_date, country))
        by_key.setdefault(key, []).append(collection)
    matched, unmatched = [], []
    for item in items:
        candidates = by_key.get((item.reference, item.amount, item.original_processing_date))
        if not candidates:
            unmatched.append((item, f"no collection of {item.amount} under {item.reference} processed {item.original_processing_date.isoformat()}"))
            continue
        collection = candidates.pop(0)
        mandate = mandates.get(item.reference)
        why = f"ARUDD {item.reason_code}: {ARUDD_REASONS[item.reason_code]}"
        if mandate is not None and item.reason_code in _ARUDD_ENDS_MANDATE and mandate.status is not MandateStatus.CANCELLED:
            mandate = mandate.moved(on, MandateStatus.CANCELLED, why)
            task = "contact the payer: the Direct Debit instruction no longer exists"
        elif mandate is not None and item.reason_code == "4" and mandate.status is not MandateStatus.CANCELLED:
            mandate = mandate.moved(on, MandateStatus.SUSPENDED, why)
            task = "resolve the disputed advance notice"
        elif item.reason_code == "0":
            task = "tell the payer and re-present (code 18) within one month, or pursue the instalment"
        else:
            task = f"review: {ARUDD_REASONS[item.reason_code]}"
        matched.append(UnpaidCollection(collection, item, mandate, task))
    return matched, unmatched


def represent(unpaid: UnpaidCollection, collection_date: dt.date, country: str = "england") -> Collection:
    """The re-presentation (code 18) of a collection returned "refer to payer" (ARUDD 0).

    Bacs allows it up to one month after the original processing day; the payer should be told
    first (five working days ahead is the usual recommendation of the Bacs suppliers).
    """
    if unpaid.item.reason_code != "0":
        raise DirectDebitError(f"{unpaid.collection.key}: only an item returned 'refer to payer' (0) may be re-presented, not {unpaid.reason}")
    original = unpaid.item.original_processing_date
    limit = add_months(original, 1)
    processing = bacs_processing_date(collection_date, country)
    if processing > limit:
        raise DirectDebitError(
            f"{unpaid.collection.key}: re-presentation processed {processing.isoformat()} is more than one month after "
            f"{original.isoformat()} (last day {limit.isoformat()})"
        )
    return attrs.evolve(unpaid.collection, collection_date=next_working_day(collection_date, country), code=TransactionCode.REPRESENTED)


# --- Through the ledger ------------------------------------------------------------------------


def post_collections(
    run: CollectionRun, ledgers: Mapping[str, Ledger], *, posted_on: dt.date, policy: AllocationPolicy
) -> tuple[dict[str, Ledger], dict[str, Mandate]]:
    """Post each collection of a submitted run as a payment on its collection date.

    The payment's ledger source is :attr:`Collection.key`, so posting a run twice posts each
    collection once. Returns the changed ledgers and the mandates now marked as collected
    (their next collection is a regular 17, not a first 01). A missing ledger raises.
    """
    changed: dict[str, Ledger] = {}
    collected: dict[str, Mandate] = {}
    for collection, mandate in run.items:
        reference = collection.account_reference
        ledger = changed.get(reference) or ledgers.get(reference)
        if ledger is None:
            raise DirectDebitError(f"collection {collection.key}: no ledger for account {reference}")
        if ledger.has_source(collection.key):
            continue
        changed[reference] = ledger.pay(
            collection.amount, effective=collection.collection_date, posted=posted_on, policy=policy,
            reason=f"Direct Debit collection, code {collection.code.value}, mandate {mandate.reference}",
            source=collection.key,
        )
        if not mandate.collected:
            collected[mandate.reference] = attrs.evolve(mandate, collected=True)
    return changed, collected


def reverse_unpaid(
    unpaid: Iterable[UnpaidCollection], ledgers: Mapping[str, Ledger], *, posted_on: dt.date
) -> tuple[dict[str, Ledger], list[tuple[UnpaidCollection, str]]]:
    """Reverse, in the ledger, each collection an ARUDD report returned unpaid.

    The payment posted for the collection (source :attr:`Collection.key`) is reversed exactly,
    allocation and all, effective the collection date (the money never arrived), keyed ``<collection key>:unpaid`` so a report imported twice reverses
    once. Returns the changed ledgers and the items that could not be reversed, with the reason.
    """
    changed: dict[str, Ledger] = {}
    problems: list[tuple[UnpaidCollection, str]] = []
    for item in unpaid:
        reference, key = item.collection.account_reference, item.collection.key
        ledger = changed.get(reference) or ledgers.get(reference)
        if ledger is None:
            problems.append((item, f"no ledger for account {reference}"))
            continue
        if ledger.has_source(f"{key}:unpaid"):
            continue
        payment = next((e for e in reversed(ledger.entries) if e.source == key), None)
        if payment is None:
            problems.append((item, f"collection {key} was never posted to {reference}"))
            continue
        try:
            changed[reference] = ledger.reverse(
                payment.id, effective=payment.effective, posted=posted_on,
                reason=f"Direct Debit unpaid, {item.reason} ({item.item.source})", source=f"{key}:unpaid",
            )
        except LedgerError as error:
            problems.append((item, str(error)))
    return changed, problems
