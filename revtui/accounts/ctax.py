"""Council tax accounts as an account kind (:class:`revtui.records.ctax.CtaxAccount`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.ledger import Ledger
from revcore.money import ZERO, format_money
from revcore.periods import FinancialYear
from revcore.instalments import Schedule
from revtui.accounts.facts import billed_schedules
from revtui.accounts.kind import AccountText, RecoveryParty, Summary
from revtui.records.ctax import CtaxAccount, open_records
from revtui.store import Repository, Store, StoredDocument, normalise_text, once_per_store

__all__ = ["CouncilTax", "COUNCIL_TAX", "debtor_identity"]


@once_per_store
def _records(store: Store):  # noqa: ANN202 - Records, opened once a store
    return open_records(store)


def ledger_balance(document: dict | None) -> Decimal:
    """The balance of a stored ledger document, summed without converting it."""
    total = Decimal("0.00")
    for entry in (document or {}).get("entries", ()):
        total += Decimal(entry["amount"])
    return total


_PAID_IN = frozenset({"payment", "refund", "write_off", "transfer"})
"""Ledger entry kinds a recovery position counts as paid to a year (:mod:`revcore.recovery.from_ledger`)."""
_BILLED = frozenset({"charge", "adjustment"})


def quick_year_figures(document: dict, day: dt.date, cutoff: dt.date) -> list[tuple[str, Decimal, Decimal, Decimal]] | None:
    """For each year the account's recovery position would hold (the latest bill's instalments,
    :func:`revtui.accounts.facts.billed_schedules`), read from the stored document without
    converting it: the year's label, its charge (all instalments), what fell due by ``cutoff``
    and what was paid to it by ``day``, as :func:`revcore.recovery.from_ledger.position_from_ledger`
    counts them.

    None when the document holds what only the whole position can weigh: costs, a reversal,
    or a year charged with no bill (a balance brought forward).
    """
    schedules: dict[int, list[dict]] = {}
    for bill in document["bills"]:
        schedules[bill["year"]] = bill["schedule"]["instalments"]
    paid = {year: ZERO for year in schedules}
    day_text = day.isoformat()
    for entry in document["ledger"]["entries"]:
        kind = entry["kind"]
        if kind in _BILLED:
            for posting in entry["postings"]:
                if posting["category"] != "charge" or posting["year"]["start_year"] not in schedules:
                    return None
        elif kind in _PAID_IN:
            if entry["effective"] <= day_text:
                for posting in entry["postings"]:
                    year = posting["year"]["start_year"]
                    if year in paid:
                        paid[year] -= Decimal(posting["amount"])
        else:  # costs, a reversal
            return None
    cutoff_text = cutoff.isoformat()
    figures = []
    for year, instalments in schedules.items():
        if not instalments:
            continue
        charge = due = ZERO
        falling = True
        for instalment in instalments:
            amount = Decimal(instalment["amount"])
            charge += amount
            falling = falling and instalment["due"] <= cutoff_text  # YearPosition.due_by: in order, to the first later
            if falling:
                due += amount
        figures.append((FinancialYear(year).label, charge, due, paid[year]))
    return figures


def debtor_identity(account: CtaxAccount) -> str:
    """Who the account's debtor is across accounts, for the limits on live orders.

    The store keeps no person id shared between accounts (each account numbers its own liable
    people), so the first liable person is matched on their identity as recorded: the name
    (case, accents and spacing ignored) and the date of birth where one is recorded.
    """
    if not account.persons:
        return ""
    person = account.persons[0]
    return f"{normalise_text(person.name)}|{person.date_of_birth.isoformat() if person.date_of_birth else ''}"


@attrs.frozen
class CouncilTax:
    name: str = "council tax"
    prefix: str = "C"
    recovery_stages: str = "ctax"
    notices: tuple[str, ...] = ("annual bill", "adjustment notice", "reminder", "second reminder", "final notice",
                                "summons", "liability order notice", "attachment of earnings order",
                                "enforcement referral", "refund letter", "completion notice", "general letter")
    actions: tuple[str, ...] = ("move in", "move out", "band change", "discounts, exemptions and reductions",
                                "payments and refunds", "Direct Debit", "instalment plan", "holds, arrangements "
                                "and means", "notes and cases")

    def repository(self, store: Store) -> Repository[CtaxAccount]:
        return _records(store).accounts

    def reference(self, value: CtaxAccount) -> str:
        return value.reference

    def names(self, value: CtaxAccount) -> str:
        return value.names

    def ledger(self, value: CtaxAccount) -> Ledger:
        return value.ledger

    def with_ledger(self, value: CtaxAccount, ledger: Ledger) -> CtaxAccount:
        return attrs.evolve(value, ledger=ledger)

    def liability_ended(self, value: CtaxAccount) -> dt.date | None:
        return value.liability.end

    def postal_address(self, store: Store, value: CtaxAccount) -> tuple[str, ...]:
        """The correspondence address (a forwarding address after a move out), else the dwelling's."""
        address = value.correspondence
        if address is None:
            prop = _records(store).properties.find_one("reference", value.property_reference)
            address = prop.value.address if prop is not None else None
        return (*address.lines, address.postcode) if address is not None else ()

    def schedules(self, value: CtaxAccount) -> dict[FinancialYear, Schedule]:
        return billed_schedules(((FinancialYear(bill.year), bill.schedule) for bill in value.bills), value.ledger)

    def recovery_party(self, value: CtaxAccount) -> RecoveryParty:
        return RecoveryParty(debtor_identity(value))

    def summary(self, doc: StoredDocument, prop: dict | None = None) -> Summary:
        return Summary(doc.doc_id, doc["reference"], " & ".join(person["name"] for person in doc["persons"]),
                       ", ".join(prop["address"]["lines"]) if prop else "(property not found)",
                       prop["address"]["postcode"] if prop else "", ledger_balance(doc["ledger"]),
                       doc["liability"].get("end") is None, doc["property_reference"], self.name)

    def describe(self, value: CtaxAccount, as_at: dt.date) -> AccountText:
        parts = [f"Council tax: {value.names}, liable from {value.liability.start.isoformat()}"
                 + (f" to {value.liability.end.isoformat()}" if value.liability.end else "")]
        parts += [f"{'Bill' if bill.kind == 'annual' else bill.kind.capitalize()} {FinancialYear(bill.year)} issued "
                  f"{bill.issued.isoformat()}: {format_money(bill.schedule.amount)}" for bill in value.bills]
        return AccountText(f"{value.reference}  {value.names}", tuple(parts), value.ledger, value.reference)


COUNCIL_TAX = CouncilTax()
