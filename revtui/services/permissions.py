"""Who may do what: one table of action -> the roles allowed, checked by every command and screen.

The roles (:mod:`revtui.services.roles`):

- **officer**: the accounts' day-to-day work, refunds and write-offs within their limits;
- **senior officer**: an officer who also authorises (approves or refuses another's request)
  and runs the batch jobs;
- **recovery officer**: holds, arrangements, means, recovery runs and summonses, write-offs;
- **auditor**: looks at everything, changes nothing;
- **trainer**: everything an officer and senior officer may, on training stores only (where
  everyone holds it); moving the training clock needs the trainer the roles file names;
- **administrator**: the batch jobs and print runs; never changes an account or authorises;
- **no role** (a user the roles file does not name): looks, changes nothing.

A refusal (:class:`PermissionRefused`) says which roles the action needs; it is raised before
anything is read for writing, so nothing changes.
"""

from __future__ import annotations

from revtui.services.changes import ActionError
from revtui.services.roles import NO_ROLE, ROLES, TRAINER
from revtui.services.session import Session

__all__ = ["PERMISSIONS", "ACTION_NAMES", "PermissionRefused", "allowed", "require", "roles_allowed"]

_OFFICE = ("officer", "senior officer", TRAINER)
_EVERYONE = (*ROLES, NO_ROLE)

PERMISSIONS: dict[str, tuple[str, ...]] = {
    "view": _EVERYONE,  # find, accounts, reports, work queues, notices reprinted, PDFs of notices
    "account.change": _OFFICE,  # moves, bands, discounts, exemptions, reliefs, CTR
    "account.note": (*_OFFICE, "recovery officer"),  # notes, letters, returned mail, referrals, case steps
    "contact.change": (*_OFFICE, "recovery officer"),  # phone, email, correspondence address, gone away, trace outcome
    "rates.change": _OFFICE,  # business rates: occupation, empty periods, reliefs, s.44A, change of ratepayer
    "payment.post": _OFFICE,
    "entry.reverse": _OFFICE,
    "refund.request": _OFFICE,
    "write_off.request": (*_OFFICE, "recovery officer"),
    "request.decide": ("senior officer", TRAINER),
    "recovery.act": (*_OFFICE, "recovery officer"),  # holds, arrangements, means
    "recovery.issue": ("senior officer", "recovery officer", "administrator", TRAINER),  # the run, summonses
    "direct_debit.manage": _OFFICE,
    "suspense.place": _OFFICE,
    "dwelling.record": _OFFICE,  # a new dwelling, the band the VOA listed
    "notice.issue": _OFFICE,
    "print_run.run": ("senior officer", "administrator", TRAINER),  # draft, release
    "print_run.approve": ("senior officer", TRAINER),
    "batch.import": ("senior officer", "administrator", TRAINER),  # payment files, Bacs reports, VOA schedules, dd-run
    "billing.run": ("senior officer", "administrator", TRAINER),
    "refunds.raise": ("senior officer", "administrator", TRAINER),  # refund requests for closed accounts in credit
    "refunds.pay": ("senior officer", "administrator", TRAINER),  # the approved refunds' payment file
    "training.clock": (TRAINER,),
    "store.sample": ("administrator", TRAINER),
    "store.migrate": ("administrator",),  # upgrading the store after a new release (a backup first)
    "store.load": ("administrator", TRAINER),  # loading a council from its incumbent system
    "access.report": ("senior officer", "auditor", "administrator", TRAINER),  # who viewed or changed an account
    "sundry.raise": _OFFICE,  # sundry debtors, invoices, recurring charges
    "sundry.credit": _OFFICE,  # credit notes (above the write-off limit a second officer decides)
    "sundry.cancel": _OFFICE,  # cancelling an invoice with a reason (the same limit)
}

ACTION_NAMES = {
    "view": "looking at the records",
    "account.change": "changing an account",
    "account.note": "recording a note, letter or case step",
    "contact.change": "changing contact details, the correspondence address or gone away",
    "rates.change": "changing a business rates account",
    "payment.post": "posting a payment",
    "entry.reverse": "reversing a ledger entry",
    "refund.request": "requesting a refund",
    "write_off.request": "requesting a write-off",
    "request.decide": "authorising or refusing a request",
    "recovery.act": "holds, arrangements and means",
    "recovery.issue": "issuing the recovery run or a summons batch",
    "direct_debit.manage": "setting up or cancelling a Direct Debit",
    "suspense.place": "placing a suspense payment",
    "dwelling.record": "recording a new dwelling or its band",
    "notice.issue": "issuing a notice",
    "print_run.run": "drafting or releasing a print run",
    "print_run.approve": "approving a print run",
    "batch.import": "importing payment, Bacs or Valuation Office files",
    "billing.run": "annual billing",
    "refunds.raise": "raising refund requests in bulk",
    "refunds.pay": "writing the refund payment file for the finance system",
    "training.clock": "moving the training clock",
    "store.sample": "filling a store with a sample council",
    "store.migrate": "upgrading the store to a new release",
    "store.load": "loading a council from its incumbent system",
    "access.report": "reporting who viewed or changed an account",
    "sundry.raise": "raising sundry invoices or setting up sundry debtors",
    "sundry.credit": "giving a credit note on a sundry invoice",
    "sundry.cancel": "cancelling a sundry invoice",
}


class PermissionRefused(ActionError):
    """The officer's roles do not allow the action; nothing was changed."""


def roles_allowed(action: str) -> tuple[str, ...]:
    return PERMISSIONS[action]


TRAINER_ONLY = frozenset({"training.clock"})
"""Needs the trainer named in the roles file (:attr:`Session.trainer`), not the trainer's role
everyone works with on a training store: one officer moving the clock moves it for the class."""


def allowed(session: Session, action: str) -> bool:
    if action in TRAINER_ONLY:
        return session.trainer
    return bool(session.roles & set(PERMISSIONS[action]))


def require(session: Session, action: str) -> None:
    """Refuse (before anything is changed) unless one of the officer's roles may do ``action``."""
    if allowed(session, action):
        return
    if action in TRAINER_ONLY:
        raise PermissionRefused(f"{ACTION_NAMES[action]} is for the trainer named in the roles file; "
                                f"{session.officer} is not: nothing was changed")
    needed = [role for role in PERMISSIONS[action] if role not in (TRAINER, NO_ROLE)]
    training = " (or trainer, on a training store)" if TRAINER in PERMISSIONS[action] else ""
    raise PermissionRefused(f"{ACTION_NAMES[action]} needs the {' or '.join(needed) or TRAINER} role{training}; "
                            f"{session.officer} is {session.role}: nothing was changed")
