"""Recovery notices for business rates and invoiced debts (sundry debts, HB overpayments once
invoiced): view models registered like council tax's (:mod:`letters.model`), each with its
template and English and Welsh wording.

- ``rates_reminder``: SI 1989/1058 reg. 8(1), a further notice after a missed instalment; unpaid
  within 7 days, the balance is payable at the end of a further 7 days (reg. 8(2)).
- ``rates_final_notice``: the whole balance by a date before a summons.
- ``rates_summons``: the summons to the magistrates' court, with its costs.
- ``sundry_reminder`` and ``sundry_final_reminder``: an invoice unpaid after its payment terms.
- ``letter_of_claim``: the Pre-Action Protocol for Debt Claims letter: the amount, the invoice,
  whether interest or charges are added, the statement of account, and the enclosed Information
  Sheet, Reply Form and Financial Statement; 30 days from its date to reply.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from letters.model import (
    FinalNotice,
    ModelError,
    Notice,
    NoticeHeader,
    Reminder,
    Summons,
    _date,
    _money,
    _non_negative,
    _text,
    _tuple,
    notice_type,
)

__all__ = ["RatesReminder", "RatesFinalNotice", "RatesSummons", "SundryReminder", "SundryFinalReminder", "StatementLine",
           "LetterOfClaim"]


@notice_type("rates_reminder", version=1)
@attrs.frozen
class RatesReminder(Reminder):
    """A business rates reminder (SI 1989/1058 reg. 8(1)): pay ``amount_due`` by ``pay_by`` or
    the year's ``balance`` falls due on ``balance_due`` (reg. 8(2))."""


@notice_type("rates_final_notice", version=1)
@attrs.frozen
class RatesFinalNotice(FinalNotice):
    """The whole business rates balance by ``pay_by``, or a summons to the magistrates' court may follow."""


@notice_type("rates_summons", version=1)
@attrs.frozen
class RatesSummons(Summons):
    """Summons to the magistrates' court for unpaid business rates, with the costs raised with it
    (SI 1989/1058 regs 11-13: liability orders)."""


@notice_type("sundry_reminder", version=1)
@attrs.frozen
class SundryReminder(Notice):
    """Invoice ``invoice`` of ``invoice_date``, due ``due_date``, unpaid: pay ``amount_due`` by ``pay_by``."""

    header: NoticeHeader
    invoice: str = attrs.field(validator=_text)
    invoice_date: dt.date = attrs.field(validator=_date)
    due_date: dt.date = attrs.field(validator=_date)
    amount_due: Decimal = attrs.field(validator=_non_negative)
    pay_by: dt.date = attrs.field(validator=_date)

    def __attrs_post_init__(self) -> None:
        if not self.header.issue_date <= self.pay_by:
            raise ModelError(f"{self.notice_type} {self.header.account_reference}: pay by is before the issue date")

    @property
    def headline_amount(self) -> Decimal:
        return self.amount_due


@notice_type("sundry_final_reminder", version=1)
@attrs.frozen
class SundryFinalReminder(SundryReminder):
    """The last reminder before a letter of claim (or, for a business, a claim or a collection agent)."""


@attrs.frozen
class StatementLine:
    """A line of the statement of account: the day, what it was (as the ledger words it) and its amount."""

    day: dt.date = attrs.field(validator=_date)
    description: str = attrs.field(validator=_text)
    amount: Decimal = attrs.field(validator=_money)


@notice_type("letter_of_claim", version=1)
@attrs.frozen
class LetterOfClaim(Notice):
    """The Pre-Action Protocol for Debt Claims letter of claim: ``amount`` owed on ``invoice``,
    reply by ``reply_by`` (30 days from the letter's date), the statement of account enclosed."""

    header: NoticeHeader
    invoice: str = attrs.field(validator=_text)
    invoice_date: dt.date = attrs.field(validator=_date)
    service: str = attrs.field(validator=_text)
    amount: Decimal = attrs.field(validator=_non_negative)
    reply_by: dt.date = attrs.field(validator=_date)
    statement: tuple[StatementLine, ...] = attrs.field(converter=_tuple)
    interest_added: bool = False
    """Whether interest or charges are being added (the protocol requires the letter to say)."""

    def __attrs_post_init__(self) -> None:
        if self.reply_by <= self.header.issue_date:
            raise ModelError(f"letter of claim {self.header.account_reference}: reply by is not after its date")

    @property
    def balance(self) -> Decimal:
        return sum((line.amount for line in self.statement), Decimal("0.00"))

    @property
    def headline_amount(self) -> Decimal:
        return self.amount
