"""Who is working, on which council, on which day: what every officer action is given.

The officer is the operating-system user (as the store records them); their role comes from a
small TOML file (``[roles]`` table of user = role), ``officer`` when not listed. The council whose
tariff charges the accounts is named in the store's settings (``council`` document), else given.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import tomllib
from pathlib import Path

import attrs

from refdata.ctax import load_tariff
from revcore.ctax import Tariff
from revtui import clock
from revtui.records import Records, open_records
from revtui.records_payments import CashRecords, open_cash_records
from revtui.store import Store

__all__ = ["Session", "open_session", "role_of", "council_code", "set_council", "DEFAULT_ROLE", "ROLES"]

DEFAULT_ROLE = "officer"
ROLES = ("officer", "senior officer", "supervisor", "trainer")
_COUNCIL_ID = "council"


@attrs.frozen
class Session:
    """An officer's working session on one store."""

    records: Records
    tariff: Tariff
    officer: str
    role: str
    today: dt.date
    training: bool
    cash: CashRecords
    """Payments, suspense, Direct Debit and approval requests (:mod:`revtui.records_payments`)."""

    @property
    def store(self) -> Store:
        return self.records.store


def role_of(user: str, roles_file: str | os.PathLike[str] | None) -> str:
    """The user's role in ``roles_file`` (``[roles]`` user = role), or ``officer``."""
    if roles_file is None or not Path(roles_file).exists():
        return DEFAULT_ROLE
    with open(roles_file, "rb") as handle:
        try:
            table = tomllib.load(handle).get("roles", {})
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{roles_file}: not valid TOML: {error}") from None
    role = table.get(user, DEFAULT_ROLE)
    if role not in ROLES:
        raise ValueError(f"{roles_file}: role {role!r} of {user!r} is not one of {', '.join(ROLES)}")
    return role


def council_code(store: Store, default: str = "demo-district") -> str:
    """The council the store belongs to (its ``settings`` document), else ``default``."""
    found = store.table(clock.SETTINGS_TABLE).search(lambda doc: doc.get("name") == _COUNCIL_ID)
    return found[0]["code"] if found else default


def set_council(store: Store, code: str) -> None:
    """Record which council's tariff charges this store's accounts."""
    load_tariff(code)  # refuse an unknown council before writing
    table = store.table(clock.SETTINGS_TABLE)
    with store.change(f"the store belongs to council {code}"):
        found = table.search(lambda doc: doc.get("name") == _COUNCIL_ID)
        if found:
            table.update({"code": code}, doc_ids=[found[0].doc_id])
        else:
            table.insert({"name": _COUNCIL_ID, "code": code})


def open_session(
    store: Store,
    *,
    roles_file: str | os.PathLike[str] | None = None,
    council: str | None = None,
    today: dt.date | None = None,
) -> Session:
    """Open the records of ``store`` for its user, with today from the council clock."""
    user = store.user or getpass.getuser()
    records = open_records(store)
    return Session(
        records=records,
        tariff=load_tariff(council or council_code(store)),
        officer=user,
        role=role_of(user, roles_file),
        today=today or clock.today(store),
        training=clock.is_training(store),
        cash=open_cash_records(store, records),
    )
