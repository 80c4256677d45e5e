"""Council tax tables from ``refdata/tables/ctax/`` (statutory rules) and ``<code>.toml`` in the
council folder (a council's settings), turned into revcore objects. Errors name the file and entry that was wrong.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from refdata import DataError, load_council_toml, load_toml, parse_date
from revcore.council import (
    AuthorityKind,
    BandDAmount,
    BandScale,
    ChargingArea,
    Council,
    CouncilError,
    Country,
    LocalDiscount,
    LocalDiscountPolicy,
    PreceptingAuthority,
    PremiumPolicy,
    PremiumStep,
)
from revcore.ctax.errors import CtaxError
from revcore.ctax.rules import (
    CountryRules,
    CtaxRules,
    DisabledRules,
    DiscountRates,
    Disregard,
    ExemptionClass,
    ExemptionSchedule,
    LimitRunsFrom,
    Occupation,
    PremiumException,
    PremiumExceptionSchedule,
    PremiumLimits,
)
from revcore.ctax.tariff import Tariff

__all__ = ["load_rules", "load_council", "load_tariff", "DEMO_COUNCILS"]

DEMO_COUNCILS = ("demo-district", "demo-welsh")


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, float):
        raise DataError(f"{where}: {value!r} is a float; write amounts and percentages as strings")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise DataError(f"{where}: {value!r} is not a number") from None


def _steps(rows: Any, where: str) -> tuple[PremiumStep, ...]:
    try:
        return tuple(PremiumStep(int(years), _decimal(pct, f"{where} step {i}")) for i, (years, pct) in enumerate(rows))
    except (TypeError, ValueError) as error:
        if isinstance(error, DataError):
            raise
        raise DataError(f"{where}: steps must be [years, \"percent\"] pairs") from None


def _rules_for(country: Country, data_dir: Path | None) -> CountryRules:
    key = country.value
    bands = load_toml("ctax/bands.toml", data_dir).get(key, [])
    scales = tuple(
        BandScale(country, parse_date(row["effective_from"], f"ctax/bands.toml {key}[{i}]"), tuple(row["ratios"].items()))
        for i, row in enumerate(bands)
    )
    discounts_doc = load_toml("ctax/discounts.toml", data_dir)
    rates = tuple(
        DiscountRates(
            parse_date(row["effective_from"], f"ctax/discounts.toml {key}[{i}]"),
            *(_decimal(row[name], f"ctax/discounts.toml {key}[{i}].{name}") for name in ("single_person", "all_disregarded", "no_resident")),
        )
        for i, row in enumerate(discounts_doc.get(key, []))
    )
    disabled = tuple(
        DisabledRules(parse_date(row["effective_from"], f"ctax/discounts.toml disabled.{key}[{i}]"), int(row["band_a_numerator"]))
        for i, row in enumerate(discounts_doc.get("disabled", {}).get(key, []))
    )
    limits = tuple(
        PremiumLimits(
            parse_date(row["effective_from"], f"ctax/premiums.toml {key}[{i}]"),
            _steps(row.get("long_term_empty", []), f"ctax/premiums.toml {key}[{i}]"),
            _decimal(row["second_home_max"], f"ctax/premiums.toml {key}[{i}]") if "second_home_max" in row else None,
        )
        for i, row in enumerate(load_toml("ctax/premiums.toml", data_dir).get(key, []))
    )
    disregard_doc = load_toml("ctax/disregards.toml", data_dir)
    disregards = tuple(
        Disregard(row["code"], row["description"], row.get("min_age"), row.get("max_age"), row.get("evidence", ""),
                  parse_date(row["from"], f"ctax/disregards.toml {row['code']}") if "from" in row else None)
        for row in disregard_doc["disregards"]
        if key in row["countries"]
    )
    exemptions = _schedules("ctax/exemptions.toml", key, data_dir, _exemption_class, ExemptionSchedule)
    exceptions = _schedules("ctax/premium_exceptions.toml", key, data_dir, _premium_exception, PremiumExceptionSchedule)
    return CountryRules(country, scales, rates, exemptions, limits, disabled, disregards, exceptions,
                        int(disregard_doc["counting"]["adult_age"]))


def _schedules(table: str, key: str, data_dir: Path | None, make_class, make_schedule) -> tuple:
    """One schedule per day the set of classes in ``table`` changes, from each class's
    ``<country> = { from = ..., until = ... }`` dates."""
    spans: list[tuple[Any, dt.date, dt.date | None]] = []
    for i, row in enumerate(load_toml(table, data_dir)["classes"]):
        where = f"{table} classes[{i}] ({row.get('code')})"
        if key not in row:
            continue
        dates = row[key]
        until = parse_date(dates["until"], where) if "until" in dates else None
        spans.append((make_class(row, where), parse_date(dates["from"], where), until))
    days = sorted({start for _, start, _ in spans} | {until + dt.timedelta(days=1) for _, _, until in spans if until})
    return tuple(
        make_schedule(day, tuple(k for k, start, until in spans if start <= day and (until is None or day <= until)))
        for day in days
    )


def _exemption_class(row: dict, where: str) -> ExemptionClass:
    try:
        runs_from = LimitRunsFrom[row.get("limit_runs_from", "start").upper()]
    except KeyError:
        raise DataError(f"{where}: limit_runs_from must be 'start' or 'grant'") from None
    try:
        occupation = Occupation(row.get("occupation", "any"))
    except ValueError:
        raise DataError(f"{where}: occupation must be 'unoccupied', 'occupied' or 'any'") from None
    return ExemptionClass(row["code"], row["description"], row.get("limit_months"), runs_from, row.get("short", ""),
                          occupation, tuple(row.get("residents_all", ())))


def _premium_exception(row: dict, where: str) -> PremiumException:
    applies = set(row["applies_to"])
    if not applies or applies - {"long-term-empty", "second-home"}:
        raise DataError(f"{where}: applies_to must list 'long-term-empty' and/or 'second-home'")
    return PremiumException(
        row["code"], row["description"], "long-term-empty" in applies, "second-home" in applies, row.get("limit_months")
    )


@lru_cache(maxsize=None)
def load_rules(data_dir: Path | None = None) -> CtaxRules:
    """The statutory council tax rules for England and Wales from ``refdata/tables/ctax/``."""
    try:
        return CtaxRules(_rules_for(Country.ENGLAND, data_dir), _rules_for(Country.WALES, data_dir))
    except (KeyError, CouncilError, CtaxError, ValueError) as error:
        if isinstance(error, DataError):
            raise
        raise DataError(f"ctax tables: {error}") from None


def load_council(code: str, data_dir: Path | None = None) -> Council:
    """A council's settings from ``<code>.toml`` in the council folder (``data_dir`` when given)."""
    path = f"{code}.toml"
    doc = load_council_toml(path, data_dir)
    try:
        country = Country(doc["country"])
        authorities = tuple(
            PreceptingAuthority(row["code"], row["name"], AuthorityKind(row["kind"])) for row in doc["authorities"]
        )
        areas = tuple(ChargingArea(row["code"], row["name"], row.get("parish")) for row in doc["areas"])
        band_d = tuple(
            BandDAmount(authority, int(year), _decimal(amount, f"{path} band_d.{year}.{authority}"))
            for year, amounts in doc["band_d"].items()
            for authority, amount in amounts.items()
        )
        premiums = tuple(
            PremiumPolicy(
                parse_date(row["effective_from"], f"{path} premium_policies[{i}]"),
                _steps(row.get("long_term_empty", []), f"{path} premium_policies[{i}]"),
                _decimal(row.get("second_home_percent", "0"), f"{path} premium_policies[{i}]"),
            )
            for i, row in enumerate(doc.get("premium_policies", []))
        )
        locals_ = tuple(
            LocalDiscountPolicy(
                parse_date(row["effective_from"], f"{path} local_discount_policies[{i}]"),
                tuple(
                    LocalDiscount(
                        item["class"],
                        _decimal(item["percent"], f"{path} local_discount_policies[{i}] class {item['class']}"),
                        item.get("max_months"),
                        item.get("description", ""),
                    )
                    for item in row["discounts"]
                ),
            )
            for i, row in enumerate(doc.get("local_discount_policies", []))
        )
        return Council(doc["code"], doc["name"], country, authorities, areas, band_d, premiums, locals_)
    except KeyError as error:
        raise DataError(f"{path}: missing {error.args[0]!r}") from None
    except (CouncilError, CtaxError, ValueError) as error:
        if isinstance(error, DataError):
            raise
        raise DataError(f"{path}: {error}") from None


def load_tariff(code: str, data_dir: Path | None = None) -> Tariff:
    """A council's :class:`~revcore.ctax.Tariff`, ready for charging (statutory rules included).

    ``data_dir`` replaces the council folder only; the statutory rules are the package's."""
    try:
        return Tariff(load_council(code, data_dir), load_rules())
    except CtaxError as error:
        raise DataError(f"{code}.toml: {error}") from None
