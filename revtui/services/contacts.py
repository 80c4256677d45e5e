"""Contact details, the correspondence address and gone away, changed by an officer.

Each change is a :class:`~revtui.services.changes.Proposal` (shown, then saved in one audited
transaction) and is recorded in the account's contact record with who, when and its source
(:class:`~revtui.records.contacts.ContactSource`). Gone away stops post: print runs and the
recovery run skip the account and say so (:func:`gone_away_accounts`); a trace outcome closes
the returned mail case, records where the payer was traced to and lifts the flag.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Container, Iterable, Mapping

import attrs

from letters.model import MAX_ADDRESS_LINES
from revcore.ctax import Address
from revcore.recovery import Action, RecoveryPlan
from revtui.records.contacts import (ContactChange, ContactRecord, ContactSource, GoneAway, PersonContact,
                                     contact_records)
from revtui.records.ctax import CtaxAccount
from revtui.services.cases import Case, CaseStep, cases_repository, new_case_id
from revtui.services.changes import ActionError, Proposal, Write
from revtui.services.session import Session
from revtui.store import Store, Stored

__all__ = ["post_held", "TraceOutcome", "parse_source", "parse_outcome", "contact_of", "gone_away_accounts",
           "correspondence_address",
           "propose_contact", "contact_at_move_in", "propose_correspondence", "propose_gone_away", "propose_trace_outcome", "SOURCE_WORDS",
           "hold_post", "TraceItem", "tracing_queue"]

SOURCE_WORDS = ", ".join(source.value for source in ContactSource)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_DIGITS = re.compile(r"^\+?\d{10,15}$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")
"""A UK postcode (the Royal Mail's formats); an address abroad is not taken here."""


class TraceOutcome(enum.Enum):
    """How tracing a gone-away payer ended."""

    TRACED = "traced to a new address"
    CONFIRMED = "still at the address (confirmed)"
    NOT_TRACED = "not traced"
    DECEASED = "deceased"


def _choose(text: str, field: str, options: type[enum.Enum]) -> enum.Enum:
    """The option whose words (or name) were typed, or the one they begin; else a clear refusal."""
    typed = " ".join(text.strip().lower().replace("_", " ").split())
    if not typed:
        raise ActionError(f"{field}: choose one of: {', '.join(o.value for o in options)}")
    exact = [o for o in options if typed in (o.value.lower(), o.name.lower().replace("_", " "))]
    begun = exact or [o for o in options if o.value.lower().startswith(typed)]
    if len(begun) != 1:
        raise ActionError(f"{field}: {text.strip()!r} is not one of: {', '.join(o.value for o in options)}")
    return begun[0]


def parse_source(text: str) -> ContactSource:
    """Where it came from, typed as its words or their start (``dwp``, ``credit``, ``phone``)."""
    return _choose(text, "source", ContactSource)  # type: ignore[return-value]


def parse_outcome(text: str) -> TraceOutcome:
    return _choose(text, "outcome", TraceOutcome)  # type: ignore[return-value]


def contact_of(store: Store, reference: str) -> Stored[ContactRecord] | None:
    return contact_records(store).find_one("account", reference)


def gone_away_accounts(store: Store) -> dict[str, GoneAway]:
    """Every account whose post is stopped, by reference (read once for a whole run)."""
    return {stored.value.account: stored.value.gone_away for stored in contact_records(store).find("gone_away", "yes")
            if stored.value.gone_away is not None}


def _record(store: Store, reference: str) -> tuple[Stored[ContactRecord] | None, ContactRecord]:
    stored = contact_of(store, reference)
    return stored, stored.value if stored else ContactRecord(reference)


def _change(session: Session, source: ContactSource, what: str) -> ContactChange:
    return ContactChange(session.today, session.officer, source, what)


def _phone(text: str) -> str:
    phone = " ".join(text.split())
    if phone and not _PHONE_DIGITS.match(re.sub(r"[\s()-]", "", phone)):
        raise ActionError(f"phone: {text.strip()!r} is not a phone number (10 to 15 digits, e.g. 01632 960123)")
    return phone


def _email(text: str) -> str:
    email = text.strip()
    if email and (not _EMAIL.match(email) or len(email) > 254):
        raise ActionError(f"email: {email!r} is not an email address (like name@example.org)")
    return email


def contact_at_move_in(session: Session, reference: str, person: str, phone_text: str,
                       email_text: str) -> tuple[str, tuple[Write, ...]]:
    """The phone and email a new account's first liable person gave at move in, checked, in words
    ('' when none), and the write that records them as the account's contact (its one owner)."""
    phone, email = _phone(phone_text), _email(email_text)
    if not phone and not email:
        return "", ()
    what = ", ".join(f"{label} {value}" for label, value in (("phone", phone), ("email", email)) if value)
    record = ContactRecord(reference, persons=(PersonContact(person, phone, email),),
                           changes=(_change(session, ContactSource.MOVE_IN, what),))
    return what, (Write(contact_records, None, record),)


def propose_contact(session: Session, account: CtaxAccount, person_text: str, phone_text: str, email_text: str,
                    source_text: str) -> Proposal:
    """A liable person's phone and email as now known (blank: none known), from ``source``."""
    number = person_text.strip() or "1"
    if not number.isdigit() or not 1 <= int(number) <= len(account.persons):
        raise ActionError(f"person: {person_text.strip()!r} is not one of the liable people "
                          f"(1 to {len(account.persons)})")
    person = account.persons[int(number) - 1]
    phone, email, source = _phone(phone_text), _email(email_text), parse_source(source_text)
    stored, record = _record(session.store, account.reference)
    before = record.person(person.reference)
    after = PersonContact(person.reference, phone, email)
    if after == before:
        raise ActionError(f"{person.name}: the phone and email are as recorded already; nothing to change")
    said = [f"{label} {old or '(none)'} -> {new or '(none)'}" for label, old, new in
            (("phone", before.phone, phone), ("email", before.email, email)) if old != new]
    what = f"{person.name}: {'; '.join(said)}"
    persons = (*(p for p in record.persons if p.person != person.reference), after)
    changed = attrs.evolve(record, persons=persons, changes=(*record.changes, _change(session, source, what)))
    return Proposal(f"Contact details: {account.reference}", account, f"{what}\nSource: {source.value}",
                    f"contact details changed ({source.value}): {what}",
                    writes=(Write(contact_records, stored, changed),))


def correspondence_address(account: CtaxAccount, lines_text: str, postcode_text: str) -> Address | None:
    """The address typed (lines between commas, then the postcode), checked to fit the envelope
    window with the account's names (GOV.UK Notify's rule); blank lines and postcode: None (the dwelling)."""
    lines = tuple(part.strip() for part in lines_text.split(","))
    postcode = " ".join(postcode_text.upper().split())
    if not any(lines) and not postcode:
        return None
    if not all(lines):
        raise ActionError("address: a line is blank (separate the lines with single commas)")
    if not _POSTCODE.match(postcode):
        raise ActionError(f"postcode: {postcode_text.strip()!r} is not a UK postcode (like DM1 2AB)")
    count = len(account.persons) + len(lines) + 1
    if count > MAX_ADDRESS_LINES:
        raise ActionError(f"address: {count} lines with the {len(account.persons)} name(s) and the postcode; at most "
                          f"{MAX_ADDRESS_LINES} fit the envelope window (GOV.UK Notify's rule): join or shorten lines")
    return Address(lines, postcode)


def _address_words(address: Address | None) -> str:
    return str(address) if address is not None else "the dwelling"


def propose_correspondence(session: Session, account: CtaxAccount, lines_text: str, postcode_text: str,
                           source_text: str) -> Proposal:
    """Notices to this address from now on (blank: to the dwelling), from ``source``."""
    address = correspondence_address(account, lines_text, postcode_text)
    source = parse_source(source_text)
    if address == account.correspondence:
        raise ActionError(f"notices already go to {_address_words(address)}; nothing to change")
    what = f"correspondence address {_address_words(account.correspondence)} -> {_address_words(address)}"
    stored, record = _record(session.store, account.reference)
    changed = attrs.evolve(record, changes=(*record.changes, _change(session, source, what)))
    flag = ("\nThe account is marked gone away: post stays stopped until a trace outcome or the flag is lifted."
            if record.gone_away else "")
    return Proposal(f"Correspondence address: {account.reference}", attrs.evolve(account, correspondence=address),
                    f"Notices to: {_address_words(address)} from now on (was {_address_words(account.correspondence)})."
                    f"\nSource: {source.value}{flag}", f"{what} ({source.value})",
                    writes=(Write(contact_records, stored, changed),))


def _open_returned_mail(session: Session, reference: str) -> Stored[Case] | None:
    found = [c for c in cases_repository(session.store).find("account", reference)
             if c.value.kind == "returned mail" and c.value.closed is None]
    return min(found, key=lambda c: c.value.id) if found else None


def propose_gone_away(session: Session, account: CtaxAccount, why: str, source_text: str) -> Proposal:
    """Stop post: the payer is not at the address notices go to. The account waits on the
    tracing queue under its returned mail case (one is opened if none is)."""
    if not why.strip():
        raise ActionError("why: say what shows they have gone (e.g. reminder returned 'not known at this address')")
    source = parse_source(source_text)
    stored, record = _record(session.store, account.reference)
    if record.gone_away is not None:
        raise ActionError(f"{account.reference} is gone away already (since {record.gone_away.since.isoformat()})")
    case = _open_returned_mail(session, account.reference)
    writes = []
    if case is None:
        new = Case(new_case_id(session, "returned mail"), "returned mail", account.reference,
                   f"gone away: {why.strip()}", session.today, session.officer,
                   (CaseStep(session.today, session.officer, f"marked gone away: {why.strip()}"),))
        writes.append(Write(cases_repository, None, new))
        case_id = new.id
    else:
        step = CaseStep(session.today, session.officer, f"marked gone away: {why.strip()}")
        writes.append(Write(cases_repository, case, attrs.evolve(case.value, steps=(*case.value.steps, step))))
        case_id = case.value.id
    flag = GoneAway(session.today, session.officer, why.strip(), source, case_id)
    changed = attrs.evolve(record, gone_away=flag,
                           changes=(*record.changes, _change(session, source, f"marked gone away: {why.strip()}")))
    writes.insert(0, Write(contact_records, stored, changed))
    effect = (f"{account.reference} ({account.names}) is gone away from today: post stops. Print runs and the "
              "recovery run skip it (a notice not sent is not served) and say so.\n"
              f"Traced under case {case_id}{' (opened now)' if case is None else ''} on the tracing queue; "
              "a trace outcome (shift+o) lifts the flag.")
    return Proposal(f"Gone away: {account.reference}", account, effect,
                    f"marked gone away ({source.value}): {why.strip()}", writes=tuple(writes))


def propose_trace_outcome(session: Session, account: CtaxAccount, outcome_text: str, lines_text: str,
                          postcode_text: str, phone_text: str, email_text: str, source_text: str) -> Proposal:
    """How tracing ended: traced (notices to the new address), confirmed still there (post
    resumes there), not traced or deceased (post stays stopped). Closes the returned mail case
    and records the change with its source."""
    outcome = parse_outcome(outcome_text)
    source = parse_source(source_text)
    stored, record = _record(session.store, account.reference)
    case = _open_returned_mail(session, account.reference)
    if record.gone_away is None and case is None:
        raise ActionError(f"{account.reference} is not gone away and has no open returned mail case: nothing to trace")
    address = correspondence_address(account, lines_text, postcode_text)
    if outcome is TraceOutcome.TRACED and address is None:
        raise ActionError("address: traced to where? give the new address and postcode")
    if outcome is not TraceOutcome.TRACED and address is not None:
        raise ActionError(f"address: only for {TraceOutcome.TRACED.value}; leave it blank for {outcome.value}")
    phone, email = _phone(phone_text), _email(email_text)
    changes, said, changed_account = list(record.changes), [], account
    if address is not None:
        what = f"correspondence address {_address_words(account.correspondence)} -> {address}"
        changes.append(_change(session, source, what))
        changed_account = attrs.evolve(account, correspondence=address)
        said.append(f"Notices to: {address} from now on.")
    persons = record.persons
    if (phone or email) and account.persons:
        first = record.person(account.persons[0].reference)
        contact = PersonContact(first.person, phone or first.phone, email or first.email)
        if contact != first:
            what = f"{account.persons[0].name}: phone {contact.phone or '(none)'}, email {contact.email or '(none)'}"
            changes.append(_change(session, source, what))
            persons = (*(p for p in persons if p.person != first.person), contact)
            said.append(f"Contact: {what}.")
    lifts = outcome in (TraceOutcome.TRACED, TraceOutcome.CONFIRMED)
    gone = None if lifts else record.gone_away or GoneAway(
        session.today, session.officer, outcome.value, source, case.value.id if case else "")
    if record.gone_away is not None or gone is not None:
        changes.append(_change(session, source, f"trace outcome: {outcome.value}"
                                                + ("; gone away lifted" if lifts else "; post stays stopped")))
    said.append("Post resumes." if lifts else "Post stays stopped: the account stays gone away"
                + (" (deceased: deal with the estate)." if outcome is TraceOutcome.DECEASED else "."))
    words = outcome.value + (f": {address}" if address is not None else "")
    writes = [Write(contact_records, stored, attrs.evolve(record, persons=persons, changes=tuple(changes),
                                                           gone_away=gone))]
    if case is not None:
        closed = attrs.evolve(case.value, outcome=f"{words} ({source.value})", closed=session.today)
        writes.append(Write(cases_repository, case, closed))
        said.insert(0, f"Case {case.value.id} closed: {words}.")
    return Proposal(f"Trace outcome: {account.reference}", changed_account,
                    "\n".join(said) + f"\nSource: {source.value}", f"trace outcome ({source.value}): {words}",
                    writes=tuple(writes))


def post_held(actions: Iterable[Action], gone: Container[str]) -> set[tuple[str, str]]:
    """The (account, year) pairs whose steps wait because their notice would go to a gone-away
    account: the one rule the run (:func:`hold_post`) and the account view use."""
    return {(a.account, a.year) for a in actions if a.kind == "notice" and a.account in gone}


def hold_post(plans: Mapping[str, RecoveryPlan], gone: Mapping[str, GoneAway]) -> tuple[dict[str, RecoveryPlan],
                                                                                         list[tuple[str, str]]]:
    """Each kind's plan without the letters to gone-away accounts, and what was held back
    (reference, in words). A year whose notice is held keeps none of that day's steps (a
    summons's costs go with it): the step is not recorded, so a notice not sent is never
    counted as served, and the next run proposes it again once the payer is traced."""
    kept: dict[str, RecoveryPlan] = {}
    held: list[tuple[str, str]] = []
    for name, plan in plans.items():
        stopped = post_held(plan.actions, gone)
        kept[name] = attrs.evolve(plan, actions=tuple(a for a in plan.actions if (a.account, a.year) not in stopped))
        for action in plan.actions:
            if action.kind == "notice" and action.account in gone:
                since = gone[action.account].since.isoformat()
                held.append((action.account, f"{action.stage.replace('_', ' ')} {action.year}".strip()
                             + f" not issued: gone away since {since} (not sent, so not served)"))
    return kept, held


@attrs.frozen
class TraceItem:
    """An account on the tracing queue: gone away, or with a returned mail case open (or both)."""

    reference: str
    doc_id: int
    names: str
    gone_away: GoneAway | None
    case: Case | None

    @property
    def since(self) -> dt.date:
        days = [d for d in (self.gone_away and self.gone_away.since, self.case and self.case.opened) if d]
        return min(days)


def tracing_queue(session: Session) -> list[TraceItem]:
    """Every council tax account gone away or with returned mail to trace, longest waiting first."""
    gone = gone_away_accounts(session.store)
    cases = {c.value.account: c.value for c in cases_repository(session.store).find("queue", "returned mail")}
    items = []
    for reference in sorted(set(gone) | set(cases)):
        stored = session.records.accounts.find_one("reference", reference)
        if stored is not None:
            items.append(TraceItem(reference, stored.doc_id, stored.value.names, gone.get(reference),
                                   cases.get(reference)))
    return sorted(items, key=lambda item: (item.since, item.reference))
