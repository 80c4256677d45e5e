"""Reads ``refdata/tables/hb/`` into :mod:`revcore.hb` objects: the deduction rates by year, the DEA
tables, and the overpayment time limits. Every error names the file and the row."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

import attrs

from refdata import DataError, load_toml, parse_date
from refdata.recovery import _decimal, _int, _money
from refdata.unverified import marks
from revcore.dated import DatedTable, NotInForce
from revcore.hb.dea import DeaBand, DeaError, DeaSchedule, DeaTable
from revcore.hb.deductions import DeductionError, DeductionRates

__all__ = ["HbFileLayout", "hb_file_layout", "OverpaymentLimits", "load_deduction_rates", "deduction_unverified", "load_dea_schedules", "load_overpayment_limits"]

T = TypeVar("T")

_RATES = "hb/deductions.toml"
_DEA = "hb/dea.toml"
_LIMITS = "hb/overpayments.toml"


@attrs.frozen
class OverpaymentLimits:
    notice_days: int
    limitation_years: int
    limitation_starts: str
    unverified: dict[str, str] = attrs.field(factory=dict, eq=False)
    """Field name -> what is not confirmed and its source (:mod:`refdata.unverified`)."""


def _need(row: dict[str, Any], key: str, where: str) -> Any:
    if key not in row:
        raise DataError(f"{where}: missing {key}")
    return row[key]


def _dated_rows(name: str, where: str, rows: Any, build: Callable[[dict[str, Any], str], T]) -> DatedTable[T]:
    """A dated table from TOML rows, each with ``effective_from``; ``build`` makes the value of a
    row (its ``where`` names the file and row in any error)."""
    if not isinstance(rows, list) or not rows:
        raise DataError(f"{where}: expected one or more rows, each with an effective_from")
    found = []
    for index, row in enumerate(rows):
        at = f"{where}[{index}]"
        try:
            value = build(row, at)
        except (DeaError, DeductionError) as error:
            raise DataError(f"{at}: {error}") from None
        found.append((parse_date(_need(row, "effective_from", at), f"{at}.effective_from"), value))
    try:
        return DatedTable(name, found)
    except ValueError as error:
        raise DataError(f"{where}: {error}") from None


def _rates(row: dict[str, Any], where: str, defaults: dict[str, Any]) -> DeductionRates:
    merged = {**defaults, **row}
    return DeductionRates(
        personal_allowance=_money(_need(merged, "personal_allowance", where), f"{where}.personal_allowance"),
        percentage=_decimal(_need(merged, "percentage", where), f"{where}.percentage"),
        ordinary_multiplier=_int(_need(merged, "ordinary_multiplier", where), f"{where}.ordinary_multiplier"),
        fraud_multiplier=_int(_need(merged, "fraud_multiplier", where), f"{where}.fraud_multiplier"),
        disregard_share=_decimal(_need(merged, "disregard_share", where), f"{where}.disregard_share"),
        source=str(_need(merged, "source", where)),
    )


@lru_cache(maxsize=None)
def load_deduction_rates(data_dir: Path | None = None) -> DatedTable[DeductionRates]:
    """The weekly-maximum figures by date (``hb/deductions.toml``)."""
    document = load_toml(_RATES, data_dir)
    defaults = _need(document, "defaults", _RATES)
    return _dated_rows("HB overpayment deduction rates", f"{_RATES} rates", document.get("rates"),
                       lambda row, where: _rates(row, where, defaults))


def deduction_unverified(day: dt.date, data_dir: Path | None = None) -> dict[str, str]:
    """What is not confirmed in the deduction rates in force on ``day`` (setting -> source), to show
    beside them (the personal allowance of most years, the disregard share)."""
    document = load_toml(_RATES, data_dir)
    defaults = marks(_need(document, "defaults", _RATES))
    try:
        return _dated_rows("unverified HB deduction rates", f"{_RATES} rates", document.get("rates"),
                           lambda row, where: {**defaults, **marks(row)}).at(day)
    except NotInForce as error:
        raise DataError(str(error)) from None


def _dea_table(name: str, rows: Any, where: str) -> DeaTable:
    if not isinstance(rows, list):
        raise DataError(f"{where}: expected a list of {{ upper = \"...\", rate = \"...\" }} rows")
    bands = []
    for index, row in enumerate(rows):
        at = f"{where}[{index}]"
        upper = _money(row["upper"], f"{at}.upper") if "upper" in row else None
        try:
            bands.append(DeaBand(upper, _decimal(_need(row, "rate", at), f"{at}.rate")))
        except DeaError as error:
            raise DataError(f"{at}: {error}") from None
    try:
        return DeaTable(name, bands)
    except DeaError as error:
        raise DataError(f"{where}: {error}") from None


_TABLE_NAMES = {"weekly": "DEA Table A (weekly)", "monthly": "DEA Table B (monthly)",
                "weekly_higher": "DEA Table C (weekly, higher)", "monthly_higher": "DEA Table D (monthly, higher)"}


def _schedule(row: dict[str, Any], where: str) -> DeaSchedule:
    tables = {key: _dea_table(name, _need(row, key, where), f"{where}.{key}") for key, name in _TABLE_NAMES.items()}
    return DeaSchedule(**tables, source=str(_need(row, "source", where)),
                       protected_proportion=_decimal(_need(row, "protected_proportion", where),
                                                     f"{where}.protected_proportion"))


@lru_cache(maxsize=None)
def load_dea_schedules(data_dir: Path | None = None) -> DatedTable[DeaSchedule]:
    """The DEA tables by date (``hb/dea.toml``)."""
    return _dated_rows("DEA tables", f"{_DEA} schedules", load_toml(_DEA, data_dir).get("schedules"), _schedule)


def load_overpayment_limits(data_dir: Path | None = None) -> OverpaymentLimits:
    """The notice period and limitation period for overpayment decisions (``hb/overpayments.toml``)."""
    document = load_toml(_LIMITS, data_dir)
    notice = _need(document, "notice", _LIMITS)
    limitation = _need(document, "limitation", _LIMITS)
    return OverpaymentLimits(
        _int(_need(notice, "days", f"{_LIMITS} notice"), f"{_LIMITS} notice.days"),
        _int(_need(limitation, "years", f"{_LIMITS} limitation"), f"{_LIMITS} limitation.years"),
        str(_need(limitation, "starts", f"{_LIMITS} limitation")),
        {f"{name}_{key}": source for name, table in (("notice", notice), ("limitation", limitation))
         for key, source in marks(table).items()},
    )


_FILES = "hb/files.toml"


@attrs.frozen
class HbFileLayout:
    """The columns (our field -> heading) of one file exchanged with the benefits system, and for
    a decision file the cause and payee codes (code -> the value of revcore.hb.Cause / Payee)."""

    name: str
    delimiter: str
    date_formats: tuple[str, ...]
    columns: dict[str, str]
    causes: dict[str, str] = attrs.field(factory=dict)
    payees: dict[str, str] = attrs.field(factory=dict)


_FIELDS = {
    "decisions": ("decision_id", "claimant", "claim_start", "claim_end", "period_start", "period_end", "amount",
                  "cause", "paid_to", "could_have_realised", "found_guilty", "decided_on", "notified_on"),
    "deductions_export": ("reference", "claimant", "week", "amount", "balance"),
    "deductions_import": ("reference", "week", "amount"),
}


def hb_file_layout(name: str, data_dir: Path | None = None) -> HbFileLayout:
    """The layout of ``decisions``, ``deductions_export`` or ``deductions_import`` (``hb/files.toml``)."""
    document = load_toml(_FILES, data_dir)
    table = _need(document, name, _FILES)
    columns = _need(table, "columns", f"{_FILES} [{name}]")
    absent = [field for field in _FIELDS[name] if field not in columns]
    if absent:
        raise DataError(f"{_FILES} [{name}.columns]: does not say where {', '.join(absent)} is")
    file = document.get("file", {})
    from revcore.hb import Cause, Payee  # the codes must map to the values the domain knows

    causes = {str(code).upper(): str(value) for code, value in table.get("causes", {}).items()}
    payees = {str(code).upper(): str(value) for code, value in table.get("payees", {}).items()}
    for codes, kind, what in ((causes, Cause, "causes"), (payees, Payee, "payees")):
        unknown = sorted(set(codes.values()) - {member.value for member in kind})
        if unknown:
            raise DataError(f"{_FILES} [{name}.{what}]: {unknown} not one of {', '.join(m.value for m in kind)}")
    return HbFileLayout(name, str(file.get("delimiter", ",")), tuple(file.get("date_formats", ["%Y-%m-%d"])),
                        {field: str(columns[field]) for field in _FIELDS[name]}, causes, payees)
