"""Officer actions on a business rates account, each proposed (the re-bill shown) before it is saved.

Every ``propose_*`` reads what the officer typed, builds the changed liability through
:mod:`revcore.nndr` (which checks it) and re-bills every year already billed with
:func:`revtui.services.rates.bill_rates_year`: a changed year gets an adjustment bill and a ledger
adjustment, never a rewritten bill. Nothing is written until :func:`apply_change`, which saves in
one audited transaction (a :class:`~revtui.store.ConflictError` if another officer changed the
account meanwhile). Both check the ``rates.change`` permission.

An account holds one liability (:mod:`revtui.records.rates`), so a change of who is liable or of
occupation (occupation ends and the owner is liable for it empty, occupation starts, a new
ratepayer, an owner's empty-rate exclusion from a day) ends this account's liability the day
before and opens a new account, as a council tax move does. The empty free period attaches to
the property: a new owner of an empty property keeps ``empty_since``; after an occupation the
reg 5 rule (:func:`revcore.nndr.empty_since`) decides whether a new free period starts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

import attrs

from refdata.instalments import instalment_rules
from refdata.nndr import load_rates_rules
from revcore.council import Country
from revcore.dated import NotInForce
from revcore.dates import add_months
from revcore.ledger import Ledger
from revcore.money import format_money
from revcore.nndr import (EmptyExclusion, PartOccupation, RatesBill, RatesError, RatesLiability, RatesRules, Relief,
                          ReliefKind, empty_since)
from revcore.periods import ONE_DAY, FinancialYear
from revcore.references import make_reference
from revtui.records.rates import RatesAccount, rates_accounts
from revtui.services.changes import ActionError, Proposal, parse_day
from revtui.services.permissions import PermissionRefused, require
from revtui.services.rates import bill_rates_year
from revtui.services.session import Session
from revtui.store import Repository, Stored

__all__ = [
    "RATES_CHANGE",
    "RatesChange",
    "RatesFile",
    "open_rates_account",
    "apply_change",
    "as_proposal",
    "propose_relief",
    "propose_end_relief",
    "propose_part_occupation",
    "propose_occupation_end",
    "propose_occupation_start",
    "propose_change_of_ratepayer",
    "propose_empty_exclusion",
    "RELIEF_WORDS",
    "EXCLUSION_WORDS",
]

RATES_CHANGE = "rates.change"
"""The permission (:data:`revtui.services.permissions.PERMISSIONS`) every action here needs."""

RELIEF_WORDS: dict[str, ReliefKind] = {
    "sbrr": ReliefKind.SMALL_BUSINESS, "small business": ReliefKind.SMALL_BUSINESS,
    "small-business": ReliefKind.SMALL_BUSINESS, "charity": ReliefKind.CHARITY, "charitable": ReliefKind.CHARITY,
    "discretionary": ReliefKind.DISCRETIONARY, "top-up": ReliefKind.DISCRETIONARY, "s47": ReliefKind.DISCRETIONARY,
    "hardship": ReliefKind.HARDSHIP, "s49": ReliefKind.HARDSHIP,
    "rhl": ReliefKind.RETAIL_HOSPITALITY_LEISURE, "retail": ReliefKind.RETAIL_HOSPITALITY_LEISURE,
    "retail-hospitality-leisure": ReliefKind.RETAIL_HOSPITALITY_LEISURE,
}
"""What an officer may type for each relief (the storage keys too)."""


EXCLUSION_WORDS: dict[str, EmptyExclusion] = {kind.value: kind for kind in EmptyExclusion}


@attrs.frozen
class RatesChange:
    """What an action would do: the account as changed (re-billed), any new account opened (billed),
    and the effect in words; shown in full before :func:`apply_change` saves it."""

    title: str
    stored: Stored[RatesAccount]
    account: RatesAccount
    effect: str
    reason: str
    opened: RatesAccount | None = None


@attrs.frozen
class RatesFile:
    """A business rates account as read for an action's form (the form reads ``account``)."""

    account: Stored[RatesAccount]
    prop: None = None
    recovery: None = None

    def reopen(self, session: Session) -> "RatesFile":
        """The account as it is now (after another officer's change)."""
        return open_rates_account(session, self.account.doc_id)


def open_rates_account(session: Session, doc_id: int) -> RatesFile:
    return RatesFile(_repository(session).get(doc_id))


def _rules(country: Country) -> RatesRules:
    return load_rates_rules(country)  # read once per country (cached by refdata)


