"""A resident disregarded for the s.11 discount (LGFA 1992 Sch 1): the status is checked against
the person (age, evidence, in force), recorded on the account, and the discount from that day is
worked out again from everyone living there (:func:`revcore.ctax.discounts_from`)."""

from __future__ import annotations

import datetime as dt

import attrs

from revcore.ctax import (
    UNDER_ADULT_AGE,
    ChargeError,
    CtaxError,
    Discount,
    DiscountReason,
    Liability,
    Occupation,
    Person,
    Property,
    Status,
    counted_on,
    discounts_from,
    disregard_problem,
    exemption_problem,
    resident_discount,
)
from revcore.periods import ONE_DAY
from revtui.records.ctax import CtaxAccount
from revtui.services.account_actions import with_change
from revtui.services.changes import ActionError, Proposal, parse_day
from revtui.services.session import Session

__all__ = ["propose_disregard", "propose_end_status", "resident_listing", "disregard_listing", "find_resident", "DiscountsFrom"]


@attrs.frozen
class DiscountsFrom:
    """The discounts from ``day`` replaced by those the residents give (earlier ones kept, cut the day before)."""

    day: dt.date
    discounts: tuple[Discount, ...]
    words: str

    def apply(self, liability: Liability, prop: Property) -> tuple[Liability, Property]:
        last = self.day - ONE_DAY
        kept = tuple(attrs.evolve(d, end=last) if d.end is None or d.end > last else d
                     for d in liability.discounts if d.start <= last)
        return attrs.evolve(liability, discounts=(*kept, *self.discounts)), prop

    def describe(self) -> str:
        return self.words


def resident_listing(account: CtaxAccount) -> str:
    """The residents by number, with the date of birth where recorded."""
    return "  ".join(f"{n} {p.name}" + (f" ({p.date_of_birth.strftime('%d/%m/%Y')})" if p.date_of_birth else "")
                     for n, p in enumerate(account.residents, start=1))


