"""The recovery engine: for one account on one day, the next steps due and the rule behind each.

The engine reads a year's instalments, payments and history and decides what the law and the
council's stage set call for today. It never issues anything itself: it returns
:class:`Action` values, keyed so that an action is proposed once however often the day is run.

Council tax (SI 1992/613), and business rates with their own stage set:

- a missed instalment gets a **reminder** asking for the arrears and anything due within the
  reminder period (7 days beginning with the day of issue, reg. 23(1));
- if that is not paid, the **right to instalments is lost** and the whole balance falls due at
  the end of a further 7 days beginning with the day of the failure (reg. 23(3));
- a second default in the year gets a **second reminder**; a default after the second reminder
  was complied with makes the balance due on the day after the failure and gets a **final
  notice** (reg. 23(4)); where every instalment has already fallen due no reminder is needed
  and a **final notice** is served instead (reg. 23(2), 33);
- once the balance is due and unpaid a **summons** may be issued, served at least 14 days
  before the hearing (reg. 35(2A)), with the council's costs; at the hearing a **liability
  order** is sought unless everything, costs included, was paid first (reg. 34);
- after the order and the debtor's 14 days to give information (reg. 36), the remedies in the
  stage set are tried in order, each when its conditions hold; when none is left the case goes
  for **write-off review**.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.dates import end_of_years
from revcore.calendar import add_working_days, is_working_day
from revcore.money import ZERO, format_money
from revcore.recovery.aeo import aeo_deduction
from revcore.recovery.fees import ea_fee
from revcore.recovery.holds import holds_on
from revcore.recovery.position import AccountPosition, Arrangement, StageEvent, YearPosition
from revcore.recovery.rules import REMEDY_KINDS, RecoveryRules, RemedyRule
from revcore.validation import no_text_for_tuples

__all__ = ["ACTION_KINDS", "Action", "YearState", "RunContext", "action_key", "assess_account", "current_hearing", "quiet_year"]

ACTION_KINDS = ("notice", "stage_change", "costs", "order", "referral", "review", "recall")
"""notice: a letter to issue; stage_change: a change of status; costs: costs to raise; order,
referral, review: a remedy to apply for, a case to refer, or a case for an officer to decide;
recall: a live remedy to stop."""

_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen(field_transformer=no_text_for_tuples)
class Action:
    """One step the run proposes, keyed so it is never issued twice.

    ``day`` is the day it is issued (the run date); ``until`` is the date it runs to (a notice's
    pay-by day, the day a balance falls due, the hearing date); ``rule`` cites the law or the
    council setting behind it and ``reasons`` explains the figures.
    """

    key: str
    account: str
    year: str
    stage: str
    kind: str = attrs.field(validator=attrs.validators.in_(ACTION_KINDS))
    day: dt.date
    rule: str
    reasons: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])
    amount: Decimal | None = None
    until: dt.date | None = None
    years: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])
    """For an account-level action (an arrangement), the years it applies to."""
    outcome: str | None = None
    """For a recall, how the remedy ends (``cleared`` when paid, ``recalled`` under a hold)."""


@attrs.frozen
class YearState:
    """Where a year stands after the run: its stage label and balance."""

    account: str
    year: str
    stage: str
    balance: Decimal


def quiet_year(account: str, year: str, charge: Decimal, due: Decimal, paid: Decimal) -> YearState | None:
    """Where a year with nothing done yet stands when nothing was missed: ``due`` (the
    instalments fallen due by the run's cutoff) is covered by ``paid`` (payments to the run's
    day). None: something was missed and the year needs the whole assessment.

    The one rule for both the run's fast path and a caller that reads the figures without
    building a position (the application's run over a whole council's store).
    """
    if due > paid:
        return None
    balance = charge - paid
    return YearState(account, year, "paid" if balance <= 0 else "up to date", balance)


@attrs.frozen
class RunContext:
    """What is the same for every account on a run day, worked out once.

    ``default_cutoff``: instalments due on or before it count as missed today (the council's
    wait after the due date). ``hearing``: the first court date a summons issued today can be
    served for in time, or ``None``. ``service_day``: when a summons posted today is deemed served.
    """

    day: dt.date
    rules: RecoveryRules
    default_cutoff: dt.date
    service_day: dt.date
    hearing: dt.date | None

    @classmethod
    def build(cls, day: dt.date, rules: RecoveryRules, hearing_dates: tuple[dt.date, ...] = ()) -> "RunContext":
        stages = rules.stages
        country = stages.country
        for hearing in hearing_dates:
            if not is_working_day(hearing, country):
                raise ValueError(f"hearing date {hearing.isoformat()} is not a working day in {country}")
        service_day = add_working_days(day, stages.summons_service_working_days, country)
        earliest = service_day + dt.timedelta(days=stages.summons_notice_days)
        first_hearing = min((h for h in hearing_dates if h >= earliest), default=None)
        cutoff = stages.reminder_issue_after.latest_start(day, country)
        return cls(day, rules, cutoff, service_day, first_hearing)


def action_key(account: str, year: str, stage: str, number: int) -> str:
    """An action's key, ``C00012343/2026/27/reminder/1``: what makes it issued once only."""
    return f"{account}/{year}/{stage}/{number}"


