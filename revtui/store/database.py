"""The store: a TinyDB database whose storage is SQLite and whose tables are SQL rows."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import datetime

from tinydb import TinyDB

from .errors import StoreError
from .indexes import Index
from .sqlite_storage import SQLiteStorage, utc_now
from .table import SQLiteTable

__all__ = ["Store"]


class Store(TinyDB):
    """A TinyDB database held in one SQLite file, safe for many processes at once.

    ``Store(path)`` opens (or creates) the file; ``store.table(name, indexes=[...])`` gives a
    :class:`SQLiteTable`. Every write needs a reason: pass ``reason=`` to the write, or make the
    writes inside ``with store.change("why"):``, which also makes them one atomic transaction.

    :param user: recorded as who made each change; the operating-system user by default.
    :param clock: gives "now" (timezone-aware) for the audit trail.
    :param timeout: seconds a write waits for other processes' writes before failing.
    """

    table_class = SQLiteTable
    default_storage_class = SQLiteStorage

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        user: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        timeout: float = 30.0,
    ) -> None:
        super().__init__(path, user=user, clock=clock, timeout=timeout, storage=SQLiteStorage)

    @property
    def storage(self) -> SQLiteStorage:
        return self._storage  # type: ignore[return-value]

    @property
    def path(self) -> str:
        return self.storage.path

    @property
    def user(self) -> str:
        return self.storage.user

    def table(self, name: str, *, indexes: Iterable[Index] = ()) -> SQLiteTable:  # type: ignore[override]
        """The table ``name``, keeping the look-ups in ``indexes`` (see :class:`SQLiteTable`)."""
        indexes = list(indexes)
        if name in self._tables:
            table = self._tables[name]
            wanted = sorted(ix.signature for ix in indexes)
            if indexes and sorted(ix.signature for ix in table.indexes.values()) != wanted:
                raise StoreError(f"table {name} is already open with other indexes in this process")
            return table  # type: ignore[return-value]
        table = SQLiteTable(self.storage, name, indexes)
        self._tables[name] = table
        return table

    def tables(self) -> set[str]:
        rows = self.storage.connection.execute(
            "SELECT name FROM tables UNION SELECT DISTINCT tbl FROM documents"
        )
        return {name for (name,) in rows}

    def drop_table(self, name: str) -> None:
        raise StoreError("dropping a table would erase its audit trail; remove its documents instead")

    def drop_tables(self) -> None:
        raise StoreError("dropping tables would erase their audit trail; remove documents instead")

    def change(self, reason: str, *, user: str | None = None) -> AbstractContextManager[None]:
        """One atomic, audited change: every write in the block commits together, with ``reason``."""
        return self.storage.change(reason, user=user)
