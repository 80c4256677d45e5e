"""Who lives in a dwelling and who of them counts: the residents' Sch 1 statuses, the s.11
discount that follows from them, and whether an exemption class fits the account's occupation.

An account knows its people (liable and not) and, day by day, whether anyone is resident (a
resident liability with no empty period recorded). Each check returns the reason it refuses, in an
officer's words, or ``None``: the services turn a reason into a refusal on the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from revcore.ctax._checks import end_not_before_start, is_date, optional_date
from revcore.ctax.errors import CtaxError
from revcore.ctax.liability import Liability, LiabilityBasis
from revcore.ctax.persons import Person
from revcore.ctax.reliefs import Discount, resident_discount
from revcore.ctax.rules import CountryRules, Disregard, ExemptionClass, Occupation
from revcore.dates import after_years
from revcore.periods import ONE_DAY

__all__ = ["Status", "UNDER_ADULT_AGE", "age_on", "is_adult", "disregard_problem", "counted_on", "discounts_from",
           "occupied_days", "exemption_problem"]

UNDER_ADULT_AGE = "under-18"
"""The status code of not being an adult by age (LGFA 1992 s.6(5)); class S names it."""


@attrs.frozen
class Status:
    """A resident disregarded (LGFA 1992 Sch 1) under ``code`` from ``start`` to ``end`` (inclusive,
    None: open), on the ``evidence`` the officer named (a student certificate...)."""

    person: str
    code: str
    start: dt.date = attrs.field(validator=is_date)
    end: dt.date | None = attrs.field(default=None, validator=[optional_date, end_not_before_start])
    evidence: str = ""

    def on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def age_on(person: Person, day: dt.date) -> int | None:
    """Completed years on ``day`` (None when no date of birth is recorded)."""
    born = person.date_of_birth
    if born is None:
        return None
    years = day.year - born.year
    return years if after_years(born, years) <= day else years - 1


def _adult_age(rules: CountryRules) -> int:
    if rules.adult_age is None:
        raise CtaxError(f"{rules.country.title}: the tables give no adult age (ctax/disregards.toml [counting])")
    return rules.adult_age


def is_adult(rules: CountryRules, person: Person, day: dt.date) -> bool:
    """An adult (a resident who can count, s.6(5)) on ``day``; no date of birth is taken as an adult."""
    age = age_on(person, day)
    return age is None or age >= _adult_age(rules)


def disregard_problem(rules: CountryRules, disregard: Disregard, person: Person, day: dt.date,
                      evidence: str) -> str | None:
    """Why ``person`` cannot have the status from ``day`` (its dated conditions), or None."""
    what = f"{person.name} as {disregard.description}"
    if disregard.since is not None and day < disregard.since:
        return f"{what}: this status exists only from {disregard.since.isoformat()}"
    if disregard.min_age is not None or disregard.max_age is not None:
        age = age_on(person, day)
        if age is None:
            return f"{what}: give {person.name}'s date of birth (the status depends on age)"
        if disregard.min_age is not None and age < disregard.min_age:
            return f"{what}: aged {age} on {day.isoformat()}, the status starts at {disregard.min_age}"
        if disregard.max_age is not None and age >= disregard.max_age:
            return f"{what}: aged {age} on {day.isoformat()}, the status is for those under {disregard.max_age}"
    if disregard.evidence and not evidence.strip():
        return f"{what}: name the evidence seen ({disregard.evidence})"
    return None


def _codes_on(statuses: Sequence[Status], person: str, day: dt.date) -> tuple[str, ...]:
    return tuple(s.code for s in statuses if s.person == person and s.on(day))


def counted_on(rules: CountryRules, people: Sequence[Person], statuses: Sequence[Status],
               day: dt.date) -> tuple[int, tuple[str, ...]]:
    """The adults counted on ``day``, and the status of each adult disregarded (Sch 1: one each)."""
    counted = 0
    disregarded: list[str] = []
    for person in people:
        if not is_adult(rules, person, day):
            continue
        codes = _codes_on(statuses, person.reference, day)
        if codes:
            disregarded.append(codes[0])
        else:
            counted += 1
    return counted, tuple(disregarded)


def discounts_from(rules: CountryRules, people: Sequence[Person], statuses: Sequence[Status], start: dt.date,
                   end: dt.date | None) -> tuple[Discount, ...]:
    """The s.11 discounts from ``start`` to ``end`` as the people and their statuses give them
    (:func:`~revcore.ctax.reliefs.resident_discount`): a new period wherever a status starts or
    ends or someone comes of age. No adult at all gives no discount (record an empty period)."""
    adult = _adult_age(rules)
    days = {start}
    for status in statuses:
        days |= {status.start} | ({status.end + ONE_DAY} if status.end else set())
    for person in people:
        if person.date_of_birth is not None:
            days.add(after_years(person.date_of_birth, adult))
    changes = sorted(d for d in days if start <= d and (end is None or d <= end))
    periods: list[Discount] = []
    for first, following in zip(changes, [*changes[1:], None]):
        counted, disregarded = counted_on(rules, people, statuses, first)
        reason = resident_discount(counted, len(disregarded)) if counted or disregarded else None
        last = following - ONE_DAY if following else end
        if reason is None:
            continue
        previous = periods[-1] if periods else None
        if previous and previous.reason is reason and previous.disregarded == disregarded and previous.end == first - ONE_DAY:
            periods[-1] = attrs.evolve(previous, end=last)
        else:
            periods.append(Discount(reason, first, last, disregarded))
    return tuple(periods)


def occupied_days(liability: Liability, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first span from ``start`` to ``end`` on which the account shows someone resident (a
    resident or owner-class liability with no empty period recorded), or None."""
    if liability.basis is LiabilityBasis.OWNER:
        return None
    last = end if liability.end is None else min(end, liability.end)
    day = max(start, liability.start)
    while day <= last:
        empty = next((e for e in liability.empty_periods if e.start <= day and (e.end is None or day <= e.end)), None)
        if empty is None:
            later = [e.start for e in liability.empty_periods if e.start > day]
            return day, min([last, *(d - ONE_DAY for d in later)])
        if empty.end is None:
            return None
        day = empty.end + ONE_DAY
    return None


