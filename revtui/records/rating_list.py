"""The Valuation Office's rating list as the council last received it: one entry per hereditament
(UARN) per list, with its rateable value history, and the list files imported.

Business rates accounts keep their own copy of the hereditament (``revtui.records.rates``); this
table is the VOA's side, imported from the list entries file (``revtui.services.rating_list``) and
compared with the accounts by the ``nndr-valuation`` reports. Written only by that service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from revtui.store import Index, Repository, Store, normalise_postcode, once_per_store

__all__ = ["ListValue", "RatingListEntry", "RatingListImport", "RatingScheduleImport", "rating_list",
           "rating_list_imports", "rating_schedule_imports"]


@attrs.frozen
class ListValue:
    """One assessment: the rateable value (whole pounds) from ``effective_from`` until the next;
    ``rateable_value`` None where the list shows none (a deletion, or an assessment not yet valued)."""

    effective_from: dt.date
    rateable_value: int | None
    assessment_reference: str
    alteration_date: dt.date | None = None
    settlement_code: str = ""


@attrs.frozen
class RatingListEntry:
    """A hereditament in one rating list (``list_year``), as the VOA's latest file gave it."""

    uarn: str
    list_year: int
    ba_code: str
    ba_reference: str
    description_code: str
    description: str
    address: str
    postcode: str
    scat_code: str
    composite: bool
    values: tuple[ListValue, ...] = attrs.field(converter=tuple)
    """Date order, one a day; the last is the current assessment."""
    firm_name: str = ""
    community_code: str = ""
    case_number: str = ""

    @property
    def current(self) -> ListValue:
        return self.values[-1]

    def value_on(self, day: dt.date) -> ListValue | None:
        """The assessment in force on ``day`` (None before the first)."""
        found = None
        for value in self.values:
            if value.effective_from > day:
                break
            found = value
        return found


@attrs.frozen
class RatingListImport:
    """A list file imported: what it said (its content hash), for which billing authority, and the
    entries held that it did not have (reported, never deleted)."""

    content_hash: str
    name: str
    list_year: int
    ba_code: str
    """The billing authority the import was limited to; empty: every one in the file."""
    imported_on: dt.date
    officer: str
    records: int
    missing: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    """UARNs held for the list (and the file's billing authorities) that the file did not have."""


def _key(doc: Mapping[str, Any]) -> list[str]:
    return [f"{doc['uarn']}/{doc['list_year']}"]


@once_per_store
def rating_list(store: Store) -> Repository[RatingListEntry]:
    """The rating list entries, found by UARN and list year (``key`` ``UARN/2026``), UARN, billing
    authority reference, postcode or list year."""
    return Repository(store, "rating_list", RatingListEntry, indexes=[
        Index("key", _key, reads=["uarn", "list_year"]),
        Index.field("uarn"),
        Index.field("ba_reference"),
        Index("postcode", lambda doc: [doc["postcode"]], normalise=normalise_postcode, reads=["postcode"]),
        Index("list_year", lambda doc: [str(doc["list_year"])], reads=["list_year"]),
    ])


@once_per_store
def rating_list_imports(store: Store) -> Repository[RatingListImport]:
    return Repository(store, "rating_list_imports", RatingListImport, indexes=[Index.field("content_hash")])


@attrs.frozen
class RatingScheduleImport:
    """A change file (schedule of alterations) applied: what it said (its content hash) and when."""

    content_hash: str
    name: str
    list_year: int
    imported_on: dt.date
    officer: str
    records: int


@once_per_store
def rating_schedule_imports(store: Store) -> Repository[RatingScheduleImport]:
    return Repository(store, "rating_schedule_imports", RatingScheduleImport,
                      indexes=[Index.field("content_hash")])
