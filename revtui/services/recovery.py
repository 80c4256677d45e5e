"""Recovery: what has been done (stage history), holds, an arrangement, where each year stands
today, placing and lifting holds, and the daily recovery run over every kind of account: council
tax and business rates by :mod:`revcore.recovery`'s court stage sets (``ctax``, ``nndr``), sundry
debts (HB overpayments once invoiced among them) by its invoiced-debt stages
(:mod:`revcore.recovery.invoiced`). An HB overpayment still recovered from ongoing benefit is
recovered by deduction, not by letters: the run leaves it alone.

The steps taken, holds and arrangement of an account are kept in their own repository
(``ctax_recovery``, one document per account reference, of any kind: references differ by kind) so that recovery and the account's
billing never overwrite each other's changes. The engine is :mod:`revcore.recovery`; this module
builds its positions from the stored ledger and schedules and writes back what was issued.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache
from typing import Any

import attrs

from refdata.recovery import load_recovery_rules
from refdata.sundry_recovery import load_invoice_rules
from letters.branding import Branding
from revtui.branding import load_branding
from revcore.dates import add_months
from revcore.instalments import Schedule
from revcore.money import ZERO, format_money
from revcore.periods import FinancialYear
from revcore.recovery import (
    AccountPosition,
    Action,
    Arrangement,
    DebtorMeans,
    Employment,
    Hold,
    InvoicedDebt,
    InvoiceRecoveryRules,
    RecoveryPlan,
    RecoveryRules,
    StageEvent,
    YearState,
    position_from_ledger,
    preview_next_run,
    run_invoiced,
    run_recovery,
)
from revcore.recovery.engine import RunContext, assess_account, quiet_year
from revcore.recovery.holds import hold_limit_warning
from revcore.recovery.run import apply_plan, event_for, next_run_day
from revcore.calendar import next_working_day
from revcore.entries import EntryKind
from revcore.ledger import Ledger
from revtui.accounts import AccountFacts, AccountKind, account_facts
from revtui.accounts.ctax import COUNCIL_TAX, debtor_identity, quick_year_figures
from revtui.accounts.rates import BUSINESS_RATES
from revtui.accounts.sundry import SUNDRY
from revtui.services.recovery_letters import LetterError, invoice_letter, rates_letter, store_letters
from revtui.records.ctax import CtaxAccount, NoticeRecord, Records
from revtui.services.changes import ActionError, Proposal, Write, parse_day, parse_yes_no
from revtui.services.contacts import gone_away_accounts, hold_post
from revtui.services.long_jobs import collector_spared
from revtui.services.session import Session, reopened
from revtui.store import Index, Repository, Store, Stored, once_per_store

__all__ = [
    "YearEvent",
    "RecoveryFile",
    "recovery_repository",
    "rules",
    "debtor_identity",
    "history_of",
    "facts",
    "position",
    "has_overdue",
    "issued_keys",
    "issue_actions",
    "LETTER_STEPS",
    "run_on_account",
    "stage_words",
    "hold_words",
    "action_words",
    "stage_on",
    "NO_STAGE",
    "standing",
    "propose_hold",
    "propose_lift_hold",
    "propose_arrangement",
    "Means",
    "propose_means",
    "RunSummary",
    "recovery_run",
]


@attrs.frozen
class YearEvent:
    year: str
    """Financial year label, ``2026/27``."""
    event: StageEvent


@attrs.frozen
class Means:
    """What the council knows of the debtor's means, as recorded on ``recorded_on`` (typically
    the information a debtor must give after a liability order, A&E Regs reg. 36): it decides
    which remedies the run may propose (an attachment of earnings needs an employer)."""

    recorded_on: dt.date
    employment: Employment | None = None
    on_benefits: bool = False
    owns_property: bool = False
    source: str = ""
    """Where it came from, e.g. "reg. 36 form returned", "telephone call"."""
    employer_address: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    """Where the employer's payroll is, postcode last: an attachment of earnings order is sent there."""


@attrs.frozen
class RecoveryFile:
    """What recovery has done on one account, and what pauses it."""

    account: str
    history: tuple[YearEvent, ...] = attrs.field(default=(), converter=tuple)
    holds: tuple[Hold, ...] = attrs.field(default=(), converter=tuple)
    arrangement: Arrangement | None = None
    means: Means | None = None

    def issued_keys(self) -> set[str]:
        return {item.event.key for item in self.history if item.event.key}


@once_per_store
def recovery_repository(store: Store) -> Repository[RecoveryFile]:
    """The ``ctax_recovery`` repository of ``store`` (opened once per store)."""
    return Repository(store, "ctax_recovery", RecoveryFile, indexes=[Index.field("account")])


