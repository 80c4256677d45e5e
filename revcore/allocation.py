"""Where a payment goes: the council's allocation policy, honouring a payer's instruction.

By default a payment clears the oldest year first; costs go first, last, or with their year as
the council configures (:class:`CostsOrder`). A payer who says which year (or costs) a payment is
for is honoured (:class:`Direction`), and anything beyond what that year owes stays a credit on
it. Money left once everything owed is paid is held as a credit on the payment's year.

Every :class:`~revcore.entries.Posting` produced names its rule, and the postings always sum
to exactly the amount allocated: allocation never creates or loses a penny.
"""

from __future__ import annotations

import enum
import functools
from decimal import Decimal
from typing import Mapping

import attrs

from revcore.entries import Bucket, Category, EntryError, Posting
from revcore.money import ZERO, format_money
from revcore.periods import FinancialYear
from revcore.validation import member_of

__all__ = ["CostsOrder", "AllocationPolicy", "Direction", "allocate_payment", "allocate_from_credit"]


class CostsOrder(enum.Enum):
    """Where costs come in the order a payment clears debts (a council setting)."""

    FIRST = "first"  # all costs, oldest year first, before any charge
    LAST = "last"  # every year's charge, oldest first, then costs
    WITH_YEAR = "with_year"  # year by year, oldest first; within a year, costs before the charge


@attrs.frozen
class AllocationPolicy:
    """The council's allocation policy (read from its settings; see ``ledger.toml`` in the council folder)."""

    costs: CostsOrder = attrs.field(default=CostsOrder.FIRST, validator=member_of(CostsOrder))

    def order(self, bucket: Bucket) -> tuple[int, int]:
        year, category = bucket
        is_charge = int(category is Category.CHARGE)
        if self.costs is CostsOrder.FIRST:
            return (is_charge, year.start_year)
        if self.costs is CostsOrder.LAST:
            return (1 - is_charge, year.start_year)
        return (year.start_year, is_charge)

    @property
    def rule(self) -> str:
        return _RULES[self.costs]


_RULES = {
    CostsOrder.FIRST: "oldest year first, costs before charges",
    CostsOrder.LAST: "oldest year first, charges before costs",
    CostsOrder.WITH_YEAR: "oldest year first, each year's costs before its charge",
}


@attrs.frozen
class Direction:
    """A payer's instruction: this payment is for ``year`` (and ``category``, if given)."""

    year: FinancialYear
    category: Category | None = attrs.field(default=None, validator=attrs.validators.optional(member_of(Category)))
    note: str = ""  # the payer's words, kept for the explanation


def allocate_payment(
    amount: Decimal,
    balances: Mapping[Bucket, Decimal],
    policy: AllocationPolicy,
    *,
    credit_year: FinancialYear,
    direction: Direction | None = None,
) -> tuple[Posting, ...]:
    """Credit postings (negative) for ``amount`` received, against ``balances`` (debit positive).

    ``credit_year`` receives any money left over when nothing more is owed.
    """
    if amount <= 0:
        raise EntryError(f"a payment allocates a positive amount received, not {amount}")
    left = amount
    postings: list[Posting] = []
    if direction is not None:
        said = f" ({direction.note})" if direction.note else ""
        candidates = [b for b in balances if b[0] == direction.year
                      and (direction.category is None or b[1] is direction.category)]
        rule = f"payer's instruction: {direction.year}{' ' + direction.category.value if direction.category else ''}{said}"
        left = _clear(sorted(candidates, key=policy.order), balances, left, rule, postings)
        if left > 0:
            category = direction.category or Category.CHARGE
            postings.append(Posting(direction.year, category, -left,
                                    f"{rule}: {format_money(left)} more than the year owes, held as a credit on it"))
        return tuple(postings)
    left = _clear(sorted(balances, key=policy.order), balances, left, policy.rule, postings)
    if left > 0:
        postings.append(Posting(credit_year, Category.CHARGE, -left,
                                f"nothing more owed: {format_money(left)} held as a credit on {credit_year}"))
    return tuple(postings)


def _clear(order: list[Bucket], balances: Mapping[Bucket, Decimal], left: Decimal, rule: str, postings: list[Posting]) -> Decimal:
    for bucket in order:
        if left <= 0:
            break
        owed = balances[bucket]
        if owed <= 0:
            continue
        part = min(owed, left)
        postings.append(Posting(bucket[0], bucket[1], -part, f"{rule}: {_owed(bucket, owed)}"))
        left -= part
    return left


@functools.lru_cache(maxsize=4096)
def _owed(bucket: Bucket, owed: Decimal) -> str:
    # Part of every payment's rule: the same few years and bills come back posting after
    # posting, so the text is made once rather than formatted again each time.
    return f"{bucket[0]} {bucket[1].value} owed {format_money(owed)}"


def allocate_from_credit(amount: Decimal, balances: Mapping[Bucket, Decimal], purpose: str) -> tuple[Posting, ...]:
    """Debit postings (positive) taking ``amount`` out of credits, latest year first.

    Used for refunds and transfers out; refuses to take more than the account's credit.
    """
    credits = sorted((b for b in balances if balances[b] < 0), key=lambda b: (-b[0].start_year, b[1] is Category.CHARGE))
    available = -sum((balances[b] for b in credits), ZERO)
    if amount <= 0 or amount > available:
        raise EntryError(f"{purpose} of {format_money(amount)}: the account holds a credit of only {format_money(available)}")
    left = amount
    postings: list[Posting] = []
    for bucket in credits:
        if left <= 0:
            break
        part = min(-balances[bucket], left)
        postings.append(Posting(bucket[0], bucket[1], part, f"{purpose} from the credit on {bucket[0]} {bucket[1].value}, latest year first"))
        left -= part
    return tuple(postings)
