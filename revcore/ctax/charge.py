"""The apportioned charge for a liability: split into spans where everything is constant, charge
each span as annual amount × days ÷ days in its financial year (LGFA 1992 s.10), and explain it.

Order of steps on each line (LGFA 1992 ss.11-13A; the order is DERIVED): band amount → disabled band reduction →
exemption, or discount, or premium → council tax reduction / s.13A reductions. The exact annual
amount after each step is multiplied by days ÷ days-in-year and rounded once by
:data:`CHARGE_ROUNDING`; a step's amount is the difference between consecutive rounded figures,
so steps add up to their line and lines to the total exactly.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from calendar import isleap
from collections import Counter
from decimal import Decimal

from revcore.council import BANDS, Country
from revcore.ctax.errors import ChargeError
from revcore.ctax.explanation import ChargeLine, Explanation
from revcore.steps import Step
from revcore.ctax.liability import Liability
from revcore.ctax.property import Property
from revcore.ctax.reliefs import Discount, DiscountReason, EmptyPeriod, Exemption, Reduction, ReductionKind
from revcore.ctax.rules import ExemptionClass, LimitRunsFrom, PremiumException
from revcore.ctax.tariff import Tariff, max_percent
from revcore.dates import after_years, end_of_months
from revcore.money import PENNY_HALF_UP, ZERO, RoundingRule, format_money
from revcore.periods import ONE_DAY, DateRange, FinancialYear

__all__ = ["CHARGE_ROUNDING", "charge"]

CHARGE_ROUNDING: RoundingRule = PENNY_HALF_UP
"""Part-year amounts to the penny, half up: councils' published practice; UNVERIFIED as law (§1.1)."""

_QUANTUM, _ROUNDING = CHARGE_ROUNDING.quantum, CHARGE_ROUNDING.rounding
_BAND_LABELS = {band: f"band {band}" for band in BANDS}
HUNDRED = Decimal(100)
BAND_RULE = "LGFA 1992 s.10: annual amount x days / days in year"
DISABLED_RULE = "SI 1992/554 disabled band reduction"

_Modifier = tuple[str, Decimal, str, str]
"""An exemption, discount or premium: (kind, percent, rule, description)."""
_State = tuple[int, str, bool, "_Modifier | None", tuple[Reduction, ...]]
"""Everything that decides the charge on a day: (year, band, disabled, modifier, reductions)."""


def _complete_years(since: dt.date, day: dt.date) -> int:
    years = day.year - since.year
    if after_years(since, years) > day:
        years -= 1
    return years


def _window(liability: Liability, period: DateRange | FinancialYear | None) -> tuple[dt.date, dt.date] | None:
    """First and last day to charge (inclusive), or None when the period misses the liability."""
    if period is None:
        whole = liability.period()
        return whole.start, whole.end
    if isinstance(period, FinancialYear):
        first, last = dt.date(period.start_year, 4, 1), dt.date(period.start_year + 1, 3, 31)
    else:
        first, last = period.start, period.end
    if liability.end is not None and liability.end < last:
        last = liability.end
    if liability.start > first:
        first = liability.start
    return (first, last) if first <= last else None


def _exemption_class(exemption: Exemption, tariff: Tariff) -> ExemptionClass:
    klass = tariff.rules.exemptions_on(exemption.start).get(exemption.exemption_class)
    if klass is None:
        raise ChargeError(
            f"exemption class {exemption.exemption_class} does not exist in {tariff.rules.country.title}"
            f" on {exemption.start.isoformat()}"
        )
    return klass


def _exemption_end(exemption: Exemption, tariff: Tariff) -> dt.date | None:
    """The last exempt day: the recorded end, or the class's statutory time limit if earlier."""
    klass = _exemption_class(exemption, tariff)
    end = exemption.end
    if klass.limit_months is not None:
        runs_from = exemption.limit_from
        if runs_from is None and klass.limit_runs_from is LimitRunsFrom.START:
            runs_from = exemption.start
        if runs_from is not None:
            limit = end_of_months(runs_from, klass.limit_months)
            end = limit if end is None else min(end, limit)
    return end


