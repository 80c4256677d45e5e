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

import enum
import functools
import types
import typing
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
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

__all__ = ["Repository", "Stored", "StoredPart", "Migration", "SCHEMA_KEY"]

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


P = TypeVar("P")


@attrs.frozen
class StoredPart(Generic[P]):
    """One field of a stored object, read without converting the rest of the document (a payment
    run needs an account's ledger, not its people and bills), with the version it was read at.

    ``whole`` is the whole object when the class cannot be saved a field at a time (it checks
    its fields together, or the document has an older schema): saving then saves the whole.
    """

    doc_id: int
    version: int
    name: str
    value: P
    whole: "Stored[Any] | None" = attrs.field(default=None, eq=False, repr=False)


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
        # Documents are converted by a fast converter; one that says where a fault lies is made
        # only to explain a document that failed (rare: a damaged or hand-edited store).
        self.converter = converter or make_converter(detailed=False)
        self._explaining = converter or None
        # The bodies last read or written, by id: {doc_id: (version, document)}. A save of a value
        # read from one of them converts only what changed, reusing the rest of the body read,
        # and the table diffs against it without reading the row again. Bounded (a batch part).
        self._bodies: OrderedDict[int, tuple[int, Mapping[str, Any]]] = OrderedDict()
        self._own_converter = converter is None  # documents are exactly make_converter's form
        # Index a document as its current schema, so an old one is found like a migrated one
        # (and re-extract when the schema changes, since a migration may move the fields read).
        upgraded_indexes = [
            Index(
                ix.name,
                lambda doc, ix=ix: ix.extract(self._upgrade(doc)),
                normalise=ix.normalise,
                version=ix.version,
                path=ix.path,
                reads=None if ix.reads is None else (*ix.reads, SCHEMA_KEY),
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

    def is_current(self, document: Mapping[str, Any]) -> bool:
        """Whether a document read from the table is in this program's schema (its fields are
        where the program reads them, so a job may read them before converting it)."""
        return document.get(SCHEMA_KEY) == self.schema_version

    def read(self, document: StoredDocument) -> Stored[T]:
        """The object of a document read from this repository's table (a batch job's page):
        as :meth:`get` gives it, so it saves the same way. :raises DocumentError: as get."""
        return self._from_document(document)

    def find(self, index: str, value: str, *, limit: int | None = None) -> list[Stored[T]]:
        """Objects whose ``index`` holds ``value`` (case- and space-insensitive)."""
        return self.search(self._index(index).equals(value), limit=limit)

    def find_each(self, index: str, values: Iterable[str]) -> list[Stored[T]]:
        """Objects whose ``index`` holds any of ``values``, by id, read together (few queries)."""
        self._index(index)  # an unknown index is refused as find refuses it
        return [self._from_document(doc) for doc in self.table.lookup_many(index, values)]

    def find_one(self, index: str, value: str) -> Stored[T] | None:
        """The one object whose ``index`` holds ``value``, or None; two or more is an error."""
        found = self.find(index, value, limit=2)
        if len(found) > 1:
            raise DocumentError(f"{self.name}: more than one document has {index} {value!r}")
        return found[0] if found else None

    def ids(self, index: str, value: str) -> list[int]:
        """Ids of the documents whose ``index`` holds ``value``, read from the index alone.

        Cheap (no document is read or converted): for checking, inside a transaction, that
        no document was added or removed under a key since it was last read.
        """
        return self.table.lookup_ids(self._index(index).name, value)

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
        return self.save_many([(previous, value)], reason=reason)[0]

    def save_many(self, changes: Iterable[tuple[Stored[T], T]], *, reason: str | None = None) -> list[Stored[T]]:
        """Replace each ``previous`` by its new value, all in one transaction (all or none).

        For batch jobs: one transaction step and one audit time for the whole batch.

        :raises ConflictError: a document changed since it was read; nothing written.
        :raises DocumentError: a value cannot be converted; nothing written.
        """
        changes = list(changes)
        documents, bodies = [], []
        for previous, value in changes:
            body = self._body(previous)
            documents.append(StoredDocument(self.to_document(value, read_as=previous.value, read_body=body),
                                            previous.doc_id, previous.version))
            bodies.append(body)
        saved = self.table.save_many(documents, reason=reason, previous=bodies, owned=True)
        for doc in saved:
            self._remember(doc.doc_id, doc.version, doc)
        return [
            Stored(doc.doc_id, doc.version, value, doc.changed_by, doc.changed_at)  # type: ignore[arg-type]
            for doc, (_, value) in zip(saved, changes)
        ]

    def modify(self, doc_id: int, change: Callable[[T], T], *, reason: str | None = None) -> Stored[T]:
        """Read, change and save holding the write lock throughout, so it cannot conflict.

        For batch jobs (posting a payment file); an officer's edit, which spans think-time,
        uses :meth:`get` then :meth:`save`. If ``change`` raises, nothing is written.
        """
        with self.store.storage.write_transaction():
            current = self.get(doc_id)
            return self.save(current, change(current.value), reason=reason)

    def find_part(self, index: str, value: str, name: str) -> StoredPart[Any] | None:
        """Field ``name`` of the one object whose ``index`` holds ``value`` (None: there is none),
        converting only that field where :meth:`save_parts` can save it alone."""
        if not self._savable_alone(name):
            whole = self.find_one(index, value)
            return None if whole is None else self.part_of(whole, name)
        found = self.table.find_equal(self._index(index).name, value, 2)
        if len(found) > 1:
            raise DocumentError(f"{self.name}: more than one document has {index} {value!r}")
        if not found:
            return None
        document = found[0]
        if document.get(SCHEMA_KEY) != self.schema_version or name not in document:
            return self.part_of(self._from_document(document), name)
        try:
            part = self.converter.structure(document[name], _type_hints(self.cls)[name])
        except Exception:
            self.from_document(document, document.doc_id)  # raises, naming each bad field
            raise
        self._remember(document.doc_id, document.version, document)
        return StoredPart(document.doc_id, document.version, name, part)

    def part_of(self, stored: Stored[T], name: str) -> StoredPart[Any]:
        """Field ``name`` of an object already read whole (saved whole by :meth:`save_parts`)."""
        return StoredPart(stored.doc_id, stored.version, name, getattr(stored.value, name), stored)

    def save_parts(self, changes: Iterable[tuple[StoredPart[Any], Any]], *, reason: str | None = None) -> list[int]:
        """Replace each part's field by its new value, in one transaction (all or none); gives the
        new versions. The rest of each document is written back as it was read.

        :raises ConflictError: a document changed since it was read; nothing written.
        :raises DocumentError: a value cannot be converted; nothing written.
        """
        changes = list(changes)
        documents: list[StoredDocument] = []
        bodies: list[Mapping[str, Any] | None] = []
        for part, value in changes:
            kept = self._bodies.get(part.doc_id)
            if part.whole is not None or kept is None or kept[0] != part.version:
                whole = part.whole if part.whole is not None else self.get(part.doc_id)
                if whole.version != part.version:  # read again and changed meanwhile
                    documents.append(StoredDocument({}, part.doc_id, part.version))
                    bodies.append(None)
                    continue
                new = attrs.evolve(whole.value, **{part.name: value})  # type: ignore[misc]
                documents.append(StoredDocument(self.to_document(new, read_as=whole.value, read_body=self._body(whole)),
                                                part.doc_id, part.version))
                bodies.append(self._body(whole))
                continue
            body = kept[1]
            documents.append(StoredDocument({**body, part.name: self._field_document(part.name, value, part.value,
                                                                                     body[part.name])},
                                            part.doc_id, part.version))
            bodies.append(body)
        saved = self.table.save_many(documents, reason=reason, previous=bodies, owned=True)
        for doc in saved:
            self._remember(doc.doc_id, doc.version, doc)
        return [doc.version for doc in saved]

    def _field_document(self, name: str, value: Any, earlier: Any, body: Any) -> Any:
        """Field ``name``'s document for ``value``, from ``body`` (``earlier``'s), checked to read back."""
        type_ = _type_hints(self.cls)[name]
        part: Any
        try:
            if type(value) is type_ and attrs.has(type_):
                part = _patch(self.converter, value, earlier, body, type_)
            else:
                part = _grown(self.converter, value, earlier, body, type_)
            if part is None:
                part = orjson.loads(orjson.dumps(self.converter.unstructure(value, type_)))
                if not _reads_back(self.converter, value, part, type_):
                    raise ValueError(f"it would read back as {self.converter.structure(part, type_)!r}")
        except Exception as exc:
            raise DocumentError(f"{self.name}: this {name} cannot be stored: {describe_error(exc)}") from exc
        return part

    @functools.cached_property
    def _alone(self) -> dict[str, bool]:
        return {}

    def _savable_alone(self, name: str) -> bool:
        """Whether field ``name`` can be read and saved without the rest: the class checks no
        fields together (no ``__attrs_post_init__``), and the field has no validator or
        converter (which may read other fields or change the value read back)."""
        if name not in self._alone:
            field = next((f for f in attrs.fields(self.cls) if f.name == name), None)
            self._alone[name] = (
                self._own_converter and field is not None and field.init and field.alias == name
                and field.validator is None and field.converter is None
                and name in _type_hints(self.cls) and not hasattr(self.cls, "__attrs_post_init__")
            )
        return self._alone[name]

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
                        upgraded = StoredDocument(dict(self._upgrade(document)), doc_id, document.version)
                        self.table.save(upgraded)
                        migrated += 1
            if len(rows) < batch:
                return migrated
            last = rows[-1][0]

    # -- conversion -----------------------------------------------------------------------------

    def to_document(self, value: T, *, read_as: T | None = None,
                    read_body: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The document for ``value``, checked to read back as an equal object.

        ``read_as`` is an earlier value of the same document, read from or written to this
        store, so known to read back: the parts of ``value`` that are still ``read_as``'s very
        objects are not converted back again, only what changed (a ledger posting converts back
        its new entry, not the whole account). If that cannot show the change reads back, the
        whole value is checked. ``read_body``, where given, is the stored document ``read_as``
        was read from (or written as): the unchanged parts are then taken from it as they are,
        and only what changed is converted (a posting converts its new entry, not the account).

        :raises DocumentError: it cannot be converted, is not JSON, or reads back differently.
        """
        if not isinstance(value, self.cls):
            raise DocumentError(f"{self.name}: expected a {self.cls.__name__}, got {type(value).__name__}")
        if read_as is not None and read_body is not None and self._own_converter:
            try:
                patched = _patch(self.converter, value, read_as, read_body, self.cls, top=True)
            except Exception:
                patched = None  # not shown: converted and checked whole below, which says what is wrong
            if patched is not None:
                return {SCHEMA_KEY: self.schema_version, **patched}
        document = None
        try:
            document = self.converter.unstructure(value, self.cls)
            document = orjson.loads(orjson.dumps(document))  # exactly what the store will hold
            if read_as is not None and _changes_read_back(self.converter, value, read_as, document):
                return {SCHEMA_KEY: self.schema_version, **document}
            again = self.converter.structure(document, self.cls)
        except Exception as exc:
            reason = self._explain(document, exc) if isinstance(document, dict) else describe_error(exc)
            raise DocumentError(f"{self.name}: this {self.cls.__name__} cannot be stored: {reason}") from exc
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
                f"{self._explain(fields, exc)}"
            ) from exc

    def _explain(self, document: Any, exc: Exception) -> str:
        """What is wrong with ``document`` and where, by converting it again with detail."""
        if self._explaining is None:
            self._explaining = make_converter()
        try:
            self._explaining.structure(document, self.cls)
        except Exception as detailed:
            return describe_error(detailed)
        return describe_error(exc)

    def _from_document(self, document: StoredDocument) -> Stored[T]:
        value = self.from_document(document, document.doc_id)
        if document.get(SCHEMA_KEY) == self.schema_version:  # an old schema's body is not what a save diffs
            self._remember(document.doc_id, document.version, document)
        return Stored(document.doc_id, document.version, value, document.changed_by, document.changed_at)  # type: ignore[arg-type]

    def _remember(self, doc_id: int, version: int, document: Mapping[str, Any]) -> None:
        bodies = self._bodies
        bodies.pop(doc_id, None)
        if len(bodies) >= _BODIES_KEPT:
            bodies.popitem(last=False)  # the longest kept
        bodies[doc_id] = (version, document)

    def _body(self, stored: Stored[T]) -> Mapping[str, Any] | None:
        """The document body ``stored`` was read from, if still kept (None: the table reads it)."""
        kept = self._bodies.get(stored.doc_id)
        return kept[1] if kept is not None and kept[0] == stored.version else None

    def _upgrade(self, document: Mapping[str, Any], doc_id: int | None = None) -> Mapping[str, Any]:
        """The document at this program's schema: ``document`` itself if it is already (not a copy)."""
        schema = document.get(SCHEMA_KEY, 1)
        if schema == self.schema_version:
            return document
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


#: Bodies a repository keeps for saving what it read (a payment part reads 500 accounts).
_BODIES_KEPT = 2048


def _patch(converter: cattrs.Converter, value: Any, earlier: Any, body: Mapping[str, Any], cls: type,
           top: bool = False) -> dict[str, Any] | None:
    """The document of attrs object ``value``, made from ``body`` (the document of ``earlier``):
    fields that are still ``earlier``'s very objects keep ``body``'s part as it is, a tuple that
    only grew gets its new items converted, anything else changed is converted; each converted
    part is checked to read back. None when this cannot be shown (the caller converts whole).

    The result shares unchanged parts with ``body``: neither may be changed afterwards.
    """
    if type(value) is not cls or type(earlier) is not cls or not isinstance(body, Mapping):
        return None
    names = _document_fields(cls)
    if names is None or len(body) - (SCHEMA_KEY in body if top else 0) != len(names):
        return None
    hints = _type_hints(cls)
    document: dict[str, Any] = {}
    part: Any
    for name, plain in names:
        if name not in body:
            return None
        new, old = getattr(value, name), getattr(earlier, name)
        if new is old:
            document[name] = body[name]
            continue
        if not plain or name not in hints:
            return None  # a converter might make the field read back otherwise
        type_ = hints[name]
        if type(new) is type_ and attrs.has(type_):
            part = _patch(converter, new, old, body[name], type_)
            if part is None:
                return None
        else:
            part = _grown(converter, new, old, body[name], type_)
            if part is None:
                part = orjson.loads(orjson.dumps(converter.unstructure(new, type_)))
                if not _reads_back(converter, new, part, type_):
                    return None
        document[name] = part
    return document


def _grown(converter: cattrs.Converter, new: Any, old: Any, body: Any, type_: Any) -> list[Any] | None:
    """A tuple field that only grew (a ledger's entries): the old items' documents as they are,
    the new ones converted and checked; None if it did not just grow."""
    args = typing.get_args(type_)
    if not (typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis
            and isinstance(new, tuple) and isinstance(old, tuple) and isinstance(body, list)
            and len(body) == len(old) <= len(new) and all(a is b for a, b in zip(new, old))):
        return None
    added = orjson.loads(orjson.dumps([converter.unstructure(item, args[0]) for item in new[len(old):]]))
    if not all(_reads_back(converter, item, part, args[0]) for item, part in zip(new[len(old):], added)):
        return None
    return [*body, *added]


@functools.cache
def _document_fields(cls: type) -> tuple[tuple[str, bool], ...] | None:
    """``(name, plain)`` of each field a document of ``cls`` holds (cattrs writes the ``init``
    fields under their names); ``plain``: no converter that could change a value read back."""
    fields = attrs.fields(cls)
    if any(field.alias != field.name for field in fields if field.init):
        return None
    return tuple(
        (field.name, field.converter in (None, tuple) or getattr(field.converter, "makes_a_tuple", False))
        for field in fields if field.init
    )


def _changes_read_back(converter: cattrs.Converter, value: Any, earlier: Any, document: Any) -> bool:
    """Whether the fields of attrs object ``value`` that are not ``earlier``'s own read back equal.

    False means "not shown" (the caller then checks the whole value), never "they do not".
    Fields are compared as the whole object's conversion would build them: an object whose
    fields all read back equal reads back equal, since it was built from equal fields.
    """
    cls = type(value)
    if type(earlier) is not cls or not attrs.has(cls) or not isinstance(document, dict):
        return False
    hints = _type_hints(cls)
    for field in attrs.fields(cls):
        if not field.init:
            continue
        new, old = getattr(value, field.name), getattr(earlier, field.name)
        if new is old:
            continue
        plain = field.converter in (None, tuple) or getattr(field.converter, "makes_a_tuple", False)
        if field.name not in document or field.name not in hints or not plain:
            return False  # a converter might make the field read back otherwise
        type_ = hints[field.name]
        if type(new) is type_ and attrs.has(type_):
            if not _changes_read_back(converter, new, old, document[field.name]):
                return False
        elif not _tuple_reads_back(converter, new, old, document[field.name], type_):
            return False
    return True


def _tuple_reads_back(converter: cattrs.Converter, new: Any, old: Any, document: Any, type_: Any) -> bool:
    """A field's value reads back; for a tuple that only grew (a ledger's entries), just the items added."""
    args = typing.get_args(type_)
    grew = (
        typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis
        and isinstance(new, tuple) and isinstance(old, tuple) and isinstance(document, list)
        and len(document) == len(new) >= len(old) and all(a is b for a, b in zip(new, old))
    )
    if not grew:
        return _reads_back(converter, new, document, type_)
    return all(_reads_back(converter, new[i], document[i], args[0]) for i in range(len(old), len(new)))


def _reads_back(converter: cattrs.Converter, value: Any, document: Any, type_: Any) -> bool:
    if _plainly_reads_back(value, type_):
        return True
    try:
        again = converter.structure(document, type_)
    except Exception:
        return False
    return type(again) is type(value) and again == value


_EXACT = (str, int, bool, Decimal, date)  # each read back from its document form as an equal value of its type


def _plainly_reads_back(value: Any, type_: Any) -> bool:
    """Whether ``value`` is known, from its types alone, to read back from its document (in
    :func:`make_converter`'s form) equal and of its type: text, whole numbers, true/false,
    finite amounts, dates and enum members, in attrs objects, tuples and optionals of them.
    False means "not shown" (the caller then converts it back), never "it does not".
    """
    try:
        check = _checker(type_)
    except TypeError:  # an unhashable type form
        return False
    return check(value)


def _never(_value: Any) -> bool:
    return False


@functools.cache
def _checker(type_: Any) -> Callable[[Any], bool]:
    """:func:`_plainly_reads_back` for one declared type, generated once from the type (the attrs
    class's fields and annotations) as straight-line code: a check per saved entry costs no type
    inspection and no call per field (text, amounts, dates and enums are tested in line)."""
    if type_ in _EXACT or _is_plain_enum(type_):
        space: dict[str, Any] = {}
        return _generated(f"check_{type_.__name__}", [f"return {_test(type_, 'value', space)}"], space)
    if isinstance(type_, type) and attrs.has(type_):
        names = _document_fields(type_)
        hints = _type_hints(type_)
        if names is None or not all(plain and name in hints for name, plain in names):
            return _never
        # an object built from fields that read back equal reads back equal (it is built alike)
        space = {"cls": type_}
        lines = ["if type(value) is not cls:", "    return False"]
        for name, _ in names:
            lines += [f"x = value.{name}", f"if not ({_test(hints[name], 'x', space)}):", "    return False"]
        return _generated(f"check_{type_.__name__}", [*lines, "return True"], space)
    origin = typing.get_origin(type_)
    args = typing.get_args(type_)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        space = {}
        lines = ["if type(value) is not tuple:", "    return False", "for x in value:",
                 f"    if not ({_test(args[0], 'x', space)}):", "        return False", "return True"]
        return _generated("check_tuple", lines, space)
    if (origin is typing.Union or origin is types.UnionType) and type(None) in args:
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) != 1:
            return _never
        space = {}
        return _generated("check_optional", [f"return {_test(type_, 'value', space)}"], space)
    return _never


def _is_plain_enum(type_: Any) -> bool:
    """An enum whose members' values are all text or whole numbers (read back by value)."""
    return (isinstance(type_, type) and issubclass(type_, enum.Enum)
            and all(type(member.value) in (str, int) for member in type_))


def _test(type_: Any, name: str, space: dict[str, Any]) -> str:
    """A Python expression testing variable ``name`` against ``type_``, as :func:`_checker` does;
    ``space`` gets the names it refers to. Other types are left to their own checker, looked up
    when the test runs (a class may refer to itself)."""
    key = f"t{len(space)}"
    if type_ in _EXACT or _is_plain_enum(type_):
        space[key] = type_
        if type_ is Decimal:
            return f"type({name}) is {key} and {name}.is_finite()"
        return f"type({name}) is {key}"
    args = typing.get_args(type_)
    if (typing.get_origin(type_) in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args):
        inner = args[0] if args[1] is type(None) else args[1]
        return f"{name} is None or ({_test(inner, name, space)})"
    space[key] = type_
    space["checker"] = _checker
    return f"checker({key})({name})"


def _generated(name: str, body: list[str], space: dict[str, Any]) -> Callable[[Any], bool]:
    source = f"def {name}(value):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(source, f"<store check {name}>", "exec"), space)  # noqa: S102 (code made from the types above)
    return typing.cast(Callable[[Any], bool], space[name])


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # unresolvable annotations: every change is then checked whole
        return {}


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


R = TypeVar("R")


def once_per_store(open_: Callable[[Store], R]) -> Callable[[Store], R]:
    """Wrap a function opening repositories so it runs once per open store (opening one checks
    its schema and index declarations); the result goes when the store does."""
    opened: "weakref.WeakKeyDictionary[Store, R]" = weakref.WeakKeyDictionary()

    @functools.wraps(open_)
    def get(store: Store) -> R:
        if store not in opened:
            opened[store] = open_(store)
        return opened[store]

    return get
