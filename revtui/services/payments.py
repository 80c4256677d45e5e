"""Payments in: a daily payment file posted into the store, its suspense, and placing suspense items.

:func:`import_payment_file` reads and checks the whole file first (a malformed file raises
:class:`~revtui.imports.problems.ImportRejected` naming file, line and field, and nothing is
stored), matches and posts it with the pure :func:`revcore.cashposting.post_to_ledgers`, then
writes in ONE store transaction: every changed account, every suspense entry, and the
:class:`~revtui.records_payments.PaymentImport` holding the placed line numbers and the posting
report. The line keys and the ledger postings therefore commit together or not at all, and a
file imported again (under any name, even after a crash) posts nothing twice.

Matching and posting run outside the write lock, on accounts read at their current version; the
writes then save each account against that version. If an officer changed one of them
meanwhile the store refuses (:class:`~revtui.store.ConflictError`), the transaction rolls back
and the import runs again on fresh data, so officers are never kept waiting for the whole import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path

import attrs

from refdata.ledger import ledger_settings
from revcore.allocation import AllocationPolicy
from revcore.cashposting import PaymentFile, PaymentKind, PostingReport, post_to_ledgers
from revcore.entries import Entry, EntryKind
from revcore.ledger import Ledger, LedgerError
from revcore.money import format_money
from revcore.references import ReferenceError, parse_reference
from revtui.imports.payment_files import parse_payment_file
from revtui.records import CtaxAccount
from revtui.records_payments import CashRecords, PaymentImport, SuspenseEntry
from revtui.store import ConflictError, Stored

__all__ = [
    "PaymentsError",
    "ImportOutcome",
    "import_payment_file",
    "import_payment_path",
    "open_suspense",
    "allocate_suspense",
]

Progress = Callable[[str], None]


class PaymentsError(ValueError):
    """An officer's payment action that cannot be done as asked (nothing was changed)."""


class _Retry(Exception):
    """Another process imported the same file while this one was posting: start again."""


@attrs.frozen
class ImportOutcome:
    """What an import did: its report (reconciled to the trailer), the stored run and suspense."""

    report: PostingReport
    run: Stored[PaymentImport]
    suspense: tuple[Stored[SuspenseEntry], ...]
    earlier_runs: int  # imports of the same file before this one (0: a new file)

    def lines(self) -> list[str]:
        rows = self.report.lines()
        if self.earlier_runs:
            rows.insert(1, f"  this file was imported {self.earlier_runs} time(s) before: its lines were skipped")
        rows += [f"  suspense: {s.value.source} {format_money(s.value.line.signed_amount)} "
                 f"{s.value.line.reference!r}: {s.value.reason}" for s in self.suspense]
        return rows


class _StoredLedgers(Mapping[str, Ledger]):
    """Accounts' ledgers read from the store on first use, remembering the version read."""

    def __init__(self, cash: CashRecords):
        self._accounts = cash.accounts
        self.read: dict[str, Stored[CtaxAccount] | None] = {}

    def _load(self, reference: str) -> Stored[CtaxAccount] | None:
        if reference not in self.read:
            self.read[reference] = self._accounts.find_one("reference", reference)
        return self.read[reference]

    def __contains__(self, reference: object) -> bool:
        return isinstance(reference, str) and self._load(reference) is not None

    def __getitem__(self, reference: str) -> Ledger:
        stored = self._load(reference)
        if stored is None:
            raise KeyError(reference)
        return stored.value.ledger

    def __iter__(self) -> Iterator[str]:
        return (reference for reference, stored in self.read.items() if stored is not None)

    def __len__(self) -> int:
        return sum(1 for stored in self.read.values() if stored is not None)


def _earlier_imports(cash: CashRecords, content_hash: str) -> list[PaymentImport]:
    return [stored.value for stored in cash.imports.find("hash", content_hash)]


def import_payment_file(
    cash: CashRecords,
    name: str,
    data: bytes,
    layout: str,
    *,
    today: dt.date,
    officer: str,
    policy: AllocationPolicy | None = None,
    progress: Progress | None = None,
    attempts: int = 3,
) -> ImportOutcome:
    """Import one payment file's bytes: check, match, post, store (all or nothing).

    :raises ImportRejected: the file is malformed (file, line and field named); nothing stored.
    :raises ConflictError: officers kept changing the same accounts through ``attempts`` tries.
    """
    say = progress or (lambda _message: None)
    payment_file = parse_payment_file(name, data, layout)
    say(f"{name}: {len(payment_file.lines)} lines read and checked, trailer agrees "
        f"({format_money(payment_file.trailer_total)})")
    policy = policy or ledger_settings(today).policy
    for attempt in range(1, attempts + 1):
        try:
            return _import_once(cash, payment_file, today=today, officer=officer, policy=policy, say=say)
        except (ConflictError, _Retry) as error:
            if attempt == attempts:
                raise
            say(f"{name}: {error}; starting again ({attempt + 1} of {attempts})")
    raise AssertionError("unreachable")


