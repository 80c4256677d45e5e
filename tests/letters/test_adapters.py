"""A bill built from the charge engine, the council's band amounts and the instalment schedule.

Demo District, Ashby Parva (area ASH), band D (figures from the demo council folder, demo-district.toml):
  2027/28: DDC 216.85 + DCC 1701.17 + ASC 280.25 + PCC 302.18 + FRA 103.29 + ASHPC 52.20 = 2655.94
  2026/27: DDC 210.53 + DCC 1635.74 + ASC 254.77 + PCC 288.18 + FRA 98.29 + ASHPC 49.70 = 2537.21
"""

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest

from hypothesis import given
from hypothesis import strategies as st

from letters.adapters import adjustment_notice, annual_bill, authority_charges, charge_lines, outstanding_instalments
from letters.model import Addressee, LocalText, ModelError, NoticeHeader
from letters.render import render_pdf
from letters.samples import ENGLISH
from refdata.ctax import load_tariff
from refdata.instalments import instalment_rules
from revcore.ctax import Address, BandEntry, Discount, DiscountReason, EmptyPeriod, Liability, LiabilityBasis, Property, charge
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
    # From 2025/26 the county's adult social care precept is part of the county's one line (SI 2025/8):
    # DCC+ASC 1635.74 + 254.77 = 1890.51 -> 1701.17 + 280.25 = 1981.42: 90.91 / 1890.51 = 4.8087% -> 4.8
    county = by_name["Demoshire County Council"]
    assert (county.previous_amount, county.amount, county.percent_change) == (M("1890.51"), M("1981.42"), M("4.8"))
    assert not [a for a in bill.authorities if a.kind == "adult_social_care"]
    assert by_name["Ashby Parva Parish Council"].kind == "parish"
    assert bill.band_charge == M("2655.94")


def test_a_rebill_of_a_year_before_2025_shows_the_asc_precept_apart():
    tariff = load_tariff("demo-district")
    parts = authority_charges(tariff, "ASH", 2027, "D", asc_separate=True)
    asc = next(a for a in parts if a.kind == "adult_social_care")
    # ASC 254.77 -> 280.25: 25.48 / 254.77 = 10.0012% -> 10.0
    assert (asc.previous_amount, asc.amount, asc.percent_change) == (M("254.77"), M("280.25"), M("10.0"))


@pytest.mark.parametrize(("country", "year", "separate"), [
    ("england", 2015, False), ("england", 2016, True), ("england", 2024, True),
    ("england", 2025, False), ("england", 2026, False), ("wales", 2024, False)])
def test_the_asc_rule_follows_the_year_the_bill_is_for(country, year, separate):
    from revtui.branding import asc_shown_separately

    assert asc_shown_separately(country, year) is separate


def test_bill_charge_and_instalments_come_from_the_engine(bill):
    # 2655.94 less 25% single person discount: 1991.955 -> 1991.96 (the discount step -663.98).
    assert [(line.code, line.amount, line.percent) for line in bill.charge_lines] == [
        ("band_charge", M("2655.94"), None),
        ("single_person_discount", M("-663.98"), M("25")),
    ]
    assert bill.amount_payable == M("1991.96")
    # 10 instalments: 1991.96 / 10 = 199.196 -> 199 from the 2nd; 1st = 1991.96 - 9 x 199 = 200.96.
    assert [i.amount for i in bill.instalments[:2]] == [M("200.96"), M("199.00")]


@pytest.fixture(scope="module")
def bill_front(bill, brandings):
    rendered = render_pdf([bill], brandings)
    return pypdf.PdfReader(io.BytesIO(rendered.pdf)).pages[0].extract_text()


# What an English demand notice for 2025/26 on must show (SI 2011/3038 Sch 1 Part 2 as amended by
# SI 2025/8), each as this bill's rendered front page shows it.
REQUIRED = {
    "para 2: the name of the person": ["Ms A Example"],
    "para 3: the date of issue": ["10 March 2027"],
    "para 4: the period": ["1 April 2027", "31 March 2028"],
    "para 5: the address of the dwelling": ["1 High Street, Ashby Parva, DM1 1AA"],
    "para 6: the band": ["for band D"],
    "paras 7-10: each authority's amount": ["Demo District Council", "£216.85", "Demoshire County Council", "£1,981.42",
                                            "£302.18", "£103.29", "Ashby Parva Parish Council", "£52.20"],
    "para 13: last year's amount and the percentage change": ["£1,890.51", "+4.8%", "£210.53", "+3.0%"],
    # the band's total too: 2537.21 -> 2655.94: 118.73 / 2537.21 = 4.6796% -> 4.7
    "para 13: the total's change": ["£2,537.21", "£2,655.94", "+4.7%"],
    "paras 18-20: the discount": ["Single person discount 25%", "-£663.98"],
    "para 22: the amount to be paid and its instalments": ["£1,991.96", "£200.96", "1 April 2027"],
}


