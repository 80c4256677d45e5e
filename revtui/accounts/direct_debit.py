"""Who can pay by Direct Debit, and what their mandate collects: one adapter per kind of payer.

The daily run, set-up and cancellation, and the banks' reports (:mod:`revtui.services.directdebit`)
loop over :data:`PAYERS` instead of naming council tax. A payer holds the mandate:

- a council tax or business rates account: its mandate collects the instalments of each year's
  latest bill, posted to the account's own ledger;
- a sundry debtor: one mandate collects each of the debtor's invoices (the four-weekly social care
  invoices and any other) in full on its due date, posted to that invoice's ledger (an invoice is
  an account of its own). The invoice, stating its amount and due date, is the advance notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

import attrs

from revcore.directdebit import MandateStatus
from revcore.sundry import SundryDebt, is_cancelled
from revtui.accounts.ctax import COUNCIL_TAX
from revtui.accounts.kind import AccountKind
from revtui.accounts.rates import BUSINESS_RATES
from revtui.accounts.sundry import SUNDRY
from revtui.records.ctax import CtaxAccount, DirectDebit, PaymentMethod
from revtui.records.rates import RatesAccount
from revtui.records.sundry_debtors import SundryDebtor, sundry_debtors
from revtui.store import Repository, Store, Stored, once_per_store

__all__ = ["Debt", "DebitPayer", "PAYERS", "payer_of_reference"]


@attrs.frozen
class Debt:
    """What a mandate collects into one ledger: ``(due day, amount)`` instalments.

    ``stored`` is the account holding the ledger when it is not the payer's own record (a sundry
    debtor's invoice); ``notified_on`` the day a document stating each amount and due day went to
    the payer (the invoice), which serves as the advance notice.
    """

    reference: str
    kind: AccountKind
    instalments: tuple[tuple[dt.date, Decimal], ...]
    stored: Stored[Any] | None = None
    notified_on: dt.date | None = None


class DebitPayer(Protocol):
    """A kind of record that can hold a Direct Debit mandate. Readers only: services write."""

    name: str
    """The officer's word for the payer, ``business rates account``."""

    def repository(self, store: Store) -> Repository[Any]:
        """Where the payers are kept, with the ``reference``, ``mandate`` and ``mandate_status`` indexes."""

    def reference(self, value: Any) -> str: ...

    def direct_debit(self, value: Any) -> DirectDebit | None: ...

    def with_direct_debit(self, value: Any, direct_debit: DirectDebit) -> Any:
        """``value`` with ``direct_debit`` (and how it pays, where the record keeps that)."""

    def debts(self, store: Store, value: Any) -> list[Debt]:
        """What the payer's mandate collects, ledger by ledger (a year's bill, an invoice)."""

    def due_on(self, store: Store, days: Iterable[dt.date]) -> list[Stored[Any]]:
        """Payers with a mandate and something falling due on one of ``days``."""

    def to_review(self, store: Store) -> list[Stored[Any]]:
        """Payers with a bill issued since their collections were last compared with the notices sent."""


def _billed(value: CtaxAccount | RatesAccount, kind: AccountKind) -> list[Debt]:
    # one Debt a year, its latest bill's instalments (a re-bill replaces the year's schedule)
    years = sorted({kind_year(bill) for bill in value.bills})
    debts = []
    for year in years:
        bill = value.last_bill(year)
        assert bill is not None
        debts.append(Debt(value.reference, kind, tuple((i.due, i.amount) for i in bill.schedule.instalments)))
    return debts


def kind_year(bill: Any) -> int:
    year = bill.year
    return year if isinstance(year, int) else int(year.start_year)


