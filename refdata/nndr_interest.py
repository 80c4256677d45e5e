"""The repayment interest rates and rules (``refdata/tables/nndr/repayment_interest.toml``) as
:class:`revcore.nndr.InterestRules`; values the table marks UNVERIFIED travel with them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from refdata import DataError, load_toml
from revcore.money import PENNY_DOWN, PENNY_HALF_UP
from revcore.nndr import InterestRate, InterestRules

__all__ = ["repayment_interest_rules"]

_FILE = "nndr/repayment_interest.toml"
_ROUNDING = {"penny_down": PENNY_DOWN, "penny_half_up": PENNY_HALF_UP}


def _percent(value: object, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise DataError(f"{where}: {value!r} is not a percentage") from None
    if not number.is_finite() or number < 0 or number > 100:
        raise DataError(f"{where}: {value!r} is not a percentage from 0 to 100")
    return number


def repayment_interest_rules(data_dir: Path | None = None) -> InterestRules:
    table = load_toml(_FILE, data_dir)
    rounding = _ROUNDING.get(str(table.get("rounding")))
    if rounding is None:
        raise DataError(f"{_FILE}: rounding {table.get('rounding')!r} is not one of {', '.join(_ROUNDING)}")
    basis = table.get("day_basis")
    if basis not in (365, 366):
        raise DataError(f"{_FILE}: day_basis {basis!r} is not 365 or 366")
    rates, seen = [], set()
    for index, row in enumerate(table.get("rates", [])):
        where = f"{_FILE} rates[{index}]"
        year = row.get("year")
        if not isinstance(year, int) or year in seen:
            raise DataError(f"{where}: year must be a financial year's first year, once each")
        seen.add(year)
        rates.append(InterestRate(year, _percent(row.get("reference_rate"), f"{where}.reference_rate"),
                                  str(row.get("source", "")) or "; ".join(
                                      f"UNVERIFIED: {v}" for v in row.get("unverified", {}).values())))
    first = table.get("first_list", 0)
    if not isinstance(first, int) or first < 0:
        raise DataError(f"{_FILE}: first_list {first!r} is not a list year (or 0 for every list)")
    return InterestRules(tuple(sorted(rates, key=lambda r: r.start_year)),
                         _percent(table.get("margin"), f"{_FILE} margin"), basis, rounding, first,
                         str(table.get("unverified", {}).get("first_list", "")))
