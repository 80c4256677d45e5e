"""The all-debts statement of one person as a letter: each account of theirs (council tax,
business rates, sundry debt, HB overpayment) with its balance and arrears, and the totals.

The figures are the person screen's (``revtui.services.persons.person_debts``: balance and
arrears from each kind's facts); the letter only sets them out. Registered like every notice
type (:mod:`letters.model`), with its template and English and Welsh wording (``[person_statement]``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.money import ZERO, money_sum

from letters.model import ModelError, Notice, NoticeHeader, _date, _money, _text, _tuple, notice_type

__all__ = ["ACCOUNT_KINDS", "PersonDebtRow", "PersonStatement"]

ACCOUNT_KINDS = ("council_tax", "business_rates", "sundry_debt", "hb_overpayment")
"""The kinds a row may name; each has its words in ``[person_statement]`` as ``kind_<kind>``."""


@attrs.frozen
class PersonDebtRow:
    """One account of the person's as at the statement's day."""

    kind: str = attrs.field(validator=attrs.validators.in_(ACCOUNT_KINDS))
    account: str = attrs.field(validator=_text)
    balance: Decimal = attrs.field(validator=_money)
    arrears: Decimal = attrs.field(validator=_money)


@notice_type("person_statement", version=1)
@attrs.frozen
class PersonStatement(Notice):
    """All debts of the person ``header.account_reference`` (a ``DBT`` reference) as at ``as_at``."""

    header: NoticeHeader
    as_at: dt.date = attrs.field(validator=_date)
    rows: tuple[PersonDebtRow, ...] = attrs.field(converter=_tuple)
    balance: Decimal = attrs.field(validator=_money)
    arrears: Decimal = attrs.field(validator=_money)

    def __attrs_post_init__(self) -> None:
        where = f"statement of {self.header.account_reference}"
        if not self.rows:
            raise ModelError(f"{where}: the person has no accounts")
        if money_sum(row.balance for row in self.rows) != self.balance:
            raise ModelError(f"{where}: the accounts' balances do not add up to {self.balance}")
        if money_sum(row.arrears for row in self.rows) != self.arrears:
            raise ModelError(f"{where}: the accounts' arrears do not add up to {self.arrears}")

    @property
    def headline_amount(self) -> Decimal:
        return max(self.balance, ZERO)
