"""Daily payment files posted to accounts, unmatched lines to suspense, and suspense worked off.

A file is read and checked whole (:mod:`revtui.imports.payment_files`): a malformed file is
rejected and nothing posted. The lines are matched and posted by :mod:`revcore.cashposting`;
the changed accounts, the suspense items and the record of the import (every line key placed)
are written in one transaction, so importing the same file again posts nothing twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from refdata.ledger import ledger_settings
from revcore.cashposting import PaymentLine, PostingReport, post_to_ledgers
from revcore.ledger import LedgerError
from revcore.money import format_money
from revcore.references import ReferenceError, parse_reference
from revtui.imports.payment_files import read_payment_file
from revtui.services.changes import ActionError
from revtui.services.session import Session
from revtui.store import Index, Repository, Store, Stored

__all__ = ["ImportRecord", "Suspense", "import_payments", "suspense_waiting", "place_suspense"]


@attrs.frozen
class ImportRecord:
    """A payment file imported: which, when, by whom, and the key of every line it placed."""

    file: str
    content_hash: str
    imported_on: dt.date
    officer: str
    keys: tuple[str, ...] = attrs.field(converter=tuple)


@attrs.frozen
class Suspense:
    """A payment no account could take, and why; ``placed_on`` once an officer has placed it."""

    key: str
    source: str
    line: PaymentLine
    reason: str
    placed_on: dt.date | None = None
    placed_to: str = ""
    placed_by: str = ""


_REPOS: dict[tuple[int, str], Repository] = {}


def _repo(store: Store, name: str, cls, indexes) -> Repository:
    key = (id(store), name)
    if key not in _REPOS or _REPOS[key].store is not store:
        _REPOS[key] = Repository(store, name, cls, indexes=indexes)
    return _REPOS[key]


def imports_repository(store: Store) -> Repository[ImportRecord]:
    return _repo(store, "payment_imports", ImportRecord, [Index.field("content_hash")])


def suspense_repository(store: Store) -> Repository[Suspense]:
    waiting = Index("queue", lambda doc: ["waiting"] if doc.get("placed_on") is None else [])
    return _repo(store, "suspense", Suspense, [Index.field("key"), waiting])


def import_payments(session: Session, path: Path, layout: str = "csv") -> PostingReport:
    """Post a payment file. :raises ImportRejected: the file is malformed; nothing is posted."""
    payment_file = read_payment_file(path, layout)
    records = session.records
    imports = imports_repository(session.store)
    done = {key for stored in imports.find("content_hash", payment_file.content_hash) for key in stored.value.keys}
    stored_accounts: dict[str, Stored] = {}
    for line in payment_file.lines:
        try:
            reference = parse_reference(line.reference, "C")
        except ReferenceError:
            continue
        if reference not in stored_accounts:
            found = records.accounts.find_one("reference", reference)
            if found is not None:
                stored_accounts[reference] = found
    ledgers = {ref: stored.value.ledger for ref, stored in stored_accounts.items()}
    posting = post_to_ledgers(payment_file, ledgers, done, posted_on=session.today,
                              policy=ledger_settings(session.today).policy)
    result = posting.result
    with session.store.change(f"payment file {payment_file.name} imported", user=session.officer):
        for reference, ledger in posting.ledgers.items():
            stored = stored_accounts[reference]
            records.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger))
        suspense = suspense_repository(session.store)
        for item in result.suspense:
            suspense.add(Suspense(item.key, item.source, item.line, item.reason))
        if result.keys:
            imports.add(ImportRecord(payment_file.name, payment_file.content_hash, session.today, session.officer,
                                     tuple(sorted(result.keys))))
    return result.report


def suspense_waiting(session: Session) -> list[Stored[Suspense]]:
    return suspense_repository(session.store).find("queue", "waiting")


def place_suspense(session: Session, stored: Stored[Suspense], reference_text: str) -> str:
    """Post a suspense payment to the account the officer traced it to (once).

    :raises ActionError: no such account, or the ledger refuses it (a return with nothing to reverse).
    :raises ConflictError: the item or the account changed meanwhile; nothing is saved.
    """
    item = stored.value
    try:
        reference = parse_reference(reference_text, "C")
    except ReferenceError as error:
        raise ActionError(f"account: {error}") from None
    account = session.records.accounts.find_one("reference", reference)
    if account is None:
        raise ActionError(f"account: no account {reference}")
    if item.line.signed_amount <= Decimal(0):
        raise ActionError("a returned payment in suspense is reversed by hand on the account (v)")
    try:
        ledger = account.value.ledger.pay(item.line.amount, effective=item.line.paid_on, posted=session.today,
                                          reason=f"payment from suspense ({item.source})",
                                          policy=ledger_settings(session.today).policy, source=item.key,
                                          officer=session.officer)
    except LedgerError as error:
        raise ActionError(str(error)) from None
    with session.store.change(f"suspense {item.source} placed to {reference}", user=session.officer):
        suspense_repository(session.store).save(
            stored, attrs.evolve(item, placed_on=session.today, placed_to=reference, placed_by=session.officer))
        session.records.accounts.save(account, attrs.evolve(account.value, ledger=ledger))
    return f"{item.source}: {format_money(item.line.amount)} posted to {reference}"
