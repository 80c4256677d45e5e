"""Who is working, on which council, on which day: what every officer action is given.

The officer is the operating-system account the process runs as (:mod:`revtui.identity`),
never ``$USER`` or an option; their roles come from the council's roles file and their Unix
groups (:mod:`revtui.services.roles`), their limits from :mod:`revtui.services.limits`. The
council whose tariff charges the accounts is named in the store's settings (``council``
document), else given.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

import attrs

from refdata import DataError
from refdata.ctax import load_tariff
from revcore.ctax import Tariff
from revtui import clock
from revtui.records.ctax import Records, open_records
from revtui.records.payments import CashRecords, open_cash_records
from revtui.identity import os_groups, os_user
from revtui.services.limits import OfficerLimits, limits_for
from revtui.services.roles import ROLES, TRAINER, describe_roles, effective_roles, load_roles, parse_role, roles_path
from revtui.store import Store

__all__ = ["Session", "open_session", "reopened", "council_code", "set_council", "ROLES"]

_COUNCIL_ID = "council"


@attrs.frozen
class Session:
    """An officer's working session on one store."""

    records: Records
    tariff: Tariff
    officer: str
    roles: frozenset[str]
    """The roles that count on this store (:func:`revtui.services.roles.effective_roles`)."""
    today: dt.date
    training: bool
    cash: CashRecords
    """Payments, suspense, Direct Debit and approval requests (:mod:`revtui.records.payments`)."""
    limits: OfficerLimits = OfficerLimits()
    """What the officer may post alone (:mod:`revtui.services.limits`)."""
    trainer: bool = False
    """The training store's trainer, who alone moves its clock: named trainer in the roles file
    (everyone on a training store works with the trainer's role, but only the trainer moves the
    day for the whole class); with no roles file, whoever runs it (``make demo``)."""

    @property
    def role(self) -> str:
        """The roles as the header shows them ("senior officer", "officer + trainer", "no role")."""
        return describe_roles(self.roles)

    @property
    def store(self) -> Store:
        return self.records.store


def council_code(store: Store, default: str | None = None) -> str:
    """The council the store belongs to (its ``settings`` document), else ``default``; with no
    default, a store that names no council is refused (nothing falls back to the demo council)."""
    found = store.table(clock.SETTINGS_TABLE).search(lambda doc: doc.get("name") == _COUNCIL_ID)
    if found:
        return str(found[0]["code"])
    if default is None:
        raise DataError(f"{store.path} names no council: create stores with `revtui --store PATH store init "
                        f"--council CODE` (or record one with set_council)")
    return default


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
    officer: str | None = None,
    groups: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
) -> Session:
    """Open the records of ``store`` for the operating-system user, with today from the council clock.

    Their roles come from ``roles_file`` (default ``roles.toml`` beside the store).

    ``officer``, ``groups`` and ``roles`` are for tests and for programs embedding the library
    only: they stand in for the operating-system account, its groups and the roles file. No
    command-line option or environment variable reaches them.

    :raises RolesError: the roles file is not valid TOML or names an unknown role.
    """
    config = load_roles(roles_path(store.path, roles_file))
    user = officer if officer is not None else os_user()
    if roles is not None:
        held = frozenset(parse_role(role, "roles") for role in roles)
    else:
        held = config.roles_of(user, os_groups() if groups is None and officer is None else (groups or ()))
    training = clock.is_training(store)
    effective = effective_roles(held, training=training)
    records = open_records(store)
    return Session(
        records=records,
        tariff=load_tariff(council or council_code(store)),
        officer=user,
        roles=effective,
        today=today or clock.today(store),
        training=training,
        cash=open_cash_records(store, records),
        limits=limits_for(effective, config.limits, where=config.source),
        trainer=training and (TRAINER in held or (roles is None and not config.named_anyone)),
    )


def reopened(session: Session) -> Session:
    """The same officer's session (roles, limits, day) on a new connection to the same store:
    for a worker process of a batch job, which must not use its parent's connection."""
    old = session.store.storage
    store = Store(session.store.path, user=session.officer, clock=old.clock, timeout=old.timeout)
    records = open_records(store)
    return attrs.evolve(session, records=records, cash=open_cash_records(store, records))
