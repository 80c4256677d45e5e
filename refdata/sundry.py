"""Reads the sundry debt tables into :mod:`revcore.sundry` objects: the VAT codes (a statutory
table), and from the council folder's ``sundry/`` its invoice types, income codes and recovery settings. Every error names the file and row."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

import attrs

from refdata import DataError, council_dir, load_council_toml, load_toml
from refdata.hb import _dated_rows, _need
from refdata.recovery import _decimal, _int
from revcore.sundry.debt import SundryRecoveryRules
from revcore.sundry.invoice import IncomeCode, InvoiceType, SundryRules, VatRate

__all__ = ["load_sundry_rules", "load_recovery_rules", "ServiceArea", "load_services"]

_VAT = "sundry/vat.toml"
_TYPES = "sundry/invoice_types.toml"
_INCOME = "sundry/income_codes.toml"
_RECOVERY = "sundry/recovery.toml"
_SERVICES = "sundry/services.toml"

T = TypeVar("T")


def _by_code(relative: str, key: str, load: Callable[[str], dict[str, Any]], build: Callable[[dict[str, Any], str], T]) -> dict[str, T]:
    found: dict[str, T] = {}
    for index, row in enumerate(load(relative).get(key, ())):
        where = f"{relative} {key}[{index}]"
        code = str(_need(row, "code", where))
        if code in found:
            raise DataError(f"{where}: code {code!r} is given twice")
        found[code] = build(row, f"{where} ({code})")
    if not found:
        raise DataError(f"{relative}: no [[{key}]] rows")
    return found


def _vat_rate(row: dict[str, Any], where: str) -> Decimal:
    value = _decimal(_need(row, "rate", where), f"{where}.rate")
    if not 0 <= value < 1:
        raise DataError(f"{where}.rate: {value} is not a fraction such as \"0.20\"")
    return value


def _vat(row: dict[str, Any], where: str) -> VatRate:
    rates = _dated_rows(f"VAT {row['code']}", f"{where} rates", _need(row, "rates", where), _vat_rate)
    return VatRate(row["code"], str(_need(row, "description", where)), rates)


def _type(row: dict[str, Any], where: str) -> InvoiceType:
    days = _int(_need(row, "terms_days", where), f"{where}.terms_days")
    if days < 0:
        raise DataError(f"{where}.terms_days: {days} is negative")
    return InvoiceType(row["code"], str(_need(row, "description", where)), days)


def load_sundry_rules(data_dir: Path | None = None) -> SundryRules:
    """VAT codes, invoice types and income codes; an income code's VAT code must exist."""
    return _sundry_rules(data_dir, data_dir or council_dir())


@lru_cache(maxsize=None)
def _sundry_rules(tables: Path | None, council_folder: Path) -> SundryRules:
    vat = _by_code(_VAT, "codes", lambda name: load_toml(name, tables), _vat)
    council = lambda name: load_council_toml(name, council_folder)  # noqa: E731
    income = _by_code(_INCOME, "codes", council, lambda row, where: IncomeCode(
        row["code"], str(_need(row, "description", where)), str(_need(row, "vat_code", where))))
    for code, entry in income.items():
        if entry.vat_code not in vat:
            raise DataError(f"{_INCOME} ({code}): VAT code {entry.vat_code!r} is not in {_VAT}")
    return SundryRules(vat, _by_code(_TYPES, "types", council, _type), income)


def load_recovery_rules(data_dir: Path | None = None) -> SundryRecoveryRules:
    """Letter of claim reply days, limitation years and write-off reasons (``sundry/recovery.toml`` in the council folder)."""
    document = load_council_toml(_RECOVERY, data_dir)
    reasons = _need(_need(document, "write_off", _RECOVERY), "reasons", f"{_RECOVERY} write_off")
    if not isinstance(reasons, list) or not all(isinstance(r, str) and r.strip() for r in reasons):
        raise DataError(f"{_RECOVERY} write_off.reasons: expected a list of reasons")
    return SundryRecoveryRules(
        _int(_need(_need(document, "letter_of_claim", _RECOVERY), "reply_days", f"{_RECOVERY} letter_of_claim"),
             f"{_RECOVERY} letter_of_claim.reply_days"),
        _int(_need(_need(document, "limitation", _RECOVERY), "years", f"{_RECOVERY} limitation"),
             f"{_RECOVERY} limitation.years"),
        reasons,
    )


@attrs.frozen
class ServiceArea:
    """A service area that asks for invoices, and the income codes it may invoice under."""

    code: str
    description: str
    income_codes: tuple[str, ...]


def load_services(data_dir: Path | None = None) -> dict[str, ServiceArea]:
    """The council's service areas (``sundry/services.toml``); each income code must be known."""
    rules = load_sundry_rules(data_dir)

    def build(row: dict[str, Any], where: str) -> ServiceArea:
        codes = _need(row, "income_codes", where)
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
            raise DataError(f"{where}.income_codes: expected a list of income codes")
        unknown = [c for c in codes if c not in rules.income_codes]
        if unknown:
            raise DataError(f"{where}.income_codes: {', '.join(unknown)} not in {_INCOME}")
        return ServiceArea(row["code"], str(_need(row, "description", where)), tuple(codes))

    return _by_code(_SERVICES, "services", lambda name: load_council_toml(name, data_dir), build)
