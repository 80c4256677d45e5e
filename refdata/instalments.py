"""The statutory instalment schemes in ``refdata/tables/instalments.toml`` as revcore objects."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from refdata import DataError, load_toml, parse_date
from refdata.unverified import marks
from revcore import money
from revcore.dated import DatedTable, NotInForce
from revcore.instalments import InstalmentRules, PlanRules, ScheduleError
from revcore.periods import FinancialYear

__all__ = ["TAXES", "COUNTRIES", "instalment_table", "instalment_rules", "instalment_unverified"]

TAXES = ("council_tax", "business_rates")
COUNTRIES = ("england", "wales")
_ROUNDING = {"POUND_HALF_UP": money.POUND_HALF_UP, "PENNY_HALF_UP": money.PENNY_HALF_UP}
_FILE = "instalments.toml"


def _month_day(value: Any, where: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in str(value).split("-"))
        dt.date(2000, month, day)
    except ValueError:
        raise DataError(f"{where}: {value!r} is not a month-day such as \"04-30\"") from None
    return month, day


def _plan(raw: Any, where: str) -> PlanRules:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: expected a table with max_instalments, full_until, months_less, rule")
    try:
        return PlanRules(
            max_instalments=raw["max_instalments"],
            full_until=_month_day(raw["full_until"], f"{where}.full_until"),
            months_less=int(raw["months_less"]),
            rule=str(raw["rule"]),
        )
    except KeyError as missing:
        raise DataError(f"{where}: missing {missing}") from None
    except ScheduleError as error:
        raise DataError(f"{where}: {error}") from None


def _rules(row: dict[str, Any], where: str) -> InstalmentRules:
    try:
        rounding = _ROUNDING[row["rounding"]]
    except KeyError:
        raise DataError(f"{where}.rounding: {row.get('rounding')!r} is not one of {sorted(_ROUNDING)}") from None
    try:
        return InstalmentRules(
            name=str(row["name"]),
            ten=_plan(row.get("ten"), f"{where}.ten"),
            twelve=_plan(row["twelve"], f"{where}.twelve") if "twelve" in row else None,
            single_from=_month_day(row["single_from"], f"{where}.single_from"),
            notice_days=int(row["notice_days"]),
            minimum_instalment=money.to_money(row["minimum_instalment"], where=f"{where}.minimum_instalment"),
            single_below=money.to_money(row["single_below"], where=f"{where}.single_below"),
            rounding=rounding,
            **{key: str(row[key]) for key in ("equal_rule", "rounded_rule") if key in row},
        )
    except KeyError as missing:
        raise DataError(f"{where}: missing {missing}") from None
    except (ScheduleError, money.MoneyError) as error:
        raise DataError(f"{where}: {error}") from None


@lru_cache(maxsize=None)
def instalment_table(tax: str, country: str, data_dir: Path | None = None) -> DatedTable[InstalmentRules]:
    """The dated rows for ``tax`` ("council_tax" / "business_rates") in ``country`` ("england" / "wales")."""
    if tax not in TAXES or country not in COUNTRIES:
        raise DataError(f"no instalment scheme for tax {tax!r} in {country!r}: taxes {TAXES}, countries {COUNTRIES}")
    rows = []
    for index, row in enumerate(load_toml(_FILE, data_dir).get("scheme", [])):
        where = f"{_FILE} scheme[{index}]"
        if row.get("tax") == tax and row.get("country") == country:
            rows.append((parse_date(row.get("effective_from"), f"{where}.effective_from"), _rules(row, where)))
    try:
        return DatedTable(f"instalment scheme {tax} {country}", rows)
    except ValueError as error:
        raise DataError(f"{_FILE}: {tax} {country}: {error}") from None


def instalment_rules(tax: str, country: str, year: FinancialYear, data_dir: Path | None = None) -> InstalmentRules:
    """The scheme in force for ``year`` (looked up on its 1 April)."""
    try:
        return instalment_table(tax, country, data_dir).at(year.start)
    except NotInForce as error:
        raise DataError(str(error)) from None


def instalment_unverified(tax: str, country: str, year: FinancialYear, data_dir: Path | None = None) -> dict[str, str]:
    """What is not confirmed in the scheme :func:`instalment_rules` gives (setting -> source), to
    show beside it (e.g. ``{"notice_days": "SI 1992/613 reg. 20 ..."}``)."""
    instalment_rules(tax, country, year, data_dir)  # the same errors for an unknown scheme or year
    rows = [(parse_date(row.get("effective_from"), _FILE), marks(row))
            for row in load_toml(_FILE, data_dir).get("scheme", [])
            if row.get("tax") == tax and row.get("country") == country]
    return DatedTable(f"unverified {tax} {country}", rows).at(year.start)