_key = action_key


def count_live_remedies(account: AccountPosition, live: dict[str, int], seen: set[str] | None = None) -> None:
    """Add the account's live remedies (orders not yet ended) to ``live``, by kind. One order
    over several years or accounts (a person's attachment of earnings: one key on each year)
    counts once: ``seen`` holds the keys counted, shared across the debtor's accounts."""
    seen = set() if seen is None else seen
    for position in account.years:
        if position.last("liability_order") is not None:
            for kind, event in _live_remedies(position).items():
                if event.key and event.key in seen:
                    continue
                if event.key:
                    seen.add(event.key)
                live[kind] = live.get(kind, 0) + 1


class _Account:
    """Account-wide facts the remedies need, worked out only for accounts that reach them.

    ``live`` counts the debtor's live remedies by kind, and each one proposed in this run: the
    account's own, or ``debtor_live`` (shared by every account of the same debtor in the run,
    already counting their live remedies) when given.
    """

    def __init__(self, account: AccountPosition, day: dt.date, debtor_live: dict[str, int] | None = None) -> None:
        if debtor_live is None:
            debtor_live = {}
            count_live_remedies(account, debtor_live)
        self.live = debtor_live
        self.order_debt = ZERO
        for position in account.years:
            if position.last("liability_order") is not None:
                self.order_debt += position.balance(day)


def _live_remedies(position: YearPosition) -> dict[str, StageEvent]:
    live: dict[str, StageEvent] = {}
    for event in position.history:
        if event.stage in REMEDY_KINDS:
            if event.outcome is None:
                live[event.stage] = event
            else:
                live.pop(event.stage, None)
    return live


def _failed_remedies(position: YearPosition) -> set[str]:
    return {e.stage for e in position.history if e.stage in REMEDY_KINDS and e.outcome == "failed"}


def assess_account(
    account: AccountPosition, ctx: RunContext, debtor_live: dict[str, int] | None = None
) -> tuple[list[Action], list[YearState]]:
    """The actions due today for an account and where each of its years stands.

    ``debtor_live``: the live remedies by kind of everyone's accounts sharing this account's
    debtor (see :func:`revcore.recovery.run.run_recovery`); remedies proposed here are added to
    it. Without it the account's own live remedies are counted.
    """
    actions: list[Action] = []
    states: list[YearState] = []
    arrangement_years: set[str] = set()
    arrangement_label = ""
    arrangement = account.arrangement
    if arrangement is not None:
        status, arrangement_actions, paused = _monitor_arrangement(account, arrangement, ctx)
        held = any(
            holds_on(account, p, ctx.day, ctx.rules) for p in account.years if p.year.label in arrangement.years
        )
        if not held:  # no request for payment during a hold (Breathing Space forbids contact)
            actions.extend(arrangement_actions)
        if paused:
            arrangement_years = set(arrangement.years)
            arrangement_label = f"arrangement {status}"
    facts: _Account | None = None
    for position in account.years:
        year = position.year.label
        if not position.history and year not in arrangement_years:
            # Fast path for the great majority: nothing done yet and nothing missed.
            quiet = quiet_year(account.reference, year, position.charge,
                               position.due_by(ctx.default_cutoff), position.paid_by(ctx.day))
            if quiet is not None:
                states.append(quiet)
                continue
        if position.last("liability_order") is not None and facts is None:
            facts = _Account(account, ctx.day, debtor_live)
        stage, year_actions = _assess_year(
            account, position, ctx, arrangement_label if year in arrangement_years else "", facts
        )
        actions.extend(year_actions)
        states.append(YearState(account.reference, year, stage, position.balance(ctx.day)))
    return actions, states


