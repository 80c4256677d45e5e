"""Reads the recovery tables into :mod:`revcore.recovery` objects.

``load_recovery_rules("ctax")`` gives the checked rules for council tax, ``"nndr"`` for business
rates: the council's stage set (``recovery/<service>_stages.toml`` in its council folder) checked against the statutory
limits, with the attachment of earnings tables, enforcement agent fees, thresholds and hold
reasons (``refdata/tables/recovery/``). Any error names the file and what was wrong.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from refdata import DataError, load_council_toml, load_toml, parse_date
from revcore.dated import DatedTable
from revcore.money import MoneyError, to_money
from revcore.recovery.aeo import AeoBand, AeoSchedule, AeoTable
from revcore.recovery.fees import EA_STAGES, FeeSchedule, FeeStage
from revcore.recovery.rules import (
    HoldReason,
    RecoveryConfigError,
    RecoveryRules,
    RemedyRule,
    StageSet,
    StatutoryLimits,
    StatutoryMinimum,
    Thresholds,
    Timing,
)

__all__ = [
    "load_stage_set",
    "load_statutory_limits",
    "load_aeo_tables",
    "load_ea_fees",
    "load_thresholds",
    "load_hold_reasons",
    "load_recovery_rules",
    "stage_set_from_document",
]

_STAGES = "recovery/{service}_stages.toml"
_LIMITS = "recovery/statutory_limits.toml"
_AEO = "recovery/aeo_tables.toml"
_FEES = "recovery/ea_fees.toml"
_THRESHOLDS = "recovery/thresholds.toml"
_HOLDS = "recovery/hold_reasons.toml"


def _get(document: dict[str, Any], path: str, where: str) -> Any:
    value: Any = document
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise DataError(f"{where}: missing {path}")
        value = value[part]
    return value


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, float):
        raise DataError(f"{where}: {value!r} is a float; write it as a string such as \"0.075\"")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise DataError(f"{where}: {value!r} is not a number") from None


def _money(value: Any, where: str) -> Decimal:
    try:
        return to_money(value, where=where)
    except MoneyError as error:
        raise DataError(str(error)) from None


def _message(error: Exception) -> str:
    """The readable part of an error (attrs validators put extra detail in later args)."""
    return str(error.args[0]) if error.args else str(error)


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(f"{where}: {value!r} is not a whole number")
    return value


def _timing(value: Any, where: str) -> Timing:
    if not isinstance(value, dict):
        raise DataError(f"{where}: expected {{ count = N, unit = \"days\" | \"working_days\" }}")
    try:
        return Timing(_int(value.get("count"), f"{where}.count"), value.get("unit"))
    except ValueError as error:
        raise DataError(f"{where}: {_message(error)}") from None


def stage_set_from_document(document: dict[str, Any], where: str) -> StageSet:
    """A :class:`StageSet` from a parsed stage-set document (``where`` names it in errors)."""
    try:
        remedies = tuple(
            RemedyRule(
                kind=_get(r, "kind", f"{where} remedies[{i}]"),
                rule=_get(r, "rule", f"{where} remedies[{i}]"),
                action=_get(r, "action", f"{where} remedies[{i}]"),
                requires=r.get("requires"),
                threshold=r.get("threshold"),
                availability=r.get("availability"),
                requires_failed=tuple(r.get("requires_failed", ())),
                max_live=r.get("max_live"),
            )
            for i, r in enumerate(document.get("remedies", ()))
        )
        return StageSet(
            name=_get(document, "name", where),
            service=_get(document, "service", where),
            country=_get(document, "country", where),
            reminder_issue_after=_timing(_get(document, "reminder.issue_after", where), f"{where} reminder.issue_after"),
            reminder_period_days=_int(_get(document, "reminder.period_days", where), f"{where} reminder.period_days"),
            notice_minimum_arrears=_money(
                _get(document, "reminder.minimum_arrears", where), f"{where} reminder.minimum_arrears"
            ),
            max_reminders=_int(_get(document, "reminder.max_per_year", where), f"{where} reminder.max_per_year"),
            balance_due_after_failure_days=_int(
                _get(document, "reminder.balance_due_after_failure_days", where),
                f"{where} reminder.balance_due_after_failure_days",
            ),
            final_notice_period_days=_int(
                _get(document, "final_notice.period_days", where), f"{where} final_notice.period_days"
            ),
            summons_after=_timing(_get(document, "summons.after", where), f"{where} summons.after"),
            summons_minimum_balance=_money(
                _get(document, "summons.minimum_balance", where), f"{where} summons.minimum_balance"
            ),
            summons_service_working_days=_int(
                _get(document, "summons.service_working_days", where), f"{where} summons.service_working_days"
            ),
            summons_notice_days=_int(_get(document, "summons.notice_days", where), f"{where} summons.notice_days"),
            summons_costs=_money(_get(document, "summons.costs", where), f"{where} summons.costs"),
            liability_order_costs=_money(
                _get(document, "liability_order.costs", where), f"{where} liability_order.costs"
            ),
            costs_basis=_get(document, "costs.basis", where),
            limitation_years=_int(_get(document, "summons.limitation_years", where), f"{where} summons.limitation_years"),
            debtor_information_days=_int(
                _get(document, "liability_order.debtor_information_days", where),
                f"{where} liability_order.debtor_information_days",
            ),
            arrangement_grace_days=_int(
                _get(document, "arrangement.grace_days", where), f"{where} arrangement.grace_days"
            ),
            arrangement_catch_up_days=_int(
                _get(document, "arrangement.catch_up_days", where), f"{where} arrangement.catch_up_days"
            ),
            write_off_small_balance=_money(
                _get(document, "write_off.small_balance", where), f"{where} write_off.small_balance"
            ),
            write_off_reasons=_get(document, "write_off.reasons", where),
            remedies=remedies,
            citations={k: v for k, v in document.get("citations", {}).items() if k != "unverified"},
            breathing_space_reminder_rule=bool(document.get("reminder", {}).get("breathing_space_reminder_rule", False)),
        )
    except (RecoveryConfigError, ValueError, TypeError) as error:
        if isinstance(error, DataError):
            raise
        raise DataError(f"{where}: {_message(error)}") from None


def load_stage_set(service: str, data_dir: Path | None = None) -> StageSet:
    """The council's stage set for ``service`` (``"ctax"``, ``"nndr"``), not yet checked."""
    relative = _STAGES.format(service=service)
    return stage_set_from_document(load_council_toml(relative, data_dir), relative)


