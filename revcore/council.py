"""A council's configuration: country, bands and ratios, precepting authorities, charging areas,
Band D amounts per year, and the premium and local-discount percentages the council decides.

Band amounts follow the published band tables: each authority's amount for a band is its Band D
amount times the band's ratio (N/9), rounded to the penny (:data:`BAND_AMOUNT_ROUNDING`), and the
amount for a band in an area is the sum of those rounded parts (LGFA 1992 s.30, s.47). Rounding
the total Band D by the ratio instead can be a penny out from the council's published table.

All classes are plain frozen attrs classes of str/int/Decimal/date/enum/tuple fields so the store
can persist them with cattrs. Nothing here reads files: ``refdata.ctax`` builds them from the tables and the council folder.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Iterable, TypeVar

import attrs

from revcore.dated import Effective
from revcore.money import PENNY_HALF_UP, RoundingRule
from revcore.validation import instance_of, member_of

__all__ = [
    "Country",
    "BANDS",
    "RATIO_DENOMINATOR",
    "BAND_AMOUNT_ROUNDING",
    "BandScale",
    "AuthorityKind",
    "PreceptingAuthority",
    "ChargingArea",
    "BandDAmount",
    "PremiumStep",
    "PremiumPolicy",
    "LocalDiscount",
    "LocalDiscountPolicy",
    "Council",
    "BandAmount",
    "CouncilError",
    "band_part",
    "PreceptChange",
    "PERCENT_ONE_PLACE",
]

BANDS = ("A", "B", "C", "D", "E", "F", "G", "H", "I")
"""Every band letter either country has ever used (Wales has I; England stops at H)."""

RATIO_DENOMINATOR = 9
"""Band ratios are N/9 of Band D (LGFA 1992 s.5(1))."""

BAND_AMOUNT_ROUNDING: RoundingRule = RoundingRule(
    "each authority's band amount to the nearest penny, half up", PENNY_HALF_UP.quantum, PENNY_HALF_UP.rounding
)
"""Named rule for an authority's amount for a band (Band D × N/9); UNVERIFIED as law (LGFA 1992 s.5)."""


PERCENT_ONE_PLACE: RoundingRule = RoundingRule("percentage to one decimal place, half up", Decimal("0.1"), PENNY_HALF_UP.rounding)
"""For year-on-year changes printed on demand notices (SI 2011/3038 Sch 1 paras 13-16)."""


class CouncilError(ValueError):
    """A council configuration that cannot be used: unknown band, area, authority or year."""


class Country(enum.Enum):
    ENGLAND = "england"
    WALES = "wales"

    @property
    def title(self) -> str:
        return self.value.capitalize()


class AuthorityKind(enum.Enum):
    """Values are stable keys (used in a council folder's <code>.toml and storage); :attr:`label` is the wording."""

    BILLING = "billing"
    COUNTY = "county"
    DISTRICT = "district"
    UNITARY = "unitary"
    ADULT_SOCIAL_CARE = "adult-social-care"
    POLICE = "police"
    FIRE = "fire"
    PARISH = "parish"

    @property
    def label(self) -> str:
        return {
            "billing": "billing authority",
            "county": "county council",
            "district": "district council",
            "unitary": "unitary authority",
            "adult-social-care": "adult social care precept",
            "police": "police and crime commissioner",
            "fire": "fire and rescue authority",
            "parish": "parish, town or community council",
        }[self.value]


@attrs.frozen
class BandScale:
    """The bands a country uses from ``effective_from`` and each band's ratio numerator (N of N/9)."""

    country: Country = attrs.field(validator=member_of(Country))
    effective_from: dt.date
    ratios: tuple[tuple[str, int], ...]

    def __attrs_post_init__(self) -> None:
        for band, numerator in self.ratios:
            if band not in BANDS:
                raise CouncilError(f"{self.country.title} band scale: unknown band {band!r}")
            if not isinstance(numerator, int) or numerator <= 0:
                raise CouncilError(f"{self.country.title} band {band}: ratio {numerator!r} is not a positive whole number")

    @property
    def bands(self) -> tuple[str, ...]:
        return tuple(band for band, _ in self.ratios)

    def numerator(self, band: str) -> int:
        for name, numerator in self.ratios:
            if name == band:
                return numerator
        raise CouncilError(
            f"unknown band {band!r} for {self.country.title} from {self.effective_from.isoformat()}"
            f" (bands {', '.join(self.bands)})"
        )

    def band_below(self, band: str) -> str | None:
        """The band immediately below ``band`` (None for A): the disabled band reduction (SI 1992/554)."""
        index = self.bands.index(band) if band in self.bands else -1
        if index < 0:
            self.numerator(band)  # raises the unknown-band error
        return self.bands[index - 1] if index > 0 else None


