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
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from bisect import bisect_right
from fractions import Fraction
from math import gcd

from revcore.dates import end_of_months
from revcore.steps import Step
from revcore.dated import NotInForce
from revcore.money import PENNY, ZERO, RoundingRule
from revcore.nndr.errors import RatesError
from revcore.nndr.explanation import RatesExplanation, RatesLine
from revcore.nndr.hereditament import Hereditament, RateableValue
from revcore.nndr.liability import RatesLiability
from revcore.nndr.reliefs import PartOccupation, Relief, ReliefKind
from revcore.nndr.rules import CharityRelief, Multiplier, MultiplierSet, RatesRules, SmallBusinessScheme, unverified_note
from revcore.periods import ONE_DAY, DateRange, FinancialYear

__all__ = ["CHARGE_ROUNDING", "charge"]

CHARGE_ROUNDING: RoundingRule = RoundingRule("each year's total to the nearest penny, half up", PENNY, ROUND_HALF_UP)
"""No statutory rounding was found: UNVERIFIED (LGFA 1988 ss.43, 45 do not round)."""

PART_OCCUPATION_RULE = "LGFA 1988 s.44A"
_CHARITY, _SMALL_BUSINESS = ReliefKind.CHARITY.value, ReliefKind.SMALL_BUSINESS.value
_DISCRETIONARY, _HARDSHIP = ReliefKind.DISCRETIONARY.value, ReliefKind.HARDSHIP.value
_RHL = ReliefKind.RETAIL_HOSPITALITY_LEISURE.value
_NO_RELIEF: frozenset[str] = frozenset()
NO_STACKING = "mandatory reliefs do not stack, UNVERIFIED"

_Mandatory = tuple[ReliefKind, Fraction, str, str]
"""The one mandatory relief on a day: (kind, percent, rule, description)."""
_Rhl = tuple[Fraction, Fraction, str, str]
"""The RHL scheme on a day: (percent, cash cap for the year, rule, unverified note)."""
_State = tuple[int, int, RateableValue, Multiplier, str, str, "tuple[str, str] | None",
               "PartOccupation | None", "_Mandatory | None", "Relief | None", "_Rhl | None", "Relief | None"]
"""Everything that decides the charge on a day: (year, days in year, list entry, multiplier, rule,
the gross step's description (naming why a multiplier before it was refused), empty step, s.44A
certificate, mandatory relief, discretionary relief, RHL scheme, hardship relief)."""


def decimal(value: Fraction) -> Decimal:
    """A fraction as a Decimal: exact when it terminates, else to 40 significant digits."""
    with localcontext() as context:
        context.prec = 40
        return Decimal(value.numerator) / Decimal(value.denominator)


# The charge's exact arithmetic is done on integer ratios (numerator, denominator), reduced by
# their gcd, rather than Fraction objects: the same values, a third of the time (benchmarks/
# nndr_charges.py). :func:`_quotient` divides as :func:`decimal` does (40 digits, half even).
_Ratio = tuple[int, int]
_FORTY = Context(prec=40)


_divide = _FORTY.divide
_ROUND_TO, _ROUNDING = CHARGE_ROUNDING.quantum, CHARGE_ROUNDING.rounding
"""CHARGE_ROUNDING, applied inline where every step of every line rounds."""


def _quotient(numerator: int, denominator: int) -> Decimal:
    return _divide(Decimal(numerator), Decimal(denominator))


# Results that depend only on a table row and a rateable value, remembered across charges (a
# billing run charges thousands of hereditaments on the same rows): the row is kept beside its
# answer, so an id reused by another object after the row was freed is never taken for it.
_MEMO_LIMIT = 65_536
_Choice = tuple[Multiplier, "str | None", str, str]
_Chosen = tuple[int, "str | None", str, str]
"""A choice kept as plain values (the multiplier by its place in the row): no objects for the
garbage collector to go through, however many RVs are remembered."""
_CHOICES: dict[int, tuple[MultiplierSet, dict[tuple[Decimal, bool, bool, str], _Chosen]]] = {}
_SMALL: dict[tuple[int, Decimal], tuple[SmallBusinessScheme, _Mandatory]] = {}
_CHARITY_STEPS: dict[tuple[int, bool], tuple[CharityRelief, _Mandatory]] = {}
_NOTHING = Fraction(0)


