"""Terms a notice states that the engine does not decide: the council's enforcement agent (the
council folder's ``recovery/enforcement_agents.toml``), what an employer may deduct towards its
costs under an attachment of earnings order, and how long an owner has to appeal a completion
notice (dated tables, both UNVERIFIED). Any error names the file and what was wrong.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from refdata import DataError, load_council_toml, load_toml, parse_date
from revcore.dated import DatedTable
from revcore.money import MoneyError, to_money

__all__ = ["Agent", "load_agent", "employer_admin_fee", "completion_appeal_days", "notify_penalty"]

_AGENTS = "recovery/enforcement_agents.toml"
_EMPLOYER_FEE = "recovery/aeo_employer_fee.toml"
_COMPLETION = "ctax/completion_notices.toml"
_PENALTIES = "ctax/penalties.toml"


@attrs.frozen
class Agent:
    """The enforcement agents a council refers its debts to, as the referral letter names them."""

    name: str
    contact: tuple[str, ...]


def load_agent(council_code: str, data_dir: Path | None = None) -> Agent:
    row = load_council_toml(_AGENTS, data_dir).get(council_code)
    if row is None:
        raise DataError(f"{_AGENTS}: no enforcement agent for council {council_code!r}; add a [{council_code}] table")
    try:
        contact = tuple(str(line) for line in row["contact"])
        name = str(row["name"])
    except KeyError as missing:
        raise DataError(f"{_AGENTS} [{council_code}]: {missing.args[0]} is missing") from None
    if not name.strip() or not contact:
        raise DataError(f"{_AGENTS} [{council_code}]: give the agent's name and at least one line of contact")
    return Agent(name, contact)


def _dated(relative: str, key: str, what: str, data_dir: Path | None) -> DatedTable[object]:
    rows = []
    for i, row in enumerate(load_toml(relative, data_dir).get(key, ())):
        where = f"{relative} {key}[{i}]"
        if "effective_from" not in row:
            raise DataError(f"{where}: missing effective_from")
        rows.append((parse_date(row["effective_from"], f"{where} effective_from"), (row, where)))
    return DatedTable(what, rows)


def _amount(row: dict, where: str) -> Decimal:
    """A dated row's ``amount`` as money, or a DataError naming the row."""
    try:
        return to_money(row["amount"], where=f"{where} amount")
    except KeyError:
        raise DataError(f"{where}: missing amount") from None
    except MoneyError as error:
        raise DataError(str(error)) from None


def employer_admin_fee(day: dt.date, data_dir: Path | None = None) -> Decimal:
    """What the employer may deduct each time under an order in force on ``day``."""
    row, where = _dated(_EMPLOYER_FEE, "fees", "employer's administrative fee", data_dir).at(day)  # type: ignore[misc]
    return _amount(row, where)


def completion_appeal_days(day: dt.date, data_dir: Path | None = None) -> int:
    """Days (beginning with the day of service) to appeal a completion notice served on ``day``."""
    row, where = _dated(_COMPLETION, "rule", "completion notice appeal period", data_dir).at(day)  # type: ignore[misc]
    days = row.get("appeal_days")
    if not isinstance(days, int) or days < 1:
        raise DataError(f"{where}: appeal_days {days!r} must be a whole number of days")
    return days


def notify_penalty(country: str, day: dt.date, data_dir: Path | None = None) -> Decimal:
    """The penalty for failing to notify the billing authority (LGFA 1992 Sch 3 para 1(2)) that a
    demand notice issued on ``day`` by a council in ``country`` ("england", "wales") states."""
    rows = []
    for i, row in enumerate(load_toml(_PENALTIES, data_dir).get("penalty", ())):
        where = f"{_PENALTIES} penalty[{i}]"
        if row.get("country") == country:
            if "effective_from" not in row:
                raise DataError(f"{where}: missing effective_from")
            rows.append((parse_date(row["effective_from"], f"{where} effective_from"), (row, where)))
    row, where = DatedTable(f"penalty for failing to notify ({country})", rows).at(day)  # type: ignore[misc]
    return _amount(row, where)
