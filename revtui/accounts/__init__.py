"""Every kind of account behind one interface (:class:`AccountKind`), and each account's derived
facts worked out in one place (:func:`account_facts`). See ``docs/architecture.md``."""

from revtui.accounts.ctax import COUNCIL_TAX
from revtui.accounts.facts import AccountFacts, account_facts, billed_schedules, fallen_due
from revtui.accounts.kind import AccountKind, AccountText, RecoveryParty, Summary
from revtui.accounts.registry import (KINDS, LedgerAt, Located, describe, find_by_reference_or_name, kind_named,
                                      kind_of_reference, locate, locate_ledger)

__all__ = ["COUNCIL_TAX", "AccountKind", "AccountText", "RecoveryParty", "Summary", "KINDS", "kind_named", "kind_of_reference", "Located", "locate", "LedgerAt", "locate_ledger",
           "find_by_reference_or_name", "describe",
           "AccountFacts", "account_facts", "billed_schedules", "fallen_due"]
