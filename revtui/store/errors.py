"""The errors the store raises: each names the table, the document and what to do next."""

from __future__ import annotations

from datetime import datetime

__all__ = [
    "StoreError",
    "ConflictError",
    "DocumentError",
    "MissingReasonError",
    "NotFoundError",
    "SchemaError",
    "IndexMismatchError",
    "StoreBusyError",
]


class StoreError(Exception):
    """Any failure of the document store that the caller should show to the officer."""


class ConflictError(StoreError):
    """A save based on a version of a document that someone else has since changed or removed.

    Nothing was written; the caller reloads the document and makes the change again.
    """

    def __init__(
        self,
        table: str,
        doc_id: int,
        expected_version: int,
        current_version: int | None,
        changed_by: str,
        changed_at: datetime | None,
        reason: str,
    ) -> None:
        self.table = table
        self.doc_id = doc_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.reason = reason
        when = changed_at.strftime("%Y-%m-%d %H:%M:%S %Z") if changed_at else "an unknown time"
        what = "removed" if current_version is None else f"changed (now version {current_version})"
        because = f" because: {reason}" if reason else ""
        super().__init__(
            f"{table} document {doc_id} was {what} by {changed_by} at {when}{because}; "
            f"you were editing version {expected_version}. Nothing was saved: reload it and "
            f"make your change again."
        )


class DocumentError(StoreError):
    """A document that cannot be stored or read back (not JSON, or not convertible to its class)."""


class MissingReasonError(StoreError):
    """A change without a reason: every change to the store records why it was made."""


class NotFoundError(StoreError, KeyError):
    """No document with that id in that table."""

    def __str__(self) -> str:  # KeyError would otherwise print the repr of the message
        return str(self.args[0]) if self.args else ""


class SchemaError(StoreError):
    """Documents or a store written by a newer program, or a migration step that is missing."""


class IndexMismatchError(StoreError):
    """A write through a table opened without the indexes the store records for it.

    Writing would leave the look-up columns stale, so the write is refused.
    """


class StoreBusyError(StoreError):
    """Another process held the store's write lock for longer than the busy timeout."""
