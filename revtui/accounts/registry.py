"""Every kind of account, and finding an account of any kind by its reference."""

from __future__ import annotations

from typing import Any

import attrs

from revcore.ledger import Ledger
from revcore.references import KINDS as PREFIXES
from revtui.accounts.ctax import COUNCIL_TAX
from revtui.accounts.hb import HB_OVERPAYMENT
import datetime as dt

from revtui.accounts.kind import AccountKind, AccountText, Summary
from revtui.accounts.rates import BUSINESS_RATES
from revtui.accounts.sundry import SUNDRY
from revtui.store import Store, Stored, StoredPart

__all__ = ["KINDS", "kind_named", "kind_of_reference", "Located", "locate", "LedgerAt", "locate_ledger", "LEDGER_FIELD", "find_by_reference_or_name", "describe"]

KINDS: tuple[AccountKind, ...] = (COUNCIL_TAX, BUSINESS_RATES, SUNDRY, HB_OVERPAYMENT)
"""Council tax first: Find lists its accounts before the others."""

_BY_PREFIX = {kind.prefix: kind for kind in KINDS}
_BY_NAME = {kind.name: kind for kind in KINDS}
assert set(_BY_PREFIX) == set(PREFIXES), "every reference prefix needs an account kind"


def kind_named(name: str) -> AccountKind:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"{name!r} is not a kind of account; expected one of {', '.join(_BY_NAME)}") from None


def kind_of_reference(reference: str) -> AccountKind:
    """The kind of account a (checked) reference names, by its prefix letter."""
    try:
        return _BY_PREFIX[reference[:1]]
    except KeyError:
        raise ValueError(f"{reference!r} does not start with an account kind's letter "
                         f"({', '.join(_BY_PREFIX)})") from None


@attrs.frozen
class Located:
    """Where money quoting ``reference`` is kept: ``stored`` of ``kind`` (an invoiced HB
    overpayment's money is kept on its invoice, a sundry debt)."""

    reference: str
    kind: AccountKind
    stored: Stored[Any]

    @property
    def ledger(self) -> Ledger:
        ledger = self.kind.ledger(self.stored.value)
        assert ledger is not None, "locate() follows an account without a ledger to where its money is kept"
        return ledger

    def with_ledger(self, ledger: Ledger) -> Any:
        return self.kind.with_ledger(self.stored.value, ledger)


def locate(store: Store, reference: str) -> Located | None:
    """The account holding the money of ``reference`` (a checked reference), or None."""
    kind = kind_of_reference(reference)
    stored = kind.repository(store).find_one("reference", reference)
    if stored is None:
        return None
    if kind.ledger(stored.value) is None:  # an HB overpayment invoiced: its invoice (a sundry debt) holds the money
        invoice = SUNDRY.repository(store).find_one("reference", stored.value.invoice)
        return Located(stored.value.invoice, SUNDRY, invoice) if invoice is not None else None
    return Located(reference, kind, stored)


LEDGER_FIELD = "ledger"
"""The field every kind keeps its ledger in (what ``kind.ledger`` reads and ``kind.with_ledger`` replaces)."""


@attrs.frozen
class LedgerAt:
    """The ledger holding the money of ``reference``, read without the rest of its account
    (payments post to it and save it back alone): see :func:`locate_ledger`."""

    reference: str
    kind: AccountKind
    part: StoredPart[Ledger]

    @property
    def ledger(self) -> Ledger:
        return self.part.value


def locate_ledger(store: Store, reference: str) -> LedgerAt | None:
    """Like :func:`locate`, converting only the ledger where its kind's repository can save it alone."""
    kind = kind_of_reference(reference)
    part = kind.repository(store).find_part("reference", reference, LEDGER_FIELD)
    if part is None:
        return None
    if part.value is None:  # an HB overpayment invoiced: its invoice holds the money
        found = locate(store, reference)
        if found is None:
            return None
        return LedgerAt(found.reference, found.kind, found.kind.repository(store).part_of(found.stored, LEDGER_FIELD))
    return LedgerAt(reference, kind, part)


def find_by_reference_or_name(store: Store, text: str, *, by_reference: bool, limit: int,
                              kinds: tuple[AccountKind, ...] = KINDS[1:]) -> list[Summary]:
    """Accounts of ``kinds`` whose reference (or a word of whose name) starts with ``text``,
    read as stored (no conversion): Find's lines for the kinds without dwellings."""
    found: list[Summary] = []
    for kind in kinds:
        repository = kind.repository(store)
        index = repository.indexes["reference" if by_reference else "name"]
        found += [kind.summary(doc) for doc in repository.table.search(index.prefix(text), limit=limit - len(found))]
        if len(found) >= limit:
            break
    return found[:limit]


def describe(store: Store, kind_name: str, doc_id: int, as_at: dt.date) -> AccountText:
    """The account's read-only view: what is charged and why, line by line, and its ledger."""
    kind = kind_named(kind_name)
    return kind.describe(kind.repository(store).get(doc_id).value, as_at)
