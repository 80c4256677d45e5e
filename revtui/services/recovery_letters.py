"""The letters the recovery run issues on business rates accounts and invoiced debts (sundry
debts, and HB overpayments once invoiced): built from the run's action and the account as it
stood when the run issued it, stored exactly as issued under the action's key
(``issued_notices``, looked up by number and by account reference), so it reprints with
:func:`revtui.services.notices.reprint_notice` like a council tax notice.

Council tax notices go out through print runs (:mod:`revtui.services.notices`); these are issued
by the run itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from letters.branding import Branding
from letters.issued import issue
from letters.model import Addressee, LocalText, ModelError, Notice, NoticeHeader
from letters.recovery_notices import (
    LetterOfClaim,
    RatesFinalNotice,
    RatesReminder,
    RatesSummons,
    StatementLine,
    SundryFinalReminder,
    SundryReminder,
)
from refdata.courts import load_court
from revcore.money import money_sum
from revcore.periods import FinancialYear
from revcore.recovery import Action
from revcore.sundry import SundryDebt
from revtui.records.notices import StoredNotice, open_notice_records
from revtui.records.rates import RatesAccount
from revtui.store import Store

__all__ = ["LetterError", "rates_letter", "invoice_header", "invoice_letter", "store_letters", "LETTER_STAGES"]

LETTER_STAGES = {"business rates": ("reminder", "second_reminder", "final_notice", "summons"),
                 "sundry debt": ("reminder", "final_reminder", "letter_of_claim")}
"""The recovery steps that send a letter, by kind of account."""


class LetterError(ValueError):
    """A letter that cannot be built (an address that cannot be printed): named, with the reason."""


def _addressee(reference: str, names: tuple[str, ...], lines: tuple[str, ...], postcode: str) -> Addressee:
    try:
        return Addressee(names, lines, postcode)
    except ModelError as error:
        raise LetterError(f"{reference}: the address cannot be printed: {error}") from None


def rates_letter(council: str, account: RatesAccount, action: Action, balance_due_after_days: int,
                 costs: Decimal = Decimal("0.00")) -> Notice | None:
    """The letter for a business rates recovery step, or None for a step without one; a
    summons shows the ``costs`` raised with it."""
    if action.stage not in LETTER_STAGES["business rates"] or action.amount is None or action.until is None:
        return None
    address = account.hereditament.address
    header = NoticeHeader(council, account.reference, action.day,
                          _addressee(account.reference, (account.names,), address.lines, address.postcode),
                          (*address.lines, address.postcode), account.hereditament.reference)
    if action.stage == "summons":
        court = load_court(council)
        return RatesSummons(header=header, financial_years=(action.year,), court_name=LocalText(court.name, court.name_cy),
                            court_address=court.address, hearing_at=dt.datetime.combine(action.until, court.sits_at),
                            amount_outstanding=action.amount, costs=costs)
    if action.stage == "final_notice":
        return RatesFinalNotice(header=header, financial_years=(action.year,), amount_due=action.amount,
                                pay_by=action.until)
    # the year's balance when the run issued it; never less than what the reminder asks for
    balance = max(account.ledger.balance_of(FinancialYear.parse(action.year)), action.amount)
    return RatesReminder(header=header, financial_year=action.year, amount_due=action.amount, pay_by=action.until,
                         balance=balance, balance_due=action.until + dt.timedelta(days=balance_due_after_days))


def invoice_header(council: str, debt: SundryDebt, issued: dt.date) -> NoticeHeader:
    """A letter about invoice ``debt`` to its debtor at the invoice's address."""
    invoice = debt.invoice
    *lines, postcode = invoice.debtor.address or ("",)
    return NoticeHeader(council, invoice.number, issued,
                        _addressee(invoice.number, (invoice.debtor.name,), tuple(lines), postcode))


def invoice_letter(council: str, debt: SundryDebt, action: Action) -> Notice | None:
    """The letter for an invoiced debt's recovery step, or None for a step without one (a referral)."""
    if action.stage not in LETTER_STAGES["sundry debt"] or action.amount is None or action.until is None:
        return None
    invoice = debt.invoice
    header = invoice_header(council, debt, action.day)
    if action.stage == "letter_of_claim":
        entries = [e for e in debt.ledger.entries if e.effective <= action.day]
        statement = tuple(StatementLine(e.effective, e.reason or e.kind.value, e.amount) for e in entries)
        owed = money_sum(line.amount for line in statement)
        return LetterOfClaim(header=header, invoice=invoice.number, invoice_date=invoice.issued,
                             service=invoice.income_code.description, amount=max(action.amount, owed),
                             reply_by=action.until, statement=statement)
    cls = SundryFinalReminder if action.stage == "final_reminder" else SundryReminder
    return cls(header=header, invoice=invoice.number, invoice_date=invoice.issued, due_date=invoice.due,
               amount_due=action.amount, pay_by=action.until)


def store_letters(store: Store, branding: Branding, letters: Iterable[tuple[str, Notice]]) -> int:
    """Store each letter under its number unless one was stored before (call inside ``store.change``)."""
    issued = open_notice_records(store).issued
    count = 0
    for number, notice in letters:
        if issued.ids("number", number):
            continue
        issued.add(StoredNotice(number, issue(notice, branding)))
        count += 1
    return count

