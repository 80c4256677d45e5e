"""The demo council's sundry invoices and HB overpayments in volume, some of them owed by its
council tax payers, so that a person's debts show together.

Volumes scale with the district (per 1,000 dwellings a year, :data:`SUNDRY_PER_1000` and
:data:`HB_PER_1000`: the demo's own figures, a district of 50,000 dwellings raising some 15,000
sundry invoices and 1,500 HB overpayment decisions a year), with a floor so a small demo still
has hundreds of each, and a cap (:data:`CAP`) so a large one still builds quickly (a district of
100,000 dwellings would raise 30,000 invoices a year; the demo stops at 2,000). Built through :mod:`revcore.sundry` and :mod:`revcore.hb` exactly as the
hand-listed ones in ``businesses.py``; loaded by the caller through ``services/loading.py``, and
linked to their council tax accounts through ``services/persons.load_links``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from refdata.hb import load_deduction_rates
from refdata.sundry import load_sundry_rules
from revcore.hb import (Cause, Classification, Overpayment, benefit_week_start, calculate_overpayment,
                        deduct_from_benefit, open_overpayment_ledger, overpayment_invoice, plan_recovery,
                        weekly_amounts, weekly_maximum)
from revcore.money import PENNY_HALF_UP
from revcore.periods import DateRange
from revcore.references import make_reference
from revcore.sundry import Debtor, LineItem, SundryDebt, open_debt, raise_invoice
from revtui.records.sundry import HbOverpaymentAccount

__all__ = ["SUNDRY_PER_1000", "HB_PER_1000", "FLOOR", "CAP", "FIRST_SERIAL", "Resident", "DemoDebts", "build_debts"]

SUNDRY_PER_1000 = 300
HB_PER_1000 = 30
FLOOR = 250
CAP = {"sundry": 2000, "hb": 500}
FIRST_SERIAL = 1001
"""References from S00010010/H00010018 on: the hand-listed accounts of businesses.py come first."""
RESIDENT_SHARE = 0.5
"""Of the invoices to individuals, the share owed by one of the council tax payers (garage rents, care)."""
LINKED_SHARE = 0.6
"""Of the debts owed by a council tax payer, the share already linked to their account (the rest
are left for an officer to find through the matching rules)."""

Resident = tuple[str, str, tuple[str, ...], str]
"""(council tax account, name, address lines, postcode), from :func:`revtui.services.persons.residents`."""

# (income code, invoice type, who, description, quantity range, unit price range), weighted
_SUNDRY = (
    (40, "GRGE", "general", "resident", "Garage rent, quarter", (3, 3), ("36.00", "48.00")),
    (25, "TWST", "general", "business", "Trade waste: 240 litre bin, weekly collections", (13, 52), ("11.50", "24.00")),
    (15, "LICN", "in_advance", "resident", "Licence fee (street trading, taxi driver, animal)", (1, 1), ("90.00", "420.00")),
    (10, "HALL", "in_advance", "club", "Hall hire: evening sessions", (1, 4), ("45.00", "120.00")),
    (10, "CARE", "care", "resident", "Contribution to care and support, 4 weeks", (4, 4), ("15.00", "95.00")),
)
_BUSINESS = ("Stores", "Garage", "Café", "Bakery", "Motors", "Salon", "Takeaway", "Builders")
_CLUBS = ("Bowls Club", "Scout Group", "Dance School", "Choir", "Youth Football Club", "Art Society")


@attrs.frozen
class DemoDebts:
    sundry: tuple[SundryDebt, ...]
    hb: tuple[HbOverpaymentAccount, ...]
    links: tuple[tuple[str, str, str], ...]
    """(council tax account, debt, reason when no rule would match) for ``load_links``."""


def _money(rng: random.Random, low: str, high: str) -> Decimal:
    pennies = rng.randrange(int(Decimal(low) * 100), int(Decimal(high) * 100) + 1)
    return Decimal(pennies).scaleb(-2)


def _pay(rng: random.Random, debt: SundryDebt, as_at: dt.date) -> SundryDebt:
    """Most pay in full by the due date, some part, some not at all (demo habits, not statistics)."""
    roll = rng.random()
    due = debt.invoice.due
    if roll < 0.55 and due <= as_at:
        return debt.pay(debt.balance, due - dt.timedelta(days=rng.randrange(0, 10)) if due > debt.invoice.issued
                        else due, source=f"demo:{debt.invoice.number}")
    if roll < 0.75 and due <= as_at:
        part = PENNY_HALF_UP(debt.balance * Decimal(rng.randrange(20, 80)) / 100)
        return debt.pay(part, due, source=f"demo:{debt.invoice.number}")
    return debt


def _invoice(rng: random.Random, serial: int, names: Any, streets: Sequence[str], residents: Sequence[Resident],
             first: dt.date, as_at: dt.date) -> tuple[SundryDebt, str]:
    weights = [row[0] for row in _SUNDRY]
    _, code, kind, who, description, (q_low, q_high), (p_low, p_high) = rng.choices(_SUNDRY, weights)[0]
    resident = ""
    if who == "resident" and residents and rng.random() < RESIDENT_SHARE:
        resident, name, lines, postcode = rng.choice(residents)
        address = (*lines, postcode)
    else:
        street = rng.choice(streets)
        town = rng.choice(("Demoton", "Brookfield", "Ashby Parva", "Coldale"))
        postcode = f"DM{rng.randrange(1, 9)} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
        if who == "business":
            name = f"{names.surname(rng)} {rng.choice(_BUSINESS)}"
        elif who == "club":
            name = f"{rng.choice(('Demoton', 'Brookfield', 'Coldale'))} {rng.choice(_CLUBS)}"
        else:
            name = names.person(rng, None)
        address = (f"{rng.randrange(1, 120)} {street}", town, postcode)
    issued = first + dt.timedelta(days=rng.randrange(0, max(1, (as_at - first).days)))
    item = LineItem(description, Decimal(rng.randint(q_low, q_high)), _money(rng, p_low, p_high))
    invoice = raise_invoice(load_sundry_rules(), make_reference("S", serial), issued,
                            Debtor(f"DEB{serial:07d}", name, address, who == "resident"), kind, code, [item])
    return _pay(rng, open_debt(invoice, posted=issued, officer="demo"), as_at), resident


def _overpayment(rng: random.Random, serial: int, resident: Resident, as_at: dt.date
                 ) -> tuple[HbOverpaymentAccount, SundryDebt | None]:
    """A claimant's change reported late: weeks of HB paid at the old rate, the revised award lower
    (or nothing, the claim having ended); decided a few weeks later and recovered from ongoing HB
    (a claim still in payment) or invoiced (a claim that ended)."""
    _, name, lines, postcode = resident
    decided = as_at - dt.timedelta(days=rng.randrange(7, 330))
    end = decided - dt.timedelta(days=rng.randrange(14, 60))
    start = benefit_week_start(end - dt.timedelta(weeks=rng.randrange(2, 27)))
    paid = _money(rng, "60.00", "180.00")
    ended = rng.random() < 0.4
    revised = Decimal("0.00") if ended else PENNY_HALF_UP(paid * Decimal(rng.randrange(30, 85)) / 100)
    since = start - dt.timedelta(days=365)
    calculation = calculate_overpayment(DateRange(start, end), weekly_amounts("HB paid", [(since, paid)]),
                                        weekly_amounts("HB as revised", [(since, paid), (start, revised)]))
    cause = Cause.TECHNICAL if ended and rng.random() < 0.3 else Cause.CLAIMANT_ERROR
    notified = decided + dt.timedelta(days=rng.randrange(0, 4))
    overpayment = Overpayment(make_reference("H", serial), name, calculation, Classification(cause), decided, notified)
    ledger = open_overpayment_ledger(overpayment, officer="demo")
    if not ended:
        monday = benefit_week_start(notified) + dt.timedelta(weeks=2)
        if monday > as_at:
            return HbOverpaymentAccount(overpayment, ledger), None
        plan = plan_recovery(overpayment.recoverable_amount, weekly_maximum(load_deduction_rates(), monday),
                             revised, monday)
        return HbOverpaymentAccount(overpayment, deduct_from_benefit(ledger, plan, until=as_at), plan), None
    invoiced = notified + dt.timedelta(days=rng.randrange(7, 21))
    if invoiced > as_at:
        return HbOverpaymentAccount(overpayment, ledger), None
    debt = overpayment_invoice(load_sundry_rules(), overpayment, ledger, invoiced,
                               Debtor(f"HBC{serial:07d}", name, (*lines, postcode)))
    return HbOverpaymentAccount(overpayment, invoice=debt.invoice.number), _pay(rng, debt, as_at)


def build_debts(residents: Sequence[Resident], names: Any, streets: Sequence[str], *, size: int, seed: int, first: dt.date,
                as_at: dt.date) -> DemoDebts:
    """Sundry invoices issued and HB overpayments decided from ``first`` to ``as_at`` (a year of
    them at most), claimants and many debtors drawn from ``residents``."""
    rng = random.Random(f"demo debts {seed}")
    share = min(1.0, (as_at - first).days / 365)
    sundry_count = min(CAP["sundry"], max(FLOOR, int(size * SUNDRY_PER_1000 * share / 1000)))
    hb_count = min(CAP["hb"], max(FLOOR, int(size * HB_PER_1000 * share / 1000))) if residents else 0
    sundry, hb, links = [], [], []
    for n in range(sundry_count):
        debt, resident = _invoice(rng, FIRST_SERIAL + n, names, streets, residents, first, as_at)
        sundry.append(debt)
        if resident and rng.random() < LINKED_SHARE:
            links.append((resident, debt.invoice.number, ""))
    for n in range(hb_count):
        resident = rng.choice(residents)
        account, invoice = _overpayment(rng, FIRST_SERIAL + n, resident, as_at)
        hb.append(account)
        sundry += [invoice] if invoice else []
        if rng.random() < LINKED_SHARE:  # an overpayment names only its claimant: the benefits system's claim address
            links.append((resident[0], account.reference, "the HB claim is for this dwelling (benefits system)"))
    return DemoDebts(tuple(sundry), tuple(hb), tuple(links))
