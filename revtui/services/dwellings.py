"""New dwellings, from a building control or planning notice to a listed, bandable property.

A new dwelling is not charged until the Valuation Office lists it with a band (the council
never bands a dwelling itself). The council records it, serves a completion notice (LGFA 1992
s.17 and Sch 4A) fixing the day it counts as complete, and reports it to the Valuation Office;
the record waits in a work queue until the band arrives, when it becomes a property.
"""

from __future__ import annotations

import datetime as dt

import attrs

from revcore.council import BANDS
from revcore.ctax import Address, BandEntry, CtaxError, Property
from revtui.services.changes import ActionError, Proposal, Write, parse_day
from revtui.services.session import Session
from revtui.store import Index, Repository, Store, Stored, once_per_store

__all__ = ["NewDwelling", "dwellings_repository", "propose_new_dwelling", "awaiting_band", "list_dwelling"]


@attrs.frozen
class NewDwelling:
    reference: str
    uprn: str
    address: Address
    area: str
    source: str
    """The building control or planning notice it came from."""
    completion_day: dt.date
    """The day stated in the completion notice."""
    notice_served: dt.date
    reported_to_voa: dt.date
    listed: dt.date | None = None
    """When the Valuation Office band arrived and the property was made."""


@once_per_store
def dwellings_repository(store: Store) -> Repository[NewDwelling]:
    waiting = Index("queue", lambda doc: ["waiting"] if doc.get("listed") is None else [])
    return Repository(store, "new_dwellings", NewDwelling,
                      indexes=[Index.field("reference"), Index.field("uprn"), waiting])


def _next_reference(session: Session) -> str:
    serial = len(session.records.properties) + len(dwellings_repository(session.store)) + 1
    while session.records.properties.find_one("reference", f"P{serial:07d}") is not None:
        serial += 1
    return f"P{serial:07d}"


def propose_new_dwelling(session: Session, uprn: str, lines_text: str, postcode: str, area: str, source: str,
                         completion_text: str) -> Proposal:
    uprn = uprn.strip()
    if not uprn.isdigit() or len(uprn) > 12:
        raise ActionError(f"UPRN: {uprn!r} must be up to 12 digits")
    if session.records.properties.find_one("uprn", uprn) or dwellings_repository(session.store).find_one("uprn", uprn):
        raise ActionError(f"UPRN: {uprn} is already recorded")
    lines = tuple(part.strip() for part in lines_text.split(",") if part.strip())
    if not lines or not postcode.strip():
        raise ActionError("address: give the address lines (separated by commas) and the postcode")
    codes = {a.code: a.name for a in session.tariff.council.areas}
    area = area.strip().upper()
    if area not in codes:
        raise ActionError(f"area: {area!r} is not one of {', '.join(f'{c} ({n})' for c, n in codes.items())}")
    if not source.strip():
        raise ActionError("from notice: give the building control or planning reference")
    completion = parse_day(completion_text, "completion day")
    dwelling = NewDwelling(_next_reference(session), uprn, Address(lines, postcode.strip().upper()), area,
                           source.strip(), completion, session.today, session.today)
    from revtui.services.officer_letters import completion_notice, completion_number, completion_write

    notice = completion_notice(session.tariff.council.code, dwelling.reference, dwelling.address.lines,
                               dwelling.address.postcode, completion, session.today)
    effect = (f"New dwelling {dwelling.reference} at {dwelling.address} ({codes[area]}), UPRN {uprn}, from "
              f"{dwelling.source}.\nCompletion notice served {session.today.isoformat()} stating completion on "
              f"{completion.isoformat()} (LGFA 1992 s.17, Sch 4A), to the owner at the dwelling, appeal by "
              f"{notice.appeal_by.isoformat()}: stored as notice {completion_number(dwelling.reference)}.\n"
              "Reported to the Valuation Office for banding: it waits in work queue 4 until the band arrives.")
    return Proposal(f"New dwelling {dwelling.reference}", None, effect,
                    f"new dwelling from {dwelling.source}: completion notice served, reported to the VOA",
                    writes=(Write(dwellings_repository, None, dwelling), completion_write(session, notice)))


def awaiting_band(session: Session) -> list[Stored[NewDwelling]]:
    return dwellings_repository(session.store).find("queue", "waiting")


def list_dwelling(session: Session, stored: Stored[NewDwelling], band: str, from_text: str) -> str:
    """The Valuation Office has listed the dwelling: make the property, with its band from that day."""
    band = band.strip().upper()
    if band not in BANDS:
        raise ActionError(f"band: {band!r} is not a band")
    day = parse_day(from_text, "effective from")
    d = stored.value
    try:
        prop = Property(d.reference, d.uprn, d.address, session.tariff.council.country, d.area,
                        (BandEntry(day, band),))
    except CtaxError as error:
        raise ActionError(str(error)) from None
    with session.store.change(f"new dwelling {d.reference} listed in band {band} from {day.isoformat()}",
                              user=session.officer):
        dwellings_repository(session.store).save(stored, attrs.evolve(d, listed=session.today))
        session.records.properties.add(prop)
    return f"{d.reference} listed: band {band} from {day.isoformat()}; record the move in on it when occupied"