def _repository(session: Session) -> Repository[RatesAccount]:
    return rates_accounts(session.store)


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ActionError("reason: say why (recorded in the audit trail)")
    return reason.strip()


def _effective(session: Session, text: str, field: str) -> dt.date:
    """The day a change takes effect from; further back than the officer's backdating limit
    (``backdate_years``, refdata/tables/authorisation.toml) a senior officer must make it."""
    require(session, RATES_CHANGE)  # refused for the role before anything else is said
    day = parse_day(text, field)
    years = session.limits.backdate_years
    if day < add_months(session.today, -12 * years):
        raise PermissionRefused(f"{field}: {day.isoformat()} is more than {years} year(s) back, beyond your limit"
                                " for a backdated change: a senior officer must make it; nothing was changed")
    return day


def _optional_day(text: str, field: str) -> dt.date | None:
    return parse_day(text, field) if text.strip() else None


def _build(field: str, make: Callable[[], Any]) -> Any:
    """A revcore object built from what was typed; its own checks name the field."""
    try:
        return make()
    except RatesError as error:
        raise ActionError(f"{field}: {error}") from None


def _years(first: dt.date, today: dt.date) -> list[FinancialYear]:
    last = max(FinancialYear.containing(today).start_year, FinancialYear.containing(first).start_year)
    return [FinancialYear(year) for year in range(FinancialYear.containing(first).start_year, last + 1)]


def _rebill(account: RatesAccount, years: list[FinancialYear], issued: dt.date, officer: str) -> RatesAccount:
    """``account`` billed (or re-billed with an adjustment) for each of ``years`` on ``issued``."""
    rules = _rules(account.hereditament.country)
    country = account.hereditament.country.value
    try:
        for year in years:
            account = bill_rates_year(account, rules, year, issued, instalment_rules("business_rates", country, year),
                                      officer=officer)
    except RatesError as error:
        raise ActionError(f"cannot bill it: {error}") from None
    return account


def _billed_years(account: RatesAccount) -> list[FinancialYear]:
    return sorted({bill.year for bill in account.bills}, key=lambda year: year.start_year)


def _line_summary(bill: RatesBill) -> list[str]:
    return [f"  {line.start.isoformat()} to {line.end.isoformat()} {'occupied' if line.occupied else 'empty'},"
            f" RV £{line.rateable_value:,}: {format_money(line.amount)}" for line in bill.explanation.lines]


def _describe_rebill(before: RatesAccount, after: RatesAccount) -> str:
    """Each year whose charge changed: was, now, the difference; the old lines in brief and the
    new charge explained step by step with its rules; then the balance."""
    parts = []
    for year in _billed_years(after):
        old, new = before.last_bill(year.start_year), after.last_bill(year.start_year)
        if new is None or new is old:
            continue
        was = old.explanation.total if old is not None else Decimal(0)
        head = (f"{year.label}: was {format_money(was)}, now {format_money(new.explanation.total)},"
                f" difference {format_money(new.explanation.total - was)}")
        before_lines = ["Before:", *_line_summary(old)] if old is not None else ["Not billed before."]
        after_lines = ["After:", *(row for line in new.explanation.lines for row in line.render())]
        parts.append("\n".join([head, *before_lines, *after_lines]))
    if not parts:
        return "No change to any year's charge."
    parts.append(f"Balance now {format_money(before.ledger.balance)}; after the change "
                 f"{format_money(after.ledger.balance)}.")
    return "\n\n".join(parts)


def _changed(session: Session, stored: Stored[RatesAccount], make: Callable[[RatesLiability], RatesLiability],
             what: str, reason: str, title: str) -> RatesChange:
    """The account with its liability changed by ``make`` and re-billed for every year billed."""
    require(session, RATES_CHANGE)
    why = _reason(reason)
    account = stored.value
    liability = make(account.liability)
    changed = attrs.evolve(account, liability=liability)
    billed = _rebill(changed, _billed_years(account), session.today, session.officer)
    effect = f"{what}\n\n{_describe_rebill(account, billed)}"
    return RatesChange(f"{title}: {account.reference}", stored, billed, effect, f"{what}: {why}")


def _liability(field: str, liability: RatesLiability, **changes: Any) -> RatesLiability:
    return _build(field, lambda: attrs.evolve(liability, **changes))


