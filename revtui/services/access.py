"""Who looked at an account, and who changed it: the access report an auditor asks for.

Each opening of an account in the application is recorded (:func:`record_view`) in its own
table, so the store's sealed audit trail holds the view beside the changes; :func:`access_report`
lists both for one account, oldest first, with who, when and why.
"""

from __future__ import annotations

import datetime as dt

import attrs

from revtui.accounts import kind_of_reference, locate
from revtui.services.recovery import recovery_repository
from revtui.services.session import Session
from revtui.store import Index, Repository, Store, once_per_store

__all__ = ["AccountView", "AccessLine", "views_repository", "record_view", "access_report"]


@attrs.frozen
class AccountView:
    """An officer opened ``account`` on the council's day ``day`` (the time is the audit entry's)."""

    account: str
    kind: str
    officer: str
    day: dt.date


@once_per_store
def views_repository(store: Store) -> Repository[AccountView]:
    return Repository(store, "account_views", AccountView, indexes=[Index.field("account")])


def record_view(session: Session, kind: str, reference: str) -> None:
    """Record that the session's officer opened the account (one small audited write)."""
    with session.store.change(f"{kind} account {reference} viewed", user=session.officer):
        views_repository(session.store).add(AccountView(reference, kind, session.officer, session.today))


_DONE = {"insert": "created", "update": "changed", "remove": "removed"}


@attrs.frozen
class AccessLine:
    at: dt.datetime
    officer: str
    what: str

    def render(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} UTC  {self.officer:<16} {self.what}"


def access_report(session: Session, reference: str) -> list[AccessLine]:
    """Every view and every change of the account (and of its recovery file), oldest first."""
    store = session.store
    lines = [AccessLine(stored.changed_at, stored.value.officer, "viewed")
             for stored in views_repository(store).find("account", reference)]
    found = locate(store, reference)
    kind = kind_of_reference(reference)
    stored = kind.repository(store).find_one("reference", reference)
    for repository, doc_id, what in (
            (kind.repository(store), stored.doc_id if stored else None, "account"),
            (recovery_repository(store), getattr(recovery_repository(store).find_one("account", reference), "doc_id",
                                                 None), "recovery file")):
        if doc_id is None:
            continue
        for entry in repository.history(doc_id):
            lines.append(AccessLine(entry.at, entry.who, f"{what} {_DONE.get(entry.action, entry.action)}: {entry.reason}"))
    if found is not None and found.reference != reference:  # an invoiced HB overpayment: its invoice too
        for entry in found.kind.repository(store).history(found.stored.doc_id):
            lines.append(AccessLine(entry.at, entry.who,
                                    f"invoice {found.reference} {_DONE.get(entry.action, entry.action)}: {entry.reason}"))
    return sorted(lines, key=lambda line: line.at)
