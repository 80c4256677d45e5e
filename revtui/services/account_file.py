"""Everything the account view shows, read in one go: the account, its property, everyone liable
at the property over time, arrears by year as at today, the Valuation Office band changes waiting
for an officer, and the audit trail."""

from __future__ import annotations

import attrs

from revcore.arrears import Arrears
from revcore.ctax import Property
from revcore.recovery import Action, YearState
from revtui.records.contacts import ContactRecord
from revtui.records.ctax import CtaxAccount
from revtui.services.authority_split import YearSplit, year_splits
from revtui.services.cases import Case, cases_repository
from revtui.services.contacts import contact_of
from revtui.services.recovery import RecoveryFile, facts, recovery_repository, standing
from revtui.services.session import Session
from revtui.services.valuation import WaitingLine, waiting_band_changes
from revtui.store import AuditEntry, NotFoundError, Stored

__all__ = ["AccountFile", "open_account"]


@attrs.frozen
class AccountFile:
    account: Stored[CtaxAccount]
    prop: Stored[Property]
    occupiers: tuple[CtaxAccount, ...]
    """Every account at the property, earliest liability first (the property's timeline)."""
    arrears: Arrears
    history: tuple[AuditEntry, ...]
    recovery: Stored[RecoveryFile] | None
    """What recovery has done and what pauses it (None: nothing yet)."""
    standing: tuple[YearState, ...]
    """Each year's recovery stage today."""
    proposed: tuple[Action, ...]
    """What today's recovery run would do on this account."""
    cases: tuple[Case, ...] = ()
    """Returned mail and referrals, open or closed."""
    band_changes: tuple[WaitingLine, ...] = ()
    """Valuation Office band changes for the dwelling left for an officer (``b`` applies one)."""
    contact: ContactRecord | None = None
    """Phones and emails, changes to them and to the correspondence address, gone away."""
    splits: tuple[YearSplit, ...] = ()
    """Each billed year's band amount by authority, with last year's and the change (as the bill)."""


def open_account(session: Session, doc_id: int) -> AccountFile:
    """The account's file as it is in the store now.

    :raises NotFoundError: no such account, or its property is missing.
    """
    records = session.records
    stored = records.accounts.get(doc_id)
    account = stored.value
    prop = records.properties.find_one("reference", account.property_reference)
    if prop is None:
        raise NotFoundError(f"{account.reference}: property {account.property_reference} is not in the store")
    at = sorted((s.value for s in records.accounts.find("property", account.property_reference)),
                key=lambda a: a.liability.start)
    recovery = recovery_repository(session.store).find_one("account", account.reference)
    owed = facts(account, recovery.value if recovery else None, session.today).arrears
    states, proposed = standing(account, recovery.value if recovery else None, session.today)
    return AccountFile(stored, prop, tuple(at), owed, tuple(records.accounts.history(doc_id)), recovery,
                       states, proposed,
                       tuple(c.value for c in cases_repository(session.store).find("account", account.reference)),
                       tuple(waiting_band_changes(session, prop.value)),
                       getattr(contact_of(session.store, account.reference), "value", None),
                       year_splits(session, account, prop.value))