def _choice(row: MultiplierSet, rv: Decimal, rhl: bool, occupied: bool, mandatory: str) -> _Choice:
    """The multiplier charged, why one before it was refused, the provision charged under and the
    gross step's description; ``mandatory`` is the code of the mandatory relief on the day, or ""."""
    held = _CHOICES.get(id(row))
    if held is None or held[0] is not row:
        if len(_CHOICES) >= 64:  # rules loaded again and again (tests): forget the old rows
            _CHOICES.clear()
        held = _CHOICES[id(row)] = (row, {})
    answers = held[1]
    key = (rv, rhl, occupied, mandatory)
    found = answers.get(key)
    if found is None:
        multiplier, passed = row.choose_explained(rv, rhl, occupied, frozenset({mandatory}) if mandatory else _NO_RELIEF)
        described = f"RV £{rv:,} x {multiplier.name} {multiplier.value}" + (f" ({passed})" if passed else "")
        place = next(place for place, candidate in enumerate(row.multipliers) if candidate is multiplier)
        found = (place, passed, row.rule(multiplier, occupied), described)
        if len(answers) >= _MEMO_LIMIT:
            answers.clear()
        answers[key] = found
    return row.multipliers[found[0]], found[1], found[2], found[3]


def _small_business(scheme: SmallBusinessScheme, rv: Decimal) -> _Mandatory:
    """Small business rate relief's step for ``rv`` under ``scheme``: E, the percentage it comes to
    and the working shown."""
    key = (id(scheme), rv)
    found = _SMALL.get(key)
    if found is not None and found[0] is scheme:
        return found[1]
    e, working = scheme.divisor(rv)
    percent = scheme.percent(rv)
    shown = f"{decimal(percent).quantize(Decimal('0.01')).normalize():f}"
    approx = "" if Fraction(Decimal(shown)) == percent else " (about)"
    answer = (ReliefKind.SMALL_BUSINESS, percent, scheme.rule,
              f"{ReliefKind.SMALL_BUSINESS.label} {shown}%{approx}: {working}; the charge is divided by E"
              f"{unverified_note(scheme.unverified)}")
    if len(_SMALL) >= _MEMO_LIMIT:
        _SMALL.clear()
    _SMALL[key] = (scheme, answer)
    return answer


def _charity(scheme: CharityRelief, small_business_too: bool) -> _Mandatory:
    """Charity relief's step under ``scheme`` (saying so when it takes the place of small business rate relief)."""
    key = (id(scheme), small_business_too)
    found = _CHARITY_STEPS.get(key)
    if found is not None and found[0] is scheme:
        return found[1]
    percent = Fraction(scheme.percent)
    also = f" (instead of small business rate relief: {NO_STACKING})" if small_business_too else ""
    answer = (ReliefKind.CHARITY, percent, scheme.rule,
              f"{ReliefKind.CHARITY.label} {decimal(percent)}%{unverified_note(scheme.unverified)}{also}")
    if len(_CHARITY_STEPS) >= _MEMO_LIMIT:
        _CHARITY_STEPS.clear()
    _CHARITY_STEPS[key] = (scheme, answer)
    return answer


_YEARS: dict[int, tuple[dt.date, int]] = {}


def _year(start_year: int) -> tuple[dt.date, int]:
    """A financial year's first day and its number of days, remembered (every charge asks)."""
    year = FinancialYear(start_year)
    found = _YEARS[start_year] = (year.start, year.days)
    return found


