"""Recovery of invoiced debts (sundry debts, and HB overpayments once invoiced): the steps the
daily run proposes, as :class:`~revcore.recovery.engine.Action` values keyed like council tax's,
so the one run issues them the one way and never twice.

No statute sets the steps before court for a debt owed under contract or recoverable as a civil
debt; the council's stage set (dated data) sets the waits, and the Pre-Action Protocol for Debt
Claims the last step before a claim against an individual or sole trader:

- once the invoice has been unpaid ``reminder_after_days`` after its due date, a **reminder**
  asking for the arrears within ``reminder_period_days`` beginning with the day of issue;
- unpaid after that, a **final reminder** with ``final_reminder_period_days``;
- unpaid after that, the Pre-Action Protocol **letter of claim** (an individual or sole trader
  only: the protocol does not apply between businesses), with its reply form and information
  sheet; the debtor has 30 days from its date to reply (:meth:`SundryRecoveryRules.reply_by`);
- after the reply period (or the final reminder, for a business) a **referral** to the county
  court or a collection agent is proposed for an officer to decide, or, where the balance left
  is no more than the small balance, a **write-off review** (a write-off needs approval).

A hold (Breathing Space covers every debt, not only a qualifying one) pauses every step; a kept
arrangement pauses them too, and a missed one lets them resume.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from revcore.calendar import is_working_day
from revcore.money import format_money
from revcore.recovery.engine import Action, YearState, action_key
from revcore.recovery.holds import holds_pausing
from revcore.recovery.position import AccountPosition, YearPosition
from revcore.recovery.rules import HoldReason, RecoveryConfigError
from revcore.recovery.run import RecoveryPlan
from revcore.sundry.debt import SundryRecoveryRules

__all__ = ["InvoiceStages", "InvoiceRecoveryRules", "InvoicedDebt", "assess_invoiced", "run_invoiced",
           "INVOICE_STAGES"]

INVOICE_STAGES = ("reminder", "final_reminder", "letter_of_claim", "referral", "write_off_review")
_ONE_DAY = dt.timedelta(days=1)


def _days(instance: object, attribute: "attrs.Attribute[int]", value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RecoveryConfigError(f"{attribute.name}: {value!r} is not a number of days (1 or more)")


@attrs.frozen
class InvoiceStages:
    """A council's stage set for invoiced debts (``recovery/sundry_stages.toml`` in its folder)."""

    name: str
    country: str
    reminder_after_days: int = attrs.field(validator=_days)
    reminder_period_days: int = attrs.field(validator=_days)
    final_reminder_period_days: int = attrs.field(validator=_days)
    minimum_arrears: Decimal
    """No reminder, final reminder or letter of claim for arrears below this."""
    arrangement_grace_days: int
    write_off_small_balance: Decimal
    referral: str
    """Where a case goes after the letter of claim, in words (county court, collection agent)."""
    citations: Mapping[str, str] = attrs.field(factory=dict)

    def citation(self, stage: str) -> str:
        return self.citations.get(stage, f"council policy: {stage.replace('_', ' ')}")


@attrs.frozen
class InvoiceRecoveryRules:
    """The stage set, the letter of claim's reply period (:class:`SundryRecoveryRules`) and the hold reasons."""

    stages: InvoiceStages
    sundry: SundryRecoveryRules
    hold_reasons: Mapping[str, HoldReason]

    def hold_reason(self, code: str) -> HoldReason:
        try:
            return self.hold_reasons[code]
        except KeyError:
            raise RecoveryConfigError(
                f"unknown hold reason {code!r}: expected one of {', '.join(sorted(self.hold_reasons))}") from None


@attrs.frozen
class InvoicedDebt:
    """An invoiced debt's recovery position and whether its debtor is an individual (or sole
    trader), to whom the Pre-Action Protocol for Debt Claims applies."""

    position: AccountPosition
    individual: bool = True


def _notice(ref: str, year: str, stage: str, day: dt.date, rules: InvoiceRecoveryRules, reasons: tuple[str, ...],
            amount: Decimal, until: dt.date) -> Action:
    return Action(action_key(ref, year, stage, 1), ref, year, stage, "notice", day, rules.stages.citation(stage),
                  reasons, amount, until)


def _case(ref: str, position: YearPosition, stage: str, day: dt.date, rules: InvoiceRecoveryRules,
          reasons: tuple[str, ...]) -> list[Action]:
    """A case for an officer to decide, proposed once."""
    if position.last(stage) is not None:
        return []
    year = position.year.label
    return [Action(action_key(ref, year, stage, 1), ref, year, stage, "review", day, rules.stages.citation(stage),
                   reasons, position.balance(day))]


def _arrangement_kept(debt: InvoicedDebt, year: str, day: dt.date, rules: InvoiceRecoveryRules) -> bool | None:
    """Whether an arrangement covering ``year`` is kept on ``day`` (None: no arrangement)."""
    arrangement = debt.position.arrangement
    if arrangement is None or year not in arrangement.years or day < arrangement.agreed_on:
        return None
    cutoff = day - dt.timedelta(days=rules.stages.arrangement_grace_days + 1)
    paid = sum((p.amount for y in debt.position.years if y.year.label in arrangement.years
                for p in y.payments if arrangement.agreed_on <= p.day <= day), Decimal("0.00"))
    return paid >= arrangement.due_by(cutoff)


