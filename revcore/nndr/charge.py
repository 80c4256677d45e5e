"""The business rates charge for a liability: split into spans where nothing changes, charge each
day RV x multiplier / days in the year (LGFA 1988 s.43(4), s.45(4): A x B / C), apply the reliefs
in their order of calculation, and explain it.

Amounts are exact fractions until each financial year's total, which is rounded once by
:data:`CHARGE_ROUNDING` (A1: the Acts do not round the daily amount); small business relief's E is
rounded as its order prescribes (:class:`~revcore.nndr.rules.SmallBusinessScheme`). Which RV
decides the multiplier and E is the list value for the day, also under a s.44A certificate
(UNVERIFIED: the certificate replaces A only, s.44A(7)/(9)).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from revcore.dates import end_of_months
from revcore.steps import Step
from revcore.dated import NotInForce
from revcore.money import PENNY, ZERO, RoundingRule
from revcore.nndr.errors import RatesError
from revcore.nndr.explanation import RatesExplanation, RatesLine
from revcore.nndr.hereditament import Hereditament, RateableValue
from revcore.nndr.liability import RatesLiability
from revcore.nndr.reliefs import PartOccupation, Relief, ReliefKind
from revcore.nndr.rules import Multiplier, RatesRules, unverified_note
from revcore.periods import ONE_DAY, DateRange, FinancialYear

__all__ = ["CHARGE_ROUNDING", "charge"]

CHARGE_ROUNDING: RoundingRule = RoundingRule("each year's total to the nearest penny, half up", PENNY, ROUND_HALF_UP)
"""No statutory rounding was found: UNVERIFIED (LGFA 1988 ss.43, 45 do not round)."""

PART_OCCUPATION_RULE = "LGFA 1988 s.44A"
NO_STACKING = "mandatory reliefs do not stack, UNVERIFIED"

_Mandatory = tuple[ReliefKind, Fraction, str, str]
"""The one mandatory relief on a day: (kind, percent, rule, description)."""
_Rhl = tuple[Fraction, Fraction, str, str]
"""The RHL scheme on a day: (percent, cash cap for the year, rule, unverified note)."""
_State = tuple[int, int, RateableValue, Multiplier, str, "str | None", "tuple[str, str] | None",
               "PartOccupation | None", "_Mandatory | None", "Relief | None", "_Rhl | None", "Relief | None"]
"""Everything that decides the charge on a day: (year, days in year, list entry, multiplier, rule,
why a multiplier before it was refused, empty step, s.44A certificate, mandatory relief,
discretionary relief, RHL scheme, hardship relief)."""


def decimal(value: Fraction) -> Decimal:
    """A fraction as a Decimal: exact when it terminates, else to 40 significant digits."""
    with localcontext() as context:
        context.prec = 40
        return Decimal(value.numerator) / Decimal(value.denominator)


def _window(liability: RatesLiability, period: DateRange | FinancialYear | None) -> tuple[dt.date, dt.date] | None:
    whole = liability.period() if period is None else period
    first = max(whole.start, liability.start)
    last = whole.end
    if liability.end is not None:
        last = min(last, liability.end)
    return (first, last) if first <= last else None


def charge(
    liability: RatesLiability,
    hereditament: Hereditament,
    rules: RatesRules,
    period: DateRange | FinancialYear | None = None,
) -> RatesExplanation:
    """The explained charge for ``liability`` on ``hereditament`` over ``period`` (default: the
    whole liability, which must then have an end); days outside the liability are not charged.

    Raises :class:`RatesError` for a hereditament not in the list on a day charged, a year with
    no multipliers, or conflicting facts.
    """
    if liability.hereditament_reference != hereditament.reference:
        raise RatesError(
            f"liability {liability.reference} is for hereditament {liability.hereditament_reference},"
            f" not {hereditament.reference}"
        )
    if hereditament.country is not rules.country:
        raise RatesError(f"hereditament {hereditament.reference} is in {hereditament.country.title},"
                         f" the rules are {rules.country.title}'s")
    window = _window(liability, period)
    if window is None:
        return RatesExplanation(liability.reference, hereditament.reference, (), ZERO, ZERO, CHARGE_ROUNDING.name)
    try:
        return _Engine(liability, hereditament, rules, *window).explain()
    except NotInForce as error:
        raise RatesError(f"liability {liability.reference}: {error}") from None


class _Engine:
    """One charge computation: the day's state as a comparable key, then one line per run of equal keys."""

    def __init__(self, liability: RatesLiability, hereditament: Hereditament, rules: RatesRules,
                 first: dt.date, last: dt.date) -> None:
        self.liability, self.hereditament, self.rules, self.first, self.last = liability, hereditament, rules, first, last
        self.reliefs = [(r, r.start, r.end or last) for r in liability.reliefs]
        self.certificates = []
        for cert in liability.part_occupations:
            listed = hereditament.value_on(cert.requested).value
            if cert.occupied_value > listed:
                raise RatesError(f"liability {liability.reference}: the s.44A certificate apportions"
                                 f" £{cert.occupied_value:,} to the occupied part of a list value of £{listed:,}")
            self.certificates.append((cert, cert.partly_unoccupied_from, cert.end or last, listed))
        self.free_last: dt.date | None = None
        if not liability.occupied:
            empty_rules = rules.empty.at(liability.since)
            industrial = hereditament.qualifying_industrial
            months = empty_rules.industrial_free_months if industrial else empty_rules.free_months
            self.free_last = end_of_months(liability.since, months)
            self.free_rule = empty_rules.industrial_free_rule if industrial else empty_rules.free_rule
            self.free_text = (f"empty: initial free period of {months} months{' (qualifying industrial)' if industrial else ''}"
                              f" from {liability.since.isoformat()} to {self.free_last.isoformat()}"
                              f"{unverified_note(empty_rules.unverified)}")

    def cuts(self) -> list[dt.date]:
        days = [dt.date(year, 4, 1) for year in range(self.first.year, self.last.year + 1)]
        days += [entry.effective_from for entry in self.hereditament.values]
        days += self.rules.change_days
        for _, start, end in self.reliefs:
            days += [start, end + ONE_DAY]
        for _, start, end, _ in self.certificates:
            days += [start, end + ONE_DAY]
        if self.free_last is not None:
            days.append(self.free_last + ONE_DAY)
        return sorted({day for day in days if self.first < day <= self.last})

    def explain(self) -> RatesExplanation:
        spans: list[tuple[dt.date, dt.date, _State]] = []
        start = self.first
        for cut in (*self.cuts(), self.last + ONE_DAY):
            key = self.state(start)
            if spans and spans[-1][2] == key:
                spans[-1] = (spans[-1][0], cut - ONE_DAY, key)
            else:
                spans.append((start, cut - ONE_DAY, key))
            start = cut
        lines: list[RatesLine] = []
        gross: dict[int, Fraction] = {}
        total = ZERO
        exact, shown, rhl_given = Fraction(0), ZERO, Fraction(0)
        for first, last, key in spans:
            if key[0] not in gross:  # the rounding (and the RHL cash cap) runs over one financial year: one bill
                gross[key[0]], exact, shown, rhl_given = Fraction(0), Fraction(0), ZERO, Fraction(0)
            line, exact, shown, rhl_given = _line(first, last, key, self.liability.occupied, exact, shown, rhl_given)
            gross[key[0]] += Fraction(line.rateable_value) * Fraction(line.multiplier.value) * line.days / line.days_in_year
            total += line.amount
            lines.append(line)
        gross_total = sum((CHARGE_ROUNDING(decimal(amount)) for amount in gross.values()), ZERO)
        return RatesExplanation(self.liability.reference, self.hereditament.reference, tuple(lines), total,
                                gross_total, CHARGE_ROUNDING.name)

    def state(self, day: dt.date) -> _State:
        """Everything that decides the charge on ``day``, as a comparable key."""
        year = FinancialYear.containing(day)
        entry = self.hereditament.value_on(day)
        # RHL ("wholly or mainly used" for retail...) read as needing occupation: UNVERIFIED.
        rhl = self.hereditament.rhl and self.liability.occupied
        active = {r.kind: r for r, start, end in self.reliefs if start <= day <= end}
        mandatory = self.mandatory_step(day, entry, active)
        # Who a multiplier is for can depend on occupation and on the mandatory relief (England
        # before 1 April 2024: the small business multiplier only in the s.43(4A) SBRR formula).
        row = self.rules.multipliers.at(year.start)
        multiplier, passed = row.choose_explained(entry.value, rhl, self.liability.occupied,
                                                  frozenset({mandatory[0].value} if mandatory else ()))
        rule = row.rule(multiplier, self.liability.occupied)
        empty = None if self.liability.occupied else self.empty_step(day, entry)
        certificate: PartOccupation | None = None
        for cert, start, end, listed in self.certificates:
            if start <= day <= end and entry.value == listed:
                certificate = cert
        rhl_scheme: _Rhl | None = None
        if ReliefKind.RETAIL_HOSPITALITY_LEISURE in active:
            scheme = self.rules.rhl.at(day)
            rhl_scheme = (Fraction(scheme.percent), Fraction(scheme.cash_cap), scheme.rule,
                          unverified_note(scheme.unverified))
        return (year.start_year, year.days, entry, multiplier, rule, passed, empty, certificate,
                mandatory, active.get(ReliefKind.DISCRETIONARY), rhl_scheme, active.get(ReliefKind.HARDSHIP))

    def empty_step(self, day: dt.date, entry: RateableValue) -> tuple[str, str] | None:
        """(rule, description) where an unoccupied hereditament pays nothing on ``day``."""
        exclusions = (*self.hereditament.empty_exclusions, *self.liability.empty_exclusions)
        if exclusions:
            return exclusions[0].rule, f"empty, excluded from empty rate: {exclusions[0].label}"
        empty_rules = self.rules.empty.at(day)
        limit = empty_rules.low_value_below
        if entry.value < limit:
            year = FinancialYear.containing(day).label
            return (empty_rules.low_value_rule, f"empty, RV below £{limit:,} (the threshold for {year}): no empty rate"
                                                f"{unverified_note(empty_rules.unverified)}")
        if self.free_last is not None and day <= self.free_last:
            return self.free_rule, self.free_text
        return None

    def mandatory_step(self, day: dt.date, entry: RateableValue, active: dict[ReliefKind, Relief]) -> _Mandatory | None:
        """(kind, percent, rule, description) of the one mandatory relief on ``day``: charity before SBRR."""
        if ReliefKind.CHARITY in active:
            charity = self.rules.charity.at(day)
            percent = Fraction(charity.percent)
            also = f" (instead of small business rate relief: {NO_STACKING})" if ReliefKind.SMALL_BUSINESS in active else ""
            return (ReliefKind.CHARITY, percent, charity.rule,
                    f"{ReliefKind.CHARITY.label} {decimal(percent)}%{unverified_note(charity.unverified)}{also}")
        if ReliefKind.SMALL_BUSINESS in active:
            scheme = self.rules.small_business.at(day)
            e, working = scheme.divisor(entry.value)
            percent = scheme.percent(entry.value)
            shown = f"{decimal(percent).quantize(Decimal('0.01')).normalize():f}"
            approx = "" if Fraction(Decimal(shown)) == percent else " (about)"
            return (ReliefKind.SMALL_BUSINESS, percent, scheme.rule,
                    f"{ReliefKind.SMALL_BUSINESS.label} {shown}%{approx}: {working}; the charge is divided by E"
                    f"{unverified_note(scheme.unverified)}")
        return None


