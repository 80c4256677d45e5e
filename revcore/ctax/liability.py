"""Liability periods: who is liable for which dwelling, from when to when, and on what basis,
together with the day-ranged facts (discounts, exemptions, empty periods, reductions) that
decide the charge for that liability.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Iterable, Iterator

import attrs

from revcore.ctax._checks import end_not_before_start, is_date, optional_date
from revcore.ctax.errors import CtaxError, LiabilityError
from revcore.ctax.reliefs import DisabledReduction, Discount, EmptyPeriod, Exemption, Reduction
from revcore.periods import DateRange
from revcore.validation import AnyField, member_of, no_text_for_tuples

__all__ = ["LiabilityBasis", "OwnerClass", "Liability", "check_liabilities"]

Fact = Discount | Exemption | EmptyPeriod | DisabledReduction | Reduction
"""A day-ranged fact on a liability (see :mod:`revcore.ctax.reliefs`)."""


class LiabilityBasis(enum.Enum):
    """Why these people are liable (LGFA 1992 s.6 hierarchy, s.8 owner classes)."""

    RESIDENT = "resident"
    OWNER = "owner"
    OWNER_CLASS = "owner-class"

    @property
    def label(self) -> str:
        return {
            "resident": "resident (s.6(2)(a)-(e))",
            "owner": "owner, no one resident (s.6(2)(f))",
            "owner-class": "owner of a class of dwelling where the owner pays (s.8)",
        }[self.value]


class OwnerClass(enum.Enum):
    """Classes where the owner is liable although someone resides (SI 1992/551 reg. 2)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def label(self) -> str:
        return _OWNER_CLASSES[self.value]


_OWNER_CLASSES = {
    "A": "care home, independent hospital or hostel",
    "B": "religious community",
    "C": "house in multiple occupation",
    "D": "staff accommodation partly occupied by the owner (UNVERIFIED)",
    "E": "minister of religion's dwelling (UNVERIFIED)",
    "F": "asylum-seeker accommodation, s.95 Immigration and Asylum Act 1999 (UNVERIFIED)",
}


def _people(instance: "Liability", attribute: AnyField, liable: tuple[str, ...]) -> None:
    if not liable:
        raise LiabilityError(f"liability {instance.reference}: nobody is liable")
    if len(set(liable)) != len(liable):
        raise LiabilityError(f"liability {instance.reference}: a person is named twice")


@attrs.frozen(field_transformer=no_text_for_tuples)
class Liability:
    """One liability for one dwelling: ``liable`` are jointly and severally liable (s.6(3)).

    ``end`` is inclusive; ``None`` means still liable. Every fact must start inside the liability
    (a discount outside any liability is an error); a fact running past its end is cut at the end.
    """

    reference: str
    property_reference: str
    liable: tuple[str, ...] = attrs.field(converter=tuple[str, ...], validator=_people)
    start: dt.date = attrs.field(validator=is_date)
    end: dt.date | None = attrs.field(default=None, validator=[optional_date, end_not_before_start])
    basis: LiabilityBasis = attrs.field(default=LiabilityBasis.RESIDENT, validator=member_of(LiabilityBasis))
    owner_class: OwnerClass | None = attrs.field(default=None, validator=attrs.validators.optional(member_of(OwnerClass)))
    discounts: tuple[Discount, ...] = attrs.field(default=(), converter=tuple[Discount, ...])
    exemptions: tuple[Exemption, ...] = attrs.field(default=(), converter=tuple[Exemption, ...])
    empty_periods: tuple[EmptyPeriod, ...] = attrs.field(default=(), converter=tuple[EmptyPeriod, ...])
    disabled_reductions: tuple[DisabledReduction, ...] = attrs.field(default=(), converter=tuple[DisabledReduction, ...])
    reductions: tuple[Reduction, ...] = attrs.field(default=(), converter=tuple[Reduction, ...])

    def __attrs_post_init__(self) -> None:
        if (self.basis is LiabilityBasis.OWNER_CLASS) != (self.owner_class is not None):
            raise LiabilityError(
                f"liability {self.reference}: an owner class goes with basis OWNER_CLASS, and only with it"
            )
        for fact in self.facts():
            if not (self.start <= fact.start and (self.end is None or fact.start <= self.end)):
                raise LiabilityError(
                    f"liability {self.reference}: {fact.label} from {fact.start.isoformat()} is outside the"
                    f" liability ({self.start.isoformat()} to {self.end.isoformat() if self.end else 'open'})"
                )
        _no_overlap(self.reference, self.discounts, "discounts")
        _no_overlap(self.reference, self.exemptions, "exemptions")
        _no_overlap(self.reference, self.empty_periods, "empty periods")
        _no_overlap(self.reference, self.disabled_reductions, "disabled band reductions")

    def facts(self) -> tuple[Fact, ...]:
        return (*self.discounts, *self.exemptions, *self.empty_periods, *self.disabled_reductions, *self.reductions)

    def period(self, until: dt.date | None = None) -> DateRange:
        """The liability as a :class:`DateRange`; an open end needs ``until`` (e.g. the year's end)."""
        end = self.end if self.end is not None else until
        if end is None:
            raise CtaxError(f"liability {self.reference} has no end: say up to which day to charge")
        return DateRange(self.start, end)

    def ended(self, last_day: dt.date) -> "Liability":
        """A copy ending on ``last_day`` (a move out on D ends liability on D - 1)."""
        return attrs.evolve(self, end=last_day)


def _no_overlap(reference: str, facts: tuple[Fact, ...], what: str) -> None:
    ordered = sorted(facts, key=lambda f: f.start)
    for earlier, later in zip(ordered, ordered[1:]):
        if earlier.end is None or later.start <= earlier.end:
            raise LiabilityError(
                f"liability {reference}: {what} overlap ({earlier.label} from {earlier.start.isoformat()},"
                f" {later.label} from {later.start.isoformat()})"
            )


def check_liabilities(liabilities: Iterable[Liability]) -> None:
    """Raise :class:`LiabilityError` if a person is liable twice for the same dwelling on any day,
    or if a dwelling has two liabilities on one day (s.6: one set of liable people per dwelling-day;
    joint and several liability is one liability with several people)."""
    items = list(liabilities)
    by_person: dict[tuple[str, str], list[Liability]] = {}
    by_dwelling: dict[str, list[Liability]] = {}
    for liability in items:
        by_dwelling.setdefault(liability.property_reference, []).append(liability)
        for person in liability.liable:
            by_person.setdefault((liability.property_reference, person), []).append(liability)
    for (prop, person), group in by_person.items():
        for earlier, later in _overlapping(group):
            raise LiabilityError(
                f"overlapping liability: {person} is liable for {prop} under both {earlier.reference}"
                f" (from {earlier.start.isoformat()}) and {later.reference} (from {later.start.isoformat()})"
            )
    for prop, group in by_dwelling.items():
        for earlier, later in _overlapping(group):
            raise LiabilityError(
                f"overlapping liability: {prop} has two liabilities from {later.start.isoformat()},"
                f" {earlier.reference} and {later.reference} (put joint taxpayers on one liability)"
            )


def _overlapping(group: list[Liability]) -> Iterator[tuple[Liability, Liability]]:
    far = dt.date.max
    ordered = sorted(group, key=lambda item: item.start)
    for earlier, later in zip(ordered, ordered[1:]):
        if later.start <= (earlier.end or far):
            yield earlier, later
