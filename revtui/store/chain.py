"""The sealed audit trail: each entry's hash covers the entry, the body it wrote and the entry before.

An entry's seal is SHA-256 over a canonical serialisation (a JSON list, always in this order) of:
the seal of the previous entry, its sequence number, time, user, reason, table, document id,
version, action, the SHA-256 of the document body it wrote ("" for a removal) and the SHA-256 of
its field diff. Changing any of these in one entry, deleting an entry or slipping one in breaks
the seal of that entry or the link to the next, and ``check`` names the entry.

The seal is a plain hash, not a signature: someone who can write the file and run this code
could rebuild the whole chain. What proves the trail was not rewritten is a *chain head*
(sequence number and seal) exported to a file kept away from the store, which ``check --against``
compares with the store.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from typing import Any

import attrs
import orjson

__all__ = ["GENESIS", "body_hash", "seal", "append", "AuditRow", "as_bytes", "rows", "head"]

#: The "previous seal" of the first entry.
GENESIS = "0" * 64


def body_hash(body: bytes | None) -> str:
    """The hash of a stored document body (the bytes the store writes); "" for no body."""
    return "" if body is None else hashlib.sha256(body).hexdigest()


def seal(
    previous: str,
    seq: int,
    at: str,
    who: str,
    reason: str,
    table: str,
    doc_id: int,
    version: int,
    action: str,
    body_digest: str,
    changes: bytes,
) -> str:
    canonical = orjson.dumps(
        [previous, seq, at, who, reason, table, doc_id, version, action, body_digest,
         hashlib.sha256(changes).hexdigest()]
    )
    return hashlib.sha256(canonical).hexdigest()


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """The last entry's sequence number and seal; (0, GENESIS) for an empty trail."""
    row = conn.execute("SELECT seq, chain_hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (row[0], row[1])


def append(
    conn: sqlite3.Connection,
    table: str,
    doc_id: int,
    version: int,
    action: str,
    who: str,
    at: str,
    reason: str,
    changes: bytes,
    body_digest: str,
    after: tuple[int, str] | None = None,
) -> tuple[int, str]:
    """Add a sealed entry after the last one (inside the caller's write transaction); gives the
    new head. ``after``: the head, if the caller knows it (saves reading it)."""
    last, previous = head(conn) if after is None else after
    seq = last + 1
    sealed = seal(previous, seq, at, who, reason, table, doc_id, version, action, body_digest, changes)
    conn.execute(
        "INSERT INTO audit (seq, tbl, doc_id, version, action, who, at, reason, changes, body_hash, chain_hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, table, doc_id, version, action, who, at, reason, changes, body_digest, sealed),
    )
    return seq, sealed


@attrs.frozen
class AuditRow:
    seq: int
    table: str
    doc_id: int
    version: int
    action: str
    who: str
    at: str
    reason: str
    changes: bytes
    body_hash: str
    chain_hash: str

    def seal_after(self, previous: str) -> str:
        return seal(previous, self.seq, self.at, self.who, self.reason, self.table, self.doc_id,
                    self.version, self.action, self.body_hash, as_bytes(self.changes))

    def describe(self) -> str:
        return (f"entry {self.seq} ({str(self.at)[:19].replace('T', ' ')} by {self.who}: {self.action} of "
                f"{self.table} document {self.doc_id} to version {self.version}, reason {self.reason!r})")


def as_bytes(value: Any) -> bytes:
    """A BLOB column's value as bytes, also when an edit made outside the program stored text."""
    return value if isinstance(value, bytes) else str(value).encode()


def rows(conn: sqlite3.Connection, where: str = "", params: tuple[Any, ...] = ()) -> Iterator[AuditRow]:
    for row in conn.execute(
        "SELECT seq, tbl, doc_id, version, action, who, at, reason, changes, body_hash, chain_hash "
        f"FROM audit {where} ORDER BY seq",
        params,
    ):
        yield AuditRow(*row)
