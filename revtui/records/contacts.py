"""How to reach an account's people: each liable person's phone and email, every change to them
or to the correspondence address (who, when, from what source), and the gone-away flag.

Kept apart from the account, keyed by its reference, so one record serves an account of any
kind (the flag stops post to a council tax, business rates or sundry account alike). A council
tax account's correspondence address itself stays on the account (``CtaxAccount.correspondence``),
where the notices read it; its history is kept here.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from revtui.store import Index, Repository, Store, once_per_store

__all__ = ["ContactSource", "PersonContact", "ContactChange", "GoneAway", "ContactRecord", "contact_records"]


class ContactSource(enum.Enum):
    """Where a contact detail or address came from (recorded with every change)."""

    PHONE_CALL = "phone call"
    LETTER = "letter or form from the resident"
    EMAIL = "email from the resident"
    OFFICER_VISIT = "officer visit"
    RETURNED_MAIL_TRACE = "returned mail trace"
    ELECTORAL_REGISTER = "electoral register"
    DWP = "DWP"
    CREDIT_REFERENCE = "credit reference agency"
    OTHER_COUNCIL_RECORDS = "other council records"
    FORWARDING_ADDRESS = "forwarding address given"
    MOVE_IN = "given by the resident at move in"


@attrs.frozen
class PersonContact:
    """One liable person's phone and email (blank: none known)."""

    person: str
    """The person's reference on the account (``PER...``)."""
    phone: str = ""
    email: str = ""


@attrs.frozen
class ContactChange:
    """One change: what it was (in words, old and new), who made it, when and on what source."""

    day: dt.date
    officer: str
    source: ContactSource
    what: str


@attrs.frozen
class GoneAway:
    """Post to the account is stopped: the payer is not at the address notices go to."""

    since: dt.date
    by: str
    why: str
    source: ContactSource
    case: str = ""
    """The returned mail case tracing the payer, if there is one."""


@attrs.frozen
class ContactRecord:
    account: str
    persons: tuple[PersonContact, ...] = attrs.field(default=(), converter=tuple)
    changes: tuple[ContactChange, ...] = attrs.field(default=(), converter=tuple)
    gone_away: GoneAway | None = None

    def person(self, reference: str) -> PersonContact:
        return next((p for p in self.persons if p.person == reference), PersonContact(reference))


@once_per_store
def contact_records(store: Store) -> Repository[ContactRecord]:
    """The ``contacts`` repository: found by account, and the accounts gone away (the tracing queue)."""
    return Repository(store, "contacts", ContactRecord, indexes=[
        Index.field("account"),
        Index("gone_away", lambda doc: ["yes"] if doc.get("gone_away") else [], reads=["gone_away"]),
    ])
