"""What-if: the effect of a proposed change on a real account, computed without changing it, so
an officer can quote the new charge on the phone. Each change is a small frozen object that
returns changed copies (``attrs.evolve``); the account itself is never touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol, TypeVar

import attrs

from revcore.ctax.charge import charge
from revcore.ctax.errors import CtaxError
from revcore.ctax.explanation import Explanation
from revcore.ctax.liability import Liability
from revcore.ctax.property import Property
from revcore.ctax.recalculation import Recalculation, recalculate
from revcore.ctax.reliefs import DisabledReduction, Discount, DiscountReason, EmptyPeriod, Exemption, Reduction
from revcore.ctax.tariff import Tariff
from revcore.money import format_money
from revcore.periods import ONE_DAY, DateRange, FinancialYear
from revcore.validation import member_of

__all__ = [
    "Change",
    "MoveOut",
    "AddDiscount",
    "EndDiscount",
    "BandChange",
    "AddExemption",
    "AddEmptyPeriod",
    "AddReduction",
    "AddDisabledReduction",
    "EndExemption",
    "EndAwards",
    "WhatIf",
    "apply_change",
    "what_if",
]


class Change(Protocol):
    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]: ...

    def describe(self) -> str: ...


@attrs.frozen
class MoveOut:
    """The liable people move out on ``day``: liability ends on ``day`` - 1 (s.2: end-of-day state)."""

    day: dt.date

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        last = self.day - ONE_DAY
        if last < liability.start:
            raise CtaxError(f"a move out on {self.day.isoformat()} is before liability {liability.reference} starts")
        return attrs.evolve(
            liability,
            end=last,
            discounts=_clipped(liability.discounts, last),
            exemptions=_clipped(liability.exemptions, last),
            empty_periods=_clipped(liability.empty_periods, last),
            disabled_reductions=_clipped(liability.disabled_reductions, last),
            reductions=_clipped(liability.reductions, last),
        ), prop

    def describe(self) -> str:
        return f"move out on {self.day.isoformat()} (liable to {(self.day - ONE_DAY).isoformat()})"


@attrs.frozen
class EndDiscount:
    """The discount in force ends: from ``day`` none applies (e.g. a second adult moves in on ``day``)."""

    day: dt.date

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        last = self.day - ONE_DAY
        kept = tuple(
            attrs.evolve(d, end=last) if d.start <= last and (d.end is None or d.end > last) else d
            for d in liability.discounts
            if d.start <= last
        )
        return attrs.evolve(liability, discounts=kept), prop

    def describe(self) -> str:
        return f"discount ends, none from {self.day.isoformat()}"


@attrs.frozen
class AddDiscount:
    """A discount from ``day`` (any open discount ends the day before)."""

    reason: DiscountReason = attrs.field(validator=member_of(DiscountReason))
    day: dt.date
    disregarded: tuple[str, ...] = ()

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        ended, _ = EndDiscount(self.day).apply(liability, prop)
        discount = Discount(self.reason, self.day, None, self.disregarded)
        return attrs.evolve(ended, discounts=(*ended.discounts, discount)), prop

    def describe(self) -> str:
        return f"{self.reason.label} from {self.day.isoformat()}"


@attrs.frozen
class BandChange:
    """The valuation list band changes from ``effective_from`` (possibly backdated)."""

    band: str
    effective_from: dt.date

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        return liability, prop.with_band(self.band, self.effective_from)

    def describe(self) -> str:
        return f"band {self.band} from {self.effective_from.isoformat()}"


@attrs.frozen
class AddExemption:
    exemption: Exemption

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        return attrs.evolve(liability, exemptions=(*liability.exemptions, self.exemption)), prop

    def describe(self) -> str:
        return f"{self.exemption.label} from {self.exemption.start.isoformat()}"


@attrs.frozen
class AddEmptyPeriod:
    empty: EmptyPeriod

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        return attrs.evolve(liability, empty_periods=(*liability.empty_periods, self.empty)), prop

    def describe(self) -> str:
        return f"{self.empty.label} from {self.empty.start.isoformat()}"


@attrs.frozen
class AddReduction:
    reduction: Reduction

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        return attrs.evolve(liability, reductions=(*liability.reductions, self.reduction)), prop

    def describe(self) -> str:
        return f"{self.reduction.label} from {self.reduction.start.isoformat()}"


@attrs.frozen
class EndAwards:
    """The awards of one kind in force end: none from ``day``; one that starts later is removed.

    ``field`` names the liability's awards (``exemptions``, ``empty_periods``,
    ``disabled_reductions``, ``reductions``, ...), ``label`` says what they are in messages, and
    ``applies`` picks which of them end (all by default: e.g. only council tax reduction among
    the reductions, leaving a discretionary one).
    """

    field: str
    label: str
    day: dt.date
    applies: Callable[[Any], bool] = lambda award: True

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        last = self.day - ONE_DAY
        awards = getattr(liability, self.field)
        kept = tuple(
            award if not self.applies(award) or (award.end is not None and award.end <= last)
            else attrs.evolve(award, end=last)
            for award in awards
            if not self.applies(award) or award.start <= last
        )
        if kept == awards:
            raise CtaxError(f"no {self.label} on {liability.reference} runs on {self.day.isoformat()} or later")
        # the field is named at run time; Liability's converter and validators check the new value
        changes: dict[str, Any] = {self.field: kept}
        return attrs.evolve(liability, **changes), prop

    def describe(self) -> str:
        return f"{self.label} ends, none from {self.day.isoformat()}"


@attrs.frozen
class EndExemption:
    """The exemption in force ends: from ``day`` none applies (one that starts later is removed)."""

    day: dt.date

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        return EndAwards("exemptions", "exemption", self.day).apply(liability, prop)

    def describe(self) -> str:
        return EndAwards("exemptions", "exemption", self.day).describe()


@attrs.frozen
class AddDisabledReduction:
    reduction: DisabledReduction

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        return attrs.evolve(liability, disabled_reductions=(*liability.disabled_reductions, self.reduction)), prop

    def describe(self) -> str:
        return f"{self.reduction.label} from {self.reduction.start.isoformat()}"


F = TypeVar("F", Discount, Exemption, EmptyPeriod, DisabledReduction, Reduction)


def _clipped(facts: tuple[F, ...], last: dt.date) -> tuple[F, ...]:
    """The facts that start by ``last``, ended on ``last`` at the latest."""
    return tuple(
        attrs.evolve(f, end=last) if f.end is None or f.end > last else f for f in facts if f.start <= last
    )


def apply_change(liability: Liability, prop: Property, change: Change) -> tuple[Liability, Property]:
    """The changed copies (validated like any new object); the originals are unchanged."""
    return change.apply(liability, prop)


@attrs.frozen
class WhatIf:
    change: str
    current: Explanation
    proposed: Explanation
    recalculation: Recalculation

    @property
    def difference(self) -> Decimal:
        return self.proposed.total - self.current.total

    def render(self) -> str:
        return (
            f"What if: {self.change}\n"
            f"Now: {format_money(self.current.total)}; with the change: {format_money(self.proposed.total)}"
            f" ({format_money(self.difference)})\n\n"
            f"{self.recalculation.render()}"
        )


def what_if(
    liability: Liability,
    prop: Property,
    tariff: Tariff,
    change: Change,
    period: DateRange | FinancialYear,
) -> WhatIf:
    """Charge ``period`` as things are and as they would be after ``change``; nothing is saved."""
    current = charge(liability, prop, tariff, period)
    new_liability, new_prop = change.apply(liability, prop)
    proposed = charge(new_liability, new_prop, tariff, period)
    return WhatIf(change.describe(), current, proposed, recalculate(current, proposed))
