"""An English council's bill from the store states the duties its lines bring, with England's penalty.

Band D in Ashby Parva (ASH), billed for 2026/27 on 10 March 2026 (conftest): 2,537.21 a year.
"""

import datetime as dt
import io

import pypdf

from revcore.ctax import Discount, DiscountReason
from revtui.records.ctax import CtaxAccount
from revtui.services import notices
from revtui.services.session import open_session

from tests.revtui.services.conftest import BILLED, billed_account

D = dt.date


def _with_single_person_discount(cash, serial: int) -> CtaxAccount:
    return billed_account(cash, serial, discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2020, 4, 1)),))


def _front(session, reference: str) -> str:
    return " ".join(pypdf.PdfReader(io.BytesIO(notices.preview_bill(session, reference))).pages[0].extract_text().split())


def test_an_english_bill_with_a_discount_states_the_duty_and_the_70_pound_penalty(cash):
    # SI 2011/3038 Sch 1 para 19 (text not retrieved; read as the Welsh para 8(b)-(c)); the penalty
    # is LGFA 1992 Sch 3 para 1(2), £70 in England from 1 May 2008 (SI 2008/981), from
    # refdata/tables/ctax/penalties.toml for the day the bill is issued.
    session = open_session(cash.store, today=BILLED, officer=cash.store.user)
    plain = _front(session, billed_account(cash, 17).reference)
    assert "no discount should apply" not in plain and "The penalty is" not in plain
    front = _front(session, _with_single_person_discount(cash, 18).reference)
    # 2,537.21 less 25% (634.30) = 1,902.91
    assert "Single person discount 25%" in front and "£1,902.91" in front
    assert "no discount should apply, or a smaller one, you must tell us within 21 days" in front
    assert "The penalty is £70.00." in front
