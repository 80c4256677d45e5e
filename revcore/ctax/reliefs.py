"""Day-ranged facts that change a liability's charge: discounts, exemptions, empty periods
(premiums and the council's local discounts), the disabled band reduction and reductions (CTR,
s.13A discretionary).

Each runs from ``start`` to ``end`` inclusive; ``end=None`` means "until the liability ends".
The percentages, time limits and premium steps are not here: they come from dated tables
(:mod:`revcore.ctax.rules`, the council's policies), so a fact records only what happened.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from revcore.ctax._checks import end_not_before_start, is_date, optional_date, percentage
from revcore.ctax.errors import CtaxError
from revcore.validation import member_of, no_text_for_tuples

__all__ = [
    "DiscountReason",
    "Discount",
    "Exemption",
    "EmptyPeriod",
    "DisabledReduction",
    "ReductionKind",
    "Reduction",
    "resident_discount",
]


class DiscountReason(enum.Enum):
    """Status discounts under LGFA 1992 s.11 (residents counted after Sch 1 disregards).

    Values are stable keys for storage; :attr:`label` is the wording for people.
    """

    SINGLE_PERSON = "single-person"
    ALL_DISREGARDED = "all-disregarded"

    @property
    def label(self) -> str:
        return "single person discount" if self is DiscountReason.SINGLE_PERSON else "all residents disregarded"


def resident_discount(counted: int, disregarded: int) -> DiscountReason | None:
    """s.11: one counted resident ⇒ single person; none counted but someone resident ⇒ all disregarded.

    A dwelling with no resident at all is an :class:`EmptyPeriod`, not a resident discount.
    """
    if counted < 0 or disregarded < 0:
        raise CtaxError("resident counts cannot be negative")
    if counted == 1:
        return DiscountReason.SINGLE_PERSON
    if counted == 0 and disregarded > 0:
        return DiscountReason.ALL_DISREGARDED
    if counted == 0:
        raise CtaxError("no resident at all: record an empty period, not a resident discount")
    return None


@attrs.frozen(field_transformer=no_text_for_tuples)
class Discount:
    """A s.11 discount; ``disregarded`` lists the Sch 1 disregard codes of the residents not counted."""

    reason: DiscountReason = attrs.field(validator=member_of(DiscountReason))
    start: dt.date = attrs.field(validator=is_date)
    end: dt.date | None = attrs.field(default=None, validator=[optional_date, end_not_before_start])
    disregarded: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])

    def __attrs_post_init__(self) -> None:
        if self.reason is DiscountReason.ALL_DISREGARDED and not self.disregarded:
            raise CtaxError("all-residents-disregarded discount: name the disregard class of each resident")

    @property
    def label(self) -> str:
        return self.reason.label


@attrs.frozen
class Exemption:
    """An exempt dwelling under a class of the Exempt Dwellings Order (SI 1992/558 art. 3).

    Where the class has a time limit it runs from ``limit_from`` (default: ``start``); for
    class F give the date of the grant of probate or letters of administration as ``limit_from``
    (no grant yet ⇒ no limit). The engine ends the exemption at the limit even if ``end`` is later.
    """

    exemption_class: str
    start: dt.date = attrs.field(validator=is_date)
    end: dt.date | None = attrs.field(default=None, validator=[optional_date, end_not_before_start])
    limit_from: dt.date | None = attrs.field(default=None, validator=optional_date)

    @property
    def label(self) -> str:
        return f"exemption class {self.exemption_class}"


@attrs.frozen
class EmptyPeriod:
    """No one resides in the dwelling (so the owner, or the last liable person, pays).

    The engine decides from the council's policies and the statutory steps what applies each day:
    a long-term empty premium (unfurnished, empty long enough), a second-home premium (furnished),
    or the council's discount for the prescribed class (``dwelling_class``; default B when
    furnished, C when unfurnished), otherwise the statutory 50% no-resident discount (s.11(2)(a)).
    ``empty_since`` is when it was last occupied (not reset by a change of owner); default ``start``.
    ``premium_exception`` is the class of an exception to premiums (e.g. "G" marketed for sale);
    it applies from ``exception_from`` (default ``start``; a day before ``start`` means it began
    earlier, under an earlier period), and its time limit, if any, runs from that day.
    """

    start: dt.date = attrs.field(validator=is_date)
    end: dt.date | None = attrs.field(default=None, validator=[optional_date, end_not_before_start])
    empty_since: dt.date | None = attrs.field(default=None, validator=optional_date)
    furnished: bool = False
    dwelling_class: str | None = None
    premium_exception: str | None = None
    exception_from: dt.date | None = attrs.field(default=None, validator=optional_date)

    def __attrs_post_init__(self) -> None:
        if self.exception_from is not None and self.premium_exception is None:
            raise CtaxError("EmptyPeriod: exception_from given without a premium_exception class")
        if self.empty_since is not None and self.empty_since > self.start:
            raise CtaxError(
                f"EmptyPeriod: empty since {self.empty_since.isoformat()} is after its start {self.start.isoformat()}"
            )

    @property
    def since(self) -> dt.date:
        return self.empty_since or self.start

    @property
    def label(self) -> str:
        return "empty (furnished)" if self.furnished else "empty (unfurnished)"


@attrs.frozen
class DisabledReduction:
    """The disabled band reduction (SI 1992/554): charged as the band below; band A pays 5/9 of D."""

    start: dt.date = attrs.field(validator=is_date)
    end: dt.date | None = attrs.field(default=None, validator=[optional_date, end_not_before_start])

    @property
    def label(self) -> str:
        return "disabled band reduction"


class ReductionKind(enum.Enum):
    """Reductions of the amount payable under s.13A, applied after discounts and premiums."""

    COUNCIL_TAX_REDUCTION = "ctr"
    DISCRETIONARY = "discretionary"

    @property
    def label(self) -> str:
        return "council tax reduction" if self is ReductionKind.COUNCIL_TAX_REDUCTION else "discretionary reduction"

    @property
    def rule(self) -> str:
        return "LGFA 1992 s.13A(1)(a)" if self is ReductionKind.COUNCIL_TAX_REDUCTION else "LGFA 1992 s.13A(1)(c)"


@attrs.frozen
class Reduction:
    """A CTR award or s.13A(1)(c) reduction: a ``percent`` of the charge, or an ``annual_amount``
    (apportioned by day like the charge). Either way it never takes the charge below nil.
    """

    kind: ReductionKind = attrs.field(validator=member_of(ReductionKind))
    start: dt.date = attrs.field(validator=is_date)
    end: dt.date | None = attrs.field(default=None, validator=[optional_date, end_not_before_start])
    percent: Decimal | None = attrs.field(default=None, validator=percentage)
    annual_amount: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        if (self.percent is None) == (self.annual_amount is None):
            raise CtaxError(f"{self.kind.label}: give either a percent or an annual amount, not both or neither")
        if self.annual_amount is not None:
            if not isinstance(self.annual_amount, Decimal) or self.annual_amount < 0:
                raise CtaxError(f"{self.kind.label}: annual amount {self.annual_amount!r} is not a non-negative Decimal")

    @property
    def label(self) -> str:
        return self.kind.label
