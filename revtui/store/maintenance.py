"""Backup, restore and integrity check of a store file, safe while officers keep working.

* :func:`backup` copies a consistent snapshot with SQLite's online backup API: it reads one
  WAL snapshot, so writers carry on and the copy holds exactly the commits made before it
  started. The copy is checked, fsynced and only then renamed into place.
* :func:`restore` checks the backup first, keeps a copy of the store as it was, then writes the
  backup into the live store through the same API, under the store's write lock: other
  processes see the old store or the restored one, never a mixture.
* :func:`check` opens the file read-only and reports what is wrong; it never repairs anything.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path

import attrs
import orjson

from .errors import StoreError
from .sqlite_storage import FORMAT_VERSION

__all__ = ["CheckReport", "backup", "restore", "check"]

_REQUIRED_TABLES = ("store_meta", "tables", "documents", "lookups", "audit")


@attrs.frozen
class CheckReport:
    """What :func:`check` found: ``problems`` is empty for a sound store."""

    path: str
    documents: int
    audit_entries: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        head = f"{self.path}: {self.documents} documents, {self.audit_entries} audit entries"
        if self.ok:
            return f"{head}: no problems found"
        return "\n".join([f"{head}: {len(self.problems)} problem(s)", *(f"  - {p}" for p in self.problems)])


def backup(store: str | os.PathLike[str], destination: str | os.PathLike[str]) -> Path:
    """Copy the store to ``destination`` (which must not exist); gives its path.

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
        with _connect(source) as src, closing(sqlite3.connect(partial, isolation_level=None)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        report = check(partial)
        if not report.ok:
            raise StoreError(f"the backup of {source} failed its check:\n{report.describe()}")
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source}: backup failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(backup_file: str | os.PathLike[str], store: str | os.PathLike[str]) -> Path | None:
    """Replace the contents of ``store`` by ``backup_file``; gives where the old store was kept.

    The backup is checked first and refused if damaged. An existing store is first backed up
    beside itself (``<store>.before-restore-<UTC time>``); that path is returned (None if
    there was no store). Officers' open sessions see the restored data at their next read.
    """
    source, target = Path(backup_file), Path(store)
    report = check(source)
    if not report.ok:
        raise StoreError(f"refusing to restore from a damaged backup:\n{report.describe()}")
    kept = None
    if target.exists():
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        kept = backup(target, target.with_name(f"{target.name}.before-restore-{stamp}"))
    try:
        with _connect(source) as src, closing(sqlite3.connect(target, timeout=60, isolation_level=None)) as dst:
            dst.execute("PRAGMA journal_mode=WAL")
            dst.execute("PRAGMA synchronous=FULL")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: restore failed (the store is unchanged or as kept in {kept}): {exc}") from exc
    return kept


def check(path: str | os.PathLike[str]) -> CheckReport:
    """Report every problem found in the store at ``path``, changing nothing."""
    path = Path(path)
    problems: list[str] = []
    documents = audit_entries = 0
    if not path.exists():
        return CheckReport(str(path), 0, 0, (f"{path}: no such file",))
    try:
        with _connect(path) as conn:
            documents, audit_entries = _check(conn, problems)
    except sqlite3.DatabaseError as exc:
        problems.append(f"the file cannot be read as a store: {exc}")
    return CheckReport(str(path), documents, audit_entries, tuple(problems))


def _check(conn: sqlite3.Connection, problems: list[str]) -> tuple[int, int]:
    found = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if found != ["ok"]:
        problems.extend(f"SQLite integrity: {line}" for line in found)
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    missing = [t for t in _REQUIRED_TABLES if t not in names]
    if missing:
        problems.append(f"not a store, or its layout is damaged: missing table(s) {', '.join(missing)}")
        return 0, 0
    fmt = conn.execute("SELECT value FROM store_meta WHERE key='format'").fetchone()
    if fmt is None or not fmt[0].isdigit() or int(fmt[0]) > FORMAT_VERSION:
        problems.append(f"store format {fmt and fmt[0]!r} is not one this program knows ({FORMAT_VERSION})")

    documents = 0
    last_audit = {
        (tbl, doc_id): (version, action)
        for tbl, doc_id, version, action in conn.execute(
            "SELECT tbl, doc_id, version, action FROM audit a WHERE seq = "
            "(SELECT max(seq) FROM audit b WHERE b.tbl=a.tbl AND b.doc_id=a.doc_id)"
        )
    }
    for tbl, doc_id, version, body in conn.execute("SELECT tbl, doc_id, version, body FROM documents"):
        documents += 1
        where = f"{tbl} document {doc_id}"
        try:
            if not isinstance(orjson.loads(body), dict):
                problems.append(f"{where}: body is not a JSON object")
        except orjson.JSONDecodeError as exc:
            problems.append(f"{where}: body is not valid JSON ({exc})")
        audited = last_audit.get((tbl, doc_id))
        if audited is None:
            problems.append(f"{where}: no audit entry")
        elif audited[0] != version or audited[1] == "remove":
            problems.append(f"{where}: at version {version} but its last audit entry is {audited[1]} v{audited[0]}")
    for tbl, next_id, max_id in conn.execute(
        "SELECT t.name, t.next_id, max(d.doc_id) FROM tables t JOIN documents d ON d.tbl=t.name GROUP BY t.name"
    ):
        if max_id >= next_id:
            problems.append(f"table {tbl}: next id {next_id} is not above the largest id {max_id}")
    for tbl in conn.execute("SELECT DISTINCT tbl FROM documents WHERE tbl NOT IN (SELECT name FROM tables)"):
        problems.append(f"table {tbl[0]}: documents without a table record")
    stale = conn.execute(
        "SELECT count(*), min(l.tbl || ' ' || l.idx || ' -> ' || l.doc_id) FROM lookups l "
        "LEFT JOIN documents d ON d.tbl=l.tbl AND d.doc_id=l.doc_id WHERE d.doc_id IS NULL"
    ).fetchone()
    if stale[0]:
        problems.append(f"{stale[0]} look-up row(s) name missing documents (e.g. {stale[1]})")
    (audit_entries,) = conn.execute("SELECT count(*) FROM audit").fetchone()
    return documents, audit_entries


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection: nothing done through it can change the file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