def load_statutory_limits(service: str, data_dir: Path | None = None) -> StatutoryLimits:
    document = load_toml(_LIMITS, data_dir)
    section = document.get(service)
    if section is None:
        raise DataError(f"{_LIMITS}: no statutory limits for service {service!r}")
    limits = []
    for i, row in enumerate(section.get("limits", ())):
        where = f"{_LIMITS} {service}.limits[{i}]"
        limits.append(
            StatutoryMinimum(
                setting=_get(row, "setting", where),
                rule=_get(row, "rule", where),
                minimum=_decimal(row["minimum"], where) if "minimum" in row else None,
                maximum=_decimal(row["maximum"], where) if "maximum" in row else None,
                countries=tuple(row.get("countries", ())),
            )
        )
    return StatutoryLimits(service, tuple(limits), section.get("forbidden_remedies", {}))


def _aeo_table(name: str, rows: Any, excess: Decimal, where: str) -> AeoTable:
    try:
        bands = tuple(
            AeoBand(_decimal(_get(r, "upper", where), where), _decimal(_get(r, "rate", where), where)) for r in rows
        )
        return AeoTable(name, bands, excess)
    except ValueError as error:
        if isinstance(error, DataError):
            raise
        raise DataError(f"{where}: {_message(error)}") from None