NO_STAGE = "no recovery stage"


def stage_on(events: Iterable[StageEvent], day: dt.date) -> str:
    """The stage a year had reached on ``day``: its latest step by then (costs are not a stage).

    A remedy that ended is shown with its outcome, e.g. ``enforcement_agent (failed)``.
    """
    latest = None
    for event in events:
        if event.stage != "costs" and event.day <= day and (latest is None or event.day >= latest.day):
            latest = event
    if latest is None:
        return NO_STAGE
    return f"{latest.stage} ({latest.outcome})" if latest.outcome else latest.stage


def stage_words(stage: str) -> str:
    """A stage or remedy code in the words officers use: ``liability order``, not ``liability_order``."""
    return stage.replace("_", " ")


def hold_words(reason: str) -> str:
    """A hold reason as the hold reasons table words it (``Breathing Space``), the code if unknown."""
    found = rules().hold_reasons.get(reason)
    return found.label if found else stage_words(reason)


def action_words(action: Action) -> str:
    """What an action does, in words: a recall says it is one (``recall enforcement agent``)."""
    return f"recall {stage_words(action.stage)}" if action.kind == "recall" else stage_words(action.stage)


@lru_cache(maxsize=None)
def rules() -> RecoveryRules:
    return load_recovery_rules("ctax")


@lru_cache(maxsize=None)
def kind_rules(stages: str) -> RecoveryRules:
    """The court stage set ``stages`` (a kind's :attr:`~revtui.accounts.AccountKind.recovery_stages`)."""
    return rules() if stages == "ctax" else load_recovery_rules(stages)


@lru_cache(maxsize=None)
def invoice_rules() -> InvoiceRecoveryRules:
    """The invoiced-debt stage set (sundry debts, HB overpayments once invoiced)."""
    return load_invoice_rules()


def history_of(file: RecoveryFile | None) -> dict[FinancialYear, list[StageEvent]]:
    """The recovery file's steps by year."""
    history: dict[FinancialYear, list[StageEvent]] = {}
    for item in file.history if file else ():
        history.setdefault(FinancialYear.parse(item.year), []).append(item.event)
    return history


def facts(account: CtaxAccount, file: RecoveryFile | None, day: dt.date) -> AccountFacts:
    """What has fallen due on the account and what is in arrears on ``day``, recovery's steps
    included (the one answer the view, reports, recovery and letters share)."""
    return account_facts(account.reference, account.ledger, COUNCIL_TAX.schedules(account), history_of(file), day)


def position(account: CtaxAccount, file: RecoveryFile | None,
             schedules: Mapping[FinancialYear, Schedule] | None = None) -> AccountPosition:
    """The engine's view of the account: what falls due (:mod:`revtui.accounts.facts`; given as
    ``schedules`` when the caller already has them), the ledger, the history, holds, the
    arrangement and the debtor's means."""
    found = kind_position(COUNCIL_TAX, account, file, schedules)
    assert found is not None, "a council tax account keeps its own ledger"
    return found


def has_overdue(account: CtaxAccount, schedules: Mapping[FinancialYear, Schedule], day: dt.date) -> bool:
    """A quick test before building a position: does any year owe more than is not yet due?"""
    for year, schedule in schedules.items():
        not_due = sum((i.amount for i in schedule.instalments if i.due > day), ZERO)
        if account.ledger.balance_of(year) - not_due > 0:
            return True
    return False


def _ledger_keys(ledger: Ledger, file: RecoveryFile | None) -> frozenset[str]:
    costs = {entry.source for entry in ledger.entries if entry.kind is EntryKind.COSTS and entry.source}
    return frozenset(costs | (file.issued_keys() if file else set()))


def issued_keys(account: CtaxAccount, file: RecoveryFile | None) -> frozenset[str]:
    """Keys of the actions already issued: steps in the recovery file, costs in the ledger."""
    return _ledger_keys(account.ledger, file)


def _record_steps(ledger: Ledger, file: RecoveryFile, actions: Iterable[Action],
                  day: dt.date) -> tuple[Ledger, RecoveryFile]:
    """Costs posted to the ledger (keyed by the action, so never twice) and every other step
    added to the recovery file beside the holds, arrangement and means already there."""
    events = []
    for action in actions:
        if action.kind == "costs":
            if action.year and action.amount is not None and not ledger.has_source(action.key):
                ledger = ledger.add_costs(FinancialYear.parse(action.year), action.amount, effective=day, posted=day,
                                          source=action.key, reason=f"{stage_words(action.stage)} costs",
                                          officer="recovery run")
            continue
        events += [YearEvent(year, event_for(action)) for year in (action.years or (action.year,)) if year]
    return ledger, attrs.evolve(file, history=(*file.history, *events))


