"""Batch jobs run from cron: annual billing of every current account (council tax, then business
rates), with a summary."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

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
from revtui.records.ctax import CtaxAccount
from revtui.services.session import Session, reopened
from revtui.store import ConflictError, Stored

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


_PROPERTIES_KEPT = 20_000
"""Dwellings a billing process keeps once read (an account's dwelling is read for its band)."""


class _Billing:
    """Annual billing of one year in one process: a part at a time (the accounts after an id)."""

    def __init__(self, session: Session, year: FinancialYear) -> None:
        self.session, self.year = session, year
        self.reason = f"annual billing {year.label}"
        self.properties: dict[str, Any] = {}
        self.starts, self.ends = year.start.isoformat(), year.end.isoformat()

    def part(self, after: int, upto: int) -> BatchSummary:
        """Bill the accounts with ids after ``after`` up to ``upto``: worked out from the part as read, then
        saved in one transaction if none changed meanwhile (else worked out again under the
        write lock, so an officer's save is never lost)."""
        records, officer = self.session.records, self.session.officer
        page = list(records.accounts.table.page(after, upto))
        summary, changes = self._bill(page)
        try:
            with self.session.store.change(self.reason, user=officer):
                records.accounts.save_many(changes)
        except ConflictError:  # an officer changed one of these accounts while the part was billed
            with self.session.store.change(self.reason, user=officer):
                page = list(records.accounts.table.page(after, upto))
                summary, changes = self._bill(page)
                records.accounts.save_many(changes)
        summary.done = len(changes)
        summary.total = sum((billed.ledger.balance - stored.value.ledger.balance for stored, billed in changes), ZERO)
        if len(self.properties) > _PROPERTIES_KEPT:
            self.properties.clear()
        return summary

    def _bill(self, page: list[Any]) -> tuple[BatchSummary, list[tuple[Stored[CtaxAccount], CtaxAccount]]]:
        records, session, year = self.session.records, self.session, self.year
        summary = BatchSummary(self.reason)
        changes = []
        liable = [document for document in page if _liable_in(document, self.starts, self.ends)]  # the rest unconverted
        wanted = {str(document.get("property_reference")) for document in liable} - self.properties.keys()
        for found in records.properties.find_each("reference", wanted):  # the part's dwellings together
            self.properties[found.value.reference] = found.value
        for document in liable:
            stored = records.accounts.read(document)
            account = stored.value
            try:
                prop = self.properties.get(account.property_reference)
                if prop is None:
                    summary.failed.append(f"{account.reference}: property {account.property_reference} missing")
                    continue
                rules = instalment_rules("council_tax", prop.country.value, year)
                billed = bill_year(account, prop, session.tariff, year, session.today, rules, officer=session.officer)
            except (CtaxError, ScheduleError, LedgerError) as problem:
                summary.failed.append(f"{account.reference}: {problem}")
                continue
            if billed is account:
                summary.unchanged += 1
            else:
                changes.append((stored, billed))
        return summary, changes


_WORKER: _Billing | None = None


def _start_worker(session: Session, year: FinancialYear) -> None:
    global _WORKER
    _WORKER = _Billing(reopened(session), year)  # its own connection: the parent's is not shared


def _worker_part(task: tuple[int, int]) -> BatchSummary:
    assert _WORKER is not None
    with collector_spared():
        return _WORKER.part(*task)


_PART = 200
"""Accounts billed a transaction: measured on 10,000 demo accounts, 200 (or 100) took 6.6 s of
CPU where 500 took 7.6 (a part is held decoded and converted until it is saved)."""


def bill_all(session: Session, year: FinancialYear, *, batch: int = _PART,
             progress: Callable[[int, int], None] | None = None, workers: int = 1) -> BatchSummary:
    """Bill ``year`` on every account liable in it; a failure is reported and skipped, never half-written.

    ``workers`` processes bill parts of ``batch`` accounts side by side (the command line uses
    one a CPU, at most two); each part is saved in its own transaction, so officers' saves
    interleave and none is lost.
    """
    summary = BatchSummary(f"billing {year.label}")
    tasks = session.records.accounts.table.parts(batch)
    total = len(session.records.accounts)
    done = 0

    def add(part: BatchSummary) -> None:
        nonlocal done
        summary.done += part.done
        summary.unchanged += part.unchanged
        summary.total += part.total  # type: ignore[operator]
        summary.failed += part.failed
        done = min(done + batch, total)
        if progress:
            progress(done, total)

    if workers > 1 and len(tasks) > 1:
        context = multiprocessing.get_context("fork")  # the command line's process: no threads to copy
        with context.Pool(min(workers, len(tasks)), initializer=_start_worker, initargs=(session, year)) as pool:
            for part in pool.imap(_worker_part, tasks):
                add(part)
    else:
        billing = _Billing(session, year)
        with collector_spared() as spare:
            for task in tasks:
                add(billing.part(*task))
                spare()  # the dwellings read so far
    summary.rates = bill_rates_accounts(session, year, batch=batch)
    return summary