def _assess_year(debt: InvoicedDebt, position: YearPosition, day: dt.date,
                 rules: InvoiceRecoveryRules) -> tuple[str, list[Action]]:
    stages = rules.stages
    ref = debt.position.reference
    year = position.year.label
    if position.last("write_off") is not None:
        return "written off", []
    balance = position.balance(day)
    if balance <= 0:
        return "paid", []
    held = holds_pausing(debt.position, position, day, rules.hold_reason, False)
    if held:
        return "on hold: " + ", ".join(rules.hold_reason(h.reason).label for h in held), []
    if _arrangement_kept(debt, year, day, rules):
        return "arrangement kept", []
    if position.last("referral", "write_off_review") is not None:
        return "referred" if position.last("referral") else "write-off review", []
    due = position.instalments[-1].due
    arrears = position.arrears(day)
    for stage, words in (("letter_of_claim", "letter of claim"), ("final_reminder", "final reminder"),
                         ("reminder", "reminder")):
        last = position.last(stage)
        if last is not None:
            assert last.until is not None
            if day <= last.until:
                return words, []
            return _after(debt, position, stage, last.day, last.until, day, rules, balance)
    if arrears <= 0:
        return "up to date", []
    if day <= due + dt.timedelta(days=stages.reminder_after_days - 1):
        return "overdue, no reminder yet", []
    if arrears < stages.minimum_arrears:
        return "below notice minimum", []
    pay_by = day + dt.timedelta(days=stages.reminder_period_days - 1)
    return "reminder", [_notice(ref, year, "reminder", day, rules, (
        f"due {due.isoformat()}: {format_money(arrears)} unpaid {(day - due).days} days later "
        f"(a reminder once {stages.reminder_after_days} days have passed)",
        f"pay {format_money(arrears)} by {pay_by.isoformat()}: {stages.reminder_period_days} days beginning "
        "with the day of issue",
    ), arrears, pay_by)]


def _after(debt: InvoicedDebt, position: YearPosition, stage: str, issued: dt.date, until: dt.date, day: dt.date,
           rules: InvoiceRecoveryRules, balance: Decimal) -> tuple[str, list[Action]]:
    """The step after ``stage`` (issued on ``issued``, giving until ``until``), its period over and ``balance`` unpaid."""
    stages = rules.stages
    ref = debt.position.reference
    year = position.year.label
    said = f"{stage.replace('_', ' ')} of {issued.isoformat()} gave until {until.isoformat()}; " \
           f"{format_money(balance)} is unpaid"
    if stage == "reminder":
        if balance < stages.minimum_arrears:
            return "below notice minimum", []
        pay_by = day + dt.timedelta(days=stages.final_reminder_period_days - 1)
        return "final reminder", [_notice(ref, year, "final_reminder", day, rules, (
            said, f"pay {format_money(balance)} by {pay_by.isoformat()}: {stages.final_reminder_period_days} days "
                  "beginning with the day of issue, or a letter of claim follows"), balance, pay_by)]
    if stage == "final_reminder" and debt.individual:
        if balance < stages.minimum_arrears:
            return "below notice minimum", []
        reply_by = rules.sundry.reply_by(day)
        return "letter of claim", [_notice(ref, year, "letter_of_claim", day, rules, (
            said, f"letter of claim with the reply form and information sheet: reply by {reply_by.isoformat()} "
                  f"({rules.sundry.reply_days} days from the letter's date); no claim is issued before then"),
            balance, reply_by)]
    if balance <= stages.write_off_small_balance:
        return "write-off review", _case(ref, position, "write_off_review", day, rules, (
            said, f"{format_money(balance)} is no more than {format_money(stages.write_off_small_balance)}: "
                  "propose writing it off (uneconomic to pursue); a write-off needs approval"))
    why = said if debt.individual else f"{said}; the debtor is a business, to whom the Pre-Action Protocol " \
                                       "for Debt Claims does not apply"
    return "referral proposed", _case(ref, position, "referral", day, rules, (
        why, f"refer to {stages.referral}: an officer decides which"))


def assess_invoiced(debt: InvoicedDebt, day: dt.date, rules: InvoiceRecoveryRules
                    ) -> tuple[list[Action], list[YearState]]:
    """The actions due on ``day`` for one invoiced debt and where each of its years stands."""
    actions: list[Action] = []
    states: list[YearState] = []
    for position in debt.position.years:
        stage, found = _assess_year(debt, position, day, rules)
        actions.extend(found)
        states.append(YearState(debt.position.reference, position.year.label, stage, position.balance(day)))
    return actions, states


def run_invoiced(debts: Iterable[InvoicedDebt], day: dt.date, rules: InvoiceRecoveryRules,
                 issued: frozenset[str] = frozenset()) -> RecoveryPlan:
    """The run for invoiced debts on ``day``: notices on working days only; keys in ``issued`` are not proposed again."""
    country = rules.stages.country
    if not is_working_day(day, country):
        return RecoveryPlan(day, (), (), (), None, f"{day.isoformat()} is not a working day in {country}: nothing is issued")
    actions: list[Action] = []
    states: list[YearState] = []
    skipped: list[str] = []
    errors: list[tuple[str, str]] = []
    for debt in debts:
        try:
            found, year_states = assess_invoiced(debt, day, rules)
        except ValueError as error:  # bad data on one account (an unknown hold reason...)
            errors.append((debt.position.reference, str(error)))
            continue
        states.extend(year_states)
        for action in found:
            if action.key in issued:
                skipped.append(action.key)
            else:
                actions.append(action)
    return RecoveryPlan(day, tuple(actions), tuple(states), tuple(skipped), None, errors=tuple(errors))