LETTER_STEPS = ("liability_order", "attachment_of_earnings", "enforcement_agent")
"""Council tax steps that are not notices but send a letter all the same (the liability order
notice, the order to the employer, the referral letter): noted on the account like a notice, so
the print run of their day prints them (:mod:`revtui.services.notices`)."""


def issue_actions(account: CtaxAccount, file: RecoveryFile | None, actions: Iterable[Action],
                  day: dt.date) -> tuple[CtaxAccount, RecoveryFile]:
    """The one way recovery actions are issued on an account: costs are posted to the ledger
    (keyed by the action, so never twice), notices are noted on the account (the print run
    completes the note), and every step goes into the recovery file beside the holds,
    arrangement and means already there."""
    actions = list(actions)
    ledger, after = _record_steps(account.ledger, file or RecoveryFile(account.reference), actions, day)
    notices = list(account.notices)
    for action in actions:
        sends_letter = action.kind == "notice" or action.stage in LETTER_STEPS and action.kind != "recall"
        if sends_letter and not any(n.number == action.key for n in notices):
            notices.append(NoticeRecord(action.key, action.stage, day,
                                        FinancialYear.parse(action.year).start_year if action.year else None))
    return attrs.evolve(account, ledger=ledger, notices=tuple(notices)), after


def issue_on(kind: AccountKind, value: Any, file: RecoveryFile | None, actions: Iterable[Action],
             day: dt.date) -> tuple[Any, RecoveryFile]:
    """:func:`issue_actions` for an account of any other kind: its letters are stored by the run
    (:mod:`revtui.services.recovery_letters`), not noted on the account."""
    ledger = kind.ledger(value)
    assert ledger is not None, "the run assesses only accounts that keep their own ledger"
    after_ledger, after = _record_steps(ledger, file or RecoveryFile(kind.reference(value)), actions, day)
    return (value if after_ledger is ledger else kind.with_ledger(value, after_ledger)), after


def kind_position(kind: AccountKind, value: Any, file: RecoveryFile | None,
                  schedules: Mapping[FinancialYear, Schedule] | None = None) -> AccountPosition | None:
    """The engine's view of an account of ``kind``: what falls due by the kind's schedules (given
    as ``schedules`` when the caller has them), its ledger, the recovery file's history, holds,
    arrangement and means; None for an account without a ledger (an invoiced HB overpayment)."""
    ledger = kind.ledger(value)
    if ledger is None:
        return None
    identity = kind.recovery_party(value).identity
    means = file.means if file else None
    debtor = DebtorMeans(identity=identity) if means is None else DebtorMeans(
        employment=means.employment, on_benefits=means.on_benefits, owns_property=means.owns_property,
        identity=identity)
    return position_from_ledger(ledger, kind.schedules(value) if schedules is None else schedules,
                                history=history_of(file),
                                holds=file.holds if file else (), arrangement=file.arrangement if file else None,
                                debtor=debtor)


def run_on_account(account: CtaxAccount, file: RecoveryFile | None, context: RunContext,
                   schedules: Mapping[FinancialYear, Schedule] | None = None,
                   ) -> tuple[CtaxAccount, RecoveryFile, list[Action]]:
    """One account's run on ``context.day``, issued as :func:`recovery_run` issues it (for a
    builder that plays one account at a time: the demo council, the worked examples)."""
    actions, _ = assess_account(position(account, file, schedules), context)
    issued = issued_keys(account, file)
    todo = [action for action in actions if action.key not in issued]
    account, after = issue_actions(account, file, todo, context.day)
    return account, after, todo


def standing(account: CtaxAccount, file: RecoveryFile | None, day: dt.date) -> tuple[tuple[YearState, ...], tuple[Action, ...]]:
    """Where each year stands on ``day`` and what the run would do today (nothing is issued)."""
    plan = run_recovery([position(account, file)], day, rules(), issued=issued_keys(account, file))
    return plan.states, plan.actions


def _reference(account: Any) -> str:
    """The account's reference whatever its kind (a sundry debt's is its invoice number)."""
    from revtui.services.account_actions import stored_reference

    return stored_reference(account)


def _debtors_other_holds(session: Session, account: Any) -> list[Hold]:
    """Holds on the other council tax accounts of the account's debtor (a Breathing Space is the
    person's); none looked for from an account of another kind (no person is shared yet)."""
    if not isinstance(account, CtaxAccount) or not account.persons:
        return []
    identity = debtor_identity(account)
    repo = recovery_repository(session.store)
    found = []
    for stored in session.records.accounts.find("name", account.persons[0].name):
        other = stored.value
        if other.reference != account.reference and debtor_identity(other) == identity:
            file = repo.find_one("account", other.reference)
            found.extend(file.value.holds if file else ())
    return found