def load_aeo_tables(data_dir: Path | None = None) -> DatedTable[AeoSchedule]:
    """Sch 4 tables A, B and C by the date they took effect."""
    rows = []
    for i, row in enumerate(load_toml(_AEO, data_dir).get("tables", ())):
        where = f"{_AEO} tables[{i}]"
        excess = _decimal(_get(row, "excess_rate", where), f"{where} excess_rate")
        schedule = AeoSchedule(
            weekly=_aeo_table("Table A (weekly)", _get(row, "weekly", where), excess, f"{where} weekly"),
            monthly=_aeo_table("Table B (monthly)", _get(row, "monthly", where), excess, f"{where} monthly"),
            daily=_aeo_table("Table C (daily)", _get(row, "daily", where), excess, f"{where} daily"),
            source=_get(row, "source", where),
        )
        rows.append((parse_date(_get(row, "effective_from", where), f"{where} effective_from"), schedule))
    return DatedTable("attachment of earnings tables", rows)


def load_ea_fees(data_dir: Path | None = None) -> DatedTable[FeeSchedule]:
    rows = []
    for i, row in enumerate(load_toml(_FEES, data_dir).get("schedules", ())):
        where = f"{_FEES} schedules[{i}]"
        stages = {
            stage: FeeStage(
                _money(_get(row, f"{stage}.fixed", where), f"{where} {stage}.fixed"),
                _decimal(_get(row, f"{stage}.percentage", where), f"{where} {stage}.percentage"),
            )
            for stage in EA_STAGES
        }
        schedule = FeeSchedule(stages, _money(_get(row, "threshold", where), f"{where} threshold"), _get(row, "source", where))
        rows.append((parse_date(_get(row, "effective_from", where), f"{where} effective_from"), schedule))
    return DatedTable("enforcement agent fees", rows)


def load_thresholds(data_dir: Path | None = None) -> Thresholds:
    document = load_toml(_THRESHOLDS, data_dir)
    amounts = {}
    for name, section in document.get("amounts", {}).items():
        where = f"{_THRESHOLDS} amounts.{name}"
        amounts[name] = DatedTable(
            name,
            [
                (parse_date(_get(r, "effective_from", where), where), _money(_get(r, "amount", where), where))
                for r in _get(section, "rows", where)
            ],
        )
    availability = {}
    for name, section in document.get("availability", {}).items():
        for country in ("england", "wales"):
            where = f"{_THRESHOLDS} availability.{name}.{country}"
            rows = _get(section, country, where)
            availability[(name, country)] = DatedTable(
                f"{name} ({country})",
                [(parse_date(_get(r, "effective_from", where), where), bool(_get(r, "available", where))) for r in rows],
            )
    return Thresholds(amounts, availability)


def load_hold_reasons(data_dir: Path | None = None) -> dict[str, HoldReason]:
    reasons = {}
    for code, row in load_toml(_HOLDS, data_dir).items():
        where = f"{_HOLDS} {code}"
        reasons[code] = HoldReason(
            code=code,
            label=_get(row, "label", where),
            rule=_get(row, "rule", where),
            default_days=row.get("default_days"),
            after_treatment_days=row.get("after_treatment_days"),
            resume_after_days=_int(row.get("resume_after_days", 0), f"{where} resume_after_days"),
            recalls=tuple(row.get("recalls", ())),
            qualifying_debt_only=bool(row.get("qualifying_debt_only", False)),
            months_since_last=None if "months_since_last" not in row
            else _int(row["months_since_last"], f"{where} months_since_last"),
        )
    return reasons


def load_recovery_rules(service: str = "ctax", data_dir: Path | None = None) -> RecoveryRules:
    """The checked recovery rules for ``service``; an unlawful stage set raises :class:`DataError`."""
    stages = load_stage_set(service, data_dir)
    try:
        return RecoveryRules(
            stages=stages,
            limits=load_statutory_limits(service, data_dir),
            aeo=load_aeo_tables(data_dir),
            ea_fees=load_ea_fees(data_dir),
            thresholds=load_thresholds(data_dir),
            hold_reasons=load_hold_reasons(data_dir),
        )
    except RecoveryConfigError as error:
        raise DataError(f"{_STAGES.format(service=service)}: {_message(error)}") from None
