"""One debtor across accounts of every kind: a person and the accounts an officer linked to them.

A council tax account names its liable people, a sundry invoice its debtor, a business rates
account its ratepayer and an HB overpayment its claimant; none of them knows the others. A
:class:`PersonRecord` says "these accounts are the same person's", each link with the matching
rule that proposed it and the officer who confirmed it, so the person's debts can be shown,
stated and recovered together. Unlinking keeps the link in ``unlinked`` (with who and why), and
a match an officer refused is not proposed again.
"""

from __future__ import annotations

import datetime as dt

import attrs

from revtui.store import Index, Repository, Store, word_starts

__all__ = ["PERSON_PREFIX", "person_reference", "AccountLink", "Unlinked", "PersonRecord", "persons"]

PERSON_PREFIX = "DBT"
"""Not ``PER``: council tax accounts number their liable people ``PER...`` (a person on one account)."""


def person_reference(serial: int) -> str:
    """``DBT0000012``: a debtor's reference (not an account's, so no payment can quote it)."""
    if not 0 < serial < 10_000_000:
        raise ValueError(f"person serial {serial} is outside 1..9999999")
    return f"{PERSON_PREFIX}{serial:07d}"


@attrs.frozen
class AccountLink:
    """An account of the person's: its reference, the rule that matched it (or ``officer`` for a
    link the officer made by hand), the officer who confirmed it and when."""

    account: str
    rule: str
    why: str
    linked_on: dt.date
    linked_by: str
    liable_person: str = ""
    """On a council tax account with several liable people, the one this person is (their reference)."""


@attrs.frozen
class Unlinked:
    """A link taken away: the link as it was, who took it away, when and why."""

    link: AccountLink
    unlinked_on: dt.date
    unlinked_by: str
    reason: str


@attrs.frozen
class PersonRecord:
    """A debtor known on one or more accounts."""

    reference: str
    name: str
    date_of_birth: dt.date | None = None
    ni_number: str = ""
    links: tuple[AccountLink, ...] = attrs.field(default=(), converter=tuple)
    unlinked: tuple[Unlinked, ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        if not self.reference.startswith(PERSON_PREFIX):
            raise ValueError(f"person {self.reference!r}: a person's reference starts {PERSON_PREFIX}")
        accounts = [link.account for link in self.links]
        if len(set(accounts)) != len(accounts):
            raise ValueError(f"person {self.reference}: an account is linked twice")

    @property
    def accounts(self) -> tuple[str, ...]:
        return tuple(link.account for link in self.links)

    def link_of(self, account: str) -> AccountLink | None:
        return next((link for link in self.links if link.account == account), None)

    def refused(self, account: str) -> bool:
        """Whether an officer unlinked ``account`` from this person (not to be proposed again)."""
        return any(item.link.account == account for item in self.unlinked)


def persons(store: Store) -> Repository[PersonRecord]:
    """The persons, found by reference, by any account linked to them, by name or by NI number."""
    return Repository(
        store,
        "persons",
        PersonRecord,
        indexes=[
            Index.field("reference"),
            Index("account", lambda doc: [link["account"] for link in doc["links"]], reads=["links"]),
            Index("name", lambda doc: word_starts(doc["name"]), reads=["name"]),
            Index.field("ni_number"),
        ],
    )