def propose_hold(session: Session, account: Any, stored: Stored[RecoveryFile] | None, reason: str,
                 start_text: str, end_text: str, note: str) -> Proposal:
    """A hold on an account of any kind (a council tax account, a business rates account, a
    sundry debt): its recovery file gains the hold, the account itself is unchanged."""
    reasons = rules().hold_reasons
    code = reason.strip().lower().replace(" ", "_")
    if code not in reasons:
        raise ActionError(f"hold reason: {reason!r} is not one of {', '.join(sorted(reasons))}")
    start = parse_day(start_text, "from") if start_text.strip() else session.today
    end = parse_day(end_text, "until") if end_text.strip() else None
    if end is None and reasons[code].default_days:
        end = start + dt.timedelta(days=reasons[code].default_days - 1)
    if end is not None and end < start:
        raise ActionError(f"until: {end.isoformat()} is before the hold starts ({start.isoformat()})")
    if not note.strip():
        raise ActionError("note: say why (recorded in the audit trail)")
    file = stored.value if stored else RecoveryFile(_reference(account))
    warning = hold_limit_warning((*file.holds, *_debtors_other_holds(session, account)),
                                 Hold(code, start, end), rules())
    hold = Hold(code, start, end, note=f"{note.strip()} ({session.officer})" + (" [review asked: too close to the "
                                                                                "last one]" if warning else ""))
    until = end.isoformat() if end else "lifted by an officer"
    effect = (f"Recovery of every year of {_reference(account)} paused: {reasons[code].label}, "
              f"from {start.isoformat()} until {until}.\n[{reasons[code].rule}]")
    if warning:
        effect += f"\nWARNING: {warning}"
    return Proposal(f"Hold: {_reference(account)}", account, effect,
                    f"recovery hold ({code}) from {start.isoformat()}: {note.strip()}"
                    + ("; placed although it looks ineligible, review asked of the debt adviser" if warning else ""),
                    writes=(Write(recovery_repository, stored, attrs.evolve(file, holds=(*file.holds, hold))),))


def propose_lift_hold(session: Session, account: Any, stored: Stored[RecoveryFile] | None,
                      note: str) -> Proposal:
    file = stored.value if stored else None
    live = [h for h in (file.holds if file else ()) if h.active_on(session.today)]
    if not live:
        raise ActionError(f"{_reference(account)} has no hold in force today")
    if not note.strip():
        raise ActionError("note: say why (recorded in the audit trail)")
    last = session.today - dt.timedelta(days=1)
    ended = tuple(attrs.evolve(h, end=max(last, h.start)) if h in live else h for h in file.holds)
    effect = "Ends " + ", ".join(f"{hold_words(h.reason)} hold from {h.start.isoformat()}" for h in live) + \
        f" on {max(last, live[0].start).isoformat()}: recovery resumes at the next run."
    return Proposal(f"Lift hold: {_reference(account)}", account, effect, f"recovery hold lifted: {note.strip()}",
                    writes=(Write(recovery_repository, stored, attrs.evolve(file, holds=ended)),))


def propose_arrangement(session: Session, account: Any, stored: Stored[RecoveryFile] | None,
                        amount_text: str, first_text: str, note: str) -> Proposal:
    """Monthly payments agreed to clear everything unpaid on the account's years in arrears, on
    an account of any kind that keeps its own ledger (council tax, business rates, a sundry debt).

    The last payment is the remainder, so the payments add up to the debt exactly.
    """
    from revcore.instalments import Instalment
    from revtui.accounts.registry import kind_of_reference
    from revtui.services.account_actions import parse_amount

    reference = _reference(account)
    found = kind_position(kind_of_reference(reference), account, stored.value if stored else None)
    if found is None:
        raise ActionError(f"{reference}: its money is kept on its invoice; agree the arrangement there")
    # what each year still owes (charge and costs less payments): what the run's states show
    owing = [(p.year.label, p.balance(session.today)) for p in found.years if p.balance(session.today) > 0]
    if not owing:
        raise ActionError(f"{reference} owes nothing: there is nothing to arrange")
    total = sum((balance for _, balance in owing), start=ZERO)
    monthly = parse_amount(amount_text, "monthly amount")
    first = parse_day(first_text, "first payment")
    if first < session.today:
        raise ActionError(f"first payment: {first.isoformat()} is in the past")
    if first.day > 28:
        raise ActionError("first payment: choose a day from the 1st to the 28th (it falls in every month)")
    if not note.strip():
        raise ActionError("note: say how it was agreed (recorded in the audit trail)")
    count = int((total / monthly).to_integral_value(rounding=ROUND_CEILING))  # whole months, the last one smaller
    if count > 36:
        raise ActionError(f"monthly amount: {format_money(monthly)} would take {count} months; 36 at most")
    payments, left = [], total
    for n in range(count):
        due = add_months(first, n)
        amount = min(monthly, left)
        payments.append(Instalment(n + 1, due, amount))
        left -= amount
    arrangement = Arrangement(session.today, tuple(year for year, _ in owing), tuple(payments),
                              agreed_by=session.officer)
    file = stored.value if stored else RecoveryFile(reference)
    effect = (f"Arrangement for {', '.join(arrangement.years)}: {format_money(total)} by {len(payments)} "
              f"payment(s) of {format_money(monthly)} from {first.isoformat()}"
              f"{'' if payments[-1].amount == monthly else ', the last ' + format_money(payments[-1].amount)}.\n"
              "Recovery of those years pauses while it is kept; a missed payment brings a reminder.")
    return Proposal(f"Arrangement: {reference}", account, effect,
                    f"arrangement agreed: {note.strip()}",
                    writes=(Write(recovery_repository, stored, attrs.evolve(file, arrangement=arrangement)),))


