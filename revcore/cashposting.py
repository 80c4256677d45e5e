"""Cash posting: the lines of a daily payment file matched to accounts, safely re-runnable.

A payment file (parsed at the edge by ``revtui.imports.payment_files``) becomes a
:class:`PaymentFile`: its lines and its trailer, which must reconcile before the file can
exist. :func:`post_payments` matches each line to an account by its reference (check digit
verified by :func:`revcore.references.parse_reference`), sends what cannot be matched to
suspense with the reason, and skips lines already posted. Each line's key is the file's
content hash (of what it says, not its bytes) and the line's place among its detail lines, so
importing the same file twice (under any name, in any line endings) posts nothing twice, while
two identical payments on different lines stay two payments.

Amounts in a :class:`PaymentLine` are positive; its ``kind`` says whether it is a payment or
a returned payment (a bounced cheque, a recalled card payment), which reverses an earlier
payment. Totals are *net*: payments less returns, as the trailer states them.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import AbstractSet, Iterable, Mapping

import attrs

from revcore.allocation import AllocationPolicy
from revcore.entries import Entry, EntryKind
from revcore.ledger import Ledger, LedgerError
from revcore.money import ZERO, format_money, to_money
from revcore.references import ReferenceError, parse_reference
from revcore.validation import AnyField, member_of, no_text_for_tuples

__all__ = [
    "CashPostingError",
    "PaymentKind",
    "PaymentLine",
    "PaymentFile",
    "PostedLine",
    "SuspenseItem",
    "PostingResult",
    "PostingReport",
    "post_payments",
    "LedgerPosting",
    "post_to_ledgers",
]


class CashPostingError(ValueError):
    """A payment file or line that cannot be accepted as given."""


class PaymentKind(enum.Enum):
    PAYMENT = "payment"
    RETURN = "returned payment"


def _positive(instance: object, attribute: AnyField, value: Decimal) -> None:
    if value <= ZERO:
        raise CashPostingError(f"line {getattr(instance, 'line', '?')}: amount {value} must be more than zero")


@attrs.frozen
class PaymentLine:
    """One detail line of a payment file, as the file gave it (reference not yet checked)."""

    line: int
    reference: str
    amount: Decimal = attrs.field(validator=_positive)
    paid_on: dt.date
    kind: PaymentKind = attrs.field(default=PaymentKind.PAYMENT, validator=member_of(PaymentKind))
    channel: str = ""
    narrative: str = ""
    position: int = 0
    """The line's place among the file's detail lines (1-based), blank lines and line endings aside;
    0 where a reader did not count (then ``line`` stands in for it)."""

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.kind is PaymentKind.PAYMENT else -self.amount


def _trailer_total(value: Decimal | int | str) -> Decimal:
    return to_money(value, where="trailer total")


@attrs.frozen(field_transformer=no_text_for_tuples)
class PaymentFile:
    """A whole payment file whose lines reconcile to its trailer (count and net total).

    ``content_hash`` identifies what the file says, whatever its name: the importer hashes its
    lines' normalised values (``revtui.imports.rules.content_identity``), so the same file
    delivered again with other line endings, encoding or blank lines has the same hash.
    """

    name: str
    content_hash: str
    layout: str
    lines: tuple[PaymentLine, ...] = attrs.field(converter=tuple[PaymentLine, ...])
    trailer_count: int
    trailer_total: Decimal = attrs.field(converter=_trailer_total)

    def __attrs_post_init__(self) -> None:
        if len(self.lines) != self.trailer_count:
            raise CashPostingError(f"{self.name}: {len(self.lines)} detail lines but the trailer says {self.trailer_count}")
        if self.net_total != self.trailer_total:
            raise CashPostingError(
                f"{self.name}: detail lines total {self.net_total} but the trailer says {self.trailer_total}"
            )

    @property
    def net_total(self) -> Decimal:
        return sum((line.signed_amount for line in self.lines), ZERO)

    def key(self, line: PaymentLine) -> str:
        """The line's idempotency key: the file's content hash and the line's place among its detail
        lines (so the n-th of two identical lines is told from the first)."""
        return f"{self.content_hash}:{line.position or line.line}"


@attrs.frozen
class PostedLine:
    """A matched line to post to ``account_reference``: a payment, or a return reversing one."""

    key: str
    source: str
    account_reference: str
    line: PaymentLine

    @property
    def amount(self) -> Decimal:
        return self.line.signed_amount


@attrs.frozen
class SuspenseItem:
    """A line that could not be matched to an account, and why; an officer places it later."""

    key: str
    source: str
    line: PaymentLine
    reason: str


@attrs.frozen
class PostingReport:
    """Counts and net totals of one import, reconciled to the file's trailer."""

    file: str
    trailer_count: int
    trailer_total: Decimal
    posted_count: int
    posted_total: Decimal
    suspense_count: int
    suspense_total: Decimal
    skipped_count: int
    skipped_total: Decimal

    @property
    def reconciles(self) -> bool:
        return (
            self.posted_count + self.suspense_count + self.skipped_count == self.trailer_count
            and self.posted_total + self.suspense_total + self.skipped_total == self.trailer_total
        )

    def lines(self) -> list[str]:
        width = max(len(format_money(v)) for v in (self.trailer_total, self.posted_total, self.suspense_total, self.skipped_total))
        rows = [
            ("posted to accounts", self.posted_count, self.posted_total),
            ("to suspense", self.suspense_count, self.suspense_total),
            ("already posted (skipped)", self.skipped_count, self.skipped_total),
            ("file trailer", self.trailer_count, self.trailer_total),
        ]
        out = [f"Posting report for {self.file}"]
        out += [f"  {label:<26}{count:>8} lines {format_money(total):>{width}}" for label, count, total in rows]
        out.append("  reconciles to trailer" if self.reconciles else "  DOES NOT RECONCILE to trailer")
        return out


