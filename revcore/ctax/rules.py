"""Statutory council tax rules by country, as dated tables: band scales, status discount
percentages, exemption classes and their time limits, premium limits, the band A disabled
reduction, and the disregard classes. ``refdata.ctax`` builds these from ``refdata/tables/ctax/*.toml``;
revcore holds no statutory figure of its own.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Iterable, TypeVar

import attrs

from revcore.council import BandScale, Country, PremiumStep
from revcore.ctax.errors import ChargeError
from revcore.dated import DatedTable, Effective, NotInForce
from revcore.validation import member_of

__all__ = [
    "LimitRunsFrom",
    "Occupation",
    "ExemptionClass",
    "ExemptionSchedule",
    "PremiumException",
    "PremiumExceptionSchedule",
    "DiscountRates",
    "PremiumLimits",
    "DisabledRules",
    "Disregard",
    "CountryRules",
    "CtaxRules",
]

T = TypeVar("T")
R = TypeVar("R", bound=Effective)


class LimitRunsFrom(enum.Enum):
    START = "the day the exemption began"
    GRANT = "the grant of probate or letters of administration"


class Occupation(enum.Enum):
    """Whether an exemption class needs the dwelling unoccupied, occupied, or neither (SI 1992/558 art. 3)."""

    UNOCCUPIED = "unoccupied"
    OCCUPIED = "occupied"
    ANY = "any"


@attrs.frozen
class ExemptionClass:
    """``residents_all``: on an occupied class, the statuses one of which every resident must have
    (disregard codes; ``under-18`` is not being an adult by age)."""

    code: str
    description: str
    limit_months: int | None = None
    limit_runs_from: LimitRunsFrom = attrs.field(default=LimitRunsFrom.START, validator=member_of(LimitRunsFrom))
    short: str = ""
    occupation: Occupation = attrs.field(default=Occupation.ANY, validator=member_of(Occupation))
    residents_all: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])


@attrs.frozen
class ExemptionSchedule:
    """The exemption classes in force in a country from ``effective_from``."""

    effective_from: dt.date
    classes: tuple[ExemptionClass, ...]

    def get(self, code: str) -> ExemptionClass | None:
        for item in self.classes:
            if item.code == code:
                return item
        return None


@attrs.frozen
class PremiumException:
    """A class of dwelling excepted from premiums (it pays the ordinary charge), for a limited time
    where ``limit_months`` is set."""

    code: str
    description: str
    long_term_empty: bool
    second_home: bool
    limit_months: int | None = None


@attrs.frozen
class PremiumExceptionSchedule:
    effective_from: dt.date
    classes: tuple[PremiumException, ...]

    def get(self, code: str) -> PremiumException | None:
        for item in self.classes:
            if item.code == code:
                return item
        return None


@attrs.frozen
class DiscountRates:
    """s.11 percentages: one counted resident; all disregarded; no resident (s.11(2)(a))."""

    effective_from: dt.date
    single_person: Decimal
    all_disregarded: Decimal
    no_resident: Decimal


@attrs.frozen
class PremiumLimits:
    """Statutory maximum premiums from ``effective_from``: long-term empty steps by complete years
    empty, and the second-home maximum (None where no second-home premium may be charged)."""

    effective_from: dt.date
    long_term_empty: tuple[PremiumStep, ...]
    second_home_max: Decimal | None = None


@attrs.frozen
class DisabledRules:
    """Band A's disabled reduction: charged ``band_a_numerator``/9 of Band D (5/9 since 1 April 2000)."""

    effective_from: dt.date
    band_a_numerator: int


@attrs.frozen
class Disregard:
    """A Sch 1 status, and what can be checked against the person: aged at least ``min_age`` and
    under ``max_age`` on the day, the ``evidence`` the officer must hold, in force ``since``."""

    code: str
    description: str
    min_age: int | None = None
    max_age: int | None = None
    evidence: str = ""
    since: dt.date | None = None