def _monitor_arrangement(
    account: AccountPosition, arrangement: Arrangement, ctx: RunContext
) -> tuple[str, list[Action], bool]:
    """Whether the arrangement still pauses recovery, and any notice or break it calls for."""
    day = ctx.day
    stages = ctx.rules.stages
    if day < arrangement.agreed_on:
        return "not yet agreed", [], False
    covered = [p for p in account.years if p.year.label in arrangement.years]
    history = [e for p in covered for e in p.history]
    if any(e.stage == "arrangement_broken" and e.key.endswith(f"{arrangement.key}/broken") for e in history):
        return "broken", [], False
    paid = ZERO
    for position in covered:
        for payment in position.payments:
            if arrangement.agreed_on <= payment.day <= day:
                paid += payment.amount
    if arrangement.payments[-1].due < day and paid >= arrangement.due_by(day):
        return "completed", [], False
    # A payment is missed once its grace days have passed after its due day.
    cutoff = day - dt.timedelta(days=stages.arrangement_grace_days + 1)
    due = ZERO
    missed = None
    for instalment in arrangement.payments:
        if instalment.due > cutoff:
            break
        due += instalment.amount
        if due > paid:
            missed = instalment
            break
    if missed is None:
        return "kept", [], True
    shortfall = arrangement.due_by(cutoff) - paid
    notice_key = f"{account.reference}/{arrangement.key}/missed/{missed.due.isoformat()}"
    notice = next((e for e in history if e.stage == "arrangement_missed" and e.key == notice_key), None)
    if notice is None:
        until = day + dt.timedelta(days=stages.arrangement_catch_up_days - 1)
        return "missed", [
            Action(
                notice_key, account.reference, "", "arrangement_missed", "notice", day,
                stages.citation("arrangement_missed"),
                (
                    f"arrangement agreed {arrangement.agreed_on.isoformat()}: {format_money(arrangement.due_by(cutoff))} "
                    f"due by {cutoff.isoformat()}, {format_money(paid)} paid; "
                    f"payment of {format_money(missed.amount)} due {missed.due.isoformat()} missed",
                    f"pay the shortfall of {format_money(shortfall)} by {until.isoformat()} "
                    f"({stages.arrangement_catch_up_days} days beginning with today) or recovery resumes",
                ),
                shortfall, until, arrangement.years,
            )
        ], True
    notice_until = notice.until
    if notice_until is None or day <= notice_until:
        return "missed", [], True
    return "broken", [
        Action(
            f"{account.reference}/{arrangement.key}/broken", account.reference, "",
            "arrangement_broken", "stage_change", day, stages.citation("arrangement_broken"),
            (
                f"missed-payment notice of {notice.day.isoformat()} gave until {notice_until.isoformat()}; "
                f"{format_money(shortfall)} still short",
                "recovery resumes from the stage reached before the arrangement",
            ),
            shortfall, None, arrangement.years,
        )
    ], True


