"""Changes above an officer's limits, held until a senior officer authorises them: a reversal of
another officer's posting above the reversal limits, a change backdated beyond the officer's
years. The request keeps the action and what was typed; authorising makes the change then, as
worked out on that day, in the same transaction as the decision (:mod:`revtui.ui.actions` makes
it, since it holds the actions). Nobody decides their own request (names compared
case-insensitively); the decider's role is checked by the callers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from revcore.approvals import ApprovalError, Decision
from revtui.identity import same_officer
from revtui.services.session import Session
from revtui.store import Index, Repository, Store, Stored
from revtui.store.repository import once_per_store

__all__ = ["ChangeRequest", "change_requests", "hold_change", "waiting_changes", "decide_change"]


@attrs.frozen
class ChangeRequest:
    id: str
    action: str
    """The account action's key (:data:`revtui.ui.actions.ACCOUNT_ACTIONS`)."""
    title: str
    account: str
    values: dict[str, str]
    """What the officer typed in the action's form."""
    why: str
    """The limit it is above."""
    reason: str
    requested_by: str
    requested_on: dt.date
    decision: Decision | None = None

    def explain(self) -> str:
        head = f"{self.id} {self.title}: {self.why}; asked by {self.requested_by} on {self.requested_on.isoformat()}"
        if self.decision is None:
            return f"{head}; waiting for a senior officer"
        verb = "authorised" if self.decision.approved else "refused"
        return f"{head}; {verb} by {self.decision.officer} on {self.decision.on.isoformat()}"


@once_per_store
def change_requests(store: Store) -> Repository[ChangeRequest]:
    waiting = Index("state", lambda doc: ["pending"] if doc.get("decision") is None else ["decided"],
                    reads=["decision"])
    return Repository(store, "change_requests", ChangeRequest,
                      indexes=[Index.field("id"), Index.field("account"), waiting])


def hold_change(session: Session, action: str, title: str, account: str, values: dict[str, str], why: str,
                reason: str) -> Stored[ChangeRequest]:
    """Record the change as a request for a senior officer; nothing else changes."""
    repo = change_requests(session.store)
    with session.store.change(f"change requested on {account}: {title}", user=session.officer):
        number = len(repo.find("account", account)) + 1
        return repo.add(ChangeRequest(f"CH-{account}-{number}", action, title, account, dict(values), why, reason,
                                      session.officer, session.today))


def waiting_changes(store: Store) -> list[Stored[ChangeRequest]]:
    return change_requests(store).find("state", "pending")


def decide_change(session: Session, stored: Stored[ChangeRequest], *, approve: bool,
                  make: Callable[[ChangeRequest], None]) -> Stored[ChangeRequest]:
    """A second officer authorises (``make`` then makes the change) or refuses a held change."""
    request = stored.value
    if same_officer(request.requested_by, session.officer):
        raise ApprovalError(f"{request.id}: {session.officer} asked for it and cannot also authorise it; "
                            "a second officer must decide")
    if request.decision is not None:
        raise ApprovalError(f"{request.id}: already decided by {request.decision.officer}")
    verb = "authorised" if approve else "refused"
    with session.store.change(f"change {request.id} {verb}", user=session.officer):
        if approve:
            make(request)
        return change_requests(session.store).save(
            stored, attrs.evolve(request, decision=Decision(session.officer, session.today, approve)))
