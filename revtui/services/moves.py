"""Move out (with a forwarding address) and move in: the two calls officers take most."""

from __future__ import annotations

import datetime as dt

import attrs

from refdata.instalments import instalment_rules
from revcore.ctax import Address, CtaxError, Liability, MoveOut, Person, Property, discounts_from, is_adult
from revcore.directdebit import BankAccount, DirectDebitError, InstalmentPreference, parse_bank_account
from revcore.ledger import Ledger
from revcore.money import format_money
from revcore.periods import FinancialYear
from revtui.services.billing import bill_year
from revcore.references import make_reference
from revtui.records.ctax import Bill, CtaxAccount, Records
from revtui.services.contacts import contact_at_move_in
from revtui.services.changes import ActionError, Proposal, describe_charge, parse_day, parse_yes_no, rebill
from revtui.services.permissions import require
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


def _people(text: str, day: dt.date, reference: str) -> tuple[Person, ...]:
    """People typed as "Ann Smith & Tom Smith 02/05/2012": each a name, and a date of birth where
    a status or an age depends on it."""
    people = []
    for n, part in enumerate((p.strip() for p in text.split("&") if p.strip()), start=1):
        name, _, last = part.rpartition(" ")
        born = None
        if name and any(ch.isdigit() for ch in last):
            born = parse_day(last, f"date of birth of {name.strip()}")
            if born > day:
                raise ActionError(f"date of birth of {name.strip()}: {born.isoformat()} is after the move-in day")
        else:
            name = part
        people.append(Person(f"{reference}-{n}", name.strip(), born))
    if not people:
        raise ActionError("people: give the names of those moving in (join two with &), each with the date of "
                          "birth where needed, e.g. Ann Smith & Tom Smith 02/05/2012")
    return tuple(people)


def _payer(pay: str, sort_code: str, account_number: str, holder: Person) -> BankAccount | None:
    """The bank account a Direct Debit will collect from (``dd``), checked now; None for cash."""
    method = pay.strip().lower()
    if method not in ("cash", "dd"):
        raise ActionError(f"pay by: {pay!r}: type cash or dd (Direct Debit)")
    if method == "cash":
        return None
    try:
        return parse_bank_account(sort_code, account_number, holder.name.upper())
    except DirectDebitError as error:
        raise ActionError(f"Direct Debit: {error}") from None


def _instalment_words(bill: Bill) -> str:
    """How a new bill is paid: how many instalments, the first and the rest."""
    if not bill.schedule.instalments:
        return "nothing to pay"
    first, *rest = bill.schedule.instalments
    return (f"{len(bill.schedule.instalments)} instalments: {format_money(first.amount)} on {first.due:%d/%m/%Y}"
            + (f", then {format_money(rest[0].amount)} monthly" if rest else ""))


