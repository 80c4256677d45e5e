"""TinyDB ``Table`` over SQL rows: one row per document, versions, look-ups and the audit trail.

This is the ``table_class`` of :class:`revtui.store.Store`. It keeps TinyDB's methods and
their meaning (``insert``, ``get``, ``search``, ``update``, ``upsert``, ``remove`` ...) but each
reads or writes only the rows it needs:

* ``get(doc_id=...)`` reads one row by primary key;
* a query that is (or is and-ed with) an index look-up reads the index, then only the rows it
  names; any other query scans the table's rows, decoding each once, and stops at ``limit``;
* every write runs inside ``BEGIN IMMEDIATE`` ... ``COMMIT`` (the store's write lock), so a
  read-modify-write such as ``update(callable, cond)`` cannot lose another process's change;
* every write raises the document's version, refreshes its look-up rows and appends an audit
  entry, all in the same transaction; every write needs a reason.

TinyDB's query cache is not used: another process may change the table at any moment, so a
cached answer could be stale.

Added to TinyDB's API: ``save`` (optimistic: refuses a stale version with
:class:`ConflictError`), ``remove_document``, ``history``, ``version_at`` and ``limit=`` on
``search``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from datetime import datetime
from itertools import islice
from typing import Any, NoReturn

import orjson
from tinydb.queries import QueryLike
from tinydb.table import Document, Table

from . import chain
from .audit import AuditEntry, diff_documents, undo_changes
from .errors import ConflictError, DocumentError, IndexMismatchError, NotFoundError, StoreError
from .indexes import Index
from .sqlite_storage import SQLiteStorage

__all__ = ["StoredDocument", "SQLiteTable"]

_COLUMNS = "doc_id, version, changed_by, changed_at, body"
_JOINED = "d.doc_id, d.version, d.changed_by, d.changed_at, d.body"
_PAGE = 500
# Strictly JSON: refuse datetimes and dataclasses rather than store a string that reads back
# as something else (orjson would otherwise serialise them silently).
_DUMP_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class StoredDocument(Document):
    """A document as read from the store: its fields, ``doc_id``, ``version`` and last change."""

    def __init__(
        self,
        value: Mapping[str, Any],
        doc_id: int,
        version: int = 0,
        changed_by: str = "",
        changed_at: datetime | None = None,
    ) -> None:
        super().__init__(value, doc_id)
        self.version = version
        self.changed_by = changed_by
        self.changed_at = changed_at


def _bears(index: Any, document: StoredDocument, keys: set[str]) -> bool:
    """Whether ``document`` itself holds one of ``keys`` in ``index`` (a look-up row may be stale;
    as a query, a document without the fields read does not match)."""
    try:
        return not keys.isdisjoint(index.values(document))
    except (KeyError, IndexError, TypeError):
        return False


def _row_to_document(row: Sequence[Any]) -> StoredDocument:
    doc_id, version, changed_by, changed_at, body = row
    return StoredDocument(
        orjson.loads(body), doc_id, version, changed_by, datetime.fromisoformat(changed_at)
    )


def _then(first: Iterable[StoredDocument], count: int, rest: Callable[[], Iterable[StoredDocument]]) -> Iterator[StoredDocument]:
    """``first`` (``count`` rows were asked for), then, only if it was full and more are wanted, ``rest()``."""
    taken = 0
    for doc in first:
        taken += 1
        yield doc
    if taken == count:
        yield from rest()


class SQLiteTable(Table):
    """One TinyDB table stored as rows of the store's ``documents`` table.

    :param storage: the store's :class:`SQLiteStorage`.
    :param name: the table name.
    :param indexes: the look-ups kept for this table. Every program that writes the table must
        declare the same ones (the store records them and refuses writes from a table opened
        with others, since those writes would leave the look-ups stale).
    """

    document_class = StoredDocument

    def __init__(self, storage: SQLiteStorage, name: str, indexes: Iterable[Index] = ()) -> None:
        super().__init__(storage, name)
        self._sql: SQLiteStorage = storage
        self.indexes: dict[str, Index] = {}
        for index in indexes:
            if index.name in self.indexes:
                raise ValueError(f"table {name}: index {index.name!r} declared twice")
            self.indexes[index.name] = index
        self._field_indexes = {ix.path: ix for ix in self.indexes.values() if ix.path}
        self.index_signature = orjson.dumps(sorted(ix.signature for ix in self.indexes.values())).decode()
        if self.indexes:
            self._sync_indexes()

    # -- reading --------------------------------------------------------------------------------

    def get(  # type: ignore[override]
        self,
        cond: QueryLike | None = None,
        doc_id: int | None = None,
        doc_ids: Iterable[int] | None = None,
    ) -> StoredDocument | list[StoredDocument] | None:
        conn = self._sql.connection
        if doc_id is not None:
            return self._fetch(conn, int(doc_id))
        if doc_ids is not None:
            with self._sql.read_transaction():
                found = (self._fetch(conn, int(i)) for i in doc_ids)
                return [doc for doc in found if doc is not None]
        if cond is not None:
            with self._sql.read_transaction():
                return next(self._matching(conn, cond, 1), None)
        raise RuntimeError("You have to pass either cond or doc_id or doc_ids")

    def search(self, cond: QueryLike, limit: int | None = None) -> list[StoredDocument]:  # type: ignore[override]
        """Documents matching ``cond``: in index order when answered from one index, else by id."""
        with self._sql.read_transaction() as conn:
            return list(islice(self._matching(conn, cond, limit), limit))

    def all(self) -> list[StoredDocument]:  # type: ignore[override]
        with self._sql.read_transaction() as conn:
            return list(self._scan(conn))

    def find_equal(self, index: str, value: str, limit: int) -> list[StoredDocument]:
        """Up to ``limit`` documents with ``value`` in ``index``, as :meth:`search` with the index's
        ``equals`` finds them, read by one query without building a query object (a payment
        file looks up each line's account: this was a third of reading its ledger)."""
        found = self._index_rows(index, value, limit)
        if found is None:  # a look-up row the document no longer bears: the general search reads past it
            return self.search(self.indexes[index].equals(value), limit)
        return found

    def _index_rows(self, index: str, value: str, limit: int) -> list[StoredDocument] | None:
        """The documents of the first ``limit`` look-up rows for ``value``; None if one of them does
        not bear ``value`` (the look-ups only narrow: the document itself decides)."""
        ix = self.indexes[index]
        key = ix.normalise(str(value))
        rows = self._sql.connection.execute(
            f"SELECT {_JOINED} FROM lookups l JOIN documents d ON d.tbl=l.tbl AND d.doc_id=l.doc_id "
            "WHERE l.tbl=? AND l.idx=? AND l.value=? ORDER BY l.doc_id LIMIT ?",
            (self.name, index, key, max(limit, 1))).fetchall()
        documents = [_row_to_document(row) for row in rows]
        if not all(_bears(ix, document, {key}) for document in documents):
            return None
        return documents[:limit]

    def lookup_ids(self, index: str, value: str) -> list[int]:
        """Ids of the documents with ``value`` in ``index`` (normalised), from the look-ups alone."""
        key = self.indexes[index].normalise(str(value))
        return list(self._plan_ids(self._sql.connection, ("lookup", index, "eq", key)))

    def __iter__(self) -> Iterator[StoredDocument]:
        """All documents by id, read a page at a time (each page its own snapshot)."""
        last = 0
        while True:
            rows = self._sql.connection.execute(
                f"SELECT {_COLUMNS} FROM documents WHERE tbl=? AND doc_id>? ORDER BY doc_id LIMIT ?",
                (self.name, last, _PAGE),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_document(row)
            last = rows[-1][0]

    def lookup_many(self, index: str, values: Iterable[str]) -> list[StoredDocument]:
        """Documents with any of ``values`` in ``index`` (normalised), by id, in one query per
        500 values: a batch job's part reads its accounts' dwellings together, not one by one.
        As :meth:`find_equal`, the look-ups only narrow: a document must bear a value itself."""
        ix = self.indexes[index]
        keys = sorted({ix.normalise(str(value)) for value in values})
        found: dict[int, StoredDocument] = {}
        # CROSS JOIN keeps SQLite to this order: the look-up's few rows first, not every document
        for start in range(0, len(keys), _PAGE):
            chunk = keys[start:start + _PAGE]
            rows = self._sql.connection.execute(
                f"SELECT DISTINCT {_JOINED} FROM lookups l CROSS JOIN documents d ON d.tbl = l.tbl AND d.doc_id = l.doc_id "
                f"WHERE l.tbl=? AND l.idx=? AND l.value IN ({', '.join('?' * len(chunk))})",
                (self.name, index, *chunk),
            ).fetchall()
            found.update((row[0], _row_to_document(row)) for row in rows)
        wanted = set(keys)
        return [found[doc_id] for doc_id in sorted(found) if _bears(ix, found[doc_id], wanted)]

    def page(self, after: int, upto: int) -> Iterator[StoredDocument]:
        """The documents with ids after ``after`` up to ``upto`` (inclusive), read in one query
        (inside a write transaction, as they stand under the lock) and decoded one at a time as
        taken: a job that keeps few of them never holds the whole part decoded. Parts bounded by
        ids a job listed first neither overlap nor shift when documents are added meanwhile."""
        rows = self._sql.connection.execute(
            f"SELECT {_COLUMNS} FROM documents WHERE tbl=? AND doc_id>? AND doc_id<=? ORDER BY doc_id",
            (self.name, after, upto),
        ).fetchall()
        return map(_row_to_document, rows)

    def parts(self, size: int) -> list[tuple[int, int]]:
        """The table cut into parts of ``size`` documents by id, as ``(after, upto)`` for
        :meth:`page`, from the rows' keys alone (no document read)."""
        ids = self.doc_ids()
        return [(ids[start - 1] if start else 0, ids[min(start + size, len(ids)) - 1])
                for start in range(0, len(ids), size)]

    def doc_ids(self) -> list[int]:
        """Every document's id, in order, read from the rows' keys alone (no body decoded)."""
        return [doc_id for (doc_id,) in self._sql.connection.execute(
            "SELECT doc_id FROM documents WHERE tbl=? ORDER BY doc_id", (self.name,))]

    def __len__(self) -> int:
        (count,) = self._sql.connection.execute(
            "SELECT count(*) FROM documents WHERE tbl=?", (self.name,)
        ).fetchone()
        return count

    def count(self, cond: QueryLike) -> int:
        return len(self.search(cond))

    def history(self, doc_id: int) -> list[AuditEntry]:
        """Every change to the document, oldest first."""
        rows = self._sql.connection.execute(
            "SELECT version, action, who, at, reason, changes FROM audit "
            "WHERE tbl=? AND doc_id=? ORDER BY seq",
            (self.name, doc_id),
        ).fetchall()
        return [
            AuditEntry(
                table=self.name,
                doc_id=doc_id,
                version=version,
                action=action,
                who=who,
                at=datetime.fromisoformat(at),
                reason=reason,
                changes=tuple(orjson.loads(changes)),
            )
            for version, action, who, at, reason, changes in rows
        ]

    def version_at(self, doc_id: int, version: int) -> dict[str, Any]:
        """The document as it was at ``version``, rebuilt from the audit trail."""
        with self._sql.read_transaction() as conn:
            current = self._fetch(conn, doc_id)
            entries = self.history(doc_id)
        wanted = next((e for e in entries if e.version == version), None)
        if wanted is None:
            raise NotFoundError(f"{self.name} document {doc_id} has no version {version}")
        if wanted.action == "remove":
            raise NotFoundError(f"{self.name} document {doc_id} was removed at version {version}")
        document: Any = dict(current) if current is not None else None
        for entry in reversed(entries):
            if entry.version <= version:
                break
            document = undo_changes(document, entry.changes)
        return document

    # -- writing --------------------------------------------------------------------------------

    def insert(self, document: Mapping, *, reason: str | None = None) -> int:  # type: ignore[override]
        return self.insert_multiple([document], reason=reason)[0]

    def insert_multiple(  # type: ignore[override]
        self, documents: Iterable[Mapping], *, reason: str | None = None
    ) -> list[int]:
        who, why = self._sql.who_and_why(reason)
        ids = []
        with self._sql.write_transaction() as conn:
            at = self._sql.now_text()
            self._check_writable(conn)
            for document in documents:
                if not isinstance(document, Mapping):
                    raise ValueError("Document is not a Mapping")
                previous = 0
                if isinstance(document, Document):
                    doc_id = int(document.doc_id)
                    if self._fetch(conn, doc_id) is not None:
                        raise ValueError(f"Document with ID {doc_id} already exists")
                    conn.execute(
                        "UPDATE tables SET next_id = max(next_id, ?) WHERE name=?", (doc_id + 1, self.name)
                    )
                    # A removed document put back carries on from its last version, so a copy
                    # read before the removal can never match the new one by accident.
                    (previous,) = conn.execute(
                        "SELECT coalesce(max(version), 0) FROM audit WHERE tbl=? AND doc_id=?",
                        (self.name, doc_id),
                    ).fetchone()
                else:
                    (doc_id,) = conn.execute(
                        "UPDATE tables SET next_id = next_id + 1 WHERE name=? RETURNING next_id - 1",
                        (self.name,),
                    ).fetchone()
                self._put(conn, doc_id, dict(document), None, who, why, at, previous)
                ids.append(doc_id)
        return ids

    def save(self, document: StoredDocument, *, reason: str | None = None) -> StoredDocument:
        """Write back a document read from this table, unless someone changed it meanwhile.

        :raises ConflictError: the stored version is no longer ``document.version``; nothing
            is written.
        """
        return self.save_many([document], reason=reason)[0]

    def save_many(
        self,
        documents: Iterable[StoredDocument],
        *,
        reason: str | None = None,
        previous: Sequence[Mapping[str, Any] | None] | None = None,
        owned: bool = False,
    ) -> list[StoredDocument]:
        """:meth:`save` each document, in one transaction: all are written or none.

        ``previous[i]``, where given, is the body stored at the version ``documents[i]`` was
        read at (a repository keeps what it read): the change is then diffed against it and
        written only if that version is still the stored one, without reading the row again.
        ``owned``: the caller hands the documents over and will not change them (no copy made).
        """
        who, why = self._sql.who_and_why(reason)
        saved = []
        documents = list(documents)
        olds = list(previous) if previous is not None else [None] * len(documents)
        with self._sql.write_transaction() as conn:
            at = self._sql.now_text()
            when = datetime.fromisoformat(at)
            self._check_writable(conn)
            for document, old in zip(documents, olds, strict=True):
                if old is None:
                    old = self._current(conn, document)
                    checked = True
                else:
                    self._check_read(document)
                    checked = False
                # the caller keeps its own copy unless it handed the document over
                new = dict(document) if owned else orjson.loads(orjson.dumps(document))
                version = self._put(conn, int(document.doc_id), new, old, who, why, at,
                                    old_version=document.version, checked=checked)
                saved.append(StoredDocument(new, int(document.doc_id), version, who, when))
        return saved

    def remove_document(self, document: StoredDocument, *, reason: str | None = None) -> None:
        """Remove a document read from this table, unless someone changed it meanwhile."""
        who, why = self._sql.who_and_why(reason)
        with self._sql.write_transaction() as conn:
            at = self._sql.now_text()
            self._check_writable(conn)
            self._delete(conn, self._current(conn, document), who, why, at)

    def update(  # type: ignore[override]
        self,
        fields: Mapping | Callable[[MutableMapping], None],
        cond: QueryLike | None = None,
        doc_ids: Iterable[int] | None = None,
        *,
        reason: str | None = None,
    ) -> list[int]:
        return self.update_multiple([(fields, cond)], doc_ids=doc_ids, reason=reason)

    def update_multiple(  # type: ignore[override]
        self,
        updates: Iterable[tuple[Mapping | Callable[[MutableMapping], None], QueryLike | None]],
        *,
        doc_ids: Iterable[int] | None = None,
        reason: str | None = None,
    ) -> list[int]:
        updates = list(updates)
        who, why = self._sql.who_and_why(reason)
        with self._sql.write_transaction() as conn:
            at = self._sql.now_text()
            self._check_writable(conn)
            if doc_ids is not None:
                targets = [d for d in (self._fetch(conn, int(i)) for i in doc_ids) if d is not None]
            elif len(updates) == 1 and updates[0][1] is not None:
                targets = list(self._matching(conn, updates[0][1]))
            else:
                targets = list(self._scan(conn))
            updated = []
            for old in targets:
                new = orjson.loads(orjson.dumps(old))  # a deep copy, so the diff sees the change
                touched = False
                for fields, cond in updates:
                    if doc_ids is None and cond is not None and not cond(new):
                        continue
                    touched = True
                    if callable(fields):
                        fields(new)
                    else:
                        new.update(fields)
                if touched:
                    updated.append(old.doc_id)
                    if new != old:
                        self._put(conn, old.doc_id, new, old, who, why, at)
            return updated

    def upsert(  # type: ignore[override]
        self, document: Mapping, cond: QueryLike | None = None, *, reason: str | None = None
    ) -> list[int]:
        doc_ids = [document.doc_id] if isinstance(document, Document) else None
        if doc_ids is None and cond is None:
            raise ValueError(
                "If you don't specify a search query, you must specify a doc_id. "
                "Hint: use a table.Document object."
            )
        with self._sql.write_transaction():
            updated = self.update(document, cond, doc_ids, reason=reason)
            return updated or [self.insert(document, reason=reason)]

    def remove(  # type: ignore[override]
        self,
        cond: QueryLike | None = None,
        doc_ids: Iterable[int] | None = None,
        *,
        reason: str | None = None,
    ) -> list[int]:
        if cond is None and doc_ids is None:
            raise RuntimeError("Use truncate() to remove all documents")
        who, why = self._sql.who_and_why(reason)
        with self._sql.write_transaction() as conn:
            at = self._sql.now_text()
            self._check_writable(conn)
            if doc_ids is not None:
                targets = [d for d in (self._fetch(conn, int(i)) for i in doc_ids) if d is not None]
            else:
                targets = list(self._matching(conn, cond))
            for old in targets:
                self._delete(conn, old, who, why, at)
            return [d.doc_id for d in targets]

    def truncate(self, *, reason: str | None = None) -> None:  # type: ignore[override]
        """Remove every document (each removal audited). Ids are not reused afterwards."""
        who, why = self._sql.who_and_why(reason)
        with self._sql.write_transaction() as conn:
            at = self._sql.now_text()
            self._check_writable(conn)
            for old in list(self._scan(conn)):
                self._delete(conn, old, who, why, at)

    # -- internals ------------------------------------------------------------------------------

    def _read_table(self) -> dict[str, Mapping]:
        raise StoreError("whole-table reads are not used by this store")

    def _update_table(self, updater: Callable[[dict[int, Mapping]], None]) -> None:
        raise StoreError("whole-table writes are not used by this store")

    def _fetch(self, conn: sqlite3.Connection, doc_id: int) -> StoredDocument | None:
        row = conn.execute(
            f"SELECT {_COLUMNS} FROM documents WHERE tbl=? AND doc_id=?", (self.name, doc_id)
        ).fetchone()
        return _row_to_document(row) if row else None

    def _scan(self, conn: sqlite3.Connection) -> Iterator[StoredDocument]:
        for row in conn.execute(
            f"SELECT {_COLUMNS} FROM documents WHERE tbl=? ORDER BY doc_id", (self.name,)
        ):
            yield _row_to_document(row)

    def _matching(self, conn: sqlite3.Connection, cond: QueryLike, wanted: int | None = None) -> Iterator[StoredDocument]:
        """Documents matching ``cond``, read lazily: taking the first ``wanted`` reads about that many."""
        plan = self._plan(getattr(cond, "_hash", None))
        if plan is None:
            candidates: Iterable[StoredDocument] = self._scan(conn)
        elif plan[0] == "lookup" and plan[2] == "eq":  # one value (a reference): index and rows in one read
            _, index, _, key = plan
            limit = -1 if wanted is None else max(wanted, 1)
            candidates = (_row_to_document(row) for row in conn.execute(
                f"SELECT {_JOINED} FROM lookups l JOIN documents d ON d.tbl=l.tbl AND d.doc_id=l.doc_id "
                "WHERE l.tbl=? AND l.idx=? AND l.value=? ORDER BY l.doc_id LIMIT ?",
                (self.name, index, key, limit)).fetchall())
            if wanted is not None:  # the query may refuse some: the rest, as before, past those read
                candidates = _then(candidates, limit, lambda: (
                    doc for doc in (self._fetch(conn, i) for i in islice(self._plan_ids(conn, plan), limit, None))
                    if doc is not None))
        else:
            found = (self._fetch(conn, doc_id) for doc_id in self._plan_ids(conn, plan, wanted))
            candidates = (doc for doc in found if doc is not None)
        # The index only narrows the candidates: the query itself still decides.
        return (doc for doc in candidates if cond(doc))

    def _plan(self, hashval: Any) -> tuple | None:
        """An index plan for a query's hash, or None when the rows must be scanned."""
        if not isinstance(hashval, tuple) or not hashval:
            return None
        kind = hashval[0]
        if kind == "index" and len(hashval) == 4 and hashval[1] in self.indexes:
            return ("lookup", hashval[1], hashval[2], hashval[3])
        if kind == "==" and len(hashval) == 3 and hashval[1] in self._field_indexes:
            value = hashval[2]
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                index = self._field_indexes[hashval[1]]
                return ("lookup", index.name, "eq", index.normalise(str(value)))
        if kind == "and":
            plans = [p for p in map(self._plan, hashval[1]) if p is not None]
            return ("and", plans) if plans else None
        if kind == "or":
            plans = [self._plan(h) for h in hashval[1]]
            return ("or", plans) if all(p is not None for p in plans) else None
        return None

    def _plan_ids(self, conn: sqlite3.Connection, plan: tuple, wanted: int | None = None) -> Iterator[int]:
        """The ids a plan names, each once, in index order.

        With ``wanted`` (the caller takes at most that many, give or take the query's own
        filtering), a look-up reads the index a page of ``wanted`` rows at a time, resuming
        after the last row read, so a keystroke on a prefix shared by 100,000 names reads 20
        rows, not 100,000. Without it, one query reads every id.
        """
        if plan[0] == "and":  # in the first part's order: page it, test the others' ids
            others = [set(self._run_plan(conn, p)) for p in plan[1][1:]]
            yield from (i for i in self._plan_ids(conn, plan[1][0], wanted) if all(i in o for o in others))
            return
        if plan[0] != "lookup":
            yield from self._run_plan(conn, plan)
            return
        _, index, mode, key = plan
        if mode == "eq":
            where, args = "value=?", (key,)
        else:
            where, args = "value>=? AND value<?", (key, key + "\U0010ffff")
        base = f"SELECT value, doc_id FROM lookups WHERE tbl=? AND idx=? AND {where}"
        if wanted is None:
            rows = conn.execute(base + " ORDER BY value, doc_id", (self.name, index, *args)).fetchall()
            yield from dict.fromkeys(doc_id for _, doc_id in rows)
            return
        seen: set[int] = set()
        page = max(wanted, 1)
        after: tuple[str, int] | None = None
        while True:
            if after is None:
                rows = conn.execute(base + " ORDER BY value, doc_id LIMIT ?", (self.name, index, *args, page)).fetchall()
            else:
                rows = conn.execute(base + " AND (value, doc_id) > (?, ?) ORDER BY value, doc_id LIMIT ?",
                                    (self.name, index, *args, *after, page)).fetchall()
            for _, doc_id in rows:
                if doc_id not in seen:
                    seen.add(doc_id)
                    yield doc_id
            if len(rows) < page:
                return
            after = rows[-1]
            page = min(page * 2, _PAGE)  # more were wanted (duplicates, or the query refused some)

    def _run_plan(self, conn: sqlite3.Connection, plan: tuple) -> list[int]:
        if plan[0] == "lookup":
            return list(self._plan_ids(conn, plan))
        parts = [self._run_plan(conn, p) for p in plan[1]]
        if plan[0] == "and":
            common = set(parts[0]).intersection(*parts[1:])
            return [doc_id for doc_id in parts[0] if doc_id in common]
        return sorted({doc_id for part in parts for doc_id in part})  # "or" has no index order

    def _check_read(self, document: StoredDocument) -> None:
        if not isinstance(document, StoredDocument) or not document.version:
            raise StoreError(f"{self.name}: save needs a document read from the table (with its version)")

    def _current(self, conn: sqlite3.Connection, document: StoredDocument) -> StoredDocument:
        """The stored document, if it is still at the version ``document`` was read at."""
        self._check_read(document)
        current = self._fetch(conn, int(document.doc_id))
        if current is not None and current.version == document.version:
            return current
        self._conflict(conn, document, current)

    def _conflict(self, conn: sqlite3.Connection, document: StoredDocument, current: StoredDocument | None) -> NoReturn:
        """Raise what stopped saving ``document``: it is gone, or someone changed it since it was read."""
        last = conn.execute(
            "SELECT version, who, at, reason FROM audit WHERE tbl=? AND doc_id=? ORDER BY seq DESC LIMIT 1",
            (self.name, document.doc_id),
        ).fetchone()
        if last is None:
            raise NotFoundError(f"{self.name} document {document.doc_id} does not exist")
        version, who, at, reason = last
        raise ConflictError(
            self.name,
            int(document.doc_id),
            document.version,
            None if current is None else current.version,
            who,
            datetime.fromisoformat(at),
            reason,
        )

    def _put(
        self,
        conn: sqlite3.Connection,
        doc_id: int,
        new: dict[str, Any],
        old: Mapping[str, Any] | None,
        who: str,
        why: str,
        at: str,
        previous_version: int = 0,
        *,
        old_version: int | None = None,
        checked: bool = True,
    ) -> int:
        """Write ``new`` over ``old`` (None: a new document); gives the new version.

        ``old_version``: the version ``old`` is at (default ``old.version``); ``checked=False``
        when the caller has not read the row in this transaction: the write then happens only if
        the row is still at that version, else :class:`ConflictError` (nothing written).
        """
        body = self._dump(doc_id, new)
        if old is None:
            version = previous_version + 1
            conn.execute(
                f"INSERT INTO documents ({_COLUMNS}, tbl) VALUES (?, ?, ?, ?, ?, ?)",
                (doc_id, version, who, at, body, self.name),
            )
            conn.executemany("INSERT INTO lookups VALUES (?, ?, ?, ?)", self._lookups(doc_id, new))
            changes: list[dict[str, Any]] = []
        else:
            if old_version is None:
                old_version = old.version  # type: ignore[attr-defined]
            version = old_version + 1
            written = conn.execute(
                "UPDATE documents SET version=?, changed_by=?, changed_at=?, body=? "
                "WHERE tbl=? AND doc_id=? AND version=?",
                (version, who, at, body, self.name, doc_id, old_version),
            ).rowcount
            if written != 1:
                if checked:
                    raise StoreError(f"{self.name} document {doc_id} changed under the write lock")
                self._conflict(conn, StoredDocument({}, doc_id, old_version), self._fetch(conn, doc_id))
            changes = diff_documents(dict(old), new)
            self._refresh_lookups(conn, doc_id, new, changes)
        # The body's hash comes from the bytes just written: the seal costs no second serialisation.
        self._audit(conn, doc_id, version, "insert" if old is None else "update", who, at, why, changes,
                    chain.body_hash(body))
        return version

    def _refresh_lookups(
        self, conn: sqlite3.Connection, doc_id: int, new: Mapping[str, Any], changes: list[dict[str, Any]]
    ) -> None:
        """Bring the document's look-up rows in line with ``new``, touching only rows that change.

        An index that declares the fields it reads is not even extracted when none changed.
        """
        changed = {change["path"][0] for change in changes if change["path"]}
        whole = any(not change["path"] for change in changes)
        stale = [ix for ix in self.indexes.values() if ix.reads is None or whole or not ix.reads.isdisjoint(changed)]
        if not stale:
            return
        wanted = set(self._lookups(doc_id, new, stale))
        names = {ix.name for ix in stale}
        have = {
            (self.name, idx, value, doc_id)
            for idx, value in conn.execute("SELECT idx, value FROM lookups WHERE tbl=? AND doc_id=?", (self.name, doc_id))
            if idx in names
        }
        conn.executemany("DELETE FROM lookups WHERE tbl=? AND idx=? AND value=? AND doc_id=?", have - wanted)
        conn.executemany("INSERT INTO lookups VALUES (?, ?, ?, ?)", wanted - have)

    def _delete(self, conn: sqlite3.Connection, old: StoredDocument, who: str, why: str, at: str) -> None:
        conn.execute("DELETE FROM documents WHERE tbl=? AND doc_id=?", (self.name, old.doc_id))
        conn.execute("DELETE FROM lookups WHERE tbl=? AND doc_id=?", (self.name, old.doc_id))
        changes = [{"op": "remove", "path": [], "old": dict(old)}]
        self._audit(conn, old.doc_id, old.version + 1, "remove", who, at, why, changes, "")

    def _audit(
        self,
        conn: sqlite3.Connection,
        doc_id: int,
        version: int,
        action: str,
        who: str,
        at: str,
        why: str,
        changes: list[dict[str, Any]],
        body_digest: str,
    ) -> None:
        storage = self._sql
        storage.audit_head = chain.append(conn, self.name, doc_id, version, action, who, at, why,
                                          orjson.dumps(changes), body_digest, after=storage.audit_head)

    def _dump(self, doc_id: int, document: dict[str, Any]) -> bytes:
        try:
            return orjson.dumps(document, option=_DUMP_OPTIONS)
        except TypeError as exc:
            raise DocumentError(
                f"{self.name} document {doc_id} cannot be stored: {exc} (documents hold only "
                f"JSON values: text, numbers, true/false, null, lists and string-keyed objects)"
            ) from exc

    def _lookups(
        self, doc_id: int, document: Mapping[str, Any], indexes: Iterable[Index] | None = None
    ) -> list[tuple[str, str, str, int]]:
        rows = []
        for index in self.indexes.values() if indexes is None else indexes:
            try:
                values = index.values(document)
            except Exception as exc:
                raise DocumentError(
                    f"{self.name} document {doc_id}: index {index.name!r} cannot read it: {exc!r}"
                ) from exc
            rows.extend((self.name, index.name, value, doc_id) for value in values)
        return rows

    def _check_writable(self, conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT indexes FROM tables WHERE name=?", (self.name,)).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO tables (name, next_id, indexes) VALUES (?, 1, ?)",
                (self.name, self.index_signature),
            )
        elif row[0] != self.index_signature:
            raise IndexMismatchError(
                f"table {self.name} is indexed by {row[0]} in the store but was opened with "
                f"{self.index_signature}: open it through its repository (or restart the program "
                f"if the store was upgraded meanwhile); nothing was written"
            )

    def _sync_indexes(self) -> None:
        """Rebuild the look-ups if the store holds other index declarations than this table's."""
        conn = self._sql.connection
        row = conn.execute("SELECT indexes FROM tables WHERE name=?", (self.name,)).fetchone()
        if row is not None and row[0] == self.index_signature:
            return
        with self._sql.write_transaction() as conn:
            row = conn.execute("SELECT indexes FROM tables WHERE name=?", (self.name,)).fetchone()
            if row is not None and row[0] == self.index_signature:
                return  # another process rebuilt them while we waited for the lock
            conn.execute(
                "INSERT INTO tables (name, next_id, indexes) VALUES (?, 1, ?) "
                "ON CONFLICT (name) DO UPDATE SET indexes=excluded.indexes",
                (self.name, self.index_signature),
            )
            conn.execute("DELETE FROM lookups WHERE tbl=?", (self.name,))
            for doc in list(self._scan(conn)):
                conn.executemany("INSERT INTO lookups VALUES (?, ?, ?, ?)", self._lookups(doc.doc_id, doc))