def _line(first: dt.date, last: dt.date, key: _State, occupied: bool, exact: Fraction, shown: Decimal,
          rhl_given: Fraction) -> tuple[RatesLine, Fraction, Decimal, Fraction]:
    """One line: its steps, given the year's running exact total, its rounded figure and the RHL
    relief given so far in the year (for the cash cap)."""
    year, diy, entry, multiplier, rule, passed, empty, certificate, mandatory, discretionary, rhl, hardship = key
    days = (last - first).days + 1
    rate = Fraction(multiplier.value)
    steps: list[Step] = []
    start_shown = shown
    line_exact = before = Fraction(0)

    def step(annual: Fraction, rule: str, description: str) -> None:
        nonlocal exact, shown, line_exact, before
        delta = (annual - before) * days / diy
        exact, line_exact, before = exact + delta, line_exact + delta, annual
        rounded = CHARGE_ROUNDING(decimal(exact))
        steps.append(Step(description, rule, rounded - shown, decimal(annual)))
        shown = rounded

    annual = Fraction(entry.value) * rate
    step(annual, rule, f"RV £{entry.value:,} x {multiplier.name} {multiplier.value}" + (f" ({passed})" if passed else ""))
    if empty is not None:
        annual = Fraction(0)
        step(annual, *empty)
    if certificate is not None:
        annual = Fraction(certificate.occupied_value) * rate
        step(annual, PART_OCCUPATION_RULE, _certificate_text(certificate, entry))
    if mandatory is not None and annual:
        kind, percent, relief_rule, description = mandatory
        annual = annual * (100 - percent) / 100
        step(annual, relief_rule, description)
    def award_step(award: Relief | None) -> None:
        nonlocal annual
        if award is not None and award.percent is not None and annual:  # s.47/s.49 awards always carry one
            annual = annual * (100 - Fraction(award.percent)) / 100
            step(annual, award.kind.rule, f"{award.kind.label} {award.percent}%")

    award_step(discretionary)
    if rhl is not None and rhl[0] and annual:
        percent, cap, rhl_rule, note = rhl
        given = annual * percent / 100 * days / diy
        capped = given > cap - rhl_given
        given = max(min(given, cap - rhl_given), Fraction(0))
        rhl_given += given
        annual -= given * diy / days
        reached = " (cash cap reached)" if capped else ""
        step(annual, rhl_rule, f"{ReliefKind.RETAIL_HOSPITALITY_LEISURE.label} {decimal(percent)}% of what is left,"
                               f" at most £{decimal(cap):,} in the year{reached}{note}")
    award_step(hardship)
    line = RatesLine(first, last, days, year, diy, entry.value, entry.list_year, multiplier, occupied,
                     tuple(steps), shown - start_shown, line_exact)
    return line, exact, shown, rhl_given


def _certificate_text(certificate: PartOccupation, entry: RateableValue) -> str:
    return (f"part unoccupied: valuation officer's certificate apportions £{certificate.occupied_value:,} of the"
            f" £{entry.value:,} to the occupied part (requested {certificate.requested.isoformat()})")
