"""The council's ledger settings in ``ledger.toml`` in its council folder: allocation policy and authorisation limits."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import attrs

from refdata import DataError, council_dir, load_council_toml, parse_date
from refdata.unverified import marks
from revcore.allocation import AllocationPolicy, CostsOrder
from revcore.approvals import ApprovalError, AuthorisationLimits
from revcore.dated import DatedTable, NotInForce
from revcore.money import MoneyError, to_money

__all__ = ["LedgerSettings", "ledger_settings"]

_FILE = "ledger.toml"


@attrs.frozen
class LedgerSettings:
    policy: AllocationPolicy
    limits: AuthorisationLimits
    unverified: dict[str, str] = attrs.field(factory=dict, eq=False)
    """Setting (as named in ``ledger.toml``) -> what is not confirmed and its source."""


@lru_cache(maxsize=None)
def _table(data_dir: Path) -> DatedTable[LedgerSettings]:
    rows = []
    for index, row in enumerate(load_council_toml(_FILE, data_dir).get("setting", [])):
        where = f"{_FILE} setting[{index}]"
        try:
            order = CostsOrder(row["costs_order"])
        except KeyError:
            raise DataError(f"{where}: missing costs_order") from None
        except ValueError:
            raise DataError(f"{where}.costs_order: {row['costs_order']!r} is not one of "
                            f"{[o.value for o in CostsOrder]}") from None
        try:
            limits = AuthorisationLimits(
                to_money(row["refund_authorisation_above"], where=f"{where}.refund_authorisation_above"),
                to_money(row["write_off_authorisation_above"], where=f"{where}.write_off_authorisation_above"),
            )
        except KeyError as missing:
            raise DataError(f"{where}: missing {missing}") from None
        except (MoneyError, ApprovalError) as error:
            raise DataError(str(error)) from None
        rows.append((parse_date(row.get("effective_from"), f"{where}.effective_from"),
                     LedgerSettings(AllocationPolicy(order), limits, marks(row))))
    try:
        return DatedTable("ledger settings", rows)
    except ValueError as error:
        raise DataError(f"{_FILE}: {error}") from None


def ledger_settings(day: dt.date, data_dir: Path | None = None) -> LedgerSettings:
    """The allocation policy and authorisation limits in force on ``day``."""
    try:
        return _table(data_dir or council_dir()).at(day)
    except NotInForce as error:
        raise DataError(str(error)) from None
