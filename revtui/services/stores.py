"""Opening a store, for the application, training and the demo (which never import the store).

The store's errors and stored-value type are given here too, so a screen can tell an officer
that someone else changed an account (:class:`ConflictError`) without reaching below the services.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from revtui.store import ConflictError, DocumentError, Store, Stored, StoreError

__all__ = ["open_store", "second_connection", "Store", "Stored", "ConflictError", "DocumentError", "StoreError"]


def open_store(path: str | os.PathLike[str], *, user: str | None = None) -> Store:
    """The store at ``path`` (the caller has checked it exists, or is making a new one)."""
    return Store(path, user=user)


@contextlib.contextmanager
def second_connection(store: Store, *, user: str | None = None) -> Iterator[Store]:
    """``store`` on a connection of its own, for a worker thread (a connection serves one thread)."""
    other = Store(store.path, user=user or store.user)
    try:
        yield other
    finally:
        other.close()
