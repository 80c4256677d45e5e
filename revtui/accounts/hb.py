"""Housing Benefit overpayments as an account kind (:class:`revtui.records.sundry.HbOverpaymentAccount`).

While an overpayment is recovered from ongoing benefit it keeps its own ledger; once invoiced,
its money is kept on the invoice's sundry debt, so :meth:`HbOverpayment.ledger` is None and
payments quoting the overpayment's reference are placed there (:func:`revtui.accounts.locate`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.entries import EntryKind
from revcore.instalments import Instalment, Plan, Schedule, ScheduleLine
from revcore.ledger import Ledger
from revcore.money import ZERO, format_money
from revcore.periods import FinancialYear
from revtui.accounts.ctax import ledger_balance
from revtui.accounts.kind import AccountText, RecoveryParty, Summary
from revtui.records.sundry import HbOverpaymentAccount, hb_overpayments
from revtui.store import Repository, Store, StoredDocument, normalise_text, once_per_store

__all__ = ["HbOverpayment", "HB_OVERPAYMENT"]

_repository = once_per_store(hb_overpayments)


@attrs.frozen
class HbOverpayment:
    name: str = "HB overpayment"
    prefix: str = "H"
    recovery_stages: str = "sundry"
    notices: tuple[str, ...] = ("overpayment invoice", "reminder", "letter of claim",
                                "direct earnings attachment notice")
    actions: tuple[str, ...] = ("payments", "deduction from ongoing HB", "direct earnings attachment", "invoice",
                                 "write-off")

    def repository(self, store: Store) -> Repository[HbOverpaymentAccount]:
        return _repository(store)

    def reference(self, value: HbOverpaymentAccount) -> str:
        return value.reference

    def names(self, value: HbOverpaymentAccount) -> str:
        return value.overpayment.claimant

    def ledger(self, value: HbOverpaymentAccount) -> Ledger | None:
        return value.ledger

    def with_ledger(self, value: HbOverpaymentAccount, ledger: Ledger) -> HbOverpaymentAccount:
        if value.ledger is None:
            raise ValueError(f"{value.reference} was invoiced as {value.invoice}: its money is kept there")
        return attrs.evolve(value, ledger=ledger)

    def liability_ended(self, value: HbOverpaymentAccount) -> dt.date | None:
        """Recovery may still be running (a revised decision changes the amount): a refund of a credit
        is asked for by an officer, with a reason."""
        return None

    def postal_address(self, store: Store, value: HbOverpaymentAccount) -> tuple[str, ...]:
        """None kept here: the benefits system holds the claimant's (an invoice carries it)."""
        return ()

    def schedules(self, value: HbOverpaymentAccount) -> dict[FinancialYear, Schedule]:
        """Recovered from ongoing benefit, each year's charge is due by the plan's last deduction
        (deductions pay it on the way); with no plan yet, from the day the decision was notified.
        A reading: the regulations set the deduction rate, not a due date (see docs/notes.md)."""
        if value.ledger is None:
            return {}
        due = value.plan.last if value.plan else value.overpayment.notified_on
        why = (f"recovered from ongoing HB: the last deduction is in the week of {due.isoformat()}" if value.plan
               else f"decision notified {due.isoformat()}; no deduction plan yet")
        charged: dict[FinancialYear, Decimal] = {}
        for entry in value.ledger.entries:
            if entry.kind is EntryKind.CHARGE:
                charged[entry.year] = charged.get(entry.year, ZERO) + entry.amount
        return {year: Schedule(year, amount, Plan.TEN, due.day, value.overpayment.notified_on,
                               (Instalment(1, due, amount),), (ScheduleLine("HB overpayment", why),))
                for year, amount in charged.items() if amount > 0}

    def recovery_party(self, value: HbOverpaymentAccount) -> RecoveryParty:
        """The claimant (overpayments are recovered from a person)."""
        return RecoveryParty(normalise_text(value.overpayment.claimant))

    def summary(self, doc: StoredDocument) -> Summary:
        overpayment = doc["overpayment"]
        where = "recovered from ongoing HB" if doc["ledger"] else f"invoiced as {doc['invoice']}"
        return Summary(doc.doc_id, overpayment["reference"], overpayment["claimant"], where, "",
                       ledger_balance(doc["ledger"]), True, kind=self.name)

    def describe(self, value: HbOverpaymentAccount, as_at: dt.date) -> AccountText:
        o = value.overpayment
        parts = [o.calculation.render(f"Housing Benefit overpaid to {o.claimant}"),
                 f"Cause: {o.classification.cause.value}; decided {o.decided_on.isoformat()}, notified "
                 f"{o.notified_on.isoformat()}; recoverable {format_money(o.recoverable_amount)}"]
        if o.claim is not None:
            parts.append(f"Claim {o.claim}; {o.classification.rule}")
        if value.plan is not None:
            parts.append("Recovery from ongoing HB: " + value.plan.describe())
        if value.dea is not None:
            d = value.dea
            parts.append(f"Direct earnings attachment with {d.employer} ({d.frequency.value} pay, "
                         f"{'higher tables after a conviction' if d.higher else 'ordinary tables'}), deductions from the "
                         f"first pay day on or after {d.starts.isoformat()} (SI 2013/384 Part 6)")
        if value.ledger is None:
            parts.append(f"The balance was invoiced: see sundry debt {value.invoice}.")
        return AccountText(f"{o.reference}  {o.claimant}", tuple(parts), value.ledger, o.reference)


HB_OVERPAYMENT = HbOverpayment()
