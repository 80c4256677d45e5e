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

from revcore.ctax import Address, Explanation, Liability, Person, Property
from revcore.instalments import Plan, Schedule
from revcore.ledger import Ledger
from revtui.store import Index, Repository, Store, normalise_postcode, word_starts

__all__ = [
    "PaymentMethod",
    "Note",
    "NoticeRecord",
    "Bill",
    "CtaxAccount",
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
    """``annual``, ``adjustment`` or ``final``."""
    explanation: Explanation
    schedule: Schedule


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
    plan: Plan = Plan.TEN
    instalment_day: int = 1
    payment_method: PaymentMethod = PaymentMethod.CASH
    bills: tuple[Bill, ...] = attrs.field(default=(), converter=tuple)
    notes: tuple[Note, ...] = attrs.field(default=(), converter=tuple)
    notices: tuple[NoticeRecord, ...] = attrs.field(default=(), converter=tuple)

    def last_bill(self, year: int) -> Bill | None:
        found = [bill for bill in self.bills if bill.year == year]
        return found[-1] if found else None

    @property
    def names(self) -> str:
        return " & ".join(person.name for person in self.persons)


def _account_names(doc: dict) -> list[str]:
    # every word start, so "smi" finds "Ann Smith" as well as "ann"
    return [start for person in doc.get("persons", ()) for start in word_starts(person["name"])]


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
            Index("postcode", _property_postcode, normalise=normalise_postcode),
            Index("address", _property_address),
        ],
    )
    accounts = Repository(
        store,
        "ctax_accounts",
        CtaxAccount,
        indexes=[
            Index.field("reference"),
            Index.field("property", "property_reference"),
            Index("name", _account_names),
        ],
    )
    return Records(store, properties, accounts)
