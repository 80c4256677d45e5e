"""Importing the Valuation Office's rating list entries file into the council's copy of the list.

- An entry new to us (UARN and list year) is added with its assessments.
- An entry we hold is brought up to the file's: a new assessment (assessment reference) is added
  from its effective date, an earlier one of the same day replaced, later ones left standing
  (``revcore.nndr.Hereditament.altered`` does the same for an account); its address,
  description and the rest take the file's. An assessment older than the one we hold (a file
  older than one imported before) is not applied and is reported.
- An entry we hold for the list, in a billing authority the file covers, that the file does not
  have is reported, never deleted: a full list without it means the VOA deleted it (or the file
  is incomplete) and an officer decides.

Nothing changes for an entry the file says the same about, so a file imported again changes
nothing; a file whose records say what an earlier import's did (its content hash, whatever its
bytes or name) is recognised and not applied again. Writes go in audited changes of
:data:`CHUNK` entries, each naming the file: an interrupted import, run again, carries on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import attrs

from revtui.imports.nndr_list import ListRecord, RatingListFile
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.records.rating_list import (ListValue, RatingListEntry, RatingListImport, rating_list,
                                        rating_list_imports)
from revtui.store import Store, Stored

__all__ = ["ListImportReport", "import_rating_list", "CHUNK"]

CHUNK = 2000
"""Entries written in one audited change (one transaction)."""


@attrs.frozen
class ListImportReport:
    name: str
    list_year: int
    records: int
    added: int = 0
    changed: tuple[str, ...] = ()
    unchanged: int = 0
    older: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    other_authorities: int = 0
    rejoined: tuple[tuple[int, int], ...] = ()
    earlier: str = ""
    """The earlier import of a file saying the same, if any (then nothing was applied)."""

    def lines(self) -> list[str]:
        if self.earlier:
            return [f"VOA rating list {self.name} ({self.list_year} list): the same records as {self.earlier}; "
                    "nothing applied"]
        rows = [f"VOA rating list {self.name} ({self.list_year} list): {self.records} record(s): {self.added} new, "
                f"{len(self.changed)} changed, {self.unchanged} unchanged, {len(self.older)} older than held, "
                f"{len(self.missing)} held but not in the file"
                + (f"; {self.other_authorities} of other billing authorities skipped" if self.other_authorities
                   else "")]
        rows += [f"  rejoined lines {first}-{last} (broken by a newline)" for first, last in self.rejoined]
        rows += [f"  changed {text}" for text in self.changed]
        rows += [f"  OLDER {text}" for text in self.older]
        rows += [f"  MISSING {text}" for text in self.missing]
        return rows


def _ordered(records: Iterable[ListRecord]) -> list[ListRecord]:
    """Oldest assessment first: assessment references increase over time (formats.md 1.2, field 20)."""
    return sorted(records, key=lambda r: (_order(r.assessment_reference), r.current_from or dt.date.min, r.line))


def _order(reference: str) -> tuple[int, str]:
    return (int(reference), "") if reference.isascii() and reference.isdigit() else (-1, reference)


def _value(record: ListRecord, starts: dt.date) -> ListValue:
    return ListValue(record.effective_date or starts, record.rateable_value, record.assessment_reference,
                     record.alteration_date, record.settlement_code)


def _details(record: ListRecord, year: int, values: tuple[ListValue, ...]) -> RatingListEntry:
    return RatingListEntry(record.uarn, year, record.ba_code, record.ba_reference, record.description_code,
                           record.description, record.address, record.postcode, record.scat_code, record.composite,
                           values, record.firm_name, record.community_code, record.case_number)


def _with(values: tuple[ListValue, ...], value: ListValue) -> tuple[ListValue, ...]:
    """``values`` with ``value``: the same assessment replaced, else the same day's, else added in date order."""
    kept = [v for v in values if v.assessment_reference != value.assessment_reference
            and v.effective_from != value.effective_from]
    return tuple(sorted((*kept, value), key=lambda v: v.effective_from))


def _merge(held: RatingListEntry | None, records: list[ListRecord], year: int, starts: dt.date,
           older: list[str]) -> RatingListEntry:
    """The entry as the file gives it, over what we hold (``held``)."""
    values = held.values if held else ()
    latest = _order(held.current.assessment_reference) if held else None
    newest: ListRecord | None = None
    for record in _ordered(records):
        value = _value(record, starts)
        if latest is not None and _order(record.assessment_reference) < latest:
            older.append(f"{record.uarn} line {record.line}: assessment {record.assessment_reference} is older than "
                         f"the {held.current.assessment_reference} held; not applied")  # type: ignore[union-attr]
            continue
        values = _with(values, value)
        newest = record
    if newest is None:
        assert held is not None
        return held
    return _details(newest, year, values)


def _rv(value: ListValue | None) -> str:
    if value is None:
        return "not listed"
    return "no value" if value.rateable_value is None else f"£{value.rateable_value:,}"