@attrs.frozen
class PostingResult:
    file: PaymentFile
    postings: tuple[PostedLine, ...]
    suspense: tuple[SuspenseItem, ...]
    skipped: tuple[PaymentLine, ...]

    @property
    def keys(self) -> frozenset[str]:
        """Keys of every line this run placed (posted or to suspense), to store as done."""
        return frozenset([p.key for p in self.postings] + [s.key for s in self.suspense])

    @property
    def report(self) -> PostingReport:
        def total(items: Iterable[PaymentLine]) -> Decimal:
            return sum((item.signed_amount for item in items), ZERO)

        return PostingReport(
            self.file.name,
            self.file.trailer_count,
            self.file.trailer_total,
            len(self.postings),
            total(p.line for p in self.postings),
            len(self.suspense),
            total(s.line for s in self.suspense),
            len(self.skipped),
            total(self.skipped),
        )


def post_payments(
    payment_file: PaymentFile,
    accounts_by_reference: Mapping[str, object] | AbstractSet[str],
    already_posted_keys: AbstractSet[str],
    *,
    default_kind: str | None = "C",
) -> PostingResult:
    """Match every line of ``payment_file`` to an account, or to suspense with the reason.

    ``accounts_by_reference`` holds the references (normal form, e.g. ``C00012343``) of the
    accounts payments may go to; ``already_posted_keys`` the keys of lines placed by earlier
    runs, which are skipped. A reference without its prefix letter takes ``default_kind``.
    Pure: the caller posts the result to ledgers and stores :attr:`PostingResult.keys`.
    """
    postings, suspense, skipped = [], [], []
    source_prefix = f"{payment_file.name} line "
    for line in payment_file.lines:
        key = payment_file.key(line)
        if key in already_posted_keys:
            skipped.append(line)
            continue
        source = f"{source_prefix}{line.line}"
        try:
            reference = parse_reference(line.reference, default_kind)
        except ReferenceError as error:
            suspense.append(SuspenseItem(key, source, line, f"reference not valid: {error}"))
            continue
        if reference not in accounts_by_reference:
            suspense.append(SuspenseItem(key, source, line, f"no account {reference}"))
            continue
        postings.append(PostedLine(key, source, reference, line))
    return PostingResult(payment_file, tuple(postings), tuple(suspense), tuple(skipped))


@attrs.frozen
class LedgerPosting:
    """A file posted to account ledgers: the final result and the ledgers it changed.

    ``result`` lists the lines actually posted; lines the ledger could not take (a return with
    no payment to reverse, a refused posting) are in its suspense with the reason, so
    :attr:`PostingResult.keys` still covers every line and the report still reconciles.
    """

    result: PostingResult
    ledgers: dict[str, Ledger]


def _payment_returned(ledger: Ledger, amount: Decimal) -> Entry | None:
    """The latest payment of ``amount`` on the ledger not yet reversed."""
    for entry in reversed(ledger.entries):
        if entry.kind is EntryKind.PAYMENT and entry.amount == -amount and not ledger.is_reversed(entry.id):
            return entry
    return None


def post_to_ledgers(
    payment_file: PaymentFile,
    ledgers: Mapping[str, Ledger],
    already_posted_keys: AbstractSet[str],
    *,
    posted_on: dt.date,
    policy: AllocationPolicy,
    default_kind: str | None = "C",
) -> LedgerPosting:
    """Match ``payment_file`` (:func:`post_payments`) and post each matched line to its ledger.

    A payment is allocated by ``policy`` and keyed by its line key (the ledger also refuses a
    key twice). A returned payment reverses the latest unreversed payment of the same amount on
    the account, so its allocation is undone exactly; with none to reverse it goes to suspense.
    Pure: returns the new ledgers; nothing is stored.
    """
    matched = post_payments(payment_file, ledgers, already_posted_keys, default_kind=default_kind)
    changed: dict[str, Ledger] = {}
    postings, suspense = [], list(matched.suspense)
    for posting in matched.postings:
        line, reference = posting.line, posting.account_reference
        ledger = changed.get(reference) or ledgers[reference]
        note = f"{line.channel} {line.narrative}".strip()
        try:
            if line.kind is PaymentKind.PAYMENT:
                ledger = ledger.pay(line.amount, effective=line.paid_on, posted=posted_on, policy=policy,
                                    reason=f"payment ({posting.source}{': ' + note if note else ''})", source=posting.key)
            else:
                target = _payment_returned(ledger, line.amount)
                if target is None:
                    suspense.append(SuspenseItem(posting.key, posting.source, line,
                                                 f"returned payment of {line.amount}: no payment of that amount on {reference} to reverse"))
                    continue
                ledger = ledger.reverse(target.id, effective=line.paid_on, posted=posted_on, source=posting.key,
                                        reason=f"returned payment ({posting.source}{': ' + note if note else ''})")
        except LedgerError as error:
            suspense.append(SuspenseItem(posting.key, posting.source, line, f"ledger refused: {error}"))
            continue
        changed[reference] = ledger
        postings.append(posting)
    suspense.sort(key=lambda item: item.line.line)
    return LedgerPosting(attrs.evolve(matched, postings=tuple(postings), suspense=tuple(suspense)), changed)
