"""Day-ranged facts that change a rates liability's charge: relief awards, s.44A part-occupation
certificates, and the classes of unoccupied hereditament that pay no empty rate.

Each award runs from ``start`` to ``end`` inclusive (``end=None``: until the liability ends). The
percentages of the mandatory reliefs are not here: they come from dated tables
(:mod:`revcore.nndr.rules`), so an award records only the council's decision and its dates.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from revcore.nndr.errors import RatesError, check_date, check_end
from revcore.validation import AnyField, WrongType, decimal_from_int, member_of

__all__ = ["ReliefKind", "Relief", "PartOccupation", "EmptyExclusion", "whole_pounds"]


class ReliefKind(enum.Enum):
    """Reliefs in the order the charge applies them (no statutory order was found:
    UNVERIFIED, after GOV.UK's relief guidance): mandatory (charity or small business, never both),
    then s.47, then the national retail, hospitality and leisure scheme (a s.47 relief computed on
    what is left, then its cash cap), then s.49.

    Values are stable keys for storage; :attr:`label` and :attr:`rule` are the wording.
    """

    CHARITY = "charity"
    SMALL_BUSINESS = "small-business"
    DISCRETIONARY = "discretionary"
    HARDSHIP = "hardship"
    RETAIL_HOSPITALITY_LEISURE = "retail-hospitality-leisure"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def rule(self) -> str:
        return _LABELS[self][1]

    @property
    def mandatory(self) -> bool:
        """Mandatory reliefs take their percentage from data; the council decides the others'."""
        return self in (ReliefKind.CHARITY, ReliefKind.SMALL_BUSINESS)

    @property
    def from_data(self) -> bool:
        """Its percentage comes from the dated tables (the mandatory reliefs and the national RHL
        scheme); these are for occupied hereditaments only."""
        return self.mandatory or self is ReliefKind.RETAIL_HOSPITALITY_LEISURE


# A mandatory relief's step cites the provision in its data row (it changed on 1 April 2024 in
# England); these are the general provisions, for labels and the s.47 / s.49 steps.
_LABELS = {
    ReliefKind.CHARITY: ("mandatory charity relief", "LGFA 1988 s.43(5)-(6)"),
    ReliefKind.SMALL_BUSINESS: ("small business rate relief", "LGFA 1988 s.43(4A)-(4B)"),
    ReliefKind.DISCRETIONARY: ("discretionary relief", "LGFA 1988 s.47"),
    ReliefKind.HARDSHIP: ("hardship relief", "LGFA 1988 s.49"),
    ReliefKind.RETAIL_HOSPITALITY_LEISURE: ("retail, hospitality and leisure relief",
                                            "LGFA 1988 s.47 (the national RHL scheme)"),
}


def _percent(instance: "Relief", attribute: AnyField, value: Decimal | None) -> None:
    if instance.kind.from_data:
        if value is not None:
            raise RatesError(f"{instance.kind.label}: the percentage comes from data; give none")
        return
    if not isinstance(value, Decimal) or not Decimal(0) < value <= Decimal(100):
        raise RatesError(f"{instance.kind.label}: percent {value!r} must be a Decimal above 0 and at most 100")


@attrs.frozen
class Relief:
    """A relief awarded from ``start`` to ``end``. s.47 and s.49 awards carry the council's
    ``percent`` of the amount left after the reliefs before them (100 remits it all)."""

    kind: ReliefKind = attrs.field(validator=member_of(ReliefKind))
    start: dt.date = attrs.field(validator=check_date)
    end: dt.date | None = attrs.field(default=None, validator=check_end)
    percent: Decimal | None = attrs.field(default=None, validator=_percent)

    @property
    def label(self) -> str:
        return self.kind.label


def whole_pounds(instance: object, attribute: AnyField, value: Decimal) -> None:
    """Rateable values are whole pounds, never negative (give a Decimal or an int)."""
    where = f"{type(instance).__name__}.{attribute.name}"
    if not isinstance(value, Decimal):
        raise WrongType(f"{where}: expected a Decimal or an int of whole pounds, got {value!r} (a {type(value).__name__})")
    if value < 0 or value != value.to_integral_value():
        raise RatesError(f"{where}: {value!r} is not a whole number of pounds")


@attrs.frozen
class PartOccupation:
    """A valuation officer's s.44A certificate apportioning the rateable value.

    ``requested`` is the day the council required the apportionment: the list value for that day
    is the one apportioned (s.44A(2)), and the certificate applies only on days whose list value
    is the same (s.44A(3)(b)), so an alteration of the list ends it. ``partly_unoccupied_from``
    begins the operative period (s.44A(4)(a)); ``end`` is the last day of it as recorded by the
    council (the part reoccupied, a new apportionment: end conditions UNVERIFIED, A3).
    ``occupied_value`` is the value certified for the occupied part.
    """

    requested: dt.date = attrs.field(validator=check_date)
    partly_unoccupied_from: dt.date = attrs.field(validator=check_date)
    occupied_value: Decimal = attrs.field(converter=decimal_from_int, validator=whole_pounds)
    end: dt.date | None = attrs.field(default=None, validator=check_end)

    def __attrs_post_init__(self) -> None:
        if self.partly_unoccupied_from > self.requested:
            raise RatesError(
                f"s.44A certificate: partly unoccupied from {self.partly_unoccupied_from.isoformat()}, after the"
                f" request of {self.requested.isoformat()} (the part must already be empty when it is asked for)"
            )

    @property
    def start(self) -> dt.date:
        return self.partly_unoccupied_from

    @property
    def label(self) -> str:
        return "s.44A part-occupation certificate"


class EmptyExclusion(enum.Enum):
    """Why an unoccupied hereditament pays no empty rate although its free period is over
    (SI 2008/386 reg 4; the letters after (g) are UNVERIFIED, A3), or s.45A (charity next use).

    Facts about the building (listed, monument, occupation prohibited) belong on the
    :class:`~revcore.nndr.Hereditament`; facts about the owner on the liability. The low-value
    exclusion (reg 4(g)) is not recorded: the engine applies it from the list's threshold in data.
    """

    PROHIBITED_BY_LAW = "prohibited-by-law"
    CROWN_ACTION = "crown-action"
    LISTED_BUILDING = "listed-building"
    ANCIENT_MONUMENT = "ancient-monument"
    PERSONAL_REPRESENTATIVE = "personal-representative"
    BANKRUPT = "bankrupt"
    TRUSTEE_DEED_OF_ARRANGEMENT = "trustee-deed-of-arrangement"
    WINDING_UP = "winding-up"
    ADMINISTRATION = "administration"
    LIQUIDATOR = "liquidator"
    CHARITY_NEXT_USE = "charity-next-use"

    @property
    def label(self) -> str:
        return _EXCLUSIONS[self][0]

    @property
    def rule(self) -> str:
        return _EXCLUSIONS[self][1]


_EXCLUSIONS = {
    EmptyExclusion.PROHIBITED_BY_LAW: ("owner prohibited by law from occupying it", "SI 2008/386 reg 4(c)"),
    EmptyExclusion.CROWN_ACTION: ("kept vacant by action of the Crown or a public authority", "SI 2008/386 reg 4(d)"),
    EmptyExclusion.LISTED_BUILDING: ("listed building or building preservation notice", "SI 2008/386 reg 4(e)"),
    EmptyExclusion.ANCIENT_MONUMENT: ("scheduled ancient monument", "SI 2008/386 reg 4(f)"),
    EmptyExclusion.PERSONAL_REPRESENTATIVE: (
        "owner entitled only as personal representative", "SI 2008/386 reg 4(h) (lettering UNVERIFIED)"),
    EmptyExclusion.BANKRUPT: ("owner bankrupt", "SI 2008/386 reg 4(i) (lettering UNVERIFIED)"),
    EmptyExclusion.TRUSTEE_DEED_OF_ARRANGEMENT: (
        "owner a trustee under a deed of arrangement", "SI 2008/386 reg 4(j) (lettering UNVERIFIED)"),
    EmptyExclusion.WINDING_UP: ("owner company being wound up", "SI 2008/386 reg 4(k) (lettering UNVERIFIED)"),
    EmptyExclusion.ADMINISTRATION: ("owner company in administration", "SI 2008/386 reg 4(l) (lettering UNVERIFIED)"),
    EmptyExclusion.LIQUIDATOR: ("liquidator in possession", "SI 2008/386 reg 4(m) (lettering UNVERIFIED)"),
    EmptyExclusion.CHARITY_NEXT_USE: ("charity owner, next use charitable", "LGFA 1988 s.45A"),
}