def _relief_kind(text: str) -> ReliefKind:
    word = " ".join(text.strip().lower().split())
    if word in RELIEF_WORDS:
        return RELIEF_WORDS[word]
    raise ActionError(f"relief: {text.strip()!r} is not a relief; type sbrr (small business), charity, "
                      "discretionary (also a charity's top-up), rhl (retail, hospitality and leisure) or hardship")


def _percent(text: str, kind: ReliefKind) -> Decimal | None:
    if kind.from_data:
        if text.strip():
            raise ActionError(f"percent: {kind.label} is set by the tables; leave the percentage blank")
        return None
    try:
        percent = Decimal(text.strip().rstrip("%").strip())
    except InvalidOperation:
        raise ActionError(f"percent: {text.strip()!r} is not a percentage (the council's award of"
                          f" {kind.label}, 100 remits it all)") from None
    if not Decimal(0) < percent <= Decimal(100):
        raise ActionError(f"percent: {text.strip()}% must be more than 0 and at most 100")
    return percent


def _rhl_runs(account: RatesAccount, start: dt.date) -> None:
    """RHL relief needs a property recorded as retail, hospitality or leisure and a scheme that year."""
    if not account.hereditament.rhl:
        raise ActionError(f"relief: {account.hereditament.description.lower()} at {account.hereditament.address} is"
                          " not recorded as a retail, hospitality or leisure property")
    try:
        scheme = _rules(account.hereditament.country).rhl.at(start)
    except NotInForce:
        scheme = None
    if scheme is None or not scheme.percent:
        raise ActionError(f"from: no retail, hospitality and leisure relief scheme runs in "
                          f"{FinancialYear.containing(start).label} (from 2026/27 in England such properties pay"
                          " the RHL multipliers)")


def propose_relief(session: Session, stored: Stored[RatesAccount], kind_text: str, from_text: str,
                   until_text: str, percent_text: str, reason: str) -> RatesChange:
    """A relief awarded from a day (until a day, or open): small business rate relief and charity
    relief take their figures from the tables; discretionary (s.47, also a charity's top-up of
    what is left after its 80%) and hardship (s.49) carry the council's percentage."""
    kind = _relief_kind(kind_text)
    start = _effective(session, from_text, "from")
    end = _optional_day(until_text, "until")
    percent = _percent(percent_text, kind)
    if kind is ReliefKind.RETAIL_HOSPITALITY_LEISURE:
        _rhl_runs(stored.value, start)
    relief = _build("until", lambda: Relief(kind, start, end, percent=percent))
    until = f" until {end.isoformat()}" if end else ""
    what = f"{kind.label.capitalize()}{f' {percent}%' if percent is not None else ''} from {start.isoformat()}{until}"
    return _changed(session, stored, lambda liability: _liability("relief", liability,
                                                                  reliefs=(*liability.reliefs, relief)),
                    what, reason, f"Award {kind.label}")


def propose_end_relief(session: Session, stored: Stored[RatesAccount], kind_text: str, last_text: str,
                       reason: str) -> RatesChange:
    """The relief of a kind in force on a day ends on it (the last day relieved)."""
    kind = _relief_kind(kind_text)
    last = _effective(session, last_text, "last day")

    def make(liability: RatesLiability) -> RatesLiability:
        running = [r for r in liability.reliefs
                   if r.kind is kind and r.start <= last and (r.end is None or r.end > last)]
        if not running:
            raise ActionError(f"last day: no {kind.label} runs past {last.isoformat()} on {stored.value.reference}")
        kept = tuple(attrs.evolve(r, end=last) if r is running[0] else r for r in liability.reliefs)
        return _liability("last day", liability, reliefs=kept)

    return _changed(session, stored, make, f"{kind.label.capitalize()} ends on {last.isoformat()}", reason,
                    f"End {kind.label}")


def _whole_pounds(text: str, field: str) -> Decimal:
    cleaned = text.strip().replace("£", "").replace(",", "")
    if not cleaned.isdigit():
        raise ActionError(f"{field}: {text.strip()!r} is not a rateable value in whole pounds")
    return Decimal(cleaned)


