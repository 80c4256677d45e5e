"""Statutory instalment schedules for council tax and business rates.

One engine serves both taxes: the rules that differ (cut-off dates, the smallest instalment,
whether 12 instalments may be asked for) are an :class:`InstalmentRules` value read from the
dated table ``refdata/tables/instalments.toml`` by :mod:`refdata.instalments`.

Council tax: Council Tax (Administration and Enforcement) Regulations 1992 (SI 1992/613)
Sch 1 Part I paras 2-3. Business rates: Non-Domestic Rating (Collection and Enforcement)
(Local Lists) Regulations 1989 (SI 1989/1058) Sch 1 Part I paras 1-3, the same scheme.

What a schedule does, in order (each step leaves a :class:`ScheduleLine` naming its rule):

1. Count: a notice issued before the year or up to a cut-off (30 April; 15 April for 12)
   gets the full number; a later one gets the whole months remaining after the month of issue
   less one (10-instalment plan) or less none (12-instalment plan); a notice issued from
   1 January (or after the year) gets a single instalment.
2. Dates: the payer's day of the month (clamped to the last day of a short month), in
   uninterrupted months, the first no sooner than ``notice_days`` after the notice is issued,
   the last no later than 31 March; fewer months left than instalments means fewer instalments.
3. Amounts: equal whole pounds if the amount divides exactly; otherwise every instalment but
   the first is the amount divided by the number rounded to the nearest pound (the rounding rule
   is named in the data), and the first takes what is left, so the schedule sums exactly.
4. Small instalments: if one would be below the minimum (£5 for council tax) the second is added
   to the first (para 2(7)); if one still would be, an amount below twice the minimum is a single
   instalment and otherwise the number becomes the greatest whole number of minimums in the
   amount (para 3), the months being the first of those already chosen.

Revisions (:func:`revise_amount`, :func:`change_day`, :func:`switch_plan`) keep the instalments
already due (those due less than ``notice_days`` after the new notice) and re-profile the rest.
A reduction below what has already fallen due reduces the last of those instalments so the
schedule still sums exactly to the new amount, and records the excess as ``overdue_excess``:
money paid against it is a credit on the account.

"Whole months remaining after the issue of the notice" is read as the calendar months after the
month of issue (DERIVED): a notice issued on 10 October leaves November to March, 5 months.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Iterable

import attrs

from revcore.dates import day_in_month, next_month
from revcore.money import PENNY, ZERO, RoundingRule, format_money, money_sum, to_money
from revcore.periods import FinancialYear
from revcore.validation import AnyField, member_of, no_text_for_tuples

__all__ = [
    "Plan",
    "PlanRules",
    "InstalmentRules",
    "Instalment",
    "ScheduleLine",
    "Schedule",
    "ScheduleError",
    "build_schedule",
    "revise_amount",
    "change_day",
    "switch_plan",
    "split_amount",
    "instalment_day",
]


class ScheduleError(ValueError):
    """A schedule that cannot be made: a negative amount, an impossible day of the month."""


class Plan(enum.Enum):
    """The statutory scheme: 10 monthly instalments by default, 12 on the payer's request."""

    TEN = "10"
    TWELVE = "12"


def _positive_int(instance: object, attribute: AnyField, value: int) -> None:
    if not isinstance(value, int) or value < 1:
        raise ScheduleError(f"{attribute.name} must be a whole number of at least 1, not {value!r}")


def _month_day(instance: object, attribute: AnyField, value: tuple[int, int]) -> None:
    month, day = value
    try:
        dt.date(2000, month, day)
    except (TypeError, ValueError):
        raise ScheduleError(f"{attribute.name}: {value!r} is not a (month, day) in the year") from None


def _month_and_day(value: Iterable[int]) -> tuple[int, int]:
    """A (month, day) pair from any sequence of two (the tables give a list)."""
    items = tuple(value)
    if isinstance(value, str) or len(items) != 2:
        raise ScheduleError(f"{value!r} is not a (month, day) pair")
    return items[0], items[1]


def _money(instance: object, attribute: AnyField, value: Decimal) -> None:
    to_money(value, where=attribute.name)