def _assess_year(
    account: AccountPosition, position: YearPosition, ctx: RunContext, arrangement: str, facts: _Account | None
) -> tuple[str, list[Action]]:
    day = ctx.day
    rules = ctx.rules
    ref = account.reference
    year = position.year.label
    if position.last("write_off") is not None:
        return "written off", []
    balance = position.balance(day)
    live = _live_remedies(position)
    if balance <= 0:
        return "paid", [
            Action(
                _key(ref, year, f"{kind}-cleared", 1), ref, year, kind, "recall", day,
                rules.stages.citation(kind),
                (f"balance paid ({format_money(balance)} owed on {day.isoformat()}): end the {kind.replace('_', ' ')}",),
                outcome="cleared",
            )
            for kind in live
        ]
    holds = holds_on(account, position, day, rules)
    if holds:
        actions = []
        for hold in holds:
            reason = rules.hold_reason(hold.reason)
            for kind in reason.recalls:
                if kind in live:
                    actions.append(
                        Action(
                            _key(ref, year, f"{kind}-recall", len(position.events(kind)) + 1), ref, year, kind,
                            "recall", day, reason.rule,
                            (f"{reason.label} from {hold.start.isoformat()}: {kind.replace('_', ' ')} must stop",),
                            outcome="recalled",
                        )
                    )
        return "on hold: " + ", ".join(rules.hold_reason(h.reason).label for h in holds), actions
    if arrangement:
        return arrangement, []
    if position.last("liability_order") is not None:
        return _after_order(account, position, ctx, facts, live, balance)
    summons = position.last("summons")
    if summons is not None:
        return _summonsed(account, position, ctx, summons, balance)
    return _before_summons(account, position, ctx, balance)


def _before_summons(
    account: AccountPosition, position: YearPosition, ctx: RunContext, balance: Decimal
) -> tuple[str, list[Action]]:
    day = ctx.day
    stages = ctx.rules.stages
    ref = account.reference
    year = position.year.label
    lost = position.last("instalments_lost")
    final = position.last("final_notice")
    if final is not None:
        assert final.until is not None
        if day <= final.until:
            return "final notice", []
        return _summons(account, position, ctx, balance, final.until, "final notice")
    if lost is not None:
        assert lost.until is not None
        return _summons(account, position, ctx, balance, lost.until, "balance due")

    reminders = [e for e in position.history if e.stage in ("reminder", "second_reminder")]
    last_pay_by = None
    if reminders:
        last = reminders[-1]
        assert last.until is not None
        last_pay_by = last.until
        if day <= last.until:
            return last.stage.replace("_", " "), []
        unpaid = position.due_by(last.until) - position.paid_by(last.until)
        if unpaid > 0:
            # reg. 23(3): failure on the day after the period; balance payable at the end of a
            # further 7 days beginning with the day of failure.
            failure = last.until + _ONE_DAY
            due = failure + dt.timedelta(days=stages.balance_due_after_failure_days - 1)
            return "instalments lost", [
                Action(
                    _key(ref, year, "instalments_lost", 1), ref, year, "instalments_lost", "stage_change", day,
                    stages.citation("instalments_lost"),
                    (
                        f"{last.stage.replace('_', ' ')} of {last.day.isoformat()} asked for payment by "
                        f"{last.until.isoformat()}; {format_money(unpaid)} was unpaid that day",
                        f"failure on {failure.isoformat()}: the balance of {format_money(balance)} is payable at "
                        f"the end of {due.isoformat()} ({stages.balance_due_after_failure_days} days beginning "
                        "with the day of the failure); the right to instalments is lost",
                    ),
                    balance, due,
                )
            ]

    cutoff = ctx.default_cutoff
    if last_pay_by is not None and cutoff <= last_pay_by:
        return _quiet_label(position), []
    if position.due_by(cutoff) <= position.paid_by(day):
        return _quiet_label(position), []
    if position.arrears(day) < stages.notice_minimum_arrears:
        return "below notice minimum", []
    missed = _first_missed(position, last_pay_by, cutoff, day)
    all_due = position.instalments[-1].due <= day
    if all_due:
        return _final_notice(ref, position, ctx, balance, (
            f"every instalment has fallen due (the last on {position.instalments[-1].due.isoformat()}) "
            f"and {format_money(position.arrears(day))} is unpaid: no reminder is needed, a final notice is",
        ))
    if len(reminders) < stages.max_reminders:
        stage = "reminder" if not reminders else "second_reminder"
        pay_by = day + dt.timedelta(days=stages.reminder_period_days - 1)
        asked = position.due_by(pay_by) - position.paid_by(day)
        return stage.replace("_", " "), [
            Action(
                _key(ref, year, stage, 1), ref, year, stage, "notice", day, stages.citation(stage),
                (
                    f"instalment due {missed.isoformat()} unpaid: {format_money(position.arrears(day))} in arrears",
                    f"pay {format_money(asked)} (arrears and instalments due by {pay_by.isoformat()}) by "
                    f"{pay_by.isoformat()}: {stages.reminder_period_days} days beginning with the day of issue",
                ),
                asked, pay_by,
            )
        ]
    # reg. 23(4): a default after the second reminder was paid: balance due the day after failure.
    due = missed + _ONE_DAY
    lost_action = Action(
        _key(ref, year, "instalments_lost", 1), ref, year, "instalments_lost", "stage_change", day,
        stages.citation("instalments_lost_after_second_reminder"),
        (
            f"instalment due {missed.isoformat()} unpaid after {len(reminders)} reminders this year: "
            f"the balance of {format_money(balance)} became payable on {due.isoformat()}",
        ),
        balance, due,
    )
    label, notice = _final_notice(ref, position, ctx, balance, (
        f"right to instalments lost on {due.isoformat()} (further default after the second reminder)",
    ))
    return label, [lost_action, *notice]


