"""The audit trail: who changed which document, when, what changed (a field diff) and why.

Every write records one :class:`AuditEntry` in the same transaction as the change itself, so the
trail can never miss a change nor record one that did not happen. The diff keeps the old value
beside the new one, so the chain is reversible: :func:`undo_changes` walks back from the current
document to any earlier version. An insertion therefore records no copy of the document (the
versions after it lead back to it); a removal records the whole removed document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs
import orjson

__all__ = ["AuditEntry", "diff_documents", "undo_changes"]

Path = tuple[str | int, ...]


@attrs.frozen
class AuditEntry:
    """One change to one document.

    ``changes`` is a tuple of dicts, each ``{"op", "path", ...}``: ``set`` (``old``, ``new``),
    ``add`` (``new``), ``del`` (``old``), ``append`` (``items`` added at the end of a list),
    ``remove`` (``old``: the whole document, path ``[]``).
    """

    table: str
    doc_id: int
    version: int
    action: str  # "insert", "update" or "remove"
    who: str
    at: datetime
    reason: str
    changes: tuple[Mapping[str, Any], ...]

    def describe(self) -> str:
        """One line per changed field, for the account history screen."""
        lines = [f"{self.at:%Y-%m-%d %H:%M:%S} {self.who} {self.action} v{self.version}: {self.reason}"]
        for change in self.changes:
            where = ".".join(str(p) for p in change["path"]) or "(document)"
            op = change["op"]
            if op == "set":
                lines.append(f"  {where}: {change['old']!r} -> {change['new']!r}")
            elif op == "add":
                lines.append(f"  {where}: added {change['new']!r}")
            elif op == "del":
                lines.append(f"  {where}: removed (was {change['old']!r})")
            elif op == "append":
                lines.append(f"  {where}: {len(change['items'])} added at the end")
            else:
                lines.append(f"  {where}: document removed")
        return "\n".join(lines)


def diff_documents(old: Any, new: Any, path: Path = ()) -> list[dict[str, Any]]:
    """The field-level changes that turn ``old`` into ``new`` (both JSON-like values)."""
    if _same(old, new):  # most of a saved document is unchanged: one comparison in C per subtree
        return []
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        changes: list[dict[str, Any]] = []
        for key in old:
            if key not in new:
                changes.append({"op": "del", "path": [*path, key], "old": old[key]})
            elif old[key] is not new[key]:  # a part saved as it was read is the very same object
                changes.extend(diff_documents(old[key], new[key], (*path, key)))
        for key in new:
            if key not in old:
                changes.append({"op": "add", "path": [*path, key], "new": new[key]})
        return changes
    if _is_list(old) and _is_list(new):
        if len(new) > len(old) and (all(a is b for a, b in zip(old, new)) or _same(new[: len(old)], old)):
            # Ledgers grow at the end: record only the new entries, not the whole list twice.
            return [{"op": "append", "path": list(path), "items": list(new[len(old):])}]
        if len(new) == len(old):
            return [c for i, (a, b) in enumerate(zip(old, new)) for c in diff_documents(a, b, (*path, i))]
    if _same(old, new):
        return []
    return [{"op": "set", "path": list(path), "old": old, "new": new}]


def undo_changes(document: Any, changes: Sequence[Mapping[str, Any]]) -> Any:
    """The document as it was before ``changes`` (a diff from :func:`diff_documents`)."""
    for change in reversed(changes):
        document = _undo_one(document, change)
    return document


def _undo_one(document: Any, change: Mapping[str, Any]) -> Any:
    path = list(change["path"])
    op = change["op"]
    if not path:
        if op == "set" or op == "remove":
            return change["old"]
        if op == "append":
            return list(document[: len(document) - len(change["items"])])
        raise ValueError(f"cannot undo {op!r} at the document root")
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if op == "set" or op == "del":
        parent[last] = change["old"]
    elif op == "add":
        del parent[last]
    elif op == "append":
        items = parent[last]
        parent[last] = list(items[: len(items) - len(change["items"])])
    else:
        raise ValueError(f"unknown change {op!r}")
    return document


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON: unlike ``==``, 1, 1.0 and true differ."""
    if a is b:
        return True
    if a == b:
        # ``==`` alone would take 1 for 1.0 or true; equal JSON text settles it in C. Text that
        # differs may still be the same JSON (keys in another order): then compare part by part.
        try:
            if orjson.dumps(a) == orjson.dumps(b):
                return True
        except TypeError:  # not JSON throughout (e.g. a tuple key): compare part by part
            pass
        return _same_parts(a, b)
    return False


def _same_parts(a: Any, b: Any) -> bool:
    if _is_list(a) and _is_list(b):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return repr(a) == repr(b)  # 0.0 and -0.0 are stored differently
    return type(a) is type(b) and a == b