@attrs.frozen
class PlanRules:
    """How many instalments one plan gives, by when the notice is issued.

    ``full_until`` is the last (month, day) of the relevant year on which a notice still gets
    ``max_instalments``; a later notice gets the whole months remaining after its month less
    ``months_less``.
    """

    max_instalments: int = attrs.field(validator=_positive_int)
    full_until: tuple[int, int] = attrs.field(converter=_month_and_day, validator=_month_day)
    months_less: int
    rule: str  # the provision, quoted in explanations


@attrs.frozen
class InstalmentRules:
    """The statutory scheme in force for a tax, country and year (see ``refdata/tables/instalments.toml``)."""

    name: str
    ten: PlanRules
    twelve: PlanRules | None  # None where 12 instalments cannot be requested
    single_from: tuple[int, int] = attrs.field(converter=_month_and_day, validator=_month_day)
    notice_days: int
    minimum_instalment: Decimal = attrs.field(validator=_money)
    single_below: Decimal = attrs.field(validator=_money)
    rounding: RoundingRule
    equal_rule: str = "Sch 1 para 2(5)"
    """The provision for equal instalments when the amount divides into whole pounds (quoted)."""
    rounded_rule: str = "Sch 1 para 2(6)"
    """The provision for rounded instalments with the first taking the difference (quoted)."""

    def plan_rules(self, plan: Plan) -> PlanRules:
        if plan is Plan.TEN:
            return self.ten
        if self.twelve is None:
            raise ScheduleError(f"{self.name}: 12 instalments cannot be requested under these rules")
        return self.twelve


@attrs.frozen
class Instalment:
    """One instalment: its number in the schedule, the day it falls due, and the amount."""

    number: int = attrs.field(validator=_positive_int)
    due: dt.date
    amount: Decimal = attrs.field(validator=_money)

    def __attrs_post_init__(self) -> None:
        if self.amount < 0:
            raise ScheduleError(f"instalment {self.number} due {self.due}: negative amount {self.amount}")


@attrs.frozen
class ScheduleLine:
    """One step of a schedule's explanation: the rule applied and what it did."""

    rule: str
    text: str


def _check_instalments(instance: "Schedule", attribute: AnyField, value: tuple[Instalment, ...]) -> None:
    total = money_sum(i.amount for i in value)
    if total != instance.amount:
        raise ScheduleError(f"instalments sum to {total}, not the amount due {instance.amount}")
    for position, item in enumerate(value, start=1):
        if item.number != position:
            raise ScheduleError(f"instalment {item.number} is in position {position}")
    for earlier, later in zip(value, value[1:]):
        if later.due <= earlier.due:
            raise ScheduleError(f"instalment {later.number} due {later.due} is not after {earlier.due}")


@attrs.frozen(field_transformer=no_text_for_tuples)
class Schedule:
    """The instalments by which an amount for a financial year is payable, and why.

    ``amount`` is the aggregate the schedule collects; the instalments always sum to it exactly.
    ``issued`` is the date of the latest notice (bill or revised bill) behind the schedule.
    ``overdue_excess`` is how far instalments that had already fallen due exceeded a reduced
    amount when the schedule was last revised (zero otherwise).
    """

    year: FinancialYear
    amount: Decimal = attrs.field(validator=_money)
    plan: Plan = attrs.field(validator=member_of(Plan))
    day_of_month: int
    issued: dt.date
    instalments: tuple[Instalment, ...] = attrs.field(converter=tuple[Instalment, ...], validator=_check_instalments)
    lines: tuple[ScheduleLine, ...] = attrs.field(converter=tuple[ScheduleLine, ...])
    overdue_excess: Decimal = attrs.field(default=ZERO, validator=_money)

    def __attrs_post_init__(self) -> None:
        if self.amount < 0:
            raise ScheduleError(f"{self.year}: a schedule cannot collect a negative amount ({self.amount})")
        if not 1 <= self.day_of_month <= 31:
            raise ScheduleError(f"day of the month {self.day_of_month} is not between 1 and 31")

    def due_by(self, day: dt.date) -> Decimal:
        """Total of the instalments falling due on or before ``day``."""
        return money_sum(i.amount for i in self.instalments if i.due <= day)

    def due_after(self, day: dt.date) -> tuple[Instalment, ...]:
        return tuple(i for i in self.instalments if i.due > day)

    def explain(self) -> str:
        """The schedule as text: each instalment, then each rule applied."""
        rows = [f"{self.year} {self.plan.value}-instalment plan, {format_money(self.amount)}:"]
        rows += [f"  {i.number:>2}. {i.due.isoformat()}  {format_money(i.amount):>12}" for i in self.instalments]
        rows += [f"  [{line.rule}] {line.text}" for line in self.lines]
        return "\n".join(rows)


