"""Attachments of earnings at one employer on one pay day: which order comes first, what each
takes, how one remittance from the employer is shared between the orders and, within an order,
between the debts it covers.

The law read (see docs/notes.md, "One debtor across accounts"):

- Council tax attachment of earnings orders (SI 1992/613 reg 42(1), as substituted by SI 1992/3008
  reg 17 and amended by SI 1998/295 reg 4(3)): the employer deals with the orders "according to the
  respective dates on which they were made", each later order "as if the earnings to which it
  relates were the residue of the debtor's earnings" after the earlier deductions.
- An authority may not make an order if it would then have more than two in force against the
  debtor (reg 37(4), added by SI 1998/295 reg 4(2)): :data:`AEO_LIMIT`, counted per debtor across
  all their council tax accounts.
- A direct earnings attachment for an HB overpayment (SI 2013/384 reg 29): a council tax order is a
  priority order the employer deals with first, whatever its date; DEAs among themselves by date.
  Reading (DWP's model employer's guide, example 2; some councils' guides apply the DEA table to the
  whole net earnings instead): the DEA table is applied to the residue, and all deductions together
  never take net earnings below the protected earnings proportion, 60% (reg 17, data).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal

import attrs

from revcore.dated import DatedTable
from revcore.hb.dea import DEA_ROUNDING, DeaError, DeaSchedule
from revcore.money import ZERO, format_money
from revcore.recovery.aeo import AeoSchedule
from revcore.steps import percent
from revcore.validation import AnyField, member_of

__all__ = ["AEO_LIMIT", "AttachmentError", "AttachmentKind", "OrderInForce", "OrderDeduction", "CoveredDebt",
           "check_aeo_limit", "in_priority", "pay_day_deductions", "share_remittance", "split_across_debts"]

AEO_LIMIT = 2
"""SI 1992/613 reg 37(4) (inserted by SI 1998/295 reg 4(2)): no order if the authority would then
have more than two in force against the debtor."""


class AttachmentError(ValueError):
    """An attachment or remittance that cannot stand; the message says what and why."""


class AttachmentKind(enum.Enum):
    COUNCIL_TAX_AEO = "council tax attachment of earnings order"
    HB_DEA = "direct earnings attachment"

    @property
    def short(self) -> str:
        return "AEO" if self is AttachmentKind.COUNCIL_TAX_AEO else "DEA"


def _money(instance: object, attribute: AnyField, value: Decimal) -> None:
    if not isinstance(value, Decimal) or value < 0:
        raise AttachmentError(f"{attribute.name} {value!r} must be a Decimal amount of at least nothing")


@attrs.frozen
class OrderInForce:
    """One order the employer holds for the debtor: what it is, when made and what it still secures."""

    number: str
    kind: AttachmentKind = attrs.field(validator=member_of(AttachmentKind))
    made_on: dt.date
    outstanding: Decimal = attrs.field(validator=_money)
    higher: bool = False
    """A DEA after a conviction for the overpayment: the higher tables (SI 2013/384 reg 20(3A))."""


@attrs.frozen
class OrderDeduction:
    """What one order takes on the pay day, from which earnings, and why."""

    order: OrderInForce
    earnings: Decimal
    """The net earnings the order's table was applied to (the residue after earlier orders)."""
    amount: Decimal
    explanation: str


def in_priority(orders: Iterable[OrderInForce]) -> tuple[OrderInForce, ...]:
    """Council tax orders first by the date made (reg 42(1)(a)), then DEAs by date (SI 2013/384 reg 29)."""
    return tuple(sorted(orders, key=lambda o: (o.kind is AttachmentKind.HB_DEA, o.made_on, o.number)))


def check_aeo_limit(in_force: int, *, adding: int = 1) -> None:
    """Refuse an order that would leave more than :data:`AEO_LIMIT` council tax orders in force."""
    if in_force + adding > AEO_LIMIT:
        raise AttachmentError(
            f"the debtor already has {in_force} council tax attachment(s) of earnings in force: no more than "
            f"{AEO_LIMIT} at once (SI 1992/613 reg 37(4)); end one first")