def charge(
    liability: Liability,
    prop: Property,
    tariff: Tariff,
    period: DateRange | FinancialYear | None = None,
) -> Explanation:
    """The explained charge for ``liability`` on ``prop`` over ``period`` (default: the whole liability,
    which must then have an end). Days outside the liability are not charged.

    Raises :class:`ChargeError` for missing amounts, an unknown band or class, or conflicting facts.
    """
    if liability.property_reference != prop.reference:
        raise ChargeError(
            f"liability {liability.reference} is for property {liability.property_reference}, not {prop.reference}"
        )
    if prop.country is not tariff.council.country:
        raise ChargeError(f"property {prop.reference} is in {prop.country.title}, the council in {tariff.council.country.title}")
    window = _window(liability, period)
    if window is None:
        return Explanation(liability.reference, prop.reference, (), ZERO, CHARGE_ROUNDING.name)
    first, last = window
    # Most accounts: nothing but the band, one band all along, within one financial year and no
    # table changing inside the window. Then the whole window is one line.
    bands = prop.bands
    if (
        len(bands) == 1
        and bands[0].effective_from <= first
        and not (liability.discounts or liability.exemptions or liability.empty_periods
                 or liability.disabled_reductions or liability.reductions)
        and (first.year if first.month >= 4 else first.year - 1) == (last.year if last.month >= 4 else last.year - 1)
        and bisect_right(tariff.change_days, first) == bisect_right(tariff.change_days, last)
    ):
        year = first.year if first.month >= 4 else first.year - 1
        line = _line(tariff, prop.area, first, last, (year, bands[0].band, False, None, ()))
        return Explanation(liability.reference, prop.reference, (line,), line.amount, CHARGE_ROUNDING.name)
    return _Engine(liability, prop, tariff, first, last).explain()