def propose_part_occupation(session: Session, stored: Stored[RatesAccount], requested_text: str, from_text: str,
                            value_text: str, until_text: str, reason: str) -> RatesChange:
    """The valuation officer's s.44A certificate: the occupied part's value charged instead of the
    RV from the day part became unoccupied (LGFA 1988 s.44A; it stops applying when the list value
    apportioned changes, s.44A(3))."""
    requested = parse_day(requested_text, "requested on")
    start = _effective(session, from_text, "part empty from")
    value = _whole_pounds(value_text, "occupied part's value")
    end = _optional_day(until_text, "until")
    hereditament = stored.value.hereditament
    listed = hereditament.value_on(requested).value if requested >= hereditament.values[0].effective_from else None
    if listed is not None and value >= listed:
        raise ActionError(f"occupied part's value: £{value:,} is not less than the list value £{listed:,} on"
                          f" {requested.isoformat()}")
    certificate = _build("part empty from", lambda: PartOccupation(requested, start, value, end))
    until = f" until {end.isoformat()}" if end else ""
    what = (f"s.44A certificate: occupied part £{value:,}{f' of £{listed:,}' if listed is not None else ''}"
            f" from {start.isoformat()}{until} (requested {requested.isoformat()})")
    return _changed(session, stored, lambda liability: _liability(
        "s.44A certificate", liability, part_occupations=(*liability.part_occupations, certificate)),
        what, reason, "Record s.44A certificate")


def _next_reference(repository: Repository[RatesAccount]) -> str:
    serial = len(repository) + 1
    while repository.find_one("reference", make_reference("N", serial)) is not None:
        serial += 1
    return make_reference("N", serial)


def _successor(session: Session, stored: Stored[RatesAccount], first: dt.date, ratepayer: str, occupied: bool,
               since: dt.date | None, exclusions: tuple[EmptyExclusion, ...], what: str, reason: str,
               title: str) -> RatesChange:
    """This liability ends the day before ``first``; a new account opens on ``first`` and is billed."""
    require(session, RATES_CHANGE)
    why = _reason(reason)
    account = stored.value
    old = account.liability
    if first <= old.start:
        raise ActionError(f"from: {first.isoformat()} is not after this liability began ({old.start.isoformat()})")
    if old.end is not None and first > old.end + ONE_DAY:
        raise ActionError(f"from: this liability already ended on {old.end.isoformat()}")
    last = first - ONE_DAY
    cut = tuple(attrs.evolve(r, end=min(r.end or last, last)) for r in old.reliefs if r.start <= last)
    certs = tuple(attrs.evolve(c, end=min(c.end or last, last)) for c in old.part_occupations if c.start <= last)
    ended = _liability("from", old, end=last, reliefs=cut, part_occupations=certs)
    closed = _rebill(attrs.evolve(account, liability=ended), _billed_years(account), session.today, session.officer)
    repository = _repository(session)
    reference = _next_reference(repository)
    liability = _build("from", lambda: RatesLiability(
        reference, account.hereditament.reference, ratepayer, first, occupied=occupied,
        empty_since=None if occupied else since, empty_exclusions=exclusions))
    opened = _rebill(RatesAccount(reference, account.hereditament, liability, Ledger(reference)),
                     _years(first, session.today), session.today, session.officer)
    new_bills = "\n\n".join(f"{bill.year.label}: {format_money(bill.explanation.total)}\n"
                            + "\n".join(row for line in bill.explanation.lines for row in line.render())
                            for bill in opened.bills)
    effect = (f"{what}\n\n{account.reference} {old.ratepayer} liable until {last.isoformat()}:\n"
              f"{_describe_rebill(account, closed)}\n\nNew account {reference} {ratepayer}"
              f" ({'occupied' if occupied else 'empty'}) from {first.isoformat()}:\n{new_bills or 'nothing billed'}")
    return RatesChange(f"{title}: {account.reference}", stored, closed, effect, f"{what}: {why}", opened)