def exemption_problem(rules: CountryRules, klass: ExemptionClass, liability: Liability, people: Sequence[Person],
                      statuses: Sequence[Status], start: dt.date, end: dt.date) -> str | None:
    """Why the class does not fit the account from ``start`` to ``end`` (SI 1992/558 art. 3), or None.

    An unoccupied class is refused on any day someone is resident; an occupied class needs someone
    resident all along, and where it names the residents (N students, S under 18, U severely
    mentally impaired, X care leavers) every one of them must have such a status on ``start``."""
    occupied = occupied_days(liability, start, end)
    names = " & ".join(p.name for p in people)
    if klass.occupation is Occupation.UNOCCUPIED and occupied is not None:
        first, last = occupied
        return (f"class {klass.code} ({klass.description}) is only for an unoccupied dwelling, but {names} "
                f"{'are' if len(people) > 1 else 'is'} resident here from {first.isoformat()} to {last.isoformat()} "
                "(no empty period recorded): record the move out or the empty period first")
    if klass.occupation is Occupation.OCCUPIED:
        if occupied is None or occupied[0] != max(start, liability.start):
            return (f"class {klass.code} ({klass.description}) is for an occupied dwelling, but the account "
                    f"shows no one resident on {start.isoformat()}")
        for person in people:
            held = _codes_on(statuses, person.reference, start)
            if klass.residents_all and UNDER_ADULT_AGE in klass.residents_all and person.date_of_birth is None:
                return f"class {klass.code} ({klass.description}): give {person.name}'s date of birth"
            if not is_adult(rules, person, start):
                held = (*held, UNDER_ADULT_AGE)
            if klass.residents_all and not set(held) & set(klass.residents_all):
                wanted = ", ".join(rules.disregard(code).description for code in klass.residents_all)
                return (f"class {klass.code} ({klass.description}): {person.name} is resident on {start.isoformat()} "
                        f"and is not recorded as one of: {wanted}")
    return None
