"""The Valuation Office reconciliation: dwellings by band in our records against the valuation list.

Our records: every property whose band history has started by the day, in its band that day,
less those whose deletion from the list we have applied (their last entry on our copy of the
list closed by then, none in force). The list: every entry in force that day. Dwellings are
matched by UPRN; the exceptions report names each one that differs (on the list only, in our
records only, or in another band).
"""

from __future__ import annotations

import datetime as dt

from revcore.council import BANDS
from revcore.ctax import Property
from revtui.records.ctax import open_records
from revtui.records.valuation_list import ValuationListEntry, valuation_list
from revtui.reports.report import Report
from revtui.store import Store

__all__ = ["valuation_by_band", "valuation_exceptions"]


def _entries(store: Store) -> list[ValuationListEntry]:
    repo = valuation_list(store)
    return [repo.from_document(doc, doc.doc_id) for doc in repo.table]


def _deleted(entries: list[ValuationListEntry], as_at: dt.date) -> set[str]:
    """UPRNs whose latest entry begun by ``as_at`` was closed by then: deletions we applied."""
    latest: dict[str, ValuationListEntry] = {}
    for entry in entries:
        if entry.effective_from <= as_at and (entry.uprn not in latest
                                              or entry.effective_from > latest[entry.uprn].effective_from):
            latest[entry.uprn] = entry
    return {uprn for uprn, entry in latest.items() if not entry.listed_on(as_at)}


def _ours(store: Store, as_at: dt.date, entries: list[ValuationListEntry]) -> dict[str, Property]:
    records = open_records(store)
    deleted = _deleted(entries, as_at)
    found = {}
    for document in records.properties.table:
        prop = records.properties.from_document(document, document.doc_id)
        if prop.bands[0].effective_from <= as_at and prop.uprn not in deleted:
            found[prop.uprn] = prop
    return found


def _sides(store: Store, as_at: dt.date) -> tuple[dict[str, Property], dict[str, ValuationListEntry]]:
    """Our dwellings and the list's entries in force on ``as_at`` (one a dwelling), by UPRN."""
    entries = _entries(store)
    return _ours(store, as_at, entries), {entry.uprn: entry for entry in entries if entry.listed_on(as_at)}


def valuation_by_band(store: Store, as_at: dt.date) -> Report:
    """Rows of band, our dwellings, the list's dwellings and the difference, then the total."""
    ours, listed = _sides(store, as_at)
    rows = []
    for band in BANDS:
        mine = sum(1 for p in ours.values() if p.band_on(as_at) == band)
        theirs = sum(1 for e in listed.values() if e.band == band)
        if mine or theirs:
            rows.append((band, mine, theirs, mine - theirs))
    rows.append(("total", len(ours), len(listed), len(ours) - len(listed)))
    return Report("valuation", "Valuation Office reconciliation: dwellings by band", as_at,
                  ("band", "our_records", "valuation_list", "difference"), tuple(rows),
                  ("see the valuation-exceptions report for each dwelling that differs",))


def valuation_exceptions(store: Store, as_at: dt.date) -> Report:
    """Each dwelling where our records and the list disagree, by UPRN."""
    ours, listed = _sides(store, as_at)
    rows = []
    for uprn in sorted(set(ours) | set(listed)):
        prop, entry = ours.get(uprn), listed.get(uprn)
        if prop is None:
            rows.append((uprn, "", entry.address, "", entry.band, "on the list, not in our records (new dwelling?)"))
        elif entry is None:
            rows.append((uprn, prop.reference, ", ".join(prop.address.lines), prop.band_on(as_at), "",
                         "in our records, not on the list (deleted by the VOA?)"))
        elif prop.band_on(as_at) != entry.band:
            rows.append((uprn, prop.reference, ", ".join(prop.address.lines), prop.band_on(as_at), entry.band,
                         f"band differs (list altered from {entry.effective_from.isoformat()})"))
    return Report("valuation-exceptions", "Valuation Office reconciliation: exceptions", as_at,
                  ("uprn", "reference", "address", "our_band", "list_band", "issue"), tuple(rows))