def propose_means(session: Session, account: CtaxAccount, stored: Stored[RecoveryFile] | None, employer: str,
                  frequency: str, net_text: str, benefits_text: str, property_text: str, source: str,
                  employer_address: str = "") -> Proposal:
    """Record the debtor's employer and net pay, benefits and property; the effect shows what
    today's run would then propose (an attachment of earnings, and its deduction, once an order
    stands and an employer is known)."""
    from revtui.services.account_actions import parse_amount

    employment = None
    if employer.strip():
        pay = frequency.strip().lower()
        if pay not in ("weekly", "monthly", "daily"):
            raise ActionError(f"pay period: {frequency!r} is not weekly, monthly or daily")
        employment = Employment(employer.strip(), pay, parse_amount(net_text, "net pay"))
    elif net_text.strip() or frequency.strip():
        raise ActionError("employer: name the employer, or leave the pay period and net pay blank (not employed)")
    if not source.strip():
        raise ActionError("source: say where this came from (e.g. reg. 36 form returned)")
    address = tuple(part.strip() for part in employer_address.split(",") if part.strip())
    if address and (employment is None or len(address) < 2):
        raise ActionError("employer's address: the lines and the postcode, separated by commas (only with an employer)")
    means = Means(session.today, employment, parse_yes_no(benefits_text, "on benefits", blank=False),
                  parse_yes_no(property_text, "owns property", blank=False), source.strip(), address)
    before = stored.value if stored else RecoveryFile(account.reference)
    after = attrs.evolve(before, means=means)
    _, actions = standing(account, after, session.today)
    work = (f"employed by {employment.employer}, {format_money(employment.net_earnings)} net {employment.frequency}"
            + (f" (payroll at {', '.join(address)})" if address else "") if employment else "not employed")
    effect = [f"Means of {account.names} as at {session.today.isoformat()}: {work}; "
              f"{'on' if means.on_benefits else 'not on'} benefits; "
              f"{'owns' if means.owns_property else 'does not own'} property ({means.source})."]
    effect += ["\n".join((f"Today's run would then propose: {action_words(a)} {a.year}"
                          + (f" {format_money(a.amount)}" if a.amount is not None else ""),
                          *(f"  {reason}" for reason in a.reasons), f"  [{a.rule}]"))
               for a in actions] or ["Today's run would propose nothing for this account."]
    return Proposal(f"Means: {account.reference}", account, "\n".join(effect),
                    f"debtor's means recorded: {means.source}",
                    writes=(Write(recovery_repository, stored, after),))