@attrs.frozen
class PreceptingAuthority:
    """An authority whose amount makes up part of the bill (the billing authority included)."""

    code: str
    name: str
    kind: AuthorityKind = attrs.field(validator=member_of(AuthorityKind))


@attrs.frozen
class ChargingArea:
    """A part of the council's area with one set of band amounts: the parish (if any) decides it."""

    code: str
    name: str
    parish: str | None = None
    """Code of the parish/town/community council precepting on this area, if any."""


@attrs.frozen
class BandDAmount:
    """An authority's Band D amount for the financial year starting 1 April ``year``."""

    authority: str
    year: int
    amount: Decimal = attrs.field(validator=instance_of(Decimal))

    def __attrs_post_init__(self) -> None:
        if self.amount < 0:
            raise CouncilError(f"{self.authority} Band D {self.year}: negative amount {self.amount}")


@attrs.frozen
class PremiumStep:
    """From ``after_years`` complete years empty, this percentage (a premium of 100 doubles the bill)."""

    after_years: int
    percent: Decimal


@attrs.frozen
class PremiumPolicy:
    """The premiums a council has determined, in force from ``effective_from`` (usually 1 April)."""

    effective_from: dt.date
    long_term_empty: tuple[PremiumStep, ...] = ()
    second_home_percent: Decimal = Decimal(0)


@attrs.frozen
class LocalDiscount:
    """A council's discount for a prescribed class of dwelling (E: s.11A / SI 2003/3011; W: s.12).

    ``max_months`` limits how long it lasts, counted from the day the dwelling became empty.
    """

    dwelling_class: str
    percent: Decimal
    max_months: int | None = None
    description: str = ""


@attrs.frozen
class LocalDiscountPolicy:
    effective_from: dt.date
    discounts: tuple[LocalDiscount, ...]

    def get(self, dwelling_class: str) -> LocalDiscount | None:
        for discount in self.discounts:
            if discount.dwelling_class == dwelling_class:
                return discount
        return None


@attrs.frozen
class BandAmount:
    """The annual amount for a band in an area and year, with each authority's rounded part."""

    band: str
    parts: tuple[tuple[str, Decimal], ...]
    """(authority code, that authority's amount for the band, rounded by BAND_AMOUNT_ROUNDING)."""
    total: Decimal


@attrs.frozen
class PreceptChange:
    """One authority's amount for a band this year against last year, as a demand notice shows it."""

    authority: str
    previous: Decimal | None
    """None when the authority set no amount last year."""
    current: Decimal
    percent: Decimal | None
    """Change in per cent, rounded by :data:`PERCENT_ONE_PLACE` (None without a previous amount or from nil)."""


def band_part(band_d: Decimal, numerator: int) -> Decimal:
    """One authority's amount for a band: Band D × N/9, rounded by :data:`BAND_AMOUNT_ROUNDING`."""
    return BAND_AMOUNT_ROUNDING(band_d * numerator / RATIO_DENOMINATOR)


