"""The Valuation Office reconciliation for business rates: hereditaments and rateable value in
our accounts against the rating list, by list year.

Ours: the hereditament of each business rates account (``revtui.accounts.BUSINESS_RATES``), by
UARN; where several accounts hold one hereditament, the account liable on the day (else the last
to begin) speaks for it, and accounts that disagree are listed. The list: our copy of the VOA's
rating list (``revtui.records.rating_list``, from ``import-nndr-list``), each entry with a value on
the day. Each list is taken on the report's day, or on its last day if it has been replaced (an
old list is still altered after it closes, LGFA 1988 s.41): the count and total RV are what the
NNDR returns read (SI 1992/3238 Sch 1 para 4). An entry with no value on the day (a deletion or
an assessment not yet valued) is not counted as a hereditament in the list.
"""

from __future__ import annotations

import datetime as dt

from refdata.nndr_list import list_layout
from revcore.nndr import RatesError
from revtui.accounts import kind_named
from revtui.records.rates import RatesAccount
from revtui.records.rating_list import RatingListEntry, rating_list
from revtui.reports.report import Report
from revtui.store import Store

__all__ = ["nndr_valuation", "nndr_valuation_exceptions", "NNDR_REPORTS"]


def _uarn(text: str) -> str:
    return text.strip().lstrip("0") or "0"


def _days(as_at: dt.date) -> dict[int, dt.date]:
    """Each list in force by ``as_at`` and the day it is taken on: ``as_at``, or its last day."""
    lists = list_layout().lists
    days = {}
    for year, starts in lists.items():
        if starts > as_at:
            continue
        ends = min((day for y, day in lists.items() if y > year), default=None)
        days[year] = as_at if ends is None or as_at < ends else ends - dt.timedelta(days=1)
    return days


def _accounts(store: Store) -> list[RatesAccount]:
    repo = kind_named("business rates").repository(store)
    return [repo.from_document(document, document.doc_id) for document in repo.table]


def _entries(store: Store) -> list[RatingListEntry]:
    repo = rating_list(store)
    return [repo.from_document(document, document.doc_id) for document in repo.table]


def _speaks_for(accounts: list[RatesAccount], day: dt.date) -> list[RatesAccount]:
    """The accounts liable on ``day``, else the last to have begun by then."""
    begun = [a for a in accounts if a.liability.start <= day]
    liable = [a for a in begun if a.liability.end is None or day <= a.liability.end]
    return liable or sorted(begun, key=lambda a: a.liability.start)[-1:]


def _ours(accounts: list[RatesAccount], year: int, day: dt.date) -> dict[str, tuple[int, list[RatesAccount], str]]:
    """UARN -> (RV on ``day`` in the ``year`` list, the accounts, what disagrees), for our accounts."""
    by_uarn: dict[str, list[RatesAccount]] = {}
    for account in accounts:
        by_uarn.setdefault(_uarn(account.hereditament.uarn), []).append(account)
    found = {}
    for uarn, group in by_uarn.items():
        speaking = _speaks_for(group, day)
        values = []
        for account in speaking:
            try:
                values.append((account, account.hereditament.value_on(day)))
            except RatesError:  # not in any list on the day
                continue
        values = [(account, rv) for account, rv in values if rv.list_year == year]
        if not values:
            continue
        amounts = {int(rv.value) for _, rv in values}
        note = "" if len(amounts) == 1 else "our accounts differ: " + ", ".join(
            f"{account.reference} £{int(rv.value):,}" for account, rv in values)
        found[uarn] = (int(values[0][1].value), [account for account, _ in values], note)
    return found


def _theirs(entries: list[RatingListEntry], year: int, day: dt.date) -> dict[str, tuple[int, RatingListEntry]]:
    found = {}
    for entry in entries:
        if entry.list_year != year:
            continue
        value = entry.value_on(day)
        if value is not None and value.rateable_value is not None:
            found[_uarn(entry.uarn)] = (value.rateable_value, entry)
    return found