def _quiet_label(position: YearPosition) -> str:
    if position.last("reminder", "second_reminder") is not None:
        return "reminder paid"
    return "up to date"


def _first_missed(position: YearPosition, after: dt.date | None, cutoff: dt.date, day: dt.date) -> dt.date:
    """Due date of the first instalment after ``after`` and by ``cutoff`` not covered by payments
    made by ``day`` (a returned payment can uncover one); ``cutoff`` if only older ones are short."""
    paid = position.paid_by(day)
    for instalment in position.instalments:
        if instalment.due > cutoff:
            break
        if after is not None and instalment.due <= after:
            continue
        if position.due_by(instalment.due) > paid:
            return instalment.due
    return cutoff


def _final_notice(
    ref: str, position: YearPosition, ctx: RunContext, balance: Decimal, why: tuple[str, ...]
) -> tuple[str, list[Action]]:
    stages = ctx.rules.stages
    pay_by = ctx.day + dt.timedelta(days=stages.final_notice_period_days - 1)
    year = position.year.label
    return "final notice", [
        Action(
            _key(ref, year, "final_notice", 1), ref, year, "final_notice", "notice", ctx.day,
            stages.citation("final_notice"),
            (*why, f"pay {format_money(balance)} by {pay_by.isoformat()}: {stages.final_notice_period_days} days "
                   "beginning with the day of issue, after which a summons may be issued"),
            balance, pay_by,
        )
    ]


