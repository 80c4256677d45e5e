"""Applying a Valuation Office schedule (Schedule of Alterations) to the council's records.

Each line is applied in its own audited transaction, whose reason names the schedule, the line
and the VOA reference; the same transaction records the line as applied (by the file's content
hash), so a schedule imported again, under any name, applies none of its lines twice.

- Amended / Historic Amended: the property's band changes from the effective date (the by-hand
  band change, :func:`~revtui.services.account_actions.propose_band_change`, for each account at
  the dwelling): every billed year is re-billed, a changed year gets an adjustment bill.
- New / Historic New: a dwelling awaiting its band (work queue 4) is listed; otherwise a new
  property is made, in the charging area of its postcode's neighbours.
- Deleted / Historic Deleted: the entry leaves the valuation list from the effective date; each
  account liable then ends the day before, its years re-billed (the final bills).
- Reinstated / Historic Reinstated: listed again in the band given; nobody is made liable.
- Minor Address Change: the address on the property and the list entry.

A line that cannot be applied safely (a reference not found, a dwelling already listed, someone
whose liability begins after a deletion) is left for an officer, named in the report, and is
tried again when the schedule is imported again. The lines left are kept with the import record,
so an officer can also apply a band change among them from the account view
(:func:`waiting_band_changes`, :func:`propose_waiting_line`), recorded as applied the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from revcore.ctax import BandEntry, CtaxError, MoveOut, Property
from revtui.imports.voa_schedule import ScheduleOfAlterations, AlterationLine
from revtui.records.ctax import CtaxAccount
from revtui.records.valuation_list import ValuationListEntry, valuation_list
from revtui.services.account_actions import propose_band_change
from revtui.services.changes import ActionError, Proposal, rebill
from revtui.services.dwellings import dwellings_repository
from revtui.services.session import Session
from revtui.store import Index, Repository, Store, Stored

__all__ = ["ScheduleImport", "schedules_repository", "LineOutcome", "ScheduleReport", "apply_schedule",
           "WaitingLine", "waiting_band_changes", "propose_waiting_line"]


@attrs.frozen
class ScheduleImport:
    """A schedule file imported: the lines applied so far (their places among its lines, :attr:`AlterationLine.key`),
    by the hash of what it says."""

    content_hash: str
    name: str
    imported_on: dt.date
    officer: str
    applied_lines: tuple[int, ...] = attrs.field(default=(), converter=tuple)
    waiting: tuple[AlterationLine, ...] = attrs.field(default=(), converter=tuple)
    """The lines left for an officer by the last import and not applied since: an officer may
    apply a band change among them from the account view."""


def _waiting_dwellings(document) -> list[str]:
    return [line.get(field) for line in document.get("waiting", ()) for field in ("property_reference", "uprn")]


def schedules_repository(store: Store) -> Repository[ScheduleImport]:
    return Repository(store, "voa_schedules", ScheduleImport,
                      indexes=[Index.field("content_hash"), Index("waiting", _waiting_dwellings, reads=["waiting"])])


@attrs.frozen
class LineOutcome:
    line: int
    voa_reference: str
    change: str
    text: str

    def __str__(self) -> str:
        return f"line {self.line} ({self.voa_reference}, {self.change.replace('_', ' ')}): {self.text}"


@attrs.frozen
class ScheduleReport:
    name: str
    applied: tuple[LineOutcome, ...]
    for_officer: tuple[LineOutcome, ...]
    already_applied: int
    earlier: str = ""  # the earlier import of the same schedule, if any

    def lines(self) -> list[str]:
        rows = [f"Valuation Office schedule {self.name}: {len(self.applied)} line(s) applied, "
                f"{len(self.for_officer)} for an officer, {self.already_applied} applied before"
                + (f" (from {self.earlier})" if self.already_applied and self.earlier else "")]
        for mark, outcomes in (("applied", self.applied), ("OFFICER", self.for_officer)):
            for outcome in outcomes:
                first, *more = str(outcome).splitlines()
                rows += [f"  {mark} {first}", *(f"    {row}" if row else "" for row in more)]
        return rows


class _ForOfficer(Exception):
    """The line cannot be applied without an officer; the message says why."""


_Write = Callable[[], None]


def _reason(name: str, line: AlterationLine) -> str:
    return (f"VOA schedule {name} ({line.schedule_date.isoformat()}) line {line.line}, "
            f"VOA reference {line.voa_reference}: {line.change.replace('_', ' ')}")


def _find_property(session: Session, line: AlterationLine) -> Stored[Property] | None:
    properties = session.records.properties
    if line.property_reference:
        found = properties.find_one("reference", line.property_reference)
        if found is not None:
            if line.uprn and found.value.uprn != line.uprn:
                raise _ForOfficer(f"{found.value.reference} has UPRN {found.value.uprn}, the schedule says {line.uprn}: "
                                  "which dwelling is meant?")
            return found
    return properties.find_one("uprn", line.uprn) if line.uprn else None


def _property(session: Session, line: AlterationLine) -> Stored[Property]:
    found = _find_property(session, line)
    if found is None:
        raise _ForOfficer(f"no property with reference {line.property_reference or '-'} or UPRN {line.uprn or '-'}")
    return found


def _accounts(session: Session, prop: Property) -> list[Stored[CtaxAccount]]:
    return session.records.accounts.find("property", prop.reference)


def _list_entries(store: Store, uprn: str) -> list[Stored[ValuationListEntry]]:
    return valuation_list(store).find("uprn", uprn)


def _in_force(store: Store, uprn: str, day: dt.date) -> Stored[ValuationListEntry] | None:
    return next((stored for stored in _list_entries(store, uprn) if stored.value.listed_on(day)), None)


def _list_band(session: Session, prop: Property, band: str, day: dt.date) -> list[_Write]:
    """The list entry from ``day`` in ``band``: the entry in force then ends the day before (or is replaced)."""
    store = session.store
    current = _in_force(store, prop.uprn, day)
    entry = ValuationListEntry(prop.uprn, prop.reference, ", ".join(prop.address.lines), prop.address.postcode,
                               band, day, current.value.deleted_from if current else None)
    if current is None:
        later = [s.value.effective_from for s in _list_entries(store, prop.uprn) if s.value.effective_from > day]
        entry = attrs.evolve(entry, deleted_from=min(later, default=None))
        return [lambda: valuation_list(store).add(entry)]
    if current.value.effective_from == day:
        return [lambda: valuation_list(store).save(current, entry)]
    return [lambda: valuation_list(store).save(current, attrs.evolve(current.value, deleted_from=day)),
            lambda: valuation_list(store).add(entry)]


def _save_property(session: Session, stored: Stored[Property], prop: Property) -> _Write:
    return lambda: session.records.properties.save(stored, prop)


def _save_account(session: Session, stored: Stored[CtaxAccount], account: CtaxAccount) -> _Write:
    return lambda: session.records.accounts.save(stored, account)


def _amended(session: Session, line: AlterationLine, reason: str) -> tuple[str, list[_Write]]:
    head, rebilled, writes = _amend(session, _property(session, line), line, reason)
    return "\n".join([head, *(f"{reference} re-billed:\n{_indent(effect)}" for reference, effect in rebilled)]), writes


def _amend(session: Session, stored: Stored[Property], line: AlterationLine,
           reason: str) -> tuple[str, list[tuple[str, str]], list[_Write]]:
    """The band change of ``line`` at ``stored``: what changes, each account re-billed (its
    reference and the effect), and the writes (the property, our copy of the list, the accounts)."""
    day_text = line.effective_from.isoformat()
    prop = stored.value
    try:
        changed = prop.with_band(line.band, line.effective_from)
    except CtaxError as error:
        raise _ForOfficer(str(error)) from None
    writes = [_save_property(session, stored, changed), *_list_band(session, changed, line.band, line.effective_from)]
    rebilled = []
    for account in _accounts(session, prop):
        try:
            proposal = propose_band_change(session, account.value, prop, line.band, day_text, reason)
        except ActionError as error:
            raise _ForOfficer(f"{account.value.reference}: {error}") from None
        if proposal.account is not None and proposal.account != account.value:
            writes.append(_save_account(session, account, proposal.account))
            rebilled.append((account.value.reference, proposal.effect))
    return f"{prop.reference} band {line.band} from {day_text} (was {_band_then(prop, line.effective_from)})", rebilled, writes


def _band_then(prop: Property, day: dt.date) -> str:
    try:
        return f"band {prop.band_on(day)}"
    except CtaxError:
        return "not banded then"


def _indent(text: str) -> str:
    return "\n".join(f"      {row}" if row else "" for row in text.splitlines())


def _new(session: Session, line: AlterationLine, reason: str) -> tuple[str, list[_Write]]:
    listed = _find_property(session, line)
    if listed is not None:
        raise _ForOfficer(f"already listed as {listed.value.reference}: check whether this is a duplicate")
    council = session.tariff.council
    day = line.effective_from
    dwellings = dwellings_repository(session.store)
    waiting = (dwellings.find_one("reference", line.property_reference) if line.property_reference else None) or (
        dwellings.find_one("uprn", line.uprn) if line.uprn else None)
    if waiting is not None:
        d = waiting.value
        prop = Property(d.reference, d.uprn, d.address, council.country, d.area, (BandEntry(day, line.band),))
        writes = [lambda: dwellings.save(waiting, attrs.evolve(d, listed=session.today))]
        text = f"new dwelling {d.reference} (from {d.source}) listed in band {line.band} from {day.isoformat()}"
    else:
        if not line.property_reference or not line.uprn or line.address is None:
            raise _ForOfficer("a dwelling we have not recorded, without our reference, UPRN and address: "
                              "record it as a new dwelling, then import the schedule again")
        neighbours = session.records.properties.find("postcode", line.address.postcode)
        areas = {n.value.area for n in neighbours} or {a.code for a in council.areas}
        if len(areas) != 1:
            raise _ForOfficer(f"which charging area is it in ({', '.join(sorted(areas))})? record it as a new "
                              "dwelling, then import the schedule again")
        prop = Property(line.property_reference, line.uprn, line.address, council.country, areas.pop(),
                        (BandEntry(day, line.band),))
        writes = []
        text = f"new property {prop.reference} at {prop.address} listed in band {line.band} from {day.isoformat()}"
    writes.append(lambda: session.records.properties.add(prop))
    writes += _list_band(session, prop, line.band, day)
    return f"{text}; record the move in when occupied", writes


def _deleted(session: Session, line: AlterationLine, reason: str) -> tuple[str, list[_Write]]:
    stored = _property(session, line)
    prop, day = stored.value, line.effective_from
    try:
        band = prop.band_on(day - dt.timedelta(days=1))
    except CtaxError:
        raise _ForOfficer(f"{prop.reference} has no band before {day.isoformat()}: nothing to delete") from None
    entry = _in_force(session.store, prop.uprn, day)
    if entry is not None:
        writes = [lambda: valuation_list(session.store).save(entry, attrs.evolve(entry.value, deleted_from=day))]
    elif _list_entries(session.store, prop.uprn):
        raise _ForOfficer(f"{prop.reference} is not on our copy of the valuation list on {day.isoformat()}")
    else:  # our copy of the list never held it: record the entry from our band history, ending now
        since = max(e.effective_from for e in prop.bands if e.effective_from < day)
        closed = ValuationListEntry(prop.uprn, prop.reference, ", ".join(prop.address.lines), prop.address.postcode,
                                    band, since, day)
        writes = [lambda: valuation_list(session.store).add(closed)]
    texts = [f"{prop.reference} deleted from the list from {day.isoformat()}"]
    for account in _accounts(session, prop):
        liability = account.value.liability
        if liability.end is not None and liability.end < day:
            continue
        if liability.start >= day:
            raise _ForOfficer(f"{account.value.reference} is liable from {liability.start.isoformat()}, "
                              f"on or after the deletion: check who was liable and where")
        ended, _ = MoveOut(day).apply(liability, prop)
        billed, effect = rebill(attrs.evolve(account.value, liability=ended), prop, session.tariff, session.today,
                                session.officer)
        writes.append(_save_account(session, account, billed))
        texts.append(f"{account.value.reference} liable to {ended.end.isoformat()}; final bills:\n{_indent(effect)}")
    return "\n".join(texts), writes


def _reinstated(session: Session, line: AlterationLine, reason: str) -> tuple[str, list[_Write]]:
    stored = _property(session, line)
    prop, day = stored.value, line.effective_from
    if _in_force(session.store, prop.uprn, day) is not None:
        raise _ForOfficer(f"{prop.reference} is already on our copy of the list on {day.isoformat()}")
    changed = prop.with_band(line.band, day)
    writes = [_save_property(session, stored, changed), *_list_band(session, changed, line.band, day)]
    return (f"{prop.reference} listed again in band {line.band} from {day.isoformat()}; "
            "record who is liable from then"), writes


def _address(session: Session, line: AlterationLine, reason: str) -> tuple[str, list[_Write]]:
    stored = _property(session, line)
    assert line.address is not None  # the reader refuses a minor address change without one
    changed = attrs.evolve(stored.value, address=line.address)
    writes = [_save_property(session, stored, changed)]
    entry = _in_force(session.store, stored.value.uprn, line.effective_from)
    if entry is not None:
        listed = attrs.evolve(entry.value, address=", ".join(line.address.lines), postcode=line.address.postcode)
        writes.append(lambda: valuation_list(session.store).save(entry, listed))
    return f"{stored.value.reference} address now {line.address} (was {stored.value.address})", writes


_HANDLERS = {
    "amended": _amended, "historic_amended": _amended,
    "new": _new, "historic_new": _new,
    "deleted": _deleted, "historic_deleted": _deleted,
    "reinstated": _reinstated, "historic_reinstated": _reinstated,
    "minor_address_change": _address,
}


def _record(session: Session, content_hash: str, name: str, line: int) -> None:
    """``line`` applied (in the change that applies it), and no longer waiting for an officer."""
    repository = schedules_repository(session.store)
    stored = repository.find_one("content_hash", content_hash)
    if stored is None:
        repository.add(ScheduleImport(content_hash, name, session.today, session.officer, (line,)))
    else:
        value = stored.value
        repository.save(stored, attrs.evolve(value, applied_lines=(*value.applied_lines, line),
                                             waiting=tuple(w for w in value.waiting if w.key != line)))


def _keep_waiting(session: Session, schedule: ScheduleOfAlterations, numbers: set[int]) -> None:
    """The lines left for an officer (by line number), kept with the import record for the account view."""
    waiting = tuple(line for line in schedule.lines if line.line in numbers)
    repository = schedules_repository(session.store)
    stored = repository.find_one("content_hash", schedule.content_hash)
    if (stored.value.waiting if stored else ()) == waiting:
        return
    with session.store.change(f"VOA schedule {schedule.name}: {len(waiting)} line(s) left for an officer",
                              user=session.officer):
        if stored is None:
            repository.add(ScheduleImport(schedule.content_hash, schedule.name, session.today, session.officer,
                                          (), waiting))
        else:
            repository.save(stored, attrs.evolve(stored.value, waiting=waiting))


def apply_schedule(session: Session, schedule: ScheduleOfAlterations) -> ScheduleReport:
    """Apply each line not applied before, in file order; lines an officer must look at are reported."""
    repository = schedules_repository(session.store)
    before = repository.find_one("content_hash", schedule.content_hash)
    done = set(before.value.applied_lines) if before else set()
    legacy = repository.find_one("content_hash", schedule.bytes_hash) if schedule.bytes_hash and not before else None
    if legacy is not None:  # imported when schedules were known by their bytes and lines by their numbers
        done = {line.key for line in schedule.lines if line.line in legacy.value.applied_lines}
    applied, for_officer = [], []
    for line in schedule.lines:
        if line.key in done:
            continue
        reason = _reason(schedule.name, line)
        with session.store.change(reason, user=session.officer):
            try:
                text, writes = _HANDLERS[line.change](session, line, reason)
            except (_ForOfficer, ActionError, CtaxError) as problem:  # nothing of the line is written
                for_officer.append(LineOutcome(line.line, line.voa_reference, line.change, str(problem)))
                continue
            for write in writes:
                write()
            _record(session, schedule.content_hash, schedule.name, line.key)
        applied.append(LineOutcome(line.line, line.voa_reference, line.change, text))
    _keep_waiting(session, schedule, {outcome.line for outcome in for_officer})
    first = before or legacy
    earlier = f"{first.value.name}, imported on {first.value.imported_on.isoformat()}" if first else ""
    return ScheduleReport(schedule.name, tuple(applied), tuple(for_officer), len(done), earlier)


_BAND_CHANGES = frozenset({"amended", "historic_amended"})


@attrs.frozen
class WaitingLine:
    """A band change line of an imported schedule, not applied yet, naming a dwelling."""

    schedule: Stored[ScheduleImport]
    line: AlterationLine

    def __str__(self) -> str:
        line = self.line
        return (f"band {line.band} from {line.effective_from.strftime('%d/%m/%Y')}: {self.schedule.value.name} "
                f"line {line.line}, VOA {line.voa_reference}{' (historic)' if line.change.startswith('h') else ''}")


def waiting_band_changes(session: Session, prop: Property) -> list[WaitingLine]:
    """The band changes imported for ``prop`` (by our reference or its UPRN) and not applied, oldest first."""
    repository = schedules_repository(session.store)
    found = {stored.doc_id: stored for key in (prop.reference, prop.uprn) for stored in repository.find("waiting", key)}
    return [WaitingLine(stored, line) for _, stored in sorted(found.items()) for line in stored.value.waiting
            if line.change in _BAND_CHANGES
            and (line.property_reference == prop.reference or (line.uprn and line.uprn == prop.uprn))]


def propose_waiting_line(session: Session, stored_prop: Stored[Property], waiting: WaitingLine,
                         note: str) -> Proposal:
    """Apply a waiting band change at this dwelling (the officer has said which one is meant): the
    same change as the schedule import makes, recorded as applied in the same audited change.

    :raises ActionError: the change cannot be made (the message says why); nothing is written.
    """
    line = waiting.line
    reason = _reason(waiting.schedule.value.name, line) + (f"; {note.strip()}" if note.strip() else "")
    try:
        head, rebilled, writes = _amend(session, stored_prop, line, reason)
    except (_ForOfficer, CtaxError) as problem:
        raise ActionError(str(problem)) from None
    text = "\n\n".join([head, *(f"{reference} re-billed: {effect}" for reference, effect in rebilled)])

    def apply(session: Session) -> None:
        with session.store.change(reason, user=session.officer):
            for write in writes:
                write()
            _record(session, waiting.schedule.value.content_hash, waiting.schedule.value.name, line.key)

    return Proposal(f"Band change from the VOA schedule: {stored_prop.value.reference}", None, text, reason,
                    apply=apply)
