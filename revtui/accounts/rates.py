"""Business rates accounts as an account kind (:class:`revtui.records.rates.RatesAccount`)."""

from __future__ import annotations

import datetime as dt

import attrs

from revcore.instalments import Schedule
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revtui.accounts.ctax import ledger_balance
from revtui.accounts.facts import billed_schedules
from revtui.accounts.kind import AccountText, RecoveryParty, Summary
from revtui.records.rates import RatesAccount, rates_accounts
from revtui.store import Repository, Store, StoredDocument, normalise_text, once_per_store

__all__ = ["BusinessRates", "BUSINESS_RATES"]

_repository = once_per_store(rates_accounts)


@attrs.frozen
class BusinessRates:
    name: str = "business rates"
    prefix: str = "N"
    recovery_stages: str = "nndr"
    notices: tuple[str, ...] = ("rates demand notice", "adjustment notice", "reminder", "final notice", "summons",
                                "refund letter")
    actions: tuple[str, ...] = ("payments", "award relief", "end relief", "s.44A certificate", "occupation ends",
                                "occupation starts", "change of ratepayer", "empty rate exclusion")

    def repository(self, store: Store) -> Repository[RatesAccount]:
        return _repository(store)

    def reference(self, value: RatesAccount) -> str:
        return value.reference

    def names(self, value: RatesAccount) -> str:
        return value.names

    def ledger(self, value: RatesAccount) -> Ledger:
        return value.ledger

    def with_ledger(self, value: RatesAccount, ledger: Ledger) -> RatesAccount:
        return attrs.evolve(value, ledger=ledger)

    def liability_ended(self, value: RatesAccount) -> dt.date | None:
        return value.liability.end

    def postal_address(self, store: Store, value: RatesAccount) -> tuple[str, ...]:
        """The hereditament's address: the account keeps no other for the ratepayer."""
        address = value.hereditament.address
        return (*address.lines, address.postcode)

    def schedules(self, value: RatesAccount) -> dict[FinancialYear, Schedule]:
        return billed_schedules(((bill.year, bill.schedule) for bill in value.bills), value.ledger)

    def recovery_party(self, value: RatesAccount) -> RecoveryParty:
        """The ratepayer by name; not known to be an individual (business rates recovery is by
        the magistrates' court, the Pre-Action Protocol is not in play)."""
        return RecoveryParty(normalise_text(value.names), individual=False)

    def summary(self, doc: StoredDocument) -> Summary:
        address = doc["hereditament"]["address"]
        return Summary(doc.doc_id, doc["reference"], doc["liability"]["ratepayer"], ", ".join(address["lines"]),
                       address["postcode"], ledger_balance(doc["ledger"]), doc["liability"].get("end") is None,
                       kind=self.name)

    def describe(self, value: RatesAccount, as_at: dt.date) -> AccountText:
        h = value.hereditament
        head = [f"Business rates: {value.names}", f"{h.description}, {h.address}",
                f"UARN {h.uarn}; rateable value " + "; ".join(
                    f"£{rv.value:,} from {rv.effective_from.isoformat()} ({rv.list_year} list)" for rv in h.values),
                _liable(value)]
        bills = [f"{'Annual bill' if n == 0 else 'Adjustment'} issued {bill.issued.isoformat()}:\n" + bill.render()
                 for n, bill in enumerate(value.bills)]
        issued = ["Notices issued (notice reprint NUMBER):\n" + "\n".join(
            f"  {n.issued.isoformat()} {n.kind.replace('_', ' ')} {n.number}" for n in value.notices)] if value.notices else []
        return AccountText(f"{value.reference}  {value.names}", ("\n".join(head), *bills, *issued), value.ledger,
                           value.reference)


def _liable(value: RatesAccount) -> str:
    """Who is liable when, and how: occupied, or empty since a day (the free period runs from it)."""
    liability = value.liability
    until = f"to {liability.end.isoformat()}" if liability.end else "(current)"
    how = "occupied" if liability.occupied else f"empty since {liability.since.isoformat()}"
    return f"Liable from {liability.start.isoformat()} {until}, {how}"


BUSINESS_RATES = BusinessRates()
