"""Every kind of account, and finding an account of any kind by its reference."""

from __future__ import annotations

from typing import Any

import attrs

from revcore.ledger import Ledger
from revcore.references import KINDS as PREFIXES
from revtui.accounts.ctax import COUNCIL_TAX
from revtui.accounts.hb import HB_OVERPAYMENT
from revtui.accounts.kind import AccountKind
from revtui.accounts.rates import BUSINESS_RATES
from revtui.accounts.sundry import SUNDRY
from revtui.store import Store, Stored

__all__ = ["KINDS", "kind_named", "kind_of_reference", "Located", "locate"]

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
    if kind.ledger(stored.value) is None:  # an HB overpayment invoiced: its invoice holds the money
        invoice = stored.value.invoice
        return locate(store, invoice) if invoice and invoice != reference else None
    return Located(reference, kind, stored)