def _table(name: str, rows: Iterable[R]) -> DatedTable[R]:
    return DatedTable(name, [(row.effective_from, row) for row in rows])


def _at(table: DatedTable[T], day: dt.date) -> T:
    try:
        return table.at(day)
    except NotInForce as error:
        raise ChargeError(str(error)) from None


@attrs.frozen
class _Tables:
    """A country's rules as dated tables, built once per :class:`CountryRules`."""

    bands: DatedTable[BandScale]
    discounts: DatedTable[DiscountRates]
    exemptions: DatedTable[ExemptionSchedule]
    premiums: DatedTable[PremiumLimits]
    disabled: DatedTable[DisabledRules]
    premium_exceptions: DatedTable[PremiumExceptionSchedule]

    def change_days(self) -> set[dt.date]:
        return {
            *self.bands.change_days(), *self.discounts.change_days(), *self.exemptions.change_days(),
            *self.premiums.change_days(), *self.disabled.change_days(), *self.premium_exceptions.change_days(),
        }


@attrs.frozen
class CountryRules:
    country: Country = attrs.field(validator=member_of(Country))
    band_scales: tuple[BandScale, ...]
    discount_rates: tuple[DiscountRates, ...]
    exemptions: tuple[ExemptionSchedule, ...]
    premium_limits: tuple[PremiumLimits, ...]
    disabled: tuple[DisabledRules, ...]
    disregards: tuple[Disregard, ...]
    premium_exceptions: tuple[PremiumExceptionSchedule, ...] = ()
    adult_age: int | None = None
    """From this age a person is a resident who may be counted (LGFA 1992 s.6(5)); from the tables."""
    _tables: _Tables = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        name = self.country.title
        object.__setattr__(
            self,
            "_tables",
            _Tables(
                bands=_table(f"{name} band scale", self.band_scales),
                discounts=_table(f"{name} discount rates", self.discount_rates),
                exemptions=_table(f"{name} exemption classes", self.exemptions),
                premiums=_table(f"{name} premium limits", self.premium_limits),
                disabled=_table(f"{name} disabled band reduction", self.disabled),
                premium_exceptions=_table(f"{name} premium exceptions", self.premium_exceptions),
            ),
        )

    def scale_on(self, day: dt.date) -> BandScale:
        return _at(self._tables.bands, day)

    def rates_on(self, day: dt.date) -> DiscountRates:
        return _at(self._tables.discounts, day)

    def exemptions_on(self, day: dt.date) -> ExemptionSchedule:
        return _at(self._tables.exemptions, day)

    def limits_on(self, day: dt.date) -> PremiumLimits | None:
        try:
            return self._tables.premiums.at(day)
        except NotInForce:
            return None

    def premium_exception(self, code: str, day: dt.date) -> PremiumException | None:
        """The exception class ``code`` in force on ``day`` (None if not in force that day).

        Raises :class:`ChargeError` for a code this country has never had."""
        if not any(schedule.get(code) for schedule in self.premium_exceptions):
            raise ChargeError(f"unknown premium exception class {code!r} in {self.country.title}")
        try:
            return self._tables.premium_exceptions.at(day).get(code)
        except NotInForce:
            return None

    def disabled_on(self, day: dt.date) -> DisabledRules:
        return _at(self._tables.disabled, day)

    def disregard(self, code: str) -> Disregard:
        for item in self.disregards:
            if item.code == code:
                return item
        raise ChargeError(f"unknown disregard class {code!r} in {self.country.title}")

    def change_days(self) -> tuple[dt.date, ...]:
        """Every day one of these tables changes (a charge span must break there)."""
        return tuple(sorted(self._tables.change_days()))


@attrs.frozen
class CtaxRules:
    """The statutory rules for both countries."""

    england: CountryRules
    wales: CountryRules

    def for_country(self, country: Country) -> CountryRules:
        return self.england if country is Country.ENGLAND else self.wales
