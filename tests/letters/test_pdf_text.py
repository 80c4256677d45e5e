"""The PDF says what the notice says, on the right page, with the address in the window."""

import io

import pypdf
import pytest

from letters.model import NOTICE_TYPES
from letters.render import render_pdf
from letters.samples import ENGLISH, WELSH, sample_notices

MM_PER_PT = 25.4 / 72

# What a reader must find on the first page of each notice (English council). Amounts are the
# sample figures: e.g. the adjustment's revised charge 2510.00 - 313.75 = 2196.25, paid six
# instalments 190.50 + 5 x 188 = 1130.50, balance 1065.75 over 5: 213.75 then 4 x 213.
ENGLISH_FIRST_PAGE = {
    "annual_bill": ["£2,510.00", "-£627.50", "£1,882.50", "£190.50", "10 March 2027", "1 April 2027", "for band D"],
    "adjustment_notice": ["£2,196.25", "-£1,130.50", "£1,065.75", "£213.75", "12 October 2027", "1 November 2027"],
    "reminder": ["£376.00", "16 June 2027", "£1,504.00", "23 June 2027"],
    "second_reminder": ["£188.00", "15 September 2027", "£940.00", "second reminder this year"],
    "final_notice": ["£940.00", "10 November 2027", "4 November 2027"],
    "summons": ["£940.00", "£80.50", "£1,020.50", "14 December 2027", "10:00"],
    "liability_order_notice": ["£1,020.50", "-£100.00", "£920.50", "14 December 2027", "30 December 2027"],
    "attachment_of_earnings_order": ["£920.50", "P-00417", "12 January 2028", "£2,020.00", "17%", "£343.40 plus 50%"],
    "dea_notice": ["£1,190.00", "P-00417", "QQ123456C", "29 February 2028", "£2,240.00", "20%", "60%", "Table B"],
    "enforcement_referral": ["£920.50", "£75.00", "31 January 2028", "Demo Enforcement Services Ltd"],
    "refund_letter": ["£127.45", "4821", "4 May 2028"],
    "rates_refund_letter": ["Business rates refund", "£310.00", "£12.34", "£322.34", "Demo Traders Ltd"],
    "sundry_refund_letter": ["Refund of an overpayment", "£50.00 more than invoice", "3344", "Mill Lane Garage"],
    "completion_notice": ["1 August 2027", "31 May 2027", "Demo Homes Ltd"],
    "general_letter": ["22 July 2027", "we need some information"],
    "sundry_invoice": ["£160.01", "1 July 2027", "£25.00", "Garage 12 rent"],
    "sundry_statement": ["£100.00", "-£60.01", "15 July 2027"],
    # the all-debts statement: 412.50 + 160.01 + 1,250.00 = 1,822.51 owed, 206.25 + 160.01 = 366.26 overdue
    "person_statement": ["£412.50", "£206.25", "£1,250.00", "£1,822.51", "£366.26", "Housing Benefit overpayment",
                         "2 August 2027"],
    # Business rates (SI 1989/1058 reg. 8): the balance due 7 days after the pay-by day's failure.
    "rates_reminder": ["Business rates reminder", "£258.00", "16 June 2027", "£2,322.00", "23 June 2027"],
    "rates_final_notice": ["Business rates final notice", "£1,290.00", "10 November 2027"],
    "rates_summons": ["business rates", "£1,290.00", "£110.00", "£1,400.00", "14 December 2027", "10:00"],
    # Invoice S00001234 of 1 May 2027, £300.00 due 31 May; £50.00 paid: 300.00 - 50.00 = 250.00 owed.
    # Reminder 14 June, pay within 14 days beginning with that day: by 27 June; final reminder 28 June: by 11 July.
    "sundry_reminder": ["S00001234", "£250.00", "27 June 2027", "31 May 2027"],
    "sundry_final_reminder": ["Final reminder", "£250.00", "11 July 2027", "letter of claim"],
    # Letter of claim 12 July 2027: 30 days from its date (Pre-Action Protocol for Debt Claims) is 11 August.
    "letter_of_claim": ["Letter of claim", "£250.00", "11 August 2027", "Reply Form", "Information Sheet",
                        "Financial Statement", "-£50.00"],
    # RV 20,000 x 49.9p = 9,980.00, less 10% discretionary relief 998.00 = 8,982.00: the first
    # instalment 8,982.00 - 9 x 898 = 900.00 (SI 1989/1058 Sch 1 para 1(4)-(5)).
    "rates_demand_notice": ["N00000124", "£20,000", "49.9p", "55.5p", "£9,980.00", "-£998.00", "£8,982.00",
                            "£900.00", "Discretionary relief 10%"],
    # relief 20% from 1 October 2027: a further 998.00 x 183/366 = 499.00 off: 8,483.00
    "rates_adjustment_notice": ["N00000124", "£8,982.00", "-£499.00", "£8,483.00", "5 October 2027"],
}
_REFERENCE = {"rates_demand_notice": "N00000124", "rates_adjustment_notice": "N00000124"}
# The same notices from the council in Wales: the Welsh page comes first.
WELSH_FIRST_PAGE = {
    # Band D 1865.00 less 25% (466.25) = 1398.75: instalments 140 (nearest pound of 139.875),
    # first 1398.75 - 9 x 140 = 138.75.
    "annual_bill": ["£1,865.00", "-£466.25", "£1,398.75", "£138.75", "10 Mawrth 2027", "1 Ebrill 2027", "Bil Treth Gyngor"],
    "reminder": ["£376.00", "16 Mehefin 2027", "£1,504.00", "23 Mehefin 2027", "Hysbysiad atgoffa"],
    "final_notice": ["£940.00", "10 Tachwedd 2027"],
    "summons": ["£1,020.50", "14 Rhagfyr 2027", "Gwŷs"],
    "refund_letter": ["£127.45", "4 Mai 2028", "Ad-daliad"],
    "rates_refund_letter": ["Ad-daliad ardrethi busnes", "£322.34", "Llog ar yr ad-daliad"],
    "sundry_refund_letter": ["Ad-daliad gordaliad", "£50.00", "Talwyd yr anfoneb ddwywaith"],
    "dea_notice": ["£1,190.00", "29 Chwefror 2028", "QQ123456C", "Atafaelu enillion yn uniongyrchol"],
    "completion_notice": ["1 Awst 2027", "31 Mai 2027"],
    "sundry_invoice": ["£160.01", "1 Gorffennaf 2027", "Anfoneb", "Talwch"],
    "sundry_statement": ["£100.00", "Datganiad cyfrif"],
    "person_statement": ["£1,822.51", "£366.26", "Gordaliad Budd-dal Tai", "Ôl-ddyledion"],
    "rates_reminder": ["Hysbysiad atgoffa ardrethi busnes", "£258.00", "16 Mehefin 2027"],
    "sundry_reminder": ["Nodyn atgoffa", "£250.00", "27 Mehefin 2027"],
    "letter_of_claim": ["Llythyr hawlio", "£250.00", "11 Awst 2027", "Ffurflen Ymateb"],
}


