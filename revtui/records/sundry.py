"""Sundry debts and Housing Benefit overpayments as the application keeps them.

A sundry debt is an invoice and its ledger (:class:`revcore.sundry.SundryDebt`, found by invoice
number or debtor). An HB overpayment keeps its calculation, cause and decision with its ledger
while it is recovered from ongoing benefit; once invoiced, the ledger carries on as the invoice's
sundry debt (same account number) and the overpayment keeps only the invoice's number, so no
ledger is ever held twice.
"""

from __future__ import annotations

import datetime as dt

import attrs

from revcore.hb import DeaOrder, Overpayment, DeductionPlan
from revcore.ledger import Ledger
from revcore.sundry import SundryDebt
from revtui.store import Index, Repository, Store, word_starts

__all__ = ["HbOverpaymentAccount", "sundry_debts", "hb_overpayments"]


@attrs.frozen
class HbOverpaymentAccount:
    """An HB overpayment: the decision, and either its ledger (recovered from ongoing HB under
    ``plan``) or the number of the invoice its balance went to."""

    overpayment: Overpayment
    ledger: Ledger | None = None
    plan: DeductionPlan | None = None
    invoice: str = ""
    dea: DeaOrder | None = None
    """A direct earnings attachment the employer was told to make (revtui.services.hb_overpayments)."""

    def __attrs_post_init__(self) -> None:
        if (self.ledger is None) == (not self.invoice):
            raise ValueError(f"HB overpayment {self.overpayment.reference}: keep either its ledger or the "
                             f"invoice its balance went to, not {'both' if self.invoice else 'neither'}")

    @property
    def reference(self) -> str:
        return self.overpayment.reference


def _due(doc: dict) -> list[str]:
    # the day the invoice falls due (its date plus its type's terms): the Direct Debit run collects by it
    invoice = doc["invoice"]
    issued = dt.date.fromisoformat(invoice["issued"])
    return [(issued + dt.timedelta(days=invoice["invoice_type"]["terms_days"])).isoformat()]


def sundry_debts(store: Store) -> Repository[SundryDebt]:
    """Sundry debts (invoices and their ledgers) by invoice number, debtor's name and debtor's reference."""
    return Repository(
        store,
        "sundry_debts",
        SundryDebt,
        indexes=[
            Index("reference", lambda doc: [doc["invoice"]["number"]], reads=["invoice"]),
            Index("name", lambda doc: word_starts(doc["invoice"]["debtor"]["name"]), reads=["invoice"]),
            Index("debtor", lambda doc: [doc["invoice"]["debtor"]["reference"]], reads=["invoice"]),
            Index("due", _due, reads=["invoice"]),
        ],
    )


def hb_overpayments(store: Store) -> Repository[HbOverpaymentAccount]:
    """HB overpayments by their reference and the claimant's name."""
    return Repository(
        store,
        "hb_overpayments",
        HbOverpaymentAccount,
        indexes=[
            Index("reference", lambda doc: [doc["overpayment"]["reference"]], reads=["overpayment"]),
            Index("name", lambda doc: word_starts(doc["overpayment"]["claimant"]), reads=["overpayment"]),
        ],
    )
