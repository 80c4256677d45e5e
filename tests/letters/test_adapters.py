"""A bill built from the charge engine, the council's band amounts and the instalment schedule.

Demo District, Ashby Parva (area ASH), band D (figures from data/councils/demo-district.toml):
  2027/28: DDC 216.85 + DCC 1701.17 + ASC 280.25 + PCC 302.18 + FRA 103.29 + ASHPC 52.20 = 2655.94
  2026/27: DDC 210.53 + DCC 1635.74 + ASC 254.77 + PCC 288.18 + FRA 98.29 + ASHPC 49.70 = 2537.21
"""

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest

from letters.adapters import annual_bill
from letters.model import Addressee, NoticeHeader
from letters.render import render_pdf
from letters.samples import ENGLISH
from refdata.ctax import load_tariff
from refdata.instalments import instalment_rules
from revcore.ctax import Address, BandEntry, Discount, DiscountReason, Liability, Property, charge
from revcore.council import Country
from revcore.instalments import build_schedule
from revcore.periods import FinancialYear

D = dt.date
M = Decimal
YEAR = FinancialYear(2027)


@pytest.fixture(scope="module")
def bill():
    tariff = load_tariff("demo-district")
    prop = Property("P1", "100012345678", Address(("1 High Street", "Ashby Parva"), "DM1 1AA"), Country.ENGLAND, "ASH", (BandEntry(D(1993, 4, 1), "D"),))
    liability = Liability(
        "C1", "P1", ("A",), D(2020, 4, 1), None, discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2020, 4, 1)),)
    )
    explained = charge(liability, prop, tariff, YEAR)
    issued = D(2027, 3, 10)
    schedule = build_schedule(explained.total, YEAR, issued, instalment_rules("council_tax", "england", YEAR))
    header = NoticeHeader(ENGLISH, "C00012343", issued, Addressee(("Ms A Example",), ("1 High Street", "Ashby Parva"), "DM1 1AA"), ("1 High Street", "Ashby Parva", "DM1 1AA"))
    return annual_bill(header, explained, tariff, "ASH", schedule)


def test_bill_shows_each_authority_with_last_years_figure_and_the_change(bill):
    by_name = {a.name.en: a for a in bill.authorities}
    asc = by_name["Demoshire County Council (adult social care)"]
    assert asc.kind == "adult_social_care"
    # ASC 254.77 -> 280.25: 25.48 / 254.77 = 10.0012% -> 10.0
    assert (asc.previous_amount, asc.amount, asc.percent_change) == (M("254.77"), M("280.25"), M("10.0"))
    assert by_name["Ashby Parva Parish Council"].kind == "parish"
    assert bill.band_charge == M("2655.94")


def test_bill_charge_and_instalments_come_from_the_engine(bill):
    # 2655.94 less 25% single person discount: 1991.955 -> 1991.96 (the discount step -663.98).
    assert [(line.code, line.amount) for line in bill.charge_lines] == [
        ("band_charge", M("2655.94")),
        ("resident_discount", M("-663.98")),
    ]
    assert bill.amount_payable == M("1991.96")
    # 10 instalments: 1991.96 / 10 = 199.196 -> 199 from the 2nd; 1st = 1991.96 - 9 x 199 = 200.96.
    assert [i.amount for i in bill.instalments[:2]] == [M("200.96"), M("199.00")]


def test_adapted_bill_renders(bill, brandings):
    rendered = render_pdf([bill], brandings)
    text = pypdf.PdfReader(io.BytesIO(rendered.pdf)).pages[0].extract_text()
    for expected in ("C00012343", "£2,655.94", "-£663.98", "£1,991.96", "£200.96", "+10.0%"):
        assert expected in text
