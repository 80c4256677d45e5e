"""Reliefs awarded on an account and ended: an exemption, an empty period (the premium or the
council's discount follows from its policies), the disabled band reduction and a council tax
reduction. Each gives a :class:`~revtui.services.changes.Proposal` rebilled like a discount."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from revcore.ctax import (
    AddDisabledReduction,
    AddEmptyPeriod,
    AddExemption,
    AddReduction,
    ChargeError,
    CtaxError,
    DisabledReduction,
    EmptyPeriod,
    EndAwards,
    EndExemption,
    Exemption,
    Property,
    Reduction,
    ReductionKind,
    exemption_problem,
)
from revcore.money import format_money
from revtui.records.ctax import CtaxAccount
from revtui.services.account_actions import parse_amount, with_change
from revtui.services.changes import ActionError, Proposal, parse_day, parse_yes_no
from revtui.services.session import Session

__all__ = [
    "propose_exemption",
    "propose_end_exemption",
    "propose_empty_period",
    "propose_disabled_reduction",
    "propose_ctr",
    "propose_discretionary",
    "propose_end_discretionary",
    "exemption_listing",
    "discretionary_limit",
    "propose_end_empty_period",
    "propose_end_disabled_reduction",
    "propose_end_ctr",
]


def _optional_day(text: str, field: str) -> dt.date | None:
    return parse_day(text, field) if text.strip() else None


def _build(make, field: str):
    """A relief built from what was typed; its own checks (an end before the start) name the field."""
    try:
        return make()
    except CtaxError as error:
        raise ActionError(f"{field}: {error}") from None


def propose_exemption(session: Session, account: CtaxAccount, prop: Property, code: str, from_text: str,
                      until_text: str, reason: str) -> Proposal:
    """An exemption of a class the country has on the start day (England A-W, Wales its own list)."""
    code = code.strip().upper()
    start = parse_day(from_text, "from")
    end = _optional_day(until_text, "until")
    rules = session.tariff.rules
    schedule = rules.exemptions_on(start)
    if schedule.get(code) is None:
        known = ", ".join(k.code for k in schedule.classes)
        raise ActionError(f"class: {code!r} is not an exemption class in {rules.country.title} on "
                          f"{start.isoformat()} (classes: {known})")
    exemption = _build(lambda: Exemption(code, start, end), "until")
    klass = schedule.get(code)
    assert klass is not None  # checked above
    last = end or account.liability.end or dt.date.max
    problem = exemption_problem(rules, klass, account.liability, account.residents, account.statuses, start, last)
    if problem:
        raise ActionError(problem.replace(f" to {dt.date.max.isoformat()}", " onwards"))
    return with_change(session, account, prop, AddExemption(exemption), reason,
                       f"Exemption class {code}: {account.reference}")


def exemption_listing(session: Session, day: dt.date, columns: int = 3, width: int = 24) -> str:
    """The classes in force on ``day``, code and the officer's short words, in columns (80x24)."""
    classes = session.tariff.rules.exemptions_on(day).classes
    cells = [f"{k.code} {k.short or k.description}"[:width - 1] for k in classes]
    rows = -(-len(cells) // columns)
    return "\n".join("".join(f"{cells[r + c * rows]:<{width}}" for c in range(columns) if r + c * rows < len(cells))
                     .rstrip() for r in range(rows))


def propose_end_exemption(session: Session, account: CtaxAccount, prop: Property, from_text: str,
                          reason: str) -> Proposal:
    day = parse_day(from_text, "no exemption from")
    if not account.liability.exemptions:
        raise ActionError(f"{account.reference} has no exemption to end")
    return with_change(session, account, prop, EndExemption(day), reason, f"End exemption: {account.reference}")


def propose_empty_period(session: Session, account: CtaxAccount, prop: Property, from_text: str, furnished_text: str,
                         since_text: str, exception: str, reason: str) -> Proposal:
    """No one lives there from a date: the engine applies the premium or the council's class discount."""
    start = parse_day(from_text, "from")
    furnished = parse_yes_no(furnished_text, "furnished")
    since = _optional_day(since_text, "empty since")
    code = exception.strip().upper() or None
    if code is not None:
        try:
            session.tariff.rules.premium_exception(code, start)
        except ChargeError as error:
            raise ActionError(f"premium exception: {error}") from None
    empty = _build(lambda: EmptyPeriod(start, empty_since=since, furnished=furnished, premium_exception=code),
                   "empty since")
    return with_change(session, account, prop, AddEmptyPeriod(empty), reason,
                       f"Empty period: {account.reference}")


def propose_disabled_reduction(session: Session, account: CtaxAccount, prop: Property, from_text: str,
                               until_text: str, reason: str) -> Proposal:
    start = parse_day(from_text, "from")
    reduction = _build(lambda: DisabledReduction(start, _optional_day(until_text, "until")), "until")
    return with_change(session, account, prop, AddDisabledReduction(reduction), reason,
                       f"Disabled band reduction: {account.reference}")


def _percent(text: str) -> Decimal:
    try:
        percent = Decimal(text.strip().rstrip("%").strip())
    except InvalidOperation:
        raise ActionError(f"award: {text!r} is not a percentage") from None
    if not 0 < percent <= 100:
        raise ActionError(f"award: {text!r} must be more than 0% and at most 100%")
    return percent


def _award(text: str) -> dict[str, Decimal]:
    """A reduction's award as typed: a percentage ("100%") or an annual amount ("£250.00"), above nil."""
    if text.strip().endswith("%"):
        return {"percent": _percent(text)}
    amount = parse_amount(text, "award")
    if amount <= 0:
        raise ActionError(f"award: {text!r}: give an amount above nil")
    return {"annual_amount": amount}


def propose_ctr(session: Session, account: CtaxAccount, prop: Property, award: str, from_text: str,
                until_text: str, reason: str) -> Proposal:
    """A council tax reduction of a percentage ("100%") or an annual amount ("£250.00") of the charge."""
    start = parse_day(from_text, "from")
    end = _optional_day(until_text, "until")
    amounts = _award(award)
    reduction = _build(lambda: Reduction(ReductionKind.COUNCIL_TAX_REDUCTION, start, end, **amounts), "until")
    return with_change(session, account, prop, AddReduction(reduction), reason,
                       f"Council tax reduction: {account.reference}")


def propose_discretionary(session: Session, account: CtaxAccount, prop: Property, award: str, from_text: str,
                          until_text: str, reason: str) -> Proposal:
    """A discretionary reduction (LGFA 1992 s.13A(1)(c)) of a percentage or an annual amount for a period,
    shown on the bill as its own step after any council tax reduction. The reason is required: the
    council decides each case under its own policy."""
    if not reason.strip():
        raise ActionError("reason: say why the council reduces the charge (its policy and the case)")
    start = parse_day(from_text, "from")
    end = _optional_day(until_text, "until")
    amounts = _award(award)
    reduction = _build(lambda: Reduction(ReductionKind.DISCRETIONARY, start, end, **amounts), "until")
    return with_change(session, account, prop, AddReduction(reduction), reason,
                       f"Discretionary reduction: {account.reference}", changed_from=start)


def discretionary_limit(session: Session, before: CtaxAccount, after: CtaxAccount) -> str:
    """Why the reduction needs a senior officer: it takes more off the charge, over the years billed,
    than the officer's limit under the council's policy ('' when it does not, or no limit is set)."""
    limit = session.limits.discretionary_single
    if limit is None:
        return ""
    totals = {bill.year: bill.explanation.total for bill in before.bills}  # the last bill of each year
    now = {bill.year: bill.explanation.total for bill in after.bills}
    off = sum((totals[year] - now[year] for year in now if year in totals), start=Decimal(0))
    if off <= limit:
        return ""
    return (f"the reduction takes {format_money(off)} off the charge, above your limit of {format_money(limit)} "
            "for a discretionary reduction")


def _propose_end(session: Session, account: CtaxAccount, prop: Property, from_text: str, reason: str,
                 field: str, label: str, applies: Callable[[Any], bool] = lambda award: True) -> Proposal:
    change = EndAwards(field, label, parse_day(from_text, f"no {label} from"), applies)
    return with_change(session, account, prop, change, reason, f"End {label}: {account.reference}")


def propose_end_empty_period(session: Session, account: CtaxAccount, prop: Property, from_text: str,
                             reason: str) -> Proposal:
    """Lived in again from a date: the premium (or the council's empty discount) ends with the empty period."""
    return _propose_end(session, account, prop, from_text, reason, "empty_periods", "empty period")


def propose_end_disabled_reduction(session: Session, account: CtaxAccount, prop: Property, from_text: str,
                                   reason: str) -> Proposal:
    return _propose_end(session, account, prop, from_text, reason, "disabled_reductions", "disabled band reduction")


def propose_end_ctr(session: Session, account: CtaxAccount, prop: Property, from_text: str,
                    reason: str) -> Proposal:
    """The council tax reduction ends (a discretionary reduction stays)."""
    return _propose_end(session, account, prop, from_text, reason, "reductions", "council tax reduction",
                        lambda reduction: reduction.kind is ReductionKind.COUNCIL_TAX_REDUCTION)


def propose_end_discretionary(session: Session, account: CtaxAccount, prop: Property, from_text: str,
                              reason: str) -> Proposal:
    """The discretionary reduction ends (a council tax reduction stays)."""
    return _propose_end(session, account, prop, from_text, reason, "reductions", "discretionary reduction",
                        lambda reduction: reduction.kind is ReductionKind.DISCRETIONARY)
