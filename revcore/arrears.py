"""Arrears as at a date (instalments due and unpaid) and an aged debt view.

For each financial year, the money settled against its charge (payments, write-offs, transfers
and refunds, as at the date) pays its instalments in due order, earliest first; every instalment
due on or before the date and not fully paid is an unpaid :class:`DueItem`. Arrears never exceed
what the year still owes. A year with no schedule (a bill whose instalment right was lost, an
invoice) owes its whole balance from its first charge. Costs fall due when added and are paid
oldest first.

Only entries effective on or before the date count, so the answer for a past date does not
change when later money arrives.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Mapping

import attrs

from revcore.entries import Category, Entry, EntryKind
from revcore.instalments import Schedule
from revcore.ledger import Ledger
from revcore.money import ZERO, format_money, money_sum
from revcore.periods import FinancialYear
from revcore.validation import member_of

__all__ = ["DueItem", "YearArrears", "Arrears", "arrears", "AgeBand", "AgedDebt", "DEFAULT_AGE_BANDS", "aged_debt"]

_DEBITS = {EntryKind.CHARGE, EntryKind.ADJUSTMENT, EntryKind.COSTS}


@attrs.frozen
class DueItem:
    """An amount that fell due on ``due`` and is still unpaid as at the date asked."""

    year: FinancialYear
    category: Category = attrs.field(validator=member_of(Category))
    due: dt.date
    unpaid: Decimal
    what: str  # "instalment 3 of 10 (£183.00)", "costs: summons", ...


@attrs.frozen
class YearArrears:
    """One year's charge as at a date: what was charged, settled, fell due, and is in arrears."""

    year: FinancialYear
    charged: Decimal
    settled: Decimal
    due_to_date: Decimal
    arrears: Decimal
    costs_arrears: Decimal
    unpaid: tuple[DueItem, ...]
    lines: tuple[str, ...]

    @property
    def outstanding(self) -> Decimal:
        return self.charged - self.settled

    @property
    def total(self) -> Decimal:
        return self.arrears + self.costs_arrears

    @property
    def earliest_unpaid(self) -> DueItem | None:
        return self.unpaid[0] if self.unpaid else None


@attrs.frozen
class Arrears:
    """An account's arrears as at ``as_at``, year by year (oldest first)."""

    account: str
    as_at: dt.date
    years: tuple[YearArrears, ...]

    @property
    def total(self) -> Decimal:
        return money_sum(y.total for y in self.years)

    @property
    def items(self) -> tuple[DueItem, ...]:
        return tuple(item for y in self.years for item in y.unpaid)

    def for_year(self, year: FinancialYear) -> YearArrears | None:
        return next((y for y in self.years if y.year == year), None)

    def explain(self) -> str:
        rows = [f"{self.account} arrears as at {self.as_at.isoformat()}: {format_money(self.total)}"]
        for y in self.years:
            rows.append(f"  {y.year}: charged {format_money(y.charged)}, settled {format_money(y.settled)}, "
                        f"due to date {format_money(y.due_to_date)}, arrears {format_money(y.arrears)}"
                        f", costs {format_money(y.costs_arrears)}")
            rows += [f"    {line}" for line in y.lines]
            rows += [f"    unpaid {item.due.isoformat()} {format_money(item.unpaid)} {item.what}" for item in y.unpaid]
        return "\n".join(rows)


def _kind_of(entry: Entry, ledger: Ledger) -> EntryKind:
    """What an entry counts as: a reversal counts as the kind it reverses (negated by its sign)."""
    if entry.kind is EntryKind.REVERSAL:
        target = ledger.entry(entry.reverses)
        return target.kind if target is not None else entry.kind
    return entry.kind


def arrears(ledger: Ledger, schedules: Mapping[FinancialYear, Schedule], as_at: dt.date) -> Arrears:
    """Instalments (and costs) due on or before ``as_at`` and unpaid, by year."""
    charged: dict[FinancialYear, Decimal] = defaultdict(lambda: ZERO)
    settled: dict[FinancialYear, Decimal] = defaultdict(lambda: ZERO)
    first_charge: dict[FinancialYear, dt.date] = {}
    costs_debits: dict[FinancialYear, list[tuple[dt.date, Decimal, str]]] = defaultdict(list)
    costs_credits: dict[FinancialYear, Decimal] = defaultdict(lambda: ZERO)
    for entry in ledger.entries:
        if entry.effective > as_at:
            continue
        debit_kind = _kind_of(entry, ledger) in _DEBITS
        for p in entry.postings:
            if p.category is Category.CHARGE:
                if debit_kind:
                    charged[p.year] += p.amount
                    first_charge.setdefault(p.year, entry.effective)
                else:
                    settled[p.year] -= p.amount
            elif debit_kind and p.amount > 0:
                costs_debits[p.year].append((entry.effective, p.amount, entry.reason))
            else:
                costs_credits[p.year] -= p.amount
    years = sorted(set(charged) | set(settled) | set(costs_debits) | set(costs_credits))
    result = []
    for year in years:
        lines: list[str] = []
        unpaid: list[DueItem] = []
        outstanding = charged[year] - settled[year]
        schedule = schedules.get(year)
        if schedule is not None:
            due_to_date = schedule.due_by(as_at)
            unpaid = _unpaid_instalments(schedule, settled[year], as_at)
            if charged[year] != schedule.amount:
                lines.append(f"charged {format_money(charged[year])} but the schedule collects "
                             f"{format_money(schedule.amount)}: arrears capped at what is owed")
        else:
            due_to_date = max(charged[year], ZERO) if year in first_charge else ZERO
            if outstanding > 0 and year in first_charge:
                unpaid = [DueItem(year, Category.CHARGE, first_charge[year], outstanding,
                                  "balance (no instalment schedule: due in full)")]
                lines.append("no instalment schedule: the whole balance is due")
        unpaid = _cap(unpaid, max(outstanding, ZERO))
        costs_unpaid = _unpaid_costs(year, costs_debits[year], costs_credits[year])
        arrears_amount = money_sum(i.unpaid for i in unpaid)
        costs_amount = money_sum(i.unpaid for i in costs_unpaid)
        result.append(YearArrears(year, charged[year], settled[year], due_to_date, arrears_amount, costs_amount,
                                  tuple(unpaid + costs_unpaid), tuple(lines)))
    return Arrears(ledger.account, as_at, tuple(result))


