"""Ledger entries: the immutable facts an account's balance is made of.

Amounts are signed from the council's side: **positive is a debit** (the payer owes more:
a charge, costs, a refund paid out), **negative is a credit** (a payment, a write-off).
Each entry is split into :class:`Posting` lines, one per bucket it lands in — a financial year
and a :class:`Category` (the charge itself, or costs) — and each posting names the rule that
put it there, so a payment explains its allocation just as a bill explains its charge.

Bills are never rewritten: a change is a new ``ADJUSTMENT``; a mistake is a ``REVERSAL`` whose
postings are exactly the negation of the entry it undoes.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal, InvalidOperation

import attrs

from revcore.money import PENNY, format_money, money_sum
from revcore.periods import FinancialYear
from revcore.validation import AnyField, member_of, no_text_for_tuples

__all__ = ["Category", "EntryKind", "Posting", "Entry", "EntryError", "Bucket"]


class EntryError(ValueError):
    """An entry that cannot exist: wrong sign for its kind, postings that do not add up."""


class Category(enum.Enum):
    """What a bucket holds within a financial year."""

    CHARGE = "charge"  # the tax or debt itself (council tax, rates, an invoice)
    COSTS = "costs"  # summons and liability order costs, enforcement costs the council adds


Bucket = tuple[FinancialYear, Category]


class EntryKind(enum.Enum):
    CHARGE = "charge"  # a bill's amount for a year
    ADJUSTMENT = "adjustment"  # a change to a charge or costs (either sign)
    PAYMENT = "payment"  # money received
    REFUND = "refund"  # money paid back to the payer
    REVERSAL = "reversal"  # undoes one earlier entry exactly (a returned payment, a mistake)
    COSTS = "costs"  # costs added
    WRITE_OFF = "write_off"  # debt the council stops pursuing
    TRANSFER = "transfer"  # a credit moved between years, or to / from another account


# The sign each kind must have: +1 debit, -1 credit, 0 either (but never zero), None any.
_SIGN: dict[EntryKind, int | None] = {
    EntryKind.CHARGE: 1,
    EntryKind.ADJUSTMENT: 0,
    EntryKind.PAYMENT: -1,
    EntryKind.REFUND: 1,
    EntryKind.REVERSAL: 0,
    EntryKind.COSTS: 1,
    EntryKind.WRITE_OFF: -1,
    EntryKind.TRANSFER: None,
}


def _money(instance: object, attribute: AnyField, value: Decimal) -> None:
    # on the posting hot path: a direct pence check rather than the general parser to_money
    try:
        whole_pence = isinstance(value, Decimal) and value == value.quantize(PENNY)
    except InvalidOperation:
        whole_pence = False
    if not whole_pence:
        raise EntryError(f"{attribute.name}: {value!r} is not an amount in pounds and pence")


@attrs.frozen
class Posting:
    """The part of an entry that lands in one bucket, with the rule that placed it there."""

    year: FinancialYear
    category: Category = attrs.field(validator=member_of(Category))
    amount: Decimal = attrs.field(validator=_money)
    rule: str

    def __attrs_post_init__(self) -> None:
        if self.amount == 0:
            raise EntryError(f"a posting to {self.year} {self.category.value} has no amount")

    @property
    def bucket(self) -> Bucket:
        return (self.year, self.category)

    def negated(self, rule: str) -> "Posting":
        return Posting(self.year, self.category, -self.amount, rule)

    def __str__(self) -> str:
        return f"{self.year} {self.category.value:<6} {format_money(self.amount):>12}  {self.rule}"


def _check_postings(instance: "Entry", attribute: AnyField, value: tuple[Posting, ...]) -> None:
    if not value:
        raise EntryError(f"entry {instance.id}: no postings")
    total = money_sum(p.amount for p in value)
    if total != instance.amount:
        raise EntryError(f"entry {instance.id}: postings total {total}, not the entry amount {instance.amount}")


@attrs.frozen(field_transformer=no_text_for_tuples)
class Entry:
    """One immutable line of an account's ledger.

    ``id`` is ``<account>/<sequence>`` and given by the ledger. ``effective`` is the day the
    entry takes effect (a payment's bank date, a charge's bill date); ``posted`` the day it was
    entered. ``year`` is the financial year the entry belongs to. ``source`` is an external key
    (a payment file and line, an approval id) that the ledger refuses to post twice.
    ``reverses`` names the entry a reversal undoes; ``counterpart`` the other account of a
    transfer; ``officer`` who posted it and ``authorised_by`` the second officer, if one was needed.
    """

    id: str
    account: str
    kind: EntryKind = attrs.field(validator=member_of(EntryKind))
    amount: Decimal = attrs.field(validator=_money)
    effective: dt.date
    posted: dt.date
    year: FinancialYear
    reason: str
    postings: tuple[Posting, ...] = attrs.field(converter=tuple[Posting, ...], validator=_check_postings)
    source: str = ""
    reverses: str = ""
    counterpart: str = ""
    officer: str = ""
    authorised_by: str = ""

    def __attrs_post_init__(self) -> None:
        sign = _SIGN[self.kind]
        if sign == 1 and self.amount <= 0:
            raise EntryError(f"entry {self.id}: a {self.kind.value} must be a positive amount, not {self.amount}")
        if sign == -1 and self.amount >= 0:
            raise EntryError(f"entry {self.id}: a {self.kind.value} must be a negative amount (a credit), not {self.amount}")
        if sign == 0 and self.amount == 0:
            raise EntryError(f"entry {self.id}: a {self.kind.value} of nothing")
        if (self.kind is EntryKind.REVERSAL) != bool(self.reverses):
            raise EntryError(f"entry {self.id}: only a reversal names an entry it reverses, and it must")
        if not self.reason.strip():
            raise EntryError(f"entry {self.id}: every entry needs a reason")

    @property
    def sequence(self) -> int:
        return int(self.id.rsplit("/", 1)[1])

    def explain(self) -> str:
        """The entry and where each part of it landed, with the rule."""
        head = (f"{self.id} {self.kind.value} {format_money(self.amount)} effective {self.effective.isoformat()} "
                f"posted {self.posted.isoformat()} ({self.year}): {self.reason}")
        return "\n".join([head] + [f"  {posting}" for posting in self.postings])
