"""The document store: TinyDB's programming model over SQLite, safe for many officers at once.

Officers work in their own processes on one server, all day, on the same store. Stock TinyDB
reads and rewrites one JSON file per operation, with no locking; this package keeps TinyDB's
model (tables of JSON documents, ``Query`` objects, ``insert``/``get``/``search``/``update``)
and replaces what is underneath, through TinyDB's own extension points:

* :class:`Store` is a ``TinyDB`` whose ``default_storage_class`` is :class:`SQLiteStorage`
  (one SQLite file in WAL mode, ``synchronous=FULL``, a busy timeout) and whose
  ``table_class`` is :class:`SQLiteTable` (one SQL row per document). TinyDB middlewares are
  not used: they wrap whole-database reads and writes, which is exactly what is avoided.
* Reads: ``get(doc_id=...)`` reads one row; a query on a declared :class:`Index` (account
  reference, UPRN, name, postcode ...) reads the index and the rows it names; other queries
  scan rows of that table only. Readers never wait for writers (WAL).
* Writes take the write lock first (``BEGIN IMMEDIATE``), so a read-modify-write in one call or
  one ``with store.change(reason):`` block cannot lose another process's update; each
  commit is fsynced before it returns. Each write bumps the document's version, refreshes its
  look-ups and appends an audit entry (who, when, field diff, reason) in the same transaction.
* Optimistic versioning for edits that span an officer's think-time: a document or
  :class:`Stored` value carries the version it was read at; saving it after someone else's
  change raises :class:`ConflictError` naming the document, who changed it, when and why.
* :class:`Repository` turns documents into frozen attrs objects with cattrs
  (:func:`make_converter`), with schema versions and migrations.
* :mod:`.maintenance`: online backup, restore (which never lets a save from before it through);
  :mod:`.integrity`: a check that only reports, over a sealed audit trail (:mod:`.chain`).

Failure modes and their handling are described in ``docs/store.md``.
"""

from .audit import AuditEntry
from .convert import make_converter
from .database import Store
from .errors import (
    ConflictError,
    DocumentError,
    IndexMismatchError,
    MissingReasonError,
    NotFoundError,
    SchemaError,
    StoreBusyError,
    StoreError,
)
from .indexes import Index, normalise_postcode, normalise_text, word_starts
from .repository import Repository, Stored, StoredPart, once_per_store
from .sqlite_storage import SQLiteStorage
from .table import SQLiteTable, StoredDocument

__all__ = [
    "AuditEntry",
    "ConflictError",
    "DocumentError",
    "Index",
    "IndexMismatchError",
    "MissingReasonError",
    "NotFoundError",
    "Repository",
    "SQLiteStorage",
    "SQLiteTable",
    "SchemaError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "Stored",
    "StoredPart",
    "StoredDocument",
    "make_converter",
    "normalise_postcode",
    "normalise_text",
    "once_per_store",
    "word_starts",
]