def _unpaid_instalments(schedule: Schedule, settled: Decimal, as_at: dt.date) -> list[DueItem]:
    left = settled
    items = []
    count = len(schedule.instalments)
    for instalment in schedule.instalments:
        paid = min(max(left, ZERO), instalment.amount)
        left -= paid
        if instalment.due <= as_at and paid < instalment.amount:
            items.append(DueItem(schedule.year, Category.CHARGE, instalment.due, instalment.amount - paid,
                                 f"instalment {instalment.number} of {count} ({format_money(instalment.amount)})"))
    return items


def _cap(items: list[DueItem], limit: Decimal) -> list[DueItem]:
    """Trim the latest items so the total does not exceed ``limit``."""
    excess = money_sum(i.unpaid for i in items) - limit
    if excess <= 0:
        return items
    trimmed = list(items)
    while excess > 0 and trimmed:
        last = trimmed.pop()
        if last.unpaid > excess:
            trimmed.append(attrs.evolve(last, unpaid=last.unpaid - excess))
            break
        excess -= last.unpaid
    return trimmed


def _unpaid_costs(year: FinancialYear, debits: list[tuple[dt.date, Decimal, str]], credits: Decimal) -> list[DueItem]:
    left = credits
    items = []
    for due, amount, reason in sorted(debits, key=lambda d: d[0]):
        paid = min(max(left, ZERO), amount)
        left -= paid
        if paid < amount:
            items.append(DueItem(year, Category.COSTS, due, amount - paid, f"costs: {reason}"))
    return items


@attrs.frozen
class AgeBand:
    """Debt that fell due between ``min_days`` and ``max_days`` days ago (``None``: no upper limit)."""

    label: str
    min_days: int
    max_days: int | None

    def holds(self, days: int) -> bool:
        return days >= self.min_days and (self.max_days is None or days <= self.max_days)


DEFAULT_AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("0-30 days", 0, 30),
    AgeBand("31-90 days", 31, 90),
    AgeBand("91-365 days", 91, 365),
    AgeBand("1-2 years", 366, 730),
    AgeBand("2-6 years", 731, 2191),
    AgeBand("over 6 years", 2192, None),  # past the usual 6-year limitation period: review
)


@attrs.frozen
class AgedDebt:
    """Arrears by how long ago they fell due, plus debt not yet due and credits held."""

    as_at: dt.date
    bands: tuple[tuple[str, Decimal], ...]
    not_yet_due: Decimal
    credit: Decimal

    @property
    def overdue(self) -> Decimal:
        return money_sum(amount for _, amount in self.bands)

    def __add__(self, other: "AgedDebt") -> "AgedDebt":
        """Combine two accounts' views (same date and bands) into a total."""
        if other.as_at != self.as_at or [b for b, _ in other.bands] != [b for b, _ in self.bands]:
            raise ValueError("aged debt views add only for the same date and bands")
        return AgedDebt(self.as_at, tuple((label, a + b) for (label, a), (_, b) in zip(self.bands, other.bands)),
                        self.not_yet_due + other.not_yet_due, self.credit + other.credit)


def aged_debt(ledger: Ledger, schedules: Mapping[FinancialYear, Schedule], as_at: dt.date,
              bands: tuple[AgeBand, ...] = DEFAULT_AGE_BANDS) -> AgedDebt:
    """The account's arrears as at ``as_at`` placed in age bands by due date."""
    view = arrears(ledger, schedules, as_at)
    totals = {band.label: ZERO for band in bands}
    for item in view.items:
        age = (as_at - item.due).days
        band = next((b for b in bands if b.holds(age)), None)
        if band is None:
            raise ValueError(f"no age band holds debt {age} days old")
        totals[band.label] += item.unpaid
    # costs fall due when added, so outstanding costs are all in arrears already
    owed = money_sum(max(y.outstanding, ZERO) + y.costs_arrears for y in view.years)
    credit = money_sum(-min(y.outstanding, ZERO) for y in view.years)
    return AgedDebt(as_at, tuple((b.label, totals[b.label]) for b in bands), owed - view.total, credit)

