"""The integrity check and the audit trail's exported head: reports, never repairs.

:func:`check` opens the file read-only and verifies, besides SQLite's own integrity and the
layout: the sealed audit trail (:mod:`.chain`) entry by entry, and every live document against
the latest audit entry for it (version, who and when, and the hash of its body). It reports the
first break of the trail by its sequence number, in words meant for an auditor.

:func:`export_head` writes the trail's last sequence number and seal to a file kept away from
the store; ``check(..., against=that file)`` confirms the trail still extends it, which also
catches a trail rebuilt wholesale or cut back at its end.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import attrs
import orjson

from safefiles import write_private
from . import chain
from .errors import StoreError
from .sqlite_storage import FORMAT_VERSION

__all__ = ["CheckReport", "ChainHead", "check", "export_head", "read_head"]

_REQUIRED_TABLES = ("store_meta", "tables", "documents", "lookups", "audit")


@attrs.frozen
class ChainHead:
    """The audit trail's last entry when it was exported: a fixed point an auditor keeps."""

    seq: int
    chain_hash: str
    exported_at: str = ""
    store: str = ""


@attrs.frozen
class CheckReport:
    """What :func:`check` found: ``problems`` is empty for a sound store.

    ``first_break`` is the sequence number of the first audit entry that is missing, altered or
    forged (None if the trail is whole); ``head`` the trail's last entry.
    """

    path: str
    documents: int
    audit_entries: int
    problems: tuple[str, ...]
    first_break: int | None = None
    head: ChainHead | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        head = f"{self.path}: {self.documents} documents, {self.audit_entries} audit entries"
        if self.ok:
            return f"{head}: no problems found"
        lines = [f"{head}: {len(self.problems)} problem(s)"]
        if self.first_break is not None:
            lines.append(f"  The audit trail is broken from entry {self.first_break} on; "
                         f"the entries before it are as they were written.")
        return "\n".join([*lines, *(f"  - {p}" for p in self.problems)])


def check(path: str | os.PathLike[str], *, against: str | os.PathLike[str] | ChainHead | None = None) -> CheckReport:
    """Report every problem found in the store at ``path``, changing nothing.

    ``against``: a head exported by :func:`export_head` (or its file) that the trail must extend.
    """
    path = Path(path)
    if not path.exists():
        return CheckReport(str(path), 0, 0, (f"{path}: no such file",))
    problems: list[str] = []
    found = _Found()
    expected = None
    if against is not None:
        try:
            expected = against if isinstance(against, ChainHead) else read_head(against)
        except StoreError as exc:
            problems.append(str(exc))
    try:
        with connect_read_only(path) as conn:
            _check(conn, problems, found, expected)
    except sqlite3.DatabaseError as exc:
        problems.append(f"the file cannot be read as a store: {exc}")
    return CheckReport(str(path), found.documents, found.audit_entries, tuple(problems), found.first_break, found.head)


def export_head(store: str | os.PathLike[str], destination: str | os.PathLike[str]) -> ChainHead:
    """Write the trail's head to ``destination`` (a private file), after a check finds no problem."""
    report = check(store)
    if not report.ok or report.head is None:
        raise StoreError(f"the head of a store that fails its check is no fixed point:\n{report.describe()}")
    head = attrs.evolve(report.head, exported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        store=str(Path(store).resolve()))
    write_private(destination, orjson.dumps(attrs.asdict(head), option=orjson.OPT_INDENT_2) + b"\n")
    return head


def read_head(file: str | os.PathLike[str]) -> ChainHead:
    try:
        data = orjson.loads(Path(file).read_bytes())
        return ChainHead(int(data["seq"]), str(data["chain_hash"]), str(data.get("exported_at", "")),
                         str(data.get("store", "")))
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"{file}: not a chain head written by `python -m revtui.store head` ({exc})") from exc


@attrs.define
class _Found:
    documents: int = 0
    audit_entries: int = 0
    first_break: int | None = None
    head: ChainHead | None = None

    def broken_at(self, seq: int) -> None:
        if self.first_break is None or seq < self.first_break:
            self.first_break = seq


def _check(conn: sqlite3.Connection, problems: list[str], found: _Found, expected: ChainHead | None) -> None:
    lines = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if lines != ["ok"]:
        problems.extend(f"SQLite integrity: {line}" for line in lines)
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    missing = [t for t in _REQUIRED_TABLES if t not in names]
    if missing:
        problems.append(f"not a store, or its layout is damaged: missing table(s) {', '.join(missing)}")
        return
    fmt = conn.execute("SELECT value FROM store_meta WHERE key='format'").fetchone()
    if fmt is None or not fmt[0].isdigit() or int(fmt[0]) > FORMAT_VERSION:
        problems.append(f"store format {fmt and fmt[0]!r} is not one this program knows ({FORMAT_VERSION})")
        return
    if int(fmt[0]) < 2:
        problems.append("the audit trail is not sealed (a store of format 1): open it once with this "
                        "program, which seals it, then check it again")
        return
    _check_trail(conn, problems, found)
    if expected is not None:
        _check_against(conn, problems, found, expected)
    _check_documents(conn, problems, found)
    _check_tables(conn, problems)


