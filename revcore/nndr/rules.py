"""The statutory figures a rates charge needs, as dated tables built by :mod:`refdata.nndr` from
``refdata/tables/nndr/``: multipliers (and which one a hereditament pays), the small business rate relief
taper, the charity relief percentage and the empty-property rules.

Comparisons with thresholds are data (:class:`RvCondition`): England's high-value multiplier is
for RV *at or above* £500,000, Wales's higher multiplier for RV *above* £100,000 (A2).
"""

from __future__ import annotations

import datetime as dt
import operator
from decimal import Decimal
from fractions import Fraction
from typing import Callable

import attrs

from revcore.council import Country
from revcore.dated import DatedTable
from revcore.money import RoundingRule
from revcore.nndr.errors import RatesError
from revcore.validation import AnyField, member_of, no_text_for_tuples

__all__ = ["RvCondition", "Multiplier", "MultiplierSet", "SmallBusinessScheme", "EmptyRules", "RatesRules"]

_OPERATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


def _operator(instance: object, attribute: AnyField, value: str) -> None:
    if value not in _OPERATORS:
        raise RatesError(f"comparison {value!r} is not one of {', '.join(_OPERATORS)}")


@attrs.frozen
class RvCondition:
    """``RV <op> value``, e.g. ``RvCondition("<", Decimal(51000))``."""

    op: str = attrs.field(validator=_operator)
    value: Decimal

    def holds(self, rv: Decimal) -> bool:
        return _OPERATORS[self.op](rv, self.value)

    def __str__(self) -> str:
        return f"RV {self.op} £{self.value:,}"


@attrs.frozen(field_transformer=no_text_for_tuples)
class Multiplier:
    """One multiplier (pounds per £1 of RV, e.g. 0.499) and the hereditaments it is for: every
    condition must hold; ``rhl`` True / False limits it to (non-)RHL hereditaments, None to neither."""

    code: str
    name: str
    value: Decimal
    conditions: tuple[RvCondition, ...] = attrs.field(default=(), converter=tuple[RvCondition, ...])
    rhl: bool | None = None

    def applies(self, rv: Decimal, rhl: bool) -> bool:
        return (self.rhl is None or self.rhl == rhl) and all(c.holds(rv) for c in self.conditions)

    def __str__(self) -> str:
        return f"{self.name} {self.value}"


@attrs.frozen(field_transformer=no_text_for_tuples)
class MultiplierSet:
    """The multipliers for a financial year, in the order they are tried: the first that applies
    wins; and the provisions the gross amount is charged under, occupied and unoccupied."""

    multipliers: tuple[Multiplier, ...] = attrs.field(converter=tuple[Multiplier, ...])
    occupied_rule: str = "LGFA 1988 s.43(4): A x B / C"
    unoccupied_rule: str = "LGFA 1988 s.45(4): A x B / C"

    def __attrs_post_init__(self) -> None:
        if not self.multipliers:
            raise RatesError("a multiplier set needs at least one multiplier")

    def choose(self, rv: Decimal, rhl: bool) -> Multiplier:
        for multiplier in self.multipliers:
            if multiplier.applies(rv, rhl):
                return multiplier
        raise RatesError(f"no multiplier applies to RV £{rv:,}{' (RHL)' if rhl else ''}")


@attrs.frozen
class SmallBusinessScheme:
    """Small business rate relief: 100% up to ``full_up_to``, none from ``none_from``, tapering
    in a straight line between (England 2017 on: 12,000 / 15,000, i.e. 1% per £30).

    ``percent_rounding`` rounds the tapered percentage when the council's scheme says so; None
    keeps it exact (83.33...% for RV £12,500).
    """

    full_up_to: Decimal
    none_from: Decimal
    percent_rounding: RoundingRule | None = None

    def __attrs_post_init__(self) -> None:
        if not Decimal(0) <= self.full_up_to < self.none_from:
            raise RatesError(f"small business relief: full to £{self.full_up_to} must be below none from £{self.none_from}")

    def percent(self, rv: Decimal) -> Fraction:
        if rv <= self.full_up_to:
            return Fraction(100)
        if rv >= self.none_from:
            return Fraction(0)
        exact = Fraction(self.none_from - rv) / Fraction(self.none_from - self.full_up_to) * 100
        if self.percent_rounding is None:
            return exact
        return Fraction(self.percent_rounding(Decimal(exact.numerator) / Decimal(exact.denominator)))


@attrs.frozen(field_transformer=no_text_for_tuples)
class EmptyRules:
    """Unoccupied hereditaments (SI 2008/386): the free periods in months from the day the
    hereditament became empty, the low-value exclusion's threshold by list year (reg 4(g)), and
    how many weeks an occupation must exceed to earn a new free period (reg 5)."""

    free_months: int
    industrial_free_months: int
    low_value_below: tuple[tuple[int, Decimal], ...] = attrs.field(converter=tuple[tuple[int, Decimal], ...])
    reoccupation_weeks: int = 6

    def low_value_limit(self, list_year: int) -> Decimal:
        for year, limit in self.low_value_below:
            if year == list_year:
                return limit
        raise RatesError(f"no empty-rate low-value threshold for the {list_year} list")


@attrs.frozen
class RatesRules:
    """Everything dated that a country's rates charge reads (build once: :func:`refdata.nndr.load_rates_rules`).

    Multipliers are looked up on the financial year's 1 April; the others on the day charged.
    """

    country: Country = attrs.field(validator=member_of(Country))
    multipliers: DatedTable[MultiplierSet]
    small_business: DatedTable[SmallBusinessScheme]
    charity_percent: DatedTable[Decimal]
    empty: DatedTable[EmptyRules]

    @property
    def change_days(self) -> tuple[dt.date, ...]:
        """Days on which a relief or empty-property table changes (multipliers change only on 1 April)."""
        tables = (self.small_business, self.charity_percent, self.empty)
        return tuple(sorted({day for table in tables for day in table.change_days()}))