def _describe(held: RatingListEntry, new: RatingListEntry) -> str:
    head = f"{new.uarn} ({new.ba_reference or 'no BA reference'})"
    if new.values != held.values:
        added = [v for v in new.values if v not in held.values]
        return head + ": " + "; ".join(
            f"{_rv(held.value_on(v.effective_from))} -> {_rv(v)} from {v.effective_from.isoformat()} "
            f"(assessment {v.assessment_reference or '-'})" for v in added)
    fields = [f.name for f in attrs.fields(RatingListEntry) if getattr(new, f.name) != getattr(held, f.name)]
    return head + f": {', '.join(fields).replace('_', ' ')} changed"


def _held(store: Store, year: int) -> dict[str, Stored[RatingListEntry]]:
    """The entries of the ``year`` list we hold, by UARN (read a page at a time)."""
    repo = rating_list(store)
    found = {}
    for document in repo.table:
        if document.get("list_year") == year:
            value = repo.from_document(document, document.doc_id)
            found[value.uarn] = Stored(document.doc_id, document.version, value, document.changed_by,
                                       document.changed_at)  # type: ignore[arg-type]
    return found


def import_rating_list(store: Store, listfile: RatingListFile, *, officer: str, today: dt.date, ba_code: str = "",
                       progress: Callable[[int, int], None] | None = None) -> ListImportReport:
    """Apply ``listfile`` (its records of billing authority ``ba_code``, or all) to the rating list table."""
    scope = ba_code.strip()
    imports = rating_list_imports(store)
    for stored in imports.find("content_hash", listfile.content_hash):
        if stored.value.ba_code == scope and stored.value.list_year == listfile.list_year:
            earlier = f"{stored.value.name}, imported on {stored.value.imported_on.isoformat()}"
            return ListImportReport(listfile.name, listfile.list_year, len(listfile.records), earlier=earlier)
    records = [r for r in listfile.records if not scope or r.ba_code == scope]
    if not records:
        codes = ", ".join(sorted({r.ba_code for r in listfile.records}))
        raise ImportRejected([ImportProblem(listfile.name, 1, "ba_code", f"no entries of billing authority {scope!r} "
                                            f"(the file has {codes or 'none'}): nothing applied")])
    by_uarn: dict[str, list[ListRecord]] = {}
    for record in records:
        by_uarn.setdefault(record.uarn, []).append(record)
    year, starts = listfile.list_year, listfile.list_starts
    held = _held(store, year)
    adds: list[RatingListEntry] = []
    saves: list[tuple[Stored[RatingListEntry], RatingListEntry]] = []
    changed: list[str] = []
    older: list[str] = []
    for uarn, group in by_uarn.items():
        before = held.get(uarn)
        entry = _merge(before.value if before else None, group, year, starts, older)
        if before is None:
            adds.append(entry)
        elif entry != before.value:
            saves.append((before, entry))
            changed.append(_describe(before.value, entry))
    authorities = {r.ba_code for r in records}
    missing = sorted(uarn for uarn, stored in held.items() if uarn not in by_uarn
                     and stored.value.ba_code in authorities and stored.value.current.rateable_value is not None)
    _write(store, listfile, adds, saves, officer, progress)
    with store.change(f"VOA rating list {listfile.name} ({year} list) imported", user=officer):
        imports.add(RatingListImport(listfile.content_hash, listfile.name, year, scope, today, officer, len(records),
                                     tuple(missing)))
    return ListImportReport(
        listfile.name, year, len(records), len(adds), tuple(changed), len(by_uarn) - len(adds) - len(saves),
        tuple(older), tuple(_missing_text(held[uarn].value) for uarn in missing),
        len(listfile.records) - len(records), listfile.rejoined)


def _missing_text(entry: RatingListEntry) -> str:
    return (f"{entry.uarn} ({entry.ba_reference or 'no BA reference'}, {entry.address}): {_rv(entry.current)} held, "
            "not in the file: deleted by the VOA? (kept; check and act)")


def _write(store: Store, listfile: RatingListFile, adds: list[RatingListEntry],
           saves: list[tuple[Stored[RatingListEntry], RatingListEntry]], officer: str,
           progress: Callable[[int, int], None] | None) -> None:
    repo = rating_list(store)
    total, done = len(adds) + len(saves), 0
    name = f"VOA rating list {listfile.name} ({listfile.list_year} list)"
    for start in range(0, len(adds), CHUNK):
        chunk = adds[start:start + CHUNK]
        with store.change(f"{name}: new entries {start + 1}-{start + len(chunk)} of {len(adds)}", user=officer):
            # another import of the list may have added some since they were read: those are left to it
            fresh = [entry for entry in chunk if not repo.ids("key", f"{entry.uarn}/{entry.list_year}")]
            repo.table.insert_multiple([repo.to_document(entry) for entry in fresh])
        done += len(chunk)
        if progress:
            progress(done, total)
    for start in range(0, len(saves), CHUNK):
        pairs = saves[start:start + CHUNK]
        with store.change(f"{name}: changed entries {start + 1}-{start + len(pairs)} of {len(saves)}", user=officer):
            repo.save_many(pairs)
        done += len(pairs)
        if progress:
            progress(done, total)
