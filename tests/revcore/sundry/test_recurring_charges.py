"""Recurring sundry charges: which invoice dates fall due by a day (four-weekly, weekly, monthly)."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.sundry import InvoiceError, RecurringCharge

D = dt.date


def care(**fields):
    return RecurringCharge("CARE1", "Contribution to care", "CARE", "care", Decimal("87.50"), D(2026, 4, 6), **fields)


def test_four_weekly_gives_13_invoices_in_a_year_and_none_twice():
    # 6 April 2026 + k x 28 days: the 13th is 8 March 2027 (12 x 28 = 336 days on); the 14th is 5 April 2027
    dates = care().due_by(D(2027, 4, 4))
    assert len(dates) == 13 and dates[0] == D(2026, 4, 6) and dates[-1] == D(2027, 3, 8)
    assert care(raised_through=D(2027, 3, 8)).due_by(D(2027, 4, 5)) == (D(2027, 4, 5),)
    assert care().period(D(2026, 5, 4)) == (D(2026, 4, 6), D(2026, 5, 3))  # the 28 days before, in arrears


def test_an_ended_charge_raises_nothing_after_its_end():
    assert care().ended(D(2026, 5, 31)).due_by(D(2027, 3, 31)) == (D(2026, 4, 6), D(2026, 5, 4))


def test_monthly_keeps_the_day_or_the_months_last_day():
    monthly = RecurringCharge("RENT", "Garage rent", "GRGE", "general", Decimal("40"), D(2027, 1, 31), every_months=1)
    assert monthly.due_by(D(2027, 4, 30)) == (D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30))
    assert monthly.period(D(2027, 3, 31)) == (D(2027, 2, 28), D(2027, 3, 30))


@pytest.mark.parametrize("fields, message", [
    ({"amount": Decimal("0")}, "more than nothing"),
    ({"every_days": 0}, "is not a period"),
    ({"until": D(2026, 4, 5)}, "before its first invoice"),
])
def test_an_impossible_charge_is_refused(fields, message):
    with pytest.raises(InvoiceError, match=message):
        RecurringCharge(**{"code": "C", "description": "d", "income_code": "CARE", "invoice_type": "care",
                           "amount": Decimal("1"), "first": D(2026, 4, 6), **fields})
