"""Hereditaments: the rating unit in the council's local list, with its rateable value history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.council import Country
from revcore.dated import DatedTable, NotInForce
from revcore.ctax.property import Address
from revcore.nndr.errors import RatesError, check_date
from revcore.nndr.reliefs import EmptyExclusion, whole_pounds
from revcore.validation import AnyField, decimal_from_int, instance_of, member_of, no_text_for_tuples

__all__ = ["RateableValue", "Hereditament"]


@attrs.frozen(order=True)
class RateableValue:
    """The value shown in a list (whole pounds) from ``effective_from`` until the next entry.

    ``list_year`` is the list it belongs to (2017, 2023, 2026): an old list is still altered after
    it closes (LGFA 1988 s.41), and the empty-rate threshold depends on it.
    """

    effective_from: dt.date = attrs.field(validator=check_date)
    value: Decimal = attrs.field(converter=decimal_from_int, validator=whole_pounds)
    list_year: int = attrs.field(validator=instance_of(int))


def _history(instance: "Hereditament", attribute: AnyField, values: tuple[RateableValue, ...]) -> None:
    if not values:
        raise RatesError(f"hereditament {instance.reference}: no rateable value in its history")
    days = [entry.effective_from for entry in values]
    if days != sorted(days) or len(set(days)) != len(days):
        raise RatesError(f"hereditament {instance.reference}: rateable values must be in date order, one a day")


@attrs.frozen(field_transformer=no_text_for_tuples)
class Hereditament:
    """A hereditament in the local list (the engine reads the value; it never works one out).

    ``reference`` is the billing authority's reference, ``uarn`` the VOA's unique address
    reference number. ``qualifying_industrial`` gives the 6-month empty free period
    (SI 2008/386 reg 4(b)); ``rhl`` marks a qualifying retail, hospitality or leisure property
    (England's RHL multipliers from 2026/27; Wales's retail multiplier); ``empty_exclusions``
    are facts about the building that exclude empty rate (listed, ancient monument...).
    """

    reference: str
    uarn: str
    address: Address
    description: str
    country: Country = attrs.field(validator=member_of(Country))
    values: tuple[RateableValue, ...] = attrs.field(converter=tuple[RateableValue, ...], validator=_history)
    qualifying_industrial: bool = False
    rhl: bool = False
    empty_exclusions: tuple[EmptyExclusion, ...] = attrs.field(default=(), converter=tuple[EmptyExclusion, ...])
    _list: DatedTable[RateableValue] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        table = DatedTable(f"hereditament {self.reference}", [(entry.effective_from, entry) for entry in self.values])
        object.__setattr__(self, "_list", table)

    def value_on(self, day: dt.date) -> RateableValue:
        """The list entry for ``day`` (s.42(4)); an error before the first entry."""
        try:
            return self._list.at(day)
        except NotInForce:
            raise RatesError(
                f"hereditament {self.reference}: not in the list before {self.values[0].effective_from.isoformat()}"
                f" (asked for {day.isoformat()})"
            ) from None

    def altered(self, entry: RateableValue) -> "Hereditament":
        """A copy with the list altered from ``entry.effective_from`` (a VOA schedule, possibly
        backdated: A6); an entry on the same day is replaced, later entries stand."""
        kept = [e for e in self.values if e.effective_from != entry.effective_from]
        return attrs.evolve(self, values=tuple(sorted((*kept, entry))))
