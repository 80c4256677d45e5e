"""What a rates explanation reads like (snapshot checked by eye): a year with a tapered small
business relief, a hardship award part-way, and the 29 February year's 366 days."""

from decimal import Decimal

from tests.revcore.nndr.builders import ENGLAND, D, hereditament, liability
from revcore.nndr import Relief, ReliefKind, charge
from revcore.periods import FinancialYear


def test_rendered_explanation(snapshot):
    reliefs = (Relief(ReliefKind.SMALL_BUSINESS, D(2027, 4, 1)),
               Relief(ReliefKind.HARDSHIP, D(2028, 1, 1), D(2028, 2, 29), percent=Decimal(50)))
    shop = hereditament(12500, since=D(2026, 4, 1), list_year=2026)
    text = charge(liability(D(2027, 4, 1), reliefs=reliefs), shop, ENGLAND, FinancialYear(2027)).render()
    # RV 12,500 x 0.432 = 5,400.00 a year; SBRR (SI 2023/1250 reg 3): E = 3,000 / (12,500 - 12,000)
    # = 6.000, 5,400 / 6 = 900.00 a year left (relief 83.333...%)
    assert "small business rate relief 83.33% (about): E = 3,000 / (RV £12,500" in text
    assert "£900.00 a year" in text.replace("\n      ", " ") and "(LGFA 1988 Sch 4ZA para 4(1)(a); SI 2023/1250 reg 3)" in text
    # 1 Jan - 29 Feb 2028 is 60 of 366 days; hardship 50% of 900.00 leaves 450.00 a year
    assert "60 of 366 days in 2027/28" in text and "hardship relief 50%, leaves £450.00 a year" in text
    # 900 x 306/366 + 450 x 60/366 = (275,400 + 27,000) / 366 = 826.2295... -> 826.23
    assert text.endswith("£826.23")
    assert text == snapshot
