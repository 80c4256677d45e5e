"""An account's ledger: append-only entries, balances by year, and the invariants that guard them.

One :class:`Ledger` per account (a liable party at a property, named by its account reference).
It holds immutable :class:`~revcore.entries.Entry` values and never changes them: every
operation returns a new ledger with one more entry, or raises :class:`LedgerError` naming what
was wrong and leaves the old ledger as it was.

Invariants checked on every posting (and again, for every entry, when a ledger is rebuilt from
stored entries, so a corrupt store is caught on load):

- an entry's id is the next in sequence for this account and its postings add up to it;
- posting dates never go backwards; an external ``source`` key is never posted twice;
- a reversal undoes exactly one earlier entry, once, bucket by bucket;
- a write-off never takes a year's charge or costs below nothing; a refund or transfer out never
  exceeds the account's credit;
- recorded :class:`BalanceAssertion` values (like beancount's ``balance`` directive) hold.

Posting is O(buckets) plus a C-level copy of the entry tuple: nothing walks the history, and
the index of source keys is shared along a line of postings rather than copied (see
:class:`_History`). Rebuilding a ledger from stored entries checks each entry once, in O(entries).
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Iterable, Mapping

import attrs

from revcore.allocation import AllocationPolicy, Direction, allocate_from_credit, allocate_payment
from revcore.approvals import ApprovalKind, ApprovalRequest, AuthorisationLimits, request_refund
from revcore.entries import Bucket, Category, Entry, EntryError, EntryKind, Posting
from revcore.money import ZERO, format_money, money_sum, to_money
from revcore.periods import FinancialYear
from revcore.validation import member_of, no_text_for_tuples

__all__ = ["Ledger", "LedgerError", "BalanceAssertion", "YearBalance", "transfer_credit"]


class LedgerError(ValueError):
    """A posting refused because it would break a ledger invariant (the ledger is unchanged)."""


@attrs.frozen
class BalanceAssertion:
    """A balance agreed at a point: entries posted on or before ``as_posted`` sum to ``amount``.

    Restrict it to a ``year`` (and ``category``) to assert that bucket alone. Recorded on the
    ledger and checked again whenever the ledger is rebuilt from its stored entries.
    """

    as_posted: dt.date
    amount: Decimal
    year: FinancialYear | None = None
    category: Category | None = attrs.field(default=None, validator=attrs.validators.optional(member_of(Category)))
    note: str = ""

    def covers(self, entry: Entry) -> bool:
        return entry.posted <= self.as_posted

    def measure(self, entries: Iterable[Entry]) -> Decimal:
        return money_sum(
            p.amount for e in entries if self.covers(e) for p in e.postings
            if (self.year is None or p.year == self.year) and (self.category is None or p.category is self.category)
        )

    def describe(self) -> str:
        scope = "account" if self.year is None else f"{self.year}{' ' + self.category.value if self.category else ''}"
        return f"{scope} balance of {format_money(self.amount)} for entries posted to {self.as_posted.isoformat()}"


@attrs.frozen
class YearBalance:
    """What one financial year owes: its charge and its costs (negative: in credit)."""

    year: FinancialYear
    charge: Decimal
    costs: Decimal

    @property
    def total(self) -> Decimal:
        return self.charge + self.costs


class _History:
    """The source keys posted along one line of ledgers (each the next's predecessor), by entry index.

    Ledgers are immutable, but copying this index on every posting made a posting's cost grow
    with the account's history. Instead the ledgers along a line share it: only the newest
    ledger (``length`` entries) extends it, in place; a ledger sees only the keys of its own
    entries (index below its length). Posting on an older ledger starts a new line with a copy.
    """

    __slots__ = ("sources", "length")

    def __init__(self, sources: dict[str, int], length: int) -> None:
        self.sources = sources
        self.length = length

    def extend(self, entries: tuple[Entry, ...] | list[Entry], entry: Entry) -> "_History":
        """The history of ``entries`` + ``entry``: this one extended, if ``entries`` is its newest."""
        count = len(entries)
        with _EXTENDING:  # two threads posting on the same ledger must not both extend its line
            newest = self.length == count
            if newest:
                self.length = count + 1
        history = self if newest else _History({e.source: n for n, e in enumerate(entries) if e.source}, count + 1)
        if entry.source:
            history.sources[entry.source] = count
        return history


_EXTENDING = threading.Lock()


def _reason(value: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LedgerError(f"{where}: give a reason")
    return value


@attrs.frozen(field_transformer=no_text_for_tuples)
class Ledger:
    """The entries of one account, in posting order, and the balance assertions agreed on it.

    Construct it empty (``Ledger("C00012343")``) or from stored entries, which are all checked.
    """

    account: str
    entries: tuple[Entry, ...] = attrs.field(default=(), converter=tuple[Entry, ...])
    assertions: tuple[BalanceAssertion, ...] = attrs.field(default=(), converter=tuple[BalanceAssertion, ...])
    closed_on: dt.date | None = None
    _balances: dict[Bucket, Decimal] = attrs.field(init=False, repr=False, eq=False)
    _history: _History = attrs.field(init=False, repr=False, eq=False)  # source key -> entry index
    _reversed: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.account:
            raise LedgerError("a ledger needs an account reference")
        stored = self.entries
        state = _empty(self.account)
        object.__setattr__(state, "entries", [])  # private to this loop: appended to, not copied
        for entry in stored:
            balances, reversed_ = state._check(entry)
            object.__setattr__(state, "_history", state._history.extend(state.entries, entry))
            state.entries.append(entry)  # type: ignore[attr-defined]
            object.__setattr__(state, "_balances", balances)
            object.__setattr__(state, "_reversed", reversed_)
        for name in ("_balances", "_history", "_reversed"):
            object.__setattr__(self, name, getattr(state, name))
        for assertion in self.assertions:
            _verify(assertion, stored, self.account)

    # --- construction without re-checking history -----------------------------------------

    def _with(self, entry: Entry, balances: dict[Bucket, Decimal], reversed_: frozenset[str]) -> "Ledger":
        new = object.__new__(Ledger)
        for name, value in (
            ("account", self.account),
            ("entries", self.entries + (entry,)),
            ("assertions", self.assertions),
            ("closed_on", self.closed_on),
            ("_balances", balances),
            ("_history", self._history.extend(self.entries, entry)),
            ("_reversed", reversed_),
        ):
            object.__setattr__(new, name, value)
        return new

    # --- the one way in ---------------------------------------------------------------------

    @property
    def next_id(self) -> str:
        return f"{self.account}/{len(self.entries) + 1}"

    def post(self, entry: Entry) -> "Ledger":
        """Append ``entry`` after checking every invariant; raises :class:`LedgerError` if one breaks."""
        balances, reversed_ = self._check(entry)
        return self._with(entry, balances, reversed_)

    def _check(self, entry: Entry) -> tuple[dict[Bucket, Decimal], frozenset[str]]:
        """The balances and reversed entries after ``entry``, if it keeps every invariant."""
        where = f"{self.account}: entry {entry.id}"
        if entry.account != self.account:
            raise LedgerError(f"{where} belongs to account {entry.account}")
        if entry.id != self.next_id:
            raise LedgerError(f"{where} is out of sequence: the next entry is {self.next_id}")
        if self.entries and entry.posted < self.entries[-1].posted:
            raise LedgerError(f"{where} posted {entry.posted.isoformat()}, before the last entry "
                              f"({self.entries[-1].posted.isoformat()}): posting dates never go backwards")
        if entry.source and self._source_index(entry.source) is not None:
            raise LedgerError(f"{where}: source {entry.source!r} is already posted on this account")
        reversed_ = self._reversed
        if entry.kind is EntryKind.REVERSAL:
            target = self._reversal_target(entry, where)
            reversed_ = reversed_ | {target.id}
        balances = dict(self._balances)
        for posting in entry.postings:
            balances[posting.bucket] = balances.get(posting.bucket, ZERO) + posting.amount
        if entry.kind is EntryKind.WRITE_OFF:
            for posting in entry.postings:
                if balances[posting.bucket] < 0:
                    raise LedgerError(
                        f"{where}: writing off {format_money(-posting.amount)} from {posting.year} {posting.category.value} "
                        f"which owes only {format_money(self._balances.get(posting.bucket, ZERO))}")
        if entry.kind is EntryKind.REFUND or (entry.kind is EntryKind.TRANSFER and entry.amount > 0):
            for posting in entry.postings:
                if balances[posting.bucket] > 0:
                    raise LedgerError(f"{where}: a {entry.kind.value} of {format_money(entry.amount)} takes more than "
                                      f"the credit on {posting.year} {posting.category.value}")
        return balances, reversed_

    def _reversal_target(self, entry: Entry, where: str) -> Entry:
        target = self.entry(entry.reverses)
        if target is None:
            raise LedgerError(f"{where} reverses {entry.reverses}, which is not on this account")
        if target.kind is EntryKind.REVERSAL:
            raise LedgerError(f"{where}: {target.id} is itself a reversal; post the entry again instead")
        if target.id in self._reversed:
            raise LedgerError(f"{where}: {target.id} has already been reversed")
        undo = sorted((p.bucket[0].start_year, p.category.value, -p.amount) for p in target.postings)
        if sorted((p.year.start_year, p.category.value, p.amount) for p in entry.postings) != undo:
            raise LedgerError(f"{where} does not exactly undo the postings of {target.id}")
        return target

    def _entry(self, kind: EntryKind, amount: Decimal, postings: Iterable[Posting], *, effective: dt.date,
               posted: dt.date, year: FinancialYear, reason: str, **extra: str) -> Entry:
        try:
            return Entry(self.next_id, self.account, kind, amount, effective, posted, year,
                         _reason(reason, f"{self.account} {kind.value}"), tuple(postings), **extra)
        except EntryError as error:
            raise LedgerError(f"{self.account}: {error}") from None

    # --- operations -------------------------------------------------------------------------

    def charge(self, year: FinancialYear, amount: Decimal, *, effective: dt.date, posted: dt.date, reason: str,
               source: str = "", officer: str = "") -> "Ledger":
        """Post a bill's amount for ``year`` (the first demand for that year)."""
        amount = to_money(amount, where=f"{self.account} charge")
        posting = _posting(year, Category.CHARGE, amount, f"charge for {year}: {reason}", self.account)
        return self.post(self._entry(EntryKind.CHARGE, amount, [posting], effective=effective, posted=posted,
                                     year=year, reason=reason, source=source, officer=officer))

    def adjust(self, year: FinancialYear, amount: Decimal, *, effective: dt.date, posted: dt.date, reason: str,
               category: Category = Category.CHARGE, source: str = "", officer: str = "") -> "Ledger":
        """Change what ``year`` owes by ``amount`` (negative: a reduction) without touching the bill."""
        amount = to_money(amount, where=f"{self.account} adjustment")
        posting = _posting(year, category, amount, f"adjustment to {year} {category.value}: {reason}", self.account)
        return self.post(self._entry(EntryKind.ADJUSTMENT, amount, [posting], effective=effective, posted=posted,
                                     year=year, reason=reason, source=source, officer=officer))

    def add_costs(self, year: FinancialYear, amount: Decimal, *, effective: dt.date, posted: dt.date, reason: str,
                  source: str = "", officer: str = "") -> "Ledger":
        """Add costs (e.g. of a summons) to ``year``."""
        amount = to_money(amount, where=f"{self.account} costs")
        posting = _posting(year, Category.COSTS, amount, f"costs for {year}: {reason}", self.account)
        return self.post(self._entry(EntryKind.COSTS, amount, [posting], effective=effective, posted=posted,
                                     year=year, reason=reason, source=source, officer=officer))

    def pay(self, amount: Decimal, *, effective: dt.date, posted: dt.date, reason: str, policy: AllocationPolicy,
            direction: Direction | None = None, source: str = "", officer: str = "") -> "Ledger":
        """Post ``amount`` received (positive), allocated by ``policy`` or the payer's ``direction``.

        Money beyond what is owed is held as a credit on the year of ``effective``.
        """
        amount = to_money(amount, where=f"{self.account} payment")
        year = FinancialYear.containing(effective)
        try:
            postings = allocate_payment(amount, self._balances, policy, credit_year=year, direction=direction)
        except EntryError as error:
            raise LedgerError(f"{self.account}: {error}") from None
        return self.post(self._entry(EntryKind.PAYMENT, -amount, postings, effective=effective, posted=posted,
                                     year=direction.year if direction else year, reason=reason, source=source,
                                     officer=officer))

    def reverse(self, entry_id: str, *, effective: dt.date, posted: dt.date, reason: str, source: str = "",
                officer: str = "") -> "Ledger":
        """Undo one entry exactly (a returned payment, a mistake): its allocation is undone too."""
        target = self.entry(entry_id)
        if target is None:
            raise LedgerError(f"{self.account}: cannot reverse {entry_id}: no such entry on this account")
        postings = [p.negated(f"reversal of {target.id} ({target.kind.value}): {p.rule}") for p in target.postings]
        return self.post(self._entry(EntryKind.REVERSAL, -target.amount, postings, effective=effective, posted=posted,
                                     year=target.year, reason=reason, reverses=target.id, source=source,
                                     officer=officer))

    def refund(self, request: ApprovalRequest, *, effective: dt.date, posted: dt.date) -> "Ledger":
        """Pay back a credit under an approved refund request (latest year's credit first)."""
        self._check_request(request, ApprovalKind.REFUND)
        try:
            postings = allocate_from_credit(request.amount, self._credit_view(request.year), "refund")
        except EntryError as error:
            raise LedgerError(f"{self.account}: {error}") from None
        return self.post(self._entry(EntryKind.REFUND, request.amount, postings, effective=effective, posted=posted,
                                     year=request.year or postings[0].year, reason=request.reason,
                                     source=f"approval:{request.id}", officer=request.requested_by,
                                     authorised_by=request.authorised_by))

    def write_off(self, request: ApprovalRequest, *, effective: dt.date, posted: dt.date) -> "Ledger":
        """Write off part of a year's charge or costs under an approved request."""
        self._check_request(request, ApprovalKind.WRITE_OFF)
        assert request.year is not None  # ApprovalRequest guarantees it for a write-off
        posting = Posting(request.year, request.category, -request.amount,
                          f"write-off of {request.year} {request.category.value}: {request.reason}")
        return self.post(self._entry(EntryKind.WRITE_OFF, -request.amount, [posting], effective=effective,
                                     posted=posted, year=request.year, reason=request.reason,
                                     source=f"approval:{request.id}", officer=request.requested_by,
                                     authorised_by=request.authorised_by))

    def move_credit(self, from_year: FinancialYear, to_year: FinancialYear, amount: Decimal, *, effective: dt.date,
                    posted: dt.date, reason: str, officer: str = "") -> "Ledger":
        """Move a credit on ``from_year`` against what ``to_year`` owes (one entry, nets to nothing)."""
        amount = to_money(amount, where=f"{self.account} transfer")
        credit = -self._balances.get((from_year, Category.CHARGE), ZERO)
        if amount <= 0 or amount > credit:
            raise LedgerError(f"{self.account}: cannot move {format_money(amount)} from {from_year}, "
                              f"which holds a credit of {format_money(max(credit, ZERO))}")
        if from_year == to_year:
            raise LedgerError(f"{self.account}: a credit moves between two different years")
        postings = [Posting(from_year, Category.CHARGE, amount, f"credit moved from {from_year} to {to_year}"),
                    Posting(to_year, Category.CHARGE, -amount, f"credit moved from {from_year} to {to_year}")]
        return self.post(self._entry(EntryKind.TRANSFER, ZERO, postings, effective=effective, posted=posted,
                                     year=to_year, reason=reason, officer=officer))

    def transfer_out(self, amount: Decimal, counterpart: str, *, effective: dt.date, posted: dt.date, reason: str,
                     source: str = "", officer: str = "") -> "Ledger":
        """Take ``amount`` of this account's credit to another account (see :func:`transfer_credit`)."""
        amount = to_money(amount, where=f"{self.account} transfer")
        try:
            postings = allocate_from_credit(amount, self._balances, f"transfer to {counterpart}")
        except EntryError as error:
            raise LedgerError(f"{self.account}: {error}") from None
        return self.post(self._entry(EntryKind.TRANSFER, amount, postings, effective=effective, posted=posted,
                                     year=postings[0].year, reason=reason, counterpart=counterpart, source=source,
                                     officer=officer))

    def transfer_in(self, amount: Decimal, counterpart: str, *, effective: dt.date, posted: dt.date, reason: str,
                    policy: AllocationPolicy, direction: Direction | None = None, source: str = "",
                    officer: str = "") -> "Ledger":
        """Receive a credit from another account, allocated like a payment."""
        amount = to_money(amount, where=f"{self.account} transfer")
        year = FinancialYear.containing(effective)
        try:
            postings = allocate_payment(amount, self._balances, policy, credit_year=year, direction=direction)
        except EntryError as error:
            raise LedgerError(f"{self.account}: {error}") from None
        postings = tuple(attrs.evolve(p, rule=f"transfer from {counterpart}: {p.rule}") for p in postings)
        return self.post(self._entry(EntryKind.TRANSFER, -amount, postings, effective=effective, posted=posted,
                                     year=year, reason=reason, counterpart=counterpart, source=source,
                                     officer=officer))

    def assert_balance(self, assertion: BalanceAssertion) -> "Ledger":
        """Check ``assertion`` now and record it; raises :class:`LedgerError` if it does not hold."""
        _verify(assertion, self.entries, self.account)
        return attrs.evolve(self, assertions=self.assertions + (assertion,))

    def close(self, on: dt.date) -> "Ledger":
        """Mark the account closed (liability ended); a credit left on it is then for refund."""
        return attrs.evolve(self, closed_on=on)

    def refund_request(self, id: str, on: dt.date, officer: str, limits: AuthorisationLimits) -> ApprovalRequest | None:
        """The refund request a credit on a closed account becomes (None if open or not in credit)."""
        if self.closed_on is None or self.balance >= 0:
            return None
        return request_refund(id, self.account, -self.balance,
                              f"credit on account closed {self.closed_on.isoformat()}", officer, on, limits)

    def _check_request(self, request: ApprovalRequest, kind: ApprovalKind) -> None:
        if request.kind is not kind:
            raise LedgerError(f"{self.account}: request {request.id} is a {request.kind.value}, not a {kind.value}")
        if request.account != self.account:
            raise LedgerError(f"{self.account}: request {request.id} is for account {request.account}")
        if not request.ready:
            raise LedgerError(f"{self.account}: {kind.value} {request.id} is {request.status.value}: "
                              f"{format_money(request.amount)} needs a second officer's authorisation first")

    def _credit_view(self, year: FinancialYear | None) -> Mapping[Bucket, Decimal]:
        if year is None:
            return self._balances
        return {b: v for b, v in self._balances.items() if b[0] == year}

    # --- queries ----------------------------------------------------------------------------

    @property
    def balance(self) -> Decimal:
        """What the account owes now (negative: in credit)."""
        return money_sum(self._balances.values())

    @property
    def last(self) -> Entry:
        if not self.entries:
            raise LedgerError(f"{self.account}: the ledger has no entries")
        return self.entries[-1]

    def balances(self) -> dict[Bucket, Decimal]:
        """Balance of every (year, category) bucket ever posted to (a copy)."""
        return dict(self._balances)

    def balance_of(self, year: FinancialYear, category: Category | None = None) -> Decimal:
        return money_sum(v for (y, c), v in self._balances.items() if y == year and (category is None or c is category))

    def by_year(self) -> tuple[YearBalance, ...]:
        """Balances by financial year, oldest first."""
        years = sorted({y for y, _ in self._balances})
        return tuple(YearBalance(y, self._balances.get((y, Category.CHARGE), ZERO),
                                 self._balances.get((y, Category.COSTS), ZERO)) for y in years)

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id (found by its sequence number, not by a search)."""
        head, _, tail = entry_id.rpartition("/")
        if head != self.account or not tail.isdigit() or not 1 <= int(tail) <= len(self.entries):
            return None
        return self.entries[int(tail) - 1]

    def has_source(self, source: str) -> bool:
        return self._source_index(source) is not None

    def entry_for_source(self, source: str) -> Entry | None:
        """The entry posted from an external ``source`` key (a payment file line), found without a search."""
        index = self._source_index(source)
        return None if index is None else self.entries[index]

    def _source_index(self, source: str) -> int | None:
        index = self._history.sources.get(source)  # shared along the line: keys of later ledgers too
        return index if index is not None and index < len(self.entries) else None

    def is_reversed(self, entry_id: str) -> bool:
        return entry_id in self._reversed

    def check(self) -> None:
        """Re-check every invariant from the entries alone (what loading from the store does)."""
        rebuilt = Ledger(self.account, self.entries, self.assertions, self.closed_on)
        if rebuilt._balances != self._balances:
            raise LedgerError(f"{self.account}: running balances differ from the entries")
        total = money_sum(e.amount for e in self.entries)
        if total != self.balance:
            raise LedgerError(f"{self.account}: entries total {total} but buckets total {self.balance}")

    def statement(self) -> str:
        """Every entry with its postings and rules, then the balance by year."""
        rows = [entry.explain() for entry in self.entries]
        rows += [f"{yb.year}: charge {format_money(yb.charge)}, costs {format_money(yb.costs)}" for yb in self.by_year()]
        rows.append(f"balance {format_money(self.balance)}")
        return "\n".join(rows)


def _posting(year: FinancialYear, category: Category, amount: Decimal, rule: str, account: str) -> Posting:
    try:
        return Posting(year, category, amount, rule)
    except EntryError as error:
        raise LedgerError(f"{account}: {error}") from None


def _empty(account: str) -> Ledger:
    ledger = object.__new__(Ledger)
    for name, value in (("account", account), ("entries", ()), ("assertions", ()), ("closed_on", None),
                        ("_balances", {}), ("_history", _History({}, 0)), ("_reversed", frozenset())):
        object.__setattr__(ledger, name, value)
    return ledger


def _verify(assertion: BalanceAssertion, entries: Iterable[Entry], account: str) -> None:
    actual = assertion.measure(entries)
    if actual != assertion.amount:
        raise LedgerError(f"{account}: balance assertion failed: expected {assertion.describe()}, the ledger has "
                          f"{format_money(actual)} (difference {format_money(actual - assertion.amount)})")


def transfer_credit(source: Ledger, target: Ledger, amount: Decimal, *, effective: dt.date, posted: dt.date,
                    reason: str, policy: AllocationPolicy, officer: str = "") -> tuple[Ledger, Ledger]:
    """Move ``amount`` of credit from ``source`` to ``target`` (a pair of linked transfer entries)."""
    if source.account == target.account:
        raise LedgerError(f"{source.account}: a transfer between accounts needs two different accounts")
    out = source.transfer_out(amount, target.account, effective=effective, posted=posted, reason=reason,
                              officer=officer)
    into = target.transfer_in(amount, source.account, effective=effective, posted=posted, reason=reason,
                              policy=policy, source=f"transfer:{out.last.id}", officer=officer)
    return out, into
