"""Summons batches for a court hearing, a hearing moved, and the liability order list.

A batch gathers the summonses a run issued for one hearing date, with the officer who
authorised the complaint and the basis of the costs asked for (costs must reflect what
obtaining the orders costs the council: R (Nicolson) v Tottenham Magistrates [2015] EWHC 1252
(Admin)). Each summons must be served at least the stage set's notice days before the hearing
(14 days, reg. 35(2A)); moving the hearing re-checks that for every summons.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable

import attrs

from revcore.calendar import add_working_days, is_working_day
from revcore.money import ZERO, money_sum
from revcore.recovery.engine import Action, current_hearing
from revcore.recovery.holds import holds_on
from revcore.recovery.position import AccountPosition
from revcore.recovery.rules import RecoveryConfigError, RecoveryRules
from revcore.recovery.run import RecoveryPlan
from revcore.validation import AnyField, no_text_for_tuples

__all__ = [
    "SummonsEntry",
    "SummonsBatch",
    "summons_batch",
    "batch_for_hearing",
    "LateService",
    "move_hearing",
    "LiabilityOrderLine",
    "LiabilityOrderList",
    "liability_order_list",
]


@attrs.frozen
class SummonsEntry:
    account: str
    year: str
    issued: dt.date
    served: dt.date
    amount: Decimal
    costs: Decimal


def _officer(instance: object, attribute: AnyField, value: str) -> None:
    if not value.strip():
        raise ValueError("a summons batch must name the officer who authorised it")


@attrs.frozen(field_transformer=no_text_for_tuples)
class SummonsBatch:
    """The summonses for one hearing: who authorised them, what costs and on what basis."""

    hearing: dt.date
    court: str
    authorising_officer: str = attrs.field(validator=_officer)
    costs_basis: str
    entries: tuple[SummonsEntry, ...] = attrs.field(converter=tuple[SummonsEntry, ...])

    @property
    def total(self) -> Decimal:
        return money_sum(e.amount for e in self.entries)

    @property
    def total_costs(self) -> Decimal:
        return money_sum(e.costs for e in self.entries)


def _entry(account: str, year: str, issued: dt.date, amount: Decimal, costs: Decimal,
           rules: RecoveryRules) -> SummonsEntry:
    served = add_working_days(issued, rules.stages.summons_service_working_days, rules.stages.country)
    return SummonsEntry(account, year, issued, served, amount, costs)


def summons_batch(plan: RecoveryPlan, court: str, authorising_officer: str, rules: RecoveryRules) -> SummonsBatch:
    """The batch of summonses in a run's plan (all for the plan's hearing date)."""
    if plan.hearing is None:
        raise ValueError(f"the run for {plan.day.isoformat()} issued no summonses")
    costs = {(a.account, a.year): a.amount or ZERO for a in plan.actions if a.key.endswith("/summons_costs/1")}
    entries = tuple(
        _entry(a.account, a.year, a.day, a.amount or ZERO, costs.get((a.account, a.year), ZERO), rules)
        for a in plan.actions
        if a.stage == "summons"
    )
    return SummonsBatch(plan.hearing, court, authorising_officer, rules.stages.costs_basis, entries)


def batch_for_hearing(
    accounts: Iterable[AccountPosition], hearing: dt.date, court: str, authorising_officer: str, rules: RecoveryRules
) -> SummonsBatch:
    """The batch of every summons already issued whose hearing (after any move) is ``hearing``,
    read from the accounts' history: the sum summonsed and the costs raised with it (the costs
    event keyed beside the summons, ``.../summons_costs/N``)."""
    entries = []
    for account in accounts:
        for position in account.years:
            summons = position.last("summons")
            if summons is None or current_hearing(position) != hearing:
                continue
            costs_key = summons.key.replace("/summons/", "/summons_costs/")
            costs = money_sum(e.amount for e in position.events("costs") if e.key == costs_key and e.amount is not None)
            entries.append(_entry(account.reference, position.year.label, summons.day, summons.amount or ZERO, costs,
                                  rules))
    if not entries:
        raise ValueError(f"no summons was issued for the hearing of {hearing.isoformat()}")
    return SummonsBatch(hearing, court, authorising_officer, rules.stages.costs_basis, entries)


class LateService(RecoveryConfigError):
    """A moved hearing falls too soon after some summonses were served; they must be re-served."""

    def __init__(self, hearing: dt.date, late: tuple[SummonsEntry, ...], notice_days: int) -> None:
        self.late = late
        names = ", ".join(f"{e.account} {e.year} (served {e.served.isoformat()})" for e in late)
        super().__init__(
            f"hearing {hearing.isoformat()} is less than {notice_days} days after service of: {names}; "
            "re-serve these summonses for a later hearing"
        )


def move_hearing(
    batch: SummonsBatch, new_hearing: dt.date, day: dt.date, rules: RecoveryRules
) -> tuple[SummonsBatch, tuple[Action, ...]]:
    """The batch at its new hearing date and a ``hearing_moved`` action for each summons.

    Refused (:class:`LateService`) if any summons would have been served less than the notice
    period before the new date.
    """
    stages = rules.stages
    if not is_working_day(new_hearing, stages.country):
        raise ValueError(f"hearing date {new_hearing.isoformat()} is not a working day in {stages.country}")
    minimum = dt.timedelta(days=stages.summons_notice_days)
    late = tuple(e for e in batch.entries if new_hearing - e.served < minimum)
    if late:
        raise LateService(new_hearing, late, stages.summons_notice_days)
    actions = tuple(
        Action(
            f"{e.account}/{e.year}/hearing_moved/{new_hearing.isoformat()}", e.account, e.year, "hearing_moved",
            "stage_change", day, stages.citation("hearing_moved"),
            (f"hearing moved from {batch.hearing.isoformat()} to {new_hearing.isoformat()}; summons served "
             f"{e.served.isoformat()}, {(new_hearing - e.served).days} days before",),
            None, new_hearing,
        )
        for e in batch.entries
    )
    return attrs.evolve(batch, hearing=new_hearing), actions


@attrs.frozen
class LiabilityOrderLine:
    account: str
    year: str
    outstanding: Decimal
    costs: Decimal


@attrs.frozen
class LiabilityOrderList:
    """What the council asks the court for at a hearing, and the summonses withdrawn as paid."""

    hearing: dt.date
    court: str
    authorising_officer: str
    costs_basis: str
    lines: tuple[LiabilityOrderLine, ...]
    withdrawn: tuple[tuple[str, str], ...]
    adjourned: tuple[tuple[str, str], ...]
    """Summonsed years on hold on the hearing day (Breathing Space, a dispute...): no order sought."""

    @property
    def total(self) -> Decimal:
        return money_sum(line.outstanding for line in self.lines)


def liability_order_list(
    batch: SummonsBatch, accounts: Iterable[AccountPosition], rules: RecoveryRules
) -> LiabilityOrderList:
    """Orders to seek at the batch's hearing: every summonsed year not paid in full, costs included,
    by the hearing day (reg. 34); those paid are withdrawn, those on hold adjourned. Outstanding
    includes summons costs and the liability order costs the stage set adds."""
    positions = {(a.reference, p.year.label): (a, p) for a in accounts for p in a.years}
    lines = []
    withdrawn = []
    adjourned = []
    order_costs = rules.stages.liability_order_costs
    for entry in batch.entries:
        found = positions.get((entry.account, entry.year))
        if found is None:
            raise ValueError(f"summonsed account {entry.account} {entry.year} is not among the accounts given")
        account, position = found
        balance = position.balance(batch.hearing)
        if holds_on(account, position, batch.hearing, rules):
            adjourned.append((entry.account, entry.year))
        elif balance <= 0:
            withdrawn.append((entry.account, entry.year))
        else:
            lines.append(
                LiabilityOrderLine(entry.account, entry.year, balance + order_costs, position.costs + order_costs)
            )
    return LiabilityOrderList(
        batch.hearing, batch.court, batch.authorising_officer, batch.costs_basis, tuple(lines), tuple(withdrawn),
        tuple(adjourned),
    )