def propose_move_in(session: Session, prop: Property, day: dt.date, names: str, reason: str, *,
                    phone: str = "", email: str = "", pay: str = "cash", sort_code: str = "", account_number: str = "",
                    instalments: str = "10", single: str | None = None) -> Proposal:
    """New residents from ``day``: a new account for the dwelling, billed, shown line by line.

    The adults (18 or over on ``day``, or of no recorded age: LGFA 1992 s.6(5)) are liable; younger
    people live there without being liable. ``single`` answers "is one adult the only adult living
    there": y gives the single person discount from ``day`` (s.11(1)), refused unless exactly one
    adult is named. ``pay`` is cash or dd (the mandate is set up when the account is saved), and
    ``instalments`` 10 or 12. The phone and email are the first liable person's contact
    (:func:`revtui.services.contacts.contact_at_move_in`)."""
    at = [stored.value for stored in session.records.accounts.find("property", prop.reference)]
    open_ones = [a for a in at if a.liability.end is None or a.liability.end >= day]
    if open_ones:
        raise ActionError(f"{prop.reference} still has {open_ones[0].reference} ({open_ones[0].names}) liable on "
                          f"{day.isoformat()}: record their move out first")
    reference = next_account_reference(session.records)
    people = _people(names, day, reference)
    rules = session.tariff.rules
    adults = tuple(p for p in people if is_adult(rules, p, day))
    if not adults:
        raise ActionError("people: nobody named is 18 or over on the move-in day; an adult must be liable "
                          "(LGFA 1992 s.6(5))")
    children = tuple(p for p in people if p not in adults)
    contact, contact_writes = contact_at_move_in(session, reference, adults[0].reference, phone, email)
    payer = _payer(pay, sort_code, account_number, adults[0])
    if instalments.strip() not in ("10", "12"):
        raise ActionError(f"instalments: {instalments!r}: type 10 or 12")
    only_one = parse_yes_no(single, "only adult living there") if single is not None else False
    if only_one and len(adults) != 1:
        raise ActionError(f"only adult living there: {len(adults)} adults are named ({', '.join(p.name for p in adults)}); "
                          "a single person discount needs one (LGFA 1992 s.11(1))")
    # the one s.11 rule over the people named: it ends the day a child named comes of age
    discounts = discounts_from(rules, people, (), day, None) if only_one else ()
    liability = Liability(reference, prop.reference, tuple(p.reference for p in adults), day, discounts=discounts)
    preference = InstalmentPreference()
    if instalments.strip() == "12":
        preference = preference.choose(12, session.today, session.officer, "asked for at move in")
    account = CtaxAccount(reference, prop.reference, adults, liability, Ledger(reference), preference=preference,
                          others=children)
    try:
        for year in range(FinancialYear.containing(day).start_year,
                          FinancialYear.containing(session.today).start_year + 1):
            fy = FinancialYear(year)
            account = bill_year(account, prop, session.tariff, fy, session.today,
                                instalment_rules("council_tax", prop.country.value, fy), officer=session.officer)
    except (CtaxError, ValueError) as error:
        raise ActionError(f"cannot bill the new account: {error}") from None
    effect = "\n".join(filter(None, [
        f"New account {reference} for {account.names}, liable at {prop.address} from {day.isoformat()}.",
        ("Living there, not liable (under 18: LGFA 1992 s.6(5)): "
         + ", ".join(f"{p.name} born {p.date_of_birth:%d/%m/%Y}" for p in children)) if children else "",
        f"Single person discount from {day.isoformat()}: one adult (LGFA 1992 s.11(1))." if only_one else
        "No single person discount (more than one adult, or not asked).",
        (f"Pays by Direct Debit from {payer.name}, sort code {sort_code.strip()}, account ****{payer.account_number[-4:]}"
         " (the instruction goes to the bank with the next run)." if payer else "Pays by cash or card (no Direct Debit)."),
        f"{instalments.strip()} monthly instalments.",
        f"Contact of {adults[0].name}: {contact}." if contact else "No phone or email given.",
    ]))
    for bill in account.bills:
        effect += (f"\n\n{FinancialYear(bill.year).label}: {format_money(bill.explanation.total)}; "
                   f"{_instalment_words(bill)}\n{describe_charge(bill.explanation)}")
    if not account.bills:
        effect += "\n\nCharged: nothing yet (the year is billed with the annual bills)."
    proposal = Proposal(f"Move in: {prop.reference}", account, effect, f"move in on {day.isoformat()}: {reason.strip()}",
                        writes=contact_writes)
    if payer is None:
        return proposal
    return attrs.evolve(proposal, apply=lambda s: _save_with_direct_debit(s, proposal, sort_code, account_number,
                                                                          payer.name))


def _save_with_direct_debit(session: Session, proposal: Proposal, sort_code: str, account_number: str,
                            name: str) -> None:
    """The new account saved, then its mandate set up (its own audited change, as from shift+d)."""
    from revtui.services import directdebit
    from revtui.services.changes import commit

    require(session, "direct_debit.manage")
    saved = commit(session, None, attrs.evolve(proposal, apply=None))
    assert saved is not None
    try:
        directdebit.set_up_direct_debit(session.cash, saved.value.reference, sort_code, account_number, name,
                                        today=session.today, officer=session.officer)
    except DirectDebitError as error:
        raise ActionError(f"{saved.value.reference} was opened, but the Direct Debit was not set up ({error}): "
                          "set it up on the account with shift+d") from None