def import_payment_path(cash: CashRecords, path: Path, layout: str, **options) -> ImportOutcome:  # noqa: ANN003
    """:func:`import_payment_file` for a file on disk (named by its file name)."""
    return import_payment_file(cash, path.name, path.read_bytes(), layout, **options)


def _import_once(cash: CashRecords, payment_file: PaymentFile, *, today: dt.date, officer: str,
                 policy: AllocationPolicy, say: Progress) -> ImportOutcome:
    earlier = _earlier_imports(cash, payment_file.content_hash)
    done_keys = set().union(*(run.keys() for run in earlier)) if earlier else set()
    ledgers = _StoredLedgers(cash)
    posted = post_to_ledgers(payment_file, ledgers, done_keys, posted_on=today, policy=policy)
    result = posted.result
    report = result.report
    if not report.reconciles:  # every line is posted, in suspense or skipped: a bug if not
        raise AssertionError("\n".join(report.lines()))
    say(f"{payment_file.name}: {report.posted_count} lines to post to {len(posted.ledgers)} accounts, "
        f"{report.suspense_count} to suspense, {report.skipped_count} already posted")
    placed = sorted({p.line.line for p in result.postings} | {s.line.line for s in result.suspense})
    run = PaymentImport(payment_file.content_hash, payment_file.name, payment_file.layout, today, officer,
                        tuple(placed), report)
    with cash.store.change(f"payment file {payment_file.name} imported", user=officer):
        if len(_earlier_imports(cash, payment_file.content_hash)) != len(earlier):
            raise _Retry(f"{payment_file.name} was imported by someone else meanwhile")
        for number, (reference, ledger) in enumerate(posted.ledgers.items(), start=1):
            stored = ledgers.read[reference]
            assert stored is not None
            cash.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger))
            if number % 5000 == 0:
                say(f"{payment_file.name}: {number} of {len(posted.ledgers)} accounts saved")
        suspense = tuple(
            cash.suspense.add(SuspenseEntry(item.key, item.source, item.line, item.reason, today))
            for item in result.suspense
        )
        stored_run = cash.imports.add(run)
    say(f"{payment_file.name}: committed")
    return ImportOutcome(report, stored_run, suspense, len(earlier))


# --- suspense ---------------------------------------------------------------------------------


def open_suspense(cash: CashRecords) -> list[Stored[SuspenseEntry]]:
    """Suspense items still waiting for an officer, oldest first."""
    return cash.suspense.find("state", "open")


def _payment_returned(ledger: Ledger, amount: Decimal, entry_id: str | None) -> Entry:
    if entry_id:
        entry = ledger.entry(entry_id)
        if entry is None or entry.kind is not EntryKind.PAYMENT:
            raise PaymentsError(f"{ledger.account}: {entry_id} is not a payment on this account")
        return entry
    for entry in reversed(ledger.entries):
        if entry.kind is EntryKind.PAYMENT and entry.amount == -amount and not ledger.is_reversed(entry.id):
            return entry
    raise PaymentsError(f"{ledger.account}: no payment of {format_money(amount)} to reverse; name the entry")


def allocate_suspense(
    cash: CashRecords,
    doc_id: int,
    account_reference: str,
    *,
    today: dt.date,
    officer: str,
    note: str = "",
    reverses: str | None = None,
    policy: AllocationPolicy | None = None,
) -> Stored[SuspenseEntry]:
    """Place a suspense item on an account: a payment is posted (allocated by the policy), a
    returned payment reverses the payment it returns (``reverses``, or the latest of that amount).

    The posting is keyed by the line's own key, so the line can never be posted twice, and the
    item records who placed it, when and the entry posted, in the same transaction.
    """
    try:
        reference = parse_reference(account_reference)
    except ReferenceError as error:
        raise PaymentsError(f"account: {error}") from None
    policy = policy or ledger_settings(today).policy
    with cash.store.change(f"suspense item placed on {reference}", user=officer):
        item = cash.suspense.get(doc_id)
        entry = item.value
        if not entry.is_open:
            raise PaymentsError(f"{entry.source} was already placed on {entry.allocated_to} by {entry.allocated_by} "
                                f"on {entry.allocated_on}")
        account = cash.accounts.find_one("reference", reference)
        if account is None:
            raise PaymentsError(f"account: no account {reference}")
        ledger, line = account.value.ledger, entry.line
        said = f" ({note})" if note else ""
        try:
            if line.kind is PaymentKind.PAYMENT:
                ledger = ledger.pay(line.amount, effective=line.paid_on, posted=today, policy=policy, source=entry.key,
                                    reason=f"payment ({entry.source}) placed from suspense{said}", officer=officer)
            else:
                target = _payment_returned(ledger, line.amount, reverses)
                ledger = ledger.reverse(target.id, effective=line.paid_on, posted=today, source=entry.key,
                                        reason=f"returned payment ({entry.source}) placed from suspense{said}",
                                        officer=officer)
        except LedgerError as error:
            raise PaymentsError(str(error)) from None
        cash.accounts.save(account, attrs.evolve(account.value, ledger=ledger))
        return cash.suspense.save(item, attrs.evolve(entry, allocated_to=reference, allocated_by=officer,
                                                     allocated_on=today, entry=ledger.last.id, note=note))