def _reduced(numerator: int, denominator: int) -> _Ratio:
    common = gcd(numerator, denominator)
    return (numerator // common, denominator // common) if common > 1 else (numerator, denominator)


def _year_gross(lines: list[tuple[_Ratio, Decimal]]) -> Decimal:
    """A year's gross charge, rounded once: its lines' exact gross added up (one line's is rounded already)."""
    if len(lines) == 1:
        return lines[0][1]
    held_n, held_d = 0, 1
    for (add_n, add_d), _ in lines:
        held_n, held_d = _reduced(held_n * add_d + add_n * held_d, held_d * add_d)
    return CHARGE_ROUNDING(_quotient(held_n, held_d)) if lines else ZERO


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
        self.reliefs = [(r.kind.value, r, r.start, r.end or last) for r in liability.reliefs]
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
        """The days a span may begin on after the first, in order, then the day after the last."""
        first, last = self.first, self.last
        changes = self.rules.change_days  # sorted: only those inside the window
        days = list(changes[bisect_right(changes, first):bisect_right(changes, last)])
        april = dt.date(first.year + (first.month >= 4), 4, 1)  # each financial year after the first
        while april <= last:
            days.append(april)
            april = dt.date(april.year + 1, 4, 1)
        for entry in self.hereditament.values:
            if first < entry.effective_from <= last:
                days.append(entry.effective_from)
        for _, _, start, end in self.reliefs:
            days += [start, end + ONE_DAY]
        for _, start, end, _ in self.certificates:
            days += [start, end + ONE_DAY]
        if self.free_last is not None:
            days.append(self.free_last + ONE_DAY)
        after = last + ONE_DAY
        if not days:
            return [after]
        return [*sorted({day for day in days if first < day <= last}), after]

    def explain(self) -> RatesExplanation:
        spans: list[tuple[dt.date, dt.date, _State]] = []
        start = self.first
        for cut in self.cuts():
            key = self.state(start)
            if spans and spans[-1][2] == key:
                spans[-1] = (spans[-1][0], cut - ONE_DAY, key)
            else:
                spans.append((start, cut - ONE_DAY, key))
            start = cut
        occupied = self.liability.occupied
        if len(spans) == 1:  # most charges: one state all through
            line, _, _, (_, alone), _ = _opening_line(*spans[0], occupied)
            return RatesExplanation(self.liability.reference, self.hereditament.reference, (line,), ZERO + line.amount,
                                    ZERO + alone, CHARGE_ROUNDING.name)
        lines: list[RatesLine] = []
        total = gross_total = ZERO
        exact: _Ratio = (0, 1)
        shown = ZERO
        rhl_given = _NOTHING
        year = 0
        year_gross: list[tuple[_Ratio, Decimal]] = []  # the year's lines' gross, exact and rounded alone
        for first, last, key in spans:
            if key[0] != year:  # the rounding (and the RHL cash cap) runs over one financial year: one bill
                gross_total += _year_gross(year_gross)
                year, year_gross = key[0], []
                made = _opening_line(first, last, key, occupied)
            else:
                made = _line(first, last, key, occupied, exact, shown, rhl_given)
            line, exact, shown, gross, rhl_given = made
            year_gross.append(gross)
            total += line.amount
            lines.append(line)
        gross_total += _year_gross(year_gross)
        return RatesExplanation(self.liability.reference, self.hereditament.reference, tuple(lines), total,
                                gross_total, CHARGE_ROUNDING.name)

    def year_of(self, day: dt.date) -> tuple[int, int, MultiplierSet]:
        """The financial year containing ``day`` (its start year), its days and its multipliers."""
        start_year = day.year if day.month >= 4 else day.year - 1
        start, days = _YEARS.get(start_year) or _year(start_year)
        return start_year, days, self.rules.multipliers.at(start)

    def state(self, day: dt.date) -> _State:
        """Everything that decides the charge on ``day``, as a comparable key."""
        latest = self.hereditament.values[-1]  # the list's entries are in date order: mostly the last applies
        entry = latest if latest.effective_from <= day else self.hereditament.value_on(day)  # (or the error to report)
        start_year, days_in_year, row = self.year_of(day)
        # RHL ("wholly or mainly used" for retail...) read as needing occupation: UNVERIFIED.
        rhl = self.hereditament.rhl and self.liability.occupied
        active = {code: r for code, r, start, end in self.reliefs if start <= day <= end} if self.reliefs else {}
        mandatory = self.mandatory_step(day, entry, active) if active else None
        # Who a multiplier is for can depend on occupation and on the mandatory relief (England
        # before 1 April 2024: the small business multiplier only in the s.43(4A) SBRR formula).
        multiplier, passed, rule, gross = _choice(row, entry.value, rhl, self.liability.occupied,
                                                  mandatory[0].value if mandatory else "")
        empty = None if self.liability.occupied else self.empty_step(day, entry)
        certificate: PartOccupation | None = None
        for cert, start, end, listed in self.certificates:
            if start <= day <= end and entry.value == listed:
                certificate = cert
        rhl_scheme: _Rhl | None = None
        if _RHL in active:
            scheme = self.rules.rhl.at(day)
            rhl_scheme = (Fraction(scheme.percent), Fraction(scheme.cash_cap), scheme.rule,
                          unverified_note(scheme.unverified))
        return (start_year, days_in_year, entry, multiplier, rule, gross, empty, certificate,
                mandatory, active.get(_DISCRETIONARY), rhl_scheme, active.get(_HARDSHIP))

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

    def mandatory_step(self, day: dt.date, entry: RateableValue, active: dict[str, Relief]) -> _Mandatory | None:
        """(kind, percent, rule, description) of the one mandatory relief on ``day``: charity before SBRR."""
        if _CHARITY in active:
            return _charity(self.rules.charity.at(day), _SMALL_BUSINESS in active)
        if _SMALL_BUSINESS in active:
            return _small_business(self.rules.small_business.at(day), entry.value)
        return None


_Made = tuple[RatesLine, _Ratio, Decimal, tuple[_Ratio, Decimal], Fraction]
"""A line, then the year's running exact total, its rounded figure, the line's gross (exact, and
rounded as if it were the year's only line) and the RHL relief given in the year."""
_Working = tuple[tuple[tuple[str, str, Decimal, Decimal], ...], Decimal, _Ratio, _Ratio, Decimal, tuple[_Ratio, Decimal]]
"""A line's working in plain values: its steps (description, rule, amount, annual amount after
it), its amount and exact amount (reduced), the year's running exact total and its rounded figure
after it, and its gross (exact, and rounded alone)."""
_OPENINGS: dict[tuple[object, ...], _Working] = {}
_OPENING_LINES: dict[tuple[object, ...], RatesLine] = {}
_LINES_LIMIT = 8_192


def _opening_line(first: dt.date, last: dt.date, key: _State, occupied: bool) -> _Made:
    """:func:`_line` for a span that opens its financial year (nothing charged before it in the
    year). Its working depends only on the span and the state, so when the state holds no
    certificate or RHL relief it is remembered: a billing run charges thousands of whole years in
    the same states. Decimals are keyed by their text as shown (equal Decimals can be written
    differently; the gross step's text shows the multiplier's), an award by its kind and
    percentage (its dates are not in the line). The working is kept in plain values (no objects
    for the garbage collector to go through); the line is made again from it."""
    year, diy, entry, multiplier, rule, gross_text, empty, certificate, mandatory, discretionary, rhl, hardship = key
    if certificate is not None or rhl is not None:
        return _line(first, last, key, occupied, (0, 1), ZERO, _NOTHING)
    memo_key = (first, last, occupied, year, str(entry.value), entry.list_year, rule, gross_text, empty,
                mandatory and (mandatory[0].value, mandatory[1].numerator, mandatory[1].denominator, *mandatory[2:]),
                discretionary and _award_key(discretionary), hardship and _award_key(hardship))
    working = _OPENINGS.get(memo_key)
    if working is None:
        working = _work(first, last, key, (0, 1), ZERO, _NOTHING)[0]
        if len(_OPENINGS) >= _MEMO_LIMIT:
            _OPENINGS.clear()
        _OPENINGS[memo_key] = working
        line = _made(first, last, key, occupied, working)
    else:  # a state seen before: its line too is kept (a few thousand, so the collector's work stays small)
        kept = _OPENING_LINES.get(memo_key)
        if kept is not None and kept.multiplier is multiplier:
            line = kept
        else:
            line = _made(first, last, key, occupied, working)
            if len(_OPENING_LINES) >= _LINES_LIMIT:
                _OPENING_LINES.clear()
            _OPENING_LINES[memo_key] = line
    return line, working[3], working[4], working[5], _NOTHING


def _award_key(award: Relief) -> tuple[str, str] | None:
    return None if award.percent is None else (award.kind.value, str(award.percent))


def _line(first: dt.date, last: dt.date, key: _State, occupied: bool, exact: _Ratio, shown: Decimal,
          rhl_given: Fraction) -> _Made:
    """One line, given the year's running exact total, its rounded figure so far and the RHL
    relief given so far in the year (for the cash cap); then the year's new running total, its
    rounded figure, the line's gross amount and the RHL relief given."""
    working, rhl_given = _work(first, last, key, exact, shown, rhl_given)
    return _made(first, last, key, occupied, working), working[3], working[4], working[5], rhl_given


def _made(first: dt.date, last: dt.date, key: _State, occupied: bool, working: _Working) -> RatesLine:
    steps, amount, (exact_n, exact_d) = working[0], working[1], working[2]
    entry = key[2]
    return RatesLine(first, last, (last - first).days + 1, key[0], key[1], entry.value, entry.list_year, key[3],
                     occupied, tuple([Step(*step) for step in steps]), amount, Fraction(exact_n, exact_d))


def _work(first: dt.date, last: dt.date, key: _State, exact: _Ratio, shown: Decimal,
          rhl_given: Fraction) -> tuple[_Working, Fraction]:
    """A line's working (:data:`_Working`) and the RHL relief given in the year after it."""
    diy = key[1]
    days = (last - first).days + 1
    chain, rhl_given = _annuals(key, days, rhl_given)
    steps: list[tuple[str, str, Decimal, Decimal]] = []
    start_shown = shown
    exact_n, exact_d = exact
    line_n, line_d = 0, 1
    before_n, before_d = 0, 1
    for annual_n, annual_d, rule, description in chain:  # each step charges this line's days of its change
        delta_n = (annual_n * before_d - before_n * annual_d) * days
        delta_d = annual_d * before_d * diy
        if steps or exact_n:
            exact_n, exact_d = _reduced(exact_n * delta_d + delta_n * exact_d, exact_d * delta_d)
        else:  # the gross step opening the year: the running total is its change, the line's gross
            exact_n, exact_d = _reduced(delta_n, delta_d)
        line_n, line_d = line_n * delta_d + delta_n * line_d, line_d * delta_d  # reduced once, at the end
        before_n, before_d = annual_n, annual_d
        rounded = _divide(Decimal(exact_n), Decimal(exact_d)).quantize(_ROUND_TO, rounding=_ROUNDING)
        steps.append((description, rule, rounded - shown, _divide(Decimal(annual_n), Decimal(annual_d))))
        shown = rounded
        if len(steps) == 1:  # the gross step's change is the line's gross
            if exact == (0, 1):
                gross, alone = (exact_n, exact_d), rounded
            else:
                gross = _reduced(delta_n, delta_d)
                alone = CHARGE_ROUNDING(_quotient(*gross))
    return ((tuple(steps), shown - start_shown, gross if len(steps) == 1 else _reduced(line_n, line_d),
             (exact_n, exact_d), shown, (gross, alone)), rhl_given)


_Annual = tuple[int, int, str, str]
"""The annual amount after a step (numerator, denominator), its rule and its description."""


def _annuals(key: _State, days: int, rhl_given: Fraction) -> tuple[list[_Annual], Fraction]:
    """The annual amount after each step of a line in ``key``'s state, in the order of calculation,
    given the RHL relief given so far in the year (for the cash cap); and the RHL relief given after it."""
    _, diy, entry, multiplier, rule, gross_text, empty, certificate, mandatory, discretionary, rhl, hardship = key
    rate_n, rate_d = multiplier.value.as_integer_ratio()
    value_n, value_d = entry.value.as_integer_ratio()
    annual_n, annual_d = _reduced(value_n * rate_n, value_d * rate_d)
    chain = [(annual_n, annual_d, rule, gross_text)]
    if empty is not None:
        annual_n, annual_d = 0, 1
        chain.append((annual_n, annual_d, *empty))
    if certificate is not None:
        value_n, value_d = certificate.occupied_value.as_integer_ratio()
        annual_n, annual_d = _reduced(value_n * rate_n, value_d * rate_d)
        chain.append((annual_n, annual_d, PART_OCCUPATION_RULE, _certificate_text(certificate, entry)))
    if mandatory is not None and annual_n:
        kind, percent, relief_rule, description = mandatory
        annual_n, annual_d = _reduced(annual_n * (100 * percent.denominator - percent.numerator),
                                      annual_d * 100 * percent.denominator)
        chain.append((annual_n, annual_d, relief_rule, description))
    if discretionary is not None and discretionary.percent is not None and annual_n:
        chain.append(_award(annual_n, annual_d, discretionary, discretionary.percent))
        annual_n, annual_d = chain[-1][0], chain[-1][1]
    if rhl is not None and rhl[0] and annual_n:  # rare: worked in Fractions, then back to a ratio
        percent, cap, rhl_rule, note = rhl
        annual = Fraction(annual_n, annual_d)
        given = annual * percent / 100 * days / diy
        capped = given > cap - rhl_given
        given = max(min(given, cap - rhl_given), _NOTHING)
        rhl_given += given
        annual -= given * diy / days
        annual_n, annual_d = annual.numerator, annual.denominator
        reached = " (cash cap reached)" if capped else ""
        chain.append((annual_n, annual_d, rhl_rule, f"{ReliefKind.RETAIL_HOSPITALITY_LEISURE.label} {decimal(percent)}%"
                                                    f" of what is left, at most £{decimal(cap):,} in the year{reached}{note}"))
    if hardship is not None and hardship.percent is not None and annual_n:
        chain.append(_award(annual_n, annual_d, hardship, hardship.percent))
    return chain, rhl_given


def _award(annual_n: int, annual_d: int, award: Relief, percent: Decimal) -> _Annual:
    """A s.47 or s.49 award's step (such awards always carry their ``percent``) on the annual amount left."""
    percent_n, percent_d = percent.as_integer_ratio()
    reduced_n, reduced_d = _reduced(annual_n * (100 * percent_d - percent_n), annual_d * 100 * percent_d)
    return reduced_n, reduced_d, award.kind.rule, f"{award.kind.label} {percent}%"


def _certificate_text(certificate: PartOccupation, entry: RateableValue) -> str:
    return (f"part unoccupied: valuation officer's certificate apportions £{certificate.occupied_value:,} of the"
            f" £{entry.value:,} to the occupied part (requested {certificate.requested.isoformat()})")
