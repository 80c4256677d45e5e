"""The files exchanged with the benefits system about HB overpayments, as imported: known by what
they say (their content identity), with the decisions each created, so that neither a file nor
one decision is applied twice."""

from __future__ import annotations

import datetime as dt

import attrs

from revtui.store import Index, Repository, Store

__all__ = ["HbFileImport", "hb_file_imports"]


@attrs.frozen
class HbFileImport:
    """A decision or deduction file applied: ``kind`` ("decisions", "deductions"), and for
    decisions the benefits system's decision numbers with the overpayment each became."""

    content_hash: str
    kind: str
    name: str
    imported_on: dt.date
    officer: str
    decisions: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=tuple[tuple[str, str], ...])
    lines: int = 0


def hb_file_imports(store: Store) -> Repository[HbFileImport]:
    return Repository(store, "hb_file_imports", HbFileImport,
                      indexes=[Index.field("hash", "content_hash"),
                               Index("decision", lambda doc: [pair[0] for pair in doc["decisions"]],
                                     reads=["decisions"])])
