"""View models refuse notices that contradict themselves, so none can be printed."""

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from letters.model import NOTICE_TYPES, Addressee, NoticeInstalment, ModelError, Reminder
from letters.render import TEMPLATES_DIR
from letters.samples import ENGLISH, WELSH, sample_bill, sample_notices


def test_every_registered_type_has_a_template_and_a_sample():
    for council in (ENGLISH, WELSH):
        samples = sample_notices(council)
        assert set(samples) == set(NOTICE_TYPES)
    for kind in NOTICE_TYPES.values():
        assert (TEMPLATES_DIR / kind.template).is_file(), kind.template


def test_bill_instalments_must_add_up_to_the_amount_payable():
    bill = sample_bill()
    # Band D 2510.00 less 25% (627.50) = 1882.50: 10 instalments, 2..10 = 188 (nearest pound of
    # 188.25), first = 1882.50 - 9 x 188 = 190.50.
    assert bill.amount_payable == Decimal("1882.50")
    assert [i.amount for i in bill.instalments[:2]] == [Decimal("190.50"), Decimal("188.00")]
    short = bill.instalments[:-1] + (NoticeInstalment(bill.instalments[-1].due_date, Decimal("187.00")),)
    with pytest.raises(ModelError, match="instalments add up to 1881.50, not the 1882.50 payable"):
        attrs.evolve(bill, instalments=short)


def test_bill_charge_lines_must_add_up_to_the_total():
    bill = sample_bill()
    with pytest.raises(ModelError, match="charge lines add up to 1882.50, not the total 1900.00"):
        attrs.evolve(bill, total_charge=Decimal("1900.00"), amount_payable=Decimal("1900.00"))


def test_money_must_be_pounds_and_pence():
    bill = sample_bill()
    with pytest.raises(ModelError, match="paid: 0.001 is not money"):
        attrs.evolve(bill, paid=Decimal("0.001"))


def test_an_address_that_does_not_fit_the_window_is_refused():
    # GOV.UK Notify: at most 7 lines, postcode last; two names, five lines and the postcode are 8
    with pytest.raises(ModelError, match="the address has 8 lines .* at most 7 fit the envelope window"):
        Addressee(("Mr A", "Mrs B"), ("Flat 1", "2 Road", "Area", "Town", "County"), "DT1 1AA")
    assert len(Addressee(("Mr A", "Mrs B"), ("Flat 1", "2 Road", "Area", "Town"), "DT1 1AA").window_lines) == 7


def test_reminder_dates_must_run_in_order():
    reminder = sample_notices()["reminder"]
    with pytest.raises(ModelError, match="issue ≤ pay by ≤ balance due"):
        attrs.evolve(reminder, pay_by=dt.date(2027, 6, 1))
    assert isinstance(sample_notices()["second_reminder"], Reminder)
