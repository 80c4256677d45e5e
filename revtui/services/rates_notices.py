"""Business rates demand and adjustment notices from the store's rates bills.

A rates account's first bill for a year is its demand notice; each later one (a re-bill after a
change) an adjustment notice showing the charge it replaces. Numbers follow council tax's:
``N00000124/2026/annual/1`` (account, year, kind, the bill's place among the account's bills).
:mod:`revtui.services.notices` issues, prints and reprints them with council tax's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from letters import adapters
from letters.model import Addressee, ModelError, NoticeHeader, RatesDemandNotice
from refdata.nndr import load_rates_rules
from revtui.accounts.facts import charged_by
from revtui.accounts.rates import BUSINESS_RATES
from revtui.records.rates import RatesAccount
from revcore.nndr import RatesBill
from revtui.store import Repository, Store, Stored

__all__ = ["rates_repository", "rates_header", "rates_bill_number", "rates_bill_notice", "rates_bills", "owed_when_billed"]


def rates_repository(store: Store) -> Repository[RatesAccount]:
    return BUSINESS_RATES.repository(store)


def rates_bill_number(account: RatesAccount, bill: RatesBill) -> str:
    position = next(n for n, b in enumerate(account.bills, start=1) if b is bill)
    return f"{account.reference}/{bill.year.start_year}/{account.bill_kind(bill)}/{position}"


def owed_when_billed(account: RatesAccount, bill: RatesBill) -> Decimal:
    """What the year's charge stood at once ``bill`` was posted."""
    return charged_by(account.ledger, bill.year, bill.issued)


def rates_header(council: str, account: RatesAccount, issued: dt.date) -> NoticeHeader:
    """To the ratepayer at the hereditament (the account keeps no other address yet)."""
    h = account.hereditament
    try:
        addressee = Addressee((account.names,), h.address.lines, h.address.postcode)
    except ModelError as error:
        raise ModelError(f"{account.reference}: the hereditament's address cannot be printed: {error}") from None
    return NoticeHeader(council_id=council, account_reference=account.reference, issue_date=issued,
                        addressee=addressee, property_address=(*h.address.lines, h.address.postcode),
                        property_reference=h.reference)


def rates_bill_notice(council: str, account: RatesAccount, bill: RatesBill) -> RatesDemandNotice:
    """The demand notice for ``bill`` (an adjustment notice for a re-bill of the year), showing
    what was paid or credited to the year's charge by the day it was issued."""
    previous = None
    if account.bill_kind(bill) == "adjustment":
        earlier = [b for b in account.bills[: account.bills.index(bill)] if b.year == bill.year]
        previous = earlier[-1].explanation
    rules = load_rates_rules(account.hereditament.country)
    paid = bill.explanation.total - owed_when_billed(account, bill)
    return adapters.rates_demand_notice(rates_header(council, account, bill.issued), account.names, account.hereditament,
                                        bill.explanation, rules.multipliers.at(bill.year.start), bill.schedule,
                                        paid=paid, previous=previous)


def rates_bills(store: Store, kind: str, *, year: int | None = None,
                day: dt.date | None = None) -> Iterator[tuple[Stored[RatesAccount], RatesBill]]:
    """The rates bills a print run of ``kind`` holds: ``annual_bill`` — each account's demand
    notice for ``year``; ``adjustment_notice`` — every adjustment issued on ``day``."""
    for stored in rates_repository(store):
        account = stored.value
        for bill in account.bills:
            billed = account.bill_kind(bill)
            if kind == "annual_bill" and billed == "annual" and bill.year.start_year == year or \
                    kind == "adjustment_notice" and billed == "adjustment" and bill.issued == day:
                yield stored, bill