# --- dates ---------------------------------------------------------------------------------


instalment_day = day_in_month
"""The payer's day in a month, clamped to the month's last day (31st -> 30 April, 28/29 Feb)."""


def _monthly_dates(earliest: dt.date, day_of_month: int, count: int, last: dt.date) -> list[dt.date]:
    """Up to ``count`` dates on the payer's day in uninterrupted months, from ``earliest`` to ``last``."""
    year, month = earliest.year, earliest.month
    if instalment_day(year, month, day_of_month) < earliest:
        year, month = next_month(year, month)
    dates: list[dt.date] = []
    while len(dates) < count:
        day = instalment_day(year, month, day_of_month)
        if day > last:
            break
        dates.append(day)
        year, month = next_month(year, month)
    return dates


def _whole_months_after(issued: dt.date, year: FinancialYear) -> int:
    """Calendar months of the year wholly after the month of issue (12 before the year starts)."""
    if issued < year.start:
        return 12
    return (year.end.year * 12 + year.end.month) - (issued.year * 12 + issued.month)


def _on(year: FinancialYear, month_day: tuple[int, int]) -> dt.date:
    month, day = month_day
    return dt.date(year.start_year if month >= 4 else year.start_year + 1, month, day)


# --- amounts -------------------------------------------------------------------------------


