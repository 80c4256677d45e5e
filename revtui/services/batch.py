"""Batch jobs run from cron: annual billing of every current account (council tax, then business
rates), with a summary."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from refdata.instalments import instalment_rules
from revcore.ctax import CtaxError
from revcore.instalments import ScheduleError
from revcore.ledger import LedgerError
from revcore.money import ZERO, format_money
from revcore.periods import FinancialYear
from revtui.services.billing import bill_year
from revtui.services.long_jobs import collector_spared
from revtui.services.rates_billing import RatesBilling, bill_rates_accounts
from revtui.services.session import Session
from revtui.store import ConflictError

__all__ = ["BatchSummary", "bill_all"]


@attrs.define
class BatchSummary:
    job: str
    done: int = 0
    unchanged: int = 0
    total: object = ZERO
    failed: list[str] = attrs.field(factory=list)
    rates: RatesBilling | None = None

    def render(self) -> str:
        rows = [f"{self.job}: {self.done} billed, {self.unchanged} unchanged, {len(self.failed)} failed; "
                f"net charged {format_money(self.total)}"]
        rows += [f"  FAILED {problem}" for problem in self.failed]
        if self.rates is not None:
            r = self.rates
            rows.append(f"business rates: {r.demands} demand notices, {r.adjustments} adjustments, {r.unchanged} "
                        f"unchanged, {len(r.failed)} failed; net charged {format_money(r.total)}")
            rows += [f"  FAILED {problem}" for problem in r.failed]
        return "\n".join(rows)


def _liable_in(document: dict, starts: str, ends: str) -> bool:
    """Whether the stored account's liability overlaps the year (its first and last days as
    text); True when the document cannot say, so converting it reports what is wrong."""
    liability = document.get("liability")
    try:
        return not (liability["start"] > ends or (liability["end"] is not None and liability["end"] < starts))
    except (KeyError, TypeError):
        return True


def bill_all(session: Session, year: FinancialYear, *, batch: int = 500,
             progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Bill ``year`` on every account liable in it; a failure is reported and skipped, never half-written."""
    records = session.records
    summary = BatchSummary(f"billing {year.label}")
    properties: dict[str, object] = {}
    total, done, last = len(records.accounts), 0, 0
    starts, ends = year.start.isoformat(), year.end.isoformat()
    with collector_spared() as spare:
        while True:
            with session.store.change(f"annual billing {year.label}", user=session.officer):
                page = records.accounts.table.page(last, batch)  # read under the write lock: no lost update
                for document in page:
                    if not _liable_in(document, starts, ends):  # a closed account is skipped unconverted
                        continue
                    stored = records.accounts.read(document)
                    account = stored.value
                    try:
                        prop = properties.get(account.property_reference)
                        if prop is None:
                            found = records.properties.find_one("reference", account.property_reference)
                            if found is None:
                                summary.failed.append(f"{account.reference}: property {account.property_reference} missing")
                                continue
                            prop = properties[account.property_reference] = found.value
                        rules = instalment_rules("council_tax", prop.country.value, year)
                        billed = bill_year(account, prop, session.tariff, year, session.today, rules,
                                           officer=session.officer)
                        if billed is account:
                            summary.unchanged += 1
                            continue
                        records.accounts.save(stored, billed)
                        summary.done += 1
                        summary.total += billed.ledger.balance - account.ledger.balance
                    except (CtaxError, ScheduleError, LedgerError, ConflictError) as problem:
                        summary.failed.append(f"{account.reference}: {problem}")
            if not page:
                break
            last, done = page[-1].doc_id, done + len(page)
            spare()  # the properties read so far
            if progress:
                progress(min(done, total), max(done, total))
    summary.rates = bill_rates_accounts(session, year, batch=batch)
    return summary
