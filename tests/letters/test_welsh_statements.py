"""What a Welsh council's bill states that an English one does not (checked on the HTML)."""

import html
from decimal import Decimal

import attrs

from letters.model import NoticeChargeLine
from letters.render import notice_html, reverse_html
from letters.samples import ENGLISH, WELSH, sample_bill


def _with_reduction(bill):
    # 1398.75 less a Council Tax Reduction of 398.75: 1000.00 to pay
    line = NoticeChargeLine("council_tax_reduction", "Council Tax Reduction", Decimal("-398.75"), bill.period_start, bill.period_end)
    total = bill.total_charge - Decimal("398.75")
    return attrs.evolve(bill, charge_lines=(*bill.charge_lines, line), total_charge=total, amount_payable=total,
                        instalments=())


def test_a_welsh_bill_with_a_reduction_states_the_duty_to_report_changes(brandings):
    bill = sample_bill(WELSH, names=("Ms Ffion Jones",), lines=("3 Heol y Bryn", "Trefddemo"), postcode="SA99 2CD")
    plain = str(notice_html(bill, brandings[WELSH]))
    reduced = str(notice_html(_with_reduction(bill), brandings[WELSH]))
    duty = "You must tell us within 21 days of any change in these"
    assert duty not in plain and duty in reduced and "Rhaid i chi roi gwybod i ni o fewn 21 diwrnod" in reduced
    assert "Council Tax Reduction Scheme" in plain  # the scheme is stated on every Welsh bill


def test_an_english_bill_states_neither_premiums_nor_the_welsh_language_standards(brandings):
    html = str(notice_html(sample_bill(ENGLISH), brandings[ENGLISH]))
    assert "charges a premium" not in html and "correspondence in Welsh" not in html


def _with_premium(bill):
    # a long-term empty home at a 100% premium for the whole year: the band charge twice over
    band = bill.charge_lines[0]
    line = NoticeChargeLine("long_term_empty_premium", "Long-term empty premium 100%", band.amount, band.start, band.end)
    total = band.amount * 2
    return attrs.evolve(bill, charge_lines=(band, line), total_charge=total, amount_payable=total, instalments=())


def _text(bill, branding):
    return html.unescape(str(notice_html(bill, branding)))


def _notes(branding, lang):
    # the bill's reverse (explanatory notes), the same on every bill of a council
    return html.unescape(str(reverse_html("annual_bill", branding, lang)))


def test_a_welsh_bill_with_a_premium_states_the_duty_to_report_and_the_penalty(brandings):
    # SI 1993/255 Sch 1 para 9B(b)-(c), inserted by SI 2017/40 (W. 16) reg 2(3): where a premium is
    # on the bill, the duty to notify within 21 days that none (or another) applies, and the penalty.
    bill = sample_bill(WELSH)
    plain, charged = _text(bill, brandings[WELSH]), _text(_with_premium(bill), brandings[WELSH])
    duty = "you must tell us within 21 days of first believing it"
    assert duty not in plain and duty in charged
    assert "no premium should apply, or a smaller or larger one" in charged
    assert "without reasonable excuse, we may charge you a penalty" in charged
    assert "rhaid i chi roi gwybod i ni o fewn 21 diwrnod ar ôl i chi gredu hynny gyntaf" in charged


def test_the_welsh_notes_say_which_dwellings_a_premium_applies_to(brandings):
    # SI 1993/255 Sch 2 para 15(ca)(ii) (SI 2017/40 (W. 16) reg 2(4)); LGFA 1992 ss.12A-12B.
    text = _notes(brandings[WELSH], "en") + _notes(brandings[WELSH], "cy")
    assert "long-term empty homes (no one living there and substantially unfurnished for at least a year)" in text
    assert "second homes (furnished, but no one's main home)" in text
    assert "ail gartrefi (wedi'u dodrefnu, ond heb fod yn brif gartref i neb)" in text


def test_the_welsh_notes_say_which_dwellings_are_excepted_from_a_premium(brandings):
    # SI 1993/255 Sch 2 para 15(ca)(iii) (SI 2017/40 (W. 16) reg 2(4)); the examples are from the
    # exceptions in SI 2015/2068 (class list UNVERIFIED, refdata/tables/ctax/premium_exceptions.toml).
    text = _notes(brandings[WELSH], "en") + _notes(brandings[WELSH], "cy")
    assert "Some homes are excepted, for example homes being marketed for sale or let" in text
    assert "Mae rhai cartrefi wedi'u heithrio" in text
    english = _notes(brandings[ENGLISH], "en")
    assert "Some homes are excepted" not in english and "no one living there" not in english


def test_the_welsh_bill_states_whether_the_council_charges_a_premium_and_its_percentages(brandings):
    # SI 1993/255 Sch 2 para 15(ca) and (ca)(i): the council's determination for the year (demo
    # council: 100/200/300% long-term empty after 1/2/3 years, 150% second homes, letters.samples).
    text = _text(sample_bill(WELSH), brandings[WELSH])
    assert "For 2027/28 the council charges a premium:" in text
    assert "100% on homes empty" in text and "150% on second homes" in text


def test_a_welsh_bill_with_a_premium_states_its_days_amount_and_reason(brandings):
    # SI 1993/255 Sch 1 paras 9A and 9B(a) (SI 2017/40 (W. 16) reg 2(3)): the days the premium was
    # assumed for, its amount and the reason (long-term empty). Band D demo: 1,865.00 a year
    # (letters.samples), so a 100% premium for 1 April 2027 - 31 March 2028 is 1,865.00.
    text = _text(_with_premium(sample_bill(WELSH)), brandings[WELSH])
    line = text[text.index("Long-term empty premium"):]
    assert line.index("1 April 2027") < line.index("31 March 2028") < line.index("£1,865.00") < 400
    assert "Premiwm eiddo gwag hirdymor" in text
