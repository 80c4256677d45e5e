"""Business rates accounts, sundry debts and HB overpayments for Find and their read-only views.

Find looks these up beside council tax (by reference or name prefix) so an officer on the phone
finds any debtor from one box. Each opens as text an officer reads out: what is charged and why,
line by line with its rule, then the ledger. They are not yet changed from the application: the
demo council and the training scenarios create them through :mod:`revcore.nndr`,
:mod:`revcore.sundry` and :mod:`revcore.hb`.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from revcore.ledger import Ledger
from revcore.money import format_money
from revtui.records_rates import RatesAccount, rates_accounts
from revtui.records_sundry import HbOverpaymentAccount, hb_overpayments, sundry_debts
from revtui.store import Repository, Store, once_per_store

__all__ = ["RATES", "SUNDRY", "HB", "OtherAccounts", "AccountText", "other_accounts", "other_hits", "describe"]

RATES, SUNDRY, HB = "business rates", "sundry debt", "HB overpayment"


@attrs.frozen
class OtherAccounts:
    """The open repositories (opened once a store: opening one checks its schema and indexes)."""

    rates: Repository
    sundry: Repository
    hb: Repository

    def repository(self, kind: str) -> Repository:
        return {RATES: self.rates, SUNDRY: self.sundry, HB: self.hb}[kind]


@once_per_store
def other_accounts(store: Store) -> OtherAccounts:
    return OtherAccounts(rates_accounts(store), sundry_debts(store), hb_overpayments(store))


def other_hits(store: Store, text: str, *, by_reference: bool, limit: int) -> list:
    """Hits (:class:`revtui.services.search.Hit`) for ``text`` as a reference or a name prefix."""
    from revtui.services.search import Hit

    others = other_accounts(store)
    index = "reference" if by_reference else "name"
    hits = []
    for kind in (RATES, SUNDRY, HB):
        repo = others.repository(kind)
        for doc in repo.table.search(repo.indexes[index].prefix(text), limit=limit):
            hits.append(Hit(doc.doc_id, *_summary(kind, doc), current=True, kind=kind))
    return hits[:limit]


def _balance(ledger: dict | None) -> Decimal:
    return sum((Decimal(entry["amount"]) for entry in ledger["entries"]), Decimal("0.00")) if ledger else Decimal("0.00")


def _summary(kind: str, doc: dict) -> tuple[str, str, str, str, Decimal]:
    """Reference, names, address, postcode and balance, read from the document as stored."""
    if kind == RATES:
        address = doc["hereditament"]["address"]
        return (doc["reference"], doc["liability"]["ratepayer"], ", ".join(address["lines"]), address["postcode"],
                _balance(doc["ledger"]))
    if kind == SUNDRY:
        invoice = doc["invoice"]
        lines = invoice["debtor"]["address"]
        return invoice["number"], invoice["debtor"]["name"], ", ".join(lines[:-1]), lines[-1] if lines else "", \
            _balance(doc["ledger"])
    overpayment = doc["overpayment"]
    where = "recovered from ongoing HB" if doc["ledger"] else f"invoiced as {doc['invoice']}"
    return overpayment["reference"], overpayment["claimant"], where, "", _balance(doc["ledger"])


@attrs.frozen
class AccountText:
    """What the read-only view shows: a title, paragraphs of explanation, and the ledger."""

    title: str
    parts: tuple[str, ...]
    ledger: Ledger | None


def describe(store: Store, kind: str, doc_id: int) -> AccountText:
    """The account's charge explained line by line with its rules, and its ledger."""
    value = other_accounts(store).repository(kind).get(doc_id).value
    if kind == RATES:
        return _rates(value)
    if kind == SUNDRY:
        return AccountText(f"{value.invoice.number}  {value.invoice.debtor.name}",
                           (f"Sundry debt of {value.invoice.debtor.name}", value.invoice.explain()), value.ledger)
    return _overpayment(value)


def _rates(account: RatesAccount) -> AccountText:
    h = account.hereditament
    head = [f"Business rates: {account.names}", f"{h.description}, {h.address}",
            f"UARN {h.uarn}; rateable value " + "; ".join(
                f"£{rv.value:,} from {rv.effective_from.isoformat()} ({rv.list_year} list)" for rv in h.values)]
    bills = [f"{'Annual bill' if n == 0 else 'Adjustment'} issued {bill.issued.isoformat()}:\n"
             + bill.render() for n, bill in enumerate(account.bills)]
    return AccountText(f"{account.reference}  {account.names}", ("\n".join(head), *bills),
                       account.ledger)


def _overpayment(account: HbOverpaymentAccount) -> AccountText:
    o = account.overpayment
    parts = [o.calculation.render(f"Housing Benefit overpaid to {o.claimant}"),
             f"Cause: {o.classification.cause.value}; decided {o.decided_on.isoformat()}, notified "
             f"{o.notified_on.isoformat()}; recoverable {format_money(o.recoverable_amount)}"]
    if account.plan is not None:
        parts.append("Recovery from ongoing HB: " + account.plan.describe())
    if account.ledger is None:
        parts.append(f"The balance was invoiced: see sundry debt {account.invoice}.")
    return AccountText(f"{o.reference}  {o.claimant}", tuple(parts), account.ledger)