def _summons(
    account: AccountPosition, position: YearPosition, ctx: RunContext, balance: Decimal, expired: dt.date, what: str
) -> tuple[str, list[Action]]:
    day = ctx.day
    stages = ctx.rules.stages
    ref = account.reference
    year = position.year.label
    ready = stages.summons_after.after(expired + _ONE_DAY, stages.country)
    if day < ready:
        return what, []
    limit = _limitation_day(position, expired, stages.limitation_years)
    if day > limit:
        return "time-barred", _review_once(
            ref, position, ctx, "write_off_review",
            f"no liability order may be sought after {limit.isoformat()} "
            f"({stages.limitation_years} years beginning with the day the sum fell due)",
            "time_barred",
        )
    if balance < stages.summons_minimum_balance:
        return "below summons minimum", []
    if ctx.hearing is None:
        return "awaiting hearing date", []
    costs = stages.summons_costs
    lines = (
        f"{what} on {expired.isoformat()} and {format_money(balance)} unpaid",
        f"hearing {ctx.hearing.isoformat()}: posted {day.isoformat()}, deemed served "
        f"{ctx.service_day.isoformat()} ({stages.summons_service_working_days} working days), "
        f"{(ctx.hearing - ctx.service_day).days} days before the hearing (at least {stages.summons_notice_days})",
    )
    actions = [
        Action(_key(ref, year, "summons", 1), ref, year, "summons", "notice", day, stages.citation("summons"),
               lines, balance, ctx.hearing),
    ]
    if costs > 0:
        actions.append(
            Action(_key(ref, year, "summons_costs", 1), ref, year, "costs", "costs", day,
                   stages.citation("costs"), (f"summons costs {format_money(costs)}: {stages.costs_basis}",), costs)
        )
    return "summonsed", actions


def _limitation_day(position: YearPosition, fell_due: dt.date, years: int) -> dt.date:
    """Last day an application may be made: ``years`` years beginning with the day the sum fell due."""
    return end_of_years(min(fell_due, position.instalments[-1].due), years)


def current_hearing(position: YearPosition) -> dt.date:
    """The hearing of the year's latest summons, after any move recorded since it was issued."""
    hearing = position.last("summons")
    assert hearing is not None
    moved = [e for e in position.history if e.stage == "hearing_moved" and e.day >= hearing.day]
    latest = moved[-1] if moved else hearing
    assert latest.until is not None
    return latest.until


def _summonsed(
    account: AccountPosition, position: YearPosition, ctx: RunContext, summons: StageEvent, balance: Decimal
) -> tuple[str, list[Action]]:
    day = ctx.day
    stages = ctx.rules.stages
    ref = account.reference
    year = position.year.label
    hearing = current_hearing(position)
    if day < hearing:
        return "summonsed", []
    held = holds_on(account, position, hearing, ctx.rules)
    if held:
        # No order was sought while the year was on hold: the hearing must be moved.
        return "hearing passed on hold", _review_once(
            ref, position, ctx, "relist_hearing",
            f"the hearing of {hearing.isoformat()} fell during a hold "
            f"({', '.join(ctx.rules.hold_reason(h.reason).label for h in held)}): move the hearing to a new date "
            "before a liability order is sought",
        )
    costs = stages.liability_order_costs
    actions = [
        Action(
            _key(ref, year, "liability_order", 1), ref, year, "liability_order", "stage_change", day,
            stages.citation("liability_order"),
            (f"hearing {hearing.isoformat()}: {format_money(balance)} (tax and costs) unpaid, "
             "so the liability order is sought",),
            balance + costs, hearing,
        )
    ]
    if costs > 0:
        actions.append(
            Action(_key(ref, year, "liability_order_costs", 1), ref, year, "costs", "costs", day,
                   stages.citation("costs"), (f"liability order costs {format_money(costs)}: {stages.costs_basis}",),
                   costs)
        )
    return "liability order", actions


def _review_once(
    ref: str, position: YearPosition, ctx: RunContext, stage: str, why: str, write_off_reason: str = ""
) -> list[Action]:
    """A case for an officer, proposed once; a write-off review names its reason from the stage set."""
    if position.last(stage) is not None:
        return []
    year = position.year.label
    reasons: tuple[str, ...] = (why,)
    if write_off_reason:
        reasons += (f"write-off reason {write_off_reason}: {ctx.rules.stages.write_off_reasons[write_off_reason]}",)
    return [Action(_key(ref, year, stage, 1), ref, year, stage, "review", ctx.day,
                   ctx.rules.stages.citation(stage), reasons, position.balance(ctx.day))]