@attrs.define
class RunSummary:
    day: dt.date
    plan: RecoveryPlan
    """Every kind's actions together (what training and the queues read)."""
    recorded: int = 0
    preview: bool = False
    """A preview lists each action with its rule, so an officer sees who would get what and why."""
    kinds: dict[str, RecoveryPlan] = attrs.field(factory=dict)
    """Each kind's own plan, by the kind's name (council tax first)."""
    letters: int = 0
    """Letters the run stored for business rates and invoiced debts (council tax's go by print run)."""
    unsent: list[tuple[str, str]] = attrs.field(factory=list)
    """Letters that could not be built (reference, why): the step is recorded, the letter is not."""
    held: list[tuple[str, str]] = attrs.field(factory=list)
    """Letters held back from gone-away accounts (reference, what): neither recorded nor sent."""

    def render(self) -> str:
        rows = [f"recovery run {self.day.isoformat()}: {len(self.plan.actions)} action(s) proposed, "
                f"{self.recorded} recorded, {len(self.plan.already_issued)} already issued, "
                f"{len(self.plan.errors)} account(s) not assessed"]
        if self.plan.note:
            rows.append(f"  {self.plan.note}")
        if self.letters:
            rows.append(f"  {self.letters} letter(s) issued for business rates and sundry debts (reprint by number)")
        for kind, plan in (self.kinds or {"council tax": self.plan}).items():
            stages = plan.summary()
            if not stages:
                continue
            rows.append(f"  {kind}:")
            for summary in stages:
                rows.append(f"    {stage_words(summary.stage):<28} {summary.years:>6} year(s)  "
                            f"{summary.actions:>5} action(s)")
        rows += [f"  NOT ASSESSED {ref}: {why}" for ref, why in self.plan.errors]
        rows += [f"  LETTER NOT ISSUED {ref}: {why}" for ref, why in self.unsent]
        if self.held:
            rows.append(f"  {len(self.held)} letter(s) held back: post to the account is stopped (gone away)")
        rows += [f"  POST STOPPED {ref}: {what}" for ref, what in self.held]
        if self.preview:
            rows.append(f"preview: nothing is issued; the run on {self.day.isoformat()} would do this:")
            for kind, plan in (self.kinds or {"council tax": self.plan}).items():
                for action in plan.actions:
                    amount = f" {format_money(action.amount)}" if action.amount is not None else ""
                    rows.append(f"  {kind}: {action.account} {action.year or ''} {action_words(action)}{amount}: "
                                f"{action.rule}")
                    rows += [f"      {reason}" for reason in action.reasons]
        return "\n".join(rows)


def _combined(day: dt.date, plans: dict[str, RecoveryPlan]) -> RecoveryPlan:
    """One plan of every kind's actions, states and errors (the court hearing is one for all)."""
    every = list(plans.values())
    return RecoveryPlan(
        day, tuple(a for p in every for a in p.actions), tuple(s for p in every for s in p.states),
        tuple(k for p in every for k in p.already_issued), next((p.hearing for p in every if p.hearing), None),
        every[0].note, tuple(e for p in every for e in p.errors))


@attrs.frozen
class _Assessed:
    """A kind's accounts the run assessed: positions, keys already issued, where each account is stored."""

    kind: AccountKind
    positions: list[AccountPosition]
    individual: dict[str, bool]
    issued: frozenset[str]
    where: dict[str, int]


def _assess_kind(session: Session, kind: AccountKind, files: Mapping[str, Stored[RecoveryFile]]) -> _Assessed:
    positions, individual, issued, where = [], {}, set(), {}
    repository = kind.repository(session.store)
    for stored in repository:
        value = stored.value
        reference = kind.reference(value)
        file = files[reference].value if reference in files else None
        found = kind_position(kind, value, file)
        if found is not None and found.years:
            positions.append(found)
            individual[reference] = kind.recovery_party(value).individual
            ledger = kind.ledger(value)
            assert ledger is not None
            issued |= _ledger_keys(ledger, file)
            where[reference] = stored.doc_id
    return _Assessed(kind, positions, individual, frozenset(issued), where)


def _plan_kind(assessed: _Assessed, day: dt.date, hearings: tuple[dt.date, ...], tomorrow: bool) -> RecoveryPlan:
    """The run for one kind other than council tax: its court stage set, or the invoiced-debt stages."""
    kind = assessed.kind
    if kind.recovery_stages != "sundry":
        court = kind_rules(kind.recovery_stages)
        if tomorrow:
            return preview_next_run(assessed.positions, day, court, hearings, assessed.issued)
        return run_recovery(assessed.positions, day, court, hearings, assessed.issued)
    invoiced = invoice_rules()

    def debts(positions: Iterable[AccountPosition]) -> list[InvoicedDebt]:
        return [InvoicedDebt(p, assessed.individual[p.reference]) for p in positions]

    today = run_invoiced(debts(assessed.positions), day, invoiced, assessed.issued)
    if not tomorrow:
        return today
    following = next_working_day(day + dt.timedelta(days=1), invoiced.stages.country)
    return run_invoiced(debts(apply_plan(assessed.positions, today)), following, invoiced,
                        assessed.issued | {a.key for a in today.actions})


OTHER_KINDS: tuple[AccountKind, ...] = (BUSINESS_RATES, SUNDRY)
"""The kinds the run recovers besides council tax: HB overpayments once invoiced are sundry debts;
those recovered from ongoing benefit are recovered by deduction (see the module's docstring)."""