def _check_trail(conn: sqlite3.Connection, problems: list[str], found: _Found) -> None:
    """Each entry's seal from its contents and the previous seal; numbering without gaps."""
    expected, previous, last = 1, chain.GENESIS, None
    for row in chain.rows(conn):
        found.audit_entries += 1
        if row.seq != expected:
            gone = f"entry {expected} is" if row.seq == expected + 1 else f"entries {expected} to {row.seq - 1} are"
            problems.append(f"audit {gone} missing: the trail jumps from entry {expected - 1} to entry "
                            f"{row.seq}; they were deleted after they were written")
            found.broken_at(expected)
        elif row.chain_hash != row.seal_after(previous):
            problems.append(f"audit {row.describe()} does not match its seal: it, or the entry before it, "
                            f"was altered or forged after it was written")
            found.broken_at(row.seq)
        previous, expected, last = row.chain_hash, row.seq + 1, row
    if last is not None:
        found.head = ChainHead(last.seq, last.chain_hash)


def _check_against(conn: sqlite3.Connection, problems: list[str], found: _Found, expected: ChainHead) -> None:
    when = f" exported {expected.exported_at}" if expected.exported_at else ""
    row = conn.execute("SELECT chain_hash FROM audit WHERE seq=?", (expected.seq,)).fetchone()
    end = found.head.seq if found.head else 0
    if row is None and end < expected.seq:
        problems.append(f"the trail ends at entry {end} but the head{when} was entry {expected.seq}: entries were "
                        f"removed from its end (or the store was restored from a backup older than the head)")
        found.broken_at(end + 1)
    elif row is None or row[0] != expected.chain_hash:
        problems.append(f"audit entry {expected.seq} is not the one in the head{when}: the trail up to it was "
                        f"rewritten (or the store was restored from a backup, which rewinds the trail)")
        found.broken_at(expected.seq)


def _check_documents(conn: sqlite3.Connection, problems: list[str], found: _Found) -> None:
    """Every live document as its latest audit entry recorded it; nothing removed unrecorded."""
    last_audit = {
        (row[0], row[1]): row[2:]
        for row in conn.execute(
            "SELECT tbl, doc_id, seq, version, action, who, at, body_hash FROM audit a WHERE seq = "
            "(SELECT max(seq) FROM audit b WHERE b.tbl=a.tbl AND b.doc_id=a.doc_id)"
        )
    }
    live = set()
    for tbl, doc_id, version, changed_by, changed_at, body in conn.execute(
        "SELECT tbl, doc_id, version, changed_by, changed_at, body FROM documents"
    ):
        found.documents += 1
        live.add((tbl, doc_id))
        where = f"{tbl} document {doc_id}"
        try:
            if not isinstance(orjson.loads(body), dict):
                problems.append(f"{where}: body is not a JSON object")
        except orjson.JSONDecodeError as exc:
            problems.append(f"{where}: body is not valid JSON ({exc})")
        audited = last_audit.get((tbl, doc_id))
        if audited is None:
            problems.append(f"{where}: no audit entry: it was written outside the application, or its "
                            f"history was deleted")
            continue
        seq, a_version, action, who, at, digest = audited
        entry = f"audit entry {seq} ({str(at)[:19].replace('T', ' ')} by {who}, version {a_version})"
        if a_version != version or action == "remove":
            problems.append(f"{where}: at version {version} but its last audit entry is {action} v{a_version}")
        elif digest != chain.body_hash(chain.as_bytes(body)):
            problems.append(f"{where}: its contents differ from what {entry} recorded: it was changed outside "
                            f"the application")
        elif (changed_by, changed_at) != (who, at):
            problems.append(f"{where}: it says it was last changed by {changed_by} at {changed_at}, but {entry} "
                            f"says otherwise: it was changed outside the application")
    for (tbl, doc_id), (seq, version, action, *_) in sorted(last_audit.items()):
        if action != "remove" and (tbl, doc_id) not in live:
            problems.append(f"{tbl} document {doc_id} is missing, but its last audit entry {seq} ({action} v{version}) "
                            f"does not remove it: it was deleted outside the application")


def _check_tables(conn: sqlite3.Connection, problems: list[str]) -> None:
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


@contextmanager
def connect_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection: nothing done through it can change the file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()