def split_amount(amount: Decimal, count: int, rules: InstalmentRules) -> tuple[list[Decimal], list[ScheduleLine]]:
    """Divide ``amount`` into ``count`` instalments by Sch 1 para 2(5)-(6), then 2(7) and 3.

    Returns the amounts (possibly fewer than ``count``) and the lines explaining them.
    """
    amounts, lines = _equal_or_rounded(amount, count, rules)
    minimum = rules.minimum_instalment
    floor = max(minimum, PENNY)  # a zero or negative first instalment is never left standing
    if len(amounts) > 1 and min(amounts) < floor:
        # para 2(7): the second instalment is added to the first, one instalment fewer.
        merged = [amounts[0] + amounts[1]] + amounts[2:]
        lines.append(ScheduleLine(
            "Sch 1 para 2(7)",
            f"an instalment would be under {format_money(minimum)}: the second is added to the first "
            f"({len(merged)} instalments)",
        ))
        amounts = merged
    if len(amounts) > 1 and min(amounts) < floor:
        if amount < rules.single_below:
            lines.append(ScheduleLine(
                "Sch 1 para 3(1)(a)",
                f"an instalment would still be under {format_money(minimum)} and the amount is under "
                f"{format_money(rules.single_below)}: a single instalment",
            ))
            return [amount], lines
        count = max(1, min(len(amounts), int(amount // minimum) if minimum > 0 else len(amounts)))
        lines.append(ScheduleLine(
            "Sch 1 para 3(1)(b)",
            f"an instalment would still be under {format_money(minimum)}: {format_money(amount)} / "
            f"{format_money(minimum)} gives {count} instalments",
        ))
        again, more = _equal_or_rounded(amount, count, rules)
        lines += more
        # para 3(3) applies 2(7) again; merging continues until no instalment is too small.
        while len(again) > 1 and min(again) < floor:
            again = [again[0] + again[1]] + again[2:]
            lines.append(ScheduleLine("Sch 1 para 3(3), 2(7)", f"second added to first ({len(again)} instalments)"))
        amounts = again
    return amounts, lines


def _equal_or_rounded(amount: Decimal, count: int, rules: InstalmentRules) -> tuple[list[Decimal], list[ScheduleLine]]:
    if count == 1:
        return [amount], [ScheduleLine("single instalment", f"one instalment of {format_money(amount)}")]
    share = amount / count
    if share == share.to_integral_value():
        equal = to_money(share.quantize(Decimal("0.01")))
        return [equal] * count, [ScheduleLine(
            rules.equal_rule,
            f"{format_money(amount)} / {count} = {format_money(equal)}, a whole number of pounds: all equal",
        )]
    a = rules.rounding(share).quantize(Decimal("0.01"))
    b = amount - (count - 1) * a
    return [b] + [a] * (count - 1), [ScheduleLine(
        rules.rounded_rule,
        f"{format_money(amount)} / {count} = {share.quantize(Decimal('0.0001'))}; A = {rules.rounding.name} = "
        f"{format_money(a)}; first B = {format_money(amount)} - {count - 1} x {format_money(a)} = {format_money(b)}",
    )]


# --- building and revising -----------------------------------------------------------------


def _statutory_count(issued: dt.date, year: FinancialYear, plan: Plan, rules: InstalmentRules) -> tuple[int, ScheduleLine]:
    """How many instalments a notice issued on ``issued`` gets under ``plan``."""
    if issued > year.end or issued >= _on(year, rules.single_from):
        return 1, ScheduleLine(
            "Sch 1 para 2(1)",
            f"notice issued {issued.isoformat()}, on or after {_on(year, rules.single_from).isoformat()}: a single instalment",
        )
    plan_rules = rules.plan_rules(plan)
    cut_off = _on(year, plan_rules.full_until)
    if issued <= cut_off:
        return plan_rules.max_instalments, ScheduleLine(
            plan_rules.rule,
            f"notice issued {issued.isoformat()}, by {cut_off.isoformat()}: {plan_rules.max_instalments} instalments",
        )
    months = _whole_months_after(issued, year)
    count = max(1, min(plan_rules.max_instalments, months - plan_rules.months_less))
    less = f" less {plan_rules.months_less}" if plan_rules.months_less else ""
    return count, ScheduleLine(
        plan_rules.rule,
        f"notice issued {issued.isoformat()}, after {cut_off.isoformat()}: {months} whole months remain{less}, "
        f"{count} instalments",
    )


def _schedule_from(
    amount: Decimal,
    year: FinancialYear,
    issued: dt.date,
    rules: InstalmentRules,
    plan: Plan,
    day_of_month: int,
    count: int,
    lines: list[ScheduleLine],
    kept: Iterable[Instalment] = (),
    earliest: dt.date | None = None,
) -> Schedule:
    """Spread ``amount`` over up to ``count`` monthly dates after ``kept`` instalments."""
    kept = list(kept)
    earliest = earliest or max(issued + dt.timedelta(days=rules.notice_days), year.start)
    new: list[tuple[dt.date, Decimal]] = []
    if amount > 0:
        if count == 1 and (issued > year.end or issued >= _on(year, rules.single_from)):
            dates = [issued + dt.timedelta(days=rules.notice_days)]
        else:
            dates = _monthly_dates(earliest, day_of_month, count, year.end)
        if not dates:
            dates = [issued + dt.timedelta(days=rules.notice_days)]
            lines.append(ScheduleLine(
                "no instalment day left",
                f"no instalment day remains in {year}: due {rules.notice_days} days after the notice",
            ))
        elif len(dates) < count:
            lines.append(ScheduleLine(
                "Sch 1 para 2(4)",
                f"only {len(dates)} months remain from {dates[0].isoformat()} to {year.end.isoformat()}: "
                f"{len(dates)} instalments instead of {count}",
            ))
        amounts, more = split_amount(amount, len(dates), rules)
        lines += more
        new = list(zip(dates, amounts))
    elif amount == 0 and not kept:
        lines.append(ScheduleLine("nothing to pay", "no instalments: nothing is payable"))
    rows = [(i.due, i.amount) for i in kept] + new
    instalments = tuple(Instalment(n, due, value) for n, (due, value) in enumerate(rows, start=1))
    total = money_sum(i.amount for i in instalments)
    return Schedule(year, total, plan, day_of_month, issued, instalments, tuple(lines))


def build_schedule(
    amount: Decimal,
    year: FinancialYear,
    issued: dt.date,
    rules: InstalmentRules,
    *,
    plan: Plan = Plan.TEN,
    day_of_month: int = 1,
) -> Schedule:
    """The statutory schedule for a bill of ``amount`` for ``year`` issued on ``issued``."""
    amount = to_money(amount, where="amount due")
    if amount < 0:
        raise ScheduleError(f"{year}: a bill cannot demand a negative amount ({amount}); a credit is a ledger matter")
    if not isinstance(day_of_month, int) or not 1 <= day_of_month <= 31:
        raise ScheduleError(f"day of the month {day_of_month!r} is not between 1 and 31")
    count, line = _statutory_count(issued, year, plan, rules)
    lines = [line]
    if day_of_month > 28:
        lines.append(ScheduleLine("day of the month", f"day {day_of_month} falls on the last day of shorter months"))
    return _schedule_from(amount, year, issued, rules, plan, day_of_month, count, lines)


def _kept_and_remaining(schedule: Schedule, notice: dt.date, rules: InstalmentRules) -> tuple[list[Instalment], list[Instalment], dt.date]:
    earliest = notice + dt.timedelta(days=rules.notice_days)
    kept = [i for i in schedule.instalments if i.due < earliest]
    remaining = [i for i in schedule.instalments if i.due >= earliest]
    return kept, remaining, earliest


def revise_amount(schedule: Schedule, new_amount: Decimal, notice: dt.date, rules: InstalmentRules) -> Schedule:
    """Re-profile after the amount for the year changes (a revised bill issued on ``notice``).

    Instalments due before ``notice`` + ``notice_days`` stand; the new amount less those is
    spread over the remaining instalment days (same rounding rules). An increase with no days
    left is due ``notice_days`` after the notice. A reduction below what has already fallen due
    leaves no further instalments and reduces the latest instalments already due; the excess is
    ``overdue_excess``, a credit for whoever paid it.
    """
    new_amount = to_money(new_amount, where="revised amount")
    if new_amount < 0:
        raise ScheduleError(f"{schedule.year}: a revised bill cannot demand a negative amount ({new_amount})")
    kept, remaining, earliest = _kept_and_remaining(schedule, notice, rules)
    already = money_sum(i.amount for i in kept)
    lines = list(schedule.lines) + [ScheduleLine(
        "Sch 1 para 2 (revised notice)",
        f"amount changed from {format_money(schedule.amount)} to {format_money(new_amount)} by notice of "
        f"{notice.isoformat()}; {len(kept)} instalments already due total {format_money(already)}",
    )]
    remainder = new_amount - already
    if remainder < 0:
        return _reduce_below_due(schedule, kept, new_amount, notice, lines)
    if remainder == 0:
        lines.append(ScheduleLine("Sch 1 para 2 (revised notice)", "nothing further is payable: remaining instalments cancelled"))
        return _schedule_from(ZERO, schedule.year, notice, rules, schedule.plan, schedule.day_of_month, 0, lines, kept)
    if remaining:
        lines.append(ScheduleLine(
            "Sch 1 para 2 (revised notice)",
            f"{format_money(remainder)} spread over the {len(remaining)} remaining instalment days",
        ))
        amounts, more = split_amount(remainder, len(remaining), rules)
        lines += more
        rows = [(i.due, i.amount) for i in kept] + list(zip([i.due for i in remaining], amounts))
        instalments = tuple(Instalment(n, due, value) for n, (due, value) in enumerate(rows, start=1))
        return Schedule(schedule.year, new_amount, schedule.plan, schedule.day_of_month, notice, instalments, tuple(lines))
    lines.append(ScheduleLine(
        "Sch 1 para 2 (revised notice)",
        f"no instalment days remain: {format_money(remainder)} due {rules.notice_days} days after the notice",
    ))
    due = max(earliest, kept[-1].due + dt.timedelta(days=1)) if kept else earliest
    rows = [(i.due, i.amount) for i in kept] + [(due, remainder)]
    instalments = tuple(Instalment(n, d, value) for n, (d, value) in enumerate(rows, start=1))
    return Schedule(schedule.year, new_amount, schedule.plan, schedule.day_of_month, notice, instalments, tuple(lines))


def _reduce_below_due(schedule: Schedule, kept: list[Instalment], new_amount: Decimal, notice: dt.date, lines: list[ScheduleLine]) -> Schedule:
    excess = money_sum(i.amount for i in kept) - new_amount
    to_remove = excess
    amounts = [i.amount for i in kept]
    for index in range(len(amounts) - 1, -1, -1):
        cut = min(amounts[index], to_remove)
        amounts[index] -= cut
        to_remove -= cut
    rows = [(i.due, value) for i, value in zip(kept, amounts) if value > 0]
    lines.append(ScheduleLine(
        "Sch 1 para 2 (revised notice)",
        f"the new amount is {format_money(excess)} less than the instalments already due: no further instalments; "
        f"the latest instalments due are reduced by {format_money(excess)}, which is a credit if paid",
    ))
    instalments = tuple(Instalment(n, due, value) for n, (due, value) in enumerate(rows, start=1))
    return Schedule(
        schedule.year, new_amount, schedule.plan, schedule.day_of_month, notice, instalments, tuple(lines),
        overdue_excess=schedule.overdue_excess + excess,
    )


def change_day(schedule: Schedule, new_day: int, notice: dt.date, rules: InstalmentRules) -> Schedule:
    """Move the remaining instalments to the payer's new day of the month (same months, same amounts).

    Instalments due less than ``notice_days`` after the notice keep their dates; a remaining
    instalment whose new date would fall before then keeps its old date too.
    """
    if not isinstance(new_day, int) or not 1 <= new_day <= 31:
        raise ScheduleError(f"day of the month {new_day!r} is not between 1 and 31")
    kept, remaining, earliest = _kept_and_remaining(schedule, notice, rules)
    lines = list(schedule.lines) + [ScheduleLine(
        "Sch 1 para 2(4)",
        f"instalment day changed from {schedule.day_of_month} to {new_day} by notice of {notice.isoformat()}: "
        f"{len(remaining)} remaining instalments move",
    )]
    rows = [(i.due, i.amount) for i in kept]
    for item in remaining:
        moved = instalment_day(item.due.year, item.due.month, new_day)
        if moved < earliest or (rows and moved <= rows[-1][0]):
            lines.append(ScheduleLine(
                "notice period",
                f"instalment due {item.due.isoformat()} keeps its date: {moved.isoformat()} is less than "
                f"{rules.notice_days} days after the notice",
            ))
            moved = item.due
        rows.append((moved, item.amount))
    instalments = tuple(Instalment(n, due, value) for n, (due, value) in enumerate(rows, start=1))
    return Schedule(schedule.year, schedule.amount, schedule.plan, new_day, notice, instalments, tuple(lines),
                    overdue_excess=schedule.overdue_excess)


def switch_plan(schedule: Schedule, plan: Plan, notice: dt.date, rules: InstalmentRules) -> Schedule:
    """Re-profile the unpaid part of the year under another plan (e.g. the payer asks for 12).

    Instalments already due stand; the rest of the amount is spread over as many instalments as
    a bill issued on ``notice`` would get under ``plan`` (only ever by a new notice: a schedule
    never changes plan by itself).
    """
    kept, remaining, earliest = _kept_and_remaining(schedule, notice, rules)
    already = money_sum(i.amount for i in kept)
    remainder = schedule.amount - already
    count, line = _statutory_count(notice, schedule.year, plan, rules)
    lines = list(schedule.lines) + [
        ScheduleLine("reg. 21(1A)-(1C)", f"payer's request: {plan.value} instalments from notice of {notice.isoformat()}"),
        line,
    ]
    if remainder <= 0:
        return attrs.evolve(schedule, plan=plan, issued=notice, lines=tuple(lines))
    if kept:
        earliest = max(earliest, kept[-1].due + dt.timedelta(days=1))
    return attrs.evolve(
        _schedule_from(remainder, schedule.year, notice, rules, plan, schedule.day_of_month, count, lines, kept, earliest),
        overdue_excess=schedule.overdue_excess,
    )