def _sides(store: Store, as_at: dt.date):
    accounts, entries = _accounts(store), _entries(store)
    years = {e.list_year for e in entries} | {v.list_year for a in accounts for v in a.hereditament.values}
    for year, day in _days(as_at).items():
        if year in years:
            yield year, day, _ours(accounts, year, day), _theirs(entries, year, day), entries, accounts


def _elsewhere(accounts: list[RatesAccount], uarn: str, day: dt.date) -> str:
    """Why our accounts at ``uarn`` hold no value in this list on ``day``, if we have any there."""
    held = []
    for account in _speaks_for([a for a in accounts if _uarn(a.hereditament.uarn) == uarn], day):
        try:
            value = account.hereditament.value_on(day)
        except RatesError:
            held.append(f"{account.reference} has no value then")
            continue
        held.append(f"{account.reference} holds £{int(value.value):,} in the {value.list_year} list")
    return f"on the list; {', '.join(held)}" if held else "on the list, not in our accounts (not billed?)"


def nndr_valuation(store: Store, as_at: dt.date) -> Report:
    """Per list year: hereditaments and total RV in our accounts and in the list, and the differences."""
    rows = []
    for year, day, ours, theirs, _, _ in _sides(store, as_at):
        our_rv, list_rv = sum(v[0] for v in ours.values()), sum(v[0] for v in theirs.values())
        rows.append((year, day, len(ours), len(theirs), len(ours) - len(theirs), our_rv, list_rv, our_rv - list_rv))
    return Report("nndr-valuation", "Valuation Office reconciliation: business rates hereditaments by list", as_at,
                  ("list_year", "taken_on", "our_count", "list_count", "count_difference", "our_rv", "list_rv",
                   "rv_difference"), tuple(rows),
                  ("rateable values in whole pounds; each list taken on the day, or its last day if replaced",
                   "see the nndr-valuation-exceptions report for each hereditament that differs"))


def nndr_valuation_exceptions(store: Store, as_at: dt.date) -> Report:
    """Each hereditament where our accounts and the list disagree, by list year and UARN."""
    rows = []
    for year, day, ours, theirs, entries, every_account in _sides(store, as_at):
        unvalued = {_uarn(e.uarn): e for e in entries if e.list_year == year and e.value_on(day) is not None}
        for uarn in sorted(set(ours) | set(theirs)):
            mine, listed = ours.get(uarn), theirs.get(uarn)
            if mine is None:
                assert listed is not None
                rv, entry = listed
                rows.append((year, uarn, entry.ba_reference, entry.address, "", "", rv,
                             _elsewhere(every_account, uarn, day)))
                continue
            rv, accounts, note = mine
            head = (year, uarn, accounts[0].hereditament.reference, ", ".join(accounts[0].hereditament.address.lines),
                    " ".join(a.reference for a in accounts), rv)
            if listed is None:
                entry = unvalued.get(uarn)
                why = ("the list shows no value on the day (deleted, or not yet valued)" if entry is not None
                       else "not on our copy of the list (deleted by the VOA, or the list not imported?)")
                rows.append((*head, "", f"in our accounts, {why}"))
            elif listed[0] != rv:
                value = listed[1].value_on(day)
                since = f" (list value from {value.effective_from.isoformat()})" if value else ""
                rows.append((*head, listed[0], f"rateable value differs{since}" + (f"; {note}" if note else "")))
            elif note:
                rows.append((*head, listed[0], note))
    return Report("nndr-valuation-exceptions", "Valuation Office reconciliation: business rates exceptions", as_at,
                  ("list_year", "uarn", "ba_reference", "address", "accounts", "our_rv", "list_rv", "issue"),
                  tuple(rows))


NNDR_REPORTS = {"nndr-valuation": nndr_valuation, "nndr-valuation-exceptions": nndr_valuation_exceptions}
"""The reports this module gives, by the name ``revtui report`` runs them by."""
