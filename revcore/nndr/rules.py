"""The statutory figures a rates charge needs, as dated tables built by :mod:`refdata.nndr` from
``refdata/tables/nndr/``: multipliers (and which one a hereditament pays), the small business rate relief
taper, the charity relief percentage and the empty-property rules.

Comparisons with thresholds are data (:class:`RvCondition`): England's high-value multiplier is
for RV *at or above* £500,000, Wales's higher multiplier for RV *above* £100,000 (A2). Who else a
multiplier is for is data too: before 1 April 2024 England's small business multiplier was for
occupied hereditaments without charity relief only (LGFA 1988 s.43(4A)-(4B) as then in force).
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

__all__ = ["RvCondition", "Multiplier", "MultiplierSet", "SmallBusinessScheme", "CharityRelief", "EmptyRules",
           "RhlRelief", "RatesRules"]

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


def unverified_note(keys: tuple[str, ...]) -> str:
    """`` (UNVERIFIED: key, ...)`` for an explanation, from the table's marks; empty if none."""
    return f" (UNVERIFIED: {', '.join(keys)})" if keys else ""


def _relief_codes(instance: object, attribute: AnyField, value: tuple[str, ...]) -> None:
    for code in value:
        if code not in MANDATORY_RELIEFS:
            raise RatesError(f"not_with: {code!r} is not one of {', '.join(MANDATORY_RELIEFS)}")


MANDATORY_RELIEFS = ("charity", "small-business")
"""The mandatory reliefs a multiplier can be withheld for (the :class:`~revcore.nndr.ReliefKind` values)."""


@attrs.frozen(field_transformer=no_text_for_tuples)
class Multiplier:
    """One multiplier (pounds per £1 of RV, e.g. 0.499) and the hereditaments it is for: every
    condition must hold; ``rhl`` True / False limits it to (non-)RHL hereditaments, None to neither;
    ``occupied_only`` refuses it to unoccupied hereditaments and ``not_with`` on days a listed
    mandatory relief applies. ``rule`` (if any) is the provision an occupied hereditament is charged
    under on this multiplier, instead of the year's; ``basis`` names the provision that limits it,
    for the explanation of a hereditament refused it."""

    code: str
    name: str
    value: Decimal
    conditions: tuple[RvCondition, ...] = attrs.field(default=(), converter=tuple[RvCondition, ...])
    rhl: bool | None = None
    occupied_only: bool = False
    not_with: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...], validator=_relief_codes)
    rule: str | None = None
    basis: str = ""
    unverified: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])
    """The keys of this multiplier's table entry not confirmed against the law."""

    def fits(self, rv: Decimal, rhl: bool) -> bool:
        """The RV and RHL conditions hold (who the hereditament is, not who pays or how)."""
        return (self.rhl is None or self.rhl == rhl) and all(c.holds(rv) for c in self.conditions)

    def refusal(self, occupied: bool, reliefs: frozenset[str]) -> str | None:
        """Why a hereditament that fits is refused this multiplier on the day, or None."""
        if self.occupied_only and not occupied:
            return "the hereditament is unoccupied"
        withheld = [code for code in self.not_with if code in reliefs]
        return f"{withheld[0].replace('-', ' ')} relief applies" if withheld else None

    def applies(self, rv: Decimal, rhl: bool, occupied: bool = True, reliefs: frozenset[str] = frozenset()) -> bool:
        return self.fits(rv, rhl) and self.refusal(occupied, reliefs) is None

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

    def choose(self, rv: Decimal, rhl: bool, occupied: bool = True,
               reliefs: frozenset[str] = frozenset()) -> Multiplier:
        return self.choose_explained(rv, rhl, occupied, reliefs)[0]

    def choose_explained(self, rv: Decimal, rhl: bool, occupied: bool = True,
                         reliefs: frozenset[str] = frozenset()) -> tuple[Multiplier, str | None]:
        """The multiplier charged and, when a multiplier tried before it fitted the RV but was
        refused (unoccupied, charity relief), why, naming the provision that limits it."""
        passed: str | None = None
        for multiplier in self.multipliers:
            if not multiplier.fits(rv, rhl):
                continue
            refusal = multiplier.refusal(occupied, reliefs)
            if refusal is None:
                return multiplier, passed
            if passed is None:
                parts = [f"not the {multiplier.name}: {refusal}", multiplier.basis,
                         f"UNVERIFIED: {', '.join(multiplier.unverified)}" if multiplier.unverified else ""]
                passed = "; ".join(part for part in parts if part)
        raise RatesError(f"no multiplier applies to RV £{rv:,}{' (RHL)' if rhl else ''}")

    def rule(self, multiplier: Multiplier, occupied: bool) -> str:
        """The provision the gross amount on ``multiplier`` is charged under."""
        if not occupied:
            return self.unoccupied_rule
        return multiplier.rule or self.occupied_rule