class _Engine:
    """One charge computation (kept in an object so the per-span work shares its lookups).

    Works on plain (first, last) date pairs: this is the hot path of annual billing.
    """

    def __init__(self, liability: Liability, prop: Property, tariff: Tariff, first: dt.date, last: dt.date) -> None:
        self.liability, self.prop, self.tariff, self.first, self.last = liability, prop, tariff, first, last
        # (fact, first day, last day) with open ends and statutory time limits resolved.
        self.exemptions = [(e, e.start, _exemption_end(e, tariff) or last) for e in liability.exemptions]
        self.discounts = [(d, d.start, d.end or last) for d in liability.discounts]
        self.empties = [(e, e.start, e.end or last) for e in liability.empty_periods]
        self.disabled = [(d.start, d.end or last) for d in liability.disabled_reductions]
        self.reductions = [(r, r.start, r.end or last) for r in liability.reductions]
        self.has_facts = bool(self.exemptions or self.discounts or self.empties or self.disabled or self.reductions)
        self.england = tariff.rules.country is Country.ENGLAND
        self.bands = prop.bands

    def cuts(self) -> list[dt.date]:
        """Days inside the window (after its first day) on which something may change."""
        first, last = self.first, self.last
        days = [dt.date(y, 4, 1) for y in range(first.year, last.year + 1)]
        days.extend(entry.effective_from for entry in self.prop.bands)
        table_days = self.tariff.change_days
        days.extend(table_days[bisect_right(table_days, first) : bisect_right(table_days, last)])
        if not self.has_facts:
            return sorted({day for day in days if first < day <= last})
        for group in (self.exemptions, self.discounts, self.empties, self.reductions):
            for _, start, end in group:
                days.append(start)
                days.append(end + ONE_DAY)
        for start, end in self.disabled:
            days.append(start)
            days.append(end + ONE_DAY)
        for empty, _, _ in self.empties:
            since = empty.since
            days.extend(after_years(since, n) for n in self.tariff.premium_years)
            if empty.premium_exception is not None:
                runs_from = empty.exception_from or empty.start
                days.append(runs_from)  # an exception first recorded part-way through starts a line
                days.extend(end_of_months(runs_from, n) + ONE_DAY for n in self.tariff.exception_months)
            for policy in self.tariff.council.local_discount_policies:
                for local in policy.discounts:
                    if local.max_months is not None:
                        days.append(end_of_months(since, local.max_months) + ONE_DAY)
        return sorted({day for day in days if first < day <= last})

    def explain(self) -> Explanation:
        # Spans where the state is the same are merged, so a line is a maximal constant span.
        merged: list[tuple[dt.date, dt.date, _State]] = []
        start = self.first
        for cut in (*self.cuts(), self.last + ONE_DAY):
            key = self.state(start)
            if merged and merged[-1][2] == key:
                merged[-1] = (merged[-1][0], cut - ONE_DAY, key)
            else:
                merged.append((start, cut - ONE_DAY, key))
            start = cut
        lines: list[ChargeLine] = []
        total = ZERO
        for first, last, key in merged:
            line = _line(self.tariff, self.prop.area, first, last, key)
            lines.append(line)
            total += line.amount
        return Explanation(self.liability.reference, self.prop.reference, tuple(lines), total, CHARGE_ROUNDING.name)

    def state(self, day: dt.date) -> _State:
        """Everything that decides the charge on ``day``, as a comparable key."""
        year = day.year if day.month >= 4 else day.year - 1
        bands = self.bands
        band = bands[0].band if len(bands) == 1 and bands[0].effective_from <= day else self.prop.band_on(day)
        disabled = False
        for start, end in self.disabled:
            if start <= day <= end:
                disabled = True
        modifier: _Modifier | None = None
        discount: Discount | None = None
        empty: EmptyPeriod | None = None
        for discounted, start, end in self.discounts:
            if start <= day <= end:
                discount = discounted
        for emptied, start, end in self.empties:
            if start <= day <= end:
                empty = emptied
        if discount is not None and empty is not None:
            raise ChargeError(
                f"liability {self.liability.reference}: {discount.label} and an empty period on {day.isoformat()}"
                " (a discount for residents needs someone resident)"
            )
        for exemption, start, end in self.exemptions:
            if start <= day <= end:
                modifier = self.exemption_step(exemption)
        if modifier is None:
            if discount is not None:
                modifier = self.discount_step(discount, day)
            elif empty is not None:
                modifier = self.empty_step(empty, day)
        reductions = tuple([r for r, start, end in self.reductions if start <= day <= end]) if self.reductions else ()
        return (year, band, disabled, modifier, reductions)

    def exemption_step(self, exemption: Exemption) -> _Modifier:
        klass = _exemption_class(exemption, self.tariff)
        return (
            "exempt",
            Decimal(0),
            f"SI 1992/558 art. 3 class {exemption.exemption_class}",
            f"exempt, class {exemption.exemption_class}: {klass.description}",
        )

    def discount_step(self, discount: Discount, day: dt.date) -> _Modifier:
        rates = self.tariff.rules.rates_on(day)
        if discount.reason is DiscountReason.SINGLE_PERSON:
            percent = rates.single_person
        else:
            percent = rates.all_disregarded
        described = discount.reason.label
        if discount.disregarded:
            counts = Counter(discount.disregarded)
            names = "; ".join(
                self.tariff.rules.disregard(code).description + (f" x {n}" if n > 1 else "") for code, n in counts.items()
            )
            described += f" (disregarded: {names})"
        return ("discount", percent, "LGFA 1992 s.11", f"{described} {percent}%")

    def premium_exception(self, empty: EmptyPeriod, day: dt.date) -> PremiumException | None:
        """The premium exception that applies on ``day``, if any (in force, right kind, within its limit)."""
        if empty.premium_exception is None:
            return None
        if empty.exception_from is not None and day < empty.exception_from:
            return None  # recorded as starting part-way through the empty period: not before then
        exception = self.tariff.rules.premium_exception(empty.premium_exception, day)
        if exception is None:
            return None
        if not (exception.second_home if empty.furnished else exception.long_term_empty):
            kind = "furnished (second) homes" if empty.furnished else "unfurnished long-term empty homes"
            raise ChargeError(f"premium exception class {exception.code} does not apply to {kind}")
        if exception.limit_months is not None:
            if day > end_of_months(empty.exception_from or empty.start, exception.limit_months):
                return None
        return exception

    def empty_step(self, empty: EmptyPeriod, day: dt.date) -> _Modifier | None:
        council = self.tariff.council
        limits = self.tariff.rules.limits_on(day)
        policy = council.premium_policy(day)
        since = empty.since
        exception = self.premium_exception(empty, day)
        if exception is None and policy is not None and limits is not None:
            if empty.furnished:
                percent = min(policy.second_home_percent, limits.second_home_max or Decimal(0))
                if percent > 0:
                    rule = "LGFA 1992 s.11C" if self.england else "LGFA 1992 s.12B"
                    return ("premium", percent, rule, f"second-home premium {percent}% (no resident, furnished)")
            else:
                years = _complete_years(since, day)
                percent = min(max_percent(policy.long_term_empty, years), max_percent(limits.long_term_empty, years))
                if percent > 0:
                    rule = "LGFA 1992 s.11B" if self.england else "LGFA 1992 s.12A"
                    reached = max((s.after_years for s in policy.long_term_empty if s.after_years <= years), default=years)
                    return (
                        "premium",
                        percent,
                        rule,
                        f"long-term empty premium {percent}% (empty since {since.isoformat()},"
                        f" {reached} year{'s' if reached != 1 else ''} or more)",
                    )
        dwelling_class = empty.dwelling_class or ("B" if empty.furnished else "C")
        local_policy = council.local_discount_policy(day)
        local = local_policy.get(dwelling_class) if local_policy is not None else None
        power = "s.11A" if self.england else "s.12"
        label = empty.label
        if exception is not None:
            label += f", excepted from premiums (class {exception.code}: {exception.description})"
        if local is not None:
            if local.max_months is not None and day > end_of_months(since, local.max_months):
                return (
                    "discount",
                    Decimal(0),
                    f"LGFA 1992 {power} class {dwelling_class}",
                    f"{label}, class {dwelling_class}: council's {local.percent}% discount used up"
                    f" ({local.max_months} month{'s' if local.max_months != 1 else ''} from {since.isoformat()})",
                )
            return (
                "discount",
                local.percent,
                f"LGFA 1992 {power} class {dwelling_class}",
                f"{label}, class {dwelling_class}: council's discount {local.percent}%",
            )
        percent = self.tariff.rules.rates_on(day).no_resident
        return ("discount", percent, "LGFA 1992 s.11(2)(a)", f"{label}: no-resident discount {percent}%")