def disregard_listing(session: Session, columns: int = 3, width: int = 25) -> str:
    """The statuses an officer may record in this country (codes), in columns for 80x24."""
    codes = [d.code for d in session.tariff.rules.disregards if d.code != UNDER_ADULT_AGE]
    rows = -(-len(codes) // columns)
    return "\n".join("".join(f"{codes[r + c * rows]:<{width}}" for c in range(columns) if r + c * rows < len(codes))
                     .rstrip() for r in range(rows))


def find_resident(account: CtaxAccount, who: str) -> Person:
    """A resident by number on the form's list or by name."""
    residents = account.residents
    text = who.strip()
    if text.isdigit() and 1 <= int(text) <= len(residents):
        return residents[int(text) - 1]
    named = [p for p in residents if p.name.lower() == text.lower()]
    if len(named) == 1:
        return named[0]
    raise ActionError(f"resident: {who!r} is not one of those living here ({resident_listing(account) or 'none'})")


def _discount_words(session: Session, account: CtaxAccount, day: dt.date) -> str:
    """Who counts on ``day`` and the discount that gives (the one rule: :func:`resident_discount`)."""
    counted, disregarded = counted_on(session.tariff.rules, account.residents, account.statuses, day)
    reason = resident_discount(counted, len(disregarded)) if counted or disregarded else None
    rates = session.tariff.rules.rates_on(day)
    if reason is DiscountReason.SINGLE_PERSON:
        what = f"one adult counted: single person discount {rates.single_person}% (LGFA 1992 s.11(1))"
    elif reason is DiscountReason.ALL_DISREGARDED:
        what = f"no adult counted: {rates.all_disregarded}% discount, all residents disregarded (LGFA 1992 s.11(2))"
    else:
        what = f"{counted} adults counted: no discount (LGFA 1992 s.11)"
    return (f"on {day.isoformat()}: {counted + len(disregarded)} adult(s) resident, {len(disregarded)} "
            f"disregarded (Sch 1); {what}")


def _exempt_instead(session: Session, account: CtaxAccount, start: dt.date, end: dt.date) -> list[str]:
    """An exemption every resident now qualifies for (class N: all students...), which the council
    awards instead of the discount (SI 1992/558 art. 3: an exempt dwelling has no charge at all)."""
    rules = session.tariff.rules
    fits = [k for k in rules.exemptions_on(start).classes if k.occupation is Occupation.OCCUPIED and k.residents_all
            and exemption_problem(rules, k, account.liability, account.residents, account.statuses, start, end) is None]
    return [f"NOTE: every resident now qualifies for exemption class {k.code} ({k.description}, SI 1992/558 art. 3): "
            f"award it with x (no charge at all) rather than this discount" for k in fits]


def propose_disregard(session: Session, account: CtaxAccount, prop: Property, who: str, code: str, from_text: str,
                      until_text: str, evidence: str, reason: str) -> Proposal:
    """``who`` is disregarded under ``code`` from a date (to a date, or open); the discount follows."""
    person = find_resident(account, who)
    code = code.strip().lower()
    rules = session.tariff.rules
    if not code:
        raise ActionError("status: type one of the statuses listed (student, carer, smi...)")
    if code == UNDER_ADULT_AGE:
        raise ActionError(f"status: {UNDER_ADULT_AGE} follows from the date of birth: record it on the person")
    try:
        disregard = rules.disregard(code)
    except ChargeError:
        known = ", ".join(d.code for d in rules.disregards if d.code != UNDER_ADULT_AGE)
        raise ActionError(f"status: {code!r} is not a disregard in {rules.country.title} ({known})") from None
    start = parse_day(from_text, "from")
    end = parse_day(until_text, "until") if until_text.strip() else None
    if end is not None and end < start:
        raise ActionError(f"until: {end.isoformat()} is before {start.isoformat()}")
    liability = account.liability
    if start < liability.start or (liability.end is not None and start > liability.end):
        raise ActionError(f"from: {start.isoformat()} is outside this account's liability")
    problem = disregard_problem(rules, disregard, person, start, evidence)
    if problem:
        raise ActionError(problem)
    if any(s.person == person.reference and s.start <= (end or dt.date.max) and start <= (s.end or dt.date.max)
           for s in account.statuses):
        raise ActionError(f"{person.name} already has a status recorded over those dates")
    status = Status(person.reference, code, start, end, evidence.strip())
    changed = attrs.evolve(account, statuses=(*account.statuses, status))
    discounts = discounts_from(rules, changed.residents, changed.statuses, start, liability.end)
    head = (f"{person.name} disregarded as {disregard.description} from {start.isoformat()}"
            + (f" to {end.isoformat()}" if end else "") + (f" (evidence: {evidence.strip()})" if evidence.strip() else ""))
    days = sorted({start} | {d.start for d in discounts} | {d.end + ONE_DAY for d in discounts if d.end
                                                             and (liability.end is None or d.end < liability.end)})
    words = ";\n".join([head, *(_discount_words(session, changed, day) for day in days), *_exempt_instead(
        session, changed, start, end or liability.end or start)])
    try:
        return with_change(session, changed, prop, DiscountsFrom(start, discounts, words), reason,
                           f"Disregard {person.name}: {account.reference}", changed_from=start)
    except CtaxError as error:  # an empty period recorded over the same days
        raise ActionError(str(error)) from None


def propose_end_status(session: Session, account: CtaxAccount, prop: Property, who: str, from_text: str,
                       reason: str) -> Proposal:
    """``who``'s status in force ends: not disregarded from a date (the course ended, the carer left);
    the discount from that day is worked out again."""
    person = find_resident(account, who)
    day = parse_day(from_text, "not disregarded from")
    running = [s for s in account.statuses if s.person == person.reference and (s.end is None or s.end >= day)
               and s.start < day]
    if not running:
        raise ActionError(f"{person.name} has no status running on {day.isoformat()} that began before it")
    statuses = tuple(attrs.evolve(s, end=day - ONE_DAY) if s in running else s for s in account.statuses)
    changed = attrs.evolve(account, statuses=statuses)
    rules = session.tariff.rules
    discounts = discounts_from(rules, changed.residents, changed.statuses, day, account.liability.end)
    words = ";\n".join([f"{person.name} no longer disregarded ({running[0].code}) from {day.isoformat()}",
                        _discount_words(session, changed, day)])
    try:
        return with_change(session, changed, prop, DiscountsFrom(day, discounts, words), reason,
                           f"End status of {person.name}: {account.reference}", changed_from=day)
    except CtaxError as error:
        raise ActionError(str(error)) from None