@attrs.frozen
class SmallBusinessScheme:
    """Small business rate relief as the orders prescribe it: not a percentage but E, the divisor
    in the chargeable amount A x D / (C x E) (LGFA 1988 s.43(4A), s.44(9); from 1 April 2024 in
    England Sch 4ZA para 4). RV up to ``full_up_to``: E is ``full_e`` (5,000,000, which leaves a
    charge of a fraction of a penny); up to ``taper_up_to``: E = ``taper_numerator`` / (RV -
    ``full_up_to``) to three decimal places by ``e_rounding``; above: E = 1 (no relief).

    England 2017 on (SI 2017/102 art 3): 12,000 / 15,000, E = 3,000 / (RV - 12,000), rounded up
    only above five ten-thousandths. Wales (SI 2017/1229 art 11): 6,000 / 12,000, E = 6,000 /
    (RV - 6,000). ``rule`` names the provisions and is the step's rule.
    """

    rule: str
    full_up_to: Decimal
    full_e: Decimal
    taper_up_to: Decimal
    taper_numerator: Decimal
    e_rounding: RoundingRule
    unverified: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])
    """The keys of the table row not confirmed against the law."""

    def __attrs_post_init__(self) -> None:
        if not Decimal(0) <= self.full_up_to < self.taper_up_to:
            raise RatesError(f"small business relief: full to £{self.full_up_to} must be below taper to £{self.taper_up_to}")
        if self.full_e < 1 or self.taper_numerator <= 0:
            raise RatesError("small business relief: full_e must be at least 1 and taper_numerator above 0")

    def divisor(self, rv: Decimal) -> tuple[Decimal, str]:
        """E for ``rv`` and how it was found, for the explanation."""
        if rv <= self.full_up_to:
            return self.full_e, f"RV £{rv:,} not more than £{self.full_up_to:,}: E = {self.full_e:,}"
        if rv <= self.taper_up_to:
            exact = self.taper_numerator / (rv - self.full_up_to)
            e = self.e_rounding(exact)
            return e, (f"E = {self.taper_numerator:,} / (RV £{rv:,} - £{self.full_up_to:,}) = {e}"
                       f" ({self.e_rounding.name})")
        return Decimal(1), f"RV £{rv:,} more than £{self.taper_up_to:,}: E = 1"

    def percent(self, rv: Decimal) -> Fraction:
        """The relief as a percentage of the charge: 100 x (1 - 1/E), exact."""
        return 100 * (1 - 1 / Fraction(self.divisor(rv)[0]))


@attrs.frozen
class CharityRelief:
    """Mandatory charity relief: ``percent`` of the charge, under ``rule``."""

    percent: Decimal
    rule: str
    unverified: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])


@attrs.frozen(field_transformer=no_text_for_tuples)
class RhlRelief:
    """The national retail, hospitality and leisure relief scheme for a year (a s.47 relief the
    government funds): ``percent`` of what is left after the other reliefs, at most ``cash_cap``
    in a financial year (0% when no scheme runs)."""

    percent: Decimal
    cash_cap: Decimal
    rule: str
    unverified: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])


@attrs.frozen(field_transformer=no_text_for_tuples)
class EmptyRules:
    """Unoccupied hereditaments (SI 2008/386): the free periods in months from the day the
    hereditament became empty (reg 4(a), (b)), the low-value exclusion's threshold for the
    financial year (reg 4(g) as substituted by SI 2017/102 art 4: by year, not by list), and how
    many weeks an occupation must exceed to earn a new free period (reg 5)."""

    free_months: int
    industrial_free_months: int
    low_value_below: Decimal
    reoccupation_weeks: int = 6
    free_rule: str = "SI 2008/386 reg 4(a)"
    industrial_free_rule: str = "SI 2008/386 reg 4(b)"
    low_value_rule: str = "SI 2008/386 reg 4(g)"
    """The provisions each step cites (from the table row: Wales has its own regulations)."""
    unverified: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])
    """The keys of the table row not confirmed against the law."""


@attrs.frozen
class RatesRules:
    """Everything dated that a country's rates charge reads (build once: :func:`refdata.nndr.load_rates_rules`).

    Multipliers are looked up on the financial year's 1 April; the others on the day charged.
    """

    country: Country = attrs.field(validator=member_of(Country))
    multipliers: DatedTable[MultiplierSet]
    small_business: DatedTable[SmallBusinessScheme]
    charity: DatedTable[CharityRelief]
    empty: DatedTable[EmptyRules]
    rhl: DatedTable[RhlRelief]
    _change_days: tuple[dt.date, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        tables: tuple[DatedTable[SmallBusinessScheme] | DatedTable[CharityRelief] | DatedTable[EmptyRules]
                      | DatedTable[RhlRelief], ...] = (self.small_business, self.charity, self.empty, self.rhl)
        object.__setattr__(self, "_change_days", tuple(sorted({day for table in tables for day in table.change_days()})))

    @property
    def change_days(self) -> tuple[dt.date, ...]:
        """Days on which a relief or empty-property table changes (multipliers change only on 1 April);
        worked out once, when the rules are built (every charge asks)."""
        return self._change_days