def _after_order(
    account: AccountPosition, position: YearPosition, ctx: RunContext, facts: _Account | None,
    live: dict[str, StageEvent], balance: Decimal,
) -> tuple[str, list[Action]]:
    day = ctx.day
    rules = ctx.rules
    stages = rules.stages
    order = position.last("liability_order")
    assert order is not None and facts is not None
    if day < order.day + dt.timedelta(days=stages.debtor_information_days):
        return "liability order", []
    if live:
        return ", ".join(kind.replace("_", " ") for kind in live), []
    if position.last("write_off_review") is not None:
        return "write-off review", []
    if balance <= stages.write_off_small_balance:
        return "write-off review", _review_once(
            account.reference, position, ctx, "write_off_review",
            f"{format_money(balance)} left is no more than {format_money(stages.write_off_small_balance)}",
            "uneconomic",
        )
    failed = _failed_remedies(position)
    for remedy in stages.remedies:
        if remedy.kind in failed:
            continue
        why = _eligible(remedy, account, ctx, facts, failed)
        if why is None:
            continue
        if remedy.max_live is not None:
            facts.live[remedy.kind] = facts.live.get(remedy.kind, 0) + 1
        return remedy.kind.replace("_", " "), [_remedy_action(remedy, account, position, ctx, balance, why, order)]
    return "write-off review", _review_once(
        account.reference, position, ctx, "write_off_review",
        "every remedy in the stage set has been tried or is not open to this debtor",
        "irrecoverable",
    )


def _eligible(
    remedy: RemedyRule, account: AccountPosition, ctx: RunContext, facts: _Account, failed: set[str]
) -> str | None:
    """Why the remedy is open today, or ``None`` if it is not."""
    rules = ctx.rules
    debtor = account.debtor
    have = {
        None: True,
        "employment": debtor.employment is not None,
        "benefits": debtor.on_benefits,
        "councillor": debtor.councillor,
        "property": debtor.owns_property,
    }
    if not have[remedy.requires]:
        return None
    if any(kind not in failed for kind in remedy.requires_failed):
        return None
    live = facts.live.get(remedy.kind, 0)
    if remedy.max_live is not None and live >= remedy.max_live:
        return None
    if remedy.availability is not None and not rules.thresholds.available(
        remedy.availability, rules.stages.country, ctx.day
    ):
        return None
    reasons = []
    if remedy.max_live is not None:
        reasons.append(f"the debtor has {live} live {remedy.kind.replace('_', ' ')} order(s) across their accounts "
                       f"(at most {remedy.max_live} at once)")
    if remedy.threshold is not None:
        minimum = rules.thresholds.amount(remedy.threshold, ctx.day)
        if facts.order_debt < minimum:
            return None
        reasons.append(
            f"{format_money(facts.order_debt)} owed under liability orders is at least {format_money(minimum)}"
        )
    if remedy.requires_failed:
        reasons.append(f"{', '.join(k.replace('_', ' ') for k in remedy.requires_failed)} tried and failed")
    return "; ".join(reasons)


def _remedy_action(
    remedy: RemedyRule, account: AccountPosition, position: YearPosition, ctx: RunContext, balance: Decimal, why: str,
    order: StageEvent,
) -> Action:
    rules = ctx.rules
    reasons = [f"liability order of {order.day.isoformat()}: {format_money(balance)} unpaid"]
    if why:
        reasons.append(why)
    amount = balance
    if remedy.kind == "attachment_of_earnings":
        employment = account.debtor.employment
        assert employment is not None
        deduction = aeo_deduction(rules.aeo, employment.frequency, employment.net_earnings, ctx.day)
        reasons.append(f"employer {employment.employer}: {deduction.explanation} [{deduction.source}]")
        amount = deduction.amount
    elif remedy.kind == "enforcement_agent":
        for stage in ("compliance", "enforcement"):
            fee = ea_fee(rules.ea_fees, stage, balance, ctx.day)
            reasons.append(f"agent's {fee.explanation} [{fee.source}]")
    number = len(position.events(remedy.kind)) + 1
    return Action(
        _key(account.reference, position.year.label, remedy.kind, number), account.reference, position.year.label,
        remedy.kind, remedy.action, ctx.day, remedy.rule, tuple(reasons), amount,
    )