def _issue_kind(session: Session, assessed: _Assessed, plan: RecoveryPlan, repo: Repository[RecoveryFile],
                branding: Branding, unsent: list[tuple[str, str]]) -> tuple[int, int]:
    """Record ``plan``'s actions on each account of the kind and store their letters (inside a change)."""
    kind, day = assessed.kind, session.today
    repository = kind.repository(session.store)
    by_account: dict[str, list[Action]] = {}
    for action in plan.actions:
        by_account.setdefault(action.account, []).append(action)
    recorded, letters = 0, []
    council = session.tariff.council.code
    for reference, actions in by_account.items():
        stored = repository.get(assessed.where[reference])  # read again inside the write: no lost update
        stored_file = repo.find_one("account", reference)
        changed, file = issue_on(kind, stored.value, stored_file.value if stored_file else None, actions, day)
        if changed != stored.value:
            repository.save(stored, changed)
        if stored_file is None:
            repo.add(file)
        else:
            repo.save(stored_file, file)
        recorded += len(actions)
        for action in actions:
            if action.kind != "notice":
                continue
            try:
                if kind is BUSINESS_RATES:
                    costs = next((a.amount for a in actions if a.kind == "costs" and a.amount is not None
                                  and a.key == action.key.replace("/summons/", "/summons_costs/")), Decimal("0.00"))
                    letter = rates_letter(council, stored.value, action,
                                          kind_rules(kind.recovery_stages).stages.balance_due_after_failure_days,
                                          costs)
                else:
                    letter = invoice_letter(council, stored.value, action)
            except LetterError as error:
                unsent.append((reference, str(error)))
                continue
            if letter is not None:
                letters.append((action.key, letter))
    return recorded, store_letters(session.store, branding, letters)


@attrs.define
class _ReadAccounts:
    """What the run has read of the council tax accounts: positions to assess, the quiet years."""

    positions: list[AccountPosition] = attrs.field(factory=list)
    issued: set[str] = attrs.field(factory=set)
    where: dict[str, int] = attrs.field(factory=dict)
    """Each assessed account's document id (to read it again when issuing)."""
    quiet: list[YearState] = attrs.field(factory=list)
    read: int = 0
    """How many documents were read."""

    def add(self, other: "_ReadAccounts") -> None:
        self.positions += other.positions
        self.issued |= other.issued
        self.where.update(other.where)
        self.quiet += other.quiet
        self.read += other.read


def _assess_part(records: Records, files: Mapping[str, Stored[RecoveryFile]], cutoffs: list[tuple[dt.date, dt.date]],
                 after: int, upto: int) -> _ReadAccounts:
    """The accounts with ids after ``after`` up to ``upto``: quiet years read from the documents,
    the rest converted and given their positions."""
    part = _ReadAccounts()
    for document in records.accounts.table.page(after, upto):
        part.read += 1
        reference = document["reference"]
        if (reference not in files and records.accounts.is_current(document)
                and (years := _quiet_years(document, cutoffs)) is not None):
            part.quiet += years
            continue
        account = records.accounts.from_document(document, document.doc_id)
        stored = files.get(reference)
        file = stored.value if stored else None
        found = position(account, file)
        if found.years:
            part.positions.append(found)
            part.issued |= issued_keys(account, file)
            part.where[reference] = document.doc_id
    return part


_READER: tuple[Records, Mapping[str, Stored[RecoveryFile]], list[tuple[dt.date, dt.date]]] | None = None
"""A reading process's records (its own connection), the recovery files and run days (from its parent)."""


def _start_reader(session: Session) -> None:
    global _READER
    assert _READER is not None
    _READER = (reopened(session).records, *_READER[1:])


def _read_part(task: tuple[int, int]) -> _ReadAccounts:
    assert _READER is not None
    with collector_spared():
        return _assess_part(*_READER, *task)


def _read_parts(session: Session, files: Mapping[str, Stored[RecoveryFile]], cutoffs: list[tuple[dt.date, dt.date]],
                tasks: list[tuple[int, int]], workers: int) -> Iterator[_ReadAccounts]:
    """Each part assessed, in order: in ``workers`` forked processes when more than one (they
    inherit the files read, and open their own connection), else here."""
    global _READER
    if workers <= 1 or len(tasks) <= 1:
        yield from (_assess_part(session.records, files, cutoffs, *task) for task in tasks)
        return
    _READER = (session.records, files, cutoffs)
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(tasks)), initializer=_start_reader,
                                                     initargs=(session,)) as pool:
            yield from pool.imap(_read_part, tasks)
    finally:
        _READER = None