def _name(text: str, field: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise ActionError(f"{field}: say who")
    return name


def _previous_empty(session: Session, account: RatesAccount) -> RatesLiability | None:
    """The empty liability that ended the day before this occupation began, on the same hereditament."""
    day = account.liability.start - ONE_DAY
    for other in _repository(session).find("uarn", account.hereditament.uarn):
        liability = other.value.liability
        if (other.value.hereditament.reference == account.hereditament.reference and not liability.occupied
                and liability.end == day):
            return liability
    return None


def propose_occupation_end(session: Session, stored: Stored[RatesAccount], last_text: str, owner_text: str,
                           reason: str) -> RatesChange:
    """The occupier leaves after ``last_text``; the owner (if named) is liable for it empty from the
    next day. The free period (3 months, 6 for a qualifying industrial hereditament: SI 2008/386
    reg 4(a), (b)) runs from then, unless the occupation was short and followed an empty spell
    (reg 5: 6 weeks, 13 for one beginning from 1 April 2024), when it continues that spell's."""
    account = stored.value
    if not account.liability.occupied:
        raise ActionError(f"{account.reference} is already an empty property's liability")
    last = _effective(session, last_text, "last day occupied")
    first = last + ONE_DAY
    owner = " ".join(owner_text.split())
    if not owner:
        return _changed(session, stored, lambda liability: _liability("last day occupied", liability, end=last),
                        f"Occupation ends on {last.isoformat()} (no one liable for it empty here)", reason,
                        "Occupation ends")
    since = first
    previous = _previous_empty(session, account)
    if previous is not None:
        since = _build("last day occupied", lambda: empty_since(previous.since, account.liability.start, last,
                                                                _rules(account.hereditament.country)))
    spell = "" if since == first else f" (a short occupation: the empty spell counts from {since.isoformat()}, reg 5)"
    return _successor(session, stored, first, owner, False, since, (),
                      f"Occupation ends on {last.isoformat()}; {owner} liable for it empty from {first.isoformat()}"
                      f"{spell}", reason, "Occupation ends")


def propose_occupation_start(session: Session, stored: Stored[RatesAccount], first_text: str, occupier_text: str,
                             reason: str) -> RatesChange:
    """An empty property is occupied from a day: the owner's empty liability ends the day before and
    the occupier's opens."""
    account = stored.value
    if account.liability.occupied:
        raise ActionError(f"{account.reference} is already occupied: use change of ratepayer")
    first = _effective(session, first_text, "occupied from")
    occupier = _name(occupier_text, "occupier")
    return _successor(session, stored, first, occupier, True, None, (),
                      f"Occupied by {occupier} from {first.isoformat()}", reason, "Occupation starts")


def propose_change_of_ratepayer(session: Session, stored: Stored[RatesAccount], first_text: str, name_text: str,
                                reason: str) -> RatesChange:
    """Someone else is liable from a day (a new occupier, or a new owner of an empty property):
    reliefs and certificates are the old ratepayer's and end with the liability; an empty
    property keeps its empty spell (the free period attaches to the property)."""
    account = stored.value
    first = _effective(session, first_text, "new ratepayer from")
    name = _name(name_text, "new ratepayer")
    liability = account.liability
    return _successor(session, stored, first, name, liability.occupied,
                      None if liability.occupied else liability.since, (),
                      f"Change of ratepayer: {name} liable from {first.isoformat()}", reason, "Change of ratepayer")


def propose_empty_exclusion(session: Session, stored: Stored[RatesAccount], code_text: str, from_text: str,
                            reason: str) -> RatesChange:
    """The owner of an empty property falls within an exclusion from empty rate from a day
    (SI 2008/386 reg 4, s.45A): from its start this liability takes it; later, the liability ends
    the day before and the owner's new one (the same empty spell) carries it."""
    account = stored.value
    if account.liability.occupied:
        raise ActionError(f"{account.reference} is occupied: an empty-rate exclusion is for an empty property")
    code = code_text.strip().lower().replace(" ", "-")
    if code not in EXCLUSION_WORDS:
        raise ActionError(f"exclusion: {code_text.strip()!r} is not one; type one of {', '.join(EXCLUSION_WORDS)}")
    exclusion = EXCLUSION_WORDS[code]
    first = _effective(session, from_text, "from")
    liability = account.liability
    what = f"Empty rate exclusion from {first.isoformat()}: {exclusion.label} ({exclusion.rule})"
    if first == liability.start:
        return _changed(session, stored, lambda l: _liability("exclusion", l, empty_exclusions=(
            *l.empty_exclusions, exclusion)), what, reason, "Empty rate exclusion")
    return _successor(session, stored, first, liability.ratepayer, False, liability.since,
                      (*liability.empty_exclusions, exclusion), what, reason, "Empty rate exclusion")


def apply_change(session: Session, change: RatesChange) -> Stored[RatesAccount]:
    """Save the change in one audited transaction (all or nothing): the account as changed, and the
    new account when one opens. The permission is checked again here.

    :raises ConflictError: the account changed since it was read; nothing saved.
    """
    require(session, RATES_CHANGE)
    repository = _repository(session)
    with session.store.change(change.reason, user=session.officer):
        saved = repository.save(change.stored, change.account)
        if change.opened is not None:
            return repository.add(change.opened)
    return saved


def as_proposal(change: RatesChange) -> Proposal:
    """The change as the application's confirmation screen shows and saves it."""
    return Proposal(change.title, None, change.effect, change.reason,
                    apply=lambda session: apply_change(session, change))
