"""Loading a council's records in bulk: the one writer behind the demo council's district (and
the place a migration from an incumbent system will load through).

A builder makes the records (revcore values and the application's records), turns them into
documents with :func:`documents` (in worker processes, where the demo makes them) and hands them
to :class:`BulkLoad`, which writes each part in one audited change. The builder never opens the
store itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from revcore.ctax import Property
from revtui.clock import SETTINGS_TABLE, is_training, set_training_date
from revtui.records.ctax import CtaxAccount, open_records
from revtui.records.payments import RequestRecord, SuspenseEntry, open_cash_records
from revtui.records.rates import rates_accounts
from revtui.records.sundry import hb_overpayments, sundry_debts
from revtui.records.valuation_list import ValuationListEntry, valuation_list
from revtui.services.recovery import RecoveryFile, recovery_repository
from revtui.services.session import set_council
from revtui.store import Repository, Store, make_converter
from revtui.store.repository import SCHEMA_KEY

__all__ = ["Schemas", "documents", "BulkLoad", "add_records", "is_training_store", "TABLES", "table_schemas",
           "insert_documents"]

Schemas = dict[str, tuple[type, int]]
"""Each table's record class and schema version, by the name a builder uses for it."""
TABLES = ("properties", "accounts", "valuation_list", "recovery", "requests", "suspense")
_CONVERTER = make_converter()


def documents(schema: tuple[type, int], values: Iterable[Any]) -> list[dict[str, Any]]:
    """The stored documents of ``values`` of one table (made where the values are, e.g. in a worker)."""
    cls, version = schema
    convert = _CONVERTER.unstructure
    return [{SCHEMA_KEY: version, **convert(value, cls)} for value in values]


def is_training_store(path: str | Path) -> bool:
    """Whether the store at ``path`` is a training store (one with a training clock)."""
    store = Store(path, user="demo")
    try:
        return is_training(store)
    finally:
        store.close()


def _repositories(store: Store) -> dict[str, Repository[Any]]:
    records = open_records(store)
    cash = open_cash_records(store, records)
    return {"properties": records.properties, "accounts": records.accounts, "valuation_list": valuation_list(store),
            "recovery": recovery_repository(store), "requests": cash.requests, "suspense": cash.suspense,
            "rates": rates_accounts(store), "sundry": sundry_debts(store), "hb": hb_overpayments(store)}


def add_records(store: Store, reason: str, values: Mapping[str, Iterable[Any]]) -> None:
    """Add records to the tables named (``rates``, ``sundry``, ``hb``, ``accounts``...) through
    their repositories (each checked on the way in), all in one audited change."""
    repositories = _repositories(store)
    with store.change(reason):
        for name, found in values.items():
            for value in found:
                repositories[name].add(value)


def table_schemas(store: Store) -> Schemas:
    """Each bulk-loaded table's record class and schema version in ``store``."""
    repositories = _repositories(store)
    classes = {"properties": Property, "accounts": CtaxAccount, "valuation_list": ValuationListEntry,
               "recovery": RecoveryFile, "requests": RequestRecord, "suspense": SuspenseEntry}
    return {name: (cls, repositories[name].schema_version) for name, cls in classes.items()}


def insert_documents(store: Store, parts: Mapping[str, list[dict[str, Any]]]) -> None:
    """Insert each table's documents (made by :func:`documents`) inside the caller's change."""
    repositories = _repositories(store)
    for name, docs in parts.items():
        if docs:
            repositories[name].table.insert_multiple(docs)


class BulkLoad:
    """A new store at ``path`` being loaded part by part, each part one audited change."""

    def __init__(self, path: str | Path, *, user: str) -> None:
        self.store = Store(path, user=user)
        self.schemas: Schemas = table_schemas(self.store)

    def start(self, reason: str, council: str, settings: Mapping[str, Any], today: dt.date) -> None:
        """Record the council the store belongs to and the builder's settings document, and set
        the store's training clock to ``today``."""
        with self.store.change(reason):
            set_council(self.store, council)
            set_training_date(self.store, today, reason="demo council's today")
            self.store.table(SETTINGS_TABLE).insert(dict(settings))

    def load(self, reason: str, parts: Mapping[str, list[dict[str, Any]]]) -> None:
        """Insert each table's documents (made by :func:`documents`), all in one change."""
        with self.store.change(reason):
            insert_documents(self.store, parts)

    def add(self, reason: str, values: Mapping[str, Iterable[Any]]) -> None:
        """Add records through their repositories (checked on the way in), all in one change."""
        add_records(self.store, reason, values)

    def session(self, today: dt.date, officer: str):  # noqa: ANN201 (a Session; imported late: no circle)
        """A session on the store being loaded, for a builder that goes on through the services."""
        from revtui.services.session import open_session

        return open_session(self.store, today=today, officer=officer, roles=())

    def close(self) -> None:
        self.store.close()
