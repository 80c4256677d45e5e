"""Sundry debts as an account kind (:class:`revcore.sundry.SundryDebt`: an invoice and its ledger)."""

from __future__ import annotations

import datetime as dt

import attrs

from revcore.instalments import Instalment, Plan, Schedule, ScheduleLine
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revcore.sundry import SundryDebt
from revtui.accounts.ctax import ledger_balance
from revtui.accounts.kind import AccountText, RecoveryParty, Summary
from revtui.records.sundry import sundry_debts
from revtui.store import Repository, Store, StoredDocument, once_per_store

__all__ = ["Sundry", "SUNDRY"]

_repository = once_per_store(sundry_debts)


@attrs.frozen
class Sundry:
    name: str = "sundry debt"
    prefix: str = "S"
    recovery_stages: str = "sundry"
    notices: tuple[str, ...] = ("invoice", "statement", "reminder", "letter of claim")
    actions: tuple[str, ...] = ("payments",)

    def repository(self, store: Store) -> Repository[SundryDebt]:
        return _repository(store)

    def reference(self, value: SundryDebt) -> str:
        return value.invoice.number

    def names(self, value: SundryDebt) -> str:
        return value.invoice.debtor.name

    def ledger(self, value: SundryDebt) -> Ledger:
        return value.ledger

    def with_ledger(self, value: SundryDebt, ledger: Ledger) -> SundryDebt:
        return attrs.evolve(value, ledger=ledger)

    def liability_ended(self, value: SundryDebt) -> dt.date | None:
        """Charged in full when invoiced (a recurring charge raises a new invoice): a credit on it is
        an overpayment as soon as it arises."""
        return value.invoice.issued

    def postal_address(self, store: Store, value: SundryDebt) -> tuple[str, ...]:
        return tuple(value.invoice.debtor.address)

    def schedules(self, value: SundryDebt) -> dict[FinancialYear, Schedule]:
        """The invoice falls due in full on its due date (its payment terms)."""
        invoice, year = value.invoice, value.charge_year
        return {year: Schedule(year, invoice.total, Plan.TEN, invoice.due.day, invoice.issued,
                               (Instalment(1, invoice.due, invoice.total),),
                               (ScheduleLine("payment terms", f"invoice {invoice.number} due in full on "
                                                              f"{invoice.due.isoformat()}"),))}

    def recovery_party(self, value: SundryDebt) -> RecoveryParty:
        """The invoice's debtor, by their debtor reference; the invoice says whether an individual."""
        debtor = value.invoice.debtor
        return RecoveryParty(debtor.reference, debtor.individual)

    def summary(self, doc: StoredDocument) -> Summary:
        invoice = doc["invoice"]
        lines = invoice["debtor"]["address"]
        return Summary(doc.doc_id, invoice["number"], invoice["debtor"]["name"], ", ".join(lines[:-1]),
                       lines[-1] if lines else "", ledger_balance(doc["ledger"]), True, kind=self.name)

    def describe(self, value: SundryDebt, as_at: dt.date) -> AccountText:
        return AccountText(f"{value.invoice.number}  {value.invoice.debtor.name}",
                           (f"Sundry debt of {value.invoice.debtor.name}", value.invoice.explain()), value.ledger,
                           value.invoice.number)


SUNDRY = Sundry()
