"""Recovery rules as data: a stage set, the statutory tables, hold reasons and the minimums.

A :class:`StageSet` is what a council reads and adjusts (``recovery/<service>_stages.toml`` in its council folder):
when each notice goes, how long it gives, the costs and their basis, which remedies to try
after a liability order and in what order. :class:`StatutoryMinimum` rows are the law's floors
and ceilings on those settings; :class:`RecoveryRules` refuses, at construction, a stage set
that breaks one, so an unlawful configuration cannot exist.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.calendar import add_working_days, next_working_day
from revcore.dated import DatedTable
from revcore.recovery.aeo import AeoSchedule
from revcore.recovery.fees import FeeSchedule
from revcore.validation import no_text_for_tuples

__all__ = [
    "RecoveryConfigError",
    "Timing",
    "REMEDY_KINDS",
    "DEBTOR_REQUIREMENTS",
    "WRITE_OFF_REASONS",
    "RemedyRule",
    "StageSet",
    "StatutoryMinimum",
    "StatutoryLimits",
    "HoldReason",
    "Thresholds",
    "RecoveryRules",
]


class RecoveryConfigError(ValueError):
    """A recovery setting that the law does not allow, or that does not fit together."""


@attrs.frozen
class Timing:
    """A wait of ``count`` calendar days or working days."""

    count: int = attrs.field(validator=attrs.validators.ge(0))
    unit: str = attrs.field(validator=attrs.validators.in_(("days", "working_days")))

    def after(self, day: dt.date, country: str) -> dt.date:
        if self.unit == "days":
            return day + dt.timedelta(days=self.count)
        return add_working_days(day, self.count, country)

    def latest_start(self, day: dt.date, country: str) -> dt.date:
        """The latest day from which waiting this long reaches ``day`` or earlier.

        In working days, a start on a weekend or bank holiday counts from the next working day:
        5 working days after Saturday 2 May 2026 is Monday 11 May (4 May being a bank holiday),
        so for 11 May the latest start is 4 May.
        """
        if self.unit == "days":
            return day - dt.timedelta(days=self.count)
        last_working = add_working_days(day, -self.count, country)
        return next_working_day(last_working + dt.timedelta(days=1), country) - dt.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.count} {'working days' if self.unit == 'working_days' else 'days'}"


REMEDY_KINDS = (
    "attachment_of_earnings",
    "attachment_of_allowances",
    "benefit_deductions",
    "enforcement_agent",
    "charging_order",
    "bankruptcy",
    "committal",
)
"""Remedies after a liability order that the engine knows how to propose."""

DEBTOR_REQUIREMENTS = {
    "employment": "the debtor's employer and earnings are known",
    "benefits": "the debtor receives a benefit deductions can be taken from",
    "councillor": "the debtor receives councillor's allowances",
    "property": "the debtor owns a property a charge can be registered against",
}


@attrs.frozen(field_transformer=no_text_for_tuples)
class RemedyRule:
    """One remedy in the order the council tries them, and the conditions for it.

    ``threshold`` names a dated minimum debt (summed over the account's liability orders);
    ``availability`` names a dated, per-country table saying whether the remedy exists at all
    (committal: England only; abolished in Wales from 1 April 2019); ``requires_failed`` lists
    remedies that must have been tried and failed first; ``max_live`` caps how many orders of
    this kind may run at once for one debtor, across all their accounts (see ``DebtorMeans.identity``).
    """

    kind: str = attrs.field(validator=attrs.validators.in_(REMEDY_KINDS))
    rule: str
    action: str = attrs.field(validator=attrs.validators.in_(("order", "referral", "review")))
    requires: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.in_(tuple(DEBTOR_REQUIREMENTS)))
    )
    threshold: str | None = None
    availability: str | None = None
    requires_failed: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])
    max_live: int | None = None


WRITE_OFF_REASONS = ("uneconomic", "irrecoverable", "time_barred")
"""Reasons the engine proposes a write-off review for; the stage set words each one."""


@attrs.frozen(field_transformer=no_text_for_tuples)
class StageSet:
    """A council's recovery stages for one service (council tax, business rates).

    Periods "beginning with the day of issue" count the issue day as day 1, so a 7-day notice
    issued on the 1st runs to the 7th. ``citations`` gives the rule printed beside each action.
    """

    name: str
    service: str
    country: str = attrs.field(validator=attrs.validators.in_(("england", "wales")))
    reminder_issue_after: Timing
    reminder_period_days: int
    notice_minimum_arrears: Decimal
    max_reminders: int
    balance_due_after_failure_days: int
    final_notice_period_days: int
    summons_after: Timing
    summons_minimum_balance: Decimal
    summons_service_working_days: int
    summons_notice_days: int
    summons_costs: Decimal
    liability_order_costs: Decimal
    costs_basis: str
    limitation_years: int
    debtor_information_days: int
    arrangement_grace_days: int
    arrangement_catch_up_days: int
    write_off_small_balance: Decimal
    write_off_reasons: dict[str, str] = attrs.field(converter=dict)
    remedies: tuple[RemedyRule, ...] = attrs.field(converter=tuple[RemedyRule, ...])
    citations: dict[str, str] = attrs.field(converter=dict)
    breathing_space_reminder_rule: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.costs_basis.strip():
            raise RecoveryConfigError(
                f"{self.name}: costs need a stated basis (what obtaining a liability order costs the "
                "council); R (Nicolson) v Tottenham Magistrates [2015] EWHC 1252 (Admin)"
            )
        missing = [code for code in WRITE_OFF_REASONS if code not in self.write_off_reasons]
        if missing:
            raise RecoveryConfigError(f"{self.name}: write-off reasons lack {', '.join(missing)}")
        kinds = [remedy.kind for remedy in self.remedies]
        if len(kinds) != len(set(kinds)):
            raise RecoveryConfigError(f"{self.name}: a remedy is listed twice: {kinds}")
        for remedy in self.remedies:
            unknown = [k for k in remedy.requires_failed if k not in kinds]
            if unknown:
                raise RecoveryConfigError(
                    f"{self.name}: {remedy.kind} requires {', '.join(unknown)} to fail first, "
                    "but that remedy is not in the stage set"
                )

    @property
    def total_costs(self) -> Decimal:
        """Summons and liability order costs together (capped in Wales)."""
        return self.summons_costs + self.liability_order_costs

    def citation(self, stage: str) -> str:
        return self.citations.get(stage, stage)


@attrs.frozen(field_transformer=no_text_for_tuples)
class StatutoryMinimum:
    """A floor or ceiling the law puts on a stage-set setting, and where the law says so.

    ``countries`` limits it (the Welsh cap on costs); empty means both.
    """

    setting: str
    rule: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    countries: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])

    def check(self, stages: StageSet) -> None:
        if self.countries and stages.country not in self.countries:
            return
        try:
            value = getattr(stages, self.setting)
        except AttributeError:
            raise RecoveryConfigError(f"statutory limit names an unknown setting {self.setting!r}") from None
        if isinstance(value, Timing):
            value = value.count
        if self.minimum is not None and value < self.minimum:
            raise RecoveryConfigError(
                f"{stages.name}: {self.setting} is {value}, below the statutory minimum of "
                f"{self.minimum} ({self.rule})"
            )
        if self.maximum is not None and value > self.maximum:
            raise RecoveryConfigError(
                f"{stages.name}: {self.setting} is {value}, above the statutory maximum of "
                f"{self.maximum} ({self.rule})"
            )


@attrs.frozen(field_transformer=no_text_for_tuples)
class StatutoryLimits:
    """The law's limits for one service: setting limits and remedies the law does not give."""

    service: str
    limits: tuple[StatutoryMinimum, ...] = attrs.field(converter=tuple[StatutoryMinimum, ...])
    forbidden_remedies: dict[str, str] = attrs.field(factory=dict, converter=dict)

    def check(self, stages: StageSet) -> None:
        if stages.service != self.service:
            raise RecoveryConfigError(
                f"{stages.name}: stage set for {stages.service!r} checked against {self.service!r} limits"
            )
        for limit in self.limits:
            limit.check(stages)
        for remedy in stages.remedies:
            if remedy.kind in self.forbidden_remedies:
                raise RecoveryConfigError(
                    f"{stages.name}: {remedy.kind} is not available for {self.service} "
                    f"({self.forbidden_remedies[remedy.kind]})"
                )


@attrs.frozen(field_transformer=no_text_for_tuples)
class HoldReason:
    """A reason recovery may pause, from the hold reasons table.

    ``default_days`` gives a fixed length (Breathing Space: 60 days); ``after_treatment_days``
    is added to the end of crisis treatment (mental health crisis: 30 days);
    ``resume_after_days`` is the wait after the hold ends before recovery resumes; ``recalls``
    lists live remedies that must stop (enforcement agents during a Breathing Space);
    ``qualifying_debt_only`` applies the council tax qualifying-debt rule where the stage set
    asks for it; ``months_since_last``: a new hold for this reason may start only more than this
    many months after the previous one ended (standard Breathing Space: 12).
    """

    code: str
    label: str
    rule: str
    default_days: int | None = None
    after_treatment_days: int | None = None
    resume_after_days: int = 0
    recalls: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])
    qualifying_debt_only: bool = False
    months_since_last: int | None = None


