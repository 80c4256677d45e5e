"""A proposed change to an account, shown to the officer before it is saved, and saving it.

Each officer action is a function from the account as read (and today) to a :class:`Proposal`:
the changed account (and property, for a band change), a plain-text statement of the effect
(the recalculation against the bills already issued) and the audit reason. Nothing is written
until :func:`commit`, which saves everything in one audited transaction and raises the store's
:class:`~revtui.store.ConflictError` if another officer changed the account meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

from refdata.instalments import instalment_rules
from revcore.ctax import Explanation, Property, Recalculation, Tariff, recalculate
from revcore.money import format_money
from revcore.periods import FinancialYear
from revtui.records.ctax import CtaxAccount, Records
from revtui.services.billing import bill_year
from revtui.services.session import Session
from revtui.store import Repository, Store, Stored

__all__ = ["ActionError", "Proposal", "Write", "commit", "rebill", "parse_day", "parse_yes_no", "describe_recalculation",
           "describe_charge"]


class ActionError(ValueError):
    """The officer's entry cannot be accepted; the message says which field and why."""


@attrs.frozen
class Write:
    """One more document to save with the proposal: added when ``previous`` is None, else saved
    over it (a ConflictError if it changed meanwhile)."""

    repository: Callable[[Store], Repository]
    previous: Stored | None
    value: Any


@attrs.frozen
class Proposal:
    """What an action would do: shown in full before anything is saved."""

    title: str
    account: CtaxAccount | None
    """The account as changed (or the new account); None when the action changes no account."""
    effect: str
    reason: str
    prop: Property | None = None
    """The property as changed (a band change); None when unchanged."""
    writes: tuple[Write, ...] = ()
    """Other documents the action adds or changes (a recovery file, a new dwelling)."""
    apply: Callable[[Session], Any] | None = None
    """For an action another service saves itself (a refund request, a Direct Debit): called on
    confirmation instead of saving ``account`` and ``writes``; it runs its own transaction."""


def parse_day(text: str, field: str) -> dt.date:
    """A date typed as 2026-11-23 or 23/11/2026."""
    text = text.strip()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ActionError(f"{field}: {text!r} is not a date (type 23/11/2026 or 2026-11-23)") from None


def parse_yes_no(text: str, field: str, *, blank: bool | None = None) -> bool:
    """y/yes or n/no typed in a field; a blank field is ``blank`` where it has a default."""
    answer = text.strip().lower()
    if answer in ("y", "yes"):
        return True
    if answer in ("n", "no"):
        return False
    if not answer and blank is not None:
        return blank
    raise ActionError(f"{field}: type y or n")


def describe_recalculation(recalculation: Recalculation, width: int = 74) -> str:
    """The recalculation in lines of at most ``width``: each year's old and new lines (- and +),
    and the steps of each new line with its rule."""
    rows = []
    for year in recalculation.changed_years():
        rows.append(f"{FinancialYear(year.year).label}: was {format_money(year.previous.total)}, now "
                    f"{format_money(year.current.total)}, difference {format_money(year.difference)}")
        for mark, line in year.diff:
            rows += _line_rows(mark, line, width, steps=mark == "+")
    return "\n".join(rows) if rows else "No change to any year's charge."


def _line_rows(mark: str, line: Any, width: int, *, steps: bool) -> list[str]:
    """A charge line, and its steps with their rules, as the move-out's and the move-in's previews show it."""
    head = f"{mark} {line.start.isoformat()} to {line.end.isoformat()} {line.days}/{line.days_in_year} days band {line.band}"
    rows = [f"{head:<{width - 12}}{format_money(line.amount):>12}"]
    for step in line.steps if steps else ():
        rows.append(f"{'    ' + step.description:<{width - 12}.{width - 12}}{format_money(step.amount):>12}")
        rows.append(f"      [{step.rule}]"[:width])
    return rows


def describe_charge(explanation: Explanation, width: int = 74) -> str:
    """A new year's charge line by line, each step with its rule (the lines of :func:`describe_recalculation`)."""
    rows = []
    for line in explanation.lines:
        rows += _line_rows("+", line, width, steps=True)
    return "\n".join(rows)


def rebill(account: CtaxAccount, prop: Property, tariff: Tariff, issued: dt.date, officer: str,
           *, changed_from: dt.date | None = None) -> tuple[CtaxAccount, str]:
    """The account rebilled for every year already billed, and the recalculation as text.

    Bills stand as issued: a changed year gets an adjustment bill and ledger entry. A change from
    ``changed_from`` that reaches back into years this system never billed (their balances came
    from the council's earlier system) is said so: those years are not re-billed here.
    """
    billed = account
    parts = []
    for year in sorted({bill.year for bill in account.bills}):
        fy = FinancialYear(year)
        rules = instalment_rules("council_tax", prop.country.value, fy)
        before = billed.last_bill(year)
        billed = bill_year(billed, prop, tariff, fy, issued, rules, officer=officer)
        after = billed.last_bill(year)
        if before is not None and after is not before:
            parts.append(describe_recalculation(recalculate(before.explanation, after.explanation)))
    unbilled = _years_not_billed(account, changed_from)
    note = (f"{unbilled} not re-billed: this system issued no bill for {unbilled} (a balance brought forward "
            f"from the earlier system is not a bill); adjust by hand if the change reaches back there."
            if unbilled else "")
    if not parts:
        return billed, "\n\n".join(filter(None, ["No change to any year's charge.", note]))
    parts.append(f"Balance now {format_money(account.ledger.balance)}; after the change "
                 f"{format_money(billed.ledger.balance)}.")
    parts += [note] if note else []
    return billed, "\n\n".join(parts)


def _years_not_billed(account: CtaxAccount, changed_from: dt.date | None) -> str:
    """The years from ``changed_from`` to the first billed one that have no bill here, as words."""
    if changed_from is None or not account.bills:
        return ""
    first = min(bill.year for bill in account.bills)
    start = max(FinancialYear.containing(changed_from).start_year,
                FinancialYear.containing(account.liability.start).start_year)
    years = [FinancialYear(year).label for year in range(start, first)]
    if not years:
        return ""
    return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"


def commit(session: Session, stored: Stored[CtaxAccount] | None, proposal: Proposal,
           stored_prop: Stored[Property] | None = None) -> Stored[CtaxAccount] | None:
    """Save the proposal in one audited transaction (all or nothing); ``stored`` None adds a new account.

    :raises ConflictError: the account (or property) changed since it was read; nothing saved.
    """
    records: Records = session.records
    if proposal.apply is not None:
        proposal.apply(session)
        return None if stored is None else records.accounts.get(stored.doc_id)
    with session.store.change(proposal.reason, user=session.officer):
        if proposal.prop is not None:
            if stored_prop is None:
                raise ValueError("a proposal that changes the property needs the property as read")
            records.properties.save(stored_prop, proposal.prop)
        for write in proposal.writes:
            repository = write.repository(session.store)
            if write.previous is None:
                repository.add(write.value)
            else:
                repository.save(write.previous, write.value)
        if proposal.account is None:
            return None
        if stored is None:
            return records.accounts.add(proposal.account)
        if proposal.account is stored.value:  # only the recovery file changed
            return stored
        return records.accounts.save(stored, proposal.account)
