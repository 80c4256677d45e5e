"""Repositories: one table of documents seen as revcore objects (frozen attrs classes).

A :class:`Repository` converts with cattrs (:mod:`.convert`), keeps the table's look-up
indexes, upgrades old documents through registered migrations, and hands out :class:`Stored`
values that carry the version they were read at, so saving them back is optimistic: a change
made meanwhile by another officer raises :class:`ConflictError` instead of being overwritten.

Schema versions: each document holds ``"_schema": n``. ``migrations[n]`` turns a schema-``n``
document into a schema-``n + 1`` one. Documents are upgraded lazily as they are read (the
stored row is rewritten on the next save) or all at once by :meth:`Repository.migrate`. The
table records the highest schema any program has written to it; an older program (or a
document newer than the program) is refused with :class:`SchemaError` rather than misread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Generic, TypeVar

import attrs
import cattrs
import orjson
from tinydb.queries import QueryLike

from .audit import AuditEntry
from .convert import describe_error, make_converter
from .database import Store
from .errors import DocumentError, NotFoundError, SchemaError
from .indexes import Index
from .table import StoredDocument

__all__ = ["Repository", "Stored", "Migration", "SCHEMA_KEY"]

T = TypeVar("T")
Migration = Callable[[dict[str, Any]], dict[str, Any]]

SCHEMA_KEY = "_schema"


@attrs.frozen
class Stored(Generic[T]):
    """An object read from (or just written to) a repository, with the version it is at."""

    doc_id: int
    version: int
    value: T
    changed_by: str
    changed_at: datetime


class Repository(Generic[T]):
    """The documents of one table as objects of class ``cls``.

    :param store: the open :class:`Store`.
    :param table: the table's name.
    :param cls: an attrs class; documents are its cattrs unstructured form plus ``_schema``.
    :param schema_version: the document schema this program writes (1 for a new table).
    :param migrations: ``{n: function}`` upgrading a schema-``n`` document to ``n + 1``, for
        every ``n`` below ``schema_version``.
    :param indexes: the table's look-ups (functions of the document, see :class:`Index`).
    :param converter: a cattrs converter; :func:`make_converter` by default.
    """

    def __init__(
        self,
        store: Store,
        table: str,
        cls: type[T],
        *,
        schema_version: int = 1,
        migrations: Mapping[int, Migration] | None = None,
        indexes: Iterable[Index] = (),
        converter: cattrs.Converter | None = None,
    ) -> None:
        if not attrs.has(cls):
            raise TypeError(f"{cls!r} is not an attrs class")
        if SCHEMA_KEY in {field.name for field in attrs.fields(cls)}:
            raise TypeError(f"{cls.__name__} has a field named {SCHEMA_KEY!r}, which the store uses")
        migrations = dict(migrations or {})
        missing = [n for n in range(1, schema_version) if n not in migrations]
        if schema_version < 1 or missing:
            raise SchemaError(
                f"{table}: schema {schema_version} needs a migration from each earlier schema; "
                f"missing from {missing}"
            )
        self.store = store
        self.cls = cls
        self.schema_version = schema_version
        self.migrations = migrations
        self.converter = converter or make_converter()
        # Index a document as its current schema, so an old one is found like a migrated one.
        upgraded_indexes = [
            Index(
                ix.name,
                lambda doc, ix=ix: ix.extract(self._upgrade(doc)),
                normalise=ix.normalise,
                version=ix.version,
                path=ix.path,
            )
            for ix in indexes
        ]
        self.table = store.table(table, indexes=upgraded_indexes)
        self.indexes = self.table.indexes
        self._claim_schema()

    @property
    def name(self) -> str:
        return self.table.name

    # -- reading --------------------------------------------------------------------------------

    def get(self, doc_id: int) -> Stored[T]:
        """The object with this id. :raises NotFoundError: there is none."""
        document = self.table.get(doc_id=doc_id)
        if document is None:
            raise NotFoundError(f"{self.name} document {doc_id} does not exist")
        return self._from_document(document)

    def find(self, index: str, value: str, *, limit: int | None = None) -> list[Stored[T]]:
        """Objects whose ``index`` holds ``value`` (case- and space-insensitive)."""
        return self.search(self._index(index).equals(value), limit=limit)

    def find_one(self, index: str, value: str) -> Stored[T] | None:
        """The one object whose ``index`` holds ``value``, or None; two or more is an error."""
        found = self.find(index, value, limit=2)
        if len(found) > 1:
            raise DocumentError(f"{self.name}: more than one document has {index} {value!r}")
        return found[0] if found else None

    def find_prefix(self, index: str, prefix: str, *, limit: int | None = None) -> list[Stored[T]]:
        """Objects with a value in ``index`` starting with ``prefix``, in index order."""
        return self.search(self._index(index).prefix(prefix), limit=limit)

    def search(self, cond: QueryLike, *, limit: int | None = None) -> list[Stored[T]]:
        """Objects whose documents match a TinyDB query (index look-ups read only their rows)."""
        return [self._from_document(doc) for doc in self.table.search(cond, limit=limit)]

    def history(self, doc_id: int) -> list[AuditEntry]:
        """Who changed the document, when, what and why; oldest first."""
        return self.table.history(doc_id)

    def __len__(self) -> int:
        return len(self.table)

    def __iter__(self) -> Iterator[Stored[T]]:
        """Every object, by id, read a page at a time."""
        return (self._from_document(doc) for doc in self.table)

    # -- writing --------------------------------------------------------------------------------

    def add(self, value: T, *, reason: str | None = None) -> Stored[T]:
        """Store a new object; gives it with its id and version 1."""
        document = self.to_document(value)
        doc_id = self.table.insert(document, reason=reason)
        stored = self.table.get(doc_id=doc_id)
        assert stored is not None
        return Stored(doc_id, stored.version, value, stored.changed_by, stored.changed_at)  # type: ignore[arg-type]

    def save(self, previous: Stored[T], value: T, *, reason: str | None = None) -> Stored[T]:
        """Replace ``previous`` by ``value``.

        :raises ConflictError: the document changed since ``previous`` was read; nothing written.
        :raises DocumentError: ``value`` cannot be converted; nothing written.
        """
        document = StoredDocument(self.to_document(value), previous.doc_id, previous.version)
        saved = self.table.save(document, reason=reason)
        return Stored(saved.doc_id, saved.version, value, saved.changed_by, saved.changed_at)  # type: ignore[arg-type]

    def modify(self, doc_id: int, change: Callable[[T], T], *, reason: str | None = None) -> Stored[T]:
        """Read, change and save holding the write lock throughout, so it cannot conflict.

        For batch jobs (posting a payment file); an officer's edit, which spans think-time,
        uses :meth:`get` then :meth:`save`. If ``change`` raises, nothing is written.
        """
        with self.store.storage.write_transaction():
            current = self.get(doc_id)
            return self.save(current, change(current.value), reason=reason)

    def remove(self, previous: Stored[T], *, reason: str | None = None) -> None:
        """Remove the object, unless it changed since ``previous`` was read (ConflictError)."""
        self.table.remove_document(StoredDocument({}, previous.doc_id, previous.version), reason=reason)

    def migrate(self, *, reason: str, batch: int = 500) -> int:
        """Rewrite every document older than this program's schema; gives how many.

        Runs in transactions of ``batch`` documents so other officers' writes interleave; if
        stopped part way, the rest are still upgraded when read and by the next run.
        """
        migrated = 0
        last = 0
        conn = self.store.storage.connection
        while True:
            with self.store.change(reason):
                rows = conn.execute(
                    "SELECT doc_id FROM documents WHERE tbl=? AND doc_id>? ORDER BY doc_id LIMIT ?",
                    (self.name, last, batch),
                ).fetchall()
                for (doc_id,) in rows:
                    document = self.table.get(doc_id=doc_id)
                    assert document is not None
                    if document.get(SCHEMA_KEY, 1) < self.schema_version:
                        upgraded = StoredDocument(self._upgrade(document), doc_id, document.version)
                        self.table.save(upgraded)
                        migrated += 1
            if len(rows) < batch:
                return migrated
            last = rows[-1][0]

    # -- conversion -----------------------------------------------------------------------------

    def to_document(self, value: T) -> dict[str, Any]:
        """The document for ``value``, checked to read back as an equal object.

        :raises DocumentError: it cannot be converted, is not JSON, or reads back differently.
        """
        if not isinstance(value, self.cls):
            raise DocumentError(f"{self.name}: expected a {self.cls.__name__}, got {type(value).__name__}")
        try:
            document = self.converter.unstructure(value, self.cls)
            document = orjson.loads(orjson.dumps(document))  # exactly what the store will hold
            again = self.converter.structure(document, self.cls)
        except Exception as exc:
            raise DocumentError(
                f"{self.name}: this {self.cls.__name__} cannot be stored: {describe_error(exc)}"
            ) from exc
        if again != value:
            where, given, read_back = _first_difference(value, again)
            raise DocumentError(
                f"{self.name}: this {self.cls.__name__} cannot be stored: {where} holds "
                f"{given!r} ({type(given).__name__}), which would read back as {read_back!r}; "
                f"the field's declared type is what the store keeps"
            )
        return {SCHEMA_KEY: self.schema_version, **document}

    def from_document(self, document: Mapping[str, Any], doc_id: int | None = None) -> T:
        """The object for a stored document, upgrading it first if it has an older schema.

        :raises DocumentError: the document cannot be converted (naming each bad field).
        """
        upgraded = self._upgrade(document, doc_id)
        fields = {k: v for k, v in upgraded.items() if k != SCHEMA_KEY}
        try:
            return self.converter.structure(fields, self.cls)
        except Exception as exc:
            raise DocumentError(
                f"{self.name} document {doc_id}: cannot be read as a {self.cls.__name__}: "
                f"{describe_error(exc)}"
            ) from exc

    def _from_document(self, document: StoredDocument) -> Stored[T]:
        value = self.from_document(document, document.doc_id)
        return Stored(document.doc_id, document.version, value, document.changed_by, document.changed_at)  # type: ignore[arg-type]

    def _upgrade(self, document: Mapping[str, Any], doc_id: int | None = None) -> dict[str, Any]:
        schema = document.get(SCHEMA_KEY, 1)
        if not isinstance(schema, int) or schema > self.schema_version:
            raise SchemaError(
                f"{self.name} document {doc_id} has schema {schema!r}, newer than this program's "
                f"{self.schema_version}: upgrade the program"
            )
        upgraded = dict(document)
        while schema < self.schema_version:
            try:
                upgraded = self.migrations[schema](upgraded)
            except Exception as exc:
                raise SchemaError(
                    f"{self.name} document {doc_id}: migration from schema {schema} failed: {exc!r}"
                ) from exc
            schema += 1
            upgraded[SCHEMA_KEY] = schema
        return upgraded

    def _index(self, name: str) -> Index:
        try:
            return self.indexes[name]
        except KeyError:
            raise KeyError(f"{self.name} has no index {name!r} (it has {', '.join(self.indexes)})") from None

    def _claim_schema(self) -> None:
        """Record this program's schema on the table; refuse if a newer program wrote it."""
        conn = self.store.storage.connection
        row = conn.execute("SELECT schema_version FROM tables WHERE name=?", (self.name,)).fetchone()
        if row is not None and row[0] == self.schema_version:
            return
        with self.store.storage.write_transaction() as conn:
            row = conn.execute("SELECT schema_version FROM tables WHERE name=?", (self.name,)).fetchone()
            if row is not None and row[0] > self.schema_version:
                raise SchemaError(
                    f"table {self.name} holds schema {row[0]} documents, written by a newer program "
                    f"(this one knows schema {self.schema_version}): upgrade the program"
                )
            conn.execute(
                "INSERT INTO tables (name, next_id, schema_version, indexes) VALUES (?, 1, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET schema_version=excluded.schema_version",
                (self.name, self.schema_version, self.table.index_signature),
            )


def _first_difference(given: Any, read_back: Any, path: str = "value") -> tuple[str, Any, Any]:
    """Where two objects first differ (attrs fields and sequences walked), for error messages."""
    if attrs.has(type(given)) and type(given) is type(read_back):
        for field in attrs.fields(type(given)):
            a, b = getattr(given, field.name), getattr(read_back, field.name)
            if a != b or type(a) is not type(b):
                return _first_difference(a, b, f"{path}.{field.name}")
    if isinstance(given, (list, tuple)) and isinstance(read_back, (list, tuple)) and len(given) == len(read_back):
        for i, (a, b) in enumerate(zip(given, read_back)):
            if a != b or type(a) is not type(b):
                return _first_difference(a, b, f"{path}[{i}]")
    return path, given, read_back