@pytest.mark.parametrize("item", sorted(REQUIRED))
def test_the_rendered_bill_shows_what_the_regulations_require(item, bill_front):
    for expected in REQUIRED[item]:
        assert expected in bill_front, f"{item}: {expected!r} missing"


def test_a_councils_discount_of_nothing_is_not_a_line_on_the_bill():
    # The owner's from 1 April 2026, empty and unfurnished since 1 March 2026: the council's
    # one-month class C discount is used up, so until the premium starts on 1 March 2027 the
    # engine's step is "discount used up", £0.00: no discount, and no line for it.
    tariff = load_tariff("demo-district")
    prop = Property("P1", "100012345678", Address(("1 High Street", "Ashby Parva"), "DM1 1AA"), Country.ENGLAND, "ASH", (BandEntry(D(1993, 4, 1), "D"),))
    liability = Liability("C1", "P1", ("Owner",), D(2026, 4, 1), None, LiabilityBasis.OWNER,
                          empty_periods=(EmptyPeriod(D(2026, 4, 1), empty_since=D(2026, 3, 1)),))
    explained = charge(liability, prop, tariff, FinancialYear(2026))
    assert "discount used up" in explained.lines[0].steps[1].description and explained.lines[0].steps[1].amount == 0
    lines = charge_lines(explained)
    assert [(line.code, line.percent) for line in lines] == [
        ("part_year", None), ("part_year", None), ("long_term_empty_premium", M("100"))]
    assert sum(line.amount for line in lines) == explained.total


def test_a_bill_for_2025_26_on_has_no_asc_line_and_no_asc_note(bill_front):
    # SI 2025/8: the ASC precept is no longer shown apart, and the note saying the law requires it is untrue
    assert "adult social care" not in bill_front.lower()
    assert "shown separately" not in bill_front


# --- what is still to pay, and the adjustment notice -------------------------------------------

@given(st.integers(min_value=0, max_value=300_000))
def test_outstanding_instalments_take_what_was_paid_from_the_earliest(paid_pence):
    explained = charge(
        Liability("C1", "P1", ("A",), D(2020, 4, 1), None),
        Property("P1", "1", Address(("1 High Street",), "DM1 1AA"), Country.ENGLAND, "ASH", (BandEntry(D(1993, 4, 1), "D"),)),
        load_tariff("demo-district"), YEAR,
    )
    schedule = build_schedule(explained.total, YEAR, D(2027, 3, 10), instalment_rules("council_tax", "england", YEAR))
    paid = M(paid_pence) / 100
    left = outstanding_instalments(schedule, paid)
    # what is left adds up to the amount less what was paid (nothing when paid covers it)
    assert sum((i.amount for i in left), M("0.00")) == max(schedule.amount - paid, M("0.00"))
    # the payments cleared the earliest instalments: the ones left are the latest, only the first part-paid
    due = [i.due for i in schedule.instalments]
    assert [i.due_date for i in left] == due[len(due) - len(left):]
    assert all(i.amount == s.amount for i, s in zip(left[1:], schedule.instalments[len(due) - len(left) + 1:]))


def test_adjustment_notice_shows_the_previous_and_revised_charge(bill):
    tariff = load_tariff("demo-district")
    prop = Property("P1", "100012345678", Address(("1 High Street", "Ashby Parva"), "DM1 1AA"), Country.ENGLAND, "ASH", (BandEntry(D(1993, 4, 1), "D"),))
    before = charge(Liability("C1", "P1", ("A",), D(2020, 4, 1), None), prop, tariff, YEAR)
    after = charge(Liability("C1", "P1", ("A",), D(2020, 4, 1), None,
                             discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2027, 4, 1)),)), prop, tariff, YEAR)
    schedule = build_schedule(after.total, YEAR, D(2027, 6, 1), instalment_rules("council_tax", "england", YEAR))
    reason = LocalText("Single person discount from 1 April 2027")
    # 2655.94 before; 1991.96 after the 25% discount; 400.00 paid leaves 1591.96
    notice = adjustment_notice(bill.header, before, after, schedule, reason, paid=M("400.00"))
    assert (notice.previous_charge, notice.revised_charge, notice.balance) == (M("2655.94"), M("1991.96"), M("1591.96"))
    assert sum(i.amount for i in notice.instalments) == M("1591.96")
    with pytest.raises(ModelError, match="did not change"):
        adjustment_notice(bill.header, after, after, schedule, reason)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_bills_notes_say_how_to_reach_the_valuation_office(lang, brandings):
    from letters.render import reverse_html
    from letters.samples import WELSH

    council = ENGLISH if lang == "en" else WELSH
    assert "www.gov.uk/challenge-council-tax-band" in str(reverse_html("annual_bill", brandings[council], lang))
