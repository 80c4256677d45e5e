"""Cases worked from a queue: returned mail (gone away, with the tracing steps taken) and
referrals (a property inspection for a void, exemption or occupation; a fraud referral), each
with its steps and, when closed, its outcome."""

from __future__ import annotations

import datetime as dt

import attrs

from revtui.records.ctax import CtaxAccount
from revtui.services.changes import ActionError, Proposal, Write, parse_day
from revtui.services.session import Session
from revtui.store import Index, Repository, Store, Stored

__all__ = ["KINDS", "CaseStep", "Case", "cases_repository", "open_cases", "propose_returned_mail",
           "propose_referral", "add_step", "close_case", "new_case_id"]

KINDS = {
    "returned mail": "RM",
    "inspection": "IN",
    "fraud": "FR",
}
"""Kinds of case and the prefix of their numbers."""


@attrs.frozen
class CaseStep:
    day: dt.date
    officer: str
    text: str


@attrs.frozen
class Case:
    id: str
    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    account: str
    subject: str
    opened: dt.date
    opened_by: str
    steps: tuple[CaseStep, ...] = attrs.field(default=(), converter=tuple)
    outcome: str = ""
    closed: dt.date | None = None


_REPOSITORIES: dict[int, Repository[Case]] = {}


def cases_repository(store: Store) -> Repository[Case]:
    key = id(store)
    if key not in _REPOSITORIES or _REPOSITORIES[key].store is not store:
        queue = Index("queue", lambda doc: [doc["kind"]] if doc.get("closed") is None else [])
        _REPOSITORIES[key] = Repository(store, "cases", Case,
                                        indexes=[Index.field("id"), Index.field("account"), queue])
    return _REPOSITORIES[key]


def open_cases(session: Session, *kinds: str) -> list[Stored[Case]]:
    """Open cases of these kinds, oldest first."""
    repo = cases_repository(session.store)
    found = [case for kind in kinds for case in repo.find("queue", kind)]
    return sorted(found, key=lambda c: (c.value.opened, c.value.id))


def new_case_id(session: Session, kind: str) -> str:
    """The next number of a case of ``kind`` (``RM-000001``)."""
    return f"{KINDS[kind]}-{len(cases_repository(session.store)) + 1:06d}"


def propose_returned_mail(session: Session, account: CtaxAccount, what: str, day_text: str) -> Proposal:
    """Post returned undelivered ("gone away"): a case to trace the resident."""
    if not what.strip():
        raise ActionError("what came back: name the letter or notice returned")
    day = parse_day(day_text, "returned on") if day_text.strip() else session.today
    if day > session.today:
        raise ActionError(f"returned on: {day.isoformat()} is in the future")
    case = Case(new_case_id(session, "returned mail"), "returned mail", account.reference,
                f"{what.strip()} returned {day.isoformat()}", session.today, session.officer,
                (CaseStep(session.today, session.officer, f"returned mail logged: {what.strip()}"),))
    effect = (f"Case {case.id} opened for {account.reference} ({account.names}): {case.subject}.\n"
              "It waits in the returned mail queue for the tracing steps (electoral register, "
              "forwarding address, credit reference, other council records) and an outcome.")
    return Proposal(f"Returned mail: {account.reference}", account, effect, f"returned mail: {case.subject}",
                    writes=(Write(cases_repository, None, case),))


def propose_referral(session: Session, account: CtaxAccount, kind: str, reason: str) -> Proposal:
    kind = kind.strip().lower()
    if kind not in ("inspection", "fraud"):
        raise ActionError("kind: inspection or fraud")
    if not reason.strip():
        raise ActionError("what to check: say what the inspection or the fraud team should look at")
    case = Case(new_case_id(session, kind), kind, account.reference, reason.strip(), session.today, session.officer)
    effect = f"{kind.capitalize()} referral {case.id} for {account.reference}: {case.subject}"
    return Proposal(f"Referral: {account.reference}", account, effect, f"{kind} referral: {case.subject}",
                    writes=(Write(cases_repository, None, case),))


def add_step(session: Session, stored: Stored[Case], text: str) -> str:
    if not text.strip():
        raise ActionError("step: say what was done")
    if stored.value.closed is not None:
        raise ActionError(f"{stored.value.id} is closed")
    step = CaseStep(session.today, session.officer, text.strip())
    with session.store.change(f"{stored.value.id}: {text.strip()}", user=session.officer):
        cases_repository(session.store).save(stored, attrs.evolve(stored.value, steps=(*stored.value.steps, step)))
    return f"{stored.value.id}: step recorded"


def close_case(session: Session, stored: Stored[Case], outcome: str) -> str:
    if not outcome.strip():
        raise ActionError("outcome: say how it ended (traced to..., inspected: empty, no fraud found...)")
    case = stored.value
    with session.store.change(f"{case.id} closed: {outcome.strip()}", user=session.officer):
        cases_repository(session.store).save(stored, attrs.evolve(case, outcome=outcome.strip(), closed=session.today))
    return f"{case.id} closed: {outcome.strip()}"