def _quiet_years(document: dict, cutoffs: list[tuple[dt.date, dt.date]]) -> list[YearState] | None:
    """The states of a stored account's years on the last of the run days given, if every year is
    quiet (:func:`revcore.recovery.quiet_year`) on each; None: the account needs its position."""
    states: list[YearState] = []
    for day, cutoff in cutoffs:
        figures = quick_year_figures(document, day, cutoff)
        if figures is None:
            return None
        states = []
        for year, charge, due, paid in figures:
            state = quiet_year(document["reference"], year, charge, due, paid)
            if state is None:
                return None
            states.append(state)
    return states


def recovery_run(session: Session, *, issue: bool, tomorrow: bool = False,
                 progress: Callable[[int, int], None] | None = None, batch: int = 500,
                 hearings: tuple[dt.date, ...] = (), workers: int = 1) -> RunSummary:
    """Today's run over every account with a bill or an invoice, of every kind; with ``issue``
    the actions are recorded in each account's recovery history (keyed: running the same day
    twice records nothing twice), and the letters of business rates and sundry debts are stored
    for reprint. Summonses go to the first of the court's ``hearings`` they can be served in time for.

    With ``tomorrow``, a preview of the next working day's run (today's assumed issued), listing
    each action and its rule; nothing is recorded. ``workers`` processes read the council tax
    accounts side by side (the command line's run; the application's, in a thread, reads in one).
    """
    if issue and tomorrow:
        raise ValueError("tomorrow's run can only be previewed, not issued today")
    records = session.records
    repo = recovery_repository(session.store)
    files = {doc["account"]: Stored(doc.doc_id, doc.version, repo.from_document(doc), doc.changed_by, doc.changed_at)
             for doc in repo.table}
    # Most accounts have nothing done and nothing missed: their years' states come from the
    # document's figures (:func:`quick_year_figures`) by the run's own rule, and only the rest are
    # converted and given a position. A preview needs both days quiet (today's plan comes first).
    days = [session.today] + ([next_run_day(session.today, rules())] if tomorrow else [])
    cutoffs = [(day, RunContext.build(day, rules(), tuple(sorted(hearings))).default_cutoff) for day in days]
    tasks = records.accounts.table.parts(batch)
    total = len(records.accounts)
    read = _ReadAccounts()
    with collector_spared() as spare:
        for part in _read_parts(session, files, cutoffs, tasks, workers):
            read.add(part)
            spare()  # the positions kept so far
            if progress:
                progress(read.read, max(read.read, total))
    positions, issued, where, quiet = read.positions, read.issued, read.where, read.quiet
    others = [_assess_kind(session, kind, files) for kind in OTHER_KINDS]
    if tomorrow:
        plan = preview_next_run(positions, session.today, rules(), hearings, frozenset(issued), quiet)
        plans = {COUNCIL_TAX.name: plan, **{a.kind.name: _plan_kind(a, session.today, hearings, True) for a in others}}
        plans, held = hold_post(plans, gone_away_accounts(session.store))  # gone away: no letter, nothing served
        return RunSummary(plan.day, _combined(plan.day, plans), preview=True, kinds=plans, held=held)
    plan = run_recovery(positions, session.today, rules(), hearings, frozenset(issued), quiet)
    plans = {COUNCIL_TAX.name: plan, **{a.kind.name: _plan_kind(a, session.today, hearings, False) for a in others}}
    plans, held = hold_post(plans, gone_away_accounts(session.store))  # gone away: no letter, nothing served
    plan = plans[COUNCIL_TAX.name]
    summary = RunSummary(session.today, _combined(session.today, plans), kinds=plans, held=held)
    if not issue or not summary.plan.actions:
        return summary
    by_account: dict[str, list[Action]] = {}
    for action in plan.actions:
        by_account.setdefault(action.account, []).append(action)
    branding = None
    with session.store.change(f"recovery run {session.today.isoformat()}", user=session.officer):
        for reference, actions in by_account.items():
            account = records.accounts.get(where[reference])  # read again inside the write: no lost update
            stored = repo.find_one("account", reference)
            changed, file = issue_actions(account.value, stored.value if stored else None, actions, session.today)
            if changed != account.value:
                records.accounts.save(account, changed)
            if stored is None:
                repo.add(file)
            else:
                repo.save(stored, file)
            summary.recorded += len(actions)
        for assessed in others:
            if plans[assessed.kind.name].actions:
                branding = branding or load_branding(session.tariff.council.code)
                recorded, letters = _issue_kind(session, assessed, plans[assessed.kind.name], repo, branding,
                                                summary.unsent)
                summary.recorded += recorded
                summary.letters += letters
    return summary
