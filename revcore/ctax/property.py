"""Dwellings: reference, UPRN, address, country, charging area and band history."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

import attrs

from revcore.council import BANDS, Country
from revcore.ctax._checks import is_date
from revcore.ctax.errors import CtaxError
from revcore.validation import AnyField, member_of, no_text_for_tuples

__all__ = ["Address", "BandEntry", "Property"]


@attrs.frozen(field_transformer=no_text_for_tuples)
class Address:
    lines: tuple[str, ...] = attrs.field(converter=tuple[str, ...])
    postcode: str

    def __str__(self) -> str:
        return ", ".join((*self.lines, self.postcode))


def _band(instance: object, attribute: AnyField, value: str) -> None:
    if value not in BANDS:
        raise CtaxError(f"unknown band {value!r} (bands are A to I)")


@attrs.frozen(order=True)
class BandEntry:
    """The band in the valuation list from ``effective_from`` until the next entry."""

    effective_from: dt.date = attrs.field(validator=is_date)
    band: str = attrs.field(validator=_band)


def _band_history(instance: "Property", attribute: AnyField, bands: tuple[BandEntry, ...]) -> None:
    if not bands:
        raise CtaxError(f"property {instance.reference}: no band in its band history")
    days = [entry.effective_from for entry in bands]
    if days != sorted(days) or len(set(days)) != len(days):
        raise CtaxError(f"property {instance.reference}: band history must be in date order, one entry a day")
    if instance.country is Country.ENGLAND:
        for entry in bands:
            if entry.band == "I":
                raise CtaxError(f"property {instance.reference}: unknown band 'I' in England (bands A to H)")


@attrs.frozen(field_transformer=no_text_for_tuples)
class Property:
    """A dwelling on the valuation list (the engine reads the band; it never works one out)."""

    reference: str
    uprn: str
    address: Address
    country: Country = attrs.field(validator=member_of(Country))
    area: str
    """Code of the charging area (parish) it lies in: decides which precepts apply."""
    bands: tuple[BandEntry, ...] = attrs.field(converter=tuple[BandEntry, ...], validator=_band_history)

    def band_on(self, day: dt.date) -> str:
        index = bisect_right([entry.effective_from for entry in self.bands], day)
        if index == 0:
            raise CtaxError(
                f"property {self.reference}: no band before {self.bands[0].effective_from.isoformat()}"
                f" (asked for {day.isoformat()})"
            )
        return self.bands[index - 1].band

    def with_band(self, band: str, effective_from: dt.date) -> "Property":
        """A copy with the band changed from ``effective_from`` (e.g. a backdated VOA alteration)."""
        kept = [entry for entry in self.bands if entry.effective_from < effective_from]
        later = [entry for entry in self.bands if entry.effective_from > effective_from]
        return attrs.evolve(self, bands=(*kept, BandEntry(effective_from, band), *later))