def pay_day_deductions(orders: Iterable[OrderInForce], frequency: str, net_earnings: Decimal, pay_day: dt.date,
                       aeo_tables: DatedTable[AeoSchedule], dea_tables: DatedTable[DeaSchedule]
                       ) -> tuple[OrderDeduction, ...]:
    """Each order's deduction from ``net_earnings`` paid on ``pay_day``, in priority order: each
    table applied to the residue after the earlier orders, never more than the order still secures,
    and DEAs never past the protected earnings proportion of the whole net earnings."""
    if not isinstance(net_earnings, Decimal) or net_earnings < 0:
        raise AttachmentError(f"net earnings {net_earnings!r} must be an amount of at least nothing")
    residue = net_earnings
    taken = ZERO
    found = []
    for order in in_priority(orders):
        if order.kind is AttachmentKind.COUNCIL_TAX_AEO:
            schedule = aeo_tables.at(pay_day)
            amount, line = schedule.table(frequency).deduction(residue)
            line = f"{line} [{schedule.source}, reg 42(1)]"
        else:
            dea = dea_tables.at(pay_day)
            try:
                table = dea.table(frequency, order.higher)
            except DeaError as error:
                raise AttachmentError(str(error)) from None
            lower, band = table.band(residue)
            amount = DEA_ROUNDING(residue * band.rate)
            line = f"{table.name}: {percent(band.rate)} of {format_money(residue)} = {format_money(amount)} " \
                   f"[{dea.source}, SI 2013/384 reg 29]"
            room = max(DEA_ROUNDING(net_earnings * (1 - dea.protected_proportion)) - taken, ZERO)
            if amount > room:
                amount = room
                line += (f"; limited to {format_money(room)} so that {percent(dea.protected_proportion)} of "
                         f"{format_money(net_earnings)} is left (reg 17)")
        if amount > order.outstanding:
            amount = order.outstanding
            line += f"; limited to the {format_money(order.outstanding)} still owed"
        found.append(OrderDeduction(order, residue, amount, line))
        residue -= amount
        taken += amount
    return tuple(found)


def share_remittance(amount: Decimal, deductions: Iterable[OrderDeduction]) -> tuple[tuple[OrderInForce, Decimal], ...]:
    """The employer's one payment for the pay day shared between the orders: each in priority
    order up to its deduction. More than the orders take is refused (the employer sent too much:
    a refund or a query, not a credit on a debt)."""
    listed = list(deductions)
    due = sum((d.amount for d in listed), ZERO)
    if not isinstance(amount, Decimal) or amount <= 0:
        raise AttachmentError(f"remittance {amount!r}: must be more than nothing")
    if amount > due:
        raise AttachmentError(f"remittance {format_money(amount)} is more than the {format_money(due)} the orders "
                              "take at these net earnings on that pay day: check the employer's schedule")
    left = amount
    shares = []
    for deduction in listed:
        part = min(left, deduction.amount)
        if part > 0:
            shares.append((deduction.order, part))
        left -= part
    return tuple(shares)


@attrs.frozen
class CoveredDebt:
    """A debt an order secures: the account, the financial year (council tax; empty for an HB
    overpayment), since when it is owed (the oldest is paid first) and what is still owed."""

    account: str
    year: str
    since: dt.date
    outstanding: Decimal = attrs.field(validator=_money)


def split_across_debts(amount: Decimal, debts: Iterable[CoveredDebt]) -> tuple[tuple[CoveredDebt, Decimal], ...]:
    """An order's share of a remittance across the debts it covers, the oldest debt first (our
    reading: neither regulation orders the debts within one order)."""
    ordered = sorted(debts, key=lambda d: (d.since, d.year, d.account))
    left = amount
    shares = []
    for debt in ordered:
        part = min(left, debt.outstanding)
        if part > 0:
            shares.append((debt, part))
        left -= part
    if left > 0:
        raise AttachmentError(f"{format_money(left)} is more than the debts the order covers still owe")
    return tuple(shares)
