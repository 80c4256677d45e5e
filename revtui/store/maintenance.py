"""Backup and restore of a store file, safe while officers keep working.

* :func:`backup` copies a consistent snapshot with SQLite's online backup API: it reads one
  WAL snapshot, so writers carry on and the copy holds exactly the commits made before it
  started. The copy is a private file (see :mod:`safefiles`), checked, fsynced and only
  then renamed into place.
* :func:`restore` checks the backup first, then, holding the store's write lock throughout,
  keeps a copy of the store as it is and replaces its contents by the backup's in one
  transaction: other processes see the old store or the restored one, never a mixture. Every
  restored document gets a version above any it had before (a sealed "restore" audit entry
  each), and id counters stay above any id issued, so a save based on a read from before the
  restore is refused as a conflict and no id is issued twice.
* :func:`check` (in :mod:`.integrity`) opens the file read-only and reports what is wrong; it
  never repairs anything.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from revtui.identity import os_user
from safefiles import open_private
from . import chain
from .errors import StoreError
from .integrity import CheckReport, check, connect_read_only
from .sqlite_storage import SQLiteStorage

__all__ = ["CheckReport", "backup", "restore", "check"]

_COPIED = ("store_meta", "tables", "documents", "lookups", "audit")


def backup(store: str | os.PathLike[str], destination: str | os.PathLike[str], *, verify: bool = True) -> Path:
    """Copy the store to ``destination`` (which must not exist); gives its path.

    ``verify=False`` keeps the copy even if it fails its check (the copy a restore keeps of
    the store it replaces, which may be the evidence of tampering).

    :raises StoreError: the store is missing or unreadable, the destination exists, or the
        copy fails its check (then no file is left at ``destination``).
    """
    source, target = Path(store), Path(destination)
    if not source.exists():
        raise StoreError(f"{source}: no such store")
    if target.exists():
        raise StoreError(f"{target} already exists: choose a new name for the backup")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        open_private(partial, "wb").close()  # SQLite keeps the mode of the file it is given
        with connect_read_only(source) as src, closing(sqlite3.connect(partial, isolation_level=None)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        report = check(partial) if verify else None
        if report is not None and not report.ok:
            raise StoreError(f"the backup of {source} failed its check:\n{report.describe()}")
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source}: backup failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(
    backup_file: str | os.PathLike[str], store: str | os.PathLike[str], *, user: str | None = None
) -> Path | None:
    """Replace the contents of ``store`` by ``backup_file``; gives where the old store was kept.

    The backup is checked first and refused if damaged. An existing store is first copied
    beside itself (``<store>.before-restore-<UTC time>``), under the write lock, so the copy is
    exactly the store replaced; that path is returned (None if there was no store). Officers'
    open sessions see the restored data at their next read; their saves of documents read
    before the restore are refused (:class:`ConflictError`). ``user`` is recorded as who
    restored (the operating-system user by default).
    """
    source, target = Path(backup_file), Path(store)
    report = check(source)
    if not report.ok:
        raise StoreError(f"refusing to restore from a damaged backup:\n{report.describe()}")
    if not target.exists():
        backup(source, target)
        SQLiteStorage(target).close()  # into WAL mode, as the store expects
        return None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    prepared = target.with_name(f"{target.name}.restoring-{stamp}")
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    try:
        backup(source, prepared)
        SQLiteStorage(prepared).close()  # seals the trail of a backup of an older format
        with closing(sqlite3.connect(target.resolve().as_uri(), uri=True, timeout=60, isolation_level=None)) as conn:
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("ATTACH DATABASE ? AS restored", (f"{prepared.resolve().as_uri()}?mode=ro",))
            conn.execute("BEGIN IMMEDIATE")  # no officer writes from here to the commit
            try:
                backup(target, kept, verify=False)
                _replace_contents(conn, kept, source, user or os_user())
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: restore failed (the store is unchanged): {exc}") from exc
    finally:
        for name in (prepared, Path(f"{prepared}-wal"), Path(f"{prepared}-shm")):
            name.unlink(missing_ok=True)
    return kept


def _replace_contents(conn: sqlite3.Connection, kept: Path, source: Path, who: str) -> None:
    """Inside the write transaction: the backup's rows in place of the store's, versions and
    id counters moved past the store's high-water marks."""
    high = {(tbl, doc_id): version for tbl, doc_id, version in conn.execute(
        "SELECT tbl, doc_id, max(version) FROM (SELECT tbl, doc_id, version FROM audit "
        "UNION ALL SELECT tbl, doc_id, version FROM documents) GROUP BY tbl, doc_id")}
    live_tables = list(conn.execute("SELECT name, next_id, schema_version, indexes FROM tables"))
    last_seq, last_hash = chain.head(conn)
    for name in _COPIED:
        conn.execute(f"DELETE FROM main.{name}")
        columns = ", ".join(c for (_, c, *_) in conn.execute(f"PRAGMA main.table_info({name})"))
        conn.execute(f"INSERT INTO main.{name} ({columns}) SELECT {columns} FROM restored.{name}")
    conn.executemany(
        "INSERT INTO tables (name, next_id, schema_version, indexes) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET next_id = max(next_id, excluded.next_id)",
        live_tables,
    )
    at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    why = (f"restored from backup {source.name}; the store it replaced (audit trail up to entry {last_seq}, "
           f"seal {last_hash[:16]}...) is kept as {kept.name}")
    keys = conn.execute("SELECT tbl, doc_id, version FROM documents ORDER BY tbl, doc_id").fetchall()
    trail = chain.head(conn)
    for tbl, doc_id, version in keys:  # bodies one at a time: the whole store need not fit in memory
        (body,) = conn.execute("SELECT body FROM documents WHERE tbl=? AND doc_id=?", (tbl, doc_id)).fetchone()
        new = max(version, high.get((tbl, doc_id), 0)) + 1
        conn.execute("UPDATE documents SET version=?, changed_by=?, changed_at=? WHERE tbl=? AND doc_id=?",
                     (new, who, at, tbl, doc_id))
        trail = chain.append(conn, tbl, doc_id, new, "restore", who, at, why, b"[]",
                             chain.body_hash(chain.as_bytes(body)), after=trail)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