@attrs.frozen
class Council:
    """A billing authority and everything that decides the amounts on its bills."""

    code: str
    name: str
    country: Country = attrs.field(validator=member_of(Country))
    authorities: tuple[PreceptingAuthority, ...]
    areas: tuple[ChargingArea, ...]
    band_d: tuple[BandDAmount, ...]
    premium_policies: tuple[PremiumPolicy, ...] = ()
    local_discount_policies: tuple[LocalDiscountPolicy, ...] = ()

    def __attrs_post_init__(self) -> None:
        codes = [a.code for a in self.authorities]
        if len(set(codes)) != len(codes):
            raise CouncilError(f"{self.name}: an authority code appears twice")
        known = set(codes)
        for area in self.areas:
            if area.parish is not None and area.parish not in known:
                raise CouncilError(f"{self.name}: area {area.code} names unknown parish {area.parish!r}")
        seen: set[tuple[str, int]] = set()
        for entry in self.band_d:
            if entry.authority not in known:
                raise CouncilError(f"{self.name}: Band D amount for unknown authority {entry.authority!r}")
            if (entry.authority, entry.year) in seen:
                raise CouncilError(f"{self.name}: two Band D amounts for {entry.authority} in {entry.year}")
            seen.add((entry.authority, entry.year))

    def authority(self, code: str) -> PreceptingAuthority:
        for authority in self.authorities:
            if authority.code == code:
                return authority
        raise CouncilError(f"{self.name}: unknown authority {code!r}")

    def area(self, code: str) -> ChargingArea:
        for area in self.areas:
            if area.code == code:
                return area
        raise CouncilError(f"{self.name}: unknown charging area {code!r}")

    def years(self) -> tuple[int, ...]:
        """Financial years (start years) with Band D amounts."""
        return tuple(sorted({entry.year for entry in self.band_d}))

    def band_d_amounts(self, area_code: str, year: int) -> tuple[tuple[str, Decimal], ...]:
        """(authority, Band D amount) for every authority precepting on ``area_code`` in ``year``.

        Parishes count only for their own area; an authority with no amount for the year is absent.
        """
        area = self.area(area_code)
        amounts = {e.authority: e.amount for e in self.band_d if e.year == year}
        if not amounts:
            raise CouncilError(f"{self.name}: no Band D amounts set for {year}/{str(year + 1)[-2:]}")
        result = []
        for authority in self.authorities:
            if authority.kind is AuthorityKind.PARISH and authority.code != area.parish:
                continue
            if authority.code in amounts:
                result.append((authority.code, amounts[authority.code]))
        return tuple(result)

    def band_amount(self, scale: BandScale, area_code: str, year: int, band: str) -> BandAmount:
        """The amount for ``band`` in ``area_code`` for ``year``: the sum of each authority's rounded part."""
        numerator = scale.numerator(band)
        parts = tuple((code, band_part(d, numerator)) for code, d in self.band_d_amounts(area_code, year))
        return BandAmount(band, parts, sum((amount for _, amount in parts), Decimal("0.00")))

    def band_table(self, scale: BandScale, area_code: str, year: int) -> tuple[BandAmount, ...]:
        """Every band's amount, as the council publishes it."""
        return tuple(self.band_amount(scale, area_code, year, band) for band in scale.bands)

    def year_on_year(
        self, previous_scale: BandScale, scale: BandScale, area_code: str, year: int, band: str
    ) -> tuple[PreceptChange, ...]:
        """Each authority's amount for ``band`` in ``year`` against ``year - 1`` (adult social care
        shows as its own authority, as English notices must show it separately)."""
        current = self.band_amount(scale, area_code, year, band).parts
        try:
            before = dict(self.band_amount(previous_scale, area_code, year - 1, band).parts)
        except CouncilError:
            before = {}
        changes = []
        for code, amount in current:
            previous = before.get(code)
            percent = None
            if previous:
                percent = PERCENT_ONE_PLACE((amount - previous) * 100 / previous)
            changes.append(PreceptChange(code, previous, amount, percent))
        return tuple(changes)

    def premium_policy(self, day: dt.date) -> PremiumPolicy | None:
        return _in_force(self.premium_policies, day)

    def local_discount_policy(self, day: dt.date) -> LocalDiscountPolicy | None:
        return _in_force(self.local_discount_policies, day)


R = TypeVar("R", bound=Effective)


def _in_force(policies: Iterable[R], day: dt.date) -> R | None:
    current: R | None = None
    for policy in sorted(policies, key=lambda p: p.effective_from):
        if policy.effective_from <= day:
            current = policy
    return current
