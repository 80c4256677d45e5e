"""What the application keeps: the stored records of the council and their repositories.

The store holds documents; these frozen attrs classes are what the services work with, turned
into documents by the store's cattrs converter. A council tax account is one liability (one set
of jointly and severally liable people at one dwelling, from a start to an end); a move out ends
it and a move in opens a new account. An account carries its ledger and the bills issued on it:
bills are never rewritten, a change is a new adjustment bill and ledger entry.

Fields added later must have a default (old documents then read without a migration); a change
of meaning needs a schema version and a migration in :func:`open_records`.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from revcore.ctax import Address, Explanation, Liability, Person, Property, Status
from revcore.directdebit import AdvanceNotice, InstalmentPreference, Mandate, MandateStatus
from revcore.instalments import Plan, Schedule
from revcore.ledger import Ledger
from revtui.store import Index, Repository, Store, normalise_postcode, word_starts

__all__ = [
    "PaymentMethod",
    "Note",
    "NoticeRecord",
    "Bill",
    "NoticeSent",
    "DirectDebit",
    "CtaxAccount",
    "direct_debit_indexes",
    "mandate_indexes",
    "Records",
    "open_records",
]


class PaymentMethod(enum.Enum):
    CASH = "cash"
    DIRECT_DEBIT = "direct_debit"


@attrs.frozen
class Note:
    """A note an officer adds to an account (a call, a visit, a promise to pay)."""

    written: dt.date
    author: str
    text: str


@attrs.frozen
class NoticeRecord:
    """A notice issued on the account; ``document`` is where its PDF was kept, if printed."""

    number: str
    kind: str
    issued: dt.date
    year: int | None = None
    document: str | None = None


@attrs.frozen
class Bill:
    """A demand or adjustment notice for one financial year, exactly as issued."""

    year: int
    """Start year of the financial year (2027 = 2027/28)."""
    issued: dt.date
    kind: str
    """``annual``, ``adjustment``, ``final``, or ``instalments`` (a revised instalment notice: same charge,
    the schedule re-profiled, e.g. on the payer's request for 12 instalments)."""
    explanation: Explanation
    schedule: Schedule


@attrs.frozen
class NoticeSent:
    """A Direct Debit advance notice recorded for sending on ``recorded_on`` (the letter goes that day)."""

    notice: AdvanceNotice
    recorded_on: dt.date


@attrs.frozen
class DirectDebit:
    """The account's Direct Debit: the mandate, the first day it may collect, the notices sent.

    ``collect_from`` is the first collection day the advance notice given at set-up allows;
    instalments due earlier are paid another way. ``reviewed_on`` is when the collections were
    last compared with the notices sent: a bill issued after it may need a new notice.
    """

    mandate: Mandate
    collect_from: dt.date
    notices: tuple[NoticeSent, ...] = attrs.field(default=(), converter=tuple)
    reviewed_on: dt.date | None = None


@attrs.frozen
class CtaxAccount:
    """A council tax account: one liability, its people, payments and bills."""

    reference: str
    property_reference: str
    persons: tuple[Person, ...] = attrs.field(converter=tuple)
    liability: Liability
    ledger: Ledger
    correspondence: Address | None = None
    """Where to send notices when not the dwelling (a forwarding address after a move out)."""
    preference: InstalmentPreference = attrs.field(factory=InstalmentPreference)
    """The payer's 10 or 12 instalment choice with its history; every schedule is built from it."""
    instalment_day: int = 1
    payment_method: PaymentMethod = PaymentMethod.CASH
    bills: tuple[Bill, ...] = attrs.field(default=(), converter=tuple)
    notes: tuple[Note, ...] = attrs.field(default=(), converter=tuple)
    notices: tuple[NoticeRecord, ...] = attrs.field(default=(), converter=tuple)
    direct_debit: DirectDebit | None = None
    others: tuple[Person, ...] = attrs.field(default=(), converter=tuple)
    """People living there who are not liable (children, a lodger): counted for discounts and exemptions."""
    statuses: tuple[Status, ...] = attrs.field(default=(), converter=tuple)
    """The residents' Sch 1 statuses (disregards), from which the s.11 discount follows."""

    @property
    def residents(self) -> tuple[Person, ...]:
        """Everyone living there on this account: the liable people and the others."""
        return (*self.persons, *self.others)

    @property
    def plan(self) -> Plan:
        """The instalment plan, read from the recorded preference and nowhere else."""
        return self.preference.plan

    def last_bill(self, year: int) -> Bill | None:
        found = [bill for bill in self.bills if bill.year == year]
        return found[-1] if found else None

    @property
    def names(self) -> str:
        return " & ".join(person.name for person in self.persons)


def _account_names(doc: dict) -> list[str]:
    # every word start, so "smi" finds "Ann Smith" as well as "ann"
    return [start for person in doc.get("persons", ()) for start in word_starts(person["name"])]


def _mandate_reference(doc: dict) -> list[str]:
    direct_debit = doc.get("direct_debit")
    return [direct_debit["mandate"]["reference"]] if direct_debit else []


def _mandate_status(doc: dict) -> list[str]:
    # the status's enum name ("ACTIVE", "NEW" ...): the daily Direct Debit run finds its mandates by it
    direct_debit = doc.get("direct_debit")
    if not direct_debit:
        return []
    return [MandateStatus(direct_debit["mandate"]["status"]).name]


def _plan_to_preference(doc: dict) -> dict:
    """Schema 1 -> 2: the bare ``plan`` field becomes the payer's recorded preference (with history)."""
    doc = dict(doc)
    plan = doc.pop("plan", Plan.TEN.value)
    choices = []
    if plan == Plan.TWELVE.value:
        choices.append({"instalments": 12, "chosen_on": doc["liability"]["start"], "recorded_by": "store upgrade",
                        "reason": "12-instalment plan recorded before the preference history was kept"})
    doc["preference"] = {"choices": choices}
    return doc


def _direct_debit_due_days(doc: dict) -> list[str]:
    # every instalment day of a Direct Debit payer's bills: the daily run reads only the accounts due
    if not doc.get("direct_debit"):
        return []
    return [item["due"] for bill in doc.get("bills", ()) for item in bill["schedule"]["instalments"]]


def _direct_debit_to_review(doc: dict) -> list[str]:
    # a bill issued since the collections were last compared with the advance notices sent
    direct_debit = doc.get("direct_debit")
    if not direct_debit or MandateStatus(direct_debit["mandate"]["status"]) not in (MandateStatus.NEW, MandateStatus.ACTIVE):
        return []
    latest_bill = max((bill["issued"] for bill in doc.get("bills", ())), default="")
    return ["yes"] if latest_bill > (direct_debit.get("reviewed_on") or "") else []


def mandate_indexes() -> list[Index]:
    """What the banks' reports and the daily run find mandates by, on any record with a ``direct_debit``."""
    return [
        Index("mandate", _mandate_reference, reads=["direct_debit"]),
        Index("mandate_status", _mandate_status, reads=["direct_debit"]),
    ]


def direct_debit_indexes() -> list[Index]:
    """The mandate indexes and what the daily run finds collections by, on any record with a
    ``direct_debit`` and ``bills`` with a ``schedule`` (council tax and business rates accounts alike)."""
    return [
        *mandate_indexes(),
        Index("dd_due", _direct_debit_due_days, reads=["direct_debit", "bills"]),
        Index("dd_review", _direct_debit_to_review, reads=["direct_debit", "bills"]),
    ]


def _property_postcode(doc: dict) -> list[str]:
    return [doc["address"]["postcode"]]


def _property_address(doc: dict) -> list[str]:
    return [", ".join(doc["address"]["lines"])]


@attrs.frozen
class Records:
    """The council's repositories in one open store."""

    store: Store
    properties: Repository[Property]
    accounts: Repository[CtaxAccount]


def open_records(store: Store) -> Records:
    """Open the repositories with their look-up indexes (reference, UPRN, name, postcode)."""
    properties = Repository(
        store,
        "properties",
        Property,
        indexes=[
            Index.field("reference"),
            Index.field("uprn"),
            Index("postcode", _property_postcode, normalise=normalise_postcode, reads=["address"]),
            Index("address", _property_address, reads=["address"]),
        ],
    )
    accounts = Repository(
        store,
        "ctax_accounts",
        CtaxAccount,
        schema_version=2,
        migrations={1: _plan_to_preference},
        indexes=[
            Index.field("reference"),
            Index.field("property", "property_reference"),
            Index("name", _account_names, reads=["persons"]),
            *direct_debit_indexes(),
        ],
    )
    return Records(store, properties, accounts)
