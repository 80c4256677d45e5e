"""Annual billing of business rates: every rates account liable in the year is billed (its
demand), or re-billed when its charge has changed since (an adjustment), through
:func:`revtui.services.rates.bill_rates_year`. Run by ``revtui billing`` with council tax
(:func:`revtui.services.batch.bill_all`); the notices are then printed by ``print-run``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs

from refdata.instalments import instalment_rules
from refdata.nndr import load_rates_rules
from revcore.instalments import ScheduleError
from revcore.ledger import LedgerError
from revcore.money import ZERO
from revcore.nndr import RatesError
from revcore.periods import FinancialYear
from revtui.services.rates import bill_rates_year
from revtui.services.rates_notices import rates_repository
from revtui.services.session import Session
from revtui.store import ConflictError

__all__ = ["RatesBilling", "bill_rates_accounts"]


@attrs.define
class RatesBilling:
    """What a rates billing run did: demands, adjustments, unchanged, failures, net charged."""

    demands: int = 0
    adjustments: int = 0
    unchanged: int = 0
    total: Decimal = ZERO
    failed: list[str] = attrs.field(factory=list)


def bill_rates_accounts(session: Session, year: FinancialYear, *, batch: int = 500,
                        progress: Callable[[int, int], None] | None = None) -> RatesBilling:
    """Bill ``year`` on every business rates account liable in it, issued today; an account the
    charge cannot be worked out for is reported and skipped, never half-written."""
    repo = rates_repository(session.store)
    country = session.tariff.council.country
    rules = load_rates_rules(country)
    instalments = instalment_rules("business_rates", country.value, year)
    result = RatesBilling()
    ids = repo.table.doc_ids()  # from the rows' keys: no document read
    for offset in range(0, len(ids), batch):
        with session.store.change(f"annual billing {year.label}: business rates", user=session.officer):
            pairs = []
            for doc_id in ids[offset: offset + batch]:
                stored = repo.get(doc_id)
                account = stored.value
                liability = account.liability
                if liability.start > year.end or (liability.end is not None and liability.end < year.start):
                    continue
                try:
                    billed = bill_rates_year(account, rules, year, session.today, instalments, officer=session.officer)
                except (RatesError, ScheduleError, LedgerError) as problem:
                    result.failed.append(f"{account.reference}: {problem}")
                    continue
                if billed is account:
                    result.unchanged += 1
                    continue
                pairs.append((stored, billed, account.last_bill(year.start_year) is None,
                              billed.ledger.balance - account.ledger.balance))
            try:
                repo.save_many((stored, billed) for stored, billed, _, _ in pairs)
            except ConflictError as problem:  # an officer saved one meanwhile: run again for these
                result.failed.append(f"business rates accounts {offset + 1}-{offset + batch}: {problem}")
                continue
            for _, _, first, charged in pairs:
                result.demands += first
                result.adjustments += not first
                result.total += charged
        if progress:
            progress(min(offset + batch, len(ids)), len(ids))
    return result
