"""TinyDB ``Storage`` over one SQLite file in WAL mode: the connection, its settings, transactions.

TinyDB's storage contract is "read or write the whole database as one dict". That contract is
what made the stock JSON storage slow and unsafe, so the table class (:mod:`.table`) does not use
it: it talks SQL through this storage's connection, one row per document. :meth:`read` still
answers with the whole database (for export and debugging); :meth:`write` refuses, because a
whole-database overwrite would bypass versions and the audit trail.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

import orjson
from tinydb.storages import Storage

from revtui.identity import os_user
from safefiles import make_private, open_private
from . import chain
from .audit import undo_changes
from .errors import MissingReasonError, SchemaError, StoreBusyError, StoreError

__all__ = ["SQLiteStorage", "FORMAT_VERSION", "utc_now"]

#: Version of the SQL layout below; a store with a higher number was written by a newer program.
#: 2: audit entries are sealed (``body_hash``, ``chain_hash``: see :mod:`.chain`).
FORMAT_VERSION = 2

_LAYOUT = """
CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tables (
    name TEXT PRIMARY KEY,
    next_id INTEGER NOT NULL,
    schema_version INTEGER NOT NULL DEFAULT 0,
    indexes TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE documents (
    tbl TEXT NOT NULL,
    doc_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (tbl, doc_id)
);
CREATE TABLE lookups (
    tbl TEXT NOT NULL,
    idx TEXT NOT NULL,
    value TEXT NOT NULL,
    doc_id INTEGER NOT NULL,
    PRIMARY KEY (tbl, idx, value, doc_id)
) WITHOUT ROWID;
CREATE INDEX lookups_by_doc ON lookups (tbl, doc_id);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    doc_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    action TEXT NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT NOT NULL,
    changes BLOB NOT NULL,
    body_hash TEXT NOT NULL DEFAULT '',
    chain_hash TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_doc ON audit (tbl, doc_id, seq);
"""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SQLiteStorage(Storage):
    """One SQLite connection, opened in WAL mode with full fsync on every commit.

    :param path: the store file; created (with its layout) if missing.
    :param user: who is recorded in the audit trail; the operating-system user by default.
    :param clock: gives "now" (timezone-aware) for the audit trail; overridable for tests.
    :param timeout: seconds to wait for another process's write to finish before giving up.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        user: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        timeout: float = 30.0,
    ) -> None:
        super().__init__()
        self.path = os.fspath(path)
        self.user = user or os_user()  # the account the process runs as, never $USER
        self.clock = clock
        self.timeout = timeout
        self._depth = 0
        self._change: tuple[str, str] | None = None  # (reason, user) of the change() in progress
        #: The audit trail's (seq, seal) as this transaction last wrote it; None: read it again.
        self.audit_head: tuple[int, str] | None = None
        try:
            if self.path != ":memory:" and not os.path.exists(self.path):
                # Created private (an empty file is an empty database); SQLite gives the WAL and
                # SHM files the same mode as the store file.
                open_private(self.path, "wb").close()
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (BEGIN IMMEDIATE for writes).
            self.connection = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.connection.execute("PRAGMA journal_mode=WAL")
            # FULL: the WAL is fsynced at every commit, so an acknowledged change survives power loss.
            self.connection.execute("PRAGMA synchronous=FULL")
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        for name in (self.path, f"{self.path}-wal", f"{self.path}-shm"):
            if os.path.exists(name):
                make_private(name, others_only=True)  # a store made before files were private
        try:
            self._prepare_layout()
        except BaseException as exc:
            self.connection.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
            raise

    def _prepare_layout(self) -> None:
        have_layout = "SELECT 1 FROM sqlite_schema WHERE type='table' AND name='store_meta'"
        if not self.connection.execute(have_layout).fetchone():
            self._create_layout()
        (fmt,) = self.connection.execute("SELECT value FROM store_meta WHERE key='format'").fetchone()
        if int(fmt) > FORMAT_VERSION:
            raise SchemaError(
                f"{self.path}: store format {fmt} was written by a newer program "
                f"(this one knows format {FORMAT_VERSION}); upgrade the program"
            )
        if int(fmt) < 2:
            self._seal_audit_trail()

    def _seal_audit_trail(self) -> None:
        """Format 1 -> 2: seal the entries written before the trail was sealed, oldest first.

        Each entry gets the hash of the body it wrote, rebuilt by undoing the later changes from
        the current document (the trail is reversible), and its place in the chain. This vouches
        for the trail as it stands at the upgrade, not before it.
        """
        with self.write_transaction() as conn:
            (fmt,) = conn.execute("SELECT value FROM store_meta WHERE key='format'").fetchone()
            if int(fmt) >= 2:
                return  # another process upgraded it while we waited for the lock
            conn.execute("ALTER TABLE audit ADD COLUMN body_hash TEXT NOT NULL DEFAULT ''")
            conn.execute("ALTER TABLE audit ADD COLUMN chain_hash TEXT NOT NULL DEFAULT ''")
            digests: dict[int, str] = {}
            history: dict[tuple[str, int], list[tuple[int, str, bytes]]] = {}
            for seq, tbl, doc_id, action, changes in conn.execute(
                "SELECT seq, tbl, doc_id, action, changes FROM audit ORDER BY seq"
            ):
                history.setdefault((tbl, doc_id), []).append((seq, action, changes))
            for (tbl, doc_id), entries in history.items():
                row = conn.execute("SELECT body FROM documents WHERE tbl=? AND doc_id=?", (tbl, doc_id)).fetchone()
                document = None if row is None else orjson.loads(row[0])
                body = None if row is None else bytes(row[0])
                for seq, action, changes in reversed(entries):
                    digests[seq] = "" if action == "remove" else chain.body_hash(body)
                    if action == "insert":
                        document = body = None  # before its insertion the document did not exist
                        continue
                    try:
                        document = undo_changes(document, orjson.loads(changes))
                        body = orjson.dumps(document) if document is not None else None
                    except (LookupError, TypeError, ValueError):
                        document = body = None  # an inconsistent old trail: earlier bodies unrecorded
            previous = chain.GENESIS
            for entry in list(chain.rows(conn)):
                digest = digests.get(entry.seq, "")
                previous = chain.seal(previous, entry.seq, entry.at, entry.who, entry.reason, entry.table,
                                      entry.doc_id, entry.version, entry.action, digest, chain.as_bytes(entry.changes))
                conn.execute("UPDATE audit SET body_hash=?, chain_hash=? WHERE seq=?", (digest, previous, entry.seq))
            conn.execute("UPDATE store_meta SET value=? WHERE key='format'", (str(FORMAT_VERSION),))

    def _create_layout(self) -> None:
        with self.write_transaction() as conn:
            # Another process may have created it while we waited for the lock.
            names = {name for (name,) in conn.execute("SELECT name FROM sqlite_schema")}
            if names and "store_meta" not in names:
                raise StoreError(f"{self.path}: this SQLite database is not a store; nothing changed")
            if not names:
                for statement in _LAYOUT.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT INTO store_meta VALUES ('format', ?)", (str(FORMAT_VERSION),))

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def write_transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the store's write lock for the block; commit (durably) at its end.

        Nested blocks become savepoints, so a failed inner step leaves nothing of itself behind
        while the outer transaction goes on.
        """
        conn = self.connection
        if self._depth:
            name = f"sp{self._depth}"
            conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield conn
            except BaseException:
                self.audit_head = None  # the savepoint's entries are gone
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            else:
                conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        # IMMEDIATE takes the write lock now, waiting (busy timeout) for other writers, so a
        # read-then-write inside the block can never be overtaken by another process.
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise StoreBusyError(
                f"{self.path}: another process has been writing for over {self.timeout:g} s; "
                f"nothing was written: try again"
            ) from exc
        self._depth = 1
        self.audit_head = None  # another process may have written since our last transaction
        try:
            yield conn
        except BaseException:
            self._depth = 0
            self.audit_head = None
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    @contextmanager
    def read_transaction(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for several reads (WAL readers never wait for writers)."""
        conn = self.connection
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    @contextmanager
    def change(self, reason: str, *, user: str | None = None) -> Iterator[None]:
        """Make every write in the block one atomic transaction recorded with ``reason``."""
        if not reason or not reason.strip():
            raise MissingReasonError("a change needs a reason, recorded in the audit trail")
        outer = self._change
        self._change = (reason.strip(), user or self.user)
        try:
            with self.write_transaction():
                yield
        finally:
            self._change = outer

    def who_and_why(self, reason: str | None) -> tuple[str, str]:
        """The user and reason to record for a write, from the argument or the enclosing change."""
        context = self._change
        if reason and reason.strip():
            return (context[1] if context else self.user), reason.strip()
        if context:
            return context[1], context[0]
        raise MissingReasonError(
            "a change needs a reason: pass reason=... or make it inside store.change(reason)"
        )

    def now_text(self) -> str:
        now = self.clock()
        if now.tzinfo is None:
            raise StoreError("the store's clock must give timezone-aware times")
        return now.astimezone(timezone.utc).isoformat(timespec="microseconds")

    # -- TinyDB storage contract --------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database as TinyDB's dict of tables (costly: for export and debugging)."""
        data: dict[str, dict[str, Any]] = {}
        with self.read_transaction() as conn:
            for (name,) in conn.execute("SELECT name FROM tables ORDER BY name"):
                data[name] = {}
            for tbl, doc_id, body in conn.execute(
                "SELECT tbl, doc_id, body FROM documents ORDER BY tbl, doc_id"
            ):
                data.setdefault(tbl, {})[str(doc_id)] = orjson.loads(body)
        return data or None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise StoreError(
            "whole-database writes are refused: they would bypass document versions and the "
            "audit trail; change documents through a table"
        )

    def close(self) -> None:
        self.connection.close()
