"""Look-up indexes: values extracted from each document into an indexed SQL table.

An :class:`Index` has a name, an extractor (document -> values) and a normaliser. The store
keeps one ``lookups`` row per (index, normalised value, document), written in the same
transaction as the document, so a look-up by account reference, UPRN, name or postcode reads a
few index pages and the matching rows, never the whole store.

Look-ups are ordinary TinyDB queries: ``index.equals(value)`` and ``index.prefix(text)`` return
query objects that test a document directly (so they combine with ``&``, ``|`` and ``~`` and work
on any table), and whose hash the table recognises to answer from the index instead of
scanning. A plain ``where("field") == value`` is answered from the index too when an index was
declared with :meth:`Index.field` for that field.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from tinydb.queries import QueryInstance

__all__ = ["Index", "normalise_text", "normalise_postcode", "word_starts"]


@functools.lru_cache(maxsize=1 << 16)  # the same names and references come back on every look-up
def normalise_text(value: str) -> str:
    """Case- and accent-insensitive form of a name or reference, with runs of spaces as one."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


@functools.lru_cache(maxsize=1 << 16)
def normalise_postcode(value: str) -> str:
    """Postcodes compare without spaces and case: "sw1a 1aa", "SW1A1AA" are the same."""
    return "".join(value.split()).upper()


def word_starts(name: str) -> list[str]:
    """The name from each word on, so a prefix finds "Ann Smith" by "ann", "smi" or "ann sm"."""
    words = name.split()
    return [" ".join(words[i:]) for i in range(len(words))]


Extractor = Callable[[Mapping[str, Any]], Iterable[Any]]


class Index:
    """A named look-up over the documents of one table.

    :param name: the index's name, unique within its table.
    :param extract: gives the values to index for a document (none, one or several); values
        that are ``None`` or empty are skipped, others are turned into text.
    :param normalise: applied to every indexed value and to every value looked up.
    :param version: bump it when the extractor or normaliser changes meaning: the store then
        rebuilds the index the next time the table is opened.
    :param reads: the top-level fields of the document the extractor reads, if known: a write
        that changes none of them keeps the index's rows as they are, without extracting
        (saving a ledger posting then costs no index work). Leave it out when unsure: a field
        read but not declared would leave the index stale after a change to it.
    """

    def __init__(
        self,
        name: str,
        extract: Extractor,
        *,
        normalise: Callable[[str], str] = normalise_text,
        version: int = 1,
        path: tuple[str, ...] | None = None,
        reads: Iterable[str] | None = None,
    ) -> None:
        if not name or "@" in name:
            raise ValueError(f"index name {name!r} must be non-empty and contain no '@'")
        self.name = name
        self.extract = extract
        self.normalise = normalise
        self.version = version
        self.path = path
        self.reads = None if reads is None else frozenset(reads)

    @classmethod
    def field(
        cls,
        name: str,
        *path: str,
        normalise: Callable[[str], str] = normalise_text,
        version: int = 1,
    ) -> Index:
        """An index over one field (``path`` into the document; the index name by default)."""
        fields = path or (name,)

        def extract(document: Mapping[str, Any]) -> Iterable[Any]:
            value: Any = document
            for part in fields:
                if not isinstance(value, Mapping) or part not in value:
                    return ()
                value = value[part]
            return value if isinstance(value, (list, tuple)) else (value,)

        return cls(name, extract, normalise=normalise, version=version, path=fields, reads=fields[:1])

    @property
    def signature(self) -> str:
        return f"{self.name}@{self.version}"

    def values(self, document: Mapping[str, Any]) -> set[str]:
        """The normalised values this index holds for ``document``."""
        found = set()
        for value in self.extract(document) or ():
            if value is None:
                continue
            text = self.normalise(str(value))
            if text:
                found.add(text)
        return found

    def equals(self, value: str) -> QueryInstance:
        """Documents with ``value`` among their indexed values (after normalising)."""
        key = self.normalise(str(value))
        return QueryInstance(lambda doc: key in self._values_or_none(doc), ("index", self.name, "eq", key))

    def prefix(self, text: str) -> QueryInstance:
        """Documents with an indexed value starting with ``text`` (after normalising)."""
        key = self.normalise(str(text))
        return QueryInstance(
            lambda doc: any(v.startswith(key) for v in self._values_or_none(doc)),
            ("index", self.name, "prefix", key),
        )

    def _values_or_none(self, document: Mapping[str, Any]) -> set[str]:
        # As in TinyDB's own queries, a document without the fields asked about does not match.
        try:
            return self.values(document)
        except (KeyError, IndexError, TypeError):
            return set()

    def __repr__(self) -> str:
        return f"Index({self.signature!r})"
