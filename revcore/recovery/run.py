"""The daily recovery run: all accounts and a date in, a plan of keyed actions out.

Nothing is issued here. The caller (a service in revtui) issues the plan's actions, stores each
as a :class:`~revcore.recovery.position.StageEvent` carrying the action's key, and passes the
keys already issued to the next run, so running a day twice issues nothing twice.
:func:`preview_next_run` shows what the next working day's run would do if today's plan is issued.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Iterable

import attrs

from revcore.calendar import is_working_day, next_working_day
from revcore.money import ZERO
from revcore.recovery.engine import Action, RunContext, YearState, assess_account, count_live_remedies
from revcore.recovery.position import AccountPosition, StageEvent
from revcore.recovery.rules import RecoveryRules

__all__ = ["StageSummary", "RecoveryPlan", "run_recovery", "apply_plan", "apply_actions", "preview_next_run", "event_for"]


@attrs.frozen
class StageSummary:
    """Years at a stage after the run, their balance, and the actions proposed at that stage."""

    stage: str
    years: int
    balance: Decimal
    actions: int


@attrs.frozen
class RecoveryPlan:
    """The run for one day: actions to take, where every year stands, and a summary by stage.

    ``already_issued`` lists actions the run would have proposed but whose keys were issued
    before. ``hearing`` is the court date summonses in this plan are for.
    """

    day: dt.date
    actions: tuple[Action, ...]
    states: tuple[YearState, ...]
    already_issued: tuple[str, ...]
    hearing: dt.date | None
    note: str = ""
    errors: tuple[tuple[str, str], ...] = ()
    """Accounts the run could not assess (reference, reason); the rest of the run goes ahead."""

    def summary(self) -> tuple[StageSummary, ...]:
        years: Counter[str] = Counter()
        balances: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for state in self.states:
            years[state.stage] += 1
            balances[state.stage] += state.balance
        proposed = Counter(action.stage for action in self.actions)
        stages = sorted(set(years) | set(proposed))
        return tuple(StageSummary(s, years[s], balances[s], proposed[s]) for s in stages)

    def by_kind(self, kind: str) -> tuple[Action, ...]:
        return tuple(action for action in self.actions if action.kind == kind)

    def for_account(self, reference: str) -> tuple[Action, ...]:
        return tuple(action for action in self.actions if action.account == reference)


def run_recovery(
    accounts: Iterable[AccountPosition],
    day: dt.date,
    rules: RecoveryRules,
    hearing_dates: tuple[dt.date, ...] = (),
    issued: frozenset[str] = frozenset(),
    quiet: Iterable[YearState] = (),
) -> RecoveryPlan:
    """The recovery run for ``day``.

    ``hearing_dates`` are the court's dates for summons hearings; ``issued`` the keys of actions
    already issued. ``quiet`` are years of other accounts the caller found paid or up to date by
    :func:`revcore.recovery.engine.quiet_year` without building their positions (no history, no
    hold, no arrangement, nothing missed): they join the plan's states as they are. Accounts whose debtors share an identity share the limits on live orders (at
    most two attachments of earnings for one debtor, across all their accounts). Notices go out on working days only: on a weekend or bank holiday the plan is
    empty and says so.
    """
    country = rules.stages.country
    if not is_working_day(day, country):
        return RecoveryPlan(day, (), (), (), None, f"{day.isoformat()} is not a working day in {country}: nothing is issued")
    ctx = RunContext.build(day, rules, tuple(sorted(hearing_dates)))
    accounts = list(accounts)
    by_debtor: dict[str, dict[str, int]] = {}
    counted: dict[str, set[str]] = {}
    for account in accounts:
        if account.debtor.identity:
            identity = account.debtor.identity
            count_live_remedies(account, by_debtor.setdefault(identity, {}), counted.setdefault(identity, set()))
    actions: list[Action] = []
    states: list[YearState] = []
    skipped: list[str] = []
    errors: list[tuple[str, str]] = []
    for account in accounts:
        try:
            account_actions, account_states = assess_account(account, ctx, by_debtor.get(account.debtor.identity))
        except ValueError as error:  # bad data on one account (an unknown hold reason...)
            errors.append((account.reference, str(error)))
            continue
        states.extend(account_states)
        for action in account_actions:
            if action.key in issued:
                skipped.append(action.key)
            else:
                actions.append(action)
    states.extend(quiet)
    hearing = ctx.hearing if any(a.stage == "summons" for a in actions) else None
    return RecoveryPlan(day, tuple(actions), tuple(states), tuple(skipped), hearing, errors=tuple(errors))


def event_for(action: Action) -> StageEvent:
    """The history entry that records an issued action."""
    if action.kind == "costs":
        return StageEvent("costs", action.day, action.key, action.amount)
    return StageEvent(action.stage, action.day, action.key, action.amount, action.until, action.outcome)


def apply_plan(accounts: Iterable[AccountPosition], plan: RecoveryPlan) -> list[AccountPosition]:
    """Accounts as they would stand once every action in ``plan`` is issued."""
    return apply_actions(accounts, plan.actions)


def apply_actions(accounts: Iterable[AccountPosition], actions: Iterable[Action]) -> list[AccountPosition]:
    """Accounts with each action recorded in the history of the year(s) it concerns."""
    by_account: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        by_account[action.account].append(action)
    result = []
    for account in accounts:
        own = by_account.get(account.reference)
        if not own:
            result.append(account)
            continue
        years = []
        for position in account.years:
            label = position.year.label
            new = [event_for(a) for a in own if a.year == label or label in a.years]
            years.append(attrs.evolve(position, history=position.history + tuple(new)) if new else position)
        result.append(attrs.evolve(account, years=tuple(years)))
    return result


def preview_next_run(
    accounts: Iterable[AccountPosition],
    day: dt.date,
    rules: RecoveryRules,
    hearing_dates: tuple[dt.date, ...] = (),
    issued: frozenset[str] = frozenset(),
    quiet: Iterable[YearState] = (),
) -> RecoveryPlan:
    """What the next working day's run would propose, assuming today's plan is issued first.

    ``quiet``: as for :func:`run_recovery`, years found quiet on the next working day's run
    (and today's, so today's plan leaves them alone)."""
    accounts = list(accounts)
    today = run_recovery(accounts, day, rules, hearing_dates, issued)
    return run_recovery(
        apply_plan(accounts, today), next_run_day(day, rules), rules, hearing_dates,
        issued | {a.key for a in today.actions}, quiet
    )


def next_run_day(day: dt.date, rules: RecoveryRules) -> dt.date:
    """The working day after ``day``: the day a preview of tomorrow's run is for."""
    return next_working_day(day + dt.timedelta(days=1), rules.stages.country)
