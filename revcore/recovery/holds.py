"""Holds on recovery: which pause a year on a day, and how many days recovery was paused.

Breathing Space (Debt Respite Scheme (Breathing Space Moratorium and Mental Health Crisis
Moratorium) (England and Wales) Regulations 2020): a standard moratorium lasts 60 days
beginning with its start day; a mental health crisis moratorium lasts while crisis treatment
continues and 30 days after it ends. For council tax a year is a qualifying debt only if a
reminder was served for it or all its instalments had fallen due with some unpaid (reg. 5(4)(k)):
instalments not yet due under a live plan stay outside the moratorium. A standard moratorium
is open only to a debtor whose previous one ended more than 12 months before (reg. 24(3)(g));
a mental health crisis moratorium has no such limit (:func:`hold_limit_warning`). Eligibility is
the debt adviser's decision and a registered moratorium binds the council until it is cancelled,
so a hold that looks ineligible is still placed: the warning tells the officer to ask for a
review (reg. 17).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable

from revcore.dates import add_months
from revcore.recovery.position import AccountPosition, Hold, YearPosition
from revcore.recovery.rules import HoldReason, RecoveryRules

__all__ = ["hold_limit_warning", "breathing_space", "mental_health_crisis", "holds_on", "holds_pausing",
           "days_paused"]

_ONE_DAY = dt.timedelta(days=1)


def hold_limit_warning(existing: Iterable[Hold], new: Hold, rules: RecoveryRules) -> str | None:
    """What to tell the officer if a hold of the same reason limited by ``months_since_last`` (a
    standard Breathing Space) ended, or would end, too close to ``new``; None if none did.

    The law counts to the date of the application, which the council is not told: the new
    hold's start stands for it. A hold still open, or one recorded after ``new`` starts, is too
    close as well. The message names the other hold and the first day a new one was allowed.
    """
    reason = rules.hold_reason(new.reason)
    months = reason.months_since_last
    if months is None:
        return None
    for other in existing:
        if other.reason != new.reason:
            continue
        first, second = sorted((other, new), key=lambda h: h.start)
        allowed = None if first.end is None else add_months(first.end, months) + dt.timedelta(days=1)
        if allowed is None or second.start < allowed:
            ends = f"to {other.end.isoformat()}" if other.end else "not ended"
            after = f": the earliest a new one may start is {allowed.isoformat()}" if other is first and allowed else ""
            return (
                f"{reason.label} from {new.start.isoformat()} looks ineligible: the one from "
                f"{other.start.isoformat()} {ends} is too close (the earlier must end more than {months} months "
                f"before the later starts){after}. A registered moratorium binds the council until it is "
                f"cancelled, so it is placed: ask the debt adviser for a review (reg. 17). [{reason.rule}]"
            )
    return None


def breathing_space(start: dt.date, rules: RecoveryRules, years: tuple[str, ...] = (), note: str = "") -> Hold:
    """A standard Breathing Space from ``start``: ends on the last of its ``default_days``."""
    reason = rules.hold_reason("breathing_space")
    if reason.default_days is None:
        raise ValueError("hold reason 'breathing_space' has no default length in the hold table")
    return Hold("breathing_space", start, start + dt.timedelta(days=reason.default_days - 1), years, note)


def mental_health_crisis(
    start: dt.date, rules: RecoveryRules, treatment_end: dt.date | None = None, note: str = ""
) -> Hold:
    """A mental health crisis moratorium: open until treatment ends, then ``after_treatment_days``."""
    reason = rules.hold_reason("mental_health_crisis")
    if treatment_end is None:
        return Hold("mental_health_crisis", start, None, (), note)
    if treatment_end < start:
        raise ValueError(f"crisis treatment cannot end {treatment_end} before the moratorium starts {start}")
    return Hold(
        "mental_health_crisis", start, treatment_end + dt.timedelta(days=reason.after_treatment_days or 0), (), note
    )


def _qualifying(position: YearPosition, hold: Hold) -> bool:
    """Council tax reg. 5(4)(k): a reminder served, or every instalment due and some unpaid."""
    for event in position.history:
        if event.day <= hold.start and event.stage != "costs":
            return True
    last_due = position.instalments[-1].due
    return last_due <= hold.start and position.arrears(hold.start) > 0


def _pausing(hold: Hold, position: YearPosition, reason_of: Callable[[str], HoldReason],
             qualifying_rule: bool) -> bool:
    if not hold.covers_year(position.year):
        return False
    reason = reason_of(hold.reason)
    if reason.qualifying_debt_only and qualifying_rule:
        return _qualifying(position, hold)
    return True


def holds_on(account: AccountPosition, position: YearPosition, day: dt.date, rules: RecoveryRules) -> tuple[Hold, ...]:
    """Holds pausing recovery of this year on ``day``, including each reason's wait after its end."""
    return holds_pausing(account, position, day, rules.hold_reason, rules.stages.breathing_space_reminder_rule)


def holds_pausing(account: AccountPosition, position: YearPosition, day: dt.date,
                  reason_of: Callable[[str], HoldReason], qualifying_rule: bool) -> tuple[Hold, ...]:
    """:func:`holds_on` for any stage set: ``reason_of`` looks a hold reason up (an unknown one
    raises), ``qualifying_rule`` applies council tax's qualifying-debt rule to a Breathing Space."""
    found = []
    for hold in account.holds:
        if hold.start > day:
            continue
        if hold.end is not None:
            resume = reason_of(hold.reason).resume_after_days
            if day > hold.end + dt.timedelta(days=resume):
                continue
        if _pausing(hold, position, reason_of, qualifying_rule):
            found.append(hold)
    return tuple(found)


def days_paused(
    account: AccountPosition, position: YearPosition, first: dt.date, last: dt.date, rules: RecoveryRules
) -> int:
    """Days from ``first`` to ``last`` (both included) on which any hold paused this year.

    A payment arrangement covering the year pauses it from the day it was agreed to the day
    before it was broken, or to its last agreed payment. Overlapping holds count each day once;
    an open hold counts up to ``last``.
    """
    spans = []
    for hold in account.holds:
        if _pausing(hold, position, rules.hold_reason, rules.stages.breathing_space_reminder_rule):
            spans.append((hold.start, hold.end or last))
    arrangement = account.arrangement
    if arrangement is not None and position.year.label in arrangement.years:
        broken = [e.day for e in position.history if e.stage == "arrangement_broken"
                  and e.key.endswith(f"{arrangement.key}/broken")]
        spans.append((arrangement.agreed_on, broken[0] - _ONE_DAY if broken else arrangement.payments[-1].due))
    spans = [(max(start, first), min(end, last)) for start, end in spans]
    spans = [(start, end) for start, end in spans if start <= end]
    spans.sort()
    total = 0
    covered_to = first - _ONE_DAY
    for start, end in spans:
        start = max(start, covered_to + _ONE_DAY)
        if start <= end:
            total += (end - start).days + 1
            covered_to = end
    return total