@attrs.frozen
class Thresholds:
    """Dated minimum debts (charging order, bankruptcy) and dated per-country availability."""

    amounts: dict[str, DatedTable[Decimal]] = attrs.field(converter=dict)
    availability: dict[tuple[str, str], DatedTable[bool]] = attrs.field(converter=dict)

    def amount(self, name: str, day: dt.date) -> Decimal:
        try:
            return self.amounts[name].at(day)
        except KeyError:
            raise RecoveryConfigError(f"no threshold table named {name!r}") from None

    def available(self, name: str, country: str, day: dt.date) -> bool:
        table = self.availability.get((name, country))
        if table is None:
            raise RecoveryConfigError(f"no availability table {name!r} for {country}")
        return table.at(day)


@attrs.frozen
class RecoveryRules:
    """Everything the engine reads: a checked stage set and the statutory tables."""

    stages: StageSet
    limits: StatutoryLimits
    aeo: DatedTable[AeoSchedule]
    ea_fees: DatedTable[FeeSchedule]
    thresholds: Thresholds
    hold_reasons: dict[str, HoldReason] = attrs.field(converter=dict)

    def __attrs_post_init__(self) -> None:
        self.limits.check(self.stages)
        for remedy in self.stages.remedies:
            if remedy.threshold is not None and remedy.threshold not in self.thresholds.amounts:
                raise RecoveryConfigError(f"{remedy.kind}: unknown threshold {remedy.threshold!r}")
            if remedy.availability is not None and (
                (remedy.availability, self.stages.country) not in self.thresholds.availability
            ):
                raise RecoveryConfigError(
                    f"{remedy.kind}: no availability table {remedy.availability!r} for {self.stages.country}"
                )
        for reason in self.hold_reasons.values():
            unknown = [kind for kind in reason.recalls if kind not in REMEDY_KINDS]
            if unknown:
                raise RecoveryConfigError(f"hold {reason.code!r} recalls unknown remedies {unknown}")

    def hold_reason(self, code: str) -> HoldReason:
        try:
            return self.hold_reasons[code]
        except KeyError:
            raise RecoveryConfigError(
                f"unknown hold reason {code!r}: expected one of {', '.join(sorted(self.hold_reasons))}"
            ) from None
