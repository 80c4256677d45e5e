"""Small attrs classes shaped like the domain's (Decimal, date, enums, tuples, optionals, nesting)."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

import attrs

from revtui.store import Index, normalise_postcode, word_starts


class Band(enum.Enum):
    A = "A"
    D = "D"
    H = "H"


class EntryKind(enum.Enum):
    CHARGE = "charge"
    PAYMENT = "payment"


@attrs.frozen
class Person:
    name: str
    born: date | None = None


@attrs.frozen
class Entry:
    posted: date
    amount: Decimal
    kind: EntryKind


@attrs.frozen
class Account:
    reference: str
    property_ref: str
    uprn: str
    postcode: str
    band: Band
    liable: tuple[Person, ...]
    entries: tuple[Entry, ...] = ()
    closed: date | None = None


ACCOUNT_INDEXES = [
    Index.field("reference"),
    Index.field("property_ref"),
    Index.field("uprn"),
    Index("name", lambda doc: [w for p in doc["liable"] for w in word_starts(p["name"])]),
    Index.field("postcode", normalise=normalise_postcode),
]


def account(n: int, name: str = "Ann Smith", postcode: str = "SW1A 1AA") -> Account:
    return Account(
        reference=f"C{n:08d}",
        property_ref=f"P{n:06d}",
        uprn=str(100000000 + n),
        postcode=postcode,
        band=Band.D,
        liable=(Person(name, date(1970, 1, 2)),),
        entries=(Entry(date(2026, 4, 1), Decimal("1234.56"), EntryKind.CHARGE),),
    )
