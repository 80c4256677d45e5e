"""Payments in: a daily payment file posted into the store, its suspense, and placing suspense items.

:func:`import_payment_file` reads and checks the whole file first (a malformed file raises
:class:`~revtui.imports.problems.ImportRejected` naming file, line and field, and nothing is
stored), then matches and posts it with the pure :func:`revcore.cashposting.post_to_ledgers` in
parts of a few hundred lines. Each part is ONE store transaction: the part's changed accounts,
its suspense entries, and a :class:`~revtui.records.payments.PaymentImport` holding the line
numbers it placed; the last part also stores the whole file's posting report. So:

* a part's line keys and ledger postings commit together or not at all, and a file imported
  again (under any name, even after a crash part way) posts only the lines not yet placed;
* officers' saves wait for one part at most (a fraction of a second), never for the whole file.

Each part is matched and posted outside the write lock, on accounts read at their current
version; the writes then save each account against that version. If an officer changed one of
them meanwhile the store refuses (:class:`~revtui.store.ConflictError`), the part rolls back and
is posted again on fresh data. If another process imports the same file at the same time, the
next part notices, and the import carries on with the lines neither has placed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any
from pathlib import Path

import attrs

from refdata.ledger import ledger_settings
from revcore.allocation import AllocationPolicy
from revcore.cashposting import (PaymentFile, PaymentKind, PaymentLine, PostedLine, PostingReport, PostingResult,
                                 SuspenseItem, post_to_ledgers)
from revcore.entries import Entry, EntryKind
from revcore.ledger import Ledger, LedgerError
from revcore.money import ZERO, format_money
from revcore.references import ReferenceError, parse_reference
from revtui.imports.payment_files import parse_payment_file
from revtui.accounts import LedgerAt, locate, locate_ledger
from revtui.imports.rules import bytes_hash
from revtui.records.payments import CashRecords, PaymentImport, SuspenseEntry
from revtui.services.long_jobs import collector_spared
from revtui.store import ConflictError, Stored, StoredPart

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
    """Another process imported the same file while this one was posting: re-read what is placed."""


#: Lines per part (one transaction each): 0.1-0.5 s of the write lock on the 2-core server (up to 0.9 s loaded).
PART_LINES = 500


@attrs.frozen
class ImportOutcome:
    """What an import did: its report (reconciled to the trailer), the stored run and suspense."""

    report: PostingReport
    run: Stored[PaymentImport]  # the run's last part, holding the report
    suspense: tuple[Stored[SuspenseEntry], ...]
    earlier_runs: int  # complete imports of the same file before this one (0: a new file)
    unfinished_lines: int = 0  # lines placed by imports of the file that had not finished
    parts: int = 1  # transactions committed
    earlier_files: tuple[str, ...] = ()  # "name (imported on DAY by OFFICER)" of each earlier import

    def lines(self) -> list[str]:
        rows = self.report.lines()
        if self.unfinished_lines:
            rows.insert(1, f"  an import of this file that had not finished placed {self.unfinished_lines} "
                           f"line(s): they were skipped")
        if self.earlier_runs:
            rows.insert(1, f"  this file was imported {self.earlier_runs} time(s) before: its lines were skipped")
        if self.report.skipped_count and self.earlier_files:
            rows.insert(1, f"  {self.report.skipped_count} line(s) already posted from {'; '.join(self.earlier_files)}")
        rows += [f"  suspense: {s.value.source} {format_money(s.value.line.signed_amount)} "
                 f"{s.value.line.reference!r}: {s.value.reason}" for s in self.suspense]
        return rows


class _StoredLedgers(Mapping[str, Ledger]):
    """Accounts' ledgers, of any kind (:mod:`revtui.accounts`), read from the store on first use,
    remembering the version read."""

    def __init__(self, cash: CashRecords):
        self._store = cash.store
        self.read: dict[str, LedgerAt | None] = {}

    def _load(self, reference: str) -> LedgerAt | None:
        if reference not in self.read:
            try:
                self.read[reference] = locate_ledger(self._store, reference)
            except ValueError:  # not a reference of any kind: post_to_ledgers says why
                self.read[reference] = None
        return self.read[reference]

    def read_all(self, lines: Iterable[PaymentLine]) -> None:
        """Read the accounts the lines name, in one read transaction (one snapshot, no per-read set-up)."""
        references = set()
        for line in lines:
            try:
                references.add(parse_reference(line.reference, "C"))
            except ReferenceError:
                pass  # post_to_ledgers sends it to suspense with the reason
        with self._store.storage.read_transaction():
            for reference in sorted(references):  # in the look-ups' order: each read finds its page beside the last's
                self._load(reference)

    def __contains__(self, reference: object) -> bool:
        return isinstance(reference, str) and self._load(reference) is not None

    def __getitem__(self, reference: str) -> Ledger:
        found = self._load(reference)
        if found is None:
            raise KeyError(reference)
        return found.ledger

    def __iter__(self) -> Iterator[str]:
        return (reference for reference, found in self.read.items() if found is not None)

    def __len__(self) -> int:
        return sum(1 for found in self.read.values() if found is not None)

    def save(self, ledgers: Mapping[str, Ledger]) -> None:
        """Write the posted ledgers back, each kind to its own repository, against the versions read."""
        by_kind: dict[str, list[tuple[StoredPart[Ledger], Ledger]]] = {}
        kinds = {}
        for reference, ledger in ledgers.items():
            found = self.read.get(reference)
            if found is not None:
                by_kind.setdefault(found.kind.name, []).append((found.part, ledger))
                kinds[found.kind.name] = found.kind
        for name, changes in by_kind.items():
            # in the order of the rows: each write then finds its page beside the last one's
            changes.sort(key=lambda change: change[0].doc_id)
            kinds[name].repository(self._store).save_parts(changes)


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
    part_lines: int = PART_LINES,
    run_id: str | None = None,
) -> ImportOutcome:
    """Import one payment file's bytes: check, match, post, store, ``part_lines`` lines per transaction.

    :raises ImportRejected: the file is malformed (file, line and field named); nothing stored.
    :raises ConflictError: officers kept changing the same accounts through ``attempts`` tries
        of one part; the parts before it stay committed and a new import posts the rest.

    ``run_id`` names the run (default a random one): for a builder that must be reproducible (the demo).
    """
    if part_lines < 1:
        raise ValueError(f"part_lines must be at least 1, not {part_lines}")
    say = progress or (lambda _message: None)
    payment_file = parse_payment_file(name, data, layout, today=today)
    say(f"{name}: {len(payment_file.lines)} lines read and checked, trailer agrees "
        f"({format_money(payment_file.trailer_total)})")
    run = _FileImport(cash, payment_file, today=today, officer=officer,
                      policy=policy or ledger_settings(today).policy, say=say, attempts=attempts,
                      part_lines=part_lines, legacy_hash=bytes_hash(data), run_id=run_id)
    with collector_spared() as spare:
        for attempt in range(1, attempts + 1):
            try:
                return run.place_the_rest(spare)
            except _Retry as error:
                if attempt == attempts:  # a message, not a traceback: what committed stays, a re-run posts the rest
                    raise PaymentsError(f"{name}: {error}, {attempts} times; the parts committed stay and importing "
                                        f"the file again posts the rest") from None
                say(f"{name}: {error}; carrying on with the lines not yet placed ({attempt + 1} of {attempts})")
    raise AssertionError("unreachable")


def import_payment_path(cash: CashRecords, path: Path, layout: str, **options) -> ImportOutcome:  # noqa: ANN003
    """:func:`import_payment_file` for a file on disk (named by its file name)."""
    return import_payment_file(cash, path.name, path.read_bytes(), layout, **options)


class _FileImport:
    """One run of a payment file into the store, committed part by part."""

    def __init__(self, cash: CashRecords, payment_file: PaymentFile, *, today: dt.date, officer: str,
                 policy: AllocationPolicy, say: Progress, attempts: int, part_lines: int, legacy_hash: str = "",
                 run_id: str | None = None):
        self.cash, self.file, self.today, self.officer = cash, payment_file, today, officer
        self.legacy_hash = legacy_hash  # imports recorded before files were known by content: by bytes
        self.policy, self.say, self.attempts, self.part_lines = policy, say, attempts, part_lines
        self.run_id = run_id or uuid.uuid4().hex
        self.reason = f"payment file {payment_file.name} imported"
        # what this run has committed so far
        self.parts: list[Stored[PaymentImport]] = []
        self.postings: list[PostedLine] = []
        self.suspense: list[SuspenseItem] = []
        self.stored_suspense: list[Stored[SuspenseEntry]] = []

    def place_the_rest(self, spare: Callable[[], None]) -> ImportOutcome:
        """Post, part by part, the lines that no import of the file (this one included) has placed."""
        file = self.file
        earlier = self.cash.imports.find("hash", file.content_hash)
        mine = {part.doc_id for part in self.parts}
        others = [stored for stored in earlier if stored.doc_id not in mine]
        placed_by_others = set().union(*(stored.value.keys() for stored in others))
        legacy = self.cash.imports.find("hash", self.legacy_hash) if self.legacy_hash else []
        if legacy:  # the same bytes imported when lines were keyed by bytes and line number
            legacy_lines = set().union(*(stored.value.placed_lines for stored in legacy))
            placed_by_others |= {file.key(line) for line in file.lines if line.line in legacy_lines}
        placed_by_me = {item.key for item in (*self.postings, *self.suspense)}
        skipped = tuple(line for line in file.lines if file.key(line) in placed_by_others)
        placed = placed_by_others | placed_by_me
        todo = [line for line in file.lines if file.key(line) not in placed]
        parts = [todo[i:i + self.part_lines] for i in range(0, len(todo), self.part_lines)] or [[]]
        self.say(f"{file.name}: {len(todo)} lines to place in {len(parts)} part(s), "
                 f"{len(skipped)} placed by earlier imports")
        known = {stored.doc_id for stored in earlier}
        for number, lines in enumerate(parts, start=1):
            self._commit_part(lines, known, skipped if number == len(parts) else None)
            spare()  # what this part keeps (its postings, for the report) is long-lived too
            if number % 10 == 0 and number < len(parts):
                self.say(f"{file.name}: {number} of {len(parts)} parts committed")
        self.say(f"{file.name}: committed ({len(self.parts)} part(s))")
        complete, unfinished = _runs([*others, *legacy])
        names = tuple(dict.fromkeys(f"{stored.value.name} (imported on {stored.value.imported_on.isoformat()} by "
                                    f"{stored.value.officer})" for stored in (*others, *legacy)))
        return ImportOutcome(self.parts[-1].value.report, self.parts[-1],  # type: ignore[arg-type]
                             tuple(self.stored_suspense), complete, unfinished, len(self.parts), names)

    def _commit_part(self, lines: list[PaymentLine], known: set[int], skipped: tuple[PaymentLine, ...] | None) -> None:
        """Post ``lines`` and commit them as one part; ``skipped`` given for the last part, which holds the report."""
        file = self.file
        part = PaymentFile(file.name, file.content_hash, file.layout, lines, len(lines),
                           sum((line.signed_amount for line in lines), ZERO))
        for attempt in range(1, self.attempts + 1):
            ledgers = _StoredLedgers(self.cash)
            ledgers.read_all(lines)
            posted = post_to_ledgers(part, ledgers, frozenset(), posted_on=self.today, policy=self.policy)
            result = posted.result
            report = None
            if skipped is not None:
                suspense = sorted((*self.suspense, *result.suspense), key=lambda item: item.line.line)
                whole = PostingResult(file, (*self.postings, *result.postings), tuple(suspense), skipped)
                report = whole.report
                if not report.reconciles:  # every line is posted, in suspense or skipped: a bug if not
                    raise AssertionError("\n".join(report.lines()))
            # each line's place among the file's detail lines: what its key is made of (not its line number)
            placed = sorted([p.line.position or p.line.line for p in result.postings]
                            + [s.line.position or s.line.line for s in result.suspense])
            record = PaymentImport(file.content_hash, file.name, file.layout, self.today, self.officer,
                                   tuple(placed), report, self.run_id)
            try:
                with self.cash.store.change(self.reason, user=self.officer):
                    if set(self.cash.imports.ids("hash", file.content_hash)) != known:
                        raise _Retry(f"{file.name} was imported by someone else meanwhile")
                    ledgers.save(posted.ledgers)
                    suspense_stored = [
                        self.cash.suspense.add(SuspenseEntry(item.key, item.source, item.line, item.reason, self.today))
                        for item in result.suspense
                    ]
                    stored_part = self.cash.imports.add(record)
            except ConflictError as error:
                if attempt == self.attempts:
                    raise
                self.say(f"{file.name}: {error}; posting lines {lines[0].line} to {lines[-1].line} again "
                         f"({attempt + 1} of {self.attempts})")
                continue
            known.add(stored_part.doc_id)
            self.parts.append(stored_part)
            self.postings += result.postings
            self.suspense += result.suspense
            self.stored_suspense += suspense_stored
            return


def _runs(records: list[Stored[PaymentImport]]) -> tuple[int, int]:
    """How many runs among these import records finished, and how many lines the unfinished ones placed."""
    runs: dict[str, list[PaymentImport]] = {}
    for stored in records:
        runs.setdefault(stored.value.run or f"#{stored.doc_id}", []).append(stored.value)
    finished = [parts for parts in runs.values() if any(part.report is not None for part in parts)]
    unfinished = [parts for parts in runs.values() if all(part.report is None for part in parts)]
    return len(finished), sum(len(part.placed_lines) for parts in unfinished for part in parts)


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
        found = locate(cash.store, reference)
        if found is None:
            raise PaymentsError(f"account: no account {reference}")
        ledger, line = found.ledger, entry.line
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
        found.kind.repository(cash.store).save(found.stored, found.with_ledger(ledger))
        return cash.suspense.save(item, attrs.evolve(entry, allocated_to=reference, allocated_by=officer,
                                                     allocated_on=today, entry=ledger.last.id, note=note))
