"""Reads the stage set for recovering invoiced debts (``recovery/sundry_stages.toml`` in the
council folder) with the letter of claim's reply period (``sundry/recovery.toml``) and the hold
reasons into :class:`revcore.recovery.InvoiceRecoveryRules`. Errors name the file and setting."""

from __future__ import annotations

from pathlib import Path

from refdata import DataError, load_council_toml
from refdata.recovery import _get, _int, _message, _money, load_hold_reasons
from refdata.sundry import load_recovery_rules as load_sundry_recovery
from revcore.recovery import InvoiceRecoveryRules, InvoiceStages, RecoveryConfigError

__all__ = ["load_invoice_rules"]

_STAGES = "recovery/sundry_stages.toml"


def load_invoice_rules(data_dir: Path | None = None) -> InvoiceRecoveryRules:
    document = load_council_toml(_STAGES, data_dir)
    where = _STAGES
    try:
        stages = InvoiceStages(
            name=_get(document, "name", where),
            country=_get(document, "country", where),
            reminder_after_days=_int(_get(document, "reminder.after_days", where), f"{where} reminder.after_days"),
            reminder_period_days=_int(_get(document, "reminder.period_days", where), f"{where} reminder.period_days"),
            final_reminder_period_days=_int(_get(document, "final_reminder.period_days", where),
                                            f"{where} final_reminder.period_days"),
            minimum_arrears=_money(_get(document, "reminder.minimum_arrears", where), f"{where} reminder.minimum_arrears"),
            arrangement_grace_days=_int(_get(document, "arrangement.grace_days", where), f"{where} arrangement.grace_days"),
            write_off_small_balance=_money(_get(document, "write_off.small_balance", where),
                                           f"{where} write_off.small_balance"),
            referral=_get(document, "referral.to", where),
            citations={k: v for k, v in document.get("citations", {}).items() if k != "unverified"},
        )
    except (RecoveryConfigError, ValueError, TypeError) as error:
        if isinstance(error, DataError):
            raise
        raise DataError(f"{where}: {_message(error)}") from None
    return InvoiceRecoveryRules(stages, load_sundry_recovery(data_dir), load_hold_reasons(data_dir))