def _line(tariff: Tariff, area: str, first: dt.date, last: dt.date, key: _State) -> ChargeLine:
    """One line: the steps for a span whose state is ``key`` (see :meth:`_Engine.state`)."""
    year, band, disabled, modifier, reductions = key
    days = (last - first).days + 1
    diy = 366 if isleap(year + 1) else 365
    annual = tariff.annual(area, year, band)
    rounded = (annual * days / diy).quantize(_QUANTUM, _ROUNDING)
    steps = [Step(_BAND_LABELS[band], BAND_RULE, rounded, annual)]
    if disabled:
        reduced, label = tariff.band_amount(area, year, band, disabled=True)
        annual = reduced.total
        new = (annual * days / diy).quantize(_QUANTUM, _ROUNDING)
        steps.append(Step(f"disabled band reduction: charged as {'band ' if len(label) == 1 else ''}{label}", DISABLED_RULE, new - rounded, annual))
        rounded = new
    if modifier is not None:
        kind, percent, rule, description = modifier
        if kind == "exempt":
            annual = Decimal(0)
        elif kind == "premium":
            annual = annual * (HUNDRED + percent) / HUNDRED
        else:
            annual = annual * (HUNDRED - percent) / HUNDRED
        new = (annual * days / diy).quantize(_QUANTUM, _ROUNDING)
        steps.append(Step(description, rule, new - rounded, annual))
        rounded = new
    if reductions and not (modifier is not None and modifier[0] == "exempt"):
        for reduction in sorted(reductions, key=lambda r: r.kind is ReductionKind.DISCRETIONARY):
            if reduction.percent is not None:
                annual = annual * (HUNDRED - reduction.percent) / HUNDRED
                description = f"{reduction.kind.label} {reduction.percent}%"
            elif reduction.annual_amount is not None:  # a Reduction has one or the other
                annual = annual - min(annual, reduction.annual_amount)
                description = f"{reduction.kind.label} of {format_money(reduction.annual_amount)} a year"
            new = (annual * days / diy).quantize(_QUANTUM, _ROUNDING)
            steps.append(Step(description, reduction.kind.rule, new - rounded, annual))
            rounded = new
    return ChargeLine(first, last, days, year, diy, band, tuple(steps), rounded)