@attrs.frozen
class _Billed:
    """A council tax or business rates account: the mandate collects its bills' instalments."""

    name: str
    kind: AccountKind

    def repository(self, store: Store) -> Repository[Any]:
        return self.kind.repository(store)

    def reference(self, value: Any) -> str:
        return str(value.reference)

    def direct_debit(self, value: Any) -> DirectDebit | None:
        return value.direct_debit  # type: ignore[no-any-return]

    def with_direct_debit(self, value: Any, direct_debit: DirectDebit) -> Any:
        changed = attrs.evolve(value, direct_debit=direct_debit)
        if isinstance(value, CtaxAccount):  # council tax accounts also say how they pay
            status = direct_debit.mandate.status
            if status in (MandateStatus.CANCELLED, MandateStatus.CANCELLING):
                changed = attrs.evolve(changed, payment_method=PaymentMethod.CASH)
            elif status is MandateStatus.NEW:
                changed = attrs.evolve(changed, payment_method=PaymentMethod.DIRECT_DEBIT)
        return changed

    def debts(self, store: Store, value: Any) -> list[Debt]:
        return _billed(value, self.kind)

    def due_on(self, store: Store, days: Iterable[dt.date]) -> list[Stored[Any]]:
        repository = self.repository(store)
        return [stored for day in days for stored in repository.find("dd_due", day.isoformat())]

    def to_review(self, store: Store) -> list[Stored[Any]]:
        return self.repository(store).find("dd_review", "yes")


_debtors = once_per_store(sundry_debtors)


@attrs.frozen
class _SundryDebtors:
    """A sundry debtor: the mandate collects each invoice in full on its due date."""

    name: str = "sundry debtor"

    def repository(self, store: Store) -> Repository[SundryDebtor]:
        return _debtors(store)

    def reference(self, value: SundryDebtor) -> str:
        return value.reference

    def direct_debit(self, value: SundryDebtor) -> DirectDebit | None:
        return value.direct_debit

    def with_direct_debit(self, value: SundryDebtor, direct_debit: DirectDebit) -> SundryDebtor:
        return attrs.evolve(value, direct_debit=direct_debit)

    def debts(self, store: Store, value: SundryDebtor) -> list[Debt]:
        """Each invoice not cancelled, for what it still owes (a credit note reduces the collection)."""
        debts = []
        since = value.direct_debit.mandate.history[0].on if value.direct_debit is not None else None
        for stored in SUNDRY.repository(store).find("debtor", value.reference):
            debt: SundryDebt = stored.value
            if is_cancelled(debt):
                continue
            owed = max(debt.balance, Decimal(0))
            # an invoice raised under the mandate, still owing its whole amount, is the advance notice of
            # its collection; one raised before it, or since reduced, is told by a notice of its own
            invoiced_under = since is not None and debt.invoice.issued >= since and owed == debt.invoice.total
            debts.append(Debt(debt.invoice.number, SUNDRY, ((debt.invoice.due, owed),), stored,
                              debt.invoice.issued if invoiced_under else None))
        return sorted(debts, key=lambda d: (d.instalments[0][0], d.reference))

    def due_on(self, store: Store, days: Iterable[dt.date]) -> list[Stored[SundryDebtor]]:
        debtors = {stored.value.invoice.debtor.reference for day in days
                   for stored in SUNDRY.repository(store).find("due", day.isoformat())}
        found = [self.repository(store).find_one("reference", reference) for reference in sorted(debtors)]
        return [stored for stored in found if stored is not None and stored.value.direct_debit is not None]

    def to_review(self, store: Store) -> list[Stored[SundryDebtor]]:
        return []  # each invoice is its own advance notice


CTAX_PAYER = _Billed("council tax account", COUNCIL_TAX)
RATES_PAYER = _Billed("business rates account", BUSINESS_RATES)
SUNDRY_PAYER = _SundryDebtors()
PAYERS: tuple[DebitPayer, ...] = (CTAX_PAYER, RATES_PAYER, SUNDRY_PAYER)


def payer_of_reference(reference: str) -> DebitPayer:
    """The payer a reference names: C... council tax, N... business rates, SD... a sundry debtor."""
    reference = reference.strip().upper()
    if reference.startswith("SD"):
        return SUNDRY_PAYER
    found = {"C": CTAX_PAYER, "N": RATES_PAYER}.get(reference[:1])
    if found is None:
        raise ValueError(f"{reference!r}: Direct Debit is set up on a council tax account (C...), a business rates "
                         "account (N...) or a sundry debtor (SD...), whose mandate collects each of their invoices")
    return found