def _rendered(council, brandings):
    notices = sample_notices(council)
    names = sorted(notices)
    rendered = render_pdf([notices[name] for name in names], brandings)
    reader = pypdf.PdfReader(io.BytesIO(rendered.pdf))
    return {name: (reader.pages, rng) for name, rng in zip(names, rendered.page_ranges)}


@pytest.fixture(scope="module")
def english(brandings):
    return _rendered(ENGLISH, brandings)


@pytest.fixture(scope="module")
def welsh(brandings):
    return _rendered(WELSH, brandings)


def _text(pages, number):
    return pages[number - 1].extract_text()


@pytest.mark.parametrize("name", sorted(NOTICE_TYPES))
def test_english_first_page_shows_reference_amounts_and_dates(name, english):
    pages, (first, last) = english[name]
    text = _text(pages, first)
    for expected in [_REFERENCE.get(name, "C00012343"), *ENGLISH_FIRST_PAGE[name]]:
        assert expected in text, f"{name}: {expected!r} not on page {first}"
    # One page per letter; the bill has its explanatory notes on the reverse.
    assert last - first + 1 == (2 if name in ("annual_bill", "rates_demand_notice", "rates_adjustment_notice") else 1)


def test_bill_notes_and_how_to_pay_are_on_the_reverse(english):
    pages, (first, last) = english["annual_bill"]
    reverse = _text(pages, last)
    assert "Explanatory notes" in reverse and "How to pay" in reverse and "Valuation bands" in reverse
    assert "Explanatory notes" not in _text(pages, first)


@pytest.mark.parametrize("name", sorted(WELSH_FIRST_PAGE))
def test_welsh_notice_is_welsh_first_then_english(name, welsh):
    pages, (first, last) = welsh[name]
    text = _text(pages, first)
    for expected in [_REFERENCE.get(name, "C00012343"), *WELSH_FIRST_PAGE[name]]:
        assert expected in text, f"{name}: {expected!r} not on page {first}"
    # The English version follows on its own page(s), headed with the council and reference.
    english_pages = [n for n in range(first + 1, last + 1) if "Demo County Council · Account reference C00012343" in _text(pages, n)]
    assert english_pages, f"{name}: no English section"
    english_text = _text(pages, english_pages[0])
    issued = sample_notices(WELSH)[name].header.issue_date
    amounts = [item for item in WELSH_FIRST_PAGE[name] if item.startswith(("£", "-£"))]
    for expected in amounts:
        assert expected in english_text, f"{name}: {expected!r} not in the English section"
    assert f"Date of issue {issued.day} {issued:%B %Y}" in english_text


def test_every_welsh_notice_has_an_english_section(welsh):
    for name, (pages, (first, last)) in welsh.items():
        assert last > first, f"{name}: bilingual notice is a single page"


def _window_lines(page):
    """(text, x mm from the left edge, y mm from the top edge) of each line drawn."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x * MM_PER_PT, (height - y) * MM_PER_PT))

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("council", [ENGLISH, WELSH])
def test_address_sits_in_the_dl_window(council, english, welsh):
    # DL left window: about 20 mm from the left, 45 mm from the top, 90 x 35 mm.
    rendered = english if council == ENGLISH else welsh
    for name, (pages, (first, _)) in rendered.items():
        notice = sample_notices(council)[name]
        lines = notice.header.addressee.window_lines
        drawn = _window_lines(pages[first - 1])
        for wanted in (lines[0], lines[-1]):
            spots = [(x, y) for text, x, y in drawn if text == wanted]
            assert spots, f"{name}: {wanted!r} not drawn on its first page"
            x, y = spots[0]
            assert 20 <= x <= 110 - 30, f"{name}: {wanted!r} at x={x:.1f} mm"
            assert 45 <= y <= 80, f"{name}: {wanted!r} at y={y:.1f} mm"
