"""Business rates tables from ``refdata/tables/nndr/`` (multipliers, reliefs, empty-property rules) as
:class:`revcore.nndr.RatesRules`. Errors name the file and row that was wrong."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from refdata import DataError, load_toml, parse_date
from refdata.unverified import marks
from revcore.council import Country
from revcore.dated import DatedTable, NotInForce
from revcore.money import RoundingRule
from revcore.nndr.errors import RatesError
from revcore.nndr.rules import (
    CharityRelief, EmptyRules, Multiplier, MultiplierSet, RatesRules, RhlRelief, RvCondition, SmallBusinessScheme,
)

__all__ = ["load_rates_rules", "rates_unverified", "MULTIPLIERS", "RELIEFS"]

MULTIPLIERS = "nndr/multipliers.toml"
RELIEFS = "nndr/reliefs.toml"
_E_ROUNDING = {
    # SI 2012/148 art 3(5), SI 2015/229 (W) art 15(4): "adding one thousandth where ... there would be
    # more than five ten-thousandths; ignoring the ten-thousandths where ... five, or less than five"
    "half_down": ("E to three decimal places, up only above five ten-thousandths", ROUND_HALF_DOWN),
    # SI 2017/1229 (W) art 11(3): "calculated to three decimal places (rounding up or down as appropriate)"
    "half_up": ("E to three decimal places, half up", ROUND_HALF_UP),
}
_E_PLACES = Decimal("0.001")
T = TypeVar("T")


def _decimal(row: dict[str, Any], key: str, where: str) -> Decimal:
    if key not in row:
        raise DataError(f"{where}: missing {key}")
    value = row[key]
    if not isinstance(value, str):
        raise DataError(f"{where}.{key}: {value!r} must be a number in quotes, e.g. \"0.499\"")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise DataError(f"{where}.{key}: {value!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise DataError(f"{where}.{key}: {value!r} is not a number of at least 0")
    return number


def _int(row: dict[str, Any], key: str, where: str) -> int:
    value = row.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DataError(f"{where}.{key}: {value!r} is not a whole number of at least 0")
    return value


def _table(relative: str, section: str, country: Country, data_dir: Path | None,
           make: Callable[[dict[str, Any], str], T]) -> DatedTable[T]:
    """Rows of ``[[section.country]]`` (or ``[[country]]`` when ``section`` is empty) as a dated table."""
    document = load_toml(relative, data_dir)
    rows = (document.get(section, {}) if section else document).get(country.value, [])
    name = f"{relative} {section + '.' if section else ''}{country.value}"
    if not rows:
        raise DataError(f"{name}: no rows")
    dated = []
    for index, row in enumerate(rows):
        where = f"{name}[{index}]"
        try:
            dated.append((parse_date(row.get("effective_from"), f"{where}.effective_from"), make(row, where)))
        except RatesError as error:
            raise DataError(f"{where}: {error}") from None
    try:
        return DatedTable(name, dated)
    except ValueError as error:
        raise DataError(f"{name}: {error}") from None


def _condition(pair: Any, where: str) -> RvCondition:
    if not (isinstance(pair, list) and len(pair) == 2):
        raise DataError(f"{where}: {pair!r} is not a [comparison, \"value\"] pair such as [\"<\", \"51000\"]")
    return RvCondition(str(pair[0]), _decimal({"value": pair[1]}, "value", where))


def _text(row: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = row.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}: missing {key} (text)")
    return value


def _multiplier(row: dict[str, Any], where: str) -> Multiplier:
    for key in ("code", "name"):
        if not isinstance(row.get(key), str):
            raise DataError(f"{where}: missing {key}")
    for key in ("rhl", "occupied_only"):
        if row.get(key) is not None and not isinstance(row.get(key), bool):
            raise DataError(f"{where}.{key}: {row.get(key)!r} must be true or false")
    not_with = row.get("not_with", [])
    if not (isinstance(not_with, list) and all(isinstance(code, str) for code in not_with)):
        raise DataError(f"{where}.not_with: {not_with!r} must be a list of reliefs such as [\"charity\"]")
    conditions = tuple(_condition(pair, f"{where}.rv[{i}]") for i, pair in enumerate(row.get("rv", [])))
    rule = _text(row, "rule", where) if "rule" in row else None
    basis = _text(row, "basis", where) if "basis" in row else ""
    return Multiplier(row["code"], row["name"], _decimal(row, "value", where), conditions, row.get("rhl"),
                      bool(row.get("occupied_only", False)), tuple(not_with), rule, basis, tuple(marks(row)))


def _multiplier_set(row: dict[str, Any], where: str) -> MultiplierSet:
    multipliers = tuple(_multiplier(m, f"{where}.multipliers[{i}]") for i, m in enumerate(row.get("multipliers", [])))
    rules = {key: row[key] for key in ("rule_occupied", "rule_unoccupied") if key in row}
    if len(rules) != 2:
        raise DataError(f"{where}: give rule_occupied and rule_unoccupied")
    return MultiplierSet(multipliers, rules["rule_occupied"], rules["rule_unoccupied"])


def _small_business(row: dict[str, Any], where: str) -> SmallBusinessScheme:
    direction = row.get("e_rounding")
    if direction not in _E_ROUNDING:
        raise DataError(f"{where}.e_rounding: {direction!r} is not one of {sorted(_E_ROUNDING)}")
    name, rounding = _E_ROUNDING[direction]
    return SmallBusinessScheme(_text(row, "rule", where), _decimal(row, "full_up_to", where), _decimal(row, "full_e", where),
                               _decimal(row, "taper_up_to", where), _decimal(row, "taper_numerator", where),
                               RoundingRule(name, _E_PLACES, rounding), tuple(marks(row)))


def _charity(row: dict[str, Any], where: str) -> CharityRelief:
    percent = _decimal(row, "percent", where)
    if percent > 100:
        raise DataError(f"{where}.percent: {percent} is above 100")
    return CharityRelief(percent, _text(row, "rule", where), tuple(marks(row)))


def _rhl(row: dict[str, Any], where: str) -> RhlRelief:
    percent = _decimal(row, "percent", where)
    if percent > 100:
        raise DataError(f"{where}.percent: {percent} is above 100")
    return RhlRelief(percent, _decimal(row, "cash_cap", where), _text(row, "rule", where), tuple(marks(row)))


def _empty(row: dict[str, Any], where: str) -> EmptyRules:
    return EmptyRules(_int(row, "free_months", where), _int(row, "industrial_free_months", where),
                      _decimal(row, "low_value_below", where), _int(row, "reoccupation_weeks", where),
                      _text(row, "rule_free", where), _text(row, "rule_industrial_free", where),
                      _text(row, "rule_low_value", where), tuple(marks(row)))


@lru_cache(maxsize=None)
def load_rates_rules(country: Country | str, data_dir: Path | None = None) -> RatesRules:
    """The business rates rules for ``country`` (a :class:`Country` or "england" / "wales")."""
    try:
        country = Country(country)
    except ValueError:
        raise DataError(f"no business rates rules for country {country!r}: england or wales") from None
    return RatesRules(
        country,
        _table(MULTIPLIERS, "", country, data_dir, _multiplier_set),
        _table(RELIEFS, "small_business", country, data_dir, _small_business),
        _table(RELIEFS, "charity", country, data_dir, _charity),
        _table(RELIEFS, "empty", country, data_dir, _empty),
        _table(RELIEFS, "rhl", country, data_dir, _rhl),
    )


def rates_unverified(country: Country | str, day: dt.date, data_dir: Path | None = None) -> dict[str, str]:
    """What is not confirmed in the rules :func:`load_rates_rules` applies on ``day`` (name -> source),
    to show beside them: ``multiplier <code>.value``, ``multipliers.<key>`` (the year's row), and
    ``<relief section>.<key>`` (``charity.percent``...)."""
    rules = load_rates_rules(country, data_dir)  # the same errors for an unknown country
    found: dict[str, str] = {}
    for section in ("", "small_business", "charity", "empty", "rhl"):
        try:
            row = _table(RELIEFS if section else MULTIPLIERS, section, rules.country, data_dir, lambda row, where: row).at(day)
        except NotInForce:
            continue
        found.update({f"{section or 'multipliers'}.{key}": source for key, source in marks(row).items()})
        for multiplier in row.get("multipliers", []) if not section else []:
            found.update({f"multiplier {multiplier.get('code')}.{key}": source for key, source in marks(multiplier).items()})
    return found
