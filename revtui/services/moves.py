"""Move out (with a forwarding address) and move in: the two calls officers take most."""

from __future__ import annotations

import datetime as dt

import attrs

from refdata.instalments import instalment_rules
from revcore.ctax import Address, CtaxError, Liability, MoveOut, Person, Property
from revcore.ledger import Ledger
from revcore.money import format_money
from revcore.periods import FinancialYear
from revtui.services.billing import bill_year
from revcore.references import make_reference
from revtui.records.ctax import CtaxAccount, Records
from revtui.services.changes import ActionError, Proposal, rebill
from revtui.services.session import Session

__all__ = ["propose_move_out", "propose_move_in", "next_account_reference"]


def _address(lines_text: str, postcode: str, field: str) -> Address:
    lines = tuple(part.strip() for part in lines_text.split(",") if part.strip())
    if not lines:
        raise ActionError(f"{field}: give at least one address line (separate lines with commas)")
    if not postcode.strip():
        raise ActionError(f"{field}: give the postcode")
    return Address(lines, postcode.strip().upper())


def propose_move_out(session: Session, account: CtaxAccount, prop: Property, day: dt.date,
                     forwarding_lines: str, forwarding_postcode: str, reason: str) -> Proposal:
    """The liable people move out on ``day``: liability ends the day before, bills are adjusted,
    notices go to the forwarding address from now on."""
    if account.liability.end is not None:
        raise ActionError(f"{account.reference} already ended on {account.liability.end.isoformat()}: "
                          "nobody on it is liable now")
    if day > session.today + dt.timedelta(days=90):
        raise ActionError(f"move-out date: {day.isoformat()} is more than 90 days ahead; record it nearer the time")
    forwarding = _address(forwarding_lines, forwarding_postcode, "forwarding address")
    if not reason.strip():
        raise ActionError("reason: say how we were told (recorded in the audit trail)")
    change = MoveOut(day)
    try:
        liability, _ = change.apply(account.liability, prop)
    except CtaxError as error:
        raise ActionError(f"move-out date: {error}") from None
    moved = attrs.evolve(account, liability=liability, correspondence=forwarding)
    billed, effect = rebill(moved, prop, session.tariff, session.today, session.officer)
    effect = (f"{', '.join(p.name for p in account.persons)} {change.describe()}.\n"
              f"Notices to: {forwarding}\n\n{effect}")
    return Proposal(f"Move out: {account.reference}", billed, effect,
                    f"move out on {day.isoformat()}: {reason.strip()}")


def next_account_reference(records: Records) -> str:
    """The next unused council tax account reference (serials in order)."""
    count = len(records.accounts)
    serial = count + 1
    while records.accounts.find_one("reference", make_reference("C", serial)) is not None:
        serial += 1
    return make_reference("C", serial)


def propose_move_in(session: Session, prop: Property, day: dt.date, names: str, reason: str) -> Proposal:
    """New residents from ``day``: a new account for the dwelling (bills follow from billing)."""
    people = [name.strip() for name in names.split("&") if name.strip()]
    if not people:
        raise ActionError("names: give the liable people's names (join two with &)")
    at = [stored.value for stored in session.records.accounts.find("property", prop.reference)]
    open_ones = [a for a in at if a.liability.end is None or a.liability.end >= day]
    if open_ones:
        raise ActionError(f"{prop.reference} still has {open_ones[0].reference} ({open_ones[0].names}) liable on "
                          f"{day.isoformat()}: record their move out first")
    reference = next_account_reference(session.records)
    persons = tuple(Person(f"{reference}-{n}", name) for n, name in enumerate(people, start=1))
    liability = Liability(reference, prop.reference, tuple(p.reference for p in persons), day)
    account = CtaxAccount(reference, prop.reference, persons, liability, Ledger(reference))
    for year in range(FinancialYear.containing(day).start_year, FinancialYear.containing(session.today).start_year + 1):
        fy = FinancialYear(year)
        account = bill_year(account, prop, session.tariff, fy, session.today,
                            instalment_rules("council_tax", prop.country.value, fy), officer=session.officer)
    charged = "; ".join(f"{FinancialYear(b.year).label} {format_money(b.explanation.total)}" for b in account.bills)
    effect = (f"New account {reference} for {account.names}, liable at {prop.address} from {day.isoformat()}.\n"
              f"Charged: {charged or 'nothing yet'}.")
    return Proposal(f"Move in: {prop.reference}", account, effect, f"move in on {day.isoformat()}: {reason.strip()}")
